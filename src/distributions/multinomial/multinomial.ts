import { hasBrand } from "../../core/brand.js";
import { requireJsonType } from "../../core/distribution.js";
import { logFactorial, logPoissonTerm } from "../../core/gamma.js";
import { MAX_DIMENSION, MAX_RESULT_SIZE } from "../../core/limits.js";
import { Matrix, outputMatrix, requireNoAlias } from "../../core/matrix.js";
import { readOptions } from "../../core/options.js";
import { requireRng, type Rng } from "../../core/rng.js";
import { accumulateRows, type AsyncFitOptions, type ChunkSource, type RowsChunk } from "../../core/source.js";
import { describe, requireData, requireInteger, requireNonNegative, requireSize } from "../../core/validate.js";
import { readSampleWeight } from "../../core/weights.js";
import { badCount, CountRows, isCount, type CountMatrix } from "./count-rows.js";
import { fillMultinomial, multinomialTails } from "./sampler.js";
import { MultinomialStats } from "./stats.js";

/**
 * Options of {@link Multinomial.fit} and {@link Multinomial.fromStats}.
 *
 * @example
 * ```ts
 * Multinomial.fit([[3, 0]], { alpha: 1 }).probs; // Float64Array [0.8, 0.2] = (3 + 1, 0 + 1) / (3 + 2)
 * ```
 */
export interface MultinomialFitOptions {
  /**
   * A pseudo-count α ≥ 0 added to every category: θ_j = (Σ w·x_j + α) / (Σ w·n + α·d), the
   * posterior mean under a symmetric Dirichlet(α + 1) prior (scikit-learn's MultinomialNB
   * `alpha`). Default 0, the MLE, where a category never seen gets probability 0.
   */
  alpha?: number;
  /** Multinomial.fit: a frequency weight ≥ 0 per row (default 1 each). */
  sampleWeight?: ArrayLike<number>;
}

/**
 * Options of {@link Multinomial.sample}.
 *
 * @example
 * ```ts
 * const options: MultinomialSampleOptions = { trials: [120, 80] }; // two documents, of 120 and 80 words
 * ```
 */
export interface MultinomialSampleOptions {
  /** n, the number of trials of each draw (an integer ≥ 0), or one per row drawn. */
  trials: number | ArrayLike<number>;
}

/**
 * What {@link Multinomial.toJSON} writes.
 *
 * @example
 * ```ts
 * const json: MultinomialJSON = { type: "Multinomial", version: 1, probs: [0.25, 0.75] };
 * Multinomial.fromJSON(json).dimension; // 2
 * ```
 */
export interface MultinomialJSON {
  /** Always `"Multinomial"`. */
  type: "Multinomial";
  /** The format version, 1. */
  version: 1;
  /** The category probabilities. */
  probs: number[];
}

// Probabilities may be given rounded (e.g. [0.1, 0.2, 0.7] sums to 0.9999999999999999).
const SUM_TOLERANCE = 1e-9;
/** The largest number of trials: counts stay exact integers below 2⁵³. */
const MAX_TRIALS = Number.MAX_SAFE_INTEGER;
/** Rows of up to this many trials are scored by the direct sum (see countRowLogProb). */
const DIRECT_TRIALS = 256;
/** Below this count and rate, a Poisson term is summed directly (its parts are below ~150). */
const SMALL_TERM = 32;

/**
 * log P(x) of one row given as its non-zero cells (`length` of them), for probabilities `probs`:
 *
 *   log n! − Σ log x_j! + Σ x_j log θ_j
 *     = Σ_j log Pois(x_j; n·θ_j) − log Pois(n; n) + n·(Σ_{x_j > 0} θ_j − 1),
 *
 * the identity between the multinomial and independent Poisson counts conditioned on their sum.
 * Each Poisson term is Loader's saddle-point form, so no term of size n log n is cancelled
 * against another: the result keeps its digits where n is 10⁹ and the log-mass is −20. Zero
 * cells contribute only through the last term, so a row costs O(nnz).
 *
 * Rows of at most DIRECT_TRIALS = 256 trials take the direct sum
 * log n! − Σ (log x_j! − x_j log θ_j) with table factorials, several times cheaper: its terms
 * are at most n log n ≈ 1420, so its rounding stays near 1e-13 relative even for the likeliest
 * rows, whose log-mass is only ≈ −½ (d − 1) log n (measured against this saddle-point form:
 * 1.6e-13 at worst over 2000 such rows; at n = 1024 it would be 6.6e-13, hence the limit).
 * @internal
 */
