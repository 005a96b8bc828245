/**
 * Helpers the family kernels share for reading a matrix block: locating a bad cell for the
 * error message, the missing-value policy, and the small array chores of per-component tables.
 */

import type { RowBlocks } from "./matrix.js";
import type { RowWeights, ScoreContext } from "./kernel.js";
import { describe } from "./validate.js";
import { alignExponents, relativeWeights, type RelativeWeights } from "./weights.js";

/** The error for a NaN, infinite or non-number value at X[row][col]. */
export function badCell(where: string, row: number, col: number, value: unknown, suggestMissing: boolean): Error {
  if (typeof value !== "number")
    return new TypeError(`${where}: X[${row}][${col}] must be a number, got ${describe(value)}`);
  const hint =
    suggestMissing && Number.isNaN(value) ? ' (set missing: "ignore" to leave missing features out of the score)' : "";
  return new RangeError(`${where}: X[${row}][${col}] is ${describe(value)}; data must be finite${hint}`);
}

/**
 * Finds the first non-finite value of the block's columns in rows `start .. end` and throws
 * the located error; returns when there is none. Kernels call it only after a sum came out
 * non-finite, so valid data pay nothing for the search.
 */
export function requireFiniteCells(where: string, x: RowBlocks, cols: Int32Array): void {
  const d = x.cols;
  for (let start = 0; start < x.rows; start += x.blockRows) {
    const buf = x.block(start);
    const end = Math.min(x.rows, start + x.blockRows);
    for (let i = start, base = x.offset; i < end; i++, base += d) {
      for (let k = 0; k < cols.length; k++) {
        const v = buf[base + cols[k]!]!;
        if (v - v !== 0) throw badCell(where, i, cols[k]!, x.value(i, cols[k]!), false);
      }
    }
  }
}

/**
 * Decides a non-finite value X[row][col] met while scoring: returns when it is a missing value
 * to leave out of the score (NaN under `missing: "ignore"`), and throws the located error
 * otherwise (NaN under `missing: "error"`, ±Infinity, or a non-number in the input).
 */
export function skipMissing(v: number, row: number, col: number, x: RowBlocks, ctx: ScoreContext): void {
  if (Number.isNaN(v)) {
    const raw = x.value(row, col);
    if (ctx.missing === "ignore" && (typeof raw === "number" || raw === null || raw === undefined)) return;
    throw badCell(ctx.where, row, col, raw, ctx.missing === "error" && ctx.offersMissing !== false);
  }
  throw badCell(ctx.where, row, col, v, false);
}

/**
 * Copies a components × width table to a larger component list (row c moves to
 * `oldToNew[c]`); the rows of new components are zero.
 */
export function remapRows(a: Float64Array, width: number, components: number, oldToNew: Int32Array): Float64Array {
  const b = new Float64Array(components * width);
  for (let c = 0; c < oldToNew.length; c++) b.set(a.subarray(c * width, (c + 1) * width), oldToNew[c]! * width);
  return b;
}

/** True when the columns are a consecutive run, so kernels can skip the index indirection. */
export function isContiguous(cols: Int32Array): boolean {
  for (let k = 1; k < cols.length; k++) if (cols[k] !== cols[0]! + k) return false;
  return true;
}

/**
 * Reads a JSON array of exactly `length` finite numbers ≥ `min` into a Float64Array. The length
 * is the one the caller derived from data already read, so a JSON file cannot make it allocate
 * more than the array it holds.
 */
export function numbersFromJSON(where: string, value: unknown, length: number, min = -Infinity): Float64Array {
  if (!Array.isArray(value) || value.length !== length) {
    throw new TypeError(`${where}: expected an array of ${length} numbers`);
  }
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const v: unknown = value[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new TypeError(`${where}[${i}] must be a finite number`);
    if (v < min) throw new RangeError(`${where}[${i}] must be >= ${min}, got ${describe(v)}`);
    out[i] = v + 0;
  }
  return out;
}

/**
 * Soft weights w_ic = r_ic · sampleWeight_i (rows × components), for EM's M-step: the
 * responsibilities themselves when there are no sample weights. Labels never come here: the
 * kernels read row i's component and weight directly, with no rows × components table.
 */
