import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng, Exponential, ExponentialStats, Mixture, NaiveBayes, Product, Schema } from "../../src/index.js";
import { ksTest } from "../../src/testing/index.js";
import { expectRelative, fixture, MIN_NORMAL, num, type FixtureNumber } from "../helpers.js";

// References from test/fixtures/generate_exponential.py: scipy.stats.expon(scale = 1/rate)
// where it agrees with 50-digit mpmath at the exact doubles, mpmath's values where it does not
// ("scipyOff": scipy's logcdf is -inf where rate·x underflows, and its pdf/sf lose digits
// through the rounded scale 1/rate at the extreme rates).
interface Point {
  rate: number;
  x: number;
  logpdf: FixtureNumber;
  pdf: number;
  cdf: number;
  logcdf: FixtureNumber;
  sf: number;
  logsf: FixtureNumber;
  ref: "scipy" | "mpmath";
  scipyOff?: string[];
}
interface Fit {
  name: string;
  data: number[];
  rate: number;
  sampleWeight?: number[];
  scipyRate?: number;
  logLikelihood: number;
}
const ref = await fixture<{
  points: Point[];
  quantiles: { rate: number; q: number; x: FixtureNumber }[];
  moments: { rate: number; mean: number; variance: FixtureNumber; entropy: number }[];
  fits: Fit[];
}>("exponential.json");

// The closed forms are a few roundings from the truth; the tails' condition number is λx, so
// the survival at λx = 745 has ~745 ulps of the input's rounding in it.
const REL = 1e-13;

function expectValue(actual: number, expected: FixtureNumber, rel: number, label: string): void {
  const e = num(expected);
  if (Math.abs(e) >= MIN_NORMAL || e === 0 || !Number.isFinite(e)) expectRelative(actual, e, rel, label);
  else if (!(Math.abs(actual - e) <= 4 * 2 ** -1074)) expect.fail(`${label}: got ${actual}, expected ${e} (subnormal)`);
}

describe("Exponential against scipy.stats.expon (mpmath where scipy is wrong)", () => {
  it("covers the far tails, where scipy's logcdf fails", () => {
    expect(ref.points.length).toBeGreaterThan(150);
    expect(ref.points.some((p) => p.scipyOff?.includes("logcdf") && num(p.logcdf) < -700)).toBe(true);
  });

  it.each(ref.points.map((p) => [`rate ${p.rate}, x = ${p.x} (${p.ref})`, p] as const))("%s", (_, p) => {
    const d = new Exponential(p.rate);
    const survivalRel = Math.max(REL, 4e-16 * p.rate * p.x); // the condition number of e^(−λx)
    // log λ − λx cancels where λx ≈ log λ: the error is then a few ulps of log λ, not of the result.
    const lp = d.logProb(p.x);
    const lpTruth = num(p.logpdf);
    const lpSlack = 4e-16 * (Math.abs(Math.log(p.rate)) + p.rate * p.x);
    if (!(Math.abs(lp - lpTruth) <= lpSlack)) expectValue(lp, p.logpdf, REL, "logProb");
    expectValue(d.prob(p.x), p.pdf, survivalRel, "prob");
    expectValue(d.cdf(p.x), p.cdf, REL, "cdf");
    expectValue(d.logCdf(p.x), p.logcdf, REL, "logCdf");
    expectValue(d.survival(p.x), p.sf, survivalRel, "survival");
    expectValue(d.logSurvival(p.x), p.logsf, REL, "logSurvival");
  });

  it("quantile: −log1p(−q)/λ, Infinity at q = 1", () => {
    for (const r of ref.quantiles) expectRelative(new Exponential(r.rate).quantile(r.q), num(r.x), REL, `q ${r.q}`);
  });

  it("mean, variance and entropy", () => {
    for (const m of ref.moments) {
      const d = new Exponential(m.rate);
      expectRelative(d.mean, m.mean, REL, "mean");
      expectRelative(d.variance, num(m.variance), REL, "variance");
      expectRelative(d.entropy(), m.entropy, REL, "entropy");
    }
  });

  it.each(ref.fits.map((f) => [f.name, f] as const))("fit: %s", (_, f) => {
    const fitted = Exponential.fit(f.data, f.sampleWeight ? { sampleWeight: f.sampleWeight } : {});
    expectRelative(fitted.rate, f.rate, 1e-14, "rate");
    if (f.scipyRate !== undefined) expectRelative(fitted.rate, f.scipyRate, 1e-13, "scipy's expon.fit(floc=0)");
    const w = f.sampleWeight;
    // The log-likelihood at the reference rate, as rows repeated by their (integer) weights.
    if (w === undefined || w.every(Number.isInteger)) {
      const data = w === undefined ? f.data : f.data.flatMap((x, i) => Array<number>(w[i]!).fill(x));
      expectRelative(new Exponential(f.rate).logLikelihood(data), f.logLikelihood, 1e-13, "logLikelihood");
    }
  });
});

