/**
 * Sample weights: frequency weights, one per row. A weight of 2 counts its row twice, so integer
 * weights give exactly what repeated rows give, and a weight of 0 removes the row.
 */

import { describe } from "./validate.js";

/**
 * Reads `sampleWeight` (undefined for none) into a new Float64Array of length `rows`, reading
 * each value once (so a getter cannot change it between the check and the use). Throws a
 * TypeError for a non-array or a non-number and a RangeError for a length other than `rows` or
 * a weight that is negative, NaN or infinite, naming its index.
 */
export function readSampleWeight(where: string, sampleWeight: unknown, rows: number): Float64Array | null {
  if (sampleWeight === undefined || sampleWeight === null) return null;
  if (typeof sampleWeight !== "object" || typeof (sampleWeight as { length?: unknown }).length !== "number") {
    throw new TypeError(`${where}: sampleWeight must be an array of numbers, got ${describe(sampleWeight)}`);
  }
  const ws = sampleWeight as ArrayLike<unknown>;
  if (ws.length !== rows) {
    throw new RangeError(`${where}: sampleWeight has ${describe(ws.length)} values but the data have ${rows} rows`);
  }
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const w = ws[i];
    if (typeof w !== "number") throw new TypeError(`${where}: sampleWeight[${i}] must be a number, got ${describe(w)}`);
    if (!(w >= 0 && w < Infinity)) {
      throw new RangeError(`${where}: sampleWeight[${i}] is ${describe(w)}; weights must be finite and >= 0`);
    }
    out[i] = w;
  }
  return out;
}

/** Σ weights, or `rows` when there are none. */
export function totalWeight(weights: Float64Array | null, rows: number): number {
  if (weights === null) return rows;
  let s = 0;
  for (let i = 0; i < weights.length; i++) s += weights[i]!;
  return s;
}

/** x · 2^k for any integer k (in two steps, so that 2^k itself need not be a double). */
export function timesPowerOfTwo(x: number, k: number): number {
  const half = Math.trunc(k / 2);
  return x * 2 ** half * 2 ** (k - half);
}

/** How a batch's weights enter statistics kept in units of 2^exponent (see {@link relativeWeights}). @internal */
export interface RelativeWeights {
  /** The statistics' exponent after the batch. */
  readonly exponent: number;
  /** The factor (a power of two, ≤ 1) by which the statistics already held must be multiplied. */
  readonly stored: number;
  /** The batch's weights in units of 2^exponent (null: weight 1 each, exponent 0). */
  readonly sampleWeight: Float64Array | null;
}

/** Totals are kept below 2^LIMIT, so that sums of them and products with values stay finite. */
const LIMIT = 1000;

/**
 * Weights are relative: statistics hold them in units of 2^exponent, a power of two chosen so
 * that totals stay below ~2^1000 (weights near 1e308 would overflow their sum) and, for
 * statistics that start from a batch of tiny weights, so that the largest weight is near 1
 * (subnormal weights keep few digits and their products underflow). Multiplying by a power of
 * two is exact, so every estimate (a ratio of weighted sums) is what the weights given define.
 * `exponent` and `storedTotal` describe the statistics before the batch (their total weight, in
 * their units); the exponent only grows once the statistics hold data, so earlier data keep
 * their relative weight (down to underflow, where they are negligible next to the batch).
 * Returns the batch's weights unchanged (no copy, no pass) in the ordinary case: no rescaling
 * so far and no weights, or weights whose total and largest value are ordinary.
 * @internal
 */
export function relativeWeights(
  sampleWeight: Float64Array | null,
  rows: number,
  exponent: number,
  storedTotal: number,
): RelativeWeights {
  let max = sampleWeight === null ? 1 : 0;
  if (sampleWeight !== null) for (let i = 0; i < rows; i++) if (sampleWeight[i]! > max) max = sampleWeight[i]!;
  if (max === 0 || rows === 0) return { exponent, stored: 1, sampleWeight };
  // The batch total is below rows · max < 2^(top + bits).
  const top = Math.floor(Math.log2(max)) + 1;
  const bits = Math.ceil(Math.log2(rows + 1));
  const need = top + bits - LIMIT; // the least exponent keeping the batch total below 2^LIMIT
  let target: number;
  if (storedTotal === 0) target = need > 0 ? need : top < -LIMIT ? top : 0;
  else {
    target = Math.max(exponent, need);
    // Room for what is held too (its total is below 2^(LIMIT + 1) in its own units).
    while (timesPowerOfTwo(storedTotal, exponent - target) > 2 ** LIMIT) target++;
  }
  if (target === 0 && exponent === 0) return { exponent, stored: 1, sampleWeight };
  const scaled = new Float64Array(rows);
  for (let i = 0; i < rows; i++) scaled[i] = timesPowerOfTwo(sampleWeight === null ? 1 : sampleWeight[i]!, -target);
  // Empty statistics hold zeros, which need no scaling (and 2^(exponent − target) may not be finite).
  const stored = storedTotal === 0 ? 1 : timesPowerOfTwo(1, exponent - target);
  return { exponent: target, stored, sampleWeight: scaled };
}

/** Reads an optional `weightExponent` from statistics JSON: an integer, 0 when absent. @internal */
export function weightExponentFromJSON(where: string, value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== "number" || !Number.isInteger(value) || Math.abs(value) > 4000) {
    throw new RangeError(`${where}: weightExponent must be an integer in [-4000, 4000], got ${describe(value)}`);
  }
  return value;
}

/**
 * Brings two statistics to common units before a merge: the larger exponent (an empty side
 * takes the other's). Returns the factors for `a`'s values and `b`'s, and sets a's exponent.
 * @internal
 */
export function alignExponents(
  a: { weightExponent: number; totals(): Float64Array },
  b: { weightExponent: number; totals(): Float64Array },
): [number, number] {
  const ea = a.weightExponent;
  const eb = b.weightExponent;
  if (ea === eb) return [1, 1];
  const aEmpty = a.totals().every((w) => w === 0);
  const bEmpty = b.totals().every((w) => w === 0);
  const e = aEmpty ? eb : bEmpty ? ea : Math.max(ea, eb);
  a.weightExponent = e;
  return [timesPowerOfTwo(1, ea - e), timesPowerOfTwo(1, eb - e)];
}
