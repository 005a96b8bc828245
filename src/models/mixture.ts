/**
 * A finite mixture of products, p(x) = Σ_k π_k Π_j p_kj(x_j), fitted by EM. The posterior
 * p(z | x) is a learned representation of each row; with only Gaussian columns this is
 * scikit-learn's GaussianMixture(covariance_type="diag").
 */

import { AliasTable } from "../core/alias.js";
import { hasBrand } from "../core/brand.js";
import { badCell } from "../core/cells.js";
import { createRng } from "../core/create-rng.js";
import { requireJsonType } from "../core/distribution.js";
import type { KernelParams } from "../core/kernel.js";
import type { FeatureKind } from "../distributions/registry.js";
import {
  checkShape,
  Matrix,
  outputMatrix,
  requireNoAlias,
  RowBlocks,
  isSparseRows,
  type MatrixInput,
  type MatrixShape,
} from "../core/matrix.js";
import { readOptions } from "../core/options.js";
import { readModelOptions } from "../core/option-names.js";
import { requireRng, type Rng } from "../core/rng.js";
import type { ChunkSource, RowsChunk } from "../core/source.js";
import { compensatedSum } from "../core/sum.js";
import { describe, requireInteger, requireNonNegative } from "../core/validate.js";
import { readSampleWeight, totalWeight } from "../core/weights.js";
import type { TableRow } from "../schema/rows.js";
import type { Schema } from "../schema/schema.js";
import type { SchemaJSON } from "../schema/serialization.js";
import { freeParameters, sampleRow } from "./blocks.js";
import { argmaxRows, fillJoint, normaliseRows, rowLogLikelihoods, type LatentClassState } from "./latent-class.js";
import { expectedStats, mixtureContext, MixtureEM, mStep, paramPrior, type EmResult } from "./mixture-em.js";
import {
  FIT_KEYS,
  type MixtureFitAsyncOptions,
  type MixtureFitOptions,
  type MixtureJSON,
  type MixtureProgress,
  type MixtureSample,
  type MixtureStepOptions,
} from "./mixture-options.js";
import type { MixtureStatsJSON } from "./mixture-stats.js";
import { type MixtureStats, mixtureStatsFromJSON } from "./mixture-stats.js";
import { fitMixtureStream } from "./mixture-stream.js";
import { columnKinds, optionalCallback, readColumnSettings, type ColumnSettings } from "./model-options.js";
import { requireOneOf } from "./naive-bayes-options.js";
import { checkFitShape, kindsOfParts, paramsOf, partsOf, Product, type ProductPart } from "./product.js";
import { familyOf } from "../distributions/registry.js";
import { encodeInput, fitTable, isTable, modelSchemaFromJSON, type DecodedRow } from "./table.js";

/** The brand of a Mixture (core/brand.ts): `Symbol.for` keeps its type a unique symbol. */
const MIXTURE: unique symbol = Symbol.for("ptheta.Mixture");

/**
 * A finite mixture of products fitted by EM.
 *
 * @example
 * ```ts
 * const model = Mixture.fit(X, { nComponents: 3, features: "gaussian", rng: createRng(1) });
 * model.predictProba(X).row(0);   // p(z | x_0): the representation of the first row
 * model.bic(X);                   // for choosing K
 * const { X: fake, z } = model.sample(createRng(2), 100);
 * ```
 */
export class Mixture<S extends Matrix | DecodedRow[] = Matrix> {
  /** @internal The brand that identifies a Mixture from any copy of ptheta. */
  readonly [MIXTURE] = true;
  private schema: Schema | null = null;
  private readonly kinds: readonly FeatureKind[];
  /** log π and every block's parameters: what scoring and sampling read. */
  private readonly state: LatentClassState;
  /** π, the weight of each component. */
  private readonly pi: Float64Array;
  /** A fitted mixture's persistent form: the statistics of its last M-step and that step's smoothing. */
  private readonly fitted: { readonly stats: MixtureStats; readonly step: ColumnSettings } | null;
  /** The components as Products, built when first asked for. */
  private parts: readonly Product[] | null;
  private priorTable: AliasTable | null = null;
  private trace: number[] = [];
  private objectives: number[] = [];
  private iterations = 0;
  private done = false;

