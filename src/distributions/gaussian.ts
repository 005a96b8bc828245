import { requireJsonType, type Distribution, type SufficientStats } from "../core/distribution.js";
import type { Rng } from "../core/rng.js";
import { logNormalCdf, normalCdf, normalQuantile } from "../core/special.js";
import { deviationSums, maxAbsDeviation, sumSquaredDeviations } from "../core/sum.js";
import {
  describe,
  requireArgument,
  requireData,
  requireFinite,
  requireFiniteData,
  requireInteger,
  requireNoNaN,
  requireNonNegative,
  requirePositive,
  sampleBuffer,
} from "../core/validate.js";

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
 * Gaussian.fit([1, 2, 3, 4]); // Gaussian { mean: 2.5, std: 1.118… }
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

  /** log p(x) = −½ z² − log σ − ½ log 2π with z = (x − μ)/σ; −Infinity at ±Infinity. */
  logProb(x: number): number {
    requireArgument("Gaussian.logProb", x);
    const z = (x - this.mean) / this.std;
    return -0.5 * z * z - this.logNorm;
  }

  /** The density p(x). */
  prob(x: number): number {
    requireArgument("Gaussian.prob", x);
    return Math.exp(this.logProb(x));
  }

  /** P(X ≤ x), accurate in the lower tail down to the smallest normal double. */
  cdf(x: number): number {
    requireArgument("Gaussian.cdf", x);
    return normalCdf((x - this.mean) / this.std);
  }

  /** log P(X ≤ x), finite for every finite x (e.g. logCdf(-40) ≈ -804.608 for N(0, 1)). */
  logCdf(x: number): number {
    requireArgument("Gaussian.logCdf", x);
    return logNormalCdf((x - this.mean) / this.std);
  }

  /** The x with P(X ≤ x) = p, for p in [0, 1]; −Infinity at 0 and +Infinity at 1. */
  quantile(p: number): number {
    requireArgument("Gaussian.quantile", p);
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Gaussian.quantile: p must be in [0, 1], got ${describe(p)}`);
    return this.mean + this.std * normalQuantile(p);
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
   * @throws TypeError/RangeError on empty data or a non-finite value (naming its index).
   */
  static fit(data: ArrayLike<number>): Gaussian {
    const xs = requireData("Gaussian.fit", data);
    const n = xs.length;
    if (n === 0) throw new RangeError("Gaussian.fit: data is empty; at least one value is needed");
    const mean = shiftedMean("Gaussian.fit", xs, 0);
    let std = Math.sqrt(sumSquaredDeviations(xs, mean) / n);
    if (!(std > 1e-140 && std < 1e140)) {
      // d² under- or overflowed somewhere (spread below ~1e-154 or above ~1e154): redo the sum
      // with deviations divided by a power of two near the largest one, which is exact.
      const scale = 2 ** Math.max(-1000, Math.round(Math.log2(maxAbsDeviation(xs, mean) || 1)));
      std = scale * Math.sqrt(sumSquaredDeviations(xs, mean, 0, scale) / n);
    }
    return fromMeanStd("Gaussian.fit", n, mean, std);
  }

  /** Empty mergeable sufficient statistics (count, mean, Σ (x − mean)²). */
  static stats(): GaussianStats {
    return new GaussianStats();
  }

  /** The MLE from sufficient statistics; equals `Gaussian.fit` of all the data summarised. */
  static fromStats(stats: GaussianStats): Gaussian {
    if (!(stats instanceof GaussianStats)) throw new TypeError("Gaussian.fromStats: stats must be a GaussianStats");
    if (stats.count === 0) throw new RangeError("Gaussian.fromStats: the statistics are empty; add data first");
    return fromMeanStd("Gaussian.fromStats", stats.count, stats.mean, Math.sqrt(stats.m2 / stats.count));
  }

  /** Rebuilds statistics from `GaussianStats.toJSON()` output. */
  static statsFromJSON(json: unknown): GaussianStats {
    const o = requireJsonType("Gaussian.statsFromJSON", json, "GaussianStats");
    const s = new GaussianStats(o.count as number, o.shift as number, o.m2 as number);
    return s.shiftMean(requireFinite("Gaussian.statsFromJSON: shiftedMean", o.shiftedMean));
  }
}

/**
 * The mean of x − shift over non-empty data, validating it on the way: typed arrays hold only
 * numbers, so a NaN or ±Infinity among them shows up as a non-finite sum and is looked for only
 * then (no separate validation pass); other array-likes are checked value by value first.
 */
function shiftedMean(where: string, xs: ArrayLike<number>, shift: number): number {
  if (!ArrayBuffer.isView(xs)) requireFiniteData(where, xs);
  const mean = deviationSums(xs, shift).sum / xs.length;
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
  private n: number;
  private shift: number; // a value near the data, subtracted before averaging
  private mu: number; // the mean of x − shift
  private sq: number;

  /**
   * Empty statistics, or the summary (count, mean, M2) of data seen elsewhere; the values are
   * validated (count a whole number, M2 ≥ 0, an empty summary has mean 0 and M2 0).
   */
  constructor(count = 0, mean = 0, m2 = 0) {
    this.n = requireInteger("GaussianStats: count", count, 0);
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

  /** n, the number of observations. */
  get count(): number {
    return this.n;
  }

  /** The mean of the observations (0 when empty). */
  get mean(): number {
    return this.shift + this.mu;
  }

  /** M2 = Σ (x − mean)², n times the MLE variance. */
  get m2(): number {
    return this.sq;
  }

  /** The MLE (population) variance M2 / n; 0 when empty. */
  get variance(): number {
    return this.n > 0 ? this.sq / this.n : 0;
  }

  /** Welford's update with one observation. */
  add(x: number): this {
    if (typeof x !== "number" || x - x !== 0) {
      throw new RangeError(`GaussianStats.add: x must be a finite number, got ${describe(x)}`);
    }
    if (this.n === 0) this.shift = x + 0; // −0 → 0, as JSON would store it
    const n = this.n + 1;
    const delta = x - this.shift - this.mu;
    this.mu += delta / n;
    this.sq += delta * (x - this.shift - this.mu);
    this.n = n;
    return this;
  }

  /** Summarises the chunk in two compensated passes, then merges it in. */
  addAll(data: ArrayLike<number>): this {
    const xs = requireData("GaussianStats.addAll", data);
    if (xs.length === 0) return this;
    const shift = this.n === 0 ? xs[0]! + 0 : this.shift;
    const mean = shiftedMean("GaussianStats.addAll", xs, shift); // validates before anything changes
    this.shift = shift;
    return this.mergeShifted(xs.length, mean, sumSquaredDeviations(xs, mean, shift));
  }

  /** Adds the observations summarised by `other` (Chan's merge); `other` is unchanged. */
  merge(other: GaussianStats): this {
    if (!(other instanceof GaussianStats)) throw new TypeError("GaussianStats.merge: other must be a GaussianStats");
    if (other.n === 0) return this;
    if (this.n === 0) this.shift = other.shift;
    // other's mean relative to our shift: the difference of nearby shifts is exact (Sterbenz).
    return this.mergeShifted(other.n, other.shift - this.shift + other.mu, other.sq);
  }

  private mergeShifted(nB: number, meanB: number, m2B: number): this {
    const nA = this.n;
    const n = nA + nB;
    const delta = meanB - this.mu;
    this.mu += (delta * nB) / n;
    this.sq += m2B + (delta * delta * nA * nB) / n;
    this.n = n;
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
  toJSON(): { type: "GaussianStats"; count: number; shift: number; shiftedMean: number; m2: number } {
    return { type: "GaussianStats", count: this.n, shift: this.shift, shiftedMean: this.mu, m2: this.sq };
  }
}

// ---- Sampling: the ziggurat of Marsaglia & Tsang (2000) in Doornik's (2005) form ----
//
// 128 layers of equal area under the half-density exp(−x²/2). A draw picks a layer and a
// point in it; ~98.8% of points fall inside the layer's rectangle and are returned after one
// multiply. The rest are resolved in the wedge (one exp) or, for the base layer, in the tail
// beyond R by Marsaglia's exponential method. The layer, the sign and the position all come
// from one uniform: the top 8 bits choose layer and sign, the remaining bits the position, so
// most draws cost a single call to rng.next().

const ZIGGURAT_LAYERS = 128;
const ZIGGURAT_R = 3.442619855899; // right edge of the base layer
const ZIGGURAT_V = 9.91256303526217e-3; // the common area of a layer
let zigX: Float64Array | undefined; // layer edges x[0] > x[1] = R > … > x[128] = 0
let zigRatio: Float64Array | undefined; // x[i+1] / x[i]: below it a point is inside the rectangle

function zigguratTables(): [Float64Array, Float64Array] {
  if (zigX === undefined || zigRatio === undefined) {
    const x = new Float64Array(ZIGGURAT_LAYERS + 1);
    const f = Math.exp(-0.5 * ZIGGURAT_R * ZIGGURAT_R);
    x[0] = ZIGGURAT_V / f;
    x[1] = ZIGGURAT_R;
    for (let i = 2; i < ZIGGURAT_LAYERS; i++) {
      const prev = x[i - 1]!;
      x[i] = Math.sqrt(-2 * Math.log(ZIGGURAT_V / prev + Math.exp(-0.5 * prev * prev)));
    }
    x[ZIGGURAT_LAYERS] = 0;
    const ratio = new Float64Array(ZIGGURAT_LAYERS);
    for (let i = 0; i < ZIGGURAT_LAYERS; i++) ratio[i] = x[i + 1]! / x[i]!;
    zigX = x;
    zigRatio = ratio;
  }
  return [zigX, zigRatio];
}

function zigguratSlow(rng: Rng, x: Float64Array, layer: number, u: number, negative: boolean): number {
  if (layer === 0) {
    // The tail beyond R: Marsaglia's method, with 1 − next() in (0, 1] so the logs are finite.
    let t: number;
    let y: number;
    do {
      t = Math.log(1 - rng.next()) / ZIGGURAT_R;
      y = Math.log(1 - rng.next());
    } while (-2 * y < t * t);
    return negative ? t - ZIGGURAT_R : ZIGGURAT_R - t;
  }
  const v = u * x[layer]!;
  const f0 = Math.exp(-0.5 * (x[layer]! * x[layer]! - v * v));
  const f1 = Math.exp(-0.5 * (x[layer + 1]! * x[layer + 1]! - v * v));
  if (f1 + rng.next() * (f0 - f1) < 1) return negative ? -v : v;
  return standardNormal(rng);
}

/**
 * One standard normal draw N(0, 1) by the ziggurat method: usually one uniform and one
 * multiply. Used by every Gaussian sampler in ptheta.
 *
 * @example
 * ```ts
 * const z = standardNormal(createRng(7));
 * ```
 */
export function standardNormal(rng: Rng): number {
  const [x, ratio] = zigguratTables();
  const t = rng.next() * 256;
  const top = Math.floor(t);
  const layer = top & 127;
  const u = t - top; // the bits below the top 8, uniform in [0, 1)
  if (u < ratio[layer]!) return top < 128 ? u * x[layer]! : -u * x[layer]!;
  return zigguratSlow(rng, x, layer, u, top >= 128);
}

/**
 * Fills out[0..n) with N(mean, std²) draws: the body of `standardNormal` inlined, and the
 * location-scale step μ + σ·z applied as each draw is stored rather than in a second pass.
 */
export function fillNormal(rng: Rng, out: Float64Array, n: number, mean = 0, std = 1): void {
  const [x, ratio] = zigguratTables();
  for (let i = 0; i < n; i++) {
    const t = rng.next() * 256;
    const top = Math.floor(t);
    const layer = top & 127;
    const u = t - top;
    const z =
      u < ratio[layer]! ? (top < 128 ? u * x[layer]! : -u * x[layer]!) : zigguratSlow(rng, x, layer, u, top >= 128);
    out[i] = mean + std * z;
  }
}
