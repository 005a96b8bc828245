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
  batchWeights,
  scaleAll,
  componentTotals,
  isContiguous,
  numbersFromJSON,
  remapRows,
  requireFiniteCells,
  softWeights,
} from "../../core/cells.js";
import type { KernelOptions, KernelParams, KernelStats, RowWeights } from "../../core/kernel.js";
import type { RowBlocks } from "../../core/matrix.js";
import { deviationSums, shiftedSum } from "../../core/sum.js";
import { alignExponents, weightExponentFromJSON } from "../../core/weights.js";
import {
  gatherTile,
  PILOT_ROWS,
  sumDeviations,
  sumDeviationsIndexed,
  sumRows,
  sumRowsIndexed,
  tiledWeightedDeviations,
  tiledWeightedSums,
  TILE,
  weightedRowDeviations,
  weightedRowDeviationsContiguous,
  weightedRowSums,
  weightedRowSumsContiguous,
} from "./loops.js";

/** Variances are kept at least this (the smallest normal double), so 1 / (2σ²) stays finite. */
export const MIN_VARIANCE = 2.2250738585072014e-308;
/**
 * A cell whose Σ w (x − mean)² leaves [SMALL·W, LARGE] is summed again in units of a power of
 * two near its largest deviation (see rescaledMoments): its squares would under- or overflow.
 */
const LARGE = 1e280;
const SMALL = 1e-280;

/** A power of two near v > 0, within [2⁻¹⁰⁰⁰, 2¹⁰⁰⁰] (so that it and its reciprocal stay finite). @internal */
function powerOfTwoNear(v: number): number {
  return 2 ** Math.min(1000, Math.max(-1000, Math.round(Math.log2(v || 1))));
}

/** A batch's summary of one cell: its weighted mean is centre + shifted; M2 is in units of scale². */
interface CellSummary {
  centre: number;
  shifted: number;
  m2: number;
  scale: number;
}

/**
 * Chan, Golub & LeVeque's merge of the summary (wB, meanB, m2B) into the one at index `i` of
 * (w, mean, m2), where means are relative to the same shift: mean += δ·wB/W and
 * M2 += M2B + δ²·wA·wB/W with δ = meanB − meanA and W = wA + wB. `wA` is read from `w[c]`.
 */
