/**
 * Properties of the joint families (multinomial, multivariate-gaussian) inside NaiveBayes,
 * Product and Mixture, with fast-check:
 * - a SparseMatrix gives the dense matrix's results within 1e-12 (multinomial, Bernoulli and
 *   Poisson features; fit, partialFit, scoring, predictions, EM);
 * - statistics merge in any split (partialFit in chunks ≡ fit; Product.merge ≡ one fit; merged
 *   E-step statistics ≡ one E-step);
 * - integer sample weights ≡ repeated rows;
 * - a failed call changes nothing;
 * - a model's joint block equals the family's own fit (Product.fit ≡ Multinomial.fit,
 *   MultivariateGaussian.fit);
 * - split blocks ({ kind, columns }), JSON round trips, tables with these kinds, sampling, errors.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createRng,
  Mixture,
  Multinomial,
  MultivariateGaussian,
  NaiveBayes,
  Product,
  SparseMatrix,
  type FeatureKind,
} from "../../src/index.js";
import { maxRel } from "./helpers.js";

const FC = { numRuns: 40, seed: 20261208 };

/** |a − b| ≤ tol · max(1, |b|) elementwise (equal infinities pass). */
function close(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    expect(Math.abs(a[i]! - b[i]!), `[${i}]: ${a[i]} vs ${b[i]}`).toBeLessThanOrEqual(
      tol * Math.max(1, Math.abs(b[i]!)),
    );
  }
}

/** Sparse count rows: mostly zeros, d columns, every row with at least one count. */
const countRows = (d: number, minRows = 2, maxRows = 30): fc.Arbitrary<number[][]> =>
  fc.array(
    fc
      .array(
        fc.oneof(
          { weight: 4, arbitrary: fc.constant<number>(0) },
          { weight: 1, arbitrary: fc.integer({ min: 1, max: 9 }) },
        ),
        {
          minLength: d,
          maxLength: d,
        },
      )
      .map((r) => {
        if (!r.some((v) => v > 0)) r[0] = 1;
        return r;
      }),
    { minLength: minRows, maxLength: maxRows },
  );

/** Labels 0/1 for n rows, both present. */
const labelsFor = (n: number): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }).map((y) => {
    y[0] = 0;
    y[1] = 1;
    return y;
  });

const countData = fc
  .integer({ min: 2, max: 8 })
  .chain((d) => countRows(d).chain((X) => fc.tuple(fc.constant(X), labelsFor(X.length))));

