import { defineConfig } from "tsup";

// ESM is emitted file by file (not bundled), so a bundler that imports only `Gaussian` never
// sees the modules it doesn't use, seedrandom's generator among them ("sideEffects": false).
// CommonJS consumers load everything anyway, so it stays one file.
export default defineConfig([
  {
    entry: ["src/**/*.ts", "!src/**/*.d.ts"],
    format: ["esm"],
    bundle: false,
    dts: { entry: "src/index.ts" },
    sourcemap: true,
    target: "es2020",
  },
  {
    entry: ["src/index.ts"],
    format: ["cjs"],
    dts: { entry: "src/index.ts" },
    sourcemap: true,
    target: "es2020",
  },
]);
