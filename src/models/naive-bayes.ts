/**
 * Naive Bayes as a generative model: p(x, y) = p(y) · Π_j p(x_j | y), fitted by maximum
 * likelihood with smoothing. It classifies by the posterior, scores data by its likelihood and
 * draws new labelled rows. Every score derives from one routine, the joint log-likelihood
 * log p(x, y = c) per row and class, as in scikit-learn's `_BaseNB`.
 */

import { labelledOf } from "../core/source.js";
import { AliasTable } from "../core/alias.js";
import { ownProperties, requireJsonType } from "../core/distribution.js";
import { readOptions } from "../core/options.js";
import type { Distribution } from "../core/distribution.js";
import type { KernelParams, KernelStats, RowWeights, ScoreContext } from "../core/kernel.js";
import {
  checkShape,
  Matrix,
  outputMatrix,
  requireNoAlias,
  RowBlocks,
  type MatrixInput,
  type MatrixShape,
} from "../core/matrix.js";
import { requireRng, type Rng } from "../core/rng.js";
import { compensatedSum } from "../core/sum.js";
import { describe, requireInteger } from "../core/validate.js";
import { readSampleWeight, totalWeight } from "../core/weights.js";
import {
  readChunks,
  readProgress,
  readSignal,
  type AbortSignalLike,
  type AsyncFitOptions,
  type ChunkSource,
  type FitProgress,
} from "../core/source.js";
import { FEATURE_KINDS } from "../distributions/registry.js";
import {
  batchStats,
  blockStatsFromJSON,
  blockSpecsOf,
  blockStatsToJSON,
  createStats,
  estimate,
  layoutBlocks,
  logPrior,
  sampleRow,
  type BlockSpec,
} from "./blocks.js";
import { compareLabels, indexLabels, sortedClasses } from "./labels.js";
import { EmTrace } from "./em.js";
import { argmaxRows, eStep, fillJoint, normaliseRows, rowLogLikelihoods } from "./latent-class.js";
import {
  featureKinds,
  resolveOptions,
  type FeatureKind,
  type Label,
  type NaiveBayesOptions,
  type ResolvedOptions,
} from "./naive-bayes-options.js";
import { NAIVE_BAYES_JSON_VERSION, type NaiveBayesJSON } from "./naive-bayes-json.js";
import type { TableRow } from "../schema/rows.js";
import type { Schema } from "../schema/schema.js";
import { encodeInput, encodeTrainingRows, fitTable, isTable, modelSchemaFromJSON, type DecodedRow } from "./table.js";
import { featuresToJSON, perFeature } from "./model-options.js";

/**
 * New labelled data drawn from a fitted model: `X` (rows × features) and the class of each row.
 *
 * @example
 * ```ts
 * const { X, y }: NaiveBayesSample<string> = nb.sample(createRng(1), 100);
 * X.row(0); y[0]; // the first generated row and its class
 * ```
 */
export interface NaiveBayesSample<L extends Label = Label, S extends Matrix | DecodedRow[] = Matrix> {
  /** The generated rows: n × features (decoded objects for a model fitted to a table). */
  X: S;
  /** The class of each generated row. */
  y: L[];
}

/**
 * Options of {@link NaiveBayes.sample}.
 *
 * @example
 * ```ts
 * nb.sample(createRng(1), 10, { label: "setosa", out: new Float64Array(40) });
 * ```
 */
export interface NaiveBayesSampleOptions<L extends Label = Label> {
  /** Draw every row from this class instead of drawing classes from the priors. */
  label?: L;
  /** A buffer of at least n × features doubles to write `X` into. */
  out?: Float64Array;
}

/**
 * Options of {@link NaiveBayes.fit} and {@link NaiveBayes.partialFit} that belong to one batch
 * of data rather than to the model.
 *
 * @example
 * ```ts
 * nb.partialFit(Xtest, ytest, { sampleWeight: [1, 2] }); // the second row counts twice
 * ```
 */
export interface NaiveBayesFitOptions {
  /**
   * A frequency weight ≥ 0 per row (default 1): a row of weight 2 counts as two identical rows,
   * one of weight 0 as no row. Not stored in the model.
   */
  sampleWeight?: ArrayLike<number>;
}

/**
 * The options of {@link NaiveBayes.fit}: the model's options and the batch's sample weights.
 *
 * @example
 * ```ts
 * NaiveBayes.fit(X, y, { features: "bernoulli", alpha: 0.5, sampleWeight: w });
 * ```
 */
export type NaiveBayesFitAllOptions<L extends Label = Label> = NaiveBayesOptions<L> & NaiveBayesFitOptions;

/**
 * The options of {@link NaiveBayes.fit} on a table: the column holding the class (`target`),
 * optionally the kinds of some columns by name and the feature columns' order, and the model's
 * options.
 *
 * @example
 * ```ts
 * NaiveBayes.fit(rows, { target: "style", features: { visits: "poisson" }, alpha: 0.5 });
 * ```
 */
export type NaiveBayesTableOptions<L extends Label = Label> = Omit<NaiveBayesFitAllOptions<L>, "features"> & {
  /** The column holding the class of each row. */
  target: string;
  /** The kinds of some columns by name, or one kind for all; the others are inferred. */
  features?: FeatureKind | Partial<Record<string, FeatureKind>>;
  /** The feature columns and their order (default: every key but the target, by first appearance). */
  columns?: readonly string[];
};

/**
 * One chunk of labelled rows for {@link NaiveBayes.fitAsync}: the rows, their labels and
 * optionally a frequency weight per row.
 *
 * @example
 * ```ts
 * const chunk: LabelledChunk<string> = { X: [[1.0, 2.1], [3.2, 0.4]], y: ["a", "b"], sampleWeight: [1, 2] };
 * ```
 */
export interface LabelledChunk<L extends Label = Label> {
  /** The rows: rows × features. */
  X: MatrixInput;
  /** The label of each row. */
  y: ArrayLike<L>;
  /** A frequency weight ≥ 0 per row (default 1). */
  sampleWeight?: ArrayLike<number>;
}

/**
 * A label of a fit, or null/undefined for an unlabelled row (fitted by semi-supervised EM).
 *
 * @example
 * ```ts
 * const labels: MaybeLabel<string>[] = ["spam", null, "ham"];
 * ```
 */
export type MaybeLabel<L> = L | null | undefined;

/**
 * The public method that is building a model, for the errors of its options: the constructor's
 * own name, unless fit, fitAsync or fromJSON builds it (see `built`).
 */
let building = "NaiveBayes";

/** Runs `make` (a constructor call) with its option errors naming `where`, the method called. */
function built<T>(where: string, make: () => T): T {
  const previous = building;
  building = where;
  try {
    return make();
  } finally {
    building = previous;
  }
}

