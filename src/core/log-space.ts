/**
 * Log-space arithmetic: normalise with log-sum-exp, never compute a probability only to take
 * its log.
 */

/**
 * log Σ exp(values[i]) over `values[start..end)`, shifted by the maximum so nothing overflows.
 * Returns -Infinity when every term is -Infinity, +Infinity when any is +Infinity.
 *
 * @example
 * ```ts
 * logSumExp([-1000, -1000]); // -1000 + Math.LN2
 * ```
 */
export function logSumExp(values: ArrayLike<number>, start = 0, end = values.length): number {
  let max = -Infinity;
  for (let i = start; i < end; i++) {
    const v = values[i]!;
    if (v > max) max = v;
  }
  // All -Infinity (or empty): the sum of zeros. +Infinity: the shift below would give NaN.
  if (max === -Infinity || max === Infinity) return max;
  let sum = 0;
  for (let i = start; i < end; i++) sum += Math.exp(values[i]! - max);
  return max + Math.log(sum);
}

/** log(1 − exp(a)) for a ≤ 0, accurate near both ends (Mächler's log1mexp). */
export function log1mExp(a: number): number {
  return a > -Math.LN2 ? Math.log(-Math.expm1(a)) : Math.log1p(-Math.exp(a));
}

/** log(1 + exp(a)), the softplus, without overflow. */
export function log1pExp(a: number): number {
  return a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a));
}

/** x · log(y) with the convention 0 · log(0) = 0 (as scipy's `xlogy`). */
export function xLogY(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(y);
}
