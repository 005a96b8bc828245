/**
 * Sample weights in NaiveBayes.
 *
 * 1. Parity with scikit-learn 1.2's `sample_weight` (GaussianNB, BernoulliNB, CategoricalNB) on
 *    iris, wine and digits with integer (0..3) and real (exponential) weights, from the fixtures
 *    written by test/fixtures/generate_weights.py: class counts, means, variances, Bernoulli and
 *    categorical log-probabilities and the joint log-likelihood, each within 1e-9 relative.
 *    GaussianNB is compared with var_smoothing = 0: scikit-learn takes epsilon from the
 *    *unweighted* variance of X, ptheta from the weighted one, so that integer weights equal
 *    repeated rows; the weighted epsilon is checked against scikit-learn fitted on the repeated
 *    rows (default var_smoothing).
 * 2. Properties (fast-check): integer weights ≡ repeated rows, weight 0 ≡ row removed, partialFit
 *    in any order ≡ one fit, JSON round trips exact, bad weights refused and nothing changed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NaiveBayes, type FeatureKind, type Label, type NaiveBayesOptions } from "../../src/index.js";
import { fixture } from "../helpers.js";
import { Worst, maxRel, repeatRows, rowsOf } from "../models/helpers.js";
import { makeData, type DataSpec } from "./helpers.js";

interface Case {
  name: string;
  kind: "gaussian" | "bernoulli" | "categorical";
  weights: "integer" | "real";
  transform: "raw" | "median" | "quartiles";
  options: Record<string, unknown>;
  classCount: number[];
  jll: number[];
  means?: number[];
  variances?: number[];
  epsilon?: number;
  featureLogProb?: number[];
  nCategories?: number[];
  categoryLogProb?: number[];
}

interface DataFixture {
  dataset: string;
  rows: number;
  cols: number;
  classes: number;
  X: number[];
  y: number[];
  sampleWeight: { integer: number[]; real: number[] };
  score: number[];
  median?: number[];
  quartiles?: number[];
  cases: Case[];
}

const NAMES = ["iris", "wine", "digits"];
const data = await Promise.all(
  NAMES.map(async (n) => {
    const f = await fixture<DataFixture>(`weights/${n}.json`);
    const categorical = await fixture<{ cases: Case[] }>(`weights/${n}-categorical.json`);
    return { ...f, cases: [...f.cases, ...categorical.cases] };
  }),
);

/** Every row of the data set after the case's transform. */
function transformed(f: DataFixture, transform: Case["transform"]): number[][] {
  const d = f.cols;
  return rowsOf(f.X, d).map((row) =>
    row.map((x, j) => {
      if (transform === "raw") return x;
      if (transform === "median") return x > f.median![j]! ? 1 : 0;
      // np.digitize(x, quartiles): the number of quartiles <= x.
      let code = 0;
      for (let q = 0; q < 3; q++) if (f.quartiles![q * d + j]! <= x) code++;
      return code;
    }),
  );
}

const worst = new Worst();
const TOL = 1e-9;

