/**
 * The Gaussian family's kernel: x_k | c ~ N(μ_ck, σ²_ck) for a block of columns and C
 * components (scikit-learn's GaussianNB with labels, GaussianMixture(covariance_type="diag")
 * with responsibilities).
 *
 * Statistics per component are the weight W_c = Σ_i w_ic and, per column, the weighted mean and
 * M2 = Σ_i w_ic (x_ik − mean)². The mean is held as a shift (a value near the data) plus the
 * mean of x − shift, so data like 1e9 + noise keep the digits of their noise through any number
 * of merges. A batch is summarised by the corrected two-pass algorithm (for soft weights of 1024
 * rows or more, by its second pass alone about a pilot centre checked to lie within a standard
 * deviation of the mean, which bounds the error by twice the two-pass one: see pilotMoments) and
 * merged with Chan's formula ({@link mergeMoments}, the one place it is written), so any chunking
 * of the data gives the same numbers up to rounding.
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
  softWeights,
  componentTotals,
  skipMissing,
} from "../../core/cells.js";
import type { Distribution } from "../../core/distribution.js";
import type { Family, KernelOptions, KernelParams, KernelStats, RowWeights, ScoreContext } from "../../core/kernel.js";
import type { RowBlocks } from "../../core/matrix.js";
import type { Rng } from "../../core/rng.js";
import { Gaussian } from "./gaussian.js";
import { standardNormal } from "./sampler.js";
import { gaussianValues } from "./values.js";

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
  scale = 1,
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
  // M2 in units of scale² (a power of two: exact), so that spreads near 1e200 don't overflow.
  const d = delta / scale;
  m2[i] = m2[i]! + m2B + d * d * ((wA * wB) / w);
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
    // Three kinds of weights, three sets of loops: labels (one row, one component, weight 1),
    // labels with sample weights (one component, weight w_i), and soft weights (responsibilities,
    // EM's M-step: every component, in tiles).
    const y = weights.component;
    const sw = weights.sampleWeight;
    const soft = y === null;
    const gather = soft && !this.contiguous ? new Float64Array(TILE * m) : null;
    const total = componentTotals(x.rows, weights);
    const dense = soft ? softWeights(x.rows, C, weights.responsibility!, sw) : null;
    // The batch's moments about a center mu per component and column: Σ w (x − mu) and
    // Σ w (x − mu)². Soft weights try one pass about a pilot center first; the two passes below
    // are the rule, and what that pass falls back to.
    const moments =
      (dense !== null ? this.pilotMoments(x, dense, total, gather) : null) ??
      this.twoPassMoments(where, x, weights, dense, total, gather);
    const { mu, dev, sq } = moments;
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

  /**
   * The corrected two-pass moments of a batch: pass 1 gives the weighted means mu, pass 2
   * Σ w (x − mu) and Σ w (x − mu)². The first is zero up to the rounding of mu; it both refines
   * the mean and removes that rounding from M2. Never Σx² − n·mean², which cancels
   * catastrophically. Throws naming a value that is not finite, or a sum that overflows.
   */
  private twoPassMoments(
    where: string,
    x: RowBlocks,
    weights: RowWeights,
    dense: Float64Array | null,
    total: Float64Array,
    gather: Float64Array | null,
  ): { mu: Float64Array; dev: Float64Array; sq: Float64Array } {
    const m = this.cols.length;
    const C = this.components;
    const size = C * m;
    const y = weights.component;
    const sw = weights.sampleWeight;
    // Pass 1: per-component weighted sums, hence a first estimate of the batch means.
    const mu = new Float64Array(size);
    if (dense !== null) this.softSums(x, dense, mu, gather);
    else {
      this.forBlocks(x, (buf, at, start, end) => {
        if (sw !== null && this.contiguous)
          weightedRowSumsContiguous(buf, at + this.cols[0]!, x.cols, start, end, y!, sw, m, mu);
        else if (sw !== null) weightedRowSums(buf, at, x.cols, start, end, y!, sw, this.cols, mu);
        else if (this.contiguous) sumRows(buf, at + this.cols[0]!, x.cols, start, end, y!, m, mu);
        else sumRowsIndexed(buf, at, x.cols, start, end, y!, this.cols, mu);
      });
    }
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
    // Pass 2.
    const dev = new Float64Array(size);
    const sq = new Float64Array(size);
    if (dense !== null) this.softDeviations(x, dense, mu, dev, sq, null, gather);
    else {
      this.forBlocks(x, (buf, at, start, end) => {
        if (sw !== null && this.contiguous)
          weightedRowDeviationsContiguous(buf, at + this.cols[0]!, x.cols, start, end, y!, sw, m, mu, dev, sq);
        else if (sw !== null) weightedRowDeviations(buf, at, x.cols, start, end, y!, sw, this.cols, mu, dev, sq);
        else if (this.contiguous) sumDeviations(buf, at + this.cols[0]!, x.cols, start, end, y!, m, mu, dev, sq);
        else sumDeviationsIndexed(buf, at, x.cols, start, end, y!, this.cols, mu, dev, sq);
      });
    }
    for (let k = 0; k < size; k++) {
      if (!(sq[k]! < Infinity)) {
        throw new RangeError(
          `${where}: the spread of Gaussian feature ${this.cols[k % m]!} is too large (Σ (x − mean)² overflows); rescale the data`,
        );
      }
    }
    return { mu, dev, sq };
  }

  /**
   * Soft weights, one pass about a pilot center (scikit-learn's M-step, without its
   * Σ r x² − N μ²): Σ w (x − s) and Σ w (x − s)², where s is the weighted mean of PILOT_ROWS
   * rows spread over the batch. Then M2 = Σ w (x − s)² − (Σ w (x − s))² / W is the corrected
   * formula of the second pass, about s instead of the batch mean; its rounding error grows with
   * W (mean − s)² / M2, so a component is accepted only if that is at most 1, i.e. s lies within
   * one standard deviation of the mean in every column (where the error is within twice the
   * two-pass one). Components that fail get a second pass about their now known means. Saves
   * the first of the two passes, a third of the M-step's work. Returns null (the two passes then
   * run, and name the bad value) for a value that is not finite or a sum that overflows, and for
   * batches too small to spare a pass.
   */
  private pilotMoments(
    x: RowBlocks,
    w: Float64Array,
    total: Float64Array,
    gather: Float64Array | null,
  ): { mu: Float64Array; dev: Float64Array; sq: Float64Array } | null {
    const n = x.rows;
    if (n < 4 * PILOT_ROWS) return null;
    const m = this.cols.length;
    const C = this.components;
    const size = C * m;
    // The pilot: weighted means over rows (t + ½)·n / PILOT_ROWS, read from the input as given
    // (a non-number becomes NaN, and the pass below then hands over to the two passes).
    const mu = new Float64Array(size);
    const pilotWeight = new Float64Array(C);
    const plain = new Float64Array(m);
    for (let t = 0; t < PILOT_ROWS; t++) {
      const i = Math.floor(((t + 0.5) * n) / PILOT_ROWS);
      for (let k = 0; k < m; k++) {
        const raw = x.value(i, this.cols[k]!);
        const v = typeof raw === "number" ? raw : NaN;
        plain[k] = plain[k]! + v;
        for (let c = 0; c < C; c++) mu[c * m + k] = mu[c * m + k]! + w[i * C + c]! * v;
      }
      for (let c = 0; c < C; c++) pilotWeight[c] = pilotWeight[c]! + w[i * C + c]!;
    }
    for (let c = 0; c < C; c++) {
      const pw = pilotWeight[c]!;
      // A component with no weight among the pilot rows starts from the plain mean.
      for (let k = 0; k < m; k++) mu[c * m + k] = pw > 0 ? mu[c * m + k]! / pw : plain[k]! / PILOT_ROWS;
    }
    const dev = new Float64Array(size);
    const sq = new Float64Array(size);
    this.softDeviations(x, w, mu, dev, sq, null, gather);
    // dev² / W ≤ sq (Cauchy–Schwarz), so the test below cannot overflow once both are finite.
    let redo: Uint8Array | null = null;
    for (let c = 0; c < C; c++) {
      const W = total[c]!;
      for (let k = c * m; k < (c + 1) * m; k++) {
        if (!(dev[k]! - dev[k]! === 0 && sq[k]! < Infinity)) return null;
        if (W > 0 && 2 * dev[k]! * (dev[k]! / W) > sq[k]!) {
          redo ??= new Uint8Array(C);
          redo[c] = 1;
        }
      }
    }
    if (redo === null) return { mu, dev, sq };
    for (let c = 0; c < C; c++) {
      if (redo[c] === 0) continue;
      for (let k = c * m; k < (c + 1) * m; k++) {
        mu[k] = mu[k]! + dev[k]! / total[c]!;
        dev[k] = 0;
        sq[k] = 0;
      }
    }
    this.softDeviations(x, w, mu, dev, sq, redo, gather);
    for (let k = 0; k < size; k++) if (!(sq[k]! < Infinity)) return null;
    return { mu, dev, sq };
  }

  /** Soft pass 1 over every block: Σ w x into `sum`, tile by tile. */
  private softSums(x: RowBlocks, w: Float64Array, sum: Float64Array, gather: Float64Array | null): void {
    const m = this.cols.length;
    const C = this.components;
    const d = x.cols;
    for (let start = 0; start < x.rows; start += x.blockRows) {
      const buf = x.block(start);
      const end = Math.min(x.rows, start + x.blockRows);
      // Tile by tile, with no callback: V8 runs the tiled loop ~2× slower when it is called through one.
      for (let r0 = start; r0 < end; r0 += TILE) {
        const rows = Math.min(TILE, end - r0);
        const rowAt = x.offset + (r0 - start) * d;
        if (gather === null) tiledWeightedSums(buf, rowAt + this.cols[0]!, d, rows, m, w, r0 * C, C, sum);
        else {
          gatherTile(buf, rowAt, d, rows, this.cols, gather);
          tiledWeightedSums(gather, 0, m, rows, m, w, r0 * C, C, sum);
        }
      }
    }
  }

  /**
   * Soft pass 2 over every block: Σ w (x − mu) and Σ w (x − mu)² into `dev` and `sq`, tile by
   * tile, for the components c with only[c] = 1 (all when `only` is null).
   */
  private softDeviations(
    x: RowBlocks,
    w: Float64Array,
    mu: Float64Array,
    dev: Float64Array,
    sq: Float64Array,
    only: Uint8Array | null,
    gather: Float64Array | null,
  ): void {
    const m = this.cols.length;
    const C = this.components;
    const d = x.cols;
    for (let start = 0; start < x.rows; start += x.blockRows) {
      const buf = x.block(start);
      const end = Math.min(x.rows, start + x.blockRows);
      for (let r0 = start; r0 < end; r0 += TILE) {
        const rows = Math.min(TILE, end - r0);
        const rowAt = x.offset + (r0 - start) * d;
        if (gather === null) {
          tiledWeightedDeviations(buf, rowAt + this.cols[0]!, d, rows, m, w, r0 * C, C, mu, dev, sq, only);
        } else {
          gatherTile(buf, rowAt, d, rows, this.cols, gather);
          tiledWeightedDeviations(gather, 0, m, rows, m, w, r0 * C, C, mu, dev, sq, only);
        }
      }
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

  requireProper(where: string, options: KernelOptions): void {
    // A column whose values are all equal has MLE σ = 0, a point mass, not a Gaussian: refused
    // as Gaussian.fit refuses it, unless smoothing keeps the variance positive.
    if (options.regVariance > 0 || options.varSmoothing > 0) return;
    const m = this.cols.length;
    for (let i = 0; i < this.m2.length; i++) {
      if (this.m2[i] === 0 && this.weight[Math.floor(i / m)]! > 0) {
        throw new RangeError(
          `${where}: Gaussian feature ${this.cols[i % m]} is constant, so its MLE std is 0 (a point mass); give regVariance > 0 or drop the column`,
        );
      }
    }
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
  private readonly contiguous: boolean;
  private readonly gather: Float64Array | null; // a tile of the block's columns, when they are not consecutive

  constructor(cols: Int32Array, components: number, mean: Float64Array, variance: Float64Array, epsilon = 0) {
    this.cols = cols;
    this.components = components;
    this.contiguous = isContiguous(cols);
    this.gather = this.contiguous ? null : new Float64Array(TILE * cols.length);
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

  statsLike(): GaussianKernelStats {
    return new GaussianKernelStats(this.cols, this.components);
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
    const m = this.cols.length;
    const C = this.components;
    const d = x.cols;
    const norm = this.logNormSum;
    // log N(x; μ, σ²) summed over columns = Σ_k −½ log(2πσ²_ck) − Σ_k (x_k − μ_ck)² / (2σ²_ck).
    // The first sum is a per-component constant; tiledDistances computes the second for a tile
    // of rows at a time. A NaN or infinite value makes a distance non-finite; only then is the
    // cell redone slowly, to name the culprit or to leave a missing value out.
    const acc = this.scratch(C);
    const gather = this.gather;
    for (let r0 = 0; r0 < n; r0 += TILE) {
      // Tile by tile (no callback: V8 runs the tiled loop ~2× slower when it is called through one).
      const rows = Math.min(TILE, n - r0);
      const rowAt = off + r0 * d;
      if (gather === null) tiledDistances(buf, rowAt + this.cols[0]!, d, rows, m, C, this.mean, this.halfInvVar, acc);
      else {
        gatherTile(buf, rowAt, d, rows, this.cols, gather);
        tiledDistances(gather, 0, m, rows, m, C, this.mean, this.halfInvVar, acc);
      }
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
  values: gaussianValues,
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
 * Pass 1, labels with sample weights: Σ w_i x per component and column, row i adding into its
 * own component only (the other components' weights are 0: no loop over them). A NaN or
 * infinite value in a row of weight 0 still makes its sum NaN (0 · NaN), which is the check.
 */
function weightedRowSums(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  y: Int32Array,
  w: Float64Array,
  cols: Int32Array,
  sum: Float64Array,
): void {
  const m = cols.length;
  for (let i = start; i < end; i++, at += d) {
    const p = y[i]! * m;
    const wi = w[i]!;
    for (let k = 0; k < m; k++) sum[p + k] = sum[p + k]! + wi * buf[at + cols[k]!]!;
  }
}

/** weightedRowSums for consecutive columns, four per step as in sumRows. */
function weightedRowSumsContiguous(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  y: Int32Array,
  w: Float64Array,
  m: number,
  sum: Float64Array,
): void {
  for (let i = start; i < end; i++, at += d) {
    const p = y[i]! * m;
    const wi = w[i]!;
    let k = 0;
    for (; k + 3 < m; k += 4) {
      sum[p + k] = sum[p + k]! + wi * buf[at + k]!;
      sum[p + k + 1] = sum[p + k + 1]! + wi * buf[at + k + 1]!;
      sum[p + k + 2] = sum[p + k + 2]! + wi * buf[at + k + 2]!;
      sum[p + k + 3] = sum[p + k + 3]! + wi * buf[at + k + 3]!;
    }
    for (; k < m; k++) sum[p + k] = sum[p + k]! + wi * buf[at + k]!;
  }
}

/** weightedRowDeviations for consecutive columns, four per step as in sumDeviations. */
function weightedRowDeviationsContiguous(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  y: Int32Array,
  w: Float64Array,
  m: number,
  mu: Float64Array,
  dev: Float64Array,
  sq: Float64Array,
): void {
  for (let i = start; i < end; i++, at += d) {
    const p = y[i]! * m;
    const wi = w[i]!;
    let k = 0;
    for (; k + 3 < m; k += 4) {
      const e0 = buf[at + k]! - mu[p + k]!;
      const e1 = buf[at + k + 1]! - mu[p + k + 1]!;
      const e2 = buf[at + k + 2]! - mu[p + k + 2]!;
      const e3 = buf[at + k + 3]! - mu[p + k + 3]!;
      const v0 = wi * e0;
      const v1 = wi * e1;
      const v2 = wi * e2;
      const v3 = wi * e3;
      dev[p + k] = dev[p + k]! + v0;
      dev[p + k + 1] = dev[p + k + 1]! + v1;
      dev[p + k + 2] = dev[p + k + 2]! + v2;
      dev[p + k + 3] = dev[p + k + 3]! + v3;
      sq[p + k] = sq[p + k]! + v0 * e0;
      sq[p + k + 1] = sq[p + k + 1]! + v1 * e1;
      sq[p + k + 2] = sq[p + k + 2]! + v2 * e2;
      sq[p + k + 3] = sq[p + k + 3]! + v3 * e3;
    }
    for (; k < m; k++) {
      const e = buf[at + k]! - mu[p + k]!;
      const we = wi * e;
      dev[p + k] = dev[p + k]! + we;
      sq[p + k] = sq[p + k]! + we * e;
    }
  }
}

/** Pass 2, labels with sample weights: Σ w_i (x − mu) and Σ w_i (x − mu)² per component and column. */
function weightedRowDeviations(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  y: Int32Array,
  w: Float64Array,
  cols: Int32Array,
  mu: Float64Array,
  dev: Float64Array,
  sq: Float64Array,
): void {
  const m = cols.length;
  for (let i = start; i < end; i++, at += d) {
    const p = y[i]! * m;
    const wi = w[i]!;
    for (let k = 0; k < m; k++) {
      const e = buf[at + cols[k]!]! - mu[p + k]!;
      const we = wi * e;
      dev[p + k] = dev[p + k]! + we;
      sq[p + k] = sq[p + k]! + we * e;
    }
  }
}

/** Rows per tile of the tiled loops: the lines of a tile's rows for a few columns stay in L1. */
const TILE = 64;

/** Rows whose weighted mean centres the one-pass moments of soft weights (pilotMoments). */
const PILOT_ROWS = 256;

/**
 * Copies the block's columns `cols` of `rows` rows (row r at buf[at + r·d]) into `tile`, row
 * after row (stride m): the tiled loops read consecutive columns only, so a block whose columns
 * are not consecutive in the input (a mixed model's) is gathered first, one tile at a time.
 */
function gatherTile(
  buf: Float64Array,
  at: number,
  d: number,
  rows: number,
  cols: Int32Array,
  tile: Float64Array,
): void {
  const m = cols.length;
  for (let r = 0, a = at, o = 0; r < rows; r++, a += d) for (let k = 0; k < m; k++, o++) tile[o] = buf[a + cols[k]!]!;
}

/**
 * Pass 1, soft weights (responsibilities, rows × C, row r of the tile at w[wAt + r·C]):
 * Σ_r w_rc x_rk per component and column, added to `sum`.
 *
 * Shaped as a tile: for each component and run of eight columns, eight sums stay in registers
 * while the loop walks down the tile's rows, and are added to `sum` once per tile. Row by row,
 * every product would be a load, an add and a store into `sum`; here it is one load and a
 * multiply-add into one of eight independent chains (~4× faster). A tile's sums are partial
 * sums, so the rounding differs from a row-by-row loop in the last bits only (it is, if
 * anything, smaller). Every weight multiplies its value, 0 included, so a NaN or infinite value
 * in any row makes its sum NaN: that is the data check.
 */
function tiledWeightedSums(
  src: Float64Array,
  at: number,
  stride: number,
  rows: number,
  m: number,
  w: Float64Array,
  wAt: number,
  C: number,
  sum: Float64Array,
): void {
  for (let c = 0; c < C; c++) {
    const p = c * m;
    let k = 0;
    for (; k + 7 < m; k += 8) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let s4 = 0;
      let s5 = 0;
      let s6 = 0;
      let s7 = 0;
      for (let r = 0, a = at + k, o = wAt + c; r < rows; r++, a += stride, o += C) {
        const wc = w[o]!;
        s0 += wc * src[a]!;
        s1 += wc * src[a + 1]!;
        s2 += wc * src[a + 2]!;
        s3 += wc * src[a + 3]!;
        s4 += wc * src[a + 4]!;
        s5 += wc * src[a + 5]!;
        s6 += wc * src[a + 6]!;
        s7 += wc * src[a + 7]!;
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
      let s0 = 0;
      for (let r = 0, a = at + k, o = wAt + c; r < rows; r++, a += stride, o += C) s0 += w[o]! * src[a]!;
      sum[p + k] = sum[p + k]! + s0;
    }
  }
}

/**
 * Pass 2, soft weights: Σ_r w_rc (x_rk − mu_ck) and Σ_r w_rc (x_rk − mu_ck)² per component and
 * column, added to `dev` and `sq`, for the components c with only[c] = 1 (all when `only` is
 * null); tiled as {@link tiledWeightedSums}, four columns at a time (four means and eight sums
 * are what fits in registers).
 */
function tiledWeightedDeviations(
  src: Float64Array,
  at: number,
  stride: number,
  rows: number,
  m: number,
  w: Float64Array,
  wAt: number,
  C: number,
  mu: Float64Array,
  dev: Float64Array,
  sq: Float64Array,
  only: Uint8Array | null,
): void {
  for (let c = 0; c < C; c++) {
    if (only !== null && only[c] === 0) continue;
    const p = c * m;
    let k = 0;
    for (; k + 3 < m; k += 4) {
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
      for (let r = 0, a = at + k, o = wAt + c; r < rows; r++, a += stride, o += C) {
        const wc = w[o]!;
        const e0 = src[a]! - u0;
        const e1 = src[a + 1]! - u1;
        const e2 = src[a + 2]! - u2;
        const e3 = src[a + 3]! - u3;
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
      const u0 = mu[p + k]!;
      let d0 = 0;
      let q0 = 0;
      for (let r = 0, a = at + k, o = wAt + c; r < rows; r++, a += stride, o += C) {
        const e0 = src[a]! - u0;
        const v0 = w[o]! * e0;
        d0 += v0;
        q0 += v0 * e0;
      }
      dev[p + k] = dev[p + k]! + d0;
      sq[p + k] = sq[p + k]! + q0;
    }
  }
}

/**
 * Σ_k (x_rk − μ_ck)² / (2σ²_ck) for the tile's rows and every component, into acc[r·C + c]: the
 * data term of the Gaussian log-density.
 *
 * Shaped as a tile: for a pair of components and a run of four columns, their means and
 * 1/(2σ²) stay in registers (or one load away) while the loop walks down the tile's rows, each
 * value loaded once for both components and one term per row and component added to acc (in
 * L1). Row by row, each value would need two more loads (its μ and 1/(2σ²)) and a row's sum over
 * columns would be one long dependent chain; here four columns' terms are added as a small tree
 * and the rows are independent (~1.9× faster than two components per pass over a row). The
 * column sum is grouped in fours, so its rounding differs from a left-to-right sum in the last
 * bits only.
 */
function tiledDistances(
  src: Float64Array,
  at: number,
  stride: number,
  rows: number,
  m: number,
  C: number,
  mean: Float64Array,
  h: Float64Array,
  acc: Float64Array,
): void {
  acc.fill(0, 0, rows * C);
  let c = 0;
  for (; c + 1 < C; c += 2) {
    const p = c * m;
    const pb = p + m;
    let k = 0;
    for (; k + 3 < m; k += 4) {
      const m0 = mean[p + k]!;
      const m1 = mean[p + k + 1]!;
      const m2 = mean[p + k + 2]!;
      const m3 = mean[p + k + 3]!;
      const h0 = h[p + k]!;
      const h1 = h[p + k + 1]!;
      const h2 = h[p + k + 2]!;
      const h3 = h[p + k + 3]!;
      const n0 = mean[pb + k]!;
      const n1 = mean[pb + k + 1]!;
      const n2 = mean[pb + k + 2]!;
      const n3 = mean[pb + k + 3]!;
      const g0 = h[pb + k]!;
      const g1 = h[pb + k + 1]!;
      const g2 = h[pb + k + 2]!;
      const g3 = h[pb + k + 3]!;
      for (let r = 0, a = at + k, q = c; r < rows; r++, a += stride, q += C) {
        const x0 = src[a]!;
        const x1 = src[a + 1]!;
        const x2 = src[a + 2]!;
        const x3 = src[a + 3]!;
        const e0 = x0 - m0;
        const e1 = x1 - m1;
        const e2 = x2 - m2;
        const e3 = x3 - m3;
        const f0 = x0 - n0;
        const f1 = x1 - n1;
        const f2 = x2 - n2;
        const f3 = x3 - n3;
        acc[q] = acc[q]! + (e0 * e0 * h0 + e1 * e1 * h1 + (e2 * e2 * h2 + e3 * e3 * h3));
        acc[q + 1] = acc[q + 1]! + (f0 * f0 * g0 + f1 * f1 * g1 + (f2 * f2 * g2 + f3 * f3 * g3));
      }
    }
    for (; k < m; k++) {
      const m0 = mean[p + k]!;
      const h0 = h[p + k]!;
      const n0 = mean[pb + k]!;
      const g0 = h[pb + k]!;
      for (let r = 0, a = at + k, q = c; r < rows; r++, a += stride, q += C) {
        const e0 = src[a]! - m0;
        const f0 = src[a]! - n0;
        acc[q] = acc[q]! + e0 * e0 * h0;
        acc[q + 1] = acc[q + 1]! + f0 * f0 * g0;
      }
    }
  }
  if (c < C) {
    // An odd last component, alone.
    const p = c * m;
    let k = 0;
    for (; k + 3 < m; k += 4) {
      const m0 = mean[p + k]!;
      const m1 = mean[p + k + 1]!;
      const m2 = mean[p + k + 2]!;
      const m3 = mean[p + k + 3]!;
      const h0 = h[p + k]!;
      const h1 = h[p + k + 1]!;
      const h2 = h[p + k + 2]!;
      const h3 = h[p + k + 3]!;
      for (let r = 0, a = at + k, q = c; r < rows; r++, a += stride, q += C) {
        const e0 = src[a]! - m0;
        const e1 = src[a + 1]! - m1;
        const e2 = src[a + 2]! - m2;
        const e3 = src[a + 3]! - m3;
        acc[q] = acc[q]! + (e0 * e0 * h0 + e1 * e1 * h1 + (e2 * e2 * h2 + e3 * e3 * h3));
      }
    }
    for (; k < m; k++) {
      const m0 = mean[p + k]!;
      const h0 = h[p + k]!;
      for (let r = 0, a = at + k, q = c; r < rows; r++, a += stride, q += C) {
        const e0 = src[a]! - m0;
        acc[q] = acc[q]! + e0 * e0 * h0;
      }
    }
  }
}
