/**
 * Poisson, the fourth family, in every model:
 * - its scalar API with sample weights (the properties of family-weights.ts);
 * - Poisson Naive Bayes (features: "poisson", λ = (Σ w·x + α) / (N + α)) against the reference
 *   of test/fixtures/generate_weights.py (log-likelihood terms summed in mpmath at 40 digits) on
 *   digits' pixel counts and on synthetic counts with rates up to 5e4, with integer and real
 *   weights, α = 1 and 0.5: class weights, rates and the joint log-likelihood within 1e-9;
 *   (measured: rates exact or 1e-15; the joint log-likelihood 1.2e-11, because the kernel sums
 *   x log λ − λ − log x! directly where the terms cancel — Poisson.logProb is 4e-16 there);
 * - Poisson Naive Bayes properties: integer weights ≡ repeated rows (exact), weight 0 ≡ row
 *   removed, partialFit in any order ≡ fit, JSON exact;
 * - Mixture EM with Poisson and mixed columns, and semi-supervised Naive Bayes with Poisson
 *   columns, against the numpy references of test/fixtures/generate_mixture.py;
 * - Product and Mixture properties with Poisson columns.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng, Mixture, NaiveBayes, Poisson, type PoissonStats, Product, type Label } from "../../src/index.js";
import { fixture } from "../helpers.js";
import { familyWeightProperties, type WeightedStats } from "./family-weights.js";
import { column, makeColumns, maxRel, repeatRows, rowsOf, Worst, type Kind } from "./helpers.js";
import {
  checkEmFixture,
  checkSemiSupervisedFixture,
  columnParams,
  MAKERS,
  type EmFixture,
  type SemiSupervisedFixture,
} from "./reference.js";

MAKERS.poisson = (p) => new Poisson(p[0]!);

familyWeightProperties({
  name: "Poisson",
  fit: (xs, o) => Poisson.fit(xs, o),
  stats: () => Poisson.stats() as unknown as WeightedStats,
  fromStats: (s) => Poisson.fromStats(s as unknown as PoissonStats),
  statsFromJSON: (j) => Poisson.statsFromJSON(j) as unknown as WeightedStats,
  fromJSON: (j) => Poisson.fromJSON(j),
  params: (d) => [(d as Poisson).rate],
  data: (seed, n) => column(makeColumns(["poisson"], n, seed, 3), 0),
  exact: true,
});

interface PoissonCase {
  name: string;
  weights: "integer" | "real";
  alpha: number;
  classCount: number[];
  rates: number[];
  jll: number[];
}
interface PoissonSet {
  dataset: string;
  rows: number;
  cols: number;
  classes: number;
  score: number[];
  sampleWeight: { integer: number[]; real: number[] };
  X?: number[];
  y?: number[];
  cases: PoissonCase[];
}

const poissonFixture = await fixture<{ sets: PoissonSet[] }>("weights/poisson.json");
// The digits set keeps its data in weights/digits.json.
const digits = await fixture<{ X: number[]; y: number[] }>("weights/digits.json");
const worst = new Worst();
const TOL = 1e-9;

describe.each(poissonFixture.sets)("Poisson Naive Bayes against the reference on $dataset", (s) => {
  const X = rowsOf(s.X ?? digits.X, s.cols);
  const y = s.y ?? digits.y;
  it.each(s.cases)("$name", (c) => {
    const nb = NaiveBayes.fit(X, y, { features: "poisson", alpha: c.alpha, sampleWeight: s.sampleWeight[c.weights] });
    expect(nb.classes).toEqual(Array.from({ length: s.classes }, (_, k) => k));
    worst.check(`poisson NB class weights (${c.weights})`, nb.classCounts, c.classCount, TOL);
    worst.check(`poisson NB rates (${c.weights})`, nb.rates.data, c.rates, TOL);
    const scored = s.score.map((i) => X[i]!);
    worst.check(`poisson NB joint log-likelihood (${c.weights})`, nb.jointLogLikelihood(scored).data, c.jll, TOL);
  });
});

const em = await Promise.all(["poisson", "mixed-poisson"].map((n) => fixture<EmFixture>(`mixture/em-${n}.json`)));
const semi = await fixture<SemiSupervisedFixture>("mixture/semi-supervised-poisson.json");

describe("Poisson columns in Mixture EM and semi-supervised Naive Bayes, against the numpy references", () => {
  it.each(em)("Mixture EM: $name", (f) => checkEmFixture(f, worst));
  it("semi-supervised Naive Bayes: poisson + categorical + gaussian", () => checkSemiSupervisedFixture(semi, worst));
  it("reports the largest relative error per quantity", () => {
    console.log(worst.report("Poisson models vs their references (max relative error):"));
    expect(em.length).toBe(2);
  });
});

const kind = fc.constantFrom<Kind>("gaussian", "bernoulli", "categorical", "poisson");
const spec = fc.record({
  kinds: fc.array(kind, { minLength: 1, maxLength: 5 }).map((k) => [...k, "poisson" as Kind]),
  rows: fc.integer({ min: 10, max: 50 }),
  seed: fc.integer({ min: 0, max: 1e6 }),
  K: fc.integer({ min: 1, max: 3 }),
});
const FC = { numRuns: 60, seed: 20260506 };

/** Labels from the rows' first column, three classes, every class in the first three rows. */
function labels(X: number[][]): number[] {
  return X.map((r, i) => (i < 3 ? i : Math.abs(Math.round(r[0]! * 7)) % 3));
}

