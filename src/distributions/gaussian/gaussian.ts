import { requireJsonType, type Distribution, type SufficientStats } from "../../core/distribution.js";
import { requireRng, type Rng } from "../../core/rng.js";
import { brand, hasBrand } from "../../core/brand.js";
import { fitValues, fitValuesAsync, fromStatsOf, statsFromJSONOf, type ScalarFamily } from "../scalar-fit.js";
import { readSampleWeight, relativeWeights, timesPowerOfTwo, weightExponentFromJSON } from "../../core/weights.js";
import { type AsyncFitOptions, type ChunkSource, type ValuesChunk } from "../../core/source.js";
import { RowBlocks } from "../../core/matrix.js";
import type { RowWeights } from "../../core/kernel.js";
import { GaussianKernelStats, requirePowerOfTwo } from "./stats.js";
import { fillNormal, standardNormal } from "./sampler.js";
import {
  logNormalCdf,
  normalCdf,
  normalDensity,
  normalQuantile,
  standardize,
  standardizedLow,
} from "../../core/special.js";
import { deviationSums } from "../../core/sum.js";
import {
  describe,
  requireArgument,
  requireData,
  requireFinite,
  requireFiniteData,
  requireNoNaN,
  requireNonNegative,
  requirePositive,
  sampleBuffer,
} from "../../core/validate.js";

const HALF_LOG_2PI = 0.9189385332046728; // ½ log 2π

/** The brand of a Gaussian: `Symbol.for` keeps its type a unique symbol. */
const GAUSSIAN_BRAND: unique symbol = Symbol.for("ptheta.Gaussian");

/**
 * The Gaussian (normal) distribution N(μ, σ²), parameterised by its mean μ and standard
 * deviation σ > 0:
 *
 *   p(x) = exp(−(x − μ)² / 2σ²) / (σ √(2π))
 *
 * Densities are computed in log space and the CDF, its log and the quantile stay accurate far
 * into both tails (`cdf(-10)`, `logCdf(-40)`, `quantile(1e-300)` to ~1e-15 relative).
 *
 * @example
 * ```ts
 * const g = new Gaussian(0, 1);
 * g.logProb(0.5);   // -1.0439385332046727
 * g.quantile(0.975); // 1.959963984540054
 * Gaussian.fit([1, 2, 3, 4]); // Gaussian(mean=2.5, std=1.118…)
 * ```
 */
export class Gaussian implements Distribution<number> {
  /** @internal The brand that identifies a Gaussian from any copy of ptheta (core/brand.ts). */
  get [GAUSSIAN_BRAND](): true {
    return true;
  }

  /** The mean μ. */
  readonly mean: number;
  /** The standard deviation σ > 0. */
  readonly std: number;
  // log σ + ½ log 2π, the normalising constant of logProb, computed once.
  private readonly logNorm: number;

  /**
   * @param mean - μ, any finite number.
   * @param std - σ, finite and > 0 (down to the smallest positive double).
   */
  constructor(mean: number, std: number) {
    // + 0 turns −0 into 0, which is what JSON would make of it: round trips stay exact.
    this.mean = requireFinite("Gaussian: mean", mean) + 0;
    this.std = requirePositive("Gaussian: std", std);
    this.logNorm = Math.log(std) + HALF_LOG_2PI;
  }

  /** σ². Underflows to 0 for σ below ~1.5e-154, as the true value is then below the doubles. */
  get variance(): number {
    return this.std * this.std;
  }

  /**
   * log p(x) = −½ z² − log σ − ½ log 2π with z = (x − μ)/σ; −Infinity at ±Infinity. x − μ may
   * exceed the doubles (`new Gaussian(1e308, 1e308).logProb(-1e308)` is finite): z is formed
   * without overflow.
   */
  logProb(x: number): number {
    requireArgument("Gaussian.logProb", x);
    const z = standardize(x, this.mean, this.std);
    return -0.5 * z * z - this.logNorm;
  }

  /** The density p(x) = φ(z)/σ, to ~1e-15 relative wherever it is a normal double. */
  prob(x: number): number {
    requireArgument("Gaussian.prob", x);
    const z = standardize(x, this.mean, this.std);
    return normalDensity(z, standardizedLow(x, this.mean, this.std, z), this.std);
  }

