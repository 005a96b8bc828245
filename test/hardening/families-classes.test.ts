// Issue 21, the classes the families and their kernels own, each as a property over generated
// inputs: weights that overflow or underflow (2), data near the ends of the doubles (3), a row of
// weight 0 (4), a never-ending source (9), memory from one cell (10), and the chunk readers'
// own, correctly spelt fields (1, 6).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Bernoulli, Categorical, Gaussian, NaiveBayes, Poisson, Product, type FeatureKind } from "../../src/index.js";

const RUNS = { numRuns: 60 };

/** Powers of two that take weights beyond the doubles' sums (up) or into the subnormals (down). */
const extremeScale = fc.constantFrom(2 ** 1000, 2 ** 1010, 2 ** 1020, 2 ** -1040, 2 ** -1060, 2 ** -1070);
const smallWeight = fc.integer({ min: 0, max: 4 });

/** n values with an integer weight each, at least one weight positive. */
function weighted<T>(value: fc.Arbitrary<T>): fc.Arbitrary<{ xs: T[]; w: number[] }> {
  return fc
    .array(fc.tuple(value, smallWeight), { minLength: 1, maxLength: 30 })
    .filter((rows) => rows.some(([, w]) => w > 0))
    .map((rows) => ({ xs: rows.map(([x]) => x), w: rows.map(([, w]) => w) }));
}

// Values on a grid of 1/64 (no subnormals, which scaling by 2^-900 would flush to 0).
const real = fc.integer({ min: -64000, max: 64000 }).map((v) => v / 64);
const times = (w: number[], s: number): number[] => w.map((v) => v * s);

