// ksSurvival and ksTest against scipy (test/fixtures/generate_testing.py): kstwo.sf over every
// regime of scipy's _kolmogn, and kstest on stored samples and on large formula-made samples.
import { describe, expect, it } from "vitest";
import { Gaussian } from "../../src/index.js";
import { ksSurvival, ksTest, type KsTestResult } from "../../src/testing/index.js";
import { expectRelative, fixture, num, type FixtureNumber } from "../helpers.js";

interface KstwoRef {
  n: number;
  d: number;
  sf: FixtureNumber;
  truth?: number;
}
interface KstestRef {
  name: string;
  data: number[];
  mean: number;
  std: number;
  statistic: number;
  pValue: number;
}
interface WeylRef {
  n: number;
  power: number;
  statistic: number;
  pValue: number;
}
const ref = await fixture<{ kstwoSf: KstwoRef[]; kstest: KstestRef[]; kstestWeyl: WeylRef[] }>("testing.json");

/** Where scipy's kstwo.sf is Pelz & Good's series (up to 3.1e-6 off), not an exact method. */
function scipyUsesPelzGood(n: number, d: number): boolean {
  return n > 140 && n * d > 1 && n * d * d < 2.2 && !(n <= 100_000 && n * d ** 1.5 <= 1.4);
}

/** ksTest's p-value against scipy's: 1e-8 relative, or 3.1e-6 absolute where scipy's is Pelz–Good's. */
function expectPValue(got: KsTestResult, n: number, want: number): void {
  if (scipyUsesPelzGood(n, got.statistic)) expect(Math.abs(got.pValue - want)).toBeLessThanOrEqual(3.1e-6);
  else expectRelative(got.pValue, want, 1e-8, "pValue");
}

describe("ksSurvival equals scipy.stats.kstwo.sf", () => {
  it(`over every regime (${ref.kstwoSf.length} points, n = 1 to 1,000,001)`, () => {
    for (const r of ref.kstwoSf) {
      const got = ksSurvival(r.d, r.n);
      const label = `kstwo.sf(${r.d}, ${r.n})`;
      if (r.truth !== undefined) {
        // Subnormal results: scipy's terms underflow one by one and lose digits (1.5e-321 where
        // the sum is 1.7397e-321 at n = 50,000), so these compare with mpmath's exact sum, to the
        // precision a subnormal double has.
        expect(Math.abs(got - r.truth), label).toBeLessThanOrEqual(1e-3 * r.truth);
        continue;
      }
      const want = num(r.sf);
      if (scipyUsesPelzGood(r.n, r.d)) {
        // scipy's Pelz–Good region, off by up to 3.1e-6 at n = 141; ksSurvival uses Durbin's
        // exact matrix there up to n ≈ 1,100 (ks-truth.test.ts checks both against mpmath).
        expect(Math.abs(got - want), label).toBeLessThanOrEqual(3.1e-6);
        continue;
      }
      // 1e-12 everywhere scipy is exact (its one-sided sum is double-double), n up to 10⁶ included.
      expectRelative(got, want, 1e-12, label);
    }
  });

  it("is a probability that falls as d grows", () => {
    for (const n of [1, 7, 140, 141, 5000, 100_001]) {
      let previous = 1;
      for (let i = 0; i <= 400; i++) {
        const p = ksSurvival(i / 400, n);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p, `n = ${n}, d = ${i / 400}`).toBeLessThanOrEqual(previous + 1e-12);
        previous = p;
      }
      expect(ksSurvival(0, n)).toBe(1);
      expect(ksSurvival(1, n)).toBe(0);
      expect(ksSurvival(-1, n)).toBe(1);
      expect(ksSurvival(2, n)).toBe(0);
    }
  });

  it("rejects a bad n or d, naming them", () => {
    expect(() => ksSurvival(0.1, 0)).toThrow(/ksSurvival: n must be an integer >= 1, got 0/);
    expect(() => ksSurvival(0.1, 2.5)).toThrow(/ksSurvival: n/);
    expect(() => ksSurvival(Number.NaN, 10)).toThrow(/ksSurvival: d is NaN/);
    expect(() => ksSurvival("0.1" as unknown as number, 10)).toThrow(TypeError);
  });
});

describe("ksTest equals scipy.stats.kstest", () => {
  it.each(ref.kstest.map((r) => [r.name, r] as const))("%s", (_, r) => {
    const result = ksTest(r.data, new Gaussian(r.mean, r.std));
    expectRelative(result.statistic, r.statistic, 1e-12, "statistic");
    expectPValue(result, r.data.length, r.pValue);
  });

  it.each(ref.kstestWeyl.map((r) => [r.n, r.power, r] as const))(
    "Weyl sample, n = %i, raised to %f, against the uniform cdf",
    (n, power, r) => {
      // u_i = ((i + 1) φ) mod 1, as the generator computes it (same IEEE operations, same bits).
      const x = Float64Array.from({ length: n }, (_, i) => (((i + 1) * 0.6180339887498949) % 1) ** power);
      const result = ksTest(x, (t) => Math.min(Math.max(t, 0), 1));
      expectRelative(result.statistic, r.statistic, 1e-12, "statistic");
      expectPValue(result, n, r.pValue);
    },
  );

  it("accepts a cdf function or a distribution, and ±Infinity in the data", () => {
    const g = new Gaussian(0, 1);
    const data = [-Infinity, -1, 0.5, 2, Infinity];
    expect(ksTest(data, g)).toEqual(ksTest(data, (x) => g.cdf(x)));
    // The largest gap is F(2) − 3/5, just below the fourth step; F(±∞) = 0 and 1 sit on their steps.
    expect(ksTest(data, g).statistic).toBe(g.cdf(2) - 3 / 5);
  });

  it("rejects bad input, naming the argument and the value", () => {
    const g = new Gaussian(0, 1);
    expect(() => ksTest([], g)).toThrow(/ksTest: data is empty/);
    expect(() => ksTest([1, Number.NaN], g)).toThrow(/ksTest: data\[1\] is NaN/);
    expect(() => ksTest([1, "2" as unknown as number], g)).toThrow(/ksTest: data\[1\] must be a number/);
    expect(() => ksTest(null as unknown as number[], g)).toThrow(TypeError);
    expect(() => ksTest([1], {} as unknown as Gaussian)).toThrow(/ksTest: distOrCdf must be/);
    expect(() => ksTest([1, 2], () => 1.5)).toThrow(/ksTest: the cdf must return a number in \[0, 1\], got 1.5/);
    expect(() => ksTest([1, 2], () => Number.NaN)).toThrow(/got NaN/);
  });
});
