import { describe, expect, it } from "vitest";
import { Bernoulli, BernoulliStats, Categorical, CategoricalStats, Gaussian, GaussianStats } from "../../src/index.js";

// The smaller parts of each family's surface: log-CDFs, one-at-a-time statistics, copies.
describe("discrete log-CDFs", () => {
  it("Bernoulli", () => {
    const b = new Bernoulli(0.25);
    expect(b.logCdf(-1)).toBe(-Infinity);
    expect(b.logCdf(0.5)).toBe(Math.log1p(-0.25));
    expect(b.logCdf(1)).toBe(0);
  });
  it("Categorical agrees with log(cdf) and reaches the limits", () => {
    const c = new Categorical([0.1, 0.2, 0.3, 0.4]);
    expect(c.logCdf(-0.5)).toBe(-Infinity);
    expect(c.logCdf(1.5)).toBeCloseTo(Math.log(0.3), 15);
    expect(c.logCdf(3)).toBe(0);
    expect(c.cdf(1.5)).toBeCloseTo(0.3, 15);
  });
});

describe("statistics one observation at a time", () => {
  it("Bernoulli add and clone", () => {
    const s = Bernoulli.stats().add(1).add(0).add(1);
    const copy = s.clone();
    s.add(0);
    expect(copy.toJSON()).toEqual({ type: "BernoulliStats", count: 3, ones: 2 });
    expect(Bernoulli.fromStats(s).p).toBe(0.5);
    expect(Bernoulli.fromStats(new BernoulliStats(), { alpha: 2 }).p).toBe(0.5);
  });
  it("Categorical add widens, merge widens, clone is independent", () => {
    const s = Categorical.stats().add(2).add(0);
    expect(s.k).toBe(3);
    const other = Categorical.stats().addAll([5]);
    const copy = s.clone();
    s.merge(other);
    expect(s.k).toBe(6);
    expect(s.count).toBe(3);
    expect(copy.k).toBe(3);
    expect(Categorical.fromStats(s, { k: 8, alpha: 1 }).probs[7]).toBeCloseTo(1 / 11, 15);
    expect(() => Categorical.fromStats(Categorical.stats())).toThrow(/no data and no k/);
    expect(() => Categorical.fromStats(Categorical.stats(), { k: 3 })).toThrow(/empty and alpha is 0/);
    expect(Categorical.fromStats(Categorical.stats(), { k: 4, alpha: 1 }).probs).toEqual(
      new Float64Array(4).fill(0.25),
    );
  });
  it("Gaussian add, variance and clone", () => {
    const s = new GaussianStats();
    expect(s.variance).toBe(0);
    [2, 4, 4, 4, 5, 5, 7, 9].forEach((x) => s.add(x));
    expect(s.mean).toBe(5);
    expect(s.variance).toBe(4);
    const copy = s.clone();
    s.add(100);
    expect(copy.count).toBe(8);
    expect(Gaussian.fromStats(copy).std).toBe(2);
  });
  it("a chunk that fails leaves Categorical counts as they were, even after widening", () => {
    const s = Categorical.stats().addAll([0, 1]);
    expect(() => s.addAll([9, 30, 2.5])).toThrow(/data\[2\] must be an integer category >= 0, got 2.5/);
    expect(s.toJSON()).toEqual({ type: "CategoricalStats", counts: [1, 1] });
  });
});

describe("sampling into a caller's buffer", () => {
  it("fills out without allocating and returns it", () => {
    const out = new Float64Array(10).fill(-1);
    const rng = { next: () => 0.3 };
    expect(new Bernoulli(0.5).sample(rng, 4, out)).toBe(out);
    expect(Array.from(out.subarray(0, 4))).toEqual([1, 1, 1, 1]);
    expect(out[4]).toBe(-1);
    expect(new Categorical([0.5, 0.5]).sample(rng)).toBe(0);
    expect(new Categorical([0.5, 0.5]).sample({ next: () => 0.7 })).toBe(1);
    expect(() => new Gaussian(0, 1).sample(rng, 2, [0, 0] as unknown as Float64Array)).toThrow(
      /out must be a Float64Array/,
    );
  });
});

describe("error messages describe the value given", () => {
  it.each([
    [null, /got null/],
    [[1, 2], /got an array of length 2/],
    [{}, /got an object/],
    [() => 1, /got a function/],
    [Symbol("s"), /got Symbol\(s\)/],
    [true, /got true/],
    [undefined, /got undefined/],
    ["x".repeat(50), /got "x{40}…"/],
  ])("%s", (value, message) => {
    expect(() => new Gaussian(value as unknown as number, 1)).toThrow(message);
  });
});

describe("printing", () => {
  it("shows the family and its parameters", () => {
    expect(String(new Gaussian(0, 1))).toBe("Gaussian(mean=0, std=1)");
    expect(`${new Bernoulli(0.3)}`).toBe("Bernoulli(p=0.3)");
    expect(new Categorical([0.25, 0.75]).toString()).toBe("Categorical(probs=[0.25, 0.75])");
    const inspect = Symbol.for("nodejs.util.inspect.custom");
    expect((new Gaussian(2, 3) as unknown as Record<symbol, () => string>)[inspect]!()).toBe("Gaussian(mean=2, std=3)");
  });
});

describe("CategoricalStats from counts", () => {
  it("validates and copies the counts it is given", () => {
    const given = [2, 0, 3];
    const s = new CategoricalStats(given);
    given[0] = 99;
    expect(s.count).toBe(5);
    expect(Array.from(s.counts)).toEqual([2, 0, 3]);
    s.counts[0] = 50; // a copy: the statistics are unchanged
    expect(s.toJSON().counts).toEqual([2, 0, 3]);
    expect(() => new CategoricalStats([1, -1])).toThrow(/CategoricalStats: counts\[1\] must be >= 0, got -1/);
    expect(() => Categorical.stats().add(2 ** 40)).toThrow(
      /CategoricalStats.add: x must be an integer >= 0, got 1099511627776/,
    );
  });
});

describe("Categorical errors name the function called", () => {
  it("fit and fromStats", () => {
    expect(() => Categorical.fromStats(Categorical.stats().addAll([0, 3]), { k: 2 })).toThrow(
      /Categorical.fromStats: k = 2, but category 3 occurs in the data/,
    );
    expect(() => Categorical.fromStats(Categorical.stats(), { alpha: -1 })).toThrow(
      /Categorical.fromStats: alpha must be >= 0, got -1/,
    );
    expect(() => Categorical.fit([0], null as unknown as object)).toThrow(/Categorical.fit: options must be an object/);
  });
});
