/**
 * EM across shards and over streams. One iteration over shards (expectedStats per shard, JSON,
 * merge in any order, fromStats) equals `Mixture.fit(X, { maxIter: 1, tol: 0, init })` on all
 * rows to 1e-11; `Mixture.fitAsync` from the same start equals `Mixture.fit` (parameters, trace,
 * iterations, convergence) to 1e-10, and its default start is a uniform reservoir sample.
 * (Mixture.fit itself is checked against a numpy EM and scikit-learn in test/models.)
 */
import { describe, expect, it } from "vitest";
import { createRng, Mixture, type FeatureKind, type FitProgress, type MixtureProgress } from "../../src/index.js";

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const e = a[i] === b[i] ? 0 : Math.abs(a[i]! - b[i]!) / Math.abs(b[i]!);
    if (!(e <= m)) m = e;
  }
  return m;
}

const KINDS: FeatureKind[] = ["gaussian", "bernoulli", "categorical", "gaussian"];

/** Rows from three overlapping clusters with mixed columns. */
function rows(seed: number, n: number): number[][] {
  const r = createRng(seed);
  return Array.from({ length: n }, () => {
    const c = Math.floor(r.next() * 3);
    return [
      c * 1.5 + r.next() * 2,
      r.next() < 0.2 + 0.3 * c ? 1 : 0,
      Math.min(3, Math.floor(r.next() * 2 + c)),
      100 - c + r.next(),
    ];
  });
}

const X = rows(1, 900);
const probe = rows(2, 50);
const options = { features: KINDS, alpha: 0.5, regVariance: 1e-4 };
const init = Mixture.fit(X.slice(0, 120), { ...options, nComponents: 3, maxIter: 3, rng: createRng(3) });

/** The chunks of X, `size` rows each. */
function chunked<T>(all: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < all.length; i += size) out.push(all.slice(i, i + size));
  return out;
}

/** Mixtures agree: weights, and the joint log-likelihood of every probe row and component. */
function expectClose(a: Mixture, b: Mixture, bound: number): void {
  expect(maxRel(a.weights, b.weights)).toBeLessThanOrEqual(bound);
  expect(maxRel(a.jointLogLikelihood(probe).data, b.jointLogLikelihood(probe).data)).toBeLessThanOrEqual(bound);
}

describe("one EM iteration over shards", () => {
  it("equals Mixture.fit(X, { maxIter: 1, tol: 0, init }) to 1e-11, in any merge order, through JSON", () => {
    const expected = Mixture.fit(X, { ...options, init, maxIter: 1, tol: 0 });
    const shards = [X.slice(0, 100), X.slice(100, 450), X.slice(450, 451), X.slice(451)];
    const json = shards.map((s) => JSON.stringify(init.expectedStats(s)));
    for (const order of [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
      [2, 0, 3, 1],
    ]) {
      const stats = order.map((k) => Mixture.statsFromJSON(JSON.parse(json[k]!))).reduce((a, b) => a.merge(b));
      expect(stats.count).toBe(X.length);
      const next = Mixture.fromStats(stats, { alpha: 0.5, regVariance: 1e-4 });
      expectClose(next, expected, 1e-11);
      // Σ log p(x) at the start: the first entry of the fit's trace, times n.
      expect(Math.abs(stats.logLikelihood / stats.count - expected.logLikelihoodTrace[0]!)).toBeLessThanOrEqual(
        1e-11 * Math.abs(expected.logLikelihoodTrace[0]!),
      );
    }
  });

  it("with sample weights", () => {
    const w = X.map((_, i) => (i % 4) * 0.5);
    const expected = Mixture.fit(X, { ...options, init, maxIter: 1, tol: 0, sampleWeight: w });
    const stats = init
      .expectedStats(X.slice(0, 300), w.slice(0, 300))
      .merge(init.expectedStats(X.slice(300), w.slice(300)));
    expectClose(Mixture.fromStats(stats, { alpha: 0.5, regVariance: 1e-4 }), expected, 1e-11);
  });
});

