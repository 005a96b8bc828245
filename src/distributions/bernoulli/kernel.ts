/**
 * The Bernoulli family's parameters for a block of columns and C components (their statistics are
 * in stats.ts): log-likelihood terms into a rows × components output, and rows drawn per
 * component.
 */

import { hasBrand } from "../../core/brand.js";
import { timesPowerOfTwo } from "../../core/weights.js";
import { isContiguous, skipMissing } from "../../core/cells.js";
import type { Distribution } from "../../core/distribution.js";
import type { Family, KernelOptions, KernelParams, RowBlock, ScoreContext } from "../../core/kernel.js";
import type { RowBlocks } from "../../core/matrix.js";
import { nextUniform, type Rng } from "../../core/rng.js";
import { Bernoulli } from "./bernoulli.js";
import { bernoulliValues } from "./values.js";
import { bernoulliProbability, BernoulliKernelStats } from "./stats.js";

/** The parameters of a block's statistics, with the options' smoothing. */
function estimateParams(s: BernoulliKernelStats, options: KernelOptions): BernoulliKernelParams {
  const m = s.cols.length;
  const C = s.components;
  const logP = new Float64Array(C * m);
  const logQ = new Float64Array(C * m);
  const p = new Float64Array(C * m);
  for (let c = 0; c < C; c++) {
    const n = s.weight[c]!;
    for (let k = 0; k < m; k++) {
      const i = c * m + k;
      const a = timesPowerOfTwo(options.alpha[k]!, -s.weightExponent); // α in the weights' units
      const den = n + 2 * a;
      p[i] = bernoulliProbability(s.ones[i]!, n, a);
      if (!(den > 0) || a === Infinity) {
        logP[i] = logQ[i] = -Math.LN2; // no data and no smoothing, or the prior alone: p̂ = ½
        continue;
      }
      // Responsibilities may leave N_ck a rounding above W_c: clamp the count of zeros at 0.
      // For α so large that n + 2α overflows, the halved form (the same ratio).
      const zeros = Math.max(0, n - s.ones[i]!);
      if (den < Infinity) {
        const logDen = Math.log(den);
        logP[i] = Math.log(s.ones[i]! + a) - logDen;
        logQ[i] = Math.log(zeros + a) - logDen;
      } else {
        const logDen = Math.log(n / 2 + a);
        logP[i] = Math.log(s.ones[i]! / 2 + a / 2) - logDen;
        logQ[i] = Math.log(zeros / 2 + a / 2) - logDen;
      }
    }
  }
  return new BernoulliKernelParams(s.cols, C, logP, logQ, p, s.binarize);
}

/** Fitted Bernoulli parameters of a block of columns, per component. @internal */
class BernoulliKernelParams implements KernelParams {
  readonly kind = "bernoulli" as const;
  readonly cols: Int32Array;
  readonly components: number;
  readonly binarize: number | null;
  readonly logP: Float64Array; // log p̂_ck
  readonly logQ: Float64Array; // log(1 − p̂_ck)
  private readonly contiguous: boolean;
  private readonly delta: Float64Array; // log p̂_ck − log(1 − p̂_ck): what a 1 adds over a 0
  private readonly base: Float64Array; // Σ_k log(1 − p̂_ck): the score of an all-zero row, per component
  private readonly p: Float64Array;
  private readonly finite: boolean; // no p̂ is 0 or 1, so the dot-product form has no ∞ · 0
  private tables: Float64Array | null = null; // bitTables(), made on first use
  private codes: Int32Array | null = null; // codeTile(), made on first use
  private slow: Int32Array | null = null; // slowRows(), made on first use

  constructor(
    cols: Int32Array,
    components: number,
    logP: Float64Array,
    logQ: Float64Array,
    p: Float64Array,
    binarize: number | null,
  ) {
    this.cols = cols;
    this.components = components;
    this.binarize = binarize;
    this.contiguous = isContiguous(cols);
    this.logP = logP;
    this.logQ = logQ;
    const m = cols.length;
    this.delta = new Float64Array(components * m);
    this.p = p;
    this.base = new Float64Array(components);
    let finite = true;
    for (let c = 0; c < components; c++) {
      let sum = 0;
      for (let k = c * m; k < (c + 1) * m; k++) {
        this.delta[k] = logP[k]! - logQ[k]!;
        sum += logQ[k]!;
        if (!(logP[k]! > -Infinity && logQ[k]! > -Infinity)) finite = false;
      }
      this.base[c] = sum;
    }
    this.finite = finite;
  }

