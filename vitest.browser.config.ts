// Runs the unit tests in headless Chromium through Vitest's browser mode: test/browser/** (a
// browser-only suite) and the same unit tests that run in Node (core, families, Naive Bayes,
// Product and Mixture, tables, ptheta/testing, hardening), scipy and scikit-learn fixtures
// included (test/helpers.ts loads them with import.meta.glob, which works in both). Left out:
// test/docs, which spawns processes and bundles with esbuild, and test/scale, which streams Node
// Readables and starts worker threads.
//
// The browser is the system's Chromium (Debian's `chromium` package, at /usr/bin/chromium unless
// CHROMIUM_PATH says otherwise); Playwright drives it and nothing is downloaded.
import { readFileSync } from "node:fs";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";
import { playwright } from "@vitest/browser-playwright";

const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// DuckDB-Wasm's worker scripts carry source maps naming files outside the package, which Vite
// would report once per file (a hundred lines of warnings): serve them without the map.
const duckdbWasmWorkers: Plugin = {
  name: "duckdb-wasm-workers-without-source-maps",
  load(id) {
    const file = id.split("?")[0]!;
    if (!/\/@duckdb\/duckdb-wasm\/dist\/[^/]+\.worker\.js$/.test(file)) return null;
    return readFileSync(file, "utf8").replace(/^\/\/# sourceMappingURL=.*$/m, "");
  },
};

export default defineConfig({
  plugins: [duckdbWasmWorkers],
  test: {
    include: [
      "test/browser/**/*.test.ts",
      "test/core/**/*.test.ts",
      "test/distributions/**/*.test.ts",
      "test/naive-bayes/**/*.test.ts",
      "test/models/**/*.test.ts",
      "test/schema/**/*.test.ts",
      "test/testing/**/*.test.ts",
      "test/hardening/**/*.test.ts",
    ],
    // package.test.ts reads the built files from disk; the rest runs anywhere.
    // package.test.ts reads the built files, layers.test.ts the source tree, and the families'
    // json-0.2 test its fixtures' generator folder: they need node:fs.
    exclude: [
      "node_modules/**",
      "test/hardening/package.test.ts",
      "test/hardening/layers.test.ts",
      "test/distributions/json-0.2.test.ts",
    ],
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
