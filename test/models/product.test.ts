/**
 * Product (independent columns): Product.fit per column equals each family's own fit (1e-13),
 * log-likelihoods are the per-column sums, sampling has the right shape, support and
 * reproducibility, JSON round trips exactly, merge equals a fit on the union, and every error
 * names what and where. (Poisson columns: poisson.test.ts.)
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Bernoulli,
  Categorical,
  createRng,
  Gaussian,
  Product,
  type Distribution,
  type FeatureKind,
} from "../../src/index.js";
import { column, makeColumns, maxRel, repeatRows, type Kind } from "./helpers.js";

const kind = fc.constantFrom<Kind>("gaussian", "bernoulli", "categorical");
const spec = fc.record({
  kinds: fc.array(kind, { minLength: 1, maxLength: 6 }),
  rows: fc.integer({ min: 6, max: 50 }),
  seed: fc.integer({ min: 0, max: 1e6 }),
  alpha: fc.constantFrom(0, 0.5, 1),
  weighted: fc.boolean(),
});
const FC = { numRuns: 100, seed: 20260503 };

/** Real weights in [0.25, 3], none zero (so every column keeps its spread and categories). */
function weightsFor(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => 0.25 + (((i * 7919 + seed) % 23) / 22) * 2.75);
}

/** The family's own fit of one column, with the options Product passes it. */
function ownFit(k: Kind, xs: number[], alpha: number, w: number[] | undefined): Distribution<number> {
  const sampleWeight = w === undefined ? {} : { sampleWeight: w };
  if (k === "gaussian") return Gaussian.fit(xs, sampleWeight);
  if (k === "bernoulli") return Bernoulli.fit(xs, { alpha, ...sampleWeight });
  return Categorical.fit(xs, { alpha, ...sampleWeight });
}

/** The parameters of a distribution, to compare: [mean, std], [p] or the probabilities. */
function paramsOf(d: Distribution<number>): number[] {
  if (d instanceof Gaussian) return [d.mean, d.std];
  if (d instanceof Bernoulli) return [d.p];
  if (d instanceof Categorical) return Array.from(d.probs);
  return [d.mean];
}

describe("Product.fit equals each family's own fit, column by column", () => {
  it("property: Gaussian, Bernoulli and categorical columns, with and without sample weights", () => {
    fc.assert(
      fc.property(spec, (s) => {
        const X = makeColumns(s.kinds, s.rows, s.seed);
        const w = s.weighted ? weightsFor(s.rows, s.seed) : undefined;
        const p = Product.fit(X, { features: s.kinds, alpha: s.alpha, ...(w ? { sampleWeight: w } : {}) });
        expect(p.nFeatures).toBe(s.kinds.length);
        expect(p.featureKinds).toEqual(s.kinds);
        p.marginals.forEach((d, j) => {
          const own = ownFit(s.kinds[j]!, column(X, j), s.alpha, w);
          expect(d.constructor).toBe(own.constructor);
          expect(maxRel(paramsOf(d), paramsOf(own))).toBeLessThanOrEqual(1e-13);
        });
      }),
      FC,
    );
  });

  it("alpha per column and minCategories widen as each family's fit does", () => {
    const X = [
      [0, 1, 0.5],
      [1, 0, 1.5],
      [1, 2, 2.0],
    ];
    const p = Product.fit(X, {
      features: ["bernoulli", "categorical", "gaussian"],
      alpha: [2, 0.5, 0],
      minCategories: 5,
    });
    expect((p.marginals[0] as Bernoulli).p).toBe(Bernoulli.fit([0, 1, 1], { alpha: 2 }).p);
    expect((p.marginals[1] as Categorical).probs).toEqual(Categorical.fit([1, 0, 2], { alpha: 0.5, k: 5 }).probs);
  });

  it("integer sample weights equal repeated rows (exactly for Bernoulli and categorical columns)", () => {
    fc.assert(
      fc.property(spec, (s) => {
        const X = makeColumns(s.kinds, s.rows, s.seed);
        const w = X.map((_, i) => (i < 5 ? 1 + (i % 3) : (i * 31 + s.seed) % 4));
        const weighted = Product.fit(X, { features: s.kinds, alpha: s.alpha, sampleWeight: w });
        const rep = repeatRows(X, X, w);
        const repeated = Product.fit(rep.X, { features: s.kinds, alpha: s.alpha });
        weighted.marginals.forEach((d, j) => {
          const e = repeated.marginals[j]!;
          if (s.kinds[j] === "gaussian") expect(maxRel(paramsOf(d), paramsOf(e))).toBeLessThanOrEqual(1e-12);
          else expect(paramsOf(d)).toEqual(paramsOf(e));
        });
      }),
      FC,
    );
  });
});

