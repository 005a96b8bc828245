// Runs test/browser/** in headless Chromium through Vitest's browser mode. The browser is the
// system's Chromium (Debian's `chromium` package, at /usr/bin/chromium unless CHROMIUM_PATH says
// otherwise); Playwright drives it and nothing is downloaded.
import { defineConfig } from "vitest/config";
import { playwright } from "@vitest/browser-playwright";

const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    testTimeout: 60_000,
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
