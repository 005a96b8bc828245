/**
 * Accurate sums over data sets. Plain left-to-right summation loses about log2(n) bits over
 * 10⁷ values; these keep the result within a few ulps at near the cost of the plain loop.
 */

/**
 * Σ values[i] with Neumaier's compensated summation (Kahan's, mended for terms larger than
 * the running sum).
 *
 * @example
 * ```ts
 * compensatedSum([1e16, 1, -1e16]); // 1 (a plain loop gives 0)
 * ```
 */
export function compensatedSum(values: ArrayLike<number>): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    const t = sum + x;
    // Whichever of sum and x is larger keeps its bits; recover the ones the smaller lost.
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return sum + compensation;
}

/**
 * The corrected two-pass sum of squared deviations Σ d², d = ((x − shift) − center) / scale,
 * compensated, minus the (Σ d)² / n term that removes the rounding error of `center` itself
 * (Chan, Golub & LeVeque 1983). With center = the mean of x − shift this is n times the MLE
 * variance (over scale²). `shift` lets a caller centre huge values exactly before the
 * subtraction; `scale` (a power of two, so dividing is exact) keeps d² from under- or
 * overflowing for data whose spread is near the ends of the double range.
 */
export function sumSquaredDeviations(values: ArrayLike<number>, center: number, shift = 0, scale = 1): number {
  let sumSq = 0;
  let compSq = 0;
  let sumDev = 0;
  for (let i = 0; i < values.length; i++) {
    const d = (values[i]! - shift - center) / scale;
    sumDev += d;
    const term = d * d;
    const t = sumSq + term;
    // Neumaier's step again: early terms can exceed the running sum.
    compSq += sumSq >= term ? sumSq - t + term : term - t + sumSq;
    sumSq = t;
  }
  const n = values.length;
  return Math.max(0, sumSq + compSq - (n > 0 ? (sumDev * sumDev) / n : 0));
}

/** The largest |x − center| over the data: the scale of the deviations. */
export function maxAbsDeviation(values: ArrayLike<number>, center: number): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const d = Math.abs(values[i]! - center);
    if (d > max) max = d;
  }
  return max;
}
