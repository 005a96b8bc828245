/**
 * The family-kernel contract: what a family of distributions provides so that every model
 * (Naive Bayes, Product, Mixture, and the family's own scalar fit) works over it: a family's
 * scalar statistics are its kernel statistics for one column and one component.
 *
 * A kernel works on a block of columns of a row-major matrix and on C components (classes of a
 * Naive Bayes model, components of a mixture, or 1). Its statistics are weighted: each row adds
 * to each component with weight w_ic = sampleWeight_i · (one-hot label or responsibility r_ic),
 * so one code path serves labels, EM and frequency weights. Statistics merge (so shards, chunks
 * and EM across workers combine), serialise, and yield parameters; parameters add their
 * log-likelihood terms to a rows × components output and draw rows. Hot loops live in the
 * kernels and run over a whole block of rows per call, never per cell.
 */

import type { Distribution } from "./distribution.js";
import type { RowBlocks } from "./matrix.js";
import type { Rng } from "./rng.js";

/**
 * The distribution of a joint block of columns (a MultivariateGaussian, a Multinomial): one
 * distribution over a row of `dimension` values. Core names only what the models need of it; the
 * families' classes have much more.
 *
 * @example
 * ```ts
 * const part: JointDistribution = new Multinomial([0.5, 0.5]);
 * part.dimension; // 2
 * ```
 */
export interface JointDistribution {
  /** The number of columns the distribution covers. */
  readonly dimension: number;
  /** log p(row). */
  logProb(row: ArrayLike<number>): number;
  /** A plain object from which the family's `fromJSON` rebuilds it. */
  toJSON(): object;
}

/**
 * What one block of a model is in one component, as a class: a per-column distribution (one
 * column) or a joint one (its block's columns).
 *
 * @example
 * ```ts
 * const parts: BlockDistribution[] = [new Gaussian(0, 1), new Multinomial([0.2, 0.8])];
 * ```
 */
export type BlockDistribution = Distribution<number> | JointDistribution;

/**
 * What a category never seen in training (a code ≥ the feature's category count) scores.
 *
 * @example
 * ```ts
 * const nb = NaiveBayes.fit([[0, 2], [1, 0], [2, 1]], ["a", "b", "b"], { features: "categorical", unseen: "ignore" });
 * nb.predict([[3, 1]]); // ["b"]: code 3 of feature 0 was never seen, so only feature 1 counts
 * ```
 */
export type UnseenPolicy = "smooth" | "ignore" | "error";

/**
 * What a missing value (NaN in a matrix; null, undefined or an absent key in a table) does when
 * a model scores data: `"error"` throws naming the cell, `"ignore"` leaves the feature out.
 *
 * @example
 * ```ts
 * NaiveBayes.fit(X, y, { missing: "ignore" }).predict([[NaN, 3.1, 4.9, 1.5]]); // sepal length unknown
 * ```
 */
export type MissingPolicy = "error" | "ignore";

/**
 * The type of the values in one table column, as `typeof` names it: each column holds one.
 *
 * @example
 * ```ts
 * const t: ValueType = typeof row.hat as ValueType; // "boolean"
 * ```
 */
export type ValueType = "number" | "boolean" | "string";

/**
 * How a family's columns meet tables of plain objects: which values a cell may hold, how they
 * become numbers of the feature matrix, and back. The schema reads them from the registry, so a
 * new family brings its own. (Not part of the public API: read by the schema.)
 */
export interface ValueRules {
  /** The value types a column of this kind may hold. */
  readonly valueTypes: readonly ValueType[];
  /** Those types in words, for errors ("numbers", "booleans or 0/1"). */
  readonly typesInWords: string;
  /** The value type whose columns get this kind when none is given (one family per type), or null. */
  readonly inferredFor: ValueType | null;
  /** Whether values are categories, coded 0..K−1 (the schema keeps their order). */
  readonly categorical: boolean;
  /** Whether a present finite number is a value of the kind (a count, 0 or 1, ≥ 0). */
  accepts(v: number): boolean;
  /** The numbers `accepts` takes, in words ("integer counts >= 0"), or null for every finite number. */
  readonly numbersInWords: string | null;
  /**
   * The table value of a number of the matrix (a sample's, or a stored one), or undefined when
   * it is no value of the kind: counts round (arithmetic may have blurred them), 0 and 1 become
   * booleans in a boolean column. Categorical kinds decode through their categories instead.
   */
  decode(v: number, valueType: ValueType): number | boolean | undefined;
}

