import { requireJsonType, type Distribution, type SufficientStats } from "../../core/distribution.js";
import { requireRng, type Rng } from "../../core/rng.js";
import { brand, hasBrand } from "../../core/brand.js";
import { readOptions } from "../../core/options.js";
import { readSampleWeight } from "../../core/weights.js";
import { accumulateValues, type AsyncFitOptions, type ChunkSource, type ValuesChunk } from "../../core/source.js";
import { mergeMoments } from "./kernel.js";
import { fillNormal, standardNormal } from "./sampler.js";
import {
  logNormalCdf,
  normalCdf,
  normalDensity,
  normalQuantile,
  standardize,
  standardizedLow,
} from "../../core/special.js";
import { deviationSums, maxAbsDeviation, shiftedSum, sumSquaredDeviations } from "../../core/sum.js";
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
    const where = "Gaussian.fit";
    const xs = requireData(where, data);
    const n = xs.length;
    if (n === 0) throw new RangeError("Gaussian.fit: data is empty; at least one value is needed");
    const weights = readSampleWeight(where, readOptions(where, options, ["sampleWeight"]).sampleWeight, n);
    if (weights !== null) {
      const s = new GaussianStats().addWeighted(where, xs, weights);
      if (s.count === 0) throw new RangeError(`${where}: every sample weight is 0; at least one must be > 0`);
      return fromMeanStd(where, s.count, s.mean, Math.sqrt(s.m2 / s.count));
    }
    const mean = shiftedMean("Gaussian.fit", xs, 0);
    let std = Math.sqrt(sumSquaredDeviations(xs, mean) / n);
    if (!(std > 1e-140 && std < 1e140)) {
      // d² under- or overflowed somewhere (spread below ~1e-154 or above ~1e154): redo the sum
      // with deviations divided by a power of two near the largest one, which is exact.
      // (capped at 2¹⁰⁰⁰ so that the scale itself stays finite for deviations near 1.8e308).
      const scale = 2 ** Math.min(1000, Math.max(-1000, Math.round(Math.log2(maxAbsDeviation(xs, mean) || 1))));
      std = scale * Math.sqrt(sumSquaredDeviations(xs, mean, 0, scale) / n);
    }
    return fromMeanStd("Gaussian.fit", n, mean, std);
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
    const where = "Gaussian.fitAsync";
    const o = readOptions(where, options, ["onProgress"]);
    const stats = new GaussianStats();
    await accumulateValues(where, source, o.onProgress, (data, w) => {
      stats.addAll(data as ArrayLike<number>, w as ArrayLike<number> | undefined);
      return (data as ArrayLike<number>).length;
    });
    if (stats.count === 0) throw new RangeError(`${where}: the source gave no values (of weight > 0)`);
    return fromMeanStd(where, stats.count, stats.mean, Math.sqrt(stats.m2 / stats.count));
  }

  /** Empty mergeable sufficient statistics (count, mean, Σ (x − mean)²). */
  static stats(): GaussianStats {
    return new GaussianStats();
  }

  /** The MLE from sufficient statistics; equals `Gaussian.fit` of all the data summarised. */
  static fromStats(stats: GaussianStats): Gaussian {
    if (!hasBrand(stats, "GaussianStats")) throw new TypeError("Gaussian.fromStats: stats must be a GaussianStats");
    if (stats.count === 0) throw new RangeError("Gaussian.fromStats: the statistics are empty; add data first");
    return fromMeanStd("Gaussian.fromStats", stats.count, stats.mean, stats.std);
  }

  /** Rebuilds statistics from `GaussianStats.toJSON()` output. */
  static statsFromJSON(json: unknown): GaussianStats {
    const o = requireJsonType("Gaussian.statsFromJSON", json, "GaussianStats");
    const s = new GaussianStats(o.count as number, o.shift as number, o.m2 as number);
    const shiftedMean = requireFinite("Gaussian.statsFromJSON: shiftedMean", o.shiftedMean);
    if (s.count === 0 && shiftedMean !== 0) {
      throw new RangeError("Gaussian.statsFromJSON: count is 0 but shiftedMean is not: empty statistics have mean 0");
    }
    if (o.scale !== undefined) {
      const scale = requireFinite("Gaussian.statsFromJSON: scale", o.scale);
      if (!(scale >= 1 && 2 ** Math.round(Math.log2(scale)) === scale)) {
        throw new RangeError(`Gaussian.statsFromJSON: scale must be a power of two >= 1, got ${describe(scale)}`);
      }
      s.withScale(scale);
    }
    return s.shiftMean(shiftedMean);
  }
}

const GAUSSIAN_STATS = brand("GaussianStats");

/** A power of two near v > 0, at most 2¹⁰⁰⁰ (so that it and its reciprocal stay finite). */
function powerOfTwoNear(v: number): number {
  return 2 ** Math.min(1000, Math.max(-1000, Math.round(Math.log2(v || 1))));
}

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

/**
 * The mean of x − shift over non-empty data, validating it on the way: typed arrays hold only
 * numbers, so a NaN or ±Infinity among them shows up as a non-finite sum and is looked for only
 * then (no separate validation pass); other array-likes are checked value by value first.
 */
