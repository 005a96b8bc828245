// Issue 21, class 11: with smoothing (α > 0) EM maximises the log-likelihood plus a log prior,
// so the log-likelihood it reports may fall; the objective it increases is reported beside it
// (objectiveTrace), never decreases, and is what the stopping rule reads. Without smoothing the
// two traces are the same numbers. Generated: data, kinds, K, α and the start.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Mixture, NaiveBayes, createRng } from "../../src/index.js";

const kindsArb = fc.array(fc.constantFrom("bernoulli", "categorical", "poisson"), { minLength: 1, maxLength: 4 });

function data(kinds: readonly string[], n: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) =>
    kinds.map((k, j) => {
      const u = rng.next();
      const group = i % 2;
      if (k === "bernoulli") return u < (group === 0 ? 0.2 : 0.7) + 0.05 * j ? 1 : 0;
      if (k === "categorical") return Math.min(3, Math.floor(u * (group === 0 ? 2 : 4)));
      return Math.floor(-Math.log(u) * (group === 0 ? 1.5 : 6));
    }),
  );
}

describe("EM's objective", () => {
  it("never decreases over a smoothed mixture's iterations, and the fit stops on it", () => {
    fc.assert(
      fc.property(
        kindsArb,
        fc.integer({ min: 12, max: 60 }),
        fc.integer({ min: 2, max: 3 }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        (kinds, n, K, alpha, seed) => {
          const X = data(kinds, n, seed);
          const mix = Mixture.fit(X, {
            nComponents: K,
            features: kinds as never,
            alpha,
            tol: 0,
            maxIter: 12,
            rng: createRng(seed),
          });
          const o = mix.objectiveTrace;
          expect(o.length).toBe(mix.logLikelihoodTrace.length);
          for (let t = 1; t < o.length; t++)
            expect(o[t]!).toBeGreaterThanOrEqual(o[t - 1]! - 1e-12 * Math.abs(o[t - 1]!));
          // Restored from JSON, the traces are the model's.
          expect(Mixture.fromJSON(JSON.parse(JSON.stringify(mix))).objectiveTrace).toEqual(o);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("is the log-likelihood where nothing is smoothed", () => {
    const X = data(["poisson", "bernoulli"], 40, 3);
    const mix = Mixture.fit(X, { nComponents: 2, features: ["poisson", "bernoulli"], alpha: 0, maxIter: 8, tol: 0 });
    expect(mix.objectiveTrace).toEqual(mix.logLikelihoodTrace);
    expect(mix.toJSON().fit?.objectiveTrace).toBeUndefined();
  });

  it("is told to onIteration, and semi-supervised Naive Bayes reports it too", () => {
    const X = data(["bernoulli", "categorical"], 30, 5);
    const seen: number[] = [];
    Mixture.fit(X, {
      nComponents: 2,
      features: ["bernoulli", "categorical"],
      alpha: 2,
      maxIter: 5,
      tol: 0,
      onIteration: (p) => seen.push(p.objective),
    });
    expect(seen.length).toBe(5);
    for (let t = 1; t < seen.length; t++)
      expect(seen[t]!).toBeGreaterThanOrEqual(seen[t - 1]! - 1e-12 * Math.abs(seen[t - 1]!));
    const y = X.map((_, i) => (i < 6 ? (i % 2 === 0 ? "a" : "b") : null));
    const nb = NaiveBayes.fit(X, y, { features: ["bernoulli", "categorical"], alpha: 2, maxIter: 6, tol: 0 });
    expect(nb.logLikelihoodTrace.length).toBe(7);
  });
});
