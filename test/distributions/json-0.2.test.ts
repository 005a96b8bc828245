// The JSON that ptheta 0.2 wrote for the families and their statistics (written by
// test/fixtures/json-0.2/generate.ts from the 0.2 sources) must load, with the same values.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Bernoulli, Categorical, Gaussian, Poisson } from "../../src/index.js";

const fixtures = JSON.parse(
  readFileSync(new URL("../fixtures/json-0.2/families.json", import.meta.url), "utf8"),
) as Record<string, unknown>;

describe("JSON written by 0.2", () => {
  it("Gaussian and GaussianStats", () => {
    const g = Gaussian.fromJSON(fixtures.gaussian);
    expect([g.mean, g.std]).toEqual([1.5, 0.25]);
    const tiny = Gaussian.fromJSON(fixtures.gaussianTiny);
    expect([tiny.mean, tiny.std]).toEqual([-3e-300, 5e-324]);
    const s = Gaussian.statsFromJSON(fixtures.gaussianStats);
    expect([s.count, s.mean, s.m2]).toEqual([3, 1000000000.3333334, 0.2066666777928674]);
    expect(Gaussian.fromStats(s).std).toBe(0.26246693619887146);
    const w = Gaussian.statsFromJSON(fixtures.gaussianStatsWeighted);
    expect([w.count, w.mean, w.m2]).toEqual([3.5, 2.428571428571429, 3.857142857142857]);
    expect(Gaussian.fromStats(w).std).toBe(1.049781318335648);
    const big = Gaussian.statsFromJSON(fixtures.gaussianStatsScaled);
    expect(big.count).toBe(3);
    expect(big.mean).toBe(1.0000000000000003e199);
    expect(Gaussian.fromStats(big).std).toBe(8.286535263104035e199);
    expect(Gaussian.statsFromJSON(fixtures.gaussianStatsEmpty).count).toBe(0);
  });

  it("Bernoulli and BernoulliStats", () => {
    expect(Bernoulli.fromJSON(fixtures.bernoulli).p).toBe(0.3);
    const s = Bernoulli.statsFromJSON(fixtures.bernoulliStats);
    expect([s.count, s.ones]).toEqual([6.5, 4.5]);
    expect(Bernoulli.fromStats(s).p).toBe(0.6923076923076923);
  });

  it("Categorical (probabilities, log-probabilities, an impossible category) and CategoricalStats", () => {
    expect(Array.from(Categorical.fromJSON(fixtures.categorical).probs)).toEqual([0.2, 0.5, 0.3]);
    const logits = Categorical.fromJSON(fixtures.categoricalLogits);
    expect([0, 1, 2].map((t) => logits.logProb(t))).toEqual([0, -800, -1000000]);
    const impossible = Categorical.fromJSON(fixtures.categoricalImpossible);
    expect([0, 1, 2].map((t) => impossible.logProb(t))).toEqual([-1.3132616875182228, -Infinity, -0.3132616875182228]);
    const s = Categorical.statsFromJSON(fixtures.categoricalStats);
    expect([s.k, s.count]).toEqual([6, 4.25]);
    expect(Array.from(Categorical.fromStats(s, { alpha: 1 }).probs)).toEqual([
      0.1951219512195122, 0.0975609756097561, 0.3902439024390244, 0.0975609756097561, 0.0975609756097561,
      0.12195121951219512,
    ]);
  });

  it("Poisson and PoissonStats", () => {
    expect(Poisson.fromJSON(fixtures.poisson).rate).toBe(3.5);
    const s = Poisson.statsFromJSON(fixtures.poissonStats);
    expect([s.count, s.sum]).toEqual([4.5, 14.5]);
    expect(Poisson.fromStats(s).rate).toBe(3.2222222222222223);
  });

  it("statistics written by 0.2 write themselves back unchanged", () => {
    for (const [key, read] of [
      ["gaussianStats", Gaussian.statsFromJSON],
      ["gaussianStatsWeighted", Gaussian.statsFromJSON],
      ["gaussianStatsScaled", Gaussian.statsFromJSON],
      ["bernoulliStats", Bernoulli.statsFromJSON],
      ["categoricalStats", Categorical.statsFromJSON],
      ["poissonStats", Poisson.statsFromJSON],
    ] as const) {
      expect(JSON.parse(JSON.stringify(read(fixtures[key])))).toEqual(fixtures[key]);
    }
  });
});