/**
 * A Naive Bayes model with Gaussian, Bernoulli or Categorical features, or a mix of them.
 *
 * Matrices (`X`) are `number[][]` (rows) or a dense row-major `{ data: Float64Array, rows, cols }`.
 * Results with a number per row and class (`jointLogLikelihood`, `predictLogProba`,
 * `predictProba`) are a dense {@link Matrix} of rows × classes, columns in the order of
 * `classes`; each takes an optional `out` buffer to write into.
 *
 * Numerics follow scikit-learn 1.2 (GaussianNB, BernoulliNB, CategoricalNB) where it is right
 * (parity is tested to 1e-9 relative on the joint log-likelihood) and depart where it is not:
 * Gaussian ε comes from every row seen, so `partialFit` in any chunking equals `fit`; Bernoulli
 * log(1 − p) comes from counts; unseen categories and missing values have explicit policies.
 *
 * @example
 * ```ts
 * const X = [[1.0, 2.1], [0.9, 1.9], [3.2, 0.4], [3.0, 0.6]];
 * const y = ["a", "a", "b", "b"];
 * const nb = NaiveBayes.fit(X, y, { features: "gaussian" });
 * nb.predict([[1, 2]]);                 // ["a"]
 * nb.predictProba([[1, 2]]).row(0);     // Float64Array [≈1, ≈0]
 * const { X: Xnew, y: ynew } = nb.sample(createRng(1), 5); // five new labelled rows
 * ```
 */
export class NaiveBayes<L extends Label = Label, S extends Matrix | DecodedRow[] = Matrix> {
  private schema: Schema | null = null;
  private readonly opts: ResolvedOptions;
  private readonly fixedClasses: boolean;
  private labels: L[];
  private d = -1; // the number of features, −1 until the first fit
  private kinds: FeatureKind[] = [];
  private blocks: BlockSpec[] = [];
  private stats: KernelStats[] = []; // per block: weighted statistics per class
  private params: KernelParams[] = []; // per block: the parameters derived from them
  // Σ sample weights per class: every block's statistics hold it (they must agree), so it is
  // read from them in finalize() rather than kept in step by hand.
  private classWeight: Float64Array;
  private logPrior: Float64Array;
  private priorTable: AliasTable | null = null;
  private trace: number[] = [];

  /**
   * An empty model, to be fitted with {@link NaiveBayes.partialFit}; options are checked here.
   *
   * @example
   * ```ts
   * const nb = new NaiveBayes({ features: "bernoulli", classes: ["ham", "spam"] });
   * nb.partialFit(chunk1, labels1).partialFit(chunk2, labels2);
   * ```
   */
  constructor(options?: NaiveBayesOptions<L>) {
    const where = building;
    this.opts = resolveOptions(where, options);
    const given = this.opts.classes;
    this.fixedClasses = given !== null;
    this.labels = given !== null ? sortedClasses<L>(where, given) : [];
    if (this.opts.priors !== null && this.fixedClasses && this.opts.priors.length !== this.labels.length) {
      throw new RangeError(
        `${where}: options.priors has ${this.opts.priors.length} values but options.classes has ${this.labels.length}`,
      );
    }
    this.classWeight = new Float64Array(this.labels.length);
    this.logPrior = new Float64Array(this.labels.length);
  }

  /**
   * Fits a model to the rows `X` with labels `y`. With every label given this is one
   * {@link NaiveBayes.partialFit} on a new model. Rows whose label is null (or undefined) are
   * unlabelled: the model is then fitted by semi-supervised EM (Nigam, McCallum, Thrun &
   * Mitchell, 2000): first on the labelled rows alone, then alternately computing p(y | x) for
   * the unlabelled rows and refitting on all rows with those posteriors as weights, until the
   * mean log-likelihood (log p(x, y) over labelled rows, log p(x) over unlabelled ones) changes
   * by less than `tol`, or `maxIter` iterations. `sampleWeight` gives each row a frequency
   * weight; it is not stored.
   *
   * @example
   * ```ts
   * const nb = NaiveBayes.fit([[0, 1], [1, 1], [1, 0]], [0, 1, 1], { features: "bernoulli" });
   * const semi = NaiveBayes.fit([[0, 1], [1, 1], [1, 0]], [0, null, 1], { features: "bernoulli" });
   * semi.logLikelihoodTrace; // the mean log-likelihood after each EM iteration
   * ```
   */
  static fit<L extends Label>(
    X: MatrixInput,
    y: ArrayLike<MaybeLabel<L>>,
    options?: NaiveBayesFitAllOptions<L>,
  ): NaiveBayes<L>;
  /**
   * Fits a table: an array of plain objects with the class in the column `options.target`;
   * feature kinds are inferred per column (numbers → Gaussian, booleans → Bernoulli, strings →
   * Categorical) unless `options.features` names them, `options.columns` selects and orders the
   * features, and the encoding becomes part of the model: every method then takes such objects,
   * and samples come back as objects.
   */
  static fit<L extends Label = Label>(
    rows: readonly TableRow[],
    options: NaiveBayesTableOptions<L>,
  ): NaiveBayes<L, DecodedRow[]>;
  static fit<L extends Label>(
    X: MatrixInput | readonly TableRow[],
    y?: ArrayLike<MaybeLabel<L>> | NaiveBayesTableOptions<L>,
    options?: NaiveBayesFitAllOptions<L>,
  ): NaiveBayes<L, Matrix | DecodedRow[]> {
    const where = "NaiveBayes.fit";
    if (isTable(X)) {
      if (options !== undefined) throw new TypeError(`${where}: with a table, options are the second argument`);
      const o = y as Record<string, unknown> | undefined;
      if (o === undefined || o === null || typeof o !== "object" || Array.isArray(o) || o.target === undefined) {
        throw new TypeError(`${where}: a table needs options.target, the column holding the class`);
      }
      const t = fitTable(where, X, o);
      const model = NaiveBayes.fit<L>(t.X, t.y as unknown as L[], t.modelOptions as NaiveBayesFitAllOptions<L>);
      model.schema = t.schema;
      return model;
    }
    const { sampleWeight, modelOptions } = splitFitOptions(where, options);
    const model = built(where, () => new NaiveBayes<L>(modelOptions));
    const unlabelled = unlabelledRows(y);
    if (unlabelled === null) return model.update(where, X, y as ArrayLike<L>, sampleWeight);
    return model.fitSemiSupervised(where, X, y as ArrayLike<MaybeLabel<L>>, unlabelled, sampleWeight);
  }

