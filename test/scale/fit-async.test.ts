/**
 * The async fits: Gaussian, Bernoulli, Categorical, Product and NaiveBayes `fitAsync` equal the
 * synchronous statistics over the same chunks (addAll, partialFit: bit for bit), whatever the
 * source (an array of chunks, a generator, an async generator, a Node Readable in object mode);
 * chunks are checked as they arrive and errors name the chunk and the row; an error thrown by the
 * source propagates unchanged; onProgress hears every chunk.
 */
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  Bernoulli,
  Categorical,
  createRng,
  Gaussian,
  NaiveBayes,
  Poisson,
  Product,
  type FitProgress,
  type LabelledChunk,
} from "../../src/index.js";

/** The same chunks as every kind of source. */
function sources<T>(chunks: readonly T[]): Array<[string, () => Iterable<T> | AsyncIterable<T>]> {
  return [
    ["an array", () => chunks],
    [
      "a generator",
      () =>
        (function* () {
          yield* chunks;
        })(),
    ],
    [
      "an async generator",
      () =>
        (async function* () {
          for (const c of chunks) {
            await new Promise((resolve) => setTimeout(resolve, 0));
            yield c;
          }
        })(),
    ],
    ["Readable.from", () => Readable.from(chunks)],
    [
      "a Readable in object mode",
      () => {
        let i = 0;
        return new Readable({
          objectMode: true,
          read() {
            this.push(i < chunks.length ? chunks[i++] : null);
          },
        });
      },
    ],
  ];
}

const rng = createRng(11);
const gaussianChunks = Array.from({ length: 7 }, (_, k) =>
  Float64Array.from({ length: 50 + k * 13 }, () => 1e6 + 3 * rng.next()),
);
const codes = Array.from({ length: 5 }, (_, k) => Array.from({ length: 20 + k }, () => Math.floor(rng.next() * 4)));
const bits = codes.map((c) => c.map((v) => (v > 1 ? 1 : 0)));