  freeParameters(): number {
    return this.components * this.cols.length;
  }

  logPrior(options: KernelOptions): number {
    // Beta(α + 1, α + 1): α (log p + log(1 − p)) per component and column (0 where α = 0).
    const m = this.cols.length;
    let sum = 0;
    for (let k = 0; k < m; k++) {
      const a = options.alpha[k]!;
      if (a === 0) continue;
      for (let c = 0, i = k; c < this.components; c++, i += m) sum += a * (this.logP[i]! + this.logQ[i]!);
    }
    return sum;
  }

  statsLike(): BernoulliKernelStats {
    return new BernoulliKernelStats(this.cols, this.components, this.binarize, estimateParams);
  }

  marginal(c: number, k: number): Distribution<number> {
    return new Bernoulli(this.p[c * this.cols.length + k]!);
  }

  addLogLikelihood(block: RowBlock, out: Float64Array, ctx: ScoreContext): void {
    const { buf, off, rows: n, start: rowStart, input: x } = block;
    const outOff = rowStart * this.components;
    const m = this.cols.length;
    const C = this.components;
    const d = x.cols;
    const cols = this.cols;
    const delta = this.delta;
    const baseScore = this.base;
    const threshold = this.binarize;
    // Σ_k log p(b_k | c) = Σ_k log(1 − p̂_ck) + Σ_k b_k (log p̂_ck − log(1 − p̂_ck)): a
    // per-component constant plus a dot product, with no branch on the bits themselves
    // (branching on random bits would mispredict half the time). A row with a value that is not
    // finite, or not 0/1 when binarize is null, goes to the slow path, which names the bad value
    // or skips missing ones; so do all rows when some p̂ is 0 or 1 (∞ · 0 in the dot product).
    if (!this.finite) {
      for (let r = 0; r < n; r++) this.scoreRowChecked(buf, off + r * d, rowStart + r, x, out, outOff + r * C, ctx);
      return;
    }
    if (threshold === null && this.contiguous && C <= 2) {
      // Already bits in consecutive columns, one or two components: straight from the input,
      // four rows at a time (scoreBitRows). Rows it could not score go to the slow path.
      const slow = this.slowRows(n);
      const nSlow = scoreBitRows(buf, off + cols[0]!, d, n, m, C, delta, baseScore, out, outOff, slow);
      for (let i = 0; i < nSlow; i++) {
        const r = slow[i]!;
        this.scoreRowChecked(buf, off + r * d, rowStart + r, x, out, outOff + r * C, ctx);
      }
      return;
    }
    // Otherwise (a threshold, more components, or columns among other kinds) by table:
    // each run of four columns of a row is a 4-bit code, formed once per row, and the sum of
    // δ over the set bits of every code is looked up per component (bitTables): one load and
    // one add per component and four columns, instead of four multiply-adds.
    const G = (m + 3) >> 2;
    const tables = this.bitTables();
    const codes = this.codeTile(G);
    const flags = TILE * G; // codes[flags + r] is 1 for a row to score slowly
    for (let r0 = 0; r0 < n; r0 += TILE) {
      const rows = Math.min(TILE, n - r0);
      const bad = bitCodes(buf, off + r0 * d, d, rows, cols, threshold, codes, flags);
      // Two components per pass over a row's codes (each code loaded once for both), two
      // chains of adds each, so that consecutive lookups overlap.
      for (let c = 0; c < C; c += 2) {
        const ta = c * G * 16;
        const tb = c + 1 < C ? ta + G * 16 : ta; // an odd last component is looked up twice, kept once
        for (let r = 0, q = 0; r < rows; r++, q += G) {
          let a0 = 0;
          let a1 = 0;
          let b0 = 0;
          let b1 = 0;
          let g = 0;
          for (; g + 1 < G; g += 2) {
            const i0 = codes[q + g]!;
            const i1 = codes[q + g + 1]!;
            a0 += tables[ta + i0]!;
            a1 += tables[ta + i1]!;
            b0 += tables[tb + i0]!;
            b1 += tables[tb + i1]!;
          }
          if (g < G) {
            a0 += tables[ta + codes[q + g]!]!;
            b0 += tables[tb + codes[q + g]!]!;
          }
          if (codes[flags + r] !== 0) continue;
          const o = outOff + (r0 + r) * C + c;
          out[o] = out[o]! + baseScore[c]! + (a0 + a1);
          if (c + 1 < C) out[o + 1] = out[o + 1]! + baseScore[c + 1]! + (b0 + b1);
        }
      }
      // A row with a value that is not finite, or not 0/1 when binarize is null (its codes are
      // 0 and nothing was added): scored slowly, which names the value or leaves it out.
      if (bad === 0) continue;
      for (let r = 0; r < rows; r++) {
        if (codes[flags + r] === 0) continue;
        this.scoreRowChecked(buf, off + (r0 + r) * d, rowStart + r0 + r, x, out, outOff + (r0 + r) * C, ctx);
      }
    }
  }

