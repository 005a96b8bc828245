/**
 * Feature matrices: what models accept (rows as arrays, or one dense row-major buffer) and what
 * they return (a dense row-major `Matrix` with cheap row views), plus the checks that turn a bad
 * input into an error naming the row, the column and the value.
 */

import { requireJsonType } from "./distribution.js";
import { MAX_RESULT_SIZE } from "./limits.js";
import { describe, requireSize, typedArrayName } from "./validate.js";

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
 * arrays), or a dense row-major {@link MatrixLike}. Models also take a `SparseMatrix` here
 * (absent cells are 0); multinomial blocks read it in O(nnz), other kinds a block of rows at a time.
 *
 * @example
 * ```ts
 * const a: MatrixInput = [[1, 2], [3, 4]];
 * const b: MatrixInput = { data: new Float64Array([1, 2, 3, 4]), rows: 2, cols: 2 };
 * ```
 */
export type MatrixInput = ReadonlyArray<ArrayLike<number>> | MatrixLike;

/**
 * What {@link Matrix.toJSON} writes and {@link Matrix.fromJSON} reads: the shape and the elements
 * row after row. JSON has no NaN, infinities or negative zero, so those (a log-probability of
 * −Infinity, say) are written as the strings `"NaN"`, `"Infinity"`, `"-Infinity"` and `"-0"`;
 * every double round-trips exactly.
 *
 * @example
 * ```ts
 * const json: MatrixJSON = { type: "Matrix", rows: 1, cols: 2, data: [0, "-Infinity"] };
 * Matrix.fromJSON(json).get(0, 1); // -Infinity
 * ```
 */
export interface MatrixJSON {
  /** Always `"Matrix"`. */
  type: "Matrix";
  /** The number of rows. */
  rows: number;
  /** The number of columns. */
  cols: number;
  /** The elements row after row; NaN, ±Infinity and −0 as strings, so every double survives. */
  data: Array<number | "NaN" | "Infinity" | "-Infinity" | "-0">;
}

/** Rows and columns shown by `toString()` before "…". */
const SHOWN_ROWS = 6;
const SHOWN_COLS = 8;

