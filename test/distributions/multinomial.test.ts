import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng, Multinomial, MultinomialStats, SparseMatrix } from "../../src/index.js";
import { chiSquareTest } from "../../src/testing/index.js";
import { countRowLogProb, logMultinomialCoefficient } from "../../src/distributions/multinomial/multinomial.js";
import { expectRelative, fixture, num, type FixtureNumber } from "../helpers.js";

// References from test/fixtures/generate_joint.py: the log-mass in 50-digit mpmath with the
// probabilities exactly as given; scipy.stats.multinomial beside it ("scipyOff" where it loses
// digits: large counts, where its gammaln terms of size n log n cancel).
interface Point {
  probs: number[];
  counts: number[];
  logpmf: FixtureNumber;
  scipy: FixtureNumber | "NaN";
  scipyOff: boolean;
}
interface Fit {
  name: string;
  X: number[][];
  alpha: number;
  sampleWeight: number[] | null;
  probs: number[];
}
const ref = await fixture<{ points: Point[]; fits: Fit[] }>("joint/multinomial.json");

/** A random matrix of small counts, mostly zeros, with its rows and columns. */
const countMatrix = (maxRows = 8, maxCols = 6) =>
  fc.tuple(fc.integer({ min: 1, max: maxRows }), fc.integer({ min: 1, max: maxCols })).chain(([r, c]) =>
    fc.array(
      fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 9 })), {
        minLength: c,
        maxLength: c,
      }),
      {
        minLength: r,
        maxLength: r,
      },
    ),
  );

describe("Multinomial log-mass against mpmath", () => {
  it("matches the 50-digit truth within 1e-13 relative, where scipy is off too", () => {
    let scipyOff = 0;
    for (const p of ref.points) {
      const m = new Multinomial(p.probs);
      const label = `probs ${p.probs.slice(0, 3).join(",")}… counts ${p.counts.slice(0, 3).join(",")}…`;
      expectRelative(m.logProb(p.counts), num(p.logpmf), 1e-13, label);
      if (p.scipyOff) scipyOff++;
    }
    expect(scipyOff).toBeGreaterThan(0); // the fixture does exercise scipy's cancellation
  });

  it("scores sparse and dense rows alike, and prob = exp(logProb)", () => {
    const p = ref.points.find((q) => q.probs.length === 50)!;
    const m = new Multinomial(p.probs);
    const rows = ref.points.filter((q) => q.probs.length === 50).map((q) => q.counts);
    const dense = m.logLikelihoodPerRow(rows);
    const sparse = m.logLikelihoodPerRow(SparseMatrix.fromDense(rows));
    expect(Array.from(sparse)).toEqual(Array.from(dense));
    for (let i = 0; i < rows.length; i++) expectRelative(dense[i]!, m.logProb(rows[i]!), 0, "row");
    expect(m.prob(rows[0]!)).toBe(Math.exp(m.logProb(rows[0]!)));
  });

  it("the coefficient plus Σ x log θ (the models' shortcut) agrees with the log-mass on ordinary rows", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 20 }), (counts) => {
        const d = counts.length;
        const probs = new Float64Array(d).fill(1 / d);
        const idx = Int32Array.from(counts.keys());
        const values = Float64Array.from(counts);
        let dot = 0;
        for (const x of counts) dot += x * Math.log(1 / d);
        const shortcut = logMultinomialCoefficient(values, d) + dot;
        const exact = countRowLogProb(idx, values, d, probs, probs.map(Math.log));
        expect(Math.abs(shortcut - exact)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(exact)));
      }),
    );
  });

  it("a count on a zero-probability category is -Infinity; an all-zero row has probability 1", () => {
    const m = new Multinomial([0.25, 0, 0.75]);
    expect(m.logProb([1, 1, 0])).toBe(-Infinity);
    expect(m.logProb([0, 0, 0])).toBe(0);
    expect(
      m.logLikelihood([
        [1, 0, 1],
        [0, 2, 0],
      ]),
    ).toBe(-Infinity);
  });

  it("sums to 1 over every count vector with the same n", () => {
    const m = new Multinomial([0.2, 0.5, 0.3]);
    for (const n of [0, 1, 5, 17]) {
      let total = 0;
      for (let a = 0; a <= n; a++) for (let b = 0; a + b <= n; b++) total += m.prob([a, b, n - a - b]);
      expect(total).toBeCloseTo(1, 13);
    }
  });
});