describe("one-dimensional families", () => {
  it.each(sources(gaussianChunks))(
    "Gaussian.fitAsync over %s equals addAll over the same chunks",
    async (_, source) => {
      const stats = Gaussian.stats();
      for (const c of gaussianChunks) stats.addAll(c);
      const fitted = await Gaussian.fitAsync(source());
      expect(fitted.toJSON()).toEqual(Gaussian.fromStats(stats).toJSON());
      // and one batch fit of all the values, to rounding
      const all = gaussianChunks.flatMap((c) => Array.from(c));
      const batch = Gaussian.fit(all);
      expect(Math.abs(fitted.mean - batch.mean) / batch.mean).toBeLessThan(1e-15);
      expect(Math.abs(fitted.std - batch.std) / batch.std).toBeLessThan(1e-12);
    },
  );

  it.each(sources(codes))("Categorical.fitAsync over %s equals addAll over the same chunks", async (_, source) => {
    const stats = Categorical.stats();
    for (const c of codes) stats.addAll(c);
    const fitted = await Categorical.fitAsync(source(), { k: 6, alpha: 0.5 });
    expect(fitted.toJSON()).toEqual(Categorical.fromStats(stats, { k: 6, alpha: 0.5 }).toJSON());
  });

  it.each(sources(bits))("Bernoulli.fitAsync over %s equals addAll over the same chunks", async (_, source) => {
    const stats = Bernoulli.stats();
    for (const c of bits) stats.addAll(c);
    expect((await Bernoulli.fitAsync(source(), { alpha: 1 })).p).toBe(Bernoulli.fromStats(stats, { alpha: 1 }).p);
  });

  it.each(sources(codes))("Poisson.fitAsync over %s equals addAll over the same chunks", async (_, source) => {
    const stats = Poisson.stats();
    for (const c of codes) stats.addAll(c);
    expect((await Poisson.fitAsync(source(), { alpha: 0.5 })).rate).toBe(Poisson.fromStats(stats, { alpha: 0.5 }).rate);
  });

  it("weighted chunks equal weighted statistics", async () => {
    const chunks = [
      { data: [1, 2, 3], sampleWeight: [1, 0, 2.5] },
      [4, 5],
      { data: new Float64Array([6]), sampleWeight: [3] },
    ];
    const stats = Gaussian.stats().addAll([1, 2, 3], [1, 0, 2.5]).addAll([4, 5]).addAll([6], [3]);
    expect((await Gaussian.fitAsync(chunks)).toJSON()).toEqual(Gaussian.fromStats(stats).toJSON());
    const counts = Categorical.stats().addAll([0, 1], [2, 0.5]).addAll([2]);
    expect((await Categorical.fitAsync([{ data: [0, 1], sampleWeight: [2, 0.5] }, [2]])).probs).toEqual(
      Categorical.fromStats(counts).probs,
    );
  });

  it("reports progress after every chunk", async () => {
    const calls: FitProgress[] = [];
    await Gaussian.fitAsync([[1, 2], [], new Float64Array([3, 4, 5])], { onProgress: (p) => calls.push(p) });
    expect(calls).toEqual([
      { rows: 2, pass: 1 },
      { rows: 2, pass: 1 },
      { rows: 5, pass: 1 },
    ]);
  });

  it("names the chunk and the index of a bad value", async () => {
    await expect(
      Gaussian.fitAsync([
        [1, 2],
        [3, NaN],
      ]),
    ).rejects.toThrow(new RangeError("Gaussian.fitAsync: chunk 1: data[1] is NaN; data must be finite"));
    await expect(Bernoulli.fitAsync([[1, 0], [0], [1, 2]])).rejects.toThrow(
      /^Bernoulli\.fitAsync: chunk 2: data\[1\] must be 0 or 1, got 2$/,
    );
    await expect(
      Categorical.fitAsync(
        [
          [0, 1],
          [2, 3],
        ],
        { k: 3 },
      ),
    ).rejects.toThrow(/^Categorical\.fitAsync: chunk 1: k = 3, but category 3 occurs in the data, at data\[1\]$/);
    await expect(Poisson.fitAsync([[1, 2], [3], [4, 1.5]])).rejects.toThrow(/^Poisson\.fitAsync: chunk 2: data\[1\]/);
    await expect(Gaussian.fitAsync([[1, 2], ["3" as unknown as number]])).rejects.toThrow(TypeError);
    await expect(Gaussian.fitAsync([{ data: [1, 2], sampleWeight: [1, -1] }])).rejects.toThrow(
      /^Gaussian\.fitAsync: chunk 0: sampleWeight\[1\] is -1/,
    );
  });

  it("refuses a source that yields something other than a chunk, naming its index", async () => {
    await expect(Gaussian.fitAsync([1, 2, 3] as never)).rejects.toThrow(
      new TypeError(
        "Gaussian.fitAsync: chunk 0 must be an array or an object, got 1 (the source must yield chunks: give [values], not values)",
      ),
    );
    await expect(Gaussian.fitAsync([[1], [2], null] as never)).rejects.toThrow(
      new TypeError("Gaussian.fitAsync: chunk 2 must be an array or an object, got null"),
    );
    await expect(Gaussian.fitAsync([[1], { values: [2] }] as never)).rejects.toThrow(
      /^Gaussian\.fitAsync: chunk 1 must be an array of numbers or \{ data, sampleWeight\? \}, got an object$/,
    );
    await expect(Gaussian.fitAsync(Readable.from([Buffer.from("1,2,3\n")], { objectMode: false }))).rejects.toThrow(
      new TypeError(
        "Gaussian.fitAsync: chunk 0 is a Buffer of 6 bytes; parse the bytes into chunks of values first (a Readable in object mode)",
      ),
    );
    await expect(Gaussian.fitAsync(42 as never)).rejects.toThrow(
      /Gaussian\.fitAsync: source must be an Iterable or AsyncIterable of chunks, got 42/,
    );
    await expect(Gaussian.fitAsync("1,2,3" as never)).rejects.toThrow(TypeError);
    await expect(Gaussian.fitAsync([])).rejects.toThrow(/Gaussian\.fitAsync: the source gave no values/);
    await expect(Gaussian.fitAsync([[1]], { sampleWeight: [1] } as never)).rejects.toThrow(/unknown option/);
  });

  it("lets an error thrown by the source propagate unchanged, and closes the source on a bad chunk", async () => {
    const failure = new Error("the disk is on fire");
    async function* failing() {
      yield [1, 2];
      throw failure;
    }
    await expect(Gaussian.fitAsync(failing())).rejects.toBe(failure);
    const stream = new Readable({
      objectMode: true,
      read() {
        this.destroy(failure);
      },
    });
    await expect(Categorical.fitAsync(stream)).rejects.toBe(failure);
    let closed = false;
    function* guarded() {
      try {
        yield [1, 2];
        yield [NaN];
        yield [3];
      } finally {
        closed = true;
      }
    }
    await expect(Gaussian.fitAsync(guarded())).rejects.toThrow(/chunk 1/);
    expect(closed).toBe(true);
  });
});

