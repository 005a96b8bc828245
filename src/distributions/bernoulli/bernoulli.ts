import {
  addColumn,
  fitValues,
  fitValuesAsync,
  fromStatsOf,
  statsFromJSONOf,
  type ScalarFamily,
} from "../scalar-fit.js";
import { BernoulliKernelStats } from "./stats.js";
import { timesPowerOfTwo, weightExponentFromJSON } from "../../core/weights.js";
import { requireJsonType, type Distribution, type SufficientStats } from "../../core/distribution.js";
import { brand, hasBrand } from "../../core/brand.js";
import { badUniform, requireRng, type Rng } from "../../core/rng.js";
import { readSampleWeight } from "../../core/weights.js";
import { type AsyncFitOptions, type ChunkSource, type ValuesChunk } from "../../core/source.js";
import { bernoulliProbability } from "./stats.js";
import {
  describe,
  requireArgument,
  requireData,
  requireNonNegative,
  requireNoNaN,
  requireProbability,
  sampleBuffer,
} from "../../core/validate.js";

/**
 * Options of {@link Bernoulli.fit} and {@link Bernoulli.fromStats}.
 *
 * @example
 * ```ts
 * Bernoulli.fit([1, 1, 1], { alpha: 1 }).p; // 0.8 = (3 + 1) / (3 + 2)
 * ```
 */
export interface BernoulliFitOptions {
  /**
   * Additive (Lidstone) smoothing: p = (ones + α) / (n + 2α). Default 0, the MLE; 1 is
   * Laplace's rule, the posterior mean under a uniform prior.
   */
  alpha?: number;
  /** Bernoulli.fit: a frequency weight ≥ 0 per value (default 1 each). */
  sampleWeight?: ArrayLike<number>;
}

/** The brand of a Bernoulli: `Symbol.for` keeps its type a unique symbol. */
const BERNOULLI_BRAND: unique symbol = Symbol.for("ptheta.Bernoulli");

/**
 * The Bernoulli distribution on {0, 1} with success probability p = P(X = 1):
 *
 *   P(X = 1) = p,  P(X = 0) = 1 − p
 *
 * p = 0 and p = 1 are allowed (point masses); log P(X = 0) is computed as log1p(−p), so tiny
 * p loses nothing and 0 · log 0 never turns into NaN.
 *
 * @example
 * ```ts
 * const b = new Bernoulli(0.3);
 * b.logProb(1); // Math.log(0.3)
 * Bernoulli.fit([1, 0, 0, 1]).p; // 0.5
 * ```
 */
export class Bernoulli implements Distribution<number> {
  /** @internal The brand that identifies a Bernoulli from any copy of ptheta (core/brand.ts). */
  get [BERNOULLI_BRAND](): true {
    return true;
  }

  /** p = P(X = 1), in [0, 1]. */
  readonly p: number;
  private readonly logP: number;
  private readonly logQ: number; // log(1 − p)

  /** @param p - the probability of a 1, in [0, 1]. */
  constructor(p: number) {
    this.p = requireProbability("Bernoulli: p", p);
    this.logP = Math.log(p);
    this.logQ = Math.log1p(-p) + 0; // + 0 turns log1p(−0) = −0 into 0
  }

  /** E[X] = p. */
  get mean(): number {
    return this.p;
  }

  /** Var[X] = p(1 − p). */
  get variance(): number {
    return this.p * (1 - this.p);
  }

  /** log p if x = 1, log(1 − p) if x = 0, −Infinity for any other number. */
  logProb(x: number): number {
    requireArgument("Bernoulli.logProb", x);
    return x === 1 ? this.logP : x === 0 ? this.logQ : -Infinity;
  }

  /** P(X = x): exactly p at 1, 1 − p at 0, 0 for any other number. */
  prob(x: number): number {
    requireArgument("Bernoulli.prob", x);
    // p itself and 1 − p (one rounding), not exp of their logs, which is an ulp or two off.
    return x === 1 ? this.p : x === 0 ? 1 - this.p : 0;
  }

