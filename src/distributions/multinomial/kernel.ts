/**
 * The multinomial family's kernel: a block of m count columns is one multinomial,
 * x | c ~ Mult(n, θ_c) with n = Σ_k x_k the row's own total (a document's length).
 *
 * The statistics are the weighted sums S_ck = Σ_i w_ic x_ik and the weight W_c per component.
 * With a pseudo-count α_k per column, θ̂_ck = (S_ck + α_k) / (Σ_k S_ck + Σ_k α_k): scikit-learn's
 * MultinomialNB with one α, and α = 0 the MLE. A component with nothing counted and α = 0 gets
 * the uniform θ (Product.fit refuses it, as Multinomial.fit does).
 *
 * A row's log-likelihood is log n! − Σ log x_k! + Σ x_k log θ_ck: the coefficient once per row,
 * then one multiply-add per non-zero cell and component. Rows are read as their non-zero cells,
 * so a SparseMatrix costs O(nnz), never O(rows × m).
 *
 * Sampling needs a number of trials, which is no parameter: a fitted block draws each row with
 * the component's mean trials per row in training, Σ_k S_ck / W_c, rounded (a mixture's
 * component of long documents writes long documents). A block built from Multinomial objects has
 * no such number, and sampling it is an error that says so.
 */

import { hasBrand } from "../../core/brand.js";
import { componentTotals, numbersFromJSON, remapRows, softWeights } from "../../core/cells.js";
import type { Distribution } from "../../core/distribution.js";
import { logFactorial } from "../../core/gamma.js";
import type {
  Family,
  KernelOptions,
  KernelParams,
  KernelStats,
  RowBlock,
  RowWeights,
  ScoreContext,
} from "../../core/kernel.js";
import type { RowBlocks } from "../../core/matrix.js";
import type { Rng } from "../../core/rng.js";
import { describe } from "../../core/validate.js";
import { isCount } from "./count-rows.js";
import { Multinomial } from "./multinomial.js";
import { fillMultinomial, multinomialTails } from "./sampler.js";
import { multinomialValues } from "./values.js";

/** The error for a cell that is not a count, naming it. */
function badCount(where: string, row: number, col: number, value: unknown): Error {
  if (typeof value !== "number") {
    return new TypeError(`${where}: X[${row}][${col}] must be a count (an integer >= 0), got ${describe(value)}`);
  }
  return new RangeError(
    `${where}: X[${row}][${col}] is ${describe(value)}, but a multinomial feature takes integer counts >= 0`,
  );
}

/**
 * Reads the block's columns of one row at a time as its non-zero cells: `pos[0..length)` are
 * positions k in the block, `val[…]` the values. Dense input is scanned; a sparse input's row is
 * walked in O(its non-zeros), each column mapped to its position in the block.
 */
class BlockCells {
  readonly pos: Int32Array;
  readonly val: Float64Array;
  length = 0;
  /** Position in the block of each column of X, −1 outside it (sparse input only). */
  private readonly colToPos: Int32Array | null;
  private buf: Float64Array | null = null;
  private base = 0;

  constructor(
    private readonly x: RowBlocks,
    private readonly cols: Int32Array,
    colToPos: Int32Array | null = null,
  ) {
    const m = cols.length;
    this.pos = new Int32Array(m);
    this.val = new Float64Array(m);
    this.colToPos = x.sparse !== null ? (colToPos ?? columnPositions(cols, x.cols)) : null;
  }

  /**
   * Points the dense reader at row `start`'s block (call when a new block begins), read now or
   * given as the buffer and offset the caller already read; returns the rows it holds.
   */
  block(start: number, buf?: Float64Array, off = 0): number {
    if (this.colToPos !== null) return this.x.rows - start;
    if (buf === undefined) {
      this.buf = this.x.block(start);
      this.base = this.x.offset;
    } else {
      this.buf = buf;
      this.base = off;
    }
    return Math.min(this.x.rows - start, this.x.blockRows);
  }

