// Issue 21, class 5: statistics and JSON that contradict themselves are refused, in one place per
// format. Generated: the data, the model, and which invariant a tampered file breaks.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Mixture, NaiveBayes, Product, createRng } from "../../src/index.js";

const rowsArb = fc.integer({ min: 0, max: 10_000 }).map((seed) => {
  const rng = createRng(seed);
  return Array.from({ length: 24 }, (_, i) => [
    (i % 2) * 4 + rng.next(),
    rng.next() < (i % 2 === 0 ? 0.2 : 0.8) ? 1 : 0,
    Math.floor(rng.next() * 3),
  ]);
});
const features = ["gaussian", "bernoulli", "categorical"] as const;

describe("self-contradicting statistics and JSON", () => {
  it("MixtureStats whose count is not the sum of the component weights, or whose blocks disagree", () => {
    fc.assert(
      fc.property(
        rowsArb,
        fc.double({ min: 1.01, max: 1e6, noNaN: true }),
        fc.integer({ min: 0, max: 1 }),
        (X, factor, c) => {
          const mix = Mixture.fit(X, { nComponents: 2, features: [...features], maxIter: 2 });
          const json = JSON.parse(JSON.stringify(mix.expectedStats(X))) as {
            count: number;
            stats: { bernoulli: { weight: number[]; ones: number[] } };
          };
          expect(() => Mixture.statsFromJSON({ ...json, count: json.count * factor })).toThrow(
            /count is .* but the component weights sum to/,
          );
          const bernoulli = { ...json.stats.bernoulli, weight: json.stats.bernoulli.weight.slice() };
          bernoulli.weight[c] = bernoulli.weight[c]! * factor;
          expect(() => Mixture.statsFromJSON({ ...json, stats: { ...json.stats, bernoulli } })).toThrow(RangeError);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("a fitted Mixture whose weights or trace length are not those its statistics and iterations give", () => {
    fc.assert(
      fc.property(
        rowsArb,
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.integer({ min: 1, max: 50 }),
        (X, w, extra) => {
          const json = JSON.parse(
            JSON.stringify(Mixture.fit(X, { nComponents: 2, features: [...features], maxIter: 3, tol: 0 })),
          ) as {
            weights: number[];
            fit: { nIter: number };
          };
          if (Math.abs(json.weights[0]! - w) > 1e-9)
            expect(() => Mixture.fromJSON({ ...json, weights: [w, 1 - w] })).toThrow(
              /are not those the statistics give/,
            );
          expect(() => Mixture.fromJSON({ ...json, fit: { ...json.fit, nIter: json.fit.nIter + extra } })).toThrow(
            /fit.nIter is \d+ but fit.logLikelihoodTrace has \d+ values/,
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it("a table model whose schema gives a column another kind than the model's feature", () => {
    const tables = fc.integer({ min: 0, max: 10_000 }).map((seed) => {
      const rng = createRng(seed);
      return Array.from({ length: 12 }, (_, i) => ({
        height: 160 + 20 * rng.next(),
        visits: Math.floor(rng.next() * 5),
        hat: rng.next() < 0.5,
        style: i % 2 === 0 ? "a" : "b",
      }));
    });
    fc.assert(
      fc.property(tables, fc.constantFrom("product", "mixture", "naive-bayes"), (rows, which) => {
        const model =
          which === "product"
            ? Product.fit(rows, { features: { visits: "poisson" } })
            : which === "mixture"
              ? Mixture.fit(rows, { nComponents: 2, features: { visits: "poisson" } })
              : NaiveBayes.fit(rows, { target: "style", features: { visits: "poisson" } });
        const json = JSON.parse(JSON.stringify(model)) as { schema: { kinds: string[] } };
        const j = json.schema.kinds.indexOf("poisson");
        json.schema.kinds[j] = "gaussian"; // counts read as a density: every value encoded alike, scored wrongly
        const read = (): unknown =>
          which === "product"
            ? Product.fromJSON(json)
            : which === "mixture"
              ? Mixture.fromJSON(json)
              : NaiveBayes.fromJSON(json);
        expect(read).toThrow(/the schema says column "visits" is gaussian but the model's feature \d+ is poisson/);
      }),
      { numRuns: 30 },
    );
  });
});
