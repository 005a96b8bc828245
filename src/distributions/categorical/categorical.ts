import { fitValues, fitValuesAsync, fromStatsOf, statsFromJSONOf, type ScalarFamily } from "../scalar-fit.js";
import { CategoricalKernelStats } from "./stats.js";
import { relativeWeights, timesPowerOfTwo, weightExponentFromJSON } from "../../core/weights.js";
import { scaleAll } from "../../core/cells.js";
import { AliasTable } from "../../core/alias.js";
import { requireJsonType, type Distribution, type SufficientStats } from "../../core/distribution.js";
import { brand, hasBrand } from "../../core/brand.js";
import { MAX_CATEGORIES } from "../../core/limits.js";
import { logSumExp } from "../../core/log-space.js";
import { badUniform, requireRng, type Rng } from "../../core/rng.js";
import {
  describe,
  requireArgument,
  requireData,
  requireInteger,
  requireNoNaN,
  requireNonNegative,
  sampleBuffer,
} from "../../core/validate.js";
import { readSampleWeight, totalWeight } from "../../core/weights.js";
import { type AsyncFitOptions, type ChunkSource, type ValuesChunk } from "../../core/source.js";
import { categoricalProbabilities } from "./stats.js";

/**
 * Options of {@link Categorical.fit} and {@link Categorical.fromStats}.
 *
 * @example
 * ```ts
 * Categorical.fit([0, 0, 1], { k: 3, alpha: 1 }).probs; // [0.5, 0.333…, 0.1666…]
 * ```
 */
export interface CategoricalFitOptions {
  /**
   * The number of categories K, so that categories never seen in the data still exist (with
   * probability α / (n + αK)). Default: the largest category seen + 1.
   */
  k?: number;
  /** Additive (Lidstone) smoothing: p_j = (n_j + α) / (n + αK). Default 0, the MLE. */
  alpha?: number;
  /** Categorical.fit: a frequency weight ≥ 0 per value (default 1 each). */
  sampleWeight?: ArrayLike<number>;
}

// Probabilities may be given rounded (e.g. [0.1, 0.2, 0.7] sums to 0.9999999999999999).
const SUM_TOLERANCE = 1e-9;

/** The brand of a Categorical: `Symbol.for` keeps its type a unique symbol. */
const CATEGORICAL_BRAND: unique symbol = Symbol.for("ptheta.Categorical");

/**
 * The categorical distribution on the integers 0..K−1 with probabilities p_0..p_{K−1}:
 * P(X = j) = p_j. Zero probabilities are allowed; `logProb` is then −Infinity there.
 *
 * Built from probabilities (which must sum to 1 within 1e-9) or from unnormalised log-weights
 * with {@link Categorical.fromLogits}, which keeps log-probabilities exact where the
 * probabilities themselves would underflow.
 *
 * @example
 * ```ts
 * const c = new Categorical([0.2, 0.5, 0.3]);
 * c.logProb(1); // Math.log(0.5)
 * Categorical.fit([0, 2, 2, 1], { k: 4 }).probs; // Float64Array [0.25, 0.25, 0.5, 0]
 * ```
 */
export class Categorical implements Distribution<number> {
  /** @internal The brand that identifies a Categorical from any copy of ptheta (core/brand.ts). */
  get [CATEGORICAL_BRAND](): true {
    return true;
  }

  /** K, the number of categories. */
  readonly k: number;
  private readonly p: Float64Array;
  private readonly logP: Float64Array;
  // Set when built from logits: JSON then carries the log-probabilities, which may hold more.
  private readonly fromLogs: boolean;
  private alias: AliasTable | undefined;

