/**
 * Parity with scikit-learn 1.2.1 (GaussianNB, BernoulliNB, CategoricalNB) on its bundled data
 * sets, from the fixtures written by test/fixtures/generate_naive_bayes.py: the joint
 * log-likelihood of every test row within 1e-9 relative, and identical predictions.
 */
import { describe, expect, it } from "vitest";
import { NaiveBayes, type FeatureKind, type NaiveBayesOptions } from "../../src/index.js";
import { fixture } from "../helpers.js";

interface Case {
  name: string;
  kind: "gaussian" | "bernoulli" | "categorical" | "mixed";
  transform: "raw" | "median" | "quartiles" | "mixed";
  options: Record<string, unknown>;
  classCount: number[];
  jll: number[];
  predict: number[];
  means?: number[];
  variances?: number[];
  epsilon?: number;
  featureLogProb?: number[];
  nCategories?: number[];
  gaussianColumns?: number;
}

interface Fixture {
  dataset: string;
  rows: number;
  cols: number;
  classes: number;
  X: number[];
  y: number[];
  train: number[];
  test: number[];
  median?: number[];
  quartiles?: number[];
  cases: Case[];
}

const NAMES = ["iris", "wine", "breast-cancer", "digits"];
const fixtures: Fixture[] = await Promise.all(NAMES.map((n) => fixture<Fixture>(`naive-bayes/${n}.json`)));

/** The rows `idx` of the fixture's data, after the case's transform. */
function rowsOf(f: Fixture, idx: number[], transform: Case["transform"], gaussianColumns = 0): number[][] {
  const d = f.cols;
  return idx.map((i) => {
    const row = f.X.slice(i * d, (i + 1) * d);
    return row.map((x, j) => {
      if (transform === "raw" || (transform === "mixed" && j < gaussianColumns)) return x;
      if (transform === "median") return x > f.median![j]! ? 1 : 0;
      // np.digitize(x, quartiles): the number of quartiles <= x.
      let code = 0;
      for (let q = 0; q < 3; q++) if (f.quartiles![q * d + j]! <= x) code++;
      return code;
    });
  });
}

// Relative error, measured against max(|expected|, 1) so that scores near 0 are compared absolutely.
function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1);
}

const worst: Record<string, number> = {};

describe.each(fixtures)("scikit-learn parity on $dataset", (f) => {
  it.each(f.cases)("$name", (c) => {
    const Xtr = rowsOf(f, f.train, c.transform, c.gaussianColumns);
    const Xte = rowsOf(f, f.test, c.transform, c.gaussianColumns);
    const ytr = f.train.map((i) => f.y[i]!);
    const features: FeatureKind | FeatureKind[] =
      c.kind === "mixed"
        ? Array.from({ length: f.cols }, (_, j) => (j < c.gaussianColumns! ? "gaussian" : "categorical"))
        : c.kind;
    const options = { ...c.options, features } as NaiveBayesOptions<number>;
    const nb = NaiveBayes.fit(Xtr, ytr, options);
    expect(nb.classes).toEqual(Array.from({ length: f.classes }, (_, k) => k));
    expect(Array.from(nb.classCounts)).toEqual(c.classCount);

    const jll = nb.jointLogLikelihood(Xte);
    expect(jll.rows).toBe(f.test.length);
    expect(jll.cols).toBe(f.classes);
    let maxErr = 0;
    for (let i = 0; i < c.jll.length; i++) maxErr = Math.max(maxErr, relErr(jll.data[i]!, c.jll[i]!));
    worst[`${f.dataset} / ${c.name}`] = maxErr;
    expect(maxErr).toBeLessThan(1e-9);
    expect(nb.predict(Xte)).toEqual(c.predict);

    if (c.epsilon !== undefined) expect(relErr(nb.epsilon, c.epsilon)).toBeLessThan(1e-12);
    if (c.means !== undefined) {
      const m = nb.means.data;
      for (let i = 0; i < m.length; i++) expect(relErr(m[i]!, c.means[i]!)).toBeLessThan(1e-12);
      const v = nb.variances.data;
      for (let i = 0; i < v.length; i++)
        expect(Math.abs(v[i]! - c.variances![i]!) / c.variances![i]!).toBeLessThan(1e-12);
    }
    if (c.featureLogProb !== undefined) {
      const p = nb.featureProbabilities.data;
      for (let i = 0; i < p.length; i++) expect(Math.abs(Math.log(p[i]!) - c.featureLogProb[i]!)).toBeLessThan(1e-12);
    }
    if (c.nCategories !== undefined) {
      for (let j = 0; j < f.cols; j++) expect(nb.categoryProbabilities(j).cols).toBe(c.nCategories[j]);
    }

    // The dense input form gives bit-identical results.
    const dense = { data: Float64Array.from(Xte.flat()), rows: Xte.length, cols: f.cols };
    expect(nb.jointLogLikelihood(dense).data).toEqual(jll.data);
  });
});

describe("parity summary", () => {
  it("reports the largest relative error per case", () => {
    const entries = Object.entries(worst);
    if (entries.length > 0) {
      const lines = entries.map(([k, v]) => `${k.padEnd(58)} ${v.toExponential(2)}`);
      console.log(`max relative error of the joint log-likelihood vs scikit-learn 1.2.1:\n${lines.join("\n")}`);
    }
    expect(true).toBe(true);
  });
});
