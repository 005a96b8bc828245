/**
 * Sample-weight properties every family's scalar API must have, registered per family by
 * kernels.test.ts (Gaussian, Bernoulli, Categorical) and poisson.test.ts (Poisson):
 * integer weights ≡ repeated values, weight 0 ≡ value removed, statistics merged in any order ≡
 * one fit, add(x, w) ≡ addAll with weights, JSON exact, and bad weights refused (naming the index
 * or `sampleWeight`) with the statistics unchanged.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Distribution } from "../../src/index.js";
import { maxRel } from "./helpers.js";

/** The statistics API every family shares. */
export interface WeightedStats {
  readonly count: number;
  add(x: number, w?: number): WeightedStats;
  addAll(data: ArrayLike<number>, sampleWeight?: ArrayLike<number>): WeightedStats;
  merge(other: never): WeightedStats;
  toJSON(): object;
}

/** One family as the properties see it. */
export interface FamilyUnderTest {
  name: string;
  /** `Family.fit(data, options)`, options holding `sampleWeight` (and whatever else is fixed). */
  fit(data: number[], options?: { sampleWeight?: number[] }): Distribution<number>;
  stats(): WeightedStats;
  fromStats(stats: WeightedStats): Distribution<number>;
  statsFromJSON(json: unknown): WeightedStats;
  fromJSON(json: unknown): Distribution<number>;
  /** The parameters to compare. */
  params(d: Distribution<number>): number[];
  /** n values of the family from a seed; for categorical data, every code below 5 in the first five. */
  data(seed: number, n: number): number[];
  /** True when weighted statistics are sums of integers for integer weights (exact), else 1e-12. */
  exact: boolean;
}

const FC = { numRuns: 150, seed: 20260504 };
const input = fc.record({
  seed: fc.integer({ min: 0, max: 1e6 }),
  n: fc.integer({ min: 6, max: 60 }),
  weights: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 60, maxLength: 60 }),
});

/** Weights for n values: the given integers, with the first five at least 1 (so data keep their spread and codes). */
function intWeights(w: number[], n: number): number[] {
  return w.slice(0, n).map((v, i) => (i < 5 ? Math.max(1, v) : v));
}

function repeated(xs: number[], w: number[]): number[] {
  return xs.flatMap((x, i) => Array<number>(w[i]!).fill(x));
}

function expectSame(f: FamilyUnderTest, a: Distribution<number>, b: Distribution<number>, exact = f.exact): void {
  if (exact) expect(f.params(a)).toEqual(f.params(b));
  else expect(maxRel(f.params(a), f.params(b))).toBeLessThanOrEqual(1e-12);
}

