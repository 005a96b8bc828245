// Runs the unit tests in headless Chromium through Vitest's browser mode: test/browser/** (a
// browser-only suite) and the same unit tests that run in Node (core, families, Naive Bayes,
// Product and Mixture, tables, ptheta/testing, hardening), scipy and scikit-learn fixtures
// included (test/helpers.ts loads them with import.meta.glob, which works in both). Left out:
// test/docs, which spawns processes and bundles with esbuild, and test/scale, which streams Node
// Readables and starts worker threads.
//
// The browser is the system's Chromium (Debian's `chromium` package, at /usr/bin/chromium unless
// CHROMIUM_PATH says otherwise); Playwright drives it and nothing is downloaded.
import { defineConfig } from "vitest/config";
import { playwright } from "@vitest/browser-playwright";

const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
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
    exclude: ["node_modules/**", "test/hardening/package.test.ts"],
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