  /**
   * @param probs - K ≥ 1 finite non-negative probabilities summing to 1 (within 1e-9).
   * @param logProbs - For ptheta's own use: normalised log-probabilities to keep exactly
   * (fromLogits and fromJSON pass them, checked), instead of the logs of `probs`. (Not tagged
   * internal: that would strip the whole constructor from the published types.)
   */
  constructor(probs: ArrayLike<number>, logProbs?: Float64Array) {
    const k = categoryCount("Categorical: probs", probs);
    if (k > MAX_CATEGORIES) throw new RangeError(`Categorical: ${k} categories, above the limit of ${MAX_CATEGORIES}`);
    const p = new Float64Array(k);
    let sum = 0;
    for (let j = 0; j < k; j++) {
      p[j] = requireNonNegative(`Categorical: probs[${j}]`, probs[j]) + 0; // −0 → 0, as JSON stores it
      sum += p[j]!;
    }
    if (!(Math.abs(sum - 1) <= SUM_TOLERANCE)) {
      throw new RangeError(`Categorical: probs must sum to 1, got a sum of ${describe(sum)}`);
    }
    if (logProbs !== undefined && logProbs.length !== k) {
      throw new RangeError(`Categorical: logProbs has ${logProbs.length} values but probs has ${k}`);
    }
    this.k = k;
    this.p = p;
    this.logP = logProbs ?? p.map(Math.log);
    this.fromLogs = logProbs !== undefined;
  }

  /**
   * The categorical distribution with p_j ∝ exp(logits[j]); the logits are normalised by
   * log-sum-exp, so any finite shift gives the same distribution. −Infinity marks an impossible
   * category; at least one logit must be finite.
   *
   * @example
   * ```ts
   * Categorical.fromLogits([0, 0, Math.log(2)]).probs; // [0.25, 0.25, 0.5]
   * ```
   */
  static fromLogits(logits: ArrayLike<number>): Categorical {
    const k = categoryCount("Categorical.fromLogits: logits", logits);
    for (let j = 0; j < k; j++) {
      const v = logits[j];
      if (typeof v !== "number" || Number.isNaN(v) || v === Infinity) {
        throw new RangeError(`Categorical.fromLogits: logits[${j}] must be a number < Infinity, got ${describe(v)}`);
      }
    }
    const norm = logSumExp(logits, 0, k);
    if (norm === -Infinity) throw new RangeError("Categorical.fromLogits: every logit is -Infinity");
    const logP = new Float64Array(k);
    // + 0: (−0) − (+0) is −0, which JSON would turn into 0; keep round trips exact.
    for (let j = 0; j < k; j++) logP[j] = logits[j]! - norm + 0;
    // exp of normalised logs sums to 1 up to rounding (~K ulps), well within the tolerance.
    return new Categorical(logP.map(Math.exp), logP);
  }

  /** A copy of the probabilities p_0..p_{K−1}. */
  get probs(): Float64Array {
    return this.p.slice();
  }

  /** A copy of the log-probabilities log p_0..log p_{K−1}. */
  get logProbs(): Float64Array {
    return this.logP.slice();
  }

  /** E[X] = Σ j p_j. */
  get mean(): number {
    let m = 0;
    for (let j = 1; j < this.k; j++) m += j * this.p[j]!;
    return m;
  }

  /** Var[X] = Σ (j − E[X])² p_j. */
  get variance(): number {
    const mean = this.mean;
    let v = 0;
    for (let j = 0; j < this.k; j++) v += (j - mean) * (j - mean) * this.p[j]!;
    return v;
  }

  /** log p_x for an integer x in 0..K−1, −Infinity for any other number. */
  logProb(x: number): number {
    requireArgument("Categorical.logProb", x);
    return Number.isInteger(x) && x >= 0 && x < this.k ? this.logP[x]! : -Infinity;
  }

  /** P(X = x): exactly probs[x] for an integer x in 0..K−1, 0 for any other number. */
  prob(x: number): number {
    requireArgument("Categorical.prob", x);
    // probs[x] itself, not exp(log p_x), which is an ulp or two off.
    return Number.isInteger(x) && x >= 0 && x < this.k ? this.p[x]! : 0;
  }

