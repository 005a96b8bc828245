import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng, Matrix, MultivariateGaussian, MultivariateGaussianStats } from "../../src/index.js";
import { expectRelative, fixture } from "../helpers.js";

// References from test/fixtures/generate_joint.py: densities and entropies in 50-digit mpmath
// (scipy beside them, "scipyOff" where it loses digits on ill-conditioned covariances), fits,
// marginals and conditionals in exact rational arithmetic on the doubles given.
interface Density {
  name: string;
  mean: number[];
  covariance: number[][];
  points: Array<{ x: number[]; logpdf: number; scipy: number | null; scipyOff: boolean }>;
  entropy: number;
  scipyEntropy: number | null;
}
interface Fit {
  name: string;
  X: number[][];
  sampleWeight: number[] | null;
  regVariance: number;
  mean: number[];
  covariance: number[][];
}
interface Conditional {
  mean: number[];
  covariance: number[][];
  given: Record<string, number>;
  rest: number[];
  conditionalMean: number[];
  conditionalCovariance: number[][];
}
const ref = await fixture<{ densities: Density[]; fits: Fit[]; conditionals: Conditional[] }>(
  "joint/multivariate-gaussian.json",
);

/** |a − b| ≤ rel · scale elementwise, scale the largest |b| (matrices: relative to the norm). */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  let scale = 0;
  for (let k = 0; k < expected.length; k++) scale = Math.max(scale, Math.abs(expected[k]!));
  for (let k = 0; k < expected.length; k++) {
    const err = Math.abs(actual[k]! - expected[k]!);
    if (!(err <= rel * scale))
      expect.fail(`${label}[${k}]: got ${actual[k]}, expected ${expected[k]} (${err / scale} > ${rel})`);
  }
}

/** Rows of a d-column data set, with a correlated structure and an offset. */
// Dyadic values (multiples of 1/64), so that a shift by 1e6 is exact and a column is either
// constant or spread by at least 1/64: the merge is then compared on data, not on rounding.
const dataRows = (minRows: number, d: number, offset = 0) =>
  fc.array(
    fc
      .array(fc.integer({ min: -640, max: 640 }), { minLength: d, maxLength: d })
      .map((r) => r.map((v, j) => (v + (j > 0 ? Math.round(0.5 * r[0]!) : 0)) / 64 + offset)),
    { minLength: minRows, maxLength: minRows + 12 },
  );

describe("MultivariateGaussian densities against mpmath", () => {
  it("logProb and logLikelihoodPerRow within 1e-12 relative (ill-conditioned included), entropy within 1e-14", () => {
    let scipyOff = 0;
    for (const c of ref.densities) {
      const g = new MultivariateGaussian(c.mean, c.covariance);
      const X = c.points.map((p) => p.x);
      const perRow = g.logLikelihoodPerRow(X);
      // Cholesky is backward stable, so the forward error grows with the condition number κ
      // (about κ·ε at worst): 1e-12 on ordinary covariances; κ = 1e8: measured 4.9e-10, κ = 1e11:
      // 1.4e-6 (scipy's eigenvalue cutoff refuses that matrix); the near-collinear 2 × 2: 1.3e-11.
      const kappa = /cond (1e\d+)/.exec(c.name)?.[1];
      const rel = kappa !== undefined ? 1e-16 * Number(kappa) * 100 : c.name.includes("collinear") ? 1e-10 : 1e-12;
      c.points.forEach((p, i) => {
        expectRelative(g.logProb(p.x), p.logpdf, rel, `${c.name} point ${i}`);
        expect(perRow[i]).toBe(g.logProb(p.x));
        if (p.scipyOff) scipyOff++;
      });
      expectRelative(
        g.entropy(),
        c.entropy,
        kappa === undefined && !c.name.includes("collinear") ? 1e-14 : rel,
        `${c.name} entropy`,
      );
      expect(g.prob(c.points[0]!.x)).toBe(Math.exp(g.logProb(c.points[0]!.x)));
      let sum = 0;
      for (const v of perRow) sum += v;
      expectRelative(g.logLikelihood(X), sum, 1e-13, `${c.name} logLikelihood`);
    }
    expect(scipyOff).toBeGreaterThan(0);
  });

  it("scores an infinite value -Infinity and refuses NaN, naming the cell", () => {
    const g = new MultivariateGaussian(
      [0, 0],
      [
        [1, 0.5],
        [0.5, 1],
      ],
    );
    expect(g.logProb([Infinity, 0])).toBe(-Infinity);
    expect(
      Array.from(
        g.logLikelihoodPerRow([
          [0, 0],
          [0, -Infinity],
        ]),
      )[1],
    ).toBe(-Infinity);
    expect(() => g.logProb([0, NaN])).toThrow(/row\[1\] is NaN/);
    expect(() =>
      g.logLikelihoodPerRow([
        [0, 0],
        [NaN, 1],
      ]),
    ).toThrow(/X\[1\]\[0\]/);
    expect(() => g.logLikelihoodPerRow([[0, 0, 0]])).toThrow(/3 columns/);
  });

  it("writes into out, refusing one that aliases X", () => {
    const g = new MultivariateGaussian([0], [[2]]);
    const out = new Float64Array(3);
    expect(g.logLikelihoodPerRow([[0], [1], [2]], out)).toBe(out);
    const data = new Float64Array(3);
    expect(() => g.logLikelihoodPerRow({ data, rows: 3, cols: 1 }, data)).toThrow(/out shares memory/);
  });
});

