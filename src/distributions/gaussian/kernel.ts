/**
 * The Gaussian family's kernel: x_k | c ~ N(μ_ck, σ²_ck) for a block of columns and C
 * components (scikit-learn's GaussianNB with labels, GaussianMixture(covariance_type="diag")
 * with responsibilities).
 *
 * Statistics per component are the weight W_c = Σ_i w_ic and, per column, the weighted mean and
 * M2 = Σ_i w_ic (x_ik − mean)². The mean is held as a shift (a value near the data) plus the
 * mean of x − shift, so data like 1e9 + noise keep the digits of their noise through any number
 * of merges. A batch is summarised by the corrected two-pass algorithm and merged with Chan's
 * formula ({@link mergeMoments}, the one place it is written), so any chunking of the data gives
 * the same numbers up to rounding.
 *
 * σ²_ck = M2_ck / W_c + ε + regVariance, with ε = varSmoothing × max_k Var_k, Var_k being the
 * variance of column k over every row seen, derived from the per-component statistics by the
 * same merge (scikit-learn recomputes ε from each partial_fit batch instead).
 */

import {
  isContiguous,
  numbersFromJSON,
  remapRows,
  requireFiniteCells,
  rowWeightsDense,
  skipMissing,
} from "../../core/cells.js";
import type { Distribution } from "../../core/distribution.js";
import type { Family, KernelOptions, KernelParams, KernelStats, RowWeights, ScoreContext } from "../../core/kernel.js";
import type { RowBlocks } from "../../core/matrix.js";
import type { Rng } from "../../core/rng.js";
import { Gaussian } from "./gaussian.js";
import { standardNormal } from "./sampler.js";

const LOG_2PI = 1.8378770664093453; // log 2π
/** Variances are kept at least this (the smallest normal double), so 1 / (2σ²) stays finite. */
const MIN_VARIANCE = 2.2250738585072014e-308;

/**
 * Chan, Golub & LeVeque's merge of the summary (wB, meanB, m2B) into the one at index `i` of
 * (w, mean, m2), where means are relative to the same shift: mean += δ·wB/W and
 * M2 += M2B + δ²·wA·wB/W with δ = meanB − meanA and W = wA + wB. `wA` is read from `w[c]`.
 */
export function mergeMoments(
  wA: number,
  mean: Float64Array,
  m2: Float64Array,
  i: number,
  wB: number,
  meanB: number,
  m2B: number,
): void {
  if (wB === 0) return;
  if (wA === 0) {
    mean[i] = meanB;
    m2[i] = m2B;
    return;
  }
  const w = wA + wB;
  const delta = meanB - mean[i]!;
  mean[i] = mean[i]! + delta * (wB / w);
  m2[i] = m2[i]! + m2B + delta * delta * ((wA * wB) / w);
}

/** Weighted Gaussian statistics of a block of columns, per component. @internal */
export class GaussianKernelStats implements KernelStats {
  readonly kind = "gaussian" as const;
  readonly cols: Int32Array;
  components: number;
  private readonly contiguous: boolean;
  /** W_c per component. */
  weight: Float64Array;
  /** The shift per component and column (the mean is shift + shiftedMean). */
  shift: Float64Array;
  /** The mean of x − shift per component and column. */
  shiftedMean: Float64Array;
  /** M2 = Σ w (x − mean)² per component and column. */
  m2: Float64Array;

  constructor(cols: Int32Array, components: number) {
    this.cols = cols;
    this.components = components;
    this.contiguous = isContiguous(cols);
    const size = components * cols.length;
    this.weight = new Float64Array(components);
    this.shift = new Float64Array(size);
    this.shiftedMean = new Float64Array(size);
    this.m2 = new Float64Array(size);
  }

  totals(): Float64Array {
    return this.weight.slice();
  }

  empty(): GaussianKernelStats {
    return new GaussianKernelStats(this.cols, this.components);
  }