  /** P(X ≤ x) = Σ_{j ≤ x} p_j. */
  cdf(x: number): number {
    requireArgument("Categorical.cdf", x);
    if (x < 0) return 0;
    if (x >= this.k - 1) return 1;
    let c = 0;
    for (let j = 0; j <= x; j++) c += this.p[j]!;
    return Math.min(c, 1);
  }

  /** log P(X ≤ x), by log-sum-exp of the log-probabilities. */
  logCdf(x: number): number {
    requireArgument("Categorical.logCdf", x);
    if (x < 0) return -Infinity;
    if (x >= this.k - 1) return 0;
    return Math.min(logSumExp(this.logP, 0, Math.floor(x) + 1), 0);
  }

  /** The Shannon entropy −Σ p_j log p_j, in nats, with 0 · log 0 = 0. */
  entropy(): number {
    let h = 0;
    for (let j = 0; j < this.k; j++) if (this.p[j]! > 0) h -= this.p[j]! * this.logP[j]!;
    return h;
  }

  /**
   * Σ log p_x over the data, as Σ_j n_j log p_j from exact counts; −Infinity if any value is
   * outside 0..K−1 or not an integer. A NaN throws, naming its index.
   */
  logLikelihood(data: ArrayLike<number>): number {
    const xs = requireData("Categorical.logLikelihood", data);
    const counts = new Float64Array(this.k);
    const bad = countCategories(xs, counts, 0);
    if (bad >= 0) {
      // Outside the support (−Infinity), unless a NaN lies anywhere ahead: that is an error.
      requireNoNaN("Categorical.logLikelihood", xs, bad);
      return -Infinity;
    }
    let total = 0;
    for (let j = 0; j < this.k; j++) if (counts[j]! > 0) total += counts[j]! * this.logP[j]!;
    return total;
  }

  /**
   * One draw (an inverse-CDF scan), or `n` draws into a Float64Array by an alias table (built
   * once per distribution, O(1) per draw).
   */
  sample(rng: Rng): number;
  sample(rng: Rng, n: number, out?: Float64Array): Float64Array;
  sample(rng: Rng, n?: number, out?: Float64Array): number | Float64Array {
    requireRng("Categorical.sample", rng);
    if (n === undefined) {
      const u = rng.next();
      if (typeof u !== "number" || !(u >= 0 && u < 1)) throw badUniform("Categorical.sample", u);
      let c = 0;
      for (let j = 0; j < this.k - 1; j++) {
        c += this.p[j]!;
        if (u < c) return j;
      }
      // The scan's rounding leaves the last category whatever mass is left.
      for (let j = this.k - 1; j > 0; j--) if (this.p[j]! > 0) return j;
      return 0;
    }
    const result = sampleBuffer("Categorical.sample", n, out);
    const table = (this.alias ??= new AliasTable(this.p));
    for (let i = 0; i < n; i++) result[i] = table.sample(rng, "Categorical.sample");
    return result;
  }

  /**
   * `{ type: "Categorical", probs }`, or `{ type: "Categorical", logProbs }` when built from
   * logits; `Categorical.fromJSON` restores either exactly.
   */
  toJSON(): { type: "Categorical"; probs: number[] } | { type: "Categorical"; logProbs: (number | null)[] } {
    // JSON has no −Infinity: an impossible category's log-probability is written as null.
    return this.fromLogs
      ? { type: "Categorical", logProbs: Array.from(this.logP, (v) => (v === -Infinity ? null : v)) }
      : { type: "Categorical", probs: Array.from(this.p) };
  }

  /**
   * The family and its parameters, as Distributions.jl prints them; also what Node's console
   * shows for the object.
   *
   * @example
   * ```ts
   * new Categorical([0.5, 0.5]).toString(); // "Categorical(probs=[0.5, 0.5])"
   * ```
   */
  toString(): string {
    return `Categorical(probs=[${Array.from(this.p).join(", ")}])`;
  }

