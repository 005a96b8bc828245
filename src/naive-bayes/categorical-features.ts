/**
 * Categorical features: x_j | class c ~ Categorical(θ_cj) over the codes 0..K_j−1, as
 * scikit-learn's CategoricalNB.
 *
 * The statistics are integer counts per feature, category and class (merging is exact).
 * K_j = max(largest code seen + 1, minCategories_j), and with Lidstone smoothing α,
 * θ̂_cjt = (N_cjt + α) / (N_c + α·K_j). A code ≥ K_j at prediction time follows the `unseen`
 * policy; by default it gets α / (N_c + α·K_j), the mass of a known but unobserved category.
 */

import { AliasTable } from "../core/alias.js";
import { Matrix, type RowBlocks } from "../core/matrix.js";
import type { Rng } from "../core/rng.js";
import { skipMissing, numbersFromJSON, type FeatureBlock, type ScoreContext } from "./feature-block.js";
import { MAX_CATEGORY } from "./options.js";

/** Per-class categorical models of the categorical columns. */
export class CategoricalFeatures implements FeatureBlock {
  readonly kind = "categorical" as const;
  readonly cols: Int32Array;
  private readonly alpha: Float64Array; // per feature of the block, at least 1e-10
  private classes: number;
  /** K_j per feature of the block. */
  readonly nCategories: Int32Array;
  // counts[k][t·C + c] = rows of class c with category t in feature k: category-major, so the
  // C numbers a row's category selects are adjacent, as are the log-probabilities below.
  private counts: Float64Array[];
  private table = new Float64Array(0); // log θ̂, all features, at offset[k] + t·C + c
  private offset = new Int32Array(0);
  private unseenLog = new Float64Array(0); // log(α / (N_c + α·K_j)) at k·C + c
  private aliases: (AliasTable | undefined)[] = [];

  constructor(cols: Int32Array, alpha: Float64Array, minCategories: Int32Array, classes: number) {
    this.cols = cols;
    this.alpha = alpha;
    this.classes = classes;
    this.nCategories = minCategories.slice();
    this.counts = [];
    for (let k = 0; k < cols.length; k++) this.counts.push(new Float64Array(this.nCategories[k]! * classes));
  }

  remapClasses(classes: number, oldToNew: Int32Array): void {
    const old = this.classes;
    for (let k = 0; k < this.cols.length; k++) {
      const K = this.nCategories[k]!;
      const a = this.counts[k]!;
      const b = new Float64Array(K * classes);
      for (let t = 0; t < K; t++) for (let c = 0; c < old; c++) b[t * classes + oldToNew[c]!] = a[t * old + c]!;
      this.counts[k] = b;
    }
    this.classes = classes;
  }

  prepareBatch(
    x: RowBlocks,
    y: Int32Array,
    classes: number,
    _batchCount: Float64Array,
    onBad: (fallback?: string) => void,
  ): (countBefore: Float64Array) => void {
    const m = this.cols.length;
    const d = x.cols;
    const cols = this.cols;
    // Pass 1: the largest code per feature, and the check that every value is an integer code
    // in [0, MAX_CATEGORY] (`(v >>> 0) === v` holds exactly for integers in [0, 2³²)).
    const top = new Int32Array(m).fill(-1);
    let bad = false;
    for (let start = 0; start < x.rows; start += x.blockRows) {
      const buf = x.block(start);
      const end = Math.min(x.rows, start + x.blockRows);
      for (let i = start, base = x.offset; i < end; i++, base += d) {
        for (let k = 0; k < m; k++) {
          const v = buf[base + cols[k]!]!;
          if (v >>> 0 !== v || v > MAX_CATEGORY) bad = true;
          else if (v > top[k]!) top[k] = v;
        }
      }
    }
    if (bad) onBad();
    // Pass 2: the batch's counts, in tables already grown to the new K_j.
    const K = new Int32Array(m);
    const batch: Float64Array[] = [];
    for (let k = 0; k < m; k++) {
      K[k] = Math.max(this.nCategories[k]!, top[k]! + 1);
      batch.push(new Float64Array(K[k]! * classes));
    }
    for (let start = 0; start < x.rows; start += x.blockRows) {
      const buf = x.block(start);
      const end = Math.min(x.rows, start + x.blockRows);
      for (let i = start, base = x.offset; i < end; i++, base += d) {
        const c = y[i]!;
        for (let k = 0; k < m; k++) {
          const counts = batch[k]!;
          const at = buf[base + cols[k]!]! * classes + c;
          counts[at] = counts[at]! + 1;
        }
      }
    }
    return () => {
      if (this.classes !== classes) throw new Error("CategoricalFeatures: classes were not remapped before the commit");
      for (let k = 0; k < m; k++) {
        const old = this.counts[k]!;
        const sum = batch[k]!;
        for (let i = 0; i < old.length; i++) sum[i] = sum[i]! + old[i]!;
        this.counts[k] = sum;
        this.nCategories[k] = K[k]!;
      }
    };
  }

