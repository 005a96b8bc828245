/**
 * Semi-supervised Naive Bayes (null labels) against the reference written in numpy
 * (test/fixtures/generate_mixture.py, Nigam, McCallum, Thrun & Mitchell 2000, as the issue
 * specifies): iteration 0 on the labelled rows alone with K_j from every row, then E-step on the
 * unlabelled rows and weighted M-step on all rows, priors N_c / N; the trace averages log p(x, y)
 * over labelled rows and log p(x) over unlabelled ones. Every iteration's class weights,
 * parameters, ε and trace within 1e-9 relative, and the stopping iteration (tol and maxIter).
 * Fixtures: binarised digits (Bernoulli, 60 labels of 500, tol 0, maxIter 12) and mixed
 * Gaussian + categorical + Bernoulli columns with real sample weights (a category seen only in
 * an unlabelled row, varSmoothing 1e-3, stops by tol). The Poisson fixture is in poisson.test.ts.
 */
import { describe, expect, it } from "vitest";
import { NaiveBayes } from "../../src/index.js";
import { fixture } from "../helpers.js";
import { Worst } from "./helpers.js";
import { checkSemiSupervisedFixture, type SemiSupervisedFixture } from "./reference.js";

const NAMES = ["bernoulli-digits", "mixed"];
const fixtures = await Promise.all(
  NAMES.map((n) => fixture<SemiSupervisedFixture>(`mixture/semi-supervised-${n}.json`)),
);
const worst = new Worst();

describe("semi-supervised NaiveBayes against the numpy reference", () => {
  it.each(fixtures)("$name", (f) => {
    checkSemiSupervisedFixture(f, worst);
  });

  it("reports the largest relative error per quantity", () => {
    console.log(worst.report("semi-supervised NaiveBayes vs the numpy reference (max relative error):"));
    expect(fixtures.length).toBe(2);
  });
});

describe("semi-supervised NaiveBayes behaviour", () => {
  const X = [
    [0, 1, 2.0],
    [1, 1, 2.5],
    [0, 0, -1.0],
    [1, 0, -1.5],
    [0, 1, 2.2],
    [1, 0, -0.8],
  ];
  const features = ["bernoulli", "categorical", "gaussian"] as const;

  it("with no null label the result is exactly the supervised fit", () => {
    const y = ["a", "a", "b", "b", "a", "b"];
    const a = NaiveBayes.fit(X, y, { features: [...features], maxIter: 5, tol: 0 });
    const b = new NaiveBayes<string>({ features: [...features], maxIter: 5, tol: 0 }).partialFit(X, y);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.logLikelihoodTrace).toEqual([]);
    expect(a.nIter).toBe(0);
  });

  it("undefined marks an unlabelled row as null does", () => {
    const withNull = NaiveBayes.fit(X, ["a", null, "b", null, "a", "b"], { features: [...features] });
    const withUndefined = NaiveBayes.fit(X, ["a", undefined, "b", undefined, "a", "b"], { features: [...features] });
    expect(JSON.stringify(withUndefined)).toBe(JSON.stringify(withNull));
    expect(withUndefined.logLikelihoodTrace).toEqual(withNull.logLikelihoodTrace);
  });

  it("the trace never decreases (EM on the observed-data likelihood)", () => {
    const nb = NaiveBayes.fit(X, ["a", null, "b", null, null, "b"], { features: [...features], maxIter: 30, tol: 0 });
    const t = nb.logLikelihoodTrace;
    expect(t.length).toBe(31);
    for (let i = 1; i < t.length; i++) expect(t[i]!).toBeGreaterThanOrEqual(t[i - 1]! - 1e-12 * Math.abs(t[i - 1]!));
  });

  it("every label null is an error naming it; so is a null label in partialFit (naming its index)", () => {
    expect(() => NaiveBayes.fit(X, [null, null, null, null, null, null], { features: [...features] })).toThrow(
      RangeError,
    );
    expect(() => NaiveBayes.fit(X, [null, null, null, null, null, null], { features: [...features] })).toThrow(
      /every label is null/,
    );
    const nb = NaiveBayes.fit(X, ["a", "a", "b", "b", "a", "b"], { features: [...features] });
    const before = JSON.stringify(nb);
    expect(() => nb.partialFit(X, ["a", "a", null, "b", "a", "b"] as never)).toThrow(/NaiveBayes.partialFit: y\[2\]/);
    expect(JSON.stringify(nb)).toBe(before);
  });
});
