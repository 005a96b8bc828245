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

import { AliasTable } from "../../core/alias.js";
import {
  badCell,
  batchWeights,
  componentTotals,
  numbersFromJSON,
  remapRows,
  scaleAll,
  skipMissing,
  softWeights,
} from "../../core/cells.js";
import { alignExponents, weightExponentFromJSON } from "../../core/weights.js";
import type { Distribution } from "../../core/distribution.js";
import type { Family, KernelOptions, KernelParams, KernelStats, RowWeights, ScoreContext } from "../../core/kernel.js";
import { MAX_CATEGORIES } from "../../core/limits.js";
import type { RowBlocks } from "../../core/matrix.js";
import type { Rng } from "../../core/rng.js";
import { describe } from "../../core/validate.js";
import { Categorical } from "./categorical.js";

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

/** Weighted categorical statistics of a block of columns, per component. @internal */
export class CategoricalKernelStats implements KernelStats {
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

  constructor(cols: Int32Array, components: number, minCategories: Int32Array) {
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
    return new CategoricalKernelStats(this.cols, this.components, this.nCategories);
  }

  /** Grows column k's table to K categories. */
  private grow(k: number, K: number): void {
    if (K <= this.nCategories[k]!) return;
    const b = new Float64Array(K * this.components);
    b.set(this.counts[k]!);
    this.counts[k] = b;
    this.nCategories[k] = K;
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

  estimate(options: KernelOptions): CategoricalKernelParams {
    const m = this.cols.length;
    const C = this.components;
    const offset = new Int32Array(m);
    let size = 0;
    for (let k = 0; k < m; k++) {
      offset[k] = size;
      size += this.nCategories[k]! * C;
    }
    const table = new Float64Array(size);
    const probs = new Float64Array(size);
    const unseenLog = new Float64Array(m * C);
    for (let k = 0; k < m; k++) {
      const K = this.nCategories[k]!;
      const a = options.alpha[k]!;
      const counts = this.counts[k]!;
      const o = offset[k]!;
      for (let c = 0; c < C; c++) {
        categoricalProbabilities(counts, this.weight[c]!, a, K, probs.subarray(o), c, C);
        // W_c equals Σ_t N_ckt: every row of the component has one category.
        const den = this.weight[c]! + a * K;
        if (!(den > 0)) {
          for (let t = 0; t < K; t++) table[o + t * C + c] = -Math.log(K); // no data, no smoothing: uniform
          unseenLog[k * C + c] = -Infinity;
          continue;
        }
        if (den < Infinity) {
          const logDen = Math.log(den);
          for (let t = 0; t < K; t++) table[o + t * C + c] = Math.log(counts[t * C + c]! + a) - logDen;
          unseenLog[k * C + c] = Math.log(a) - logDen;
        } else {
          // α so large that W + αK overflows: the same ratios divided through by α.
          const logDen = Math.log(this.weight[c]! / a + K);
          for (let t = 0; t < K; t++) table[o + t * C + c] = Math.log(counts[t * C + c]! / a + 1) - logDen;
          unseenLog[k * C + c] = -logDen;
        }
      }
    }
    return new CategoricalKernelParams(this.cols, C, this.nCategories.slice(), offset, table, probs, unseenLog);
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
  static fromJSON(where: string, json: unknown, cols: Int32Array, components: number): CategoricalKernelStats {
    const o = (json ?? {}) as Record<string, unknown>;
    const m = cols.length;
    const K = numbersFromJSON(`${where}.nCategories`, o.nCategories, m, 0);
    for (let k = 0; k < m; k++) {
      if (!Number.isInteger(K[k]) || K[k]! > MAX_CATEGORIES) {
        throw new RangeError(`${where}.nCategories[${k}] must be an integer in [0, ${MAX_CATEGORIES}]`);
      }
    }
    const s = new CategoricalKernelStats(cols, components, Int32Array.from(K));
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

/** Fitted categorical parameters of a block of columns, per component. @internal */
export class CategoricalKernelParams implements KernelParams {
  readonly kind = "categorical" as const;
  readonly cols: Int32Array;
  readonly components: number;
  /** K_k per column of the block. */
  readonly nCategories: Int32Array;
  private readonly offset: Int32Array;
  private readonly table: Float64Array; // log θ̂, all columns, at offset[k] + t·C + c
  private readonly probs: Float64Array; // θ̂ itself, laid out as the table
  private readonly unseenLog: Float64Array; // log(α / (W_c + α·K_k)) at k·C + c
  private readonly aliases: (AliasTable | undefined)[];
  private at: Int32Array | null = null; // rowOffsets(), made on first use
  private sums: Float64Array | null = null; // rowSums(), made on first use

  constructor(
    cols: Int32Array,
    components: number,
    nCategories: Int32Array,
    offset: Int32Array,
    table: Float64Array,
    probs: Float64Array,
    unseenLog: Float64Array,
  ) {
    this.cols = cols;
    this.components = components;
    this.nCategories = nCategories;
    this.offset = offset;
    this.table = table;
    this.probs = probs;
    this.unseenLog = unseenLog;
    this.aliases = new Array<AliasTable | undefined>(cols.length * components);
  }

  statsLike(): CategoricalKernelStats {
    return new CategoricalKernelStats(this.cols, this.components, this.nCategories);
  }

  freeParameters(): number {
    let k = 0;
    for (let j = 0; j < this.cols.length; j++) k += Math.max(0, this.nCategories[j]! - 1);
    return this.components * k;
  }

  /** θ̂ of the block's k-th column in component c. */
  probabilities(c: number, k: number): Float64Array {
    const C = this.components;
    const K = this.nCategories[k]!;
    const out = new Float64Array(K);
    for (let t = 0; t < K; t++) out[t] = this.probs[this.offset[k]! + t * C + c]!;
    return out;
  }

  marginal(c: number, k: number): Distribution<number> {
    return new Categorical(this.probabilities(c, k));
  }

  addLogLikelihood(
    buf: Float64Array,
    off: number,
    n: number,
    rowStart: number,
    x: RowBlocks,
    out: Float64Array,
    outOff: number,
    ctx: ScoreContext,
  ): void {
    const m = this.cols.length;
    const C = this.components;
    const d = x.cols;
    const cols = this.cols;
    const K = this.nCategories;
    const offset = this.offset;
    const table = this.table;
    // log θ̂_c,k,x_k for every component is a gather of C adjacent numbers. `(v >>> 0) === v`
    // holds exactly for integers in [0, 2³²), so one test sends NaN, negatives, fractions and
    // codes past K_k to the slow path.
    //
    // Shaped per row: first the row's table offsets (checking every code), then four components
    // at a time with their sums in registers over the row's columns. Adding each cell's C
    // numbers straight into out (the obvious loop) chains every column's update of out[o + c]
    // through a store and a reload, and runs ~2× slower.
    const at = this.rowOffsets(m);
    for (let r = 0; r < n; r++) {
      const base = off + r * d;
      const o = outOff + r * C;
      let bad = 0;
      for (let k = 0; k < m; k++) {
        const v = buf[base + cols[k]!]!;
        if (!(v >>> 0 === v && v < K[k]!)) bad++;
        at[k] = offset[k]! + v * C;
      }
      if (bad !== 0) {
        // Some code is missing, invalid or unseen: cell by cell, summed in the same order as
        // below (so a row scores the same, to the bit, whichever way it goes).
        const sum = this.rowSums(C);
        sum.fill(0);
        for (let k = 0; k < m; k++) {
          const v = buf[base + cols[k]!]!;
          if (v >>> 0 === v && v < K[k]!) {
            const t = offset[k]! + v * C;
            for (let c = 0; c < C; c++) sum[c] = sum[c]! + table[t + c]!;
          } else this.scoreCellChecked(v, rowStart + r, k, x, sum, 0, ctx);
        }
        for (let c = 0; c < C; c++) out[o + c] = out[o + c]! + sum[c]!;
        continue;
      }
      let c = 0;
      for (; c + 3 < C; c += 4) {
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let k = 0; k < m; k++) {
          const t = at[k]! + c;
          s0 += table[t]!;
          s1 += table[t + 1]!;
          s2 += table[t + 2]!;
          s3 += table[t + 3]!;
        }
        out[o + c] = out[o + c]! + s0;
        out[o + c + 1] = out[o + c + 1]! + s1;
        out[o + c + 2] = out[o + c + 2]! + s2;
        out[o + c + 3] = out[o + c + 3]! + s3;
      }
      for (; c < C; c++) {
        let s0 = 0;
        for (let k = 0; k < m; k++) s0 += table[at[k]! + c]!;
        out[o + c] = out[o + c]! + s0;
      }
    }
  }

  /** A reusable Float64Array for one row's sums, one per component. */
  private rowSums(C: number): Float64Array {
    this.sums ??= new Float64Array(C);
    return this.sums;
  }

  /** A reusable Int32Array for one row's table offsets. */
  private rowOffsets(m: number): Int32Array {
    this.at ??= new Int32Array(m);
    return this.at;
  }

  /**
   * A value that is not a known category code (missing, invalid or unseen): adds its terms to
   * out[o + c] (−Infinity outside the support), or throws naming it.
   */
  private scoreCellChecked(
    v: number,
    row: number,
    k: number,
    x: RowBlocks,
    out: Float64Array,
    o: number,
    ctx: ScoreContext,
  ): void {
    const j = this.cols[k]!;
    if (!Number.isFinite(v)) return skipMissing(v, row, j, x, ctx); // throws unless a missing value to leave out
    if (!Number.isInteger(v) || v < 0) {
      if (ctx.outsideSupport === "error" || typeof x.value(row, j) !== "number") {
        throw badCategory(ctx.where, row, j, x.value(row, j));
      }
      for (let c = 0; c < this.components; c++) out[o + c] = -Infinity; // outside the support
      return;
    }
    if (ctx.unseen === "ignore") return;
    if (ctx.unseen === "error") {
      throw new RangeError(
        `${ctx.where}: X[${row}][${j}] is category ${v}, never seen in training (feature ${j} has categories 0..${this.nCategories[k]! - 1}); ` +
          `set unseen: "smooth" or "ignore" to score it`,
      );
    }
    const C = this.components;
    for (let c = 0; c < C; c++) out[o + c] = out[o + c]! + this.unseenLog[k * C + c]!;
  }

  sampleRow(rng: Rng, c: number, row: Float64Array, rowOff: number, where: string): void {
    const m = this.cols.length;
    for (let k = 0; k < m; k++) {
      let table = this.aliases[c * m + k];
      if (table === undefined) {
        // Built on first use, then kept: O(K) once, O(1) per draw.
        table = new AliasTable(this.probabilities(c, k));
        this.aliases[c * m + k] = table;
      }
      row[rowOff + this.cols[k]!] = table.sample(rng, where);
    }
  }
}

/** The Categorical family, for the registry. @internal */
export const categoricalFamily: Family = {
  kind: "categorical",
  createStats: (cols, components, options) => new CategoricalKernelStats(cols, components, options.minCategories),
  statsFromJSON: (where, json, cols, components) => CategoricalKernelStats.fromJSON(where, json, cols, components),
  paramsFrom(cols, components, marginals, where) {
    const m = cols.length;
    const nCategories = new Int32Array(m);
    for (let c = 0; c < components; c++) {
      for (let k = 0; k < m; k++) {
        const K = (marginals[c * m + k] as Categorical).k;
        if (c > 0 && K !== nCategories[k]) {
          throw new RangeError(
            `${where}: feature ${cols[k]} has ${nCategories[k]} categories in components[0] but ${K} in components[${c}]`,
          );
        }
        nCategories[k] = K;
      }
    }
    const offset = new Int32Array(m);
    let size = 0;
    for (let k = 0; k < m; k++) {
      offset[k] = size;
      size += nCategories[k]! * components;
    }
    const table = new Float64Array(size);
    const probs = new Float64Array(size);
    for (let c = 0; c < components; c++) {
      for (let k = 0; k < m; k++) {
        const d = marginals[c * m + k] as Categorical;
        for (let t = 0; t < nCategories[k]!; t++) {
          table[offset[k]! + t * components + c] = d.logProb(t);
          probs[offset[k]! + t * components + c] = d.prob(t);
        }
      }
    }
    return new CategoricalKernelParams(
      cols,
      components,
      nCategories,
      offset,
      table,
      probs,
      new Float64Array(m * components).fill(-Infinity),
    );
  },
  owns: (d) => d instanceof Categorical,
  typeName: "Categorical",
  fromJSON: (json) => Categorical.fromJSON(json),
};
