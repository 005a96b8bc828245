/**
 * Properties of NaiveBayes checked with fast-check on random mixed-type data sets:
 * chunked partialFit equals fit, posteriors are normalised and consistent, sampled data refit
 * recovers the model, JSON round trips are bit-exact and log p(x) ≥ log p(x, y).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng, NaiveBayes, type FeatureKind, type Label } from "../../src/index.js";
import { makeData, maxRelErr, type DataSpec } from "./helpers.js";

const kind = fc.constantFrom<FeatureKind>("gaussian", "bernoulli", "categorical");
const spec: fc.Arbitrary<DataSpec> = fc.record({
  kinds: fc.array(kind, { minLength: 1, maxLength: 6 }),
  classes: fc.integer({ min: 1, max: 4 }),
  rows: fc.integer({ min: 1, max: 60 }),
  seed: fc.integer({ min: 0, max: 1e6 }),
  stringLabels: fc.boolean(),
});
const FC = { numRuns: 150, seed: 20261125 };

/** Splits 0..n into consecutive chunks at the given cut points. */
function chunks(n: number, cuts: number[]): [number, number][] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * n)).filter((c) => c > 0 && c < n))].sort((a, b) => a - b);
  const bounds = [0, ...points, n];
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < bounds.length; i++) out.push([bounds[i]!, bounds[i + 1]!]);
  return out;
}

