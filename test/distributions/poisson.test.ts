/**
 * Poisson's own behaviour: errors (what and where), properties (weights as frequency weights,
 * statistics merged in any order, JSON, the CDF and its inverse) and the sampler (seeded,
 * reproducible, and a chi-square goodness-of-fit test at every rate regime: sequential inversion,
 * the CDF table, PTRS). Accuracy against scipy and mpmath is in poisson.fixtures.test.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { regularizedGammaQ } from "../../src/core/gamma.js";
import { fillPoisson, samplePoisson } from "../../src/distributions/poisson/sampler.js";
import { createRng, Poisson, PoissonStats, type Rng } from "../../src/index.js";

describe("errors name the parameter or index and the value", () => {
  it.each([
    [() => new Poisson(-1), RangeError, /Poisson: rate must be >= 0, got -1/],
    [() => new Poisson(NaN), RangeError, /Poisson: rate must be finite, got NaN/],
    [() => new Poisson(Infinity), RangeError, /Poisson: rate must be finite, got Infinity/],
    [() => new Poisson("2" as unknown as number), TypeError, /Poisson: rate must be a number, got "2"/],
    [() => Poisson.fromJSON({ type: "Poisson", rate: -0.5 }), RangeError, /rate must be >= 0, got -0.5/],
    [() => Poisson.fromJSON({ type: "Gaussian", rate: 1 }), TypeError, /expected an object with type "Poisson"/],
    [() => Poisson.fit([]), RangeError, /Poisson.fit: data is empty/],
    [() => Poisson.fit([1, 2.5]), RangeError, /Poisson.fit: data\[1\] must be an integer count >= 0, got 2.5/],
    [() => Poisson.fit([-1]), RangeError, /Poisson.fit: data\[0\] must be an integer count >= 0, got -1/],
    [() => Poisson.fit([0, NaN]), RangeError, /Poisson.fit: data\[1\] must be an integer count >= 0, got NaN/],
    [() => Poisson.fit([0, Infinity]), RangeError, /data\[1\] must be an integer count >= 0, got Infinity/],
    [() => Poisson.fit([1, "2" as unknown as number]), TypeError, /Poisson.fit: data\[1\] must be a number, got "2"/],
    [() => Poisson.fit([true as unknown as number]), TypeError, /Poisson.fit: data\[0\] must be a number, got true/],
    [() => Poisson.fit(null as unknown as number[]), TypeError, /Poisson.fit: data must be an array/],
    [() => Poisson.fit([1, 2], { sampleWeight: [1, -1] }), RangeError, /sampleWeight\[1\] is -1/],
    [() => Poisson.fit([1, 2], { sampleWeight: [NaN, 1] }), RangeError, /sampleWeight\[0\] is NaN/],
    [() => Poisson.fit([1, 2], { sampleWeight: [1, Infinity] }), RangeError, /sampleWeight\[1\] is Infinity/],
    [() => Poisson.fit([1, 2], { sampleWeight: [1] }), RangeError, /Poisson.fit: sampleWeight has 1 values/],
    [() => Poisson.fit([1, 2], { sampleWeight: [0, 0] }), RangeError, /Poisson.fit: .*every weight is 0/],
    [() => Poisson.fit([1], { alpha: -1 }), RangeError, /Poisson.fit: alpha must be >= 0, got -1/],
    [() => Poisson.fromStats(Poisson.stats()), RangeError, /Poisson.fromStats: the statistics are empty/],
    [() => Poisson.statsFromJSON({ type: "PoissonStats", count: -1, sum: 0 }), RangeError, /count must be >= 0/],
    [() => Poisson.statsFromJSON({ type: "PoissonStats", count: 2, sum: -3 }), RangeError, /sum must be >= 0/],
    [() => Poisson.statsFromJSON({ type: "PoissonStats", count: 0, sum: 3 }), RangeError, /empty statistics/],
    [() => Poisson.statsFromJSON({ type: "PoissonStats", count: NaN, sum: 0 }), RangeError, /count must be finite/],
    [() => new Poisson(1).logProb(NaN), RangeError, /Poisson.logProb: x is NaN/],
    [() => new Poisson(1).cdf(NaN), RangeError, /Poisson.cdf: x is NaN/],
    [() => new Poisson(1).quantile(1.5), RangeError, /Poisson.quantile: q must be in \[0, 1\], got 1.5/],
    [() => new Poisson(1).logLikelihood([1, NaN]), RangeError, /Poisson.logLikelihood: data\[1\] is NaN/],
    [() => new Poisson(1).logLikelihood([1, "a" as unknown as number]), TypeError, /data\[1\] must be a number/],
    [() => new Poisson(1).sample(createRng(1), -1), RangeError, /Poisson.sample: n must be an integer >= 0/],
  ] as const)("%#", (make, type, message) => {
    expect(make).toThrow(type);
    expect(make).toThrow(message);
  });

  it("a failed addAll changes nothing", () => {
    const s = Poisson.stats().addAll([1, 2]);
    expect(() => s.addAll([3, 4, -1])).toThrow(/data\[2\]/);
    expect(() => s.addAll([3, 4], [1, NaN])).toThrow(/sampleWeight\[1\]/);
    expect(s.toJSON()).toEqual({ type: "PoissonStats", count: 2, sum: 3 });
  });

  it("an rng whose next() leaves [0, 1) is a RangeError naming rng, at every rate and path", () => {
    for (const bad of [NaN, 1, -1, 2]) {
      const rng: Rng = { next: () => bad };
      for (const rate of [0.5, 9, 50, 5000, 1e9]) {
        const d = new Poisson(rate);
        expect(() => d.sample(rng), `${rate}, ${bad}`).toThrow(/Poisson.sample: rng.next\(\) must return/);
        expect(() => d.sample(rng, 100), `${rate}, ${bad}`).toThrow(RangeError);
        expect(() => d.sample(rng, 3), `${rate}, ${bad}`).toThrow(RangeError);
      }
    }
  });
});

describe("the support and the point mass at 0", () => {
  it("gives -Infinity (prob 0) off the non-negative integers, and NaN throws", () => {
    const d = new Poisson(2.5);
    for (const k of [-1, 0.5, 2.0000001, Infinity, -Infinity]) {
      expect(d.logProb(k)).toBe(-Infinity);
      expect(d.prob(k)).toBe(0);
    }
    expect(d.logLikelihood([1, 2, 0.5])).toBe(-Infinity);
    expect(d.logLikelihood([])).toBe(0);
  });

  it("rate 0 is the point mass at 0", () => {
    const d = new Poisson(0);
    expect([d.logProb(0), d.prob(0), d.logProb(1), d.prob(1)]).toEqual([0, 1, -Infinity, 0]);
    expect([d.cdf(0), d.logCdf(0), d.cdf(-1), d.quantile(1), d.quantile(0.3), d.entropy()]).toEqual([1, 0, 0, 0, 0, 0]);
    expect(Array.from(d.sample(createRng(1), 5))).toEqual([0, 0, 0, 0, 0]);
    expect(Poisson.fit([0, 0]).rate).toBe(0);
  });

  it("cdf takes ⌊x⌋, quantile has the limits 0 and Infinity", () => {
    const d = new Poisson(3.7);
    expect(d.cdf(2.9)).toBe(d.cdf(2));
    expect(d.logCdf(-0.5)).toBe(-Infinity);
    expect(d.cdf(Infinity)).toBe(1);
    expect(d.quantile(0)).toBe(0);
    expect(d.quantile(1)).toBe(Infinity);
  });
});

const counts = fc.array(fc.nat({ max: 60 }), { minLength: 1, maxLength: 40 });
const rates = fc.oneof(
  fc.double({ min: 1e-6, max: 30, noNaN: true }),
  fc.double({ min: 30, max: 1e6, noNaN: true }),
  fc.constantFrom(1e9, 1e12, 1e15),
);

describe("fitting: the weighted mean, weights as frequency weights", () => {
  it("integer weights give exactly what repeated rows give; weight 0 removes the row", () => {
    fc.assert(
      fc.property(counts, fc.array(fc.nat({ max: 4 }), { minLength: 40, maxLength: 40 }), (xs, w) => {
        const weights = w.slice(0, xs.length);
        fc.pre(weights.some((v) => v > 0));
        const repeated = xs.flatMap((x, i) => Array<number>(weights[i]!).fill(x));
        expect(Poisson.fit(xs, { sampleWeight: weights }).rate).toBe(Poisson.fit(repeated).rate);
        expect(Poisson.fit(xs, { sampleWeight: weights, alpha: 0.5 }).rate).toBe(
          Poisson.fit(repeated, { alpha: 0.5 }).rate,
        );
      }),
    );
  });

  it("statistics merged in any order and split equal one fit (exactly, for counts)", () => {
    fc.assert(
      fc.property(counts, counts, counts, (a, b, c) => {
        const all = [...a, ...b, ...c];
        const fit = Poisson.fit(all);
        const left = Poisson.stats().addAll(a).merge(Poisson.stats().addAll(b)).merge(Poisson.stats().addAll(c));
        const right = Poisson.stats()
          .addAll(c)
          .merge(Poisson.stats().addAll(b).merge(Poisson.stats().addAll(a)));
        const oneByOne = Poisson.stats();
        all.forEach((x) => oneByOne.add(x));
        for (const s of [left, right, oneByOne]) {
          expect(s.count).toBe(all.length);
          expect(Poisson.fromStats(s).rate).toBe(fit.rate);
        }
      }),
    );
  });

  it("weighted add equals weighted addAll equals the weighted fit", () => {
    fc.assert(
      fc.property(counts, fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 40 }), (xs, w) => {
        const weights = w.slice(0, xs.length);
        const one = Poisson.stats();
        xs.forEach((x, i) => one.add(x, weights[i]));
        const all = Poisson.stats().addAll(xs, weights);
        const fit = Poisson.fit(xs, { sampleWeight: weights }).rate;
        expect(Math.abs(Poisson.fromStats(one).rate - fit)).toBeLessThanOrEqual(1e-14 * fit + 1e-300);
        expect(Poisson.fromStats(all).rate).toBe(fit);
      }),
    );
  });

  it("alpha is the Gamma(α, α) posterior mean (Σx + α)/(n + α), and the MLE maximises the likelihood", () => {
    expect(Poisson.fit([0, 0, 0], { alpha: 1 }).rate).toBe(0.25);
    expect(Poisson.fromStats(Poisson.stats(), { alpha: 2 }).rate).toBe(1);
    fc.assert(
      fc.property(counts, fc.double({ min: -0.2, max: 0.2, noNaN: true }), (xs, shift) => {
        const mle = Poisson.fit(xs);
        fc.pre(mle.rate > 0);
        const best = mle.logLikelihood(xs);
        expect(new Poisson(mle.rate * (1 + shift)).logLikelihood(xs)).toBeLessThanOrEqual(best + 1e-12 * -best);
      }),
    );
  });
});

describe("JSON round trips exactly", () => {
  it("Poisson and PoissonStats", () => {
    fc.assert(
      fc.property(rates, counts, (rate, xs) => {
        const d = new Poisson(rate);
        const back = Poisson.fromJSON(JSON.parse(JSON.stringify(d)));
        expect(back.rate).toBe(rate);
        expect(back.toString()).toBe(d.toString());
        const s = Poisson.stats().addAll(
          xs,
          xs.map((_, i) => 0.5 + i),
        );
        const t = Poisson.statsFromJSON(JSON.parse(JSON.stringify(s)));
        expect(t).toBeInstanceOf(PoissonStats);
        expect(t.toJSON()).toEqual(s.toJSON());
        expect(Poisson.fromStats(t).rate).toBe(Poisson.fromStats(s).rate);
        expect(s.clone().toJSON()).toEqual(s.toJSON());
      }),
    );
  });
});

describe("the CDF and the quantile", () => {
  it("cdf and logCdf rise with k; survival is 1 − cdf; quantile(cdf(k)) = k", () => {
    fc.assert(
      fc.property(rates, fc.double({ min: -8, max: 8, noNaN: true }), (rate, z) => {
        const d = new Poisson(rate);
        const k = Math.max(0, Math.round(rate + z * Math.sqrt(rate)));
        const [c0, c1] = [d.cdf(k), d.cdf(k + 1)];
        expect(c0).toBeLessThanOrEqual(c1);
        expect(d.logCdf(k)).toBeLessThanOrEqual(d.logCdf(k + 1));
        expect(Math.abs(c0 + d.survival(k) - 1)).toBeLessThanOrEqual(4e-16);
        // cdf(k) is the smallest level reaching k whenever it is below 1 and above cdf(k − 1).
        if (c0 < 1 && (k === 0 || d.cdf(k - 1) < c0)) expect(d.quantile(c0)).toBe(k);
        // and q strictly between two steps maps to the upper one. Where the CDF rounds to
        // adjacent doubles (within ~1e-15 of 1) the midpoint is one of them; it then maps to k only
        // if cdf(k − 1) is below it (else to the first count whose CDF rounds to the same double).
        if (c0 < c1 && c1 < 1) {
          const mid = (c0 + c1) / 2;
          if (mid > c0) expect(d.quantile(mid)).toBe(k + 1);
          else if (k === 0 || d.cdf(k - 1) < c0) expect(d.quantile(mid)).toBe(k);
        }
      }),
    );
  });

  it("quantile is the smallest k with cdf(k) ≥ q, far into both tails", () => {
    for (const rate of [1e-10, 0.5, 3.7, 30.5, 1e3, 1e6, 1e12, 1e15]) {
      const d = new Poisson(rate);
      for (const q of [1e-300, 1e-100, 1e-10, 0.01, 0.5, 0.99, 1 - 1e-10, 1 - 2 ** -53]) {
        const k = d.quantile(q);
        expect(d.cdf(k), `rate ${rate}, q ${q}`).toBeGreaterThanOrEqual(q);
        if (k > 0) expect(d.cdf(k - 1), `rate ${rate}, q ${q}`).toBeLessThan(q);
      }
    }
  });
});

/** A chi-square goodness-of-fit p-value of counts against Poisson(rate), cells merged to expected ≥ 5. */
function chiSquarePValue(draws: Float64Array, rate: number): number {
  const d = new Poisson(rate);
  const n = draws.length;
  // Cells between the quantiles at j/40, so that wide distributions get as few cells as narrow ones.
  const edges = [-1];
  for (let j = 1; j < 40; j++) {
    const k = d.quantile(j / 40);
    if (k > edges[edges.length - 1]!) edges.push(k);
  }
  edges.push(Infinity);
  const expected: number[] = [];
  for (let c = 1; c < edges.length; c++) expected.push(n * (d.cdf(edges[c]!) - d.cdf(edges[c - 1]!)));
  const observed = new Array<number>(expected.length).fill(0);
  for (const x of draws) {
    let c = 0;
    while (x > edges[c + 1]!) c++;
    observed[c]!++;
  }
  // Merge cells with expected < 5 into their neighbour.
  const e: number[] = [];
  const o: number[] = [];
  for (let c = 0; c < expected.length; c++) {
    if (e.length > 0 && (e[e.length - 1]! < 5 || expected[c]! < 5)) {
      e[e.length - 1]! += expected[c]!;
      o[o.length - 1]! += observed[c]!;
    } else {
      e.push(expected[c]!);
      o.push(observed[c]!);
    }
  }
  const statistic = e.reduce((s, ec, c) => s + (o[c]! - ec) ** 2 / ec, 0);
  const df = e.length - 1;
  expect(df).toBeGreaterThanOrEqual(1);
  return regularizedGammaQ(df / 2, statistic / 2);
}

