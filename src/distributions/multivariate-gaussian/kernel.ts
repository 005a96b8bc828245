/**
 * The multivariate Gaussian family's kernel: a block of m columns is one N(μ_c, Σ_c) per
 * component, scikit-learn's GaussianMixture(covariance_type="full").
 *
 * The statistics are, per component, the weight W_c, the weighted mean μ_c and the scatter
 * S_c = Σ_i w_ic (x_i − μ_c)(x_i − μ_c)ᵀ. A batch is summarised in two passes (the weighted
 * means; then the centred cross-products, with the mean refined by the residuals' mean), and
 * summaries merge by the matrix form of Chan's update, so no Σ w x xᵀ − W μμᵀ ever cancels.
 * The estimate is Σ_c = S_c / W_c + regVariance·I, factored once by Cholesky; a row scores by
 * one triangular solve per component, log p = −½ (m log 2π + log det Σ_c + ‖L_c⁻¹ (x − μ_c)‖²).
 */

import { hasBrand } from "../../core/brand.js";
import { componentTotals, numbersFromJSON, remapRows, skipMissing, softWeights, badCell } from "../../core/cells.js";
import type { Distribution } from "../../core/distribution.js";
import type {
  Family,
  KernelOptions,
  KernelParams,
  KernelStats,
  RowBlock,
  RowWeights,
  ScoreContext,
} from "../../core/kernel.js";
import { choleskyInPlace, logDetFromCholesky } from "../../core/linear-algebra/cholesky.js";
import type { RowBlocks } from "../../core/matrix.js";
import type { Rng } from "../../core/rng.js";
import { fillNormal } from "../gaussian/sampler.js";
import { MultivariateGaussian } from "./multivariate-gaussian.js";
import { multivariateGaussianValues } from "./values.js";

const LOG_2PI = Math.log(2 * Math.PI);

/** Weighted multivariate Gaussian statistics of a block, per component. @internal */
export class MultivariateGaussianKernelStats implements KernelStats {
  readonly kind = "multivariate-gaussian" as const;
  readonly cols: Int32Array;
  components: number;
  /** W_c. */
  weight: Float64Array;
  /** μ_c, components × m. */
  mean: Float64Array;
  /** S_c, components × m × m, symmetric. */
  scatter: Float64Array;

  constructor(cols: Int32Array, components: number) {
    const m = cols.length;
    this.cols = cols;
    this.components = components;
    this.weight = new Float64Array(components);
    this.mean = new Float64Array(components * m);
    this.scatter = new Float64Array(components * m * m);
  }

  totals(): Float64Array {
    return this.weight.slice();
  }

  empty(): MultivariateGaussianKernelStats {
    return new MultivariateGaussianKernelStats(this.cols, this.components);
  }

