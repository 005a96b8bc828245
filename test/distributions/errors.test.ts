import { describe, expect, it } from "vitest";
import {
  Bernoulli,
  BernoulliStats,
  Categorical,
  CategoricalStats,
  createRng,
  Gaussian,
  GaussianStats,
} from "../../src/index.js";

// Every public error, with the words that tell the caller what and where.
describe("constructors reject bad parameters, naming them and the value", () => {
  it.each([
    [() => new Gaussian(NaN, 1), RangeError, /Gaussian: mean must be finite, got NaN/],
    [() => new Gaussian(0, 0), RangeError, /Gaussian: std must be > 0, got 0/],
    [() => new Gaussian(0, -1), RangeError, /Gaussian: std must be > 0, got -1/],
    [() => new Gaussian(0, Infinity), RangeError, /Gaussian: std must be finite, got Infinity/],
    [() => new Gaussian("1" as unknown as number, 1), TypeError, /Gaussian: mean must be a number, got "1"/],
    [() => new Bernoulli(1.3), RangeError, /Bernoulli: p must be in \[0, 1\], got 1.3/],
    [() => new Bernoulli(NaN), RangeError, /Bernoulli: p must be finite, got NaN/],
    [() => new Categorical([]), RangeError, /Categorical: probs must hold at least one category/],
    [() => new Categorical([0.5, 0.6]), RangeError, /Categorical: probs must sum to 1, got a sum of 1.1/],
    [() => new Categorical([1.5, -0.5]), RangeError, /Categorical: probs\[1\] must be >= 0, got -0.5/],
    [() => new Categorical(5 as unknown as number[]), TypeError, /Categorical: probs: data must be an array/],
    [() => Categorical.fromLogits([-Infinity, -Infinity]), RangeError, /every logit is -Infinity/],
    [() => Categorical.fromLogits([0, NaN]), RangeError, /logits\[1\] must be a number < Infinity, got NaN/],
    [() => createRng(NaN), TypeError, /createRng: seed must be a finite number or a string, got NaN/],
    [() => new GaussianStats(-1), RangeError, /GaussianStats: count must be >= 0, got -1/],
    [() => new GaussianStats(0, 3), RangeError, /empty stats must have mean 0 and m2 0/],
    [() => new BernoulliStats(2, 3), RangeError, /ones \(3\) exceeds count \(2\)/],
    [() => new CategoricalStats(1.5), RangeError, /CategoricalStats: k must be an integer >= 0, got 1.5/],
  ] as const)("%#", (make, type, message) => {
    expect(make).toThrow(type);
    expect(make).toThrow(message);
  });
});

