/**
 * The Exponential family's kernel statistics: x_k | c ~ Exponential(λ_ck) for a block of
 * columns of values ≥ 0 and C components.
 *
 * The statistics are the weight W_c per component and the weighted sums S_ck = Σ_i w_ic x_ik;
 * the MLE is λ̂_ck = W_c / S_ck. There is no smoothing (no conjugate pseudo-count is offered:
 * `alpha` does not apply). Where the MLE is no proper distribution — a column that is 0 in
 * every row of a component (S = 0, λ̂ = ∞) — a Product and `Exponential.fit` refuse it naming
 * the column (`requireProper`), while Naive Bayes and EM floor the mean at 2⁻¹⁰²² (λ ≤ 2¹⁰²²,
 * a near point mass at 0, as the Gaussian floors a variance); a component with no weight gets
 * λ = 1.
 */

import {
  batchWeights,
  componentTotals,
  mergeSums,
  numbersFromJSON,
  remapRows,
  scaleAll,
  softWeights,
  withExponent,
} from "../../core/cells.js";
import type { KernelOptions, KernelParams, KernelStats, RowWeights } from "../../core/kernel.js";
import type { RowBlocks } from "../../core/matrix.js";
import { describe } from "../../core/validate.js";
import { weightExponentFromJSON } from "../../core/weights.js";

/** The largest rate a model's estimate gives: the mean floored at 2⁻¹⁰²², the least normal double. */
export const MAX_RATE = 2 ** 1022;

/** True for a value in the support: finite and ≥ 0 (false for NaN, ±Infinity and negatives). */
export function isWaitingTime(v: number): boolean {
  return v >= 0 && v < Infinity;
}

/** The error for a value outside the support, naming the cell. */
export function badValue(where: string, row: number, col: number, value: unknown): Error {
  if (typeof value !== "number") {
    return new TypeError(`${where}: X[${row}][${col}] must be a number >= 0, got ${describe(value)}`);
  }
  return new RangeError(
    `${where}: X[${row}][${col}] is ${describe(value)}, but an Exponential feature takes finite numbers >= 0`,
  );
}

/**
 * The MLE λ̂ = W / S from the total weight W and the weighted sum S = Σ w·x (in the same units),
 * or why there is none: the one formula for the scalar fit and every model.
 * @internal
 */
export function exponentialRate(weight: number, sum: number): number | "empty" | "zero" | "overflow" | "underflow" {
  if (weight === 0) return "empty";
  if (sum === 0) return "zero";
  const rate = weight / sum;
  if (rate === Infinity) return "overflow"; // the mean is below the doubles' range of 1/λ
  if (rate === 0) return "underflow"; // Σ w·x overflowed
  return rate;
}

/** The rate a model uses: the MLE, floored into (0, 2¹⁰²²]; 1 for a component with no weight. @internal */
export function flooredRate(weight: number, sum: number): number {
  const rate = exponentialRate(weight, sum);
  if (typeof rate === "number") return Math.min(rate, MAX_RATE);
  return rate === "empty" ? 1 : rate === "underflow" ? Number.MIN_VALUE : MAX_RATE;
}

/** Builds a block's parameters from its statistics (kernel.ts). @internal */
export type ExponentialEstimator = (stats: ExponentialKernelStats, options: KernelOptions) => KernelParams;

/** Weighted Exponential statistics of a block of columns, per component. @internal */
export class ExponentialKernelStats implements KernelStats {
  /** Builds the parameters (kernel.ts); null for the scalar API's statistics. */
  private readonly estimator: ExponentialEstimator | null;
  readonly kind = "exponential" as const;
  readonly cols: Int32Array;
  components: number;
  /** W_c per component. */
  weight: Float64Array;
  /** S_ck = Σ w x per component and column. */
  sum: Float64Array;
  /** Weights are held in units of 2^weightExponent (0 unless they would overflow or are tiny). */
  weightExponent = 0;

  constructor(cols: Int32Array, components: number, estimator: ExponentialEstimator | null = null) {
    this.estimator = estimator;
    this.cols = cols;
    this.components = components;
    this.weight = new Float64Array(components);
    this.sum = new Float64Array(components * cols.length);
  }

  totals(): Float64Array {
    return this.weight.slice();
  }

  empty(): ExponentialKernelStats {
    return new ExponentialKernelStats(this.cols, this.components, this.estimator);
  }

