/**
 * The reference fixtures of test/fixtures/generate_mixture.py and the checks each gets.
 * em-*.json: the fromStats chain (one E-step + M-step at a time, every iteration's parameters
 * and trace), Mixture.fit with `init` for N = 1, 5 and the full count (parameters, trace, nIter,
 * posteriors, per-row log-likelihood, BIC and AIC). semi-supervised-*.json: NaiveBayes.fit with
 * null labels, every iteration's parameters and trace.
 */
import { expect } from "vitest";
import {
  Bernoulli,
  Categorical,
  Gaussian,
  Mixture,
  NaiveBayes,
  Product,
  type Distribution,
  type FeatureKind,
  type NaiveBayesOptions,
} from "../../src/index.js";
import { type Worst, rowsOf } from "./helpers.js";

/** Parameters of one column in one component, as the generator writes them. */
export type ColumnParams = number[]; // gaussian [mean, variance]; bernoulli [p]; categorical θ; poisson [λ]

export interface EmFixture {
  name: string;
  kinds: FeatureKind[];
  rows: number;
  cols: number;
  components: number;
  alpha: number[];
  regVariance: number;
  X: number[];
  sampleWeight: number[];
  start: { weights: number[]; params: ColumnParams[][] };
  steps: { weights: number[]; params: ColumnParams[][] }[];
  trace: number[];
  final: { logLikelihoodPerRow: number[]; predictProba: number[]; bic: number; aic: number };
}

/**
 * How to build a distribution of each kind from its fixture parameters. Poisson is added by the
 * Poisson tests (test/models/poisson.test.ts), so that these helpers don't depend on it.
 */
export const MAKERS: Partial<Record<FeatureKind, (p: ColumnParams) => Distribution<number>>> = {
  gaussian: (p) => new Gaussian(p[0]!, Math.sqrt(p[1]!)),
  bernoulli: (p) => new Bernoulli(p[0]!),
  categorical: (p) => new Categorical(p),
};

/** A Mixture with the given weights and per-component, per-column parameters. */
export function mixtureOf(kinds: readonly FeatureKind[], weights: number[], params: ColumnParams[][]): Mixture {
  return new Mixture(
    weights,
    params.map((comp) => new Product(comp.map((p, j) => MAKERS[kinds[j]!]!(p)))),
  );
}

/** The parameters of one column's distribution in the fixture's layout. */
export function columnParams(kind: FeatureKind, d: Distribution<number>): ColumnParams {
  if (kind === "gaussian") return [d.mean, d.variance];
  if (kind === "categorical") return Array.from((d as Categorical).probs);
  return [d.mean]; // Bernoulli p, Poisson λ
}

/** Every parameter of a mixture's components, flattened component by component, column by column. */
export function flatParams(kinds: readonly FeatureKind[], m: Mixture): number[] {
  return m.components.flatMap((p) => p.marginals.flatMap((d, j) => columnParams(kinds[j]!, d)));
}

/** The same flattening of fixture parameters. */
export function flatFixture(params: ColumnParams[][]): number[] {
  return params.flatMap((comp) => comp.flat());
}

/** The relative tolerance of every comparison with a reference. */
export const TOL = 1e-9;