  /**
   * Adds a batch of rows to the statistics and refits. The first call fixes the number of
   * features; new labels add classes unless `options.classes` fixed them. Any sequence of calls
   * gives the same model as one `fit` on all the rows (exactly for Bernoulli, categorical and
   * Poisson features with integer weights, to rounding, ~1e-15, for Gaussian ones). Every label
   * must be given (a null label is an error naming its index). A call that throws changes
   * nothing.
   *
   * @example
   * ```ts
   * const nb = new NaiveBayes({ features: "gaussian" });
   * for (const [Xc, yc] of chunks) nb.partialFit(Xc, yc);
   * nb.partialFit(Xmore, ymore, { sampleWeight: wmore });
   * ```
   */
  partialFit(X: MatrixInput, y: ArrayLike<L>, options?: NaiveBayesFitOptions): this;
  /** Adds rows of a table (with the target column) to a model fitted to a table. */
  partialFit(rows: readonly TableRow[], options?: NaiveBayesFitOptions): this;
  partialFit(
    input: MatrixInput | readonly TableRow[],
    y?: ArrayLike<L> | NaiveBayesFitOptions,
    options?: NaiveBayesFitOptions,
  ): this {
    const where = "NaiveBayes.partialFit";
    let X = input as MatrixInput;
    if (this.schema !== null && isTable(input)) {
      options = y as NaiveBayesFitOptions | undefined;
      const encoded = encodeTrainingRows(where, this.schema, input);
      if (encoded.y === undefined) throw new TypeError(`${where}: the rows have no ${this.schema.target} column`);
      X = encoded.X;
      y = encoded.y as unknown as L[];
    }
    const { sampleWeight, modelOptions } = splitFitOptions(where, options);
    const extra = Object.keys(modelOptions);
    if (extra.length > 0) {
      throw new TypeError(
        `${where}: unknown option ${describe(extra[0])}; model options are given to the constructor or to fit`,
      );
    }
    return this.update(where, X, y as ArrayLike<L>, sampleWeight);
  }

  /** The matrix to score (and the labels of a table's target column, when its rows carry it). */
  private input(where: string, X: unknown, labels: "read" | "skip" = "skip"): { X: MatrixInput; y: L[] | undefined } {
    const e = encodeInput(where, this.schema, X, this.opts.missing, this.opts.unseen, labels);
    return { X: e.X, y: e.y as L[] | undefined };
  }

  /** The encoding of the table the model was fitted to, or null for a matrix model. */
  get tableSchema(): Schema | null {
    return this.schema;
  }

  /**
   * The model of both data sets: this model's statistics merged with `other`'s (neither model
   * changes), equal to one fit on the union of their rows (in any order, and after JSON round
   * trips) to rounding. Classes are united; the options and the features must be the same, and
   * an error names what differs. (A semi-supervised fit merges its statistics too, but that is
   * one M-step over both, not EM on the union.)
   *
   * @example
   * ```ts
   * const a = NaiveBayes.fit([[1.0, 2.1], [3.2, 0.4]], ["a", "b"], { features: "gaussian", varSmoothing: 1e-3 });
   * const b = NaiveBayes.fit([[0.9, 1.9], [3.0, 0.6]], ["a", "b"], { features: "gaussian", varSmoothing: 1e-3 });
   * a.merge(b).classCounts; // Float64Array [2, 2]
   * ```
   */
  merge(other: this): this {
    const where = "NaiveBayes.merge";
    if (!(other instanceof NaiveBayes)) {
      throw new TypeError(`${where}: other must be a NaiveBayes model, got ${describe(other)}`);
    }
    const mine = this.toJSON();
    const theirs = other.toJSON();
    const difference = this.differenceFrom(other, mine, theirs);
    if (difference !== null) {
      throw new RangeError(
        `${where}: the models differ in ${difference}; only models with the same options and features merge`,
      );
    }
    // A copy through JSON keeps everything the model is (options, classes, statistics and any
    // table encoding) and shares nothing with it.
    const model = NaiveBayes.fromJSON<L>(other.d < 0 ? mine : this.d < 0 ? theirs : mine) as this;
    if (this.d < 0 || other.d < 0) return model;
    const classes = unitedClasses(where, model.labels, other.labels);
    model.checkPriors(where, classes);
    const C = classes.length;
    const ours = remapIndex(model.labels, classes);
    const incoming = remapIndex(other.labels, classes);
    const stats = model.stats.map((s) => remapped(s, C, isIdentity(ours, C) ? null : ours));
    other.stats.forEach((s, b) => stats[b]!.merge(remapped(s, C, isIdentity(incoming, C) ? null : incoming)));
    model.labels = classes;
    model.stats = stats;
    model.finalize();
    return model;
  }