  /**
   * Per component and run of four columns g, the 16 sums Σ_{bits of i} δ_c,4g+bit for i = 0..15,
   * at ((c·G + g)·16 + i): what a row whose four bits there spell i adds. Built on first use
   * (one add per entry: the sum without the lowest bit, plus that bit's δ); columns past the
   * last count as 0.
   */
  private bitTables(): Float64Array {
    if (this.tables !== null) return this.tables;
    const m = this.cols.length;
    const G = (m + 3) >> 2;
    const t = new Float64Array(this.components * G * 16);
    for (let c = 0; c < this.components; c++) {
      for (let g = 0; g < G; g++) {
        const b = (c * G + g) * 16;
        for (let i = 1; i < 16; i++) {
          const bit = 31 - Math.clz32(i & -i);
          const k = 4 * g + bit;
          t[b + i] = t[b + (i & (i - 1))]! + (k < m ? this.delta[c * m + k]! : 0);
        }
      }
    }
    this.tables = t;
    return t;
  }

  /** A reusable Int32Array for the indices of up to n rows to score slowly. */
  private slowRows(n: number): Int32Array {
    if (this.slow === null || this.slow.length < n) this.slow = new Int32Array(n);
    return this.slow;
  }

  /** A reusable Int32Array of TILE × G codes and TILE row flags. */
  private codeTile(G: number): Int32Array {
    this.codes ??= new Int32Array(TILE * (G + 1));
    return this.codes;
  }

  /** A row with a missing or invalid value, or any row when some p̂ is 0 or 1. */
  private scoreRowChecked(
    buf: Float64Array,
    rowBase: number,
    row: number,
    x: RowBlocks,
    out: Float64Array,
    o: number,
    ctx: ScoreContext,
  ): void {
    const m = this.cols.length;
    const threshold = this.binarize;
    // Check every value first, so that an error is thrown before anything is added.
    let impossible = false;
    for (let k = 0; k < m; k++) {
      const j = this.cols[k]!;
      const v = buf[rowBase + j]!;
      if (!Number.isFinite(v)) {
        skipMissing(v, row, j, x, ctx); // throws unless a missing value to leave out
        continue;
      }
      if (threshold === null && v !== 0 && v !== 1) {
        if (ctx.outsideSupport === "impossible" && typeof x.value(row, j) === "number") {
          impossible = true;
          continue;
        }
        throw new RangeError(
          `${ctx.where}: X[${row}][${j}] is ${v}, but Bernoulli features with binarize: null must be 0 or 1`,
        );
      }
    }
    if (impossible) {
      for (let c = 0; c < this.components; c++) out[o + c] = -Infinity; // outside the support
      return;
    }
    for (let c = 0; c < this.components; c++) {
      let s = 0;
      for (let k = 0; k < m; k++) {
        const v = buf[rowBase + this.cols[k]!]!;
        if (Number.isNaN(v)) continue; // missing: left out of the score
        const bit = threshold === null ? v : v > threshold ? 1 : 0;
        s += bit === 1 ? this.logP[c * m + k]! : this.logQ[c * m + k]!;
      }
      out[o + c] = out[o + c]! + s;
    }
  }

  sampleRow(rng: Rng, c: number, row: Float64Array, rowOff: number, where: string): void {
    const m = this.cols.length;
    for (let k = 0; k < m; k++) {
      row[rowOff + this.cols[k]!] = nextUniform(rng, where) < this.p[c * m + k]! ? 1 : 0;
    }
  }