  /**
   * A mixture with the given weights π (≥ 0, summing to 1 within 1e-9) and components, products
   * with the same feature kinds (and category counts).
   */
  constructor(weights: ArrayLike<number>, components: readonly Product[]) {
    const where = "Mixture";
    const list: unknown = components;
    if (!Array.isArray(list) || list.length === 0) {
      throw new TypeError(`${where}: components must be a non-empty array of Products, got ${describe(list)}`);
    }
    (list as unknown[]).forEach((p, c) => {
      if (!hasBrand(p, "Product"))
        throw new TypeError(`${where}: components[${c}] must be a Product, got ${describe(p)}`);
    });
    const K = components.length;
    const w = readWeights(where, weights, K);
    const parts = components.map((p) => p.parts);
    const { kinds, breaks } = kindsOfParts(where, parts[0]!);
    parts.forEach((list, c) => {
      const mine = kindsOfParts(where, list);
      if (mine.kinds.join() !== kinds.join()) {
        throw new RangeError(
          `${where}: components[${c}] has features [${mine.kinds.join(", ")}] but components[0] has [${kinds.join(", ")}]`,
        );
      }
      if (mine.breaks.join() !== breaks.join()) {
        const show = (l: readonly ProductPart[]): string => l.map((d) => familyOf(d)!.typeName).join(", ");
        throw new RangeError(
          `${where}: components[${c}] has parts [${show(list)}] but components[0] has [${show(parts[0]!)}]; their joint parts must cover the same columns`,
        );
      }
    });
    this.pi = w;
    this.kinds = kinds;
    this.state = {
      params: paramsOf(kinds, breaks, parts, where),
      logPrior: w.map(Math.log),
    };
    this.fitted = null;
    this.parts = components.slice();
  }

  /**
   * A fitted mixture: the parameters of an M-step, kept with the statistics they came from (no
   * Distribution objects are built; `components` builds them when asked).
   */
  private static fromFit(
    state: LatentClassState,
    kinds: readonly FeatureKind[],
    stats: MixtureStats | null,
    step: ColumnSettings,
  ): Mixture {
    // π_k = N_k / N: a weight is 0 only for a component that lost all its rows.
    const w = state.logPrior.map(Math.exp);
    let sum = 0;
    for (const v of w) sum += v;
    for (let k = 0; k < w.length; k++) w[k] = w[k]! / sum;
    // Every field, as the constructor would set them (the constructor builds from parts).
    const fields = {
      [MIXTURE]: true,
      schema: null,
      kinds,
      state,
      pi: w,
      fitted: stats === null ? null : { stats, step },
      parts: null,
      priorTable: null,
      trace: [],
      objectives: [],
      iterations: 0,
      done: false,
    };
    return Object.assign(Object.create(Mixture.prototype) as Mixture, fields);
  }

  /**
   * Fits a mixture by EM: from k-means++ on standardised columns (or `init`), alternate the
   * E-step (responsibilities r_ik = p(z = k | x_i)) and the M-step (each family's weighted
   * estimate; π_k = N_k / N) until the mean log-likelihood per row changes by less than `tol`,
   * or `maxIter` M-steps. With `nInit` > 1 the start with the best final log-likelihood wins.
   *
   * Degenerate cases: a component that loses every row keeps weight 0 (and is never predicted
   * or sampled); a constant Gaussian column gets variance regVariance (the smallest normal double
   * when regVariance is 0, so every density stays finite); K larger than the rows,
   * and a row that every component finds impossible (possible only with alpha = 0), are errors.
   *
   * @example
   * ```ts
   * const model = Mixture.fit(X, { nComponents: 2, maxIter: 200, tol: 1e-6 });
   * model.converged; model.nIter; model.logLikelihoodTrace;
   * ```
   */
  static fit(X: MatrixInput, options?: MixtureFitOptions): Mixture;
  /** Fits a table (an array of plain objects); samples come back as objects. */
  static fit(rows: readonly TableRow[], options?: MixtureFitOptions): Mixture<DecodedRow[]>;
  static fit(X: MatrixInput | readonly TableRow[], options?: MixtureFitOptions): Mixture<Matrix | DecodedRow[]> {
    const where = "Mixture.fit";
    if (isTable(X)) {
      const t = fitTable(where, X, options);
      if (t.modelOptions.init !== undefined) delete t.modelOptions.features; // init fixes the kinds
      const model = Mixture.fitMatrix(where, t.X, t.modelOptions);
      model.schema = t.schema;
      return model;
    }
    return Mixture.fitMatrix(where, X, options);
  }

