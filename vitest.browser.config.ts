// Runs the unit tests in headless Chromium through Vitest's browser mode: test/browser/** (a
// browser-only suite) and the same unit tests that run in Node (test/core, test/distributions,
// test/naive-bayes), scipy and scikit-learn fixtures included. Left out: test/docs, which spawns
// processes and bundles with esbuild.
//
// The browser is the system's Chromium (Debian's `chromium` package, at /usr/bin/chromium unless
// CHROMIUM_PATH says otherwise); Playwright drives it and nothing is downloaded.
import { defineConfig, type Plugin } from "vitest/config";
import { playwright } from "@vitest/browser-playwright";
import { fileURLToPath } from "node:url";

const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const testDir = fileURLToPath(new URL("./test/", import.meta.url));

/**
 * Tests read JSON fixtures from disk with node:fs, locating them with `import.meta.url` or
 * `import.meta.dirname` and node:url / node:path. In the browser, this plugin swaps those Node
 * imports (in test files only, never in src/) for small functions that serve test/fixtures/**
 * from a bundle Vite builds with import.meta.glob, and replaces `import.meta.dirname` with the
 * test file's directory.
 */
function fixturesInTheBrowser(): Plugin {
  const nodeImport = (name: string, module: string) =>
    new RegExp(`^import\\s*\\{\\s*${name}\\s*\\}\\s*from\\s*["']node:${module}["'];?\\s*$`, "m");
  const fsImport = nodeImport("readFileSync", "fs");
  const shims: Array<[RegExp, string]> = [
    [
      fsImport,
      [
        `const __fixtures = import.meta.glob("/test/fixtures/**/*.json", { query: "?raw", import: "default", eager: true }) as Record<string, string>;`,
        `function readFileSync(path: string, _encoding?: string): string {`,
        `  const at = path.indexOf("/test/fixtures/");`,
        `  const text = at >= 0 ? __fixtures[path.slice(at)] : undefined;`,
        `  if (text === undefined) throw new Error("fixture not bundled for the browser: " + path);`,
        `  return text;`,
        `}`,
      ].join("\n"),
    ],
    [
      nodeImport("fileURLToPath", "url"),
      `function fileURLToPath(url: URL | string): string { return new URL(String(url)).pathname; }`,
    ],
    [
      nodeImport("resolve", "path"),
      [
        `function resolve(...parts: string[]): string {`,
        `  const out: string[] = [];`,
        `  for (const seg of parts.join("/").split("/")) {`,
        `    if (seg === "..") out.pop();`,
        `    else if (seg !== "" && seg !== ".") out.push(seg);`,
        `  }`,
        `  return "/" + out.join("/");`,
        `}`,
      ].join("\n"),
    ],
  ];
  return {
    name: "ptheta:fixtures-in-the-browser",
    enforce: "pre",
    transform(code, id) {
      const file = id.split("?")[0]!;
      if (!file.startsWith(testDir) || file.startsWith(`${testDir}browser/`) || !file.endsWith(".ts")) return null;
      if (!fsImport.test(code)) return null;
      let out = code;
      for (const [pattern, replacement] of shims) out = out.replace(pattern, replacement);
      out = out.split("import.meta.dirname").join(JSON.stringify(file.slice(0, file.lastIndexOf("/"))));
      return { code: out, map: null };
    },
  };
}

export default defineConfig({
  plugins: [fixturesInTheBrowser()],
  test: {
    include: [
      "test/browser/**/*.test.ts",
      "test/core/**/*.test.ts",
      "test/distributions/**/*.test.ts",
      "test/naive-bayes/**/*.test.ts",
    ],
    exclude: ["node_modules/**"],
    testTimeout: 120_000,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: {
          executablePath,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      }),
      instances: [{ browser: "chromium" }],
    },
  },
});
