// expectSampledFrom: calibrated (honest samples rejected at the rate alpha says) and powerful
// (a 0.06 σ shift caught at n = 5,000), checked over seeded runs against binomial bounds; plus
// what it does at the edges of discrete supports and on bad input.
import { describe, expect, it } from "vitest";
import { Bernoulli, Categorical, createRng, Gaussian, Poisson, type Rng } from "../../src/index.js";
import { expectSampledFrom, ksTest, type SampleTestResult } from "../../src/testing/index.js";

/**
 * [lo, hi] with P(X < lo) ≤ tail and P(X > hi) ≤ tail for X ~ Binomial(runs, p): exact tail
 * sums of the binomial mass, computed in log space.
 */
function binomialBounds(runs: number, p: number, tail: number): [number, number] {
  const logMass = (k: number) =>
    logFactorial(runs) - logFactorial(k) - logFactorial(runs - k) + k * Math.log(p) + (runs - k) * Math.log1p(-p);
  let lo = 0;
  for (let cum = 0; cum + Math.exp(logMass(lo)) <= tail; lo++) cum += Math.exp(logMass(lo));
  let hi = runs;
  for (let cum = 0; cum + Math.exp(logMass(hi)) <= tail; hi--) cum += Math.exp(logMass(hi));
  return [lo, hi];
}
function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}

/** How many of `runs` seeded honest draws expectSampledFrom rejects at alpha. */
function rejections(
  runs: number,
  alpha: number,
  draw: (rng: Rng) => { samples: Float64Array; dist: Gaussian | Bernoulli | Categorical | Poisson },
): number {
  let rejected = 0;
  const rng = createRng(`calibration ${alpha}`);
  for (let r = 0; r < runs; r++) {
    const { samples, dist } = draw(rng);
    try {
      expectSampledFrom(samples, dist, { alpha });
    } catch (error) {
      expect((error as Error).message).toMatch(/^expectSampledFrom: the samples are not from /);
      rejected++;
    }
  }
  return rejected;
}

describe("calibration: honest samples are rejected about alpha of the time", () => {
  // Bounds hold with probability 1 − 2e-6 if the test's size is exactly alpha: a fixed seed
  // then passes for a reason, not by luck. KS is exact; the χ² approximation (cells ≥ 5) is close.
  it("Gaussian (Kolmogorov–Smirnov), alpha = 0.01, 2000 runs of n = 100..1000", () => {
    const runs = 2000;
    const count = rejections(runs, 0.01, (rng) => {
      const dist = new Gaussian(20 * rng.next() - 10, Math.exp(4 * rng.next() - 2));
      return { dist, samples: dist.sample(rng, 100 + Math.floor(900 * rng.next())) };
    });
    const [lo, hi] = binomialBounds(runs, 0.01, 1e-6);
    expect(count).toBeGreaterThanOrEqual(lo);
    expect(count).toBeLessThanOrEqual(hi);
  });

  it("Gaussian, alpha = 0.05: the rate scales with alpha", () => {
    const runs = 1000;
    const count = rejections(runs, 0.05, (rng) => {
      const dist = new Gaussian(0, 1);
      return { dist, samples: dist.sample(rng, 50) };
    });
    const [lo, hi] = binomialBounds(runs, 0.05, 1e-6);
    expect(count).toBeGreaterThanOrEqual(lo);
    expect(count).toBeLessThanOrEqual(hi);
  });

  it("Bernoulli (chi-square), alpha = 0.01, 2000 runs", () => {
    const runs = 2000;
    const count = rejections(runs, 0.01, (rng) => {
      const dist = new Bernoulli(0.05 + 0.9 * rng.next());
      return { dist, samples: dist.sample(rng, 200 + Math.floor(800 * rng.next())) };
    });
    const [lo, hi] = binomialBounds(runs, 0.01, 1e-6);
    expect(count).toBeGreaterThanOrEqual(lo);
    expect(count).toBeLessThanOrEqual(hi);
  });

  it("Categorical (chi-square with merged cells), alpha = 0.01, 2000 runs", () => {
    const runs = 2000;
    const count = rejections(runs, 0.01, (rng) => {
      const k = 2 + Math.floor(7 * rng.next());
      // Uneven weights, some tiny: cells expected below 5 draws are merged.
      const w = Array.from({ length: k }, () => rng.next() ** 3);
      const total = w.reduce((a, b) => a + b, 0);
      const dist = new Categorical(w.map((v) => v / total));
      return { dist, samples: dist.sample(rng, 100 + Math.floor(900 * rng.next())) };
    });
    const [lo, hi] = binomialBounds(runs, 0.01, 1e-6);
    expect(count).toBeGreaterThanOrEqual(lo);
    expect(count).toBeLessThanOrEqual(hi);
  });
});