describe("Multinomial.fit", () => {
  it("matches the exact closed form (alpha, weights, a column never seen)", () => {
    for (const f of ref.fits) {
      const options = f.sampleWeight === null ? { alpha: f.alpha } : { alpha: f.alpha, sampleWeight: f.sampleWeight };
      const probs = Multinomial.fit(f.X, options).probs;
      for (let j = 0; j < probs.length; j++) expectRelative(probs[j]!, f.probs[j]!, 1e-15, `${f.name} [${j}]`);
      const sparse = Multinomial.fit(SparseMatrix.fromDense(f.X), options).probs;
      expect(Array.from(sparse)).toEqual(Array.from(probs));
    }
    expect(
      Multinomial.fit([
        [3, 0, 1],
        [2, 0, 5],
      ]).probs[1],
    ).toBe(0);
  });

  it("merge in any split equals one fit (exact for integer counts)", () => {
    fc.assert(
      fc.property(countMatrix(12), fc.nat(), (X, cut) => {
        const k = cut % (X.length + 1);
        fc.pre(X.some((r) => r.some((v) => v > 0)));
        const whole = Multinomial.fit(X).probs;
        const s = Multinomial.stats()
          .addAll(X.slice(0, k))
          .merge(Multinomial.stats().addAll(X.slice(k)));
        expect(Array.from(Multinomial.fromStats(s).probs)).toEqual(Array.from(whole));
        const rev = Multinomial.stats()
          .addAll(X.slice(k))
          .merge(Multinomial.stats().addAll(X.slice(0, k)));
        expect(Array.from(Multinomial.fromStats(rev).probs)).toEqual(Array.from(whole));
      }),
    );
  });

  it("integer weights equal repeated rows; weight 0 equals the row absent", () => {
    fc.assert(
      fc.property(countMatrix(), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 }), (X, ws) => {
        const w = X.map((_, i) => ws[i]!);
        const repeated = X.flatMap((r, i) => Array.from({ length: w[i]! }, () => r));
        fc.pre(repeated.some((r) => r.some((v) => v > 0)));
        const a = Multinomial.fit(X, { sampleWeight: w, alpha: 0.5 }).probs;
        const b = Multinomial.fit(repeated, { alpha: 0.5 }).probs;
        expect(Array.from(a)).toEqual(Array.from(b));
      }),
    );
  });

  it("sampling then refitting recovers θ within sampling error", () => {
    const truth = new Multinomial([0.05, 0.15, 0.3, 0.5, 0]);
    const X = truth.sample(createRng(11), 400, { trials: 50 });
    for (let i = 0; i < X.rows; i++) expect(X.row(i).reduce((a, b) => a + b)).toBe(50);
    const fitted = Multinomial.fit(X).probs;
    const n = 400 * 50;
    for (let j = 0; j < 5; j++) {
      const p = truth.probs[j]!;
      expect(Math.abs(fitted[j]! - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / n) + 1e-15);
    }
    expect(fitted[4]).toBe(0);
  });

  it("draws match the multinomial law (chi-square on the outcomes of small n), large trials included", () => {
    const m = new Multinomial([0.2, 0.5, 0.3]);
    const X = m.sample(createRng(5), 3000, { trials: 2 });
    const observed = new Float64Array(6);
    const outcomes = [
      [2, 0, 0],
      [0, 2, 0],
      [0, 0, 2],
      [1, 1, 0],
      [1, 0, 1],
      [0, 1, 1],
    ];
    for (let i = 0; i < X.rows; i++) {
      const r = Array.from(X.row(i));
      observed[outcomes.findIndex((o) => o.every((v, j) => v === r[j]))]! += 1;
    }
    const expected = outcomes.map((o) => 3000 * m.prob(o));
    expect(chiSquareTest(observed, expected).pValue).toBeGreaterThan(1e-4);
    // BTRS: n·p far above 10
    const big = new Multinomial([0.1, 0.2, 0.7]).sample(createRng(9), 2000, { trials: 1e9 });
    const col0 = Array.from({ length: 2000 }, (_, i) => big.get(i, 0));
    const mean = col0.reduce((a, b) => a + b) / 2000;
    const variance = col0.reduce((a, b) => a + (b - mean) ** 2, 0) / 1999;
    expect(Math.abs(mean - 1e8) / Math.sqrt(9e7 / 2000)).toBeLessThan(5);
    expect(variance / 9e7).toBeGreaterThan(0.85);
    expect(variance / 9e7).toBeLessThan(1.15);
  });

  it("takes a number of trials per row, or one draw", () => {
    const m = new Multinomial([0.5, 0.5]);
    const X = m.sample(createRng(1), 3, { trials: [0, 7, 1e6] });
    expect([0, 1, 2].map((i) => X.get(i, 0) + X.get(i, 1))).toEqual([0, 7, 1e6]);
    const one = m.sample(createRng(1), { trials: 4 });
    expect(one).toBeInstanceOf(Float64Array);
    expect(one[0]! + one[1]!).toBe(4);
  });
});

