// The table-based exp of bench/exp.ts (issue 22, item 2), measured there against Math.exp: within
// 1 ulp of the correctly rounded e^x (mpmath, test/fixtures/exp.json), and the edges of its range.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tableExp } from "../../bench/exp.js";
import { fixture } from "../helpers.js";

/** Distance in ulps between two finite doubles of the same sign. */
function ulps(a: number, b: number): number {
  const bits = new BigInt64Array(new Float64Array([a, b]).buffer);
  const d = bits[0]! - bits[1]!;
  return Number(d < 0n ? -d : d);
}

const exp1 = (x: number): number => {
  const out = new Float64Array(1);
  tableExp(Float64Array.of(x), out, 1);
  return out[0]!;
};

describe("tableExp", () => {
  it("is within 1 ulp of the correctly rounded e^x (mpmath), and mostly exact", async () => {
    const { values } = await fixture<{ values: Array<[number, number]> }>("exp.json");
    const xs = Float64Array.from(values, ([x]) => x);
    const out = new Float64Array(xs.length);
    tableExp(xs, out, xs.length);
    let wrong = 0;
    values.forEach(([x, truth], i) => {
      const u = ulps(out[i]!, truth);
      if (u > 1) expect.fail(`exp(${x}) = ${out[i]}, correctly rounded ${truth}: ${u} ulp`);
      if (u !== 0) wrong++;
    });
    expect(wrong / values.length).toBeLessThan(0.01); // measured: 0.2 %; Math.exp: 9 %
  });

  it("gives 1 at 0, 0 below the smallest subnormal, Infinity past the largest double, NaN for NaN", () => {
    expect(exp1(0)).toBe(1);
    expect(exp1(-0)).toBe(1);
    expect(exp1(-745.2)).toBe(0);
    expect(exp1(-1e6)).toBe(0);
    expect(exp1(-Infinity)).toBe(0);
    expect(exp1(709.79)).toBe(Infinity);
    expect(exp1(Infinity)).toBe(Infinity);
    expect(exp1(NaN)).toBeNaN();
  });

  it("agrees with Math.exp to 1 ulp on normal results and is monotone", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -708, max: 709, noNaN: true }),
        fc.double({ min: -708, max: 709, noNaN: true }),
        (a, b) => {
          expect(ulps(exp1(a), Math.exp(a))).toBeLessThanOrEqual(1);
          if (a <= b) expect(exp1(a)).toBeLessThanOrEqual(exp1(b));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