  /** What differs between two models' options and features, in words, or null. */
  private differenceFrom(other: this, mine: NaiveBayesJSON, theirs: NaiveBayesJSON): string | null {
    const fitted = this.d >= 0 && other.d >= 0;
    if (fitted && this.d !== other.d) return `the number of features (${this.d} and ${other.d})`;
    if (fitted) {
      for (let j = 0; j < this.d; j++) {
        if (this.kinds[j] !== other.kinds[j])
          return `the kind of feature ${j} (${this.kinds[j]} and ${other.kinds[j]})`;
        // α smooths the discrete families, minCategories the categorical one; elsewhere they
        // have no effect, so they need not agree there.
        const used =
          this.kinds[j] === "gaussian" ? [] : this.kinds[j] === "categorical" ? PER_CATEGORICAL : PER_DISCRETE;
        for (const name of used) {
          const a = perFeature(this.opts[name], j);
          const b = perFeature(other.opts[name], j);
          if (a !== b) return `options.${name} of feature ${j} (${a} and ${b})`;
        }
      }
    }
    const a = mine.options as unknown as Record<string, unknown>;
    const b = theirs.options as unknown as Record<string, unknown>;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      // Per-feature options were compared feature by feature above.
      if (fitted && (key === "features" || key === "alpha" || key === "minCategories")) continue;
      const sa = JSON.stringify(a[key] ?? null);
      const sb = JSON.stringify(b[key] ?? null);
      if (sa !== sb) return `options.${key} (${sa} and ${sb})`;
    }
    // A model fitted to a table carries its encoding, which must be the same too.
    const schemaA = JSON.stringify((mine as unknown as Record<string, unknown>).schema ?? null);
    const schemaB = JSON.stringify((theirs as unknown as Record<string, unknown>).schema ?? null);
    if (schemaA !== schemaB) return "the table encoding (their schemas)";
    return null;
  }

  /**
   * Fits a model to labelled rows read chunk by chunk from `source`: any Iterable or
   * AsyncIterable of `{ X, y, sampleWeight? }` (arrays, generators, async generators, a Node
   * Readable in object mode). Memory stays constant (one chunk at a time, plus the statistics),
   * and the model equals `partialFit` over the same chunks. Every label must be given. A bad
   * value names its chunk and row (`NaiveBayes.fitAsync: chunk 3: X[17][2] is NaN; …`); an
   * error thrown by the source propagates, and no model is returned.
   *
   * @example
   * ```ts
   * async function* batches() {
   *   yield { X: [[1.0, 2.1], [3.2, 0.4]], y: ["a", "b"] };
   *   yield { X: [[0.9, 1.9], [3.0, 0.6]], y: ["a", "b"], sampleWeight: [1, 2] };
   * }
   * const nb = await NaiveBayes.fitAsync(batches(), { features: "gaussian" });
   * nb.classCounts; // Float64Array [2, 3]
   * ```
   */
  static async fitAsync<L extends Label>(
    source: ChunkSource<LabelledChunk<L>>,
    options?: NaiveBayesOptions<L> & AsyncFitOptions,
  ): Promise<NaiveBayes<L>> {
    const where = "NaiveBayes.fitAsync";
    const { onProgress, signal, modelOptions } = splitProgress(where, options);
    const model = built(where, () => new NaiveBayes<L>(modelOptions));
    await readChunks(
      where,
      source,
      1,
      onProgress,
      (chunk, chunkWhere) => {
        const c = labelledOf(chunkWhere, chunk as object) as Partial<LabelledChunk<L>>; // own fields, no misspelt ones
        if (checkShape(chunkWhere, c.X).rows === 0 && c.y?.length === 0) return 0;
        model.update(chunkWhere, c.X!, c.y!, c.sampleWeight);
        return c.y!.length;
      },
      signal,
    );
    if (!model.isFitted) throw new RangeError(`${where}: the source gave no rows`);
    return model;
  }

  private update(where: string, X: MatrixInput, y: ArrayLike<L>, sampleWeight: unknown): this {
    // Everything that can throw happens before the first write to the model: the batch is
    // summarised (and its values checked) into fresh statistics, then merged.
    const shape = this.checkFitShape(where, X);
    const fresh = this.d < 0;
    const kinds = fresh ? featureKinds(where, this.opts, shape.cols) : this.kinds;
    const { classes, index, added } = indexLabels<L>(where, y, shape.rows, this.labels, this.fixedClasses);
    this.checkPriors(where, classes);
    const weights = readSampleWeight(where, sampleWeight, shape.rows);
    const C = classes.length;
    const blocks = fresh ? layoutBlocks(kinds, this.columnOptions(), this.opts.breaks) : this.blocks;
    // The batch's statistics, in empty statistics shaped like the model's once its classes are
    // remapped (templates only: the model's own statistics are not copied).
    const oldToNew = added ? remapIndex(this.labels, classes) : null;
    const like = fresh ? createStats(blocks, C) : this.stats.map((s) => remapped(s.empty(), C, oldToNew));
    const x = new RowBlocks(X, shape);
    const rw: RowWeights = { components: C, component: index, responsibility: null, sampleWeight: weights };
    const batch = batchStats(where, like, x, rw);
    // Commit: nothing above wrote to the model, and nothing below can throw.
    if (fresh) {
      this.d = kinds.length;
      this.kinds = kinds;
      this.blocks = blocks;
      this.stats = batch;
    } else {
      if (oldToNew !== null) for (const st of this.stats) st.remap(C, oldToNew);
      this.stats.forEach((st, b) => st.merge(batch[b]!));
    }
    if (oldToNew !== null) this.labels = classes;
    this.finalize();
    return this;
  }

  /** Semi-supervised EM (see {@link NaiveBayes.fit}); the model is new, so it may be built in place. */
  private fitSemiSupervised(
    where: string,
    X: MatrixInput,
    y: ArrayLike<MaybeLabel<L>>,
    unlabelled: Uint8Array,
    sampleWeight: unknown,
  ): this {
    const shape = this.checkFitShape(where, X);
    if (y.length !== shape.rows)
      throw new RangeError(`${where}: y has ${y.length} labels but X has ${shape.rows} rows`);
    const labelledRows: number[] = [];
    for (let i = 0; i < shape.rows; i++) if (unlabelled[i] === 0) labelledRows.push(i);
    if (labelledRows.length === 0) {
      throw new RangeError(
        `${where}: every label is null; at least one labelled row is needed (use Mixture.fit for unlabelled data)`,
      );
    }
    const known = labelledRows.map((i) => y[i] as L);
    const { classes, index } = indexLabels<L>(where, known, known.length, this.labels, this.fixedClasses);
    this.checkPriors(where, classes);
    const weights = readSampleWeight(where, sampleWeight, shape.rows);
    const C = classes.length;
    const n = shape.rows;
    // Responsibilities of every row: one-hot for labelled rows, p(y | x) for the others (zero
    // in iteration 0, so that the first fit uses the labelled rows alone, while the categorical
    // category counts still come from every row).
    const resp = new Float64Array(n * C);
    const observed = new Int32Array(n).fill(-1);
    labelledRows.forEach((i, r) => {
      resp[i * C + index[r]!] = 1;
      observed[i] = index[r]!;
    });
    const kinds = featureKinds(where, this.opts, shape.cols);
    const blocks = layoutBlocks(kinds, this.columnOptions(), this.opts.breaks);
    const x = new RowBlocks(X, shape);
    this.d = kinds.length;
    this.kinds = kinds;
    this.blocks = blocks;
    this.labels = classes;
    const total = totalWeight(weights, n);
    const trace = new EmTrace(this.opts.tol, undefined);
    for (let iteration = 0; ; iteration++) {
      // M-step: the weighted Naive Bayes fit of every row.
      const rw: RowWeights = { components: C, component: null, responsibility: resp, sampleWeight: weights };
      this.stats = batchStats(where, createStats(blocks, C), x, rw);
      this.finalize();
      // E-step: log p(x, c) of every row, turned in place into the responsibilities (the
      // labelled rows stay one-hot), and the trace: the mean of log p(x) (log p(x, y) where
      // the label is known).
      this.scoreInto(where, x, resp);
      const ll = eStep(resp, n, C, { where, sampleWeight: weights, observed, impossible: "uniform" });
      // The objective EM increases: the log-likelihood plus the smoothing's log prior.
      const prior = logPrior(this.params, blocks);
      if (trace.record(ll / total, (ll + prior) / total) || iteration >= this.opts.maxIter) break;
    }
    this.trace = trace.values;
    return this;
  }

  private checkFitShape(where: string, X: MatrixInput): MatrixShape {
    const shape = checkShape(where, X);
    if (shape.rows === 0) throw new RangeError(`${where}: X is empty; at least one row is needed`);
    if (shape.cols === 0) throw new RangeError(`${where}: X has no features`);
    if (this.d >= 0 && shape.cols !== this.d) {
      throw new RangeError(`${where}: X has ${shape.cols} features but the model was fitted with ${this.d}`);
    }
    return shape;
  }

  private checkPriors(where: string, classes: readonly L[]): void {
    const priors = this.opts.priors;
    if (priors !== null && priors.length !== classes.length) {
      throw new RangeError(
        `${where}: options.priors has ${priors.length} values but there are ${classes.length} classes (${classes.map(describe).join(", ")}); ` +
          `give options.classes up front when fitting in batches`,
      );
    }
  }

  /** The model's options as the kernels read them. */
  private columnOptions(): Parameters<typeof layoutBlocks>[1] {
    const o = this.opts;
    return {
      alpha: (j) => perFeature(o.alpha, j),
      minCategories: (j) => perFeature(o.minCategories, j),
      binarize: o.binarize,
      varSmoothing: o.varSmoothing,
      regVariance: 0,
    };
  }

  /** Derives the priors and every block's parameters from the statistics. */
  private finalize(): void {
    this.classWeight = this.stats.length > 0 ? this.stats[0]!.totals() : new Float64Array(this.labels.length);
    const C = this.labels.length;
    this.logPrior = new Float64Array(C);
    const priors = this.opts.priors;
    let total = 0;
    for (let c = 0; c < C; c++) total += this.classWeight[c]!;
    for (let c = 0; c < C; c++) {
      // log π_c = log N_c − log N (scikit-learn's form); log 0 = −Infinity for a class with no rows.
      this.logPrior[c] =
        priors !== null
          ? Math.log(priors[c]!)
          : this.opts.fitPriors
            ? Math.log(this.classWeight[c]!) - Math.log(total)
            : -Math.log(C);
    }
    this.params = estimate(this.blocks, this.stats);
    this.priorTable = null;
  }

  /** The sorted class labels (numbers ascending, or strings by code unit); a copy. */
  get classes(): L[] {
    return this.labels.slice();
  }

  /** The number of features (0 before the first fit). */
  get nFeatures(): number {
    return Math.max(0, this.d);
  }

  /** The kind of each feature (empty before the first fit); a copy. */
  get featureKinds(): FeatureKind[] {
    return this.kinds.slice();
  }

  /** True once the model has seen data. */
  get isFitted(): boolean {
    return this.d >= 0;
  }

  /** The weight (rows, or Σ sample weights) seen per class, in the order of `classes`; a copy. */
  get classCounts(): Float64Array {
    return this.classWeight.slice();
  }

  /**
   * The class priors p(y) used, in the order of `classes`: the given `priors`, the class
   * frequencies N_c / N, or uniform. Computed directly, not as exp(log π_c), so they are exact
   * on every platform's Math.log.
   */
  get classPriors(): Float64Array {
    const C = this.labels.length;
    const priors = this.opts.priors;
    if (priors !== null) return Float64Array.from(priors);
    if (!this.opts.fitPriors) return new Float64Array(C).fill(1 / C);
    let total = 0;
    for (let c = 0; c < C; c++) total += this.classWeight[c]!;
    return this.classWeight.map((n) => n / total);
  }

  /**
   * Semi-supervised fits: the mean log-likelihood after each EM iteration (log p(x, y) over
   * labelled rows, log p(x) over unlabelled ones, weighted by the sample weights); entry 0 is the
   * fit on the labelled rows alone. Empty for a fully labelled fit.
   */
  get logLikelihoodTrace(): number[] {
    return this.trace.slice();
  }

  /** Semi-supervised fits: the number of EM iterations run after the first fit (0 otherwise). */
  get nIter(): number {
    return Math.max(0, this.trace.length - 1);
  }

  /** Gaussian features: ε added to every variance (0 without Gaussian features). */
  get epsilon(): number {
    for (const p of this.params) if ("epsilon" in p) return (p as { epsilon: number }).epsilon;
    return 0;
  }

  /**
   * The distribution of feature j given class c (an index into `classes`), as the family's own
   * class (a Gaussian, a Poisson, … whichever family the feature has).
   *
   * @example
   * ```ts
   * nb.conditional(0, 2).mean; // the mean of feature 2 in the first class
   * ```
   */
  conditional(c: number, j: number): Distribution<number> {
    const where = "NaiveBayes.conditional";
    this.requireFitted(where);
    requireIndex(`${where}: c`, c, this.labels.length);
    requireIndex(`${where}: j`, j, this.d);
    for (const p of this.params) {
      const k = p.cols.indexOf(j);
      if (k >= 0 && p.part !== undefined) {
        throw new TypeError(
          `${where}: feature ${j} is one of the columns [${Array.from(p.cols).join(", ")}] of a joint ${p.kind} block, which has no per-feature distribution`,
        );
      }
      if (k >= 0) return p.marginal(c, k);
    }
    throw new Error(`${where}: feature ${j} has no block`); // unreachable: every feature has one
  }

  /** classes × features of a moment of the features of one kind, NaN elsewhere. */
  private moments(kind: FeatureKind, moment: (d: Distribution<number>) => number): Matrix {
    const m = this.nanMatrix();
    for (const p of this.params) {
      if (p.kind !== kind) continue;
      for (let c = 0; c < this.labels.length; c++) {
        for (let k = 0; k < p.cols.length; k++) m.data[c * m.cols + p.cols[k]!] = moment(p.marginal(c, k));
      }
    }
    return m;
  }

  /**
   * Class means of the Gaussian features: classes × features, NaN in other features' columns.
   *
   * @example
   * ```ts
   * nb.means.get(0, 2); // mean of feature 2 in the first class
   * ```
   */
  get means(): Matrix {
    return this.moments("gaussian", (d) => d.mean);
  }

  /** Class variances of the Gaussian features, ε included: classes × features, NaN elsewhere. */
  get variances(): Matrix {
    const m = this.nanMatrix();
    for (const p of this.params) {
      if (p.kind !== "gaussian") continue;
      const v = (p as unknown as { variance: Float64Array }).variance;
      for (let c = 0; c < this.labels.length; c++)
        for (let k = 0; k < p.cols.length; k++) m.data[c * m.cols + p.cols[k]!] = v[c * p.cols.length + k]!;
    }
    return m;
  }

  /** p(x_j = 1 | class) of the Bernoulli features: classes × features, NaN elsewhere. */
  get featureProbabilities(): Matrix {
    return this.moments("bernoulli", (d) => d.mean);
  }

  /** λ of the Poisson features per class: classes × features, NaN elsewhere. */
  get rates(): Matrix {
    return this.moments("poisson", (d) => d.mean);
  }

  /**
   * p(x_j = t | class) of categorical feature j: classes × K_j.
   *
   * @example
   * ```ts
   * const colours = NaiveBayes.fit([[0], [1], [1], [2]], ["a", "a", "b", "b"], { features: "categorical" });
   * colours.categoryProbabilities(0).row(1); // Float64Array [0.2, 0.4, 0.4]: feature 0 in class "b"
   * ```
   */
  categoryProbabilities(j: number): Matrix {
    const where = "NaiveBayes.categoryProbabilities";
    this.requireFitted(where);
    if (!Number.isInteger(j) || j < 0 || j >= this.d || this.kinds[j] !== "categorical") {
      throw new RangeError(`${where}: feature ${describe(j)} is not a categorical feature of this model`);
    }
    const C = this.labels.length;
    const rows = Array.from(
      { length: C },
      (_, c) => (this.conditional(c, j) as unknown as { probs: Float64Array }).probs,
    );
    const K = rows[0]!.length;
    const out = Matrix.zeros(C, K);
    rows.forEach((r, c) => out.data.set(r, c * K));
    return out;
  }

  private nanMatrix(): Matrix {
    const m = Matrix.zeros(this.labels.length, this.nFeatures);
    m.data.fill(NaN);
    return m;
  }

  private requireFitted(where: string): void {
    if (this.d < 0) throw new Error(`${where}: the model is not fitted yet; call NaiveBayes.fit or partialFit first`);
  }

  private checkPredictShape(where: string, X: MatrixInput): MatrixShape {
    this.requireFitted(where);
    const shape = checkShape(where, X);
    if (shape.rows > 0 && shape.cols !== this.d) {
      throw new RangeError(`${where}: X has ${shape.cols} features but the model was fitted with ${this.d}`);
    }
    return { rows: shape.rows, cols: this.d };
  }

  /**
   * log p(x, y = c) for every row and class: rows × classes, columns in the order of `classes`.
   * The one routine every prediction and score derives from.
   *
   * @example
   * ```ts
   * const jll = nb.jointLogLikelihood(Xtest);
   * jll.get(0, 1); // log p(x_0, y = classes[1])
   * ```
   */
  jointLogLikelihood(input: MatrixInput | readonly TableRow[], out?: Float64Array): Matrix {
    const where = "NaiveBayes.jointLogLikelihood";
    const X = this.input(where, input).X;
    const shape = this.checkPredictShape(where, X);
    requireNoAlias(where, out, X);
    const result = outputMatrix(where, shape.rows, this.labels.length, out);
    this.computeJoint(where, X, shape, result.data);
    return result;
  }

  private computeJoint(where: string, X: MatrixInput, shape: MatrixShape, out: Float64Array): void {
    this.scoreInto(where, new RowBlocks(X, shape), out);
  }

  /** out[r·C + c] = log p(y = c) + Σ_j log p(x_rj | c): the priors, then each block's terms. */
  private scoreInto(where: string, x: RowBlocks, out: Float64Array): void {
    // A classifier's input outside a feature's support is a mistake in the input: name the cell.
    const ctx: ScoreContext = {
      where,
      missing: this.opts.missing,
      unseen: this.opts.unseen,
      outsideSupport: "error",
    };
    fillJoint({ logPrior: this.logPrior, params: this.params }, x, out, ctx);
  }

  /**
   * log p(y = c | x): rows × classes, each row normalised by log-sum-exp (never in linear
   * space). A row that every class finds impossible (all joint scores −Infinity) gets the
   * uniform posterior rather than NaN.
   *
   * @example
   * ```ts
   * nb.predictLogProba([[5.1, 3.5, 1.4, 0.2]]).row(0); // log posteriors, logSumExp = 0
   * ```
   */
  predictLogProba(X: MatrixInput | readonly TableRow[], out?: Float64Array): Matrix {
    return this.logPosterior("NaiveBayes.predictLogProba", X, out, false);
  }

  /** log p(c | x) (p(c | x) when `exp`): the joint log-likelihood normalised per row by log-sum-exp. */
  private logPosterior(where: string, input: unknown, out: Float64Array | undefined, exp: boolean): Matrix {
    const X = this.input(where, input).X;
    const shape = this.checkPredictShape(where, X);
    requireNoAlias(where, out, X);
    const result = outputMatrix(where, shape.rows, this.labels.length, out);
    this.computeJoint(where, X, shape, result.data);
    normaliseRows(result.data, shape.rows, this.labels.length, exp);
    return result;
  }

  /**
   * p(y = c | x): rows × classes; each row sums to 1 (it is exp of {@link NaiveBayes.predictLogProba}).
   *
   * @example
   * ```ts
   * nb.predictProba(Xtest).row(0); // e.g. Float64Array [0.97, 0.03]
   * ```
   */
  predictProba(X: MatrixInput | readonly TableRow[], out?: Float64Array): Matrix {
    return this.logPosterior("NaiveBayes.predictProba", X, out, true);
  }

  /**
   * The most probable class of each row (ties go to the first class, as in scikit-learn).
   *
   * @example
   * ```ts
   * nb.predict([[5.0, 3.4, 1.5, 0.2], [6.7, 3.0, 5.2, 2.3]]); // ["setosa", "virginica"]
   * ```
   */
  predict(input: MatrixInput | readonly TableRow[]): L[] {
    const where = "NaiveBayes.predict";
    const X = this.input(where, input).X;
    const shape = this.checkPredictShape(where, X);
    const C = this.labels.length;
    const jll = new Float64Array(shape.rows * C);
    this.computeJoint(where, X, shape, jll);
    const best = argmaxRows(jll, shape.rows, C);
    const labels: L[] = new Array<L>(shape.rows);
    for (let r = 0; r < shape.rows; r++) labels[r] = this.labels[best[r]!]!;
    return labels;
  }

  /**
   * log p(x_i, y_i) per row when `y` is given, else log p(x_i) = log Σ_c p(x_i, c) (by
   * log-sum-exp). A Float64Array with one number per row.
   *
   * @example
   * ```ts
   * nb.logLikelihoodPerRow(X);    // log p(x) of each row
   * nb.logLikelihoodPerRow(X, y); // log p(x, y) of each row; never above the line before
   * ```
   */
  logLikelihoodPerRow(X: MatrixInput | readonly TableRow[], y?: ArrayLike<L>, out?: Float64Array): Float64Array {
    const where = "NaiveBayes.logLikelihoodPerRow";
    return this.rowScores(where, X, y, out);
  }

  private rowScores(
    where: string,
    input: unknown,
    labels: ArrayLike<L> | undefined,
    out: Float64Array | undefined,
  ): Float64Array {
    // A table's rows that carry the target column are scored with their labels, log p(x, y).
    const { X, y: tableLabels } = this.input(where, input, "read");
    const y = labels ?? tableLabels;
    const shape = this.checkPredictShape(where, X);
    requireNoAlias(where, out, X);
    const rows = shape.rows;
    const C = this.labels.length;
    // With labels, each row's class index (the classes are fixed: an unknown label is an error).
    const index = y === undefined ? null : indexLabels(where, y, rows, this.labels, true, "a class of the model").index;
    const result = out === undefined ? new Float64Array(rows) : out;
    if (!(result instanceof Float64Array))
      throw new TypeError(`${where}: out must be a Float64Array, got ${describe(out)}`);
    if (result.length < rows) throw new RangeError(`${where}: out has length ${result.length}, but X has ${rows} rows`);
    const jll = new Float64Array(rows * C);
    this.computeJoint(where, X, shape, jll);
    if (index !== null) for (let r = 0; r < rows; r++) result[r] = jll[r * C + index[r]!]!;
    else rowLogLikelihoods(jll, rows, C, result);
    return result.length === rows ? result : result.subarray(0, rows);
  }

  /**
   * The log-likelihood of a data set: Σ_i log p(x_i, y_i) with labels, Σ_i log p(x_i) without
   * (summed with compensation).
   *
   * @example
   * ```ts
   * nb.logLikelihood(Xtest, ytest); // how well the model explains the labelled test data
   * nb.logLikelihood(Xtest);        // ... and the unlabelled data; always ≥ the line above
   * ```
   */
  logLikelihood(X: MatrixInput | readonly TableRow[], y?: ArrayLike<L>): number {
    return compensatedSum(this.rowScores("NaiveBayes.logLikelihood", X, y, undefined));
  }

  /**
   * Draws `n` new labelled rows by ancestral sampling: a class from the priors (or `label`),
   * then each feature from its class-conditional distribution (Gaussian: μ + σ·z with a
   * ziggurat normal; Bernoulli: 0/1, so binarised values; categorical: the code, by alias
   * table).
   *
   * @example
   * ```ts
   * const { X, y } = nb.sample(createRng(7), 1000);
   * const setosas = nb.sample(createRng(8), 10, { label: "setosa" }).X;
   * ```
   */
  sample(rng: Rng, n: number, options?: NaiveBayesSampleOptions<L>): NaiveBayesSample<L, S> {
    const where = "NaiveBayes.sample";
    this.requireFitted(where);
    requireRng(where, rng);
    requireInteger(`${where}: n`, n, 0);
    options = readOptions(where, options, ["label", "out"]);
    const C = this.labels.length;
    let fixed = -1;
    if (options.label !== undefined) {
      fixed = this.labels.indexOf(options.label);
      if (fixed < 0)
        throw new RangeError(`${where}: options.label ${describe(options.label)} is not a class of the model`);
      if (this.classWeight[fixed] === 0) {
        throw new RangeError(
          `${where}: class ${describe(options.label)} has no training rows, so its features have no fitted distribution`,
        );
      }
    } else {
      for (let c = 0; c < C; c++) {
        if (this.classWeight[c] === 0 && this.logPrior[c]! > -Infinity) {
          throw new RangeError(
            `${where}: class ${describe(this.labels[c])} has prior ${Math.exp(this.logPrior[c]!)} but no training rows; ` +
              `give options.label or fit it first`,
          );
        }
      }
    }
    const d = this.d;
    const X = outputMatrix(where, n, d, options.out, "features");
    const y: L[] = new Array<L>(n);
    if (fixed < 0 && this.priorTable === null) this.priorTable = new AliasTable(this.classPriors);
    const data = X.data;
    for (let i = 0; i < n; i++) {
      const c = fixed >= 0 ? fixed : this.priorTable!.sample(rng, where);
      sampleRow(this.params, rng, c, data, i * d, where);
      y[i] = this.labels[c]!;
    }
    return { X: (this.schema === null ? X : this.schema.decode(X)) as S, y };
  }

  /**
   * A plain object holding the options and sufficient statistics; `NaiveBayes.fromJSON` rebuilds
   * a model that predicts bit for bit the same and can go on with `partialFit`.
   *
   * @example
   * ```ts
   * const saved = JSON.stringify(nb);
   * const restored = NaiveBayes.fromJSON(JSON.parse(saved));
   * ```
   */
  toJSON(): NaiveBayesJSON {
    const o = this.opts;
    const json: NaiveBayesJSON = {
      type: "NaiveBayes",
      version: NAIVE_BAYES_JSON_VERSION,
      options: {
        features: featuresToJSON(o.features, o.breaks),
        varSmoothing: o.varSmoothing,
        alpha: typeof o.alpha === "number" ? o.alpha : o.alpha.slice(),
        binarize: o.binarize,
        minCategories: typeof o.minCategories === "number" ? o.minCategories : o.minCategories.slice(),
        priors: o.priors === null ? null : o.priors.slice(),
        fitPriors: o.fitPriors,
        unseen: o.unseen,
        missing: o.missing,
        maxIter: o.maxIter,
        tol: o.tol,
      },
      classes: this.labels.slice(),
      nFeatures: this.d >= 0 ? this.d : null,
      classCount: Array.from(this.classWeight),
      stats: {},
    };
    if (this.fixedClasses) json.options.classes = this.labels.slice();
    json.stats = blockStatsToJSON(this.stats);
    if (this.schema !== null) json.schema = this.schema.toJSON();
    return json;
  }

  /**
   * The model its statistics give: a fitted model's persistence form (`toJSON` of a fit, or what
   * `naiveBayesStatsSQL`'s `parse` computes in a database), checked, with the priors and
   * parameters estimated from the class counts and statistics.
   *
   * @example
   * ```ts
   * const back = NaiveBayes.fromStats<string>(nb.toJSON());
   * back.predict(Xtest); // ["setosa", "virginica"]
   * ```
   */
  static fromStats<L extends Label = Label, S extends Matrix | DecodedRow[] = Matrix>(
    stats: NaiveBayesJSON,
  ): NaiveBayes<L, S> {
    const where = "NaiveBayes.fromStats";
    if (stats === null || typeof stats !== "object" || (stats as { nFeatures?: unknown }).nFeatures === null)
      throw new TypeError(`${where}: stats must be a fitted model's statistics (NaiveBayesJSON with nFeatures)`);
    return NaiveBayes.fromJSON<L, S>(stats);
  }

  /**
   * Rebuilds a model from {@link NaiveBayes.toJSON} output (after `JSON.parse`), checking it.
   *
   * @example
   * ```ts
   * const nb2 = NaiveBayes.fromJSON<string>(JSON.parse(text));
   * ```
   */
  static fromJSON<L extends Label = Label, S extends Matrix | DecodedRow[] = Matrix>(json: unknown): NaiveBayes<L, S> {
    const where = "NaiveBayes.fromJSON";
    const j = requireJsonType(where, json, "NaiveBayes") as unknown as NaiveBayesJSON;
    if (j.version !== 1 && j.version !== NAIVE_BAYES_JSON_VERSION) {
      throw new RangeError(
        `${where}: version ${describe(j.version)} is not one this release reads (1 or ${NAIVE_BAYES_JSON_VERSION})`,
      );
    }
    if (j.options === null || typeof j.options !== "object") throw new TypeError(`${where}: options missing`);
    const { priors, classes: fixed, ...rest } = ownProperties(j.options);
    const options = {
      ...rest,
      ...(priors !== null ? { priors } : {}),
      ...(fixed !== undefined ? { classes: fixed } : {}),
    };
    const model = built(where, () => new NaiveBayes<L, S>(options as NaiveBayesOptions<L>));
    if (j.nFeatures === null) {
      // An unfitted model: a file that also carries statistics or classes contradicts itself.
      const counts = Array.isArray(j.classCount) ? (j.classCount as unknown[]) : [];
      const held = numbersIn(j.stats ?? {}) + counts.filter((v) => v !== 0).length;
      if (held > 0)
        throw new RangeError(`${where}: nFeatures is null (an unfitted model) but the file holds statistics`);
      return model;
    }
    const labels = sortedClasses<L>(where, j.classes);
    if (labels.some((l, c) => l !== j.classes[c]))
      throw new RangeError(`${where}: classes must be sorted and distinct`);
    if (model.fixedClasses && labels.some((l, c) => l !== model.labels[c])) {
      throw new RangeError(`${where}: classes differ from options.classes`);
    }
    const C = labels.length;
    if (!Array.isArray(j.classCount) || j.classCount.length !== C)
      throw new TypeError(`${where}: classCount must have ${C} numbers`);
    const count = Float64Array.from(j.classCount, (v, c) => {
      if (typeof v !== "number" || !(v >= 0 && v < Infinity))
        throw new RangeError(`${where}: classCount[${c}] must be a finite number >= 0`);
      return v;
    });
    if (model.opts.priors !== null && model.opts.priors.length !== C)
      throw new RangeError(`${where}: priors do not match the classes`);
    // nFeatures sizes every table: it must agree with the per-feature options and the statistics
    // actually present, so a short file cannot claim a billion features.
    // Version 1 kept each kind's statistics at the top level, beside the other fields.
    const sections = (
      j.version === 1 ? ownSections(j as unknown as Record<string, unknown>) : (j.stats ?? {})
    ) as Record<string, unknown>;
    const nFeatures = requireInteger(`${where}: nFeatures`, j.nFeatures, 1);
    if (nFeatures > numbersIn(sections)) {
      throw new RangeError(`${where}: nFeatures is ${nFeatures}, more than the statistics in the file describe`);
    }
    const kinds = featureKinds(where, model.opts, nFeatures);
    // Version 1 kept the class counts once, beside the statistics.
    const stats = blockStatsFromJSON(where, sections, kinds, model.columnOptions(), C, (_, section) =>
      "weight" in section ? section : { ...section, weight: j.classCount },
    );
    const blocks = blockSpecsOf(stats, model.columnOptions());
    for (const st of stats) {
      const w = st.totals();
      for (let c = 0; c < C; c++) {
        if (Math.abs(w[c]! - count[c]!) > 1e-9 * Math.max(1, count[c]!)) {
          throw new RangeError(
            `${where}.${st.kind}: class ${c} has weight ${w[c]} but classCount[${c}] is ${count[c]}`,
          );
        }
      }
    }
    model.labels = labels;
    model.d = kinds.length;
    model.kinds = kinds;
    model.blocks = blocks;
    model.stats = stats;
    model.schema = modelSchemaFromJSON(where, j.schema, model.kinds);
    model.finalize();
    return model;
  }

  /**
   * A short description, e.g. `NaiveBayes(classes=[setosa, versicolor, virginica], features=4 gaussian)`;
   * also what Node's console shows for the model.
   *
   * @example
   * ```ts
   * String(NaiveBayes.fit([[1, 0], [2, 1]], ["a", "b"])); // "NaiveBayes(classes=[a, b], features=2 gaussian)"
   * ```
   */
  toString(): string {
    if (this.d < 0) return "NaiveBayes(unfitted)";
    const counts = new Map<string, number>();
    for (const k of this.kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
    const features = Array.from(counts, ([k, n]) => `${n} ${k}`).join(", ");
    const shown = this.labels.slice(0, 10).map(String).join(", ") + (this.labels.length > 10 ? ", …" : "");
    return `NaiveBayes(classes=[${shown}], features=${features})`;
  }

  /** @internal Node's console.log and util.inspect use this. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** How many numbers the arrays of a parsed JSON value hold (a bound on the sizes it may claim). */
function numbersIn(value: unknown): number {
  if (Array.isArray(value))
    return value.reduce((n: number, v: unknown) => n + (Array.isArray(v) ? numbersIn(v) : 1), 0);
  if (value === null || typeof value !== "object") return 0;
  let n = 0;
  for (const v of Object.values(value)) n += numbersIn(v);
  return n;
}

/** Splits fit options into the batch's sample weights and the model's options. */
function splitFitOptions(
  where: string,
  options: unknown,
): { sampleWeight: unknown; modelOptions: Record<string, unknown> } {
  if (options === undefined) return { sampleWeight: undefined, modelOptions: {} };
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  }
  const modelOptions: Record<string, unknown> = {};
  let sampleWeight: unknown = undefined;
  for (const key of Object.keys(options)) {
    const value = (options as Record<string, unknown>)[key];
    if (key === "sampleWeight") sampleWeight = value;
    else modelOptions[key] = value;
  }
  return { sampleWeight, modelOptions };
}

