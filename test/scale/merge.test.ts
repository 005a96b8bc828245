/**
 * NaiveBayes.merge: the model of two shards equals one fit on their union (joint log-likelihood
 * to 1e-11 relative, class counts exactly), whatever the split, the order of the merges, the
 * classes each shard saw, and with JSON round trips of the shards in between. Merging models of
 * different options or features fails naming what differs, and changes neither model.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng, NaiveBayes, type FeatureKind, type NaiveBayesOptions } from "../../src/index.js";

/** The largest relative difference between two arrays. */
function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const e = a[i] === b[i] ? 0 : Math.abs(a[i]! - b[i]!) / Math.abs(b[i]!);
    if (!(e <= m)) m = e;
  }
  return m;
}

/** Labelled rows whose columns suit `kinds` (class-dependent, so the classes differ). */
function data(seed: number, n: number, kinds: readonly FeatureKind[], classes: readonly string[]) {
  const rng = createRng(seed);
  const X: number[][] = [];
  const y: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rng.next() * classes.length);
    X.push(
      kinds.map((kind) => {
        const u = rng.next();
        if (kind === "gaussian") return 1e3 + c * 2 + 3 * (u - 0.5); // an offset, to exercise Chan's merge
        if (kind === "bernoulli") return u < 0.2 + 0.2 * c ? 1 : 0;
        return Math.floor(u * (3 + c)); // categorical: later classes see more categories
      }),
    );
    y.push(classes[c]!);
  }
  return { X, y };
}

const KINDS: FeatureKind[] = ["gaussian", "bernoulli", "categorical", "gaussian"];
const options: NaiveBayesOptions<string> = { features: KINDS, alpha: 0.5, varSmoothing: 1e-6 };

/** Splits rows at the cut points into shards. */
function split<T>(rows: readonly T[], cuts: readonly number[]): T[][] {
  const at = [0, ...cuts, rows.length];
  return at.slice(1).map((end, k) => rows.slice(at[k], end));
}

