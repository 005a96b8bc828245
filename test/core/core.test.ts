import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AliasTable } from "../../src/core/alias.js";
import { log1mExp, log1pExp, logSumExp, xLogY } from "../../src/core/log-space.js";
import { createRng } from "../../src/core/create-rng.js";
import { logNormalCdf, normalCdf, normalQuantile } from "../../src/core/special.js";
import { compensatedSum, deviationSums } from "../../src/core/sum.js";
import { fillNormal, standardNormal } from "../../src/distributions/gaussian/sampler.js";

describe("log-space helpers", () => {
  it("logSumExp shifts by the maximum and handles infinities", () => {
    expect(logSumExp([-1000, -1000])).toBeCloseTo(-1000 + Math.LN2, 12);
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(logSumExp([])).toBe(-Infinity);
    expect(logSumExp([0, Infinity])).toBe(Infinity);
    expect(logSumExp([1, 2, 3, 4], 1, 3)).toBeCloseTo(Math.log(Math.exp(2) + Math.exp(3)), 14);
  });
  it("log1mExp, log1pExp and xLogY keep precision at the ends", () => {
    expect(log1mExp(-1e-20)).toBeCloseTo(Math.log(1e-20), 12);
    expect(log1mExp(-50)).toBe(-Math.exp(-50));
    expect(log1pExp(800)).toBe(800);
    expect(log1pExp(-800)).toBe(Math.exp(-800));
    expect(xLogY(0, 0)).toBe(0);
    expect(xLogY(2, Math.E)).toBe(2);
  });
});

describe("compensated sums", () => {
  it("recover what a plain loop loses", () => {
    expect(compensatedSum([1e16, 1, -1e16])).toBe(1);
    // Block totals 1e16, 1, −1e16 (blocks of 64): a plain running sum loses the 1.
    const blocks = new Float64Array(192);
    blocks[0] = 1e16;
    blocks[64] = 1;
    blocks[128] = -1e16;
    expect(deviationSums(blocks).sum).toBe(1);
    const xs = new Float64Array(1e5 + 3).fill(0.1);
    expect(Math.abs(deviationSums(xs).sum - 10000.3)).toBeLessThanOrEqual(1e-11);
    expect(deviationSums(xs, 0.1).sumSquares).toBe(0);
    expect(deviationSums([1, Infinity]).sumSquares).toBe(Infinity);
    expect(deviationSums([1e9 + 1, 1e9 + 2, 1e9 + 3], 1e9 + 2).sumSquares).toBe(2);
    expect(deviationSums([1, 2, 3], 0, 2, 0.5).sumSquares).toBe(8);
  });
});

describe("standard normal special functions", () => {
  it("are symmetric and inverse to each other", () => {
    fc.assert(
      fc.property(fc.double({ min: -37, max: 37, noNaN: true }), (x) => {
        expect(Math.abs(normalCdf(x) + normalCdf(-x) - 1)).toBeLessThanOrEqual(2e-16);
        expect(Math.exp(logNormalCdf(x))).toBeCloseTo(normalCdf(x), 15);
      }),
    );
    fc.assert(
      fc.property(fc.double({ min: 5e-324, max: 0.5, noNaN: true }), (p) => {
        // 1 − p is exact only to an ulp of 1: the upper quantile is checked where that suffices.
        if (p > 1e-8) expect(Math.abs(normalQuantile(1 - p) + normalQuantile(p))).toBeLessThan(1e-7);
        const x = normalQuantile(p);
        // Rounding x alone moves Φ(x) by a relative |x| · ulp(x) ≈ x² · 2.2e-16 in the tail.
        expect(Math.abs(normalCdf(x) - p)).toBeLessThanOrEqual(p * (1e-14 + 4 * x * x * 2.2e-16) + 1e-323);
      }),
    );
  });
  it("reach the right limits", () => {
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-39)).toBe(0);
    expect(logNormalCdf(-1e200)).toBe(-Infinity);
    expect(logNormalCdf(-1e150)).toBeCloseTo(-5e299, -287);
    expect(logNormalCdf(Infinity)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(0.5)).toBe(0);
  });
});

describe("createRng", () => {
  it("is reproducible, in (0, 1), and independent across seeds", () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng("42x");
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs);
    expect(xs.every((u) => u > 0 && u < 1)).toBe(true);
    expect(c.next()).not.toBe(xs[0]);
    // The mean of 1000 uniforms: standard error 1/√12000 ≈ 0.0091; 6 of them bound a false failure.
    expect(Math.abs(xs.reduce((s, u) => s + u, 0) / 1000 - 0.5)).toBeLessThan(6 * 0.0092);
  });
});

describe("samplers", () => {
  // Dvoretzky–Kiefer–Wolfowitz: P(sup |F_n − F| > ε) ≤ 2 exp(−2nε²); ε for a 1e-9 false-failure rate.
  const dkw = (n: number) => Math.sqrt(Math.log(2 / 1e-9) / (2 * n));

  it("the ziggurat draws N(0, 1): empirical CDF within the DKW band, tails at the right rate", () => {
    const n = 200_000;
    const z = new Float64Array(n);
    fillNormal(createRng("ks"), z, n);
    const sorted = z.slice().sort();
    let sup = 0;
    for (let i = 0; i < n; i++) {
      const f = normalCdf(sorted[i]!);
      sup = Math.max(sup, Math.abs(f - i / n), Math.abs(f - (i + 1) / n));
    }
    expect(sup).toBeLessThan(dkw(n));
    // Beyond the base layer's edge R = 3.4426 the tail algorithm runs: count against P(|Z| > R).
    const p = 2 * normalCdf(-3.442619855899);
    const tail = z.filter((v) => Math.abs(v) > 3.442619855899).length;
    expect(Math.abs(tail - n * p)).toBeLessThan(6 * Math.sqrt(n * p * (1 - p)));
    const moments = [0, 0, 0, 0];
    for (const v of z) for (let k = 0; k < 4; k++) moments[k]! += v ** (k + 1) / n;
    expect(Math.abs(moments[0]!)).toBeLessThan(6 / Math.sqrt(n));
    expect(Math.abs(moments[1]! - 1)).toBeLessThan(6 * Math.sqrt(2 / n));
    expect(Math.abs(moments[3]! - 3)).toBeLessThan(6 * Math.sqrt(96 / n));
  });

  it("single draws follow the same law", () => {
    const rng = createRng("single");
    const n = 50_000;
    const sorted = Float64Array.from({ length: n }, () => standardNormal(rng)).sort();
    let sup = 0;
    for (let i = 0; i < n; i++) sup = Math.max(sup, Math.abs(normalCdf(sorted[i]!) - (i + 0.5) / n));
    expect(sup).toBeLessThan(dkw(n) + 0.5 / n);
  });

  it("the alias table draws each category at its rate", () => {
    const weights = [0, 3, 1, 0.5, 5.5];
    const table = new AliasTable(weights);
    const rng = createRng("alias");
    const n = 100_000;
    const counts = new Array<number>(weights.length).fill(0);
    for (let i = 0; i < n; i++) counts[table.sample(rng)]!++;
    weights.forEach((w, j) => {
      const p = w / 10;
      expect(Math.abs(counts[j]! - n * p)).toBeLessThanOrEqual(6 * Math.sqrt(n * p * (1 - p)));
    });
  });
});