describe("a SparseMatrix gives the dense matrix's results (1e-12)", () => {
  const kindsList: (FeatureKind | readonly FeatureKind[])[] = ["multinomial", "bernoulli", "poisson"];
  it.each(kindsList.map((k) => [k]))(
    "NaiveBayes, features %s: fit, partialFit, predict, jointLogLikelihood",
    (features) => {
      fc.assert(
        fc.property(countData, ([X, y]) => {
          const opts = { features, alpha: 0.5, binarize: 0, classes: [0, 1] as number[] } as const;
          const bits = features === "bernoulli" ? X.map((r) => r.map((v) => (v > 0 ? 1 : 0))) : X;
          const dense = NaiveBayes.fit(bits, y, opts);
          const sparse = NaiveBayes.fit(SparseMatrix.fromDense(bits), y, opts);
          close(sparse.jointLogLikelihood(SparseMatrix.fromDense(bits)).data, dense.jointLogLikelihood(bits).data);
          close(sparse.jointLogLikelihood(bits).data, dense.jointLogLikelihood(bits).data);
          expect(Array.from(sparse.predict(SparseMatrix.fromDense(bits)))).toEqual(Array.from(dense.predict(bits)));
          const half = Math.floor(bits.length / 2);
          const chunked = new NaiveBayes(opts)
            .partialFit(SparseMatrix.fromDense(bits.slice(0, half)), y.slice(0, half))
            .partialFit(SparseMatrix.fromDense(bits.slice(half)), y.slice(half));
          close(chunked.predictLogProba(bits).data, dense.predictLogProba(bits).data);
        }),
        FC,
      );
    },
  );

  it("Product and Mixture of multinomials: fit, score and EM", () => {
    fc.assert(
      fc.property(countData, ([X]) => {
        const S = SparseMatrix.fromDense(X);
        const p = Product.fit(X, { features: "multinomial", alpha: 0.1 });
        close(Product.fit(S, { features: "multinomial", alpha: 0.1 }).logLikelihoodPerRow(S), p.logLikelihoodPerRow(X));
        const d = X[0]!.length;
        const start = (k: number): Multinomial => {
          const raw = Array.from({ length: d }, (_, j) => 1 + ((j + 3 * k) % d));
          const total = raw.reduce((a, b) => a + b, 0);
          return new Multinomial(raw.map((v) => v / total));
        };
        const init = new Mixture([0.5, 0.5], [new Product([start(0)]), new Product([start(1)])]);
        const o = { init, maxIter: 4, tol: 0, features: "multinomial" } as const;
        const md = Mixture.fit(X, o);
        const ms = Mixture.fit(S, o);
        close(ms.logLikelihoodTrace, md.logLikelihoodTrace);
        close(ms.predictProba(S).data, md.predictProba(X).data);
        close([ms.expectedStats(S).logLikelihood], [md.expectedStats(X).logLikelihood]);
      }),
      FC,
    );
  });

  it("reads a sparse row in O(its non-zeros): 2e4 × 1e5 with 20 counts a row", () => {
    const rows = 20000;
    const cols = 100000;
    const rng = createRng(3);
    const indptr = new Int32Array(rows + 1);
    const indices = new Int32Array(rows * 20);
    const data = new Float64Array(rows * 20);
    for (let i = 0; i < rows; i++) {
      const set = new Set<number>();
      while (set.size < 20) set.add(Math.floor(rng.next() * cols));
      Array.from(set)
        .sort((a, b) => a - b)
        .forEach((j, k) => {
          indices[i * 20 + k] = j;
          data[i * 20 + k] = 1 + Math.floor(rng.next() * 3);
        });
      indptr[i + 1] = (i + 1) * 20;
    }
    const S = SparseMatrix.fromCSR({ rows, cols, indptr, indices, data });
    const y = Array.from({ length: rows }, (_, i) => i % 2);
    const t0 = performance.now();
    const nb = NaiveBayes.fit(S, y, { features: "multinomial" });
    const predicted = nb.predict(S);
    const ms = performance.now() - t0;
    // A dense pass would touch 2e9 cells (seconds, and 16 GB as doubles); O(nnz) is ~4e5.
    expect(ms).toBeLessThan(3000);
    expect(predicted.length).toBe(rows);
  });
});

