import {
  addColumn,
  fitValues,
  fitValuesAsync,
  fromStatsOf,
  statsFromJSONOf,
  type ScalarFamily,
} from "../scalar-fit.js";
import { WeightedSums } from "../../core/weighted-sums.js";
import { POISSON_SUMS } from "./stats.js";
import { timesPowerOfTwo, weightExponentFromJSON } from "../../core/weights.js";
import { brand, hasBrand } from "../../core/brand.js";
import { requireJsonType, type Distribution, type SufficientStats } from "../../core/distribution.js";
import {
  logPoissonTerm,
  logRegularizedGammaP,
  logRegularizedGammaQ,
  poissonTerm,
  regularizedGammaP,
  regularizedGammaQ,
} from "../../core/gamma.js";
import { requireRng, type Rng } from "../../core/rng.js";
import { normalQuantile } from "../../core/special.js";
import { describe, requireArgument, requireData, requireNonNegative, sampleBuffer } from "../../core/validate.js";
import { readSampleWeight } from "../../core/weights.js";
import { type AsyncFitOptions, type ChunkSource, type ValuesChunk } from "../../core/source.js";
import { poissonRate } from "./stats.js";
import { fillPoisson, samplePoisson } from "./sampler.js";

/**
 * Options of {@link Poisson.fit} and {@link Poisson.fromStats}.
 *
 * @example
 * ```ts
 * Poisson.fit([0, 0, 0], { alpha: 1 }).rate; // 0.25 = (0 + 1) / (3 + 1)
 * ```
 */
export interface PoissonFitOptions {
  /**
   * A pseudo-count α ≥ 0: λ = (Σ x + α) / (n + α), the posterior mean under a Gamma(α, α)
   * prior, which keeps an all-zero sample off λ = 0. Default 0, the MLE (the mean).
   */
  alpha?: number;
  /** Poisson.fit: a frequency weight ≥ 0 per value (default 1 each). */
  sampleWeight?: ArrayLike<number>;
}

/** True for an integer count ≥ 0 (false for NaN, ±Infinity, fractions and negatives). */
function isCount(k: number): boolean {
  return k >= 0 && k < Infinity && Math.floor(k) === k;
}

/** The brand of a Poisson: `Symbol.for` keeps its type a unique symbol. */
const POISSON_BRAND: unique symbol = Symbol.for("ptheta.Poisson");

/**
 * The Poisson distribution of counts with rate λ ≥ 0:
 *
 *   P(X = k) = λ^k e^(−λ) / k!,  k = 0, 1, 2, …
 *
 * λ = 0 is the point mass at 0. The log-mass uses Loader's saddle-point form (as R's dpois), so
 * it keeps its digits where k and λ are both huge; the CDF and its log come from the regularized
 * incomplete gamma function (never a sum of terms), accurate far into both tails.
 *
 * @example
 * ```ts
 * const visits = new Poisson(3.5);
 * visits.prob(2);           // 0.18495897346170082
 * visits.cdf(5);            // P(X ≤ 5)
 * Poisson.fit([2, 4, 3, 5]).rate; // 3.5
 * ```
 */
export class Poisson implements Distribution<number> {
  /** @internal The brand that identifies a Poisson from any copy of ptheta (core/brand.ts). */
  get [POISSON_BRAND](): true {
    return true;
  }

  /** λ, the rate: the mean and the variance. */
  readonly rate: number;

  /** @param rate - λ, finite and ≥ 0 (0 is the point mass at 0). */
  constructor(rate: number) {
    this.rate = requireNonNegative("Poisson: rate", rate) + 0; // −0 → 0, as JSON stores it
  }

  /** E[X] = λ. */
  get mean(): number {
    return this.rate;
  }

  /** Var[X] = λ. */
  get variance(): number {
    return this.rate;
  }

  /** log P(X = k); −Infinity for a k that is negative, fractional or infinite. */
  logProb(k: number): number {
    requireArgument("Poisson.logProb", k);
    if (!isCount(k)) return -Infinity;
    if (this.rate === 0) return k === 0 ? 0 : -Infinity;
    return logPoissonTerm(k, this.rate);
  }

  /** P(X = k); 0 for a k that is negative, fractional or infinite. */
  prob(k: number): number {
    requireArgument("Poisson.prob", k);
    if (!isCount(k)) return 0;
    if (this.rate === 0) return k === 0 ? 1 : 0;
    return poissonTerm(k, this.rate);
  }

  /** P(X ≤ x) = Q(⌊x⌋ + 1, λ), the regularized upper incomplete gamma function. */
  cdf(x: number): number {
    requireArgument("Poisson.cdf", x);
    if (x < 0) return 0;
    if (x === Infinity || this.rate === 0) return 1;
    return regularizedGammaQ(Math.floor(x) + 1, this.rate);
  }