describe("Product scores", () => {
  it("property: logLikelihood = Σ_j marginal logLikelihood; per row = Σ_j logProb; logProb(row)", () => {
    fc.assert(
      fc.property(spec, (s) => {
        const X = makeColumns(s.kinds, s.rows, s.seed);
        const p = Product.fit(X, { features: s.kinds, alpha: Math.max(s.alpha, 0.5) });
        const perColumn = p.marginals.reduce((t, d, j) => t + d.logLikelihood(column(X, j)), 0);
        expect(maxRel([p.logLikelihood(X)], [perColumn])).toBeLessThanOrEqual(1e-13);
        const perRow = p.logLikelihoodPerRow(X);
        expect(perRow).toBeInstanceOf(Float64Array);
        X.forEach((row, i) => {
          const direct = p.marginals.reduce((t, d, j) => t + d.logProb(row[j]!), 0);
          expect(maxRel([perRow[i]!], [direct])).toBeLessThanOrEqual(1e-14);
          expect(p.logProb(row)).toBe(perRow[i]);
        });
        // The dense form gives the same numbers, and `out` is written in place.
        const dense = { data: Float64Array.from(X.flat()), rows: X.length, cols: s.kinds.length };
        const out = new Float64Array(X.length);
        expect(p.logLikelihoodPerRow(dense, out)).toBe(out);
        expect(out).toEqual(perRow);
      }),
      FC,
    );
  });

  // Product.logProb's TSDoc: "log p(x) = Σ_j log p_j(x_j) of one row; −Infinity outside the
  // support", as each marginal's logProb (Bernoulli.logProb(2) and Categorical.logProb(0.5) are
  // −Infinity).
  it.each([
    ["a Bernoulli value of 2", [2, 0, 0]],
    ["a Bernoulli value of 0.5", [0.5, 0, 0]],
    ["a category code past K", [1, 5, 0]],
    ["a non-integer category", [1, 0.5, 0]],
    ["a negative category", [1, -1, 0]],
  ])("%s scores -Infinity, as the marginal's logProb does", (_, row) => {
    const p = new Product([new Bernoulli(0.3), new Categorical([0.5, 0.5]), new Gaussian(0, 1)]);
    const direct = p.marginals.reduce((t, d, j) => t + d.logProb(row[j]!), 0);
    expect(direct).toBe(-Infinity);
    expect(p.logProb(row)).toBe(-Infinity);
    expect(p.logLikelihoodPerRow([row])[0]).toBe(-Infinity);
  });

  it("logProb of a row inside the support", () => {
    const p = new Product([new Bernoulli(0.3), new Categorical([0.5, 0.5]), new Gaussian(0, 1)]);
    expect(p.logProb([1, 1, 0])).toBeCloseTo(Math.log(0.3) + Math.log(0.5) + new Gaussian(0, 1).logProb(0), 14);
  });
});