describe("merge in any split, and weights as repeated rows", () => {
  it("NaiveBayes multinomial: partialFit at any cut ≡ fit; integer weights ≡ repeated rows", () => {
    fc.assert(
      fc.property(
        countData.chain(([X, y]) =>
          fc.tuple(
            fc.constant(X),
            fc.constant(y),
            fc.integer({ min: 1, max: X.length - 1 }),
            fc.array(fc.integer({ min: 0, max: 3 }), { minLength: X.length, maxLength: X.length }),
          ),
        ),
        ([X, y, cut, w]) => {
          const opts = { features: "multinomial", alpha: 1, classes: [0, 1] as number[] } as const;
          const all = NaiveBayes.fit(X, y, opts);
          const parts = new NaiveBayes(opts)
            .partialFit(X.slice(0, cut), y.slice(0, cut))
            .partialFit(X.slice(cut), y.slice(cut));
          close(parts.jointLogLikelihood(X).data, all.jointLogLikelihood(X).data);
          if (!w.some((v) => v > 0)) w[0] = 1;
          const Xr: number[][] = [];
          const yr: number[] = [];
          X.forEach((r, i) => {
            for (let k = 0; k < w[i]!; k++) {
              Xr.push(r);
              yr.push(y[i]!);
            }
          });
          const weighted = NaiveBayes.fit(X, y, { ...opts, sampleWeight: w });
          const repeated = NaiveBayes.fit(Xr, yr, opts);
          close(weighted.jointLogLikelihood(X).data, repeated.jointLogLikelihood(X).data);
        },
      ),
      FC,
    );
  });

  it("Product multivariate-gaussian: merge in any split ≡ one fit (Chan); weights ≡ repeated rows; = MultivariateGaussian.fit", () => {
    const rowsArb = fc.array(fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 3, maxLength: 3 }), {
      minLength: 8,
      maxLength: 30,
    });
    fc.assert(
      fc.property(
        rowsArb.chain((X) =>
          fc.tuple(
            fc.constant(X),
            fc.integer({ min: 1, max: X.length - 1 }),
            fc.array(fc.integer({ min: 0, max: 3 }), { minLength: X.length, maxLength: X.length }),
          ),
        ),
        ([X, cut, w]) => {
          const shifted = X.map((r) => r.map((v) => v + 1e6)); // Chan's update keeps its digits far from 0
          const opts = { features: "multivariate-gaussian", regVariance: 1e-3 } as const;
          const all = Product.fit(shifted, opts);
          const merged = Product.fit(shifted.slice(0, cut), opts).merge(Product.fit(shifted.slice(cut), opts));
          const g = all.parts[0] as MultivariateGaussian;
          const h = merged.parts[0] as MultivariateGaussian;
          expect(maxRel(h.mean, g.mean)).toBeLessThan(1e-12);
          close(h.covariance.data, g.covariance.data, 1e-9);
          const ref = MultivariateGaussian.fit(shifted, { regVariance: 1e-3 });
          close(g.covariance.data, ref.covariance.data, 1e-9);
          if (!w.some((v) => v > 0)) w[0] = 1;
          const Xr = shifted.flatMap((r, i) => Array.from({ length: w[i]! }, () => r));
          if (Xr.length < 1) return;
          const weighted = Product.fit(shifted, { ...opts, sampleWeight: w }).parts[0] as MultivariateGaussian;
          const repeated = Product.fit(Xr, opts).parts[0] as MultivariateGaussian;
          expect(maxRel(weighted.mean, repeated.mean)).toBeLessThan(1e-12);
          close(weighted.covariance.data, repeated.covariance.data, 1e-8);
        },
      ),
      FC,
    );
  });

  it("Mixture full: E-step statistics of shards merge to those of all rows; Product.fit multinomial = Multinomial.fit", () => {
    fc.assert(
      fc.property(countData, ([X]) => {
        const p = Product.fit(X, { features: "multinomial", alpha: 0.5 }).parts[0] as Multinomial;
        close(p.probs, Multinomial.fit(X, { alpha: 0.5 }).probs, 1e-14);
        const G = X.map((r) => r.slice(0, 2).map((v, j) => v + 0.1 * j * r[0]!));
        const mix = Mixture.fit(G, { nComponents: 2, covariance: "full", maxIter: 2, regVariance: 1e-2 });
        const cut = Math.floor(G.length / 2);
        const merged = mix.expectedStats(G.slice(0, cut)).merge(mix.expectedStats(G.slice(cut)));
        const next = Mixture.fromStats(merged, { regVariance: 1e-2 });
        const direct = Mixture.fromStats(mix.expectedStats(G), { regVariance: 1e-2 });
        close(next.logLikelihoodPerRow(G), direct.logLikelihoodPerRow(G), 1e-9);
      }),
      FC,
    );
  });
});