export function countRowLogProb(
  indices: Int32Array,
  values: Float64Array,
  length: number,
  probs: Float64Array,
  logProbs: Float64Array,
): number {
  let n = 0;
  for (let k = 0; k < length; k++) n += values[k]!;
  if (n === 0) return 0;
  if (n <= DIRECT_TRIALS) {
    let direct = logFactorial(n);
    for (let k = 0; k < length; k++) {
      const x = values[k]!;
      const lp = logProbs[indices[k]!]!;
      if (lp === -Infinity) return -Infinity;
      direct += x * lp - logFactorial(x);
    }
    return direct;
  }
  let sum = 0;
  let sumLow = 0;
  let mass = 0;
  let massLow = 0;
  const logN = Math.log(n);
  for (let k = 0; k < length; k++) {
    const j = indices[k]!;
    const p = probs[j]!;
    if (p === 0) return -Infinity;
    const x = values[k]!;
    const rate = n * p;
    // Small counts at small rates (most cells of a document) have no cancellation to fear:
    // x log λ − λ − log x! with log λ = log n + log θ_j and a table factorial, no log per cell.
    const term =
      x < SMALL_TERM && rate < SMALL_TERM
        ? x * (logN + logProbs[j]!) - rate - logFactorial(x)
        : logPoissonTerm(x, rate);
    let t = sum + term;
    sumLow += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
    t = mass + p;
    massLow += mass >= p ? mass - t + p : p - t + mass;
    mass = t;
  }
  // mass − 1 is exact when mass is in [½, 2] (Sterbenz); its low part carries the rest.
  return sum + sumLow - logPoissonTerm(n, n) + n * (mass - 1 + massLow);
}

/**
 * log n! − Σ log x_j!, the multinomial coefficient of one row given as its non-zero cells: the
 * part of log P(x) that does not depend on θ. A model scoring one row under C classes or
 * components may add it once to Σ x_j log θ_cj per class (C·nnz multiply-adds) instead of
 * calling {@link countRowLogProb} per class; that sum cancels terms of size n log n, so it keeps
 * ~1e-16·n log n absolute accuracy rather than countRowLogProb's relative accuracy, which only
 * matters for rows of millions of counts.
 * @internal
 */
export function logMultinomialCoefficient(values: Float64Array, length: number): number {
  let n = 0;
  let s = 0;
  for (let k = 0; k < length; k++) {
    const x = values[k]!;
    n += x;
    s += logFactorial(x);
  }
  return logFactorial(n) - s;
}

/** The brand of a Multinomial: `Symbol.for` keeps its type a unique symbol. */
const MULTINOMIAL_BRAND: unique symbol = Symbol.for("ptheta.Multinomial");

/**
 * The multinomial distribution over count vectors x = (x_0, …, x_{d−1}) with n = Σ x_j trials:
 *
 *   P(x) = n! / (x_0! ⋯ x_{d−1}!) · θ_0^x_0 ⋯ θ_{d−1}^x_{d−1}
 *
 * The number of trials is not a parameter: each row carries its own n (a document its length),
 * and the probabilities over all count vectors with the same n sum to 1. This is the joint
 * family of bag-of-words text: the Naive Bayes people run on spam (scikit-learn's MultinomialNB)
 * and the mixture of multinomials that clusters topics. Rows may be dense or a
 * {@link SparseMatrix}, read in O(nnz).
 *
 * @example
 * ```ts
 * const words = new Multinomial([0.5, 0.3, 0.2]);
 * words.prob([1, 1, 0]); // 0.3 = 2!/(1! 1! 0!) · 0.5 · 0.3
 * Multinomial.fit([[3, 1, 0], [1, 1, 2]]).probs; // Float64Array [0.5, 0.25, 0.25]
 * ```
 */
export class Multinomial {
  /** @internal The brand that identifies a Multinomial from any copy of ptheta (core/brand.ts). */
  get [MULTINOMIAL_BRAND](): true {
    return true;
  }

  private readonly p: Float64Array;
  private readonly logP: Float64Array;
  /** Tail sums of the probabilities, for the sampler; built on first use. */
  private tails: Float64Array | null = null;