describe("NaiveBayes.merge equals one fit on the union", () => {
  it("for any split, merge order and JSON round trip (fast-check)", () => {
    const { X, y } = data(1, 120, KINDS, ["a", "b", "c"]);
    const probe = data(2, 30, KINDS, ["a", "b", "c"]).X;
    const union = NaiveBayes.fit(X, y, options);
    const expected = union.jointLogLikelihood(probe).data;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 119 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.boolean(),
        (cutList, orderSeed, throughJson) => {
          const cuts = cutList.slice().sort((a, b) => a - b);
          const shards = split(X, cuts).map((Xs, k) => {
            const model = NaiveBayes.fit(Xs, split(y, cuts)[k]!, options);
            return throughJson ? NaiveBayes.fromJSON<string>(JSON.parse(JSON.stringify(model))) : model;
          });
          // A shuffled order of merges, folded from the left.
          const rng = createRng(orderSeed);
          const order = shards.map((_, k) => k).sort(() => rng.next() - 0.5);
          let merged = shards[order[0]!]!;
          for (const k of order.slice(1)) merged = merged.merge(shards[k]!);
          expect(merged.classes).toEqual(union.classes);
          expect(Array.from(merged.classCounts)).toEqual(Array.from(union.classCounts));
          expect(maxRel(merged.jointLogLikelihood(probe).data, expected)).toBeLessThanOrEqual(1e-11);
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });

  it("when the shards saw different classes and categories", () => {
    const first = data(3, 50, KINDS, ["a", "b"]);
    const second = data(4, 50, KINDS, ["c", "d"]);
    const third = data(5, 20, KINDS, ["b", "e"]);
    const X = [...first.X, ...second.X, ...third.X];
    const y = [...first.y, ...second.y, ...third.y];
    const union = NaiveBayes.fit(X, y, options);
    const probe = data(6, 40, KINDS, ["a", "b", "c", "d", "e"]).X;
    const parts = [first, second, third].map((d) => NaiveBayes.fit(d.X, d.y, options));
    for (const [i, j, k] of [
      [0, 1, 2],
      [2, 1, 0],
      [1, 2, 0],
    ] as const) {
      const merged = parts[i]!.merge(parts[j]!).merge(parts[k]!);
      expect(merged.classes).toEqual(["a", "b", "c", "d", "e"]);
      expect(Array.from(merged.classCounts)).toEqual(Array.from(union.classCounts));
      expect(maxRel(merged.jointLogLikelihood(probe).data, union.jointLogLikelihood(probe).data)).toBeLessThanOrEqual(
        1e-11,
      );
      expect(merged.predict(probe)).toEqual(union.predict(probe));
    }
  });

  it("with sample weights, numeric labels and fixed classes", () => {
    const rng = createRng(8);
    const X = Array.from({ length: 60 }, () => [rng.next() * 4, rng.next() < 0.5 ? 1 : 0]);
    const y = X.map((r) => (r[0]! > 2 ? 2 : 1));
    const w = X.map(() => Math.floor(rng.next() * 3) + 0.5);
    const opts: NaiveBayesOptions<number> = {
      features: ["gaussian", "bernoulli"],
      classes: [1, 2, 3],
      priors: [0.2, 0.3, 0.5],
    };
    const union = NaiveBayes.fit(X, y, { ...opts, sampleWeight: w });
    const a = NaiveBayes.fit(X.slice(0, 25), y.slice(0, 25), { ...opts, sampleWeight: w.slice(0, 25) });
    const b = NaiveBayes.fit(X.slice(25), y.slice(25), { ...opts, sampleWeight: w.slice(25) });
    const merged = NaiveBayes.fromJSON<number>(JSON.parse(JSON.stringify(b))).merge(a);
    expect(merged.classes).toEqual([1, 2, 3]);
    expect(maxRel(merged.jointLogLikelihood(X).data, union.jointLogLikelihood(X).data)).toBeLessThanOrEqual(1e-11);
    expect(maxRel(merged.classCounts, union.classCounts)).toBeLessThanOrEqual(1e-15);
  });

  it("changes neither model, and merging an unfitted model gives a copy of the other", () => {
    const { X, y } = data(9, 40, KINDS, ["a", "b"]);
    const a = NaiveBayes.fit(X.slice(0, 20), y.slice(0, 20), options);
    const b = NaiveBayes.fit(X.slice(20), y.slice(20), options);
    const before = [JSON.stringify(a), JSON.stringify(b)];
    const merged = a.merge(b);
    expect([JSON.stringify(a), JSON.stringify(b)]).toEqual(before);
    merged.partialFit(X.slice(0, 3), y.slice(0, 3));
    expect([JSON.stringify(a), JSON.stringify(b)]).toEqual(before);
    const empty = new NaiveBayes<string>(options);
    expect(JSON.stringify(empty.merge(a))).toBe(before[0]);
    expect(JSON.stringify(a.merge(empty))).toBe(before[0]);
    expect(empty.merge(new NaiveBayes<string>(options)).isFitted).toBe(false);
  });
});

describe("NaiveBayes.merge refuses models that differ, naming what differs", () => {
  const { X, y } = data(10, 30, KINDS, ["a", "b"]);
  const base = NaiveBayes.fit(X, y, options);
  const cases: Array<[string, NaiveBayes<string>, RegExp]> = [
    [
      "a feature kind",
      NaiveBayes.fit(X, y, { ...options, features: ["gaussian", "categorical", "categorical", "gaussian"] }),
      /the kind of feature 1 \(bernoulli and categorical\)/,
    ],
    [
      "the number of features",
      NaiveBayes.fit(
        X.map((r) => r.slice(0, 3)),
        y,
        { ...options, features: KINDS.slice(0, 3) },
      ),
      /the number of features \(4 and 3\)/,
    ],
    ["alpha", NaiveBayes.fit(X, y, { ...options, alpha: 1 }), /options\.alpha of feature 1 \(0\.5 and 1\)/],
    [
      "varSmoothing",
      NaiveBayes.fit(X, y, { ...options, varSmoothing: 1e-9 }),
      /options\.varSmoothing \(0\.000001 and 1e-9\)|options\.varSmoothing \(1e-6 and 1e-9\)/,
    ],
    ["priors", NaiveBayes.fit(X, y, { ...options, priors: [0.5, 0.5] }), /options\.priors \(null and \[0\.5,0\.5\]\)/],
    ["unseen", NaiveBayes.fit(X, y, { ...options, unseen: "error" }), /options\.unseen \("smooth" and "error"\)/],
    ["fixed classes", NaiveBayes.fit(X, y, { ...options, classes: ["a", "b", "z"] }), /options\.classes/],
  ];
  it.each(cases)("%s", (_, other, message) => {
    const before = JSON.stringify(base);
    expect(() => base.merge(other)).toThrow(RangeError);
    expect(() => base.merge(other)).toThrow(message);
    expect(() => other.merge(base)).toThrow(RangeError);
    expect(JSON.stringify(base)).toBe(before);
  });

  it("labels of another type, and things that are not models", () => {
    const numeric = NaiveBayes.fit(
      X,
      y.map((l) => (l === "a" ? 0 : 1)),
      options as unknown as NaiveBayesOptions<number>,
    );
    expect(() => base.merge(numeric as unknown as NaiveBayes<string>)).toThrow(
      /NaiveBayes\.merge: one model's labels are strings and the other's numbers/,
    );
    expect(() => base.merge({} as NaiveBayes<string>)).toThrow(TypeError);
    expect(() => base.merge(null as unknown as NaiveBayes<string>)).toThrow(
      /other must be a NaiveBayes model, got null/,
    );
  });
});
