/**
 * Gaussian features: x_j | class c ~ N(μ_cj, σ²_cj), as scikit-learn's GaussianNB.
 *
 * Statistics per class and feature are the count (the class count), the mean and
 * M2 = Σ (x − mean)². A batch is summarised by the corrected two-pass algorithm and merged into
 * the running statistics with Chan's formula, so `fit` is the merge of one batch into nothing and
 * any chunking of `partialFit` gives the same numbers up to rounding.
 *
 * σ²_cj = M2_cj / n_c + ε, with ε = varSmoothing × max_j Var_j, Var_j being the variance of
 * feature j over every row seen (all classes). That variance is not stored: it follows from the
 * per-class statistics by the same merge formula, so it is always that of all rows seen, however
 * they arrived (scikit-learn recomputes ε from each partial_fit batch instead).
 */

import { Matrix, type RowBlocks } from "../core/matrix.js";
import type { Rng } from "../core/rng.js";
import { standardNormal } from "../distributions/gaussian/sampler.js";
import {
  skipMissing,
  isContiguous,
  numbersFromJSON,
  remapRows,
  type FeatureBlock,
  type ScoreContext,
} from "./feature-block.js";

const LOG_2PI = 1.8378770664093453; // log 2π
/** Variances are kept at least this (the smallest normal double), so 1 / (2σ²) stays finite. */
const MIN_VARIANCE = 2.2250738585072014e-308;

/** Per-class Gaussian models of the Gaussian columns. */
export class GaussianFeatures implements FeatureBlock {
  readonly kind = "gaussian" as const;
  readonly cols: Int32Array;
  private readonly contiguous: boolean;
  private readonly varSmoothing: number;
  private classes: number;
  // Statistics, classes × features, row-major (class c, feature k at c·m + k).
  private mean: Float64Array;
  private m2: Float64Array;
  // Parameters derived by finalize().
  /** ε added to every variance. */
  epsilon = 0;
  private variance: Float64Array;
  private std: Float64Array;
  private halfInvVar: Float64Array; // 1 / (2σ²): a multiply in the hot loop instead of a divide
  private logNorm: Float64Array; // −½ log(2πσ²), per class and feature (for rows with missing features)
  private logNormSum: Float64Array; // Σ_j −½ log(2πσ²_cj), per class

  constructor(cols: Int32Array, varSmoothing: number, classes: number) {
    this.cols = cols;
    this.contiguous = isContiguous(cols);
    this.varSmoothing = varSmoothing;
    this.classes = classes;
    const size = classes * cols.length;
    this.mean = new Float64Array(size);
    this.m2 = new Float64Array(size);
    this.variance = new Float64Array(size);
    this.std = new Float64Array(size);
    this.halfInvVar = new Float64Array(size);
    this.logNorm = new Float64Array(size);
    this.logNormSum = new Float64Array(classes);
  }

  remapClasses(classes: number, oldToNew: Int32Array): void {
    const m = this.cols.length;
    this.mean = remapRows(this.mean, m, classes, oldToNew);
    this.m2 = remapRows(this.m2, m, classes, oldToNew);
    this.classes = classes;
    const size = classes * m;
    this.variance = new Float64Array(size);
    this.std = new Float64Array(size);
    this.halfInvVar = new Float64Array(size);
    this.logNorm = new Float64Array(size);
    this.logNormSum = new Float64Array(classes);
  }

