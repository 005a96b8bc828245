/**
 * Statistics that are weighted sums: the weight W_c per component and S_ck = Σ_i w_ic x_ik per
 * component and column. A family whose sufficient statistic is the sum of its values (Poisson:
 * λ̂ = S / W; Exponential: λ̂ = W / S) is these statistics, a check of its values and its own
 * estimate; this class is their one implementation (accumulation in the statistics' weight
 * units, merge, remap, JSON).
 */

import {
  batchWeights,
  componentTotals,
  mergeSums,
  numbersFromJSON,
  remapRows,
  scaleAll,
  softWeights,
  withExponent,
} from "./cells.js";
import type { KernelOptions, KernelParams, KernelStats, RowWeights } from "./kernel.js";
import type { RowBlocks } from "./matrix.js";
import { weightExponentFromJSON } from "./weights.js";

/**
 * What a family adds to weighted sums: its kind, the values it accepts (finite numbers ≥ 0, and
 * integers only when `integers`), and its error.
 * @internal
 */
export interface SumFamily {
  readonly kind: string;
  /** Whether only integers are values (counts). */
  readonly integers: boolean;
  /** The error for a cell that is no value of the family, naming it. */
  bad(where: string, row: number, col: number, value: unknown): Error;
  /** Refuses sums that give no proper distribution (see KernelStats.requireProper), if any can. */
  requireProper?(where: string, stats: WeightedSums): void;
}

/**
 * Weighted sums of a block of columns, per component (see the module comment).
 * @internal
 */
export class WeightedSums implements KernelStats {
  readonly kind: string;
  readonly cols: Int32Array;
  components: number;
  /** W_c per component. */
  weight: Float64Array;
  /** S_ck = Σ w x per component and column. */
  sum: Float64Array;
  /** Weights are held in units of 2^weightExponent (0 unless they would overflow or are tiny). */
  weightExponent = 0;

  /**
   * `estimator` builds a block's parameters (the family's kernel.ts); null for the scalar API's
   * statistics, which estimate through the family's class.
   */
  constructor(
    readonly family: SumFamily,
    cols: Int32Array,
    components: number,
    private readonly estimator: ((stats: WeightedSums, options: KernelOptions) => KernelParams) | null = null,
  ) {
    this.kind = family.kind;
    this.cols = cols;
    this.components = components;
    this.weight = new Float64Array(components);
    this.sum = new Float64Array(components * cols.length);
  }

  totals(): Float64Array {
    return this.weight.slice();
  }

  empty(): WeightedSums {
    return new WeightedSums(this.family, this.cols, this.components, this.estimator);
  }

  accumulate(where: string, x: RowBlocks, given: RowWeights): void {
    // Weights are relative: in the statistics' units (rescaled where their sum would overflow).
    const { weights, rel } = batchWeights(x.rows, given, this.weightExponent, this.weight);
    const m = this.cols.length;
    const C = this.components;
    const d = x.cols;
    const cols = this.cols;
    const family = this.family;
    const integers = family.integers;
    const y = weights.component;
    const sw = weights.sampleWeight;
    const w = y === null ? softWeights(x.rows, C, weights.responsibility!, sw) : null;
    const sum = new Float64Array(C * m);
    for (let start = 0; start < x.rows; start += x.blockRows) {
      const buf = x.block(start);
      const end = Math.min(x.rows, start + x.blockRows);
      for (let i = start, base = x.offset; i < end; i++, base += d) {
        // The check inline, not a call through the family: this loop is shared by every family
        // of sums, so a call here would be polymorphic (measured 1.6–2× slower fits).
        for (let k = 0; k < m; k++) {
          const v = buf[base + cols[k]!]!;
          if (!(v >= 0 && v < Infinity) || (integers && Math.floor(v) !== v))
            throw family.bad(where, i, cols[k]!, x.value(i, cols[k]!));
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
    const o = other as WeightedSums;
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

  requireProper(where: string): void {
    this.family.requireProper?.(where, this);
  }

  estimate(options: KernelOptions): KernelParams {
    if (this.estimator === null)
      throw new Error(`${this.kind} statistics of the scalar API estimate no block parameters`);
    return this.estimator(this, options);
  }

  toJSON(): { weight: number[]; sum: number[]; weightExponent?: number } {
    return withExponent({ weight: Array.from(this.weight), sum: Array.from(this.sum) }, this.weightExponent);
  }

  /** Restores `toJSON` output into `into` (empty statistics of the right shape), checking it. */
  static fromJSON<S extends WeightedSums>(where: string, json: unknown, into: S): S {
    const o = (json ?? {}) as Record<string, unknown>;
    const C = into.components;
    const m = into.cols.length;
    into.weight = numbersFromJSON(`${where}.weight`, o.weight, C, 0);
    into.sum = numbersFromJSON(`${where}.sum`, o.sum, C * m, 0);
    into.weightExponent = weightExponentFromJSON(`${where}.weightExponent`, o.weightExponent);
    for (let i = 0; i < into.sum.length; i++) {
      if (into.weight[Math.floor(i / m)] === 0 && into.sum[i] !== 0) {
        throw new RangeError(`${where}.sum[${i}] is ${into.sum[i]}, but its component has weight 0`);
      }
    }
    return into;
  }
}