  private static fitMatrix(where: string, X: MatrixInput, options: unknown): Mixture {
    const o = readModelOptions(where, options, FIT_KEYS);
    if (o.columns !== undefined) throw new TypeError(`${where}: options.columns is for tables (arrays of objects)`);
    const settings = readColumnSettings(where, o, { alpha: 1, regVariance: 1e-6, binarize: null });
    const shape = checkFitShape(where, X);
    const init = readInit(where, o.init);
    const covariance =
      o.covariance === undefined
        ? "diag"
        : requireOneOf<"diag" | "full">(`${where}: options.covariance`, o.covariance, ["diag", "full"]);
    if (init !== undefined && o.covariance !== undefined) {
      const full = init.featureKinds.includes("multivariate-gaussian");
      if (
        full !== (covariance === "full") &&
        init.featureKinds.some((k) => k === "gaussian" || k === "multivariate-gaussian")
      )
        throw new RangeError(
          `${where}: options.covariance is "${covariance}" but options.init has ${full ? "a full" : "diagonal"} covariance`,
        );
    }
    let K: number;
    let kinds: FeatureKind[];
    if (init !== undefined) {
      K = init.nComponents;
      if (o.nComponents !== undefined && o.nComponents !== K) {
        throw new RangeError(
          `${where}: options.nComponents is ${describe(o.nComponents)} but options.init has ${K} components`,
        );
      }
      if (init.nFeatures !== shape.cols) {
        throw new RangeError(`${where}: X has ${shape.cols} features but options.init has ${init.nFeatures}`);
      }
      kinds = init.featureKinds;
      if (o.features !== undefined && columnKinds(where, settings, shape.cols).join() !== kinds.join()) {
        throw new RangeError(
          `${where}: options.features differ from the feature kinds of options.init ([${kinds.join(", ")}])`,
        );
      }
    } else {
      if (o.nComponents === undefined)
        throw new TypeError(`${where}: options.nComponents is required (or give options.init)`);
      K = requireInteger(`${where}: options.nComponents`, o.nComponents, 1);
      kinds = columnKinds(where, settings, shape.cols);
      if (covariance === "full") kinds = kinds.map((k) => (k === "gaussian" ? "multivariate-gaussian" : k));
    }
    const weights = readSampleWeight(where, o.sampleWeight, shape.rows);
    let positive = 0;
    for (let i = 0; i < shape.rows; i++) if (weights === null || weights[i]! > 0) positive++;
    if (K > positive) {
      throw new RangeError(
        `${where}: options.nComponents is ${K}, more than the ${positive} rows (of weight > 0) to fit`,
      );
    }
    const maxIter = o.maxIter === undefined ? 100 : requireInteger(`${where}: options.maxIter`, o.maxIter, 0);
    const tol = o.tol === undefined ? 1e-3 : requireNonNegative(`${where}: options.tol`, o.tol);
    const nInit = o.nInit === undefined ? 1 : requireInteger(`${where}: options.nInit`, o.nInit, 1);
    const rng = o.rng === undefined ? createRng(0) : requireRng(`${where}: options.rng`, o.rng);
    const onIteration = optionalCallback<(p: MixtureProgress) => void>(`${where}: options.onIteration`, o.onIteration);
    // EM reads X many times: one dense copy (which also checks every value once) is cheaper than
    // converting rows on every pass.
    // A SparseMatrix stays sparse (multinomial blocks read it in O(nnz)); only a k-means++ start
    // needs its rows densified.
    const sparse = isSparseRows(X) ? X : null;
    let dense = sparse === null ? toDense(where, X, shape) : null;
    const x = new RowBlocks(sparse ?? dense!, shape);
    const fitter = new MixtureEM(where, kinds, K, settings, x, weights);
    let best: EmResult | null = null;
    for (let start = 0; start < (init === undefined ? nInit : 1); start++) {
      const first =
        init !== undefined ? init.start() : fitter.kmeansStart((dense ??= toDense(where, X, shape)).data, rng);
      const run = fitter.run(first, maxIter, tol, onIteration);
      if (best === null || run.trace[run.trace.length - 1]! > best.trace[best.trace.length - 1]!) best = run;
    }
    const model = Mixture.fromFit(best!.state, kinds, best!.stats, settings);
    model.trace = best!.trace;
    model.objectives = best!.objectiveTrace;
    model.iterations = best!.nIter;
    model.done = best!.converged;
    return model;
  }

  /**
   * The E-step statistics of `X` at this model's parameters (responsibilities times sample
   * weights), mergeable across shards; {@link Mixture.fromStats} turns merged statistics into the
   * next model.
   *
   * @example
   * ```ts
   * const shards = [X.slice(0, 6), X.slice(6)];
   * const stats = shards.map((s) => mix.expectedStats(s)).reduce((a, b) => a.merge(b));
   * const next = Mixture.fromStats(stats); // one EM iteration over both shards
   * ```
   */
  expectedStats(input: MatrixInput | readonly TableRow[], sampleWeight?: ArrayLike<number>): MixtureStats {
    const where = "Mixture.expectedStats";
    const X = this.input(where, input);
    const shape = this.checkScoreShape(where, X);
    const weights = readSampleWeight(where, sampleWeight, shape.rows);
    const x = new RowBlocks(X, shape);
    return expectedStats(where, this.kinds, this.state, x, weights, totalWeight(weights, shape.rows), "uniform");
  }

