import { badUniform, type Rng } from "./rng.js";

/**
 * Walker's alias table (Vose's construction): after an O(K) build, each draw from a discrete
 * distribution over 0..K−1 costs one uniform and one comparison, whatever K is.
 *
 * @example
 * ```ts
 * const table = new AliasTable([0.2, 0.5, 0.3]);
 * table.sample(createRng(1)); // 0, 1 or 2
 * ```
 */
export class AliasTable {
  /** Probability of keeping column i rather than taking its alias. */
  private readonly keep: Float64Array;
  // The alias of each column, as doubles: the draw mixes it with the column index in double
  // arithmetic, and an Int32Array would cost a conversion per draw (~25% of a draw's time).
  private readonly alias: Float64Array;
  readonly k: number;

  /** @param weights - non-negative weights (need not sum to 1), at least one positive. */
  constructor(weights: ArrayLike<number>) {
    const k = weights.length;
    let total = 0;
    for (let i = 0; i < k; i++) total += weights[i]!;
    this.k = k;
    this.keep = new Float64Array(k);
    this.alias = new Float64Array(k);
    const scaled = new Float64Array(k);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < k; i++) {
      scaled[i] = (weights[i]! * k) / total;
      (scaled[i]! < 1 ? small : large).push(i);
    }
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.keep[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    // Whatever is left holds mass 1 up to rounding: it always keeps its own column.
    for (const i of large) this.keep[i] = 1;
    for (const i of small) this.keep[i] = 1;
  }

  /**
   * One draw in 0..k−1: column from the top of a uniform, keep-or-alias from what remains. A
   * value of `rng.next()` outside [0, 1) throws a RangeError naming `rng` (prefixed with
   * `where`, the caller's name); the caller has checked that `rng` is an Rng.
   */
  sample(rng: Rng, where = "AliasTable.sample"): number {
    const u = rng.next();
    if (typeof u !== "number" || !(u >= 0 && u < 1)) throw badUniform(where, u);
    const t = u * this.k;
    const column = Math.floor(t);
    const other = this.alias[column]!;
    // Keep-or-alias without a branch, which would be mispredicted as often as columns split
    // their mass: keep − fraction is in (−1, 1], so its ceiling is 1 when the fraction is
    // below keep and 0 (or −0, which the sum turns into 0) otherwise.
    return other + Math.ceil(this.keep[column]! - (t - column)) * (column - other);
  }
}
