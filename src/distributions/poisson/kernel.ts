/**
 * The Poisson family's parameters for a block of columns and C components (their statistics are
 * in stats.ts): log-likelihood terms into a rows × components output, and rows drawn per
 * component.
 */

import { hasBrand } from "../../core/brand.js";
import { timesPowerOfTwo } from "../../core/weights.js";
import { skipMissing } from "../../core/cells.js";
import type { Distribution } from "../../core/distribution.js";
import { logFactorial, logPoissonTerm } from "../../core/gamma.js";
import type { Family, KernelOptions, KernelParams, RowBlock, ScoreContext } from "../../core/kernel.js";
import type { Rng } from "../../core/rng.js";
import { Poisson } from "./poisson.js";
import { samplePoisson } from "./sampler.js";
import { poissonValues } from "./values.js";
import { WeightedSums } from "../../core/weighted-sums.js";
import { isCount, badCount, poissonRate, POISSON_SUMS, type PoissonKernelStats } from "./stats.js";

/** The parameters of a block's statistics, with the options' smoothing. */
function estimateParams(s: PoissonKernelStats, options: KernelOptions): PoissonKernelParams {
  const m = s.cols.length;
  const C = s.components;
  const rate = new Float64Array(C * m);
  for (let c = 0; c < C; c++) {
    for (let k = 0; k < m; k++) {
      rate[c * m + k] = poissonRate(
        s.sum[c * m + k]!,
        s.weight[c]!,
        timesPowerOfTwo(options.alpha[k]!, -s.weightExponent),
      );
    }
  }
  return new PoissonKernelParams(s.cols, C, rate);
}

/** Fitted Poisson parameters of a block of columns, per component. @internal */
class PoissonKernelParams implements KernelParams {
  readonly kind = "poisson" as const;
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

  logPrior(options: KernelOptions): number {
    // Gamma(α + 1, α): α log λ − α λ per component and column (0 where α = 0).
    const m = this.cols.length;
    let sum = 0;
    for (let k = 0; k < m; k++) {
      const a = options.alpha[k]!;
      if (a === 0) continue;
      for (let c = 0, p = k; c < this.components; c++, p += m) sum += a * (this.logRate[p]! - this.rate[p]!);
    }
    return sum;
  }

  statsLike(): PoissonKernelStats {
    return new WeightedSums(POISSON_SUMS, this.cols, this.components, estimateParams);
  }

  marginal(c: number, k: number): Distribution<number> {
    return new Poisson(this.rate[c * this.cols.length + k]!);
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
    // log p(x | λ) = x log λ − λ − log x!: log x! once per cell, then a multiply-add per
    // component. λ = 0 (log λ = −∞) is the point mass at 0, where 0 · log 0 counts as 0.
    for (let r = 0; r < n; r++) {
      const base = off + r * d;
      const o = outOff + r * C;
      for (let k = 0; k < m; k++) {
        const j = cols[k]!;
        const v = buf[base + j]!;
        if (!isCount(v)) {
          if (v - v !== 0) {
            skipMissing(v, rowStart + r, j, x, ctx); // throws unless a missing value to leave out
            continue;
          }
          if (v < 0 || Math.floor(v) !== v) {
            if (ctx.outsideSupport === "error" || typeof x.value(rowStart + r, j) !== "number")
              throw badCount(ctx.where, rowStart + r, j, x.value(rowStart + r, j));
            for (let c = 0; c < C; c++) out[o + c] = -Infinity; // outside the support
            continue;
          }
        }
        const lf = logFactorial(v);
        for (let c = 0, p = k; c < C; c++, p += m) {
          const r = rate[p]!;
          // For small counts and rates the three terms are of modest size and the direct form
          // is accurate to a few ulps; beyond, x log λ − λ − log x! cancels (k = λ = 5e4 loses
          // five digits), so the saddle-point form (Loader, as the scalar logProb) takes over.
          out[o + c] =
            out[o + c]! + (v === 0 ? -r : v < 64 && r < 64 ? v * logRate[p]! - r - lf : logPoissonTerm(v, r));
        }
      }
    }
  }

  sampleRow(rng: Rng, c: number, row: Float64Array, rowOff: number, where: string): void {
    const m = this.cols.length;
    for (let k = 0; k < m; k++) row[rowOff + this.cols[k]!] = samplePoisson(rng, this.rate[c * m + k]!, where);
  }
}

/** The Poisson family, for the registry. @internal */
export const poissonFamily: Family = {
  kind: "poisson",
  values: poissonValues,
  createStats: (cols, components) => new WeightedSums(POISSON_SUMS, cols, components, estimateParams),
  statsFromJSON: (where, json, cols, components) =>
    WeightedSums.fromJSON(where, json, new WeightedSums(POISSON_SUMS, cols, components, estimateParams)),
  paramsFrom(cols, components, marginals) {
    return new PoissonKernelParams(
      cols,
      components,
      Float64Array.from(marginals, (d) => (d as Poisson).rate),
    );
  },
  owns: (d) => hasBrand(d, "Poisson"),
  typeName: "Poisson",
  fromJSON: (json) => Poisson.fromJSON(json),
  // Rates log-uniform in [0.1, 100], through the inversion and the PTRS samplers.
  example: (u) => new Poisson(10 ** (3 * u() - 1)),
};
