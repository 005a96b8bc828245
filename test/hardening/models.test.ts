/**
 * Hardening of the models and the families' fits, with generated cases: no silent wrong result
 * (labels, smoothing, JSON that contradicts itself, overflow), no partial update, no unbounded
 * work, and checked rng output.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Bernoulli,
  Categorical,
  createRng,
  Gaussian,
  Mixture,
  NaiveBayes,
  Poisson,
  Product,
  type Rng,
} from "../../src/index.js";

const X = [
  [1.0, 0, 2],
  [1.2, 1, 0],
  [3.1, 1, 1],
  [2.9, 0, 2],
];
const y = ["a", "a", "b", "b"];
const features = ["gaussian", "bernoulli", "categorical"] as const;

describe("labels", () => {
  it("a null or undefined label in partialFit is an error naming its index, and changes nothing", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.constantFrom(null, undefined), (at, missing) => {
        const nb = NaiveBayes.fit(X, y, { features: [...features] });
        const before = JSON.stringify(nb);
        const labels: (string | null | undefined)[] = y.slice();
        labels[at] = missing;
        expect(() => nb.partialFit(X, labels as string[])).toThrow(new RegExp(`y\\[${at}\\]`));
        expect(JSON.stringify(nb)).toBe(before);
      }),
    );
  });

  it("adding classes one at a time stays linear in the classes (10⁴ classes well under a second each)", () => {
    const nb = new NaiveBayes<number>({ features: "bernoulli" });
    const start = performance.now();
    for (let c = 0; c < 10_000; c += 1000) {
      const labels = Array.from({ length: 1000 }, (_, i) => c + i);
      nb.partialFit(
        labels.map((l) => [l % 2]),
        labels,
      );
    }
    expect(nb.classes.length).toBe(10_000);
    expect(performance.now() - start).toBeLessThan(10_000);
  });
});

describe("smoothing stays right for any alpha", () => {
  it("Bernoulli and Categorical fits give probabilities in [0, 1] summing to 1, near ½ or 1/K for huge alpha", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e250, max: Number.MAX_VALUE, noNaN: true }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 20 }),
        (alpha, data) => {
          const p = Bernoulli.fit(
            data.map((v) => v % 2),
            { alpha },
          ).p;
          expect(p).toBeCloseTo(0.5, 12);
          const probs = Categorical.fit(data, { alpha, k: 4 }).probs;
          for (const q of probs) expect(q).toBeCloseTo(0.25, 12);
          const nb = NaiveBayes.fit(
            data.map((v) => [v % 2, v]),
            data.map((v) => v % 2),
            { features: ["bernoulli", "categorical"], alpha },
          );
          for (const v of nb.featureProbabilities.data) if (!Number.isNaN(v)) expect(v).toBeCloseTo(0.5, 12);
        },
      ),
      { numRuns: 50 },
    );
  });
});

/** A parsed model JSON, edited in place by the cases below. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- deep edits of parsed JSON
type Json = Record<string, any>;

describe("JSON that contradicts itself is refused", () => {
  const good = () => JSON.parse(JSON.stringify(NaiveBayes.fit(X, y, { features: [...features] }))) as Json;
  it.each([
    ["a Bernoulli count above its class's weight", (j: Json) => (j.stats.bernoulli.count[0] = 5)],
    ["categorical counts that don't add up to the weight", (j: Json) => (j.stats.categorical.count[0][0] = 9)],
    ["a class weight that differs between kinds", (j: Json) => (j.stats.gaussian.weight[0] = 7)],
    [
      "a weight of 0 with a mean",
      (j: Json) => {
        j.stats.gaussian.weight[0] = 0;
        j.classCount[0] = 0;
      },
    ],
    ["a claim of 10⁹ features", (j: Json) => (j.nFeatures = 1e9)],
  ])("%s", (_, edit) => {
    const j = good();
    edit(j);
    expect(() => NaiveBayes.fromJSON(j)).toThrow(RangeError);
  });

  it("Categorical.fromJSON refuses log-probabilities that don't normalise", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -5, max: 0, noNaN: true }), { minLength: 2, maxLength: 6 }), (logs) => {
        const total = logs.reduce((s, v) => s + Math.exp(v), 0);
        fc.pre(Math.abs(Math.log(total)) > 1e-6);
        expect(() => Categorical.fromJSON({ type: "Categorical", logProbs: logs })).toThrow(/normalised/);
      }),
    );
  });

  it("fromLogits with impossible categories survives its JSON round trip exactly", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(-Infinity), fc.double({ min: -50, max: 50, noNaN: true })), {
          minLength: 1,
          maxLength: 8,
        }),
        (logits) => {
          fc.pre(logits.some((v) => v > -Infinity));
          const c = Categorical.fromLogits(logits);
          const back = Categorical.fromJSON(JSON.parse(JSON.stringify(c)));
          expect(Array.from(back.logProbs)).toEqual(Array.from(c.logProbs));
          expect(Array.from(back.probs)).toEqual(Array.from(c.probs));
        },
      ),
    );
  });
});

describe("a failed update changes nothing", () => {
  it("CategoricalStats.addAll with a bad value anywhere (after codes that widen the table) keeps its counts", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 50 }),
        fc.nat(),
        fc.constantFrom(-1, 0.5, NaN, Infinity, 2 ** 20),
        fc.boolean(),
        (codes, at, bad, weighted) => {
          const stats = Categorical.stats().addAll([0, 3, 3]);
          const before = JSON.stringify(stats);
          const data = codes.slice();
          data.splice(at % (data.length + 1), 0, bad);
          const w = weighted ? data.map(() => 2) : undefined;
          expect(() => stats.addAll(data, w)).toThrow(RangeError);
          expect(JSON.stringify(stats)).toBe(before);
        },
      ),
    );
  });
});

describe("overflow", () => {
  it("Gaussian.fit of values near ±MAX is finite and centred", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e300, max: Number.MAX_VALUE, noNaN: true }), (v) => {
        const g = Gaussian.fit([v, -v]);
        expect(g.mean).toBe(0);
        expect(g.std).toBe(v);
      }),
    );
  });

  it("x − μ never overflows in logProb and cdf", () => {
    const g = new Gaussian(1e308, 1e308);
    expect(g.cdf(-1e308)).toBeCloseTo(0.02275013194817921, 14);
    expect(Number.isFinite(g.logProb(-1e308))).toBe(true);
  });
});

describe("the rng of every model is checked", () => {
  const bad: [string, Rng][] = [
    ["1", { next: () => 1 }],
    ["NaN", { next: () => NaN }],
    ["-1", { next: () => -1 }],
    ["2", { next: () => 2 }],
    ["a string", { next: () => "0.5" as unknown as number }],
  ];
  const nb = NaiveBayes.fit(X, y, { features: [...features] });
  const product = Product.fit(X, { features: [...features] });
  const mixture = Mixture.fit(X, { nComponents: 2, features: [...features] });
  it.each(bad)("next() returning %s is a RangeError naming rng", (_, rng) => {
    expect(() => nb.sample(rng, 5)).toThrow(/rng/);
    expect(() => product.sample(rng, 5)).toThrow(/rng/);
    expect(() => mixture.sample(rng, 5)).toThrow(/rng/);
  });
  it("any bad value from next(), generated, is refused by every sampler and by the mixture's start", () => {
    const badValue = fc.oneof(
      fc.double({ min: 1, max: 1e300, noNaN: true }),
      fc.double({ min: -1e300, max: -Number.MIN_VALUE, noNaN: true }),
      fc.constantFrom(NaN, Infinity, -Infinity, null, undefined, "0.5", true),
    );
    fc.assert(
      fc.property(badValue, fc.nat({ max: 3 }), (value, after) => {
        // `after` good draws, then the bad one: the check is on every draw, not only the first.
        const rng = (goodDraws = after): Rng => {
          const good = createRng(1);
          let k = 0;
          return { next: () => (k++ < goodDraws ? good.next() : (value as number)) };
        };
        for (const rate of [3, 100, 1e5]) {
          // A single draw may take one uniform only: the bad value comes first there.
          expect(() => new Poisson(rate).sample(rng(0))).toThrow(/rng/);
          expect(() => new Poisson(rate).sample(rng(), 64)).toThrow(/rng/);
        }
        expect(() => nb.sample(rng(), 8)).toThrow(/rng/);
        expect(() => mixture.sample(rng(), 8)).toThrow(/rng/);
        // The k-means++ start of two components draws three uniforms in all.
        expect(() => Mixture.fit(X, { nComponents: 2, features: [...features], rng: rng(Math.min(after, 2)) })).toThrow(
          /rng/,
        );
      }),
      { numRuns: 60 },
    );
  });

  it("Math.random itself, or no rng, says what an Rng is", () => {
    for (const rng of [Math.random, undefined, null, {}]) {
      expect(() => nb.sample(rng as unknown as Rng, 1)).toThrow(/an object with a next\(\) method/);
      expect(() => product.sample(rng as unknown as Rng, 1)).toThrow(/an object with a next\(\) method/);
    }
  });
  it("a sample size beyond what a result may hold is a RangeError naming it", () => {
    expect(() => nb.sample(createRng(1), 2 ** 31)).toThrow(RangeError);
    expect(() => product.sample(createRng(1), 2 ** 31)).toThrow(RangeError);
  });
});

describe("out buffers that share memory with X are refused", () => {
  it("for every model's scores", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), (offset) => {
        const buffer = new Float64Array(40);
        const data = buffer.subarray(offset, offset + 12);
        data.set([1, 0, 2, 1.2, 1, 0, 3.1, 1, 1, 2.9, 0, 2]);
        const Xd = { data, rows: 4, cols: 3 };
        const out = buffer.subarray(20, 40);
        const nb = NaiveBayes.fit(X, y, { features: [...features] });
        const outAliasing = buffer.subarray(0, 20);
        expect(() => nb.predictProba(Xd, outAliasing)).toThrow(/out shares memory/);
        expect(() => nb.predictProba(Xd, out)).not.toThrow();
        const product = Product.fit(X, { features: [...features] });
        expect(() => product.logLikelihoodPerRow(Xd, outAliasing)).toThrow(/out shares memory/);
      }),
      { numRuns: 9 },
    );
  });
});
