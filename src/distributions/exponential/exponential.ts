import {
  addColumn,
  fitValues,
  fitValuesAsync,
  fromStatsOf,
  statsFromJSONOf,
  type ScalarFamily,
} from "../scalar-fit.js";
import { WeightedSums } from "../../core/weighted-sums.js";
import { EXPONENTIAL_SUMS, exponentialRate, improper, isWaitingTime } from "./stats.js";
import { timesPowerOfTwo, weightExponentFromJSON, readSampleWeight } from "../../core/weights.js";
import { brand, hasBrand } from "../../core/brand.js";
import { requireJsonType, type Distribution, type SufficientStats } from "../../core/distribution.js";
import { requireRng, type Rng } from "../../core/rng.js";
import {
  describe,
  requireArgument,
  requireData,
  requireNonNegative,
  requirePositive,
  sampleBuffer,
} from "../../core/validate.js";
import { type AsyncFitOptions, type ChunkSource, type ValuesChunk } from "../../core/source.js";
import { fillExponential, sampleExponential } from "./sampler.js";

/**
 * Options of {@link Exponential.fit}. There is no smoothing: the MLE λ = Σ w / Σ w·x has no
 * pseudo-count (`alpha` is not an option), and data that are all 0 are refused.
 *
 * @example
 * ```ts
 * Exponential.fit([1, 3], { sampleWeight: [3, 1] }).rate; // 0.6666666666666666 = 4 / 6
 * ```
 */
export interface ExponentialFitOptions {
  /** A frequency weight ≥ 0 per value (default 1 each). */
  sampleWeight?: ArrayLike<number>;
}

/** Below this λx, log F = log(λx) + log1p(−λx/2 + …) is taken from log λ + log x (λx may underflow). */
const TINY = 1e-300;
/** Beyond this λx, e^(−λx) is below the least normal double (e^−708.4). */
const SUBNORMAL_EXP = 708;

/** The brand of a Exponential: `Symbol.for` keeps its type a unique symbol. */
const EXPONENTIAL_BRAND: unique symbol = Symbol.for("ptheta.Exponential");

/**
 * The Exponential distribution of waiting times with rate λ > 0:
 *
 *   p(x) = λ e^(−λx),  x ≥ 0.
 *
 * Every tail in closed form: log S(x) = −λx exactly, F(x) = −expm1(−λx) (no cancellation near
 * 0), and log F by Mächler's log1mexp split at λx = ln 2.
 *
 * @example
 * ```ts
 * const wait = new Exponential(0.5);
 * wait.mean;            // 2
 * wait.cdf(2);          // 0.6321205588285577
 * wait.logSurvival(4);  // -2
 * Exponential.fit([1, 2, 3]).rate; // 0.5
 * ```
 */
export class Exponential implements Distribution<number> {
  /** @internal The brand that identifies a Exponential from any copy of ptheta (core/brand.ts). */
  get [EXPONENTIAL_BRAND](): true {
    return true;
  }

  /** λ, the rate: 1 / mean. */
  readonly rate: number;

  /** @param rate - λ, finite and > 0. */
  constructor(rate: number) {
    this.rate = requirePositive("Exponential: rate", rate);
  }

  /** E[X] = 1/λ. */
  get mean(): number {
    return 1 / this.rate;
  }

  /** Var[X] = 1/λ². */
  get variance(): number {
    const m = 1 / this.rate;
    return m * m;
  }

  /** log p(x) = log λ − λx; −Infinity for x < 0 or x = Infinity. */
  logProb(x: number): number {
    requireArgument("Exponential.logProb", x);
    if (x < 0) return -Infinity;
    return Math.log(this.rate) - this.rate * x;
  }

  /** p(x) = λ e^(−λx); 0 for x < 0. */
  prob(x: number): number {
    requireArgument("Exponential.prob", x);
    if (x < 0) return 0;
    const t = this.rate * x;
    // Where e^(−λx) is subnormal it has lost digits that λ would scale back up: from the log.
    return t < SUBNORMAL_EXP ? this.rate * Math.exp(-t) : Math.exp(Math.log(this.rate) - t);
  }

  /** F(x) = 1 − e^(−λx), as −expm1(−λx). */
  cdf(x: number): number {
    requireArgument("Exponential.cdf", x);
    if (x <= 0) return 0;
    return -Math.expm1(-this.rate * x);
  }

  /** log F(x), finite for every x > 0 (log λ + log x where λx underflows). */
  logCdf(x: number): number {
    requireArgument("Exponential.logCdf", x);
    if (x <= 0) return -Infinity;
    const t = this.rate * x;
    if (t < TINY) return Math.log(this.rate) + Math.log(x) - t / 2; // log(t(1 − t/2 + …))
    return (t < Math.LN2 ? Math.log(-Math.expm1(-t)) : Math.log1p(-Math.exp(-t))) + 0; // −0 (F = 1) → 0
  }

  /** S(x) = P(X > x) = e^(−λx); 1 for x ≤ 0. */
  survival(x: number): number {
    requireArgument("Exponential.survival", x);
    if (x <= 0) return 1;
    return Math.exp(-this.rate * x);
  }

