/**
 * Sparse matrices in compressed sparse row (CSR) form: what text and other count data look like
 * (10⁴–10⁵ columns, a few hundred non-zeros per row), so that memory and work are O(nnz), never
 * O(rows × cols).
 */

import { hasBrand } from "./brand.js";
import { requireJsonType } from "./distribution.js";
import { MAX_RESULT_SIZE } from "./limits.js";
import { checkShape, Matrix, RowBlocks, type MatrixInput } from "./matrix.js";
import { describe, requireData, requireSize } from "./validate.js";

/**
 * The parts of a CSR matrix, as scipy.sparse.csr_matrix holds them: row i's non-zeros are
 * `data[indptr[i] .. indptr[i + 1])`, in the columns `indices[indptr[i] .. indptr[i + 1])`.
 *
 * @example
 * ```ts
 * // [[0, 2, 0], [0, 0, 0], [1, 0, 3]]
 * const parts: SparseMatrixParts = { rows: 3, cols: 3, indptr: [0, 1, 1, 3], indices: [1, 0, 2], data: [2, 1, 3] };
 * ```
 */
export interface SparseMatrixParts {
  /** The number of rows. */
  readonly rows: number;
  /** The number of columns. */
  readonly cols: number;
  /** `rows + 1` offsets into `indices` and `data`: 0 first, non-decreasing, `data.length` last. */
  readonly indptr: ArrayLike<number>;
  /** The column of each stored value, in [0, cols), strictly increasing within a row. */
  readonly indices: ArrayLike<number>;
  /** The stored values, finite numbers. */
  readonly data: ArrayLike<number>;
}

/**
 * What {@link SparseMatrix.toJSON} writes: the CSR parts as plain arrays.
 *
 * @example
 * ```ts
 * const json: SparseMatrixJSON = { type: "SparseMatrix", rows: 1, cols: 3, indptr: [0, 1], indices: [2], data: [5] };
 * SparseMatrix.fromJSON(json).toDense().row(0); // Float64Array [0, 0, 5]
 * ```
 */
export interface SparseMatrixJSON {
  /** Always `"SparseMatrix"`. */
  type: "SparseMatrix";
  /** The number of rows. */
  rows: number;
  /** The number of columns. */
  cols: number;
  /** `rows + 1` offsets. */
  indptr: number[];
  /** The column of each stored value. */
  indices: number[];
  /** The stored values. */
  data: number[];
}

/**
 * One row of a {@link SparseMatrix}: its stored columns and values, views into the matrix.
 *
 * @example
 * ```ts
 * const r: SparseRow = SparseMatrix.fromDense([[0, 4, 0, 7]]).row(0);
 * r.indices; // Int32Array [1, 3]
 * r.values; // Float64Array [4, 7]
 * ```
 */
export interface SparseRow {
  /** The columns of the stored values, increasing. */
  readonly indices: Int32Array;
  /** The stored values. */
  readonly values: Float64Array;
}

// Spelled out (what brand("SparseMatrix") returns) so that TypeScript sees a unique symbol.
const SPARSE_MATRIX: unique symbol = Symbol.for("ptheta.SparseMatrix");

/**
 * A matrix in compressed sparse row form: only the non-zero cells are stored, so a 10⁵ × 10⁵
 * matrix of word counts costs what its non-zeros cost. Rows are cheap views ({@link SparseMatrix.row}).
 * Built by {@link SparseMatrix.fromCSR} (validated; the parts are copied into typed arrays) or
 * {@link SparseMatrix.fromDense}; immutable once built.
 *
 * @example
 * ```ts
 * const counts = SparseMatrix.fromCSR({ rows: 2, cols: 4, indptr: [0, 2, 3], indices: [0, 3, 1], data: [1, 2, 5] });
 * counts.nnz; // 3
 * counts.toDense().toArray(); // [[1, 0, 0, 2], [0, 5, 0, 0]]
 * ```
 */
export class SparseMatrix {
  /** @internal The brand that identifies a SparseMatrix from any copy of ptheta. */
  readonly [SPARSE_MATRIX] = true;
  /** The number of rows. */
  readonly rows: number;
  /** The number of columns. */
  readonly cols: number;
  /** `rows + 1` offsets: row i's values are `data[indptr[i] .. indptr[i + 1])`. Do not modify. */
  readonly indptr: Int32Array;
  /** The column of each stored value. Do not modify. */
  readonly indices: Int32Array;
  /** The stored values. Do not modify. */
  readonly data: Float64Array;

  private constructor(rows: number, cols: number, indptr: Int32Array, indices: Int32Array, data: Float64Array) {
    this.rows = rows;
    this.cols = cols;
    this.indptr = indptr;
    this.indices = indices;
    this.data = data;
  }

  /** The number of stored values. */
  get nnz(): number {
    return this.data.length;
  }

