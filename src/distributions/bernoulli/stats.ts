/**
 * The Bernoulli family's kernel: b_k | c ~ Bernoulli(p_ck) for a block of columns and C
 * components, where b_k = [x_k > binarize] (or x_k itself when the data are already 0/1), as
 * scikit-learn's BernoulliNB.
 *
 * The statistics are weighted counts of ones per component and column and the weight W_c per
 * component (integers with labels and integer weights, so merging is exact). With Lidstone
 * smoothing α: p̂_ck = (N_ck + α) / (W_c + 2α), and both logs come straight from the counts,
 * log(1 − p̂_ck) = log(W_c − N_ck + α) − log(W_c + 2α), never log(1 − exp(log p̂)), which loses
 * every digit when p̂ is near 1. With no data and α = 0, p̂ = ½.
 */

import { weightExponentFromJSON } from "../../core/weights.js";
import {
  mergeSums,
  withExponent,
  batchWeights,
  scaleAll,
  isContiguous,
  numbersFromJSON,
  remapRows,
  requireFiniteCells,
  componentTotals,
  softWeights,
} from "../../core/cells.js";
import type { KernelOptions, KernelParams, KernelStats, RowWeights } from "../../core/kernel.js";
import type { RowBlocks } from "../../core/matrix.js";

/**
 * The smoothed estimate p̂ = (ones + α) / (n + 2α), with ½ when n + 2α = 0: the one formula for
 * the scalar fit and every model.
 * @internal
 */
export function bernoulliProbability(ones: number, n: number, alpha: number): number {
  if (alpha === Infinity) return 0.5; // the prior alone (α beyond the doubles in the weights' units)
  // Halved, so that 2α cannot overflow for α near the largest double (halving is exact, so
  // the result is the same as (ones + α) / (n + 2α) wherever that is finite).
  const den = n / 2 + alpha;
  return den > 0 ? (ones / 2 + alpha / 2) / den : 0.5;
}

/**
 * The hot loop of a Bernoulli fit on 0/1 data in consecutive columns with labels: adds row i's
 * m values (from buf[at + (i − start)·d]) to its component's counts, and returns 0 when every
 * value is 0, 1 or +Infinity, or 1 as soon as one is not (the counts are then a discarded
 * batch's). A top-level function so that V8 optimises it on its own.
 */
function countBits(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  y: Int32Array,
  m: number,
  ones: Float64Array,
): number {
  for (let i = start; i < end; i++, at += d) {
    const p = y[i]! * m;
    let k = 0;
    // Four columns per step so the independent adds overlap. v·v === v holds for 0 and 1 only
    // among finite values (NaN and −Infinity fail it; +Infinity passes, but leaves its count
    // infinite, which the caller checks); a branch that valid data never take is cheaper than
    // accumulating a check value, and one multiply cheaper than v(1 − v).
    for (; k + 3 < m; k += 4) {
      const v0 = buf[at + k]!;
      const v1 = buf[at + k + 1]!;
      const v2 = buf[at + k + 2]!;
      const v3 = buf[at + k + 3]!;
      ones[p + k] = ones[p + k]! + v0;
      ones[p + k + 1] = ones[p + k + 1]! + v1;
      ones[p + k + 2] = ones[p + k + 2]! + v2;
      ones[p + k + 3] = ones[p + k + 3]! + v3;
      if (v0 * v0 !== v0 || v1 * v1 !== v1 || v2 * v2 !== v2 || v3 * v3 !== v3) return 1;
    }
    for (; k < m; k++) {
      const v = buf[at + k]!;
      ones[p + k] = ones[p + k]! + v;
      if (v * v !== v) return 1;
    }
  }
  return 0;
}

/** Builds a block's parameters from its statistics (kernel.ts). @internal */
export type BernoulliEstimator = (stats: BernoulliKernelStats, options: KernelOptions) => KernelParams;

/** Weighted Bernoulli statistics of a block of columns, per component. @internal */
export class BernoulliKernelStats implements KernelStats {
  /** Builds the parameters (kernel.ts); null for the scalar API's statistics. */
  private readonly estimator: BernoulliEstimator | null;
  readonly kind = "bernoulli" as const;
  readonly cols: Int32Array;
  components: number;
  private readonly contiguous: boolean;
  /** The threshold above which a value counts as 1, or null for data already 0/1. */
  readonly binarize: number | null;
  /** W_c per component. */
  weight: Float64Array;
  /** Σ w·b per component and column. */
  ones: Float64Array;
  /** Weights are held in units of 2^weightExponent (0 unless they would overflow or are tiny). */
  weightExponent = 0;

  constructor(
    cols: Int32Array,
    components: number,
    binarize: number | null,
    estimator: BernoulliEstimator | null = null,
  ) {
    this.estimator = estimator;
    this.cols = cols;
    this.components = components;
    this.binarize = binarize;
    this.contiguous = isContiguous(cols);
    this.weight = new Float64Array(components);
    this.ones = new Float64Array(components * cols.length);
  }

  totals(): Float64Array {
    return this.weight.slice();
  }

  empty(): BernoulliKernelStats {
    return new BernoulliKernelStats(this.cols, this.components, this.binarize, this.estimator);
  }

