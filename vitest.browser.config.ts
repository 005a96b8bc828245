// Runs the unit tests in headless Chromium through Vitest's browser mode: test/browser/** (a
// browser-only suite) and the same unit tests that run in Node (test/core, test/distributions,
// test/naive-bayes), scipy fixtures included. Left out: test/docs (it spawns processes and bundles
// with esbuild) and the scikit-learn parity test, which reads its fixtures with node:path.
//
// The browser is the system's Chromium (Debian's `chromium` package, at /usr/bin/chromium unless
// CHROMIUM_PATH says otherwise); Playwright drives it and nothing is downloaded.
import { defineConfig, type Plugin } from "vitest/config";
import { playwright } from "@vitest/browser-playwright";

const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Tests read JSON fixtures with `readFileSync(fileURLToPath(new URL("./fixtures/…", import.meta.url)))`.
 * In the browser, this plugin swaps those two Node imports (in test files only, never in src/) for
 * functions that serve test/fixtures/** from a bundle Vite builds with import.meta.glob.
 */
function fixturesInTheBrowser(): Plugin {
  const fsImport = /^import\s*\{\s*readFileSync\s*\}\s*from\s*["']node:fs["'];?\s*$/m;
  const urlImport = /^import\s*\{\s*fileURLToPath\s*\}\s*from\s*["']node:url["'];?\s*$/m;
  return {
    name: "ptheta:fixtures-in-the-browser",
    enforce: "pre",
    transform(code, id) {
      if (!/\/test\/(?!browser\/)[^?]*\.ts(\?|$)/.test(id) || !fsImport.test(code)) return null;
      const shim = [
        `const __fixtures = import.meta.glob("/test/fixtures/**/*.json", { query: "?raw", import: "default", eager: true }) as Record<string, string>;`,
        `function readFileSync(path: string, _encoding?: string): string {`,
        `  const at = path.indexOf("/test/fixtures/");`,
        `  const text = at >= 0 ? __fixtures[path.slice(at)] : undefined;`,
        `  if (text === undefined) throw new Error("fixture not bundled for the browser: " + path);`,
        `  return text;`,
        `}`,
      ].join("\n");
      let out = code.replace(fsImport, shim);
      if (urlImport.test(out)) {
        out = out.replace(
          urlImport,
          `function fileURLToPath(url: URL | string): string { return new URL(String(url)).pathname; }`,
        );
      }
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
    exclude: ["test/naive-bayes/parity.test.ts", "node_modules/**"],
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