  /**
   * Reads row i (the r-th of the current block): its non-zero cells. Returns the first cell that
   * is not a count (its column), or −1.
   */
  read(i: number, r: number): number {
    let n = 0;
    const pos = this.pos;
    const val = this.val;
    const map = this.colToPos;
    if (map !== null) {
      const sp = this.x.sparse!;
      const end = sp.indptr[i + 1]!;
      for (let p = sp.indptr[i]!; p < end; p++) {
        const k = map[sp.indices[p]!]!;
        if (k < 0) continue;
        const v = sp.data[p]!;
        if (!isCount(v)) return sp.indices[p]!;
        if (v === 0) continue;
        pos[n] = k;
        val[n++] = v;
      }
    } else {
      const buf = this.buf!;
      const cols = this.cols;
      const base = this.base + r * this.x.cols;
      for (let k = 0; k < cols.length; k++) {
        const v = buf[base + cols[k]!]!;
        if (v === 0) continue;
        if (!isCount(v)) return cols[k]!;
        pos[n] = k;
        val[n++] = v;
      }
    }
    this.length = n;
    return -1;
  }
}

/** The position in the block of each of `width` columns, −1 outside it. */
function columnPositions(cols: Int32Array, width: number): Int32Array {
  const map = new Int32Array(width).fill(-1);
  for (let k = 0; k < cols.length; k++) map[cols[k]!] = k;
  return map;
}

/** Weighted multinomial statistics of a block of count columns, per component. @internal */
export class MultinomialKernelStats implements KernelStats {
  readonly kind = "multinomial" as const;
  readonly cols: Int32Array;
  components: number;
  /** W_c per component. */
  weight: Float64Array;
  /** S_ck = Σ w x per component and column. */
  sum: Float64Array;

  constructor(cols: Int32Array, components: number) {
    this.cols = cols;
    this.components = components;
    this.weight = new Float64Array(components);
    this.sum = new Float64Array(components * cols.length);
  }

  totals(): Float64Array {
    return this.weight.slice();
  }

  empty(): MultinomialKernelStats {
    return new MultinomialKernelStats(this.cols, this.components);
  }

  accumulate(where: string, x: RowBlocks, weights: RowWeights): void {
    const m = this.cols.length;
    const C = this.components;
    const y = weights.component;
    const sw = weights.sampleWeight;
    const w = y === null ? softWeights(x.rows, C, weights.responsibility!, sw) : null;
    // Into fresh sums: a bad cell found half-way leaves the statistics as they were.
    const sum = new Float64Array(C * m);
    if (x.sparse !== null && y !== null) {
      // Labels on a sparse input (Naive Bayes on text): the CSR rows walked directly.
      const map = columnPositions(this.cols, x.cols);
      const { indptr, indices, data } = x.sparse;
      for (let i = 0; i < x.rows; i++) {
        const wi = sw === null ? 1 : sw[i]!;
        const base = y[i]! * m;
        for (let p = indptr[i]!, end = indptr[i + 1]!; p < end; p++) {
          const k = map[indices[p]!]!;
          if (k < 0) continue;
          const v = data[p]!;
          if (!isCount(v)) throw badCount(where, i, indices[p]!, v);
          sum[base + k] = sum[base + k]! + wi * v;
        }
      }
      this.add(sum, x.rows, weights);
      return;
    }
    const cells = new BlockCells(x, this.cols);
    const pos = cells.pos;
    const val = cells.val;
    for (let start = 0; start < x.rows;) {
      const n = cells.block(start);
      for (let r = 0, i = start; r < n; r++, i++) {
        const bad = cells.read(i, r);
        if (bad >= 0) throw badCount(where, i, bad, x.value(i, bad));
        const len = cells.length;
        if (y !== null) {
          const wi = sw === null ? 1 : sw[i]!;
          if (wi === 0) continue;
          const p = y[i]! * m;
          for (let t = 0; t < len; t++) sum[p + pos[t]!] = sum[p + pos[t]!]! + wi * val[t]!;
          continue;
        }
        for (let c = 0, o = i * C; c < C; c++) {
          const wc = w![o + c]!;
          if (wc === 0) continue;
          const p = c * m;
          for (let t = 0; t < len; t++) sum[p + pos[t]!] = sum[p + pos[t]!]! + wc * val[t]!;
        }
      }
      start += n;
    }
    this.add(sum, x.rows, weights);
  }

  /** Adds a batch's sums and its component weights (after every cell has been checked). */
  private add(sum: Float64Array, rows: number, weights: RowWeights): void {
    for (let k = 0; k < sum.length; k++) this.sum[k] = this.sum[k]! + sum[k]!;
    const total = componentTotals(rows, weights);
    for (let c = 0; c < this.components; c++) this.weight[c] = this.weight[c]! + total[c]!;
  }

