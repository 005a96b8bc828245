/**
 * FactorAnalysis: invariants (fast-check) and bad input. The trace never decreases (each
 * iteration is an EM step); integer weights are repeated rows and weight 0 an absent row;
 * sampling then refitting recovers the implied covariance within sampling error; JSON round
 * trips exactly; a failed call changes nothing; errors name the method, the option or the cell.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng, FactorAnalysis } from "../../src/index.js";

/** Small data sets: n × d cells of a few significant digits, with k in [1, d − 1]. */
const data = fc.record({ n: fc.integer({ min: 4, max: 25 }), d: fc.integer({ min: 2, max: 6 }) }).chain(({ n, d }) =>
  fc.record({
    X: fc.array(
      fc.array(
        fc.integer({ min: -500, max: 500 }).map((v) => v / 10),
        { minLength: d, maxLength: d },
      ),
      {
        minLength: n,
        maxLength: n,
      },
    ),
    k: fc.integer({ min: 1, max: d - 1 }),
    noise: fc.constantFrom("diagonal" as const, "isotropic" as const),
  }),
);

function relMax(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    m = Math.max(m, Math.abs(a[i]! - b[i]!));
    s = Math.max(s, Math.abs(b[i]!));
  }
  return m / Math.max(s, 1e-300);
}