describe("Poisson Naive Bayes properties", () => {
  it("integer weights equal repeated rows; weight 0 is the row removed", () => {
    fc.assert(
      fc.property(spec, (s) => {
        const X = makeColumns(s.kinds, s.rows, s.seed, 3);
        const y = labels(X);
        const w = X.map((_, i) => (i < 5 ? 1 : (i * 11 + s.seed) % 4));
        const options = { features: s.kinds, minCategories: 5, alpha: 0.5 };
        const weighted = NaiveBayes.fit(X, y, { ...options, sampleWeight: w });
        const rep = repeatRows(X, y, w);
        const repeated = NaiveBayes.fit(rep.X, rep.y, options);
        expect(weighted.rates.data).toEqual(repeated.rates.data); // exact: integer sums
        expect(weighted.classCounts).toEqual(repeated.classCounts);
        expect(maxRel(weighted.jointLogLikelihood(X).data, repeated.jointLogLikelihood(X).data)).toBeLessThanOrEqual(
          1e-12,
        );
        const keep = w.map((v, i) => (v > 0 ? i : -1)).filter((i) => i >= 0);
        const removed = NaiveBayes.fit(
          keep.map((i) => X[i]!),
          keep.map((i) => y[i]!),
          { ...options, sampleWeight: keep.map((i) => w[i]!) },
        );
        expect(weighted.rates.data).toEqual(removed.rates.data);
      }),
      FC,
    );
  });

  it("partialFit in any order equals fit; JSON round trips exactly", () => {
    fc.assert(
      fc.property(spec, fc.boolean(), (s, reverse) => {
        const X = makeColumns(s.kinds, s.rows, s.seed, 3);
        const y = labels(X);
        const w = X.map((_, i) => 1 + (i % 4) / 4);
        const options = { features: s.kinds, minCategories: 5, classes: [0, 1, 2] };
        const whole = NaiveBayes.fit(X, y, { ...options, sampleWeight: w });
        const online = new NaiveBayes<Label>(options);
        const half = Math.floor(s.rows / 2);
        const chunks: [number, number][] = reverse
          ? [
              [half, s.rows],
              [0, half],
            ]
          : [
              [0, half],
              [half, s.rows],
            ];
        for (const [a, b] of chunks) online.partialFit(X.slice(a, b), y.slice(a, b), { sampleWeight: w.slice(a, b) });
        expect(online.rates.data).toEqual(whole.rates.data);
        expect(maxRel(online.jointLogLikelihood(X).data, whole.jointLogLikelihood(X).data)).toBeLessThanOrEqual(1e-12);
        const text = JSON.stringify(whole);
        const back = NaiveBayes.fromJSON(JSON.parse(text));
        expect(JSON.stringify(back)).toBe(text);
        expect(back.jointLogLikelihood(X).data).toEqual(whole.jointLogLikelihood(X).data);
        expect(back.predict(X)).toEqual(whole.predict(X));
      }),
      FC,
    );
  });

  it("a value that is not a count is refused naming the cell", () => {
    expect(() => NaiveBayes.fit([[1], [2.5]], [0, 1], { features: "poisson" })).toThrow(/X\[1\]\[0\] is 2.5/);
    expect(() => NaiveBayes.fit([[-1], [2]], [0, 1], { features: "poisson" })).toThrow(/X\[0\]\[0\] is -1/);
  });
});

