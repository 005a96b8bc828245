/**
 * The Gaussian family's parameters for a block of columns and C components (the statistics
 * are in stats.ts, the hot loops in loops.ts): log N(x; μ_ck, σ²_ck) into a rows × components
 * output, and rows drawn per component.
 */

import { hasBrand } from "../../core/brand.js";
import { isContiguous, skipMissing } from "../../core/cells.js";
import type { Distribution } from "../../core/distribution.js";
import type { Family, KernelParams, RowBlock, ScoreContext } from "../../core/kernel.js";
import type { RowBlocks } from "../../core/matrix.js";
import type { Rng } from "../../core/rng.js";
import { Gaussian } from "./gaussian.js";
import { gatherTile, tiledDistances, TILE } from "./loops.js";
import { standardNormal } from "./sampler.js";
import { gaussianValues } from "./values.js";
import { GaussianKernelStats, MIN_VARIANCE, type GaussianParamsFactory } from "./stats.js";

const LOG_2PI = 1.8378770664093453; // log 2π

/** Fitted Gaussian parameters of a block of columns, per component. @internal */
class GaussianKernelParams implements KernelParams {
  readonly kind = "gaussian" as const;
  readonly cols: Int32Array;
  readonly components: number;
  /** ε added to every variance. */
  readonly epsilon: number;
  readonly mean: Float64Array;
  readonly variance: Float64Array;
  private readonly std: Float64Array;
  private readonly halfInvVar: Float64Array; // 1 / (2σ²): a multiply in the hot loop instead of a divide
  private readonly logNorm: Float64Array; // −½ log(2πσ²), per component and column (rows with missing values)
  private readonly logNormSum: Float64Array; // Σ_k −½ log(2πσ²_ck), per component
  private tile: Float64Array | null = null; // TILE × C distances, made on first use
  private readonly contiguous: boolean;
  private readonly gather: Float64Array | null; // a tile of the block's columns, when they are not consecutive

  /** `std`, when given, is σ itself (where σ² is beyond the doubles); else √variance. */
  constructor(
    cols: Int32Array,
    components: number,
    mean: Float64Array,
    variance: Float64Array,
    epsilon = 0,
    std?: Float64Array,
  ) {
    this.cols = cols;
    this.components = components;
    this.contiguous = isContiguous(cols);
    this.gather = this.contiguous ? null : new Float64Array(TILE * cols.length);
    this.mean = mean;
    this.variance = variance;
    this.epsilon = epsilon;
    const m = cols.length;
    const size = components * m;
    this.std = new Float64Array(size);
    this.halfInvVar = new Float64Array(size);
    this.logNorm = new Float64Array(size);
    this.logNormSum = new Float64Array(components);
    for (let c = 0; c < components; c++) {
      let sum = 0;
      for (let k = c * m; k < (c + 1) * m; k++) {
        const v = variance[k]!;
        const sd = std === undefined ? Math.sqrt(v) : std[k]!;
        this.std[k] = sd;
        // NaN where σ² is not a normal double (σ beyond ~1e154 or below ~1e-154): every distance
        // is then NaN and its row is scored by scoreComponentChecked, from σ itself.
        const normal = v >= MIN_VARIANCE && v < Infinity;
        this.halfInvVar[k] = normal ? 0.5 / v : NaN;
        const ln = normal ? -0.5 * (LOG_2PI + Math.log(v)) : -0.5 * LOG_2PI - Math.log(sd);
        this.logNorm[k] = ln;
        sum += ln;
      }
      this.logNormSum[c] = sum;
    }
  }

  freeParameters(): number {
    return 2 * this.components * this.cols.length;
  }

  statsLike(): GaussianKernelStats {
    return new GaussianKernelStats(this.cols, this.components, makeParams);
  }

  marginal(c: number, k: number): Distribution<number> {
    const i = c * this.cols.length + k;
    return new Gaussian(this.mean[i]!, this.std[i]!);
  }

