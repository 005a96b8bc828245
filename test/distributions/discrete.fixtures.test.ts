import { describe, expect, it } from "vitest";
import { Bernoulli, Categorical } from "../../src/index.js";
import { expectRelative, fixture, num, type FixtureNumber } from "../helpers.js";

interface BernoulliRef {
  p: number;
  logpmf: FixtureNumber[];
  pmf: number[];
  cdf: number[];
  mean: number;
  variance: number;
  entropy: number;
}
interface CategoricalRef {
  probs: number[];
  logpmf: FixtureNumber[];
  cdf: number[];
  mean: number;
  variance: number;
  entropy: number;
}
interface BernoulliFit {
  name: string;
  data: number[];
  p: number;
  pAlpha1: number;
  logLikelihood: number;
}
interface CategoricalFit {
  name: string;
  data: number[];
  k: number;
  probs: number[];
  probsAlphaHalf: number[];
  logLikelihood: number;
}
const ref = await fixture<{
  bernoulli: BernoulliRef[];
  categorical: CategoricalRef[];
  bernoulliFits: BernoulliFit[];
  categoricalFits: CategoricalFit[];
}>("distributions.json");
const REL = 1e-12;

describe("Bernoulli against scipy.stats.bernoulli", () => {
  it.each(ref.bernoulli.map((r) => [r.p, r] as const))("p = %s", (_, r) => {
    const b = new Bernoulli(r.p);
    [0, 1].forEach((x) => {
      expectRelative(b.logProb(x), num(r.logpmf[x]!), REL, `logProb(${x})`);
      expectRelative(b.prob(x), r.pmf[x]!, REL, `prob(${x})`);
    });
    [-0.5, 0, 0.5, 1, 2].forEach((x, i) => expectRelative(b.cdf(x), r.cdf[i]!, REL, `cdf(${x})`));
    expectRelative(b.mean, r.mean, REL, "mean");
    expectRelative(b.variance, r.variance, REL, "variance");
    expectRelative(b.entropy(), r.entropy, REL, "entropy");
  });

  it.each(ref.bernoulliFits.map((f) => [f.name, f] as const))("fit: %s", (_, f) => {
    const b = Bernoulli.fit(f.data);
    expectRelative(b.p, f.p, 1e-15, "p");
    expectRelative(Bernoulli.fit(f.data, { alpha: 1 }).p, f.pAlpha1, 1e-15, "p with alpha 1");
    expectRelative(b.logLikelihood(f.data), f.logLikelihood, REL, "logLikelihood");
  });
});

describe("Categorical against scipy (multinomial with n = 1, rv_discrete, entropy)", () => {
  it.each(ref.categorical.map((r) => [r.probs.join(", "), r] as const))("probs [%s]", (_, r) => {
    const c = new Categorical(r.probs);
    r.logpmf.forEach((lp, k) => {
      expectRelative(c.logProb(k), num(lp), REL, `logProb(${k})`);
      expectRelative(c.cdf(k), r.cdf[k]!, REL, `cdf(${k})`);
    });
    expectRelative(c.mean, r.mean, REL, "mean");
    expectRelative(c.variance, r.variance, 1e-11, "variance");
    expectRelative(c.entropy(), r.entropy, REL, "entropy");
  });

  it.each(ref.categoricalFits.map((f) => [f.name, f] as const))("fit: %s", (_, f) => {
    const c = Categorical.fit(f.data, { k: f.k });
    f.probs.forEach((p, j) => expectRelative(c.probs[j]!, p, 1e-15, `probs[${j}]`));
    const smoothed = Categorical.fit(f.data, { k: f.k, alpha: 0.5 });
    f.probsAlphaHalf.forEach((p, j) => expectRelative(smoothed.probs[j]!, p, 1e-15, `smoothed probs[${j}]`));
    expectRelative(c.logLikelihood(f.data), f.logLikelihood, REL, "logLikelihood");
    expect(c.k).toBe(f.k);
  });
});
