/**
 * The columns of a model, grouped by family: one block per kind present, each a family kernel
 * over its columns. Naive Bayes, Product and Mixture all work through these functions, so none
 * of them branches on a family.
 */

import type {
  FeatureKind,
  KernelOptions,
  KernelParams,
  KernelStats,
  RowWeights,
  ScoreContext,
} from "../core/kernel.js";
import type { RowBlocks } from "../core/matrix.js";
import type { Rng } from "../core/rng.js";
import { FAMILIES, FEATURE_KINDS } from "../distributions/registry.js";

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

/** The blocks of a model whose column j has kind `kinds[j]`, in registry order. @internal */
export function layoutBlocks(kinds: readonly FeatureKind[], o: ColumnOptions): BlockSpec[] {
  const blocks: BlockSpec[] = [];
  for (const kind of FEATURE_KINDS) {
    const cols: number[] = [];
    for (let j = 0; j < kinds.length; j++) if (kinds[j] === kind) cols.push(j);
    if (cols.length === 0) continue;
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
  }
  return blocks;
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
  for (let start = 0; start < x.rows; start += x.blockRows) {
    const block = { buf: x.block(start), off: x.offset, rows: Math.min(x.rows - start, x.blockRows), start, input: x };
    for (const p of params) p.addLogLikelihood(block, out, ctx);
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