describe("Product.sample", () => {
  it("property: shape, support, reproducibility with a seed", () => {
    fc.assert(
      fc.property(spec, fc.integer({ min: 0, max: 60 }), (s, n) => {
        const X = makeColumns(s.kinds, s.rows, s.seed);
        const p = Product.fit(X, { features: s.kinds, alpha: s.alpha });
        const a = p.sample(createRng(s.seed), n);
        const b = p.sample(createRng(s.seed), n);
        expect(a.rows).toBe(n);
        expect(a.cols).toBe(s.kinds.length);
        expect(a.data).toEqual(b.data);
        for (let i = 0; i < n; i++) {
          s.kinds.forEach((k, j) => {
            const v = a.get(i, j);
            if (k === "gaussian") expect(Number.isFinite(v)).toBe(true);
            else expect(p.marginals[j]!.logProb(v)).toBeGreaterThan(-Infinity);
          });
        }
      }),
      { ...FC, numRuns: 50 },
    );
  });

  it("draws each column from its marginal (means within 6 standard errors)", () => {
    const p = new Product([new Gaussian(2, 3), new Bernoulli(0.2), new Categorical([0.1, 0.6, 0.3])]);
    const n = 20000;
    const S = p.sample(createRng(11), n);
    const mean = (j: number): number => {
      let t = 0;
      for (let i = 0; i < n; i++) t += S.get(i, j);
      return t / n;
    };
    p.marginals.forEach((d, j) => expect(Math.abs(mean(j) - d.mean)).toBeLessThan(6 * Math.sqrt(d.variance / n)));
  });

  it("writes into `out` when given", () => {
    const p = new Product([new Gaussian(0, 1), new Bernoulli(0.5)]);
    const out = new Float64Array(8);
    const m = p.sample(createRng(1), 4, out);
    expect(m.data).toBe(out);
  });
});

describe("Product JSON and merge", () => {
  it("property: JSON round trips exactly and scores identically", () => {
    fc.assert(
      fc.property(spec, (s) => {
        const X = makeColumns(s.kinds, s.rows, s.seed);
        const p = Product.fit(X, { features: s.kinds, alpha: s.alpha });
        const text = JSON.stringify(p);
        const back = Product.fromJSON(JSON.parse(text));
        expect(JSON.stringify(back)).toBe(text);
        expect(back.logLikelihoodPerRow(X)).toEqual(p.logLikelihoodPerRow(X));
        expect(back.sample(createRng(3), 5).data).toEqual(p.sample(createRng(3), 5).data);
      }),
      FC,
    );
  });

  it("property: merge of two shards equals the fit on their union", () => {
    fc.assert(
      fc.property(spec, fc.double({ min: 0.2, max: 0.8, noNaN: true }), (s, cut) => {
        const X = makeColumns(s.kinds, s.rows, s.seed);
        const w = s.weighted ? weightsFor(s.rows, s.seed) : undefined;
        const at = Math.max(3, Math.min(s.rows - 3, Math.floor(cut * s.rows)));
        const opts = (a: number, b: number): { features: Kind[]; alpha: number; sampleWeight?: number[] } => ({
          features: s.kinds,
          alpha: s.alpha,
          ...(w ? { sampleWeight: w.slice(a, b) } : {}),
        });
        // Shards that each keep a spread in every Gaussian column.
        const A = X.slice(0, at);
        const B = X.slice(at);
        const spread = (Y: number[][]): boolean =>
          s.kinds.every((k, j) => k !== "gaussian" || new Set(column(Y, j)).size > 1);
        fc.pre(spread(A) && spread(B));
        const merged = Product.fit(A, opts(0, at)).merge(Product.fit(B, opts(at, s.rows)));
        const whole = Product.fit(X, opts(0, s.rows));
        merged.marginals.forEach((d, j) => {
          const e = whole.marginals[j]!;
          if (s.kinds[j] === "gaussian") expect(maxRel(paramsOf(d), paramsOf(e))).toBeLessThanOrEqual(1e-13);
          else if (w === undefined) expect(paramsOf(d)).toEqual(paramsOf(e));
          else expect(maxRel(paramsOf(d), paramsOf(e))).toBeLessThanOrEqual(1e-14);
        });
      }),
      FC,
    );
  });
});