describe("a failed call changes nothing", () => {
  it("partialFit with a bad count, a NaN, or a wrong width leaves the model as it was", () => {
    fc.assert(
      fc.property(countData, fc.constantFrom(-1, 1.5, NaN, Infinity), ([X, y], bad) => {
        const nb = NaiveBayes.fit(X, y, { features: "multinomial", classes: [0, 1] as number[] });
        const before = JSON.stringify(nb);
        const row = X[0]!.slice();
        row[row.length - 1] = bad;
        expect(() => nb.partialFit([X[1]!, row], [0, 1])).toThrow(/X\[1\]\[\d+\]/);
        expect(() => nb.partialFit(SparseMatrix.fromDense([X[1]!.concat([1])]), [0])).toThrow(RangeError);
        expect(JSON.stringify(nb)).toBe(before);
        const p = Product.fit(X, { features: "multinomial" });
        const before2 = JSON.stringify(p);
        const wider = Product.fit([[1, 2, 3, 4, 5, 6, 7, 8, 9]], { features: "multinomial" });
        expect(() => p.merge(wider)).toThrow(/Product\.merge: the feature kinds differ/);
        expect(JSON.stringify(p)).toBe(before2);
      }),
      FC,
    );
  });
});

describe("split blocks, parts and JSON", () => {
  const X = [
    [1, 0, 2, 0, 3, 1, 0, 0.5],
    [0, 2, 0, 1, 0, 0, 4, 1.5],
    [2, 1, 0, 0, 1, 2, 1, 0.7],
    [0, 1, 1, 2, 0, 1, 0, 1.1],
  ];
  const y = ["a", "b", "a", "b"];
  const features = [{ kind: "multinomial", columns: 3 }, { kind: "multinomial", columns: 4 }, "gaussian"] as const;

  it("two adjacent { kind, columns } entries are two multinomials, each its own θ", () => {
    const p = Product.fit(X, { features: [...features], alpha: 0 });
    const parts = p.parts;
    expect(parts.length).toBe(3);
    close((parts[0] as Multinomial).probs, Multinomial.fit(X.map((r) => r.slice(0, 3))).probs, 1e-15);
    close((parts[1] as Multinomial).probs, Multinomial.fit(X.map((r) => r.slice(3, 7))).probs, 1e-15);
    // One bag over the seven columns would score differently.
    const joined = Product.fit(X, { features: [...Array<FeatureKind>(7).fill("multinomial"), "gaussian"] });
    expect(joined.parts.length).toBe(2);
    expect(joined.logLikelihood(X)).not.toBeCloseTo(p.logLikelihood(X), 6);
    const copy = Product.fromJSON(JSON.parse(JSON.stringify(p)));
    expect(Array.from(copy.logLikelihoodPerRow(X))).toEqual(Array.from(p.logLikelihoodPerRow(X)));
    expect(() => p.merge(joined)).toThrow(/joint blocks differ/);
  });

  it("NaiveBayes and Mixture keep the split through JSON and merge", () => {
    const nb = NaiveBayes.fit(X, y, { features: [...features] });
    const copy = NaiveBayes.fromJSON<string>(JSON.parse(JSON.stringify(nb)));
    expect(Array.from(copy.jointLogLikelihood(X).data)).toEqual(Array.from(nb.jointLogLikelihood(X).data));
    close(
      nb.merge(copy).jointLogLikelihood(X).data,
      NaiveBayes.fit([...X, ...X], [...y, ...y], { features: [...features] }).jointLogLikelihood(X).data,
    );
    const mix = Mixture.fit(X, { nComponents: 2, features: [...features] });
    expect(mix.components[0]!.parts.length).toBe(3);
    expect(mix.freeParameters).toBe(2 * (2 + 3 + 2) + 1);
    const m2 = Mixture.fromJSON(JSON.parse(JSON.stringify(mix)));
    expect(Array.from(m2.logLikelihoodPerRow(X))).toEqual(Array.from(mix.logLikelihoodPerRow(X)));
  });

  it("a Product of adjacent joint parts keeps them apart; marginals names parts", () => {
    const p = new Product([new Multinomial([0.5, 0.5]), new Multinomial([0.2, 0.3, 0.5])]);
    expect(p.logProb([1, 1, 0, 1, 1])).toBeCloseTo(
      new Multinomial([0.5, 0.5]).logProb([1, 1]) + new Multinomial([0.2, 0.3, 0.5]).logProb([0, 1, 1]),
      14,
    );
    expect(() => p.marginals).toThrow(/read product\.parts/);
    const mvn = new MultivariateGaussian(
      [1, 2],
      [
        [2, 0.5],
        [0.5, 1],
      ],
    );
    const q = new Product([mvn, new MultivariateGaussian([0], [[4]])]);
    expect(q.logProb([1, 2, 0])).toBeCloseTo(
      mvn.logProb([1, 2]) + new MultivariateGaussian([0], [[4]]).logProb([0]),
      14,
    );
    expect(Product.fromJSON(JSON.parse(JSON.stringify(q))).logProb([1, 2, 0])).toBe(q.logProb([1, 2, 0]));
    expect(() => p.sample(createRng(1), 2)).toThrow(/no number of trials/);
  });

  it("bad { kind, columns } entries name the option", () => {
    expect(() => Product.fit(X, { features: [{ kind: "multinomial", columns: 0 } as never] })).toThrow(
      /options\.features\[0\]\.columns/,
    );
    expect(() => Product.fit(X, { features: [{ kind: "words", columns: 3 } as never] })).toThrow(
      /options\.features\[0\]\.kind/,
    );
    expect(() => Product.fit(X, { features: [{ kind: "multinomial", columns: 3, size: 1 } as never] })).toThrow(
      /columns|kind/,
    );
  });
});

