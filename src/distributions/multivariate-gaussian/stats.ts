/**
 * Sufficient statistics of the multivariate Gaussian in centred form: the total weight W, the
 * weighted mean μ and the scatter matrix S = Σ w (x − μ)(x − μ)ᵀ. A chunk is summarised in two
 * passes (the mean, refined by the mean of the residuals; then the centred cross-products), and
 * two summaries merge by the matrix form of Chan et al.'s update:
 *
 *   W = W_a + W_b,  δ = μ_b − μ_a,  μ = μ_a + δ·W_b/W,  S = S_a + S_b + δδᵀ·W_a·W_b/W.
 *
 * Nothing forms Σ w x xᵀ − W μμᵀ, whose cancellation loses every digit once the data sit far
 * from 0 relative to their spread.
 */

import { brand, hasBrand } from "../../core/brand.js";
import { requireJsonType } from "../../core/distribution.js";
import { MAX_RESULT_SIZE } from "../../core/limits.js";
import { checkShape, RowBlocks, type MatrixInput } from "../../core/matrix.js";
import { describe, requireData, requireFinite, requireNonNegative, requireSize } from "../../core/validate.js";
import { readSampleWeight } from "../../core/weights.js";

/** The largest dimension: a d × d matrix must fit in MAX_RESULT_SIZE values. */
export const MAX_GAUSSIAN_DIMENSION = Math.floor(Math.sqrt(MAX_RESULT_SIZE));

/**
 * What {@link MultivariateGaussianStats.toJSON} writes.
 *
 * @example
 * ```ts
 * const json: MultivariateGaussianStatsJSON = {
 *   type: "MultivariateGaussianStats", version: 1, count: 2, mean: [1, 2], scatter: [[2, 0], [0, 8]],
 * };
 * MultivariateGaussian.statsFromJSON(json).count; // 2
 * ```
 */
export interface MultivariateGaussianStatsJSON {
  /** Always `"MultivariateGaussianStats"`. */
  type: "MultivariateGaussianStats";
  /** The format version, 1. */
  version: 1;
  /** W, the total weight of the rows. */
  count: number;
  /** μ, the weighted mean (empty before the first row). */
  mean: number[];
  /** S = Σ w (x − μ)(x − μ)ᵀ, row by row. */
  scatter: number[][];
}

/**
 * Checks every cell of a matrix of data rows (finite numbers), naming the first bad one.
 * @internal
 */
export function requireFiniteRows(where: string, blocks: RowBlocks): void {
  const { rows, cols } = blocks;
  for (let start = 0; start < rows; start += blocks.blockRows) {
    const buf = blocks.block(start);
    const n = (Math.min(rows, start + blocks.blockRows) - start) * cols;
    const o = blocks.offset;
    for (let k = 0; k < n; k++) {
      const v = buf[o + k]!;
      if (v - v !== 0) {
        const i = start + Math.floor(k / cols);
        const j = k % cols;
        const cell: unknown = blocks.value(i, j);
        if (typeof cell !== "number")
          throw new TypeError(`${where}: X[${i}][${j}] must be a number, got ${describe(cell)}`);
        throw new RangeError(`${where}: X[${i}][${j}] is ${describe(v)}; values must be finite`);
      }
    }
  }
}

const MVN_STATS = brand("MultivariateGaussianStats");

/**
 * Mergeable sufficient statistics of the multivariate Gaussian: the total weight (`count`), the
 * weighted mean and the scatter matrix Σ w (x − μ)(x − μ)ᵀ. Merging is Chan's update, exact in
 * any split up to rounding, and accurate however far the data sit from the origin. The dimension
 * is set by the first rows added (or given up front).
 *
 * @example
 * ```ts
 * const a = MultivariateGaussian.stats().addAll([[1, 2], [3, 4]]);
 * const b = MultivariateGaussian.stats().addAll([[5, 0]]);
 * MultivariateGaussian.fromStats(a.merge(b)).mean; // Float64Array [3, 2]
 * ```
 */
export class MultivariateGaussianStats {
  /** @internal The brand that identifies these statistics from any copy of ptheta. */
  readonly [MVN_STATS] = true;
  private w = 0;
  private mu: Float64Array;
  /** The scatter matrix, d × d row-major, kept symmetric. */
  private s: Float64Array;

  /** Empty statistics of `dimension` columns (0: set by the first rows added). */
  constructor(dimension = 0) {
    const d = requireSize("MultivariateGaussianStats: dimension", dimension, MAX_GAUSSIAN_DIMENSION);
    this.mu = new Float64Array(d);
    this.s = new Float64Array(d * d);
  }

  /** W, the total weight of the rows summarised (their number, without weights). */
  get count(): number {
    return this.w;
  }

  /** d, the number of columns (0 until the first rows are added). */
  get dimension(): number {
    return this.mu.length;
  }

  /** The weighted mean μ (a copy). */
  get mean(): Float64Array {
    return this.mu.slice();
  }

  /** The scatter matrix S = Σ w (x − μ)(x − μ)ᵀ, d × d row-major (a copy). */
  get scatter(): Float64Array {
    return this.s.slice();
  }

