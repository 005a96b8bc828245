import { resolve } from "node:path";
import type { Plugin } from "esbuild";
import { defineConfig } from "tsup";

// ESM is emitted file by file (not bundled), so a bundler that imports only `Gaussian` never
// sees the modules it doesn't use, seedrandom's generator among them ("sideEffects": false).
// CommonJS consumers load everything anyway, so it stays one file.
//
// keepNames (CommonJS only): esbuild renames a class whose name collides in the bundled scope
// (`class Gaussian` became `_Gaussian`), which shows in stack traces, `constructor.name` and
// console output; keepNames restores every `.name`. The ESM files are not bundled, so nothing is
// renamed there and they don't pay for the `__name` calls (~0.5 kB gz on `import { Gaussian }`).
// stripInternal: members tagged @internal (shiftMean, addAllChecked, …) are implementation
// details shared between our own modules; they stay out of the published .d.ts.
const dts = {
  entry: ["src/index.ts", "src/testing/index.ts", "src/sql/index.ts"],
  compilerOptions: { stripInternal: true },
};

// ptheta/testing and ptheta/sql, the second and third entry points, bundled for CommonJS on their
// own would carry a copy of every class they use: `instanceof Gaussian` would then fail between a
// model from require("ptheta") and one from require("ptheta/testing"). So in those bundles,
// whatever they take from the families, the models or the rng comes from the main bundle,
// ../index.cjs, and only stateless helpers (validation, special functions) are copied in. The
// registry is the exception: its names are internal (the main bundle does not export them), so
// it is copied with the families it lists; a copied family recognises the main bundle's
// distributions by their brands (core/brand.ts), not by instanceof.
const sharedWithMain: Plugin = {
  name: "testing-shares-the-main-bundle",
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!/[\\/]src[\\/](testing|sql)[\\/]/.test(args.importer)) return undefined;
      const target = resolve(args.resolveDir, args.path);
      const shared = /[\\/]src[\\/](distributions|models)[\\/]|[\\/]src[\\/]core[\\/]rng\.js$/;
      if (/[\\/]distributions[\\/]registry\.js$/.test(target)) return undefined;
      return shared.test(target) ? { path: "../index.cjs", external: true } : undefined;
    });
  },
};

export default defineConfig([
  {
    entry: ["src/**/*.ts", "!src/**/*.d.ts"],
    format: ["esm"],
    bundle: false,
    dts,
    sourcemap: true,
    target: "es2020",
  },
  {
    entry: ["src/index.ts", "src/testing/index.ts", "src/sql/index.ts"],
    format: ["cjs"],
    dts,
    sourcemap: true,
    target: "es2020",
    keepNames: true,
    esbuildPlugins: [sharedWithMain],
  },
]);
