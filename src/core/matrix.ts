/**
 * Feature matrices: what models accept (rows as arrays, or one dense row-major buffer) and what
 * they return (a dense row-major `Matrix` with cheap row views), plus the checks that turn a bad
 * input into an error naming the row, the column and the value.
 */

import { describe } from "./validate.js";

/**
 * A dense row-major matrix given as one buffer: element (i, j) is `data[i * cols + j]`.
 * `data` is normally a Float64Array (read in place, without a copy); any array-like of numbers
 * is accepted as input.
 *
 * @example
 * ```ts
 * const X: MatrixLike = { data: new Float64Array([1, 2, 3, 4, 5, 6]), rows: 3, cols: 2 };
 * ```
 */
export interface MatrixLike {
  /** The elements, row after row: `rows * cols` numbers. */
  readonly data: ArrayLike<number>;
  /** The number of rows. */
  readonly rows: number;
  /** The number of columns. */
  readonly cols: number;
}

/**
 * Every form a feature matrix may take: an array of rows (`number[][]`, or rows that are typed
 * arrays), or a dense row-major {@link MatrixLike}.
 *
 * @example
 * ```ts
 * const a: MatrixInput = [[1, 2], [3, 4]];
 * const b: MatrixInput = { data: new Float64Array([1, 2, 3, 4]), rows: 2, cols: 2 };
 * ```
 */
export type MatrixInput = ReadonlyArray<ArrayLike<number>> | MatrixLike;

/**
 * A dense row-major matrix of doubles: element (i, j) is `data[i * cols + j]`. Results with one
 * number per row and class (posterior probabilities, joint log-likelihoods) come in this form,
 * so a whole result is one allocation and `row(i)` is a view, not a copy.
 *
 * @example
 * ```ts
 * const m = new Matrix(new Float64Array([1, 2, 3, 4, 5, 6]), 2, 3);
 * m.get(1, 0);  // 4
 * m.row(1);     // Float64Array [4, 5, 6], a view into m.data
 * m.toArray();  // [[1, 2, 3], [4, 5, 6]]
 * ```
 */
export class Matrix implements MatrixLike {
  /** The elements, row after row. */
  readonly data: Float64Array;
  /** The number of rows. */
  readonly rows: number;
  /** The number of columns. */
  readonly cols: number;

  /** Wraps `data` (not copied); its length must be `rows * cols`. */
  constructor(data: Float64Array, rows: number, cols: number) {
    if (!(data instanceof Float64Array))
      throw new TypeError(`Matrix: data must be a Float64Array, got ${describe(data)}`);
    if (!Number.isInteger(rows) || rows < 0)
      throw new RangeError(`Matrix: rows must be an integer >= 0, got ${describe(rows)}`);
    if (!Number.isInteger(cols) || cols < 0)
      throw new RangeError(`Matrix: cols must be an integer >= 0, got ${describe(cols)}`);
    if (data.length !== rows * cols) {
      throw new RangeError(`Matrix: data has length ${data.length}, expected rows * cols = ${rows * cols}`);
    }
    this.data = data;
    this.rows = rows;
    this.cols = cols;
  }

  /** A zero-filled `rows` × `cols` matrix. */
  static zeros(rows: number, cols: number): Matrix {
    return new Matrix(new Float64Array(rows * cols), rows, cols);
  }

  /** Copies an array of equal-length rows into a new dense matrix. */
  static fromRows(rows: ReadonlyArray<ArrayLike<number>>): Matrix {
    const shape = checkShape("Matrix.fromRows", rows);
    const m = Matrix.zeros(shape.rows, shape.cols);
    copyRows(rows, 0, shape.rows, shape.cols, m.data);
    return m;
  }

  /** Row `i` as a view sharing memory with `data` (writes go through). */
  row(i: number): Float64Array {
    return this.data.subarray(i * this.cols, (i + 1) * this.cols);
  }

  /** Element (i, j). */
  get(i: number, j: number): number {
    return this.data[i * this.cols + j]!;
  }

  /** The rows as plain arrays (a copy). */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.row(i)));
    return out;
  }
}

/** The shape of a feature matrix, once its form has been checked. */
export interface MatrixShape {
  readonly rows: number;
  readonly cols: number;
}

/**
 * Checks that `x` is a matrix in one of the accepted forms, with rows of equal length (the
 * values themselves are checked by the model, which knows what each column may hold).
 * Throws a `TypeError` for the wrong kind of value and a `RangeError` naming the first row
 * whose length differs from row 0's.
 */