  /** @internal Node's console.log and util.inspect use this. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** Rebuilds a Categorical from `toJSON()` output. */
  static fromJSON(json: unknown): Categorical {
    const where = "Categorical.fromJSON";
    const o = requireJsonType(where, json, "Categorical");
    if (o.logProbs !== undefined) {
      if (!Array.isArray(o.logProbs) || o.logProbs.length === 0) {
        throw new TypeError(`${where}: logProbs must be a non-empty array`);
      }
      if (o.logProbs.length > MAX_CATEGORIES) throw new RangeError(`${where}: more than ${MAX_CATEGORIES} categories`);
      const logP = Float64Array.from(o.logProbs as unknown[], (v, j) => {
        if (v === null) return -Infinity; // how toJSON writes an impossible category
        if (typeof v !== "number" || !(v <= 0)) {
          throw new RangeError(`${where}: logProbs[${j}] must be a number <= 0 or null, got ${describe(v)}`);
        }
        return v + 0;
      });
      // They must already be normalised (log Σ p = 0 within rounding), not merely logits.
      const norm = logSumExp(logP, 0, logP.length);
      if (!(Math.abs(norm) <= 1e-9)) {
        throw new RangeError(`${where}: logProbs must be normalised (log Σ exp = 0), got ${describe(norm)}`);
      }
      return new Categorical(logP.map(Math.exp), logP);
    }
    return new Categorical(o.probs as number[]);
  }

  /**
   * The maximum-likelihood (α = 0) or smoothed estimate p_j = (n_j + α) / (n + αK), with
   * `options.sampleWeight` a frequency weight ≥ 0 per value (the counts are then weighted).
   *
   * @throws on empty data, a value that is not an integer in 0..K−1 (naming its index), or a bad
   * weight (naming its index).
   */
  static fit(data: ArrayLike<number>, options?: CategoricalFitOptions): Categorical {
    return fitValues(CATEGORICAL, data, options);
  }

  /**
   * The estimate p_j = (n_j + α) / (n + αK) from data read chunk by chunk from `source` (any
   * Iterable or AsyncIterable of arrays, typed arrays or `{ data, sampleWeight }` of integer
   * categories), in constant memory. Equals `Categorical.fromStats` of `stats().addAll(chunk)`
   * over the same chunks, hence `fit` of all the values. A bad value (or one ≥ `k`) names its
   * chunk and index; an error thrown by the source propagates.
   *
   * @example
   * ```ts
   * (await Categorical.fitAsync([[0, 2], [2, 2]], { k: 3 })).probs; // Float64Array [0.25, 0, 0.75]
   * ```
   */
  static async fitAsync(
    source: ChunkSource<ValuesChunk>,
    options?: Omit<CategoricalFitOptions, "sampleWeight"> & AsyncFitOptions,
  ): Promise<Categorical> {
    return fitValuesAsync(CATEGORICAL, source, options);
  }

  /** Empty mergeable sufficient statistics: a count per category (grows as categories appear). */
  static stats(k = 0): CategoricalStats {
    return new CategoricalStats(k);
  }

  /**
   * The estimate from sufficient statistics; equals `Categorical.fit` of all the data.
   * `options.k` may only widen the categories seen.
   */
  static fromStats(stats: CategoricalStats, options?: CategoricalFitOptions): Categorical {
    return fromStatsOf(CATEGORICAL, stats, options);
  }

  /** Rebuilds statistics from `CategoricalStats.toJSON()` output. */
  static statsFromJSON(json: unknown): CategoricalStats {
    return statsFromJSONOf(CATEGORICAL, json);
  }
}