describe.each(data)("sample_weight parity with scikit-learn on $dataset", (f) => {
  it.each(f.cases)("$name", (c) => {
    const X = transformed(f, c.transform);
    const w = f.sampleWeight[c.weights];
    const nb = NaiveBayes.fit(X, f.y, {
      ...(c.options as NaiveBayesOptions<number>),
      features: c.kind,
      sampleWeight: w,
      // scikit-learn counts the categories of rows of weight 0 too; here a row of weight 0 is no
      // row, so its K_j comes in as minCategories.
      ...(c.nCategories === undefined ? {} : { minCategories: c.nCategories }),
    });
    const C = f.classes;
    expect(nb.classes).toEqual(Array.from({ length: C }, (_, k) => k));
    worst.check(`${c.kind} class counts (${c.weights})`, nb.classCounts, c.classCount, TOL);
    if (c.weights === "integer") expect(Array.from(nb.classCounts)).toEqual(c.classCount); // integer sums: exact
    if (c.means !== undefined) {
      worst.check(`gaussian means (${c.weights})`, nb.means.data, c.means, TOL);
      worst.check(`gaussian variances (${c.weights})`, nb.variances.data, c.variances!, TOL);
      worst.check(`gaussian epsilon (${c.weights})`, [nb.epsilon], [c.epsilon!], TOL);
    }
    if (c.featureLogProb !== undefined) {
      const p = nb.featureProbabilities.data;
      worst.check(`bernoulli log p (${c.weights})`, Array.from(p, Math.log), c.featureLogProb, TOL);
      worst.check(`bernoulli p (${c.weights})`, p, c.featureLogProb.map(Math.exp), TOL);
    }
    if (c.categoryLogProb !== undefined) {
      let at = 0;
      const ours: number[] = [];
      for (let j = 0; j < f.cols; j++) {
        const P = nb.categoryProbabilities(j);
        expect(P.rows).toBe(C);
        expect(P.cols).toBe(c.nCategories![j]);
        for (const v of P.data) ours.push(v);
        at += P.data.length;
      }
      expect(at).toBe(c.categoryLogProb.length);
      worst.check(`categorical log θ (${c.weights})`, ours.map(Math.log), c.categoryLogProb, TOL);
      worst.check(`categorical θ (${c.weights})`, ours, c.categoryLogProb.map(Math.exp), TOL);
    }
    const scored = f.score.map((i) => X[i]!);
    worst.check(`${c.kind} joint log-likelihood (${c.weights})`, nb.jointLogLikelihood(scored).data, c.jll, TOL);
  });
});