/**
 * The weight of every row in every component, for accumulating statistics. At most one of
 * `component` (hard assignment: labels) and `responsibility` (soft assignment: EM) is set;
 * with neither, every row is in component 0 (C = 1: a family's scalar statistics).
 * @internal
 */
export interface RowWeights {
  /** C, the number of components. */
  readonly components: number;
  /** The component of each row (one-hot weights), or null. */
  readonly component: Int32Array | null;
  /** rows × components weights r_ic (row-major), or null. */
  readonly responsibility: Float64Array | null;
  /** A frequency weight per row, or null for weight 1. */
  readonly sampleWeight: Float64Array | null;
}

/**
 * The per-family options of a block of columns, resolved by the model. Each family reads what
 * it needs and ignores the rest.
 * @internal
 */
export interface KernelOptions {
  /** Lidstone/Gamma pseudo-count α per column of the block (Bernoulli, Categorical, Poisson). */
  readonly alpha: Float64Array;
  /** Bernoulli: the threshold above which a value counts as 1, or null for 0/1 data. */
  readonly binarize: number | null;
  /** Categorical: the least category count per column of the block. */
  readonly minCategories: Int32Array;
  /** Gaussian: ε = varSmoothing · (largest variance of any column over all rows) is added. */
  readonly varSmoothing: number;
  /** Gaussian: a constant added to every variance (a mixture's reg_covar). */
  readonly regVariance: number;
}

/**
 * A block of rows handed to the kernels: rows `start .. start + rows` of the input, row r at
 * `buf[off + r·input.cols]`; `input` reads any cell as given, for error messages.
 * @internal
 */
export interface RowBlock {
  readonly buf: Float64Array;
  readonly off: number;
  readonly rows: number;
  readonly start: number;
  readonly input: RowBlocks;
}

/** What scoring needs to know besides the parameters. @internal */
export interface ScoreContext {
  /** The calling method, for error messages (`"NaiveBayes.predict"`). */
  readonly where: string;
  readonly missing: MissingPolicy;
  readonly unseen: UnseenPolicy;
  /**
   * A number outside a family's support (a Bernoulli 2, a category −1 or 0.5, a count 1.5):
   * `"error"` throws naming the cell (a classifier's input is wrong), `"impossible"` scores it
   * log p = −Infinity (a density is 0 there).
   */
  readonly outsideSupport: "error" | "impossible";
  /**
   * False when the calling method takes no `missing` option (Mixture and Product score with
   * missing: "error" and cannot leave a cell out yet): its errors then suggest no such option.
   */
  readonly offersMissing?: boolean;
}

/**
 * Weighted sufficient statistics of one family over a block of columns and C components.
 * `accumulate` adds a batch in place; models accumulate a batch into fresh statistics (which
 * validates it) and merge only once every block has succeeded, so a failed call changes nothing.
 * @internal
 */
export interface KernelStats {
  readonly kind: string;
  /** The columns (indices into a row) of the block, ascending. */
  readonly cols: Int32Array;
  readonly components: number;
  /** Adds the rows of `x` with the given weights; throws naming the first invalid cell. */
  accumulate(where: string, x: RowBlocks, weights: RowWeights): void;
  /** Adds statistics of the same kind, columns and components (Chan's merge, or sums). */
  merge(other: KernelStats): void;
  /** Statistics of the same shape with no data. */
  empty(): KernelStats;
  /** Moves component c to `oldToNew[c]` of `components` (new ones empty). */
  remap(components: number, oldToNew: Int32Array): void;
  /** Σ_i w_ic per component: the weight each component has seen. */
  totals(): Float64Array;
  /** The parameters, with the options' smoothing. */
  estimate(options: KernelOptions): KernelParams;
  /**
   * Throws a RangeError naming the column when the statistics give no proper distribution of
   * the family under these options, where `estimate` would otherwise floor a parameter (a
   * Gaussian column without spread, and nothing added to its variance). Families whose
   * estimates are always proper leave it out.
   */
  requireProper?(where: string, options: KernelOptions): void;
  /** The statistics as JSON numbers. */
  toJSON(): Record<string, unknown>;
}

/**
 * The fitted parameters of one family over a block of columns and C components.
 * @internal
 */
