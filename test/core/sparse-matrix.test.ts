import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Matrix, SparseMatrix } from "../../src/index.js";
import { isSparseMatrix } from "../../src/core/sparse-matrix.js";

/** A random matrix that is mostly zeros, as rows. */
const sparseRows = fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })).chain(([r, c]) =>
  fc.array(
    fc.array(
      fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
      {
        minLength: c,
        maxLength: c,
      },
    ),
    { minLength: r, maxLength: r },
  ),
);

/** The CSR parts of rows, built independently of the class (the reference). */
function csrOf(rows: number[][], cols: number) {
  const indptr = [0];
  const indices: number[] = [];
  const data: number[] = [];
  for (const r of rows) {
    r.forEach((v, j) => {
      if (v !== 0) {
        indices.push(j);
        data.push(v);
      }
    });
    indptr.push(data.length);
  }
  return { rows: rows.length, cols, indptr, indices, data };
}

describe("SparseMatrix", () => {
  it("CSR = dense: fromCSR, fromDense, row, get and toDense agree with the dense matrix", () => {
    fc.assert(
      fc.property(sparseRows, (rows) => {
        const cols = rows[0]?.length ?? 0;
        const parts = csrOf(rows, cols);
        const s = SparseMatrix.fromCSR(parts);
        expect(s.rows).toBe(rows.length);
        expect(s.cols).toBe(cols);
        expect(s.nnz).toBe(parts.data.length);
        const dense = s.toDense();
        expect(dense).toBeInstanceOf(Matrix);
        expect(dense.toArray()).toEqual(rows.map((r) => r.map((v) => v + 0)));
        const viaDense = SparseMatrix.fromDense(rows);
        expect(viaDense.toJSON()).toEqual(s.toJSON());
        for (let i = 0; i < rows.length; i++) {
          const r = s.row(i);
          const expected = rows[i]!.flatMap((v, j) => (v !== 0 ? [j] : []));
          expect(Array.from(r.indices)).toEqual(expected);
          expect(Array.from(r.values)).toEqual(expected.map((j) => rows[i]![j]!));
          for (let j = 0; j < cols; j++) expect(s.get(i, j)).toBe(rows[i]![j]! + 0);
        }
        const back = SparseMatrix.fromJSON(JSON.parse(JSON.stringify(s)));
        expect(back.toJSON()).toEqual(s.toJSON());
      }),
    );
  });

  it("accepts typed arrays and a dense { data, rows, cols }", () => {
    const s = SparseMatrix.fromCSR({
      rows: 2,
      cols: 3,
      indptr: new Int32Array([0, 1, 3]),
      indices: new Int32Array([2, 0, 1]),
      data: new Float64Array([5, 1, 2]),
    });
    expect(s.toDense().toArray()).toEqual([
      [0, 0, 5],
      [1, 2, 0],
    ]);
    expect(SparseMatrix.fromDense({ data: new Float64Array([0, 0, 5, 1, 2, 0]), rows: 2, cols: 3 }).toJSON()).toEqual(
      s.toJSON(),
    );
    expect(String(s)).toBe("SparseMatrix(2 × 3, nnz=3)");
    expect(isSparseMatrix(s)).toBe(true);
    expect(isSparseMatrix(s.toDense())).toBe(false);
  });

  it("refuses bad parts, naming the field and the index", () => {
    const ok = { rows: 2, cols: 3, indptr: [0, 1, 3], indices: [2, 0, 1], data: [5, 1, 2] };
    expect(() => SparseMatrix.fromCSR({ ...ok, indptr: [1, 1, 3] })).toThrow(/indptr\[0\] is 1; it must be 0/);
    expect(() => SparseMatrix.fromCSR({ ...ok, indptr: [0, 2, 1] })).toThrow(/indptr\[2\] is 1/);
    expect(() => SparseMatrix.fromCSR({ ...ok, indptr: [0, 1, 2] })).toThrow(
      /indptr\[2\] is 2; it must equal data.length = 3/,
    );
    expect(() => SparseMatrix.fromCSR({ ...ok, indptr: [0, 3] })).toThrow(
      /indptr has length 2, expected rows \+ 1 = 3/,
    );
    expect(() => SparseMatrix.fromCSR({ ...ok, indptr: [0, 1.5, 3] })).toThrow(/indptr\[1\]/);
    expect(() => SparseMatrix.fromCSR({ ...ok, indices: [3, 0, 1] })).toThrow(
      /indices\[0\] is 3 \(row 0\); it must be an integer in \[0, cols = 3\)/,
    );
    expect(() => SparseMatrix.fromCSR({ ...ok, indices: [2, 1, 1] })).toThrow(
      /indices\[2\] is 1 \(row 1\); it must be strictly increasing/,
    );
    expect(() => SparseMatrix.fromCSR({ ...ok, indices: [2, 1, 0] })).toThrow(/indices\[2\].*strictly increasing/);
    expect(() => SparseMatrix.fromCSR({ ...ok, indices: [2, -1, 1] })).toThrow(/indices\[1\]/);
    expect(() => SparseMatrix.fromCSR({ ...ok, indices: [2, 0] })).toThrow(/indices has length 2 but data has 3/);
    expect(() => SparseMatrix.fromCSR({ ...ok, data: [5, NaN, 2] })).toThrow(/data\[1\] is NaN \(row 1\)/);
    expect(() => SparseMatrix.fromCSR({ ...ok, data: [5, 1, Infinity] })).toThrow(/data\[2\] is Infinity/);
    expect(() => SparseMatrix.fromCSR({ ...ok, data: [5, "1", 2] as never })).toThrow(TypeError);
    expect(() => SparseMatrix.fromCSR({ ...ok, rows: -1 })).toThrow(/rows/);
    expect(() => SparseMatrix.fromCSR({ ...ok, cols: 2 ** 31 })).toThrow(/cols/);
    expect(() => SparseMatrix.fromCSR(null as never)).toThrow(TypeError);
    expect(() => SparseMatrix.fromDense([[1, NaN]])).toThrow(/X\[0\]\[1\] is NaN/);
    expect(() => SparseMatrix.fromJSON({ type: "Matrix" })).toThrow(/SparseMatrix/);
  });

  it("bounds the dense copy and the indices asked for", () => {
    const wide = SparseMatrix.fromCSR({
      rows: 2 ** 16,
      cols: 2 ** 16,
      indptr: new Int32Array(2 ** 16 + 1),
      indices: [],
      data: [],
    });
    expect(wide.nnz).toBe(0);
    expect(() => wide.toDense()).toThrow(/MAX_RESULT_SIZE/);
    expect(wide.get(65535, 65535)).toBe(0);
    expect(() => wide.row(2 ** 16)).toThrow(/\[0, 65536\)/);
    expect(() => wide.get(0, -1)).toThrow(/j must be/);
  });

  it("row views share memory with the matrix (no copy)", () => {
    const s = SparseMatrix.fromDense([
      [0, 1, 2],
      [3, 0, 0],
    ]);
    expect(s.row(1).values.buffer).toBe(s.data.buffer);
    expect(s.row(0).indices.buffer).toBe(s.indices.buffer);
  });
});
