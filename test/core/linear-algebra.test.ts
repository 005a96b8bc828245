/**
 * Cholesky, triangular solves, log-determinants and the symmetric eigensolver against numpy
 * (test/fixtures/generate_linear_algebra.py) on random, ill-conditioned and structured matrices,
 * and properties on random SPD matrices. Ill-conditioned cases are judged by backward error
 * (L Lᵀ = A, A v = λ v) and by forward error scaled by the condition number, as the algorithms
 * guarantee; well-conditioned ones by the factor and eigenvalues elementwise.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  choleskyInPlace,
  logDetFromCholesky,
  solveCholesky,
  solveLower,
  solveLowerRows,
  solveLowerTranspose,
  solveLowerTransposeRows,
} from "../../src/core/linear-algebra/cholesky.js";
import { GRAM_TILE, GramAccumulator } from "../../src/core/linear-algebra/gram.js";
import { symmetricEigen } from "../../src/core/linear-algebra/symmetric-eigen.js";
import { fixture } from "../helpers.js";

interface Case {
  name: string;
  d: number;
  a: number[];
  spd: boolean;
  eigenvalues: number[];
  eigenvectors: number[];
  cholesky?: number[];
  b?: number[];
  solveLower?: number[];
  solveLowerTranspose?: number[];
  solve?: number[];
  logDet?: number;
}

const { cases } = await fixture<{ cases: Case[] }>("linear-algebra/linear-algebra.json");
const EPS = Number.EPSILON;

function maxAbs(xs: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m = Math.max(m, Math.abs(xs[i]!));
  return m;
}

/** ‖x − y‖∞ / ‖y‖∞. */
function relErr(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < y.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m / Math.max(maxAbs(y), Number.MIN_VALUE);
}

function condition(c: Case): number {
  const ev = c.eigenvalues.map(Math.abs);
  return Math.max(...ev) / Math.min(...ev);
}

describe("choleskyInPlace against numpy", () => {
  for (const c of cases.filter((c) => c.spd)) {
    it(c.name, () => {
      const d = c.d;
      const l = new Float64Array(c.a);
      expect(choleskyInPlace(l, d)).toBe(true);
      // Backward error: L Lᵀ reproduces A to a few ulps of ‖A‖.
      const norm = maxAbs(c.a);
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          let s = 0;
          for (let k = 0; k < d; k++) s += l[i * d + k]! * l[j * d + k]!;
          expect(Math.abs(s - c.a[i * d + j]!)).toBeLessThanOrEqual(4 * d * EPS * norm);
        }
      }
      // The upper triangle is zeroed: the buffer is exactly L.
      for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) expect(l[i * d + j]).toBe(0);
      const kappa = condition(c);
      // Forward errors grow with the condition number: allow d ε κ (and 1e-13 when well conditioned).
      const tol = Math.max(1e-13, 8 * d * EPS * kappa);
      expect(relErr(l, c.cholesky!)).toBeLessThanOrEqual(Math.max(1e-13, 8 * d * EPS * Math.sqrt(kappa)));
      const y = new Float64Array(c.b!);
      solveLower(l, d, y);
      expect(relErr(y, c.solveLower!)).toBeLessThanOrEqual(tol);
      const z = new Float64Array(c.b!);
      solveLowerTranspose(l, d, z);
      expect(relErr(z, c.solveLowerTranspose!)).toBeLessThanOrEqual(tol);
      const x = new Float64Array(c.b!);
      solveCholesky(l, d, x);
      expect(relErr(x, c.solve!)).toBeLessThanOrEqual(tol);
      // log det: each log Lᵢᵢ has absolute error ≈ relative error of Lᵢᵢ.
      expect(Math.abs(logDetFromCholesky(l, d) - c.logDet!)).toBeLessThanOrEqual(
        Math.max(1e-12 * Math.abs(c.logDet!), 1e-13, 8 * d * EPS * kappa),
      );
    });
  }

  for (const c of cases.filter((c) => !c.spd)) {
    it(`${c.name}: not positive definite, so false`, () => {
      expect(choleskyInPlace(new Float64Array(c.a), c.d)).toBe(false);
    });
  }

  it("refuses NaN and infinite pivots", () => {
    expect(choleskyInPlace(new Float64Array([NaN]), 1)).toBe(false);
    expect(choleskyInPlace(new Float64Array([Infinity]), 1)).toBe(false);
    expect(choleskyInPlace(new Float64Array([1, 0, NaN, 1]), 2)).toBe(false);
    expect(choleskyInPlace(new Float64Array([0]), 1)).toBe(false);
  });

  it("does not overflow where log det is representable", () => {
    const d = 400;
    const a = new Float64Array(d * d);
    for (let i = 0; i < d; i++) a[i * d + i] = 1e10; // det = 1e4000 overflows; log det does not
    expect(choleskyInPlace(a, d)).toBe(true);
    expect(logDetFromCholesky(a, d) / (d * Math.log(1e10))).toBeCloseTo(1, 13);
  });
});