/** Labelled chunks with Gaussian, Bernoulli and categorical columns. */
function labelled(seed: number, chunks: number): Array<LabelledChunk<string> & { X: number[][]; y: string[] }> {
  const r = createRng(seed);
  return Array.from({ length: chunks }, (_, k) => {
    const n = 15 + 7 * k;
    const y = Array.from({ length: n }, () => (r.next() < 0.4 ? "x" : r.next() < 0.5 ? "y" : "z"));
    const X = y.map((l) => [l.charCodeAt(0) - 120 + r.next(), r.next() < 0.3 ? 1 : 0, Math.floor(r.next() * 3)]);
    return k % 2 === 0 ? { X, y } : { X, y, sampleWeight: X.map(() => 1 + Math.floor(r.next() * 3)) };
  });
}

describe("NaiveBayes.fitAsync", () => {
  const chunks = labelled(12, 6);
  const options = { features: ["gaussian", "bernoulli", "categorical"] as const, alpha: 0.5 };

  it.each(sources(chunks))("over %s equals partialFit over the same chunks", async (_, source) => {
    const expected = new NaiveBayes<string>({ ...options, features: [...options.features] });
    for (const c of chunks) expected.partialFit(c.X, c.y, { sampleWeight: c.sampleWeight });
    const fitted = await NaiveBayes.fitAsync(source(), { ...options, features: [...options.features] });
    expect(fitted.toJSON()).toEqual(expected.toJSON());
  });

  it("takes dense chunks, skips empty ones and reports progress", async () => {
    const calls: FitProgress[] = [];
    const dense = chunks.map((c) => ({
      X: { data: Float64Array.from(c.X.flat()), rows: c.y.length, cols: 3 },
      y: c.y,
      sampleWeight: c.sampleWeight,
    }));
    const fitted = await NaiveBayes.fitAsync([...dense.slice(0, 2), { X: [], y: [] }, ...dense.slice(2)], {
      features: ["gaussian", "bernoulli", "categorical"],
      alpha: 0.5,
      onProgress: (p) => calls.push(p),
    });
    const expected = await NaiveBayes.fitAsync(chunks, {
      features: ["gaussian", "bernoulli", "categorical"],
      alpha: 0.5,
    });
    expect(fitted.toJSON()).toEqual(expected.toJSON());
    let rows = 0;
    const totals = [...chunks.slice(0, 2), { y: [] }, ...chunks.slice(2)].map((c) => (rows += c.y.length));
    expect(calls).toEqual(totals.map((r) => ({ rows: r, pass: 1 })));
  });

  it("names the chunk and the row of a bad value or label", async () => {
    const bad = labelled(13, 3);
    bad[2]!.X[4]![0] = Infinity;
    await expect(NaiveBayes.fitAsync(bad)).rejects.toThrow(
      new RangeError("NaiveBayes.fitAsync: chunk 2: X[4][0] is Infinity; data must be finite"),
    );
    const unlabelled = labelled(13, 2);
    (unlabelled[1]!.y as (string | null)[])[3] = null;
    await expect(NaiveBayes.fitAsync(unlabelled)).rejects.toThrow(/^NaiveBayes\.fitAsync: chunk 1: y\[3\]/);
    await expect(NaiveBayes.fitAsync([chunks[0]!, [[1, 2, 3]]] as never)).rejects.toThrow(
      new TypeError("NaiveBayes.fitAsync: chunk 1 must be { X, y, sampleWeight? }, got an array of length 1"),
    );
    await expect(NaiveBayes.fitAsync([chunks[0]!, { X: [[1, 2]], y: ["x"] }])).rejects.toThrow(
      /^NaiveBayes\.fitAsync: chunk 1: X has 2 features but the model was fitted with 3$/,
    );
    await expect(NaiveBayes.fitAsync([])).rejects.toThrow(/NaiveBayes\.fitAsync: the source gave no rows/);
    await expect(NaiveBayes.fitAsync(chunks, { sampleWeight: [1] } as never)).rejects.toThrow(
      /give each chunk its sampleWeight/,
    );
  });

  it("lets an error thrown by the source propagate, and returns no model", async () => {
    const failure = new TypeError("socket closed");
    let yielded = 0;
    async function* failing() {
      for (const c of chunks.slice(0, 3)) {
        yielded++;
        yield c;
      }
      throw failure;
    }
    const result = NaiveBayes.fitAsync(failing(), { features: ["gaussian", "bernoulli", "categorical"] });
    await expect(result).rejects.toBe(failure);
    expect(yielded).toBe(3);
  });
});