describe("Multinomial errors and JSON", () => {
  it("refuses counts that are not integers >= 0, naming them", () => {
    const m = new Multinomial([0.5, 0.5]);
    expect(() => m.logProb([1.5, 0])).toThrow(/counts\[0\].*integers >= 0/);
    expect(() => m.logProb([0, -1])).toThrow(/counts\[1\]/);
    expect(() => m.logProb([0, 1, 2])).toThrow(/3 values.*2 categories/);
    expect(() =>
      m.logLikelihoodPerRow([
        [1, 2],
        [0, 0.5],
      ]),
    ).toThrow(/X\[1\]\[1\]/);
    expect(() =>
      m.logLikelihoodPerRow(SparseMatrix.fromCSR({ rows: 2, cols: 2, indptr: [0, 0, 1], indices: [1], data: [2.5] })),
    ).toThrow(/X\[1\]\[1\] is 2.5/);
    expect(() => Multinomial.fit([[1, NaN]])).toThrow(RangeError);
    expect(() => Multinomial.fit([[0, 0]])).toThrow(/alpha/);
    expect(Multinomial.fit([[0, 0]], { alpha: 1 }).probs).toEqual(new Float64Array([0.5, 0.5]));
    expect(() => Multinomial.fit([[1, 0]], { alpha: -1 })).toThrow(/alpha/);
    expect(() => Multinomial.fit([[1, 0]], { alfa: 1 } as never)).toThrow(/unknown option "alfa"/);
    expect(() => new Multinomial([0.5, 0.6])).toThrow(/sum to 1/);
    expect(() => new Multinomial([])).toThrow(/at least one/);
    expect(() => new Multinomial([NaN, 1])).toThrow(/probs\[0\]/);
    expect(() => m.sample(createRng(1), 2, { trials: 1.5 })).toThrow(/trials/);
    expect(() => m.sample(createRng(1), 2, {} as never)).toThrow(/trials/);
  });

  it("a failed call changes nothing", () => {
    const s = Multinomial.stats().addAll([[1, 2, 3]]);
    const before = JSON.stringify(s);
    expect(() =>
      s.addAll([
        [1, 1, 1],
        [1, -1, 1],
      ]),
    ).toThrow(/X\[1\]\[1\]/);
    expect(() => s.addAll([[1, 1, 1]], [NaN])).toThrow(/sampleWeight\[0\]/);
    expect(() => s.addAll([[1, 1]])).toThrow(/2 columns/);
    expect(() => s.merge(Multinomial.stats().addAll([[1, 1]]))).toThrow(/categories/);
    expect(JSON.stringify(s)).toBe(before);
  });

  it("round-trips the distribution and its statistics exactly through JSON, validated", () => {
    fc.assert(
      fc.property(countMatrix(), (X) => {
        fc.pre(X.some((r) => r.some((v) => v > 0)));
        const m = Multinomial.fit(X, { alpha: 0.1 });
        const back = Multinomial.fromJSON(JSON.parse(JSON.stringify(m)));
        expect(Array.from(back.probs)).toEqual(Array.from(m.probs));
        const s = Multinomial.stats().addAll(
          X,
          X.map((_, i) => i / 3),
        );
        const t = Multinomial.statsFromJSON(JSON.parse(JSON.stringify(s)));
        expect(t.toJSON()).toEqual(s.toJSON());
        expect(t).toBeInstanceOf(MultinomialStats);
      }),
    );
    expect(() => Multinomial.fromJSON({ type: "Multinomial", version: 2, probs: [1] })).toThrow(/version/);
    expect(() => Multinomial.fromJSON({ type: "Multinomial", version: 1, probs: [0.5, 0.4] })).toThrow(/sum to 1/);
    expect(() => Multinomial.statsFromJSON({ type: "MultinomialStats", version: 1, count: 0, sums: [1] })).toThrow(
      /count is 0/,
    );
    expect(() => Multinomial.statsFromJSON({ type: "MultinomialStats", version: 1, count: 1, sums: [-1] })).toThrow(
      /sums\[0\]/,
    );
  });

  it("fitAsync equals fit over the same chunks, dense or sparse", async () => {
    const X = [
      [3, 1, 0],
      [1, 1, 2],
      [0, 5, 1],
    ];
    const chunks = [X.slice(0, 1), SparseMatrix.fromDense(X.slice(1, 2)), { X: X.slice(2), sampleWeight: [2] }];
    const a = await Multinomial.fitAsync(chunks, { alpha: 1 });
    const b = Multinomial.fit(X, { alpha: 1, sampleWeight: [1, 1, 2] });
    expect(Array.from(a.probs)).toEqual(Array.from(b.probs));
    await expect(Multinomial.fitAsync([[[1, 2]], [[1, 0.5]]])).rejects.toThrow(/chunk 1.*X\[0\]\[1\]/);
  });
});
