/**
 * Properties of Mixture (fast-check) on seeded data with every column kind (Poisson in
 * poisson.test.ts): EM never lowers the log-likelihood; row order doesn't change a fit from a
 * fixed start; K = 1 is Product.fit; integer sample weights are repeated rows; JSON round trips
 * exactly; seeded sampling is reproducible with component frequencies within binomial bounds;
 * expectedStats over shards + merge + fromStats is one EM iteration. Then the degenerate cases
 * and every error of the "Errors" section, each naming what and where, with nothing
 * changed by a failed call.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Bernoulli,
  Categorical,
  createRng,
  Gaussian,
  Mixture,
  MixtureStats,
  Product,
  type FeatureKind,
  type MixtureProgress,
} from "../../src/index.js";
import { makeColumns, maxRel, repeatRows, type Kind } from "./helpers.js";
import { columnParams } from "./reference.js";

const kind = fc.constantFrom<Kind>("gaussian", "bernoulli", "categorical");
const spec = fc.record({
  kinds: fc.array(kind, { minLength: 1, maxLength: 5 }),
  rows: fc.integer({ min: 20, max: 80 }),
  seed: fc.integer({ min: 0, max: 1e6 }),
  K: fc.integer({ min: 1, max: 3 }),
});
const FC = { numRuns: 60, seed: 20260505 };

/** Every parameter of the mixture: weights, then each component's columns. */
function paramsOf(m: Mixture): number[] {
  const kinds = m.featureKinds;
  return [...m.weights, ...m.components.flatMap((p) => p.marginals.flatMap((d, j) => columnParams(kinds[j]!, d)))];
}

/** A fixed start: the k-means++ start (maxIter 0) of the data. */
function startOf(X: number[][], kinds: Kind[], K: number, seed: number): Mixture {
  return Mixture.fit(X, { nComponents: K, features: kinds, maxIter: 0, rng: createRng(seed) });
}

function weightsOf(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => ((i * 13 + seed) % 4) + (i % 3 === 0 ? 0.5 : 0));
}