  /** log P(X ≤ x), finite wherever the CDF is positive, even where it underflows. */
  logCdf(x: number): number {
    requireArgument("Poisson.logCdf", x);
    if (x < 0) return -Infinity;
    if (x === Infinity || this.rate === 0) return 0;
    return logRegularizedGammaQ(Math.floor(x) + 1, this.rate);
  }

  /** P(X > x) = P(⌊x⌋ + 1, λ), computed directly (not as 1 − cdf). */
  survival(x: number): number {
    requireArgument("Poisson.survival", x);
    if (x < 0) return 1;
    if (x === Infinity || this.rate === 0) return 0;
    return regularizedGammaP(Math.floor(x) + 1, this.rate);
  }

  /** log P(X > x), finite wherever the upper tail is positive. */
  logSurvival(x: number): number {
    requireArgument("Poisson.logSurvival", x);
    if (x < 0) return 0;
    if (x === Infinity || this.rate === 0) return -Infinity;
    return logRegularizedGammaP(Math.floor(x) + 1, this.rate);
  }

  /**
   * The smallest integer k with P(X ≤ k) ≥ q, for q in [0, 1]: 0 at q = 0, Infinity at q = 1
   * (λ > 0). Exact with respect to `cdf`: starts from the Cornish–Fisher approximation, brackets
   * the answer with steps that double, and bisects (a few dozen CDF evaluations at most, even
   * where q within rounding of 1 puts the answer millions of counts from the start).
   */
  quantile(q: number): number {
    requireArgument("Poisson.quantile", q);
    if (!(q >= 0 && q <= 1)) throw new RangeError(`Poisson.quantile: q must be in [0, 1], got ${describe(q)}`);
    const rate = this.rate;
    if (q === 0 || rate === 0) return 0;
    if (q === 1) return Infinity;
    const z = normalQuantile(q);
    const start = Math.max(0, Math.floor(rate + Math.sqrt(rate) * z + (z * z - 1) / 6));
    // F(k) = Q(k + 1, λ), with F(−1) = 0. Find lo < hi with F(lo) < q ≤ F(hi), then bisect.
    const reaches = (k: number): boolean => k >= 0 && regularizedGammaQ(k + 1, rate) >= q;
    let lo: number;
    let hi: number;
    if (reaches(start)) {
      hi = start;
      for (let step = 1; ; step *= 2) {
        lo = Math.max(-1, start - step);
        if (!reaches(lo)) break;
        hi = lo;
      }
    } else {
      lo = start;
      for (let step = 1; ; step *= 2) {
        // Never past the largest double: the answer is at most that (or Infinity, q = 1).
        hi = Math.min(start + step, Number.MAX_VALUE);
        if (reaches(hi) || hi === Number.MAX_VALUE) break;
        lo = hi;
      }
    }
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (mid === lo || mid === hi) break; // beyond 2⁵³ neighbours may not be representable
      if (reaches(mid)) hi = mid;
      else lo = mid;
    }
    return hi;
  }

  /**
   * The Shannon entropy −Σ p_k log p_k, in nats: summed over the counts that matter up to
   * λ = 10⁴, and beyond by the asymptotic series ½ log(2πeλ) − 1/(12λ) − 1/(24λ²) − 19/(360λ³),
   * whose next term is below 1e-16 there.
   */
  entropy(): number {
    const rate = this.rate;
    if (rate === 0) return 0;
    if (rate > 1e4) {
      const inv = 1 / rate;
      return 0.5 * Math.log(2 * Math.PI * Math.E * rate) - inv * (1 / 12 + inv * (1 / 24 + (inv * 19) / 360));
    }
    // From the mode outwards until the terms stop counting (p_k |log p_k| < 1e-18 of the total).
    const mode = Math.floor(rate);
    let sum = 0;
    let compensation = 0;
    const add = (k: number): number => {
      const lp = logPoissonTerm(k, rate);
      const term = -Math.exp(lp) * lp;
      const t = sum + term;
      compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
      sum = t;
      return term;
    };
    add(mode);
    for (let k = mode + 1; add(k) > 1e-18 * sum || k < rate + 10; k++);
    for (let k = mode - 1; k >= 0 && (add(k) > 1e-18 * sum || k > rate - 10); k--);
    return sum + compensation;
  }

  /**
   * Σ log P(x) over `data` (summed with compensation); −Infinity if a value is negative or
   * fractional. A NaN throws, naming its index; a non-number is a TypeError naming its index.
   */
  logLikelihood(data: ArrayLike<number>): number {
    const where = "Poisson.logLikelihood";
    const xs = requireData(where, data);
    let sum = 0;
    let compensation = 0;
    let impossible = false;
    for (let i = 0; i < xs.length; i++) {
      const k = xs[i];
      if (typeof k !== "number") throw new TypeError(`${where}: data[${i}] must be a number, got ${describe(k)}`);
      if (Number.isNaN(k)) throw new RangeError(`${where}: data[${i}] is NaN`);
      if (impossible) continue;
      const term = this.logProb(k);
      if (term === -Infinity) {
        impossible = true;
        continue;
      }
      const t = sum + term;
      compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
      sum = t;
    }
    return impossible ? -Infinity : sum + compensation;
  }

  /** One draw, or `n` draws into a Float64Array (into `out` when given). */
  sample(rng: Rng): number;
  sample(rng: Rng, n: number, out?: Float64Array): Float64Array;
  sample(rng: Rng, n?: number, out?: Float64Array): number | Float64Array {
    const where = "Poisson.sample";
    requireRng(where, rng);
    if (n === undefined) return samplePoisson(rng, this.rate, where);
    const result = sampleBuffer(where, n, out);
    fillPoisson(rng, result, n, this.rate, where);
    return result;
  }

  /** `{ type: "Poisson", rate }`; `Poisson.fromJSON` restores it exactly. */
  toJSON(): { type: "Poisson"; rate: number } {
    return { type: "Poisson", rate: this.rate };
  }

  /**
   * The family and its parameter, as Distributions.jl prints them; also what Node's console
   * shows for the object.
   *
   * @example
   * ```ts
   * new Poisson(3.5).toString(); // "Poisson(rate=3.5)"
   * ```
   */
  toString(): string {
    return `Poisson(rate=${this.rate})`;
  }

  /** @internal Node's console.log and util.inspect use this. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** Rebuilds a Poisson from `toJSON()` output (validated like the constructor). */
  static fromJSON(json: unknown): Poisson {
    return new Poisson(requireJsonType("Poisson.fromJSON", json, "Poisson").rate as number);
  }

  /**
   * The maximum-likelihood rate, the (weighted) mean, or with `alpha` the smoothed
   * (Σ w·x + α) / (Σ w + α).
   *
   * @throws on empty data (or every weight 0 with α = 0), a value that is not an integer count
   * ≥ 0 (naming its index), or a bad weight (naming its index).
   */
  static fit(data: ArrayLike<number>, options?: PoissonFitOptions): Poisson {
    return fitValues(POISSON, data, options);
  }

  /**
   * The estimate λ = (Σ w·x + α) / (Σ w + α) from counts read chunk by chunk from `source` (any
   * Iterable or AsyncIterable of arrays, typed arrays or `{ data, sampleWeight }`), in constant
   * memory. Equals `Poisson.fromStats` of `stats().addAll(chunk)` over the same chunks, hence
   * `fit` of all the values. A bad value names its chunk and index; an error thrown by the source
   * propagates.
   *
   * @example
   * ```ts
   * (await Poisson.fitAsync([[2, 4], new Float64Array([3, 5])])).rate; // 3.5
   * ```
   */
  static async fitAsync(
    source: ChunkSource<ValuesChunk>,
    options?: Omit<PoissonFitOptions, "sampleWeight"> & AsyncFitOptions,
  ): Promise<Poisson> {
    return fitValuesAsync(POISSON, source, options);
  }

  /** Empty mergeable sufficient statistics (the total weight and Σ w·x). */
  static stats(): PoissonStats {
    return new PoissonStats();
  }

  /** The estimate from sufficient statistics; equals `Poisson.fit` of all the data. */
  static fromStats(stats: PoissonStats, options?: PoissonFitOptions): Poisson {
    return fromStatsOf(POISSON, stats, options);
  }

  /** Rebuilds statistics from `PoissonStats.toJSON()` output. */
  static statsFromJSON(json: unknown): PoissonStats {
    return statsFromJSONOf(POISSON, json);
  }
}