/**
 * Adds 1 to counts[x] for each x of xs from index `from`, and returns the index of the first
 * value that is not an integer in [0, K) (K = counts.length), or −1 when all were counted.
 * The hot loop of fit and logLikelihood, shaped to cost what an unchecked counting loop costs:
 * `x | 0` equals x only for integers in the int32 range (NaN, ±Infinity and fractions fail) and
 * gives V8 a small-integer index, and the typed array's own bounds check is the range test (it
 * reads undefined below 0 and from K on).
 */
function countCategories(xs: ArrayLike<number>, counts: Float64Array, from: number): number {
  for (let i = from; i < xs.length; i++) {
    const x = xs[i]!;
    const j = x | 0;
    const count = counts[j];
    if (j === x && count !== undefined) counts[j] = count + 1;
    else return i;
  }
  return -1;
}

/** countCategories with a weight per value: adds w[i] to counts[x]; same stopping rule. */
function countWeighted(xs: ArrayLike<number>, w: Float64Array, counts: Float64Array, from: number): number {
  for (let i = from; i < xs.length; i++) {
    const x = xs[i]!;
    const j = x | 0;
    const count = counts[j];
    if (j === x && count !== undefined) counts[j] = count + w[i]!;
    else return i;
  }
  return -1;
}

/** Validates the fit options: k an integer in [1, MAX_CATEGORIES] when given, alpha ≥ 0 (default 0). */
function fitOptions(where: string, o: Record<string, unknown>): { k: number | undefined; alpha: number } {
  let k: number | undefined;
  if (o.k !== undefined) {
    k = requireInteger(`${where}: k`, o.k, 1);
    if (k > MAX_CATEGORIES)
      throw new RangeError(`${where}: k is ${k}, above the limit of ${MAX_CATEGORIES} categories`);
  }
  return { k, alpha: o.alpha === undefined ? 0 : requireNonNegative(`${where}: alpha`, o.alpha) };
}

/** p_j = (n_j + α) / (n + αK) from the counts, K = k or the categories seen. */
function estimate(
  where: string,
  stats: CategoricalStats,
  options: { k: number | undefined; alpha: number },
  empty: string,
): Categorical {
  const seen = stats.k;
  const k = options.k ?? seen;
  if (k < seen) throw new RangeError(`${where}: k = ${k}, but category ${seen - 1} occurs in the data`);
  if (k === 0) throw new RangeError(`${where}: no data and no k; give data or k`);
  const n = stats.kernel.weight[0]!;
  if (!(n + options.alpha * k > 0)) throw new RangeError(`${where}: ${empty} and alpha is 0; add data or smooth`);
  // In the weights' units (exact: a power of two), so that α keeps its relative size.
  const alpha = timesPowerOfTwo(options.alpha, -stats.kernel.weightExponent);
  return new Categorical(categoricalProbabilities(stats.kernel.counts[0]!, n, alpha, k));
}

/** An integer category the statistics can hold: 0 ≤ x < MAX_CATEGORIES. */
function isCategory(x: unknown): x is number {
  return typeof x === "number" && x >>> 0 === x && x < MAX_CATEGORIES;
}

function categoryCount(where: string, values: unknown): number {
  const xs = requireData(where, values);
  if (xs.length === 0) throw new RangeError(`${where} must hold at least one category`);
  return xs.length;
}

const CATEGORICAL_STATS = brand("CategoricalStats");
const ONE_COLUMN = Int32Array.of(0);

/** The values of a non-typed array-like, each read once and checked to be a number. */
function copyValues(where: string, data: ArrayLike<unknown>): Float64Array {
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (typeof v !== "number") throw new TypeError(`${where}: data[${i}] must be a number, got ${describe(v)}`);
    out[i] = v;
  }
  return out;
}

/**
 * Sufficient statistics of categorical data: a count per category. `k` grows to the largest
 * category seen + 1; counts add, so any merge order and chunking is exact.
 *
 * @example
 * ```ts
 * const s = Categorical.stats().addAll([0, 2, 2]);
 * Array.from(s.counts); // [1, 0, 2]
 * ```
 */