  /** p̂ per component and column. */
  probabilities(): Float64Array {
    return this.p.slice();
  }
}

/** The Bernoulli family, for the registry. @internal */
export const bernoulliFamily: Family = {
  kind: "bernoulli",
  values: bernoulliValues,
  createStats: (cols, components, options) =>
    new BernoulliKernelStats(cols, components, options.binarize, estimateParams),
  statsFromJSON: (where, json, cols, components, options) =>
    BernoulliKernelStats.fromJSON(where, json, cols, components, options.binarize, estimateParams),
  paramsFrom(cols, components, marginals) {
    const logP = new Float64Array(marginals.length);
    const logQ = new Float64Array(marginals.length);
    const p = new Float64Array(marginals.length);
    for (let i = 0; i < marginals.length; i++) {
      p[i] = (marginals[i] as Bernoulli).p;
      logP[i] = Math.log(p[i]!);
      logQ[i] = Math.log1p(-p[i]!);
    }
    return new BernoulliKernelParams(cols, components, logP, logQ, p, null);
  },
  owns: (d) => hasBrand(d, "Bernoulli"),
  typeName: "Bernoulli",
  fromJSON: (json) => Bernoulli.fromJSON(json),
  // p in [0.05, 0.95]: both values are seen in a sample of a few hundred.
  example: (u) => new Bernoulli(0.05 + 0.9 * u()),
};

/** Rows per tile of the table-driven scoring: a tile's codes stay in L1 across components. */
const TILE = 64;

/**
 * The 4-bit codes of `rows` rows (row r at buf[at + r·d], the block's columns `cols`) into
 * codes[r·G + g] = 16g + code, G = ⌈m / 4⌉, bit i of the code being [x_{4g+i} > threshold]
 * (x itself when threshold is null): the code's index into its component's bitTables. A row
 * with a value that is not finite, or (threshold null) not 0 or 1, gets code 0 everywhere and
 * codes[flags + r] = 1; the others 0. Returns the number of such rows.
 *
 * The bits are +(x > t), which V8 compiles without a branch: a branch on the bits of real data
 * (pixels, say) mispredicts about half the time and costs ~8× more. The check is folded into a
 * sum per row: x − x is 0 exactly for finite x, and |x − x²| exactly for 0 and 1.
 */
function bitCodes(
  buf: Float64Array,
  at: number,
  d: number,
  rows: number,
  cols: Int32Array,
  threshold: number | null,
  codes: Int32Array,
  flags: number,
): number {
  const m = cols.length;
  const G = (m + 3) >> 2;
  let bad = 0;
  for (let r = 0, a = at, q = 0; r < rows; r++, a += d, q += G) {
    let chk = 0;
    let g = 0;
    let k = 0;
    if (threshold === null) {
      for (; k + 3 < m; k += 4, g++) {
        const x0 = buf[a + cols[k]!]!;
        const x1 = buf[a + cols[k + 1]!]!;
        const x2 = buf[a + cols[k + 2]!]!;
        const x3 = buf[a + cols[k + 3]!]!;
        chk += Math.abs(x0 - x0 * x0) + Math.abs(x1 - x1 * x1) + (Math.abs(x2 - x2 * x2) + Math.abs(x3 - x3 * x3));
        codes[q + g] = 16 * g + (x0 + 2 * x1 + (4 * x2 + 8 * x3));
      }
    } else {
      for (; k + 3 < m; k += 4, g++) {
        const x0 = buf[a + cols[k]!]!;
        const x1 = buf[a + cols[k + 1]!]!;
        const x2 = buf[a + cols[k + 2]!]!;
        const x3 = buf[a + cols[k + 3]!]!;
        chk += x0 - x0 + (x1 - x1) + (x2 - x2 + (x3 - x3));
        codes[q + g] =
          16 * g + (+(x0 > threshold) + 2 * +(x1 > threshold) + (4 * +(x2 > threshold) + 8 * +(x3 > threshold)));
      }
    }
    if (k < m) {
      // The last, partial run of columns.
      let code = 0;
      for (let bit = 1; k < m; k++, bit *= 2) {
        const x = buf[a + cols[k]!]!;
        if (threshold === null) {
          chk += Math.abs(x - x * x);
          code += bit * x;
        } else {
          chk += x - x;
          code += bit * +(x > threshold);
        }
      }
      codes[q + g] = 16 * g + code;
    }
    if (chk === 0) codes[flags + r] = 0;
    else {
      codes[flags + r] = 1;
      for (let h = 0; h < G; h++) codes[q + h] = 16 * h; // in range, and unused
      bad++;
    }
  }
  return bad;
}

