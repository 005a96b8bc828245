// A browser-safe subset of the unit tests, run in headless Chromium by `npm run test:browser`.
// It covers every family, seeded sampling (the same streams as in Node) and the error policy.
import { describe, expect, it } from "vitest";
import { Bernoulli, Categorical, Gaussian, createRng } from "../../src/index.js";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);

describe("the environment", () => {
  it("is a real browser, not Node", () => {
    expect(typeof window).toBe("object");
    expect(typeof document.createElement).toBe("function");
    expect(navigator.userAgent).toMatch(/Chrom/);
    expect((globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node).toBeUndefined();
  });
});

describe("createRng in the browser", () => {
  it("gives the same stream as in Node for the same seed", () => {
    // These values were produced by Node 20.
    const rng = createRng(42);
    expect([rng.next(), rng.next(), rng.next()]).toEqual([0.5198396780528832, 0.6490345226846735, 0.0353657622584419]);
    expect(createRng("ptheta").next()).toBe(0.7890502915943366);
  });

  it("draws doubles in (0, 1) and rejects bad seeds", () => {
    const rng = createRng(1);
    for (let i = 0; i < 10_000; i++) {
      const u = rng.next();
      expect(u > 0 && u < 1).toBe(true);
    }
    expect(() => createRng(Number.NaN)).toThrow(TypeError);
  });
});

describe("Gaussian in the browser", () => {
  const g = new Gaussian(0, 1);

  it("scores points and tails accurately", () => {
    expect(g.cdf(0)).toBe(0.5);
    expect(rel(g.logProb(0), -0.9189385332046728)).toBeLessThan(1e-15);
    expect(rel(g.cdf(-10), 7.61985302416047e-24)).toBeLessThan(1e-13);
    expect(rel(g.quantile(0.975), 1.959963984540054)).toBeLessThan(1e-14);
    expect(rel(g.quantile(1e-300), -37.0470962993612)).toBeLessThan(1e-13);
    expect(Number.isFinite(g.logCdf(-40))).toBe(true);
    expect(g.logProb(Infinity)).toBe(-Infinity);
  });

  it("samples reproducibly with a seed and fits them back", () => {
    const first = Array.from(g.sample(createRng(42), 3));
    const expected = [-0.2285304029337297, -0.2931822396561289, 0.1424767248801062];
    first.forEach((x, i) => expect(rel(x, expected[i]!)).toBeLessThan(1e-14));
    const data = new Gaussian(3, 2).sample(createRng(7), 200_000);
    const fitted = Gaussian.fit(data);
    expect(Math.abs(fitted.mean - 3)).toBeLessThan(0.02);
    expect(Math.abs(fitted.std - 2)).toBeLessThan(0.02);
    expect(fitted.logLikelihood(data)).toBeGreaterThan(new Gaussian(3.1, 2).logLikelihood(data));
  });

  it("merges sufficient statistics into the batch fit and round-trips JSON", () => {
    const data = new Gaussian(1e9, 1).sample(createRng(3), 10_000);
    const s = Gaussian.stats()
      .addAll(data.subarray(0, 3000))
      .merge(Gaussian.stats().addAll(data.subarray(3000)));
    const batch = Gaussian.fit(data);
    expect(rel(Gaussian.fromStats(s).std, batch.std)).toBeLessThan(1e-9);
    const back = Gaussian.fromJSON(JSON.parse(JSON.stringify(batch)));
    expect(back.mean).toBe(batch.mean);
    expect(back.std).toBe(batch.std);
    expect(Gaussian.statsFromJSON(JSON.parse(JSON.stringify(s))).count).toBe(10_000);
  });

  it("throws on bad parameters and data", () => {
    expect(() => new Gaussian(0, -1)).toThrow(RangeError);
    expect(() => Gaussian.fit([1, Number.NaN])).toThrow();
    expect(() => Gaussian.fit([])).toThrow();
  });
});

describe("Bernoulli in the browser", () => {
  it("scores, samples and fits", () => {
    const b = new Bernoulli(0.3);
    expect(rel(b.prob(1), 0.3)).toBeLessThan(1e-15);
    expect(b.logProb(2)).toBe(-Infinity);
    expect(Array.from(b.sample(createRng(42), 10))).toEqual([0, 0, 1, 0, 0, 1, 0, 0, 0, 1]);
    const fitted = Bernoulli.fit(b.sample(createRng(5), 100_000), { alpha: 0 });
    expect(Math.abs(fitted.p - 0.3)).toBeLessThan(0.01);
    expect(Bernoulli.fit([1, 1], { alpha: 1 }).p).toBeCloseTo(0.75, 15);
    expect(Bernoulli.fromJSON(JSON.parse(JSON.stringify(fitted))).p).toBe(fitted.p);
    expect(() => new Bernoulli(1.5)).toThrow(RangeError);
  });
});

describe("Categorical in the browser", () => {
  it("scores, samples and fits", () => {
    const c = new Categorical([0.2, 0.5, 0.3]);
    expect(rel(c.prob(1), 0.5)).toBeLessThan(1e-15);
    expect(c.logProb(3)).toBe(-Infinity);
    expect(Array.from(c.sample(createRng(42), 10))).toEqual([1, 1, 0, 1, 1, 0, 1, 2, 1, 0]);
    const fitted = Categorical.fit(c.sample(createRng(9), 100_000), { k: 3, alpha: 0 });
    expect(Math.abs(fitted.prob(1) - 0.5)).toBeLessThan(0.01);
    expect(rel(Categorical.fromLogits([0, Math.log(3)]).prob(1), 0.75)).toBeLessThan(1e-15);
    const back = Categorical.fromJSON(JSON.parse(JSON.stringify(fitted)));
    expect(Array.from(back.probs)).toEqual(Array.from(fitted.probs));
    expect(() => new Categorical([0.5, 0.6])).toThrow();
  });
});