export class CategoricalStats implements SufficientStats<CategoricalStats> {
  /** @internal The brand that identifies CategoricalStats from any copy of ptheta. */
  readonly [CATEGORICAL_STATS] = true;
  /** @internal The kernel's statistics, one column and one component (their table is the counts). */
  readonly kernel = new CategoricalKernelStats(ONE_COLUMN, 1, Int32Array.of(0));

  /** The count (total weight, in units of 2^weightExponent) of each category: the kernel's table. */
  private get c(): Float64Array {
    return this.kernel.counts[0]!;
  }

  private set c(counts: Float64Array) {
    this.kernel.counts[0] = counts;
    this.kernel.nCategories[0] = counts.length;
  }

  /** Σ c, kept so `count` is O(1): the kernel's weight. */
  private get n(): number {
    return this.kernel.weight[0]!;
  }

  private set n(total: number) {
    this.kernel.weight[0] = total;
  }

  /**
   * Empty statistics over `k` categories to start with (more appear as they are seen), or the
   * given counts per category (finite numbers ≥ 0, validated; at most MAX_CATEGORIES of them).
   */
  constructor(kOrCounts: number | ArrayLike<number> = 0) {
    if (typeof kOrCounts === "number") {
      const k = requireInteger("CategoricalStats: k", kOrCounts, 0);
      if (k > MAX_CATEGORIES) throw new RangeError(`CategoricalStats: k is ${k}, above the limit of ${MAX_CATEGORIES}`);
      this.c = new Float64Array(k);
      this.n = 0;
      return;
    }
    const counts = requireData("CategoricalStats: counts", kOrCounts);
    if (counts.length > MAX_CATEGORIES) {
      throw new RangeError(
        `CategoricalStats: ${counts.length} counts, above the limit of ${MAX_CATEGORIES} categories`,
      );
    }
    this.c = new Float64Array(counts.length);
    this.n = 0;
    for (let j = 0; j < counts.length; j++) {
      this.c[j] = requireNonNegative(`CategoricalStats: counts[${j}]`, counts[j]) + 0;
      this.n += this.c[j]!;
    }
  }

  /** The number of categories tracked: at least the largest seen + 1. */
  get k(): number {
    return this.c.length;
  }

  /** The number of observations (their total weight, with weights; Infinity beyond the doubles). */
  get count(): number {
    return timesPowerOfTwo(this.n, this.kernel.weightExponent);
  }

  /** A copy of the count of each category 0..k−1. */
  get counts(): Float64Array {
    const e = this.kernel.weightExponent;
    return e === 0 ? this.c.slice() : this.c.map((v) => timesPowerOfTwo(v, e));
  }

  private grow(k: number): void {
    if (k <= this.c.length) return;
    const wider = new Float64Array(k);
    wider.set(this.c);
    this.c = wider;
  }

  /** Adds one observation, an integer category in [0, MAX_CATEGORIES), with weight w ≥ 0 (default 1). */
  add(x: number, w = 1): this {
    if (!isCategory(x)) {
      throw new RangeError(
        `CategoricalStats.add: x must be an integer >= 0, got ${describe(x)} (categories are below ${MAX_CATEGORIES})`,
      );
    }
    if (typeof w !== "number" || !(w >= 0 && w < Infinity)) {
      throw new RangeError(`CategoricalStats.add: w must be a finite number >= 0, got ${describe(w)}`);
    }
    this.grow(x + 1);
    this.c[x] = this.c[x]! + w;
    this.n += w;
    return this;
  }

  /**
   * Adds a chunk, with an optional weight ≥ 0 per value; nothing changes if a value or a
   * weight is bad (the error names it).
   */
  addAll(data: ArrayLike<number>, sampleWeight?: ArrayLike<number>): this {
    const where = "CategoricalStats.addAll";
    const xs = requireData(where, data);
    return this.addAllChecked(where, xs, readSampleWeight(where, sampleWeight, xs.length));
  }