describe("Product and Mixture with Poisson columns", () => {
  it("Product.fit's Poisson column equals Poisson.fit (weights included); sampling gives counts", () => {
    fc.assert(
      fc.property(spec, fc.boolean(), (s, weighted) => {
        const X = makeColumns(s.kinds, s.rows, s.seed, 3);
        const w = weighted ? { sampleWeight: X.map((_, i) => 0.5 + (i % 3)) } : {};
        const p = Product.fit(X, { features: s.kinds, ...w });
        s.kinds.forEach((k, j) => {
          if (k !== "poisson") return;
          const own = Poisson.fit(column(X, j), w);
          expect(maxRel([(p.marginals[j] as Poisson).rate], [own.rate])).toBeLessThanOrEqual(1e-13);
        });
        const S = p.sample(createRng(s.seed), 20);
        s.kinds.forEach((k, j) => {
          if (k === "poisson")
            for (let i = 0; i < 20; i++) expect(Number.isInteger(S.get(i, j)) && S.get(i, j) >= 0).toBe(true);
        });
        expect(JSON.stringify(Product.fromJSON(JSON.parse(JSON.stringify(p))))).toBe(JSON.stringify(p));
      }),
      FC,
    );
  });

  it("Mixture: K = 1 is Product.fit; integer weights are repeated rows; JSON exact", () => {
    fc.assert(
      fc.property(spec, (s) => {
        const X = makeColumns(s.kinds, s.rows, s.seed, 3);
        const one = Mixture.fit(X, { nComponents: 1, features: s.kinds, alpha: 0.5, regVariance: 1e-3 });
        const product = Product.fit(X, { features: s.kinds, alpha: 0.5, regVariance: 1e-3 });
        const a = one.components[0]!.marginals.flatMap((d, j) => columnParams(s.kinds[j]!, d));
        const b = product.marginals.flatMap((d, j) => columnParams(s.kinds[j]!, d));
        expect(maxRel(a, b)).toBeLessThanOrEqual(1e-12);

        const start = Mixture.fit(X, { nComponents: s.K, features: s.kinds, maxIter: 0, rng: createRng(s.seed) });
        const w = X.map((_, i) => (i < 5 ? 1 : (i * 5 + s.seed) % 4));
        const weighted = Mixture.fit(X, { init: start, maxIter: 6, tol: 0, sampleWeight: w });
        const rep = repeatRows(X, X, w);
        const repeated = Mixture.fit(rep.X, { init: start, maxIter: 6, tol: 0 });
        const flat = (m: Mixture): number[] => [
          ...m.weights,
          ...m.components.flatMap((p) => p.marginals.flatMap((d, j) => columnParams(s.kinds[j]!, d))),
        ];
        expect(maxRel(flat(weighted), flat(repeated))).toBeLessThanOrEqual(1e-10);
        const text = JSON.stringify(weighted);
        expect(JSON.stringify(Mixture.fromJSON(JSON.parse(text)))).toBe(text);
      }),
      FC,
    );
  });
});