  /** The mean of component c, column k of the block. */
  mean(c: number, k: number): number {
    const i = c * this.cols.length + k;
    return this.shift[i]! + this.shiftedMean[i]!;
  }

  /**
   * Welford's update with one value x of weight w > 0, for statistics of one column and one
   * component (a family's scalar `stats()`).
   */
  addOne(x: number, w: number): void {
    if (this.weight[0] === 0) {
      this.shift[0] = x + 0; // −0 → 0, as JSON would store it
      this.shiftedMean[0] = 0;
      this.m2[0] = 0;
    }
    const total = this.weight[0]! + w;
    const delta = x - this.shift[0]! - this.shiftedMean[0]!;
    this.shiftedMean[0] = this.shiftedMean[0]! + (delta * w) / total;
    this.m2[0] = this.m2[0]! + w * delta * (x - this.shift[0]! - this.shiftedMean[0]);
    this.weight[0] = total;
  }

  accumulate(where: string, x: RowBlocks, weights: RowWeights): void {
    const m = this.cols.length;
    const C = this.components;
    const size = C * m;
    const hard = weights.component !== null && weights.sampleWeight === null;
    // Soft weights (responsibilities, EM's M-step) go through the tiled loops, which multiply
    // every weight; one-hot weights times sample weights keep the loops that skip the zeros.
    const soft = weights.responsibility !== null;
    // Pass 1: per-component weighted sums, hence a first estimate of the batch means.
    const total = new Float64Array(C);
    const mu = new Float64Array(size);
    const dense = hard
      ? null
      : rowWeightsDense(x.rows, C, weights.component, weights.responsibility, weights.sampleWeight);
    if (hard) {
      const y = weights.component;
      for (let i = 0; i < x.rows; i++) total[y[i]!] = total[y[i]!]! + 1;
    } else {
      for (let i = 0, o = 0; i < x.rows; i++) for (let c = 0; c < C; c++, o++) total[c] = total[c]! + dense![o]!;
    }
    this.forBlocks(x, (buf, at, start, end) => {
      if (hard && this.contiguous) sumRows(buf, at + this.cols[0]!, x.cols, start, end, weights.component, m, mu);
      else if (hard) sumRowsIndexed(buf, at, x.cols, start, end, weights.component, this.cols, mu);
      else if (soft) tiledWeightedSums(buf, at, x.cols, start, end, dense!, C, this.cols, mu);
      else weightedSums(buf, at, x.cols, start, end, dense!, C, this.cols, mu);
    });
    // A NaN or infinite value leaves its sum non-finite: that is the whole data check here. A
    // zero weight times a bad value is NaN too, so a bad value in a row of weight 0 is refused.
    for (let k = 0; k < size; k++) {
      if (mu[k]! - mu[k]! !== 0) {
        requireFiniteCells(where, x, this.cols); // throws naming the cell, if there is one
        throw new RangeError(
          `${where}: the values of feature ${this.cols[k % m]!} are too large: their sum overflows; rescale the data`,
        );
      }
    }
    for (let c = 0; c < C; c++) {
      const n = total[c]!;
      for (let k = c * m; k < (c + 1) * m; k++) mu[k] = n > 0 ? mu[k]! / n : 0;
    }
    // Pass 2: Σ w (x − mu) and Σ w (x − mu)². The first is zero up to the rounding of mu; it
    // both refines the mean and removes that rounding from M2 (the corrected two-pass formula).
    // Never Σx² − n·mean², which cancels catastrophically.
    const dev = new Float64Array(size);
    const sq = new Float64Array(size);
    this.forBlocks(x, (buf, at, start, end) => {
      if (hard && this.contiguous)
        sumDeviations(buf, at + this.cols[0]!, x.cols, start, end, weights.component, m, mu, dev, sq);
      else if (hard) sumDeviationsIndexed(buf, at, x.cols, start, end, weights.component, this.cols, mu, dev, sq);
      else if (soft) tiledWeightedDeviations(buf, at, x.cols, start, end, dense!, C, this.cols, mu, dev, sq);
      else weightedDeviations(buf, at, x.cols, start, end, dense!, C, this.cols, mu, dev, sq);
    });
    for (let k = 0; k < size; k++) {
      if (!(sq[k]! < Infinity)) {
        throw new RangeError(
          `${where}: the spread of Gaussian feature ${this.cols[k % m]!} is too large (Σ (x − mean)² overflows); rescale the data`,
        );
      }
    }
    // Merge each component's batch summary (in the shift of the running one).
    for (let c = 0; c < C; c++) {
      const wB = total[c]!;
      if (wB === 0) continue;
      const wA = this.weight[c]!;
      for (let k = c * m; k < (c + 1) * m; k++) {
        const shiftedB = dev[k]! / wB;
        const m2B = Math.max(0, sq[k]! - dev[k]! * shiftedB);
        if (wA === 0) {
          this.shift[k] = mu[k]! + 0;
          this.shiftedMean[k] = shiftedB;
          this.m2[k] = m2B;
        } else {
          // mu − shift is exact when the two are close (Sterbenz), as they are for chunks of one stream.
          mergeMoments(wA, this.shiftedMean, this.m2, k, wB, mu[k]! - this.shift[k]! + shiftedB, m2B);
        }
      }
      this.weight[c] = wA + wB;
    }
  }