describe("Product.fitAsync", () => {
  const r = createRng(14);
  const chunks = Array.from({ length: 5 }, (_, k) =>
    Array.from({ length: 10 + 3 * k }, () => [5 + r.next(), r.next() < 0.6 ? 1 : 0, Math.floor(r.next() * (2 + k))]),
  );
  const options = {
    features: ["gaussian", "bernoulli", "categorical"] as ("gaussian" | "bernoulli" | "categorical")[],
    alpha: 0.25,
  };

  it.each(sources(chunks))("over %s equals the merge of per-chunk fits and one fit of all rows", async (_, source) => {
    const fitted = await Product.fitAsync(source(), options);
    const merged = chunks.map((c) => Product.fit(c, options)).reduce((a, b) => a.merge(b));
    const all = Product.fit(chunks.flat(), options);
    const probe = chunks[4]!;
    expect(Array.from(fitted.logLikelihoodPerRow(probe))).toEqual(Array.from(merged.logLikelihoodPerRow(probe)));
    expect(fitted.marginals.slice(1).map((d) => d.toJSON())).toEqual(all.marginals.slice(1).map((d) => d.toJSON()));
    const g = fitted.marginals[0] as Gaussian;
    const h = all.marginals[0] as Gaussian;
    expect(Math.abs(g.mean - h.mean) / h.mean).toBeLessThan(1e-15);
    expect(Math.abs(g.std - h.std) / h.std).toBeLessThan(1e-13);
  });

  it("with weighted chunks, as fit with weights", async () => {
    const w = chunks.map((c) => c.map((_, i) => i % 3));
    const fitted = await Product.fitAsync(
      chunks.map((X, k) => ({ X, sampleWeight: w[k]! })),
      options,
    );
    const all = Product.fit(chunks.flat(), { ...options, sampleWeight: w.flat() });
    expect(fitted.marginals.slice(1).map((d) => d.toJSON())).toEqual(all.marginals.slice(1).map((d) => d.toJSON()));
  });

  it("names the chunk and the row of a bad value; refuses a change of width", async () => {
    const bad = chunks.map((c) => c.map((row) => row.slice()));
    bad[3]![2]![1] = 0.5;
    await expect(Product.fitAsync(bad, options)).rejects.toThrow(/^Product\.fitAsync: chunk 3: X\[2\]\[1\]/);
    await expect(Product.fitAsync([chunks[0]!, [[1, 0]]], options)).rejects.toThrow(
      /^Product\.fitAsync: chunk 1: X has 2 features but the chunks before it have 3$/,
    );
    await expect(Product.fitAsync([[[1], [1]]])).rejects.toThrow(/constant/);
  });
});
