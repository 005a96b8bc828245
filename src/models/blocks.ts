/**
 * The columns of a model, laid out in blocks: a block is a family and its columns. A per-column
 * family's columns form one block (its kernel treats each column alone, all in one loop); a
 * joint family's block is one distribution over its columns, and each run of consecutive columns
 * of that kind is a block of its own (two bags of words stay two multinomials), unless the family
 * says all its columns form one block (the multivariate Gaussian: a full covariance over every
 * Gaussian column). Naive Bayes,
 * Product and Mixture all work through these functions, so none of them branches on a family.
 */

import type { KernelOptions, KernelParams, KernelStats, RowWeights, ScoreContext } from "../core/kernel.js";
import type { RowBlocks } from "../core/matrix.js";
import type { Rng } from "../core/rng.js";
import { readOptions } from "../core/options.js";
import { FAMILIES, FEATURE_KINDS, type FeatureKind } from "../distributions/registry.js";

/** One block: a family, its columns and their resolved options. @internal */
export interface BlockSpec {
  readonly kind: FeatureKind;
  readonly cols: Int32Array;
  readonly options: KernelOptions;
}

/** The per-column and model-wide options blocks are made from. @internal */
export interface ColumnOptions {
  /** α of column j. */
  alpha(j: number): number;
  /** The least category count of column j. */
  minCategories(j: number): number;
  readonly binarize: number | null;
  readonly varSmoothing: number;
  readonly regVariance: number;
}

/**
 * The blocks of a model whose column j has kind `kinds[j]`: in registry order, one block for all
 * the columns of a per-column family, one per run of consecutive columns of a joint family.
 * @internal
 */
export function layoutBlocks(kinds: readonly FeatureKind[], o: ColumnOptions): BlockSpec[] {
  const blocks: BlockSpec[] = [];
  const add = (kind: FeatureKind, cols: readonly number[]): void => {
    const c = Int32Array.from(cols);
    blocks.push({
      kind,
      cols: c,
      options: {
        alpha: Float64Array.from(c, (j) => o.alpha(j)),
        minCategories: Int32Array.from(c, (j) => o.minCategories(j)),
        binarize: o.binarize,
        varSmoothing: o.varSmoothing,
        regVariance: o.regVariance,
      },
    });
  };
  for (const kind of FEATURE_KINDS) {
    let run: number[] = [];
    const joint = isJoint(kind) && FAMILIES[kind].oneBlock !== true;
    for (let j = 0; j <= kinds.length; j++) {
      if (j < kinds.length && kinds[j] === kind) run.push(j);
      else if (joint && run.length > 0) {
        add(kind, run);
        run = [];
      }
    }
    if (run.length > 0) add(kind, run);
  }
  return blocks;
}

/** Whether a kind's family is joint (one distribution over its block). @internal */
export function isJoint(kind: FeatureKind): boolean {
  return FAMILIES[kind].joint === true;
}

/**
 * Every block's statistics as JSON, by kind: a per-column family's block as its kernel writes it,
 * a joint family's blocks as an array in column order (a kind may have several).
 * @internal
 */
export function blockStatsToJSON(stats: readonly KernelStats[]): Partial<Record<FeatureKind, unknown>> {
  const json: Partial<Record<FeatureKind, unknown>> = {};
  for (const s of stats) {
    const kind = s.kind as FeatureKind;
    if (isJoint(kind)) ((json[kind] ??= []) as unknown[]).push(s.toJSON());
    else json[kind] = s.toJSON();
  }
  return json;
}

/**
 * Reads what {@link blockStatsToJSON} wrote for the given layout, each section checked by its
 * family; `prepare` may adapt a per-column section before (an older format's fields).
 * @internal
 */
export function blockStatsFromJSON(
  where: string,
  json: unknown,
  blocks: readonly BlockSpec[],
  components: number,
  prepare: (kind: FeatureKind, section: object) => unknown = (_, section) => section,
): KernelStats[] {
  if (json === null || typeof json !== "object" || Array.isArray(json))
    throw new TypeError(`${where} must be an object of statistics by feature kind`);
  const sections = readOptions(where, json, FEATURE_KINDS);
  const seen = new Map<FeatureKind, number>();
  return blocks.map((b) => {
    let section: unknown = sections[b.kind];
    const at = `${where}.${b.kind}`;
    if (isJoint(b.kind)) {
      const i = seen.get(b.kind) ?? 0;
      seen.set(b.kind, i + 1);
      if (!Array.isArray(section)) throw new TypeError(`${at} must be an array of block statistics`);
      section = section[i];
      if (section === undefined) throw new TypeError(`${at}[${i}] is missing`);
    }
    if (section === null || typeof section !== "object")
      throw new TypeError(`${where}: the statistics of the ${b.kind} features are missing`);
    return FAMILIES[b.kind].statsFromJSON(at, prepare(b.kind, section), b.cols, components, b.options);
  });
}

/** Empty statistics for every block, for C components. @internal */
export function createStats(blocks: readonly BlockSpec[], components: number): KernelStats[] {
  return blocks.map((b) => FAMILIES[b.kind].createStats(b.cols, components, b.options));
}

/**
 * The statistics of a batch: fresh statistics shaped like `like` (same components and, for
 * categorical columns, at least the same category counts), with the rows of `x` added. Every
 * value is checked on the way; nothing of the model is touched, so a throw changes nothing.
 * @internal
 */
export function batchStats(
  where: string,
  like: readonly KernelStats[],
  x: RowBlocks,
  weights: RowWeights,
): KernelStats[] {
  return like.map((s) => {
    const batch = s.empty();
    batch.accumulate(where, x, weights);
    return batch;
  });
}

/**
 * Refuses statistics that give no proper distribution (see KernelStats.requireProper), for a
 * model that fits without floors: a Product, like the families' own `fit`. @internal
 */
export function requireProper(where: string, blocks: readonly BlockSpec[], stats: readonly KernelStats[]): void {
  stats.forEach((s, b) => s.requireProper?.(where, blocks[b]!.options));
}

/** The parameters of every block. @internal */
export function estimate(blocks: readonly BlockSpec[], stats: readonly KernelStats[]): KernelParams[] {
  return stats.map((s, b) => s.estimate(blocks[b]!.options));
}

/**
 * Adds Σ_j log p(x_j | c) for every block to `out` (rows × C, starting at row 0), reading X in
 * row blocks.
 * @internal
 */
export function addLogLikelihood(
  params: readonly KernelParams[],
  x: RowBlocks,
  out: Float64Array,
  ctx: ScoreContext,
): void {
  if (params.length === 0) return;
  const C = params[0]!.components;
  for (let start = 0; start < x.rows; start += x.blockRows) {
    const buf = x.block(start);
    const n = Math.min(x.rows - start, x.blockRows);
    for (const p of params) p.addLogLikelihood(buf, x.offset, n, start, x, out, start * C, ctx);
  }
}

/** Σ of the blocks' free parameters. @internal */
export function freeParameters(params: readonly KernelParams[]): number {
  let n = 0;
  for (const p of params) n += p.freeParameters();
  return n;
}

/** Draws one row of component c into `row[rowOff ..]`. @internal */
export function sampleRow(
  params: readonly KernelParams[],
  rng: Rng,
  c: number,
  row: Float64Array,
  rowOff: number,
  where: string,
): void {
  for (const p of params) p.sampleRow(rng, c, row, rowOff, where);
}