describe("models with the joint kinds: scoring, sampling and errors", () => {
  it("a mixture of multinomials samples rows of its components' mean trials", () => {
    const X = [
      [5, 0, 1],
      [4, 1, 1],
      [0, 6, 6],
      [1, 5, 6],
    ];
    const mix = Mixture.fit(X, { nComponents: 2, features: "multinomial", rng: createRng(2) });
    const { X: rows, z } = mix.sample(createRng(5), 200);
    for (let i = 0; i < rows.rows; i++) {
      const n = rows.row(i).reduce((a, b) => a + b, 0);
      expect([6, 12]).toContain(n);
      expect(z[i]).toBeGreaterThanOrEqual(0);
    }
  });

  it("Mixture full samples from N(μ, Σ) (moments of 20 000 draws)", () => {
    const g = new MultivariateGaussian(
      [1, -2],
      [
        [2, 0.9],
        [0.9, 1],
      ],
    );
    const mix = new Mixture([1], [new Product([g])]);
    const { X } = mix.sample(createRng(9), 20000);
    const m0 = X.toArray().reduce((s, r) => s + r[0]!, 0) / X.rows;
    const c01 = X.toArray().reduce((s, r) => s + (r[0]! - 1) * (r[1]! + 2), 0) / X.rows;
    expect(Math.abs(m0 - 1)).toBeLessThan(0.05);
    expect(Math.abs(c01 - 0.9)).toBeLessThan(0.06);
  });

  it("a count on a zero-probability category is −Infinity; a classifier names a bad count", () => {
    const p = new Product([new Multinomial([0.5, 0.5, 0])]);
    expect(p.logProb([1, 0, 1])).toBe(-Infinity);
    expect(p.logProb([1, 1, 0])).toBeCloseTo(Math.log(0.5), 14);
    const nb = NaiveBayes.fit(
      [
        [1, 0],
        [0, 2],
      ],
      ["a", "b"],
      { features: "multinomial" },
    );
    expect(() => nb.predict([[1, 0.5]])).toThrow(/NaiveBayes\.predict: X\[0\]\[1\] is 0\.5/);
    expect(p.logProb([1, 0.5, 0])).toBe(-Infinity);
  });

  it("rank-deficient Gaussian columns without regVariance are a RangeError naming regVariance", () => {
    const X = [
      [1, 2],
      [2, 4],
      [3, 6],
    ];
    expect(() => Product.fit(X, { features: "multivariate-gaussian" })).toThrow(/Product\.fit.*regVariance/);
    expect(() => Mixture.fit(X, { nComponents: 1, covariance: "full", regVariance: 0 })).toThrow(/regVariance/);
    expect(() => Mixture.fit(X, { nComponents: 1, covariance: "other" as never })).toThrow(/options\.covariance/);
  });

  it("missing: 'ignore' scores a multinomial row on its present counts, a Gaussian block on its marginal", () => {
    const nb = NaiveBayes.fit(
      [
        [1, 0, 2],
        [0, 2, 1],
      ],
      ["a", "b"],
      { features: "multinomial", missing: "ignore" },
    );
    const theta = nb.toJSON();
    expect(theta.type).toBe("NaiveBayes");
    const full = nb.jointLogLikelihood([[1, 0, 2]]).data;
    const partial = nb.jointLogLikelihood([[1, 0, NaN]]).data;
    // With x_2 missing: the counts of categories 0 and 1 given their total, θ renormalised.
    const p = Product.fit([[1, 0, 2]], { features: "multinomial", alpha: 1 }).parts[0] as Multinomial;
    expect(partial.every((v) => Number.isFinite(v))).toBe(true);
    expect(full[0]).not.toBe(partial[0]);
    expect(p.dimension).toBe(3);
    const gx = [
      [0, 0.1, 1],
      [1, 0.9, 2],
      [2, 2.2, 2.5],
      [3, 2.8, 4],
    ];
    const gnb = NaiveBayes.fit(gx, [0, 0, 1, 1], { features: "multivariate-gaussian", missing: "ignore" });
    expect(Number.isFinite(gnb.jointLogLikelihood([[1, NaN, 2]]).get(0, 0))).toBe(true);
  });
});