/**
 * Scores `n` rows of 0/1 values in m consecutive columns (row r at buf[at + r·d]) under one or
 * two components: out[outOff + r·C + c] += base_c + Σ_k x_rk δ_ck. Rows it cannot vouch for
 * (a value that is not 0 or 1) are left alone and their indices written to `slow`; returns
 * how many.
 *
 * Four rows at a time: each δ is loaded once for four rows, and the eight sums are eight
 * independent chains (one row at a time, two long chains of dependent adds set the pace). The
 * check is x·x === x, one multiply and a compare that valid data never fail (0 and 1 are its
 * only finite solutions; NaN fails it, −Infinity too); +Infinity passes it but makes a sum
 * infinite or NaN, which the row's final test catches. ~1.5× faster than one row at a time
 * with the check x(1 − x) = 0.
 */
function scoreBitRows(
  buf: Float64Array,
  at: number,
  d: number,
  n: number,
  m: number,
  C: number,
  delta: Float64Array,
  base: Float64Array,
  out: Float64Array,
  outOff: number,
  slow: Int32Array,
): number {
  const second = C > 1 ? m : 0; // with one component, the second sums repeat the first
  let nSlow = 0;
  let r = 0;
  for (; r + 3 < n; r += 4) {
    const a0 = at + r * d;
    const a1 = a0 + d;
    const a2 = a1 + d;
    const a3 = a2 + d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    let k = 0;
    for (; k < m; k++) {
      const x0 = buf[a0 + k]!;
      const x1 = buf[a1 + k]!;
      const x2 = buf[a2 + k]!;
      const x3 = buf[a3 + k]!;
      if (x0 * x0 !== x0 || x1 * x1 !== x1 || x2 * x2 !== x2 || x3 * x3 !== x3) break;
      const dk = delta[k]!;
      const ek = delta[second + k]!;
      s0 += x0 * dk;
      s1 += x1 * dk;
      s2 += x2 * dk;
      s3 += x3 * dk;
      t0 += x0 * ek;
      t1 += x1 * ek;
      t2 += x2 * ek;
      t3 += x3 * ek;
    }
    const sums = s0 + s1 + s2 + s3 + t0 + t1 + t2 + t3;
    if (k < m || sums - sums !== 0) {
      slow[nSlow++] = r;
      slow[nSlow++] = r + 1;
      slow[nSlow++] = r + 2;
      slow[nSlow++] = r + 3;
      continue;
    }
    const o = outOff + r * C;
    out[o] = out[o]! + base[0]! + s0;
    out[o + C] = out[o + C]! + base[0]! + s1;
    out[o + 2 * C] = out[o + 2 * C]! + base[0]! + s2;
    out[o + 3 * C] = out[o + 3 * C]! + base[0]! + s3;
    if (C > 1) {
      out[o + 1] = out[o + 1]! + base[1]! + t0;
      out[o + C + 1] = out[o + C + 1]! + base[1]! + t1;
      out[o + 2 * C + 1] = out[o + 2 * C + 1]! + base[1]! + t2;
      out[o + 3 * C + 1] = out[o + 3 * C + 1]! + base[1]! + t3;
    }
  }
  for (; r < n; r++) {
    const a0 = at + r * d;
    let s0 = 0;
    let t0 = 0;
    let k = 0;
    for (; k < m; k++) {
      const x0 = buf[a0 + k]!;
      if (x0 * x0 !== x0) break;
      s0 += x0 * delta[k]!;
      t0 += x0 * delta[second + k]!;
    }
    if (k < m || s0 + t0 - (s0 + t0) !== 0) {
      slow[nSlow++] = r;
      continue;
    }
    const o = outOff + r * C;
    out[o] = out[o]! + base[0]! + s0;
    if (C > 1) out[o + 1] = out[o + 1]! + base[1]! + t0;
  }
  return nSlow;
}
