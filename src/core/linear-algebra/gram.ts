/**
 * The weighted cross-product matrix Σᵣ wᵣ uᵣ uᵣᵀ of many rows, the inner loop of every covariance.
 * Rows are taken a tile at a time, transposed so that each feature's values over the tile are
 * contiguous; each 4 × 2 block of the result is then eight running dot products over the tile
 * held in locals, so six values loaded feed eight products and no partial sum is stored until the
 * tile ends (a row-at-a-time rank-one update loads and stores each of the d²/2 sums per row,
 * which is the whole cost of the pass). Tile totals are added with Neumaier compensation, so the
 * error is that of a sum over one tile, not over every row.
 */

import { neumaierAdd } from "../sum.js";

/**
 * Rows per tile: long enough that adding a tile's totals costs little beside its products, short
 * enough that a tile of 64 features (64 KB) stays in cache.
 */
export const GRAM_TILE = 128;

/**
 * Accumulates Σᵣ wᵣ uᵣ uᵣᵀ for uᵣ = xᵣ − c, the rows less a centre c (the mean, for a
 * covariance). Call {@link GramAccumulator.row} once per row, then {@link GramAccumulator.result}.
 *
 * @internal Core helper, not exported from the package.
 * @example
 * ```ts
 * const g = new GramAccumulator(new Float64Array([1, 1]));
 * g.row(new Float64Array([2, 3]), 0, 1); // u = [1, 2]
 * g.row(new Float64Array([4, 0]), 0, 2); // u = [3, -1], weight 2
 * Array.from(g.result()); // [19, -4, -4, 6]
 * ```
 */
export class GramAccumulator {
  private readonly d: number;
  private readonly centre: Float64Array;
  /** d rounded up to a multiple of 4: padded features are zeros, so every block is 4 × 2. */
  private readonly dp: number;
  /** The tile, feature-major: u[j * GRAM_TILE + r]. */
  private readonly u: Float64Array;
  /** The same tile times each row's weight (the same buffer as `u` while every weight is 1). */
  private wu: Float64Array;
  private readonly weighted: Float64Array;
  private filled = 0;
  private readonly sum: Float64Array;
  private readonly comp: Float64Array;

  /** `centre`: c, one value per feature (its length is d). */
  constructor(centre: Float64Array) {
    const d = centre.length;
    this.centre = centre;
    this.d = d;
    this.dp = (d + 3) & ~3;
    this.u = new Float64Array(this.dp * GRAM_TILE);
    this.weighted = new Float64Array(this.dp * GRAM_TILE);
    this.wu = this.u;
    this.sum = new Float64Array(this.dp * this.dp);
    this.comp = new Float64Array(this.dp * this.dp);
  }

  /** Adds w · uuᵀ for u = x − c, the row x = `data[at .. at + d)`. */
  row(data: Float64Array, at: number, w: number): void {
    const { d, u, centre, filled: r } = this;
    if (w !== 1 && this.wu === this.u) {
      // The first weight other than 1: from here on the weighted copy is kept apart.
      this.weighted.set(this.u);
      this.wu = this.weighted;
    }
    if (this.wu === this.u) {
      for (let j = 0; j < d; j++) u[j * GRAM_TILE + r] = data[at + j]! - centre[j]!;
    } else {
      const wu = this.wu;
      for (let j = 0; j < d; j++) {
        const x = data[at + j]! - centre[j]!;
        u[j * GRAM_TILE + r] = x;
        wu[j * GRAM_TILE + r] = w * x;
      }
    }
    if (++this.filled === GRAM_TILE) this.flush();
  }

  /** The d × d row-major matrix Σᵣ wᵣ uᵣ uᵣᵀ (both triangles), after the last row. */
  result(): Float64Array {
    this.flush();
    const { d, dp, sum, comp } = this;
    const out = new Float64Array(d * d);
    for (let p = 0; p < d; p++) {
      for (let q = 0; q <= p; q++) {
        const v = sum[p * dp + q]! + comp[p * dp + q]!;
        out[p * d + q] = v;
        out[q * d + p] = v;
      }
    }
    return out;
  }

  /** Adds the tile's rows (the first `filled`) to the compensated totals. */
  private flush(): void {
    const m = this.filled;
    if (m === 0) return;
    const { dp, u, wu, sum, comp } = this;
    for (let p = 0; p < dp; p += 4) {
      const a0 = p * GRAM_TILE;
      const a1 = a0 + GRAM_TILE;
      const a2 = a1 + GRAM_TILE;
      const a3 = a2 + GRAM_TILE;
      for (let q = 0; q < p + 4; q += 2) {
        const b0 = q * GRAM_TILE;
        const b1 = b0 + GRAM_TILE;
        let s00 = 0;
        let s01 = 0;
        let s10 = 0;
        let s11 = 0;
        let s20 = 0;
        let s21 = 0;
        let s30 = 0;
        let s31 = 0;
        for (let r = 0; r < m; r++) {
          const y0 = u[b0 + r]!;
          const y1 = u[b1 + r]!;
          const x0 = wu[a0 + r]!;
          s00 += x0 * y0;
          s01 += x0 * y1;
          const x1 = wu[a1 + r]!;
          s10 += x1 * y0;
          s11 += x1 * y1;
          const x2 = wu[a2 + r]!;
          s20 += x2 * y0;
          s21 += x2 * y1;
          const x3 = wu[a3 + r]!;
          s30 += x3 * y0;
          s31 += x3 * y1;
        }
        // Sums above the diagonal (q > p near it) are computed with the block and never read.
        const at = p * dp + q;
        neumaierAdd(sum, comp, at, s00);
        neumaierAdd(sum, comp, at + 1, s01);
        neumaierAdd(sum, comp, at + dp, s10);
        neumaierAdd(sum, comp, at + dp + 1, s11);
        neumaierAdd(sum, comp, at + 2 * dp, s20);
        neumaierAdd(sum, comp, at + 2 * dp + 1, s21);
        neumaierAdd(sum, comp, at + 3 * dp, s30);
        neumaierAdd(sum, comp, at + 3 * dp + 1, s31);
      }
    }
    this.filled = 0;
  }
}