  /**
   * P(X ≤ x), to ~1e-15 relative for z = (x − μ)/σ in [−38, 38] (down to the smallest normal
   * double; z is carried with its rounding error, so the tails see the exact standardised x).
   */
  cdf(x: number): number {
    requireArgument("Gaussian.cdf", x);
    const z = standardize(x, this.mean, this.std);
    return normalCdf(z, standardizedLow(x, this.mean, this.std, z));
  }

  /**
   * log P(X ≤ x): −z²/2 + … in the lower tail (never underflows; −Infinity only once −z²/2
   * leaves the doubles, |z| > ~1.9e154), log1p(−P(X > x)) above the median, so values near 0
   * keep their digits. E.g. logCdf(-40) ≈ -804.608 for N(0, 1).
   */
  logCdf(x: number): number {
    requireArgument("Gaussian.logCdf", x);
    const z = standardize(x, this.mean, this.std);
    return logNormalCdf(z, standardizedLow(x, this.mean, this.std, z));
  }

  /**
   * The upper tail P(X > x) = 1 − P(X ≤ x), computed directly so that it keeps its digits where
   * the CDF is near 1 (to ~1e-15 relative for z in [−38, 38]).
   *
   * @example
   * ```ts
   * new Gaussian(0, 1).survival(10); // 7.619853024160527e-24, where 1 - cdf(10) is 0
   * ```
   */
  survival(x: number): number {
    requireArgument("Gaussian.survival", x);
    const z = standardize(x, this.mean, this.std);
    return normalCdf(-z, -standardizedLow(x, this.mean, this.std, z));
  }

  /**
   * The log upper tail log P(X > x), finite far into the upper tail (like `logCdf` mirrored).
   *
   * @example
   * ```ts
   * new Gaussian(0, 1).logSurvival(40); // -804.6084420137538
   * ```
   */
  logSurvival(x: number): number {
    requireArgument("Gaussian.logSurvival", x);
    const z = standardize(x, this.mean, this.std);
    return logNormalCdf(-z, -standardizedLow(x, this.mean, this.std, z));
  }

