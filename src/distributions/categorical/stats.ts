/**
 * The Categorical family's kernel: x_k | c ~ Categorical(θ_ck) over the codes 0..K_k−1 for a
 * block of columns and C components, as scikit-learn's CategoricalNB.
 *
 * The statistics are weighted counts per column, category and component (integers with labels
 * and integer weights, so merging is exact), and the weight W_c per component.
 * K_k = max(largest code seen + 1, minCategories_k), at most MAX_CATEGORIES, and with Lidstone
 * smoothing α, θ̂_ckt = (N_ckt + α) / (W_c + α·K_k) (uniform with no data and α = 0). A code
 * ≥ K_k at prediction time follows the `unseen` policy; by default it gets α / (W_c + α·K_k),
 * the mass of a known but unobserved category.
 */

import {
  badCell,
  batchWeights,
  componentTotals,
  numbersFromJSON,
  remapRows,
  scaleAll,
  softWeights,
} from "../../core/cells.js";
import { alignExponents, weightExponentFromJSON } from "../../core/weights.js";
import type { KernelOptions, KernelParams, KernelStats, RowWeights } from "../../core/kernel.js";
import { MAX_CATEGORIES } from "../../core/limits.js";
import type { RowBlocks } from "../../core/matrix.js";
import { describe } from "../../core/validate.js";

/**
 * The error for a value that is not a category code: a TypeError for a non-number, a RangeError
 * otherwise, naming the cell.
 */
export function badCategory(where: string, row: number, col: number, value: unknown): Error {
  if (typeof value !== "number") {
    return new TypeError(`${where}: X[${row}][${col}] must be a category code (an integer), got ${describe(value)}`);
  }
  if (!Number.isFinite(value)) return badCell(where, row, col, value, false);
  return new RangeError(
    `${where}: X[${row}][${col}] is ${describe(value)}, but a categorical feature takes integer codes in [0, ${MAX_CATEGORIES - 1}]`,
  );
}

/**
 * The smoothed estimate θ̂_t = (n_t + α) / (n + αK) for t < K (counts past their length are 0),
 * uniform when n + αK = 0: the one formula for the scalar fit and every model.
 * @internal
 */
export function categoricalProbabilities(
  counts: ArrayLike<number>,
  n: number,
  alpha: number,
  K: number,
  out = new Float64Array(K),
  at = 0,
  stride = 1,
): Float64Array {
  // counts and out are read and written at at + t·stride, so a kernel's category-major table
  // (t·C + c) is estimated in place, column by column, without a copy.
  const den = n + alpha * K;
  for (let t = 0; t < K; t++) {
    const i = at + t * stride;
    const c = i < counts.length ? counts[i]! : 0;
    // For α so large that n + αK overflows, divide through by α: (c/α + 1) / (n/α + K).
    out[i] = !(den > 0) ? 1 / K : den < Infinity ? (c + alpha) / den : (c / alpha + 1) / (n / alpha + K);
  }
  return out;
}

/** The category tables of a block may always grow to this many numbers (8 MiB)… */
const TABLE_CELLS = 1 << 20;
/** …or to this many per value of the batch that grows them (see requireTableSize). */
const CELLS_PER_VALUE = 64;

/** Builds a block's parameters from its statistics (kernel.ts). @internal */
export type CategoricalEstimator = (stats: CategoricalKernelStats, options: KernelOptions) => KernelParams;

/** Weighted categorical statistics of a block of columns, per component. @internal */
export class CategoricalKernelStats implements KernelStats {
  /** Builds the parameters (kernel.ts); null for the scalar API's statistics. */
  private readonly estimator: CategoricalEstimator | null;
  readonly kind = "categorical" as const;
  readonly cols: Int32Array;
  components: number;
  /** W_c per component. */
  weight: Float64Array;
  /** K_k per column of the block. */
  nCategories: Int32Array;
  // counts[k][t·C + c]: weight of category t of column k in component c. Category-major, so the
  // C numbers a row's category selects are adjacent, as are the log-probabilities.
  counts: Float64Array[];
  /** Weights are held in units of 2^weightExponent (0 unless they would overflow or are tiny). */
  weightExponent = 0;

  constructor(
    cols: Int32Array,
    components: number,
    minCategories: Int32Array,
    estimator: CategoricalEstimator | null = null,
  ) {
    this.estimator = estimator;
    this.cols = cols;
    this.components = components;
    this.weight = new Float64Array(components);
    this.nCategories = Int32Array.from(minCategories);
    this.counts = [];
    for (let k = 0; k < cols.length; k++) this.counts.push(new Float64Array(this.nCategories[k]! * components));
  }

