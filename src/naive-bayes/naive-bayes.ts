/**
 * Naive Bayes as a generative model: p(x, y) = p(y) · Π_j p(x_j | y), fitted by maximum
 * likelihood with smoothing. It classifies by the posterior, scores data by its likelihood and
 * draws new labelled rows. Every score derives from one routine, the joint log-likelihood
 * log p(x, y = c) per row and class, as in scikit-learn's `_BaseNB`.
 */

import { AliasTable } from "../core/alias.js";
import { requireJsonType } from "../core/distribution.js";
import { logSumExp } from "../core/log-space.js";
import { checkShape, Matrix, outputMatrix, RowBlocks, type MatrixInput, type MatrixShape } from "../core/matrix.js";
import type { Rng } from "../core/rng.js";
import { compensatedSum } from "../core/sum.js";
import { describe, requireInteger } from "../core/validate.js";
import { BernoulliFeatures } from "./bernoulli-features.js";
import { CategoricalFeatures } from "./categorical-features.js";
import { badCell, type FeatureBlock, type ScoreContext } from "./feature-block.js";
import { GaussianFeatures } from "./gaussian-features.js";
import { indexLabels, sortedClasses } from "./labels.js";
import {
  featureKinds,
  MAX_CATEGORY,
  MIN_ALPHA,
  perFeature,
  resolveOptions,
  type FeatureKind,
  type Label,
  type NaiveBayesOptions,
  type ResolvedOptions,
} from "./options.js";
import { NAIVE_BAYES_JSON_VERSION, type NaiveBayesJSON } from "./serialization.js";

/**
 * New labelled data drawn from a fitted model: `X` (rows × features) and the class of each row.
 *
 * @example
 * ```ts
 * const { X, y }: NaiveBayesSample<string> = nb.sample(createRng(1), 100);
 * X.row(0); y[0]; // the first generated row and its class
 * ```
 */
export interface NaiveBayesSample<L extends Label = Label> {
  /** The generated rows: n × features. */
  X: Matrix;
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

const KIND_CODE: Record<FeatureKind, number> = { gaussian: 0, bernoulli: 1, categorical: 2 };

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
export class NaiveBayes<L extends Label = Label> {
  private readonly opts: ResolvedOptions;
  private readonly fixedClasses: boolean;
  private labels: L[];
  private d = -1; // the number of features, −1 until the first fit
  private kinds: FeatureKind[] = [];
  private blocks: FeatureBlock[] = [];
  private gaussian: GaussianFeatures | null = null;
  private bernoulli: BernoulliFeatures | null = null;
  private categorical: CategoricalFeatures | null = null;
  private classCount: Float64Array;
  private logPrior: Float64Array;
  private priorTable: AliasTable | null = null;

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
    const where = "NaiveBayes";
    this.opts = resolveOptions(where, options);
    const given = options?.classes;
    this.fixedClasses = given !== undefined;
    this.labels = given !== undefined ? sortedClasses<L>(where, given) : [];
    if (this.opts.priors !== null && this.fixedClasses && this.opts.priors.length !== this.labels.length) {
      throw new RangeError(
        `${where}: options.priors has ${this.opts.priors.length} values but options.classes has ${this.labels.length}`,
      );
    }
    this.classCount = new Float64Array(this.labels.length);
    this.logPrior = new Float64Array(this.labels.length);
  }

  /**
   * Fits a model to the rows `X` with labels `y`: one {@link NaiveBayes.partialFit} on a new model.
   *
   * @example
   * ```ts
   * const nb = NaiveBayes.fit([[0, 1], [1, 1], [1, 0]], [0, 1, 1], { features: "bernoulli" });
   * ```
   */
  static fit<L extends Label>(X: MatrixInput, y: ArrayLike<L>, options?: NaiveBayesOptions<L>): NaiveBayes<L> {
    return new NaiveBayes<L>(options).update("NaiveBayes.fit", X, y);
  }

  /**
   * Adds a batch of rows to the statistics and refits. The first call fixes the number of
   * features; new labels add classes unless `options.classes` fixed them. Any sequence of calls
   * gives the same model as one `fit` on all the rows (exactly for Bernoulli and categorical
   * features, to rounding, ~1e-15, for Gaussian ones). A call that throws changes nothing.
   *
   * @example
   * ```ts
   * const nb = new NaiveBayes({ features: "gaussian" });
   * for (const [Xc, yc] of chunks) nb.partialFit(Xc, yc);
   * ```
   */
  partialFit(X: MatrixInput, y: ArrayLike<L>): this {
    return this.update("NaiveBayes.partialFit", X, y);
  }

