/**
 * The expected sufficient statistics of a mixture's E-step: for each family block, the
 * statistics weighted by the responsibilities r_ik (times the sample weights), plus the total
 * weight and Σ w log p(x). They merge, so one EM iteration can run across shards, workers or
 * machines: expectedStats per shard, merge, then one M-step (`Mixture.fromStats`).
 */

import { brand, hasBrand } from "../core/brand.js";
import { numberFromJSON, numbersFromJSON, numberToJSON } from "../core/cells.js";
import { requireJsonType } from "../core/distribution.js";
import type { KernelStats } from "../core/kernel.js";
import type { FeatureKind } from "../distributions/registry.js";
import { describe, requireInteger } from "../core/validate.js";
import { requireKind } from "./model-options.js";
import { blockStatsFromJSON, blockStatsToJSON, layoutDifference } from "./blocks.js";

const MIXTURE_STATS = brand("MixtureStats");

/**
 * What `MixtureStats.toJSON` writes: the feature kinds, the component count, the totals and
 * each family block's statistics.
 *
 * @example
 * ```ts
 * const json: MixtureStatsJSON = Mixture.fit(X, { nComponents: 2 }).expectedStats(X).toJSON();
 * ```
 */
export interface MixtureStatsJSON {
  /** Always `"MixtureStats"`. */
  type: "MixtureStats";
  /** The format version (1). */
  version: 1;
  /** The kind of each column. */
  kinds: FeatureKind[];
  /** K, the number of components. */
  components: number;
  /** Σ w, the rows summarised. */
  count: number;
  /**
   * Σ w log p(x) at the parameters the statistics were computed with: `"-Infinity"` when a row
   * was impossible under every component, `"NaN"` for the statistics of a start (hard clusters,
   * no parameters yet).
   */
  logLikelihood: number | "NaN" | "-Infinity";
  /** Each family block's statistics, by kind (an array of blocks for a joint family). */
  stats: Partial<Record<FeatureKind, unknown>>;
}

/**
 * Mergeable E-step statistics of a mixture (see {@link Mixture.expectedStats}).
 *
 * @example
 * ```ts
 * const model = Mixture.fit(X, { nComponents: 2 });
 * const s = model.expectedStats(X.slice(0, 6)).merge(model.expectedStats(X.slice(6)));
 * const next = Mixture.fromStats(s); // one EM iteration over both shards
 * ```
 */
export class MixtureStats {
  /** @internal The brand that identifies MixtureStats from any copy of ptheta. */
  readonly [MIXTURE_STATS] = true;
  /** @internal The feature kind of every column. */
  readonly kinds: readonly FeatureKind[];
  /** The number of components. */
  readonly components: number;
  /** @internal The statistics of each family block. */
  readonly blockStats: KernelStats[];
  private total: number;
  private sumLogLikelihood: number;

  /** @internal */
  constructor(
    kinds: readonly FeatureKind[],
    components: number,
    blockStats: KernelStats[],
    count: number,
    logLikelihood: number,
  ) {
    this.kinds = kinds;
    this.components = components;
    this.blockStats = blockStats;
    this.total = count;
    this.sumLogLikelihood = logLikelihood;
  }

  /** Σ_i w_i: the rows summarised (their total weight, with sample weights). */
  get count(): number {
    return this.total;
  }

  /** Σ_i w_i log p(x_i) at the parameters the statistics were computed with. */
  get logLikelihood(): number {
    return this.sumLogLikelihood;
  }

  /** N_k = Σ_i w_i r_ik for each component. */
  get componentWeights(): Float64Array {
    return this.blockStats[0]!.totals();
  }

  /** @internal An independent copy (merging into it leaves this unchanged). */
  copy(): MixtureStats {
    const blocks = this.blockStats.map((s) => {
      const c = s.empty();
      c.merge(s);
      return c;
    });
    return new MixtureStats(this.kinds, this.components, blocks, this.total, this.sumLogLikelihood);
  }

