/**
 * The latent-class engine: everything a model over C classes or components does with the
 * rows × C table of joint log-likelihoods log π_c + log p(x | c), written once for Naive Bayes
 * (observed classes, and semi-supervised EM), Mixture (EM) and any later model whose states
 * score rows the same way (a hidden Markov model's emissions are this table too).
 *
 * The table is filled by the blocks (models/blocks.ts): each block's family adds its terms. The
 * functions below turn it into posteriors, the most probable class, log p(x) per row, and an
 * E-step's responsibilities. Each loop works in place on the table, one row at a time, with the
 * log-sum-exp written inline (a call per row, with its argument checks, costs more than the
 * row's exponentials); anything but a finite row maximum (a row impossible everywhere, a NaN)
 * goes to `logSumExp`, which names a NaN.
 */

import type { KernelParams, ScoreContext } from "../core/kernel.js";
import { logSumExp } from "../core/log-space.js";
import { Matrix, RowBlocks } from "../core/matrix.js";
import { addLogLikelihood } from "./blocks.js";

/** A latent-class model's parameters: log π_c and every block's parameters. @internal */
export interface LatentClassState {
  readonly logPrior: Float64Array;
  readonly params: readonly KernelParams[];
}

/** out[r·C + c] = log π_c + Σ_blocks log p(x_r | c) for every row of `x`. @internal */
export function fillJoint(state: LatentClassState, x: RowBlocks, out: Float64Array, ctx: ScoreContext): void {
  const logPrior = state.logPrior;
  const C = logPrior.length;
  // A plain loop: TypedArray.set per row is a call per row, which costs more than C stores.
  for (let o = 0, end = x.rows * C; o < end; o += C) for (let c = 0; c < C; c++) out[o + c] = logPrior[c]!;
  addLogLikelihood(state.params, x, out, ctx);
}

/** log Σ_c exp(a[o + c]) over one row of C values. */
function rowLogSumExp(a: Float64Array, o: number, C: number): number {
  let max = -Infinity;
  for (let c = o; c < o + C; c++) if (a[c]! > max) max = a[c]!;
  if (!(max > -Infinity && max < Infinity)) return logSumExp(a, o, o + C);
  let sum = 0;
  for (let c = o; c < o + C; c++) {
    const t = a[c]! - max;
    if (t > -745.2) sum += Math.exp(t); // below, exp is 0 in doubles: no call
  }
  const lse = max + Math.log(sum);
  return lse === lse ? lse : logSumExp(a, o, o + C); // a NaN: throws naming it
}

/**
 * Turns each row of joint log-likelihoods into log posteriors (in place), or posteriors when
 * `exp`. A row that every class finds impossible gets the uniform posterior, never NaN.
 * @internal
 */
export function normaliseRows(a: Float64Array, rows: number, C: number, exp: boolean): void {
  const uniform = exp ? 1 / C : -Math.log(C);
  for (let r = 0, o = 0; r < rows; r++, o += C) {
    const lse = rowLogSumExp(a, o, C);
    if (lse === -Infinity) a.fill(uniform, o, o + C);
    else if (exp) for (let c = o; c < o + C; c++) a[c] = Math.exp(a[c]! - lse);
    else for (let c = o; c < o + C; c++) a[c] = a[c]! - lse;
  }
}

/** The index of the largest value of each row (ties go to the first, as in scikit-learn). @internal */
export function argmaxRows(a: Float64Array, rows: number, C: number): Int32Array {
  const best = new Int32Array(rows);
  for (let r = 0, o = 0; r < rows; r++, o += C) {
    let b = 0;
    for (let c = 1; c < C; c++) if (a[o + c]! > a[o + b]!) b = c;
    best[r] = b;
  }
  return best;
}

/** out[r] = log Σ_c exp(a[r·C + c]): log p(x_r) from the joint table. @internal */
export function rowLogLikelihoods(a: Float64Array, rows: number, C: number, out: Float64Array): void {
  for (let r = 0; r < rows; r++) out[r] = rowLogSumExp(a, r * C, C);
}

/**
 * The error for row i of `x`, impossible under every component of a model being fitted: it
 * names the first cell that every component gives probability 0, found by scoring the row's
 * cells one at a time (the others left out as missing).
 * @internal
 */