  /** @internal The mean and scatter themselves (not copies), for the estimator. */
  get raw(): { mean: Float64Array; scatter: Float64Array } {
    return { mean: this.mu, scatter: this.s };
  }

  /**
   * Adds the rows of X (finite numbers), with an optional frequency weight ≥ 0 per row; nothing
   * changes if a value or a weight is bad (the error names it).
   */
  addAll(X: MatrixInput, sampleWeight?: ArrayLike<number>): this {
    const where = "MultivariateGaussianStats.addAll";
    const shape = checkShape(where, X);
    const blocks = new RowBlocks(X, shape);
    return this.addRows(where, blocks, readSampleWeight(where, sampleWeight, shape.rows));
  }

  /** Adds one row with weight w ≥ 0 (default 1). */
  add(row: ArrayLike<number>, w = 1): this {
    const where = "MultivariateGaussianStats.add";
    const xs = requireData(where, row, "row");
    return this.addRows(where, new RowBlocks({ data: xs, rows: 1, cols: xs.length }, { rows: 1, cols: xs.length }), [
      w,
    ]);
  }

  /** @internal addAll once the shape is known: checks everything, then summarises and merges. */
  addRows(where: string, blocks: RowBlocks, weights: Float64Array | readonly number[] | null): this {
    const { rows, cols: d } = blocks;
    if (weights !== null && !(weights instanceof Float64Array)) {
      const w = weights[0];
      if (typeof w !== "number" || !(w >= 0 && w < Infinity)) {
        throw new RangeError(`${where}: w must be a finite number >= 0, got ${describe(w)}`);
      }
    }
    requireFiniteRows(where, blocks);
    if (rows === 0) return this;
    this.requireWidth(where, d);
    const weight = (i: number): number => (weights === null ? 1 : weights[i]!);
    // Pass 1: the weighted mean, then refined by the weighted mean of the residuals (the
    // classical correction: it removes the rounding error of the first sum).
    const total = weightTotal(weights, rows);
    if (total === 0) return this;
    const mean = new Float64Array(d);
    const correction = new Float64Array(d);
    for (let start = 0; start < rows; start += blocks.blockRows) {
      const buf = blocks.block(start);
      const end = Math.min(rows, start + blocks.blockRows);
      for (let i = start, o = blocks.offset; i < end; i++, o += d) {
        const w = weight(i);
        if (w === 0) continue;
        for (let j = 0; j < d; j++) mean[j]! += w * buf[o + j]!;
      }
    }
    for (let j = 0; j < d; j++) mean[j]! /= total;
    const scatter = new Float64Array(d * d);
    const r = new Float64Array(d);
    for (let start = 0; start < rows; start += blocks.blockRows) {
      const buf = blocks.block(start);
      const end = Math.min(rows, start + blocks.blockRows);
      for (let i = start, o = blocks.offset; i < end; i++, o += d) {
        const w = weight(i);
        if (w === 0) continue;
        for (let j = 0; j < d; j++) {
          const v = buf[o + j]! - mean[j]!;
          r[j] = v;
          correction[j]! += w * v;
        }
        // Pass 2: the lower triangle of Σ w r rᵀ.
        for (let a = 0; a < d; a++) {
          const wa = w * r[a]!;
          const row = a * d;
          for (let b = 0; b <= a; b++) scatter[row + b]! += wa * r[b]!;
        }
      }
    }
    // Σ w (x − m − c)(x − m − c)ᵀ = Σ w (x − m)(x − m)ᵀ − W c cᵀ with c = Σ w (x − m) / W.
    for (let j = 0; j < d; j++) correction[j]! /= total;
    for (let a = 0; a < d; a++) {
      mean[a]! += correction[a]!;
      for (let b = 0; b <= a; b++) {
        const v = scatter[a * d + b]! - total * correction[a]! * correction[b]!;
        scatter[a * d + b] = v;
        scatter[b * d + a] = v;
      }
    }
    this.mergeParts(total, mean, scatter);
    return this;
  }

  private requireWidth(where: string, d: number): void {
    if (this.mu.length === 0 && this.w === 0) {
      if (d === 0) throw new RangeError(`${where}: X has no columns; at least one is needed`);
      if (d > MAX_GAUSSIAN_DIMENSION) {
        throw new RangeError(`${where}: X has ${d} columns, above the limit of ${MAX_GAUSSIAN_DIMENSION}`);
      }
      this.mu = new Float64Array(d);
      this.s = new Float64Array(d * d);
    } else if (d !== this.mu.length) {
      throw new RangeError(`${where}: X has ${d} columns but the statistics have ${this.mu.length}`);
    }
  }