  /** The x with P(X ≤ x) = p, for p in [0, 1]; −Infinity at 0 and +Infinity at 1. */
  quantile(p: number): number {
    requireArgument("Gaussian.quantile", p);
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Gaussian.quantile: p must be in [0, 1], got ${describe(p)}`);
    const q = normalQuantile(p);
    const x = this.mean + this.std * q;
    // σ·q can overflow where μ + σq does not (μ and σq of opposite signs): then halve, exactly.
    return x - x === 0 || q - q !== 0 ? x : 2 * (0.5 * this.mean + 0.5 * this.std * q);
  }

  /** The differential entropy ½ log(2πe σ²), in nats. */
  entropy(): number {
    return 0.5 + this.logNorm;
  }

  /**
   * Σ log p(x) over `data`: −n (log σ + ½ log 2π) − Σ (x − μ)² / 2σ², with the sum of squares
   * compensated. −Infinity if any x is ±Infinity; a NaN throws, naming its index.
   */
  logLikelihood(data: ArrayLike<number>): number {
    const xs = requireData("Gaussian.logLikelihood", data);
    if (xs.length === 0) return 0; // the empty sum (the formula below would give −0)
    // Σ z², z = (x − μ)/σ. A subnormal σ has no finite reciprocal: divide by σ·2⁶⁴ instead and
    // scale the sum back by 2¹²⁸ (powers of two, so both steps are exact).
    const tiny = this.std < 2.2250738585072014e-308;
    const sums = deviationSums(xs, this.mean, 0, tiny ? this.std * 2 ** 64 : this.std);
    const sumSquares = tiny ? sums.sumSquares * 2 ** 128 : sums.sumSquares;
    // NaN can only come from a NaN (or non-numeric) datum: find it once, off the hot path.
    if (Number.isNaN(sumSquares)) requireNoNaN("Gaussian.logLikelihood", xs);
    return -0.5 * sumSquares - xs.length * this.logNorm;
  }

  /** One draw (ziggurat), or `n` draws into a Float64Array (into `out` when given). */
  sample(rng: Rng): number;
  sample(rng: Rng, n: number, out?: Float64Array): Float64Array;
  sample(rng: Rng, n?: number, out?: Float64Array): number | Float64Array {
    requireRng("Gaussian.sample", rng);
    if (n === undefined) return this.mean + this.std * standardNormal(rng);
    const result = sampleBuffer("Gaussian.sample", n, out);
    fillNormal(rng, result, n, this.mean, this.std);
    return result;
  }

  /** `{ type: "Gaussian", mean, std }`; `Gaussian.fromJSON` restores it exactly. */
  toJSON(): { type: "Gaussian"; mean: number; std: number } {
    return { type: "Gaussian", mean: this.mean, std: this.std };
  }

  /**
   * The family and its parameters, as Distributions.jl prints them; also what Node's console
   * shows for the object.
   *
   * @example
   * ```ts
   * new Gaussian(0, 1).toString(); // "Gaussian(mean=0, std=1)"
   * ```
   */
  toString(): string {
    return `Gaussian(mean=${this.mean}, std=${this.std})`;
  }

  /** @internal Node's console.log and util.inspect use this. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** Rebuilds a Gaussian from `toJSON()` output (validated like the constructor). */
  static fromJSON(json: unknown): Gaussian {
    const o = requireJsonType("Gaussian.fromJSON", json, "Gaussian");
    return new Gaussian(o.mean as number, o.std as number);
  }

  /**
   * The maximum-likelihood Gaussian: the sample mean and the population standard deviation
   * √(Σ (x − x̄)² / n), computed in two compensated passes (never Σx² − n x̄², which fails on
   * data like 1e9 + noise).
   *
   * Constant data (including a single point) has MLE σ = 0, a point mass that no Gaussian with
   * σ > 0 represents: `fit` throws a RangeError saying so rather than return a degenerate model.
   *
   * `options.sampleWeight` gives each value a frequency weight ≥ 0: integer weights give what
   * repeating the values gives (to rounding), and a weight of 0 leaves the value out.
   *
   * @throws TypeError/RangeError on empty data or a non-finite value (naming its index), or a
   * bad weight (naming its index).
   */
  static fit(data: ArrayLike<number>, options?: GaussianFitOptions): Gaussian {
    // The kernel's statistics of one column, as every model fits a Gaussian column: the same
    // compensated two passes, rescaled where the squares leave the doubles (spreads beyond
    // ~1e140 or below ~1e-140).
    return fitValues(GAUSSIAN, data, options);
  }

  /**
   * The maximum-likelihood Gaussian of a data set read chunk by chunk from `source` (any
   * Iterable or AsyncIterable of arrays, typed arrays or `{ data, sampleWeight }`), in constant
   * memory: each chunk is summarised into {@link GaussianStats} and dropped. Equals
   * `Gaussian.fromStats` of `stats().addAll(chunk)` over the same chunks, and `fit` of all the
   * values to ~1e-15. A bad value names its chunk and index; an error thrown by the source
   * propagates.
   *
   * @example
   * ```ts
   * async function* chunks() {
   *   yield [1, 2];
   *   yield new Float64Array([3, 4]);
   * }
   * (await Gaussian.fitAsync(chunks())).mean; // 2.5
   * ```
   */
  static async fitAsync(source: ChunkSource<ValuesChunk>, options?: AsyncFitOptions): Promise<Gaussian> {
    return fitValuesAsync(GAUSSIAN, source, options);
  }

  /** Empty mergeable sufficient statistics (count, mean, Σ (x − mean)²). */
  static stats(): GaussianStats {
    return new GaussianStats();
  }

  /** The MLE from sufficient statistics; equals `Gaussian.fit` of all the data summarised. */
  static fromStats(stats: GaussianStats): Gaussian {
    return fromStatsOf(GAUSSIAN, stats, undefined);
  }

  /** Rebuilds statistics from `GaussianStats.toJSON()` output. */
  static statsFromJSON(json: unknown): GaussianStats {
    return statsFromJSONOf(GAUSSIAN, json);
  }
}

const GAUSSIAN_STATS = brand("GaussianStats");

/**
 * Options of {@link Gaussian.fit}.
 *
 * @example
 * ```ts
 * Gaussian.fit([1, 2, 3], { sampleWeight: [1, 2, 1] }).mean; // 2
 * ```
 */
export interface GaussianFitOptions {
  /** A frequency weight ≥ 0 per value (default 1 each). */
  sampleWeight?: ArrayLike<number>;
}

function fromMeanStd(where: string, n: number, mean: number, std: number): Gaussian {
  if (!(std > 0)) {
    throw new RangeError(
      `${where}: all ${n} value(s) equal ${describe(mean)}, so the MLE std is 0: a point mass, not a Gaussian with std > 0`,
    );
  }
  return new Gaussian(mean, std);
}

/** Every row in component 0 (the scalar statistics have one). */
const UNWEIGHTED: RowWeights = {
  components: 1,
  component: null,
  responsibility: null,
  sampleWeight: null,
};
const ONE_COLUMN = Int32Array.of(0);

/**
 * Sufficient statistics of a Gaussian sample: the count n, the mean and M2 = Σ (x − mean)². A
 * view of the Gaussian kernel's statistics for one column and one component, so a column fits
 * the same whichever way it goes (`Gaussian.fit`, a Product, a Naive Bayes class, a mixture
 * component): `addAll` is the kernel's two passes over the chunk merged in, `add` and `merge`
 * Chan, Golub & LeVeque's pairwise formula.
 *
 * The mean is held as a shift (the first value seen) plus the mean of x − shift, so data like
 * 1e9 + noise keep the digits of their noise through any number of merges: `fromStats` then
 * equals `fit` of all the data to ~1e-15 whatever the chunking. M2 is held in units of a power
 * of two when the spread is beyond ~1e140 or below ~1e-140, so it neither over- nor underflows.
 *
 * @example
 * ```ts
 * const a = Gaussian.stats().addAll([1, 2]);
 * const b = Gaussian.stats().addAll([3, 4]);
 * Gaussian.fromStats(a.merge(b)).mean; // 2.5
 * ```
 */
export class GaussianStats implements SufficientStats<GaussianStats> {
  /** @internal The brand that identifies GaussianStats from any copy of ptheta. */
  readonly [GAUSSIAN_STATS] = true;
  /** @internal The kernel's statistics, one column and one component. */
  readonly kernel: GaussianKernelStats;

  /**
   * Empty statistics, or the summary (count, mean, M2) of data seen elsewhere; the values are
   * validated (count ≥ 0, the total weight, M2 ≥ 0, an empty summary has mean 0 and M2 0).
   */
  constructor(count = 0, mean = 0, m2 = 0) {
    requireNonNegative("GaussianStats: count", count);
    requireFinite("GaussianStats: mean", mean);
    requireNonNegative("GaussianStats: m2", m2);
    if (count === 0 && (mean !== 0 || m2 !== 0))
      throw new RangeError("GaussianStats: empty stats must have mean 0 and m2 0");
    this.kernel = new GaussianKernelStats(ONE_COLUMN, 1);
    this.kernel.weight[0] = count;
    this.kernel.shift[0] = mean + 0;
    this.kernel.m2[0] = m2;
  }

  /**
   * n, the number of observations (their total weight, with weights; Infinity where that is
   * beyond the doubles, while the statistics themselves stay finite: weights are relative).
   */
  get count(): number {
    return timesPowerOfTwo(this.kernel.weight[0]!, this.kernel.weightExponent);
  }

  /** The mean of the observations (0 when empty). */
  get mean(): number {
    return this.kernel.mean(0, 0);
  }

  /** M2 = Σ (x − mean)², n times the MLE variance (Infinity or 0 where it is beyond the doubles). */
  get m2(): number {
    const s = this.kernel.scale[0]!;
    return timesPowerOfTwo(this.kernel.m2[0]! * s * s, this.kernel.weightExponent);
  }

  /** The MLE (population) variance M2 / n; 0 when empty. */
  get variance(): number {
    const n = this.kernel.weight[0]!;
    const s = this.kernel.scale[0]!;
    return n > 0 ? (this.kernel.m2[0]! / n) * s * s : 0;
  }

  /** @internal The MLE standard deviation √(M2 / n), finite where M2 is not. */
  get std(): number {
    const n = this.kernel.weight[0]!;
    return n > 0 ? this.kernel.scale[0]! * Math.sqrt(this.kernel.m2[0]! / n) : 0;
  }

  /** Adds one observation x of weight w ≥ 0 (default 1): Chan's merge of a single point. */
  add(x: number, w = 1): this {
    if (typeof x !== "number" || x - x !== 0) {
      throw new RangeError(`GaussianStats.add: x must be a finite number, got ${describe(x)}`);
    }
    if (typeof w !== "number" || !(w >= 0 && w < Infinity)) {
      throw new RangeError(`GaussianStats.add: w must be a finite number >= 0, got ${describe(w)}`);
    }
    const k = this.kernel;
    const rel = relativeWeights(Float64Array.of(w), 1, k.weightExponent, k.weight[0]!);
    const n = k.weight[0]! * rel.stored;
    k.m2[0] = k.m2[0]! * rel.stored;
    k.weightExponent = rel.exponent;
    const wB = rel.sampleWeight === null ? w : rel.sampleWeight[0]!;
    k.mergeCell(0, n, wB, x, 0, 0, 1);
    k.weight[0] = n + wB;
    return this;
  }

  /**
   * Summarises the chunk in two compensated passes, then merges it in. With `sampleWeight`, a
   * weight ≥ 0 per value. Nothing changes when a value or a weight is bad (the error names it).
   */
  addAll(data: ArrayLike<number>, sampleWeight?: ArrayLike<number>): this {
    const where = "GaussianStats.addAll";
    const xs = requireData(where, data);
    return this.addChecked(where, xs, readSampleWeight(where, sampleWeight, xs.length));
  }

  /** @internal addAll once the weights are read: the kernel's passes over the values as one column. */
  addChecked(where: string, xs: ArrayLike<number>, w: Float64Array | null): this {
    const n = xs.length;
    if (n === 0) return this;
    const x = new RowBlocks({ data: xs, rows: n, cols: 1 }, { rows: n, cols: 1 });
    const weights: RowWeights = w === null ? UNWEIGHTED : { ...UNWEIGHTED, sampleWeight: w };
    try {
      this.kernel.accumulate(where, x, weights);
    } catch (e) {
      requireFiniteData(where, xs); // names data[i] rather than the kernel's X[i][0]
      throw e;
    }
    return this;
  }

  /** Adds the observations summarised by `other` (Chan's merge); `other` is unchanged. */
  merge(other: GaussianStats): this {
    if (!hasBrand(other, "GaussianStats")) throw new TypeError("GaussianStats.merge: other must be a GaussianStats");
    this.kernel.merge(other.kernel);
    return this;
  }

  /** An independent copy. */
  clone(): GaussianStats {
    const copy = new GaussianStats();
    copy.kernel.merge(this.kernel);
    return copy;
  }

  /**
   * `{ type: "GaussianStats", count, shift, shiftedMean, m2 }` (mean = shift + shiftedMean);
   * `Gaussian.statsFromJSON` restores it exactly.
   */
  toJSON(): {
    type: "GaussianStats";
    count: number;
    shift: number;
    shiftedMean: number;
    m2: number;
    scale?: number;
    weightExponent?: number;
  } {
    const k = this.kernel;
    const json = {
      type: "GaussianStats" as const,
      count: k.weight[0]!,
      shift: k.shift[0]!,
      shiftedMean: k.shiftedMean[0]!,
      m2: k.m2[0]!,
    };
    // M2 in units of scale² when the spread needs it, count and M2 in units of 2^weightExponent
    // when the weights need it (else as 0.2 wrote them).
    return {
      ...json,
      ...(k.scale[0] === 1 ? {} : { scale: k.scale[0]! }),
      ...(k.weightExponent === 0 ? {} : { weightExponent: k.weightExponent }),
    };
  }
}

/** The Gaussian's scalar estimators (scalar-fit.ts): no options, the MLE from the kernel's statistics. */
const GAUSSIAN: ScalarFamily<GaussianStats, Gaussian, null> = {
  name: "Gaussian",
  statsType: "GaussianStats",
  options: [],
  readOptions: () => null,
  createStats: () => new GaussianStats(),
  add: (stats, where, xs, w) => void stats.addChecked(where, xs, w),
  estimate(where, stats, _o, empty) {
    if (stats.count === 0) throw new RangeError(`${where}: ${empty}; add values of weight > 0`);
    return fromMeanStd(where, stats.count, stats.mean, stats.std);
  },
  statsFromJSON(where, o) {
    const s = new GaussianStats(o.count as number, o.shift as number, o.m2 as number);
    const shiftedMean = requireFinite(`${where}: shiftedMean`, o.shiftedMean);
    if (s.count === 0 && shiftedMean !== 0) {
      throw new RangeError(`${where}: count is 0 but shiftedMean is not: empty statistics have mean 0`);
    }
    const k = s.kernel;
    k.weightExponent = weightExponentFromJSON(`${where}: weightExponent`, o.weightExponent);
    if (o.scale !== undefined) k.scale[0] = requirePowerOfTwo(`${where}: scale`, o.scale as number);
    k.shiftedMean[0] = shiftedMean;
    return s;
  },
};