  finalize(classCount: Float64Array): void {
    const m = this.cols.length;
    const C = this.classes;
    this.offset = new Int32Array(m);
    let size = 0;
    for (let k = 0; k < m; k++) {
      this.offset[k] = size;
      size += this.nCategories[k]! * C;
    }
    this.table = new Float64Array(size);
    this.unseenLog = new Float64Array(m * C);
    for (let k = 0; k < m; k++) {
      const K = this.nCategories[k]!;
      const a = this.alpha[k]!;
      const counts = this.counts[k]!;
      const o = this.offset[k]!;
      for (let c = 0; c < C; c++) {
        // N_c, the class count, equals Σ_t N_cjt: every row of the class has one category.
        const logDen = Math.log(classCount[c]! + a * K);
        for (let t = 0; t < K; t++) this.table[o + t * C + c] = Math.log(counts[t * C + c]! + a) - logDen;
        this.unseenLog[k * C + c] = Math.log(a) - logDen;
      }
    }
    this.aliases = new Array<AliasTable | undefined>(m * C);
  }

  addJointLogLikelihood(
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
    const C = this.classes;
    const d = x.cols;
    const cols = this.cols;
    const K = this.nCategories;
    const offset = this.offset;
    const table = this.table;
    // log θ̂_c,j,x_j for every class is a gather of C adjacent numbers. `(v >>> 0) === v` holds
    // exactly for integers in [0, 2³²), so one test sends NaN, negatives, fractions and codes
    // past K_j to the slow path.
    for (let r = 0; r < n; r++) {
      const base = off + r * d;
      const o = outOff + r * C;
      for (let k = 0; k < m; k++) {
        const v = buf[base + cols[k]!]!;
        if (v >>> 0 === v && v < K[k]!) {
          const t = offset[k]! + v * C;
          for (let c = 0; c < C; c++) out[o + c] = out[o + c]! + table[t + c]!;
        } else this.slowCell(v, rowStart + r, k, x, out, o, ctx);
      }
    }
  }

  /** A value that is not a known category code: missing, invalid or unseen. */
  private slowCell(
    v: number,
    row: number,
    k: number,
    x: RowBlocks,
    out: Float64Array,
    o: number,
    ctx: ScoreContext,
  ): void {
    const j = this.cols[k]!;
    if (!Number.isFinite(v)) return skipMissing(v, row, j, x, ctx); // throws unless a NaN to leave out
    if (!Number.isInteger(v) || v < 0) {
      throw new RangeError(`${ctx.where}: X[${row}][${j}] is ${v}, but a categorical feature takes integer codes >= 0`);
    }
    if (ctx.unseen === "ignore") return;
    if (ctx.unseen === "error") {
      throw new RangeError(
        `${ctx.where}: X[${row}][${j}] is category ${v}, never seen in training (feature ${j} has categories 0..${this.nCategories[k]! - 1}); ` +
          `set unseen: "smooth" or "ignore" to score it`,
      );
    }
    const C = this.classes;
    for (let c = 0; c < C; c++) out[o + c] = out[o + c]! + this.unseenLog[k * C + c]!;
  }

  sampleRow(rng: Rng, c: number, row: Float64Array, rowOff: number): void {
    const m = this.cols.length;
    const C = this.classes;
    for (let k = 0; k < m; k++) {
      let table = this.aliases[c * m + k];
      if (table === undefined) {
        // Built on first use, then kept until the next fit: O(K) once, O(1) per draw.
        const K = this.nCategories[k]!;
        const w = new Float64Array(K);
        for (let t = 0; t < K; t++) w[t] = Math.exp(this.table[this.offset[k]! + t * C + c]!);
        table = new AliasTable(w);
        this.aliases[c * m + k] = table;
      }
      row[rowOff + this.cols[k]!] = table.sample(rng);
    }
  }

  /** θ̂ for the block's k-th feature: classes × K_j. */
  probabilities(k: number): Matrix {
    const C = this.classes;
    const K = this.nCategories[k]!;
    const out = Matrix.zeros(C, K);
    for (let c = 0; c < C; c++)
      for (let t = 0; t < K; t++) out.data[c * K + t] = Math.exp(this.table[this.offset[k]! + t * C + c]!);
    return out;
  }

  toJSON(): { nCategories: number[]; count: number[][] } {
    return { nCategories: Array.from(this.nCategories), count: this.counts.map((a) => Array.from(a)) };
  }

  /** Restores the counts written by `toJSON`. */
  loadJSON(where: string, json: unknown): void {
    const o = (json ?? {}) as { nCategories?: unknown; count?: unknown };
    const m = this.cols.length;
    const K = numbersFromJSON(`${where}.categorical.nCategories`, o.nCategories, m);
    if (!Array.isArray(o.count) || o.count.length !== m)
      throw new TypeError(`${where}.categorical.count: expected ${m} arrays`);
    for (let k = 0; k < m; k++) {
      const Kk = K[k]!;
      if (!Number.isInteger(Kk) || Kk < 0 || Kk > MAX_CATEGORY + 1)
        throw new RangeError(`${where}.categorical.nCategories[${k}] is invalid`);
      this.nCategories[k] = Kk;
      const counts = numbersFromJSON(`${where}.categorical.count[${k}]`, o.count[k], Kk * this.classes);
      for (let i = 0; i < counts.length; i++) {
        if (!Number.isInteger(counts[i]) || counts[i]! < 0)
          throw new RangeError(`${where}.categorical.count[${k}][${i}] must be an integer >= 0`);
      }
      this.counts[k] = counts;
    }
  }
}