  /** Adds the statistics of another shard (same model shape); `other` is unchanged. */
  merge(other: MixtureStats): this {
    const where = "MixtureStats.merge";
    if (!hasBrand(other, "MixtureStats"))
      throw new TypeError(`${where}: other must be a MixtureStats, got ${describe(other)}`);
    if (other.components !== this.components || other.kinds.join() !== this.kinds.join()) {
      throw new RangeError(
        `${where}: the statistics are of different models (${this.components} components of [${this.kinds.join(", ")}] ` +
          `and ${other.components} of [${other.kinds.join(", ")}])`,
      );
    }
    const layout = layoutDifference(this.blockStats, other.blockStats);
    if (layout !== null) throw new RangeError(`${where}: the statistics are of different models: ${layout}`);
    this.blockStats.forEach((s, b) => s.merge(other.blockStats[b]!));
    this.total += other.total;
    this.sumLogLikelihood += other.sumLogLikelihood;
    return this;
  }

  /** A plain JSON value; `Mixture.statsFromJSON` restores it exactly. */
  toJSON(): MixtureStatsJSON {
    return {
      type: "MixtureStats",
      version: 1,
      kinds: this.kinds.slice(),
      components: this.components,
      count: this.total,
      logLikelihood: numberToJSON(this.sumLogLikelihood) as number | "NaN" | "-Infinity",
      stats: blockStatsToJSON(this.blockStats),
    };
  }
}

/** Restores {@link MixtureStats.toJSON} output, checking it. @internal */
export function mixtureStatsFromJSON(json: unknown, where = "Mixture.statsFromJSON"): MixtureStats {
  const o = requireJsonType(where, json, "MixtureStats");
  if (o.version !== 1)
    throw new RangeError(`${where}: version ${describe(o.version)} is not one this release reads (1)`);
  if (!Array.isArray(o.kinds) || o.kinds.length === 0) throw new TypeError(`${where}: kinds must be a non-empty array`);
  const kinds = o.kinds.map((k: unknown, j: number) => requireKind(`${where}: kinds[${j}]`, k));
  const K = requireInteger(`${where}: components`, o.components, 1);
  const count = numbersFromJSON(`${where}: [count]`, [o.count], 1)[0]!;
  if (!(count >= 0)) throw new RangeError(`${where}: count must be >= 0`);
  const logLikelihood = numberFromJSON(`${where}: logLikelihood`, o.logLikelihood);
  if (logLikelihood === Infinity) throw new RangeError(`${where}: logLikelihood must not be Infinity`);
  // Each block's arrays are sized by K and its column count, and must be present in full, so a
  // file cannot claim more than it holds.
  const stats = blockStatsFromJSON(
    `${where}.stats`,
    o.stats ?? {},
    kinds,
    { alpha: () => 0, minCategories: () => 0, binarize: null, varSmoothing: 0, regVariance: 0 },
    K,
  );
  requireConsistent(where, stats, count);
  return new MixtureStats(kinds, K, stats, count, logLikelihood);
}

/**
 * The invariants E-step statistics imply: every block saw the same weight N_k per component (each
 * row adds its responsibilities to every block), and Σ_k N_k = count. Checked to a relative 1e-9
 * (the blocks sum in different orders), so a file that contradicts itself is refused.
 */
function requireConsistent(where: string, stats: readonly KernelStats[], count: number): void {
  const first = stats[0]!.totals();
  let sum = 0;
  for (const v of first) sum += v;
  const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1e-300);
  if (!close(sum, count)) {
    throw new RangeError(`${where}: count is ${count} but the component weights sum to ${sum}`);
  }
  for (const s of stats) {
    const t = s.totals();
    for (let k = 0; k < t.length; k++) {
      if (!close(t[k]!, first[k]!)) {
        throw new RangeError(
          `${where}: the ${s.kind} statistics give component ${k} weight ${t[k]} but the ${stats[0]!.kind} statistics give ${first[k]}`,
        );
      }
    }
  }
}