describe("Product errors", () => {
  const X = [
    [0.5, 1, 2],
    [1.5, 0, 0],
    [2.5, 1, 1],
  ];
  const features: FeatureKind[] = ["gaussian", "bernoulli", "categorical"];
  const cases: [string, () => unknown, typeof TypeError | typeof RangeError, RegExp][] = [
    ["parts not an array", () => new Product(5 as never), TypeError, /Product: parts must be an array/],
    ["no parts", () => new Product([]), RangeError, /Product: parts must not be empty/],
    ["a part of another kind", () => new Product([new Gaussian(0, 1), {} as never]), TypeError, /parts\[1\]/],
    ["fit: empty X", () => Product.fit([]), RangeError, /Product.fit: X is empty/],
    ["fit: no features", () => Product.fit([[], []]), RangeError, /Product.fit: X has no features/],
    ["fit: NaN", () => Product.fit([[1], [NaN], [2]]), RangeError, /Product.fit: X\[1\]\[0\] is NaN/],
    ["fit: Infinity", () => Product.fit([[1], [2], [Infinity]]), RangeError, /Product.fit: X\[2\]\[0\] is Infinity/],
    [
      "fit: a Bernoulli value other than 0/1",
      () => Product.fit([[0], [2]], { features: "bernoulli" }),
      RangeError,
      /X\[1\]\[0\]/,
    ],
    [
      "fit: a non-integer category",
      () => Product.fit([[0], [1.5]], { features: "categorical" }),
      RangeError,
      /X\[1\]\[0\]/,
    ],
    ["fit: unknown kind", () => Product.fit(X, { features: "laplace" as never }), TypeError, /options.features/],
    [
      "fit: features of the wrong length",
      () => Product.fit(X, { features: ["gaussian", "bernoulli"] }),
      RangeError,
      /X has 3 features but options.features gives 2 values/,
    ],
    ["fit: negative alpha", () => Product.fit(X, { features, alpha: -1 }), RangeError, /options.alpha/],
    ["fit: negative regVariance", () => Product.fit(X, { regVariance: -1 }), RangeError, /options.regVariance/],
    ["fit: unknown option", () => Product.fit(X, { alhpa: 1 } as never), TypeError, /alhpa/],
    [
      "fit: negative weight",
      () => Product.fit(X, { features, sampleWeight: [1, -1, 1] }),
      RangeError,
      /sampleWeight\[1\]/,
    ],
    [
      "fit: weights of the wrong length",
      () => Product.fit(X, { features, sampleWeight: [1, 1] }),
      RangeError,
      /sampleWeight has 2 values but the data have 3 rows/,
    ],
    [
      "fit: every weight 0",
      () => Product.fit(X, { features, sampleWeight: [0, 0, 0] }),
      RangeError,
      /every sample weight is 0/,
    ],
    [
      "fit: a constant Gaussian column",
      () => Product.fit([[1], [1], [1]]),
      RangeError,
      /Gaussian feature 0 is constant/,
    ],
    [
      "logLikelihood: wrong width",
      () => Product.fit(X, { features }).logLikelihood([[1, 2]]),
      RangeError,
      /Product.logLikelihood: X has 2 features but the model has 3/,
    ],
    ["sample: bad rng", () => Product.fit(X, { features }).sample({} as never, 2), TypeError, /Product.sample/],
    ["sample: bad n", () => Product.fit(X, { features }).sample(createRng(1), -1), RangeError, /Product.sample: n/],
    [
      "merge: a product built from parts",
      () => new Product([new Gaussian(0, 1)]).merge(new Product([new Gaussian(0, 1)])),
      TypeError,
      /only products fitted to data/,
    ],
    [
      "merge: other kinds",
      () => Product.fit(X, { features }).merge(Product.fit(X)),
      RangeError,
      /Product.merge: the feature kinds differ/,
    ],
    [
      "merge: other options",
      () => Product.fit(X, { features }).merge(Product.fit(X, { features, alpha: 1 })),
      RangeError,
      /Product.merge: the fit options differ/,
    ],
    ["merge: not a product", () => Product.fit(X, { features }).merge({} as never), TypeError, /Product.merge/],
    [
      "fromJSON: other version",
      () => Product.fromJSON({ type: "Product", version: 3, marginals: [] }),
      RangeError,
      /version 3/,
    ],
    [
      "fromJSON: unknown marginal",
      () => Product.fromJSON({ type: "Product", version: 1, marginals: [{ type: "Laplace" }] }),
      TypeError,
      /marginals\[0\]/,
    ],
    [
      "fromJSON: a bad marginal",
      () => Product.fromJSON({ type: "Product", version: 1, marginals: [{ type: "Gaussian", mean: 0, std: -1 }] }),
      RangeError,
      /std/,
    ],
  ];
  it.each(cases)("%s", (_, call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });

  it("a constant Gaussian column is fitted when regVariance > 0", () => {
    const p = Product.fit([[1], [1], [1]], { regVariance: 0.25 });
    expect(p.marginals[0]!.variance).toBe(0.25);
  });
});