  private forBlocks(x: RowBlocks, f: (buf: Float64Array, at: number, start: number, end: number) => void): void {
    for (let start = 0; start < x.rows; start += x.blockRows) {
      const buf = x.block(start);
      f(buf, x.offset, start, Math.min(x.rows, start + x.blockRows));
    }
  }

  merge(other: KernelStats): void {
    const o = other as GaussianKernelStats;
    const m = this.cols.length;
    for (let c = 0; c < this.components; c++) {
      const wB = o.weight[c]!;
      if (wB === 0) continue;
      const wA = this.weight[c]!;
      for (let k = c * m; k < (c + 1) * m; k++) {
        if (wA === 0) {
          this.shift[k] = o.shift[k]!;
          this.shiftedMean[k] = o.shiftedMean[k]!;
          this.m2[k] = o.m2[k]!;
        } else {
          // other's mean relative to our shift: the difference of nearby shifts is exact.
          mergeMoments(
            wA,
            this.shiftedMean,
            this.m2,
            k,
            wB,
            o.shift[k]! - this.shift[k]! + o.shiftedMean[k]!,
            o.m2[k]!,
          );
        }
      }
      this.weight[c] = wA + wB;
    }
  }

  remap(components: number, oldToNew: Int32Array): void {
    const m = this.cols.length;
    this.weight = remapRows(this.weight, 1, components, oldToNew);
    this.shift = remapRows(this.shift, m, components, oldToNew);
    this.shiftedMean = remapRows(this.shiftedMean, m, components, oldToNew);
    this.m2 = remapRows(this.m2, m, components, oldToNew);
    this.components = components;
  }

  estimate(options: KernelOptions): GaussianKernelParams {
    const m = this.cols.length;
    const C = this.components;
    // ε: the largest variance of any column over all rows, from the per-component summaries by
    // the same merge: M2_total = Σ_c M2_c + Σ_c W_c (mean_c − mean)².
    let epsilon = 0;
    if (options.varSmoothing > 0) {
      let total = 0;
      for (let c = 0; c < C; c++) total += this.weight[c]!;
      let maxVar = 0;
      if (total > 0) {
        for (let k = 0; k < m; k++) {
          let grand = 0;
          for (let c = 0; c < C; c++) grand += this.weight[c]! * this.mean(c, k);
          grand /= total;
          let m2 = 0;
          for (let c = 0; c < C; c++) {
            const e = this.mean(c, k) - grand;
            m2 += this.m2[c * m + k]! + this.weight[c]! * e * e;
          }
          if (m2 / total > maxVar) maxVar = m2 / total;
        }
      }
      epsilon = options.varSmoothing * maxVar;
    }
    const mean = new Float64Array(C * m);
    const variance = new Float64Array(C * m);
    for (let c = 0; c < C; c++) {
      const w = this.weight[c]!;
      for (let k = c * m; k < (c + 1) * m; k++) {
        mean[k] = w > 0 ? this.shift[k]! + this.shiftedMean[k]! : 0;
        variance[k] = Math.max(MIN_VARIANCE, (w > 0 ? this.m2[k]! / w : 0) + epsilon + options.regVariance);
      }
    }
    return new GaussianKernelParams(this.cols, C, mean, variance, epsilon);
  }

