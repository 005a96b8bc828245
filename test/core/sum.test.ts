/**
 * The fast paths of core/sum.ts give the numbers of the general loop, to the bit: shiftedSum is
 * deviationSums(…).sum without the squares, and deviationSums with no shift and scale 1 has a
 * loop of its own. Scaling by a power of two is exact, so the general loop with scale 2 (which
 * the fast path never takes) must give exactly half the sums and a quarter of the squares.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deviationSums, shiftedSum } from "../../src/core/sum.js";

// Values away from the underflow range (where halving is not exact): thousandths up to ±1e6.
const value = fc.integer({ min: -1e9, max: 1e9 }).map((i) => i / 1000);
const values = fc.array(value, { minLength: 0, maxLength: 300 });

describe("sums: fast paths equal the general loop", () => {
  it("shiftedSum(x, s) === deviationSums(x, s).sum, and recovers what a plain loop loses", () => {
    fc.assert(
      fc.property(values, value, (xs, s) => {
        expect(shiftedSum(xs, s)).toBe(deviationSums(xs, s, 0, 2).sum * 2);
        expect(shiftedSum(new Float64Array(xs), s)).toBe(shiftedSum(xs, s));
      }),
    );
    const blocks = new Float64Array(192);
    blocks[0] = 1e16;
    blocks[64] = 1;
    blocks[128] = -1e16;
    expect(shiftedSum(blocks)).toBe(1);
    expect(shiftedSum([1, Infinity])).toBe(Infinity);
    expect(shiftedSum([1, NaN])).toBeNaN();
    expect(shiftedSum([])).toBe(0);
  });

  it("deviationSums with no shift and scale 1 equals the scaled loop exactly", () => {
    fc.assert(
      fc.property(values, value, (xs, c) => {
        const fast = deviationSums(xs, 0, c);
        const scaled = deviationSums(xs, 0, c, 2);
        expect(fast.sum).toBe(scaled.sum * 2);
        expect(fast.sumSquares).toBe(scaled.sumSquares * 4);
      }),
    );
  });
});