describe("parity summary", () => {
  it("reports the largest relative error per quantity", () => {
    console.log(worst.report("sample_weight parity with scikit-learn 1.2.1 (max relative error):"));
    expect(data.length).toBe(3);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const kind = fc.constantFrom<FeatureKind>("gaussian", "bernoulli", "categorical");
const spec: fc.Arbitrary<DataSpec> = fc.record({
  kinds: fc.array(kind, { minLength: 1, maxLength: 5 }),
  classes: fc.integer({ min: 1, max: 3 }),
  rows: fc.integer({ min: 2, max: 40 }),
  seed: fc.integer({ min: 0, max: 1e6 }),
});
const FC = { numRuns: 120, seed: 20260501 };

/** Integer weights 0..3 for n rows, with at least one positive weight in every class. */
function intWeights(seed: number, y: readonly Label[]): number[] {
  let s = seed >>> 0;
  const w = y.map(() => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % 4;
  });
  const seen = new Set<Label>();
  y.forEach((l, i) => {
    if (!seen.has(l)) {
      seen.add(l);
      if (w[i] === 0) w[i] = 1;
    }
  });
  return w;
}

/** The category count of every categorical column: minCategories, so dropped rows cannot shrink K_j. */
const minCategories = 5;

/** Bernoulli and categorical statistics are integer sums: exact. Gaussian ones to 1e-12. */
function expectSameModel(a: NaiveBayes<Label>, b: NaiveBayes<Label>, X: number[][], kinds: FeatureKind[]): void {
  expect(a.classes).toEqual(b.classes);
  expect(a.classCounts).toEqual(b.classCounts);
  expect(a.featureProbabilities.data).toEqual(b.featureProbabilities.data);
  kinds.forEach((k, j) => {
    if (k === "categorical") expect(a.categoryProbabilities(j).data).toEqual(b.categoryProbabilities(j).data);
  });
  expect(
    maxRel(
      a.means.data.filter((v) => !Number.isNaN(v)),
      b.means.data.filter((v) => !Number.isNaN(v)),
    ),
  ).toBeLessThan(1e-12);
  expect(
    maxRel(
      a.variances.data.filter((v) => !Number.isNaN(v)),
      b.variances.data.filter((v) => !Number.isNaN(v)),
    ),
  ).toBeLessThan(1e-12);
  expect(maxRel([a.epsilon], [b.epsilon])).toBeLessThan(1e-12);
  expect(maxRel(a.jointLogLikelihood(X).data, b.jointLogLikelihood(X).data)).toBeLessThan(1e-12);
}

describe("NaiveBayes sample-weight properties", () => {
  it("integer weights equal repeated rows (Gaussian epsilon included)", () => {
    fc.assert(
      fc.property(spec, (s) => {
        const { X, y } = makeData(s);
        const w = intWeights(s.seed, y);
        const options = { features: s.kinds, minCategories };
        const weighted = NaiveBayes.fit(X, y, { ...options, sampleWeight: w });
        const rep = repeatRows(X, y, w);
        const repeated = NaiveBayes.fit(rep.X, rep.y, options);
        expectSameModel(weighted, repeated, X, s.kinds);
      }),
      FC,
    );
  });

  it("a weight of 0 is the row removed", () => {
    fc.assert(
      fc.property(spec, fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (s, drop) => {
        const { X, y } = makeData(s);
        const w = intWeights(s.seed, y).map((v, i) => (drop[i] === true && v > 0 ? 0 : v));
        // Keep every class present: the first row of each class keeps its weight.
        const seen = new Set<Label>();
        y.forEach((l, i) => {
          if (!seen.has(l)) {
            seen.add(l);
            w[i] = Math.max(1, w[i]!);
          }
        });
        // Real weights on the rows kept, so the property is not only about integers.
        const real = w.map((v, i) => (v === 0 ? 0 : v + 0.25 * (i % 3)));
        const options = { features: s.kinds, minCategories };
        const zeroed = NaiveBayes.fit(X, y, { ...options, sampleWeight: real });
        const keep = real.map((v, i) => (v > 0 ? i : -1)).filter((i) => i >= 0);
        const removed = NaiveBayes.fit(
          keep.map((i) => X[i]!),
          keep.map((i) => y[i]!),
          { ...options, sampleWeight: keep.map((i) => real[i]!) },
        );
        expect(zeroed.classes).toEqual(removed.classes);
        expect(maxRel(zeroed.classCounts, removed.classCounts)).toBeLessThan(1e-15);
        expect(maxRel(zeroed.jointLogLikelihood(X).data, removed.jointLogLikelihood(X).data)).toBeLessThan(1e-12);
      }),
      FC,
    );
  });

  it("partialFit with weights, in any order of the chunks, equals one weighted fit", () => {
    fc.assert(
      fc.property(spec, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 1e6 }), (s, parts, order) => {
        const { X, y } = makeData(s);
        const w = intWeights(s.seed, y).map((v, i) => v * (1 + (i % 5) / 8)); // real, exact in binary
        const classes = [...new Set(y)];
        const options = { features: s.kinds, minCategories, classes };
        const whole = NaiveBayes.fit(X, y, { ...options, sampleWeight: w });
        // Chunks of consecutive rows, fed in a shuffled order.
        const size = Math.ceil(X.length / parts);
        const chunks: [number, number][] = [];
        for (let a = 0; a < X.length; a += size) chunks.push([a, Math.min(X.length, a + size)]);
        let r = order;
        for (let i = chunks.length - 1; i > 0; i--) {
          r = (Math.imul(r, 1103515245) + 12345) >>> 0;
          const k = r % (i + 1);
          [chunks[i], chunks[k]] = [chunks[k]!, chunks[i]!];
        }
        const online = new NaiveBayes<Label>(options);
        for (const [a, b] of chunks) online.partialFit(X.slice(a, b), y.slice(a, b), { sampleWeight: w.slice(a, b) });
        expect(online.classCounts).toEqual(whole.classCounts); // exact: the weights are dyadic
        expect(online.featureProbabilities.data).toEqual(whole.featureProbabilities.data);
        s.kinds.forEach((k, j) => {
          if (k === "categorical")
            expect(online.categoryProbabilities(j).data).toEqual(whole.categoryProbabilities(j).data);
        });
        expect(maxRel(online.jointLogLikelihood(X).data, whole.jointLogLikelihood(X).data)).toBeLessThan(1e-12);
        expect(online.predict(X)).toEqual(whole.predict(X));
      }),
      FC,
    );
  });

  it("a weighted model's JSON round trip is exact and predicts identically", () => {
    fc.assert(
      fc.property(spec, (s) => {
        const { X, y } = makeData(s);
        const w = intWeights(s.seed, y).map((v, i) => v * Math.SQRT1_2 + (i % 2) / 3);
        const nb = NaiveBayes.fit(X, y, { features: s.kinds, sampleWeight: w });
        const text = JSON.stringify(nb);
        const back = NaiveBayes.fromJSON(JSON.parse(text));
        expect(JSON.stringify(back)).toBe(text);
        expect(back.jointLogLikelihood(X).data).toEqual(nb.jointLogLikelihood(X).data);
        expect(back.predict(X)).toEqual(nb.predict(X));
      }),
      FC,
    );
  });
});

describe("bad sample weights are refused and change nothing", () => {
  const X = [
    [1.0, 0, 2],
    [1.5, 1, 0],
    [3.1, 1, 1],
    [2.9, 0, 2],
  ];
  const y = ["a", "a", "b", "b"];
  const features: FeatureKind[] = ["gaussian", "bernoulli", "categorical"];
  const bad: [string, unknown, typeof TypeError | typeof RangeError, RegExp][] = [
    ["negative", [1, -1, 1, 1], RangeError, /sampleWeight\[1\] is -1/],
    ["NaN", [1, 1, NaN, 1], RangeError, /sampleWeight\[2\] is NaN/],
    ["Infinity", [Infinity, 1, 1, 1], RangeError, /sampleWeight\[0\] is Infinity/],
    ["-Infinity", [1, 1, 1, -Infinity], RangeError, /sampleWeight\[3\] is -Infinity/],
    ["a string", [1, "2", 1, 1], TypeError, /sampleWeight\[1\] must be a number/],
    ["too short", [1, 1, 1], RangeError, /sampleWeight has 3 values but the data have 4 rows/],
    ["too long", [1, 1, 1, 1, 1], RangeError, /sampleWeight has 5 values but the data have 4 rows/],
    ["not an array", 3, TypeError, /sampleWeight must be an array/],
  ];

  it.each(bad)("NaiveBayes.fit: %s", (_, w, type, message) => {
    const call = (): unknown => NaiveBayes.fit(X, y, { features, sampleWeight: w as number[] });
    expect(call).toThrow(type);
    expect(call).toThrow(message);
    expect(call).toThrow(/NaiveBayes\.fit/);
  });

  it.each(bad)("NaiveBayes.partialFit: %s", (_, w, type, message) => {
    const nb = NaiveBayes.fit(X, y, { features, sampleWeight: [1, 2, 0.5, 1] });
    const before = JSON.stringify(nb);
    const call = (): unknown => nb.partialFit(X, y, { sampleWeight: w as number[] });
    expect(call).toThrow(type);
    expect(call).toThrow(message);
    expect(call).toThrow(/NaiveBayes\.partialFit/);
    expect(JSON.stringify(nb)).toBe(before);
  });

  it("an unfitted model stays unfitted after a refused weight", () => {
    const nb = new NaiveBayes<string>({ features });
    expect(() => nb.partialFit(X, y, { sampleWeight: [1, 1, -2, 1] })).toThrow(/sampleWeight\[2\]/);
    expect(nb.isFitted).toBe(false);
    expect(nb.classes).toEqual([]);
  });
});
