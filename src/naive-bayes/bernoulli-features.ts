/**
 * Bernoulli features: b_j | class c ~ Bernoulli(p_cj), where b_j = [x_j > binarize] (or x_j
 * itself when the data are already 0/1), as scikit-learn's BernoulliNB.
 *
 * The statistics are integer counts of ones per class and feature, so merging batches is exact.
 * With Lidstone smoothing α: p̂_cj = (N_cj + α) / (N_c + 2α), and both logs come straight from
 * the counts, log(1 − p̂_cj) = log(N_c − N_cj + α) − log(N_c + 2α), never log(1 − exp(log p̂)),
 * which loses every digit when p̂ is near 1.
 */

import { Matrix, type RowBlocks } from "../core/matrix.js";
import type { Rng } from "../core/rng.js";
import {
  skipMissing,
  isContiguous,
  numbersFromJSON,
  remapRows,
  type FeatureBlock,
  type ScoreContext,
} from "./feature-block.js";

/** Per-class Bernoulli models of the Bernoulli columns. */
export class BernoulliFeatures implements FeatureBlock {
  readonly kind = "bernoulli" as const;
  readonly cols: Int32Array;
  private readonly contiguous: boolean;
  /** The threshold above which a value counts as 1, or null for data already 0/1. */
  readonly binarize: number | null;
  /** α per feature of the block (already at least 1e-10). */
  private readonly alpha: Float64Array;
  private classes: number;
  private count: Float64Array; // ones per class and feature, classes × m
  private logP: Float64Array; // log p̂_cj
  private logQ: Float64Array; // log(1 − p̂_cj)
  private delta: Float64Array; // log p̂_cj − log(1 − p̂_cj): what a 1 adds over a 0
  private base: Float64Array; // Σ_j log(1 − p̂_cj): the score of an all-zero row, per class
  private p: Float64Array;
  private readonly bits: Float64Array; // one binarised row, reused

  constructor(cols: Int32Array, alpha: Float64Array, binarize: number | null, classes: number) {
    this.cols = cols;
    this.contiguous = isContiguous(cols);
    this.alpha = alpha;
    this.binarize = binarize;
    this.classes = classes;
    this.count = new Float64Array(classes * cols.length);
    this.logP = new Float64Array(0);
    this.logQ = new Float64Array(0);
    this.delta = new Float64Array(0);
    this.base = new Float64Array(0);
    this.p = new Float64Array(0);
    this.bits = new Float64Array(cols.length);
  }

  remapClasses(classes: number, oldToNew: Int32Array): void {
    this.count = remapRows(this.count, this.cols.length, classes, oldToNew);
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
    const first = cols[0]!;
    const t = this.binarize;
    const ones = new Float64Array(classes * m);
    // chk stays 0 only for finite values (v − v is NaN otherwise) that are 0/1 when binarize
    // is null (|v(1 − v)| > 0 otherwise): the data check, folded into the counting pass.
    let chk = 0;
    for (let start = 0; start < x.rows; start += x.blockRows) {
      const buf = x.block(start);
      const end = Math.min(x.rows, start + x.blockRows);
      // One loop per mode, chosen outside the row loop so the inner loops stay branch-free.
      if (t === null && this.contiguous) {
        chk += countBits(buf, x.offset + first, d, start, end, y, m, ones);
      } else if (t === null) {
        for (let i = start, base = x.offset; i < end; i++, base += d) {
          const p = y[i]! * m;
          for (let k = 0; k < m; k++) {
            const v = buf[base + cols[k]!]!;
            ones[p + k] = ones[p + k]! + v;
            chk += Math.abs(v * (1 - v));
          }
        }
      } else {
        for (let i = start, base = x.offset; i < end; i++, base += d) {
          const p = y[i]! * m;
          for (let k = 0; k < m; k++) {
            const v = buf[base + cols[k]!]!;
            ones[p + k] = ones[p + k]! + (v > t ? 1 : 0);
            chk += v - v;
          }
        }
      }
    }
    if (chk !== 0) onBad();
    return () => {
      if (this.count.length !== ones.length)
        throw new Error("BernoulliFeatures: classes were not remapped before the commit");
      for (let k = 0; k < ones.length; k++) this.count[k] = this.count[k]! + ones[k]!;
    };
  }