  accumulate(where: string, x: RowBlocks, given: RowWeights): void {
    const { weights, rel } = batchWeights(x.rows, given, this.weightExponent, this.weight);
    const m = this.cols.length;
    const C = this.components;
    const d = x.cols;
    const cols = this.cols;
    const y = weights.component;
    const sw = weights.sampleWeight;
    const w = y === null ? softWeights(x.rows, C, weights.responsibility!, sw) : null;
    const sum = new Float64Array(C * m);
    for (let start = 0; start < x.rows; start += x.blockRows) {
      const buf = x.block(start);
      const end = Math.min(x.rows, start + x.blockRows);
      for (let i = start, base = x.offset; i < end; i++, base += d) {
        for (let k = 0; k < m; k++) {
          if (!isWaitingTime(buf[base + cols[k]!]!)) throw badValue(where, i, cols[k]!, x.value(i, cols[k]!));
        }
        // Labels add row i into its component; responsibilities into every component.
        const c0 = y === null ? 0 : y[i]!;
        const c1 = y === null ? C : c0 + 1;
        for (let c = c0; c < c1; c++) {
          const wc = y !== null ? (sw === null ? 1 : sw[i]!) : w![i * C + c]!;
          if (wc === 0) continue;
          const p = c * m;
          for (let k = 0; k < m; k++) sum[p + k] = sum[p + k]! + wc * buf[base + cols[k]!]!;
        }
      }
    }
    scaleAll(rel.stored, this.weight, this.sum);
    this.weightExponent = rel.exponent;
    for (let k = 0; k < sum.length; k++) this.sum[k] = this.sum[k]! + sum[k]!;
    const total = componentTotals(x.rows, weights);
    for (let c = 0; c < C; c++) this.weight[c] = this.weight[c]! + total[c]!;
  }

  merge(other: KernelStats): void {
    const o = other as ExponentialKernelStats;
    mergeSums(this, o, [
      [this.weight, o.weight],
      [this.sum, o.sum],
    ]);
  }

  remap(components: number, oldToNew: Int32Array): void {
    this.weight = remapRows(this.weight, 1, components, oldToNew);
    this.sum = remapRows(this.sum, this.cols.length, components, oldToNew);
    this.components = components;
  }

  requireProper(where: string): void {
    // λ̂ = W / S is a proper Exponential only where 0 < S < ∞: refused where the floor would
    // otherwise stand in, as Exponential.fit refuses it.
    const m = this.cols.length;
    for (let i = 0; i < this.sum.length; i++) {
      const rate = exponentialRate(this.weight[Math.floor(i / m)]!, this.sum[i]!);
      if (typeof rate === "number" || rate === "empty") continue;
      throw new RangeError(`${where}: Exponential feature ${this.cols[i % m]} ${improper(rate)}`);
    }
  }

  estimate(options: KernelOptions): KernelParams {
    if (this.estimator === null)
      throw new Error("ExponentialKernelStats: the scalar statistics estimate no block parameters");
    return this.estimator(this, options);
  }

  toJSON(): { weight: number[]; sum: number[]; weightExponent?: number } {
    return withExponent({ weight: Array.from(this.weight), sum: Array.from(this.sum) }, this.weightExponent);
  }

  /** Restores `toJSON` output. */
  static fromJSON(
    where: string,
    json: unknown,
    cols: Int32Array,
    components: number,
    estimator: ExponentialEstimator | null,
  ): ExponentialKernelStats {
    const o = (json ?? {}) as Record<string, unknown>;
    const s = new ExponentialKernelStats(cols, components, estimator);
    s.weight = numbersFromJSON(`${where}.weight`, o.weight, components, 0);
    s.sum = numbersFromJSON(`${where}.sum`, o.sum, components * cols.length, 0);
    s.weightExponent = weightExponentFromJSON(`${where}.weightExponent`, o.weightExponent);
    const m = cols.length;
    for (let i = 0; i < s.sum.length; i++) {
      if (s.weight[Math.floor(i / m)] === 0 && s.sum[i] !== 0) {
        throw new RangeError(`${where}.sum[${i}] is ${s.sum[i]}, but its component has weight 0`);
      }
    }
    return s;
  }
}

/** Why W / S is no rate, in words that follow "feature j" or "the data". @internal */
export function improper(why: "zero" | "overflow" | "underflow"): string {
  if (why === "zero")
    return "is 0 in every row of weight > 0 (all values are 0), so its MLE rate is infinite (a point mass at 0)";
  if (why === "overflow") return "has a weighted mean below 2^-1024, so its MLE rate overflows; rescale the values";
  return "has a weighted sum Σ w·x beyond the largest double; rescale the values";
}