  /**
   * A sparse matrix from its CSR parts, copied and validated: `rows` and `cols` integers in
   * [0, MAX_RESULT_SIZE]; `indptr` of length rows + 1, starting at 0, non-decreasing and ending
   * at `data.length`; `indices` as long as `data`, each in [0, cols) and strictly increasing
   * within its row; every value finite. An error names the field and the index.
   *
   * @example
   * ```ts
   * SparseMatrix.fromCSR({ rows: 1, cols: 2, indptr: [0, 2], indices: [1, 0], data: [1, 1] }); // RangeError … indices[1] …
   * ```
   */
  static fromCSR(parts: SparseMatrixParts): SparseMatrix {
    return SparseMatrix.fromParts("SparseMatrix.fromCSR", parts);
  }

  private static fromParts(where: string, parts: unknown): SparseMatrix {
    if (parts === null || typeof parts !== "object") {
      throw new TypeError(`${where}: expected { rows, cols, indptr, indices, data }, got ${describe(parts)}`);
    }
    const p = parts as Record<string, unknown>;
    const rows = requireSize(`${where}: rows`, p.rows);
    const cols = requireSize(`${where}: cols`, p.cols);
    const indptrIn = requireData(where, p.indptr, "indptr");
    const indicesIn = requireData(where, p.indices, "indices");
    const dataIn = requireData(where, p.data, "data");
    const nnz = dataIn.length;
    if (indptrIn.length !== rows + 1) {
      throw new RangeError(`${where}: indptr has length ${indptrIn.length}, expected rows + 1 = ${rows + 1}`);
    }
    if (indicesIn.length !== nnz) {
      throw new RangeError(`${where}: indices has length ${indicesIn.length} but data has ${nnz}`);
    }
    const indptr = new Int32Array(rows + 1);
    for (let i = 0; i <= rows; i++) {
      const v = indptrIn[i]!;
      const previous = i === 0 ? 0 : indptr[i - 1]!;
      if (!(Number.isInteger(v) && v >= previous && v <= nnz)) {
        const rule =
          i === 0 ? "must be 0" : `must be an integer in [indptr[${i - 1}] = ${previous}, data.length = ${nnz}]`;
        throw new RangeError(`${where}: indptr[${i}] is ${describe(v)}; it ${rule}`);
      }
      if (i === 0 && v !== 0) throw new RangeError(`${where}: indptr[0] is ${describe(v)}; it must be 0`);
      indptr[i] = v;
    }
    if (indptr[rows] !== nnz) {
      throw new RangeError(`${where}: indptr[${rows}] is ${indptr[rows]}; it must equal data.length = ${nnz}`);
    }
    const indices = new Int32Array(nnz);
    const data = new Float64Array(nnz);
    for (let i = 0; i < rows; i++) {
      const end = indptr[i + 1]!;
      let last = -1;
      for (let k = indptr[i]!; k < end; k++) {
        const j = indicesIn[k]!;
        if (!(Number.isInteger(j) && j > last && j < cols)) {
          const rule = j >= 0 && j < cols ? `strictly increasing within row ${i}` : `an integer in [0, cols = ${cols})`;
          throw new RangeError(`${where}: indices[${k}] is ${describe(j)} (row ${i}); it must be ${rule}`);
        }
        const v = dataIn[k]!;
        if (v - v !== 0)
          throw new RangeError(`${where}: data[${k}] is ${describe(v)} (row ${i}); values must be finite`);
        indices[k] = j;
        data[k] = v;
        last = j;
      }
    }
    return new SparseMatrix(rows, cols, indptr, indices, data);
  }

  /**
   * The sparse form of a dense matrix (rows as arrays, or `{ data, rows, cols }`): its non-zero
   * cells. Every cell must be a finite number (the error names the cell).
   *
   * @example
   * ```ts
   * SparseMatrix.fromDense([[0, 3], [0, 0]]).nnz; // 1
   * ```
   */
  static fromDense(X: MatrixInput): SparseMatrix {
    const where = "SparseMatrix.fromDense";
    const shape = checkShape(where, X);
    const blocks = new RowBlocks(X, shape);
    const { rows, cols } = shape;
    let nnz = 0;
    // Two passes (count, then fill) so that the result is allocated once at its exact size.
    for (let pass = 0; pass < 2; pass++) {
      const indptr = new Int32Array(rows + 1);
      const indices = new Int32Array(pass === 0 ? 0 : nnz);
      const data = new Float64Array(pass === 0 ? 0 : nnz);
      let k = 0;
      for (let start = 0; start < rows; start += blocks.blockRows) {
        const buf = blocks.block(start);
        const end = Math.min(rows, start + blocks.blockRows);
        let o = blocks.offset;
        for (let i = start; i < end; i++) {
          for (let j = 0; j < cols; j++, o++) {
            const v = buf[o]!;
            if (v === 0) continue;
            if (v - v !== 0) {
              const cell: unknown = blocks.value(i, j);
              if (typeof cell !== "number")
                throw new TypeError(`${where}: X[${i}][${j}] must be a number, got ${describe(cell)}`);
              throw new RangeError(`${where}: X[${i}][${j}] is ${describe(v)}; values must be finite`);
            }
            if (pass === 1) {
              indices[k] = j;
              data[k] = v;
            }
            k++;
          }
          indptr[i + 1] = k;
        }
      }
      if (pass === 1) return new SparseMatrix(rows, cols, indptr, indices, data);
      nnz = k;
    }
    /* c8 ignore next */
    throw new Error("unreachable");
  }