  /** log S(x) = −λx exactly; 0 for x ≤ 0. */
  logSurvival(x: number): number {
    requireArgument("Exponential.logSurvival", x);
    if (x <= 0) return 0;
    return 0 - this.rate * x; // 0 − 0 = 0 where λx underflows
  }

  /** F⁻¹(q) = −log1p(−q)/λ for q in [0, 1]: 0 at q = 0, Infinity at q = 1. */
  quantile(q: number): number {
    requireArgument("Exponential.quantile", q);
    if (!(q >= 0 && q <= 1)) throw new RangeError(`Exponential.quantile: q must be in [0, 1], got ${describe(q)}`);
    if (q === 1) return Infinity;
    return -Math.log1p(-q) / this.rate + 0; // + 0: −0 at q = 0 → 0
  }

  /** The differential entropy 1 − log λ, in nats. */
  entropy(): number {
    return 1 - Math.log(this.rate);
  }

  /**
   * Σ log p(x) = n log λ − λ Σ x over `data` (summed with compensation); −Infinity if a value
   * is negative or infinite. A NaN throws, naming its index; a non-number is a TypeError.
   */
  logLikelihood(data: ArrayLike<number>): number {
    const where = "Exponential.logLikelihood";
    const xs = requireData(where, data);
    let sum = 0;
    let compensation = 0;
    let impossible = false;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      if (Number.isNaN(x)) throw new RangeError(`${where}: data[${i}] is NaN`);
      if (!isWaitingTime(x)) impossible = true;
      if (impossible) continue;
      const t = sum + x;
      compensation += Math.abs(sum) >= x ? sum - t + x : x - t + sum;
      sum = t;
    }
    if (impossible) return -Infinity;
    return xs.length * Math.log(this.rate) - this.rate * (sum + compensation);
  }

  /** One draw, or `n` draws into a Float64Array (into `out` when given), by inversion. */
  sample(rng: Rng): number;
  sample(rng: Rng, n: number, out?: Float64Array): Float64Array;
  sample(rng: Rng, n?: number, out?: Float64Array): number | Float64Array {
    const where = "Exponential.sample";
    requireRng(where, rng);
    if (n === undefined) return sampleExponential(rng, this.rate, where);
    const result = sampleBuffer(where, n, out);
    fillExponential(rng, result, n, this.rate, where);
    return result;
  }

  /** `{ type: "Exponential", rate }`; `Exponential.fromJSON` restores it exactly. */
  toJSON(): { type: "Exponential"; rate: number } {
    return { type: "Exponential", rate: this.rate };
  }

  /**
   * The family and its parameter, as Distributions.jl prints them; also what Node's console
   * shows for the object.
   *
   * @example
   * ```ts
   * new Exponential(0.5).toString(); // "Exponential(rate=0.5)"
   * ```
   */
  toString(): string {
    return `Exponential(rate=${this.rate})`;
  }

  /** @internal Node's console.log and util.inspect use this. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** Rebuilds an Exponential from `toJSON()` output (validated like the constructor). */
  static fromJSON(json: unknown): Exponential {
    return new Exponential(requireJsonType("Exponential.fromJSON", json, "Exponential").rate as number);
  }

  /**
   * The maximum-likelihood rate λ = Σ w / Σ w·x, one over the (weighted) mean.
   *
   * @throws on empty data (or every weight 0), a value that is negative, infinite or NaN
   * (naming its index), values that are all 0 (no finite rate), or a bad weight.
   */
  static fit(data: ArrayLike<number>, options?: ExponentialFitOptions): Exponential {
    return fitValues(EXPONENTIAL, data, options);
  }

  /**
   * The MLE from values read chunk by chunk from `source` (any Iterable or AsyncIterable of
   * arrays, typed arrays or `{ data, sampleWeight }`), in constant memory; equals `fit` of all
   * the values.
   *
   * @example
   * ```ts
   * (await Exponential.fitAsync([[1, 2], new Float64Array([3])])).rate; // 0.5
   * ```
   */
  static async fitAsync(source: ChunkSource<ValuesChunk>, options?: AsyncFitOptions): Promise<Exponential> {
    return fitValuesAsync(EXPONENTIAL, source, options);
  }

  /** Empty mergeable sufficient statistics (the total weight and Σ w·x). */
  static stats(): ExponentialStats {
    return new ExponentialStats();
  }

  /** The estimate from sufficient statistics; equals `Exponential.fit` of all the data. */
  static fromStats(stats: ExponentialStats): Exponential {
    return fromStatsOf(EXPONENTIAL, stats, undefined);
  }

  /** Rebuilds statistics from `ExponentialStats.toJSON()` output. */
  static statsFromJSON(json: unknown): ExponentialStats {
    return statsFromJSONOf(EXPONENTIAL, json);
  }
}

const EXPONENTIAL_STATS = brand("ExponentialStats");
const ONE_COLUMN = Int32Array.of(0);

/** Throws naming the first value of a chunk outside the support (as data[i]). */
function requireWaitingTimes(where: string, xs: ArrayLike<number>): void {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (typeof x !== "number") throw new TypeError(`${where}: data[${i}] must be a number, got ${describe(x)}`);
    if (!isWaitingTime(x))
      throw new RangeError(`${where}: data[${i}] must be a finite number >= 0, got ${describe(x)}`);
  }
}