describe("Mixture EM properties", () => {
  it("EM never lowers the log-likelihood (alpha 0, regVariance 0)", () => {
    fc.assert(
      fc.property(spec, (s) => {
        const X = makeColumns(s.kinds, s.rows, s.seed, 3);
        const mix = Mixture.fit(X, {
          nComponents: s.K,
          features: s.kinds,
          alpha: 0,
          regVariance: 0,
          maxIter: 25,
          tol: 0,
          rng: createRng(s.seed),
        });
        const t = mix.logLikelihoodTrace;
        expect(t.length).toBe(25);
        for (let i = 1; i < t.length; i++)
          expect(t[i]!).toBeGreaterThanOrEqual(t[i - 1]! - 1e-12 * Math.abs(t[i - 1]!));
        // The final model is better still than the last E-step's parameters.
        expect(mix.logLikelihood(X) / s.rows).toBeGreaterThanOrEqual(
          t[t.length - 1]! - 1e-12 * Math.abs(t[t.length - 1]!),
        );
      }),
      FC,
    );
  });

  it("row order doesn't change a fit from a fixed start (1e-10)", () => {
    fc.assert(
      fc.property(spec, fc.integer(), (s, shuffle) => {
        const X = makeColumns(s.kinds, s.rows, s.seed, 3);
        const w = weightsOf(s.rows, s.seed);
        const start = startOf(X, s.kinds, s.K, s.seed);
        const order = X.map((_, i) => i);
        let r = shuffle >>> 0;
        for (let i = order.length - 1; i > 0; i--) {
          r = (Math.imul(r, 1103515245) + 12345) >>> 0;
          const k = r % (i + 1);
          [order[i], order[k]] = [order[k]!, order[i]!];
        }
        const options = { init: start, maxIter: 10, tol: 0, alpha: 0.5 };
        const a = Mixture.fit(X, { ...options, sampleWeight: w });
        const b = Mixture.fit(
          order.map((i) => X[i]!),
          { ...options, sampleWeight: order.map((i) => w[i]!) },
        );
        expect(maxRel(paramsOf(b), paramsOf(a))).toBeLessThanOrEqual(1e-10);
        expect(maxRel(b.logLikelihoodTrace, a.logLikelihoodTrace)).toBeLessThanOrEqual(1e-10);
      }),
      FC,
    );
  });

  it("K = 1 is Product.fit with the same alpha and regVariance (1e-12)", () => {
    fc.assert(
      fc.property(
        spec,
        fc.constantFrom(0, 0.5, 1),
        fc.constantFrom(0, 1e-3),
        fc.boolean(),
        (s, alpha, reg, weighted) => {
          const X = makeColumns(s.kinds, s.rows, s.seed);
          const w = weighted ? { sampleWeight: weightsOf(s.rows, s.seed) } : {};
          const mix = Mixture.fit(X, { nComponents: 1, features: s.kinds, alpha, regVariance: reg, ...w });
          const product = Product.fit(X, { features: s.kinds, alpha, regVariance: reg, ...w });
          expect(Array.from(mix.weights)).toEqual([1]);
          const ours = mix.components[0]!.marginals.flatMap((d, j) => columnParams(s.kinds[j]!, d));
          const theirs = product.marginals.flatMap((d, j) => columnParams(s.kinds[j]!, d));
          expect(maxRel(ours, theirs)).toBeLessThanOrEqual(1e-12);
          expect(maxRel(mix.logLikelihoodPerRow(X), product.logLikelihoodPerRow(X))).toBeLessThanOrEqual(1e-12);
          expect(mix.converged).toBe(true);
        },
      ),
      FC,
    );
  });

  it("integer sample weights equal repeated rows, from a fixed start", () => {
    fc.assert(
      fc.property(spec, (s) => {
        const X = makeColumns(s.kinds, s.rows, s.seed, 3);
        const w = X.map((_, i) => (i < 5 ? 1 : (i * 7 + s.seed) % 4));
        const start = startOf(X, s.kinds, s.K, s.seed);
        const options = { init: start, maxIter: 8, tol: 0, alpha: 1 };
        const weighted = Mixture.fit(X, { ...options, sampleWeight: w });
        const rep = repeatRows(X, X, w);
        const repeated = Mixture.fit(rep.X, options);
        expect(maxRel(paramsOf(weighted), paramsOf(repeated))).toBeLessThanOrEqual(1e-10);
        expect(maxRel(weighted.logLikelihoodTrace, repeated.logLikelihoodTrace)).toBeLessThanOrEqual(1e-10);
      }),
      FC,
    );
  });

  it("expectedStats over shards + merge + fromStats is Mixture.fit(X, { init, maxIter: 1, tol: 0 }) (1e-11)", () => {
    fc.assert(
      fc.property(spec, fc.array(fc.integer({ min: 1, max: 79 }), { maxLength: 4 }), (s, cuts) => {
        const X = makeColumns(s.kinds, s.rows, s.seed, 3);
        const w = weightsOf(s.rows, s.seed);
        const model = startOf(X, s.kinds, s.K, s.seed);
        const bounds = [...new Set([0, ...cuts.filter((c) => c < s.rows), s.rows])].sort((a, b) => a - b);
        const shards = bounds.slice(1).map((b, k) => model.expectedStats(X.slice(bounds[k], b), w.slice(bounds[k], b)));
        const merged = shards.reduce((a, b) => a.merge(b));
        expect(merged).toBeInstanceOf(MixtureStats);
        expect(merged.count).toBeCloseTo(
          w.reduce((t, v) => t + v, 0),
          10,
        );
        const step = { alpha: 0.25, regVariance: 1e-4 };
        const next = Mixture.fromStats(merged, step);
        const fit = Mixture.fit(X, { init: model, maxIter: 1, tol: 0, sampleWeight: w, ...step });
        expect(maxRel(paramsOf(next), paramsOf(fit))).toBeLessThanOrEqual(1e-11);
        // The statistics' log-likelihood is the fit's trace entry (the mean at the start).
        expect(maxRel([merged.logLikelihood / merged.count], fit.logLikelihoodTrace)).toBeLessThanOrEqual(1e-11);
        // Statistics survive JSON exactly.
        const text = JSON.stringify(merged);
        const back = Mixture.statsFromJSON(JSON.parse(text));
        expect(JSON.stringify(back)).toBe(text);
        expect(paramsOf(Mixture.fromStats(back, step))).toEqual(paramsOf(next));
      }),
      FC,
    );
  });

  it("JSON round trips exactly (fitted and built mixtures), with identical predictions", () => {
    fc.assert(
      fc.property(spec, (s) => {
        const X = makeColumns(s.kinds, s.rows, s.seed, 3);
        const mix = Mixture.fit(X, { nComponents: s.K, features: s.kinds, rng: createRng(s.seed), maxIter: 5 });
        for (const m of [mix, new Mixture(mix.weights, mix.components)]) {
          const text = JSON.stringify(m);
          const back = Mixture.fromJSON(JSON.parse(text));
          expect(JSON.stringify(back)).toBe(text);
          expect(back.predictProba(X).data).toEqual(m.predictProba(X).data);
          expect(back.predict(X)).toEqual(m.predict(X));
          expect(back.logLikelihoodTrace).toEqual(m.logLikelihoodTrace);
          expect(back.nIter).toBe(m.nIter);
          expect(back.converged).toBe(m.converged);
        }
      }),
      FC,
    );
  });

  it("a fit is reproducible: the same rng seed gives the same mixture", () => {
    fc.assert(
      fc.property(spec, fc.integer({ min: 1, max: 3 }), (s, nInit) => {
        const X = makeColumns(s.kinds, s.rows, s.seed, 3);
        const fit = (): string =>
          JSON.stringify(Mixture.fit(X, { nComponents: s.K, features: s.kinds, nInit, rng: createRng(s.seed) }));
        expect(fit()).toBe(fit());
      }),
      { ...FC, numRuns: 30 },
    );
  });
});