describe("the sampler", () => {
  // Seeded, so each p-value is fixed; the significance 1e-4 leaves room for the multiple tests.
  // The rates cover every path: one draw by sequential inversion (< 10) or PTRS, and n draws
  // through the CDF table (< 10⁴, its masses re-anchored every 32 counts) or PTRS.
  const ALPHA = 1e-4;
  const N = 20000;

  it.each([1e-3, 0.5, 3.7, 9.99, 10, 30.5, 999.5, 5000.5, 9999, 1e4, 1e6, 1e12, 1e15])(
    "passes a chi-square goodness-of-fit test at rate %s (one draw at a time and n at once)",
    (rate) => {
      const d = new Poisson(rate);
      const many = d.sample(createRng(`gof ${rate}`), N);
      expect(chiSquarePValue(many, rate)).toBeGreaterThan(ALPHA);
      const rng = createRng(`gof single ${rate}`);
      const single = Float64Array.from({ length: N }, () => d.sample(rng));
      expect(chiSquarePValue(single, rate)).toBeGreaterThan(ALPHA);
      for (const x of many) expect(Number.isInteger(x) && x >= 0).toBe(true);
    },
  );

  it("the goodness-of-fit test has power: draws at rate 30.5 fail against rate 31.5", () => {
    expect(chiSquarePValue(new Poisson(30.5).sample(createRng("power"), N), 31.5)).toBeLessThan(1e-6);
  });

  it("is reproducible per seed, and fills out when given", () => {
    fc.assert(
      fc.property(rates, fc.nat({ max: 100 }), fc.string(), (rate, n, seed) => {
        const d = new Poisson(rate);
        const a = d.sample(createRng(seed), n);
        const out = new Float64Array(n + 3);
        const b = d.sample(createRng(seed), n, out);
        expect(b).toBe(out);
        expect(Array.from(b.subarray(0, n))).toEqual(Array.from(a));
        expect(d.sample(createRng(seed))).toBe(d.sample(createRng(seed)));
      }),
    );
  });

  it("below rate 10 the table and the sequential search invert the same CDF: the same draws", () => {
    for (const rate of [1e-9, 0.2, 1, 4.5, 9.999]) {
      const n = 5000;
      const fast = new Float64Array(n);
      fillPoisson(createRng(7), fast, n, rate);
      const rng = createRng(7);
      const one = Float64Array.from({ length: n }, () => samplePoisson(rng, rate));
      expect(Array.from(fast)).toEqual(Array.from(one));
    }
  });
});