  private update(where: string, X: MatrixInput, y: ArrayLike<L>): this {
    // Everything that can throw happens before the first write to the model: the batch is
    // summarised (and its values checked) into temporaries, then committed.
    const shape = checkShape(where, X);
    if (shape.rows === 0) throw new RangeError(`${where}: X is empty; at least one row is needed`);
    if (shape.cols === 0) throw new RangeError(`${where}: X has no features`);
    if (this.d >= 0 && shape.cols !== this.d) {
      throw new RangeError(`${where}: X has ${shape.cols} features but the model was fitted with ${this.d}`);
    }
    const fresh = this.d < 0;
    const kinds = fresh ? featureKinds(where, this.opts, shape.cols) : this.kinds;
    const { classes, index, added } = indexLabels<L>(where, y, shape.rows, this.labels, this.fixedClasses);
    const priors = this.opts.priors;
    if (priors !== null && priors.length !== classes.length) {
      throw new RangeError(
        `${where}: options.priors has ${priors.length} values but there are ${classes.length} classes (${classes.map(describe).join(", ")}); ` +
          `give options.classes up front when fitting in batches`,
      );
    }
    const C = classes.length;
    const batchCount = new Float64Array(C);
    for (let i = 0; i < index.length; i++) batchCount[index[i]!] = batchCount[index[i]!]! + 1;
    const x = new RowBlocks(X, shape);
    const blocks = fresh ? buildBlocks(this.opts, kinds, this.labels.length) : this.blocks;
    // Blocks check their values as they summarise; on trouble this finds and names the cell.
    const onBad = (fallback?: string): void => {
      checkFitValues(where, x, kinds, this.opts.binarize === null);
      if (fallback !== undefined) throw new RangeError(`${where}: ${fallback}`);
    };
    const commits = blocks.map((b) => b.prepareBatch(x, index, C, batchCount, onBad));
    // Commit.
    if (fresh) {
      this.d = kinds.length;
      this.kinds = kinds;
      this.blocks = blocks;
      this.assignBlocks();
    }
    if (added) {
      const oldToNew = new Int32Array(this.labels.length);
      for (let c = 0; c < this.labels.length; c++) oldToNew[c] = classes.indexOf(this.labels[c]!);
      const count = new Float64Array(C);
      for (let c = 0; c < oldToNew.length; c++) count[oldToNew[c]!] = this.classCount[c]!;
      this.classCount = count;
      for (const b of this.blocks) b.remapClasses(C, oldToNew);
      this.labels = classes;
    }
    const countBefore = this.classCount.slice();
    for (const commit of commits) commit(countBefore);
    for (let c = 0; c < C; c++) this.classCount[c] = countBefore[c]! + batchCount[c]!;
    this.finalize();
    return this;
  }

  /** Keeps typed handles on the blocks, for the parameter accessors. */
  private assignBlocks(): void {
    for (const b of this.blocks) {
      if (b instanceof GaussianFeatures) this.gaussian = b;
      else if (b instanceof BernoulliFeatures) this.bernoulli = b;
      else if (b instanceof CategoricalFeatures) this.categorical = b;
    }
  }

