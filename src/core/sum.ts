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
 * The corrected two-pass sum of squared deviations Σ (x − center)², compensated, minus the
 * (Σ (x − center))² / n term that removes the rounding error of `center` itself
 * (Chan, Golub & LeVeque 1983). With center = the mean this is n times the MLE variance.
 */
export function sumSquaredDeviations(values: ArrayLike<number>, center: number): number {
  let sumSq = 0;
  let compSq = 0;
  let sumDev = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - center;
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
