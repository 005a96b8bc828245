import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Bernoulli, Categorical, createRng, Gaussian } from "../../src/index.js";
import { arbitraries, checkEstimator, expectSampledFrom, type EstimatorProperty } from "../../src/testing/index.js";

// Data sets: finite doubles of moderate size, not all equal (a constant set has no Gaussian MLE).
const spread = fc
  .array(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), { minLength: 2, maxLength: 60 })
  .filter((xs) => xs.some((x) => x !== xs[0]) && Math.max(...xs) - Math.min(...xs) > 1e-6);
const bits = fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 80 });
const categories = (k: number) => fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: 1, maxLength: 80 });
const relClose = (a: number, b: number, rel: number) =>
  Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1e-300);

describe("maximum likelihood is not beaten by nearby parameters", () => {
  it("Gaussian", () => {
    fc.assert(
      fc.property(
        spread,
        fc.double({ min: -0.1, max: 0.1, noNaN: true }),
        fc.double({ min: -0.1, max: 0.1, noNaN: true }),
        (xs, dm, ds) => {
          const mle = Gaussian.fit(xs);
          const best = mle.logLikelihood(xs);
          const other = new Gaussian(mle.mean + dm * mle.std, mle.std * (1 + ds));
          expect(other.logLikelihood(xs)).toBeLessThanOrEqual(best + 1e-12 * Math.abs(best));
        },
      ),
    );
  });

  it("Bernoulli", () => {
    fc.assert(
      fc.property(bits, fc.double({ min: 0, max: 1, noNaN: true }), (xs, p) => {
        expect(new Bernoulli(p).logLikelihood(xs)).toBeLessThanOrEqual(Bernoulli.fit(xs).logLikelihood(xs) + 1e-12);
      }),
    );
  });

  it("Categorical", () => {
    fc.assert(
      fc.property(
        categories(5),
        fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
        (xs, w) => {
          const total = w.reduce((a, b) => a + b, 0);
          const other = new Categorical(w.map((v) => v / total));
          const mle = Categorical.fit(xs, { k: 5 });
          expect(other.logLikelihood(xs)).toBeLessThanOrEqual(
            mle.logLikelihood(xs) + 1e-12 * Math.abs(mle.logLikelihood(xs)),
          );
        },
      ),
    );
  });
});

describe("merged sufficient statistics equal one batch fit", () => {
  it("Gaussian: fromStats(merge(a, b)) == fit(a ∪ b), merge is associative, add == addAll", () => {
    fc.assert(
      fc.property(
        spread,
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 30 }),
        spread,
        (a, b, c) => {
          const all = [...a, ...b, ...c];
          const batch = Gaussian.fit(all);
          const left = Gaussian.stats().addAll(a).merge(Gaussian.stats().addAll(b)).merge(Gaussian.stats().addAll(c));
          const right = Gaussian.stats()
            .addAll(a)
            .merge(Gaussian.stats().addAll(b).merge(Gaussian.stats().addAll(c)));
          const oneByOne = Gaussian.stats();
          all.forEach((x) => oneByOne.add(x));
          for (const s of [left, right, oneByOne]) {
            const g = Gaussian.fromStats(s);
            expect(s.count).toBe(all.length);
            expect(relClose(g.mean, batch.mean, 1e-12) || Math.abs(g.mean - batch.mean) <= 1e-12 * batch.std).toBe(
              true,
            );
            expect(relClose(g.std, batch.std, 1e-12)).toBe(true);
          }
        },
      ),
    );
  });

  it("Gaussian: 1e9 + noise keeps its digits through many merges", () => {
    const rng = createRng("large-mean");
    const xs = new Gaussian(1e9, 1e-3).sample(rng, 5000);
    const batch = Gaussian.fit(xs);
    const s = Gaussian.stats();
    for (let i = 0; i < xs.length; i += 7) s.merge(Gaussian.stats().addAll(xs.subarray(i, i + 7)));
    expect(relClose(Gaussian.fromStats(s).std, batch.std, 1e-12)).toBe(true);
    expect(Gaussian.fromStats(s).mean).toBeCloseTo(batch.mean, 6);
  });

  it("Bernoulli and Categorical: counts merge exactly", () => {
    fc.assert(
      fc.property(bits, bits, categories(6), categories(6), (a, b, c, d) => {
        const merged = Bernoulli.stats().addAll(a).merge(Bernoulli.stats().addAll(b));
        expect(Bernoulli.fromStats(merged).p).toBe(Bernoulli.fit([...a, ...b]).p);
        expect(Bernoulli.fromStats(merged, { alpha: 1 }).p).toBe(Bernoulli.fit([...a, ...b], { alpha: 1 }).p);
        const cm = Categorical.stats().addAll(c).merge(Categorical.stats().addAll(d));
        const single = Categorical.stats();
        [...c, ...d].forEach((x) => single.add(x));
        expect(Categorical.fromStats(cm, { k: 6 }).probs).toEqual(Categorical.fit([...c, ...d], { k: 6 }).probs);
        expect(single.toJSON()).toEqual(cm.toJSON());
      }),
    );
  });
});