  /** Derives the priors and every block's parameters from the statistics. */
  private finalize(): void {
    const C = this.labels.length;
    this.logPrior = new Float64Array(C);
    const priors = this.opts.priors;
    let total = 0;
    for (let c = 0; c < C; c++) total += this.classCount[c]!;
    for (let c = 0; c < C; c++) {
      // log π_c = log N_c − log N (scikit-learn's form); log 0 = −Infinity for a class with no rows.
      this.logPrior[c] =
        priors !== null
          ? Math.log(priors[c]!)
          : this.opts.fitPriors
            ? Math.log(this.classCount[c]!) - Math.log(total)
            : -Math.log(C);
    }
    for (const b of this.blocks) b.finalize(this.classCount);
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

  /** Rows seen per class, in the order of `classes`; a copy. */
  get classCounts(): Float64Array {
    return this.classCount.slice();
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
    for (let c = 0; c < C; c++) total += this.classCount[c]!;
    return this.classCount.map((n) => n / total);
  }

  /** Gaussian features: ε added to every variance (0 without Gaussian features). */
  get epsilon(): number {
    return this.gaussian?.epsilon ?? 0;
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
    const m = this.nanMatrix();
    this.gaussian?.scatter("mean", m);
    return m;
  }

  /** Class variances of the Gaussian features, ε included: classes × features, NaN elsewhere. */
  get variances(): Matrix {
    const m = this.nanMatrix();
    this.gaussian?.scatter("variance", m);
    return m;
  }

  /** p(x_j = 1 | class) of the Bernoulli features: classes × features, NaN elsewhere. */
  get featureProbabilities(): Matrix {
    const m = this.nanMatrix();
    this.bernoulli?.scatter(m);
    return m;
  }

  /**
   * p(x_j = t | class) of categorical feature j: classes × K_j.
   *
   * @example
   * ```ts
   * nb.categoryProbabilities(0).row(1); // the distribution of feature 0 in the second class
   * ```
   */
  categoryProbabilities(j: number): Matrix {
    const where = "NaiveBayes.categoryProbabilities";
    this.requireFitted(where);
    if (!Number.isInteger(j) || j < 0 || j >= this.d || this.kinds[j] !== "categorical") {
      throw new RangeError(`${where}: feature ${describe(j)} is not a categorical feature of this model`);
    }
    return this.categorical!.probabilities(this.categorical!.cols.indexOf(j));
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
  jointLogLikelihood(X: MatrixInput, out?: Float64Array): Matrix {
    const where = "NaiveBayes.jointLogLikelihood";
    const shape = this.checkPredictShape(where, X);
    const result = outputMatrix(where, shape.rows, this.labels.length, out);
    this.computeJoint(where, X, shape, result.data);
    return result;
  }

  private computeJoint(where: string, X: MatrixInput, shape: MatrixShape, out: Float64Array): void {
    const C = this.labels.length;
    const ctx: ScoreContext = { where, missing: this.opts.missing, unseen: this.opts.unseen };
    const x = new RowBlocks(X, shape);
    for (let start = 0; start < shape.rows; start += x.blockRows) {
      const buf = x.block(start);
      const n = Math.min(shape.rows - start, x.blockRows);
      // Start from log p(y = c), then each block adds its features' log p(x_j | c).
      for (let r = 0, o = start * C; r < n; r++, o += C) out.set(this.logPrior, o);
      for (const b of this.blocks) b.addJointLogLikelihood(buf, x.offset, n, start, x, out, start * C, ctx);
    }
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
  predictLogProba(X: MatrixInput, out?: Float64Array): Matrix {
    return this.logPosterior("NaiveBayes.predictLogProba", X, out);
  }

  /** log p(c | x): the joint log-likelihood normalised per row by log-sum-exp. */
  private logPosterior(where: string, X: MatrixInput, out: Float64Array | undefined): Matrix {
    const shape = this.checkPredictShape(where, X);
    const result = outputMatrix(where, shape.rows, this.labels.length, out);
    const a = result.data;
    this.computeJoint(where, X, shape, a);
    const C = this.labels.length;
    const uniform = -Math.log(C);
    for (let r = 0, o = 0; r < shape.rows; r++, o += C) {
      const lse = logSumExp(a, o, o + C);
      if (lse === -Infinity) a.fill(uniform, o, o + C);
      else for (let c = o; c < o + C; c++) a[c] = a[c]! - lse;
    }
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
  predictProba(X: MatrixInput, out?: Float64Array): Matrix {
    const result = this.logPosterior("NaiveBayes.predictProba", X, out);
    const a = result.data;
    for (let i = 0; i < a.length; i++) a[i] = Math.exp(a[i]!);
    return result;
  }

  /**
   * The most probable class of each row (ties go to the first class, as in scikit-learn).
   *
   * @example
   * ```ts
   * nb.predict([[1, 2], [3, 0.5]]); // ["a", "b"]
   * ```
   */
  predict(X: MatrixInput): L[] {
    const where = "NaiveBayes.predict";
    const shape = this.checkPredictShape(where, X);
    const C = this.labels.length;
    const jll = new Float64Array(shape.rows * C);
    this.computeJoint(where, X, shape, jll);
    const labels: L[] = new Array<L>(shape.rows);
    for (let r = 0, o = 0; r < shape.rows; r++, o += C) {
      let best = 0;
      for (let c = 1; c < C; c++) if (jll[o + c]! > jll[o + best]!) best = c;
      labels[r] = this.labels[best]!;
    }
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
  logLikelihoodPerRow(X: MatrixInput, y?: ArrayLike<L>, out?: Float64Array): Float64Array {
    const where = "NaiveBayes.logLikelihoodPerRow";
    return this.rowScores(where, X, y, out);
  }

  private rowScores(
    where: string,
    X: MatrixInput,
    y: ArrayLike<L> | undefined,
    out: Float64Array | undefined,
  ): Float64Array {
    const shape = this.checkPredictShape(where, X);
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
    for (let r = 0; r < rows; r++)
      result[r] = index !== null ? jll[r * C + index[r]!]! : logSumExp(jll, r * C, (r + 1) * C);
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
  logLikelihood(X: MatrixInput, y?: ArrayLike<L>): number {
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
  sample(rng: Rng, n: number, options?: NaiveBayesSampleOptions<L>): NaiveBayesSample<L> {
    const where = "NaiveBayes.sample";
    this.requireFitted(where);
    if (rng === null || typeof rng !== "object" || typeof (rng as { next?: unknown }).next !== "function") {
      throw new TypeError(`${where}: rng must be an object with a next() method, got ${describe(rng)}`);
    }
    requireInteger(`${where}: n`, n, 0);
    const C = this.labels.length;
    let fixed = -1;
    if (options?.label !== undefined) {
      fixed = this.labels.indexOf(options.label);
      if (fixed < 0)
        throw new RangeError(`${where}: options.label ${describe(options.label)} is not a class of the model`);
      if (this.classCount[fixed] === 0) {
        throw new RangeError(
          `${where}: class ${describe(options.label)} has no training rows, so its features have no fitted distribution`,
        );
      }
    } else {
      for (let c = 0; c < C; c++) {
        if (this.classCount[c] === 0 && this.logPrior[c]! > -Infinity) {
          throw new RangeError(
            `${where}: class ${describe(this.labels[c])} has prior ${Math.exp(this.logPrior[c]!)} but no training rows; ` +
              `give options.label or fit it first`,
          );
        }
      }
    }
    const d = this.d;
    const X = outputMatrix(where, n, d, options?.out, "features");
    const y: L[] = new Array<L>(n);
    if (fixed < 0 && this.priorTable === null) this.priorTable = new AliasTable(this.classPriors);
    const data = X.data;
    for (let i = 0; i < n; i++) {
      const c = fixed >= 0 ? fixed : this.priorTable!.sample(rng);
      for (const b of this.blocks) b.sampleRow(rng, c, data, i * d);
      y[i] = this.labels[c]!;
    }
    return { X, y };
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
        features: typeof o.features === "string" ? o.features : o.features.slice(),
        varSmoothing: o.varSmoothing,
        alpha: typeof o.alpha === "number" ? o.alpha : o.alpha.slice(),
        binarize: o.binarize,
        minCategories: typeof o.minCategories === "number" ? o.minCategories : o.minCategories.slice(),
        priors: o.priors === null ? null : o.priors.slice(),
        fitPriors: o.fitPriors,
        unseen: o.unseen,
        missing: o.missing,
      },
      classes: this.labels.slice(),
      nFeatures: this.d >= 0 ? this.d : null,
      classCount: Array.from(this.classCount),
    };
    if (this.fixedClasses) json.options.classes = this.labels.slice();
    if (this.gaussian !== null) json.gaussian = this.gaussian.toJSON();
    if (this.bernoulli !== null) json.bernoulli = this.bernoulli.toJSON();
    if (this.categorical !== null) json.categorical = this.categorical.toJSON();
    return json;
  }

  /**
   * Rebuilds a model from {@link NaiveBayes.toJSON} output (after `JSON.parse`), checking it.
   *
   * @example
   * ```ts
   * const nb2 = NaiveBayes.fromJSON<string>(JSON.parse(text));
   * ```
   */
  static fromJSON<L extends Label = Label>(json: unknown): NaiveBayes<L> {
    const where = "NaiveBayes.fromJSON";
    const j = requireJsonType(where, json, "NaiveBayes") as unknown as NaiveBayesJSON;
    if (j.version !== NAIVE_BAYES_JSON_VERSION)
      throw new RangeError(`${where}: unsupported version ${describe(j.version)}`);
    if (j.options === null || typeof j.options !== "object") throw new TypeError(`${where}: options missing`);
    const { priors, classes: fixed, ...rest } = j.options;
    const options = {
      ...rest,
      ...(priors !== null ? { priors } : {}),
      ...(fixed !== undefined ? { classes: fixed } : {}),
    };
    const model = new NaiveBayes<L>(options as NaiveBayesOptions<L>);
    if (j.nFeatures === null) return model;
    if (typeof j.nFeatures !== "number" || !Number.isInteger(j.nFeatures) || j.nFeatures < 1) {
      throw new TypeError(`${where}: nFeatures must be a positive integer or null`);
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
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
        throw new RangeError(`${where}: classCount[${c}] must be an integer >= 0`);
      return v;
    });
    if (model.opts.priors !== null && model.opts.priors.length !== C)
      throw new RangeError(`${where}: priors do not match the classes`);
    model.labels = labels;
    model.classCount = count;
    const kinds = featureKinds(where, model.opts, j.nFeatures);
    model.d = kinds.length;
    model.kinds = kinds;
    model.blocks = buildBlocks(model.opts, kinds, C);
    model.assignBlocks();
    model.gaussian?.loadJSON(where, j.gaussian);
    model.bernoulli?.loadJSON(where, j.bernoulli, count);
    model.categorical?.loadJSON(where, j.categorical);
    model.finalize();
    return model;
  }
}

/** The feature blocks of a model with the given feature kinds, for `classes` classes, empty. */
function buildBlocks(o: ResolvedOptions, kinds: readonly FeatureKind[], classes: number): FeatureBlock[] {
  const colsOf = (kind: FeatureKind): Int32Array => {
    const cols: number[] = [];
    for (let j = 0; j < kinds.length; j++) if (kinds[j] === kind) cols.push(j);
    return Int32Array.from(cols);
  };
  const alphaOf = (cols: Int32Array): Float64Array =>
    Float64Array.from(cols, (j) => Math.max(MIN_ALPHA, perFeature(o.alpha, j)));
  const g = colsOf("gaussian");
  const b = colsOf("bernoulli");
  const k = colsOf("categorical");
  const blocks: FeatureBlock[] = [];
  if (g.length > 0) blocks.push(new GaussianFeatures(g, o.varSmoothing, classes));
  if (b.length > 0) blocks.push(new BernoulliFeatures(b, alphaOf(b), o.binarize, classes));
  if (k.length > 0)
    blocks.push(
      new CategoricalFeatures(
        k,
        alphaOf(k),
        Int32Array.from(k, (j) => perFeature(o.minCategories, j)),
        classes,
      ),
    );
  return blocks;
}

/**
 * Checks the values of a batch before fitting: finite everywhere; 0/1 in Bernoulli features when
 * binarize is null; integer codes in [0, MAX_CATEGORY] in categorical ones. Names the first bad
 * cell.
 */
function checkFitValues(where: string, x: RowBlocks, kinds: readonly FeatureKind[], binaryOnly: boolean): void {
  const d = x.cols;
  const code = Uint8Array.from(kinds, (k) => KIND_CODE[k]);
  for (let start = 0; start < x.rows; start += x.blockRows) {
    const buf = x.block(start);
    const end = Math.min(x.rows, start + x.blockRows);
    for (let i = start, base = x.offset; i < end; i++, base += d) {
      for (let j = 0; j < d; j++) {
        const v = buf[base + j]!;
        // `v - v !== 0` is true exactly for NaN and ±Infinity (non-numbers were read as NaN).
        if (v - v !== 0) throw badCell(where, i, j, x.value(i, j), false);
        const k = code[j]!;
        if (k === 1 && binaryOnly && v !== 0 && v !== 1) {
          throw new RangeError(
            `${where}: X[${i}][${j}] is ${v}, but Bernoulli features with binarize: null must be 0 or 1`,
          );
        }
        if (k === 2 && !(Number.isInteger(v) && v >= 0 && v <= MAX_CATEGORY)) {
          throw new RangeError(
            `${where}: X[${i}][${j}] is ${v}, but a categorical feature takes integer codes in [0, ${MAX_CATEGORY}]`,
          );
        }
      }
    }
  }
}