describe("symmetricEigen against numpy", () => {
  for (const c of cases) {
    it(c.name, () => {
      const d = c.d;
      const a = new Float64Array(c.a);
      const { values, vectors } = symmetricEigen(a, d);
      expect(Array.from(a)).toEqual(c.a); // the input is untouched
      const norm = Math.max(...c.eigenvalues.map(Math.abs));
      // Ascending, and each within a few ε‖A‖ of numpy's (Weyl: the backward-stable bound).
      for (let j = 0; j < d; j++) {
        if (j > 0) expect(values[j]!).toBeGreaterThanOrEqual(values[j - 1]!);
        expect(Math.abs(values[j]! - c.eigenvalues[j]!)).toBeLessThanOrEqual(16 * d * EPS * norm);
      }
      // Orthonormal columns and small residuals ‖A v − λ v‖.
      for (let p = 0; p < d; p++) {
        for (let q = 0; q < d; q++) {
          let s = 0;
          for (let i = 0; i < d; i++) s += vectors[i * d + p]! * vectors[i * d + q]!;
          expect(Math.abs(s - (p === q ? 1 : 0))).toBeLessThanOrEqual(16 * d * EPS);
        }
        for (let i = 0; i < d; i++) {
          let s = 0;
          for (let k = 0; k < d; k++) s += c.a[i * d + k]! * vectors[k * d + p]!;
          expect(Math.abs(s - values[p]! * vectors[i * d + p]!)).toBeLessThanOrEqual(16 * d * EPS * norm);
        }
      }
      // Where an eigenvalue is well separated, its eigenvector is numpy's up to sign.
      for (let p = 0; p < d; p++) {
        let gap = Infinity;
        for (let q = 0; q < d; q++) if (q !== p) gap = Math.min(gap, Math.abs(c.eigenvalues[q]! - c.eigenvalues[p]!));
        if (gap < 1e-6 * norm) continue;
        let dot = 0;
        for (let i = 0; i < d; i++) dot += vectors[i * d + p]! * c.eigenvectors[i * d + p]!;
        expect(Math.abs(Math.abs(dot) - 1)).toBeLessThanOrEqual(Math.max(1e-13, (64 * d * EPS * norm) / gap));
      }
    });
  }

  it("handles d = 0 and d = 1", () => {
    expect(symmetricEigen(new Float64Array(0), 0).values.length).toBe(0);
    const one = symmetricEigen(new Float64Array([-3]), 1);
    expect(Array.from(one.values)).toEqual([-3]);
    expect(Array.from(one.vectors)).toEqual([1]);
  });
});

/** A random SPD matrix B Bᵀ / m + δ I from an arbitrary B. */
const spd = fc.integer({ min: 1, max: 9 }).chain((d) =>
  fc
    .array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: d * (d + 2), maxLength: d * (d + 2) })
    .map((b) => {
      const m = d + 2;
      const a = new Float64Array(d * d);
      for (let i = 0; i < d; i++)
        for (let j = 0; j < d; j++) {
          let s = 0;
          for (let k = 0; k < m; k++) s += b[i * m + k]! * b[j * m + k]!;
          a[i * d + j] = s / m + (i === j ? 0.1 : 0);
        }
      return { d, a };
    }),
);