export interface KernelParams {
  readonly kind: string;
  readonly cols: Int32Array;
  readonly components: number;
  /**
   * Adds Σ_k log p(x_k | c) over the block's columns to `out[(block.start + r)·C + c]` for the
   * block's rows r (out is rows × C over the whole input).
   */
  addLogLikelihood(block: RowBlock, out: Float64Array, ctx: ScoreContext): void;
  /**
   * Draws the block's columns of one row of component c into `row[rowOff + col]`; `where` names
   * the calling method in the error for an rng whose output is not a uniform in [0, 1).
   */
  sampleRow(rng: Rng, c: number, row: Float64Array, rowOff: number, where: string): void;
  /** The number of free parameters (for BIC and AIC). */
  freeParameters(): number;
  /**
   * The log density, up to a constant, of the prior whose posterior mode the smoothing gives (a
   * Beta(α+1, α+1) for a Bernoulli, a Dirichlet(α+1) for a categorical, a Gamma(α+1, α) for a
   * Poisson), summed over the block's columns and components: EM with smoothing maximises the
   * log-likelihood plus this. Families without a prior leave it out (0).
   */
  logPrior?(options: KernelOptions): number;
  /**
   * True when `addLogLikelihood` reads a sparse input's CSR rows itself (`x.sparse`) and ignores
   * `buf`: a model whose blocks all do scores a SparseMatrix without densifying a row, O(nnz).
   */
  readonly readsSparse?: boolean;
  /**
   * The distribution of the block's k-th column in component c, as the family's class. A joint
   * family's columns have none of their own (it throws): see `part`.
   */
  marginal(c: number, k: number): Distribution<number>;
  /**
   * A joint family only: the block's distribution in component c (a MultivariateGaussian, a
   * Multinomial), built when asked.
   */
  part?(c: number): JointDistribution;
  /**
   * Empty statistics of the same columns and components that hold every value these
   * parameters score (a categorical column keeps its K categories), for the next EM step.
   */
  statsLike(): KernelStats;
}

/**
 * One family, as the models see it: how to make, restore and estimate its statistics, and how
 * to build parameters from distributions (a Product's marginals). Registered once in
 * distributions/registry.ts.
 * @internal
 */
export interface Family {
  readonly kind: string;
  /**
   * True for a joint family: its block is one distribution whose dimension is the block's width
   * (a multivariate Gaussian, a multinomial), and each run of consecutive columns is a block.
   * Absent for a per-column family, which treats each column of its block alone.
   */
  readonly joint?: true;
  /**
   * A joint family whose columns all form one block, consecutive or not (a full-covariance
   * Gaussian over every Gaussian column of a table), rather than one block per run.
   */
  readonly oneBlock?: true;
  /** Which table values its columns hold, and how they encode and decode. */
  readonly values: ValueRules;
  /** Empty statistics for the columns `cols` and C components. */
  createStats(cols: Int32Array, components: number, options: KernelOptions): KernelStats;
  /** Statistics written by `KernelStats.toJSON`, checked. */
  statsFromJSON(
    where: string,
    json: unknown,
    cols: Int32Array,
    components: number,
    options: KernelOptions,
  ): KernelStats;
  /**
   * Parameters from distributions of this family: a per-column family's `marginals[c·m + k]`, a
   * joint family's one distribution per component, `marginals[c]`, of dimension m. Throws a
   * RangeError beginning with `where` when the components disagree on a column's shape (its
   * categories, a joint distribution's dimension).
   */
  paramsFrom(
    cols: Int32Array,
    components: number,
    marginals: readonly BlockDistribution[],
    where: string,
  ): KernelParams;
  /** True when `d` is an instance of this family's class. */
  owns(d: unknown): boolean;
  /** The `type` tag of the family's JSON (`"Gaussian"`). */
  readonly typeName: string;
  /** The family's `fromJSON`. */
  fromJSON(json: unknown): BlockDistribution;
  /**
   * A distribution of the family with parameters in a typical range, built from uniforms
   * `u()` in [0, 1): how the family contract test and `ptheta/testing` draw one without
   * knowing the family. The first uniform fixes the distribution's shape (a categorical's K),
   * so that components of one column can share it. Per-column families give one; joint
   * families may leave it out.
   */
  readonly example?: (u: () => number) => Distribution<number>;
}