  addLogLikelihood(block: RowBlock, out: Float64Array, ctx: ScoreContext): void {
    const { buf, off, rows: n, start: rowStart, input: x } = block;
    const outOff = rowStart * this.components;
    const m = this.cols.length;
    const C = this.components;
    const d = x.cols;
    const norm = this.logNormSum;
    // log N(x; μ, σ²) summed over columns = Σ_k −½ log(2πσ²_ck) − Σ_k (x_k − μ_ck)² / (2σ²_ck).
    // The first sum is a per-component constant; tiledDistances computes the second for a tile
    // of rows at a time. A NaN or infinite value makes a distance non-finite; only then is the
    // cell redone slowly, to name the culprit or to leave a missing value out.
    const acc = this.scratch(C);
    const gather = this.gather;
    for (let r0 = 0; r0 < n; r0 += TILE) {
      // Tile by tile (no callback: V8 runs the tiled loop ~2× slower when it is called through one).
      const rows = Math.min(TILE, n - r0);
      const rowAt = off + r0 * d;
      if (gather === null) tiledDistances(buf, rowAt + this.cols[0]!, d, rows, m, C, this.mean, this.halfInvVar, acc);
      else {
        gatherTile(buf, rowAt, d, rows, this.cols, gather);
        tiledDistances(gather, 0, m, rows, m, C, this.mean, this.halfInvVar, acc);
      }
      for (let r = 0, q = 0; r < rows; r++) {
        const o = outOff + (r0 + r) * C;
        for (let c = 0; c < C; c++, q++) {
          const s = acc[q]!;
          out[o + c] =
            out[o + c]! +
            (s - s === 0
              ? norm[c]! - s
              : this.scoreComponentChecked(buf, off + (r0 + r) * d, rowStart + r0 + r, c, x, ctx));
        }
      }
    }
  }

  /** A reusable buffer of TILE × C distances (kernels run one call at a time). */
  private scratch(C: number): Float64Array {
    if (this.tile === null) this.tile = new Float64Array(TILE * C);
    return this.tile;
  }

  /** One component's term for a row with a NaN, an infinite value or an overflowing distance. */
  private scoreComponentChecked(
    buf: Float64Array,
    base: number,
    row: number,
    c: number,
    x: RowBlocks,
    ctx: ScoreContext,
  ): number {
    const m = this.cols.length;
    let s = 0;
    for (let k = 0; k < m; k++) {
      const j = this.cols[k]!;
      const v = buf[base + j]!;
      if (!Number.isFinite(v)) {
        skipMissing(v, row, j, x, ctx); // throws unless a missing value to leave out
        continue;
      }
      const i = c * m + k;
      // (x − μ)/σ, with x/σ − μ/σ when x − μ itself overflows (values near ±1.8e308).
      let z = (v - this.mean[i]!) / this.std[i]!;
      if (!Number.isFinite(z)) z = v / this.std[i]! - this.mean[i]! / this.std[i]!;
      s += this.logNorm[i]! - 0.5 * z * z;
    }
    return s; // finite, or −Infinity when a distance overflows: the point is that far out
  }

  sampleRow(rng: Rng, c: number, row: Float64Array, rowOff: number, where: string): void {
    const m = this.cols.length;
    for (let k = 0; k < m; k++)
      row[rowOff + this.cols[k]!] = this.mean[c * m + k]! + this.std[c * m + k]! * standardNormal(rng, where);
  }
}

/** The parameters of a Gaussian block's statistics. */
const makeParams: GaussianParamsFactory = (cols, components, mean, variance, epsilon, std) =>
  new GaussianKernelParams(cols, components, mean, variance, epsilon, std);

/** The Gaussian family, for the registry. @internal */
export const gaussianFamily: Family = {
  kind: "gaussian",
  values: gaussianValues,
  createStats: (cols, components) => new GaussianKernelStats(cols, components, makeParams),
  statsFromJSON: (where, json, cols, components) =>
    GaussianKernelStats.fromJSON(where, json, cols, components, makeParams),
  paramsFrom(cols, components, marginals) {
    const mean = new Float64Array(marginals.length);
    const variance = new Float64Array(marginals.length);
    const std = new Float64Array(marginals.length);
    for (let i = 0; i < marginals.length; i++) {
      const g = marginals[i] as Gaussian;
      mean[i] = g.mean;
      std[i] = g.std;
      variance[i] = g.std * g.std;
    }
    return new GaussianKernelParams(cols, components, mean, variance, 0, std);
  },
  owns: (d) => hasBrand(d, "Gaussian"),
  typeName: "Gaussian",
  fromJSON: (json) => Gaussian.fromJSON(json),
  // μ in [−10, 10], σ log-uniform in [0.1, 10].
  example: (u) => new Gaussian(20 * u() - 10, 10 ** (2 * u() - 1)),
};
