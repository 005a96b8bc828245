import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logNormalCdf, normalCdf, normalDensity, standardize, standardizedLow } from "../../src/core/special.js";
import { Bernoulli, Categorical, Gaussian } from "../../src/index.js";
import { expectRelative, fixture, MIN_NORMAL, num, type FixtureNumber } from "../helpers.js";

// The truth: mpmath at 60 digits (test/fixtures/generate_normal_tails.py), not scipy, whose
// ndtr/log_ndtr are off by up to ~1e-13 in these tails. Goal (DESIGN.md): 1e-14 relative for
// every z in [−38, 38] where the value is a normal double.
const REL = 1e-14;

interface Values {
  cdf: FixtureNumber;
  logcdf: FixtureNumber;
  survival: FixtureNumber;
  logsf: FixtureNumber;
}
interface GridPoint extends Values {
  z: number;
}
interface GaussianCase extends Values {
  mean: number;
  std: number;
  x: number;
  z: FixtureNumber;
  logpdf: FixtureNumber;
  pdf: FixtureNumber;
}
const tails = await fixture<{ grid: GridPoint[]; gaussians: GaussianCase[] }>("normal-tails.json");

/** Within `REL` relative where the truth is a normal double; within a few subnormal steps below. */
function expectTail(actual: number, expected: FixtureNumber, label: string): void {
  const e = num(expected);
  if (Math.abs(e) >= MIN_NORMAL || !Number.isFinite(e)) expectRelative(actual, e, REL, label);
  else if (Math.abs(actual - e) > 4 * 2 ** -1074) expect.fail(`${label}: got ${actual}, expected ${e} (subnormal)`);
}

describe("Φ, log Φ and the log upper tail against mpmath", () => {
  it(`holds ${REL} relative on ${tails.grid.length} points of [−38, 38]`, () => {
    expect(tails.grid.length).toBeGreaterThan(2000);
    for (const p of tails.grid) {
      expectTail(normalCdf(p.z), p.cdf, `Φ(${p.z})`);
      expectTail(logNormalCdf(p.z), p.logcdf, `log Φ(${p.z})`);
      expectTail(normalCdf(-p.z), p.survival, `Φ(−(${p.z}))`);
      expectTail(logNormalCdf(-p.z), p.logsf, `log Φ(−(${p.z}))`);
    }
  });

  it("holds through Gaussian on the same grid: cdf, logCdf, survival, logSurvival", () => {
    const g = new Gaussian(0, 1);
    for (const p of tails.grid) {
      expectTail(g.cdf(p.z), p.cdf, `cdf(${p.z})`);
      expectTail(g.logCdf(p.z), p.logcdf, `logCdf(${p.z})`);
      expectTail(g.survival(p.z), p.survival, `survival(${p.z})`);
      expectTail(g.logSurvival(p.z), p.logsf, `logSurvival(${p.z})`);
    }
  });

  it.each(tails.gaussians.map((c) => [`N(${c.mean}, ${c.std}) at ${c.x} (z = ${c.z})`, c] as const))(
    "holds for %s, where x − μ or (x − μ)/σ is inexact or overflows",
    (_, c) => {
      const g = new Gaussian(c.mean, c.std);
      expectTail(g.cdf(c.x), c.cdf, "cdf");
      expectTail(g.logCdf(c.x), c.logcdf, "logCdf");
      expectTail(g.survival(c.x), c.survival, "survival");
      expectTail(g.logSurvival(c.x), c.logsf, "logSurvival");
      expectTail(g.logProb(c.x), c.logpdf, "logProb");
      expectTail(g.prob(c.x), c.pdf, "prob");
    },
  );
});

