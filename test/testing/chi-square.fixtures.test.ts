// chiSquareTest against scipy.stats.chisquare and chiSquareSurvival against mpmath (the truth),
// from test/fixtures/generate_testing.py.
import { describe, expect, it } from "vitest";
import { chiSquareSurvival, chiSquareTest } from "../../src/testing/index.js";
import { expectRelative, fixture, MIN_NORMAL, type FixtureNumber } from "../helpers.js";

interface ChisquareRef {
  observed: number[];
  expected: number[] | null;
  ddof: number;
  df: number;
  statistic: number;
  pValue: number;
}
interface Chi2Ref {
  x: number;
  df: number;
  sf: number;
  logSf: FixtureNumber;
  scipy: number;
}
const ref = await fixture<{ chisquare: ChisquareRef[]; chi2Sf: Chi2Ref[] }>("testing.json");

describe("chiSquareTest equals scipy.stats.chisquare", () => {
  it.each(ref.chisquare.map((r, i) => [i, r.observed.length, r.ddof, r] as const))(
    "case %i: %i cells, ddof %i",
    (_, k, ddof, r) => {
      const result = chiSquareTest(r.observed, r.expected ?? undefined, { ddof });
      expect(result.df).toBe(r.df);
      expectRelative(result.statistic, r.statistic, 1e-12, "statistic");
      expectRelative(result.pValue, r.pValue, 1e-10, "pValue");
      if (r.expected !== null) {
        // The same expected counts given as probabilities give the same test.
        const total = r.observed.reduce((a, b) => a + b, 0);
        const asProbabilities = chiSquareTest(
          r.observed,
          r.expected.map((e) => e / total),
          { ddof },
        );
        expectRelative(asProbabilities.statistic, r.statistic, 1e-12, "statistic from probabilities");
        expectRelative(asProbabilities.pValue, r.pValue, 1e-10, "pValue from probabilities");
      }
    },
  );

  it("rejects bad input, naming the argument and the value", () => {
    expect(() => chiSquareTest([5])).toThrow(/chiSquareTest: observed must have at least 2 cells, got 1/);
    expect(() => chiSquareTest([5, -1])).toThrow(/chiSquareTest: observed\[1\] must be finite and >= 0, got -1/);
    expect(() => chiSquareTest([5, Number.NaN])).toThrow(/observed\[1\]/);
    expect(() => chiSquareTest([0, 0])).toThrow(/all 0/);
    expect(() => chiSquareTest([5, 5], [5, 0])).toThrow(/chiSquareTest: expected\[1\] must be finite and > 0, got 0/);
    expect(() => chiSquareTest([5, 5], [5, 5, 0.5])).toThrow(/expected has 3 cells but observed has 2/);
    expect(() => chiSquareTest([5, 5], [5, 6])).toThrow(/counts summing to the observed total 10, got a sum of 11/);
    expect(() => chiSquareTest([5, 5], [4.99999999, 5])).not.toThrow(); // within scipy's 1e-8
    expect(() => chiSquareTest([5, 5], undefined, { ddof: 1 })).toThrow(/df = k - 1 - ddof = 2 - 1 - 1 must be >= 1/);
    expect(() => chiSquareTest([5, 5, 5], undefined, { ddof: 0.5 })).toThrow(/ddof must be an integer/);
    expect(() => chiSquareTest([5, "5"] as unknown as number[])).toThrow(TypeError);
  });
});

describe("chiSquareSurvival is accurate to the far tail", () => {
  // 1e-12: the regularized gamma function (core/gamma.ts) is within 1e-13 of mpmath at every point
  // but one, Q(5000, 7000) = 1.58e-140, where it is 8.9e-13 off (scipy: 7.4e-14).
  it(`matches mpmath to 1e-12 wherever the result is a normal double (${ref.chi2Sf.length} points)`, () => {
    for (const r of ref.chi2Sf) {
      const got = chiSquareSurvival(r.x, r.df);
      const label = `chi2.sf(${r.x}, ${r.df})`;
      if (r.sf >= MIN_NORMAL) expectRelative(got, r.sf, 1e-12, label);
      else expect(Math.abs(got - r.sf), label).toBeLessThanOrEqual(1e-3 * MIN_NORMAL); // subnormal or 0
    }
  });

  it("goes below 1e-300 where the truth does (scipy too, here)", () => {
    const tail = ref.chi2Sf.filter((r) => r.sf > 0 && r.sf < 1e-299);
    expect(tail.length).toBeGreaterThan(10);
    for (const r of tail) expect(chiSquareSurvival(r.x, r.df)).toBeGreaterThan(0);
  });

  it("rejects bad arguments", () => {
    expect(() => chiSquareSurvival(Number.NaN, 1)).toThrow(/chiSquareSurvival: x is NaN/);
    expect(() => chiSquareSurvival(1, 0)).toThrow(/chiSquareSurvival: df must be finite and > 0, got 0/);
    expect(() => chiSquareSurvival(1, Infinity)).toThrow(/df/);
    expect(() => chiSquareSurvival("1" as unknown as number, 1)).toThrow(TypeError);
    expect(chiSquareSurvival(-3, 2)).toBe(1);
    expect(chiSquareSurvival(Infinity, 2)).toBe(0);
  });
});
