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