  /**
   * One M-step: the mixture that maximises the expected log-likelihood given E-step statistics
   * (merged from any number of shards, or their JSON, as `mixtureStepSQL`'s `parse` gives them),
   * smoothed by `alpha` and `regVariance`.
   *
   * @example
   * ```ts
   * let model = mix;
   * for (let t = 0; t < 20; t++) model = Mixture.fromStats(model.expectedStats(X));
   * ```
   */
  static fromStats(stats: MixtureStats | MixtureStatsJSON, options?: MixtureStepOptions): Mixture {
    const where = "Mixture.fromStats";
    // The statistics, or their JSON (what ptheta/sql's mixtureStepSQL parses from an engine).
    let given: MixtureStats;
    if (hasBrand(stats, "MixtureStats")) given = stats as MixtureStats;
    else if (stats !== null && typeof stats === "object" && (stats as { type?: unknown }).type === "MixtureStats")
      given = mixtureStatsFromJSON(stats, `${where}: stats`);
    else throw new TypeError(`${where}: stats must be a MixtureStats or its JSON, got ${describe(stats)}`);
    const o = readModelOptions(where, options, ["alpha", "regVariance"]);
    const settings = readColumnSettings(where, o, { alpha: 1, regVariance: 1e-6, binarize: null });
    columnKinds(where, { ...settings, features: given.kinds }, given.kinds.length);
    if (!(given.count > 0)) throw new RangeError(`${where}: the statistics are empty; add data first`);
    // The model keeps its own copy: the caller may merge more into `stats` afterwards.
    const own = given.copy();
    return Mixture.fromFit(mStep(own.kinds, settings, own.blockStats, own.count), own.kinds, own, settings);
  }

  /**
   * Fits a mixture by EM to rows read from a source that can be read again: `read` is called
   * once per pass and returns any Iterable or AsyncIterable of matrices or `{ X, sampleWeight? }`
   * (an async generator over a file, say). Each pass merges the E-step statistics of every
   * chunk ({@link Mixture.expectedStats}) and takes one M-step ({@link Mixture.fromStats}), so
   * memory stays constant however many rows there are. Without `init`, a first pass draws a
   * uniform sample of at most `startRows` (10 000) rows and starts from k-means++ on it, as
   * `Mixture.fit` would on those rows; from the same start the result, its trace and its
   * stopping rule are those of `Mixture.fit` on all the rows (to ~1e-10). A bad value names its
   * chunk and row; an error thrown by the source propagates and no model is returned.
   *
   * @example
   * ```ts
   * async function* chunks() {
   *   yield [[0.1, 1.2], [0.3, 0.9], [5.2, 4.8]];
   *   yield [[4.9, 5.1], [0.2, 1.0], [5.1, 5.3]];
   * }
   * const mix = await Mixture.fitAsync(() => chunks(), { nComponents: 2, rng: createRng(1) });
   * mix.nComponents; // 2
   * ```
   */
  static async fitAsync(read: () => ChunkSource<RowsChunk>, options?: MixtureFitAsyncOptions): Promise<Mixture> {
    const r = await fitMixtureStream(read, options, readInit);
    const model = Mixture.fromFit(r.state, r.kinds, r.stats, r.settings);
    model.trace = r.trace;
    model.objectives = r.objectiveTrace;
    model.iterations = r.nIter;
    model.done = r.converged;
    return model;
  }

  /**
   * The log prior its smoothing implies at this mixture's parameters (see KernelParams.logPrior),
   * for the objective of an EM step with these options.
   * @internal
   */
  logPrior(step: MixtureStepOptions): number {
    const settings = readColumnSettings("Mixture", readOptions("Mixture", step, ["alpha", "regVariance"]), {
      alpha: 1,
      regVariance: 1e-6,
      binarize: null,
    });
    return paramPrior(settings, this.state);
  }

