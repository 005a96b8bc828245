/**
 * The joint families inside the models against references, from the fixtures of
 * test/fixtures/generate_joint_models.py:
 * - Mixture(covariance: "full") against scikit-learn's GaussianMixture(covariance_type="full"),
 *   started from the same weights, means and covariances (scikit-learn took their inverses as
 *   precisions_init), with tol = 0 and max_iter = N: every parameter after N = 1..10 iterations,
 *   the lower bound, and for N = 1 and 10 predict_proba, score_samples, bic and aic.
 * - NaiveBayes(features: "multinomial") against scikit-learn's MultinomialNB with sample weights,
 *   for (alpha, fit_prior, class_prior) combinations: predictions, predict_log_proba, the
 *   parameters, and the true log p(x, y) (scipy's multinomial.logpmf, coefficient included).
 * - A mixture of multinomials against a numpy EM from a fixed start: the parameters after every
 *   M-step, the trace (mean log p(x), coefficient included), the per-row log p(x), posteriors.
 */
import { describe, expect, it } from "vitest";
import { Mixture, Multinomial, MultivariateGaussian, NaiveBayes, Product, SparseMatrix } from "../../src/index.js";
import { fixture } from "../helpers.js";
import { Worst, rowsOf } from "./helpers.js";

interface FullRun {
  maxIter: number;
  weights: number[];
  means: number[];
  covariances: number[];
  lowerBound: number;
  predictProba?: number[];
  scoreSamples?: number[];
  bic?: number;
  aic?: number;
}

interface FullFixture {
  dataset: string;
  rows: number;
  cols: number;
  components: number;
  regVariance: number;
  X: number[];
  start: { weights: number[]; means: number[]; covariances: number[] };
  minComponentWeight: number;
  runs: FullRun[];
}

interface NbCase {
  alpha: number;
  fitPriors: boolean;
  priors: number[] | null;
  predict: number[];
  predictLogProba: number[];
  featureLogProb: number[];
  classLogPrior: number[];
  jointLogLikelihood: number[];
}

interface NbFixture {
  rows: number;
  cols: number;
  classes: number;
  X: number[];
  y: number[];
  sampleWeight: number[];
  Xtest: number[];
  testRows: number;
  cases: NbCase[];
}

interface MixtureMultinomialFixture {
  rows: number;
  cols: number;
  components: number;
  alpha: number;
  X: number[];
  sampleWeight: number[];
  start: { weights: number[]; probs: number[] };
  maxIter: number;
  trace: number[];
  steps: { weights: number[]; probs: number[] }[];
  logLikelihoodPerRow: number[];
  predictProba: number[];
}

const worst = new Worst();
const TOL = 1e-9;

const full = await Promise.all(
  ["iris", "wine-standardised"].map((n) => fixture<FullFixture>(`joint-models/gaussian-mixture-full-${n}.json`)),
);

function fullStart(f: FullFixture): Mixture {
  const d = f.cols;
  const components = Array.from({ length: f.components }, (_, k) => {
    const cov = rowsOf(f.start.covariances.slice(k * d * d, (k + 1) * d * d), d);
    return new Product([new MultivariateGaussian(f.start.means.slice(k * d, (k + 1) * d), cov)]);
  });
  return new Mixture(f.start.weights, components);
}

describe.each(full)("GaussianMixture(covariance_type='full') parity on $dataset", (f) => {
  const X = rowsOf(f.X, f.cols);
  const start = fullStart(f);

  it("the fixture keeps every N_k above 1, so scikit-learn's 10·eps is below 2.2e-15 relative", () => {
    expect(f.minComponentWeight).toBeGreaterThan(1);
  });

  it.each(f.runs)("after maxIter = $maxIter iterations", (run) => {
    const N = run.maxIter;
    const mix = Mixture.fit(X, { init: start, maxIter: N, tol: 0, regVariance: f.regVariance, covariance: "full" });
    expect(mix.nIter).toBe(N);
    expect(mix.featureKinds.every((k) => k === "multivariate-gaussian")).toBe(true);
    worst.check(`${f.dataset}: weights`, mix.weights, run.weights, TOL);
    const parts = mix.components.map((p) => p.parts[0] as MultivariateGaussian);
    expect(parts.every((g) => g instanceof MultivariateGaussian)).toBe(true);
    worst.check(
      `${f.dataset}: means`,
      parts.flatMap((g) => Array.from(g.mean)),
      run.means,
      TOL,
    );
    worst.check(
      `${f.dataset}: covariances`,
      parts.flatMap((g) => Array.from(g.covariance.data)),
      run.covariances,
      TOL,
    );
    const trace = mix.logLikelihoodTrace;
    expect(trace.length).toBe(N);
    worst.check(`${f.dataset}: lower bound`, [trace[N - 1]!], [run.lowerBound], TOL);
    if (run.predictProba !== undefined) {
      // Posteriors below 1e-200 carry the rounding of log-densities of size ~500 relative to
      // themselves: compared in log space instead.
      const got = mix.predictLogProba(X).data;
      const want = run.predictProba.map(Math.log);
      const abs = got.map((v, i) => Math.abs(v - want[i]!) / Math.max(1, Math.abs(want[i]!)));
      expect(Math.max(...abs)).toBeLessThan(TOL);
      worst.check(`${f.dataset}: score_samples`, mix.logLikelihoodPerRow(X), run.scoreSamples!, TOL);
      worst.check(`${f.dataset}: bic`, [mix.bic(X)], [run.bic!], TOL);
      worst.check(`${f.dataset}: aic`, [mix.aic(X)], [run.aic!], TOL);
      const lower = f.runs.slice(0, N).map((r) => r.lowerBound);
      worst.check(`${f.dataset}: lower bound, every iteration`, trace, lower, TOL);
    }
  });

  it("a fitted full-covariance mixture survives JSON and counts m + m(m+1)/2 parameters per component", () => {
    const mix = Mixture.fit(X, { init: start, maxIter: 3, tol: 0, regVariance: f.regVariance, covariance: "full" });
    const m = f.cols;
    expect(mix.freeParameters).toBe(f.components * (m + (m * (m + 1)) / 2) + f.components - 1);
    const copy = Mixture.fromJSON(JSON.parse(JSON.stringify(mix)));
    expect(Array.from(copy.logLikelihoodPerRow(X))).toEqual(Array.from(mix.logLikelihoodPerRow(X)));
  });
});