  toJSON(): { weight: number[]; shift: number[]; shiftedMean: number[]; m2: number[] } {
    return {
      weight: Array.from(this.weight),
      shift: Array.from(this.shift),
      shiftedMean: Array.from(this.shiftedMean),
      m2: Array.from(this.m2),
    };
  }

  /** Restores `toJSON` output; `weight` may come from elsewhere (a model's class counts). */
  static fromJSON(where: string, json: unknown, cols: Int32Array, components: number): GaussianKernelStats {
    const o = (json ?? {}) as Record<string, unknown>;
    const s = new GaussianKernelStats(cols, components);
    const size = components * cols.length;
    s.weight = numbersFromJSON(`${where}.weight`, o.weight, components, 0);
    s.m2 = numbersFromJSON(`${where}.m2`, o.m2, size, 0);
    if (o.shift === undefined && o.mean !== undefined) {
      // Version 1 of the Naive Bayes format stored the mean alone.
      s.shift = numbersFromJSON(`${where}.mean`, o.mean, size);
    } else {
      s.shift = numbersFromJSON(`${where}.shift`, o.shift, size);
      s.shiftedMean = numbersFromJSON(`${where}.shiftedMean`, o.shiftedMean, size);
    }
    for (let c = 0; c < components; c++) {
      if (s.weight[c] !== 0) continue;
      for (let k = c * cols.length; k < (c + 1) * cols.length; k++) {
        if (s.shift[k] !== 0 || s.shiftedMean[k] !== 0 || s.m2[k] !== 0) {
          throw new RangeError(`${where}: component ${c} has weight 0 but a non-zero mean or M2`);
        }
      }
    }
    return s;
  }
}

/** Fitted Gaussian parameters of a block of columns, per component. @internal */
export class GaussianKernelParams implements KernelParams {
  readonly kind = "gaussian" as const;
  readonly cols: Int32Array;
  readonly components: number;
  /** ε added to every variance. */
  readonly epsilon: number;
  readonly mean: Float64Array;
  readonly variance: Float64Array;
  private readonly std: Float64Array;
  private readonly halfInvVar: Float64Array; // 1 / (2σ²): a multiply in the hot loop instead of a divide
  private readonly logNorm: Float64Array; // −½ log(2πσ²), per component and column (rows with missing values)
  private readonly logNormSum: Float64Array; // Σ_k −½ log(2πσ²_ck), per component
  private tile: Float64Array | null = null; // TILE × C distances, made on first use

  constructor(cols: Int32Array, components: number, mean: Float64Array, variance: Float64Array, epsilon = 0) {
    this.cols = cols;
    this.components = components;
    this.mean = mean;
    this.variance = variance;
    this.epsilon = epsilon;
    const m = cols.length;
    const size = components * m;
    this.std = new Float64Array(size);
    this.halfInvVar = new Float64Array(size);
    this.logNorm = new Float64Array(size);
    this.logNormSum = new Float64Array(components);
    for (let c = 0; c < components; c++) {
      let sum = 0;
      for (let k = c * m; k < (c + 1) * m; k++) {
        const v = variance[k]!;
        this.std[k] = Math.sqrt(v);
        this.halfInvVar[k] = 0.5 / v;
        const ln = -0.5 * (LOG_2PI + Math.log(v));
        this.logNorm[k] = ln;
        sum += ln;
      }
      this.logNormSum[c] = sum;
    }
  }

