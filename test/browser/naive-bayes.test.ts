// Naive Bayes in headless Chromium: fit, predict, posteriors, seeded generation, partialFit and
// JSON, on a small data set built in the test (no file system in the browser).
import { describe, expect, it } from "vitest";
import { Gaussian, NaiveBayes, createRng } from "../../src/index.js";

// Two well-separated classes with one Gaussian, one binary and one categorical feature.
function makeData(n: number, seed: number): { X: number[][]; y: string[] } {
  const rng = createRng(seed);
  const X: number[][] = [];
  const y: string[] = [];
  for (let i = 0; i < n; i++) {
    const cls = i % 2 === 0 ? "a" : "b";
    const g = new Gaussian(cls === "a" ? 0 : 4, 1).sample(rng);
    const b = rng.next() < (cls === "a" ? 0.2 : 0.8) ? 1 : 0;
    const c = Math.floor(rng.next() * 3) + (cls === "a" ? 0 : 1);
    X.push([g, b, c]);
    y.push(cls);
  }
  return { X, y };
}

describe("NaiveBayes in the browser", () => {
  const { X, y } = makeData(400, 11);
  const options = { features: ["gaussian", "bernoulli", "categorical"] as const, binarize: null };
  const nb = NaiveBayes.fit(X, y, { ...options, features: [...options.features] });

  it("classifies with normalised posteriors", () => {
    expect(nb.classes).toEqual(["a", "b"]);
    expect(
      nb.predict([
        [0, 0, 0],
        [4, 1, 3],
      ]),
    ).toEqual(["a", "b"]);
    const proba = nb.predictProba(X);
    expect(proba.rows).toBe(400);
    expect(proba.cols).toBe(2);
    for (let i = 0; i < proba.rows; i++) {
      const row = proba.row(i);
      expect(Math.abs(row[0]! + row[1]! - 1)).toBeLessThan(1e-12);
    }
    const accuracy = nb.predict(X).filter((label, i) => label === y[i]).length / y.length;
    expect(accuracy).toBeGreaterThan(0.95);
  });

  it("scores joint and marginal log-likelihoods consistently", () => {
    const joint = nb.logLikelihood(X, y);
    const marginal = nb.logLikelihood(X);
    expect(Number.isFinite(joint)).toBe(true);
    expect(marginal).toBeGreaterThanOrEqual(joint);
  });

  it("generates the same data from the same seed, and data like the training data", () => {
    const first = nb.sample(createRng(5), 2000);
    const again = nb.sample(createRng(5), 2000);
    expect(Array.from(again.X.data)).toEqual(Array.from(first.X.data));
    expect(again.y).toEqual(first.y);
    const gaussianOfA = first.X.toArray()
      .filter((_, i) => first.y[i] === "a")
      .map((row) => row[0]!);
    expect(Math.abs(Gaussian.fit(gaussianOfA).mean - 0)).toBeLessThan(0.2);
  });

  it("partialFit in chunks equals one fit, and JSON round-trips", () => {
    const online = new NaiveBayes<string>({ ...options, features: [...options.features] });
    for (let s = 0; s < X.length; s += 64) online.partialFit(X.slice(s, s + 64), y.slice(s, s + 64));
    const a = online.predictLogProba(X).data;
    const b = nb.predictLogProba(X).data;
    for (let i = 0; i < a.length; i++)
      expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b[i]!)));
    const restored = NaiveBayes.fromJSON<string>(JSON.parse(JSON.stringify(nb)));
    expect(Array.from(restored.predictLogProba(X).data)).toEqual(Array.from(b));
  });

  it("throws on malformed input", () => {
    expect(() => NaiveBayes.fit([[1, 2], [3]], ["a", "b"])).toThrow();
    expect(() => NaiveBayes.fit([[1], [2]], ["a"])).toThrow();
    expect(() => nb.predict([[Number.NaN, 0, 0]])).toThrow();
  });
});