  merge(other: KernelStats): void {
    const o = other as MultinomialKernelStats;
    for (let k = 0; k < this.sum.length; k++) this.sum[k] = this.sum[k]! + o.sum[k]!;
    for (let c = 0; c < this.components; c++) this.weight[c] = this.weight[c]! + o.weight[c]!;
  }

  remap(components: number, oldToNew: Int32Array): void {
    this.weight = remapRows(this.weight, 1, components, oldToNew);
    this.sum = remapRows(this.sum, this.cols.length, components, oldToNew);
    this.components = components;
  }

  /** Σ_k S_ck, summed with compensation (a vocabulary has 10⁵ columns). */
  private trials(c: number): number {
    const m = this.cols.length;
    let total = 0;
    let low = 0;
    for (let k = c * m; k < (c + 1) * m; k++) {
      const v = this.sum[k]!;
      const t = total + v;
      low += total >= v ? total - t + v : v - t + total;
      total = t;
    }
    return total + low;
  }

  requireProper(where: string, options: KernelOptions): void {
    let alpha = 0;
    for (let k = 0; k < this.cols.length; k++) alpha += options.alpha[k]!;
    for (let c = 0; c < this.components; c++) {
      if (!(this.trials(c) + alpha > 0)) {
        throw new RangeError(
          `${where}: the multinomial block of columns [${Array.from(this.cols).join(", ")}] counts nothing (every row is all zeros or has weight 0) and alpha is 0; add data or smooth with alpha > 0`,
        );
      }
    }
  }

  estimate(options: KernelOptions): MultinomialKernelParams {
    const m = this.cols.length;
    const C = this.components;
    const probs = new Float64Array(C * m);
    const meanTrials = new Float64Array(C);
    let alphaTotal = 0;
    for (let k = 0; k < m; k++) alphaTotal += options.alpha[k]!;
    for (let c = 0; c < C; c++) {
      const n = this.trials(c);
      const den = n + alphaTotal;
      for (let k = 0; k < m; k++) {
        probs[c * m + k] = den > 0 ? (this.sum[c * m + k]! + options.alpha[k]!) / den : 1 / m;
      }
      const W = this.weight[c]!;
      meanTrials[c] = W > 0 ? Math.max(0, Math.round(n / W)) : 0;
    }
    return new MultinomialKernelParams(this.cols, C, probs, meanTrials);
  }

  toJSON(): { weight: number[]; sum: number[] } {
    return { weight: Array.from(this.weight), sum: Array.from(this.sum) };
  }

  /** Restores `toJSON` output. */
  static fromJSON(where: string, json: unknown, cols: Int32Array, components: number): MultinomialKernelStats {
    const o = (json ?? {}) as Record<string, unknown>;
    const s = new MultinomialKernelStats(cols, components);
    s.weight = numbersFromJSON(`${where}.weight`, o.weight, components, 0);
    s.sum = numbersFromJSON(`${where}.sum`, o.sum, components * cols.length, 0);
    const m = cols.length;
    for (let i = 0; i < s.sum.length; i++) {
      if (s.weight[Math.floor(i / m)] === 0 && s.sum[i] !== 0) {
        throw new RangeError(`${where}.sum[${i}] is ${s.sum[i]}, but its component has weight 0`);
      }
    }
    return s;
  }
}

/** Fitted multinomial parameters of a block, per component. @internal */
export class MultinomialKernelParams implements KernelParams {
  readonly kind = "multinomial" as const;
  readonly cols: Int32Array;
  readonly components: number;
  /** θ_ck, components × m. */
  readonly probs: Float64Array;
  private readonly logProbs: Float64Array;
  /** log θ transposed, m × components: a cell's C terms sit side by side in memory. */
  private readonly logProbsByColumn: Float64Array;
  /** The trials a sampled row of component c has, or null when unknown (built from distributions). */
  private readonly meanTrials: Float64Array | null;
  /** Tail sums of each component's θ, for the sampler; built on first use. */
  private tails: Float64Array | null = null;
  /** A sparse input's column → block position map, kept for the next call of the same width. */
  private positions: Int32Array | null = null;
  readonly readsSparse = true;

