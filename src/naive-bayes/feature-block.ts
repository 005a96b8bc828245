/**
 * The contract between the Naive Bayes model and the per-kind feature models (Gaussian,
 * Bernoulli, Categorical). Each block owns the features of one kind: their statistics per class,
 * the parameters derived from them, its share of the joint log-likelihood and its sampler.
 */

import { describe } from "../core/validate.js";
import type { RowBlocks } from "../core/matrix.js";
import type { Rng } from "../core/rng.js";
import type { FeatureKind, MissingPolicy, UnseenPolicy } from "./options.js";

/** What a block needs to know at prediction time. */
export interface ScoreContext {
  /** The calling method, for error messages (`"NaiveBayes.predict"`). */
  readonly where: string;
  readonly missing: MissingPolicy;
  readonly unseen: UnseenPolicy;
}

/** One kind of feature model for a subset of the columns. */
export interface FeatureBlock {
  readonly kind: FeatureKind;
  /** The columns (feature indices) this block models, ascending. */
  readonly cols: Int32Array;
  /**
   * Moves the per-class statistics to a larger class list: old class c becomes `oldToNew[c]`;
   * new classes start empty.
   */
  remapClasses(classes: number, oldToNew: Int32Array): void;
  /**
   * Summarises a batch without touching the model, checking its values on the way: row i
   * belongs to class `y[i]` (of `classes`, the class list after the batch) and `batchCount[c]`
   * rows of the batch are in class c. When a summary shows a bad value (a sum turned NaN, a
   * code that is not an integer), the block calls `onBad`, which throws naming the cell, or,
   * when every value is valid after all, throws a RangeError saying `fallback` if one is given.
   * Returns the commit: a function that merges the summary into the statistics, given the
   * class counts before the batch, once the model's classes have been remapped.
   */
  prepareBatch(
    x: RowBlocks,
    y: Int32Array,
    classes: number,
    batchCount: Float64Array,
    onBad: (fallback?: string) => void,
  ): (countBefore: Float64Array) => void;
  /** Recomputes the parameters from the statistics (after a fit or a JSON load). */
  finalize(classCount: Float64Array): void;
  /**
   * Adds this block's term of log p(x | class) to `out[outOff + r·C + c]` for rows
   * `rowStart .. rowStart + n` of the input, which sit in `buf` from offset `off`.
   */
  addJointLogLikelihood(
    buf: Float64Array,
    off: number,
    n: number,
    rowStart: number,
    x: RowBlocks,
    out: Float64Array,
    outOff: number,
    ctx: ScoreContext,
  ): void;
  /** Draws this block's features of one row of class c into `row[rowOff + col]`. */
  sampleRow(rng: Rng, c: number, row: Float64Array, rowOff: number): void;
  /** The statistics as plain JSON. */
  toJSON(): object;
}

/**
 * Copies a classes × width matrix to a larger class list (row c moves to `oldToNew[c]`); the
 * rows of new classes are zero.
 */
export function remapRows(a: Float64Array, width: number, classes: number, oldToNew: Int32Array): Float64Array {
  const b = new Float64Array(classes * width);
  for (let c = 0; c < oldToNew.length; c++) b.set(a.subarray(c * width, (c + 1) * width), oldToNew[c]! * width);
  return b;
}

/** True when the columns are a consecutive run, so kernels can skip the index indirection. */
export function isContiguous(cols: Int32Array): boolean {
  for (let k = 1; k < cols.length; k++) if (cols[k] !== cols[0]! + k) return false;
  return true;
}

/** Reads a JSON array of finite numbers of the expected length into a Float64Array. */
export function numbersFromJSON(where: string, value: unknown, length: number): Float64Array {
  if (!Array.isArray(value) || value.length !== length) {
    throw new TypeError(`${where}: expected an array of ${length} numbers`);
  }
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const v: unknown = value[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new TypeError(`${where}[${i}] must be a finite number`);
    out[i] = v;
  }
  return out;
}

/** The error for a NaN, infinite or non-number value at X[row][col]. */
export function badCell(where: string, row: number, col: number, value: unknown, suggestMissing: boolean): Error {
  if (typeof value !== "number")
    return new TypeError(`${where}: X[${row}][${col}] must be a number, got ${describe(value)}`);
  const hint =
    suggestMissing && Number.isNaN(value) ? ' (set missing: "ignore" to leave NaN features out of the score)' : "";
  return new RangeError(`${where}: X[${row}][${col}] is ${describe(value)}; data must be finite${hint}`);
}

/**
 * Decides a non-finite value X[row][col] met while scoring: returns when it is a missing value
 * to leave out of the score (NaN under `missing: "ignore"`), and throws the located error
 * otherwise (NaN under `missing: "error"`, ±Infinity, or a non-number in the input).
 */
export function skipMissing(v: number, row: number, col: number, x: RowBlocks, ctx: ScoreContext): void {
  if (Number.isNaN(v)) {
    if (ctx.missing === "ignore" && typeof x.value(row, col) === "number") return;
    throw badCell(ctx.where, row, col, x.value(row, col), ctx.missing === "error");
  }
  throw badCell(ctx.where, row, col, v, false);
}