describe("FactorAnalysis properties", () => {
  it("the log-likelihood never decreases over the iterations, and the trace ends at the model's", () => {
    fc.assert(
      fc.property(data, ({ X, k }) => {
        const m = FactorAnalysis.fit(X, { nComponents: k, maxIter: 40, tol: 0 });
        const t = m.logLikelihoodTrace;
        expect(t.length).toBe(40);
        for (let i = 1; i < t.length; i++) expect(t[i]!).toBeGreaterThanOrEqual(t[i - 1]! - 1e-9 * Math.abs(t[i - 1]!));
        // Where some Ψᵢ sits at the 1e-12 floor (degenerate data), both sides carry rounding of
        // order ε / 1e-12; elsewhere they agree to ~1e-8.
        // With no more rows than features the sample covariance is singular, and some Ψᵢ is on its
        // way to the floor (slowly: amplified rounding, as above, before it gets there).
        if (Math.min(...m.noiseVariance) < 1e-9 || X.length <= X[0]!.length) return;
        expect(Math.abs(t.at(-1)! - m.logLikelihood(X) / X.length)).toBeLessThanOrEqual(
          1e-8 * (1 + Math.abs(t.at(-1)!)),
        );
      }),
      { numRuns: 60 },
    );
  });

  it("integer weights give the fit on repeated rows; weight 0 removes a row", () => {
    fc.assert(
      fc.property(
        data,
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 25, maxLength: 25 }),
        ({ X, k, noise }, ws) => {
          const w = X.map((_, i) => ws[i]!);
          if (w.filter((v) => v > 0).length < 2) return;
          const repeated = X.flatMap((row, i) => Array<number[]>(w[i]!).fill(row));
          const absent = X.filter((_, i) => w[i]! > 0);
          // A few iterations: on degenerate data (fewer distinct rows than features) Ψ heads to 0 and
          // later iterations amplify rounding differences between the two sums.
          const opts = { nComponents: k, noise, maxIter: 3, tol: 0 };
          const a = FactorAnalysis.fit(X, { ...opts, sampleWeight: w });
          const b = FactorAnalysis.fit(repeated, opts);
          const c = FactorAnalysis.fit(absent, { ...opts, sampleWeight: w.filter((v) => v > 0) });
          expect(relMax(a.covariance.data, b.covariance.data)).toBeLessThan(1e-8);
          expect(relMax(a.mean, b.mean)).toBeLessThan(1e-12);
          expect(relMax(a.covariance.data, c.covariance.data)).toBeLessThan(1e-8);
          const T = X.slice(0, 3);
          expect(relMax(a.logLikelihoodPerRow(T), b.logLikelihoodPerRow(T))).toBeLessThan(1e-7);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("JSON round trips exactly", () => {
    fc.assert(
      fc.property(data, ({ X, k, noise }) => {
        const m = FactorAnalysis.fit(X, { nComponents: k, noise, maxIter: 10 });
        const copy = FactorAnalysis.fromJSON(JSON.parse(JSON.stringify(m)));
        expect(copy.toJSON()).toEqual(m.toJSON());
        expect(Array.from(copy.logLikelihoodPerRow(X))).toEqual(Array.from(m.logLikelihoodPerRow(X)));
        expect(copy.nIter).toBe(m.nIter);
        expect(copy.converged).toBe(m.converged);
        expect(copy.noise).toBe(noise);
        expect(String(copy)).toBe(String(m));
      }),
      { numRuns: 40 },
    );
  });

  it("sampling then refitting recovers the implied covariance within sampling error", () => {
    const truth = new FactorAnalysis(
      [1, -2, 0.5, 3, 0],
      [
        [1.2, 0],
        [0.8, 0.5],
        [0, 1],
        [-0.7, 0.3],
        [0.4, -0.9],
      ],
      [0.3, 0.5, 0.2, 0.6, 0.4],
    );
    const n = 20000;
    const { X, z } = truth.sample(createRng(5), n);
    expect(z.rows).toBe(n);
    expect(z.cols).toBe(2);
    const fit = FactorAnalysis.fit(X, { nComponents: 2, tol: 1e-10 });
    const S = truth.covariance;
    const F = fit.covariance;
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 5; j++) {
        // The standard error of a sample covariance: √((Σᵢᵢ Σⱼⱼ + Σᵢⱼ²) / n); allow 5 of them.
        const se = Math.sqrt((S.get(i, i) * S.get(j, j) + S.get(i, j) ** 2) / n);
        expect(Math.abs(F.get(i, j) - S.get(i, j))).toBeLessThan(5 * se);
      }
    for (let i = 0; i < 5; i++)
      expect(Math.abs(fit.mean[i]! - truth.mean[i]!)).toBeLessThan(5 * Math.sqrt(S.get(i, i) / n));
  });

  it("the sample is reproducible and decodes z: x − (μ + W z) has the noise variances", () => {
    const m = new FactorAnalysis([0, 10], [[2], [1]], [0.25, 1]);
    const a = m.sample(createRng(9), 5000);
    const b = m.sample(createRng(9), 5000);
    expect(Array.from(a.X.data)).toEqual(Array.from(b.X.data));
    const mean = m.reconstruct(a.z);
    const v = [0, 0];
    for (let r = 0; r < 5000; r++) for (let j = 0; j < 2; j++) v[j]! += (a.X.get(r, j) - mean.get(r, j)) ** 2 / 5000;
    expect(v[0]).toBeCloseTo(0.25, 1);
    expect(v[1]).toBeCloseTo(1, 1);
  });

  it("transform, posterior covariance and log-likelihood agree with the dense formulas", () => {
    const m = new FactorAnalysis(
      [1, 2, 3],
      [
        [1, 0.5],
        [0.3, -1],
        [2, 0.1],
      ],
      [0.5, 0.2, 0.9],
    );
    const x = [2, 0.5, 4];
    // Dense: Σ = W Wᵀ + Ψ, log N(x; μ, Σ) by Gaussian elimination on 3 × 3.
    const S = m.covariance.toArray();
    const u = x.map((v, i) => v - m.mean[i]!);
    const det =
      S[0]![0]! * (S[1]![1]! * S[2]![2]! - S[1]![2]! * S[2]![1]!) -
      S[0]![1]! * (S[1]![0]! * S[2]![2]! - S[1]![2]! * S[2]![0]!) +
      S[0]![2]! * (S[1]![0]! * S[2]![1]! - S[1]![1]! * S[2]![0]!);
    const cof = (i: number, j: number): number => {
      const r = [0, 1, 2].filter((v) => v !== i);
      const c = [0, 1, 2].filter((v) => v !== j);
      return (-1) ** (i + j) * (S[r[0]!]![c[0]!]! * S[r[1]!]![c[1]!]! - S[r[0]!]![c[1]!]! * S[r[1]!]![c[0]!]!);
    };
    let q = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) q += (u[i]! * cof(j, i) * u[j]!) / det;
    const dense = -0.5 * (3 * Math.log(2 * Math.PI) + Math.log(det) + q);
    expect(m.logLikelihoodPerRow([x])[0]).toBeCloseTo(dense, 12);
    // E[z | x] = Wᵀ Σ⁻¹ (x − μ).
    const W = m.loadings.toArray();
    const sinvU = [0, 1, 2].map((i) => [0, 1, 2].reduce((s, j) => s + (cof(j, i) * u[j]!) / det, 0));
    const z = m.transform([x]).row(0);
    for (let c = 0; c < 2; c++)
      expect(z[c]).toBeCloseTo(
        W.reduce((s, row, i) => s + row[c]! * sinvU[i]!, 0),
        12,
      );
    // Cov[z | x] = I − Wᵀ Σ⁻¹ W.
    const P = m.posteriorCovariance;
    for (let p = 0; p < 2; p++)
      for (let r = 0; r < 2; r++) {
        let s = p === r ? 1 : 0;
        for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) s -= (W[i]![p]! * cof(j, i) * W[j]![r]!) / det;
        expect(P.get(p, r)).toBeCloseTo(s, 12);
      }
  });

  it("a row the factors explain almost exactly still scores accurately (no cancellation)", () => {
    const m = new FactorAnalysis([0, 0, 0], [[1e4], [1e4], [1e4]], [1, 1, 1]);
    // x on the factor direction: (x − μ)ᵀ Σ⁻¹ (x − μ) = 3 t² / (1 + 3·10⁸) for x = t (1, 1, 1).
    const t = 1e4;
    const q = (3 * t * t) / (1 + 3e8);
    const logDet = Math.log(1 + 3e8);
    expect(m.logLikelihoodPerRow([[t, t, t]])[0]).toBeCloseTo(-0.5 * (3 * Math.log(2 * Math.PI) + logDet + q), 12);
  });
});