describe("Exponential: the scalar API", () => {
  it("refuses bad parameters and data, naming them", () => {
    expect(() => new Exponential(0)).toThrow(/Exponential: rate must be > 0, got 0/);
    expect(() => new Exponential(-1)).toThrow(RangeError);
    expect(() => new Exponential(Infinity)).toThrow(/rate must be finite/);
    expect(() => new Exponential("1" as never)).toThrow(TypeError);
    expect(() => Exponential.fit([])).toThrow(/Exponential.fit: data is empty/);
    expect(() => Exponential.fit([0, 0, 0])).toThrow(/Exponential.fit: .*all values are 0/);
    expect(() => Exponential.fit([1, -1])).toThrow(/Exponential.fit: data\[1\] must be a finite number >= 0, got -1/);
    expect(() => Exponential.fit([1, NaN])).toThrow(/data\[1\] .* got NaN/);
    expect(() => Exponential.fit([1, Infinity])).toThrow(/data\[1\] .* got Infinity/);
    expect(() => Exponential.fit([1], { alpha: 1 } as never)).toThrow(/unknown option "alpha".*sampleWeight/);
    expect(() => Exponential.fit([1, 2], { sampleWeight: [0, 0] })).toThrow(/every weight is 0/);
    expect(() => Exponential.fit([1e-320])).toThrow(/rate overflows/);
    expect(() => new Exponential(1).quantile(1.5)).toThrow(/q must be in \[0, 1\]/);
    expect(() => new Exponential(1).logProb(NaN)).toThrow(/Exponential.logProb: x is NaN/);
    expect(() => Exponential.fromJSON({ type: "Exponential", rate: 0 })).toThrow(/rate must be > 0/);
    expect(() => Exponential.fromJSON({ type: "Poisson", rate: 1 })).toThrow(TypeError);
    expect(() => Exponential.statsFromJSON({ type: "ExponentialStats", count: 0, sum: 1 })).toThrow(/sum 0/);
  });

  it("x < 0 is outside the support", () => {
    const d = new Exponential(2);
    expect(d.logProb(-1)).toBe(-Infinity);
    expect(d.prob(-1e-300)).toBe(0);
    expect(d.cdf(-1)).toBe(0);
    expect(d.logCdf(0)).toBe(-Infinity);
    expect(d.survival(-5)).toBe(1);
    expect(d.logSurvival(0)).toBe(0);
    expect(d.logLikelihood([1, -1])).toBe(-Infinity);
    expect(d.logProb(Infinity)).toBe(-Infinity);
    expect(d.quantile(0)).toBe(0);
    expect(d.quantile(1)).toBe(Infinity);
  });

  it("JSON, toString and statistics", () => {
    const d = new Exponential(0.1 + 0.2);
    expect(Exponential.fromJSON(JSON.parse(JSON.stringify(d))).rate).toBe(d.rate);
    expect(String(new Exponential(0.5))).toBe("Exponential(rate=0.5)");
    const s = Exponential.stats().addAll([1, 2], [1, 3]).merge(new ExponentialStats(2, 4));
    expect(s.count).toBe(6);
    expect(s.sum).toBe(11);
    expect(Exponential.fromStats(Exponential.statsFromJSON(JSON.parse(JSON.stringify(s)))).rate).toBe(6 / 11);
    const before = JSON.stringify(s);
    expect(() => s.addAll([1, -2])).toThrow(/data\[1\]/);
    expect(JSON.stringify(s)).toBe(before); // a failed addAll changes nothing
  });

  it("samples by inversion: seeded, the law passes a KS test, n draws into out", () => {
    const d = new Exponential(3);
    const xs = d.sample(createRng(7), 20000);
    expect(ksTest(xs, d).pValue).toBeGreaterThan(1e-3);
    const out = new Float64Array(5);
    expect(d.sample(createRng(7), 5, out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(xs.subarray(0, 5)));
    const one = createRng(7);
    expect([d.sample(one), d.sample(one)]).toEqual(Array.from(xs.subarray(0, 2)));
    expect(() => d.sample({ next: () => 1 })).toThrow(/Exponential.sample: rng.next\(\) must return/);
    expect(() => d.sample({ next: () => NaN }, 3)).toThrow(RangeError);
    let calls = 0;
    expect(d.sample({ next: () => (calls++ === 0 ? 0 : 0.5) })).toBe(-Math.log(0.5) / 3); // u = 0 is redrawn
  });

  it("fitAsync equals fit", async () => {
    const chunks = [[1, 2], new Float64Array([3, 0.5])];
    expect((await Exponential.fitAsync(chunks)).rate).toBe(Exponential.fit([1, 2, 3, 0.5]).rate);
  });
});

// Multiples of 1/8 below 2^10: every sum of up to 2^40 of them is exact, so weights, splits
// and orders give bit-identical statistics.
const values = fc.array(
  fc.integer({ min: 0, max: 8191 }).map((k) => k / 8),
  { minLength: 1, maxLength: 40 },
);

describe("Exponential.fit: properties", () => {
  it("integer weights equal repeated rows; weight 0 equals the row absent", () => {
    fc.assert(
      fc.property(values, fc.array(fc.nat({ max: 4 }), { minLength: 40, maxLength: 40 }), (xs, w) => {
        const weights = xs.map((_, i) => w[i]!);
        const repeated = xs.flatMap((x, i) => Array<number>(weights[i]!).fill(x));
        fc.pre(repeated.some((x) => x > 0));
        expect(Exponential.fit(xs, { sampleWeight: weights }).rate).toBe(Exponential.fit(repeated).rate);
        const kept = xs.filter((_, i) => weights[i]! > 0);
        const keptW = weights.filter((v) => v > 0);
        expect(Exponential.fit(xs, { sampleWeight: weights }).rate).toBe(
          Exponential.fit(kept, { sampleWeight: keptW }).rate,
        );
      }),
    );
  });

  it("statistics merged in any split equal one fit; their JSON is exact", () => {
    fc.assert(
      fc.property(values, fc.nat(), (xs, at) => {
        fc.pre(xs.some((x) => x > 0));
        const cut = at % (xs.length + 1);
        const a = Exponential.stats().addAll(xs.slice(0, cut));
        const b = Exponential.stats().addAll(xs.slice(cut));
        const merged = Exponential.statsFromJSON(JSON.parse(JSON.stringify(b))).merge(a);
        expect(Exponential.fromStats(merged).rate).toBe(Exponential.fit(xs).rate);
        expect(JSON.stringify(Exponential.statsFromJSON(JSON.parse(JSON.stringify(merged))))).toBe(
          JSON.stringify(merged),
        );
      }),
    );
  });

  it("JSON of a distribution is exact for any rate", () => {
    fc.assert(
      fc.property(fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }), (r) => {
        expect(Exponential.fromJSON(JSON.parse(JSON.stringify(new Exponential(r)))).rate).toBe(r);
      }),
    );
  });
});

