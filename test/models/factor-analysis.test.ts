/**
 * FactorAnalysis against scikit-learn and numpy (test/fixtures/generate_factor_analysis.py).
 * Factor analysis starts where scikit-learn's does (Ψ = 1) and runs the same iteration, so with
 * scikit-learn's iteration count it must reproduce scikit-learn's fit; W is identified only up to
 * rotation, so only rotation-free quantities are compared: the implied covariance, Ψ, per-row
 * log-likelihoods, the Gram matrix Z Zᵀ of posterior means, the posterior covariance's eigenvalues.
 */
import { describe, expect, it } from "vitest";
import { FactorAnalysis, Matrix } from "../../src/index.js";
import { symmetricEigen } from "../../src/core/linear-algebra/symmetric-eigen.js";
import { fixture } from "../helpers.js";

interface Case {
  name: string;
  noise: "diagonal" | "isotropic";
  k: number;
  X?: number[][];
  Xtest?: number[][];
  trainIndex?: number[];
  testIndex?: number[];
  sampleWeight?: number[];
  mean: number[];
  covariance: number[];
  noiseVariance: number[];
  logLikelihoodPerRow: number[];
  logLikelihoodPerRowTest: number[];
  logLikelihood: number;
  gram?: number[];
  posteriorCovarianceEigenvalues?: number[];
  sklearnIterations?: number;
  sklearnPcaScoreSamplesTest?: number[];
}

const synthetic = await fixture<{ cases: Case[] }>("factor-analysis/synthetic.json");
const digits = await fixture<{ digits: number[][]; cases: Case[] }>("factor-analysis/digits.json");

/** max |a − b| / max |b|. */
function relMax(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    m = Math.max(m, Math.abs(a[i]! - b[i]!));
    s = Math.max(s, Math.abs(b[i]!));
  }
  return m / s;
}

function dataOf(c: Case): { X: number[][]; T: number[][] } {
  if (c.X !== undefined) return { X: c.X, T: c.Xtest! };
  return { X: c.trainIndex!.map((i) => digits.digits[i]!), T: c.testIndex!.map((i) => digits.digits[i]!) };
}