  /** P(X ≤ x): 0 below 0, 1 − p on [0, 1), 1 from 1 on. */
  cdf(x: number): number {
    requireArgument("Bernoulli.cdf", x);
    return x < 0 ? 0 : x < 1 ? 1 - this.p : 1;
  }

  /** log P(X ≤ x). */
  logCdf(x: number): number {
    requireArgument("Bernoulli.logCdf", x);
    return x < 0 ? -Infinity : x < 1 ? this.logQ : 0;
  }

  /** The Shannon entropy −p log p − (1 − p) log(1 − p), in nats (0 at p ∈ {0, 1}). */
  entropy(): number {
    const { p } = this;
    return (p > 0 ? -p * this.logP : 0) + (p < 1 ? -(1 - p) * this.logQ : 0);
  }

  /**
   * Σ log P(x) = ones · log p + zeros · log(1 − p), from exact counts; −Infinity if any value is
   * not 0 or 1. A NaN throws, naming its index.
   */
  logLikelihood(data: ArrayLike<number>): number {
    const xs = requireData("Bernoulli.logLikelihood", data);
    let ones = 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      if (x === 1) ones++;
      else if (x !== 0) {
        requireNoNaN("Bernoulli.logLikelihood", xs, i); // NaN anywhere is an error,
        return -Infinity; // anything else outside {0, 1} is impossible
      }
    }
    const zeros = xs.length - ones;
    // 0 · log 0 = 0: a count of zero contributes nothing even where its log-probability is −∞.
    return (ones > 0 ? ones * this.logP : 0) + (zeros > 0 ? zeros * this.logQ : 0);
  }

  /** One draw (1 with probability p), or `n` draws into a Float64Array (into `out` when given). */
  sample(rng: Rng): number;
  sample(rng: Rng, n: number, out?: Float64Array): Float64Array;
  sample(rng: Rng, n?: number, out?: Float64Array): number | Float64Array {
    requireRng("Bernoulli.sample", rng);
    const p = this.p;
    if (n === undefined) {
      const u = rng.next();
      if (typeof u !== "number" || !(u >= 0 && u < 1)) throw badUniform("Bernoulli.sample", u);
      return u < p ? 1 : 0;
    }
    const result = sampleBuffer("Bernoulli.sample", n, out);
    // One uniform per draw, 1 when u < p. Without a branch, which would be mispredicted about
    // min(p, 1 − p) of the time: p − u is in (−1, 1], so its ceiling is 1 when u < p and 0 or
    // −0 (+ 0 makes it 0) otherwise. The range check is a branch that is always predicted.
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      if (typeof u !== "number" || !(u >= 0 && u < 1)) throw badUniform("Bernoulli.sample", u);
      result[i] = Math.ceil(p - u) + 0;
    }
    return result;
  }

  /** `{ type: "Bernoulli", p }`; `Bernoulli.fromJSON` restores it exactly. */
  toJSON(): { type: "Bernoulli"; p: number } {
    return { type: "Bernoulli", p: this.p };
  }

  /**
   * The family and its parameters, as Distributions.jl prints them; also what Node's console
   * shows for the object.
   *
   * @example
   * ```ts
   * new Bernoulli(0.3).toString(); // "Bernoulli(p=0.3)"
   * ```
   */
  toString(): string {
    return `Bernoulli(p=${this.p})`;
  }

  /** @internal Node's console.log and util.inspect use this. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** Rebuilds a Bernoulli from `toJSON()` output. */
  static fromJSON(json: unknown): Bernoulli {
    return new Bernoulli(requireJsonType("Bernoulli.fromJSON", json, "Bernoulli").p as number);
  }

  /**
   * The maximum-likelihood (α = 0) or smoothed estimate p = (ones + α) / (n + 2α), with
   * `options.sampleWeight` a frequency weight ≥ 0 per value (ones and n are then weighted).
   *
   * @throws on empty data (or all weights 0 with α = 0), any value other than 0 and 1, or a bad
   * weight (naming its index).
   */
  static fit(data: ArrayLike<number>, options?: BernoulliFitOptions): Bernoulli {
    return fitValues(BERNOULLI, data, options);
  }

  /**
   * The estimate p = (ones + α) / (n + 2α) from data read chunk by chunk from `source` (any
   * Iterable or AsyncIterable of arrays, typed arrays or `{ data, sampleWeight }` of 0/1
   * values), in constant memory. Equals `Bernoulli.fromStats` of `stats().addAll(chunk)` over
   * the same chunks, hence `fit` of all the values. A bad value names its chunk and index; an
   * error thrown by the source propagates.
   *
   * @example
   * ```ts
   * (await Bernoulli.fitAsync([[1, 0], [1, 1]])).p; // 0.75
   * ```
   */
  static async fitAsync(
    source: ChunkSource<ValuesChunk>,
    options?: Omit<BernoulliFitOptions, "sampleWeight"> & AsyncFitOptions,
  ): Promise<Bernoulli> {
    return fitValuesAsync(BERNOULLI, source, options);
  }

  /** Empty mergeable sufficient statistics (count of observations and of ones). */
  static stats(): BernoulliStats {
    return new BernoulliStats();
  }

  /**
   * The estimate from sufficient statistics; equals `Bernoulli.fit` of all the data. Empty
   * statistics give p = ½ when α > 0 (the prior's mean) and throw when α = 0.
   */
  static fromStats(stats: BernoulliStats, options?: BernoulliFitOptions): Bernoulli {
    return fromStatsOf(BERNOULLI, stats, options);
  }

  /** Rebuilds statistics from `BernoulliStats.toJSON()` output. */
  static statsFromJSON(json: unknown): BernoulliStats {
    return statsFromJSONOf(BERNOULLI, json);
  }
}

