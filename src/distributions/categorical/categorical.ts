import { AliasTable } from "../../core/alias.js";
import { requireJsonType, type Distribution, type SufficientStats } from "../../core/distribution.js";
import { logSumExp } from "../../core/log-space.js";
import type { Rng } from "../../core/rng.js";
import {
  describe,
  requireArgument,
  requireData,
  requireInteger,
  requireNoNaN,
  requireNonNegative,
  sampleBuffer,
} from "../../core/validate.js";

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
}

// Probabilities may be given rounded (e.g. [0.1, 0.2, 0.7] sums to 0.9999999999999999).
const SUM_TOLERANCE = 1e-9;

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
  /** K, the number of categories. */
  readonly k: number;
  private readonly p: Float64Array;
  private readonly logP: Float64Array;
  // Set when built from logits: JSON then carries the log-probabilities, which may hold more.
  private readonly fromLogs: boolean;
  private alias: AliasTable | undefined;

  /** @param probs - K ≥ 1 finite non-negative probabilities summing to 1 (within 1e-9). */
  constructor(probs: ArrayLike<number>) {
    const k = categoryCount("Categorical: probs", probs);
    const p = new Float64Array(k);
    let sum = 0;
    for (let j = 0; j < k; j++) {
      p[j] = requireNonNegative(`Categorical: probs[${j}]`, probs[j]) + 0; // −0 → 0, as JSON stores it
      sum += p[j]!;
    }
    if (!(Math.abs(sum - 1) <= SUM_TOLERANCE)) {
      throw new RangeError(`Categorical: probs must sum to 1, got a sum of ${describe(sum)}`);
    }
    const logP = new Float64Array(k);
    for (let j = 0; j < k; j++) logP[j] = Math.log(p[j]!);
    this.k = k;
    this.p = p;
    this.logP = logP;
    this.fromLogs = false;
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
    return Categorical.fromLogProbs(logP);
  }

  // Builds around already-normalised log-probabilities, bypassing the constructor's
  // probability checks (fromLogits and fromJSON have validated them).
  private static fromLogProbs(logP: Float64Array): Categorical {
    const c = Object.create(Categorical.prototype) as Categorical;
    return Object.assign(c, { k: logP.length, logP, p: logP.map(Math.exp), fromLogs: true, alias: undefined });
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

  /** P(X = x). */
  prob(x: number): number {
    requireArgument("Categorical.prob", x);
    return Math.exp(this.logProb(x));
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
    if (n === undefined) {
      const u = rng.next();
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
    for (let i = 0; i < n; i++) result[i] = table.sample(rng);
    return result;
  }

  /**
   * `{ type: "Categorical", probs }`, or `{ type: "Categorical", logProbs }` when built from
   * logits; `Categorical.fromJSON` restores either exactly.
   */
  toJSON(): { type: "Categorical"; probs: number[] } | { type: "Categorical"; logProbs: number[] } {
    return this.fromLogs
      ? { type: "Categorical", logProbs: Array.from(this.logP) }
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
    const o = requireJsonType("Categorical.fromJSON", json, "Categorical");
    if (Array.isArray(o.logProbs)) {
      const logP = Float64Array.from(o.logProbs as number[]);
      // Re-validate: log-probabilities must be a normalised distribution.
      Categorical.fromLogits(logP);
      return Categorical.fromLogProbs(logP);
    }
    return new Categorical(o.probs as number[]);
  }

  /**
   * The maximum-likelihood (α = 0) or smoothed estimate p_j = (n_j + α) / (n + αK).
   *
   * @throws on empty data, or a value that is not an integer in 0..K−1 (naming its index).
   */
  static fit(data: ArrayLike<number>, options: CategoricalFitOptions = {}): Categorical {
    const xs = requireData("Categorical.fit", data);
    if (xs.length === 0) throw new RangeError("Categorical.fit: data is empty; at least one value is needed");
    const opts = fitOptions("Categorical.fit", options);
    const stats = new CategoricalStats(opts.k ?? 0);
    stats.addAllChecked("Categorical.fit", xs);
    return estimate("Categorical.fit", stats, opts);
  }

  /** Empty mergeable sufficient statistics: a count per category (grows as categories appear). */
  static stats(k = 0): CategoricalStats {
    return new CategoricalStats(k);
  }

  /**
   * The estimate from sufficient statistics; equals `Categorical.fit` of all the data.
   * `options.k` may only widen the categories seen.
   */
  static fromStats(stats: CategoricalStats, options: CategoricalFitOptions = {}): Categorical {
    if (!(stats instanceof CategoricalStats))
      throw new TypeError("Categorical.fromStats: stats must be a CategoricalStats");
    return estimate("Categorical.fromStats", stats, fitOptions("Categorical.fromStats", options));
  }

  /** Rebuilds statistics from `CategoricalStats.toJSON()` output. */
  static statsFromJSON(json: unknown): CategoricalStats {
    const o = requireJsonType("Categorical.statsFromJSON", json, "CategoricalStats");
    if (!Array.isArray(o.counts)) throw new TypeError("Categorical.statsFromJSON: counts must be an array");
    return new CategoricalStats(o.counts as number[]);
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

/** Validates the fit options: k an integer ≥ 1 when given, alpha ≥ 0 (default 0). */
function fitOptions(where: string, options: CategoricalFitOptions): { k: number | undefined; alpha: number } {
  if (options === null || typeof options !== "object") throw new TypeError(`${where}: options must be an object`);
  return {
    k: options.k === undefined ? undefined : requireInteger(`${where}: k`, options.k, 1),
    alpha: options.alpha === undefined ? 0 : requireNonNegative(`${where}: alpha`, options.alpha),
  };
}

/** p_j = (n_j + α) / (n + αK) from the counts, K = k or the categories seen. */
function estimate(
  where: string,
  stats: CategoricalStats,
  options: { k: number | undefined; alpha: number },
): Categorical {
  const { alpha } = options;
  const seen = stats.k;
  const k = options.k ?? seen;
  if (k < seen) throw new RangeError(`${where}: k = ${k}, but category ${seen - 1} occurs in the data`);
  if (k === 0) throw new RangeError(`${where}: no data and no k; give data or k`);
  const total = stats.count + alpha * k;
  if (!(total > 0)) throw new RangeError(`${where}: the statistics are empty and alpha is 0; add data or smooth`);
  const probs = new Float64Array(k);
  const counts = stats.counts;
  for (let j = 0; j < k; j++) probs[j] = ((j < seen ? counts[j]! : 0) + alpha) / total;
  return new Categorical(probs);
}

/** An integer category the statistics can hold: 0 ≤ x < 2³¹. */
function isCategory(x: number): boolean {
  return x >>> 0 === x && x < 2 ** 31;
}

function categoryCount(where: string, values: unknown): number {
  const xs = requireData(where, values);
  if (xs.length === 0) throw new RangeError(`${where} must hold at least one category`);
  return xs.length;
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
  private c: Float64Array; // the count of each category
  private n: number; // Σ c, kept so `count` is O(1)

  /**
   * Empty statistics over `k` categories to start with (more appear as they are seen), or the
   * given counts per category (whole numbers ≥ 0, validated).
   */
  constructor(kOrCounts: number | ArrayLike<number> = 0) {
    if (typeof kOrCounts === "number") {
      this.c = new Float64Array(requireInteger("CategoricalStats: k", kOrCounts, 0));
      this.n = 0;
      return;
    }
    const counts = requireData("CategoricalStats: counts", kOrCounts);
    this.c = new Float64Array(counts.length);
    this.n = 0;
    for (let j = 0; j < counts.length; j++) {
      this.c[j] = requireInteger(`CategoricalStats: counts[${j}]`, counts[j], 0);
      this.n += this.c[j]!;
    }
  }

  /** The number of categories tracked: at least the largest seen + 1. */
  get k(): number {
    return this.c.length;
  }

  /** The number of observations. */
  get count(): number {
    return this.n;
  }

  /** A copy of the count of each category 0..k−1. */
  get counts(): Float64Array {
    return this.c.slice();
  }

  private grow(k: number): void {
    if (k <= this.c.length) return;
    const wider = new Float64Array(k);
    wider.set(this.c);
    this.c = wider;
  }

  /** Adds one observation, an integer category ≥ 0. */
  add(x: number): this {
    if (!isCategory(x)) throw new RangeError(`CategoricalStats.add: x must be an integer >= 0, got ${describe(x)}`);
    this.grow(x + 1);
    this.c[x]!++;
    this.n++;
    return this;
  }

  /** Adds a chunk; nothing changes if any value is not an integer ≥ 0 (the error names it). */
  addAll(data: ArrayLike<number>): this {
    return this.addAllChecked("CategoricalStats.addAll", requireData("CategoricalStats.addAll", data));
  }

  /** @internal Counts a chunk in one pass; on a bad value undoes what it counted and throws. */
  addAllChecked(where: string, xs: ArrayLike<number>): this {
    const originalK = this.c.length;
    let counts = this.c;
    let i = countCategories(xs, counts, 0);
    while (i >= 0) {
      const x = xs[i]!;
      if (!isCategory(x)) {
        for (let j = 0; j < i; j++) counts[xs[j]!]!--;
        this.c = counts.length === originalK ? counts : counts.slice(0, originalK);
        throw new RangeError(`${where}: data[${i}] must be an integer category >= 0, got ${describe(x)}`);
      }
      // A new category beyond the counts so far: widen (at least doubling) and go on from here.
      const wider = new Float64Array(Math.max(x + 1, 2 * counts.length));
      wider.set(counts);
      counts = wider;
      i = countCategories(xs, counts, i);
    }
    // Trim the doubling's spare room: k is the largest category seen + 1 (or what it was).
    let k = counts.length;
    while (k > originalK && counts[k - 1] === 0) k--;
    this.c = k === counts.length ? counts : counts.slice(0, k);
    this.n += xs.length;
    return this;
  }

  /** Adds the counts of `other` (widening to its categories); `other` is unchanged. */
  merge(other: CategoricalStats): this {
    if (!(other instanceof CategoricalStats))
      throw new TypeError("CategoricalStats.merge: other must be a CategoricalStats");
    this.grow(other.c.length);
    for (let j = 0; j < other.c.length; j++) this.c[j]! += other.c[j]!;
    this.n += other.n;
    return this;
  }

  /** An independent copy. */
  clone(): CategoricalStats {
    return new CategoricalStats(this.c);
  }

  /** `{ type: "CategoricalStats", counts }`. */
  toJSON(): { type: "CategoricalStats"; counts: number[] } {
    return { type: "CategoricalStats", counts: Array.from(this.c) };
  }
}