describe("MultivariateGaussian.fit", () => {
  it("matches the exact mean and (1/W) covariance: weights, regVariance, data shifted by 1e6", () => {
    for (const f of ref.fits) {
      const options = {
        regVariance: f.regVariance,
        ...(f.sampleWeight === null ? {} : { sampleWeight: f.sampleWeight }),
      };
      const g = MultivariateGaussian.fit(f.X, options);
      expectClose(g.mean, f.mean, 1e-15, `${f.name} mean`);
      expectClose(g.covariance.data, f.covariance.flat(), 1e-12, `${f.name} covariance`);
      if (f.name.includes("1e6")) {
        // Each entry to 1e-10 relative of itself, not just of the largest.
        f.covariance.flat().forEach((v, k) => expectRelative(g.covariance.data[k]!, v, 1e-10, `${f.name} [${k}]`));
      }
    }
  });

  it("refuses rank-deficient data without regVariance, naming it", () => {
    expect(() =>
      MultivariateGaussian.fit([
        [1, 2, 3],
        [2, 4, 1],
      ]),
    ).toThrow(/regVariance/);
    expect(() =>
      MultivariateGaussian.fit([
        [1, 2],
        [2, 4],
        [3, 6],
      ]),
    ).toThrow(RangeError);
    expect(() =>
      MultivariateGaussian.fit([
        [0.1, 2],
        [0.1, 4],
        [0.1, 5],
      ]),
    ).toThrow(/regVariance/);
    expect(() => MultivariateGaussian.fit([[1, 2]])).toThrow(/regVariance/);
    const g = MultivariateGaussian.fit(
      [
        [1, 2, 3],
        [2, 4, 1],
      ],
      { regVariance: 1e-6 },
    );
    expect(g.covariance.get(2, 2)).toBeCloseTo(1 + 1e-6, 15);
  });

  it("merge in any split equals one fit (Chan's update)", () => {
    fc.assert(
      fc.property(dataRows(6, 3, 1e6), fc.nat(), fc.nat(), (X, c1, c2) => {
        const [a, b] = [c1 % (X.length + 1), c2 % (X.length + 1)].sort((u, v) => u - v);
        const whole = MultivariateGaussian.stats().addAll(X);
        const parts = [X.slice(0, a), X.slice(a, b!), X.slice(b!)].map((p) => MultivariateGaussian.stats().addAll(p));
        const merged = parts[2]!.merge(parts[0]!).merge(parts[1]!);
        expect(merged.count).toBe(whole.count);
        expectClose(merged.mean, whole.mean, 1e-15, "mean");
        expectClose(merged.scatter, whole.scatter, 1e-11, "scatter");
      }),
    );
  });

  it("integer weights equal repeated rows; weight 0 equals the row absent", () => {
    fc.assert(
      fc.property(
        dataRows(5, 2),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 17, maxLength: 17 }),
        (X, ws) => {
          const w = X.map((_, i) => (i < 4 ? 1 : ws[i]!)); // the first rows keep the data full-rank
          const repeated = X.flatMap((r, i) => Array.from({ length: w[i]! }, () => r));
          const a = MultivariateGaussian.stats().addAll(X, w);
          const b = MultivariateGaussian.stats().addAll(repeated);
          expectClose(a.mean, b.mean, 1e-14, "mean");
          expectClose(a.scatter, b.scatter, 1e-12, "scatter");
          const kept = X.filter((_, i) => w[i] !== 0);
          const zeroed = MultivariateGaussian.stats().addAll(
            X,
            w.map((v) => (v === 0 ? 0 : 1)),
          );
          const absent = MultivariateGaussian.stats().addAll(kept);
          expect(zeroed.toJSON()).toEqual(absent.toJSON());
        },
      ),
    );
  });

  it("sampling then refitting recovers the parameters within sampling error", () => {
    const truth = new MultivariateGaussian(
      [1, -2, 0.5],
      [
        [2, 0.6, -0.3],
        [0.6, 1, 0.2],
        [-0.3, 0.2, 0.5],
      ],
    );
    const n = 20000;
    const X = truth.sample(createRng(3), n);
    expect(X).toBeInstanceOf(Matrix);
    const g = MultivariateGaussian.fit(X);
    const cov = truth.covariance;
    for (let a = 0; a < 3; a++) {
      expect(Math.abs(g.mean[a]! - truth.mean[a]!)).toBeLessThan(5 * Math.sqrt(cov.get(a, a) / n));
      for (let b = 0; b < 3; b++) {
        const sd = Math.sqrt((cov.get(a, a) * cov.get(b, b) + cov.get(a, b) ** 2) / n);
        expect(Math.abs(g.covariance.get(a, b) - cov.get(a, b))).toBeLessThan(5 * sd);
      }
    }
    const one = truth.sample(createRng(3));
    expect(one).toBeInstanceOf(Float64Array);
    expect(Array.from(one)).toEqual(Array.from(X.row(0)));
  });

  it("fitAsync equals fit; stats round-trip through JSON exactly", async () => {
    const X = ref.fits[1]!.X;
    const w = ref.fits[1]!.sampleWeight!;
    const chunks = [
      { X: X.slice(0, 10), sampleWeight: w.slice(0, 10) },
      { X: X.slice(10), sampleWeight: w.slice(10) },
    ];
    const a = await MultivariateGaussian.fitAsync(chunks);
    const b = MultivariateGaussian.fit(X, { sampleWeight: w });
    expectClose(a.covariance.data, b.covariance.data, 1e-13, "async");
    const s = MultivariateGaussian.stats().addAll(X, w);
    const t = MultivariateGaussian.statsFromJSON(JSON.parse(JSON.stringify(s)));
    expect(t).toBeInstanceOf(MultivariateGaussianStats);
    expect(t.toJSON()).toEqual(s.toJSON());
    expect(MultivariateGaussian.fromStats(t).toJSON()).toEqual(MultivariateGaussian.fromStats(s).toJSON());
    await expect(MultivariateGaussian.fitAsync([[[1, 2]], [[1, NaN]]])).rejects.toThrow(/chunk 1.*X\[0\]\[1\]/);
  });
});