  accumulate(where: string, x: RowBlocks, weights: RowWeights): void {
    const m = this.cols.length;
    const C = this.components;
    const d = x.cols;
    const cols = this.cols;
    const y = weights.component;
    const sw = weights.sampleWeight;
    const w = y === null ? softWeights(x.rows, C, weights.responsibility!, sw) : null;
    const total = componentTotals(x.rows, weights);
    const mean = new Float64Array(C * m);
    const r = new Float64Array(m);
    // Pass 1: Σ_i w_ic x_i per component (and the check of every cell).
    for (let start = 0; start < x.rows; start += x.blockRows) {
      const buf = x.block(start);
      const end = Math.min(x.rows, start + x.blockRows);
      for (let i = start, base = x.offset; i < end; i++, base += d) {
        for (let k = 0; k < m; k++) {
          const v = buf[base + cols[k]!]!;
          if (v - v !== 0) throw badCell(where, i, cols[k]!, x.value(i, cols[k]!), false);
          r[k] = v;
        }
        if (y !== null) {
          const wi = sw === null ? 1 : sw[i]!;
          const p = y[i]! * m;
          for (let k = 0; k < m; k++) mean[p + k] = mean[p + k]! + wi * r[k]!;
          continue;
        }
        for (let c = 0, o = i * C; c < C; c++) {
          const wc = w![o + c]!;
          if (wc === 0) continue;
          const p = c * m;
          for (let k = 0; k < m; k++) mean[p + k] = mean[p + k]! + wc * r[k]!;
        }
      }
    }
    for (let c = 0; c < C; c++) {
      const W = total[c]!;
      for (let k = 0; k < m; k++) mean[c * m + k] = W > 0 ? mean[c * m + k]! / W : 0;
    }
    // Pass 2: the lower triangle of Σ_i w_ic r rᵀ with r = x_i − μ_c, and Σ w_ic r (the
    // correction of the mean: it removes the rounding of pass 1).
    const scatter = new Float64Array(C * m * m);
    const correction = new Float64Array(C * m);
    const diff = new Float64Array(m);
    for (let start = 0; start < x.rows; start += x.blockRows) {
      const buf = x.block(start);
      const end = Math.min(x.rows, start + x.blockRows);
      for (let i = start, base = x.offset; i < end; i++, base += d) {
        let c0 = 0;
        let c1 = C;
        if (y !== null) {
          c0 = y[i]!;
          c1 = c0 + 1;
        }
        for (let c = c0; c < c1; c++) {
          const wc = y !== null ? (sw === null ? 1 : sw[i]!) : w![i * C + c]!;
          if (wc === 0) continue;
          const p = c * m;
          const q = c * m * m;
          for (let k = 0; k < m; k++) {
            const v = buf[base + cols[k]!]! - mean[p + k]!;
            diff[k] = v;
            correction[p + k] = correction[p + k]! + wc * v;
          }
          for (let a = 0; a < m; a++) {
            const wa = wc * diff[a]!;
            const row = q + a * m;
            for (let b = 0; b <= a; b++) scatter[row + b] = scatter[row + b]! + wa * diff[b]!;
          }
        }
      }
    }
    // Σ w (x − μ − e)(x − μ − e)ᵀ = Σ w (x − μ)(x − μ)ᵀ − W e eᵀ with e = Σ w (x − μ) / W.
    for (let c = 0; c < C; c++) {
      const W = total[c]!;
      if (!(W > 0)) continue;
      const p = c * m;
      const q = c * m * m;
      for (let k = 0; k < m; k++) correction[p + k] = correction[p + k]! / W;
      for (let a = 0; a < m; a++) {
        mean[p + a] = mean[p + a]! + correction[p + a]!;
        for (let b = 0; b <= a; b++) {
          const v = scatter[q + a * m + b]! - W * correction[p + a]! * correction[p + b]!;
          scatter[q + a * m + b] = v;
          scatter[q + b * m + a] = v;
        }
      }
    }
    this.mergeParts(total, mean, scatter);
  }

  /** Chan's update, component by component, with a summary (W, μ, S) of the same shape. */
  private mergeParts(wb: Float64Array, mub: Float64Array, sb: Float64Array): void {
    const m = this.cols.length;
    const delta = new Float64Array(m);
    for (let c = 0; c < this.components; c++) {
      const b = wb[c]!;
      if (b === 0) continue;
      const a = this.weight[c]!;
      const p = c * m;
      const q = c * m * m;
      if (a === 0) {
        this.weight[c] = b;
        this.mean.set(mub.subarray(p, p + m), p);
        this.scatter.set(sb.subarray(q, q + m * m), q);
        continue;
      }
      const total = a + b;
      const f = b / total;
      const g = a * f; // W_a W_b / W
      for (let k = 0; k < m; k++) delta[k] = mub[p + k]! - this.mean[p + k]!;
      for (let s = 0; s < m; s++) {
        const gs = g * delta[s]!;
        for (let t = 0; t <= s; t++) {
          const v = this.scatter[q + s * m + t]! + sb[q + s * m + t]! + gs * delta[t]!;
          this.scatter[q + s * m + t] = v;
          this.scatter[q + t * m + s] = v;
        }
      }
      for (let k = 0; k < m; k++) this.mean[p + k] = this.mean[p + k]! + delta[k]! * f;
      this.weight[c] = total;
    }
  }