describe("Exponential columns in models", () => {
  const rng = createRng(16);
  const X = Array.from({ length: 600 }, (_, i) => [new Exponential(i % 2 === 0 ? 1 : 8).sample(rng), i % 3]);
  const y = X.map((_, i) => (i % 2 === 0 ? "slow" : "fast"));

  it("NaiveBayes: per-class rates Σw/Σwx, weights = repeated rows, JSON and merge", () => {
    const nb = NaiveBayes.fit(X, y, { features: ["exponential", "poisson"] });
    const slow = X.filter((_, i) => y[i] === "slow").map((r) => r[0]!);
    const c = nb.classes.indexOf("slow");
    expect((nb.conditional(c, 0) as Exponential).rate).toBe(Exponential.fit(slow).rate);
    expect(
      nb.predict([
        [0.01, 1],
        [4, 1],
      ]),
    ).toEqual(["fast", "slow"]);
    const again = NaiveBayes.fromJSON(JSON.parse(JSON.stringify(nb)));
    expect(Array.from(again.predictLogProba(X.slice(0, 10)).data)).toEqual(
      Array.from(nb.predictLogProba(X.slice(0, 10)).data),
    );
    const half = NaiveBayes.fit(X.slice(0, 300), y.slice(0, 300), { features: ["exponential", "poisson"] });
    const rest = NaiveBayes.fit(X.slice(300), y.slice(300), { features: ["exponential", "poisson"] });
    const merged = half.merge(rest);
    expect((merged.conditional(c, 0) as Exponential).rate).toBeCloseTo(Exponential.fit(slow).rate, 12);
    const w = X.map((_, i) => i % 3);
    const rep = X.flatMap((r, i) => Array<number[]>(w[i]!).fill(r));
    const repY = y.flatMap((l, i) => Array<string>(w[i]!).fill(l));
    const weighted = NaiveBayes.fit(X, y, { features: ["exponential", "poisson"], sampleWeight: w });
    const repeated = NaiveBayes.fit(rep, repY, { features: ["exponential", "poisson"] });
    expect((weighted.conditional(c, 0) as Exponential).rate).toBeCloseTo(
      (repeated.conditional(c, 0) as Exponential).rate,
      12,
    );
  });

  it("NaiveBayes: a class whose column is all 0 gets the floored rate (a near point mass), not an error", () => {
    const nb = NaiveBayes.fit([[0], [0], [1], [3]], ["a", "a", "b", "b"], { features: "exponential" });
    expect((nb.conditional(0, 0) as Exponential).rate).toBe(2 ** 1022);
    expect(nb.predict([[0], [2]])).toEqual(["a", "b"]);
  });

  it("Product: marginals, JSON, merge; an all-0 column is refused naming it; x < 0 scores −Infinity", () => {
    const p = Product.fit(X, { features: ["exponential", "poisson"] });
    expect((p.marginals[0] as Exponential).rate).toBe(Exponential.fit(X.map((r) => r[0]!)).rate);
    const back = Product.fromJSON(JSON.parse(JSON.stringify(p)));
    expect(Array.from(back.logLikelihoodPerRow(X))).toEqual(Array.from(p.logLikelihoodPerRow(X)));
    expect(back.merge(p).marginals[0]!.toString()).toBe(p.marginals[0]!.toString());
    expect(() =>
      Product.fit(
        [
          [0, 1],
          [0, 2],
        ],
        { features: ["exponential", "gaussian"] },
      ),
    ).toThrow(/Product.fit: Exponential feature 0 .*all values are 0/);
    expect(p.logLikelihoodPerRow([[-1, 1]])[0]).toBe(-Infinity);
    expect(() =>
      Product.fit(
        [
          [1, 1],
          [-2, 2],
        ],
        { features: ["exponential", "poisson"] },
      ),
    ).toThrow(/X\[1\]\[0\] is -2, but an Exponential feature takes finite numbers >= 0/);
    expect(() => new Product([new Exponential(1), {} as never])).toThrow(/Exponential.* got/);
  });

  it("Mixture: EM separates two rates, with sample weights, JSON and merge of expected statistics", () => {
    const x1 = X.map((r) => [r[0]!]);
    const m = Mixture.fit(x1, { nComponents: 2, features: "exponential", rng: createRng(1), nInit: 2 });
    const rates = m.components.map((c) => (c.marginals[0] as Exponential).rate).sort((a, b) => a - b);
    expect(rates[0]).toBeGreaterThan(0.5);
    expect(rates[0]).toBeLessThan(2);
    expect(rates[1]).toBeGreaterThan(4);
    const back = Mixture.fromJSON(JSON.parse(JSON.stringify(m)));
    expect(Array.from(back.logLikelihoodPerRow(x1))).toEqual(Array.from(m.logLikelihoodPerRow(x1)));
    const w = x1.map((_, i) => i % 2);
    const weighted = Mixture.fit(x1, {
      nComponents: 2,
      features: "exponential",
      rng: createRng(1),
      sampleWeight: w,
    });
    expect(weighted.components.every((c) => c.marginals[0] instanceof Exponential)).toBe(true);
    // A component that collapses onto the zeros is floored, not an error.
    const z = Mixture.fit([[0], [0], [0], [1], [2], [3]], {
      nComponents: 2,
      features: "exponential",
      rng: createRng(3),
    });
    expect(z.components.every((c) => Number.isFinite((c.marginals[0] as Exponential).rate))).toBe(true);
  });

  it("tables: a column named exponential; numbers stay Gaussian unless features names them", () => {
    const rows = [
      { wait: 1.5, kind: "a" },
      { wait: 0, kind: "b" },
      { wait: 2, kind: "a" },
    ];
    expect(Schema.infer(rows, { target: "kind" }).kinds).toEqual(["gaussian"]);
    const schema = Schema.infer(rows, { target: "kind", features: { wait: "exponential" } });
    expect(schema.kinds).toEqual(["exponential"]);
    expect(schema.decode(schema.encode(rows).X)).toEqual(rows.map(({ wait }) => ({ wait })));
    expect(() => Schema.infer([{ wait: -1 }], { features: { wait: "exponential" } })).toThrow(
      /rows\[0\]\.wait is -1, .*exponential.*numbers >= 0/,
    );
    const nb = NaiveBayes.fit(rows, { target: "kind", features: { wait: "exponential" } });
    const s = nb.sample(createRng(2), 50);
    expect(s.X.every((r) => typeof r.wait === "number" && r.wait >= 0)).toBe(true);
  });
});