/** A mask of the rows whose label is null or undefined, or null when every row is labelled. */
function unlabelledRows(y: unknown): Uint8Array | null {
  if (y === null || typeof y !== "object" || typeof (y as { length?: unknown }).length !== "number") return null;
  const ys = y as ArrayLike<unknown>;
  const n = ys.length;
  if (!Number.isInteger(n) || n < 0) return null; // indexLabels names the problem
  let mask: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const v = ys[i];
    if (v === null || v === undefined) (mask ??= new Uint8Array(n))[i] = 1;
  }
  return mask;
}

/** Where each old class goes in the new sorted class list (a Map, so O(C), not O(C²)). */
function remapIndex<L extends Label>(old: readonly L[], classes: readonly L[]): Int32Array {
  const position = new Map<L, number>();
  classes.forEach((l, c) => position.set(l, c));
  return Int32Array.from(old, (l) => position.get(l)!);
}

/** A copy of `s` with its components moved by `oldToNew` (or unmoved when null). */
function remapped(s: KernelStats, C: number, oldToNew: Int32Array | null): KernelStats {
  const copy = s.empty();
  copy.merge(s);
  if (oldToNew !== null) copy.remap(C, oldToNew);
  return copy;
}

function requireIndex(where: string, i: unknown, n: number): void {
  if (typeof i !== "number" || !Number.isInteger(i) || i < 0 || i >= n) {
    throw new RangeError(`${where} must be an integer in [0, ${n - 1}], got ${describe(i)}`);
  }
}