  merge(other: KernelStats): void {
    const o = other as MultivariateGaussianKernelStats;
    this.mergeParts(o.weight, o.mean, o.scatter);
  }

  remap(components: number, oldToNew: Int32Array): void {
    const m = this.cols.length;
    this.weight = remapRows(this.weight, 1, components, oldToNew);
    this.mean = remapRows(this.mean, m, components, oldToNew);
    this.scatter = remapRows(this.scatter, m * m, components, oldToNew);
    this.components = components;
  }

  requireProper(where: string, options: KernelOptions): void {
    this.factor(`${where}: `, this.added(options));
  }

  /**
   * What the estimate adds to every variance: regVariance, plus (Naive Bayes's varSmoothing, as
   * GaussianNB's epsilon) varSmoothing × the largest variance of the block's columns over all
   * the rows, pooled from the components by the law of total variance.
   */
  private added(options: KernelOptions): number {
    if (!(options.varSmoothing > 0)) return options.regVariance;
    const m = this.cols.length;
    let W = 0;
    for (let c = 0; c < this.components; c++) W += this.weight[c]!;
    if (!(W > 0)) return options.regVariance;
    let largest = 0;
    for (let k = 0; k < m; k++) {
      let mean = 0;
      for (let c = 0; c < this.components; c++) mean += this.weight[c]! * this.mean[c * m + k]!;
      mean /= W;
      let s = 0;
      for (let c = 0; c < this.components; c++) {
        const dev = this.mean[c * m + k]! - mean;
        s += this.scatter[c * m * m + k * m + k]! + this.weight[c]! * dev * dev;
      }
      largest = Math.max(largest, s / W);
    }
    return options.regVariance + options.varSmoothing * largest;
  }

  /** Σ_c = S_c / W_c + reg·I and its Cholesky factors; a failed factor names regVariance. */
  private factor(where: string, reg: number): { cov: Float64Array; chol: Float64Array } {
    const m = this.cols.length;
    const C = this.components;
    const cov = new Float64Array(C * m * m);
    const chol = new Float64Array(C * m * m);
    for (let c = 0; c < C; c++) {
      const q = c * m * m;
      const W = this.weight[c]!;
      // A component with no weight: scikit-learn's limit, mean 0 and covariance reg·I.
      for (let k = 0; k < m * m; k++) cov[q + k] = W > 0 ? this.scatter[q + k]! / W : 0;
      for (let k = 0; k < m; k++) cov[q + k * m + k] = cov[q + k * m + k]! + reg;
      const l = cov.slice(q, q + m * m);
      if (!choleskyInPlace(l, m)) {
        throw new RangeError(
          `${where}the covariance of the multivariate-gaussian block (columns [${Array.from(this.cols).join(", ")}])${
            C > 1 ? ` in component ${c}` : ""
          } is singular (a constant column, a column that is a combination of others, or fewer rows than columns); ${
            reg > 0 ? `regVariance = ${reg} is too small for data of this scale; ` : ""
          }set regVariance > 0 (e.g. 1e-6) to add it to the diagonal`,
        );
      }
      chol.set(l, q);
    }
    return { cov, chol };
  }

  estimate(options: KernelOptions): MultivariateGaussianKernelParams {
    const { cov, chol } = this.factor("", this.added(options));
    // A component of weight 0 has mean 0 (never set), scikit-learn's limit.
    return new MultivariateGaussianKernelParams(this.cols, this.components, this.mean.slice(), cov, chol);
  }

  toJSON(): { weight: number[]; mean: number[]; scatter: number[] } {
    return { weight: Array.from(this.weight), mean: Array.from(this.mean), scatter: Array.from(this.scatter) };
  }