describe("FactorAnalysis errors", () => {
  const X = [
    [1, 2, 3],
    [2, 1, 0],
    [0, 1, 5],
    [3, 3, 1],
  ];

  it("nComponents must be an integer in [1, nFeatures − 1]", () => {
    for (const k of [0, 3, 1.5, -1]) expect(() => FactorAnalysis.fit(X, { nComponents: k })).toThrow(RangeError);
    expect(() => FactorAnalysis.fit(X, { nComponents: 3 })).toThrow(/nComponents.*\[1, 2\]/);
    expect(() => FactorAnalysis.fit(X, {} as { nComponents: number })).toThrow(/nComponents is required/);
  });

  it("names the bad cell, an unknown noise and an unknown option", () => {
    expect(() =>
      FactorAnalysis.fit(
        [
          [1, 2],
          [NaN, 1],
          [0, 0],
        ],
        { nComponents: 1 },
      ),
    ).toThrow(/fit: X\[1\]\[0\] is NaN/);
    expect(() =>
      FactorAnalysis.fit(
        [
          [1, 2],
          [3, Infinity],
          [0, 0],
        ],
        { nComponents: 1 },
      ),
    ).toThrow(/X\[1\]\[1\] is Infinity/);
    expect(() => FactorAnalysis.fit(X, { nComponents: 1, noise: "full" as "diagonal" })).toThrow(
      /noise must be "diagonal" or "isotropic", got "full"/,
    );
    expect(() => FactorAnalysis.fit(X, { nComponents: 1, nInit: 2 } as { nComponents: number })).toThrow(
      /unknown option "nInit"/,
    );
  });

  it("needs 2 rows (of positive weight)", () => {
    expect(() => FactorAnalysis.fit([[1, 2]], { nComponents: 1 })).toThrow(/at least 2 rows/);
    expect(() => FactorAnalysis.fit(X, { nComponents: 1, sampleWeight: [1, 0, 0, 0] })).toThrow(/positive weight/);
    expect(() => FactorAnalysis.fit([], { nComponents: 1 })).toThrow(RangeError);
  });

  it("a constant column gets the noise floor and finite scores", () => {
    const m = FactorAnalysis.fit(
      [
        [1, 5, 2],
        [2, 5, 1],
        [0, 5, 4],
        [3, 5, 0],
      ],
      { nComponents: 1 },
    );
    expect(m.noiseVariance[1]).toBe(1e-12);
    expect(Number.isFinite(m.logLikelihood([[1, 5, 2]]))).toBe(true);
    const p = FactorAnalysis.fit(
      [
        [1, 5, 2],
        [2, 5, 1],
        [0, 5, 4],
        [3, 5, 0],
      ],
      { nComponents: 1, noise: "isotropic" },
    );
    expect(Number.isFinite(p.logLikelihood([[1, 5, 2]]))).toBe(true);
  });

  it("scores: a NaN is an error naming it, an infinite cell scores −Infinity", () => {
    const m = FactorAnalysis.fit(X, { nComponents: 1 });
    expect(() => m.logLikelihoodPerRow([[1, NaN, 2]])).toThrow(/logLikelihoodPerRow: X\[0\]\[1\] is NaN/);
    expect(m.logLikelihoodPerRow([[1, Infinity, 2]])[0]).toBe(-Infinity);
    expect(() => m.transform([[1, 2]])).toThrow(/transform: X has 2 columns but the model has 3 features/);
    expect(() => m.transform([[1, Infinity, 2]])).toThrow(/transform: X\[0\]\[1\] is Infinity/);
    expect(() => m.reconstruct([[1, 2]])).toThrow(/reconstruct: X has 2 columns but the model has 1 components/);
    expect(() => m.sample(createRng(1), -1)).toThrow(RangeError);
    expect(() => m.sample({ next: () => 2 }, 1)).toThrow(/rng/);
  });

  it("a failed call changes nothing", () => {
    const m = FactorAnalysis.fit(X, { nComponents: 1 });
    const before = JSON.stringify(m);
    const input = X.map((r) => r.slice());
    expect(() =>
      m.logLikelihoodPerRow([
        [1, 2, 3],
        [NaN, 1, 1],
      ]),
    ).toThrow();
    expect(() => m.sample({ next: () => NaN }, 3)).toThrow();
    expect(() => FactorAnalysis.fit(input, { nComponents: 1, sampleWeight: [1, 1, -1, 1] })).toThrow(
      /sampleWeight\[2\]/,
    );
    expect(JSON.stringify(m)).toBe(before);
    expect(input).toEqual(X);
  });

  it("fromJSON validates every field", () => {
    const json = FactorAnalysis.fit(X, { nComponents: 1 }).toJSON();
    const bad = (patch: Record<string, unknown>): unknown => ({ ...json, ...patch });
    expect(() => FactorAnalysis.fromJSON(bad({ version: 2 }))).toThrow(/version/);
    expect(() => FactorAnalysis.fromJSON(bad({ noiseVariance: [1, 0, 1] }))).toThrow(/noiseVariance\[1\] must be > 0/);
    expect(() => FactorAnalysis.fromJSON(bad({ loadings: [1, 2] }))).toThrow(/loadings has 2 values/);
    expect(() => FactorAnalysis.fromJSON(bad({ nComponents: 3 }))).toThrow(/nComponents/);
    expect(() => FactorAnalysis.fromJSON(bad({ mean: [0, "1", 2] }))).toThrow(/mean\[1\]/);
    expect(() => FactorAnalysis.fromJSON(bad({ noise: "isotropic" }))).toThrow(/isotropic/);
    expect(() => FactorAnalysis.fromJSON(bad({ type: "Mixture" }))).toThrow(TypeError);
    // Inherited fields are not read: a prototype's version is no version.
    expect(() => FactorAnalysis.fromJSON(Object.create(json) as unknown)).toThrow(
      /expected an object with type "FactorAnalysis"/,
    );
  });
});