describe("calibration of the discrete path on an unbounded support", () => {
  it("Poisson (chi-square, the upper tail one cell), alpha = 0.01, 2000 runs, rates 0.05 to 500", () => {
    const runs = 2000;
    const count = rejections(runs, 0.01, (rng) => {
      const dist = new Poisson(0.05 * 10_000 ** rng.next());
      return { dist, samples: dist.sample(rng, 100 + Math.floor(900 * rng.next())) };
    });
    const [lo, hi] = binomialBounds(runs, 0.01, 1e-6);
    expect(count).toBeGreaterThanOrEqual(lo);
    expect(count).toBeLessThanOrEqual(hi);
  });
});

describe("power", () => {
  it("a 0.06 σ shift is caught at n = 5,000 (alpha = 0.01): at least 75 % of 200 runs", () => {
    const runs = 200;
    const rng = createRng("power");
    let caught = 0;
    for (let r = 0; r < runs; r++) {
      const mean = 10 * rng.next();
      const std = 0.5 + rng.next();
      const samples = new Gaussian(mean + 0.06 * std, std).sample(rng, 5000);
      try {
        expectSampledFrom(samples, new Gaussian(mean, std), { alpha: 0.01 });
      } catch {
        caught++;
      }
    }
    // scipy's kstest rejects 89 % of such samples; 150 of 200 is 6.5 standard deviations below
    // that rate, so a pass here means the power is there.
    expect(caught).toBeGreaterThanOrEqual(150);
  });

  it("at the default alpha (1e-6), a 0.12 σ shift at n = 5,000", () => {
    const rng = createRng("power default");
    let caught = 0;
    for (let r = 0; r < 50; r++) {
      try {
        expectSampledFrom(new Gaussian(0.12, 1).sample(rng, 5000), new Gaussian(0, 1));
      } catch {
        caught++;
      }
    }
    expect(caught).toBeGreaterThanOrEqual(45); // scipy: 99 %
  });

  it("a Poisson rate off by 3 % at n = 5,000 (alpha = 0.01)", () => {
    const rng = createRng("power poisson");
    let caught = 0;
    for (let r = 0; r < 100; r++) {
      try {
        expectSampledFrom(new Poisson(10.3).sample(rng, 5000), new Poisson(10), { alpha: 0.01 });
      } catch {
        caught++;
      }
    }
    expect(caught).toBeGreaterThanOrEqual(80);
  });

  it("a Categorical probability off by 0.03 at n = 5,000 (alpha = 0.01)", () => {
    const rng = createRng("power categorical");
    let caught = 0;
    for (let r = 0; r < 100; r++) {
      const samples = new Categorical([0.23, 0.27, 0.5]).sample(rng, 5000);
      try {
        expectSampledFrom(samples, new Categorical([0.2, 0.3, 0.5]), { alpha: 0.01 });
      } catch {
        caught++;
      }
    }
    expect(caught).toBeGreaterThanOrEqual(95);
  });
});