describe("Mixture.sample", () => {
  const model = new Mixture(
    [0.2, 0.5, 0.3, 0],
    [
      new Product([new Gaussian(-3, 1), new Bernoulli(0.1), new Categorical([0.7, 0.2, 0.1])]),
      new Product([new Gaussian(0, 0.5), new Bernoulli(0.5), new Categorical([0.1, 0.8, 0.1])]),
      new Product([new Gaussian(4, 2), new Bernoulli(0.9), new Categorical([0.2, 0.2, 0.6])]),
      new Product([new Gaussian(100, 1), new Bernoulli(1), new Categorical([0, 0, 1])]),
    ],
  );

  it("property: seeded sampling is reproducible", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 200 }), (seed, n) => {
        const a = model.sample(createRng(seed), n);
        const b = model.sample(createRng(seed), n);
        expect(a.X.data).toEqual(b.X.data);
        expect(a.z).toEqual(b.z);
        expect(a.X.rows).toBe(n);
        expect(a.X.cols).toBe(3);
        expect(a.z).toBeInstanceOf(Int32Array);
      }),
      { numRuns: 50, seed: 11 },
    );
  });

  it("component frequencies match the weights (binomial bounds), and each row comes from its component", () => {
    // z = 6: a bound fails by chance with probability ~2e-9.
    for (const seed of [1, 2, 3]) {
      const n = 20000;
      const { X, z } = model.sample(createRng(seed), n);
      const counts = [0, 0, 0, 0];
      const sums = [0, 0, 0, 0];
      for (let i = 0; i < n; i++) {
        counts[z[i]!]!++;
        sums[z[i]!]! += X.get(i, 0);
      }
      model.weights.forEach((p, k) => {
        expect(Math.abs(counts[k]! - n * p)).toBeLessThanOrEqual(6 * Math.sqrt(n * p * (1 - p)) + 1e-9);
        if (counts[k]! > 0) {
          const g = model.components[k]!.marginals[0]!;
          expect(Math.abs(sums[k]! / counts[k]! - g.mean)).toBeLessThanOrEqual(6 * Math.sqrt(g.variance / counts[k]!));
        }
      });
      expect(counts[3]).toBe(0); // weight 0: never drawn
    }
  });
});

