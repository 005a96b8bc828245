/**
 * Rows of counts, dense or sparse, read one row at a time as their non-zero cells: the one loop
 * shape that multinomial scoring and statistics need, O(nnz) on a SparseMatrix.
 */

import { MAX_DIMENSION } from "../../core/limits.js";
import { checkShape, RowBlocks, type MatrixInput } from "../../core/matrix.js";
import { isSparseMatrix, type SparseMatrix } from "../../core/sparse-matrix.js";
import { describe } from "../../core/validate.js";

/**
 * What the multinomial family reads: a dense matrix of counts (rows as arrays, or
 * `{ data, rows, cols }`) or a {@link SparseMatrix}.
 *
 * @example
 * ```ts
 * const dense: CountMatrix = [[2, 0, 1], [0, 3, 0]];
 * const sparse: CountMatrix = SparseMatrix.fromDense(dense);
 * ```
 */
export type CountMatrix = MatrixInput | SparseMatrix;

/** True for an integer count ≥ 0 (false for NaN, ±Infinity, fractions and negatives). */
export function isCount(x: number): boolean {
  return x >= 0 && x < Infinity && Math.floor(x) === x;
}

/** The error for a cell that is not a count, naming it. @internal */
export function badCount(where: string, name: string, value: unknown): Error {
  if (typeof value !== "number") return new TypeError(`${where}: ${name} must be a number, got ${describe(value)}`);
  return new RangeError(`${where}: ${name} is ${describe(value)}; counts must be integers >= 0`);
}

/**
 * A validated matrix of counts, read row by row: after `next()`, `indices[0..length)` and
 * `values[0..length)` hold the current row's non-zero cells (views into a SparseMatrix, a
 * reused scratch row for dense input). Construction checks every cell (an integer ≥ 0, the
 * error naming the first bad one), so that a caller can validate first and change state after.
 * @internal
 */
export class CountRows {
  readonly rows: number;
  readonly cols: number;
  indices: Int32Array;
  values: Float64Array;
  length = 0;
  private row = -1;
  private readonly sparse: SparseMatrix | null;
  private readonly blocks: RowBlocks | null;
  private block: Float64Array | null = null;
  private blockStart = 0;
  private blockEnd = 0;

  constructor(where: string, x: unknown, cols?: number) {
    if (isSparseMatrix(x)) {
      this.sparse = x;
      this.blocks = null;
      this.rows = x.rows;
      this.cols = x.cols;
      const data = x.data;
      for (let k = 0; k < data.length; k++) {
        if (!isCount(data[k]!)) {
          let i = 0;
          while (x.indptr[i + 1]! <= k) i++;
          throw badCount(where, `X[${i}][${x.indices[k]}]`, data[k]);
        }
      }
      this.indices = new Int32Array(0);
      this.values = new Float64Array(0);
    } else {
      const shape = checkShape(where, x);
      this.sparse = null;
      this.blocks = new RowBlocks(x as MatrixInput, shape);
      this.rows = shape.rows;
      this.cols = shape.cols;
      this.indices = new Int32Array(shape.cols);
      this.values = new Float64Array(shape.cols);
      const b = this.blocks;
      for (let start = 0; start < this.rows; start += b.blockRows) {
        const buf = b.block(start);
        const end = Math.min(this.rows, start + b.blockRows);
        const n = (end - start) * this.cols;
        for (let k = 0; k < n; k++) {
          if (!isCount(buf[b.offset + k]!)) {
            const i = start + Math.floor(k / this.cols);
            const j = k % this.cols;
            throw badCount(where, `X[${i}][${j}]`, b.value(i, j));
          }
        }
      }
    }
    if (cols !== undefined && this.cols !== cols) {
      throw new RangeError(`${where}: X has ${this.cols} columns but the distribution has ${cols} categories`);
    }
    if (this.cols > MAX_DIMENSION) {
      throw new RangeError(`${where}: X has ${this.cols} columns, above the limit of MAX_DIMENSION = 2^24`);
    }
  }

  /** Moves to the next row (from the first); sets `indices`, `values` and `length`. */
  next(): void {
    const i = ++this.row;
    if (this.sparse !== null) {
      const start = this.sparse.indptr[i]!;
      const end = this.sparse.indptr[i + 1]!;
      this.indices = this.sparse.indices.subarray(start, end);
      this.values = this.sparse.data.subarray(start, end);
      this.length = end - start;
      return;
    }
    const b = this.blocks!;
    if (this.block === null || i >= this.blockEnd) {
      this.block = b.block(i);
      this.blockStart = i;
      this.blockEnd = Math.min(this.rows, i + b.blockRows);
    }
    const o = b.offset + (i - this.blockStart) * this.cols;
    const buf = this.block;
    let n = 0;
    for (let j = 0; j < this.cols; j++) {
      const v = buf[o + j]!;
      if (v !== 0) {
        this.indices[n] = j;
        this.values[n++] = v;
      }
    }
    this.length = n;
  }
}
