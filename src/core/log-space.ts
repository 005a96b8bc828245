/**
 * Log-space arithmetic: normalise with log-sum-exp, never compute a probability only to take
 * its log.
 */

import { describe, isNumericTypedArray } from "./validate.js";

/**
 * log Σ exp(values[i]) over `values[start..end)`, shifted by the maximum so nothing overflows.
 * Returns -Infinity for an empty range or when every term is -Infinity, and +Infinity when any
 * term is +Infinity.
 *
 * @throws TypeError when `values` is not an array or typed array of numbers, or a term is not a
 * number (a string, a boolean: never coerced); RangeError for a NaN term (naming its index) or a
 * `start`/`end` that is not an integer with 0 ≤ start ≤ end ≤ values.length.
 *
 * @example
 * ```ts
 * logSumExp([-1000, -1000]); // -999.3068528194401 (= -1000 + log 2; exp(-1000) underflows)
 * logSumExp([]); // -Infinity, the log of an empty sum
 * ```
 */
export function logSumExp(values: ArrayLike<number>, start = 0, end?: number): number {
  if (values === null || typeof values !== "object" || typeof values.length !== "number") {
    throw new TypeError(`logSumExp: values must be an array or typed array of numbers, got ${describe(values)}`);
  }
  const length = values.length;
  if (end === undefined) end = length;
  // One comparison chain per call: `x >>> 0 === x` holds only for integers in [0, 2³²).
  if (!(start >>> 0 === start && end >>> 0 === end && start <= end && end <= length)) badRange(values, start, end);
  // A typed array holds only numbers, so the hot loops below need no test per term: a NaN
  // shows up in the result and is looked for only then. Anything else is checked term by term
  // first (a string would compare as text, a boolean would count as 0 or 1).
  if (!(values instanceof Float64Array || isNumericTypedArray(values))) requireTerms(values, start, end);
  let max = -Infinity;
  for (let i = start; i < end; i++) {
    const v = values[i]!;
    if (v > max) max = v;
  }
  // All -Infinity (or empty): the sum of zeros. +Infinity: the shift below would give NaN.
  // Either way a NaN term was skipped by the comparisons above: look for one (a rare path).
  if (max === -Infinity || max === Infinity) {
    requireTerms(values, start, end);
    return max;
  }
  let sum = 0;
  for (let i = start; i < end; i++) sum += Math.exp(values[i]! - max);
  const result = max + Math.log(sum);
  if (result !== result) requireTerms(values, start, end); // throws, naming the NaN
  return result;
}

/** Throws for the first term of values[start..end) that is not a number, or is NaN. */
function requireTerms(values: ArrayLike<unknown>, start: number, end: number): void {
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (typeof v !== "number" || v !== v) badTerm(i, v);
  }
}

function badRange(values: ArrayLike<number>, start: unknown, end: unknown): never {
  const length = values.length;
  for (const [name, x] of [
    ["start", start],
    ["end", end],
  ] as const) {
    if (typeof x !== "number") throw new TypeError(`logSumExp: ${name} must be a number, got ${describe(x)}`);
  }
  throw new RangeError(
    `logSumExp: start and end must be integers with 0 <= start <= end <= values.length = ${length}, got start = ${describe(start)}, end = ${describe(end)}`,
  );
}

function badTerm(index: number, v: unknown): never {
  if (typeof v !== "number") throw new TypeError(`logSumExp: values[${index}] must be a number, got ${describe(v)}`);
  throw new RangeError(`logSumExp: values[${index}] is NaN`);
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