  prepareBatch(
    x: RowBlocks,
    y: Int32Array,
    classes: number,
    batchCount: Float64Array,
    onBad: (fallback?: string) => void,
  ): (countBefore: Float64Array) => void {
    const m = this.cols.length;
    const d = x.cols;
    const cols = this.cols;
    const first = cols[0]!;
    const contiguous = this.contiguous;
    const size = classes * m;
    // Pass 1: per-class sums, hence a first estimate of the batch means. Rows stay in input
    // order (no per-class copies); each row adds into its class's m sums.
    const mu = new Float64Array(size);
    for (let start = 0; start < x.rows; start += x.blockRows) {
      const buf = x.block(start);
      const end = Math.min(x.rows, start + x.blockRows);
      if (contiguous) sumRows(buf, x.offset + first, d, start, end, y, m, mu);
      else sumRowsIndexed(buf, x.offset, d, start, end, y, cols, mu);
    }
    // A NaN or infinite value leaves its sum non-finite: that is the whole data check here.
    // Finite values whose sum overflows (near ±1.8e308) are refused too, rather than fitted
    // into an infinite mean.
    for (let k = 0; k < size; k++) {
      if (mu[k]! - mu[k]! !== 0) {
        onBad(`the values of feature ${cols[k % m]!} are too large: their sum overflows; rescale the data`);
        break;
      }
    }
    for (let c = 0; c < classes; c++) {
      const n = batchCount[c]!;
      if (n > 0) for (let k = c * m; k < (c + 1) * m; k++) mu[k] = mu[k]! / n;
    }
    // Pass 2: Σ (x − mu) and Σ (x − mu)². The first is zero up to the rounding of mu; it both
    // refines the mean and removes that rounding from M2 (Chan, Golub & LeVeque's corrected
    // two-pass formula). Never Σx² − n·mean², which cancels catastrophically.
    const dev = new Float64Array(size);
    const sq = new Float64Array(size);
    for (let start = 0; start < x.rows; start += x.blockRows) {
      const buf = x.block(start);
      const end = Math.min(x.rows, start + x.blockRows);
      if (contiguous) sumDeviations(buf, x.offset + first, d, start, end, y, m, mu, dev, sq);
      else sumDeviationsIndexed(buf, x.offset, d, start, end, y, cols, mu, dev, sq);
    }
    return (countBefore) => {
      // Merge each class's batch summary (nB, meanB, M2B) into the running one (nA, meanA, M2A):
      // mean = meanA + δ·nB/n and M2 = M2A + M2B + δ²·nA·nB/n with δ = meanB − meanA (Chan et al.).
      for (let c = 0; c < classes; c++) {
        const nB = batchCount[c]!;
        if (nB === 0) continue;
        const nA = countBefore[c]!;
        const n = nA + nB;
        for (let k = c * m; k < (c + 1) * m; k++) {
          const meanB = mu[k]! + dev[k]! / nB;
          const m2B = Math.max(0, sq[k]! - (dev[k]! * dev[k]!) / nB);
          if (nA === 0) {
            this.mean[k] = meanB;
            this.m2[k] = m2B;
          } else {
            const delta = meanB - this.mean[k]!;
            this.mean[k] = this.mean[k]! + delta * (nB / n);
            this.m2[k] = this.m2[k]! + m2B + delta * delta * ((nA * nB) / n);
          }
        }
      }
    };
  }

  finalize(classCount: Float64Array): void {
    const m = this.cols.length;
    const C = this.classes;
    // ε: the largest variance of any feature over all rows, from the per-class summaries by the
    // same merge: M2_total = Σ_c M2_c + Σ_c n_c (mean_c − mean)².
    let total = 0;
    for (let c = 0; c < C; c++) total += classCount[c]!;
    let maxVar = 0;
    if (total > 0) {
      for (let k = 0; k < m; k++) {
        let grand = 0;
        for (let c = 0; c < C; c++) grand += classCount[c]! * this.mean[c * m + k]!;
        grand /= total;
        let m2 = 0;
        for (let c = 0; c < C; c++) {
          const e = this.mean[c * m + k]! - grand;
          m2 += this.m2[c * m + k]! + classCount[c]! * e * e;
        }
        if (m2 / total > maxVar) maxVar = m2 / total;
      }
    }
    this.epsilon = this.varSmoothing * maxVar;
    for (let c = 0; c < C; c++) {
      const n = classCount[c]!;
      let sum = 0;
      for (let k = c * m; k < (c + 1) * m; k++) {
        const v = Math.max(MIN_VARIANCE, (n > 0 ? this.m2[k]! / n : 0) + this.epsilon);
        this.variance[k] = v;
        this.std[k] = Math.sqrt(v);
        this.halfInvVar[k] = 0.5 / v;
        const ln = -0.5 * (LOG_2PI + Math.log(v));
        this.logNorm[k] = ln;
        sum += ln;
      }
      this.logNormSum[c] = sum;
    }
  }