/** Runs every check of an em-*.json fixture, recording the errors in `worst`. */
export function checkEmFixture(f: EmFixture, worst: Worst): void {
  const X = rowsOf(f.X, f.cols);
  const w = f.sampleWeight;
  const start = mixtureOf(f.kinds, f.start.weights, f.start.params);
  const options = { alpha: f.alpha, regVariance: f.regVariance };

  // One EM iteration at a time: expectedStats then fromStats, against every reference step.
  let m = start;
  f.steps.forEach((step, t) => {
    const stats = m.expectedStats(X, w);
    worst.check(`${f.name}: trace (fromStats chain)`, [stats.logLikelihood / stats.count], [f.trace[t]!], TOL);
    m = Mixture.fromStats(stats, options);
    worst.check(`${f.name}: weights (fromStats chain)`, m.weights, step.weights, TOL);
    worst.check(`${f.name}: parameters (fromStats chain)`, flatParams(f.kinds, m), flatFixture(step.params), TOL);
  });

  // Mixture.fit from the same start.
  const N = f.steps.length;
  for (const n of [1, 5, N]) {
    const fit = Mixture.fit(X, { init: start, maxIter: n, tol: 0, sampleWeight: w, ...options });
    expect(fit.nIter).toBe(n);
    expect(fit.converged).toBe(false);
    expect(fit.featureKinds).toEqual(f.kinds);
    const step = f.steps[n - 1]!;
    worst.check(`${f.name}: weights (fit)`, fit.weights, step.weights, TOL);
    worst.check(`${f.name}: parameters (fit)`, flatParams(f.kinds, fit), flatFixture(step.params), TOL);
    worst.check(`${f.name}: logLikelihoodTrace (fit)`, fit.logLikelihoodTrace, f.trace.slice(0, n), TOL);
    if (n === N) {
      worst.check(`${f.name}: logLikelihoodPerRow`, fit.logLikelihoodPerRow(X), f.final.logLikelihoodPerRow, TOL);
      worst.check(`${f.name}: predictProba`, fit.predictProba(X).data, f.final.predictProba, TOL);
      worst.check(`${f.name}: bic`, [fit.bic(X)], [f.final.bic], TOL);
      worst.check(`${f.name}: aic`, [fit.aic(X)], [f.final.aic], TOL);
    }
  }
}

export interface SemiSupervisedFixture {
  name: string;
  kinds: FeatureKind[];
  rows: number;
  cols: number;
  classes: number;
  options: Record<string, unknown> & { maxIter: number; tol: number };
  X: number[];
  y: (number | null)[];
  sampleWeight: number[];
  iterations: { classCount: number[]; params: ColumnParams[][]; epsilon: number }[];
  trace: number[];
  jointLogLikelihood: number[];
}

/**
 * Runs every check of a semi-supervised-*.json fixture: NaiveBayes.fit with maxIter = t for
 * every t up to the reference's stopping iteration (class weights, parameters, ε and the trace
 * so far), then the full fit (its nIter, trace and joint log-likelihood).
 */
export function checkSemiSupervisedFixture(f: SemiSupervisedFixture, worst: Worst): void {
  const X = rowsOf(f.X, f.cols);
  const T = f.iterations.length - 1;
  const fitWith = (maxIter: number): NaiveBayes<number> =>
    NaiveBayes.fit<number>(X, f.y, {
      ...(f.options as NaiveBayesOptions<number>),
      maxIter,
      sampleWeight: f.sampleWeight,
    });
  for (let t = 0; t <= T; t++) {
    const nb = fitWith(t);
    const ref = f.iterations[t]!;
    expect(nb.nIter).toBe(t);
    expect(nb.classes).toEqual(Array.from({ length: f.classes }, (_, c) => c));
    worst.check(`${f.name}: class weights`, nb.classCounts, ref.classCount, TOL);
    const ours: number[] = [];
    for (let c = 0; c < f.classes; c++)
      for (let j = 0; j < f.cols; j++) ours.push(...columnParams(f.kinds[j]!, nb.conditional(c, j)));
    worst.check(`${f.name}: parameters`, ours, flatFixture(ref.params), TOL);
    if (f.kinds.includes("gaussian")) worst.check(`${f.name}: epsilon`, [nb.epsilon], [ref.epsilon], TOL);
    worst.check(`${f.name}: trace`, nb.logLikelihoodTrace, f.trace.slice(0, t + 1), TOL);
  }
  // The full fit stops where the reference stopped (tol or maxIter).
  const full = fitWith(f.options.maxIter);
  expect(full.nIter).toBe(T);
  worst.check(`${f.name}: trace`, full.logLikelihoodTrace, f.trace, TOL);
  worst.check(`${f.name}: joint log-likelihood`, full.jointLogLikelihood(X).data, f.jointLogLikelihood, TOL);
}