describe("Mixture degenerate cases", () => {
  const X = [
    [0.1, 1, 0],
    [0.4, 1, 1],
    [0.2, 0, 0],
    [2.1, 0, 2],
    [2.4, 1, 2],
    [2.2, 0, 1],
  ];
  const kinds: FeatureKind[] = ["gaussian", "bernoulli", "categorical"];

  it("a component that loses every row gets weight 0, finite parameters, and is never predicted or sampled", () => {
    const start = new Mixture(
      [0.5, 0.25, 0.25],
      [
        new Product([new Gaussian(0, 1), new Bernoulli(0.5), new Categorical([0.4, 0.3, 0.3])]),
        new Product([new Gaussian(2, 1), new Bernoulli(0.5), new Categorical([0.3, 0.3, 0.4])]),
        new Product([new Gaussian(1e4, 1), new Bernoulli(0.5), new Categorical([0.3, 0.4, 0.3])]),
      ],
    );
    const mix = Mixture.fit(X, { init: start, maxIter: 5, tol: 0 });
    expect(mix.nIter).toBe(5);
    expect(mix.weights[2]).toBe(0);
    expect(mix.weights[0]! + mix.weights[1]!).toBeCloseTo(1, 15);
    const text = JSON.stringify(mix);
    expect(text).not.toContain("null"); // no NaN or Infinity was serialised
    expect(mix.components[2]!.marginals.every((d) => Number.isFinite(d.mean) && Number.isFinite(d.variance))).toBe(
      true,
    );
    expect(Array.from(mix.predict(X))).not.toContain(2);
    expect(Array.from(mix.sample(createRng(4), 2000).z)).not.toContain(2);
    for (const v of mix.predictProba(X).data) expect(Number.isFinite(v)).toBe(true);
    expect(Number.isFinite(mix.logLikelihood(X))).toBe(true);
    expect(Number.isFinite(mix.bic(X))).toBe(true);
    expect(Mixture.fromJSON(JSON.parse(text)).weights[2]).toBe(0);
  });

  it("a constant Gaussian column gets variance regVariance in every component (default 1e-6)", () => {
    const C = X.map((r) => [5, r[0]!]);
    for (const regVariance of [undefined, 1e-3]) {
      const mix = Mixture.fit(C, { nComponents: 2, ...(regVariance === undefined ? {} : { regVariance }) });
      for (const p of mix.components) {
        expect(p.marginals[0]!.mean).toBe(5);
        expect(maxRel([p.marginals[0]!.variance], [regVariance ?? 1e-6])).toBeLessThanOrEqual(1e-15);
      }
      for (const v of mix.logLikelihoodPerRow(C)) expect(Number.isFinite(v)).toBe(true);
    }
  });

  it("K larger than the rows (of positive weight) is a RangeError naming both", () => {
    expect(() => Mixture.fit(X, { nComponents: 7, features: kinds })).toThrow(RangeError);
    expect(() => Mixture.fit(X, { nComponents: 7, features: kinds })).toThrow(
      /options.nComponents is 7, more than the 6 rows/,
    );
    expect(() => Mixture.fit(X, { nComponents: 3, features: kinds, sampleWeight: [1, 0, 0, 0, 1, 0] })).toThrow(
      /options.nComponents is 3, more than the 2 rows \(of weight > 0\)/,
    );
  });

  it("K equal to the rows fits, one row per component", () => {
    const mix = Mixture.fit(X, { nComponents: 6, features: kinds, regVariance: 1e-2 });
    for (const v of mix.logLikelihoodPerRow(X)) expect(Number.isFinite(v)).toBe(true);
  });

  it("a row impossible under every component (alpha 0) is a RangeError naming the row", () => {
    const start = new Mixture(
      [0.5, 0.5],
      [new Product([new Bernoulli(0), new Bernoulli(0.5)]), new Product([new Bernoulli(0), new Bernoulli(0.5)])],
    );
    const B = [
      [0, 1],
      [0, 0],
      [1, 1],
    ];
    const call = (): unknown => Mixture.fit(B, { init: start, alpha: 0 });
    expect(call).toThrow(RangeError);
    expect(call).toThrow(
      /Mixture.fit: row 2 of X is impossible under every component: X\[2\]\[0\] is 1, which every component gives probability 0/,
    );
    // The same from a categorical start with fewer categories than the data: the cell is named.
    const fewer = new Mixture(
      [0.5, 0.5],
      [new Product([new Categorical([0.5, 0.5])]), new Product([new Categorical([0.2, 0.8])])],
    );
    expect(() => Mixture.fit([[0], [1], [2]], { init: fewer, features: "categorical" })).toThrow(/X\[2\]\[0\] is 2/);
    // Scoring such a row is not an error: log p = -Infinity, a uniform posterior.
    expect(start.logLikelihoodPerRow(B)[2]).toBe(-Infinity);
    expect(Array.from(start.predictProba(B).row(2))).toEqual([0.5, 0.5]);
    // A start where the row is possible under one component fits with alpha 0: EM keeps it possible.
    const possible = new Mixture(
      [0.5, 0.5],
      [new Product([new Bernoulli(0.5), new Bernoulli(0.5)]), new Product([new Bernoulli(0), new Bernoulli(0.5)])],
    );
    const fit = Mixture.fit(B, { init: possible, alpha: 0, maxIter: 10, tol: 0 });
    for (const v of fit.logLikelihoodPerRow(B)) expect(Number.isFinite(v)).toBe(true);
  });
});