  addJointLogLikelihood(
    buf: Float64Array,
    off: number,
    n: number,
    rowStart: number,
    x: RowBlocks,
    out: Float64Array,
    outOff: number,
    ctx: ScoreContext,
  ): void {
    const m = this.cols.length;
    const C = this.classes;
    const d = x.cols;
    const mean = this.mean;
    const h = this.halfInvVar;
    const norm = this.logNormSum;
    // log N(x; μ, σ²) summed over features = Σ_j −½ log(2πσ²_cj) − Σ_j (x_j − μ_cj)² / (2σ²_cj).
    // The first sum is a per-class constant; the loop computes the second. Rows outermost so
    // that a row (and the C × m parameters) stay in L1 across classes. A NaN or infinite
    // feature makes s non-finite; only then is the cell redone slowly, to name the culprit or
    // to leave a missing feature out.
    if (this.contiguous) {
      // Two classes per pass over the row: each x is loaded once for both.
      const first = this.cols[0]!;
      for (let r = 0; r < n; r++) {
        const base = off + r * d + first;
        const o = outOff + r * C;
        for (let c = 0; c < C; c += 2) {
          const pa = c * m;
          const pb = c + 1 < C ? pa + m : pa; // an odd last class is computed twice, kept once
          let sa = 0;
          let sb = 0;
          for (let k = 0; k < m; k++) {
            const v = buf[base + k]!;
            const ea = v - mean[pa + k]!;
            const eb = v - mean[pb + k]!;
            sa += ea * ea * h[pa + k]!;
            sb += eb * eb * h[pb + k]!;
          }
          out[o + c] =
            out[o + c]! + (sa - sa === 0 ? norm[c]! - sa : this.slowCell(buf, off + r * d, rowStart + r, c, x, ctx));
          if (c + 1 < C) {
            out[o + c + 1] =
              out[o + c + 1]! +
              (sb - sb === 0 ? norm[c + 1]! - sb : this.slowCell(buf, off + r * d, rowStart + r, c + 1, x, ctx));
          }
        }
      }
      return;
    }
    const cols = this.cols;
    for (let r = 0; r < n; r++) {
      const base = off + r * d;
      const o = outOff + r * C;
      for (let c = 0; c < C; c++) {
        const p = c * m;
        let s = 0;
        for (let k = 0; k < m; k++) {
          const e = buf[base + cols[k]!]! - mean[p + k]!;
          s += e * e * h[p + k]!;
        }
        out[o + c] = out[o + c]! + (s - s === 0 ? norm[c]! - s : this.slowCell(buf, base, rowStart + r, c, x, ctx));
      }
    }
  }

  /** One class's term for a row with a NaN, an infinite value or an overflowing distance. */
  private slowCell(buf: Float64Array, base: number, row: number, c: number, x: RowBlocks, ctx: ScoreContext): number {
    const m = this.cols.length;
    let s = 0;
    for (let k = 0; k < m; k++) {
      const j = this.cols[k]!;
      const v = buf[base + j]!;
      if (!Number.isFinite(v)) {
        skipMissing(v, row, j, x, ctx); // throws unless a NaN to leave out
        continue;
      }
      const e = v - this.mean[c * m + k]!;
      s += this.logNorm[c * m + k]! - e * e * this.halfInvVar[c * m + k]!;
    }
    return s; // finite, or −Infinity when a distance overflows: the point is that far out
  }

  sampleRow(rng: Rng, c: number, row: Float64Array, rowOff: number): void {
    const m = this.cols.length;
    for (let k = 0; k < m; k++)
      row[rowOff + this.cols[k]!] = this.mean[c * m + k]! + this.std[c * m + k]! * standardNormal(rng);
  }

  /** Class means, classes × (Gaussian features). */
  means(): Matrix {
    return new Matrix(this.mean.slice(), this.classes, this.cols.length);
  }

  /** Class variances including ε, classes × (Gaussian features). */
  variances(): Matrix {
    return new Matrix(this.variance.slice(), this.classes, this.cols.length);
  }

  /** Writes the block's column of the given per-class parameter into a classes × d matrix. */
  scatter(which: "mean" | "variance", target: Matrix): void {
    const src = which === "mean" ? this.mean : this.variance;
    const m = this.cols.length;
    for (let c = 0; c < this.classes; c++) {
      for (let k = 0; k < m; k++) target.data[c * target.cols + this.cols[k]!] = src[c * m + k]!;
    }
  }

  toJSON(): { mean: number[]; m2: number[] } {
    return { mean: Array.from(this.mean), m2: Array.from(this.m2) };
  }