  totals(): Float64Array {
    return this.weight.slice();
  }

  empty(): CategoricalKernelStats {
    return new CategoricalKernelStats(this.cols, this.components, this.nCategories, this.estimator);
  }

  /** Grows column k's table to K categories. */
  private grow(k: number, K: number): void {
    if (K <= this.nCategories[k]!) return;
    const b = new Float64Array(K * this.components);
    b.set(this.counts[k]!);
    this.counts[k] = b;
    this.nCategories[k] = K;
  }

  /**
   * Memory is bounded by the input: a table holds K_k numbers per component, K_k the largest
   * code + 1, so one cell holding 65535 would cost 65536 · C numbers. The tables may grow to
   * TABLE_CELLS numbers, or CELLS_PER_VALUE per value of the batch, whichever is more (a
   * column of 10⁵ rows may use codes up to 65535); beyond that the batch is refused, naming the
   * column and its largest code (categories are meant to be codes 0..K−1, K what the data use).
   */
  private requireTableSize(where: string, rows: number, top: Int32Array): void {
    const C = this.components;
    let cells = 0;
    let worst = 0;
    for (let k = 0; k < this.cols.length; k++) {
      const K = Math.max(this.nCategories[k]!, top[k]! + 1);
      cells += K * C;
      if (top[k]! > top[worst]!) worst = k;
    }
    let held = 0;
    for (const t of this.counts) held += t.length;
    const bound = Math.max(TABLE_CELLS, held, CELLS_PER_VALUE * rows * this.cols.length);
    if (cells > bound) {
      throw new RangeError(
        `${where}: categorical feature ${this.cols[worst]} holds the code ${top[worst]}, so its tables would need ` +
          `${cells} numbers for ${rows} rows (at most ${bound}); categories must be codes 0..K-1 with K what the data use: recode them densely`,
      );
    }
  }

  accumulate(where: string, x: RowBlocks, given: RowWeights): void {
    // Weights are relative: in the statistics' units (rescaled where their sum would overflow).
    const { weights, rel } = batchWeights(x.rows, given, this.weightExponent, this.weight);
    const m = this.cols.length;
    const d = x.cols;
    const cols = this.cols;
    const C = this.components;
    const y = weights.component;
    const sw = weights.sampleWeight;
    const w = y === null ? softWeights(x.rows, C, weights.responsibility!, sw) : null;
    // Pass 1: the largest code per column among rows of positive weight (a row of weight 0 is no
    // row: its code must not widen K), and the check that every value is an integer code in
    // [0, MAX_CATEGORIES) (`(v >>> 0) === v` holds exactly for integers in [0, 2³²)).
    const top = new Int32Array(m).fill(-1);
    for (let start = 0; start < x.rows; start += x.blockRows) {
      const buf = x.block(start);
      const end = Math.min(x.rows, start + x.blockRows);
      for (let i = start, base = x.offset; i < end; i++, base += d) {
        // (Responsibilities of 0 leave a row in: a semi-supervised fit's first step weighs its
        // unlabelled rows 0 in every class, yet they are rows of the data.)
        const weighs = sw === null || sw[i]! > 0;
        for (let k = 0; k < m; k++) {
          const v = buf[base + cols[k]!]!;
          if (v >>> 0 !== v || v >= MAX_CATEGORIES) throw badCategory(where, i, cols[k]!, x.value(i, cols[k]!));
          if (weighs && v > top[k]!) top[k] = v;
        }
      }
    }
    this.requireTableSize(where, x.rows, top);
    // Pass 2: the batch's counts, in tables grown to the new K_k (a copy, so that nothing is
    // written before the batch is known to be valid; the pass above threw if it was not).
    scaleAll(rel.stored, this.weight, ...this.counts);
    this.weightExponent = rel.exponent;
    for (let k = 0; k < m; k++) this.grow(k, top[k]! + 1);
    for (let start = 0; start < x.rows; start += x.blockRows) {
      const buf = x.block(start);
      const end = Math.min(x.rows, start + x.blockRows);
      for (let i = start, base = x.offset; i < end; i++, base += d) {
        if (y !== null) {
          // Labels: row i adds its sample weight (1 without) into its own component.
          const c = y[i]!;
          const wi = sw === null ? 1 : sw[i]!;
          if (wi === 0) continue; // no row (its code may lie beyond the table)
          for (let k = 0; k < m; k++) {
            const counts = this.counts[k]!;
            const at = buf[base + cols[k]!]! * C + c;
            counts[at] = counts[at]! + wi;
          }
        } else {
          for (let k = 0; k < m; k++) {
            const counts = this.counts[k]!;
            const at = buf[base + cols[k]!]! * C;
            if (at >= counts.length) continue; // a row of weight 0, whose code is beyond the table
            for (let c = 0; c < C; c++) counts[at + c] = counts[at + c]! + w![i * C + c]!;
          }
        }
      }
    }
    const total = componentTotals(x.rows, weights);
    for (let c = 0; c < C; c++) this.weight[c] = this.weight[c]! + total[c]!;
  }