describe("sampling then fitting recovers the parameters", () => {
  // The samplers face exact goodness-of-fit tests, ptheta/testing's expectSampledFrom
  // (Kolmogorov–Smirnov for the Gaussian, chi-square with merged cells for the discrete
  // families) at alpha = 1e-6, over models and seeds fast-check draws. Recovery is
  // checkEstimator's property: within 6 standard errors from the observed information.
  const n = 20_000;
  const drawsPass = (models: fc.Arbitrary<Gaussian | Bernoulli | Categorical>) =>
    fc.assert(
      fc.property(arbitraries.sampleFrom(models, { n }), ({ dist, data }) => {
        expectSampledFrom(data, dist);
      }),
      { numRuns: 30 },
    );
  const recovers = <D>(properties: EstimatorProperty<D>[]) =>
    fc.assert(
      properties.find((p) => p.name.startsWith("sampling then fitting"))!,
      { numRuns: 30 },
    );

  it("Gaussian", () => {
    drawsPass(arbitraries.gaussian());
    recovers(checkEstimator(Gaussian));
  });

  it("Bernoulli", () => {
    drawsPass(arbitraries.bernoulli());
    recovers(checkEstimator(Bernoulli));
  });

  it("Categorical, by the alias table and by single draws", () => {
    drawsPass(arbitraries.categorical({ k: { min: 1, max: 8 } }));
    fc.assert(
      fc.property(arbitraries.categorical({ k: { min: 1, max: 8 } }), fc.integer(), (c, seed) => {
        const rng = createRng(seed);
        expectSampledFrom(
          Float64Array.from({ length: 2000 }, () => c.sample(rng)),
          c,
        );
      }),
      { numRuns: 30 },
    );
    recovers(checkEstimator(Categorical));
  });
});

describe("densities, CDFs and quantiles agree with each other", () => {
  it("Gaussian: logProb == log(prob), cdf monotone, quantile(cdf(x)) ≈ x", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        fc.double({ min: -37, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (mean, std, z, dz) => {
          const g = new Gaussian(mean, std);
          const x = mean + z * std;
          // Relative to max(1, |log p|): near log p = 0 the log's own absolute error (~1e-16)
          // is all there is, and a relative test of a value near 0 would demand more.
          if (g.prob(x) > 1e-300) {
            const lp = g.logProb(x);
            expect(Math.abs(lp - Math.log(g.prob(x)))).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(lp)));
          }
          expect(g.cdf(mean + (z + dz) * std)).toBeGreaterThanOrEqual(g.cdf(x));
          expect(g.logCdf(mean + (z + dz) * std)).toBeGreaterThanOrEqual(g.logCdf(x));
          // Round-trip error: the rounding of x itself plus cdf's relative error ε turned into
          // an x error by dividing by the density: ε · cdf / pdf.
          const zBack = (g.quantile(g.cdf(x)) - mean) / std;
          const zCdf = g.cdf(x) / Math.exp(g.logProb(x) + Math.log(std));
          expect(Math.abs(zBack - z)).toBeLessThanOrEqual(
            1e-14 * zCdf + 4e-16 * (Math.abs(x) / std + Math.abs(z)) + 1e-300,
          );
        },
      ),
    );
  });

  it("Bernoulli and Categorical: probabilities sum to 1, cdf reaches 1", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc
          .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 })
          .filter((w) => w.some((v) => v > 0)),
        (p, w) => {
          const b = new Bernoulli(p);
          expect(b.prob(0) + b.prob(1)).toBeCloseTo(1, 15);
          const total = w.reduce((a, v) => a + v, 0);
          const c = new Categorical(w.map((v) => v / total));
          let sum = 0;
          for (let j = 0; j < c.k; j++) sum += c.prob(j);
          expect(Math.abs(sum - 1)).toBeLessThanOrEqual(1e-14 * c.k);
          expect(c.cdf(c.k - 1)).toBe(1);
          expect(Math.exp(c.logCdf(Math.floor(c.k / 2)))).toBeCloseTo(c.cdf(Math.floor(c.k / 2)), 14);
        },
      ),
    );
  });
});

describe("JSON round trips are exact", () => {
  const roundTrip = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
  it("for every family and its statistics", () => {
    fc.assert(
      fc.property(
        spread,
        bits,
        categories(7),
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 7 }),
        (xs, bs, cs, logits) => {
          const g = Gaussian.fit(xs);
          expect(Gaussian.fromJSON(roundTrip(g))).toEqual(g);
          const gs = Gaussian.stats().addAll(xs);
          expect(Gaussian.statsFromJSON(roundTrip(gs))).toEqual(gs);
          const b = Bernoulli.fit(bs, { alpha: 0.5 });
          expect(Bernoulli.fromJSON(roundTrip(b))).toEqual(b);
          expect(Bernoulli.statsFromJSON(roundTrip(Bernoulli.stats().addAll(bs)))).toEqual(
            Bernoulli.stats().addAll(bs),
          );
          const c = Categorical.fit(cs, { alpha: 1 });
          expect(Categorical.fromJSON(roundTrip(c)).toJSON()).toEqual(c.toJSON());
          expect(Categorical.fromJSON(roundTrip(c)).logProbs).toEqual(c.logProbs);
          const fromLogits = Categorical.fromLogits(logits);
          expect(Categorical.fromJSON(roundTrip(fromLogits)).logProbs).toEqual(fromLogits.logProbs);
          const cstats = Categorical.stats().addAll(cs);
          expect(Categorical.statsFromJSON(roundTrip(cstats))).toEqual(cstats);
        },
      ),
    );
  });
});

describe("seeded sampling is reproducible", () => {
  it("same seed, same draws; different seeds, different draws", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.string()), (seed) => {
        const g = new Gaussian(1, 2);
        expect(g.sample(createRng(seed), 50)).toEqual(g.sample(createRng(seed), 50));
        const c = new Categorical([0.1, 0.2, 0.7]);
        expect(c.sample(createRng(seed), 50)).toEqual(c.sample(createRng(seed), 50));
        const r1 = createRng(seed);
        const singles = [g.sample(r1), g.sample(r1)];
        const r2 = createRng(seed);
        expect([g.sample(r2), g.sample(r2)]).toEqual(singles);
        expect(g.sample(createRng(`${String(seed)}x`), 5)).not.toEqual(g.sample(createRng(seed), 5));
      }),
      { numRuns: 50 },
    );
  });
});