  /** Restores the statistics written by `toJSON`. */
  loadJSON(where: string, json: unknown): void {
    const o = (json ?? {}) as { mean?: unknown; m2?: unknown };
    const size = this.classes * this.cols.length;
    this.mean = numbersFromJSON(`${where}.gaussian.mean`, o.mean, size);
    this.m2 = numbersFromJSON(`${where}.gaussian.m2`, o.m2, size);
    for (let i = 0; i < size; i++) if (this.m2[i]! < 0) throw new RangeError(`${where}.gaussian.m2[${i}] must be >= 0`);
  }
}

// The two passes of a batch fit over consecutive columns, as top-level functions so that V8
// optimises each loop on its own. Row i (from buf[at + (i − start)·d]) adds into the m cells of
// its class, p = y[i]·m.

/** Pass 1: Σ x per class and feature. */
function sumRows(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  y: Int32Array,
  m: number,
  sum: Float64Array,
): void {
  for (let i = start; i < end; i++, at += d) {
    const p = y[i]! * m;
    let k = 0;
    // Four features per step: V8 emits no SIMD, but the independent adds overlap (~1.5× faster
    // than one at a time).
    for (; k + 3 < m; k += 4) {
      sum[p + k] = sum[p + k]! + buf[at + k]!;
      sum[p + k + 1] = sum[p + k + 1]! + buf[at + k + 1]!;
      sum[p + k + 2] = sum[p + k + 2]! + buf[at + k + 2]!;
      sum[p + k + 3] = sum[p + k + 3]! + buf[at + k + 3]!;
    }
    for (; k < m; k++) sum[p + k] = sum[p + k]! + buf[at + k]!;
  }
}

/** Pass 2: Σ (x − mu) and Σ (x − mu)² per class and feature. */
function sumDeviations(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  y: Int32Array,
  m: number,
  mu: Float64Array,
  dev: Float64Array,
  sq: Float64Array,
): void {
  for (let i = start; i < end; i++, at += d) {
    const p = y[i]! * m;
    let k = 0;
    // Four features per step, as in sumRows (~1.25× faster than one at a time).
    for (; k + 3 < m; k += 4) {
      const e0 = buf[at + k]! - mu[p + k]!;
      const e1 = buf[at + k + 1]! - mu[p + k + 1]!;
      const e2 = buf[at + k + 2]! - mu[p + k + 2]!;
      const e3 = buf[at + k + 3]! - mu[p + k + 3]!;
      dev[p + k] = dev[p + k]! + e0;
      dev[p + k + 1] = dev[p + k + 1]! + e1;
      dev[p + k + 2] = dev[p + k + 2]! + e2;
      dev[p + k + 3] = dev[p + k + 3]! + e3;
      sq[p + k] = sq[p + k]! + e0 * e0;
      sq[p + k + 1] = sq[p + k + 1]! + e1 * e1;
      sq[p + k + 2] = sq[p + k + 2]! + e2 * e2;
      sq[p + k + 3] = sq[p + k + 3]! + e3 * e3;
    }
    for (; k < m; k++) {
      const e = buf[at + k]! - mu[p + k]!;
      dev[p + k] = dev[p + k]! + e;
      sq[p + k] = sq[p + k]! + e * e;
    }
  }
}

/** Pass 1 over the columns `cols` of each row (a mixed model's Gaussian features). */
function sumRowsIndexed(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  y: Int32Array,
  cols: Int32Array,
  sum: Float64Array,
): void {
  const m = cols.length;
  for (let i = start; i < end; i++, at += d) {
    const p = y[i]! * m;
    for (let k = 0; k < m; k++) sum[p + k] = sum[p + k]! + buf[at + cols[k]!]!;
  }
}

/** Pass 2 over the columns `cols` of each row. */
function sumDeviationsIndexed(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  y: Int32Array,
  cols: Int32Array,
  mu: Float64Array,
  dev: Float64Array,
  sq: Float64Array,
): void {
  const m = cols.length;
  for (let i = start; i < end; i++, at += d) {
    const p = y[i]! * m;
    for (let k = 0; k < m; k++) {
      const e = buf[at + cols[k]!]! - mu[p + k]!;
      dev[p + k] = dev[p + k]! + e;
      sq[p + k] = sq[p + k]! + e * e;
    }
  }
}