  /**
   * @param probs - θ, d ≥ 1 probabilities ≥ 0 that sum to 1 (within 1e-9); stored as given. A
   *   category of probability 0 never occurs.
   */
  constructor(probs: ArrayLike<number>) {
    const where = "Multinomial: probs";
    const xs = requireData("Multinomial", probs, "probs");
    if (xs.length === 0) throw new RangeError(`${where} must hold at least one category`);
    if (xs.length > MAX_DIMENSION)
      throw new RangeError(`${where} has ${xs.length} categories, above MAX_DIMENSION = 2^24`);
    const p = new Float64Array(xs.length);
    let sum = 0;
    for (let j = 0; j < xs.length; j++) {
      p[j] = requireNonNegative(`${where}[${j}]`, xs[j]) + 0; // −0 → 0, as JSON stores it
      sum += p[j]!;
    }
    if (!(Math.abs(sum - 1) <= SUM_TOLERANCE))
      throw new RangeError(`${where} must sum to 1, got a sum of ${describe(sum)}`);
    this.p = p;
    this.logP = p.map(Math.log);
  }

  /** θ, the probability of each category (a copy). */
  get probs(): Float64Array {
    return this.p.slice();
  }

  /** d, the number of categories. */
  get dimension(): number {
    return this.p.length;
  }

  /**
   * E[x] = n·θ for n trials.
   *
   * @example
   * ```ts
   * new Multinomial([0.25, 0.75]).mean(8); // Float64Array [2, 6]
   * ```
   */
  mean(trials: number): Float64Array {
    const n = requireInteger("Multinomial.mean: trials", trials, 0);
    return this.p.map((p) => n * p);
  }

  /**
   * Var[x_j] = n·θ_j·(1 − θ_j) for n trials (the diagonal of the covariance n(diag θ − θθᵀ)).
   *
   * @example
   * ```ts
   * new Multinomial([0.25, 0.75]).variance(8); // Float64Array [1.5, 1.5]
   * ```
   */
  variance(trials: number): Float64Array {
    const n = requireInteger("Multinomial.variance: trials", trials, 0);
    return this.p.map((p) => n * p * (1 - p));
  }

  /**
   * log P(x) for one vector of counts (d integers ≥ 0), the coefficient log n! − Σ log x_j!
   * included; −Infinity if a category of probability 0 has a count.
   *
   * @throws TypeError/RangeError for a wrong length or a count that is not an integer ≥ 0,
   *   naming its index.
   */
  logProb(counts: ArrayLike<number>): number {
    const where = "Multinomial.logProb";
    const xs = requireData(where, counts, "counts");
    const d = this.p.length;
    if (xs.length !== d)
      throw new RangeError(`${where}: counts has ${xs.length} values but the distribution has ${d} categories`);
    const indices = new Int32Array(d);
    const values = new Float64Array(d);
    let m = 0;
    for (let j = 0; j < d; j++) {
      const x = xs[j]!;
      if (!isCount(x)) throw badCount(where, `counts[${j}]`, x);
      if (x !== 0) {
        indices[m] = j;
        values[m++] = x;
      }
    }
    return countRowLogProb(indices, values, m, this.p, this.logP);
  }

  /** P(x) = exp(logProb(x)). */
  prob(counts: ArrayLike<number>): number {
    return Math.exp(this.logProb(counts));
  }

  /**
   * log P(x_i) for every row of X (dense rows or a SparseMatrix, read in O(nnz)), into `out`
   * when given (it must not share memory with X).
   *
   * @example
   * ```ts
   * new Multinomial([0.5, 0.5]).logLikelihoodPerRow([[1, 0], [1, 1]]); // Float64Array [log ½, log ½]
   * ```
   */
  logLikelihoodPerRow(X: CountMatrix, out?: Float64Array): Float64Array {
    const where = "Multinomial.logLikelihoodPerRow";
    const rows = new CountRows(where, X, this.p.length);
    if (out !== undefined) requireNoAlias(where, out, X);
    const result = outputMatrix(where, rows.rows, 1, out, "columns").data;
    for (let i = 0; i < rows.rows; i++) {
      rows.next();
      result[i] = countRowLogProb(rows.indices, rows.values, rows.length, this.p, this.logP);
    }
    return result;
  }

  /** Σ_i log P(x_i) over the rows of X (summed with compensation); −Infinity if a row is impossible. */
  logLikelihood(X: CountMatrix): number {
    const where = "Multinomial.logLikelihood";
    const rows = new CountRows(where, X, this.p.length);
    let sum = 0;
    let low = 0;
    for (let i = 0; i < rows.rows; i++) {
      rows.next();
      const term = countRowLogProb(rows.indices, rows.values, rows.length, this.p, this.logP);
      if (term === -Infinity) return -Infinity;
      const t = sum + term;
      low += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
      sum = t;
    }
    return sum + low;
  }