  /**
   * @internal Counts a validated chunk: values are read once (copied when the data is not a
   * typed array, so a getter cannot change them between the check and the count), checked to be
   * categories (below `k` when given), and only then counted.
   */
  addAllChecked(where: string, data: ArrayLike<number>, given: Float64Array | null, k?: number): this {
    const limit = k ?? MAX_CATEGORIES;
    const xs = ArrayBuffer.isView(data) ? data : copyValues(where, data);
    // Weights are relative: in the statistics' units, as the kernel holds them.
    const rel = relativeWeights(given, xs.length, this.kernel.weightExponent, this.n);
    const w = rel.sampleWeight;
    // One pass, into a copy of the counts (K numbers, not n): countCategories stops at the first
    // value that is not a category below the table's length; a valid code beyond it widens the
    // copy and the count goes on from there, anything else throws with the live counts untouched.
    let counts = this.c.slice();
    let from = 0;
    while (from < xs.length) {
      const i = w === null ? countCategories(xs, counts, from) : countWeighted(xs, w, counts, from);
      if (i < 0) break;
      const x = xs[i]!;
      if (!isCategory(x)) {
        throw new RangeError(
          `${where}: data[${i}] must be an integer category >= 0, got ${describe(x)} (categories are below ${MAX_CATEGORIES})`,
        );
      }
      if (x >= limit)
        throw new RangeError(`${where}: k = ${limit}, but category ${x} occurs in the data, at data[${i}]`);
      const wider = new Float64Array(Math.min(limit, Math.max(x + 1, 2 * counts.length)));
      wider.set(counts);
      counts = wider;
      from = i;
    }
    // Trim the doubling's spare room: K is the largest category seen + 1 (or what it was).
    let top = counts.length;
    while (top > this.c.length && counts[top - 1] === 0) top--;
    if (top < counts.length) counts = counts.slice(0, top);
    scaleAll(rel.stored, counts);
    this.c = counts;
    this.n = this.n * rel.stored + totalWeight(w, xs.length);
    this.kernel.weightExponent = rel.exponent;
    return this;
  }

  /** Adds the counts of `other` (widening to its categories); `other` is unchanged. */
  merge(other: CategoricalStats): this {
    if (!hasBrand(other, "CategoricalStats"))
      throw new TypeError("CategoricalStats.merge: other must be a CategoricalStats");
    this.kernel.merge(other.kernel);
    return this;
  }

  /** An independent copy. */
  clone(): CategoricalStats {
    return new CategoricalStats().merge(this);
  }

  /** `{ type: "CategoricalStats", counts }` (with `weightExponent` when the weights need it). */
  toJSON(): { type: "CategoricalStats"; counts: number[]; weightExponent?: number } {
    const json = { type: "CategoricalStats" as const, counts: Array.from(this.c) };
    const e = this.kernel.weightExponent;
    return e === 0 ? json : { ...json, weightExponent: e };
  }
}

/** The Categorical's scalar estimators (scalar-fit.ts): p_j = (n_j + α) / (n + αK). */
const CATEGORICAL: ScalarFamily<CategoricalStats, Categorical, { k: number | undefined; alpha: number }> = {
  name: "Categorical",
  statsType: "CategoricalStats",
  options: ["k", "alpha"],
  readOptions: fitOptions,
  createStats: (o) => new CategoricalStats(o.k ?? 0),
  add: (stats, where, xs, w, o) => void stats.addAllChecked(where, xs, w, o.k),
  estimate: (where, stats, o, empty) => estimate(where, stats, o, empty),
  statsFromJSON(where, o) {
    if (!Array.isArray(o.counts)) throw new TypeError(`${where}: counts must be an array`);
    const s = new CategoricalStats(o.counts as number[]);
    s.kernel.weightExponent = weightExponentFromJSON(`${where}: weightExponent`, o.weightExponent);
    return s;
  },
};