  finalize(classCount: Float64Array): void {
    const m = this.cols.length;
    const C = this.classes;
    const size = C * m;
    this.logP = new Float64Array(size);
    this.logQ = new Float64Array(size);
    this.delta = new Float64Array(size);
    this.p = new Float64Array(size);
    this.base = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      const n = classCount[c]!;
      let sum = 0;
      for (let k = 0; k < m; k++) {
        const i = c * m + k;
        const a = this.alpha[k]!;
        const logDen = Math.log(n + 2 * a);
        const lp = Math.log(this.count[i]! + a) - logDen;
        const lq = Math.log(n - this.count[i]! + a) - logDen;
        this.logP[i] = lp;
        this.logQ[i] = lq;
        this.delta[i] = lp - lq;
        this.p[i] = (this.count[i]! + a) / (n + 2 * a);
        sum += lq;
      }
      this.base[c] = sum;
    }
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
    const delta = this.delta;
    const baseScore = this.base;
    const t = this.binarize;
    const b = this.bits;
    // Σ_j log p(b_j | c) = Σ_j log(1 − p̂_cj) + Σ_j b_j (log p̂_cj − log(1 − p̂_cj)): a per-class
    // constant plus a dot product, with no branch on the bits themselves (branching on random
    // bits would mispredict half the time). A row with a value that is not finite, or not 0/1
    // when binarize is null, goes to the slow path, which names the bad value or skips missing ones.
    if (t === null && this.contiguous) {
      // Already bits in consecutive columns: score straight from the input, two classes per
      // pass over the row (half the loads of x), checking the row during the first pass
      // rather than in a pass of its own.
      const first = cols[0]!;
      for (let r = 0; r < n; r++) {
        const at = off + r * d + first;
        const o = outOff + r * C;
        let bad = false;
        let s0 = 0;
        let s1 = 0;
        const p1 = C > 1 ? m : 0; // with one class, the second sum just repeats the first
        for (let k = 0; k < m; k++) {
          const v = buf[at + k]!;
          s0 += v * delta[k]!;
          s1 += v * delta[p1 + k]!;
          // As in countBits: exactly 0 for 0 and 1 only; a branch valid rows never take.
          if (v * (1 - v) !== 0) {
            bad = true;
            break;
          }
        }
        if (bad) {
          this.slowRow(buf, off + r * d, rowStart + r, x, out, o, ctx);
          continue;
        }
        out[o] = out[o]! + baseScore[0]! + s0;
        if (C > 1) out[o + 1] = out[o + 1]! + baseScore[1]! + s1;
        for (let c = 2; c < C; c += 2) {
          const pa = c * m;
          const pb = c + 1 < C ? pa + m : pa;
          let sa = 0;
          let sb = 0;
          for (let k = 0; k < m; k++) {
            const v = buf[at + k]!;
            sa += v * delta[pa + k]!;
            sb += v * delta[pb + k]!;
          }
          out[o + c] = out[o + c]! + baseScore[c]! + sa;
          if (c + 1 < C) out[o + c + 1] = out[o + c + 1]! + baseScore[c + 1]! + sb;
        }
      }
      return;
    }
    for (let r = 0; r < n; r++) {
      const rowBase = off + r * d;
      const o = outOff + r * C;
      // Form the row's bits once (checking them), then a multiply-add per class.
      let chk = 0;
      if (t === null) {
        for (let k = 0; k < m; k++) {
          const v = buf[rowBase + cols[k]!]!;
          chk += Math.abs(v * (1 - v));
          b[k] = v;
        }
      } else {
        for (let k = 0; k < m; k++) {
          const v = buf[rowBase + cols[k]!]!;
          chk += v - v;
          b[k] = v > t ? 1 : 0;
        }
      }
      if (chk !== 0) {
        this.slowRow(buf, rowBase, rowStart + r, x, out, o, ctx);
        continue;
      }
      for (let c = 0; c < C; c++) {
        const p = c * m;
        let s = 0;
        for (let k = 0; k < m; k++) s += b[k]! * delta[p + k]!;
        out[o + c] = out[o + c]! + baseScore[c]! + s;
      }
    }
  }

  /** A row with a NaN, an infinite value, or a value other than 0/1 when binarize is null. */
  private slowRow(
    buf: Float64Array,
    rowBase: number,
    row: number,
    x: RowBlocks,
    out: Float64Array,
    o: number,
    ctx: ScoreContext,
  ): void {
    const m = this.cols.length;
    const t = this.binarize;
    // Check every value first, so that an error is thrown before anything is added.
    for (let k = 0; k < m; k++) {
      const j = this.cols[k]!;
      const v = buf[rowBase + j]!;
      if (!Number.isFinite(v)) {
        skipMissing(v, row, j, x, ctx); // throws unless a NaN to leave out
        continue;
      }
      if (t === null && v !== 0 && v !== 1) {
        throw new RangeError(
          `${ctx.where}: X[${row}][${j}] is ${v}, but Bernoulli features with binarize: null must be 0 or 1`,
        );
      }
    }
    for (let c = 0; c < this.classes; c++) {
      let s = 0;
      for (let k = 0; k < m; k++) {
        const v = buf[rowBase + this.cols[k]!]!;
        if (Number.isNaN(v)) continue; // missing: left out of the score
        const bit = t === null ? v : v > t ? 1 : 0;
        s += bit === 1 ? this.logP[c * m + k]! : this.logQ[c * m + k]!;
      }
      out[o + c] = out[o + c]! + s;
    }
  }

  sampleRow(rng: Rng, c: number, row: Float64Array, rowOff: number): void {
    const m = this.cols.length;
    for (let k = 0; k < m; k++) row[rowOff + this.cols[k]!] = rng.next() < this.p[c * m + k]! ? 1 : 0;
  }

  /** p̂_cj, classes × (Bernoulli features). */
  probabilities(): Matrix {
    return new Matrix(this.p.slice(), this.classes, this.cols.length);
  }

  /** Writes p̂ into the block's columns of a classes × d matrix. */
  scatter(target: Matrix): void {
    const m = this.cols.length;
    for (let c = 0; c < this.classes; c++) {
      for (let k = 0; k < m; k++) target.data[c * target.cols + this.cols[k]!] = this.p[c * m + k]!;
    }
  }

  toJSON(): { count: number[] } {
    return { count: Array.from(this.count) };
  }

  /** Restores the counts written by `toJSON`. */
  loadJSON(where: string, json: unknown, classCount: Float64Array): void {
    const o = (json ?? {}) as { count?: unknown };
    const m = this.cols.length;
    this.count = numbersFromJSON(`${where}.bernoulli.count`, o.count, this.classes * m);
    for (let i = 0; i < this.count.length; i++) {
      const v = this.count[i]!;
      if (!Number.isInteger(v) || v < 0 || v > classCount[Math.floor(i / m)]!) {
        throw new RangeError(`${where}.bernoulli.count[${i}] must be an integer in [0, class count]`);
      }
    }
  }
}

