// The arbitraries generate valid models inside their bounds, and sampleFrom draws data that a
// seed reproduces, so shrinking and replay give the same data.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Bernoulli, Categorical, createRng, Gaussian, Mixture, Poisson, Product } from "../../src/index.js";
import { arbitraries } from "../../src/testing/index.js";
import { FAMILIES } from "../../src/distributions/registry.js";

const sample = <T>(arb: fc.Arbitrary<T>, n = 500): T[] => fc.sample(arb, { numRuns: n, seed: 7 });

describe("model arbitraries stay inside their bounds", () => {
  it("gaussian: defaults, and σ spread over its orders of magnitude", () => {
    const models = sample(arbitraries.gaussian());
    for (const g of models) {
      expect(g).toBeInstanceOf(Gaussian);
      expect(Math.abs(g.mean)).toBeLessThanOrEqual(1e3);
      expect(g.std).toBeGreaterThanOrEqual(1e-3);
      expect(g.std).toBeLessThanOrEqual(1e3);
    }
    // Log-uniform: about a third of the draws in each third of [1e-3, 1e3] (in log scale).
    const small = models.filter((g) => g.std < 0.1).length;
    const large = models.filter((g) => g.std > 10).length;
    expect(small).toBeGreaterThan(models.length / 6);
    expect(large).toBeGreaterThan(models.length / 6);
    for (const g of sample(arbitraries.gaussian({ mean: { min: 2, max: 3 }, std: { min: 0.5, max: 0.5 } }))) {
      expect(g.mean).toBeGreaterThanOrEqual(2);
      expect(g.mean).toBeLessThanOrEqual(3);
      expect(g.std).toBe(0.5);
    }
  });

  it("bernoulli: p in its range, the point masses included by default", () => {
    const ps = sample(arbitraries.bernoulli()).map((b) => b.p);
    expect(ps.every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(ps).toContain(0);
    expect(ps).toContain(1);
    expect(sample(arbitraries.bernoulli({ p: { min: 0.2, max: 0.3 } })).every((b) => b.p >= 0.2 && b.p <= 0.3)).toBe(
      true,
    );
  });

  it("poisson: the rate over its orders of magnitude, or evenly from 0", () => {
    const rates = sample(arbitraries.poisson()).map((p) => p.rate);
    expect(rates.every((r) => r >= 0.01 && r <= 1000)).toBe(true);
    expect(rates.filter((r) => r < 1).length).toBeGreaterThan(rates.length / 6);
    expect(rates.filter((r) => r > 10).length).toBeGreaterThan(rates.length / 6);
    const fromZero = sample(arbitraries.poisson({ rate: { min: 0, max: 3 } }));
    expect(fromZero.every((p) => p instanceof Poisson && p.rate >= 0 && p.rate <= 3)).toBe(true);
    expect(fromZero.map((p) => p.rate)).toContain(0); // the point mass at 0
    expect(() => arbitraries.poisson({ rate: { min: -1 } })).toThrow(/arbitraries.poisson: rate.min must be in/);
  });

  it("categorical: K in range, probabilities summing to 1 and at least minProb", () => {
    for (const c of sample(arbitraries.categorical({ k: { min: 3, max: 5 }, minProb: 0.1 }))) {
      expect(c).toBeInstanceOf(Categorical);
      expect(c.k).toBeGreaterThanOrEqual(3);
      expect(c.k).toBeLessThanOrEqual(5);
      expect(Math.min(...c.probs)).toBeGreaterThanOrEqual(0.1 - 1e-15);
      expect(Math.abs(c.probs.reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(1e-12);
    }
    const zeros = sample(arbitraries.categorical()).filter((c) => c.probs.includes(0)).length;
    expect(zeros).toBeGreaterThan(0); // categories that never occur, by default
    expect(sample(arbitraries.categorical({ k: 4 })).every((c) => c.k === 4)).toBe(true);
  });

  it("product: the columns asked for", () => {
    for (const m of sample(arbitraries.product({ features: ["gaussian", "categorical", "bernoulli"] }), 100)) {
      expect(m).toBeInstanceOf(Product);
      const [g, c, b] = m.marginals;
      expect(g).toBeInstanceOf(Gaussian);
      expect(c).toBeInstanceOf(Categorical);
      expect(b).toBeInstanceOf(Bernoulli);
    }
    for (const m of sample(arbitraries.product({ features: "bernoulli", columns: { min: 2, max: 3 } }), 100)) {
      expect([2, 3]).toContain(m.marginals.length);
      expect(m.marginals.every((d) => d instanceof Bernoulli)).toBe(true);
    }
    const models = sample(arbitraries.product(), 200);
    expect([...new Set(models.map((m) => m.marginals.length))].sort()).toEqual([1, 2, 3, 4]);
    const kinds = new Set(models.flatMap((m) => m.marginals.map((d) => d.constructor.name)));
    // Every per-column family of the registry, a new one included without a line here.
    const registered = Object.values(FAMILIES).filter((f) => f.joint !== true);
    expect([...kinds].sort()).toEqual(registered.map((f) => f.typeName).sort());
  });

  it("mixture: components sharing column kinds and category counts, weights ≥ minWeight", () => {
    const models = sample(arbitraries.mixture({ nComponents: { min: 2, max: 3 }, minWeight: 0.1 }), 100);
    for (const m of models) {
      expect(m).toBeInstanceOf(Mixture);
      expect([2, 3]).toContain(m.weights.length);
      expect(Math.min(...m.weights)).toBeGreaterThanOrEqual(0.1 - 1e-15);
      const [first, ...rest] = m.components;
      for (const other of rest) {
        other.marginals.forEach((d, j) => {
          const f = first!.marginals[j]!;
          expect(d.constructor).toBe(f.constructor);
          if (d instanceof Categorical) expect(d.k).toBe((f as Categorical).k);
        });
      }
    }
  });

  it("rejects bad bounds, naming the option", () => {
    expect(() => arbitraries.gaussian({ std: { min: 0, max: 1 } })).toThrow(/arbitraries.gaussian: std.min must be in/);
    expect(() => arbitraries.gaussian({ mean: { min: 2, max: 1 } })).toThrow(/min \(2\) must be <= max \(1\)/);
    expect(() => arbitraries.bernoulli({ p: { max: 1.5 } })).toThrow(/arbitraries.bernoulli: p.max/);
    expect(() => arbitraries.categorical({ k: 2.5 })).toThrow(/k must be an integer/);
    expect(() => arbitraries.categorical({ k: 4, minProb: 0.3 })).toThrow(/minProb must be in \[0, 1\/k\]/);
    expect(() => arbitraries.product({ features: [] })).toThrow(/features must not be empty/);
    expect(() => arbitraries.product({ features: ["gamma" as "gaussian"] })).toThrow(/features\[0\] must be one of/);
    expect(() => arbitraries.mixture({ nComponents: 0 })).toThrow(/nComponents/);
    expect(() => arbitraries.sampleFrom(arbitraries.gaussian(), { n: -1 })).toThrow(/n.min must be in/);
    expect(() => arbitraries.sampleFrom({} as fc.Arbitrary<Gaussian>)).toThrow(/model must be a fast-check Arbitrary/);
  });
});

describe("sampleFrom", () => {
  it("draws dist.sample(createRng(seed), n): the seed reproduces the data", () => {
    for (const { dist, data, seed } of sample(arbitraries.sampleFrom(arbitraries.gaussian(), { n: 50 }), 100)) {
      expect(data).toHaveLength(50);
      expect(data).toEqual(dist.sample(createRng(seed), 50));
    }
    const ns = sample(arbitraries.sampleFrom(arbitraries.bernoulli(), { n: { min: 5, max: 9 } }), 200).map(
      (s) => s.data.length,
    );
    expect(new Set(ns)).toEqual(new Set([5, 6, 7, 8, 9]));
    // Products and mixtures sample too (a matrix, and { X, z }).
    const [p] = sample(
      arbitraries.sampleFrom(arbitraries.product({ features: ["gaussian", "bernoulli"] }), { n: 4 }),
      1,
    );
    expect(p!.data.rows).toBe(4);
    const [m] = sample(arbitraries.sampleFrom(arbitraries.mixture({ nComponents: 2 }), { n: 6 }), 1);
    expect(m!.data.z).toHaveLength(6);
  });

  it("replays and shrinks reproducibly, and prints the model, n and seed", () => {
    // A property that fails for some data: the counterexample carries its seed, which redraws
    // the very data that failed, and the report shows the seed rather than 200 numbers.
    const property = fc.property(arbitraries.sampleFrom(arbitraries.gaussian(), { n: 200 }), ({ dist, data }) => {
      return Gaussian.fit(data).mean < dist.mean + 0.1 * dist.std;
    });
    const first = fc.check(property, { seed: 42, numRuns: 1000 });
    const again = fc.check(property, { seed: 42, numRuns: 1000 });
    expect(first.failed).toBe(true);
    const [c] = first.counterexample!;
    expect(again.counterexample![0]!.data).toEqual(c!.data);
    expect(c!.data).toEqual(c!.dist.sample(createRng(c!.seed), 200));
    expect(fc.stringify(c)).toMatch(/^\{ dist: Gaussian\(mean=.*, std=.*\), n: 200, seed: -?\d+ \}$/);
  });
});