  freeParameters(): number {
    return 2 * this.components * this.cols.length;
  }

  marginal(c: number, k: number): Distribution<number> {
    const i = c * this.cols.length + k;
    return new Gaussian(this.mean[i]!, this.std[i]!);
  }

  addLogLikelihood(
    buf: Float64Array,
    off: number,
    n: number,
    rowStart: number,
    x: RowBlocks,
    out: Float64Array,
    outOff: number,
    ctx: ScoreContext,
  ): void {
    const C = this.components;
    const d = x.cols;
    const norm = this.logNormSum;
    // log N(x; μ, σ²) summed over columns = Σ_k −½ log(2πσ²_ck) − Σ_k (x_k − μ_ck)² / (2σ²_ck).
    // The first sum is a per-component constant; tiledDistances computes the second for a tile
    // of rows at a time. A NaN or infinite value makes a distance non-finite; only then is the
    // cell redone slowly, to name the culprit or to leave a missing value out.
    const acc = this.scratch(C);
    for (let r0 = 0; r0 < n; r0 += TILE) {
      const rows = Math.min(TILE, n - r0);
      tiledDistances(buf, off + r0 * d, d, rows, this.cols, C, this.mean, this.halfInvVar, acc);
      for (let r = 0, q = 0; r < rows; r++) {
        const o = outOff + (r0 + r) * C;
        for (let c = 0; c < C; c++, q++) {
          const s = acc[q]!;
          out[o + c] =
            out[o + c]! +
            (s - s === 0
              ? norm[c]! - s
              : this.scoreComponentChecked(buf, off + (r0 + r) * d, rowStart + r0 + r, c, x, ctx));
        }
      }
    }
  }

  /** A reusable buffer of TILE × C distances (kernels run one call at a time). */
  private scratch(C: number): Float64Array {
    if (this.tile === null) this.tile = new Float64Array(TILE * C);
    return this.tile;
  }

  /** One component's term for a row with a NaN, an infinite value or an overflowing distance. */
  private scoreComponentChecked(
    buf: Float64Array,
    base: number,
    row: number,
    c: number,
    x: RowBlocks,
    ctx: ScoreContext,
  ): number {
    const m = this.cols.length;
    let s = 0;
    for (let k = 0; k < m; k++) {
      const j = this.cols[k]!;
      const v = buf[base + j]!;
      if (!Number.isFinite(v)) {
        skipMissing(v, row, j, x, ctx); // throws unless a missing value to leave out
        continue;
      }
      const i = c * m + k;
      // (x − μ)/σ, with x/σ − μ/σ when x − μ itself overflows (values near ±1.8e308).
      let z = (v - this.mean[i]!) / this.std[i]!;
      if (!Number.isFinite(z)) z = v / this.std[i]! - this.mean[i]! / this.std[i]!;
      s += this.logNorm[i]! - 0.5 * z * z;
    }
    return s; // finite, or −Infinity when a distance overflows: the point is that far out
  }

  sampleRow(rng: Rng, c: number, row: Float64Array, rowOff: number, where: string): void {
    const m = this.cols.length;
    for (let k = 0; k < m; k++)
      row[rowOff + this.cols[k]!] = this.mean[c * m + k]! + this.std[c * m + k]! * standardNormal(rng, where);
  }
}

/** The Gaussian family, for the registry. @internal */
export const gaussianFamily: Family = {
  kind: "gaussian",
  createStats: (cols, components) => new GaussianKernelStats(cols, components),
  statsFromJSON: (where, json, cols, components) => GaussianKernelStats.fromJSON(where, json, cols, components),
  paramsFrom(cols, components, marginals) {
    const mean = new Float64Array(marginals.length);
    const variance = new Float64Array(marginals.length);
    for (let i = 0; i < marginals.length; i++) {
      const g = marginals[i] as Gaussian;
      mean[i] = g.mean;
      variance[i] = Math.max(MIN_VARIANCE, g.std * g.std);
    }
    return new GaussianKernelParams(cols, components, mean, variance);
  },
  owns: (d) => d instanceof Gaussian,
  typeName: "Gaussian",
  fromJSON: (json) => Gaussian.fromJSON(json),
};