export function impossibleRow(where: string, state: LatentClassState, x: RowBlocks, i: number): RangeError {
  const d = x.cols;
  const C = state.logPrior.length;
  const alone = { logPrior: new Float64Array(C), params: state.params };
  const ctx: ScoreContext = { where, missing: "ignore", unseen: "smooth", outsideSupport: "impossible" };
  const out = new Float64Array(C);
  for (let j = 0; j < d; j++) {
    const v = x.value(i, j);
    if (typeof v !== "number") continue;
    const probe = new Float64Array(d).fill(NaN);
    probe[j] = v;
    fillJoint(alone, new RowBlocks(new Matrix(probe, 1, d), { rows: 1, cols: d }), out, ctx);
    if (out.every((o) => o === -Infinity)) {
      return new RangeError(
        `${where}: row ${i} of X is impossible under every component: X[${i}][${j}] is ${v}, which every component ` +
          `gives probability 0 (alpha > 0 smooths fitted estimates so that no value has probability 0)`,
      );
    }
  }
  return new RangeError(`${where}: row ${i} of X is impossible under every component (log p(x) = -Infinity)`);
}

/** How an E-step treats its rows. @internal */
export interface EStepOptions {
  /** The public method, for the error about a row impossible under every class. */
  readonly where: string;
  /** A frequency weight per row, or null for 1. */
  readonly sampleWeight: Float64Array | null;
  /**
   * The observed class of each row, or −1 where it is latent; null when every class is latent.
   * An observed row keeps its one-hot responsibility and scores log p(x, y).
   */
  readonly observed: Int32Array | null;
  /**
   * A row impossible under every class: `"uniform"` gives it 1/C each (statistics of new data);
   * a function gives the error to throw for row i (a fit, whose responsibilities would be
   * undefined).
   */
  readonly impossible: "uniform" | ((row: number) => Error);
  /** Where to write each row's log p(x) (or log p(x, y) for an observed row), if anywhere. */
  readonly rowLogLikelihood?: Float64Array | null;
}

/**
 * The E-step over a filled joint table: each row becomes its responsibilities
 * r_ic = p(c | x_i) (one-hot for an observed class), and the result is Σ_i w_i log p(x_i)
 * (log p(x_i, y_i) for an observed row), summed with compensation because EM compares it
 * against `tol` across iterations.
 * @internal
 */
export function eStep(a: Float64Array, rows: number, C: number, o: EStepOptions): number {
  const { sampleWeight, observed } = o;
  const perRow = o.rowLogLikelihood ?? null;
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < rows; i++) {
    const off = i * C;
    const y = observed === null ? -1 : observed[i]!;
    let score: number;
    if (y >= 0) {
      score = a[off + y]!;
      a.fill(0, off, off + C);
      a[off + y] = 1;
    } else {
      // log p(x_i) = max + log Σ_c exp(joint_ic − max), and r_ic = exp(joint_ic − max) / Σ: one
      // exp per class (logSumExp, then exp(joint − lse), would take two). The responsibilities
      // differ from exp(joint − lse) by a rounding.
      let max = -Infinity;
      for (let k = off; k < off + C; k++) if (a[k]! > max) max = a[k]!;
      if (max > -Infinity && max < Infinity) {
        let z = 0;
        for (let k = off; k < off + C; k++) {
          // exp of anything below −745.2 is 0 in doubles: skip the call (a quarter of the terms
          // of a well-separated mixture; the same numbers to the bit).
          const t = a[k]! - max;
          const e = t < -745.2 ? 0 : Math.exp(t);
          a[k] = e;
          z += e;
        }
        score = max + Math.log(z);
        const inv = 1 / z;
        for (let k = off; k < off + C; k++) a[k] = a[k]! * inv;
        if (!(score === score)) score = logSumExp(a, off, off + C); // a NaN joint (now a NaN r): throws naming it
      } else {
        score = logSumExp(a, off, off + C);
        if (score !== -Infinity) for (let k = off; k < off + C; k++) a[k] = Math.exp(a[k]! - score);
      }
      if (score === -Infinity) {
        if (o.impossible !== "uniform") throw o.impossible(i);
        a.fill(1 / C, off, off + C);
      }
    }
    if (perRow !== null) perRow[i] = score;
    const w = sampleWeight === null ? 1 : sampleWeight[i]!;
    if (w === 0) continue;
    // Neumaier's compensated sum.
    const term = w * score;
    const t = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
  }
  return sum + compensation;
}
