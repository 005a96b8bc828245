// Matrix hardening (issue 11, classes 1, 4, 7 and 8): bounds checks on row/get, a lossless
// JSON round trip that validates what it reads, out buffers that alias an input, and feature
// matrices in the wrong form or of an impossible size.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_RESULT_SIZE } from "../../src/core/limits.js";
import { checkShape, Matrix, outputMatrix, requireNoAlias } from "../../src/core/matrix.js";

const shape = fc.record({ rows: fc.integer({ min: 0, max: 6 }), cols: fc.integer({ min: 0, max: 6 }) });
const anyDouble = fc.oneof(
  { weight: 6, arbitrary: fc.double() }, // includes NaN, ±Infinity and -0
  { weight: 1, arbitrary: fc.constantFrom(-0, Number.MIN_VALUE, Number.MAX_VALUE) },
);
const matrix = shape.chain(({ rows, cols }) =>
  fc
    .array(anyDouble, { minLength: rows * cols, maxLength: rows * cols })
    .map((xs) => new Matrix(Float64Array.from(xs), rows, cols)),
);
/** An index that is not an integer in [0, size). */
const outside = (size: number) =>
  fc.oneof(
    fc.integer({ min: size, max: size + 1000 }),
    fc.integer({ min: -1000, max: -1 }),
    fc.double({ min: -10, max: size + 10, noNaN: true }).filter((x) => !Number.isInteger(x)),
    fc.constantFrom(Number.NaN, Infinity, -Infinity, 2 ** 32, -0.5),
  );

describe("Matrix bounds", () => {
  it("row(i) and get(i, j) return what data holds inside the bounds", () => {
    fc.assert(
      fc.property(matrix, fc.nat(), fc.nat(), (m, a, b) => {
        if (m.rows === 0 || m.cols === 0) return;
        const i = a % m.rows;
        const j = b % m.cols;
        expect(Object.is(m.get(i, j), m.data[i * m.cols + j])).toBe(true);
        expect(Array.from(m.row(i))).toEqual(Array.from(m.data.slice(i * m.cols, (i + 1) * m.cols)));
      }),
    );
  });

  it("throw a RangeError naming the index outside them", () => {
    fc.assert(
      fc.property(
        matrix.chain((m) => fc.tuple(fc.constant(m), outside(m.rows), outside(m.cols))),
        ([m, i, j]) => {
          expect(() => m.row(i)).toThrow(RangeError);
          expect(() => m.row(i)).toThrow(/^Matrix\.row: i must be an integer in \[0, \d+\), got/);
          expect(() => m.get(i, 0)).toThrow(/^Matrix\.get: i must be an integer/);
          if (m.rows > 0) expect(() => m.get(0, j)).toThrow(/^Matrix\.get: j must be an integer/);
        },
      ),
    );
    const m = new Matrix(new Float64Array(6), 2, 3);
    expect(() => m.row(5)).toThrow("Matrix.row: i must be an integer in [0, 2), got 5 (the matrix has 2 rows)");
    expect(() => m.get(5, 0)).toThrow(RangeError);
    expect(() => m.get("0" as unknown as number, 0)).toThrow(TypeError);
  });
});

describe("Matrix JSON", () => {
  it("round-trips every double exactly, NaN, infinities and -0 included", () => {
    fc.assert(
      fc.property(matrix, (m) => {
        const back = Matrix.fromJSON(JSON.parse(JSON.stringify(m)));
        expect([back.rows, back.cols]).toEqual([m.rows, m.cols]);
        for (let k = 0; k < m.data.length; k++) expect(Object.is(back.data[k], m.data[k])).toBe(true);
      }),
    );
  });

  it("validates what it reads, refusing sizes the data does not back", () => {
    const good = { type: "Matrix", rows: 2, cols: 2, data: [1, 2, 3, 4] };
    expect(Matrix.fromJSON(good).get(1, 1)).toBe(4);
    const bad: Array<[unknown, ErrorConstructor, RegExp]> = [
      [null, TypeError, /expected an object with type "Matrix"/],
      [{ ...good, type: "Gaussian" }, TypeError, /expected an object with type "Matrix"/],
      [{ ...good, rows: 1e9, cols: 1e9 }, RangeError, /MAX_RESULT_SIZE/],
      [{ ...good, rows: 1e9, cols: 1 }, RangeError, /data has length 4, expected rows \* cols = 1000000000/],
      [{ ...good, rows: 2.5 }, RangeError, /rows must be an integer/],
      [{ ...good, rows: -1 }, RangeError, /rows must be an integer/],
      [{ ...good, cols: "2" }, TypeError, /cols must be a number/],
      [{ ...good, data: "1234" }, TypeError, /data must be an array/],
      [{ ...good, data: [1, 2, 3, null] }, TypeError, /data\[3\] must be a number/],
      [{ ...good, data: [1, "2", 3, 4] }, TypeError, /data\[1\] must be a number/],
    ];
    for (const [json, type, message] of bad) {
      expect(() => Matrix.fromJSON(json)).toThrow(type);
      expect(() => Matrix.fromJSON(json)).toThrow(message);
    }
  });
});

