/**
 * The Categorical family's parameters for a block of columns and C components (their statistics are
 * in stats.ts): log-likelihood terms into a rows × components output, and rows drawn per
 * component.
 */

import { hasBrand } from "../../core/brand.js";
import { timesPowerOfTwo } from "../../core/weights.js";
import { AliasTable } from "../../core/alias.js";
import { skipMissing } from "../../core/cells.js";
import type { Distribution } from "../../core/distribution.js";
import type { Family, KernelOptions, KernelParams, RowBlock, ScoreContext } from "../../core/kernel.js";
import type { RowBlocks } from "../../core/matrix.js";
import type { Rng } from "../../core/rng.js";
import { Categorical } from "./categorical.js";
import { categoricalValues } from "./values.js";
import { badCategory, categoricalProbabilities, CategoricalKernelStats } from "./stats.js";

/** The parameters of a block's statistics, with the options' smoothing. */
function estimateParams(s: CategoricalKernelStats, options: KernelOptions): CategoricalKernelParams {
  const m = s.cols.length;
  const C = s.components;
  const offset = new Int32Array(m);
  let size = 0;
  for (let k = 0; k < m; k++) {
    offset[k] = size;
    size += s.nCategories[k]! * C;
  }
  const table = new Float64Array(size);
  const probs = new Float64Array(size);
  const unseenLog = new Float64Array(m * C);
  for (let k = 0; k < m; k++) {
    const K = s.nCategories[k]!;
    const a = timesPowerOfTwo(options.alpha[k]!, -s.weightExponent); // α in the weights' units
    const counts = s.counts[k]!;
    const o = offset[k]!;
    for (let c = 0; c < C; c++) {
      categoricalProbabilities(counts, s.weight[c]!, a, K, probs.subarray(o), c, C);
      // W_c equals Σ_t N_ckt: every row of the component has one category.
      const den = s.weight[c]! + a * K;
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
        const logDen = Math.log(s.weight[c]! / a + K);
        for (let t = 0; t < K; t++) table[o + t * C + c] = Math.log(counts[t * C + c]! / a + 1) - logDen;
        unseenLog[k * C + c] = -logDen;
      }
    }
  }
  return new CategoricalKernelParams(s.cols, C, s.nCategories.slice(), offset, table, probs, unseenLog);
}

/** Fitted categorical parameters of a block of columns, per component. @internal */
class CategoricalKernelParams implements KernelParams {
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
    return new CategoricalKernelStats(this.cols, this.components, this.nCategories, estimateParams);
  }

  freeParameters(): number {
    let k = 0;
    for (let j = 0; j < this.cols.length; j++) k += Math.max(0, this.nCategories[j]! - 1);
    return this.components * k;
  }

  logPrior(options: KernelOptions): number {
    // Dirichlet(α + 1): α Σ_t log θ_t per component and column (0 where α = 0).
    const C = this.components;
    let sum = 0;
    for (let k = 0; k < this.cols.length; k++) {
      const a = options.alpha[k]!;
      if (a === 0) continue;
      let s = 0;
      for (let i = this.offset[k]!, end = i + this.nCategories[k]! * C; i < end; i++) s += this.table[i]!;
      sum += a * s;
    }
    return sum;
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

  addLogLikelihood(block: RowBlock, out: Float64Array, ctx: ScoreContext): void {
    const { buf, off, rows: n, start: rowStart, input: x } = block;
    const outOff = rowStart * this.components;
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
  values: categoricalValues,
  createStats: (cols, components, options) =>
    new CategoricalKernelStats(cols, components, options.minCategories, estimateParams),
  statsFromJSON: (where, json, cols, components) =>
    CategoricalKernelStats.fromJSON(where, json, cols, components, estimateParams),
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
  owns: (d) => hasBrand(d, "Categorical"),
  typeName: "Categorical",
  fromJSON: (json) => Categorical.fromJSON(json),
  // K in 2..6 (from the first uniform), every probability at least 1/(5K) of the total: each
  // category is seen.
  example(u) {
    const k = 2 + Math.floor(5 * u());
    const w = Array.from({ length: k }, () => 0.25 + u());
    const total = w.reduce((a, b) => a + b, 0);
    return new Categorical(w.map((v) => v / total));
  },
};