  /**
   * One vector of counts with `trials` trials, or `n` of them as the rows of a Matrix (`trials`
   * then one number for all, or one per row). Each draw is exact, by conditional binomials, and
   * costs O(d) whatever the number of trials.
   *
   * @example
   * ```ts
   * const bag = new Multinomial([0.7, 0.2, 0.1]);
   * bag.sample(createRng(1), { trials: 10 }).reduce((a, b) => a + b); // 10
   * bag.sample(createRng(1), 3, { trials: [5, 10, 20] }).rows; // 3
   * ```
   */
  sample(rng: Rng, options: MultinomialSampleOptions): Float64Array;
  sample(rng: Rng, n: number, options: MultinomialSampleOptions): Matrix;
  sample(
    rng: Rng,
    nOrOptions: number | MultinomialSampleOptions,
    maybeOptions?: MultinomialSampleOptions,
  ): Float64Array | Matrix {
    const where = "Multinomial.sample";
    requireRng(where, rng);
    const single = typeof nOrOptions !== "number";
    const n = single ? 1 : requireSize(`${where}: n`, nOrOptions);
    const o = readOptions(where, single ? nOrOptions : maybeOptions, ["trials"]);
    const d = this.p.length;
    if (n * d > MAX_RESULT_SIZE) {
      throw new RangeError(`${where}: ${n} rows × ${d} categories = ${n * d} values, more than MAX_RESULT_SIZE = 2^30`);
    }
    const trials = readTrials(where, o.trials, single ? null : n);
    const out = new Float64Array(n * d);
    this.tails ??= multinomialTails(this.p);
    for (let i = 0; i < n; i++) fillMultinomial(rng, this.p, this.tails, trials(i), out, i * d, where);
    return single ? out : new Matrix(out, n, d);
  }

  /** `{ type: "Multinomial", version: 1, probs }`; `Multinomial.fromJSON` restores it exactly. */
  toJSON(): MultinomialJSON {
    return { type: "Multinomial", version: 1, probs: Array.from(this.p) };
  }

  /**
   * The family and its probabilities (the first eight).
   *
   * @example
   * ```ts
   * new Multinomial([0.25, 0.75]).toString(); // "Multinomial(probs=[0.25, 0.75])"
   * ```
   */
  toString(): string {
    const shown = Array.from(this.p.subarray(0, 8), (v) => String(Number(v.toPrecision(6))));
    if (this.p.length > 8) shown.push(`… ${this.p.length - 8} more`);
    return `Multinomial(probs=[${shown.join(", ")}])`;
  }

  /** @internal Node's console.log and util.inspect use this. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** Rebuilds a Multinomial from `toJSON()` output (validated like the constructor). */
  static fromJSON(json: unknown): Multinomial {
    const where = "Multinomial.fromJSON";
    const o = requireJsonType(where, json, "Multinomial");
    if (o.version !== 1) throw new RangeError(`${where}: unsupported version ${describe(o.version)}; expected 1`);
    if (!Array.isArray(o.probs)) throw new TypeError(`${where}: probs must be an array, got ${describe(o.probs)}`);
    return new Multinomial(o.probs as number[]);
  }

  /**
   * The estimate θ_j = (Σ_i w_i x_ij + α) / (Σ_i w_i n_i + α·d) from a matrix of counts (dense
   * rows or a SparseMatrix), n_i the row's total. With α = 0 (the default) this is the MLE, and
   * a category whose counts are all 0 gets probability 0.
   *
   * @throws on no rows, a count that is not an integer ≥ 0 (naming its cell), a bad weight
   *   (naming its index), or nothing counted (every row 0 or weighted 0) with α = 0.
   */
  static fit(X: CountMatrix, options?: MultinomialFitOptions): Multinomial {
    const where = "Multinomial.fit";
    const o = readOptions(where, options, ["alpha", "sampleWeight"]);
    const rows = new CountRows(where, X);
    if (rows.rows === 0) throw new RangeError(`${where}: X has no rows; at least one is needed`);
    const weights = readSampleWeight(where, o.sampleWeight, rows.rows);
    const alpha = readAlpha(where, o.alpha);
    const stats = new MultinomialStats().addRows(where, rows, weights);
    return estimate(where, stats, alpha);
  }

