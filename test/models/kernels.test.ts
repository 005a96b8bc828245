/**
 * The families' scalar APIs over their kernels, with sample weights (issue "Family kernels"):
 * the properties of family-weights.ts for Gaussian, Bernoulli and Categorical (Poisson in
 * poisson.test.ts), and the kernels' shared use by the models: a family's fit, Product's
 * column and a one-component mixture's column are the same numbers.
 */
import { describe, expect, it } from "vitest";
import {
  Bernoulli,
  type BernoulliStats,
  Categorical,
  type CategoricalStats,
  Gaussian,
  type GaussianStats,
  Mixture,
  NaiveBayes,
  Product,
  type Distribution,
} from "../../src/index.js";
import { familyWeightProperties, type WeightedStats } from "./family-weights.js";
import { column, makeColumns, maxRel } from "./helpers.js";

familyWeightProperties({
  name: "Gaussian",
  fit: (xs, o) => Gaussian.fit(xs, o),
  stats: () => Gaussian.stats() as unknown as WeightedStats,
  fromStats: (s) => Gaussian.fromStats(s as unknown as GaussianStats),
  statsFromJSON: (j) => Gaussian.statsFromJSON(j) as unknown as WeightedStats,
  fromJSON: (j) => Gaussian.fromJSON(j),
  params: (d) => [d.mean, (d as Gaussian).std],
  data: (seed, n) => column(makeColumns(["gaussian"], n, seed), 0),
  exact: false,
});

familyWeightProperties({
  name: "Bernoulli",
  fit: (xs, o) => Bernoulli.fit(xs, { ...o, alpha: 0.5 }),
  stats: () => Bernoulli.stats() as unknown as WeightedStats,
  fromStats: (s) => Bernoulli.fromStats(s as unknown as BernoulliStats, { alpha: 0.5 }),
  statsFromJSON: (j) => Bernoulli.statsFromJSON(j) as unknown as WeightedStats,
  fromJSON: (j) => Bernoulli.fromJSON(j),
  params: (d) => [(d as Bernoulli).p],
  data: (seed, n) => column(makeColumns(["bernoulli"], n, seed), 0),
  exact: true,
});

familyWeightProperties({
  name: "Categorical",
  fit: (xs, o) => Categorical.fit(xs, { ...o, alpha: 0.5 }),
  stats: () => Categorical.stats() as unknown as WeightedStats,
  fromStats: (s) => Categorical.fromStats(s as unknown as CategoricalStats, { alpha: 0.5 }),
  statsFromJSON: (j) => Categorical.statsFromJSON(j) as unknown as WeightedStats,
  fromJSON: (j) => Categorical.fromJSON(j),
  params: (d) => Array.from((d as Categorical).probs),
  data: (seed, n) => column(makeColumns(["categorical"], n, seed), 0),
  exact: true,
});

describe("one kernel behind every model", () => {
  const kinds = ["gaussian", "bernoulli", "categorical"] as const;
  const X = makeColumns([...kinds], 80, 5);
  const w = X.map((_, i) => 0.5 + (i % 4));

  function paramsOf(d: Distribution<number>): number[] {
    if (d instanceof Gaussian) return [d.mean, d.variance];
    if (d instanceof Bernoulli) return [d.p];
    return Array.from((d as Categorical).probs);
  }

  it("a family's weighted fit, Product's column, NaiveBayes with one class and a K = 1 mixture agree", () => {
    const own: Distribution<number>[] = [
      Gaussian.fit(column(X, 0), { sampleWeight: w }),
      Bernoulli.fit(column(X, 1), { sampleWeight: w, alpha: 1 }),
      Categorical.fit(column(X, 2), { sampleWeight: w, alpha: 1 }),
    ];
    const product = Product.fit(X, { features: [...kinds], alpha: 1, sampleWeight: w });
    const nb = NaiveBayes.fit(
      X,
      X.map(() => "one"),
      {
        features: [...kinds],
        alpha: 1,
        varSmoothing: 0,
        binarize: null,
        sampleWeight: w,
      },
    );
    const mixture = Mixture.fit(X, { nComponents: 1, features: [...kinds], alpha: 1, regVariance: 0, sampleWeight: w });
    own.forEach((d, j) => {
      const expected = paramsOf(d);
      expect(maxRel(paramsOf(product.marginals[j]!), expected)).toBeLessThanOrEqual(1e-13);
      expect(maxRel(paramsOf(nb.conditional(0, j)), expected)).toBeLessThanOrEqual(1e-13);
      expect(maxRel(paramsOf(mixture.components[0]!.marginals[j]!), expected)).toBeLessThanOrEqual(1e-13);
    });
  });
});
