/**
 * The Gaussian kernel's tiled loops (EM's M-step with soft weights, and scoring), against exact
 * arithmetic. With integer values and weights that are multiples of 1/8, the weighted moments
 * have exact rational values: W = A / 8, mean = Σ a x / A and M2 = (A Σ a x² − (Σ a x)²) / (8A)
 * with A = Σ a, computed here in BigInt and rounded once. The kernel must match them to 1e-14
 * relative on every path: the one pass about a pilot centre (batches of 1024 rows or more),
 * the second pass for a component whose pilot is far off, the two passes of small batches,
 * labels with sample weights (one component per row),
 * columns gathered from a mixed model, rows given as arrays (read in blocks), and chunks merged.
 * Scoring is checked against the log-density written out term by term, on tile edges (rows not
 * a multiple of 64, columns not a multiple of 4, odd and even component counts).
 */
import { describe, expect, it } from "vitest";
import type { KernelStats, RowWeights } from "../../src/core/kernel.js";
import type { FeatureKind } from "../../src/distributions/registry.js";
import { RowBlocks, type MatrixInput } from "../../src/core/matrix.js";
import type { GaussianKernelStats } from "../../src/distributions/gaussian/stats.js";
import { Bernoulli, createRng, Gaussian, Mixture, Product } from "../../src/index.js";
import { createStats, layoutBlocks } from "../../src/models/blocks.js";
import { rel } from "./helpers.js";

const TOL = 1e-14;

interface Batch {
  /** rows × d values: integers (plus an integer offset), so every product with a weight is exact. */
  X: Float64Array;
  rows: number;
  d: number;
  /** rows × C weights, each a multiple of 1/8. */
  w: Float64Array;
  C: number;
}

/** A batch: column j of row i is offset + an integer in [−spread, spread]; weights a / 8, a in 0..8. */
function batch(rows: number, d: number, C: number, seed: number, offset = 1e6, spread = 500): Batch {
  const rng = createRng(seed);
  const X = new Float64Array(rows * d);
  for (let k = 0; k < X.length; k++) X[k] = offset + Math.floor(rng.next() * (2 * spread + 1)) - spread;
  const w = new Float64Array(rows * C);
  for (let k = 0; k < w.length; k++) w[k] = Math.floor(rng.next() * 9) / 8;
  return { X, rows, d, w, C };
}

/** Exact W, mean and M2 of column j in component c over the given rows (BigInt; one rounding each). */
function exactMoments(b: Batch, c: number, j: number, rowList?: readonly number[]): [number, number, number] {
  let A = 0n;
  let S1 = 0n;
  let S2 = 0n;
  const rows = rowList ?? Array.from({ length: b.rows }, (_, i) => i);
  for (const i of rows) {
    const a = BigInt(Math.round(b.w[i * b.C + c]! * 8));
    const x = BigInt(b.X[i * b.d + j]!);
    A += a;
    S1 += a * x;
    S2 += a * x * x;
  }
  if (A === 0n) return [0, 0, 0];
  const num = A * S2 - S1 * S1;
  return [Number(A) / 8, Number(S1) / Number(A), Number(num) / (8 * Number(A))];
}

/** The Gaussian block's statistics of `kinds` (C components) after accumulating `x` with weights `w`. */
function accumulate(
  kinds: FeatureKind[],
  X: MatrixInput | Float64Array,
  rows: number,
  w: Float64Array,
  C: number,
): GaussianKernelStats {
  const blocks = layoutBlocks(kinds, {
    alpha: () => 0,
    minCategories: () => 0,
    binarize: null,
    varSmoothing: 0,
    regVariance: 0,
  });
  const b = blocks.findIndex((s) => s.kind === "gaussian");
  const stats = createStats(blocks, C)[b]! as KernelStats;
  const weights: RowWeights = labelled(w, C) ?? {
    components: C,
    component: null,
    responsibility: w,
    sampleWeight: null,
  };
  const input = X instanceof Float64Array ? { data: X, rows, cols: kinds.length } : X;
  stats.accumulate("test", new RowBlocks(input, { rows, cols: kinds.length }), weights);
  return stats as GaussianKernelStats;
}

