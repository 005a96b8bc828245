// An unknown option's error names the option meant (a synonym from scikit-learn, or a near
// spelling) and lists every valid name; it never suggests an option the method does not take.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readOptions } from "../../src/core/options.js";
import { closestOption } from "../../src/core/option-names.js";
import { Mixture, NaiveBayes, Product } from "../../src/index.js";

const X = [
  [0, 1],
  [1, 0],
  [5, 4],
  [6, 5],
];

describe("unknown options", () => {
  it("suggest the option meant and list the valid ones", () => {
    expect(() => Mixture.fit(X, { k: 2 } as never)).toThrow(
      /Mixture.fit: unknown option "k" \(did you mean "nComponents"\?\); valid options: nComponents, features/,
    );
    expect(() => Mixture.fit(X, { nComponents: 2, reg_covar: 1e-3 } as never)).toThrow(/did you mean "regVariance"/);
    expect(() => Mixture.fit(X, { nComponents: 2, maxiter: 3 } as never)).toThrow(/did you mean "maxIter"/);
    expect(() => Product.fit(X, { alhpa: 1 } as never)).toThrow(
      /Product.fit: unknown option "alhpa" \(did you mean "alpha"\?\)/,
    );
    expect(() => new NaiveBayes({ var_smoothing: 1e-9 } as never)).toThrow(/did you mean "varSmoothing"/);
  });

  it("suggest only options the method takes", () => {
    // Product has no nComponents: "k" gets no suggestion, only the list.
    expect(() => Product.fit(X, { k: 2 } as never)).toThrow(/Product.fit: unknown option "k"; valid options: /);
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: 6 }),
        (key, known) => {
          const meant = closestOption(key, known);
          if (meant !== undefined) expect(known).toContain(meant);
          if (!known.includes(key)) {
            expect(() => readOptions("f", { [key]: 1 }, known, closestOption)).toThrow(
              `valid options: ${known.join(", ")}`,
            );
          }
        },
      ),
    );
  });
});

describe("a missing cell's error suggests only options the method has", () => {
  it("Product and Mixture (no missing option yet) do not suggest it; NaiveBayes does", () => {
    const product = Product.fit([
      { a: 1, b: "x" },
      { a: 2, b: "y" },
    ]);
    expect(() => product.logLikelihood([{ a: null, b: "x" }] as never)).toThrow(
      /^Product.logLikelihood: rows\[0\].a is missing$/,
    );
    expect(() => Mixture.fit(X, { nComponents: 2 }).predict([[NaN, 1]])).toThrow(
      /^Mixture.predict: X\[0\]\[0\] is NaN; data must be finite$/,
    );
    expect(() => NaiveBayes.fit(X, ["a", "a", "b", "b"]).predict([[NaN, 1]])).toThrow(/set missing: "ignore"/);
  });
});

describe("a model's option errors name the method called", () => {
  it("NaiveBayes.fit, fitAsync and fromJSON, not the constructor", async () => {
    expect(() => NaiveBayes.fit(X, ["a", "a", "b", "b"], { alpha: -1 })).toThrow(/^NaiveBayes.fit: options.alpha/);
    await expect(NaiveBayes.fitAsync([{ X, y: ["a", "a", "b", "b"] }], { alpha: -1 })).rejects.toThrow(
      /^NaiveBayes.fitAsync: options.alpha/,
    );
    const json = JSON.parse(JSON.stringify(NaiveBayes.fit(X, ["a", "a", "b", "b"]))) as { options: object };
    expect(() => NaiveBayes.fromJSON({ ...json, options: { ...json.options, alpha: -1 } })).toThrow(
      /^NaiveBayes.fromJSON: options.alpha/,
    );
    expect(() => new NaiveBayes({ alpha: -1 })).toThrow(/^NaiveBayes: options.alpha/);
  });
});
