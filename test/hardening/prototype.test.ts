// Issue 21, class 1: options and JSON are read through own properties only. A value planted on
// Object.prototype (by other code in the process) must change no fit, no restored model and no
// score. Generated: which key is planted, with which value, and which reader is called.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { Mixture, NaiveBayes, Product, Schema, createRng } from "../../src/index.js";

const X = [
  [0.1, 1, 2],
  [0.4, 0, 1],
  [5.2, 1, 0],
  [5.9, 0, 2],
  [0.3, 1, 1],
  [6.1, 1, 0],
];
const y = ["a", "a", "b", "b", "a", "b"];
const features = ["gaussian", "bernoulli", "categorical"] as const;
const rows = [
  { hair: "long", hat: true, height: 172, style: "casual" },
  { hair: "short", hat: false, height: 181, style: "formal" },
  { hair: "bald", hat: true, height: 169, style: "casual" },
  { hair: "short", hat: false, height: 177, style: "formal" },
];

/** Keys every reader of ptheta's options or JSON knows somewhere. */
const KEYS = [
  "schema",
  "fit",
  "stats",
  "step",
  "components",
  "marginals",
  "options",
  "alpha",
  "regVariance",
  "binarize",
  "minCategories",
  "features",
  "sampleWeight",
  "nIter",
  "weights",
  "version",
  "count",
  "priors",
  "classes",
  "missing",
  "unseen",
  "maxIter",
  "tol",
  "init",
  "columns",
  "target",
  "varSmoothing",
  "gaussian",
  "categorical",
];
const VALUES = [0, 1, 0.9, -1, null, "x", [1, 2], { type: "Schema" }, true];

/** What each reader gives, as text (so that any change shows). */
const readers: Array<[string, () => string]> = [
  ["Mixture.fit", () => JSON.stringify(Mixture.fit(X, { nComponents: 2, features: [...features], rng: createRng(1) }))],
  ["Product.fit", () => JSON.stringify(Product.fit(X, { features: [...features] }))],
  ["NaiveBayes.fit", () => JSON.stringify(NaiveBayes.fit(X, y, { features: [...features] }))],
  ["NaiveBayes.fit (table)", () => JSON.stringify(NaiveBayes.fit(rows, { target: "style" }))],
  ["Schema.infer", () => JSON.stringify(Schema.infer(rows, { target: "style" }))],
];
const saved = readers.map(([, read]) => read());
const jsons = saved.map((text) => JSON.parse(text) as unknown);
const restore: Array<[string, (json: unknown) => string]> = [
  ["Mixture.fromJSON", (j) => String(Mixture.fromJSON(j).logLikelihood(X))],
  ["Product.fromJSON", (j) => String(Product.fromJSON(j).logLikelihood(X))],
  ["NaiveBayes.fromJSON", (j) => Array.from(NaiveBayes.fromJSON(j).predictLogProba(X).data).join()],
];
const restored = restore.map(([, read], i) => read(jsons[i]));

afterEach(() => {
  for (const key of KEYS) delete (Object.prototype as Record<string, unknown>)[key];
});

describe("options and JSON are read through own properties only", () => {
  it("a value planted on Object.prototype changes no fit", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KEYS),
        fc.constantFrom(...VALUES),
        fc.integer({ min: 0, max: readers.length - 1 }),
        (key, value, r) => {
          (Object.prototype as Record<string, unknown>)[key] = value;
          try {
            expect(readers[r]![1]()).toBe(saved[r]);
          } finally {
            delete (Object.prototype as Record<string, unknown>)[key];
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("a value planted on Object.prototype changes no model restored from JSON", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KEYS),
        fc.constantFrom(...VALUES),
        fc.integer({ min: 0, max: restore.length - 1 }),
        (key, value, r) => {
          (Object.prototype as Record<string, unknown>)[key] = value;
          try {
            expect(restore[r]![1](jsons[r])).toBe(restored[r]);
          } finally {
            delete (Object.prototype as Record<string, unknown>)[key];
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