/**
 * The same weights as labels with sample weights when every row has at most one non-zero
 * weight (what NaiveBayes with sampleWeight passes), else null (soft weights, as EM's).
 */
function labelled(w: Float64Array, C: number): RowWeights | null {
  const rows = w.length / C;
  const component = new Int32Array(rows);
  const sampleWeight = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let nonZero = 0;
    for (let c = 0; c < C; c++) {
      if (w[i * C + c] === 0) continue;
      nonZero++;
      component[i] = c;
      sampleWeight[i] = w[i * C + c]!;
    }
    if (nonZero > 1) return null;
  }
  return { components: C, component, responsibility: null, sampleWeight };
}

/** Checks every component and Gaussian column of `s` (block column k = input column cols[k]) against exact moments. */
function expectExact(s: GaussianKernelStats, b: Batch, cols: readonly number[], rowList?: readonly number[]): void {
  for (let c = 0; c < b.C; c++) {
    for (let k = 0; k < cols.length; k++) {
      const [W, mean, m2] = exactMoments(b, c, cols[k]!, rowList);
      expect(s.weight[c]).toBe(W); // sums of multiples of 1/8: exact
      expect(rel(s.mean(c, k), mean), `mean of component ${c}, column ${cols[k]}`).toBeLessThanOrEqual(TOL);
      expect(rel(s.m2[c * cols.length + k]!, m2), `M2 of component ${c}, column ${cols[k]}`).toBeLessThanOrEqual(TOL);
    }
  }
}

const gaussians = (d: number): FeatureKind[] => Array.from({ length: d }, () => "gaussian");

describe("the Gaussian kernel's soft-weight moments equal exact arithmetic", () => {
  it("one pass about the pilot centre (3000 rows, 11 columns, 3 components)", () => {
    const b = batch(3000, 11, 3, 1);
    expectExact(accumulate(gaussians(11), b.X.slice(), 3000, b.w, 3), b, [...Array(11).keys()]);
  });

  it("a second pass for a component whose pilot rows miss its weight", () => {
    // Component 2 weighs only rows that the pilot (rows ⌊(t + ½)·n / 256⌋) skips, and those rows
    // sit near −1e6 while the rest sit near 1e6: its pilot centre is the plain mean, 2e6 off.
    const n = 3000;
    const b = batch(n, 6, 3, 2);
    const pilot = new Set(Array.from({ length: 256 }, (_, t) => Math.floor(((t + 0.5) * n) / 256)));
    for (let i = 0; i < n; i++) {
      b.w[i * 3 + 2] = 0;
      if (i % 7 === 3 && !pilot.has(i)) {
        b.w[i * 3 + 2] = 1 + (i % 3) / 8;
        for (let j = 0; j < 6; j++) b.X[i * 6 + j] = b.X[i * 6 + j]! - 2e6;
      }
    }
    expectExact(accumulate(gaussians(6), b.X, n, b.w, 3), b, [...Array(6).keys()]);
  });

  it("two passes for a batch too small to spare one (500 rows), and components with no weight", () => {
    const b = batch(500, 5, 4, 3);
    for (let i = 0; i < 500; i++) b.w[i * 4 + 1] = 0;
    const s = accumulate(gaussians(5), b.X, 500, b.w, 4);
    expectExact(s, b, [...Array(5).keys()]);
    expect(s.weight[1]).toBe(0);
  });

  it("Gaussian columns gathered from between other kinds, rows given as arrays", () => {
    const kinds: FeatureKind[] = [
      "gaussian",
      "bernoulli",
      "gaussian",
      "gaussian",
      "categorical",
      "gaussian",
      "gaussian",
    ];
    const b = batch(2500, kinds.length, 2, 4);
    for (let i = 0; i < b.rows; i++) {
      b.X[i * 7 + 1] = i % 2;
      b.X[i * 7 + 4] = i % 3;
    }
    const rows = Array.from({ length: b.rows }, (_, i) => Array.from(b.X.subarray(i * 7, (i + 1) * 7)));
    expectExact(accumulate(kinds, rows, b.rows, b.w, 2), b, [0, 2, 3, 5, 6]);
  });

  it("labels with sample weights (one non-zero weight per row), consecutive columns and not", () => {
    for (const kinds of [gaussians(6), ["gaussian", "bernoulli", "gaussian", "gaussian"] as FeatureKind[]]) {
      const b = batch(1500, kinds.length, 3, 7);
      for (let i = 0; i < b.rows; i++) {
        const keep = i % 3;
        for (let c = 0; c < 3; c++) if (c !== keep) b.w[i * 3 + c] = 0;
        if (kinds[1] === "bernoulli") b.X[i * kinds.length + 1] = i % 2;
      }
      const gaussianCols = kinds.flatMap((k, j) => (k === "gaussian" ? [j] : []));
      expectExact(accumulate(kinds, b.X, b.rows, b.w, 3), b, gaussianCols);
    }
  });

  it("chunks merged equal the exact moments of all their rows", () => {
    const b = batch(4000, 9, 3, 5);
    const first = accumulate(
      gaussians(9),
      { data: b.X.subarray(0, 2600 * 9), rows: 2600, cols: 9 },
      2600,
      b.w.subarray(0, 2600 * 3),
      3,
    );
    const second = accumulate(
      gaussians(9),
      { data: b.X.subarray(2600 * 9), rows: 1400, cols: 9 },
      1400,
      b.w.subarray(2600 * 3),
      3,
    );
    first.merge(second);
    expectExact(first, b, [...Array(9).keys()]);
  });

  it("a value that is not finite is refused by name, even in a row of weight 0", () => {
    for (const bad of [NaN, Infinity]) {
      const b = batch(2000, 4, 2, 6);
      b.w[1234 * 2] = 0;
      b.w[1234 * 2 + 1] = 0;
      b.X[1234 * 4 + 2] = bad;
      expect(() => accumulate(gaussians(4), b.X, 2000, b.w, 2)).toThrow(/X\[1234\]\[2\]/);
    }
  });
});