function mergeMoments(
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

/**
 * Builds the parameters an estimate gives: the kernel's parameter class, handed to the
 * statistics by whoever makes them (kernel.ts), so that this file needs neither the parameters
 * nor the Gaussian class (the scalar API's statistics never estimate parameters of a block).
 * @internal
 */
export type GaussianParamsFactory = (
  cols: Int32Array,
  components: number,
  mean: Float64Array,
  variance: Float64Array,
  epsilon: number,
  std: Float64Array,
) => KernelParams;

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
  /** M2 = Σ w (x − mean)² per component and column, in units of scale². */
  m2: Float64Array;
  /**
   * A power of two per component and column, 1 unless the column's spread is so large (beyond
   * ~1e140) or so small (below ~1e-140) that M2 itself would over- or underflow: M2 is then
   * kept in units of scale², as Gaussian.fit has always rescaled its sum of squares.
   */
  scale: Float64Array;
  /** Weights are held in units of 2^weightExponent (0 unless they would overflow or are tiny). */
  weightExponent = 0;

  /** Builds the parameters of `estimate` (absent for the scalar API's statistics). */
  private readonly params: GaussianParamsFactory | null;

  constructor(cols: Int32Array, components: number, params: GaussianParamsFactory | null = null) {
    this.params = params;
    this.cols = cols;
    this.components = components;
    this.contiguous = isContiguous(cols);
    const size = components * cols.length;
    this.weight = new Float64Array(components);
    this.shift = new Float64Array(size);
    this.shiftedMean = new Float64Array(size);
    this.m2 = new Float64Array(size);
    this.scale = new Float64Array(size).fill(1);
  }

  totals(): Float64Array {
    return this.weight.slice();
  }

  empty(): GaussianKernelStats {
    return new GaussianKernelStats(this.cols, this.components, this.params);
  }

  /** The mean of component c, column k of the block. */
  mean(c: number, k: number): number {
    const i = c * this.cols.length + k;
    return this.shift[i]! + this.shiftedMean[i]!;
  }

  /**
   * Chan's merge of a summary (weight wB, mean centre + shifted, M2 = m2B · scaleB²) into cell
   * k, whose weight is wA, in a common power-of-two scale. With both scales 1 (every ordinary
   * column) this is mergeMoments alone, to the bit.
   */
  mergeCell(k: number, wA: number, wB: number, centre: number, shifted: number, m2B: number, scaleB: number): void {
    if (wB === 0) return;
    if (wA === 0) {
      this.shift[k] = centre + 0; // −0 → 0, as JSON would store it
      this.shiftedMean[k] = shifted;
      this.m2[k] = m2B;
      this.scale[k] = scaleB;
      return;
    }
    // The batch's mean relative to our shift: the difference of nearby shifts is exact (Sterbenz).
    const meanB = centre - this.shift[k]! + shifted;
    let scale = Math.max(this.scale[k]!, scaleB);
    const delta = Math.abs(meanB - this.shiftedMean[k]!);
    if (!(delta / scale < 1e140)) scale = Math.max(scale, powerOfTwoNear(delta));
    if (scale !== this.scale[k]) {
      const r = this.scale[k]! / scale;
      this.m2[k] = this.m2[k]! * r * r;
      this.scale[k] = scale;
    }
    const rB = scaleB / scale;
    mergeMoments(wA, this.shiftedMean, this.m2, k, wB, meanB, m2B * rB * rB, scale);
  }

  accumulate(where: string, x: RowBlocks, given: RowWeights): void {
    const m = this.cols.length;
    const C = this.components;
    // Weights are relative: in the statistics' units (rescaled where their sum would overflow).
    const { weights, rel } = batchWeights(x.rows, given, this.weightExponent, this.weight, false);
    // Three kinds of weights, three sets of loops: labels (one row, one component, weight 1),
    // labels with sample weights (one component, weight w_i), and soft weights (responsibilities,
    // EM's M-step: every component, in tiles).
    const sw = weights.sampleWeight;
    const soft = weights.responsibility !== null;
    // A single column of a single component without weights (Gaussian.fit, a Product's column
    // given alone) is summed as Gaussian.fit always summed it: in compensated blocks.
    const vector = !soft && C === 1 && m === 1 && x.cols === 1 && sw === null;
    const gather = soft && !this.contiguous ? new Float64Array(TILE * m) : null;
    const total = vector ? Float64Array.of(x.rows) : componentTotals(x.rows, weights);
    const dense = weights.responsibility !== null ? softWeights(x.rows, C, weights.responsibility, sw) : null;
    // The batch's moments about a centre mu per component and column: Σ w (x − mu) and
    // Σ w (x − mu)². Soft weights try one pass about a pilot centre first; the two passes below
    // are the rule, and what that pass falls back to.
    const moments = vector
      ? this.vectorMoments(where, x)
      : ((dense !== null ? this.pilotMoments(x, dense, total, gather) : null) ??
        this.twoPassMoments(where, x, weights, dense, total, gather));
    const { mu, dev, sq } = moments;
    // Cells whose squares over- or underflowed (or whose sum overflowed) are summed again, to scale.
    // A sum of squares that came out 0 is either a constant cell (common: a column of zeros in
    // a class) or squares below the doubles: one pass over the rows tells them apart.
    let rescued: (CellSummary | undefined)[] | null = null;
    let zero: Uint8Array | null = null;
    for (let k = 0; k < C * m; k++) {
      const W = total[Math.floor(k / m)]!;
      if (W > 0 && sq[k] === 0) (zero ??= new Uint8Array(C * m))[k] = 1;
    }
    if (zero !== null) this.markSpread(x, weights, dense, mu, zero);
    for (let k = 0; k < C * m; k++) {
      const W = total[Math.floor(k / m)]!;
      if (W > 0 && (sq[k] === 0 ? zero![k] === 2 : !(sq[k]! <= LARGE && sq[k]! >= SMALL * W))) {
        rescued ??= [];
        rescued[k] = this.rescaledMoments(x, weights, dense, k, W);
      }
    }
    // Nothing has thrown: the statistics held move to the batch's units, then take it in.
    scaleAll(rel.stored, this.weight, this.m2);
    this.weightExponent = rel.exponent;
    // Merge each component's batch summary (in the shift of the running one).
    for (let c = 0; c < C; c++) {
      const wB = total[c]!;
      if (wB === 0) continue;
      const wA = this.weight[c]!;
      for (let k = c * m; k < (c + 1) * m; k++) {
        const r = rescued?.[k];
        if (r !== undefined) {
          this.mergeCell(k, wA, wB, r.centre, r.shifted, r.m2, r.scale);
          continue;
        }
        const shiftedB = dev[k]! / wB;
        this.mergeCell(k, wA, wB, mu[k]!, shiftedB, Math.max(0, sq[k]! - dev[k]! * shiftedB), 1);
      }
      this.weight[c] = wA + wB;
    }
  }

  /**
   * The two passes of Gaussian.fit over one column (the block's only one) of rows holding
   * nothing else: Σ (x − 0) and then Σ (x − mu), Σ (x − mu)² in compensated blocks (core/sum.ts).
   */
  private vectorMoments(where: string, x: RowBlocks): { mu: Float64Array; dev: Float64Array; sq: Float64Array } {
    let sum = 0;
    for (let start = 0; start < x.rows; start += x.blockRows) {
      const buf = x.block(start);
      const n = Math.min(x.rows - start, x.blockRows);
      sum += shiftedSum(buf.subarray(x.offset, x.offset + n), 0);
    }
    if (sum - sum !== 0) requireFiniteCells(where, x, this.cols); // a bad value; else an overflow, rescued
    const mu = Float64Array.of(sum - sum === 0 ? sum / x.rows : 0);
    let dev = 0;
    let sq = 0;
    for (let start = 0; start < x.rows; start += x.blockRows) {
      const buf = x.block(start);
      const n = Math.min(x.rows - start, x.blockRows);
      const d = deviationSums(buf.subarray(x.offset, x.offset + n), 0, mu[0]);
      dev += d.sum;
      sq += d.sumSquares;
    }
    return {
      mu,
      dev: Float64Array.of(sum - sum === 0 ? dev : 0),
      sq: Float64Array.of(sum - sum === 0 ? sq : Infinity),
    };
  }

  /**
   * Sets flag[k] from 1 to 2 for each flagged cell holding a value other than its batch mean
   * mu[k], among the rows of positive weight in its component: one pass over the rows.
   */
  private markSpread(
    x: RowBlocks,
    weights: RowWeights,
    dense: Float64Array | null,
    mu: Float64Array,
    flag: Uint8Array,
  ): void {
    const m = this.cols.length;
    const C = this.components;
    const y = weights.component;
    const sw = weights.sampleWeight;
    // The flagged cells of each component, as (cell, column) pairs from at[c] to at[c + 1]: the
    // pass reads those cells only (a class's few constant columns, not all m).
    const at = new Int32Array(C + 1);
    for (let p = 0; p < C * m; p++) if (flag[p] === 1) at[Math.floor(p / m) + 1] = at[Math.floor(p / m) + 1]! + 1;
    for (let c = 0; c < C; c++) at[c + 1] = at[c + 1]! + at[c]!;
    const cell = new Int32Array(at[C]!);
    const col = new Int32Array(at[C]!);
    for (let p = 0, q = 0; p < C * m; p++) {
      if (flag[p] !== 1) continue;
      cell[q] = p;
      col[q++] = this.cols[p % m]!;
    }
    for (let start = 0; start < x.rows; start += x.blockRows) {
      const buf = x.block(start);
      const end = Math.min(x.rows, start + x.blockRows);
      for (let i = start, row = x.offset; i < end; i++, row += x.cols) {
        for (let c = dense === null ? (C === 1 ? 0 : y![i]!) : 0; c < C; c++) {
          const w = dense === null ? (sw === null ? 1 : sw[i]!) : dense[i * C + c]!;
          if (w > 0) {
            for (let q = at[c]!; q < at[c + 1]!; q++) {
              const p = cell[q]!;
              if (buf[row + col[q]!] !== mu[p]) flag[p] = 2;
            }
          }
          if (dense === null) break; // labels: the row's own component only
        }
      }
    }
  }

  /**
   * Cell k's summary for data whose squares leave the doubles (a spread beyond ~1e140 or below
   * ~1e-140) or whose sum overflows (values near ±1.8e308): the mean from half-deviations
   * (finite for any finite data), then Σ w e and Σ w e² with e = (x − mean) / s for a power of
   * two s near the largest deviation, so nothing under- or overflows and the division is exact.
   * Weights enter as w / W (W the cell's total, finite), so their size cannot overflow either.
   * The one slow path of the kernel, taken only by such cells.
   */
  private rescaledMoments(
    x: RowBlocks,
    weights: RowWeights,
    dense: Float64Array | null,
    k: number,
    W: number,
  ): CellSummary {
    const m = this.cols.length;
    const C = this.components;
    const c = Math.floor(k / m);
    const j = this.cols[k % m]!;
    const y = weights.component;
    const sw = weights.sampleWeight;
    const weightOf = (i: number): number =>
      dense !== null ? dense[i * C + c]! : C === 1 || y![i] === c ? (sw === null ? 1 : sw[i]!) : 0;
    const each = (f: (v: number, w: number) => void): void => {
      for (let start = 0; start < x.rows; start += x.blockRows) {
        const buf = x.block(start);
        const end = Math.min(x.rows, start + x.blockRows);
        for (let i = start, at = x.offset + j; i < end; i++, at += x.cols) {
          const w = weightOf(i);
          if (w > 0) f(buf[at]!, w / W);
        }
      }
    };
    let centre = NaN;
    each((v) => {
      if (centre !== centre) centre = v;
    });
    // Half-deviations: |x/2 − centre/2| ≤ 1.8e308 / 2 · 2 for any finite x and centre.
    let half = 0;
    each((v, p) => (half += p * (0.5 * v - 0.5 * centre)));
    let largest = 0;
    each((v) => (largest = Math.max(largest, Math.abs(0.5 * v - 0.5 * centre - half))));
    const scale = powerOfTwoNear(2 * largest);
    const inv = 2 / scale;
    let dev = 0;
    let sq = 0;
    each((v, p) => {
      const e = (0.5 * v - 0.5 * centre - half) * inv;
      dev += p * e;
      sq += p * e * e;
    });
    return { centre, shifted: 2 * half + dev * scale, m2: W * Math.max(0, sq - dev * dev), scale };
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
        mu[k] = 0; // all finite, but the sum overflowed: the cell is summed again to scale (rescaledMoments)
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
    return { mu, dev, sq };
  }

  /**
   * Soft weights, one pass about a pilot centre (scikit-learn's M-step, without its
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
    // In the larger of the two units (the other's weights are scaled on the fly: it is unchanged).
    const [mine, theirs] = alignExponents(this, o);
    scaleAll(mine, this.weight, this.m2);
    for (let c = 0; c < this.components; c++) {
      const wA = this.weight[c]!;
      const wB = o.weight[c]! * theirs;
      for (let k = c * m; k < (c + 1) * m; k++) {
        this.mergeCell(k, wA, wB, o.shift[k]!, o.shiftedMean[k]!, o.m2[k]! * theirs, o.scale[k]!);
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
    const scale = remapRows(this.scale, m, components, oldToNew);
    for (let k = 0; k < scale.length; k++) if (scale[k] === 0) scale[k] = 1; // the new components
    this.scale = scale;
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

  estimate(options: KernelOptions): KernelParams {
    if (this.params === null) throw new Error("GaussianKernelStats: no parameters for the scalar statistics");
    const m = this.cols.length;
    const C = this.components;
    // ε: the largest variance of any column over all rows, from the per-component summaries by
    // the same merge: M2_total = Σ_c M2_c + Σ_c W_c (mean_c − mean)², in units of the column's
    // largest scale S (1 for ordinary data); epsStd = √ε, finite even where ε is not.
    let epsilon = 0;
    let epsStd = 0;
    if (options.varSmoothing > 0) {
      let total = 0;
      for (let c = 0; c < C; c++) total += this.weight[c]!;
      let maxVar = 0;
      let maxStd = 0;
      if (total > 0) {
        for (let k = 0; k < m; k++) {
          let S = 1;
          for (let c = 0; c < C; c++) if (this.weight[c]! > 0) S = Math.max(S, this.scale[c * m + k]!);
          let grand = 0;
          for (let c = 0; c < C; c++) grand += this.weight[c]! * this.mean(c, k);
          grand /= total;
          if (grand - grand !== 0) {
            // Σ W_c mean_c overflowed (means near 1.8e308): Σ (W_c / W) mean_c cannot.
            grand = 0;
            for (let c = 0; c < C; c++) grand += (this.weight[c]! / total) * this.mean(c, k);
          }
          let m2 = 0;
          for (let c = 0; c < C; c++) {
            const i = c * m + k;
            const e = (this.mean(c, k) - grand) / S;
            const r = this.scale[i]! / S;
            m2 += this.m2[i]! * r * r + this.weight[c]! * e * e;
          }
          if (m2 / total > maxVar / (S * S)) {
            maxVar = (m2 / total) * S * S;
            maxStd = Math.sqrt(m2 / total) * S;
          }
        }
      }
      epsilon = options.varSmoothing * maxVar;
      epsStd = Math.sqrt(options.varSmoothing) * maxStd;
    }
    const mean = new Float64Array(C * m);
    const variance = new Float64Array(C * m);
    const std = new Float64Array(C * m);
    for (let c = 0; c < C; c++) {
      const w = this.weight[c]!;
      for (let k = c * m; k < (c + 1) * m; k++) {
        mean[k] = w > 0 ? this.shift[k]! + this.shiftedMean[k]! : 0;
        const v = w > 0 ? this.m2[k]! / w : 0; // in units of scale²
        const plain = v + epsilon + options.regVariance;
        if (this.scale[k] === 1 && plain >= MIN_VARIANCE && plain < Infinity) {
          variance[k] = plain;
          std[k] = Math.sqrt(plain);
        } else {
          // A spread beyond the doubles' squares: σ itself, without forming σ².
          const sd = Math.hypot(this.scale[k]! * Math.sqrt(v), epsStd, Math.sqrt(options.regVariance));
          std[k] = sd > 0 ? sd : Math.sqrt(MIN_VARIANCE); // no spread and no smoothing: the floor
          variance[k] = sd > 0 ? sd * sd : MIN_VARIANCE;
        }
      }
    }
    return this.params(this.cols, C, mean, variance, epsilon, std);
  }

  toJSON(): {
    weight: number[];
    shift: number[];
    shiftedMean: number[];
    m2: number[];
    scale?: number[];
    weightExponent?: number;
  } {
    const json = {
      weight: Array.from(this.weight),
      shift: Array.from(this.shift),
      shiftedMean: Array.from(this.shiftedMean),
      m2: Array.from(this.m2),
    };
    // M2 in units of scale² and weights in units of 2^weightExponent only where the data need
    // it (else as 0.2 wrote them).
    return {
      ...json,
      ...(this.scale.every((v) => v === 1) ? {} : { scale: Array.from(this.scale) }),
      ...(this.weightExponent === 0 ? {} : { weightExponent: this.weightExponent }),
    };
  }

  /** Restores `toJSON` output; `weight` may come from elsewhere (a model's class counts). */
  static fromJSON(
    where: string,
    json: unknown,
    cols: Int32Array,
    components: number,
    params: GaussianParamsFactory | null,
  ): GaussianKernelStats {
    const o = (json ?? {}) as Record<string, unknown>;
    const s = new GaussianKernelStats(cols, components, params);
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
    s.weightExponent = weightExponentFromJSON(`${where}.weightExponent`, o.weightExponent);
    if (o.scale !== undefined) {
      s.scale = numbersFromJSON(`${where}.scale`, o.scale, size, 0);
      for (let k = 0; k < size; k++) requirePowerOfTwo(`${where}.scale[${k}]`, s.scale[k]!);
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

/** Requires a power of two in [2⁻¹⁰⁰⁰, 2¹⁰⁰⁰], as M2's scale always is. @internal */
export function requirePowerOfTwo(where: string, v: number): number {
  if (!(v >= 2 ** -1000 && v <= 2 ** 1000 && 2 ** Math.round(Math.log2(v)) === v)) {
    throw new RangeError(`${where} must be a power of two in [2^-1000, 2^1000], got ${v}`);
  }
  return v;
}
