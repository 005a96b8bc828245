/**
 * The Exponential family's parameters for a block of columns and C components (their
 * statistics are in stats.ts): log λ − λx into a rows × components output, and rows drawn per
 * component.
 */

import { hasBrand } from "../../core/brand.js";
import { skipMissing } from "../../core/cells.js";
import type { Distribution } from "../../core/distribution.js";
import type { Family, KernelParams, RowBlock, ScoreContext } from "../../core/kernel.js";
import type { Rng } from "../../core/rng.js";
import { Exponential } from "./exponential.js";
import { sampleExponential } from "./sampler.js";
import { exponentialValues } from "./values.js";
import { WeightedSums } from "../../core/weighted-sums.js";
import { badValue, EXPONENTIAL_SUMS, flooredRate, isWaitingTime, type ExponentialKernelStats } from "./stats.js";

/** The parameters of a block's statistics: the MLE, floored into a proper rate (stats.ts). */
function estimateParams(s: ExponentialKernelStats): ExponentialKernelParams {
  const m = s.cols.length;
  const rate = new Float64Array(s.components * m);
  for (let i = 0; i < rate.length; i++) rate[i] = flooredRate(s.weight[Math.floor(i / m)]!, s.sum[i]!);
  return new ExponentialKernelParams(s.cols, s.components, rate);
}

/** Fitted Exponential parameters of a block of columns, per component. @internal */
class ExponentialKernelParams implements KernelParams {
  readonly kind = "exponential" as const;
  readonly cols: Int32Array;
  readonly components: number;
  readonly rate: Float64Array;
  private readonly logRate: Float64Array;

  constructor(cols: Int32Array, components: number, rate: Float64Array) {
    this.cols = cols;
    this.components = components;
    this.rate = rate;
    this.logRate = rate.map(Math.log);
  }

  freeParameters(): number {
    return this.components * this.cols.length;
  }

  statsLike(): ExponentialKernelStats {
    return new WeightedSums(EXPONENTIAL_SUMS, this.cols, this.components, estimateParams);
  }

  marginal(c: number, k: number): Distribution<number> {
    return new Exponential(this.rate[c * this.cols.length + k]!);
  }

  addLogLikelihood(block: RowBlock, out: Float64Array, ctx: ScoreContext): void {
    const { buf, off, rows: n, start: rowStart, input: x } = block;
    const outOff = rowStart * this.components;
    const m = this.cols.length;
    const C = this.components;
    const d = x.cols;
    const cols = this.cols;
    const rate = this.rate;
    const logRate = this.logRate;
    for (let r = 0; r < n; r++) {
      const base = off + r * d;
      const o = outOff + r * C;
      for (let k = 0; k < m; k++) {
        const j = cols[k]!;
        const v = buf[base + j]!;
        if (!isWaitingTime(v)) {
          if (v - v !== 0) {
            skipMissing(v, rowStart + r, j, x, ctx); // throws unless a missing value to leave out
            continue;
          }
          if (ctx.outsideSupport === "error" || typeof x.value(rowStart + r, j) !== "number")
            throw badValue(ctx.where, rowStart + r, j, x.value(rowStart + r, j));
          for (let c = 0; c < C; c++) out[o + c] = -Infinity; // x < 0: outside the support
          continue;
        }
        for (let c = 0, p = k; c < C; c++, p += m) out[o + c] = out[o + c]! + (logRate[p]! - rate[p]! * v);
      }
    }
  }

  sampleRow(rng: Rng, c: number, row: Float64Array, rowOff: number, where: string): void {
    const m = this.cols.length;
    for (let k = 0; k < m; k++) row[rowOff + this.cols[k]!] = sampleExponential(rng, this.rate[c * m + k]!, where);
  }
}

/** The Exponential family, for the registry. @internal */
export const exponentialFamily: Family = {
  kind: "exponential",
  values: exponentialValues,
  createStats: (cols, components) => new WeightedSums(EXPONENTIAL_SUMS, cols, components, estimateParams),
  statsFromJSON: (where, json, cols, components) =>
    WeightedSums.fromJSON(where, json, new WeightedSums(EXPONENTIAL_SUMS, cols, components, estimateParams)),
  paramsFrom(cols, components, marginals) {
    return new ExponentialKernelParams(
      cols,
      components,
      Float64Array.from(marginals, (d) => (d as Exponential).rate),
    );
  },
  owns: (d) => hasBrand(d, "Exponential"),
  typeName: "Exponential",
  fromJSON: (json) => Exponential.fromJSON(json),
  // Rates over three orders of magnitude, log-uniformly.
  example: (u) => new Exponential(10 ** (3 * u() - 1.5)),
};