  /** Restores `toJSON` output: weights ≥ 0, scatters symmetric with a diagonal ≥ 0. */
  static fromJSON(where: string, json: unknown, cols: Int32Array, components: number): MultivariateGaussianKernelStats {
    const o = (json ?? {}) as Record<string, unknown>;
    const m = cols.length;
    const s = new MultivariateGaussianKernelStats(cols, components);
    s.weight = numbersFromJSON(`${where}.weight`, o.weight, components, 0);
    s.mean = numbersFromJSON(`${where}.mean`, o.mean, components * m);
    s.scatter = numbersFromJSON(`${where}.scatter`, o.scatter, components * m * m);
    for (let c = 0; c < components; c++) {
      const q = c * m * m;
      for (let a = 0; a < m; a++) {
        if (!(s.scatter[q + a * m + a]! >= 0)) throw new RangeError(`${where}.scatter[${q + a * m + a}] must be >= 0`);
        for (let b = 0; b < a; b++) {
          if (s.scatter[q + a * m + b] !== s.scatter[q + b * m + a])
            throw new RangeError(`${where}.scatter is not symmetric at [${q + a * m + b}]`);
        }
      }
      if (s.weight[c] === 0) {
        for (let k = 0; k < m * m; k++) {
          if (s.scatter[q + k] !== 0 || (k < m && s.mean[c * m + k] !== 0))
            throw new RangeError(`${where}: component ${c} has weight 0 but a mean or scatter that is not 0`);
        }
      }
    }
    return s;
  }
}

/** Fitted multivariate Gaussian parameters of a block, per component. @internal */
export class MultivariateGaussianKernelParams implements KernelParams {
  readonly kind = "multivariate-gaussian" as const;
  readonly cols: Int32Array;
  readonly components: number;
  /** μ_c, components × m. */
  readonly mean: Float64Array;
  /** Σ_c, components × m × m. */
  readonly covariance: Float64Array;
  /** L_c with Σ_c = L_c L_cᵀ, components × m × m. */
  private readonly chol: Float64Array;
  /** 1 / (L_c)_kk: the solves multiply rather than divide. */
  private readonly inverseDiagonal: Float64Array;
  /** −½ (m log 2π + log det Σ_c). */
  private readonly logNormaliser: Float64Array;

  constructor(cols: Int32Array, components: number, mean: Float64Array, covariance: Float64Array, chol: Float64Array) {
    const m = cols.length;
    this.cols = cols;
    this.components = components;
    this.mean = mean;
    this.covariance = covariance;
    this.chol = chol;
    this.inverseDiagonal = new Float64Array(components * m);
    this.logNormaliser = new Float64Array(components);
    for (let c = 0; c < components; c++) {
      const l = chol.subarray(c * m * m, (c + 1) * m * m);
      for (let k = 0; k < m; k++) this.inverseDiagonal[c * m + k] = 1 / l[k * m + k]!;
      this.logNormaliser[c] = -0.5 * (m * LOG_2PI + logDetFromCholesky(l, m));
    }
  }

  freeParameters(): number {
    const m = this.cols.length;
    return this.components * (m + (m * (m + 1)) / 2);
  }

  statsLike(): MultivariateGaussianKernelStats {
    return new MultivariateGaussianKernelStats(this.cols, this.components);
  }

  marginal(): Distribution<number> {
    throw new TypeError(
      `the multivariate-gaussian block of columns [${Array.from(this.cols).join(", ")}] is one joint distribution; read it from parts`,
    );
  }

  part(c: number): MultivariateGaussian {
    const m = this.cols.length;
    return new MultivariateGaussian(this.mean.subarray(c * m, (c + 1) * m), {
      data: this.covariance.subarray(c * m * m, (c + 1) * m * m),
      rows: m,
      cols: m,
    });
  }

