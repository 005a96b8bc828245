/**
 * The Poisson family's kernel: x_k | c ~ Poisson(λ_ck) for a block of columns of counts and C
 * components.
 *
 * The statistics are the weighted sums S_ck = Σ_i w_ic x_ik and the weight W_c per component.
 * With pseudo-count α, λ̂_ck = (S_ck + α) / (W_c + α): the posterior mean under a
 * Gamma(α, α) prior, which pulls an all-zero column off λ = 0 (α = 0 gives the MLE, the
 * weighted mean; with no data and α = 0, λ̂ = 0).
 */

import type { SumFamily, WeightedSums } from "../../core/weighted-sums.js";
import { describe } from "../../core/validate.js";

/** True for an integer count ≥ 0 (false for NaN, ±Infinity, fractions and negatives). */
export function isCount(v: number): boolean {
  return v >= 0 && v - v === 0 && Math.floor(v) === v;
}

/** The error for a value that is not a count, naming the cell. */
export function badCount(where: string, row: number, col: number, value: unknown): Error {
  if (typeof value !== "number") {
    return new TypeError(`${where}: X[${row}][${col}] must be a count (an integer >= 0), got ${describe(value)}`);
  }
  return new RangeError(
    `${where}: X[${row}][${col}] is ${describe(value)}, but a Poisson feature takes integer counts >= 0`,
  );
}

/**
 * The smoothed rate λ̂ = (Σ w·x + α) / (Σ w + α), the posterior mean under a Gamma(α, α) prior,
 * with 0 when Σ w + α = 0: the one formula for the scalar fit and every model.
 * @internal
 */
export function poissonRate(sum: number, n: number, alpha: number): number {
  if (alpha === Infinity) return 1; // the prior alone (α beyond the doubles in the weights' units)
  const den = n + alpha;
  return den > 0 ? (sum + alpha) / den : 0;
}

/** The Poisson family's weighted sums: counts, checked. @internal */
export const POISSON_SUMS: SumFamily = { kind: "poisson", integers: true, bad: badCount };

/** Weighted Poisson statistics of a block of columns, per component: the shared weighted sums. @internal */
export type PoissonKernelStats = WeightedSums;
