// Every public export has TSDoc with a description and an @example, so the API reference
// (npm run docs, where TypeDoc's validation fails on anything undocumented) shows how to use it.
import { resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

function publicExports(file = "src/index.ts"): Array<{ name: string; description: string; hasExample: boolean }> {
  const entry = resolve(root, file);
  const program = ts.createProgram([entry], {
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  return checker.getExportsOfModule(moduleSymbol).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    // A namespace re-export (`export * as x from …`) is documented on its export declaration.
    const declaration = exported.declarations?.[0];
    if (declaration && ts.isNamespaceExport(declaration)) {
      const doc = ts.getJSDocCommentsAndTags(declaration.parent).find(ts.isJSDoc);
      const description = (ts.getTextOfJSDocComment(doc?.comment) ?? "").trim();
      const hasExample = (doc?.tags ?? []).some((t) => t.tagName.text === "example");
      return { name: exported.getName(), description, hasExample };
    }
    const description = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    const tags = symbol.getJsDocTags(checker);
    return { name: exported.getName(), description, hasExample: tags.some((t) => t.name === "example") };
  });
}

describe("the public API's TSDoc", () => {
  const exports = publicExports();

  it("finds the exports of src/index.ts", () => {
    expect(exports.map((e) => e.name)).toEqual(
      expect.arrayContaining(["Gaussian", "Bernoulli", "Categorical", "createRng"]),
    );
  });

  it("gives every export a description", () => {
    expect(exports.filter((e) => e.description.length < 10).map((e) => e.name)).toEqual([]);
  });

  it("gives every export an @example", () => {
    expect(exports.filter((e) => !e.hasExample).map((e) => e.name)).toEqual([]);
  });
});

describe("the TSDoc of ptheta/testing, the second entry point", () => {
  const exports = publicExports("src/testing/index.ts");

  it("finds its exports", () => {
    expect(exports.map((e) => e.name)).toEqual(
      expect.arrayContaining(["ksTest", "chiSquareTest", "expectSampledFrom", "checkEstimator", "arbitraries"]),
    );
  });

  it("gives every export a description and an @example", () => {
    expect(exports.filter((e) => e.description.length < 10 || !e.hasExample).map((e) => e.name)).toEqual([]);
  });
});

describe("the TSDoc of ptheta/sql, the third entry point", () => {
  const exports = publicExports("src/sql/index.ts");

  it("finds its exports", () => {
    expect(exports.map((e) => e.name)).toEqual(
      expect.arrayContaining(["fitNaiveBayes", "fitProduct", "fitMixture", "logProbSQL", "DIALECTS"]),
    );
  });

  it("gives every export a description and an @example", () => {
    expect(exports.filter((e) => e.description.length < 10 || !e.hasExample).map((e) => e.name)).toEqual([]);
  });
});