export function softWeights(
  rows: number,
  components: number,
  responsibility: Float64Array,
  sampleWeight: Float64Array | null,
): Float64Array {
  if (sampleWeight === null) return responsibility;
  const w = new Float64Array(rows * components);
  for (let i = 0, o = 0; i < rows; i++) {
    const s = sampleWeight[i]!;
    for (let c = 0; c < components; c++, o++) w[o] = responsibility[o]! * s;
  }
  return w;
}

/** W_c = Σ_i w_ic for every component: the weight each component receives from a batch. */
export function componentTotals(rows: number, weights: RowWeights): Float64Array {
  const C = weights.components;
  const total = new Float64Array(C);
  const y = weights.component;
  const sw = weights.sampleWeight;
  if (y !== null) {
    for (let i = 0; i < rows; i++) total[y[i]!] = total[y[i]!]! + (sw === null ? 1 : sw[i]!);
    return total;
  }
  const r = weights.responsibility;
  if (r === null) {
    // Every row in component 0.
    total[0] = sw === null ? rows : sw.reduce((a, b) => a + b, 0);
    return total;
  }
  for (let i = 0, o = 0; i < rows; i++) {
    const s = sw === null ? 1 : sw[i]!;
    for (let c = 0; c < C; c++, o++) total[c] = total[c]! + r[o]! * s;
  }
  return total;
}

/**
 * A number as JSON: itself when finite, else the string `"NaN"`, `"Infinity"` or `"-Infinity"`
 * (JSON has no such numbers, and JSON.stringify would write null). Every format of ptheta
 * writes non-finite numbers this way.
 */
export function numberToJSON(v: number): number | "NaN" | "Infinity" | "-Infinity" {
  return Number.isFinite(v) ? v : (String(v) as "NaN" | "Infinity" | "-Infinity");
}

/** Reads what {@link numberToJSON} writes; throws a TypeError naming `where` for anything else. */
export function numberFromJSON(where: string, v: unknown): number {
  if (typeof v === "number") return v;
  if (v === "NaN" || v === "Infinity" || v === "-Infinity") return Number(v);
  throw new TypeError(`${where} must be a number or one of "NaN", "Infinity", "-Infinity", got ${describe(v)}`);
}

/**
 * A batch's weights in the units of statistics kept in units of 2^exponent whose component
 * totals are `stored` (see relativeWeights): the same RowWeights (no copy) in the ordinary case.
 * Weights with neither labels nor responsibilities put every row in component 0 (C = 1); they
 * get explicit labels here (unless `labels` is false and there are no sample weights).
 */
export function batchWeights(
  rows: number,
  weights: RowWeights,
  exponent: number,
  stored: Float64Array,
  labels = true,
): { weights: RowWeights; rel: RelativeWeights } {
  let total = 0;
  for (let c = 0; c < stored.length; c++) total += stored[c]!;
  const rel = relativeWeights(weights.sampleWeight, rows, exponent, total);
  // `labels` false: the kernel reads no labels for unweighted rows of one component (Gaussian).
  const labelsNeeded =
    weights.component === null && weights.responsibility === null && (labels || rel.sampleWeight !== null);
  if (rel.sampleWeight === weights.sampleWeight && !labelsNeeded) return { weights, rel };
  const component = labelsNeeded ? new Int32Array(rows) : weights.component;
  return { weights: { ...weights, component, sampleWeight: rel.sampleWeight }, rel };
}

/** Multiplies every array by `factor` (a power of two: exact), in place. */
export function scaleAll(factor: number, ...arrays: Float64Array[]): void {
  if (factor === 1) return;
  for (const a of arrays) for (let i = 0; i < a.length; i++) a[i] = a[i]! * factor;
}

/**
 * Merges statistics that are sums (counts, Σ w·x) into `a`: `pairs` holds each of a's arrays
 * with the matching one of b, added in the larger of the two weight units. @internal
 */
export function mergeSums(
  a: { weightExponent: number; totals(): Float64Array },
  b: { weightExponent: number; totals(): Float64Array },
  pairs: readonly (readonly [Float64Array, Float64Array])[],
): void {
  const [mine, theirs] = alignExponents(a, b);
  for (const [x, y] of pairs) {
    scaleAll(mine, x);
    for (let i = 0; i < y.length; i++) x[i] = x[i]! + y[i]! * theirs;
  }
}

/** Statistics JSON with `weightExponent` only where the weights needed one (else as 0.2 wrote it). @internal */
export function withExponent<T extends object>(json: T, weightExponent: number): T & { weightExponent?: number } {
  return weightExponent === 0 ? json : { ...json, weightExponent };
}