describe("properties on random SPD matrices", () => {
  it("Cholesky solves agree with the eigendecomposition: A⁻¹ b and log det", () => {
    fc.assert(
      fc.property(spd, fc.integer({ min: 1, max: 4 }), ({ d, a }, rows) => {
        const l = new Float64Array(a);
        expect(choleskyInPlace(l, d)).toBe(true);
        const { values, vectors } = symmetricEigen(a, d);
        let logDet = 0;
        for (const v of values) logDet += Math.log(v);
        const kappa = values[d - 1]! / values[0]!;
        expect(Math.abs(logDetFromCholesky(l, d) - logDet)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(logDet)));
        // A row block: B L⁻ᵀ then L⁻¹ equals A⁻¹ applied to each row, as V Λ⁻¹ Vᵀ gives it.
        const b = new Float64Array(rows * d).map((_, i) => Math.sin(i + 1));
        const x = new Float64Array(b);
        solveLowerRows(l, d, x, rows);
        solveLowerTransposeRows(l, d, x, rows);
        for (let r = 0; r < rows; r++) {
          for (let i = 0; i < d; i++) {
            let s = 0;
            for (let k = 0; k < d; k++) {
              let proj = 0;
              for (let j = 0; j < d; j++) proj += vectors[j * d + k]! * b[r * d + j]!;
              s += (vectors[i * d + k]! * proj) / values[k]!;
            }
            expect(Math.abs(x[r * d + i]! - s)).toBeLessThanOrEqual(1e-10 * kappa * (1 + Math.abs(s)));
          }
        }
      }),
    );
  });

  it("a negative eigenvalue makes Cholesky fail", () => {
    fc.assert(
      fc.property(spd, ({ d, a }) => {
        const { values } = symmetricEigen(a, d);
        const shifted = new Float64Array(a);
        for (let i = 0; i < d; i++) shifted[i * d + i] = shifted[i * d + i]! - values[0]! * 1.01 - 1e-9;
        expect(choleskyInPlace(shifted, d)).toBe(false);
      }),
    );
  });
});

describe("GramAccumulator", () => {
  // Rows of small integers (and integer weights and centre) make every product and sum exact, so
  // the tiled, compensated result must equal the plain sum bit for bit, whatever the number of
  // features (padding to 4), of rows (tiles full and partial) and where the first weight ≠ 1 falls.
  it("equals Σ w (x − c)(x − c)ᵀ exactly on integer data, across tiles and any weights", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 2 * GRAM_TILE + 5 }),
        fc.integer({ min: 0, max: 1 << 30 }),
        fc.boolean(),
        (d, n, seed, weighted) => {
          let state = seed;
          const next = (m: number) => (state = (state * 1103515245 + 12345) % 2147483648) % m;
          const x = new Float64Array(n * d).map(() => next(21) - 10);
          const c = new Float64Array(d).map(() => next(5) - 2);
          const w = Array.from({ length: n }, () => (weighted && next(3) === 0 ? next(4) : 1));
          const g = new GramAccumulator(c);
          for (let r = 0; r < n; r++) g.row(x, r * d, w[r]!);
          const got = g.result();
          for (let p = 0; p < d; p++)
            for (let q = 0; q < d; q++) {
              let s = 0;
              for (let r = 0; r < n; r++) s += w[r]! * (x[r * d + p]! - c[p]!) * (x[r * d + q]! - c[q]!);
              expect(got[p * d + q]).toBe(s);
            }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("keeps the bits a plain running sum loses", () => {
    // A tile holding 1e8 (and zeros), then three tiles of ones: 1e16 + 128 is exact, but a plain
    // running sum of the rows adds each 1 to 1e16, whose spacing is 2, and keeps none of them.
    const g = new GramAccumulator(new Float64Array(1));
    g.row(new Float64Array([1e8]), 0, 1);
    for (let r = 1; r < GRAM_TILE; r++) g.row(new Float64Array([0]), 0, 1);
    for (let r = 0; r < 3 * GRAM_TILE; r++) g.row(new Float64Array([1]), 0, 1);
    expect(g.result()[0]! - 1e16).toBe(3 * GRAM_TILE);
  });
});