describe("Mixture errors", () => {
  const X = [
    [0.1, 1],
    [0.4, 0],
    [2.1, 1],
    [2.4, 0],
  ];
  const features: FeatureKind[] = ["gaussian", "bernoulli"];
  const start = new Mixture(
    [0.5, 0.5],
    [new Product([new Gaussian(0, 1), new Bernoulli(0.3)]), new Product([new Gaussian(2, 1), new Bernoulli(0.6)])],
  );
  type Err = typeof TypeError | typeof RangeError;
  const fitCases: [string, () => unknown, Err, RegExp][] = [
    [
      "nComponents 0",
      () => Mixture.fit(X, { nComponents: 0, features }),
      RangeError,
      /options.nComponents must be an integer >= 1, got 0/,
    ],
    [
      "nComponents 1.5",
      () => Mixture.fit(X, { nComponents: 1.5, features }),
      RangeError,
      /options.nComponents must be an integer >= 1, got 1.5/,
    ],
    ["nComponents NaN", () => Mixture.fit(X, { nComponents: NaN, features }), RangeError, /options.nComponents/],
    [
      "nComponents a string",
      () => Mixture.fit(X, { nComponents: "2" as never, features }),
      TypeError,
      /options.nComponents/,
    ],
    ["nComponents missing", () => Mixture.fit(X, { features }), TypeError, /options.nComponents is required/],
    [
      "nComponents > rows",
      () => Mixture.fit(X, { nComponents: 5, features }),
      RangeError,
      /options.nComponents is 5, more than the 4 rows/,
    ],
    ["init not a Mixture", () => Mixture.fit(X, { init: {} as never }), TypeError, /options.init must be a Mixture/],
    [
      "init with another feature count",
      () => Mixture.fit([[1], [2], [3]], { init: start }),
      RangeError,
      /X has 1 features but options.init has 2/,
    ],
    [
      "init with other feature kinds",
      () => Mixture.fit(X, { init: start, features: ["gaussian", "gaussian"] }),
      RangeError,
      /options.features differ from the feature kinds of options.init \(\[gaussian, bernoulli\]\)/,
    ],
    [
      "init and another nComponents",
      () => Mixture.fit(X, { init: start, nComponents: 3 }),
      RangeError,
      /options.nComponents is 3 but options.init has 2 components/,
    ],
    [
      "NaN in X",
      () =>
        Mixture.fit(
          [
            [0.1, 1],
            [NaN, 0],
            [1, 1],
          ],
          { nComponents: 1, features },
        ),
      RangeError,
      /Mixture.fit: X\[1\]\[0\] is NaN/,
    ],
    [
      "Infinity in X",
      () =>
        Mixture.fit(
          [
            [0.1, 1],
            [1, 0],
            [-Infinity, 1],
          ],
          { nComponents: 1, features },
        ),
      RangeError,
      /Mixture.fit: X\[2\]\[0\] is -Infinity/,
    ],
    [
      "Infinity in a dense X",
      () =>
        Mixture.fit(
          { data: Float64Array.of(0.1, 1, 0.2, 0, Infinity, 1), rows: 3, cols: 2 },
          { nComponents: 1, features },
        ),
      RangeError,
      /Mixture.fit: X\[2\]\[0\] is Infinity/,
    ],
    [
      "a string in X",
      () =>
        Mixture.fit(
          [
            [0.1, 1],
            ["a" as never, 0],
          ],
          { nComponents: 1, features },
        ),
      TypeError,
      /X\[1\]\[0\]/,
    ],
    [
      "a bad Bernoulli value",
      () =>
        Mixture.fit(
          [
            [0.1, 1],
            [0.3, 2],
          ],
          { nComponents: 1, features },
        ),
      RangeError,
      /X\[1\]\[1\]/,
    ],
    [
      "negative regVariance",
      () => Mixture.fit(X, { nComponents: 1, features, regVariance: -1 }),
      RangeError,
      /options.regVariance must be >= 0, got -1/,
    ],
    [
      "NaN regVariance",
      () => Mixture.fit(X, { nComponents: 1, features, regVariance: NaN }),
      RangeError,
      /options.regVariance/,
    ],
    [
      "negative alpha",
      () => Mixture.fit(X, { nComponents: 1, features, alpha: -0.5 }),
      RangeError,
      /options.alpha must be >= 0, got -0.5/,
    ],
    [
      "alpha per column of the wrong length",
      () => Mixture.fit(X, { nComponents: 1, features, alpha: [1, 1, 1] }),
      RangeError,
      /options.alpha gives 3 values/,
    ],
    [
      "maxIter -1",
      () => Mixture.fit(X, { nComponents: 1, features, maxIter: -1 }),
      RangeError,
      /options.maxIter must be an integer >= 0, got -1/,
    ],
    ["maxIter 2.5", () => Mixture.fit(X, { nComponents: 1, features, maxIter: 2.5 }), RangeError, /options.maxIter/],
    ["tol NaN", () => Mixture.fit(X, { nComponents: 1, features, tol: NaN }), RangeError, /options.tol/],
    ["tol negative", () => Mixture.fit(X, { nComponents: 1, features, tol: -1e-3 }), RangeError, /options.tol/],
    [
      "nInit 0",
      () => Mixture.fit(X, { nComponents: 1, features, nInit: 0 }),
      RangeError,
      /options.nInit must be an integer >= 1, got 0/,
    ],
    ["nInit 1.5", () => Mixture.fit(X, { nComponents: 1, features, nInit: 1.5 }), RangeError, /options.nInit/],
    ["rng not an rng", () => Mixture.fit(X, { nComponents: 1, features, rng: {} as never }), TypeError, /options.rng/],
    [
      "onIteration not a function",
      () => Mixture.fit(X, { nComponents: 1, features, onIteration: 3 as never }),
      TypeError,
      /options.onIteration must be a function/,
    ],
    ["unknown option", () => Mixture.fit(X, { nComponents: 1, features, maxiter: 3 } as never), TypeError, /maxiter/],
    [
      "negative sample weight",
      () => Mixture.fit(X, { nComponents: 1, features, sampleWeight: [1, 1, -2, 1] }),
      RangeError,
      /sampleWeight\[2\] is -2/,
    ],
    [
      "NaN sample weight",
      () => Mixture.fit(X, { nComponents: 1, features, sampleWeight: [NaN, 1, 1, 1] }),
      RangeError,
      /sampleWeight\[0\] is NaN/,
    ],
    [
      "infinite sample weight",
      () => Mixture.fit(X, { nComponents: 1, features, sampleWeight: [1, 1, 1, Infinity] }),
      RangeError,
      /sampleWeight\[3\] is Infinity/,
    ],
    [
      "sample weights of the wrong length",
      () => Mixture.fit(X, { nComponents: 1, features, sampleWeight: [1, 1] }),
      RangeError,
      /sampleWeight has 2 values but the data have 4 rows/,
    ],
    ["empty X", () => Mixture.fit([], { nComponents: 1 }), RangeError, /Mixture.fit: X is empty/],
  ];
  it.each(fitCases)("Mixture.fit: %s", (_, call, type, message) => {
    const before = JSON.stringify(start);
    expect(call).toThrow(type);
    expect(call).toThrow(message);
    expect(JSON.stringify(start)).toBe(before);
  });

  const buildCases: [string, () => unknown, Err, RegExp][] = [
    [
      "negative weight",
      () => new Mixture([-0.5, 1.5], start.components),
      RangeError,
      /Mixture: weights\[0\] must be in \[0, 1\], got -0.5/,
    ],
    [
      "weights summing to 1.1",
      () => new Mixture([0.5, 0.6], start.components),
      RangeError,
      /weights must sum to 1 \(within 1e-9\), but they sum to 1.1/,
    ],
    [
      "weights summing to 1 - 1e-8",
      () => new Mixture([0.5, 0.5 - 1e-8], start.components),
      RangeError,
      /weights must sum to 1/,
    ],
    ["a NaN weight", () => new Mixture([NaN, 1], start.components), RangeError, /weights\[0\]/],
    [
      "a weight that is a string",
      () => new Mixture(["0.5", 0.5] as never, start.components),
      TypeError,
      /weights\[0\] must be a number/,
    ],
    [
      "weights of the wrong length",
      () => new Mixture([1], start.components),
      RangeError,
      /weights has 1 values but there are 2 components/,
    ],
    ["no components", () => new Mixture([], []), TypeError, /components must be a non-empty array of Products/],
    [
      "a component that is not a Product",
      () => new Mixture([0.5, 0.5], [start.components[0]!, {} as never]),
      TypeError,
      /components\[1\] must be a Product/,
    ],
    [
      "components with other kinds",
      () => new Mixture([0.5, 0.5], [start.components[0]!, new Product([new Gaussian(0, 1), new Gaussian(0, 1)])]),
      RangeError,
      /components\[1\] has features \[gaussian, gaussian\] but components\[0\] has \[gaussian, bernoulli\]/,
    ],
    [
      "categorical components with different category counts",
      () =>
        new Mixture(
          [0.5, 0.5],
          [new Product([new Categorical([0.5, 0.5])]), new Product([new Categorical([0.2, 0.3, 0.5])])],
        ),
      RangeError,
      /Mixture/,
    ],
  ];
  it.each(buildCases)("new Mixture: %s", (_, call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });

  it("weights within 1e-9 of summing to 1 are accepted", () => {
    expect(() => new Mixture([0.5, 0.5 + 5e-10], start.components)).not.toThrow();
  });

  it("scoring errors name the method; expectedStats and merges that fail change nothing", () => {
    expect(() => start.predictProba([[1, 2, 3]])).toThrow(/Mixture.*X has 3 features but the model has 2/);
    expect(() => start.logLikelihood([[NaN, 1]])).toThrow(/X\[0\]\[0\]/);
    expect(() => start.sample({} as never, 3)).toThrow(/Mixture.sample/);
    expect(() => start.sample(createRng(1), -1)).toThrow(/Mixture.sample: n/);
    const stats = start.expectedStats(X);
    const before = JSON.stringify(stats);
    expect(() => start.expectedStats(X, [1, -1, 1, 1])).toThrow(/Mixture.expectedStats: sampleWeight\[1\]/);
    const other = new Mixture([1], [new Product([new Gaussian(0, 1), new Bernoulli(0.5)])]).expectedStats(X);
    expect(() => stats.merge(other)).toThrow(/MixtureStats.merge: the statistics are of different models/);
    expect(() => stats.merge({} as never)).toThrow(TypeError);
    expect(JSON.stringify(stats)).toBe(before);
    expect(() => Mixture.fromStats({} as never)).toThrow(/Mixture.fromStats: stats must be a MixtureStats/);
    expect(() => Mixture.fromStats(stats, { alpha: -1 })).toThrow(/Mixture.fromStats: options.alpha/);
  });

  it("fromJSON checks what it reads", () => {
    const json = JSON.parse(JSON.stringify(Mixture.fit(X, { init: start, maxIter: 2 }))) as Record<string, unknown>;
    expect(() => Mixture.fromJSON({ ...json, version: 3 })).toThrow(/Mixture.fromJSON: version 3/);
    expect(() => Mixture.fromJSON({ ...json, type: "Product" })).toThrow(TypeError);
    // A fitted mixture's JSON holds statistics; its weights must be those they give.
    expect(() => Mixture.fromJSON({ ...json, weights: [0.7, 0.7] })).toThrow(/are not those the statistics give/);
    expect(() => Mixture.fromJSON({ ...json, components: "x" })).toThrow(/not both/);
    const parts = JSON.parse(JSON.stringify(new Mixture(start.weights, start.components))) as Record<string, unknown>;
    expect(parts.stats).toBeUndefined();
    expect(Mixture.fromJSON(parts).logLikelihood(X)).toBe(start.logLikelihood(X));
    expect(() => Mixture.fromJSON({ ...parts, weights: [0.7, 0.7] })).toThrow(/weights must sum to 1/);
    expect(() => Mixture.fromJSON({ ...parts, components: "x" })).toThrow(/components must be an array/);
    expect(() =>
      Mixture.fromJSON({ ...json, fit: { nIter: 999, converged: true, logLikelihoodTrace: [-1, -2] } }),
    ).toThrow(/fit.nIter is 999 but fit.logLikelihoodTrace has 2 values/);
    expect(() => Mixture.fromJSON({ ...json, fit: { nIter: 1, converged: "no", logLikelihoodTrace: [] } })).toThrow(
      /fit must be/,
    );
    expect(() => Mixture.fromJSON({ ...json, fit: { nIter: 1, converged: true, logLikelihoodTrace: [null] } })).toThrow(
      /fit.logLikelihoodTrace\[0\] must be a finite number/,
    );
    expect(() => Mixture.fromJSON({ ...json, fit: { nIter: -1, converged: true, logLikelihoodTrace: [] } })).toThrow(
      /fit.nIter/,
    );
  });

  it("onIteration is called after every iteration with the trace and its change", () => {
    const seen: MixtureProgress[] = [];
    const mix = Mixture.fit(X, { init: start, maxIter: 6, tol: 0, onIteration: (p) => seen.push(p) });
    expect(seen.map((p) => p.iteration)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen.map((p) => p.logLikelihood)).toEqual(mix.logLikelihoodTrace);
    expect(seen[0]!.change).toBe(Infinity);
    for (let t = 1; t < seen.length; t++)
      expect(seen[t]!.change).toBe(seen[t]!.logLikelihood - seen[t - 1]!.logLikelihood);
  });

  it("tol stops the fit when the trace changes by less than tol, as scikit-learn", () => {
    const mix = Mixture.fit(X, { init: start, maxIter: 500, tol: 1e-6 });
    const t = mix.logLikelihoodTrace;
    expect(mix.converged).toBe(true);
    expect(mix.nIter).toBe(t.length);
    expect(Math.abs(t[t.length - 1]! - t[t.length - 2]!)).toBeLessThan(1e-6);
    for (let i = 1; i < t.length - 1; i++) expect(Math.abs(t[i]! - t[i - 1]!)).toBeGreaterThanOrEqual(1e-6);
  });
});