/** Throws naming the first value of a chunk that is not 0 or 1 (the kernel's check, named as data[i]). */
function requireBits(where: string, xs: ArrayLike<number>): void {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x === 0 || x === 1) continue;
    if (typeof x !== "number") throw new TypeError(`${where}: data[${i}] must be 0 or 1, got ${describe(x)}`);
    throw new RangeError(`${where}: data[${i}] must be 0 or 1, got ${describe(x)}`);
  }
}

const BERNOULLI_STATS = brand("BernoulliStats");
const ONE_COLUMN = Int32Array.of(0);

/**
 * Sufficient statistics of Bernoulli data: the number (total weight) of observations and of
 * ones. A view of the Bernoulli kernel's statistics for one column and one component, so a
 * column counts the same whichever way it goes. Counts add, so merging in any order and
 * chunking is exact for integer weights.
 *
 * @example
 * ```ts
 * const s = Bernoulli.stats().addAll([1, 0, 1]);
 * s.ones; // 2
 * ```
 */
export class BernoulliStats implements SufficientStats<BernoulliStats> {
  /** @internal The brand that identifies BernoulliStats from any copy of ptheta. */
  readonly [BERNOULLI_STATS] = true;
  /** @internal The kernel's statistics, one column and one component. */
  readonly kernel = new BernoulliKernelStats(ONE_COLUMN, 1, null);

  /** Empty statistics, or `count` observations of which `ones` were 1 (validated). */
  constructor(count = 0, ones = 0) {
    requireNonNegative("BernoulliStats: count", count);
    requireNonNegative("BernoulliStats: ones", ones);
    if (ones > count) throw new RangeError(`BernoulliStats: ones (${ones}) exceeds count (${count})`);
    this.kernel.weight[0] = count + 0;
    this.kernel.ones[0] = ones + 0;
  }