  /**
   * The estimate from counts read chunk by chunk from `source` (any Iterable or AsyncIterable of
   * matrices, dense or sparse, or `{ X, sampleWeight }`), in constant memory. Equals `fit` of all
   * the rows. A bad count names its chunk and cell; an error thrown by the source propagates.
   *
   * @example
   * ```ts
   * (await Multinomial.fitAsync([[[3, 1, 0]], [[1, 1, 2]]])).probs; // Float64Array [0.5, 0.25, 0.25]
   * ```
   */
  static async fitAsync(
    source: ChunkSource<RowsChunk | CountMatrix>,
    options?: Omit<MultinomialFitOptions, "sampleWeight"> & AsyncFitOptions,
  ): Promise<Multinomial> {
    const where = "Multinomial.fitAsync";
    const o = readOptions(where, options, ["alpha", "onProgress"]);
    const alpha = readAlpha(where, o.alpha);
    const stats = new MultinomialStats();
    await accumulateRows(where, source, o.onProgress, (X, sampleWeight, chunkWhere) => {
      const rows = new CountRows(chunkWhere, X);
      stats.addRows(chunkWhere, rows, readSampleWeight(chunkWhere, sampleWeight, rows.rows));
      return rows.rows;
    });
    return estimate(where, stats, alpha);
  }

  /**
   * Empty mergeable sufficient statistics (the total weight and Σ w·x_j per category), for
   * `dimension` categories or as many as the first rows added have.
   */
  static stats(dimension?: number): MultinomialStats {
    return new MultinomialStats(dimension);
  }

  /** The estimate from sufficient statistics; equals `Multinomial.fit` of all the rows. */
  static fromStats(stats: MultinomialStats, options?: Omit<MultinomialFitOptions, "sampleWeight">): Multinomial {
    const where = "Multinomial.fromStats";
    if (!hasBrand(stats, "MultinomialStats")) throw new TypeError(`${where}: stats must be a MultinomialStats`);
    const o = readOptions(where, options, ["alpha"]);
    return estimate(where, stats, readAlpha(where, o.alpha));
  }

  /** Rebuilds statistics from `MultinomialStats.toJSON()` output, validated. */
  static statsFromJSON(json: unknown): MultinomialStats {
    return MultinomialStats.fromJSON("Multinomial.statsFromJSON", json);
  }
}

function readAlpha(where: string, alpha: unknown): number {
  return alpha === undefined ? 0 : requireNonNegative(`${where}: alpha`, alpha);
}

/** θ_j = (S_j + α) / (Σ S + α·d), with Σ S summed with compensation. */
function estimate(where: string, stats: MultinomialStats, alpha: number): Multinomial {
  const sums = stats.rawSums;
  const d = sums.length;
  if (d === 0) throw new RangeError(`${where}: the statistics are empty; add rows first`);
  let total = 0;
  let low = 0;
  for (let j = 0; j < d; j++) {
    const v = sums[j]!;
    const t = total + v;
    low += total >= v ? total - t + v : v - t + total;
    total = t;
  }
  const denominator = total + low + alpha * d;
  if (!(denominator > 0)) {
    throw new RangeError(
      `${where}: no counts to estimate from (every row is all zeros or has weight 0) and alpha is 0; add data or smooth with alpha > 0`,
    );
  }
  const probs = new Float64Array(d);
  for (let j = 0; j < d; j++) probs[j] = (sums[j]! + alpha) / denominator;
  return new Multinomial(probs);
}

/** The trials of draw i: one number for all, or one per row (validated up front). */
function readTrials(where: string, value: unknown, n: number | null): (i: number) => number {
  const name = `${where}: trials`;
  if (typeof value === "number" || n === null) {
    if (value === undefined) throw new TypeError(`${name} is required: { trials: n }, the number of trials per draw`);
    const t = requireInteger(name, value, 0);
    if (t > MAX_TRIALS) throw new RangeError(`${name} must be at most 2^53 - 1, got ${describe(t)}`);
    return () => t;
  }
  if (value === undefined) throw new TypeError(`${name} is required: { trials: n } or one number per row`);
  const ts = requireData(where, value, "trials");
  if (ts.length !== n) throw new RangeError(`${name} has ${ts.length} values but n = ${n} rows are drawn`);
  const copy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    if (!(isCount(t) && t <= MAX_TRIALS))
      throw new RangeError(`${where}: trials[${i}] is ${describe(t)}; it must be an integer in [0, 2^53 - 1]`);
    copy[i] = t;
  }
  return (i) => copy[i]!;
}