  accumulate(where: string, x: RowBlocks, given: RowWeights): void {
    // Weights are relative: in the statistics' units (rescaled where their sum would overflow).
    const { weights, rel } = batchWeights(x.rows, given, this.weightExponent, this.weight);
    const m = this.cols.length;
    const C = this.components;
    const d = x.cols;
    const cols = this.cols;
    const threshold = this.binarize;
    const ones = new Float64Array(C * m);
    const total = componentTotals(x.rows, weights);
    const y = weights.component;
    const sw = weights.sampleWeight;
    const hard = y !== null && sw === null;
    const w = y === null ? softWeights(x.rows, C, weights.responsibility!, sw) : null;
    // chk stays 0 only for finite values that are 0/1 when binarize is null: the data check,
    // folded into the counting pass.
    let chk = 0;
    const bits = new Float64Array(m);
    for (let start = 0; start < x.rows; start += x.blockRows) {
      const buf = x.block(start);
      const end = Math.min(x.rows, start + x.blockRows);
      // One loop per mode, chosen outside the row loop so the inner loops stay branch-free.
      if (hard && threshold === null && this.contiguous) {
        chk += countBits(buf, x.offset + cols[0]!, d, start, end, y, m, ones);
        // countBits lets +Infinity through: it leaves an infinite count.
        for (let k = 0; k < ones.length; k++) chk += ones[k]! - ones[k]!;
      } else {
        for (let i = start, base = x.offset; i < end; i++, base += d) {
          for (let k = 0; k < m; k++) {
            const v = buf[base + cols[k]!]!;
            if (threshold === null) {
              chk += Math.abs(v * (1 - v));
              bits[k] = v;
            } else {
              chk += v - v;
              // +(v > t), not v > t ? 1 : 0: V8 compiles the conversion without a branch, and a
              // branch on pixel-like data mispredicts half the time (~8× slower).
              bits[k] = +(v > threshold);
            }
          }
          if (y !== null) {
            // Labels: row i adds into its own component, with its sample weight if any.
            const p = y[i]! * m;
            const wi = sw === null ? 1 : sw[i]!;
            for (let k = 0; k < m; k++) ones[p + k] = ones[p + k]! + wi * bits[k]!;
          } else {
            for (let c = 0; c < C; c++) {
              const wc = w![i * C + c]!;
              if (wc === 0) continue;
              for (let k = 0, p = c * m; k < m; k++) ones[p + k] = ones[p + k]! + wc * bits[k]!;
            }
          }
        }
      }
    }
    if (chk !== 0) {
      requireFiniteCells(where, x, cols);
      this.requireBits(where, x);
    }
    scaleAll(rel.stored, this.weight, this.ones);
    this.weightExponent = rel.exponent;
    for (let k = 0; k < ones.length; k++) this.ones[k] = this.ones[k]! + ones[k]!;
    for (let c = 0; c < C; c++) this.weight[c] = this.weight[c]! + total[c]!;
  }

  /** Throws naming the first value that is not 0 or 1 (binarize null). */
  private requireBits(where: string, x: RowBlocks): void {
    for (let i = 0; i < x.rows; i++) {
      for (let k = 0; k < this.cols.length; k++) {
        const j = this.cols[k]!;
        const v = x.value(i, j);
        if (v !== 0 && v !== 1) {
          throw new RangeError(
            `${where}: X[${i}][${j}] is ${String(v)}, but Bernoulli features with binarize: null must be 0 or 1`,
          );
        }
      }
    }
  }

  merge(other: KernelStats): void {
    const o = other as BernoulliKernelStats;
    mergeSums(this, o, [
      [this.weight, o.weight],
      [this.ones, o.ones],
    ]);
  }

  remap(components: number, oldToNew: Int32Array): void {
    this.weight = remapRows(this.weight, 1, components, oldToNew);
    this.ones = remapRows(this.ones, this.cols.length, components, oldToNew);
    this.components = components;
  }

  estimate(options: KernelOptions): KernelParams {
    if (this.estimator === null)
      throw new Error("BernoulliKernelStats: the scalar statistics estimate no block parameters");
    return this.estimator(this, options);
  }

  toJSON(): { weight: number[]; count: number[]; weightExponent?: number } {
    return withExponent({ weight: Array.from(this.weight), count: Array.from(this.ones) }, this.weightExponent);
  }

  /** Restores `toJSON` output (`count` is Σ w·b; each must lie in [0, W_c]). */
  static fromJSON(
    where: string,
    json: unknown,
    cols: Int32Array,
    components: number,
    binarize: number | null,
    estimator: BernoulliEstimator | null,
  ): BernoulliKernelStats {
    const o = (json ?? {}) as Record<string, unknown>;
    const s = new BernoulliKernelStats(cols, components, binarize, estimator);
    const m = cols.length;
    s.weight = numbersFromJSON(`${where}.weight`, o.weight, components, 0);
    s.ones = numbersFromJSON(`${where}.count`, o.count, components * m, 0);
    s.weightExponent = weightExponentFromJSON(`${where}.weightExponent`, o.weightExponent);
    for (let i = 0; i < s.ones.length; i++) {
      if (s.ones[i]! > s.weight[Math.floor(i / m)]!) {
        throw new RangeError(`${where}.count[${i}] is ${s.ones[i]}, above the weight of its component`);
      }
    }
    return s;
  }
}
