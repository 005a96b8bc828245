/**
 * Sufficient statistics of multinomial data: the total weight of the rows and, per category,
 * the weighted sum of its counts. Plain sums, so merging is addition: exact in any order and any
 * split for integer counts and weights (below 2⁵³).
 */

import { brand, hasBrand } from "../../core/brand.js";
import { requireJsonType } from "../../core/distribution.js";
import { MAX_DIMENSION } from "../../core/limits.js";
import { describe, requireData, requireNonNegative, requireSize } from "../../core/validate.js";
import { readSampleWeight, totalWeight } from "../../core/weights.js";
import { badCount, CountRows, isCount, type CountMatrix } from "./count-rows.js";

/**
 * Adds Σ_i w_i x_ij to `sums[offset + j]` for every row of `rows` (weights null: 1 each), in
 * O(nnz): the accumulation a model runs per class or component, with w its one-hot labels,
 * responsibilities or sample weights. `rows` is read from its current position to its end.
 * @internal
 */
export function addCountRows(rows: CountRows, weights: Float64Array | null, sums: Float64Array, offset = 0): void {
  for (let i = 0; i < rows.rows; i++) {
    rows.next();
    const w = weights === null ? 1 : weights[i]!;
    if (w === 0) continue;
    const idx = rows.indices;
    const val = rows.values;
    for (let k = 0; k < rows.length; k++) sums[offset + idx[k]!]! += w * val[k]!;
  }
}

/**
 * What {@link MultinomialStats.toJSON} writes.
 *
 * @example
 * ```ts
 * const json: MultinomialStatsJSON = { type: "MultinomialStats", version: 1, count: 2, sums: [3, 1] };
 * Multinomial.statsFromJSON(json).count; // 2
 * ```
 */
export interface MultinomialStatsJSON {
  /** Always `"MultinomialStats"`. */
  type: "MultinomialStats";
  /** The format version, 1. */
  version: 1;
  /** The total weight of the rows. */
  count: number;
  /** Σ w·x_j per category (empty before the first row). */
  sums: number[];
}

const MULTINOMIAL_STATS = brand("MultinomialStats");

/**
 * Mergeable sufficient statistics of the multinomial: the total weight of the rows seen
 * (`count`) and the weighted count of each category (`sums`). The number of categories is set by
 * the first rows added (or given up front); rows of another width are refused.
 *
 * @example
 * ```ts
 * const s = Multinomial.stats().addAll([[2, 0, 1]]).merge(Multinomial.stats().addAll([[0, 1, 1]]));
 * s.sums; // Float64Array [2, 1, 2]
 * Multinomial.fromStats(s).probs; // Float64Array [0.4, 0.2, 0.4]
 * ```
 */
export class MultinomialStats {
  /** @internal The brand that identifies MultinomialStats from any copy of ptheta. */
  readonly [MULTINOMIAL_STATS] = true;
  private n = 0;
  private s: Float64Array;

  /** Empty statistics, for `dimension` categories (0: set by the first rows added). */
  constructor(dimension = 0) {
    const d = requireSize("MultinomialStats: dimension", dimension, MAX_DIMENSION);
    this.s = new Float64Array(d);
  }

  /** The total weight of the rows summarised (their number, without weights). */
  get count(): number {
    return this.n;
  }

  /** The number of categories (0 until the first rows are added). */
  get dimension(): number {
    return this.s.length;
  }

  /** Σ w·x_j for each category j (a copy). */
  get sums(): Float64Array {
    return this.s.slice();
  }

  /** Σ w·n, the weighted total of the trials: the sum of `sums`. */
  get totalTrials(): number {
    let t = 0;
    for (let j = 0; j < this.s.length; j++) t += this.s[j]!;
    return t;
  }

  /** @internal The sums themselves, for the estimator (not a copy). */
  get rawSums(): Float64Array {
    return this.s;
  }

  /** Adds one row of counts (integers ≥ 0) with weight w ≥ 0 (default 1). */
  add(counts: ArrayLike<number>, w = 1): this {
    const where = "MultinomialStats.add";
    const xs = requireData(where, counts, "counts");
    for (let j = 0; j < xs.length; j++) if (!isCount(xs[j]!)) throw badCount(where, `counts[${j}]`, xs[j]);
    if (typeof w !== "number" || !(w >= 0 && w < Infinity)) {
      throw new RangeError(`${where}: w must be a finite number >= 0, got ${describe(w)}`);
    }
    this.requireWidth(where, xs.length, "counts has");
    this.n += w;
    for (let j = 0; j < xs.length; j++) this.s[j]! += w * xs[j]!;
    return this;
  }