const POISSON_STATS = brand("PoissonStats");
const ONE_COLUMN = Int32Array.of(0);

/** Throws naming the first value of a chunk that is not an integer count ≥ 0 (as data[i]). */
function requireCounts(where: string, xs: ArrayLike<number>): void {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (typeof x !== "number") throw new TypeError(`${where}: data[${i}] must be a number, got ${describe(x)}`);
    if (!isCount(x)) throw new RangeError(`${where}: data[${i}] must be an integer count >= 0, got ${describe(x)}`);
  }
}

/**
 * Sufficient statistics of Poisson data: the number (total weight) of observations and the
 * (weighted) sum of the counts. A view of the Poisson kernel's statistics for one column and
 * one component. They add, so merging in any order and chunking is exact for integer counts
 * and weights (below 2⁵³).
 *
 * @example
 * ```ts
 * const s = Poisson.stats().addAll([2, 4]).merge(Poisson.stats().addAll([3, 5]));
 * Poisson.fromStats(s).rate; // 3.5
 * ```
 */
export class PoissonStats implements SufficientStats<PoissonStats> {
  /** @internal The brand that identifies PoissonStats from any copy of ptheta. */
  readonly [POISSON_STATS] = true;
  /** @internal The kernel's statistics, one column and one component. */
  readonly kernel = new WeightedSums(POISSON_SUMS, ONE_COLUMN, 1);