  /**
   * Records how an EM run outside this module ended (ptheta/sql's one statement per iteration)
   * and the table schema its rows were encoded with, on a mixture that run made (fromStats):
   * what Mixture.fit records on its own result.
   * @internal
   */
  recordFit(
    trace: {
      readonly values: number[];
      readonly objectives: number[];
      readonly nIter: number;
      readonly converged: boolean;
    },
    schema: SchemaJSON | null,
  ): this {
    this.trace = trace.values.slice();
    this.objectives = trace.objectives.slice();
    this.iterations = trace.nIter;
    this.done = trace.converged;
    if (schema !== null) this.schema = modelSchemaFromJSON("Mixture", schema, this.kinds);
    return this;
  }

  /**
   * The start EM takes from this mixture as `init`: its parameters, and its statistics when it
   * was fitted (what a run of no iterations returns).
   * @internal
   */
  start(): { state: LatentClassState; stats: MixtureStats | null } {
    return { state: this.state, stats: this.fitted?.stats ?? null };
  }

  /** Restores {@link MixtureStats.toJSON} output. */
  static statsFromJSON(json: unknown): MixtureStats {
    return mixtureStatsFromJSON(json);
  }

  /** The encoding of the table the mixture was fitted to, or null for a matrix model. */
  get tableSchema(): Schema | null {
    return this.schema;
  }

  /** π, the weight of each component; a copy. */
  get weights(): Float64Array {
    return this.pi.slice();
  }

  /** The components, one Product each (built from the parameters when first asked for); a copy of the array. */
  get components(): Product[] {
    this.parts ??= productsOf(this.state.params, this.nComponents);
    return this.parts.slice();
  }

  /** K, the number of components. */
  get nComponents(): number {
    return this.pi.length;
  }

  /** The number of columns. */
  get nFeatures(): number {
    return this.kinds.length;
  }

  /** The family of each column; a copy. */
  get featureKinds(): FeatureKind[] {
    return this.kinds.slice();
  }

  /** The number of EM iterations (M-steps) the fit ran; 0 for a mixture built from parts. */
  get nIter(): number {
    return this.iterations;
  }

  /** Whether the fit stopped because the log-likelihood changed by less than `tol`. */
  get converged(): boolean {
    return this.done;
  }

  /**
   * The mean log-likelihood per row (weighted) in each iteration's E-step, at the parameters
   * after t M-steps: scikit-learn's lower bound for a GaussianMixture. A copy.
   */
  get logLikelihoodTrace(): number[] {
    return this.trace.slice();
  }

  /**
   * The mean objective per row that EM increased, in each iteration: the log-likelihood plus the
   * log prior that smoothing (α > 0 on Bernoulli, categorical or Poisson columns) implies, over
   * the rows' weight. It never decreases from one iteration to the next, and the fit stops when
   * it changes by less than `tol`; without smoothing it equals {@link Mixture.logLikelihoodTrace}
   * (whose numbers, scikit-learn's lower bound, may fall slightly under smoothing). A copy.
   *
   * @example
   * ```ts
   * const bits = [[1, 0, 1], [1, 1, 1], [0, 0, 1], [0, 1, 0], [0, 0, 0], [1, 1, 0]];
   * const t = Mixture.fit(bits, { nComponents: 2, features: "bernoulli", alpha: 1 }).objectiveTrace;
   * t.every((v, i) => i === 0 || v >= t[i - 1]! - 1e-12); // true
   * ```
   */
  get objectiveTrace(): number[] {
    return this.objectives.slice();
  }

  /** The number of free parameters: every component's, plus K − 1 weights. */
  get freeParameters(): number {
    return freeParameters(this.state.params) + this.nComponents - 1;
  }

  private checkScoreShape(where: string, X: MatrixInput): MatrixShape {
    const shape = checkShape(where, X);
    if (shape.rows > 0 && shape.cols !== this.kinds.length) {
      throw new RangeError(`${where}: X has ${shape.cols} features but the model has ${this.kinds.length}`);
    }
    return { rows: shape.rows, cols: this.kinds.length };
  }

  /** The matrix to score: X, or a table encoded by the mixture's schema. */
  private input(where: string, X: unknown): MatrixInput {
    return encodeInput(where, this.schema, X, null, "error", "skip").X;
  }

  /**
   * The joint table log π_k + log p(x_i | z = k) of the rows of `input` (rows × K), into `out`
   * when given; `where` is the public method called, for its errors.
   */
  private joint(where: string, input: unknown, out?: Float64Array): Matrix {
    const X = this.input(where, input);
    const shape = this.checkScoreShape(where, X);
    requireNoAlias(where, out, X);
    const result = outputMatrix(where, shape.rows, this.nComponents, out, "components");
    fillJoint(this.state, new RowBlocks(X, shape), result.data, mixtureContext(where));
    return result;
  }