describe("tables with the joint kinds", () => {
  const rows = [
    { w1: 2, w2: 0, w3: 1, height: 1.7, weight: 70, spam: "yes" },
    { w1: 0, w2: 3, w3: 0, height: 1.6, weight: 58, spam: "no" },
    { w1: 1, w2: 0, w3: 2, height: 1.8, weight: 81, spam: "yes" },
    { w1: 0, w2: 1, w3: 1, height: 1.5, weight: 52, spam: "no" },
    { w1: 3, w2: 1, w3: 0, height: 1.75, weight: 77, spam: "yes" },
    { w1: 0, w2: 2, w3: 1, height: 1.65, weight: 62, spam: "no" },
  ];
  const words = { w1: "multinomial", w2: "multinomial", w3: "multinomial" } as const;

  it("NaiveBayes and Product on a table with a multinomial bag", () => {
    const nb = NaiveBayes.fit(rows, { target: "spam", features: words });
    expect(nb.predict([{ w1: 3, w2: 0, w3: 1, height: 1.7, weight: 72 }])).toEqual(["yes"]);
    const p = Product.fit(rows, { features: words });
    const m = p.parts.find((d) => d instanceof Multinomial) as Multinomial;
    close(m.probs, Multinomial.fit(rows.map((r) => [r.w1, r.w2, r.w3])).probs, 1e-15);
    const sample = p.sample(createRng(1), 3);
    expect(Object.keys(sample[0]!).sort()).toEqual(["height", "spam", "w1", "w2", "w3", "weight"]);
  });

  it("Mixture covariance: 'full' joins a table's Gaussian columns into one block", () => {
    const mix = Mixture.fit(rows, { nComponents: 2, covariance: "full", features: words, regVariance: 1e-3 });
    const kinds = mix.featureKinds;
    expect(kinds.filter((k) => k === "multivariate-gaussian").length).toBe(2);
    const parts = mix.components[0]!.parts;
    expect(parts.some((d) => d instanceof MultivariateGaussian && d.dimension === 2)).toBe(true);
    const copy = Mixture.fromJSON(JSON.parse(JSON.stringify(mix)));
    expect(Array.from(copy.logLikelihoodPerRow(rows))).toEqual(Array.from(mix.logLikelihoodPerRow(rows)));
  });
});