describe("marginal and conditional", () => {
  it("match exact arithmetic", () => {
    for (const c of ref.conditionals) {
      const g = new MultivariateGaussian(c.mean, c.covariance);
      const given = Object.fromEntries(Object.entries(c.given).map(([k, v]) => [Number(k), v]));
      const h = g.conditional(given);
      expectClose(h.mean, c.conditionalMean, 1e-13, "conditional mean");
      expectClose(h.covariance.data, c.conditionalCovariance.flat(), 1e-13, "conditional covariance");
      const keys = Object.keys(c.given).map(Number);
      const viaArrays = g.conditional(
        keys,
        keys.map((k) => c.given[k]!),
      );
      expect(viaArrays.toJSON()).toEqual(h.toJSON());
      const viaMap = g.conditional(new Map(keys.map((k) => [k, c.given[k]!])));
      expect(viaMap.toJSON()).toEqual(h.toJSON());
      const m = g.marginal(c.rest);
      expect(Array.from(m.mean)).toEqual(c.rest.map((j) => c.mean[j]!));
      expect(m.covariance.toArray()).toEqual(c.rest.map((a) => c.rest.map((b) => c.covariance[a]![b]!)));
    }
  });

  it("conditional density = joint density / marginal density", () => {
    const g = new MultivariateGaussian(
      [1, -2, 0.5],
      [
        [4, 1, 0],
        [1, 5, 2],
        [0, 2, 6],
      ],
    );
    const x = [0.3, -1, 2];
    const cond = g.conditional({ 1: x[1]! });
    const joint = g.logProb(x);
    expect(cond.logProb([x[0]!, x[2]!]) + g.marginal([1]).logProb([x[1]!])).toBeCloseTo(joint, 13);
  });

  it("refuses bad columns and values, naming them", () => {
    const g = new MultivariateGaussian(
      [0, 0],
      [
        [1, 0.5],
        [0.5, 1],
      ],
    );
    expect(() => g.conditional({ 2: 1 })).toThrow(/\[0, 2\)/);
    expect(() => g.conditional({ 0: NaN })).toThrow(/column 0/);
    expect(() => g.conditional({ 0: 1, 1: 2 })).toThrow(/every column/);
    expect(() => g.conditional([0], [1, 2])).toThrow(/values/);
    expect(() => g.marginal([0, 0])).toThrow(/repeats/);
    expect(() => g.marginal([])).toThrow(/empty/);
    expect(g.conditional({}).toJSON()).toEqual(g.toJSON());
  });
});