/**
 * The hot loop of a Bernoulli fit on 0/1 data in consecutive columns: adds row i's m values
 * (from buf[at + (i − start)·d]) to its class's counts, and returns 0 when every value is 0 or
 * 1, or 1 as soon as one is not (the counts are then a discarded batch's). A top-level function
 * so that V8 optimises it on its own.
 */
function countBits(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  y: Int32Array,
  m: number,
  ones: Float64Array,
): number {
  for (let i = start; i < end; i++, at += d) {
    const p = y[i]! * m;
    let k = 0;
    // Four features per step so the independent adds overlap. v(1 − v) is exactly 0 for 0 and 1
    // only (NaN and ±Infinity fail too); a branch that valid data never take is cheaper than
    // accumulating a check value.
    for (; k + 3 < m; k += 4) {
      const v0 = buf[at + k]!;
      const v1 = buf[at + k + 1]!;
      const v2 = buf[at + k + 2]!;
      const v3 = buf[at + k + 3]!;
      ones[p + k] = ones[p + k]! + v0;
      ones[p + k + 1] = ones[p + k + 1]! + v1;
      ones[p + k + 2] = ones[p + k + 2]! + v2;
      ones[p + k + 3] = ones[p + k + 3]! + v3;
      if (v0 * (1 - v0) !== 0 || v1 * (1 - v1) !== 0 || v2 * (1 - v2) !== 0 || v3 * (1 - v3) !== 0) return 1;
    }
    for (; k < m; k++) {
      const v = buf[at + k]!;
      ones[p + k] = ones[p + k]! + v;
      if (v * (1 - v) !== 0) return 1;
    }
  }
  return 0;
}