describe("class 2: weights are relative, whatever their size", () => {
  it("Bernoulli, Categorical and Poisson fit the same with the weights times any power of two", () => {
    fc.assert(
      fc.property(
        weighted(fc.constantFrom(0, 1)),
        weighted(fc.integer({ min: 0, max: 6 })),
        weighted(fc.integer({ min: 0, max: 50 })),
        extremeScale,
        (b, c, p, s) => {
          expect(Bernoulli.fit(b.xs, { sampleWeight: times(b.w, s) }).p).toBe(
            Bernoulli.fit(b.xs, { sampleWeight: b.w }).p,
          );
          const k = Math.max(...c.xs) + 1;
          expect(Array.from(Categorical.fit(c.xs, { k, sampleWeight: times(c.w, s) }).probs)).toEqual(
            Array.from(Categorical.fit(c.xs, { k, sampleWeight: c.w }).probs),
          );
          expect(Poisson.fit(p.xs, { sampleWeight: times(p.w, s) }).rate).toBe(
            Poisson.fit(p.xs, { sampleWeight: p.w }).rate,
          );
        },
      ),
      RUNS,
    );
  });

  it("Gaussian: fit and statistics with scaled weights equal the plain weights, and stay finite", () => {
    fc.assert(
      fc.property(weighted(real), extremeScale, ({ xs, w }, s) => {
        fc.pre(new Set(xs.filter((_, i) => w[i]! > 0)).size > 1);
        const plain = Gaussian.fit(xs, { sampleWeight: w });
        const scaled = Gaussian.fit(xs, { sampleWeight: times(w, s) });
        expect(scaled.mean).toBeCloseTo(plain.mean, 9);
        expect(scaled.std / plain.std).toBeCloseTo(1, 12);
        const stats = Gaussian.stats().addAll(xs, times(w, s));
        const json = JSON.stringify(stats);
        expect(json).not.toContain("null");
        expect(Gaussian.fromStats(Gaussian.statsFromJSON(JSON.parse(json))).mean).toBe(scaled.mean);
      }),
      RUNS,
    );
  });

  it("equal weights of any size give the unweighted answer", () => {
    fc.assert(
      fc.property(fc.array(real, { minLength: 2, maxLength: 30 }), extremeScale, (xs, s) => {
        fc.pre(new Set(xs).size > 1);
        const w = xs.map(() => s);
        expect(Gaussian.fit(xs, { sampleWeight: w }).mean).toBeCloseTo(Gaussian.fit(xs).mean, 10);
      }),
      RUNS,
    );
  });

  it("NaiveBayes and Product (through the kernels) are unchanged by scaling every weight", () => {
    const features: FeatureKind[] = ["gaussian", "bernoulli", "categorical", "poisson"];
    const row = fc.tuple(real, fc.constantFrom(0, 1), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 9 }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(row, fc.integer({ min: 1, max: 4 }), fc.constantFrom("a", "b")), {
          minLength: 6,
          maxLength: 30,
        }),
        // α is a pseudo-count in the weights' units: scaled with them (exactly, a power of two).
        fc.constantFrom(2 ** 1000, 2 ** 1010, 2 ** -1040, 2 ** -1060),
        (rows, s) => {
          const X = rows.map(([r]) => [...r]);
          const w = rows.map(([, v]) => v);
          const y = rows.map(([, , label]) => label);
          fc.pre(new Set(y).size === 2);
          for (const c of ["a", "b"]) fc.pre(new Set(X.filter((_, i) => y[i] === c).map((r) => r[0])).size > 1);
          const options = { features, minCategories: 5 };
          const plain = NaiveBayes.fit(X, y, { ...options, sampleWeight: w, alpha: 1 });
          const scaled = NaiveBayes.fit(X, y, { ...options, sampleWeight: times(w, s), alpha: s });
          const a = plain.predictLogProba(X).data;
          const b = scaled.predictLogProba(X).data;
          for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 6);
          const pa = Product.fit(X, { features, sampleWeight: w, alpha: 1 }).logLikelihoodPerRow(X);
          const pb = Product.fit(X, { features, sampleWeight: times(w, s), alpha: s }).logLikelihoodPerRow(X);
          for (let i = 0; i < pa.length; i++) expect(pb[i]).toBeCloseTo(pa[i]!, 6);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe("class 3: data near the ends of the doubles fit like any other", () => {
  const scale = fc.constantFrom(2 ** -700, 2 ** -900, 2 ** 600, 2 ** 800);
  const unit = fc.integer({ min: -64, max: 64 }).map((v) => v / 64);

  it("Gaussian.fit, the statistics and Product.fit of scaled data are the scaled fit (Product to the bit)", () => {
    fc.assert(
      fc.property(fc.array(real, { minLength: 2, maxLength: 40 }), scale, (xs, s) => {
        fc.pre(new Set(xs).size > 1);
        const g = Gaussian.fit(xs);
        const scaled = xs.map((x) => x * s);
        const h = Gaussian.fit(scaled);
        expect(h.mean / s).toBeCloseTo(g.mean, 9);
        expect(h.std / s / g.std).toBeCloseTo(1, 12);
        expect(Gaussian.fromStats(Gaussian.stats().addAll(scaled)).std).toBe(h.std);
        const p = Product.fit(
          scaled.map((x) => [x]),
          { features: "gaussian" },
        ).marginals[0] as Gaussian;
        expect([p.mean, p.std]).toEqual([h.mean, h.std]);
      }),
      RUNS,
    );
  });

  it("NaiveBayes classifies scaled data as it classifies the data", () => {
    fc.assert(
      fc.property(
        fc.array(unit, { minLength: 4, maxLength: 20 }),
        fc.array(unit, { minLength: 4, maxLength: 20 }),
        scale,
        (a, b, s) => {
          fc.pre(new Set(a).size > 1 && new Set(b).size > 1);
          const X = [...a.map((v) => [v]), ...b.map((v) => [v + 10])];
          const y = [...a.map(() => "a"), ...b.map(() => "b")];
          const test = [[0], [10], [2], [8]];
          const expected = NaiveBayes.fit(X, y).predict(test);
          const nb = NaiveBayes.fit(
            X.map((r) => [r[0]! * s]),
            y,
          );
          expect(nb.predict(test.map((r) => [r[0]! * s]))).toEqual(expected);
        },
      ),
      RUNS,
    );
  });
});

describe("class 4: a row of weight 0 is no row", () => {
  it("NaiveBayes and Product with weight-0 rows (any codes) equal the fit without them", () => {
    const row = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom(0, 1), fc.integer({ min: 0, max: 7 }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(row, fc.integer({ min: 1, max: 3 }), fc.constantFrom("a", "b")), {
          minLength: 2,
          maxLength: 20,
        }),
        fc.array(fc.tuple(fc.integer({ min: 4, max: 40 }), fc.constantFrom("a", "b")), { minLength: 1, maxLength: 5 }),
        (rows, ghosts) => {
          const features: FeatureKind[] = ["categorical", "bernoulli", "poisson"];
          const X = rows.map(([r]) => [...r]);
          const y = rows.map(([, , c]) => c);
          const w = rows.map(([, v]) => v);
          const Xg = [...X, ...ghosts.map(([code]) => [code, 1, code])];
          const yg = [...y, ...ghosts.map(([, c]) => c)];
          const wg = [...w, ...ghosts.map(() => 0)];
          const classes = ["a", "b"];
          const with0 = NaiveBayes.fit(Xg, yg, { features, sampleWeight: wg, classes });
          const without = NaiveBayes.fit(X, y, { features, sampleWeight: w, classes });
          expect(JSON.stringify(with0)).toBe(JSON.stringify(without));
          const p0 = Product.fit(Xg, { features, sampleWeight: wg, alpha: 1 });
          const p1 = Product.fit(X, { features, sampleWeight: w, alpha: 1 });
          expect(p0.marginals.map(String)).toEqual(p1.marginals.map(String));
        },
      ),
      RUNS,
    );
  });

  it("integer weights equal repeated rows, exactly, for the counting families", () => {
    const row = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom(0, 1), fc.integer({ min: 0, max: 7 }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(row, fc.integer({ min: 0, max: 3 }), fc.constantFrom("a", "b")), {
          minLength: 2,
          maxLength: 20,
        }),
        (rows) => {
          fc.pre(rows.some(([, w]) => w > 0));
          const features: FeatureKind[] = ["categorical", "bernoulli", "poisson"];
          const classes = ["a", "b"];
          const repeated = rows.flatMap(([r, w, c]) => Array.from({ length: w }, () => ({ r: [...r], c })));
          const weightedFit = NaiveBayes.fit(
            rows.map(([r]) => [...r]),
            rows.map(([, , c]) => c),
            { features, classes, sampleWeight: rows.map(([, w]) => w) },
          );
          const repeatedFit = NaiveBayes.fit(
            repeated.map((o) => o.r),
            repeated.map((o) => o.c),
            { features, classes },
          );
          expect(JSON.stringify(weightedFit)).toBe(JSON.stringify(repeatedFit));
        },
      ),
      RUNS,
    );
  });
});