  addLogLikelihood(block: RowBlock, out: Float64Array, ctx: ScoreContext): void {
    const { buf, off, rows: n, start: rowStart, input: x } = block;
    const outOff = rowStart * this.components;
    const m = this.cols.length;
    const C = this.components;
    const d = x.cols;
    const cols = this.cols;
    const mean = this.mean;
    const chol = this.chol;
    const inv = this.inverseDiagonal;
    const norm = this.logNormaliser;
    const row = new Float64Array(m);
    const z = new Float64Array(m);
    for (let r = 0; r < n; r++) {
      const base = off + r * d;
      const o = outOff + r * C;
      let missing = false;
      for (let k = 0; k < m; k++) {
        const v = buf[base + cols[k]!]!;
        if (v - v !== 0) {
          skipMissing(v, rowStart + r, cols[k]!, x, ctx); // throws unless a missing value to leave out
          missing = true;
        }
        row[k] = v;
      }
      if (missing) {
        this.scoreObserved(row, out, o);
        continue;
      }
      for (let c = 0; c < C; c++) {
        // z = L⁻¹ (x − μ) by forward substitution; log p = norm − ½ ‖z‖².
        const p = c * m;
        const q = c * m * m;
        let ss = 0;
        for (let a = 0; a < m; a++) {
          let s = row[a]! - mean[p + a]!;
          const la = q + a * m;
          for (let b = 0; b < a; b++) s -= chol[la + b]! * z[b]!;
          const za = s * inv[p + a]!;
          z[a] = za;
          ss += za * za;
        }
        out[o + c] = out[o + c]! + norm[c]! - 0.5 * ss;
      }
    }
  }

  /** A row with missing values, scored by the marginal of its present columns (not a hot loop). */
  private scoreObserved(row: Float64Array, out: Float64Array, o: number): void {
    const present: number[] = [];
    for (let k = 0; k < row.length; k++) if (!Number.isNaN(row[k]!)) present.push(k);
    if (present.length === 0) return;
    const values = present.map((k) => row[k]!);
    for (let c = 0; c < this.components; c++) out[o + c] = out[o + c]! + this.part(c).marginal(present).logProb(values);
  }

  sampleRow(rng: Rng, c: number, row: Float64Array, rowOff: number, where: string): void {
    const m = this.cols.length;
    const z = new Float64Array(m);
    fillNormal(rng, z, m, 0, 1, where);
    const q = c * m * m;
    for (let a = 0; a < m; a++) {
      let s = this.mean[c * m + a]!;
      for (let b = 0; b <= a; b++) s += this.chol[q + a * m + b]! * z[b]!;
      row[rowOff + this.cols[a]!] = s;
    }
  }
}

/** The multivariate Gaussian family, for the registry. @internal */
export const multivariateGaussianFamily: Family = {
  kind: "multivariate-gaussian",
  joint: true,
  oneBlock: true,
  values: multivariateGaussianValues,
  createStats: (cols, components) => new MultivariateGaussianKernelStats(cols, components),
  statsFromJSON: (where, json, cols, components) =>
    MultivariateGaussianKernelStats.fromJSON(where, json, cols, components),
  paramsFrom(cols, components, parts, where) {
    const m = cols.length;
    const mean = new Float64Array(components * m);
    const cov = new Float64Array(components * m * m);
    for (let c = 0; c < components; c++) {
      const g = parts[c] as MultivariateGaussian;
      if (g.dimension !== m) {
        throw new RangeError(
          `${where}: the MultivariateGaussian of components[${c}] has dimension ${g.dimension} but its block has ${m} columns`,
        );
      }
      mean.set(g.mean, c * m);
      cov.set(g.covariance.data, c * m * m);
    }
    const chol = cov.slice();
    for (let c = 0; c < components; c++) {
      // The constructor factored the same matrix, so this cannot fail.
      choleskyInPlace(chol.subarray(c * m * m, (c + 1) * m * m), m);
    }
    return new MultivariateGaussianKernelParams(cols, components, mean, cov, chol);
  },
  owns: (d) => hasBrand(d, "MultivariateGaussian"),
  typeName: "MultivariateGaussian",
  fromJSON: (json) => MultivariateGaussian.fromJSON(json),
};