describe("Matrix as text", () => {
  it("shows the shape and the first rows, not [object Object]", () => {
    fc.assert(
      fc.property(matrix, (m) => {
        const text = String(m);
        expect(text.startsWith(`Matrix(${m.rows} × ${m.cols})`)).toBe(true);
        expect(text.length).toBeLessThan(1000); // a few rows, however large the matrix
        const inspect = (m as unknown as Record<symbol, () => string>)[Symbol.for("nodejs.util.inspect.custom")]!;
        expect(inspect.call(m)).toBe(text);
      }),
    );
    expect(String(new Matrix(new Float64Array([1, 2, 3, 4, 5, 6]), 2, 3))).toBe("Matrix(2 × 3) [[1, 2, 3], [4, 5, 6]]");
    expect(String(Matrix.zeros(100, 20))).toMatch(/… 12 more\], … 94 more rows\]$/);
  });
});

describe("out buffers that alias an input", () => {
  /** Two views on one buffer of 16 doubles: [start, start + length) each. */
  const ranges = fc.tuple(fc.nat(15), fc.integer({ min: 1, max: 16 }), fc.nat(15), fc.integer({ min: 1, max: 16 }));

  it("are refused with a RangeError naming out, exactly when the views overlap", () => {
    fc.assert(
      fc.property(ranges, ([s1, l1, s2, l2]) => {
        const buffer = new ArrayBuffer(16 * 8);
        const len1 = Math.min(l1, 16 - s1);
        const len2 = Math.min(l2, 16 - s2);
        const out = new Float64Array(buffer, s1 * 8, len1);
        const input = new Float64Array(buffer, s2 * 8, len2);
        // The truth by enumeration: some element index lies in both ranges.
        let overlap = false;
        for (let k = 0; k < 16; k++) if (k >= s1 && k < s1 + len1 && k >= s2 && k < s2 + len2) overlap = true;
        const forms: Array<[unknown, string]> = [
          [input, "X"],
          [{ data: input, rows: 1, cols: len2 }, "X.data"],
          [[new Float64Array(2), input], "X[1]"],
        ];
        for (const [x, name] of forms) {
          if (overlap) {
            expect(() => requireNoAlias("F.predict", out, x)).toThrow(RangeError);
            expect(() => requireNoAlias("F.predict", out, x)).toThrow(`F.predict: out shares memory with ${name}`);
          } else expect(() => requireNoAlias("F.predict", out, x)).not.toThrow();
        }
      }),
    );
  });

  it("are fine on separate buffers, or when out is absent", () => {
    const X = new Float64Array(8);
    expect(() => requireNoAlias("f", new Float64Array(8), X)).not.toThrow();
    expect(() => requireNoAlias("f", undefined, X)).not.toThrow();
    expect(() => requireNoAlias("f", new Float64Array(X.buffer, 0, 0), X)).not.toThrow();
  });
});

describe("feature matrices in the wrong form", () => {
  it("says how to wrap a flat typed array", () => {
    fc.assert(
      fc.property(fc.nat(100), (n) => {
        for (const flat of [new Float64Array(n), new Float32Array(n), new Int32Array(n)]) {
          expect(() => checkShape("NaiveBayes.fit", flat)).toThrow(TypeError);
          expect(() => checkShape("NaiveBayes.fit", flat)).toThrow(
            `NaiveBayes.fit: X must be an array of rows or { data, rows, cols }; got a ${flat.constructor.name} of length ${n} (wrap it: { data, rows, cols })`,
          );
        }
      }),
    );
    expect(() => checkShape("f", [1, 2, 3])).toThrow(/X\[0\] must be an array of numbers, got 1 \(X is a flat array/);
    expect(() => checkShape("f", {})).toThrow(/X must be an array of rows or \{ data, rows, cols \}, got an object/);
  });

  it("refuses rows whose length is not an integer, or sizes beyond MAX_RESULT_SIZE", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -1e6, max: -1 }),
          fc.double({ min: 0, max: 100, noNaN: true }).filter((x) => !Number.isInteger(x)),
          fc.constantFrom(Number.NaN, Infinity, MAX_RESULT_SIZE + 1),
        ),
        (length) => {
          expect(() => checkShape("f", [{ length }])).toThrow(RangeError);
          expect(() => checkShape("f", [[1], { length }])).toThrow(RangeError);
        },
      ),
    );
    expect(() =>
      checkShape("f", [{ length: 2 ** 20 }, { length: 2 ** 20 }].concat(new Array(2 ** 10).fill({ length: 2 ** 20 }))),
    ).toThrow(/MAX_RESULT_SIZE/);
    expect(() => checkShape("f", { data: new Float64Array(4), rows: "2", cols: 2 })).toThrow(TypeError);
    expect(() => checkShape("f", { data: { length: 2 ** 40 }, rows: 2 ** 20, cols: 2 ** 20 })).toThrow(
      /MAX_RESULT_SIZE/,
    );
  });

  it("bounds a result's rows × columns", () => {
    expect(() => outputMatrix("F.predictProba", 2 ** 20, 2 ** 11, undefined)).toThrow(
      "F.predictProba: 1048576 rows × 2048 classes = 2147483648 values, more than MAX_RESULT_SIZE = 2^30",
    );
    expect(() => Matrix.zeros(2 ** 16, 2 ** 16)).toThrow(/MAX_RESULT_SIZE/);
  });
});