  /**
   * Adds a matrix of counts (dense rows or a SparseMatrix, read in O(nnz)), with an optional
   * frequency weight ≥ 0 per row; nothing changes if a count or a weight is bad (the error
   * names it).
   */
  addAll(X: CountMatrix, sampleWeight?: ArrayLike<number>): this {
    const where = "MultinomialStats.addAll";
    const rows = new CountRows(where, X);
    return this.addRows(where, rows, readSampleWeight(where, sampleWeight, rows.rows));
  }

  /** @internal addAll once the counts and weights are read and checked. */
  addRows(where: string, rows: CountRows, weights: Float64Array | null): this {
    if (rows.rows === 0) return this;
    this.requireWidth(where, rows.cols, "X has");
    addCountRows(rows, weights, this.s);
    this.n += totalWeight(weights, rows.rows);
    return this;
  }

  private requireWidth(where: string, cols: number, what: string): void {
    if (this.s.length === 0 && this.n === 0) {
      if (cols === 0) throw new RangeError(`${where}: ${what} no columns; a multinomial needs at least one category`);
      if (cols > MAX_DIMENSION) throw new RangeError(`${where}: ${cols} categories, above MAX_DIMENSION = 2^24`);
      this.s = new Float64Array(cols);
    } else if (cols !== this.s.length) {
      throw new RangeError(`${where}: ${what} ${cols} columns but the statistics have ${this.s.length} categories`);
    }
  }

  /** Adds the statistics of `other` (same number of categories, or either empty); `other` is unchanged. */
  merge(other: MultinomialStats): this {
    const where = "MultinomialStats.merge";
    if (!hasBrand(other, "MultinomialStats")) throw new TypeError(`${where}: other must be a MultinomialStats`);
    if (other.s.length === 0) return this;
    if (this.s.length === 0) this.s = new Float64Array(other.s.length);
    else if (other.s.length !== this.s.length) {
      throw new RangeError(
        `${where}: other has ${other.s.length} categories but these statistics have ${this.s.length}`,
      );
    }
    this.n += other.n;
    for (let j = 0; j < this.s.length; j++) this.s[j]! += other.s[j]!;
    return this;
  }

  /** An independent copy. */
  clone(): MultinomialStats {
    const c = new MultinomialStats();
    c.n = this.n;
    c.s = this.s.slice();
    return c;
  }

  /** `{ type: "MultinomialStats", version: 1, count, sums }`; `Multinomial.statsFromJSON` restores it. */
  toJSON(): MultinomialStatsJSON {
    return { type: "MultinomialStats", version: 1, count: this.n, sums: Array.from(this.s) };
  }

  /** @internal Rebuilds statistics from JSON, validated (see `Multinomial.statsFromJSON`). */
  static fromJSON(where: string, json: unknown): MultinomialStats {
    const o = requireJsonType(where, json, "MultinomialStats");
    if (o.version !== 1) throw new RangeError(`${where}: unsupported version ${describe(o.version)}; expected 1`);
    const count = requireNonNegative(`${where}: count`, o.count);
    if (!Array.isArray(o.sums)) throw new TypeError(`${where}: sums must be an array, got ${describe(o.sums)}`);
    const sums = o.sums as unknown[];
    if (sums.length > MAX_DIMENSION)
      throw new RangeError(`${where}: sums has ${sums.length} values, above MAX_DIMENSION`);
    const s = new MultinomialStats(sums.length);
    for (let j = 0; j < sums.length; j++) s.s[j] = requireNonNegative(`${where}: sums[${j}]`, sums[j]) + 0;
    if (count === 0 && s.s.some((v) => v !== 0)) {
      throw new RangeError(`${where}: count is 0 but sums are not all 0`);
    }
    if (count > 0 && sums.length === 0) throw new RangeError(`${where}: count is ${count} but sums is empty`);
    s.n = count + 0;
    return s;
  }
}