const nb = await fixture<NbFixture>("joint-models/multinomial-nb-topics.json");

describe("NaiveBayes(features: 'multinomial') against scikit-learn's MultinomialNB", () => {
  const X = rowsOf(nb.X, nb.cols);
  const Xt = rowsOf(nb.Xtest, nb.cols);
  it.each(nb.cases)("alpha = $alpha, fitPriors = $fitPriors, priors = $priors", (c) => {
    const model = NaiveBayes.fit(X, nb.y, {
      features: "multinomial",
      alpha: c.alpha,
      sampleWeight: nb.sampleWeight,
      fitPriors: c.fitPriors,
      ...(c.priors === null ? {} : { priors: c.priors }),
      classes: [0, 1, 2],
    });
    expect(Array.from(model.predict(Xt))).toEqual(c.predict);
    // A log posterior near 0 (−6.7e-11) is a difference of joint log-likelihoods of size ~50,
    // ours with the coefficient and scikit-learn's without: it agrees to a few ulps of those
    // (absolute), not relative to itself.
    const lp = model.predictLogProba(Xt).data;
    const errors = c.predictLogProba.map((v, i) => Math.abs(lp[i]! - v) / Math.max(1, Math.abs(v)));
    expect(Math.max(...errors)).toBeLessThan(1e-13);
    worst.check("MultinomialNB: predict_proba", lp.map(Math.exp), c.predictLogProba.map(Math.exp), TOL);
    worst.check(
      "MultinomialNB: log p(x, y) with the coefficient",
      model.jointLogLikelihood(Xt).data,
      c.jointLogLikelihood,
      TOL,
    );
    // The same from a SparseMatrix, fitted and scored.
    const sparse = NaiveBayes.fit(SparseMatrix.fromDense(X), nb.y, {
      features: "multinomial",
      alpha: c.alpha,
      sampleWeight: nb.sampleWeight,
      fitPriors: c.fitPriors,
      ...(c.priors === null ? {} : { priors: c.priors }),
      classes: [0, 1, 2],
    });
    const a = sparse.jointLogLikelihood(SparseMatrix.fromDense(Xt)).data;
    const b = model.jointLogLikelihood(Xt).data;
    for (let i = 0; i < a.length; i++)
      expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b[i]!)));
  });
});

const mm = await fixture<MixtureMultinomialFixture>("joint-models/mixture-multinomial.json");

describe("a mixture of multinomials against a numpy EM", () => {
  const X = rowsOf(mm.X, mm.cols);
  const d = mm.cols;
  const start = new Mixture(
    mm.start.weights,
    Array.from(
      { length: mm.components },
      (_, k) => new Product([new Multinomial(mm.start.probs.slice(k * d, (k + 1) * d))]),
    ),
  );
  it.each([1, 2, 5, 15])("after %i M-steps", (N) => {
    const mix = Mixture.fit(X, {
      init: start,
      maxIter: N,
      tol: 0,
      alpha: mm.alpha,
      sampleWeight: mm.sampleWeight,
      features: "multinomial",
    });
    const step = mm.steps[N - 1]!;
    worst.check("mixture of multinomials: weights", mix.weights, step.weights, TOL);
    const probs = mix.components.flatMap((p) => Array.from((p.parts[0] as Multinomial).probs));
    worst.check("mixture of multinomials: θ", probs, step.probs, TOL);
    worst.check("mixture of multinomials: trace", mix.logLikelihoodTrace, mm.trace.slice(0, N), TOL);
    if (N === mm.maxIter) {
      worst.check("mixture of multinomials: log p(x)", mix.logLikelihoodPerRow(X), mm.logLikelihoodPerRow, TOL);
      worst.check("mixture of multinomials: posteriors", mix.predictProba(X).data, mm.predictProba, 1e-8);
      // From a SparseMatrix: the same fit to 1e-12.
      const sparse = Mixture.fit(SparseMatrix.fromDense(X), {
        init: start,
        maxIter: N,
        tol: 0,
        alpha: mm.alpha,
        sampleWeight: mm.sampleWeight,
        features: "multinomial",
      });
      const a = sparse.logLikelihoodPerRow(SparseMatrix.fromDense(X));
      const b = mix.logLikelihoodPerRow(X);
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(1e-12 * Math.abs(b[i]!));
    }
  });
});

describe("joint parity summary", () => {
  it("reports the largest relative error per quantity", () => {
    console.log(worst.report("Joint families in models vs scikit-learn / numpy (max relative error):"));
    expect(full.length).toBe(2);
  });
});