// The passes of a batch fit, as top-level functions so that V8 optimises each loop on its own.
// Hard assignment: row i (from buf[at + (i − start)·d]) adds into the m cells of its
// component, p = y[i]·m. Weighted: into every component with a non-zero weight.

/** Pass 1, labels, consecutive columns: Σ x per component and column. */
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
    // Four columns per step: V8 emits no SIMD, but the independent adds overlap (~1.5× faster
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

/** Pass 2, labels, consecutive columns: Σ (x − mu) and Σ (x − mu)². */
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
    // Four columns per step, as in sumRows (~1.25× faster than one at a time).
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

/** Pass 1, labels, columns `cols` of each row (a mixed model's Gaussian columns). */
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

/** Pass 2, labels, columns `cols` of each row. */
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

/**
 * Pass 1, weighted (frequency weights or responsibilities `w`, rows × C): Σ w x per component
 * and column. Every value is also added with weight 1 into nothing but a check: `x − x` is 0
 * only for finite x, so a bad value in a row of weight 0 still shows up as a NaN sum.
 */
function weightedSums(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  w: Float64Array,
  C: number,
  cols: Int32Array,
  sum: Float64Array,
): void {
  const m = cols.length;
  for (let i = start; i < end; i++, at += d) {
    let check = 0;
    for (let k = 0; k < m; k++) check += buf[at + cols[k]!]! * 0;
    if (check !== 0) sum[0] = NaN;
    for (let c = 0; c < C; c++) {
      const wc = w[i * C + c]!;
      if (wc === 0) continue;
      const p = c * m;
      for (let k = 0; k < m; k++) sum[p + k] = sum[p + k]! + wc * buf[at + cols[k]!]!;
    }
  }
}

/** Pass 2, weighted: Σ w (x − mu) and Σ w (x − mu)² per component and column. */
function weightedDeviations(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  w: Float64Array,
  C: number,
  cols: Int32Array,
  mu: Float64Array,
  dev: Float64Array,
  sq: Float64Array,
): void {
  const m = cols.length;
  for (let i = start; i < end; i++, at += d) {
    for (let c = 0; c < C; c++) {
      const wc = w[i * C + c]!;
      if (wc === 0) continue;
      const p = c * m;
      for (let k = 0; k < m; k++) {
        const e = buf[at + cols[k]!]! - mu[p + k]!;
        const we = wc * e;
        dev[p + k] = dev[p + k]! + we;
        sq[p + k] = sq[p + k]! + we * e;
      }
    }
  }
}

/** Rows per tile of the tiled loops: a tile's cache lines for a few columns stay in L1. */
const TILE = 64;

/**
 * Pass 1, soft weights (responsibilities w, rows × C): Σ_i w_ic x_ik per component and column.
 *
 * Shaped as tiles of TILE rows: for each component and run of eight columns, eight sums stay in
 * registers while the loop walks down the tile's rows, and are added to `sum` once per tile.
 * Row by row, every product would be a load, an add and a store to `sum`; here it is one load
 * and a multiply-add into one of eight independent chains, ~4× faster. The sums over a tile are
 * partial sums, so the rounding differs from a row-by-row loop only in the last bits (it is, if
 * anything, smaller). Every weight multiplies its value, 0 included, so a NaN or infinite value
 * in any row makes its sum NaN: that is the data check.
 */