/**
 * A dense row-major matrix of doubles: element (i, j) is `data[i * cols + j]`. Results with one
 * number per row and class (posterior probabilities, joint log-likelihoods) come in this form,
 * so a whole result is one allocation and `row(i)` is a view, not a copy.
 *
 * @example
 * ```ts
 * const m = new Matrix(new Float64Array([1, 2, 3, 4, 5, 6]), 2, 3);
 * m.get(1, 0); // 4
 * m.row(1); // Float64Array [4, 5, 6], a view into m.data
 * m.toArray(); // [[1, 2, 3], [4, 5, 6]]
 * String(m); // "Matrix(2 × 3) [[1, 2, 3], [4, 5, 6]]"
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
    requireDimension("Matrix: rows", rows);
    requireDimension("Matrix: cols", cols);
    if (data.length !== rows * cols) {
      throw new RangeError(`Matrix: data has length ${data.length}, expected rows * cols = ${rows * cols}`);
    }
    this.data = data;
    this.rows = rows;
    this.cols = cols;
  }

  /** A zero-filled `rows` × `cols` matrix. */
  static zeros(rows: number, cols: number): Matrix {
    requireDimension("Matrix.zeros: rows", rows);
    requireDimension("Matrix.zeros: cols", cols);
    requireResultSize("Matrix.zeros", rows, cols, "columns");
    return new Matrix(new Float64Array(rows * cols), rows, cols);
  }

  /** Copies an array of equal-length rows into a new dense matrix. */
  static fromRows(rows: ReadonlyArray<ArrayLike<number>>): Matrix {
    if (!Array.isArray(rows))
      throw new TypeError(`Matrix.fromRows: rows must be an array of rows, got ${describe(rows)}`);
    const shape = checkShape("Matrix.fromRows", rows);
    const m = Matrix.zeros(shape.rows, shape.cols);
    copyRows(rows, 0, shape.rows, shape.cols, m.data);
    for (let k = 0; k < m.data.length; k++) {
      // copyRows turns a non-number into NaN for the models to report; here that is the report.
      if (Number.isNaN(m.data[k]!)) {
        const i = Math.floor(k / shape.cols);
        const j = k - i * shape.cols;
        const v: unknown = (rows[i] as ArrayLike<unknown>)[j];
        if (typeof v !== "number")
          throw new TypeError(`Matrix.fromRows: X[${i}][${j}] must be a number, got ${describe(v)}`);
      }
    }
    return m;
  }

  /**
   * Row `i` as a view sharing memory with `data` (writes go through).
   *
   * @throws RangeError unless i is an integer in [0, rows).
   */
  row(i: number): Float64Array {
    // `i >>> 0 === i` holds only for integers in [0, 2³²): one test rejects negatives,
    // fractions, NaN and non-numbers alike.
    if (!(i >>> 0 === i && i < this.rows)) badIndex("Matrix.row", "i", i, this.rows, "rows");
    return this.data.subarray(i * this.cols, (i + 1) * this.cols);
  }

  /**
   * Element (i, j).
   *
   * @throws RangeError unless i is an integer in [0, rows) and j one in [0, cols).
   */
  get(i: number, j: number): number {
    if (!(i >>> 0 === i && i < this.rows)) badIndex("Matrix.get", "i", i, this.rows, "rows");
    if (!(j >>> 0 === j && j < this.cols)) badIndex("Matrix.get", "j", j, this.cols, "columns");
    return this.data[i * this.cols + j]!;
  }

  /** The rows as plain arrays (a copy). */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.row(i)));
    return out;
  }

  /**
   * `{ type: "Matrix", rows, cols, data }` with `data` a plain array, row after row;
   * {@link Matrix.fromJSON} restores it exactly (see {@link MatrixJSON} for NaN and infinities).
   *
   * @example
   * ```ts
   * const m = new Matrix(new Float64Array([1, 2, 3, 4]), 2, 2);
   * Matrix.fromJSON(JSON.parse(JSON.stringify(m))).get(1, 1); // 4
   * ```
   */
  toJSON(): MatrixJSON {
    const data: MatrixJSON["data"] = new Array<number>(this.data.length);
    for (let k = 0; k < this.data.length; k++) {
      const v = this.data[k]!;
      if (Number.isFinite(v)) data[k] = v === 0 && 1 / v < 0 ? "-0" : v;
      else data[k] = String(v) as "NaN" | "Infinity" | "-Infinity";
    }
    return { type: "Matrix", rows: this.rows, cols: this.cols, data };
  }

  /**
   * Rebuilds a matrix from {@link Matrix.toJSON} output, validating the shape (integers whose
   * product is at most MAX_RESULT_SIZE and equals the number of elements given) and every element.
   *
   * @example
   * ```ts
   * Matrix.fromJSON({ type: "Matrix", rows: 1, cols: 2, data: [1, 2] }).row(0); // Float64Array [1, 2]
   * ```
   */
  static fromJSON(json: unknown): Matrix {
    const where = "Matrix.fromJSON";
    const o = requireJsonType(where, json, "Matrix");
    const rows = requireSize(`${where}: rows`, o.rows);
    const cols = requireSize(`${where}: cols`, o.cols);
    requireResultSize(where, rows, cols, "columns");
    const data: unknown = o.data;
    if (!Array.isArray(data)) throw new TypeError(`${where}: data must be an array, got ${describe(data)}`);
    // Checked before anything is allocated: a claim of 10⁹ rows needs 10⁹ elements to back it.
    if (data.length !== rows * cols) {
      throw new RangeError(`${where}: data has length ${data.length}, expected rows * cols = ${rows * cols}`);
    }
    const values = new Float64Array(data.length);
    for (let k = 0; k < data.length; k++) {
      const v: unknown = data[k];
      if (typeof v === "number") values[k] = v;
      else if (v === "NaN" || v === "Infinity" || v === "-Infinity" || v === "-0") values[k] = Number(v);
      else
        throw new TypeError(
          `${where}: data[${k}] must be a number or one of "NaN", "Infinity", "-Infinity", "-0", got ${describe(v)}`,
        );
    }
    return new Matrix(values, rows, cols);
  }

  /**
   * The shape and the first few rows and columns, e.g. `"Matrix(150 × 3) [[0.98, 0.02, 0], …]"`;
   * also what Node's console shows for a Matrix.
   *
   * @example
   * ```ts
   * new Matrix(new Float64Array([0.25, 0.75]), 1, 2).toString(); // "Matrix(1 × 2) [[0.25, 0.75]]"
   * ```
   */
  toString(): string {
    const shown: string[] = [];
    for (let i = 0; i < Math.min(this.rows, SHOWN_ROWS); i++) {
      const cells: string[] = [];
      for (let j = 0; j < Math.min(this.cols, SHOWN_COLS); j++) cells.push(formatCell(this.data[i * this.cols + j]!));
      if (this.cols > SHOWN_COLS) cells.push(`… ${this.cols - SHOWN_COLS} more`);
      shown.push(`[${cells.join(", ")}]`);
    }
    if (this.rows > SHOWN_ROWS) shown.push(`… ${this.rows - SHOWN_ROWS} more rows`);
    return `Matrix(${this.rows} × ${this.cols}) [${shown.join(", ")}]`;
  }

  /** @internal Node's console.log and util.inspect use this. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** Six significant digits: enough to recognise a row, short enough to show several. */
