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
import { ownProperties } from "../core/distribution.js";
import { readOptions } from "../core/options.js";
import { describe } from "../core/validate.js";
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

/** A block of the given kind and columns, with its columns' options. */
function blockSpec(kind: FeatureKind, c: Int32Array, o: ColumnOptions): BlockSpec {
  // Plain loops: a vocabulary block has 10⁵ columns.
  const alpha = new Float64Array(c.length);
  const minCategories = new Int32Array(c.length);
  for (let k = 0; k < c.length; k++) {
    alpha[k] = o.alpha(c[k]!);
    minCategories[k] = o.minCategories(c[k]!);
  }
  return {
    kind,
    cols: c,
    options: {
      alpha,
      minCategories,
      binarize: o.binarize,
      varSmoothing: o.varSmoothing,
      regVariance: o.regVariance,
    },
  };
}

/**
 * The blocks of a model whose column j has kind `kinds[j]`: in registry order, one block for all
 * the columns of a per-column family, one per run of consecutive columns of a joint family (all
 * its columns for a one-block family, the multivariate Gaussian). `breaks` lists columns that
 * begin a new segment: a joint block never spans two segments, so two adjacent bags of words
 * given as `{ kind: "multinomial", columns }` entries stay two multinomials.
 * @internal
 */
export function layoutBlocks(
  kinds: readonly FeatureKind[],
  o: ColumnOptions,
  breaks: readonly number[] = [],
): BlockSpec[] {
  const blocks: BlockSpec[] = [];
  const segment = new Int32Array(kinds.length);
  const starts = new Set(breaks);
  for (let j = 1; j < kinds.length; j++) segment[j] = segment[j - 1]! + (starts.has(j) ? 1 : 0);
  for (const kind of FEATURE_KINDS) {
    if (!isJoint(kind)) {
      const cols: number[] = [];
      for (let j = 0; j < kinds.length; j++) if (kinds[j] === kind) cols.push(j);
      if (cols.length > 0) blocks.push(blockSpec(kind, Int32Array.from(cols), o));
      continue;
    }
    // A joint family: its columns grouped by segment, and (unless one block) by run.
    const oneBlock = FAMILIES[kind].oneBlock === true;
    const groups = new Map<number, number[]>();
    let run = 0;
    for (let j = 0; j < kinds.length; j++) {
      if (kinds[j] !== kind) {
        run++;
        continue;
      }
      if (j > 0 && segment[j] !== segment[j - 1]) run++;
      // Runs never span segments, so a run number is a group of its own.
      const key = oneBlock ? segment[j]! : run;
      const cols = groups.get(key);
      if (cols === undefined) groups.set(key, [j]);
      else cols.push(j);
    }
    const list = Array.from(groups.values()).sort((a, b) => a[0]! - b[0]!);
    for (const cols of list) blocks.push(blockSpec(kind, Int32Array.from(cols), o));
  }
  return blocks;
}

/**
 * The blocks the statistics are of (their kinds and columns), with the options of their columns:
 * a fitted model's layout is that of its statistics, whatever split the fit was given.
 * @internal
 */
export function blockSpecsOf(
  stats: readonly { readonly kind: string; readonly cols: Int32Array }[],
  o: ColumnOptions,
): BlockSpec[] {
  return stats.map((s) => blockSpec(s.kind as FeatureKind, s.cols, o));
}

/**
 * Where two models' blocks differ (a joint block split differently), or null when they agree.
 * @internal
 */
export function layoutDifference(a: readonly KernelStats[], b: readonly KernelStats[]): string | null {
  const show = (s: readonly KernelStats[]): string =>
    s
      .filter((x) => isJoint(x.kind as FeatureKind))
      .map((x) => `${x.kind} [${Array.from(x.cols).join(", ")}]`)
      .join(", ");
  const same = a.length === b.length && a.every((s, i) => s.kind === b[i]!.kind && s.cols.join() === b[i]!.cols.join());
  return same ? null : `the joint blocks differ: ${show(a)} and ${show(b)}`;
}

/** Whether a kind's family is joint (one distribution over its block). @internal */
export function isJoint(kind: FeatureKind): boolean {
  return FAMILIES[kind].joint === true;
}

/**
 * Every block's statistics as JSON, by kind: a per-column family's block as its kernel writes it,
 * a joint family's blocks as an array in column order (a kind may have several), each with its
 * `cols`, so that a split the fit was given survives.
 * @internal
 */
export function blockStatsToJSON(stats: readonly KernelStats[]): Partial<Record<FeatureKind, unknown>> {
  const json: Partial<Record<FeatureKind, unknown>> = {};
  for (const s of stats) {
    const kind = s.kind as FeatureKind;
    if (isJoint(kind)) ((json[kind] ??= []) as unknown[]).push({ cols: Array.from(s.cols), ...s.toJSON() });
    else json[kind] = s.toJSON();
  }
  return json;
}

