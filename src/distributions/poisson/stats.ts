/**
 * The Poisson family's kernel: x_k | c ~ Poisson(λ_ck) for a block of columns of counts and C
 * components.
 *
 * The statistics are the weighted sums S_ck = Σ_i w_ic x_ik and the weight W_c per component.
 * With pseudo-count α, λ̂_ck = (S_ck + α) / (W_c + α): the posterior mean under a
 * Gamma(α, α) prior, which pulls an all-zero column off λ = 0 (α = 0 gives the MLE, the
 * weighted mean; with no data and α = 0, λ̂ = 0).
 */

import {
  mergeSums,
  withExponent,
  batchWeights,
  componentTotals,
  numbersFromJSON,
  remapRows,
  scaleAll,
  softWeights,
} from "../../core/cells.js";
import { weightExponentFromJSON } from "../../core/weights.js";
import type { KernelOptions, KernelParams, KernelStats, RowWeights } from "../../core/kernel.js";
import type { RowBlocks } from "../../core/matrix.js";
import { describe } from "../../core/validate.js";

/** True for an integer count ≥ 0 (false for NaN, ±Infinity, fractions and negatives). */
export function isCount(v: number): boolean {
  return v >= 0 && v - v === 0 && Math.floor(v) === v;
}

/** The error for a value that is not a count, naming the cell. */
export function badCount(where: string, row: number, col: number, value: unknown): Error {
  if (typeof value !== "number") {
    return new TypeError(`${where}: X[${row}][${col}] must be a count (an integer >= 0), got ${describe(value)}`);
  }
  return new RangeError(
    `${where}: X[${row}][${col}] is ${describe(value)}, but a Poisson feature takes integer counts >= 0`,
  );
}

/**
 * The smoothed rate λ̂ = (Σ w·x + α) / (Σ w + α), the posterior mean under a Gamma(α, α) prior,
 * with 0 when Σ w + α = 0: the one formula for the scalar fit and every model.
 * @internal
 */
export function poissonRate(sum: number, n: number, alpha: number): number {
  if (alpha === Infinity) return 1; // the prior alone (α beyond the doubles in the weights' units)
  const den = n + alpha;
  return den > 0 ? (sum + alpha) / den : 0;
}

/** Builds a block's parameters from its statistics (kernel.ts). @internal */
export type PoissonEstimator = (stats: PoissonKernelStats, options: KernelOptions) => KernelParams;

/** Weighted Poisson statistics of a block of columns, per component. @internal */
export class PoissonKernelStats implements KernelStats {
  /** Builds the parameters (kernel.ts); null for the scalar API's statistics. */
  private readonly estimator: PoissonEstimator | null;
  readonly kind = "poisson" as const;
  readonly cols: Int32Array;
  components: number;
  /** W_c per component. */
  weight: Float64Array;
  /** S_ck = Σ w x per component and column. */
  sum: Float64Array;
  /** Weights are held in units of 2^weightExponent (0 unless they would overflow or are tiny). */
  weightExponent = 0;

  constructor(cols: Int32Array, components: number, estimator: PoissonEstimator | null = null) {
    this.estimator = estimator;
    this.cols = cols;
    this.components = components;
    this.weight = new Float64Array(components);
    this.sum = new Float64Array(components * cols.length);
  }

  totals(): Float64Array {
    return this.weight.slice();
  }

  empty(): PoissonKernelStats {
    return new PoissonKernelStats(this.cols, this.components, this.estimator);
  }

  accumulate(where: string, x: RowBlocks, given: RowWeights): void {
    // Weights are relative: in the statistics' units (rescaled where their sum would overflow).
    const { weights, rel } = batchWeights(x.rows, given, this.weightExponent, this.weight);
    const m = this.cols.length;
    const C = this.components;
    const d = x.cols;
    const cols = this.cols;
    const y = weights.component;
    const sw = weights.sampleWeight;
    const w = y === null ? softWeights(x.rows, C, weights.responsibility!, sw) : null;
    const sum = new Float64Array(C * m);
    for (let start = 0; start < x.rows; start += x.blockRows) {
      const buf = x.block(start);
      const end = Math.min(x.rows, start + x.blockRows);
      for (let i = start, base = x.offset; i < end; i++, base += d) {
        for (let k = 0; k < m; k++) {
          const v = buf[base + cols[k]!]!;
          if (!isCount(v)) throw badCount(where, i, cols[k]!, x.value(i, cols[k]!));
        }
        if (y !== null) {
          // Labels: row i adds into its own component, with its sample weight if any.
          const wi = sw === null ? 1 : sw[i]!;
          for (let k = 0, p = y[i]! * m; k < m; k++) sum[p + k] = sum[p + k]! + wi * buf[base + cols[k]!]!;
          continue;
        }
        for (let c = 0; c < C; c++) {
          const wc = w![i * C + c]!;
          if (wc === 0) continue;
          for (let k = 0, p = c * m; k < m; k++) sum[p + k] = sum[p + k]! + wc * buf[base + cols[k]!]!;
        }
      }
    }
    scaleAll(rel.stored, this.weight, this.sum);
    this.weightExponent = rel.exponent;
    for (let k = 0; k < sum.length; k++) this.sum[k] = this.sum[k]! + sum[k]!;
    const total = componentTotals(x.rows, weights);
    for (let c = 0; c < C; c++) this.weight[c] = this.weight[c]! + total[c]!;
  }

  merge(other: KernelStats): void {
    const o = other as PoissonKernelStats;
    mergeSums(this, o, [
      [this.weight, o.weight],
      [this.sum, o.sum],
    ]);
  }

  remap(components: number, oldToNew: Int32Array): void {
    this.weight = remapRows(this.weight, 1, components, oldToNew);
    this.sum = remapRows(this.sum, this.cols.length, components, oldToNew);
    this.components = components;
  }

  estimate(options: KernelOptions): KernelParams {
    if (this.estimator === null)
      throw new Error("PoissonKernelStats: the scalar statistics estimate no block parameters");
    return this.estimator(this, options);
  }

  toJSON(): { weight: number[]; sum: number[]; weightExponent?: number } {
    return withExponent({ weight: Array.from(this.weight), sum: Array.from(this.sum) }, this.weightExponent);
  }

  /** Restores `toJSON` output. */
  static fromJSON(
    where: string,
    json: unknown,
    cols: Int32Array,
    components: number,
    estimator: PoissonEstimator | null,
  ): PoissonKernelStats {
    const o = (json ?? {}) as Record<string, unknown>;
    const s = new PoissonKernelStats(cols, components, estimator);
    s.weight = numbersFromJSON(`${where}.weight`, o.weight, components, 0);
    s.sum = numbersFromJSON(`${where}.sum`, o.sum, components * cols.length, 0);
    s.weightExponent = weightExponentFromJSON(`${where}.weightExponent`, o.weightExponent);
    const m = cols.length;
    for (let i = 0; i < s.sum.length; i++) {
      if (s.weight[Math.floor(i / m)] === 0 && s.sum[i] !== 0) {
        throw new RangeError(`${where}.sum[${i}] is ${s.sum[i]}, but its component has weight 0`);
      }
    }
    return s;
  }
}