  /** log π_k + log p(x_i | z = k) for every row and component: rows × K. */
  jointLogLikelihood(input: MatrixInput | readonly TableRow[], out?: Float64Array): Matrix {
    return this.joint("Mixture.jointLogLikelihood", input, out);
  }

  /**
   * log p(z = k | x): rows × K, each row normalised by log-sum-exp. A row that every component
   * finds impossible gets the uniform posterior rather than NaN.
   */
  predictLogProba(X: MatrixInput | readonly TableRow[], out?: Float64Array): Matrix {
    const m = this.joint("Mixture.predictLogProba", X, out);
    normaliseRows(m.data, m.rows, m.cols, false);
    return m;
  }

  /**
   * p(z = k | x): rows × K, each row summing to 1 — the learned representation of each row.
   *
   * @example
   * ```ts
   * const code = mix.predictProba(Xtest); // a K-dimensional code per row
   * ```
   */
  predictProba(X: MatrixInput | readonly TableRow[], out?: Float64Array): Matrix {
    const m = this.joint("Mixture.predictProba", X, out);
    normaliseRows(m.data, m.rows, m.cols, true);
    return m;
  }

  /** The most probable component of each row (ties go to the first). */
  predict(X: MatrixInput | readonly TableRow[]): Int32Array {
    const m = this.joint("Mixture.predict", X);
    return argmaxRows(m.data, m.rows, m.cols);
  }

  /** log p(x_i) = log Σ_k π_k p(x_i | k) of every row, in a Float64Array. */
  logLikelihoodPerRow(input: MatrixInput | readonly TableRow[], out?: Float64Array): Float64Array {
    return this.perRow("Mixture.logLikelihoodPerRow", input, out);
  }

  private perRow(where: string, input: unknown, out?: Float64Array): Float64Array {
    const X = this.input(where, input);
    const shape = this.checkScoreShape(where, X);
    requireNoAlias(where, out, X);
    const result = outputMatrix(where, shape.rows, 1, out, "values").data;
    const j = new Float64Array(shape.rows * this.nComponents);
    fillJoint(this.state, new RowBlocks(X, shape), j, mixtureContext(where));
    rowLogLikelihoods(j, shape.rows, this.nComponents, result);
    return result;
  }

  /** log p(x_i) of at least one row, for a criterion (of no rows it would be meaningless, not a winner). */
  private scoredRows(where: string, X: unknown): Float64Array {
    const perRow = this.perRow(where, X);
    if (perRow.length === 0) throw new RangeError(`${where}: X is empty; at least one row is needed`);
    return perRow;
  }

  /** Σ_i log p(x_i) (summed with compensation). */
  logLikelihood(X: MatrixInput | readonly TableRow[]): number {
    return compensatedSum(this.perRow("Mixture.logLikelihood", X));
  }

  /**
   * The Bayesian information criterion −2 log L + p log n (lower is better), as scikit-learn's
   * GaussianMixture.bic.
   *
   * @example
   * ```ts
   * [1, 2, 3].map((K) => Mixture.fit(X, { nComponents: K }).bic(X)); // pick the smallest
   * ```
   */
  bic(X: MatrixInput | readonly TableRow[]): number {
    const perRow = this.scoredRows("Mixture.bic", X);
    return -2 * compensatedSum(perRow) + this.freeParameters * Math.log(perRow.length);
  }

  /** The Akaike information criterion −2 log L + 2p. */
  aic(X: MatrixInput | readonly TableRow[]): number {
    return -2 * compensatedSum(this.scoredRows("Mixture.aic", X)) + 2 * this.freeParameters;
  }

  /**
   * `n` new rows: a component from π, then each column from that component's marginal.
   *
   * @example
   * ```ts
   * const { X: rows, z } = mix.sample(createRng(3), 1000);
   * ```
   */
  sample(rng: Rng, n: number, options?: { out?: Float64Array }): MixtureSample<S> {
    const where = "Mixture.sample";
    requireRng(where, rng);
    requireInteger(`${where}: n`, n, 0);
    const d = this.kinds.length;
    const out = readModelOptions(where, options, ["out"]).out as Float64Array | undefined;
    const X = outputMatrix(where, n, d, out, "features");
    const z = new Int32Array(n);
    this.priorTable ??= new AliasTable(this.pi);
    for (let i = 0; i < n; i++) {
      const c = this.priorTable.sample(rng, where);
      z[i] = c;
      sampleRow(this.state.params, rng, c, X.data, i * d, where);
    }
    return { X: (this.schema === null ? X : this.schema.decode(X)) as S, z };
  }