/**
 * The blocks of a joint kind as a JSON section lists them: each entry's `cols` (ascending columns
 * of that kind), together covering every column of the kind once; entries without `cols` (an
 * earlier format) take the default layout's blocks. @internal
 */
function jointBlocksFromJSON(
  where: string,
  kind: FeatureKind,
  section: unknown,
  kinds: readonly FeatureKind[],
  defaults: readonly BlockSpec[],
): Int32Array[] {
  if (!Array.isArray(section)) throw new TypeError(`${where} must be an array of block statistics`);
  const entries = section as unknown[];
  if (entries.every((e) => e === null || typeof e !== "object" || !Object.prototype.hasOwnProperty.call(e, "cols"))) {
    if (entries.length !== defaults.length)
      throw new RangeError(`${where} has ${entries.length} blocks but the ${kind} columns form ${defaults.length}`);
    return defaults.map((b) => b.cols);
  }
  const seen = new Uint8Array(kinds.length);
  const out = entries.map((e, i) => {
    const cols: unknown = e !== null && typeof e === "object" ? (e as { cols?: unknown }).cols : undefined;
    if (!Array.isArray(cols) || cols.length === 0)
      throw new TypeError(`${where}[${i}].cols must be a non-empty array of column indices`);
    return Int32Array.from(cols as unknown[], (j, k) => {
      const prev = k === 0 ? -1 : (cols as number[])[k - 1]!;
      if (!(Number.isInteger(j) && (j as number) > prev && (j as number) < kinds.length && kinds[j as number] === kind))
        throw new RangeError(
          `${where}[${i}].cols[${k}] must be a column of kind ${kind}, above the one before, got ${describe(j)}`,
        );
      if (seen[j as number] === 1)
        throw new RangeError(`${where}[${i}].cols[${k}]: column ${j as number} is in two blocks`);
      seen[j as number] = 1;
      return j as number;
    });
  });
  kinds.forEach((k, j) => {
    if (k === kind && seen[j] === 0) throw new RangeError(`${where}: column ${j} (${kind}) is in no block`);
  });
  out.forEach((cols, i) => {
    if (i > 0 && !(cols[0]! > out[i - 1]![0]!))
      throw new RangeError(`${where}: the blocks must be in column order; [${i}] begins before [${i - 1}]`);
  });
  return out;
}

/**
 * Reads what {@link blockStatsToJSON} wrote for columns of the given kinds, each section checked
 * by its family; a joint kind's blocks are those its entries list (`cols`). `prepare` may adapt a
 * per-column section before (an older format's fields). The statistics come in layout order.
 * @internal
 */
export function blockStatsFromJSON(
  where: string,
  json: unknown,
  kinds: readonly FeatureKind[],
  o: ColumnOptions,
  components: number,
  prepare: (kind: FeatureKind, section: object) => unknown = (_, section) => section,
): KernelStats[] {
  if (json === null || typeof json !== "object" || Array.isArray(json))
    throw new TypeError(`${where} must be an object of statistics by feature kind`);
  const sections = readOptions(where, json, FEATURE_KINDS);
  const defaults = layoutBlocks(kinds, o);
  const blocks: BlockSpec[] = [];
  for (const kind of FEATURE_KINDS) {
    const mine = defaults.filter((b) => b.kind === kind);
    if (mine.length === 0) continue;
    if (!isJoint(kind)) blocks.push(...mine);
    else
      for (const cols of jointBlocksFromJSON(`${where}.${kind}`, kind, sections[kind], kinds, mine))
        blocks.push(blockSpec(kind, cols, o));
  }
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
    return FAMILIES[b.kind].statsFromJSON(at, prepare(b.kind, ownProperties(section)), b.cols, components, b.options);
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
  if (x.sparse !== null && params.every((p) => p.readsSparse === true)) {
    // Every block reads the CSR rows: all rows in one call, no row ever densified.
    const all = { buf: NO_BLOCK, off: 0, rows: x.rows, start: 0, input: x };
    for (const p of params) p.addLogLikelihood(all, out, ctx);
    return;
  }
  for (let start = 0; start < x.rows; start += x.blockRows) {
    const block = { buf: x.block(start), off: x.offset, rows: Math.min(x.rows - start, x.blockRows), start, input: x };
    for (const p of params) p.addLogLikelihood(block, out, ctx);
  }
}

const NO_BLOCK = new Float64Array(0);

/**
 * Σ over the blocks of the log prior their smoothing implies (KernelParams.logPrior, at each
 * block's options): what EM adds to the log-likelihood in the objective it increases.
 * @internal
 */
export function logPrior(params: readonly KernelParams[], blocks: readonly BlockSpec[]): number {
  let sum = 0;
  params.forEach((p, b) => (sum += p.logPrior?.(blocks[b]!.options) ?? 0));
  return sum;
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
