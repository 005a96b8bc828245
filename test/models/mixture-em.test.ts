/**
 * Mixture EM against the reference EM written in numpy (test/fixtures/generate_mixture.py, the
 * issue's "EM semantics"): Bernoulli columns (binarised digits, K = 5, α = 1), categorical
 * columns (real sample weights, α = 0.5) and mixed Gaussian + Bernoulli + categorical columns
 * (integer-times-real sample weights with zeros, α = 0.5, regVariance 1e-4). For each, every
 * iteration's parameters and trace through expectedStats + fromStats, and Mixture.fit from the
 * same start for N = 1, 5, 20: parameters, trace, posteriors, log-likelihood per row, BIC, AIC,
 * each within 1e-9 relative. (The Poisson fixtures are checked in poisson.test.ts.)
 *
 * Also the default fit's quality: on overlapping Gaussian clusters, Mixture.fit with K
 * components and nInit starts reaches at least scikit-learn's GaussianMixture(diag) with the
 * same K and n_init (its final lower bound and score, 1e-3 absolute slack).
 */
import { describe, expect, it } from "vitest";
import { Mixture } from "../../src/index.js";
import { fixture } from "../helpers.js";
import { Worst, rowsOf } from "./helpers.js";
import { checkEmFixture, type EmFixture } from "./reference.js";

const NAMES = ["bernoulli-digits", "categorical", "mixed"];
const fixtures = await Promise.all(NAMES.map((n) => fixture<EmFixture>(`mixture/em-${n}.json`)));
const worst = new Worst();

describe("Mixture EM against the numpy reference", () => {
  it.each(fixtures)("$name: every iteration, and fit from the same start", (f) => {
    checkEmFixture(f, worst);
  });

  it("reports the largest relative error per quantity", () => {
    console.log(worst.report("Mixture vs the numpy reference EM (max relative error):"));
    expect(fixtures.length).toBe(3);
  });
});

interface FitQuality {
  data: Record<string, { rows: number; cols: number; X: number[] }>;
  cases: { name: string; dataset: string; components: number; nInit: number; lowerBound: number; score: number }[];
}

const quality = await fixture<FitQuality>("mixture/fit-quality.json");

describe("the default fit reaches scikit-learn's GaussianMixture on overlapping clusters", () => {
  const measured: string[] = [];
  it.each(quality.cases)("$name", (c) => {
    const d = quality.data[c.dataset]!;
    const X = rowsOf(d.X, d.cols);
    const mix = Mixture.fit(X, { nComponents: c.components, nInit: c.nInit });
    const trace = mix.logLikelihoodTrace;
    const last = trace[trace.length - 1]!;
    const score = mix.logLikelihood(X) / d.rows;
    measured.push(
      `  ${c.name.padEnd(32)} ours ${last.toFixed(6)} (score ${score.toFixed(6)}), scikit-learn ${c.lowerBound.toFixed(6)} (score ${c.score.toFixed(6)})`,
    );
    expect(mix.converged).toBe(true);
    expect(last).toBeGreaterThanOrEqual(c.lowerBound - 1e-3);
    expect(score).toBeGreaterThanOrEqual(c.score - 1e-3);
  });

  it("reports the final mean log-likelihoods", () => {
    console.log(`default fit vs scikit-learn (mean log-likelihood per row):\n${measured.join("\n")}`);
    expect(measured.length).toBe(quality.cases.length);
  });
});
