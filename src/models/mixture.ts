/**
 * A finite mixture of products, p(x) = Σ_k π_k Π_j p_kj(x_j), fitted by EM. The posterior
 * p(z | x) is a learned representation of each row; with only Gaussian columns this is
 * scikit-learn's GaussianMixture(covariance_type="diag").
 */

import { AliasTable } from "../core/alias.js";
import { badCell } from "../core/cells.js";
import type { Distribution } from "../core/distribution.js";
import { requireJsonType } from "../core/distribution.js";
import type { FeatureKind, KernelParams, KernelStats, RowWeights, ScoreContext } from "../core/kernel.js";
import { logSumExp } from "../core/log-space.js";
import {
  checkShape,
  Matrix,
  outputMatrix,
  requireNoAlias,
  RowBlocks,
  type MatrixInput,
  type MatrixShape,
} from "../core/matrix.js";
import { readOptions } from "../core/options.js";
import type { ChunkSource, RowsChunk } from "../core/source.js";
import { fitMixtureStream, type MixtureFitAsyncOptions } from "./mixture-stream.js";
import { createRng } from "../core/create-rng.js";
import { nextUniform, requireRng, type Rng } from "../core/rng.js";
import { compensatedSum } from "../core/sum.js";
import { describe, requireInteger, requireNonNegative } from "../core/validate.js";
import { readSampleWeight, totalWeight } from "../core/weights.js";
import {
  addLogLikelihood,
  batchStats,
  createStats,
  estimate,
  freeParameters,
  layoutBlocks,
  sampleRow,
} from "./blocks.js";
import { EmTrace } from "./em-trace.js";
import { kmeansLabels } from "./kmeans.js";
import { MixtureStats, mixtureStatsFromJSON } from "./mixture-stats.js";
import { columnKinds, optionalCallback, readColumnSettings, type ColumnSettings } from "./model-options.js";
import { checkFitShape, paramsOf, Product, type ProductJSON } from "./product.js";
import type { TableRow } from "../schema/rows.js";
import type { Schema } from "../schema/schema.js";
import type { SchemaJSON } from "../schema/serialization.js";
import { encodeInput, fitTable, isTable, modelSchemaFromJSON, type DecodedRow } from "./table.js";
import { perFeature } from "./model-options.js";

/**
 * What {@link MixtureFitOptions.onIteration} is told after every EM iteration.
 *
 * @example
 * ```ts
 * Mixture.fit(X, { nComponents: 2, onIteration: ({ iteration, logLikelihood }) => console.log(iteration, logLikelihood) });
 * ```
 */
export interface MixtureProgress {
  /** 1 for the first iteration. */
  iteration: number;
  /** The mean log-likelihood per row at the parameters before this iteration's M-step. */
  logLikelihood: number;
  /** Its change from the previous iteration (Infinity at the first). */
  change: number;
}

/**
 * Options of {@link Mixture.fit}.
 *
 * @example
 * ```ts
 * const bits = [[1, 0, 1], [1, 1, 1], [0, 0, 1], [0, 1, 0], [0, 0, 0], [1, 1, 0]];
 * Mixture.fit(bits, { nComponents: 2, features: "bernoulli", nInit: 3, rng: createRng(1) });
 * ```
 */
export interface MixtureFitOptions {
  /** K, the number of components (required unless `init` is given). */
  nComponents?: number;
  /**
   * The kind of every column (default `"gaussian"`), or one kind per column. For a table, the
   * kinds of some columns by name (the others are inferred from their values).
   */
  features?: FeatureKind | readonly FeatureKind[] | Partial<Record<string, FeatureKind>>;
  /** Tables: the feature columns and their order (default: every key, in order of first appearance). */
  columns?: readonly string[];
  /** Bernoulli, categorical and Poisson columns: the pseudo-count α ≥ 0 (default 1), one or per column. */
  alpha?: number | readonly number[];
  /** Categorical columns: the least number of categories, one or one per column (default 0). */
  minCategories?: number | readonly number[];
  /** Gaussian columns: added to every variance (scikit-learn's reg_covar, default 1e-6). */
  regVariance?: number;
  /** The most EM iterations (M-steps) after the start (default 100). */
  maxIter?: number;
  /** Stop when the mean log-likelihood per row changes by less than this (default 1e-3). */
  tol?: number;
  /** How many starts to run; the best final log-likelihood wins (default 1). */
  nInit?: number;
  /** A mixture to start from instead of k-means++: its components fix K and the feature kinds. */
  init?: Mixture;
  /** The generator for the k-means++ starts (default `createRng(0)`, so a fit is reproducible). */
  rng?: Rng;
  /** A frequency weight ≥ 0 per row (default 1 each). */
  sampleWeight?: ArrayLike<number>;
  /** Called after every iteration. */
  onIteration?: (progress: MixtureProgress) => void;
}