/** Σ_j log N(x_j; μ_cj, σ_cj) (Gaussian columns) and log p(x_j) (Bernoulli ones), term by term. */
function referenceJoint(
  weights: number[],
  comps: (Gaussian | Bernoulli)[][],
  row: ArrayLike<number>,
  c: number,
): number {
  let s = Math.log(weights[c]!);
  comps[c]!.forEach((d, j) => {
    if (d instanceof Gaussian) {
      const z = (row[j]! - d.mean) / d.std;
      s += -0.5 * z * z - Math.log(d.std) - 0.5 * Math.log(2 * Math.PI);
    } else s += row[j] === 1 ? Math.log(d.p) : Math.log1p(-d.p);
  });
  return s;
}

describe("tiled scoring equals the log-density written out", () => {
  for (const [K, d, n, mixed] of [
    [1, 7, 150, false],
    [2, 4, 64, false],
    [3, 7, 200, true],
    [5, 50, 130, false],
    [4, 9, 65, true],
  ] as const) {
    it(`K = ${K}, ${d} columns${mixed ? " (Bernoulli ones between)" : ""}, ${n} rows`, () => {
      const rng = createRng(K * 100 + d);
      const isBit = (j: number): boolean => mixed && j % 3 === 1;
      const comps = Array.from({ length: K }, () =>
        Array.from({ length: d }, (_, j) =>
          isBit(j) ? new Bernoulli(0.2 + 0.6 * rng.next()) : new Gaussian(4 * rng.next() - 2, 0.5 + rng.next()),
        ),
      );
      const raw = Array.from({ length: K }, () => 1 + rng.next());
      const weights = raw.map((v) => v / raw.reduce((a, b) => a + b));
      weights[K - 1] = 1 - weights.slice(0, K - 1).reduce((a, b) => a + b, 0);
      const mix = new Mixture(
        weights,
        comps.map((ms) => new Product(ms)),
      );
      const X = Array.from({ length: n }, () =>
        Array.from({ length: d }, (_, j) => (isBit(j) ? (rng.next() < 0.5 ? 1 : 0) : 6 * rng.next() - 3)),
      );
      const jll = mix.jointLogLikelihood(X);
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < K; c++) {
          const expected = referenceJoint(weights, comps, X[i]!, c);
          expect(Math.abs(jll.get(i, c) - expected), `row ${i}, component ${c}`).toBeLessThanOrEqual(
            1e-13 * Math.max(1, Math.abs(expected)),
          );
        }
      }
    });
  }
});