  constructor(cols: Int32Array, components: number, probs: Float64Array, meanTrials: Float64Array | null) {
    this.cols = cols;
    this.components = components;
    this.probs = probs;
    this.logProbs = probs.map(Math.log);
    const m = cols.length;
    this.logProbsByColumn = new Float64Array(m * components);
    for (let c = 0; c < components; c++) {
      for (let k = 0; k < m; k++) this.logProbsByColumn[k * components + c] = this.logProbs[c * m + k]!;
    }
    this.meanTrials = meanTrials;
  }

  freeParameters(): number {
    return this.components * (this.cols.length - 1);
  }

  statsLike(): MultinomialKernelStats {
    return new MultinomialKernelStats(this.cols, this.components);
  }

  marginal(): Distribution<number> {
    throw new TypeError(
      `the multinomial block of columns [${Array.from(this.cols).join(", ")}] is one joint distribution; read it from parts`,
    );
  }

  part(c: number): Multinomial {
    const m = this.cols.length;
    return new Multinomial(this.probs.subarray(c * m, (c + 1) * m));
  }

  addLogLikelihood(block: RowBlock, out: Float64Array, ctx: ScoreContext): void {
    const { buf, off, rows: n, start: rowStart, input: x } = block;
    const outOff = rowStart * this.components;
    const C = this.components;
    const lt = this.logProbsByColumn;
    const acc = new Float64Array(C);
    if (x.sparse !== null) {
      if (this.positions?.length !== x.cols) this.positions = columnPositions(this.cols, x.cols);
      this.addSparse(x, n, rowStart, out, outOff, ctx, acc);
      return;
    }
    const cells = new BlockCells(x, this.cols);
    const pos = cells.pos;
    const val = cells.val;
    // Dense input: the block the caller read; sparse input: its CSR rows (not the densified block).
    cells.block(rowStart, buf, off);
    for (let r = 0; r < n; r++) {
      const i = rowStart + r;
      const o = outOff + r * C;
      const bad = cells.read(i, r);
      if (bad >= 0) {
        this.outside(i, bad, x, out, o, ctx);
        continue;
      }
      // log n! − Σ log x_k!, once per row; Σ x_k log θ_ck for every component per cell.
      let trials = 0;
      let coefficient = 0;
      for (let c = 0; c < C; c++) acc[c] = 0;
      for (let t = 0, len = cells.length; t < len; t++) {
        const v = val[t]!;
        trials += v;
        coefficient -= logFactorial(v);
        for (let c = 0, b = pos[t]! * C; c < C; c++) acc[c] = acc[c]! + v * lt[b + c]!;
      }
      coefficient += logFactorial(trials);
      for (let c = 0; c < C; c++) out[o + c] = out[o + c]! + (coefficient + acc[c]!);
    }
  }

  /** addLogLikelihood on a sparse input: the CSR rows walked directly, O(nnz · C). */
  private addSparse(
    x: RowBlocks,
    n: number,
    rowStart: number,
    out: Float64Array,
    outOff: number,
    ctx: ScoreContext,
    acc: Float64Array,
  ): void {
    const C = this.components;
    const lt = this.logProbsByColumn;
    const map = this.positions!;
    const { indptr, indices, data } = x.sparse!;
    for (let r = 0; r < n; r++) {
      const i = rowStart + r;
      const o = outOff + r * C;
      let trials = 0;
      let coefficient = 0;
      let bad = -1;
      for (let c = 0; c < C; c++) acc[c] = 0;
      for (let p = indptr[i]!, end = indptr[i + 1]!; p < end; p++) {
        const k = map[indices[p]!]!;
        if (k < 0) continue;
        const v = data[p]!;
        if (!isCount(v)) {
          bad = indices[p]!;
          break;
        }
        if (v === 0) continue;
        trials += v;
        coefficient -= logFactorial(v);
        for (let c = 0, b = k * C; c < C; c++) acc[c] = acc[c]! + v * lt[b + c]!;
      }
      if (bad >= 0) {
        this.outside(i, bad, x, out, o, ctx);
        continue;
      }
      coefficient += logFactorial(trials);
      for (let c = 0; c < C; c++) out[o + c] = out[o + c]! + (coefficient + acc[c]!);
    }
  }