export function checkShape(where: string, x: unknown): MatrixShape {
  if (Array.isArray(x)) {
    const rows = x.length;
    if (rows === 0) return { rows: 0, cols: 0 };
    let cols = -1;
    for (let i = 0; i < rows; i++) {
      const r: unknown = x[i];
      if (r === null || typeof r !== "object" || typeof (r as { length?: unknown }).length !== "number") {
        throw new TypeError(`${where}: X[${i}] must be an array of numbers, got ${describe(r)}`);
      }
      const len = (r as ArrayLike<number>).length;
      if (cols < 0) cols = len;
      else if (len !== cols) {
        throw new RangeError(
          `${where}: X[${i}] has ${len} values but X[0] has ${cols}; every row needs the same length`,
        );
      }
    }
    return { rows, cols };
  }
  if (x === null || typeof x !== "object") {
    throw new TypeError(`${where}: X must be an array of rows or { data, rows, cols }, got ${describe(x)}`);
  }
  const m = x as { data?: unknown; rows?: unknown; cols?: unknown };
  const data = m.data as { length?: unknown } | null | undefined;
  if (data === null || typeof data !== "object" || typeof data.length !== "number") {
    throw new TypeError(`${where}: X.data must be a Float64Array (or array of numbers), got ${describe(m.data)}`);
  }
  if (typeof m.rows !== "number" || !Number.isInteger(m.rows) || m.rows < 0) {
    throw new RangeError(`${where}: X.rows must be an integer >= 0, got ${describe(m.rows)}`);
  }
  if (typeof m.cols !== "number" || !Number.isInteger(m.cols) || m.cols < 0) {
    throw new RangeError(`${where}: X.cols must be an integer >= 0, got ${describe(m.cols)}`);
  }
  if (data.length !== m.rows * m.cols) {
    throw new RangeError(`${where}: X.data has length ${data.length}, expected X.rows * X.cols = ${m.rows * m.cols}`);
  }
  return { rows: m.rows, cols: m.cols };
}

/**
 * Copies rows `start..end) of an array of rows into `out` (row-major, from offset 0). Non-numbers
 * are copied as NaN so that the caller's finiteness check catches them; the caller reports them
 * from the original input.
 */
export function copyRows(
  x: ReadonlyArray<ArrayLike<number>>,
  start: number,
  end: number,
  cols: number,
  out: Float64Array,
): void {
  let o = 0;
  for (let i = start; i < end; i++) {
    const r = x[i]!;
    for (let j = 0; j < cols; j++) {
      const v = r[j];
      out[o++] = typeof v === "number" ? v : NaN;
    }
  }
}

/** Rows per block when a matrix is read in blocks (about 64 KB of doubles at 32 columns). */
const BLOCK_BYTES = 1 << 16;

/**
 * Reads a matrix in row blocks as Float64Array slices, without copying when it already is a
 * dense Float64Array. `block(start)` returns the buffer and the offset of row `start`;
 * rows `start .. start + blockRows` (capped at `rows`) are valid there. Kernels run on these
 * blocks, so an array-of-rows input costs one small reused buffer, not a full copy.
 */
export class RowBlocks {
  readonly rows: number;
  readonly cols: number;
  /** Rows per block. */
  readonly blockRows: number;
  private readonly dense: Float64Array | null;
  private readonly source: MatrixInput;
  private readonly scratch: Float64Array | null;
  /** Offset of the first row of the last block returned, in the returned buffer. */
  offset = 0;

  constructor(x: MatrixInput, shape: MatrixShape) {
    this.rows = shape.rows;
    this.cols = shape.cols;
    this.source = x;
    const dense =
      !Array.isArray(x) && (x as MatrixLike).data instanceof Float64Array
        ? ((x as MatrixLike).data as Float64Array)
        : null;
    this.dense = dense;
    this.blockRows =
      dense !== null ? Math.max(1, shape.rows) : Math.max(1, Math.floor(BLOCK_BYTES / 8 / Math.max(1, shape.cols)));
    this.scratch =
      dense !== null ? null : new Float64Array(Math.min(this.blockRows, Math.max(1, shape.rows)) * shape.cols);
  }

  /** The buffer holding rows `start ..` (see {@link RowBlocks.offset} for where they begin). */
  block(start: number): Float64Array {
    if (this.dense !== null) {
      this.offset = start * this.cols;
      return this.dense;
    }
    const end = Math.min(this.rows, start + this.blockRows);
    const scratch = this.scratch!;
    if (Array.isArray(this.source)) {
      copyRows(this.source as ReadonlyArray<ArrayLike<number>>, start, end, this.cols, scratch);
    } else {
      const data = (this.source as MatrixLike).data;
      const from = start * this.cols;
      const n = (end - start) * this.cols;
      for (let k = 0; k < n; k++) {
        const v = data[from + k];
        scratch[k] = typeof v === "number" ? v : NaN;
      }
    }
    this.offset = 0;
    return scratch;
  }

  /** Element (i, j) of the original input, for error messages. */
  value(i: number, j: number): unknown {
    if (Array.isArray(this.source)) return (this.source as ReadonlyArray<ArrayLike<number>>)[i]![j];
    return (this.source as MatrixLike).data[i * this.cols + j];
  }
}

/**
 * A result matrix of `rows` × `cols`, written into `out` when given (which must hold at least
 * `rows * cols` doubles; a longer buffer is used from its start). `colName` names the columns
 * in the error message.
 */
export function outputMatrix(
  where: string,
  rows: number,
  cols: number,
  out: Float64Array | undefined,
  colName = "classes",
): Matrix {
  const n = rows * cols;
  if (out === undefined) return new Matrix(new Float64Array(n), rows, cols);
  if (!(out instanceof Float64Array)) throw new TypeError(`${where}: out must be a Float64Array, got ${describe(out)}`);
  if (out.length < n)
    throw new RangeError(`${where}: out has length ${out.length}, but ${rows} rows × ${cols} ${colName} need ${n}`);
  return new Matrix(out.length === n ? out : out.subarray(0, n), rows, cols);
}