describe("what it runs and returns", () => {
  it("KS for a Gaussian: the result is ksTest's", () => {
    const g = new Gaussian(1, 2);
    const samples = g.sample(createRng(5), 300);
    const result = expectSampledFrom(samples, g);
    expect(result).toEqual({ test: "Kolmogorov-Smirnov", ...ksTest(samples, g) });
  });

  it("chi-square for a Categorical, with cells merged until each expects ≥ 5 draws", () => {
    // n = 100 over [0.5, 0.46, 0.02, 0.01, 0.01]: expected 50, 46, 2, 1, 1 → cells {0}, {1, 2, 3, 4}.
    const c = new Categorical([0.5, 0.46, 0.02, 0.01, 0.01]);
    const samples = Float64Array.from({ length: 100 }, (_, i) => (i < 48 ? 0 : i < 95 ? 1 : i < 98 ? 2 : 4));
    const result = expectSampledFrom(samples, c) as Extract<SampleTestResult, { test: "chi-square" }>;
    expect(result.test).toBe("chi-square");
    expect(result.cells).toBe(2);
    expect(result.df).toBe(1);
    // (48 − 50)²/50 + (52 − 50)²/50 by hand
    expect(result.statistic).toBeCloseTo(4 / 50 + 4 / 50, 12);
  });

  it("a draw the distribution cannot produce is a rejection by itself", () => {
    expect(() => expectSampledFrom([0, 1, 1, 2], new Bernoulli(0.5))).toThrow(
      /not from Bernoulli\(p=0.5\): 1 draw\(s\) equal 2, which it gives probability 0/,
    );
    expect(() => expectSampledFrom([0, 0.5], new Bernoulli(0.5))).toThrow(/equal 0.5/);
    expect(() => expectSampledFrom([0, 1, 2], new Categorical([0.5, 0, 0.5]))).toThrow(/equal 1,/);
  });

  it("too few draws to fill two cells: nothing to test, p-value 1", () => {
    expect(expectSampledFrom([1, 1, 1], new Bernoulli(0.999))).toEqual({
      test: "chi-square",
      statistic: 0,
      df: 0,
      pValue: 1,
      cells: 1,
    });
  });

  it("the error names the test, the statistic and the p-value", () => {
    const samples = new Gaussian(0.5, 1).sample(createRng(9), 1000);
    expect(() => expectSampledFrom(samples, new Gaussian(0, 1))).toThrow(
      /^expectSampledFrom: the samples are not from Gaussian\(mean=0, std=1\): Kolmogorov-Smirnov statistic D = 0\.\d+ over n = 1000, p-value \d\.\d+e-\d+ < alpha = 0\.000001$/,
    );
    const bits = new Bernoulli(0.6).sample(createRng(9), 1000);
    expect(() => expectSampledFrom(bits, new Bernoulli(0.5))).toThrow(
      /chi-square statistic \d+(\.\d+)? with 1 degrees of freedom \(2 cells\) over n = 1000, p-value .* < alpha/,
    );
  });

  it("a distribution of your own: continuous by default, discrete on request", () => {
    const exponential = { cdf: (x: number) => (x > 0 ? -Math.expm1(-x) : 0), toString: () => "Exponential(1)" };
    const draws = Float64Array.from({ length: 2000 }, (_, i) => -Math.log1p(-(i + 0.5) / 2000));
    expect(expectSampledFrom(draws, exponential).test).toBe("Kolmogorov-Smirnov");
    expect(() => expectSampledFrom(draws, { cdf: (x: number) => (x > 0 ? -Math.expm1(-2 * x) : 0) })).toThrow(
      /not from the given distribution: Kolmogorov-Smirnov/,
    );
    // A geometric distribution on 0, 1, 2, …: P(k) = (1 − q) q^k.
    const q = 0.7;
    const geometric = {
      cdf: (k: number) => 1 - q ** (Math.floor(k) + 1),
      logProb: (k: number) => Math.log1p(-q) + k * Math.log(q),
    };
    const rng = createRng(3);
    const counts = Float64Array.from({ length: 3000 }, () => Math.floor(Math.log1p(-rng.next()) / Math.log(q)));
    const result = expectSampledFrom(counts, geometric, { discrete: true });
    expect(result.test).toBe("chi-square");
    expect(() =>
      expectSampledFrom(
        counts,
        {
          ...geometric,
          logProb: (k: number) => Math.log1p(-0.6) + k * Math.log(0.6),
          cdf: (k: number) => 1 - 0.6 ** (Math.floor(k) + 1),
        },
        { discrete: true },
      ),
    ).toThrow(/chi-square/);
  });

  it("rejects bad arguments", () => {
    const g = new Gaussian(0, 1);
    expect(() => expectSampledFrom([], g)).toThrow(/expectSampledFrom: samples is empty/);
    expect(() => expectSampledFrom([1], {} as Gaussian)).toThrow(/dist must be a distribution with a cdf method/);
    expect(() => expectSampledFrom([1], g, { alpha: 0 })).toThrow(/alpha must be in \(0, 1\), got 0/);
    expect(() => expectSampledFrom([1], g, { alpha: 1 })).toThrow(/alpha/);
    expect(() => expectSampledFrom([Number.NaN], new Bernoulli(0.5))).toThrow(/samples\[0\] is NaN/);
    expect(() => expectSampledFrom([1], { cdf: () => 0.5 }, { discrete: true })).toThrow(/needs a logProb method/);
  });
});