  /**
   * A row with a cell that is not a count: NaN is a missing count (under `missing: "ignore"`,
   * the row is scored on its other counts, by the multinomial of those categories: θ renormalised
   * over them, which is the distribution of the observed counts given their total); anything
   * else outside the support is an error or log p = −Infinity, as the context says.
   */
  private outside(i: number, col: number, x: RowBlocks, out: Float64Array, o: number, ctx: ScoreContext): void {
    const raw = x.value(i, col);
    const v = typeof raw === "number" ? raw : NaN;
    if (Number.isNaN(v)) {
      if (ctx.missing === "ignore" && (typeof raw === "number" || raw === null || raw === undefined)) {
        this.scoreObserved(i, x, out, o);
        return;
      }
      const hint = ctx.missing === "error" ? ' (set missing: "ignore" to leave missing features out of the score)' : "";
      if (typeof raw !== "number") throw badCount(ctx.where, i, col, raw);
      throw new RangeError(`${ctx.where}: X[${i}][${col}] is NaN; data must be finite${hint}`);
    }
    if (ctx.outsideSupport === "error" || !Number.isFinite(v)) throw badCount(ctx.where, i, col, raw);
    for (let c = 0; c < this.components; c++) out[o + c] = -Infinity;
  }

  /** Row i scored on its present counts (the missing path; not a hot loop). */
  private scoreObserved(i: number, x: RowBlocks, out: Float64Array, o: number): void {
    const m = this.cols.length;
    const values = new Float64Array(m);
    const present = new Uint8Array(m);
    for (let k = 0; k < m; k++) {
      const raw = x.value(i, this.cols[k]!);
      const v = typeof raw === "number" ? raw : NaN;
      if (Number.isNaN(v)) continue;
      if (!isCount(v)) {
        for (let c = 0; c < this.components; c++) out[o + c] = -Infinity;
        return;
      }
      values[k] = v;
      present[k] = 1;
    }
    let trials = 0;
    let coefficient = 0;
    for (let k = 0; k < m; k++) {
      trials += values[k]!;
      coefficient -= logFactorial(values[k]!);
    }
    coefficient += logFactorial(trials);
    for (let c = 0; c < this.components; c++) {
      let s = coefficient;
      let mass = 0;
      for (let k = 0; k < m; k++) {
        if (present[k] === 0) continue;
        mass += this.probs[c * m + k]!;
        if (values[k]! > 0) s += values[k]! * this.logProbs[c * m + k]!;
      }
      out[o + c] = out[o + c]! + (trials === 0 ? 0 : s - trials * Math.log(mass));
    }
  }

  sampleRow(rng: Rng, c: number, row: Float64Array, rowOff: number, where: string): void {
    const m = this.cols.length;
    if (this.meanTrials === null) {
      throw new TypeError(
        `${where}: a multinomial built from probabilities has no number of trials to draw with; sample the Multinomial itself with { trials }, or fit the model to data (rows are then drawn with their component's mean trials per row)`,
      );
    }
    if (this.tails === null) {
      const tails = new Float64Array(this.components * (m + 1));
      for (let k = 0; k < this.components; k++) {
        tails.set(multinomialTails(this.probs.subarray(k * m, (k + 1) * m)), k * (m + 1));
      }
      this.tails = tails;
    }
    const draw = new Float64Array(m);
    fillMultinomial(
      rng,
      this.probs.subarray(c * m, (c + 1) * m),
      this.tails.subarray(c * (m + 1), (c + 1) * (m + 1)),
      this.meanTrials[c]!,
      draw,
      0,
      where,
    );
    for (let k = 0; k < m; k++) row[rowOff + this.cols[k]!] = draw[k]!;
  }
}

/** The multinomial family, for the registry. @internal */
export const multinomialFamily: Family = {
  kind: "multinomial",
  joint: true,
  values: multinomialValues,
  createStats: (cols, components) => new MultinomialKernelStats(cols, components),
  statsFromJSON: (where, json, cols, components) => MultinomialKernelStats.fromJSON(where, json, cols, components),
  paramsFrom(cols, components, parts, where) {
    const m = cols.length;
    const probs = new Float64Array(components * m);
    for (let c = 0; c < components; c++) {
      const d = parts[c] as Multinomial;
      if (d.dimension !== m) {
        throw new RangeError(
          `${where}: the Multinomial of components[${c}] has ${d.dimension} categories but its block has ${m} columns`,
        );
      }
      probs.set(d.probs, c * m);
    }
    return new MultinomialKernelParams(cols, components, probs, null);
  },
  owns: (d) => hasBrand(d, "Multinomial"),
  typeName: "Multinomial",
  fromJSON: (json) => Multinomial.fromJSON(json),
};