/**
 * Options of {@link Mixture.fromStats}: the smoothing of the M-step.
 *
 * @example
 * ```ts
 * const stats = mix.expectedStats(X);
 * Mixture.fromStats(stats, { alpha: 1, regVariance: 1e-6 }); // the next EM iterate
 * ```
 */
export interface MixtureStepOptions {
  /** Pseudo-count α ≥ 0 of Bernoulli, categorical and Poisson columns (default 1). */
  alpha?: number | readonly number[];
  /** Added to every Gaussian variance (default 1e-6). */
  regVariance?: number;
}

/**
 * New rows drawn from a mixture, with the component each came from.
 *
 * @example
 * ```ts
 * const { X: rows, z }: MixtureSample = mix.sample(createRng(1), 100);
 * ```
 */
export interface MixtureSample<S extends Matrix | DecodedRow[] = Matrix> {
  /** The rows: n × features (decoded objects for a mixture fitted to a table). */
  X: S;
  /** The component of each row. */
  z: Int32Array;
}

/**
 * The JSON form of a {@link Mixture}: weights, components, how the fit ended, and the table
 * schema, if any.
 *
 * @example
 * ```ts
 * const json: MixtureJSON = mix.toJSON();
 * json.weights.length; // 2
 * ```
 */
export interface MixtureJSON {
  /** Always `"Mixture"`. */
  type: "Mixture";
  /** The format version (1). */
  version: 1;
  /** π, the weight of each component. */
  weights: number[];
  /** Each component's JSON. */
  components: ProductJSON[];
  /** How the fit ended, when the mixture was fitted. */
  fit?: {
    /** The EM iterations run. */
    nIter: number;
    /** Whether the change fell below tol. */
    converged: boolean;
    /** The mean log-likelihood per row in each iteration. */
    logLikelihoodTrace: number[];
  };
  /** The encoding of the table the mixture was fitted to, if it was. */
  schema?: SchemaJSON;
}

const FIT_KEYS = [
  "nComponents",
  "features",
  "alpha",
  "minCategories",
  "regVariance",
  "maxIter",
  "tol",
  "nInit",
  "init",
  "rng",
  "sampleWeight",
  "onIteration",
  "columns",
];