function tiledWeightedSums(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  w: Float64Array,
  C: number,
  cols: Int32Array,
  sum: Float64Array,
): void {
  const m = cols.length;
  for (let r0 = start; r0 < end; r0 += TILE) {
    const r1 = Math.min(end, r0 + TILE);
    const a0 = at + (r0 - start) * d;
    for (let c = 0; c < C; c++) {
      const p = c * m;
      let k = 0;
      for (; k + 7 < m; k += 8) {
        const j0 = cols[k]!;
        const j1 = cols[k + 1]!;
        const j2 = cols[k + 2]!;
        const j3 = cols[k + 3]!;
        const j4 = cols[k + 4]!;
        const j5 = cols[k + 5]!;
        const j6 = cols[k + 6]!;
        const j7 = cols[k + 7]!;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let s4 = 0;
        let s5 = 0;
        let s6 = 0;
        let s7 = 0;
        for (let r = r0, a = a0, o = r0 * C + c; r < r1; r++, a += d, o += C) {
          const wc = w[o]!;
          s0 += wc * buf[a + j0]!;
          s1 += wc * buf[a + j1]!;
          s2 += wc * buf[a + j2]!;
          s3 += wc * buf[a + j3]!;
          s4 += wc * buf[a + j4]!;
          s5 += wc * buf[a + j5]!;
          s6 += wc * buf[a + j6]!;
          s7 += wc * buf[a + j7]!;
        }
        sum[p + k] = sum[p + k]! + s0;
        sum[p + k + 1] = sum[p + k + 1]! + s1;
        sum[p + k + 2] = sum[p + k + 2]! + s2;
        sum[p + k + 3] = sum[p + k + 3]! + s3;
        sum[p + k + 4] = sum[p + k + 4]! + s4;
        sum[p + k + 5] = sum[p + k + 5]! + s5;
        sum[p + k + 6] = sum[p + k + 6]! + s6;
        sum[p + k + 7] = sum[p + k + 7]! + s7;
      }
      for (; k < m; k++) {
        const j0 = cols[k]!;
        let s0 = 0;
        for (let r = r0, a = a0, o = r0 * C + c; r < r1; r++, a += d, o += C) s0 += w[o]! * buf[a + j0]!;
        sum[p + k] = sum[p + k]! + s0;
      }
    }
  }
}

/**
 * Pass 2, soft weights: Σ_i w_ic (x_ik − mu_ck) and Σ_i w_ic (x_ik − mu_ck)² per component and
 * column, tiled as {@link tiledWeightedSums}: four columns at a time (four means and eight sums
 * are what fits in registers), the partial sums of a tile added to `dev` and `sq` once.
 */
function tiledWeightedDeviations(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  w: Float64Array,
  C: number,
  cols: Int32Array,
  mu: Float64Array,
  dev: Float64Array,
  sq: Float64Array,
): void {
  const m = cols.length;
  for (let r0 = start; r0 < end; r0 += TILE) {
    const r1 = Math.min(end, r0 + TILE);
    const a0 = at + (r0 - start) * d;
    for (let c = 0; c < C; c++) {
      const p = c * m;
      let k = 0;
      for (; k + 3 < m; k += 4) {
        const j0 = cols[k]!;
        const j1 = cols[k + 1]!;
        const j2 = cols[k + 2]!;
        const j3 = cols[k + 3]!;
        const u0 = mu[p + k]!;
        const u1 = mu[p + k + 1]!;
        const u2 = mu[p + k + 2]!;
        const u3 = mu[p + k + 3]!;
        let d0 = 0;
        let d1 = 0;
        let d2 = 0;
        let d3 = 0;
        let q0 = 0;
        let q1 = 0;
        let q2 = 0;
        let q3 = 0;
        for (let r = r0, a = a0, o = r0 * C + c; r < r1; r++, a += d, o += C) {
          const wc = w[o]!;
          const e0 = buf[a + j0]! - u0;
          const e1 = buf[a + j1]! - u1;
          const e2 = buf[a + j2]! - u2;
          const e3 = buf[a + j3]! - u3;
          const v0 = wc * e0;
          const v1 = wc * e1;
          const v2 = wc * e2;
          const v3 = wc * e3;
          d0 += v0;
          d1 += v1;
          d2 += v2;
          d3 += v3;
          q0 += v0 * e0;
          q1 += v1 * e1;
          q2 += v2 * e2;
          q3 += v3 * e3;
        }
        dev[p + k] = dev[p + k]! + d0;
        dev[p + k + 1] = dev[p + k + 1]! + d1;
        dev[p + k + 2] = dev[p + k + 2]! + d2;
        dev[p + k + 3] = dev[p + k + 3]! + d3;
        sq[p + k] = sq[p + k]! + q0;
        sq[p + k + 1] = sq[p + k + 1]! + q1;
        sq[p + k + 2] = sq[p + k + 2]! + q2;
        sq[p + k + 3] = sq[p + k + 3]! + q3;
      }
      for (; k < m; k++) {
        const j0 = cols[k]!;
        const u0 = mu[p + k]!;
        let d0 = 0;
        let q0 = 0;
        for (let r = r0, a = a0, o = r0 * C + c; r < r1; r++, a += d, o += C) {
          const e0 = buf[a + j0]! - u0;
          const v0 = w[o]! * e0;
          d0 += v0;
          q0 += v0 * e0;
        }
        dev[p + k] = dev[p + k]! + d0;
        sq[p + k] = sq[p + k]! + q0;
      }
    }
  }
}