/**
 * Sufficient statistics of Exponential data: the number (total weight) of observations and the
 * (weighted) sum of the values. A view of the Exponential kernel's statistics for one column and
 * one component.
 *
 * @example
 * ```ts
 * const s = Exponential.stats().addAll([1, 2]).merge(Exponential.stats().addAll([3]));
 * Exponential.fromStats(s).rate; // 0.5
 * ```
 */
export class ExponentialStats implements SufficientStats<ExponentialStats> {
  /** @internal The brand that identifies ExponentialStats from any copy of ptheta. */
  readonly [EXPONENTIAL_STATS] = true;
  /** @internal The kernel's statistics, one column and one component. */
  readonly kernel = new WeightedSums(EXPONENTIAL_SUMS, ONE_COLUMN, 1);

  /** Empty statistics, or `count` observations summing to `sum` (validated). */
  constructor(count = 0, sum = 0) {
    requireNonNegative("ExponentialStats: count", count);
    requireNonNegative("ExponentialStats: sum", sum);
    if (count === 0 && sum !== 0) throw new RangeError("ExponentialStats: empty statistics must have sum 0");
    this.kernel.weight[0] = count + 0;
    this.kernel.sum[0] = sum + 0;
  }

  /** The number of observations (their total weight, with weights; Infinity beyond the doubles). */
  get count(): number {
    return timesPowerOfTwo(this.kernel.weight[0]!, this.kernel.weightExponent);
  }

  /** Σ w·x, the (weighted) sum of the values. */
  get sum(): number {
    return timesPowerOfTwo(this.kernel.sum[0]!, this.kernel.weightExponent);
  }

  /** Adds one value x ≥ 0 with weight w ≥ 0 (default 1). */
  add(x: number, w = 1): this {
    if (typeof x !== "number" || !isWaitingTime(x)) {
      throw new RangeError(`ExponentialStats.add: x must be a finite number >= 0, got ${describe(x)}`);
    }
    if (typeof w !== "number" || !(w >= 0 && w < Infinity)) {
      throw new RangeError(`ExponentialStats.add: w must be a finite number >= 0, got ${describe(w)}`);
    }
    return this.addChecked("ExponentialStats.add", [x], Float64Array.of(w));
  }

  /**
   * Adds a chunk of values, with an optional weight ≥ 0 per value; nothing changes if a value or
   * a weight is bad (the error names it).
   */
  addAll(data: ArrayLike<number>, sampleWeight?: ArrayLike<number>): this {
    const where = "ExponentialStats.addAll";
    const xs = requireData(where, data);
    return this.addChecked(where, xs, readSampleWeight(where, sampleWeight, xs.length));
  }

  /** @internal addAll once the weights are read: the kernel's sums of the values as one column. */
  addChecked(where: string, xs: ArrayLike<number>, w: Float64Array | null): this {
    if (xs.length === 0) return this;
    requireWaitingTimes(where, xs); // checks (and names data[i]) before the kernel reads the values
    addColumn(this.kernel, where, xs, w);
    return this;
  }

  /** Adds the statistics of `other`; `other` is unchanged. */
  merge(other: ExponentialStats): this {
    if (!hasBrand(other, "ExponentialStats"))
      throw new TypeError("ExponentialStats.merge: other must be an ExponentialStats");
    this.kernel.merge(other.kernel);
    return this;
  }

  /** An independent copy. */
  clone(): ExponentialStats {
    return new ExponentialStats().merge(this);
  }

  /** `{ type: "ExponentialStats", count, sum }` (with `weightExponent` when the weights need it). */
  toJSON(): { type: "ExponentialStats"; count: number; sum: number; weightExponent?: number } {
    const k = this.kernel;
    const json = { type: "ExponentialStats" as const, count: k.weight[0]!, sum: k.sum[0]! };
    return k.weightExponent === 0 ? json : { ...json, weightExponent: k.weightExponent };
  }
}

/** The Exponential's scalar estimators (scalar-fit.ts): λ = Σ w / Σ w·x, no options. */
const EXPONENTIAL: ScalarFamily<ExponentialStats, Exponential, null> = {
  name: "Exponential",
  statsType: "ExponentialStats",
  options: [],
  readOptions: () => null,
  createStats: () => new ExponentialStats(),
  add: (stats, where, xs, w) => void stats.addChecked(where, xs, w),
  estimate(where, stats, _o, empty) {
    const k = stats.kernel;
    const rate = exponentialRate(k.weight[0]!, k.sum[0]!);
    if (rate === "empty") throw new RangeError(`${where}: ${empty}`);
    if (typeof rate === "string") throw new RangeError(`${where}: the data ${improper(rate)}`);
    return new Exponential(rate);
  },
  statsFromJSON(where, o) {
    const s = new ExponentialStats(o.count as number, o.sum as number);
    s.kernel.weightExponent = weightExponentFromJSON(`${where}: weightExponent`, o.weightExponent);
    return s;
  },
};