const PER_DISCRETE = ["alpha"] as const;
const PER_CATEGORICAL = ["alpha", "minCategories"] as const;

/** The sorted union of two sorted class lists (of the same label type). */
function unitedClasses<L extends Label>(where: string, a: readonly L[], b: readonly L[]): L[] {
  if (a.length > 0 && b.length > 0 && typeof a[0] !== typeof b[0]) {
    throw new TypeError(`${where}: one model's labels are ${typeof a[0]}s and the other's ${typeof b[0]}s`);
  }
  const out: L[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const order = i === a.length ? 1 : j === b.length ? -1 : compareLabels(a[i]!, b[j]!);
    if (order <= 0) out.push(a[i++]!);
    else out.push(b[j++]!);
    if (order === 0) j++;
  }
  return out;
}

/** True when `oldToNew` maps each of C classes to itself. */
function isIdentity(oldToNew: Int32Array, C: number): boolean {
  if (oldToNew.length !== C) return false;
  for (let c = 0; c < C; c++) if (oldToNew[c] !== c) return false;
  return true;
}

/** Splits async-fit options into `onProgress` and the model's options. */
function splitProgress(
  where: string,
  options: unknown,
): {
  onProgress: ((progress: FitProgress) => void) | undefined;
  signal: AbortSignalLike | undefined;
  modelOptions: Record<string, unknown>;
} {
  const { sampleWeight, modelOptions } = splitFitOptions(where, options);
  if (sampleWeight !== undefined) {
    throw new TypeError(`${where}: options.sampleWeight is not an option here; give each chunk its sampleWeight`);
  }
  const onProgress = readProgress(where, modelOptions.onProgress);
  const signal = readSignal(where, modelOptions.signal);
  delete modelOptions.onProgress;
  delete modelOptions.signal;
  return { onProgress, signal, modelOptions };
}

/** The per-kind statistics at the top level of a version-1 file (own properties only). */
function ownSections(j: Record<string, unknown>): Record<string, unknown> {
  const sections: Record<string, unknown> = {};
  for (const k of FEATURE_KINDS) if (Object.prototype.hasOwnProperty.call(j, k)) sections[k] = j[k];
  return sections;
}
