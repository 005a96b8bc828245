import { describe, expect, it } from "vitest";
import { Gaussian } from "../../src/index.js";
import { expectRelative, fixture, MIN_NORMAL, num, type FixtureNumber } from "../helpers.js";

interface Point {
  mean: number;
  std: number;
  x: number;
  logpdf: FixtureNumber;
  pdf: FixtureNumber;
  cdf: FixtureNumber;
  logcdf: FixtureNumber;
}
interface Quantile {
  mean: number;
  std: number;
  p: number;
  quantile: FixtureNumber;
}
interface Moments {
  mean: number;
  std: number;
  variance: number;
  entropy: number;
}
interface Fit {
  name: string;
  data: number[];
  mean: number;
  std: number;
  scipyLoc: number;
  scipyScale: number;
  logLikelihood: number;
}
const ref = await fixture<{
  gaussianPoints: Point[];
  gaussianQuantiles: Quantile[];
  gaussianMoments: Moments[];
  gaussianFits: Fit[];
}>("distributions.json");

// Tolerance for everything below: 1e-12 relative, the DESIGN.md target. scipy's own values are
// Cephes', accurate to ~1e-14 in these ranges.
const REL = 1e-12;

describe("Gaussian against scipy.stats.norm", () => {
  it.each(ref.gaussianPoints.map((p) => [`N(${p.mean}, ${p.std}) at ${p.x}`, p] as const))("%s", (_, p) => {
    const g = new Gaussian(p.mean, p.std);
    expectRelative(g.logProb(p.x), num(p.logpdf), REL, "logProb");
    expectRelative(g.logCdf(p.x), num(p.logcdf), REL, "logCdf");
    const pdf = num(p.pdf);
    // Below the normal doubles only a few bits remain: compare against the reference's rounding.
    if (pdf >= MIN_NORMAL || pdf === 0) expectRelative(g.prob(p.x), pdf, REL, "prob");
    else expect(Math.abs(g.prob(p.x) - pdf)).toBeLessThanOrEqual(Math.abs(pdf) * 1e-6 + 5e-324);
    const cdf = num(p.cdf);
    if (cdf >= MIN_NORMAL) expectRelative(g.cdf(p.x), cdf, REL, "cdf");
    else {
      // scipy's ndtr underflows to 0 near z = −37.5, where we still return the subnormal
      // exp(logCdf); either way the value must be what exp of the reference logcdf rounds to.
      const expected = Math.exp(num(p.logcdf));
      expect(Math.abs(g.cdf(p.x) - expected)).toBeLessThanOrEqual(expected * 1e-9 + 1e-323);
    }
  });

  it.each(ref.gaussianQuantiles.map((q) => [`N(${q.mean}, ${q.std}).quantile(${q.p})`, q] as const))("%s", (_, q) => {
    expectRelative(new Gaussian(q.mean, q.std).quantile(q.p), num(q.quantile), REL, "quantile");
  });

  it.each(ref.gaussianMoments.map((m) => [`N(${m.mean}, ${m.std})`, m] as const))("moments of %s", (_, m) => {
    const g = new Gaussian(m.mean, m.std);
    expect(g.mean).toBe(m.mean);
    expectRelative(g.variance, m.variance, REL, "variance");
    expectRelative(g.entropy(), m.entropy, REL, "entropy");
  });
});

describe("Gaussian.fit against exact MLE of real data (sklearn's bundled data sets)", () => {
  it.each(ref.gaussianFits.map((f) => [f.name, f] as const))("%s", (_, f) => {
    const fitted = Gaussian.fit(f.data);
    expectRelative(fitted.mean, f.mean, 1e-15, "mean");
    expectRelative(fitted.std, f.std, REL, "std");
    expectRelative(fitted.logLikelihood(f.data), f.logLikelihood, REL, "logLikelihood");
    // Same from Float64Array, and from streamed statistics.
    const typed = Float64Array.from(f.data);
    expect(Gaussian.fit(typed)).toEqual(fitted);
    // GaussianStats keeps M2 as a plain double (documented): its range ends where d² underflows.
    if (f.std < 1e-150) return;
    const s = Gaussian.stats();
    for (let i = 0; i < typed.length; i += 37) s.addAll(typed.subarray(i, i + 37));
    const streamed = Gaussian.fromStats(s);
    expectRelative(streamed.mean, f.mean, 1e-15, "streamed mean");
    expectRelative(streamed.std, f.std, REL, "streamed std");
  });

  it("is more accurate than scipy's norm.fit where scipy loses digits (1e9 + noise, tiny scale)", () => {
    for (const name of ["1e9 + noise", "tiny scale"]) {
      const f = ref.gaussianFits.find((c) => c.name === name)!;
      const fitted = Gaussian.fit(f.data);
      const ours = Math.abs(fitted.std - f.std) / f.std;
      const scipys = Math.abs(f.scipyScale - f.std) / f.std;
      expect(ours).toBeLessThan(1e-14);
      expect(scipys).toBeGreaterThan(1e-12);
    }
  });
});