  /**
   * Row `i`'s stored columns and values, as views (no copy).
   *
   * @throws RangeError unless i is an integer in [0, rows).
   */
  row(i: number): SparseRow {
    if (!(i >>> 0 === i && i < this.rows)) {
      if (typeof i !== "number") throw new TypeError(`SparseMatrix.row: i must be a number, got ${describe(i)}`);
      throw new RangeError(
        `SparseMatrix.row: i must be an integer in [0, ${this.rows}), got ${describe(i)} (the matrix has ${this.rows} rows)`,
      );
    }
    const start = this.indptr[i]!;
    const end = this.indptr[i + 1]!;
    return { indices: this.indices.subarray(start, end), values: this.data.subarray(start, end) };
  }

  /**
   * Element (i, j): the stored value, or 0 (a binary search within the row).
   *
   * @example
   * ```ts
   * SparseMatrix.fromDense([[0, 3]]).get(0, 1); // 3
   * ```
   */
  get(i: number, j: number): number {
    const r = this.row(i);
    if (!(j >>> 0 === j && j < this.cols)) {
      throw new RangeError(
        `SparseMatrix.get: j must be an integer in [0, ${this.cols}), got ${describe(j)} (the matrix has ${this.cols} columns)`,
      );
    }
    let lo = 0;
    let hi = r.indices.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (r.indices[mid]! < j) lo = mid + 1;
      else hi = mid;
    }
    return lo < r.indices.length && r.indices[lo] === j ? r.values[lo]! : 0;
  }

  /**
   * The dense matrix, zeros filled in.
   *
   * @throws RangeError when rows × cols is above MAX_RESULT_SIZE (2³⁰ values).
   */
  toDense(): Matrix {
    if (this.rows * this.cols > MAX_RESULT_SIZE) {
      throw new RangeError(
        `SparseMatrix.toDense: ${this.rows} rows × ${this.cols} columns = ${this.rows * this.cols} values, more than MAX_RESULT_SIZE = 2^30`,
      );
    }
    const out = new Float64Array(this.rows * this.cols);
    for (let i = 0; i < this.rows; i++) {
      const base = i * this.cols;
      for (let k = this.indptr[i]!; k < this.indptr[i + 1]!; k++) out[base + this.indices[k]!] = this.data[k]!;
    }
    return new Matrix(out, this.rows, this.cols);
  }

  /** `{ type: "SparseMatrix", rows, cols, indptr, indices, data }`; `fromJSON` restores it exactly. */
  toJSON(): SparseMatrixJSON {
    return {
      type: "SparseMatrix",
      rows: this.rows,
      cols: this.cols,
      indptr: Array.from(this.indptr),
      indices: Array.from(this.indices),
      // −0 is stored as 0: JSON has no −0, and a stored −0 means the same cell as an absent one.
      data: Array.from(this.data, (v) => v + 0),
    };
  }

  /** Rebuilds a sparse matrix from {@link SparseMatrix.toJSON} output, validated as `fromCSR`. */
  static fromJSON(json: unknown): SparseMatrix {
    const where = "SparseMatrix.fromJSON";
    return SparseMatrix.fromParts(where, requireJsonType(where, json, "SparseMatrix"));
  }

  /**
   * The shape and the number of stored values.
   *
   * @example
   * ```ts
   * SparseMatrix.fromDense([[0, 1], [2, 0]]).toString(); // "SparseMatrix(2 × 2, nnz=2)"
   * ```
   */
  toString(): string {
    return `SparseMatrix(${this.rows} × ${this.cols}, nnz=${this.nnz})`;
  }

  /** @internal Node's console.log and util.inspect use this. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/**
 * True for a {@link SparseMatrix} from any copy of ptheta: models check this before reading an
 * input as a dense matrix.
 *
 * @example
 * ```ts
 * isSparseMatrix(SparseMatrix.fromDense([[1]])); // true
 * isSparseMatrix([[1]]); // false
 * ```
 */
export function isSparseMatrix(x: unknown): x is SparseMatrix {
  return hasBrand(x, "SparseMatrix");
}