  /** The number of observations (their total weight, with weights; Infinity beyond the doubles). */
  get count(): number {
    return timesPowerOfTwo(this.kernel.weight[0]!, this.kernel.weightExponent);
  }

  /** The number (total weight) of observations equal to 1. */
  get ones(): number {
    return timesPowerOfTwo(this.kernel.ones[0]!, this.kernel.weightExponent);
  }

  /** Adds one observation, which must be 0 or 1, with weight w ≥ 0 (default 1). */
  add(x: number, w = 1): this {
    if (x !== 0 && x !== 1) throw new RangeError(`BernoulliStats.add: x must be 0 or 1, got ${describe(x)}`);
    if (typeof w !== "number" || !(w >= 0 && w < Infinity)) {
      throw new RangeError(`BernoulliStats.add: w must be a finite number >= 0, got ${describe(w)}`);
    }
    return this.addChecked("BernoulliStats.add", [x], Float64Array.of(w));
  }

  /**
   * Adds a chunk of 0/1 values, with an optional weight ≥ 0 per value; nothing changes if a
   * value or a weight is bad (the error names it).
   */
  addAll(data: ArrayLike<number>, sampleWeight?: ArrayLike<number>): this {
    const where = "BernoulliStats.addAll";
    const xs = requireData(where, data);
    return this.addChecked(where, xs, readSampleWeight(where, sampleWeight, xs.length));
  }

  /** @internal addAll once the weights are read: the kernel's count of the values as one column. */
  addChecked(where: string, xs: ArrayLike<number>, w: Float64Array | null): this {
    if (xs.length === 0) return this;
    requireBits(where, xs); // checks (and names data[i]) before the kernel reads the values
    addColumn(this.kernel, where, xs, w);
    return this;
  }

  /** Adds the counts of `other`; `other` is unchanged. */
  merge(other: BernoulliStats): this {
    if (!hasBrand(other, "BernoulliStats")) throw new TypeError("BernoulliStats.merge: other must be a BernoulliStats");
    this.kernel.merge(other.kernel);
    return this;
  }

  /** An independent copy. */
  clone(): BernoulliStats {
    return new BernoulliStats().merge(this);
  }

  /** `{ type: "BernoulliStats", count, ones }` (with `weightExponent` when the weights need it). */
  toJSON(): { type: "BernoulliStats"; count: number; ones: number; weightExponent?: number } {
    const k = this.kernel;
    const json = { type: "BernoulliStats" as const, count: k.weight[0]!, ones: k.ones[0]! };
    return k.weightExponent === 0 ? json : { ...json, weightExponent: k.weightExponent };
  }
}

/** The Bernoulli's scalar estimators (scalar-fit.ts): p = (ones + α) / (n + 2α). */
const BERNOULLI: ScalarFamily<BernoulliStats, Bernoulli, number> = {
  name: "Bernoulli",
  statsType: "BernoulliStats",
  options: ["alpha"],
  readOptions: (where, o) => (o.alpha === undefined ? 0 : requireNonNegative(`${where}: alpha`, o.alpha)),
  createStats: () => new BernoulliStats(),
  add: (stats, where, xs, w) => void stats.addChecked(where, xs, w),
  estimate(where, stats, alpha, empty) {
    const k = stats.kernel;
    if (k.weight[0] === 0 && alpha === 0) throw new RangeError(`${where}: ${empty} and alpha is 0; add data or smooth`);
    // In the weights' units (exact: a power of two), so that α keeps its relative size.
    return new Bernoulli(bernoulliProbability(k.ones[0]!, k.weight[0]!, timesPowerOfTwo(alpha, -k.weightExponent)));
  },
  statsFromJSON(where, o) {
    const s = new BernoulliStats(o.count as number, o.ones as number);
    s.kernel.weightExponent = weightExponentFromJSON(`${where}: weightExponent`, o.weightExponent);
    return s;
  },
};