  /** Empty statistics, or `count` observations summing to `sum` (validated). */
  constructor(count = 0, sum = 0) {
    requireNonNegative("PoissonStats: count", count);
    requireNonNegative("PoissonStats: sum", sum);
    if (count === 0 && sum !== 0) throw new RangeError("PoissonStats: empty statistics must have sum 0");
    this.kernel.weight[0] = count + 0;
    this.kernel.sum[0] = sum + 0;
  }

  /** The number of observations (their total weight, with weights; Infinity beyond the doubles). */
  get count(): number {
    return timesPowerOfTwo(this.kernel.weight[0]!, this.kernel.weightExponent);
  }

  /** Σ w·x, the (weighted) sum of the counts. */
  get sum(): number {
    return timesPowerOfTwo(this.kernel.sum[0]!, this.kernel.weightExponent);
  }

  /** Adds one count x (an integer ≥ 0) with weight w ≥ 0 (default 1). */
  add(x: number, w = 1): this {
    if (typeof x !== "number" || !isCount(x)) {
      throw new RangeError(`PoissonStats.add: x must be an integer count >= 0, got ${describe(x)}`);
    }
    if (typeof w !== "number" || !(w >= 0 && w < Infinity)) {
      throw new RangeError(`PoissonStats.add: w must be a finite number >= 0, got ${describe(w)}`);
    }
    return this.addChecked("PoissonStats.add", [x], Float64Array.of(w));
  }

  /**
   * Adds a chunk of counts, with an optional weight ≥ 0 per value; nothing changes if a value or
   * a weight is bad (the error names it).
   */
  addAll(data: ArrayLike<number>, sampleWeight?: ArrayLike<number>): this {
    const where = "PoissonStats.addAll";
    const xs = requireData(where, data);
    return this.addChecked(where, xs, readSampleWeight(where, sampleWeight, xs.length));
  }

  /** @internal addAll once the weights are read: the kernel's sums of the values as one column. */
  addChecked(where: string, xs: ArrayLike<number>, w: Float64Array | null): this {
    if (xs.length === 0) return this;
    requireCounts(where, xs); // checks (and names data[i]) before the kernel reads the values
    addColumn(this.kernel, where, xs, w);
    return this;
  }

  /** Adds the statistics of `other`; `other` is unchanged. */
  merge(other: PoissonStats): this {
    if (!hasBrand(other, "PoissonStats")) throw new TypeError("PoissonStats.merge: other must be a PoissonStats");
    this.kernel.merge(other.kernel);
    return this;
  }

  /** An independent copy. */
  clone(): PoissonStats {
    return new PoissonStats().merge(this);
  }

  /** `{ type: "PoissonStats", count, sum }` (with `weightExponent` when the weights need it). */
  toJSON(): { type: "PoissonStats"; count: number; sum: number; weightExponent?: number } {
    const k = this.kernel;
    const json = { type: "PoissonStats" as const, count: k.weight[0]!, sum: k.sum[0]! };
    return k.weightExponent === 0 ? json : { ...json, weightExponent: k.weightExponent };
  }
}

/** The Poisson's scalar estimators (scalar-fit.ts): λ = (Σ w·x + α) / (Σ w + α). */
const POISSON: ScalarFamily<PoissonStats, Poisson, number> = {
  name: "Poisson",
  statsType: "PoissonStats",
  options: ["alpha"],
  readOptions: (where, o) => (o.alpha === undefined ? 0 : requireNonNegative(`${where}: alpha`, o.alpha)),
  createStats: () => new PoissonStats(),
  add: (stats, where, xs, w) => void stats.addChecked(where, xs, w),
  estimate(where, stats, alpha, empty) {
    const k = stats.kernel;
    if (k.weight[0] === 0 && alpha === 0) throw new RangeError(`${where}: ${empty} and alpha is 0; add data or smooth`);
    // In the weights' units (exact: a power of two), so that α keeps its relative size.
    return new Poisson(poissonRate(k.sum[0]!, k.weight[0]!, timesPowerOfTwo(alpha, -k.weightExponent)));
  },
  statsFromJSON(where, o) {
    const s = new PoissonStats(o.count as number, o.sum as number);
    s.kernel.weightExponent = weightExponentFromJSON(`${where}: weightExponent`, o.weightExponent);
    return s;
  },
};