  merge(other: KernelStats): void {
    const o = other as CategoricalKernelStats;
    const [mine, theirs] = alignExponents(this, o);
    scaleAll(mine, this.weight, ...this.counts);
    for (let k = 0; k < this.cols.length; k++) {
      this.grow(k, o.nCategories[k]!);
      const a = this.counts[k]!;
      const b = o.counts[k]!;
      for (let i = 0; i < b.length; i++) a[i] = a[i]! + b[i]! * theirs;
    }
    for (let c = 0; c < this.components; c++) this.weight[c] = this.weight[c]! + o.weight[c]! * theirs;
  }

  remap(components: number, oldToNew: Int32Array): void {
    const old = this.components;
    for (let k = 0; k < this.cols.length; k++) {
      const K = this.nCategories[k]!;
      const a = this.counts[k]!;
      const b = new Float64Array(K * components);
      for (let t = 0; t < K; t++) for (let c = 0; c < old; c++) b[t * components + oldToNew[c]!] = a[t * old + c]!;
      this.counts[k] = b;
    }
    this.weight = remapRows(this.weight, 1, components, oldToNew);
    this.components = components;
  }

  estimate(options: KernelOptions): KernelParams {
    if (this.estimator === null)
      throw new Error("CategoricalKernelStats: the scalar statistics estimate no block parameters");
    return this.estimator(this, options);
  }

  toJSON(): { weight: number[]; nCategories: number[]; count: number[][]; weightExponent?: number } {
    const json = {
      weight: Array.from(this.weight),
      nCategories: Array.from(this.nCategories),
      count: this.counts.map((a) => Array.from(a)),
    };
    return this.weightExponent === 0 ? json : { ...json, weightExponent: this.weightExponent };
  }

  /** Restores `toJSON` output, checking that the counts add up to the weights. */
  static fromJSON(
    where: string,
    json: unknown,
    cols: Int32Array,
    components: number,
    estimator: CategoricalEstimator | null,
  ): CategoricalKernelStats {
    const o = (json ?? {}) as Record<string, unknown>;
    const m = cols.length;
    const K = numbersFromJSON(`${where}.nCategories`, o.nCategories, m, 0);
    for (let k = 0; k < m; k++) {
      if (!Number.isInteger(K[k]) || K[k]! > MAX_CATEGORIES) {
        throw new RangeError(`${where}.nCategories[${k}] must be an integer in [0, ${MAX_CATEGORIES}]`);
      }
    }
    const s = new CategoricalKernelStats(cols, components, Int32Array.from(K), estimator);
    s.weight = numbersFromJSON(`${where}.weight`, o.weight, components, 0);
    s.weightExponent = weightExponentFromJSON(`${where}.weightExponent`, o.weightExponent);
    if (!Array.isArray(o.count) || o.count.length !== m) throw new TypeError(`${where}.count: expected ${m} arrays`);
    for (let k = 0; k < m; k++) {
      const counts = numbersFromJSON(`${where}.count[${k}]`, o.count[k], K[k]! * components, 0);
      s.counts[k] = counts;
      for (let c = 0; c < components; c++) {
        let sum = 0;
        for (let t = 0; t < K[k]!; t++) sum += counts[t * components + c]!;
        const wc = s.weight[c]!;
        if (Math.abs(sum - wc) > 1e-9 * Math.max(1, wc)) {
          throw new RangeError(
            `${where}.count[${k}]: the counts of component ${c} sum to ${sum}, not its weight ${wc}`,
          );
        }
      }
    }
    return s;
  }
}
