/**
 * The Bernoulli kernel's table-driven scoring (4-bit codes looked up per component) against the
 * log-likelihood written out term by term, log p̂ for a 1 and log(1 − p̂) for a 0: thresholds
 * and 0/1 data, column counts that are not multiples of 4, odd and even component counts,
 * Bernoulli columns among other kinds, tiles of 64 rows and their edges, and rows that go to the
 * slow path (a missing value left out, a value that is not 0/1 refused by name, or scored
 * −Infinity by a mixture).
 */
import { describe, expect, it } from "vitest";
import { Bernoulli, createRng, Gaussian, Mixture, NaiveBayes, Product } from "../../src/index.js";

/** log p(row) under one component's marginals, term by term (a NaN is left out). */
function reference(marginals: (Bernoulli | Gaussian)[], row: readonly number[], threshold: number | null): number {
  let s = 0;
  marginals.forEach((d, j) => {
    const v = row[j]!;
    if (Number.isNaN(v)) return;
    if (d instanceof Gaussian) {
      const z = (v - d.mean) / d.std;
      s += -0.5 * z * z - Math.log(d.std) - 0.5 * Math.log(2 * Math.PI);
      return;
    }
    const bit = threshold === null ? v : v > threshold ? 1 : 0;
    s += bit === 1 ? Math.log(d.p) : Math.log1p(-d.p);
  });
  return s;
}

function close(actual: number, expected: number, label: string): void {
  expect(Math.abs(actual - expected), label).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(expected)));
}

describe("Bernoulli scoring by table equals the terms written out", () => {
  for (const [K, d, n, threshold, mixed] of [
    [1, 1, 70, null, false],
    [2, 6, 130, null, false],
    [3, 7, 64, 0.5, false],
    [4, 9, 80, null, false],
    [10, 64, 150, 7.5, false],
    [5, 7, 65, null, true],
    [2, 13, 200, 2, true],
  ] as const) {
    it(`K = ${K}, ${d} columns, ${n} rows, threshold ${threshold}${mixed ? ", Gaussian columns between" : ""}`, () => {
      const rng = createRng(1000 * K + d);
      const isGauss = (j: number): boolean => mixed && j % 3 === 2;
      const comps = Array.from({ length: K }, () =>
        Array.from({ length: d }, (_, j) =>
          isGauss(j) ? new Gaussian(rng.next(), 1 + rng.next()) : new Bernoulli(0.05 + 0.9 * rng.next()),
        ),
      );
      const X = Array.from({ length: n }, () =>
        Array.from({ length: d }, (_, j) =>
          isGauss(j) ? 4 * rng.next() - 2 : threshold === null ? +(rng.next() < 0.5) : Math.floor(rng.next() * 17) / 4,
        ),
      );
      const weights = Array.from({ length: K }, () => 1 / K);
      weights[K - 1] = 1 - weights.slice(0, K - 1).reduce((a, b) => a + b, 0);
      const mix = new Mixture(
        weights,
        comps.map((m) => new Product(m)),
      );
      if (threshold === null) {
        const jll = mix.jointLogLikelihood(X);
        for (let i = 0; i < n; i++) {
          for (let c = 0; c < K; c++) {
            close(jll.get(i, c), Math.log(weights[c]!) + reference(comps[c]!, X[i]!, null), `row ${i}, component ${c}`);
          }
        }
      }
      // Naive Bayes with the same marginals (fitted, then compared with its own conditionals).
      const y = X.map((_, i) => i % K);
      const nb = NaiveBayes.fit(X, y, {
        features: Array.from({ length: d }, (_, j) => (isGauss(j) ? "gaussian" : "bernoulli")),
        binarize: threshold,
        missing: "ignore",
      });
      // Every tenth row has a missing value: it goes to the slow path, the others by table.
      const Xt = X.map((row, i) => (i % 10 === 3 ? row.map((v, j) => (j === i % d ? NaN : v)) : row));
      const jll = nb.jointLogLikelihood(Xt);
      const prior = nb.classCounts;
      const total = prior.reduce((a, b) => a + b, 0);
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < K; c++) {
          const marginals = Array.from({ length: d }, (_, j) => nb.conditional(c, j) as Bernoulli | Gaussian);
          const expected = Math.log(prior[c]! / total) + reference(marginals, Xt[i]!, threshold);
          close(jll.get(i, c), expected, `Naive Bayes row ${i}, class ${c}`);
        }
      }
    });
  }

  it("a value that is not 0/1 (binarize null) is refused by name in a later tile; a mixture scores it −Infinity", () => {
    const X = Array.from({ length: 200 }, (_, i) => [i % 2, (i >> 1) % 2, 1, 0, i % 3 === 0 ? 1 : 0]);
    const nb = NaiveBayes.fit(
      X,
      X.map((_, i) => i % 2),
      { features: "bernoulli", binarize: null },
    );
    const bad = X.map((r) => r.slice());
    bad[150]![3] = 0.5;
    expect(() => nb.predictLogProba(bad)).toThrow(/X\[150\]\[3\] is 0\.5/);
    // +Infinity passes x·x === x: the infinite sum it leaves must send the row to be named.
    for (const v of [Infinity, -Infinity, NaN]) {
      const inf = X.map((r) => r.slice());
      inf[77]![1] = v;
      expect(() => nb.predictLogProba(inf)).toThrow(/X\[77\]\[1\]/);
      expect(() =>
        NaiveBayes.fit(
          inf,
          X.map((_, i) => i % 2),
          { features: "bernoulli", binarize: null },
        ),
      ).toThrow(/X\[77\]\[1\]/);
    }
    const mix = Mixture.fit(X, { nComponents: 2, features: "bernoulli", rng: createRng(1) });
    const jll = mix.jointLogLikelihood(bad);
    expect(jll.get(150, 0)).toBe(-Infinity);
    expect(jll.get(150, 1)).toBe(-Infinity);
    expect(Number.isFinite(jll.get(149, 0)) && Number.isFinite(jll.get(151, 1))).toBe(true);
  });
});
