import { requireJsonType, type Distribution, type SufficientStats } from "../../core/distribution.js";
import type { Rng } from "../../core/rng.js";
import {
  describe,
  requireArgument,
  requireData,
  requireInteger,
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
}

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

  /** P(X = x). */
  prob(x: number): number {
    requireArgument("Bernoulli.prob", x);
    return Math.exp(this.logProb(x));
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
    const p = this.p;
    if (n === undefined) return rng.next() < p ? 1 : 0;
    const result = sampleBuffer("Bernoulli.sample", n, out);
    for (let i = 0; i < n; i++) result[i] = rng.next() < p ? 1 : 0;
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
   * The maximum-likelihood (α = 0) or smoothed estimate p = (ones + α) / (n + 2α).
   *
   * @throws on empty data, or any value other than 0 and 1 (naming its index).
   */
  static fit(data: ArrayLike<number>, options: BernoulliFitOptions = {}): Bernoulli {
    const xs = requireData("Bernoulli.fit", data);
    if (xs.length === 0) throw new RangeError("Bernoulli.fit: data is empty; at least one value is needed");
    const alpha = fitAlpha("Bernoulli.fit", options);
    return new Bernoulli((countOnes("Bernoulli.fit", xs) + alpha) / (xs.length + 2 * alpha));
  }

  /** Empty mergeable sufficient statistics (count of observations and of ones). */
  static stats(): BernoulliStats {
    return new BernoulliStats();
  }

  /**
   * The estimate from sufficient statistics; equals `Bernoulli.fit` of all the data. Empty
   * statistics give p = ½ when α > 0 (the prior's mean) and throw when α = 0.
   */
  static fromStats(stats: BernoulliStats, options: BernoulliFitOptions = {}): Bernoulli {
    if (!(stats instanceof BernoulliStats)) throw new TypeError("Bernoulli.fromStats: stats must be a BernoulliStats");
    const alpha = fitAlpha("Bernoulli.fromStats", options);
    if (stats.count === 0 && alpha === 0) {
      throw new RangeError("Bernoulli.fromStats: the statistics are empty and alpha is 0; add data or smooth");
    }
    return new Bernoulli((stats.ones + alpha) / (stats.count + 2 * alpha));
  }

  /** Rebuilds statistics from `BernoulliStats.toJSON()` output. */
  static statsFromJSON(json: unknown): BernoulliStats {
    const o = requireJsonType("Bernoulli.statsFromJSON", json, "BernoulliStats");
    return new BernoulliStats(o.count as number, o.ones as number);
  }
}

/** The number of ones in 0/1 data; throws naming the first index holding anything else. */
function countOnes(where: string, xs: ArrayLike<number>): number {
  let ones = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (x === 1) ones++;
    else if (x !== 0) throw new RangeError(`${where}: data[${i}] must be 0 or 1, got ${describe(x)}`);
  }
  return ones;
}

function fitAlpha(where: string, options: BernoulliFitOptions): number {
  if (options === null || typeof options !== "object") throw new TypeError(`${where}: options must be an object`);
  return options.alpha === undefined ? 0 : requireNonNegative(`${where}: alpha`, options.alpha);
}

/**
 * Sufficient statistics of Bernoulli data: the number of observations and of ones. Counts
 * add, so merging in any order and chunking is exact.
 *
 * @example
 * ```ts
 * const s = Bernoulli.stats().addAll([1, 0, 1]);
 * s.ones; // 2
 * ```
 */
export class BernoulliStats implements SufficientStats<BernoulliStats> {
  private n: number;
  private k: number;

  /** Empty statistics, or `count` observations of which `ones` were 1 (validated). */
  constructor(count = 0, ones = 0) {
    this.n = requireInteger("BernoulliStats: count", count, 0);
    this.k = requireInteger("BernoulliStats: ones", ones, 0);
    if (ones > count) throw new RangeError(`BernoulliStats: ones (${ones}) exceeds count (${count})`);
  }

  /** The number of observations. */
  get count(): number {
    return this.n;
  }

  /** The number of observations equal to 1. */
  get ones(): number {
    return this.k;
  }

  /** Adds one observation, which must be 0 or 1. */
  add(x: number): this {
    if (x !== 0 && x !== 1) throw new RangeError(`BernoulliStats.add: x must be 0 or 1, got ${describe(x)}`);
    this.n++;
    this.k += x;
    return this;
  }

  /** Adds a chunk of 0/1 values; nothing changes if any value is not 0 or 1 (the error names it). */
  addAll(data: ArrayLike<number>): this {
    const xs = requireData("BernoulliStats.addAll", data);
    const ones = countOnes("BernoulliStats.addAll", xs);
    this.n += xs.length;
    this.k += ones;
    return this;
  }

  /** Adds the counts of `other`; `other` is unchanged. */
  merge(other: BernoulliStats): this {
    if (!(other instanceof BernoulliStats)) throw new TypeError("BernoulliStats.merge: other must be a BernoulliStats");
    this.n += other.n;
    this.k += other.k;
    return this;
  }

  /** An independent copy. */
  clone(): BernoulliStats {
    return new BernoulliStats(this.n, this.k);
  }

  /** `{ type: "BernoulliStats", count, ones }`. */
  toJSON(): { type: "BernoulliStats"; count: number; ones: number } {
    return { type: "BernoulliStats", count: this.n, ones: this.k };
  }
}