describe("fit checks its data, naming the index", () => {
  it.each([
    [() => Gaussian.fit([]), RangeError, /Gaussian.fit: data is empty/],
    [() => Gaussian.fit([1, 2, NaN]), RangeError, /Gaussian.fit: data\[2\] is NaN; data must be finite/],
    [() => Gaussian.fit([1, -Infinity]), RangeError, /Gaussian.fit: data\[1\] is -Infinity/],
    [() => Gaussian.fit([1, "2" as unknown as number]), TypeError, /Gaussian.fit: data\[1\] must be a number, got "2"/],
    [() => Gaussian.fit(null as unknown as number[]), TypeError, /Gaussian.fit: data must be an array/],
    [() => Gaussian.fit([3, 3, 3]), RangeError, /Gaussian.fit: all 3 value\(s\) equal 3, so the MLE std is 0/],
    [() => Gaussian.fromStats(Gaussian.stats()), RangeError, /Gaussian.fromStats: the statistics are empty/],
    [() => Bernoulli.fit([]), RangeError, /Bernoulli.fit: data is empty/],
    [() => Bernoulli.fit([0, 1, 2]), RangeError, /Bernoulli.fit: data\[2\] must be 0 or 1, got 2/],
    [() => Bernoulli.fit([0, NaN]), RangeError, /Bernoulli.fit: data\[1\] must be 0 or 1, got NaN/],
    [() => Bernoulli.fit([1], { alpha: -1 }), RangeError, /Bernoulli.fit: alpha must be >= 0, got -1/],
    [() => Bernoulli.fromStats(Bernoulli.stats()), RangeError, /empty and alpha is 0/],
    [() => Categorical.fit([]), RangeError, /Categorical.fit: data is empty/],
    [
      () => Categorical.fit([0, 1.5]),
      RangeError,
      /Categorical.fit: data\[1\] must be an integer category >= 0, got 1.5/,
    ],
    [() => Categorical.fit([0, -1]), RangeError, /data\[1\] must be an integer category >= 0, got -1/],
    [() => Categorical.fit([0, 3], { k: 2 }), RangeError, /Categorical.fit: k = 2, but category 3 occurs in the data/],
    [() => Categorical.fit([0], { k: 0 }), RangeError, /Categorical.fit: k must be an integer >= 1, got 0/],
    [() => Categorical.fit([0], { alpha: NaN }), RangeError, /Categorical.fit: alpha must be finite, got NaN/],
  ] as const)("%#", (make, type, message) => {
    expect(make).toThrow(type);
    expect(make).toThrow(message);
  });

  it("a failed statistics update changes nothing", () => {
    const g = Gaussian.stats().addAll([1, 2, 3]);
    const before = JSON.stringify(g);
    expect(() => g.addAll([4, NaN])).toThrow(/GaussianStats.addAll: data\[1\] is NaN/);
    expect(() => g.add(Infinity)).toThrow(/GaussianStats.add: x must be a finite number, got Infinity/);
    expect(JSON.stringify(g)).toBe(before);
    const b = Bernoulli.stats().addAll([1, 0]);
    expect(() => b.addAll([1, 5])).toThrow(/BernoulliStats.addAll: data\[1\] must be 0 or 1, got 5/);
    expect(() => b.add(0.5)).toThrow(/BernoulliStats.add: x must be 0 or 1, got 0.5/);
    expect(b.toJSON()).toEqual({ type: "BernoulliStats", count: 2, ones: 1 });
    const c = Categorical.stats().addAll([0, 1]);
    expect(() => c.addAll([7, -2])).toThrow(/CategoricalStats.addAll: data\[1\]/);
    expect(() => c.add(NaN)).toThrow(/CategoricalStats.add: x must be an integer >= 0, got NaN/);
    expect(c.toJSON()).toEqual({ type: "CategoricalStats", counts: [1, 1] });
    expect(() => g.merge(b as unknown as GaussianStats)).toThrow(TypeError);
  });
});