describe("NaiveBayes properties", () => {
  it("partialFit in any chunking equals one fit (classes appearing late included)", () => {
    fc.assert(
      fc.property(
        spec,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        fc.boolean(),
        (s, cuts, firstSingle) => {
          const { X, y } = makeData(s);
          const options = { features: s.kinds };
          const whole = NaiveBayes.fit(X, y, options);
          const online = new NaiveBayes<Label>(options);
          const parts = chunks(X.length, firstSingle ? [1 / X.length + 1e-9, ...cuts] : cuts);
          for (const [a, b] of parts) online.partialFit(X.slice(a, b), y.slice(a, b));
          expect(online.classes).toEqual(whole.classes);
          expect(online.classCounts).toEqual(whole.classCounts);
          expect(maxRelErr(online.means.data, whole.means.data)).toBeLessThan(1e-12);
          expect(maxRelErr(online.variances.data, whole.variances.data)).toBeLessThan(1e-12);
          expect(online.featureProbabilities.data).toEqual(whole.featureProbabilities.data);
          expect(maxRelErr([online.epsilon], [whole.epsilon])).toBeLessThan(1e-12);
          expect(maxRelErr(online.jointLogLikelihood(X).data, whole.jointLogLikelihood(X).data)).toBeLessThan(1e-12);
          expect(online.predict(X)).toEqual(whole.predict(X));
        },
      ),
      FC,
    );
  });

  it("predictProba rows sum to 1 and equal exp(predictLogProba); predict is the argmax", () => {
    fc.assert(
      fc.property(spec, (s) => {
        const { X, y } = makeData(s);
        const nb = NaiveBayes.fit(X, y, { features: s.kinds });
        const p = nb.predictProba(X);
        const lp = nb.predictLogProba(X);
        const labels = nb.predict(X);
        for (let i = 0; i < p.rows; i++) {
          let sum = 0;
          let best = 0;
          for (let c = 0; c < p.cols; c++) {
            sum += p.get(i, c);
            expect(p.get(i, c)).toBe(Math.exp(lp.get(i, c)));
            if (p.get(i, c) > p.get(i, best)) best = c;
          }
          expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
          expect(nb.classes[best]).toBe(labels[i]);
        }
      }),
      FC,
    );
  });

  it("logLikelihood(X) >= logLikelihood(X, y) row by row, and the totals are the row sums", () => {
    fc.assert(
      fc.property(spec, (s) => {
        const { X, y } = makeData(s);
        const nb = NaiveBayes.fit(X, y, { features: s.kinds });
        const marginal = nb.logLikelihoodPerRow(X);
        const joint = nb.logLikelihoodPerRow(X, y);
        for (let i = 0; i < X.length; i++) expect(marginal[i]!).toBeGreaterThanOrEqual(joint[i]!);
        const sum = (a: Float64Array): number => a.reduce((t, v) => t + v, 0);
        expect(maxRelErr([nb.logLikelihood(X)], [sum(marginal)])).toBeLessThan(1e-12);
        expect(maxRelErr([nb.logLikelihood(X, y)], [sum(joint)])).toBeLessThan(1e-12);
      }),
      FC,
    );
  });

  it("JSON round trip is bit-exact, and the restored model keeps learning identically", () => {
    fc.assert(
      fc.property(spec, fc.boolean(), (s, fixed) => {
        const { X, y } = makeData(s);
        const half = Math.max(1, Math.floor(X.length / 2));
        const nb = new NaiveBayes<Label>({ features: s.kinds, ...(fixed ? { classes: [...new Set(y)] } : {}) });
        nb.partialFit(X.slice(0, half), y.slice(0, half));
        const text = JSON.stringify(nb);
        const back = NaiveBayes.fromJSON(JSON.parse(text));
        expect(JSON.stringify(back)).toBe(text);
        expect(back.jointLogLikelihood(X).data).toEqual(nb.jointLogLikelihood(X).data);
        expect(back.predictProba(X).data).toEqual(nb.predictProba(X).data);
        if (half < X.length) {
          nb.partialFit(X.slice(half), y.slice(half));
          back.partialFit(X.slice(half), y.slice(half));
          expect(JSON.stringify(back)).toBe(JSON.stringify(nb));
        }
        const a = nb.sample(createRng(s.seed), 5);
        const b = back.sample(createRng(s.seed), 5);
        expect(b.X.data).toEqual(a.X.data);
        expect(b.y).toEqual(a.y);
      }),
      FC,
    );
  });

  it("sample-then-fit recovers the priors and parameters within bounds derived from n", () => {
    // z = 6.5: each check fails by chance with probability ~8e-11, so ~1e-7 over the whole run.
    const z = 6.5;
    fc.assert(
      fc.property(spec, fc.integer({ min: 1, max: 1e6 }), (s, sampleSeed) => {
        const { X, y } = makeData({ ...s, rows: Math.max(s.rows, 30) });
        const model = NaiveBayes.fit(X, y, { features: s.kinds });
        const n = 20000;
        const draw = model.sample(createRng(sampleSeed), n);
        expect(draw.X.rows).toBe(n);
        const refit = NaiveBayes.fit(draw.X, draw.y, { features: s.kinds });
        const C = model.classes.length;
        const index = refit.classes.map((l) => model.classes.indexOf(l));
        const priors = model.classPriors;
        const counts = new Float64Array(C);
        refit.classCounts.forEach((v, k) => (counts[index[k]!] = v));
        for (let c = 0; c < C; c++) {
          const p = priors[c]!;
          expect(Math.abs(counts[c]! / n - p)).toBeLessThanOrEqual(z * Math.sqrt((p * (1 - p)) / n) + 1e-12);
        }
        const d = s.kinds.length;
        for (let k = 0; k < refit.classes.length; k++) {
          const c = index[k]!;
          const nc = counts[c]!;
          if (nc < 50) continue; // too few draws for a meaningful bound
          for (let j = 0; j < d; j++) {
            if (s.kinds[j] === "gaussian") {
              const v = model.variances.get(c, j);
              const mean = refit.means.get(k, j);
              expect(Math.abs(mean - model.means.get(c, j))).toBeLessThanOrEqual(z * Math.sqrt(v / nc) + 1e-9);
              // Var of the sample variance ≈ 2σ⁴/(n − 1) for normal data.
              expect(Math.abs(refit.variances.get(k, j) - v)).toBeLessThanOrEqual(
                z * v * Math.sqrt(2 / (nc - 1)) + 2 * refit.epsilon + 1e-9,
              );
            } else if (s.kinds[j] === "bernoulli") {
              const p = model.featureProbabilities.get(c, j);
              // Refit smoothing moves p̂ by at most α/(n_c + 2α) ≤ 1/n_c.
              expect(Math.abs(refit.featureProbabilities.get(k, j) - p)).toBeLessThanOrEqual(
                z * Math.sqrt((p * (1 - p)) / nc) + 1 / nc,
              );
            } else {
              const P = model.categoryProbabilities(j);
              const Q = refit.categoryProbabilities(j);
              for (let t = 0; t < Q.cols; t++) {
                const p = P.get(c, t);
                const K = Math.max(P.cols, Q.cols);
                expect(Math.abs(Q.get(k, t) - p)).toBeLessThanOrEqual(z * Math.sqrt((p * (1 - p)) / nc) + K / nc);
              }
            }
          }
        }
      }),
      { numRuns: 40, seed: 7 },
    );
  });
});
