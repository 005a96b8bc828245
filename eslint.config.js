// ESLint flat config: typescript-eslint's recommended rules everywhere, plus its type-checked
// rules for the library source (src/), where they are worth the cost of type information.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "docs/api/**",
      "coverage/**",
      "node_modules/**",
      "**/*.cjs",
      ".vitest-attachments/**",
      ".snippets/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: {
        console: "readonly",
        process: "readonly",
        URL: "readonly",
        performance: "readonly",
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: "error",
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      eqeqeq: ["error", "always", { null: "ignore" }],
      "prefer-const": "error",
    },
  },
  {
    files: ["src/**/*.ts"],
    extends: [...tseslint.configs.recommendedTypeCheckedOnly],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "no-console": "error",
    },
  },
  {
    // Cephes' rational-approximation coefficients are quoted with the 21 digits they were published
    // with; the extra digits are harmless (the nearest double is what was meant) and keep them checkable.
    files: ["src/core/special.ts"],
    rules: { "no-loss-of-precision": "off" },
  },
);