describe("Mixture.fitAsync", () => {
  it("from the same start equals Mixture.fit: parameters, trace, iterations, convergence", async () => {
    for (const [tol, maxIter] of [
      [1e-6, 200],
      [0, 7],
    ] as const) {
      const expected = Mixture.fit(X, { ...options, init, tol, maxIter });
      let calls = 0;
      const streamed = await Mixture.fitAsync(
        () => {
          calls++;
          return chunked(X, 128);
        },
        { ...options, init, tol, maxIter },
      );
      expectClose(streamed, expected, 1e-10);
      expect(streamed.nIter).toBe(expected.nIter);
      expect(streamed.converged).toBe(expected.converged);
      expect(maxRel(streamed.logLikelihoodTrace, expected.logLikelihoodTrace)).toBeLessThanOrEqual(1e-10);
      expect(calls).toBe(expected.nIter);
    }
  });

  it("with weighted chunks from an async generator, as fit with weights", async () => {
    const w = X.map((_, i) => [0, 1, 2.5][i % 3]!);
    const expected = Mixture.fit(X, { ...options, init, tol: 1e-8, sampleWeight: w });
    async function* source() {
      for (let i = 0; i < X.length; i += 200) yield { X: X.slice(i, i + 200), sampleWeight: w.slice(i, i + 200) };
    }
    const streamed = await Mixture.fitAsync(source, { ...options, init, tol: 1e-8 });
    expectClose(streamed, expected, 1e-10);
    expect(streamed.nIter).toBe(expected.nIter);
  });

  it("by default starts from k-means++ on a reservoir sample: all the rows when they fit in it", async () => {
    // With at most startRows rows the sample is every row in order, so the start is Mixture.fit's.
    const expected = Mixture.fit(X, { ...options, nComponents: 3, rng: createRng(9), tol: 1e-8 });
    const iterations: MixtureProgress[] = [];
    const streamed = await Mixture.fitAsync(() => chunked(X, 100), {
      ...options,
      nComponents: 3,
      rng: createRng(9),
      tol: 1e-8,
      onIteration: (p) => iterations.push(p),
    });
    expectClose(streamed, expected, 1e-10);
    expect(streamed.nIter).toBe(expected.nIter);
    expect(iterations.map((p) => p.iteration)).toEqual(expected.logLikelihoodTrace.map((_, t) => t + 1));
    expect(
      maxRel(
        iterations.map((p) => p.logLikelihood),
        expected.logLikelihoodTrace,
      ),
    ).toBeLessThanOrEqual(1e-10);
  });

  it("draws the start's sample uniformly over the rows of weight > 0 (reservoir sampling)", async () => {
    // Ten rows 0..9 (one Gaussian column) in uneven chunks, plus a row of weight 0. With
    // startRows = 3, K = 3 and no EM step, the start's component means are the three sampled
    // rows, so each row's inclusion frequency over seeds estimates its probability, 3/10.
    const chunks = [
      { X: [[0], [1], [2]], sampleWeight: [1, 1, 1] },
      { X: [[3], [42]], sampleWeight: [1, 0] },
      { X: [[4], [5], [6], [7], [8], [9]] },
    ];
    const runs = 1000;
    const seen = new Float64Array(43);
    for (let seed = 0; seed < runs; seed++) {
      const start = await Mixture.fitAsync(() => chunks, {
        nComponents: 3,
        startRows: 3,
        maxIter: 0,
        rng: createRng(seed),
      });
      const means = start.components.map((p) => p.marginals[0]!.mean);
      expect(new Set(means).size).toBe(3);
      for (const m of means) seen[m] = seen[m]! + 1;
    }
    expect(seen[42]).toBe(0);
    // Binomial(1000, 0.3): sd ≈ 14.5; six sd either way.
    for (let v = 0; v < 10; v++) expect(Math.abs(seen[v]! - 300)).toBeLessThanOrEqual(87);
  });

  it("names startRows when it, not the source, leaves fewer sampled rows than components", async () => {
    const chunks = [{ X: [[0], [1], [2], [3]] }];
    await expect(Mixture.fitAsync(() => chunks, { nComponents: 2, startRows: 1 })).rejects.toThrow(
      /options.nComponents is 2, more than the 1 rows options.startRows lets the start sample; raise startRows to at least 2/,
    );
    await expect(Mixture.fitAsync(() => [{ X: [[0]] }], { nComponents: 2 })).rejects.toThrow(
      /more than the 1 rows \(of weight > 0\) the source gave/,
    );
  });

  it("reports progress per chunk and pass, the sampling pass first", async () => {
    const calls: FitProgress[] = [];
    await Mixture.fitAsync(() => chunked(X.slice(0, 300), 120), {
      ...options,
      nComponents: 2,
      maxIter: 2,
      tol: 0,
      onProgress: (p) => calls.push(p),
    });
    const pass = (p: number) => [120, 240, 300].map((rows) => ({ rows, pass: p }));
    expect(calls).toEqual([...pass(1), ...pass(2), ...pass(3)]);
  });

  it("names the chunk and the row of a bad value", async () => {
    const bad = chunked(X, 100).map((c) => c.map((r) => r.slice()));
    bad[2]![7]![3] = NaN;
    await expect(Mixture.fitAsync(() => bad, { ...options, nComponents: 3 })).rejects.toThrow(
      new RangeError("Mixture.fitAsync: chunk 2: X[7][3] is NaN; data must be finite"),
    );
    bad[2]![7]![3] = 1;
    bad[4]![5]![1] = 3;
    await expect(Mixture.fitAsync(() => bad, { ...options, init })).rejects.toThrow(
      /^Mixture\.fitAsync: chunk 4: X\[5\]\[1\]/,
    );
    await expect(Mixture.fitAsync(() => [X.slice(0, 5), [[1, 2]]], { ...options, nComponents: 2 })).rejects.toThrow(
      /^Mixture\.fitAsync: chunk 1: X has 2 features but the chunks before it have 4$/,
    );
    await expect(Mixture.fitAsync(() => [[1, 0]] as never, { nComponents: 2 })).rejects.toThrow(TypeError);
  });

  it("refuses sources that change between passes, and bad arguments", async () => {
    let pass = 0;
    const shrinking = () => {
      pass++;
      return chunked(X.slice(0, pass === 3 ? 200 : 300), 100);
    };
    await expect(Mixture.fitAsync(shrinking, { ...options, nComponents: 2, tol: 0, maxIter: 5 })).rejects.toThrow(
      /^Mixture\.fitAsync: pass 3 read 200 rows but the first pass read 300; the function must return the same data on every call$/,
    );
    await expect(Mixture.fitAsync(chunked(X, 100) as never, { nComponents: 2 })).rejects.toThrow(
      /the first argument must be a function returning the source/,
    );
    await expect(Mixture.fitAsync((async () => X) as never, { nComponents: 2 })).rejects.toThrow(
      /returned a Promise in pass 1/,
    );
    await expect(Mixture.fitAsync(() => [X.slice(0, 2)], { nComponents: 3 })).rejects.toThrow(
      /options\.nComponents is 3, more than the 2 rows/,
    );
    await expect(Mixture.fitAsync(() => [X.slice(0, 2)], { init })).rejects.toThrow(
      /options\.init has 3 components, more than the 2 rows/,
    );
    await expect(Mixture.fitAsync(() => [], { nComponents: 1 })).rejects.toThrow(/the source gave no rows/);
    await expect(Mixture.fitAsync(() => [X], { nComponents: 1, nInit: 2 } as never)).rejects.toThrow(
      /unknown option "nInit"/,
    );
    await expect(Mixture.fitAsync(() => [X], {})).rejects.toThrow(/options\.nComponents is required/);
  });

  it("lets an error thrown by the source propagate, in any pass, and returns no model", async () => {
    const failure = new Error("connection reset");
    let pass = 0;
    const read = () =>
      (async function* () {
        pass++;
        yield X.slice(0, 200);
        if (pass === 3) throw failure;
        yield X.slice(200, 400);
      })();
    await expect(Mixture.fitAsync(read, { ...options, nComponents: 2, tol: 0, maxIter: 5 })).rejects.toBe(failure);
    expect(pass).toBe(3);
  });
});
