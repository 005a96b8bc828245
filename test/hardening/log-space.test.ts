// logSumExp never coerces: a string, a boolean or a NaN term throws (naming its index) instead
// of returning a string or a wrong number; its limits are those of log Σ exp (issue 11, class 1).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logSumExp } from "../../src/core/log-space.js";

const term = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -800, max: 800, noNaN: true }) },
  { weight: 1, arbitrary: fc.constant(-Infinity) },
);

describe("logSumExp", () => {
  it("lies between max and max + log n, and equals log Σ exp where that does not overflow", () => {
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 30 }), (xs) => {
        const max = Math.max(...xs);
        const lse = logSumExp(xs);
        expect(typeof lse).toBe("number");
        if (max === -Infinity) {
          expect(lse).toBe(-Infinity);
          return;
        }
        expect(lse).toBeGreaterThanOrEqual(max);
        expect(lse).toBeLessThanOrEqual(max + Math.log(xs.length) + 1e-12 * Math.max(1, Math.abs(max)));
        // The direct formula is exact enough once every term and the sum are representable.
        if (max < 700 && Math.min(...xs.filter((x) => x > -Infinity)) > -700) {
          const direct = Math.log(xs.reduce((s, x) => s + Math.exp(x), 0));
          expect(Math.abs(lse - direct)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(direct)));
        }
      }),
    );
  });

  it("is shift-invariant and ignores the order of its terms", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        (xs, c) => {
          const lse = logSumExp(xs);
          expect(logSumExp([...xs].reverse())).toBeCloseTo(lse, 12);
          expect(logSumExp(xs.map((x) => x + c))).toBeCloseTo(lse + c, 9);
        },
      ),
    );
  });

  it("gives the limits: empty and all −Infinity are −Infinity, +Infinity only when present", () => {
    fc.assert(
      fc.property(fc.array(term, { maxLength: 10 }), fc.nat(), (xs, at) => {
        expect(logSumExp([])).toBe(-Infinity);
        expect(logSumExp(xs.map(() => -Infinity))).toBe(-Infinity);
        const withInf = [...xs];
        withInf.splice(at % (xs.length + 1), 0, Infinity);
        expect(logSumExp(withInf)).toBe(Infinity);
        if (xs.length > 0) expect(logSumExp(xs)).toBeLessThan(Infinity);
      }),
    );
  });

  it("throws a TypeError naming the index of a term that is not a number, and a RangeError for NaN", () => {
    const notANumber = fc.oneof(fc.string(), fc.boolean(), fc.constantFrom(null, undefined, {}, [0], 0n));
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 10 }), fc.nat(), notANumber, (xs, at, bad) => {
        const i = at % xs.length;
        const data: unknown[] = [...xs];
        data[i] = bad;
        expect(() => logSumExp(data as number[])).toThrow(TypeError);
        expect(() => logSumExp(data as number[])).toThrow(`logSumExp: values[${i}] must be a number`);
        data[i] = Number.NaN;
        expect(() => logSumExp(data as number[])).toThrow(RangeError);
        expect(() => logSumExp(data as number[])).toThrow(`logSumExp: values[${i}] is NaN`);
      }),
    );
  });

  it("refuses what is not an array of numbers, and a bad range", () => {
    for (const bad of ["123", "", 5, true, null, undefined, Symbol("x")]) {
      expect(() => logSumExp(bad as unknown as number[])).toThrow(TypeError);
    }
    fc.assert(
      fc.property(
        fc.array(term, { maxLength: 8 }),
        fc.integer({ min: -3, max: 12 }),
        fc.integer({ min: -3, max: 12 }),
        (xs, start, end) => {
          const valid = start >= 0 && start <= end && end <= xs.length;
          if (valid) expect(logSumExp(xs, start, end)).toBe(logSumExp(xs.slice(start, end)));
          else expect(() => logSumExp(xs, start, end)).toThrow(RangeError);
        },
      ),
    );
    expect(() => logSumExp([1, 2], 0.5)).toThrow(RangeError);
    expect(() => logSumExp([1, 2], 0, Number.NaN)).toThrow(RangeError);
  });
});
