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

import type { SumFamily, WeightedSums } from "../../core/weighted-sums.js";
import { describe } from "../../core/validate.js";

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

/**
 * The Exponential family's weighted sums: values ≥ 0, checked; λ̂ = W / S is a proper Exponential
 * only where 0 < S < ∞, so a Product refuses the rest, as Exponential.fit refuses them (a model
 * fitted by EM floors the rate instead: flooredRate).
 * @internal
 */
export const EXPONENTIAL_SUMS: SumFamily = {
  kind: "exponential",
  integers: false,
  bad: badValue,
  requireProper(where, s) {
    const m = s.cols.length;
    for (let i = 0; i < s.sum.length; i++) {
      const rate = exponentialRate(s.weight[Math.floor(i / m)]!, s.sum[i]!);
      if (typeof rate === "number" || rate === "empty") continue;
      throw new RangeError(`${where}: Exponential feature ${s.cols[i % m]} ${improper(rate)}`);
    }
  },
};

/** Weighted Exponential statistics of a block of columns, per component: the shared weighted sums. @internal */
export type ExponentialKernelStats = WeightedSums;

/** Why W / S is no rate, in words that follow "feature j" or "the data". @internal */
export function improper(why: "zero" | "overflow" | "underflow"): string {
  if (why === "zero")
    return "is 0 in every row of weight > 0 (all values are 0), so its MLE rate is infinite (a point mass at 0)";
  if (why === "overflow") return "has a weighted mean below 2^-1024, so its MLE rate overflows; rescale the values";
  return "has a weighted sum Σ w·x beyond the largest double; rescale the values";
}