describe("limits and overflow", () => {
  it("gives the right limit on extreme inputs", () => {
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-40)).toBe(0); // Φ(−40) ≈ 3.7e-350, below the smallest subnormal
    expect(logNormalCdf(-Infinity)).toBe(-Infinity);
    expect(Object.is(logNormalCdf(Infinity), 0)).toBe(true);
    expect(Object.is(logNormalCdf(40), 0)).toBe(true); // −Φ(−40) is below the subnormals: +0, not −0
    expect(logNormalCdf(-1e200)).toBe(-Infinity); // −x²/2 is beyond the doubles
    expect(logNormalCdf(-1e150)).toBeLessThan(-4.9e299);
    expect(Number.isFinite(logNormalCdf(-1e150))).toBe(true);
    expect(normalDensity(Infinity)).toBe(0);
    expect(normalDensity(-70)).toBe(0);
    const g = new Gaussian(0, 1);
    expect(g.survival(Infinity)).toBe(0);
    expect(g.survival(-Infinity)).toBe(1);
    expect(g.logSurvival(Infinity)).toBe(-Infinity);
    expect(g.logSurvival(-Infinity)).toBe(0);
    expect(g.logProb(-Infinity)).toBe(-Infinity);
    expect(g.prob(Infinity)).toBe(0);
    const narrow = new Gaussian(0, 1e-300);
    expect(narrow.cdf(1)).toBe(1);
    expect(narrow.logCdf(-1)).toBe(-Infinity); // log Φ(−1e300) ≈ −5e599
    expect(narrow.survival(1)).toBe(0);
  });

  it("never overflows in x − μ: new Gaussian(1e308, 1e308) at −1e308 is z = −2", () => {
    const g = new Gaussian(1e308, 1e308);
    expect(standardize(-1e308, 1e308, 1e308)).toBe(-2);
    expect(g.cdf(-1e308)).toBe(normalCdf(-2));
    expect(g.logCdf(-1e308)).toBe(logNormalCdf(-2));
    expect(Number.isFinite(g.logProb(-1e308))).toBe(true);
    expect(g.survival(-1e308)).toBe(normalCdf(2));
    expect(new Gaussian(-1e308, 1e308).cdf(1.7e308)).toBe(normalCdf(2.7)); // (values: the mpmath fixture)
  });

  it("stays in range, never NaN, for any finite parameters and any x (fast-check)", () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
    const positive = fc.double({ min: Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(finite, positive, fc.double({ noNaN: true }), (mean, std, x) => {
        const g = new Gaussian(mean, std);
        const c = g.cdf(x);
        const s = g.survival(x);
        expect(c >= 0 && c <= 1).toBe(true);
        expect(s >= 0 && s <= 1).toBe(true);
        expect(g.logCdf(x) <= 0 && g.logSurvival(x) <= 0).toBe(true);
        expect(Number.isNaN(g.logProb(x))).toBe(false);
        expect(g.logProb(x)).toBeLessThan(Infinity);
        expect(Number.isNaN(g.prob(x))).toBe(false);
        // cdf + survival = 1 up to rounding, and the standardised z is not NaN.
        expect(Math.abs(c + s - 1)).toBeLessThanOrEqual(2 ** -52);
        expect(Number.isNaN(standardize(x, mean, std))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("standardizedLow recovers the rounding error of (x − μ)/σ exactly enough (against rationals)", () => {
    // (x − μ)/σ − z for doubles x, μ, σ, exactly in BigInt: each double times 2^1100 is an
    // integer, so (x − μ − zσ)·2^2200 is one, and dividing by σ·2^2200 after scaling by 2^200
    // gives the residual to 2^-200.
    const big = (v: number): bigint => {
      let a = Math.abs(v);
      let e = 0n;
      while (!Number.isInteger(a)) {
        a *= 2;
        e++;
      }
      return ((v < 0 ? -1n : 1n) * BigInt(a) * 2n ** 1100n) / 2n ** e;
    };
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (x, mean, std) => {
          const z = standardize(x, mean, std);
          if (!(Math.abs(z) > 1 && Math.abs(z) < 1e8)) return;
          const numerator = ((big(x) - big(mean)) * 2n ** 1100n - big(z) * big(std)) * 2n ** 200n;
          const expected = Number(numerator / (big(std) * 2n ** 1100n)) / 2 ** 200;
          const low = standardizedLow(x, mean, std, z);
          expect(Math.abs(low - expected)).toBeLessThanOrEqual(Math.abs(z) * 2 ** -100);
          expect(Math.abs(low)).toBeLessThanOrEqual(Math.abs(z) * 2 ** -51);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("quantile stays finite where μ + σ·q is representable though σ·q is not", () => {
    const q99 = new Gaussian(0, 1).quantile(0.99);
    const wide = new Gaussian(-1e308, 1e308);
    expect(Number.isFinite(wide.quantile(0.99))).toBe(true);
    expectRelative(wide.quantile(0.99), 1e308 * (q99 - 1), 1e-15, "quantile(0.99)");
    expectRelative(new Gaussian(1e308, 1e308).quantile(0.01), -1e308 * (q99 - 1), 1e-15, "quantile(0.01)");
    expect(new Gaussian(1e308, 1e308).quantile(0.99)).toBe(Infinity); // 3.3e308: beyond the doubles
    expect(wide.quantile(0)).toBe(-Infinity);
    expect(wide.quantile(1)).toBe(Infinity);
  });
});

describe("properties of the tails (fast-check)", () => {
  const z = fc.double({ min: -40, max: 40, noNaN: true });
  it("Φ is monotone and log Φ is its log; survival mirrors the CDF", () => {
    const g = new Gaussian(0, 1);
    fc.assert(
      fc.property(z, z, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(normalCdf(lo)).toBeLessThanOrEqual(normalCdf(hi));
        expect(logNormalCdf(lo)).toBeLessThanOrEqual(logNormalCdf(hi));
        expect(g.survival(a)).toBe(g.cdf(-a));
        expect(g.logSurvival(a)).toBe(g.logCdf(-a));
        const c = normalCdf(a);
        if (c >= MIN_NORMAL)
          expectRelative(Math.exp(logNormalCdf(a)), c, 1e-15 * (1 + Math.abs(logNormalCdf(a))), "exp log Φ");
      }),
      { numRuns: 2000 },
    );
  });
});

describe("probabilities are returned as stored, not as exp(log p)", () => {
  it("Bernoulli.prob(1) is p and prob(0) is 1 − p, exactly", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (p) => {
        const b = new Bernoulli(p);
        expect(b.prob(1)).toBe(p);
        expect(b.prob(0)).toBe(1 - p);
        expect(b.prob(0.5)).toBe(0);
        expect(b.prob(2)).toBe(0);
      }),
    );
  });

  it("Categorical.prob(i) is probs[i], exactly, however it was built", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 12 }), (w) => {
        const total = w.reduce((a, b) => a + b, 0);
        if (!(total > 0)) return;
        const probs = w.map((v) => v / total);
        if (Math.abs(probs.reduce((a, b) => a + b, 0) - 1) > 1e-9) return;
        for (const c of [new Categorical(probs), Categorical.fromLogits(w.map((v) => Math.log(v)))]) {
          const stored = c.probs;
          for (let i = 0; i < c.k; i++) expect(c.prob(i)).toBe(stored[i]);
          expect(c.prob(c.k)).toBe(0);
          expect(c.prob(0.5)).toBe(0);
          expect(c.prob(-1)).toBe(0);
        }
        const direct = new Categorical(probs);
        for (let i = 0; i < probs.length; i++) expect(direct.prob(i)).toBe(probs[i]);
      }),
    );
  });
});