  /** Chan's update with a summary (W_b, μ_b, S_b) of the same dimension. */
  private mergeParts(wb: number, mub: Float64Array, sb: Float64Array): void {
    const d = this.mu.length;
    const wa = this.w;
    if (wb === 0) return;
    if (wa === 0) {
      this.w = wb;
      this.mu.set(mub);
      this.s.set(sb);
      return;
    }
    const total = wa + wb;
    const f = wb / total;
    const g = wa * f; // W_a W_b / W
    const delta = new Float64Array(d);
    for (let j = 0; j < d; j++) delta[j] = mub[j]! - this.mu[j]!;
    // The lower triangle, mirrored: (g δ_a) δ_b and (g δ_b) δ_a may round apart.
    for (let a = 0; a < d; a++) {
      const ga = g * delta[a]!;
      for (let b = 0; b <= a; b++) {
        const v = this.s[a * d + b]! + sb[a * d + b]! + ga * delta[b]!;
        this.s[a * d + b] = v;
        this.s[b * d + a] = v;
      }
    }
    for (let j = 0; j < d; j++) this.mu[j]! += delta[j]! * f;
    this.w = total;
  }

  /** Adds the statistics of `other` (same dimension, or either empty); `other` is unchanged. */
  merge(other: MultivariateGaussianStats): this {
    const where = "MultivariateGaussianStats.merge";
    if (!hasBrand(other, "MultivariateGaussianStats")) {
      throw new TypeError(`${where}: other must be a MultivariateGaussianStats`);
    }
    if (other.mu.length === 0) return this;
    if (this.mu.length === 0) {
      this.mu = new Float64Array(other.mu.length);
      this.s = new Float64Array(other.s.length);
    } else if (other.mu.length !== this.mu.length) {
      throw new RangeError(
        `${where}: other has dimension ${other.mu.length} but these statistics have ${this.mu.length}`,
      );
    }
    this.mergeParts(other.w, other.mu, other.s);
    return this;
  }

  /** An independent copy. */
  clone(): MultivariateGaussianStats {
    const c = new MultivariateGaussianStats();
    c.w = this.w;
    c.mu = this.mu.slice();
    c.s = this.s.slice();
    return c;
  }

  /** `{ type: "MultivariateGaussianStats", version: 1, count, mean, scatter }`. */
  toJSON(): MultivariateGaussianStatsJSON {
    const d = this.mu.length;
    const scatter: number[][] = [];
    for (let a = 0; a < d; a++) scatter.push(Array.from(this.s.subarray(a * d, (a + 1) * d)));
    return { type: "MultivariateGaussianStats", version: 1, count: this.w, mean: Array.from(this.mu), scatter };
  }

  /** @internal Rebuilds statistics from JSON, validated (see `MultivariateGaussian.statsFromJSON`). */
  static fromJSON(where: string, json: unknown): MultivariateGaussianStats {
    const o = requireJsonType(where, json, "MultivariateGaussianStats");
    if (o.version !== 1) throw new RangeError(`${where}: unsupported version ${describe(o.version)}; expected 1`);
    const count = requireNonNegative(`${where}: count`, o.count);
    if (!Array.isArray(o.mean)) throw new TypeError(`${where}: mean must be an array, got ${describe(o.mean)}`);
    if (!Array.isArray(o.scatter))
      throw new TypeError(`${where}: scatter must be an array, got ${describe(o.scatter)}`);
    const means = o.mean as unknown[];
    const rows = o.scatter as unknown[];
    const d = means.length;
    if (d > MAX_GAUSSIAN_DIMENSION)
      throw new RangeError(`${where}: mean has ${d} values, above ${MAX_GAUSSIAN_DIMENSION}`);
    if (rows.length !== d) throw new RangeError(`${where}: scatter has ${rows.length} rows but mean has ${d} values`);
    if (count > 0 && d === 0) throw new RangeError(`${where}: count is ${count} but mean is empty`);
    const s = new MultivariateGaussianStats(d);
    for (let a = 0; a < d; a++) {
      s.mu[a] = requireFinite(`${where}: mean[${a}]`, means[a]) + 0;
      const row: unknown = rows[a];
      if (!Array.isArray(row) || row.length !== d) {
        throw new RangeError(`${where}: scatter[${a}] must be an array of ${d} numbers, got ${describe(row)}`);
      }
      for (let b = 0; b < d; b++) s.s[a * d + b] = requireFinite(`${where}: scatter[${a}][${b}]`, row[b]) + 0;
    }
    for (let a = 0; a < d; a++) {
      if (!(s.s[a * d + a]! >= 0)) throw new RangeError(`${where}: scatter[${a}][${a}] must be >= 0`);
      for (let b = 0; b < a; b++) {
        if (s.s[a * d + b] !== s.s[b * d + a])
          throw new RangeError(`${where}: scatter is not symmetric at [${a}][${b}]`);
      }
    }
    if (count === 0 && (s.s.some((v) => v !== 0) || s.mu.some((v) => v !== 0))) {
      throw new RangeError(`${where}: count is 0 but mean or scatter is not 0`);
    }
    s.w = count + 0;
    return s;
  }
}

function weightTotal(weights: Float64Array | readonly number[] | null, rows: number): number {
  if (weights === null) return rows;
  let t = 0;
  for (let i = 0; i < rows; i++) t += weights[i]!;
  return t;
}