function shiftedMean(where: string, xs: ArrayLike<number>, shift: number): number {
  if (!ArrayBuffer.isView(xs)) requireFiniteData(where, xs);
  const mean = shiftedSum(xs, shift) / xs.length; // the first pass needs the sum alone
  if (Number.isFinite(mean)) return mean;
  requireFiniteData(where, xs); // throws, naming the first non-finite value, if there is one
  // All finite, but Σ (x − shift) overflowed (values near ±1.8e308): Σ (x − shift) / n cannot.
  return deviationSums(xs, shift, 0, xs.length).sum;
}

function fromMeanStd(where: string, n: number, mean: number, std: number): Gaussian {
  if (!(std > 0)) {
    throw new RangeError(
      `${where}: all ${n} value(s) equal ${describe(mean)}, so the MLE std is 0: a point mass, not a Gaussian with std > 0`,
    );
  }
  return new Gaussian(mean, std);
}

/**
 * Sufficient statistics of a Gaussian sample: the count n, the mean and M2 = Σ (x − mean)².
 * `add` is Welford's update, `addAll` a two-pass summary of the chunk merged in, `merge`
 * Chan, Golub & LeVeque's pairwise formula.
 *
 * The mean is held as a shift (the first value seen) plus the mean of x − shift, so data like
 * 1e9 + noise keep the digits of their noise through any number of merges: `fromStats` then
 * equals `fit` of all the data to ~1e-15 whatever the chunking. M2 is a plain double, so data
 * whose spread is below ~1e-154 or above ~1e154 lose precision here (where `fit` rescales).
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
  private n: number;
  private shift: number; // a value near the data, subtracted before averaging
  private mu: number; // the mean of x − shift
  private sq: number; // M2 / scale²
  // A power of two, 1 unless the spread is so large (beyond ~1e150) that M2 would overflow: M2
  // is kept in units of scale², as Gaussian.fit rescales its sum of squares.
  private scale = 1;

  /**
   * Empty statistics, or the summary (count, mean, M2) of data seen elsewhere; the values are
   * validated (count ≥ 0, the total weight, M2 ≥ 0, an empty summary has mean 0 and M2 0).
   */
  constructor(count = 0, mean = 0, m2 = 0) {
    this.n = requireNonNegative("GaussianStats: count", count);
    this.shift = requireFinite("GaussianStats: mean", mean) + 0;
    this.mu = 0;
    this.sq = requireNonNegative("GaussianStats: m2", m2);
    if (count === 0 && (mean !== 0 || m2 !== 0))
      throw new RangeError("GaussianStats: empty stats must have mean 0 and m2 0");
  }

  /** @internal Sets the mean of x − shift (used when restoring from JSON). */
  shiftMean(shiftedMean: number): this {
    this.mu = shiftedMean;
    return this;
  }

  /** n, the number of observations (their total weight, with weights). */
  get count(): number {
    return this.n;
  }

  /** The mean of the observations (0 when empty). */
  get mean(): number {
    return this.shift + this.mu;
  }

  /** M2 = Σ (x − mean)², n times the MLE variance (Infinity when it is beyond the doubles). */
  get m2(): number {
    return this.sq * this.scale * this.scale;
  }

  /** The MLE (population) variance M2 / n; 0 when empty. */
  get variance(): number {
    return this.n > 0 ? (this.sq / this.n) * this.scale * this.scale : 0;
  }

  /** @internal The MLE standard deviation √(M2 / n), finite even where M2 is not. */
  get std(): number {
    return this.n > 0 ? this.scale * Math.sqrt(this.sq / this.n) : 0;
  }

  /** Raises the scale to `to` (a larger power of two), rescaling M2 exactly. */
  private rescale(to: number): void {
    if (to <= this.scale) return;
    const r = this.scale / to;
    this.sq *= r * r;
    this.scale = to;
  }

  /** Welford's update with one observation x of weight w ≥ 0 (default 1). */
  add(x: number, w = 1): this {
    if (typeof x !== "number" || x - x !== 0) {
      throw new RangeError(`GaussianStats.add: x must be a finite number, got ${describe(x)}`);
    }
    if (typeof w !== "number" || !(w >= 0 && w < Infinity)) {
      throw new RangeError(`GaussianStats.add: w must be a finite number >= 0, got ${describe(w)}`);
    }
    if (w === 0) return this;
    if (this.n === 0) this.shift = x + 0; // −0 → 0, as JSON would store it
    const n = this.n + w;
    const delta = x - this.shift - this.mu;
    if (!(Math.abs(delta) / this.scale < 1e150)) this.rescale(powerOfTwoNear(Math.abs(delta)));
    this.mu += (delta * w) / n;
    this.sq += w * (delta / this.scale) * ((x - this.shift - this.mu) / this.scale);
    this.n = n;
    return this;
  }

  /**
   * Summarises the chunk in two compensated passes, then merges it in. With `sampleWeight`, a
   * weight ≥ 0 per value. Nothing changes when a value or a weight is bad (the error names it).
   */
  addAll(data: ArrayLike<number>, sampleWeight?: ArrayLike<number>): this {
    const where = "GaussianStats.addAll";
    const xs = requireData(where, data);
    const weights = readSampleWeight(where, sampleWeight, xs.length);
    if (weights !== null) return this.addWeighted(where, xs, weights);
    if (xs.length === 0) return this;
    const shift = this.n === 0 ? xs[0]! + 0 : this.shift;
    const mean = shiftedMean(where, xs, shift); // validates before anything changes
    let m2 = sumSquaredDeviations(xs, mean, shift);
    let scale = 1;
    if (!(m2 < 1e300)) {
      // Σ (x − mean)² overflowed (a spread beyond ~1e150): redo it in units of a power of two
      // near the largest deviation, exactly as Gaussian.fit does.
      scale = powerOfTwoNear(maxAbsDeviation(xs, shift + mean));
      m2 = sumSquaredDeviations(xs, mean, shift, scale);
    }
    this.shift = shift;
    return this.mergeShifted(xs.length, mean, m2, scale);
  }

  /**
   * @internal The weighted two-pass summary of a chunk (validated first), merged in:
   * mean = Σ w x / Σ w, then Σ w (x − mean) to correct it and Σ w (x − mean)².
   */
  addWeighted(where: string, xs: ArrayLike<number>, w: Float64Array): this {
    requireFiniteData(where, xs);
    let total = 0;
    for (let i = 0; i < w.length; i++) total += w[i]!;
    if (total === 0) return this;
    let first = 0;
    while (w[first] === 0) first++;
    const shift = this.n === 0 ? xs[first]! + 0 : this.shift;
    let sum = 0;
    for (let i = 0; i < xs.length; i++) sum += w[i]! * (xs[i]! - shift);
    const mu = sum / total;
    let dev = 0;
    let sq = 0;
    for (let i = 0; i < xs.length; i++) {
      const e = xs[i]! - shift - mu;
      dev += w[i]! * e;
      sq += w[i]! * e * e;
    }
    let scale = 1;
    if (!(sq < 1e300)) {
      // Overflowed: the sums again in units of a power of two near the largest deviation.
      let largest = 0;
      for (let i = 0; i < xs.length; i++) if (w[i]! > 0) largest = Math.max(largest, Math.abs(xs[i]! - shift - mu));
      scale = powerOfTwoNear(largest);
      dev = 0;
      sq = 0;
      for (let i = 0; i < xs.length; i++) {
        const e = (xs[i]! - shift - mu) / scale;
        dev += w[i]! * e;
        sq += w[i]! * e * e;
      }
      dev *= scale; // back to the units of the mean
    }
    this.shift = shift;
    const corrected = Math.max(0, sq - ((dev / scale) * (dev / scale)) / total);
    return this.mergeShifted(total, mu + dev / total, corrected, scale);
  }

  /** Adds the observations summarised by `other` (Chan's merge); `other` is unchanged. */
  merge(other: GaussianStats): this {
    if (!hasBrand(other, "GaussianStats")) throw new TypeError("GaussianStats.merge: other must be a GaussianStats");
    if (other.n === 0) return this;
    if (this.n === 0) this.shift = other.shift;
    // other's mean relative to our shift: the difference of nearby shifts is exact (Sterbenz).
    return this.mergeShifted(other.n, other.shift - this.shift + other.mu, other.sq, other.scale);
  }

  /** Chan's merge of (nB, meanB, M2B = m2B · scaleB²) into these statistics, in a common scale. */
  private mergeShifted(nB: number, meanB: number, m2B: number, scaleB = 1): this {
    const delta = Math.abs(meanB - this.mu);
    let scale = Math.max(this.scale, scaleB);
    if (this.n > 0 && !(delta / scale < 1e150)) scale = Math.max(scale, powerOfTwoNear(delta));
    this.rescale(scale);
    const r = scaleB / scale;
    const mean = Float64Array.of(this.mu);
    const m2 = Float64Array.of(this.sq);
    mergeMoments(this.n, mean, m2, 0, nB, meanB, m2B * r * r, scale);
    this.mu = mean[0]!;
    this.sq = m2[0]!;
    this.n += nB;
    return this;
  }

  /** An independent copy. */
  clone(): GaussianStats {
    return Gaussian.statsFromJSON(this.toJSON());
  }

  /**
   * `{ type: "GaussianStats", count, shift, shiftedMean, m2 }` (mean = shift + shiftedMean);
   * `Gaussian.statsFromJSON` restores it exactly.
   */
  toJSON(): { type: "GaussianStats"; count: number; shift: number; shiftedMean: number; m2: number; scale?: number } {
    const json = {
      type: "GaussianStats" as const,
      count: this.n,
      shift: this.shift,
      shiftedMean: this.mu,
      m2: this.sq,
    };
    // M2 is written in units of scale² when the spread needs it (else m2 alone, as before).
    return this.scale === 1 ? json : { ...json, scale: this.scale };
  }

  /** @internal Sets the scale of M2 (used when restoring from JSON). */
  withScale(scale: number): this {
    this.scale = scale;
    return this;
  }
}