describe("evaluation: outside the support is -Infinity, NaN throws", () => {
  const g = new Gaussian(0, 1);
  const b = new Bernoulli(0.3);
  const c = new Categorical([0.2, 0.8]);
  it("returns the limits", () => {
    expect(g.logProb(Infinity)).toBe(-Infinity);
    expect(g.cdf(-Infinity)).toBe(0);
    expect(g.cdf(Infinity)).toBe(1);
    expect(g.quantile(0)).toBe(-Infinity);
    expect(g.quantile(1)).toBe(Infinity);
    expect(g.logLikelihood([0, Infinity])).toBe(-Infinity);
    expect(g.logLikelihood([])).toBe(0);
    expect(b.logProb(0.5)).toBe(-Infinity);
    expect(b.logLikelihood([0, 1, 2])).toBe(-Infinity);
    expect(c.logProb(2)).toBe(-Infinity);
    expect(c.logProb(0.5)).toBe(-Infinity);
    expect(c.logLikelihood([0, 1, 5])).toBe(-Infinity);
    expect(new Bernoulli(0).logLikelihood([0, 0])).toBe(0);
    expect(new Bernoulli(1).logLikelihood([1, 0])).toBe(-Infinity);
    expect(new Categorical([1, 0]).entropy()).toBe(0);
  });
  it.each([
    [() => g.logProb(NaN), /Gaussian.logProb: x is NaN/],
    [() => g.cdf(NaN), /Gaussian.cdf: x is NaN/],
    [() => g.logCdf(NaN), /Gaussian.logCdf: x is NaN/],
    [() => g.quantile(NaN), /Gaussian.quantile: x is NaN/],
    [() => g.quantile(1.5), /Gaussian.quantile: p must be in \[0, 1\], got 1.5/],
    [() => g.logLikelihood([1, NaN]), /Gaussian.logLikelihood: data\[1\] is NaN/],
    [() => b.logProb(NaN), /Bernoulli.logProb: x is NaN/],
    [() => b.logLikelihood([NaN]), /Bernoulli.logLikelihood: data\[0\] is NaN/],
    [() => c.logProb(NaN), /Categorical.logProb: x is NaN/],
    [() => c.logLikelihood([0, NaN]), /Categorical.logLikelihood: data\[1\] is NaN/],
    [() => g.sample(createRng(1), -1), /Gaussian.sample: n must be an integer >= 0, got -1/],
    [() => g.sample(createRng(1), 10, new Float64Array(3)), /Gaussian.sample: out has length 3, fewer than n = 10/],
    [
      () => Gaussian.fromJSON({ type: "Bernoulli", p: 0.5 }),
      /Gaussian.fromJSON: expected an object with type "Gaussian"/,
    ],
    [() => Gaussian.fromJSON({ type: "Gaussian", mean: 0, std: -1 }), /Gaussian: std must be > 0, got -1/],
  ] as const)("%#", (call, message) => {
    expect(call).toThrow(message);
  });
});

describe("negative zero never breaks an exact JSON round trip", () => {
  it("from logits whose maximum is -0", () => {
    const c = Categorical.fromLogits([-0, -50]);
    expect(Object.is(c.logProbs[0], 0)).toBe(true);
    expect(Categorical.fromJSON(JSON.parse(JSON.stringify(c))).logProbs).toEqual(c.logProbs);
    expect(Gaussian.fromJSON(JSON.parse(JSON.stringify(new Gaussian(-0, 1))))).toEqual(new Gaussian(-0, 1));
  });
});

describe("extreme parameters reach the right limits", () => {
  it("a subnormal std still gives logLikelihood = Σ logProb", () => {
    const g = new Gaussian(0, 5e-320);
    const xs = [0, 1e-319, -2e-319];
    const expected = xs.reduce((s, x) => s + g.logProb(x), 0);
    expect(Math.abs(g.logLikelihood(xs) - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));
    expect(g.logLikelihood([1])).toBe(-Infinity);
  });
  it("|z| up to 1e150 is finite; beyond, the limit", () => {
    const g = new Gaussian(0, 1);
    expect(g.logProb(1e150) / -5e299).toBeCloseTo(1, 15);
    expect(g.logProb(1e160)).toBe(-Infinity);
    expect(g.logCdf(-1e150)).toBeLessThan(-4.9e299);
    expect(g.logCdf(1e150)).toBe(0);
    expect(new Gaussian(1e300, 1e-300).logProb(1e300)).toBeCloseTo(690.7755278982137 - 0.9189385332046728, 10);
  });
});

describe("fit near the ends of the double range", () => {
  it("huge values and huge spreads", () => {
    const near = Gaussian.fit([1.5e308, 1.7e308]);
    expect(near.mean).toBeCloseTo(1.6e308, -293);
    expect(near.std / 1e307).toBeCloseTo(1, 12);
    const wide = Gaussian.fit([-1e300, 1e300]);
    expect(wide.mean).toBe(0);
    expect(wide.std / 1e300).toBeCloseTo(1, 12);
    const tiny = Gaussian.fit([0, 1e-310]);
    expect(tiny.std / 5e-311).toBeCloseTo(1, 9);
  });
});