describe("construction, errors and JSON", () => {
  it("refuses a bad covariance or mean, naming it", () => {
    expect(
      () =>
        new MultivariateGaussian(
          [0, 0],
          [
            [1, 0.5],
            [0.4, 1],
          ],
        ),
    ).toThrow(/covariance.*symmetric/);
    expect(
      () =>
        new MultivariateGaussian(
          [0, 0],
          [
            [1, 2],
            [2, 1],
          ],
        ),
    ).toThrow(/covariance must be positive definite/);
    expect(
      () =>
        new MultivariateGaussian(
          [0, 0],
          [
            [1, 0, 0],
            [0, 1, 0],
          ],
        ),
    ).toThrow(/covariance is 2 × 3/);
    expect(
      () =>
        new MultivariateGaussian(
          [0, 0],
          [
            [1, NaN],
            [NaN, 1],
          ],
        ),
    ).toThrow(/covariance\[0\]\[1\]/);
    expect(
      () =>
        new MultivariateGaussian(
          [0, NaN],
          [
            [1, 0],
            [0, 1],
          ],
        ),
    ).toThrow(/mean\[1\]/);
    expect(() => new MultivariateGaussian([0], "x" as never)).toThrow(/covariance/);
    expect(() => new MultivariateGaussian([], [])).toThrow(/mean/);
    expect(() =>
      MultivariateGaussian.fit(
        [
          [1, 2],
          [3, 4],
        ],
        { reg: 1 } as never,
      ),
    ).toThrow(/unknown option "reg"/);
  });

  it("a failed call changes nothing", () => {
    const s = MultivariateGaussian.stats().addAll([
      [1, 2],
      [3, 5],
      [0, 1],
    ]);
    const before = JSON.stringify(s);
    expect(() =>
      s.addAll([
        [1, 2],
        [1, Infinity],
      ]),
    ).toThrow(/X\[1\]\[1\]/);
    expect(() => s.addAll([[1, 2]], [-1])).toThrow(/sampleWeight\[0\]/);
    expect(() => s.addAll([[1, 2, 3]])).toThrow(/3 columns/);
    expect(() => s.merge(MultivariateGaussian.stats().addAll([[1]]))).toThrow(/dimension/);
    expect(JSON.stringify(s)).toBe(before);
  });

  it("round-trips through JSON exactly, validated", () => {
    fc.assert(
      fc.property(dataRows(5, 3), (X) => {
        let g: MultivariateGaussian;
        try {
          g = MultivariateGaussian.fit(X);
        } catch {
          return; // a rank-deficient draw
        }
        const back = MultivariateGaussian.fromJSON(JSON.parse(JSON.stringify(g)));
        expect(back.toJSON()).toEqual(g.toJSON());
        expect(back.logProb(X[0]!)).toBe(g.logProb(X[0]!));
      }),
    );
    expect(() =>
      MultivariateGaussian.fromJSON({ type: "MultivariateGaussian", version: 1, mean: [0], covariance: [[-1]] }),
    ).toThrow(/covariance/);
    expect(() =>
      MultivariateGaussian.statsFromJSON({
        type: "MultivariateGaussianStats",
        version: 1,
        count: 1,
        mean: [0, 0],
        scatter: [
          [1, 2],
          [3, 1],
        ],
      }),
    ).toThrow(/symmetric/);
  });
});
