// The library uses no Node built-ins: bundling src/index.ts for the browser (esbuild, platform
// "browser", nothing marked external) succeeds and the bundle has no `node:` import or require.
// `npm run check:package` repeats this on the packed tarball as a consumer installs it.
import { build } from "esbuild";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

describe("the browser bundle", () => {
  it("bundles for platform browser with no Node built-ins", async () => {
    const result = await build({
      entryPoints: [resolve(root, "src/index.ts")],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const text = result.outputFiles[0]!.text;
    expect(text).not.toMatch(/\bfrom\s*["']node:|\brequire\(\s*["']node:|\bimport\(\s*["']node:/);
    expect(text).not.toMatch(/\brequire\(\s*["'](crypto|fs|path|os|util|stream|buffer)["']\)/);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((p) => p.startsWith("node:"))).toEqual([]);
    // Only our sources and seedrandom's one generator file go in.
    expect(inputs.filter((p) => !p.startsWith("src/"))).toEqual(["node_modules/seedrandom/lib/xor4096.js"]);
  });
});