  /**
   * The weights, how the fit ended, and either the statistics of the last M-step with its
   * smoothing (a fitted mixture: its parameters follow from them exactly) or the components (a
   * mixture built from parts). `Mixture.fromJSON` restores it exactly.
   */
  toJSON(): MixtureJSON {
    const json: MixtureJSON = { type: "Mixture", version: 2, weights: Array.from(this.pi) };
    if (this.fitted !== null) {
      const { stats, step } = this.fitted;
      json.stats = stats.toJSON();
      json.step = {
        alpha: typeof step.alpha === "number" ? step.alpha : step.alpha.slice(),
        regVariance: step.regVariance,
      };
    } else json.components = this.components.map((p) => p.toJSON());
    if (this.trace.length > 0) {
      json.fit = { nIter: this.iterations, converged: this.done, logLikelihoodTrace: this.trace.slice() };
      if (this.objectives.some((v, t) => v !== this.trace[t])) json.fit.objectiveTrace = this.objectives.slice();
    }
    if (this.schema !== null) json.schema = this.schema.toJSON();
    return json;
  }

  /**
   * Rebuilds a mixture from {@link Mixture.toJSON} output (after `JSON.parse`; version 2, or
   * version 1 as ptheta 0.2 wrote it), checking every field and that they agree with each other.
   *
   * @example
   * ```ts
   * const copy = Mixture.fromJSON(JSON.parse(JSON.stringify(mix)));
   * ```
   */
  static fromJSON<S extends Matrix | DecodedRow[] = Matrix>(json: unknown): Mixture<S> {
    const where = "Mixture.fromJSON";
    const o = requireJsonType(where, json, "Mixture");
    if (o.version !== 1 && o.version !== 2)
      throw new RangeError(`${where}: version ${describe(o.version)} is not one this release reads (1 or 2)`);
    let model: Mixture<S>;
    if (o.stats !== undefined) {
      if (o.version === 1) throw new TypeError(`${where}: version 1 has no stats; components were its only form`);
      if (o.components !== undefined)
        throw new TypeError(`${where}: give stats (a fitted mixture) or components (built from parts), not both`);
      const stats = mixtureStatsFromJSON(o.stats, `${where}: stats`);
      const step = readColumnSettings(
        `${where}: step`,
        readOptions(`${where}: step`, o.step, ["alpha", "regVariance"]),
        {
          alpha: 1,
          regVariance: 1e-6,
          binarize: null,
        },
      );
      columnKinds(`${where}: step`, { ...step, features: stats.kinds }, stats.kinds.length);
      if (!(stats.count > 0)) throw new RangeError(`${where}: stats.count must be > 0 for a fitted mixture`);
      const state = mStep(stats.kinds, step, stats.blockStats, stats.count);
      model = Mixture.fromFit(state, stats.kinds, stats, step) as Mixture<S>;
      // The weights are written for readers; they must be those the statistics give.
      const w = o.weights;
      const K = model.nComponents;
      if (!Array.isArray(w) || w.length !== K || w.some((v, k) => !(Math.abs(v - model.pi[k]!) <= 1e-12))) {
        throw new RangeError(
          `${where}: weights ${describe(w)} are not those the statistics give ([${Array.from(model.pi).join(", ")}])`,
        );
      }
    } else {
      if (!Array.isArray(o.components)) throw new TypeError(`${where}: components must be an array`);
      const components = o.components.map((c: unknown, k: number) =>
        Product.fromJSONAt(`${where}: components[${k}]`, c),
      );
      model = new Mixture<S>(o.weights as ArrayLike<number>, components);
    }
    model.schema = modelSchemaFromJSON(where, o.schema, model.featureKinds);
    if (o.fit !== undefined) {
      const f = readOptions(`${where}: fit`, o.fit, ["nIter", "converged", "logLikelihoodTrace", "objectiveTrace"]);
      if (!Array.isArray(f.logLikelihoodTrace) || typeof f.converged !== "boolean") {
        throw new TypeError(`${where}: fit must be { nIter, converged, logLikelihoodTrace }`);
      }
      const trace = f.logLikelihoodTrace.map((v: unknown, t: number) => {
        if (typeof v !== "number" || !Number.isFinite(v))
          throw new TypeError(`${where}: fit.logLikelihoodTrace[${t}] must be a finite number`);
        return v;
      });
      const nIter = requireInteger(`${where}: fit.nIter`, f.nIter, 0);
      if (nIter !== trace.length) {
        throw new RangeError(
          `${where}: fit.nIter is ${nIter} but fit.logLikelihoodTrace has ${trace.length} values (one per iteration)`,
        );
      }
      let objectives = trace;
      if (f.objectiveTrace !== undefined) {
        if (!Array.isArray(f.objectiveTrace) || f.objectiveTrace.length !== nIter)
          throw new RangeError(`${where}: fit.objectiveTrace must hold one finite number per iteration (${nIter})`);
        objectives = f.objectiveTrace.map((v: unknown, t: number) => {
          if (typeof v !== "number" || !Number.isFinite(v))
            throw new TypeError(`${where}: fit.objectiveTrace[${t}] must be a finite number`);
          return v;
        });
      }
      model.iterations = nIter;
      model.done = f.converged;
      model.trace = trace;
      model.objectives = objectives;
    }
    return model;
  }