/**
 * Σ_k (x_rk − μ_ck)² / (2σ²_ck) for `rows` rows from buf[at] (row stride d) and every component,
 * into acc[r·C + c]: the data term of the Gaussian log-density.
 *
 * Shaped as a tile: for each component and run of four columns, the four means and four
 * 1/(2σ²) stay in registers while the loop walks down the tile's rows, adding one term per row
 * to acc (in L1). Row by row, each value would need two more loads (its μ and 1/(2σ²)) and the
 * sum over a row's columns would be one long dependent chain; here the four columns' terms are
 * added as a small tree, and the rows are independent. ~1.7× faster than two components per
 * pass over a row. The column sum is grouped in fours, so its rounding differs from a
 * left-to-right sum in the last bits only.
 */
function tiledDistances(
  buf: Float64Array,
  at: number,
  d: number,
  rows: number,
  cols: Int32Array,
  C: number,
  mean: Float64Array,
  h: Float64Array,
  acc: Float64Array,
): void {
  const m = cols.length;
  acc.fill(0, 0, rows * C);
  for (let c = 0; c < C; c++) {
    const p = c * m;
    let k = 0;
    for (; k + 3 < m; k += 4) {
      const j0 = cols[k]!;
      const j1 = cols[k + 1]!;
      const j2 = cols[k + 2]!;
      const j3 = cols[k + 3]!;
      const m0 = mean[p + k]!;
      const m1 = mean[p + k + 1]!;
      const m2 = mean[p + k + 2]!;
      const m3 = mean[p + k + 3]!;
      const h0 = h[p + k]!;
      const h1 = h[p + k + 1]!;
      const h2 = h[p + k + 2]!;
      const h3 = h[p + k + 3]!;
      for (let r = 0, a = at, q = c; r < rows; r++, a += d, q += C) {
        const e0 = buf[a + j0]! - m0;
        const e1 = buf[a + j1]! - m1;
        const e2 = buf[a + j2]! - m2;
        const e3 = buf[a + j3]! - m3;
        acc[q] = acc[q]! + (e0 * e0 * h0 + e1 * e1 * h1 + (e2 * e2 * h2 + e3 * e3 * h3));
      }
    }
    for (; k < m; k++) {
      const j0 = cols[k]!;
      const m0 = mean[p + k]!;
      const h0 = h[p + k]!;
      for (let r = 0, a = at, q = c; r < rows; r++, a += d, q += C) {
        const e0 = buf[a + j0]! - m0;
        acc[q] = acc[q]! + e0 * e0 * h0;
      }
    }
  }
}