function formatCell(v: number): string {
  return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/** A number of rows or columns: TypeError for a non-number, RangeError for a bad one. */
function requireDimension(where: string, value: unknown): number {
  if (typeof value !== "number") throw new TypeError(`${where} must be an integer >= 0, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`${where} must be an integer >= 0, got ${describe(value)}`);
  return value;
}

/** Refuses a rows × cols result larger than MAX_RESULT_SIZE values, naming both sizes. */
function requireResultSize(where: string, rows: number, cols: number, colName: string): void {
  if (rows * cols > MAX_RESULT_SIZE) {
    throw new RangeError(
      `${where}: ${rows} rows × ${cols} ${colName} = ${rows * cols} values, more than MAX_RESULT_SIZE = 2^30`,
    );
  }
}

function badIndex(where: string, name: string, value: unknown, size: number, what: string): never {
  if (typeof value !== "number") throw new TypeError(`${where}: ${name} must be a number, got ${describe(value)}`);
  throw new RangeError(
    `${where}: ${name} must be an integer in [0, ${size}), got ${describe(value)} (the matrix has ${size} ${what})`,
  );
}

/**
 * Refuses an `out` buffer that shares memory with an input: a result written into it would
 * overwrite rows that are still to be read, and the answer would be silently wrong. Two views
 * alias when they are on the same ArrayBuffer and their byte ranges overlap; `input` may be a
 * typed array, a {@link MatrixLike} (its `data` is checked) or an array of rows (each row that is
 * a typed array is checked). `inputName` names the input in the message.
 *
 * @throws RangeError naming `out` and the input it overlaps.
 */
export function requireNoAlias(where: string, out: unknown, input: unknown, inputName = "X"): void {
  if (!ArrayBuffer.isView(out) || out.byteLength === 0) return;
  const check = (view: unknown, name: string): void => {
    if (!ArrayBuffer.isView(view) || view.buffer !== out.buffer) return;
    const start = view.byteOffset;
    const end = start + view.byteLength;
    if (start < out.byteOffset + out.byteLength && out.byteOffset < end) {
      throw new RangeError(`${where}: out shares memory with ${name}; give out a buffer of its own`);
    }
  };
  if (Array.isArray(input)) {
    for (let i = 0; i < input.length; i++) check(input[i], `${inputName}[${i}]`);
  } else if (ArrayBuffer.isView(input)) {
    check(input, inputName);
  } else if (input !== null && typeof input === "object") {
    check((input as { data?: unknown }).data, `${inputName}.data`);
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
 * Throws a `TypeError` for the wrong kind of value (a flat typed array, a string, rows that
 * are numbers) and a `RangeError` for a bad size: the first row whose length differs from
 * row 0's, a length that is not an integer, or more than MAX_RESULT_SIZE values in all.
 */
export function checkShape(where: string, x: unknown): MatrixShape {
  // A SparseMatrix (validated when it was built): its `data` holds the non-zeros only.
  if (isSparseRows(x)) return { rows: x.rows, cols: x.cols };
  if (Array.isArray(x)) {
    const rows = x.length;
    if (rows === 0) return { rows: 0, cols: 0 };
    let cols = -1;
    for (let i = 0; i < rows; i++) {
      const r: unknown = x[i];
      if (r === null || typeof r !== "object" || typeof (r as { length?: unknown }).length !== "number") {
        const hint =
          i === 0 && typeof r === "number"
            ? " (X is a flat array of numbers: give rows, [[x0, x1, …], …], or { data, rows, cols })"
            : "";
        throw new TypeError(`${where}: X[${i}] must be an array of numbers, got ${describe(r)}${hint}`);
      }
      const len = (r as ArrayLike<number>).length;
      if (cols < 0) {
        if (!(Number.isInteger(len) && len >= 0 && len <= MAX_RESULT_SIZE)) {
          throw new RangeError(
            `${where}: X[0].length must be an integer in [0, MAX_RESULT_SIZE = 2^30], got ${describe(len)}`,
          );
        }
        cols = len;
      } else if (len !== cols) {
        throw new RangeError(
          `${where}: X[${i}] has ${describe(len)} values but X[0] has ${cols}; every row needs the same length`,
        );
      }
    }
    requireResultSize(where, rows, cols, "columns");
    return { rows, cols };
  }
  const typed = typedArrayName(x);
  if (typed !== undefined) {
    throw new TypeError(
      `${where}: X must be an array of rows or { data, rows, cols }; got ${describe(x)} (wrap it: { data, rows, cols })`,
    );
  }
  if (x === null || typeof x !== "object") {
    throw new TypeError(`${where}: X must be an array of rows or { data, rows, cols }, got ${describe(x)}`);
  }
  const m = x as { data?: unknown; rows?: unknown; cols?: unknown };
  const data = m.data as { length?: unknown } | null | undefined;
  if (data === undefined && m.rows === undefined && m.cols === undefined) {
    throw new TypeError(`${where}: X must be an array of rows or { data, rows, cols }, got ${describe(x)}`);
  }
  if (data === null || typeof data !== "object" || typeof data.length !== "number") {
    throw new TypeError(`${where}: X.data must be a Float64Array (or array of numbers), got ${describe(m.data)}`);
  }
  const rows = requireDimension(`${where}: X.rows`, m.rows);
  const cols = requireDimension(`${where}: X.cols`, m.cols);
  if (data.length !== rows * cols) {
    throw new RangeError(
      `${where}: X.data has length ${describe(data.length)}, expected X.rows * X.cols = ${rows * cols}`,
    );
  }
  requireResultSize(where, rows, cols, "columns");
  return { rows, cols };
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

/** The size of one block, in bytes, when a matrix is read in blocks (rows per block follow from it). */
const BLOCK_BYTES = 1 << 16;

/**
 * Inputs of at most this many values (1 MB of doubles) that are not a dense Float64Array are
 * copied whole, once: a fit reads its data twice, and converting rows twice costs more than the
 * copy's memory at this size.
 */
const SMALL_VALUES = 1 << 17;

/**
 * The compressed-sparse-row parts of a sparse input (a SparseMatrix has them), named here so that
 * core/matrix.ts need not import the class: row i's values are `data[indptr[i] .. indptr[i + 1])`
 * in the columns `indices[…]`, strictly increasing.
 * @internal
 */
export interface SparseRows {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float64Array;
}

/** Whether `x` is a matrix in CSR form (a SparseMatrix from any copy of ptheta). @internal */
export function isSparseRows(x: unknown): x is SparseRows {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return false;
  const s = x as Partial<SparseRows>;
  return s.indptr instanceof Int32Array && s.indices instanceof Int32Array && s.data instanceof Float64Array;
}

/**
 * Reads a matrix in row blocks as Float64Array slices, without copying when it already is a
 * dense Float64Array. `block(start)` returns the buffer and the offset of row `start`;
 * rows `start .. start + blockRows` (capped at `rows`) are valid there. Kernels run on these
 * blocks, so a large array-of-rows input costs one small reused buffer, not a full copy; a
 * small one is copied into one block the first time it is read, and later reads reuse the copy.
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
  /** True once `scratch` holds every row (one block): later reads need no conversion. */
  private whole = false;
  /**
   * The CSR parts of a sparse input, or null. Kernels with an O(nnz) path (the multinomial's)
   * read them directly; `block` still serves every other kernel, one densified block at a time.
   */
  readonly sparse: SparseRows | null;

  constructor(x: MatrixInput | SparseRows, shape: MatrixShape) {
    this.rows = shape.rows;
    this.cols = shape.cols;
    if (isSparseRows(x)) {
      this.sparse = x;
      this.source = [];
      this.dense = null;
      this.blockRows = Math.max(1, Math.min(shape.rows, Math.floor(BLOCK_BYTES / 8 / Math.max(1, shape.cols))));
      this.scratch = new Float64Array(this.blockRows * shape.cols);
      return;
    }
    this.sparse = null;
    // `data` is read once, here: a getter can't hand later blocks another buffer.
    const data = Array.isArray(x) ? null : (x as MatrixLike).data;
    this.source = data === null ? x : { data, rows: shape.rows, cols: shape.cols };
    const dense = data instanceof Float64Array ? data : null;
    this.dense = dense;
    this.blockRows =
      dense !== null || shape.rows * shape.cols <= SMALL_VALUES
        ? Math.max(1, shape.rows)
        : Math.max(1, Math.floor(BLOCK_BYTES / 8 / Math.max(1, shape.cols)));
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
    this.offset = 0;
    if (this.whole) return scratch; // every row, converted by an earlier call
    const sp = this.sparse;
    if (sp !== null) {
      scratch.fill(0, 0, (end - start) * this.cols);
      for (let i = start, o = 0; i < end; i++, o += this.cols) {
        for (let k = sp.indptr[i]!; k < sp.indptr[i + 1]!; k++) scratch[o + sp.indices[k]!] = sp.data[k]!;
      }
      this.whole = start === 0 && end === this.rows;
      return scratch;
    }
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
    this.whole = start === 0 && end === this.rows;
    return scratch;
  }

  /** Element (i, j) of the original input, for error messages. */
  value(i: number, j: number): unknown {
    const sp = this.sparse;
    if (sp !== null) {
      for (let k = sp.indptr[i]!; k < sp.indptr[i + 1]!; k++) if (sp.indices[k] === j) return sp.data[k];
      return 0;
    }
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
  requireResultSize(where, rows, cols, colName);
  if (out === undefined) return new Matrix(new Float64Array(n), rows, cols);
  if (!(out instanceof Float64Array)) throw new TypeError(`${where}: out must be a Float64Array, got ${describe(out)}`);
  if (out.length < n)
    throw new RangeError(`${where}: out has length ${out.length}, but ${rows} rows × ${cols} ${colName} need ${n}`);
  return new Matrix(out.length === n ? out : out.subarray(0, n), rows, cols);
}