  /**
   * The weights and components; also what Node's console shows.
   *
   * @example
   * ```ts
   * const two = new Mixture([0.5, 0.5], [new Product([new Gaussian(0, 1)]), new Product([new Gaussian(5, 1)])]);
   * String(two); // "Mixture(K=2, weights=[0.5, 0.5], features=1 gaussian)"
   * ```
   */
  toString(): string {
    const counts = new Map<string, number>();
    for (const k of this.kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
    const features = Array.from(counts, ([k, n]) => `${n} ${k}`).join(", ");
    const w = Array.from(this.pi.slice(0, 8), (v) => Number(v.toPrecision(4))).join(", ");
    return `Mixture(K=${this.nComponents}, weights=[${w}${this.nComponents > 8 ? ", …" : ""}], features=${features})`;
  }

  /** @internal Node's console.log and util.inspect use this. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** Checks `options.init`: a Mixture (from any copy of ptheta), or undefined. */
function readInit(where: string, init: unknown): Mixture | undefined {
  if (init === undefined) return undefined;
  if (!hasBrand(init, "Mixture"))
    throw new TypeError(`${where}: options.init must be a Mixture, got ${describe(init)}`);
  return init as Mixture;
}

/** The K components as Products, each built from the blocks' parts in component k. */
function productsOf(params: readonly KernelParams[], K: number): Product[] {
  return Array.from({ length: K }, (_, k) => new Product(partsOf(params, k)));
}

/** Checks mixture weights: K finite numbers ≥ 0 summing to 1 within 1e-9. */
function readWeights(where: string, weights: unknown, K: number): Float64Array {
  if (weights === null || typeof weights !== "object" || typeof (weights as { length?: unknown }).length !== "number") {
    throw new TypeError(`${where}: weights must be an array of numbers, got ${describe(weights)}`);
  }
  const ws = weights as ArrayLike<unknown>;
  if (ws.length !== K)
    throw new RangeError(`${where}: weights has ${describe(ws.length)} values but there are ${K} components`);
  const out = new Float64Array(K);
  let sum = 0;
  for (let k = 0; k < K; k++) {
    const v = ws[k];
    if (typeof v !== "number") throw new TypeError(`${where}: weights[${k}] must be a number, got ${describe(v)}`);
    if (!(v >= 0 && v <= 1)) throw new RangeError(`${where}: weights[${k}] must be in [0, 1], got ${describe(v)}`);
    out[k] = v + 0;
    sum += v;
  }
  if (!(Math.abs(sum - 1) <= 1e-9))
    throw new RangeError(`${where}: weights must sum to 1 (within 1e-9), but they sum to ${sum}`);
  return out;
}

/** A dense copy of X (rows × cols), every value checked to be a finite number (naming the cell). */
function toDense(where: string, X: MatrixInput, shape: MatrixShape): Matrix {
  const data = Array.isArray(X) || isSparseRows(X) ? null : (X as { data: unknown }).data;
  if (data instanceof Float64Array) {
    // Already dense: checked in place (the scan below), not copied.
    const m = new Matrix(data, shape.rows, shape.cols);
    for (let k = 0; k < data.length; k++) {
      if (data[k]! - data[k]! !== 0) throw badCell(where, Math.floor(k / shape.cols), k % shape.cols, data[k], false);
    }
    return m;
  }
  const m = Matrix.zeros(shape.rows, shape.cols);
  const x = new RowBlocks(X, shape);
  for (let start = 0; start < shape.rows; start += x.blockRows) {
    const buf = x.block(start);
    const n = Math.min(shape.rows - start, x.blockRows) * shape.cols;
    m.data.set(buf.subarray(x.offset, x.offset + n), start * shape.cols);
  }
  const d = shape.cols;
  for (let k = 0; k < m.data.length; k++) {
    const v = m.data[k]!;
    if (v - v !== 0) throw badCell(where, Math.floor(k / d), k % d, x.value(Math.floor(k / d), k % d), false);
  }
  return m;
}