describe("class 9: a never-ending synchronous source can be cancelled", () => {
  const fits = [
    (source: Iterable<number[]>, signal: AbortSignal) => Gaussian.fitAsync(source, { signal }),
    (source: Iterable<number[]>, signal: AbortSignal) => Bernoulli.fitAsync(source, { signal }),
    (source: Iterable<number[]>, signal: AbortSignal) => Categorical.fitAsync(source, { signal }),
    (source: Iterable<number[]>, signal: AbortSignal) => Poisson.fitAsync(source, { signal }),
  ];

  it("every family's fitAsync lets timers run and rejects with the signal's reason", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3 }),
        fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 50 }),
        fc.string(),
        async (which, chunk, reason) => {
          function* endless(): Generator<number[]> {
            for (;;) yield chunk;
          }
          const controller = new AbortController();
          const timer = setTimeout(() => controller.abort(new Error(reason)), 5);
          const error = await fits[which]!(endless(), controller.signal).then(
            () => null,
            (e: unknown) => e,
          );
          clearTimeout(timer);
          expect((error as Error).message).toBe(reason);
        },
      ),
      { numRuns: 8 },
    );
  });

  it("an aborted signal rejects before reading anything", async () => {
    let read = 0;
    function* counted(): Generator<number[]> {
      read++;
      yield [1, 2];
    }
    const reason = new Error("stop");
    await expect(Gaussian.fitAsync(counted(), { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(read).toBe(0);
    await expect(Gaussian.fitAsync([[1, 2]], { signal: "yes" as unknown as AbortSignal })).rejects.toThrow(
      /Gaussian.fitAsync: options.signal must be an AbortSignal/,
    );
  });
});

describe("class 10: memory is bounded by the input", () => {
  it("a few cells holding a huge code are refused, naming the column and the code", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 30 }),
        fc.integer({ min: 10, max: 20 }),
        fc.integer({ min: 60000, max: 65535 }),
        (rows, cols, code) => {
          const X = Array.from({ length: rows }, () => Array.from({ length: cols }, () => code));
          const y = X.map((_, i) => i % 2);
          expect(() => NaiveBayes.fit(X, y, { features: "categorical" })).toThrow(
            new RegExp(`NaiveBayes.fit: categorical feature \\d+ holds the code ${code}.*recode them densely`),
          );
        },
      ),
      { numRuns: 20 },
    );
  });

  it("codes the data can pay for are accepted", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), (code) => {
        const X = Array.from({ length: 40 }, (_, i) => [i % 2 === 0 ? code : 0]);
        expect(
          NaiveBayes.fit(
            X,
            X.map((_, i) => i % 2),
            { features: "categorical" },
          ).nFeatures,
        ).toBe(1);
      }),
      { numRuns: 20 },
    );
  });
});

describe("classes 1 and 6: chunk objects are read by their own, correctly spelt fields", () => {
  it("a misspelt field is an error naming it and the valid ones", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("weights", "sampleWeights", "weight", "w", "Data"), async (key) => {
        const chunk = { data: [1, 2, 3], [key]: [1, 1, 1] };
        await expect(Gaussian.fitAsync([chunk])).rejects.toThrow(
          new RegExp(`chunk 0 has an unknown field "${key}"; a chunk object has "data" and "sampleWeight"`),
        );
        await expect(NaiveBayes.fitAsync([{ X: [[1], [2]], y: ["a", "b"], [key]: [1, 1] }])).rejects.toThrow(
          new RegExp(`unknown field "${key}"; a chunk object has "X" and "y" and "sampleWeight"`),
        );
      }),
      { numRuns: 5 },
    );
  });

  it("an inherited sampleWeight is not read", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(real, { minLength: 2, maxLength: 10 }), async (xs) => {
        fc.pre(new Set(xs).size > 1);
        const chunk = Object.create({ sampleWeight: xs.map((_, i) => (i === 0 ? 100 : 0)) }) as { data: number[] };
        chunk.data = xs;
        expect((await Gaussian.fitAsync([chunk])).mean).toBe(Gaussian.fit(xs).mean);
      }),
      { numRuns: 20 },
    );
  });
});