describe("FactorAnalysis against scikit-learn and numpy", () => {
  for (const c of [...synthetic.cases, ...digits.cases]) {
    it(c.name, () => {
      const { X, T } = dataOf(c);
      const options =
        c.noise === "diagonal"
          ? { nComponents: c.k, tol: 0, maxIter: c.sklearnIterations!, sampleWeight: c.sampleWeight }
          : { nComponents: c.k, noise: "isotropic" as const };
      const m = FactorAnalysis.fit(X, options);
      // Iterations from the same start repeat scikit-learn's to rounding, which thousands of
      // slowly converging iterations amplify to ~1e-10; the closed form matches numpy to ~1e-14.
      const tol = c.noise === "diagonal" ? 1e-9 : 1e-13;
      expect(relMax(m.mean, c.mean)).toBeLessThan(1e-14);
      expect(relMax(m.covariance.data, c.covariance)).toBeLessThan(tol);
      expect(relMax(m.noiseVariance, c.noiseVariance)).toBeLessThan(c.noise === "diagonal" ? 1e-8 : 1e-13);
      expect(relMax(m.logLikelihoodPerRow(X), c.logLikelihoodPerRow)).toBeLessThan(tol);
      expect(relMax(m.logLikelihoodPerRow(T), c.logLikelihoodPerRowTest)).toBeLessThan(tol);
      if (c.sampleWeight === undefined) {
        expect(Math.abs(m.logLikelihood(X) / c.logLikelihood - 1)).toBeLessThan(tol);
      }
      if (c.noise === "diagonal") {
        expect(m.nIter).toBe(c.sklearnIterations);
        const fit =
          c.sampleWeight === undefined ? X : X.flatMap((row, i) => Array<number[]>(c.sampleWeight![i]!).fill(row));
        const Z = m.transform(fit.slice(0, 12));
        const gram = new Float64Array(144);
        for (let i = 0; i < 12; i++)
          for (let j = 0; j < 12; j++) {
            let s = 0;
            for (let q = 0; q < c.k; q++) s += Z.get(i, q) * Z.get(j, q);
            gram[i * 12 + j] = s;
          }
        expect(relMax(gram, c.gram!)).toBeLessThan(1e-8);
        const post = m.posteriorCovariance;
        const ev = symmetricEigen(post.data, c.k).values;
        expect(relMax(ev, c.posteriorCovarianceEigenvalues!)).toBeLessThan(1e-8);
      }
      if (c.sklearnPcaScoreSamplesTest !== undefined) {
        // scikit-learn's PCA uses the (n − 1) covariance: the same model with W and σ² scaled by
        // n / (n − 1) gives its probabilistic score exactly.
        const n = X.length;
        const f = n / (n - 1);
        const W = m.loadings;
        const scaled = new FactorAnalysis(
          m.mean,
          new Matrix(
            W.data.map((v) => v * Math.sqrt(f)),
            W.rows,
            W.cols,
          ),
          m.noiseVariance.map((v) => v * f),
          "isotropic",
        );
        expect(relMax(scaled.logLikelihoodPerRow(T), c.sklearnPcaScoreSamplesTest)).toBeLessThan(1e-12);
      }
    });
  }

  it("converges on the digits with the default tol, to scikit-learn's optimum", () => {
    const c = digits.cases.find((c) => c.noise === "diagonal")!;
    const { X, T } = dataOf(c);
    const m = FactorAnalysis.fit(X, { nComponents: 10 });
    expect(m.converged).toBe(true);
    expect(m.nIter).toBeLessThan(200);
    // Stopped by tol, not at the optimum: the training log-likelihood is within tol per row of
    // scikit-learn's (run to 1e-9), and the held-out one close to it.
    expect(Math.abs(m.logLikelihood(X) - c.logLikelihood) / X.length).toBeLessThan(1e-3);
    const sum = (xs: ArrayLike<number>): number => Array.from(xs).reduce((a, b) => a + b, 0);
    expect(Math.abs(sum(m.logLikelihoodPerRow(T)) / sum(c.logLikelihoodPerRowTest) - 1)).toBeLessThan(1e-4);
    const trace = m.logLikelihoodTrace;
    expect(trace.length).toBe(m.nIter);
    for (let t = 1; t < trace.length; t++) expect(trace[t]!).toBeGreaterThanOrEqual(trace[t - 1]! - 1e-12);
    // The last trace value is the mean log-likelihood of the model returned.
    expect(Math.abs(trace.at(-1)! - m.logLikelihood(X) / X.length)).toBeLessThan(1e-9);
  });

  it("the free parameters and BIC/AIC", () => {
    const { X } = dataOf(synthetic.cases[0]!);
    const fa = FactorAnalysis.fit(X, { nComponents: 3, maxIter: 5 });
    const pp = FactorAnalysis.fit(X, { nComponents: 3, noise: "isotropic" });
    expect(fa.freeParameters).toBe(8 * 3 - 3 + 8 + 8);
    expect(pp.freeParameters).toBe(8 * 3 - 3 + 8 + 1);
    const ll = fa.logLikelihood(X);
    expect(fa.bic(X)).toBeCloseTo(-2 * ll + fa.freeParameters * Math.log(X.length), 8);
    expect(fa.aic(X)).toBeCloseTo(-2 * ll + 2 * fa.freeParameters, 8);
  });
});

describe("FactorAnalysis.toMultivariateGaussian", () => {
  it("is the implied joint model: the same log-likelihood per row, the same covariance", () => {
    const rows = Array.from({ length: 60 }, (_, i) => [
      Math.sin(i),
      Math.cos(i * 1.3) + 0.1 * i,
      Math.sin(i * 0.7) * 2,
      (i % 7) - 3,
    ]);
    for (const noise of ["diagonal", "isotropic"] as const) {
      const fa = FactorAnalysis.fit(rows, { nComponents: 2, noise });
      const mvn = fa.toMultivariateGaussian();
      const a = fa.logLikelihoodPerRow(rows);
      const b = mvn.logLikelihoodPerRow(rows);
      a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThanOrEqual(1e-10 * Math.abs(v)));
      expect(Array.from(mvn.covariance.data)).toEqual(Array.from(fa.covariance.data));
    }
  });
});