describe("Mixture.fitAsync with covariance: 'full'", () => {
  it("streams to the same full-covariance model as Mixture.fit from the same start", async () => {
    const rng = createRng(4);
    const a = new MultivariateGaussian(
      [0, 0],
      [
        [1, 0.8],
        [0.8, 1],
      ],
    ).sample(rng, 60);
    const b = new MultivariateGaussian(
      [4, 4],
      [
        [1, -0.5],
        [-0.5, 1],
      ],
    ).sample(rng, 60);
    const X = [...a.toArray(), ...b.toArray()];
    const init = new Mixture(
      [0.5, 0.5],
      [
        new Product([
          new MultivariateGaussian(
            [0.5, 0.5],
            [
              [1, 0],
              [0, 1],
            ],
          ),
        ]),
        new Product([
          new MultivariateGaussian(
            [3.5, 3.5],
            [
              [1, 0],
              [0, 1],
            ],
          ),
        ]),
      ],
    );
    const streamed = await Mixture.fitAsync(() => [X.slice(0, 50), X.slice(50)], {
      init,
      maxIter: 5,
      tol: 0,
      covariance: "full",
    });
    const fitted = Mixture.fit(X, { init, maxIter: 5, tol: 0, covariance: "full" });
    close(streamed.logLikelihoodPerRow(X), fitted.logLikelihoodPerRow(X), 1e-10);
    const fresh = await Mixture.fitAsync(() => [X], { nComponents: 2, covariance: "full", maxIter: 3 });
    expect(fresh.featureKinds).toEqual(["multivariate-gaussian", "multivariate-gaussian"]);
    await expect(Mixture.fitAsync(() => [X], { nComponents: 2, covariance: "tied" as never })).rejects.toThrow(
      /options\.covariance must be "diag", "full"/,
    );
  });
});

describe("semi-supervised NaiveBayes with multinomial features", () => {
  it("EM over null labels raises the objective; with every label it is the supervised fit", () => {
    const rng = createRng(8);
    const a = new Multinomial([0.5, 0.3, 0.1, 0.05, 0.05]);
    const b = new Multinomial([0.05, 0.05, 0.1, 0.3, 0.5]);
    const X = [...a.sample(rng, 40, { trials: 20 }).toArray(), ...b.sample(rng, 40, { trials: 20 }).toArray()];
    const y = X.map((_, i) => (i < 40 ? "a" : "b"));
    const partial = y.map((v, i) => (i % 10 === 0 ? v : null));
    const semi = NaiveBayes.fit(X, partial, { features: "multinomial", maxIter: 10, tol: 0 });
    const trace = semi.logLikelihoodTrace;
    expect(trace.length).toBeGreaterThan(1);
    // EM never lowers its objective (here the log-likelihood plus α's log prior, so the
    // trace of log-likelihoods may rise a little less): it rises overall.
    expect(trace[trace.length - 1]!).toBeGreaterThan(trace[0]! - 1e-9);
    expect(semi.predict(X).filter((p, i) => p === y[i]).length).toBeGreaterThanOrEqual(76);
    const full = NaiveBayes.fit(X, y, { features: "multinomial" });
    const sparse = NaiveBayes.fit(SparseMatrix.fromDense(X), partial, { features: "multinomial", maxIter: 10, tol: 0 });
    close(sparse.jointLogLikelihood(X).data, semi.jointLogLikelihood(X).data);
    expect(full.predict(X).length).toBe(80);
  });
});