/** The model's state during and after EM: parameters of every block, and log π. */
interface State {
  params: KernelParams[];
  logWeights: Float64Array;
}

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
  private schema: Schema | null = null;
  private readonly pi: Float64Array;
  private readonly products: readonly Product[];
  private readonly kinds: readonly FeatureKind[];
  private readonly state: State;
  private priorTable: AliasTable | null = null;
  private trace: number[] = [];
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
      if (!(p instanceof Product))
        throw new TypeError(`${where}: components[${c}] must be a Product, got ${describe(p)}`);
    });
    const K = components.length;
    const w = readWeights(where, weights, K);
    const kinds = components[0]!.featureKinds;
    components.forEach((p, c) => {
      if (p.featureKinds.join() !== kinds.join()) {
        throw new RangeError(
          `${where}: components[${c}] has features [${p.featureKinds.join(", ")}] but components[0] has [${kinds.join(", ")}]`,
        );
      }
    });
    const dists = components.flatMap((p) => p.marginals);
    const params = paramsOf(kinds, dists, K, where);
    this.pi = w;
    this.products = components.slice();
    this.kinds = kinds;
    this.state = { params, logWeights: w.map(Math.log) };
  }

  /** A mixture from fitted parameters, its components rebuilt from their marginals. */
  private static fromState(state: State, kinds: readonly FeatureKind[]): Mixture {
    const K = state.logWeights.length;
    const d = kinds.length;
    const dists: Distribution<number>[][] = Array.from({ length: K }, () => new Array<Distribution<number>>(d));
    for (const p of state.params) {
      for (let c = 0; c < K; c++) for (let k = 0; k < p.cols.length; k++) dists[c]![p.cols[k]!] = p.marginal(c, k);
    }
    // π_k = N_k / N: a weight is 0 only for a component that lost all its rows.
    const w = state.logWeights.map(Math.exp);
    let sum = 0;
    for (const v of w) sum += v;
    return new Mixture(
      w.map((v) => v / sum),
      dists.map((ds) => new Product(ds)),
    );
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
    const o = readOptions(where, options, FIT_KEYS);
    if (o.columns !== undefined) throw new TypeError(`${where}: options.columns is for tables (arrays of objects)`);
    const settings = readColumnSettings(where, o, { alpha: 1, regVariance: 1e-6, binarize: null });
    const shape = checkFitShape(where, X);
    const init = o.init;
    if (init !== undefined && !(init instanceof Mixture))
      throw new TypeError(`${where}: options.init must be a Mixture, got ${describe(init)}`);
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
    const dense = toDense(where, X, shape);
    const x = new RowBlocks(dense, shape);
    const fitter = new EM(where, kinds, K, settings, x, weights);
    let best: { state: State; trace: number[]; nIter: number; converged: boolean } | null = null;
    for (let start = 0; start < (init === undefined ? nInit : 1); start++) {
      const first = init !== undefined ? init.state : fitter.kmeansStart(dense.data, rng);
      const run = fitter.run(first, maxIter, tol, onIteration);
      if (best === null || run.trace[run.trace.length - 1]! > best.trace[best.trace.length - 1]!) best = run;
    }
    const model = Mixture.fromState(best!.state, kinds);
    model.trace = best!.trace;
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
    const K = this.nComponents;
    const x = new RowBlocks(X, shape);
    const resp = new Float64Array(shape.rows * K);
    const ll = eStep(where, this.state, x, resp, null, weights, true);
    const rw: RowWeights = { components: K, component: null, responsibility: resp, sampleWeight: weights };
    const stats = batchStats(
      where,
      this.state.params.map((p) => p.statsLike()),
      x,
      rw,
    );
    return new MixtureStats(this.kinds, K, stats, totalWeight(weights, shape.rows), ll);
  }

  /**
   * One M-step: the mixture that maximises the expected log-likelihood given E-step statistics
   * (merged from any number of shards), smoothed by `alpha` and `regVariance`.
   *
   * @example
   * ```ts
   * let model = mix;
   * for (let t = 0; t < 20; t++) model = Mixture.fromStats(model.expectedStats(X));
   * ```
   */
  static fromStats(stats: MixtureStats, options?: MixtureStepOptions): Mixture {
    const where = "Mixture.fromStats";
    if (!(stats instanceof MixtureStats))
      throw new TypeError(`${where}: stats must be a MixtureStats, got ${describe(stats)}`);
    const o = readOptions(where, options, ["alpha", "regVariance"]);
    const settings = readColumnSettings(where, o, { alpha: 1, regVariance: 1e-6, binarize: null });
    columnKinds(where, { ...settings, features: stats.kinds }, stats.kinds.length);
    if (!(stats.count > 0)) throw new RangeError(`${where}: the statistics are empty; add data first`);
    return Mixture.fromState(mStep(stats.kinds, settings, stats.blockStats, stats.count), stats.kinds);
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
  static fitAsync(read: () => ChunkSource<RowsChunk>, options?: MixtureFitAsyncOptions): Promise<Mixture> {
    return fitMixtureStream(Mixture, read, options);
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

  /** The components, one Product each; a copy of the array. */
  get components(): Product[] {
    return this.products.slice();
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
    return encodeInput(where, this.schema, X, "error", "error", "skip").X;
  }

  /** log π_k + log p(x_i | z = k) for every row and component: rows × K. */
  jointLogLikelihood(input: MatrixInput | readonly TableRow[], out?: Float64Array): Matrix {
    const where = "Mixture.jointLogLikelihood";
    const X = this.input(where, input);
    const shape = this.checkScoreShape(where, X);
    requireNoAlias(where, out, X);
    const result = outputMatrix(where, shape.rows, this.nComponents, out, "components");
    joint(where, this.state, new RowBlocks(X, shape), result.data);
    return result;
  }

  /**
   * log p(z = k | x): rows × K, each row normalised by log-sum-exp. A row that every component
   * finds impossible gets the uniform posterior rather than NaN.
   */
  predictLogProba(X: MatrixInput | readonly TableRow[], out?: Float64Array): Matrix {
    const m = this.jointLogLikelihood(X, out);
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
    const m = this.jointLogLikelihood(X, out);
    normaliseRows(m.data, m.rows, m.cols, true);
    return m;
  }

  /** The most probable component of each row (ties go to the first). */
  predict(X: MatrixInput | readonly TableRow[]): Int32Array {
    const m = this.jointLogLikelihood(X);
    const K = m.cols;
    const z = new Int32Array(m.rows);
    for (let r = 0; r < m.rows; r++) {
      let best = 0;
      for (let k = 1; k < K; k++) if (m.data[r * K + k]! > m.data[r * K + best]!) best = k;
      z[r] = best;
    }
    return z;
  }

  /** log p(x_i) = log Σ_k π_k p(x_i | k) of every row, in a Float64Array. */
  logLikelihoodPerRow(input: MatrixInput | readonly TableRow[], out?: Float64Array): Float64Array {
    const where = "Mixture.logLikelihoodPerRow";
    const X = this.input(where, input);
    const shape = this.checkScoreShape(where, X);
    requireNoAlias(where, out, X);
    const result = outputMatrix(where, shape.rows, 1, out, "values").data;
    const K = this.nComponents;
    const j = new Float64Array(shape.rows * K);
    joint(where, this.state, new RowBlocks(X, shape), j);
    for (let r = 0; r < shape.rows; r++) result[r] = logSumExp(j, r * K, (r + 1) * K);
    return result;
  }

  /** Σ_i log p(x_i) (summed with compensation). */
  logLikelihood(X: MatrixInput | readonly TableRow[]): number {
    return compensatedSum(this.logLikelihoodPerRow(X));
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
    const ll = this.logLikelihood(X);
    return -2 * ll + this.freeParameters * Math.log(checkShape("Mixture.bic", this.input("Mixture.bic", X)).rows);
  }

  /** The Akaike information criterion −2 log L + 2p. */
  aic(X: MatrixInput | readonly TableRow[]): number {
    return -2 * this.logLikelihood(X) + 2 * this.freeParameters;
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
    const X = outputMatrix(where, n, d, options?.out, "features");
    const z = new Int32Array(n);
    this.priorTable ??= new AliasTable(this.pi);
    for (let i = 0; i < n; i++) {
      const c = this.priorTable.sample(rng, where);
      z[i] = c;
      sampleRow(this.state.params, rng, c, X.data, i * d, where);
    }
    return { X: (this.schema === null ? X : this.schema.decode(X)) as S, z };
  }

  /** Weights, components and how the fit ended; `Mixture.fromJSON` restores it exactly. */
  toJSON(): MixtureJSON {
    const json: MixtureJSON = {
      type: "Mixture",
      version: 1,
      weights: Array.from(this.pi),
      components: this.products.map((p) => p.toJSON()),
    };
    if (this.trace.length > 0) {
      json.fit = { nIter: this.iterations, converged: this.done, logLikelihoodTrace: this.trace.slice() };
    }
    if (this.schema !== null) json.schema = this.schema.toJSON();
    return json;
  }

  /**
   * Rebuilds a mixture from {@link Mixture.toJSON} output (after `JSON.parse`), checking it.
   *
   * @example
   * ```ts
   * const copy = Mixture.fromJSON(JSON.parse(JSON.stringify(mix)));
   * ```
   */
  static fromJSON<S extends Matrix | DecodedRow[] = Matrix>(json: unknown): Mixture<S> {
    const where = "Mixture.fromJSON";
    const o = requireJsonType(where, json, "Mixture");
    if (o.version !== 1)
      throw new RangeError(`${where}: version ${describe(o.version)} is not one this release reads (1)`);
    if (!Array.isArray(o.components)) throw new TypeError(`${where}: components must be an array`);
    const components = o.components.map((c: unknown) => Product.fromJSON(c));
    const model = new Mixture<S>(o.weights as ArrayLike<number>, components);
    model.schema = modelSchemaFromJSON(where, o.schema, model.nFeatures);
    if (o.fit !== undefined) {
      const f = o.fit as Record<string, unknown>;
      if (
        f === null ||
        typeof f !== "object" ||
        !Array.isArray(f.logLikelihoodTrace) ||
        typeof f.converged !== "boolean"
      ) {
        throw new TypeError(`${where}: fit must be { nIter, converged, logLikelihoodTrace }`);
      }
      model.iterations = requireInteger(`${where}: fit.nIter`, f.nIter, 0);
      model.done = f.converged;
      model.trace = f.logLikelihoodTrace.map((v: unknown, t: number) => {
        if (typeof v !== "number" || !Number.isFinite(v))
          throw new TypeError(`${where}: fit.logLikelihoodTrace[${t}] must be a finite number`);
        return v;
      });
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

/** EM for one data set: the starts and the iterations. */
class EM {
  private readonly resp: Float64Array;

  constructor(
    private readonly where: string,
    private readonly kinds: readonly FeatureKind[],
    private readonly K: number,
    private readonly settings: ColumnSettings,
    private readonly x: RowBlocks,
    private readonly weights: Float64Array | null,
  ) {
    this.resp = new Float64Array(x.rows * K);
  }

  /** The first model: k-means++ clusters on standardised columns, as one-hot responsibilities. */
  kmeansStart(data: Float64Array, rng: Rng): State {
    const labels = kmeansLabels(data, this.x.rows, this.x.cols, this.K, this.weights, rng, (r) =>
      nextUniform(r, this.where),
    );
    const rw: RowWeights = { components: this.K, component: labels, responsibility: null, sampleWeight: this.weights };
    const blocks = layoutBlocks(this.kinds, {
      alpha: () => 0,
      minCategories: (j) => perFeature(this.settings.minCategories, j),
      binarize: null,
      varSmoothing: 0,
      regVariance: 0,
    });
    return this.mStep(rw, createStats(blocks, this.K));
  }

  /** The M-step into statistics shaped like `like` (the previous parameters', after a start). */
  private mStep(rw: RowWeights, like: readonly KernelStats[]): State {
    const stats = batchStats(this.where, like, this.x, rw);
    return mStep(this.kinds, this.settings, stats, totalWeight(this.weights, this.x.rows));
  }

  /** EM from `state` (as scikit-learn: E-step, M-step, then the convergence test). */
  run(
    state: State,
    maxIter: number,
    tol: number,
    onIteration: ((p: MixtureProgress) => void) | undefined,
  ): { state: State; trace: number[]; nIter: number; converged: boolean } {
    const n = this.x.rows;
    const total = totalWeight(this.weights, n);
    const trace = new EmTrace(tol, onIteration);
    for (let iteration = 1; iteration <= maxIter; iteration++) {
      const mean = eStep(this.where, state, this.x, this.resp, null, this.weights, false) / total;
      const soft: RowWeights = {
        components: this.K,
        component: null,
        responsibility: this.resp,
        sampleWeight: this.weights,
      };
      state = this.mStep(
        soft,
        state.params.map((p) => p.statsLike()),
      );
      if (trace.record(mean)) break;
    }
    return { state, trace: trace.values, nIter: trace.nIter, converged: trace.converged };
  }
}

/** The M-step: each block's weighted estimate, and log π_k = log N_k − log N. */
function mStep(kinds: readonly FeatureKind[], settings: ColumnSettings, stats: KernelStats[], total: number): State {
  const blocks = layoutBlocks(kinds, {
    alpha: (j) => perFeature(settings.alpha, j),
    minCategories: () => 0,
    binarize: null,
    varSmoothing: 0,
    regVariance: settings.regVariance,
  });
  const params = estimate(blocks, stats);
  const Nk = stats[0]!.totals();
  const logWeights = Nk.map((v) => Math.log(v) - Math.log(total));
  return { params, logWeights };
}

/** out[r·K + k] = log π_k + Σ_blocks log p(x_r | k). */
function joint(where: string, state: State, x: RowBlocks, out: Float64Array): void {
  const K = state.logWeights.length;
  const logWeights = state.logWeights;
  // A plain loop: TypedArray.set per row is a call per row, which costs more than K stores.
  for (let o = 0, end = x.rows * K; o < end; o += K) for (let k = 0; k < K; k++) out[o + k] = logWeights[k]!;
  const ctx: ScoreContext = { where, missing: "error", unseen: "smooth", outsideSupport: "impossible" };
  addLogLikelihood(state.params, x, out, ctx);
}

/**
 * The E-step: responsibilities r_ik = exp(joint − log p(x_i)) into `resp`, and Σ_i w_i log p(x_i).
 * When fitting, a row impossible under every component is an error (its log-likelihood would be
 * −Infinity and its responsibilities undefined).
 */
function eStep(
  where: string,
  state: State,
  x: RowBlocks,
  resp: Float64Array,
  rowLogLikelihood: Float64Array | null,
  weights: Float64Array | null,
  allowImpossible: boolean,
): number {
  const K = state.logWeights.length;
  joint(where, state, x, resp);
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < x.rows; i++) {
    const o = i * K;
    // log p(x_i) = max + log Σ_k exp(joint_ik − max), and r_ik = exp(joint_ik − max) / Σ: one
    // exp per component (logSumExp, then exp(joint − lse), would take two) and no call per row.
    // The responsibilities differ from exp(joint − lse) by a rounding. Anything but finite
    // joints with a finite maximum (a row impossible everywhere, a NaN) goes to logSumExp.
    let max = -Infinity;
    for (let k = o; k < o + K; k++) if (resp[k]! > max) max = resp[k]!;
    let lse: number;
    if (max > -Infinity && max < Infinity) {
      let z = 0;
      for (let k = o; k < o + K; k++) {
        const e = Math.exp(resp[k]! - max);
        resp[k] = e;
        z += e;
      }
      lse = max + Math.log(z);
      const inv = 1 / z;
      for (let k = o; k < o + K; k++) resp[k] = resp[k]! * inv;
      if (!(lse === lse)) lse = logSumExp(resp, o, o + K); // a NaN joint (now a NaN resp): throws naming it
    } else {
      lse = logSumExp(resp, o, o + K);
      if (lse !== -Infinity) for (let k = o; k < o + K; k++) resp[k] = Math.exp(resp[k]! - lse);
    }
    if (lse === -Infinity) {
      if (!allowImpossible) {
        throw new RangeError(
          `${where}: row ${i} of X is impossible under every component (log p(x) = -Infinity); use alpha > 0`,
        );
      }
      resp.fill(1 / K, o, o + K);
    }
    if (rowLogLikelihood !== null) rowLogLikelihood[i] = lse;
    const w = weights === null ? 1 : weights[i]!;
    if (w === 0) continue;
    // Neumaier's compensated sum: the trace is compared against tol across iterations.
    const term = w * lse;
    const t = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
  }
  return sum + compensation;
}

/** Normalises each row of a rows × K table of log scores by log-sum-exp (to probabilities when `exp`). */
function normaliseRows(a: Float64Array, rows: number, K: number, exp: boolean): void {
  for (let r = 0, o = 0; r < rows; r++, o += K) {
    const lse = logSumExp(a, o, o + K);
    for (let k = o; k < o + K; k++) {
      const v = lse === -Infinity ? -Math.log(K) : a[k]! - lse;
      a[k] = exp ? Math.exp(v) : v;
    }
  }
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
  const data = Array.isArray(X) ? null : (X as { data: unknown }).data;
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