/** Registers the properties of one family. */
export function familyWeightProperties(f: FamilyUnderTest): void {
  describe(`${f.name}: sample weights`, () => {
    it("integer weights equal repeated values (fit, addAll, add)", () => {
      fc.assert(
        fc.property(input, ({ seed, n, weights }) => {
          const xs = f.data(seed, n);
          const w = intWeights(weights, n);
          const rep = f.fit(repeated(xs, w));
          expectSame(f, f.fit(xs, { sampleWeight: w }), rep);
          expectSame(f, f.fromStats(f.stats().addAll(xs, w)), rep);
          const one = f.stats();
          xs.forEach((x, i) => one.add(x, w[i]));
          expectSame(f, f.fromStats(one), rep);
          expect(one.count).toBe(w.reduce((t, v) => t + v, 0));
        }),
        FC,
      );
    });

    it("a weight of 0 is the value removed (real weights elsewhere)", () => {
      fc.assert(
        fc.property(input, ({ seed, n, weights }) => {
          const xs = f.data(seed, n);
          const w = intWeights(weights, n).map((v, i) => (v === 0 ? 0 : v + ((i * 37) % 11) / 7));
          const keep = xs.map((_, i) => i).filter((i) => w[i]! > 0);
          const removed = f.fit(
            keep.map((i) => xs[i]!),
            { sampleWeight: keep.map((i) => w[i]!) },
          );
          expectSame(f, f.fit(xs, { sampleWeight: w }), removed, false);
        }),
        FC,
      );
    });

    it("statistics of chunks merged in any order equal one weighted fit", () => {
      fc.assert(
        fc.property(
          input,
          fc.array(fc.integer({ min: 1, max: 59 }), { maxLength: 5 }),
          fc.integer(),
          (s, cuts, order) => {
            const xs = f.data(s.seed, s.n);
            const w = intWeights(s.weights, s.n);
            const bounds = [...new Set([0, ...cuts.filter((c) => c < s.n), s.n])].sort((a, b) => a - b);
            const parts = bounds
              .slice(1)
              .map((b, k) => f.stats().addAll(xs.slice(bounds[k], b), w.slice(bounds[k], b)));
            let r = order >>> 0;
            for (let i = parts.length - 1; i > 0; i--) {
              r = (Math.imul(r, 1103515245) + 12345) >>> 0;
              const k = r % (i + 1);
              [parts[i], parts[k]] = [parts[k]!, parts[i]!];
            }
            const merged = parts.reduce((a, b) => a.merge(b as never));
            expectSame(f, f.fromStats(merged), f.fit(xs, { sampleWeight: w }));
          },
        ),
        FC,
      );
    });

    it("JSON of weighted statistics and fits round trips exactly", () => {
      fc.assert(
        fc.property(input, ({ seed, n, weights }) => {
          const xs = f.data(seed, n);
          const w = intWeights(weights, n).map((v) => v * 0.3);
          const stats = f.stats().addAll(xs, w);
          const text = JSON.stringify(stats);
          expect(JSON.stringify(f.statsFromJSON(JSON.parse(text)))).toBe(text);
          const d = f.fit(xs, { sampleWeight: w });
          const back = f.fromJSON(JSON.parse(JSON.stringify(d)));
          expect(JSON.stringify(back)).toBe(JSON.stringify(d));
          expect(xs.map((x) => back.logProb(x))).toEqual(xs.map((x) => d.logProb(x)));
        }),
        FC,
      );
    });

    const bad: [string, (n: number) => unknown, typeof TypeError | typeof RangeError, RegExp][] = [
      [
        "negative",
        (n) => Array.from({ length: n }, (_, i) => (i === 2 ? -1 : 1)),
        RangeError,
        /sampleWeight\[2\] is -1/,
      ],
      ["NaN", (n) => Array.from({ length: n }, (_, i) => (i === 1 ? NaN : 1)), RangeError, /sampleWeight\[1\] is NaN/],
      [
        "Infinity",
        (n) => Array.from({ length: n }, (_, i) => (i === n - 1 ? Infinity : 1)),
        RangeError,
        /sampleWeight\[5\] is Infinity/,
      ],
      [
        "too short",
        (n) => new Array<number>(n - 1).fill(1),
        RangeError,
        /sampleWeight has 5 values but the data have 6/,
      ],
      ["too long", (n) => new Array<number>(n + 1).fill(1), RangeError, /sampleWeight has 7 values/],
      ["not an array", () => "1", TypeError, /sampleWeight must be an array/],
    ];

    it.each(bad)("a bad weight (%s) is refused by fit and addAll, and changes nothing", (_, make, type, message) => {
      const xs = f.data(1, 6);
      const w = make(6) as number[];
      expect(() => f.fit(xs, { sampleWeight: w })).toThrow(type);
      expect(() => f.fit(xs, { sampleWeight: w })).toThrow(message);
      const stats = f.stats().addAll(f.data(2, 6));
      const before = JSON.stringify(stats);
      expect(() => stats.addAll(xs, w)).toThrow(type);
      expect(() => stats.addAll(xs, w)).toThrow(message);
      expect(JSON.stringify(stats)).toBe(before);
    });

    it.each([-1, NaN, Infinity, -Infinity])("add(x, %s) is refused and changes nothing", (w) => {
      const stats = f.stats().addAll(f.data(3, 6));
      const before = JSON.stringify(stats);
      expect(() => stats.add(f.data(4, 1)[0]!, w)).toThrow(RangeError);
      expect(() => stats.add(f.data(4, 1)[0]!, w)).toThrow(/w must be a finite number >= 0/);
      expect(JSON.stringify(stats)).toBe(before);
    });
  });
}
