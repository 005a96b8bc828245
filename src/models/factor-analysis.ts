/**
 * Factor analysis and probabilistic PCA: the linear-Gaussian latent model
 * x = μ + W z + ε, z ~ N(0, I_k), ε ~ N(0, Ψ), whose marginal is N(μ, W Wᵀ + Ψ). The continuous
 * counterpart of a mixture's discrete z: E[z | x] is a k-dimensional representation of each row.
 */

import { requireJsonType } from "../core/distribution.js";
import {
  choleskyInPlace,
  logDetFromCholesky,
  solveLower,
  solveLowerTranspose,
} from "../core/linear-algebra/cholesky.js";
import {
  checkShape,
  Matrix,
  outputMatrix,
  requireNoAlias,
  RowBlocks,
  type MatrixInput,
  type MatrixShape,
} from "../core/matrix.js";
import { readModelOptions } from "../core/option-names.js";
import { requireRng, type Rng } from "../core/rng.js";
import { compensatedSum } from "../core/sum.js";
import { describe, requireFinite, requireInteger, requirePositive } from "../core/validate.js";
import { readSampleWeight } from "../core/weights.js";
import { fillNormal } from "../distributions/gaussian/sampler.js";
import { MultivariateGaussian } from "../distributions/multivariate-gaussian/multivariate-gaussian.js";
import { fitFactorAnalysis, fitPPCA, weightedMoments } from "./factor-analysis-fit.js";
import type { EmProgress } from "./em.js";
import { optionalCallback } from "./model-options.js";
import { checkFitShape } from "./product.js";

/**
 * The noise model: `"diagonal"` (factor analysis, a variance per feature) or `"isotropic"`
 * (probabilistic PCA, one variance σ² for every feature).
 *
 * @example
 * ```ts
 * const noise: FactorAnalysisNoise = "isotropic";
 * ```
 */
export type FactorAnalysisNoise = "diagonal" | "isotropic";

/**
 * Options of {@link FactorAnalysis.fit}.
 *
 * @example
 * ```ts
 * FactorAnalysis.fit(X, { nComponents: 2, noise: "diagonal", maxIter: 500, tol: 1e-8 });
 * ```
 */
export interface FactorAnalysisFitOptions {
  /** k, the number of latent factors: an integer in [1, nFeatures − 1] (required). */
  nComponents: number;
  /** `"diagonal"` (default): factor analysis; `"isotropic"`: probabilistic PCA, in closed form. */
  noise?: FactorAnalysisNoise;
  /** Factor analysis: the most iterations (default 1000, scikit-learn's max_iter). */
  maxIter?: number;
  /** Factor analysis: stop when the mean log-likelihood per row changes by less than this (default 1e-6). */
  tol?: number;
  /**
   * Accepted for symmetry with the other models' options; both fits are deterministic (no random
   * start), so it does not change the result.
   */
  rng?: Rng;
  /** A frequency weight ≥ 0 per row (default 1 each): integer weights equal repeated rows. */
  sampleWeight?: ArrayLike<number>;
  /** Factor analysis: called after every iteration with the mean log-likelihood per row. */
  onIteration?: (progress: EmProgress) => void;
}

/**
 * New rows drawn from a fitted model, with the latent values that generated them.
 *
 * @example
 * ```ts
 * const fa = FactorAnalysis.fit(X, { nComponents: 1 });
 * const { X: rows, z }: FactorAnalysisSample = fa.sample(createRng(1), 5);
 * z.cols; // 1
 * ```
 */
export interface FactorAnalysisSample {
  /** The rows: n × nFeatures. */
  X: Matrix;
  /** Their latent values: n × nComponents. */
  z: Matrix;
}

/**
 * The JSON form of a {@link FactorAnalysis}.
 *
 * @example
 * ```ts
 * const json: FactorAnalysisJSON = FactorAnalysis.fit(X, { nComponents: 1 }).toJSON();
 * json.noise; // "diagonal"
 * ```
 */
export interface FactorAnalysisJSON {
  /** Always `"FactorAnalysis"`. */
  type: "FactorAnalysis";
  /** The format version (1). */
  version: 1;
  /** The noise model. */
  noise: FactorAnalysisNoise;
  /** k. */
  nComponents: number;
  /** μ, one value per feature. */
  mean: number[];
  /** W, d × k, row after row. */
  loadings: number[];
  /** The diagonal of Ψ, one value per feature. */
  noiseVariance: number[];
  /** How the fit ended, when the model was fitted. */
  fit?: {
    /** The iterations run (0 for the closed-form PPCA fit). */
    nIter: number;
    /** Whether the change fell below tol. */
    converged: boolean;
    /** The mean log-likelihood per row in each iteration. */
    logLikelihoodTrace: number[];
  };
}

const FIT_KEYS = ["nComponents", "noise", "maxIter", "tol", "rng", "sampleWeight", "onIteration"];
const LOG_2PI = Math.log(2 * Math.PI);

/**
 * What scoring and the posterior need, computed once from (μ, W, Ψ). With A = Ψ^{−1/2} W and
 * M = I + Aᵀ A = L Lᵀ, the Woodbury identity gives (x − μ)ᵀ Σ⁻¹ (x − μ) = ‖u‖² − ‖L⁻¹ Aᵀ u‖² for
 * u = Ψ^{−1/2}(x − μ), and the determinant lemma log det Σ = Σ log Ψᵢ + log det M: O(d k) per row.
 */
interface Precomputed {
  /** 1 / √Ψᵢ. */
  readonly invSd: Float64Array;
  /** B = L⁻¹ Aᵀ, k × d row-major. */
  readonly b: Float64Array;
  /** A, d × k row-major, for the cancellation-free fallback. */
  readonly a: Float64Array;
  /** L, the Cholesky factor of M, k × k. */
  readonly l: Float64Array;
  /** −½ (d log 2π + log det Σ). */
  readonly constant: number;
}

/**
 * Factor analysis (diagonal noise) and probabilistic PCA (isotropic noise): a Gaussian whose
 * covariance is low rank plus diagonal, W Wᵀ + Ψ, with k hidden causes z behind the d features.
 * It scores (a real log-likelihood, comparable with every other model), generates, and maps each
 * row to its posterior mean E[z | x].
 *
 * @example
 * ```ts
 * const fa = FactorAnalysis.fit(X, { nComponents: 2 });
 * fa.loadings.rows; // 4
 * fa.transform(X).cols; // 2
 * const { X: fake } = fa.sample(createRng(1), 10);
 * fake.rows; // 10
 * ```
 */
export class FactorAnalysis {
  private readonly mu: Float64Array;
  private readonly w: Float64Array;
  private readonly psi: Float64Array;
  private readonly kind: FactorAnalysisNoise;
  private readonly d: number;
  private readonly k: number;
  private trace: number[] = [];
  private iterations = 0;
  private done = false;
  private cache: Precomputed | null = null;

  /**
   * A model with mean μ (length d), loadings W (d × k) and noise variances Ψ (length d, each > 0;
   * all equal when `noise` is `"isotropic"`). The arrays are copied.
   *
   * @example
   * ```ts
   * const m = new FactorAnalysis([0, 0], [[1], [1]], [0.5, 0.5]);
   * m.covariance.toArray(); // [[1.5, 1], [1, 1.5]]
   * ```
   */
  constructor(
    mean: ArrayLike<number>,
    loadings: MatrixInput,
    noiseVariance: ArrayLike<number>,
    noise: FactorAnalysisNoise = "diagonal",
  ) {
    const where = "FactorAnalysis";
    this.kind = requireNoise(`${where}: noise`, noise);
    const shape = checkShape(`${where}: loadings`, loadings);
    if (shape.rows === 0 || shape.cols === 0) {
      throw new RangeError(
        `${where}: loadings must have at least one row and one column, got ${shape.rows} × ${shape.cols}`,
      );
    }
    const d = shape.rows;
    const k = shape.cols;
    this.mu = readVector(`${where}: mean`, mean, d, (w, v) => requireFinite(w, v) + 0);
    this.psi = readVector(`${where}: noiseVariance`, noiseVariance, d, requirePositive);
    const blocks = new RowBlocks(loadings, shape);
    const data = blocks.block(0);
    this.w = new Float64Array(d * k);
    for (let i = 0; i < d * k; i++) {
      const v = data[blocks.offset + i]!;
      if (v - v !== 0) {
        throw new RangeError(
          `${where}: loadings[${Math.floor(i / k)}][${i % k}] is ${describe(blocks.value(Math.floor(i / k), i % k))}; loadings must be finite`,
        );
      }
      // + 0 turns −0 into 0, which JSON writes the same way: a round trip is exact.
      this.w[i] = v + 0;
    }
    if (this.kind === "isotropic") {
      for (let i = 1; i < d; i++) {
        if (this.psi[i] !== this.psi[0]) {
          throw new RangeError(
            `${where}: noise is "isotropic" but noiseVariance[${i}] = ${this.psi[i]} differs from noiseVariance[0] = ${this.psi[0]}`,
          );
        }
      }
    }
    this.d = d;
    this.k = k;
  }

  /**
   * Fits the model to the rows of X by maximum likelihood.
   *
   * - `noise: "diagonal"` (factor analysis): scikit-learn's iteration, run on the weighted
   *   covariance S: W is the exact maximiser for the current Ψ (from the eigendecomposition of
   *   Ψ^{−1/2} S Ψ^{−1/2}), then Ψ = diag(S − W Wᵀ), which is an EM step, so the log-likelihood
   *   never decreases. Each Ψᵢ is clamped at 1e-12 (scikit-learn's floor), so a constant column
   *   gets noise variance 1e-12 rather than an infinite density.
   * - `noise: "isotropic"` (probabilistic PCA): the closed form of Tipping & Bishop from the
   *   eigendecomposition of the (1/n) covariance: σ² is the mean of the d − k smallest
   *   eigenvalues (at least 1e-12), W = U_k (Λ_k − σ² I)^{1/2}.
   *
   * W is identified only up to a rotation of z; W Wᵀ, Ψ and the likelihood are not.
   *
   * @example
   * ```ts
   * const fa = FactorAnalysis.fit(X, { nComponents: 1, tol: 1e-8, maxIter: 5000 });
   * fa.logLikelihoodTrace.length === fa.nIter; // true
   * const ppca = FactorAnalysis.fit(X, { nComponents: 2, noise: "isotropic" });
   * ppca.noiseVariance[0] === ppca.noiseVariance[3]; // true
   * ```
   * @throws RangeError for nComponents outside [1, nFeatures − 1], a NaN or infinite cell (named
   * by index), fewer than 2 rows (of positive weight), or a bad weight; TypeError for an unknown
   * option or `noise`.
   */
  static fit(X: MatrixInput, options: FactorAnalysisFitOptions): FactorAnalysis {
    const where = "FactorAnalysis.fit";
    const o = readModelOptions(where, options, FIT_KEYS);
    const noise = o.noise === undefined ? "diagonal" : requireNoise(`${where}: options.noise`, o.noise);
    const maxIter = o.maxIter === undefined ? 1000 : requireInteger(`${where}: options.maxIter`, o.maxIter, 1);
    const tol = o.tol === undefined ? 1e-6 : requireNonNegativeTol(`${where}: options.tol`, o.tol);
    if (o.rng !== undefined) requireRng(where, o.rng);
    const onIteration = optionalCallback<(p: EmProgress) => void>(`${where}: options.onIteration`, o.onIteration);
    const shape = checkFitShape(where, X);
    const d = shape.cols;
    if (o.nComponents === undefined) {
      throw new TypeError(`${where}: options.nComponents is required (an integer in [1, ${d - 1}])`);
    }
    const k = requireFinite(`${where}: options.nComponents`, o.nComponents);
    if (!Number.isInteger(k) || k < 1 || k > d - 1) {
      throw new RangeError(
        `${where}: options.nComponents must be an integer in [1, nFeatures − 1] = [1, ${d - 1}], got ${describe(k)}`,
      );
    }
    const weights = readSampleWeight(where, o.sampleWeight, shape.rows);
    const moments = weightedMoments(where, X, shape, weights);
    const fit =
      noise === "isotropic"
        ? fitPPCA(moments.covariance, d, k)
        : fitFactorAnalysis(moments.covariance, d, k, maxIter, tol, onIteration);
    const model = new FactorAnalysis(moments.mean, { data: fit.loadings, rows: d, cols: k }, fit.noiseVariance, noise);
    model.trace = fit.trace;
    model.iterations = fit.nIter;
    model.done = fit.converged;
    return model;
  }

  /**
   * k, the number of latent factors.
   *
   * @example
   * ```ts
   * FactorAnalysis.fit(X, { nComponents: 2 }).nComponents; // 2
   * ```
   */
  get nComponents(): number {
    return this.k;
  }

  /**
   * d, the number of features.
   *
   * @example
   * ```ts
   * FactorAnalysis.fit(X, { nComponents: 2 }).nFeatures; // 4
   * ```
   */
  get nFeatures(): number {
    return this.d;
  }

  /**
   * The noise model: `"diagonal"` (factor analysis) or `"isotropic"` (PPCA).
   *
   * @example
   * ```ts
   * FactorAnalysis.fit(X, { nComponents: 1, noise: "isotropic" }).noise; // "isotropic"
   * ```
   */
  get noise(): FactorAnalysisNoise {
    return this.kind;
  }

  /**
   * μ, the mean of each feature; a copy.
   *
   * @example
   * ```ts
   * new FactorAnalysis([1, 2], [[1], [1]], [0.5, 0.5]).mean; // Float64Array [1, 2]
   * ```
   */
  get mean(): Float64Array {
    return this.mu.slice();
  }

  /**
   * W, the d × k loadings (feature i's weight on factor c at row i, column c); a copy. Unique
   * only up to a rotation of the factors; for PPCA the columns are in order of decreasing variance.
   *
   * @example
   * ```ts
   * new FactorAnalysis([0, 0], [[1], [3]], [0.5, 0.5]).loadings.toArray(); // [[1], [3]]
   * ```
   */
  get loadings(): Matrix {
    return new Matrix(this.w.slice(), this.d, this.k);
  }

  /**
   * The diagonal of Ψ, one noise variance per feature (all equal for PPCA); a copy.
   *
   * @example
   * ```ts
   * new FactorAnalysis([0, 0], [[1], [1]], [0.5, 2]).noiseVariance; // Float64Array [0.5, 2]
   * ```
   */
  get noiseVariance(): Float64Array {
    return this.psi.slice();
  }

  /**
   * The implied covariance W Wᵀ + Ψ of x, d × d.
   *
   * @example
   * ```ts
   * FactorAnalysis.fit(X, { nComponents: 1 }).covariance.rows; // 4
   * ```
   */
  get covariance(): Matrix {
    const { d, k, w } = this;
    const out = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let c = 0; c < k; c++) s += w[i * k + c]! * w[j * k + c]!;
        out[i * d + j] = s;
        out[j * d + i] = s;
      }
      out[i * d + i] = out[i * d + i]! + this.psi[i]!;
    }
    return new Matrix(out, d, d);
  }

  /**
   * The implied joint model of x: the multivariate Gaussian N(μ, W Wᵀ + Ψ) that this model is,
   * with its d × d covariance formed and factored (its log-likelihood equals this model's to
   * rounding; this model scores in O(d k) per row, it in O(d²)).
   *
   * @example
   * ```ts
   * const fa = FactorAnalysis.fit(X, { nComponents: 1 });
   * fa.toMultivariateGaussian().dimension; // 4
   * ```
   */
  toMultivariateGaussian(): MultivariateGaussian {
    return new MultivariateGaussian(this.mean, this.covariance);
  }

  /**
   * Cov[z | x] = M⁻¹ with M = I + Wᵀ Ψ⁻¹ W, k × k: the same for every row.
   *
   * @example
   * ```ts
   * const m = new FactorAnalysis([0, 0], [[1], [1]], [1, 1]);
   * m.posteriorCovariance.get(0, 0); // 0.3333333333333333
   * ```
   */
  get posteriorCovariance(): Matrix {
    const { l } = this.precomputed();
    const k = this.k;
    const out = new Float64Array(k * k);
    // Column c of M⁻¹ is M⁻¹ e_c; M⁻¹ is symmetric, so the columns can be stored as rows.
    for (let c = 0; c < k; c++) {
      out[c * k + c] = 1;
      solveLower(l, k, out, c * k);
      solveLowerTranspose(l, k, out, c * k);
    }
    return new Matrix(out, k, k);
  }

  /**
   * The number of iterations the fit ran (0 for PPCA's closed form or a model built from
   * parameters).
   *
   * @example
   * ```ts
   * FactorAnalysis.fit(X, { nComponents: 1, noise: "isotropic" }).nIter; // 0
   * ```
   */
  get nIter(): number {
    return this.iterations;
  }

  /**
   * Whether the fit converged (always true for PPCA's closed form).
   *
   * @example
   * ```ts
   * FactorAnalysis.fit(X, { nComponents: 2, noise: "isotropic" }).converged; // true
   * ```
   */
  get converged(): boolean {
    return this.done;
  }

  /**
   * The mean log-likelihood per row after each iteration of factor analysis (empty for PPCA); a
   * copy.
   *
   * @example
   * ```ts
   * const trace = FactorAnalysis.fit(X, { nComponents: 1, maxIter: 20 }).logLikelihoodTrace;
   * trace.every((ll, t) => t === 0 || ll >= trace[t - 1]!); // true: EM never lowers it
   * ```
   */
  get logLikelihoodTrace(): number[] {
    return this.trace.slice();
  }

  /**
   * The number of free parameters: d k − k(k − 1)/2 for W (less the rotation), d for μ, and d
   * noise variances for factor analysis or 1 for PPCA.
   *
   * @example
   * ```ts
   * FactorAnalysis.fit(X, { nComponents: 2 }).freeParameters; // 15
   * ```
   */
  get freeParameters(): number {
    const { d, k } = this;
    return d * k - (k * (k - 1)) / 2 + d + (this.kind === "diagonal" ? d : 1);
  }

  private precomputed(): Precomputed {
    if (this.cache !== null) return this.cache;
    const { d, k, w, psi } = this;
    const invSd = new Float64Array(d);
    let logDetPsi = 0;
    for (let i = 0; i < d; i++) {
      invSd[i] = 1 / Math.sqrt(psi[i]!);
      logDetPsi += Math.log(psi[i]!);
    }
    const a = new Float64Array(d * k);
    for (let i = 0; i < d; i++) for (let c = 0; c < k; c++) a[i * k + c] = w[i * k + c]! * invSd[i]!;
    const l = new Float64Array(k * k);
    for (let p = 0; p < k; p++) {
      for (let q = 0; q <= p; q++) {
        let s = 0;
        for (let i = 0; i < d; i++) s += a[i * k + p]! * a[i * k + q]!;
        l[p * k + q] = s + (p === q ? 1 : 0);
      }
    }
    // M = I + AᵀA has eigenvalues ≥ 1: always positive definite.
    choleskyInPlace(l, k);
    // B = L⁻¹ Aᵀ: column i of Aᵀ is row i of A, solved in a scratch vector.
    const b = new Float64Array(k * d);
    const col = new Float64Array(k);
    for (let i = 0; i < d; i++) {
      for (let c = 0; c < k; c++) col[c] = a[i * k + c]!;
      solveLower(l, k, col);
      for (let c = 0; c < k; c++) b[c * d + i] = col[c]!;
    }
    const constant = -0.5 * (d * LOG_2PI + logDetPsi + logDetFromCholesky(l, k));
    this.cache = { invSd, b, a, l, constant };
    return this.cache;
  }

  private checkScoreShape(where: string, X: MatrixInput, cols = this.d, what = "features"): MatrixShape {
    const shape = checkShape(where, X);
    if (shape.rows > 0 && shape.cols !== cols) {
      throw new RangeError(`${where}: X has ${shape.cols} columns but the model has ${cols} ${what}`);
    }
    return { rows: shape.rows, cols };
  }

  /**
   * log p(x) of every row under the marginal N(μ, W Wᵀ + Ψ), in O(d k) per row through the
   * Woodbury identity and the determinant lemma (no d × d matrix is formed). A row with an
   * infinite cell scores −Infinity; a NaN cell is an error naming it.
   *
   * @example
   * ```ts
   * const fa = FactorAnalysis.fit(X, { nComponents: 1 });
   * fa.logLikelihoodPerRow(Xtest).length; // 2
   * ```
   */
  logLikelihoodPerRow(X: MatrixInput, out?: Float64Array): Float64Array {
    const where = "FactorAnalysis.logLikelihoodPerRow";
    const shape = this.checkScoreShape(where, X);
    requireNoAlias(where, out, X);
    const result = outputMatrix(where, shape.rows, 1, out, "values").data;
    const { invSd, b, constant } = this.precomputed();
    const { d, k, mu } = this;
    const blocks = new RowBlocks(X, shape);
    const u = new Float64Array(d);
    for (let start = 0; start < shape.rows; start += blocks.blockRows) {
      const data = blocks.block(start);
      const end = Math.min(shape.rows, start + blocks.blockRows);
      let at = blocks.offset;
      for (let r = start; r < end; r++, at += d) {
        let uu = 0;
        for (let j = 0; j < d; j++) {
          const v = (data[at + j]! - mu[j]!) * invSd[j]!;
          u[j] = v;
          uu += v * v;
        }
        if (!(uu < Infinity)) {
          result[r] = this.nonFiniteRow(where, blocks, r, data, at);
          continue;
        }
        let vv = 0;
        for (let c = 0; c < k; c++) {
          const row = c * d;
          let s = 0;
          for (let j = 0; j < d; j++) s += b[row + j]! * u[j]!;
          vv += s * s;
        }
        let q = uu - vv;
        // ‖u‖² − ‖v‖² cancels when the factors explain nearly all of the row; then take the
        // form without a difference, ‖u − A z‖² + ‖z‖² with z = E[z | x] (twice the work).
        if (q < uu * 0.00390625) q = this.quadraticStable(u);
        result[r] = constant - 0.5 * q;
      }
    }
    return result;
  }

  /** ‖u − A z‖² + ‖z‖², z = M⁻¹ Aᵀ u: (I + A Aᵀ)⁻¹ as a sum of squares. */
  private quadraticStable(u: Float64Array): number {
    const { a, l } = this.precomputed();
    const { d, k } = this;
    const z = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += a[j * k + c]! * u[j]!;
      z[c] = s;
    }
    solveLower(l, k, z);
    solveLowerTranspose(l, k, z);
    let q = 0;
    for (let j = 0; j < d; j++) {
      let s = u[j]!;
      for (let c = 0; c < k; c++) s -= a[j * k + c]! * z[c]!;
      q += s * s;
    }
    for (let c = 0; c < k; c++) q += z[c]! * z[c]!;
    return q;
  }

  /** A row whose squared norm is not finite: NaN names its cell; otherwise it holds ±Infinity. */
  private nonFiniteRow(where: string, blocks: RowBlocks, r: number, data: Float64Array, at: number): number {
    for (let j = 0; j < this.d; j++) {
      if (Number.isNaN(data[at + j]!)) {
        const v = blocks.value(r, j);
        if (typeof v !== "number") throw new TypeError(`${where}: X[${r}][${j}] must be a number, got ${describe(v)}`);
        throw new RangeError(`${where}: X[${r}][${j}] is NaN`);
      }
    }
    return -Infinity;
  }

  /**
   * Σᵢ log p(xᵢ) (summed with compensation).
   *
   * @example
   * ```ts
   * const m = new FactorAnalysis([0, 0], [[1], [1]], [0.5, 0.5]);
   * m.logLikelihood([[0, 0]]) === m.logLikelihoodPerRow([[0, 0]])[0]; // true
   * ```
   */
  logLikelihood(X: MatrixInput): number {
    return compensatedSum(this.logLikelihoodPerRow(X));
  }

  /**
   * The Bayesian information criterion −2 log L + p log n (lower is better).
   *
   * @example
   * ```ts
   * [1, 2, 3].map((k) => FactorAnalysis.fit(X, { nComponents: k }).bic(X)); // pick the smallest
   * ```
   */
  bic(X: MatrixInput): number {
    const ll = this.logLikelihood(X);
    return -2 * ll + this.freeParameters * Math.log(checkShape("FactorAnalysis.bic", X).rows);
  }

  /**
   * The Akaike information criterion −2 log L + 2p.
   *
   * @example
   * ```ts
   * const fa = FactorAnalysis.fit(X, { nComponents: 1 });
   * fa.aic(X) === -2 * fa.logLikelihood(X) + 2 * fa.freeParameters; // true
   * ```
   */
  aic(X: MatrixInput): number {
    return -2 * this.logLikelihood(X) + 2 * this.freeParameters;
  }

  /**
   * E[z | x] = M⁻¹ Wᵀ Ψ⁻¹ (x − μ) of every row: n × k, the learned representation. Every cell
   * must be finite.
   *
   * @example
   * ```ts
   * const fa = FactorAnalysis.fit(X, { nComponents: 2 });
   * fa.transform(X).rows; // 12
   * ```
   */
  transform(X: MatrixInput, out?: Float64Array): Matrix {
    const where = "FactorAnalysis.transform";
    const shape = this.checkScoreShape(where, X);
    requireNoAlias(where, out, X);
    const result = outputMatrix(where, shape.rows, this.k, out, "components");
    const { invSd, b, l } = this.precomputed();
    const { d, k, mu } = this;
    const blocks = new RowBlocks(X, shape);
    const u = new Float64Array(d);
    const z = result.data;
    for (let start = 0; start < shape.rows; start += blocks.blockRows) {
      const data = blocks.block(start);
      const end = Math.min(shape.rows, start + blocks.blockRows);
      let at = blocks.offset;
      for (let r = start; r < end; r++, at += d) {
        for (let j = 0; j < d; j++) {
          const x = data[at + j]!;
          if (x - x !== 0) finiteCell(where, blocks, r, j);
          u[j] = (x - mu[j]!) * invSd[j]!;
        }
        // z = L⁻ᵀ (L⁻¹ Aᵀ u) = L⁻ᵀ B u.
        const zo = r * k;
        for (let c = 0; c < k; c++) {
          let s = 0;
          for (let j = 0; j < d; j++) s += b[c * d + j]! * u[j]!;
          z[zo + c] = s;
        }
        solveLowerTranspose(l, k, z, zo);
      }
    }
    return result;
  }

  /**
   * μ + W z for every row z of Z (n × k): the mean of x given z, decoding a latent point.
   *
   * @example
   * ```ts
   * const m = new FactorAnalysis([1, 2], [[1], [3]], [0.5, 0.5]);
   * m.reconstruct([[2]]).row(0); // Float64Array [3, 8]
   * ```
   */
  reconstruct(Z: MatrixInput, out?: Float64Array): Matrix {
    const where = "FactorAnalysis.reconstruct";
    const shape = this.checkScoreShape(where, Z, this.k, "components");
    requireNoAlias(where, out, Z, "Z");
    const result = outputMatrix(where, shape.rows, this.d, out, "features");
    const blocks = new RowBlocks(Z, shape);
    const { d, k } = this;
    for (let start = 0; start < shape.rows; start += blocks.blockRows) {
      const data = blocks.block(start);
      const end = Math.min(shape.rows, start + blocks.blockRows);
      let at = blocks.offset;
      for (let r = start; r < end; r++, at += k) {
        for (let c = 0; c < k; c++) {
          const v = data[at + c]!;
          if (v - v !== 0) finiteCell(where, blocks, r, c, "Z");
        }
        this.decode(data, at, result.data, r * d);
      }
    }
    return result;
  }

  /** out[o..o+d) = μ + W z with z = zs[at..at+k). */
  private decode(zs: Float64Array, at: number, out: Float64Array, o: number): void {
    const { d, k, w, mu } = this;
    for (let i = 0; i < d; i++) {
      let s = mu[i]!;
      for (let c = 0; c < k; c++) s += w[i * k + c]! * zs[at + c]!;
      out[o + i] = s;
    }
  }

  /**
   * `n` new rows: z ~ N(0, I_k), then x = μ + W z + ε with ε ~ N(0, Ψ). All n × k latent draws
   * come first, then the n × d noise draws, row after row.
   *
   * @example
   * ```ts
   * const fa = FactorAnalysis.fit(X, { nComponents: 2 });
   * const { X: fake, z } = fa.sample(createRng(3), 1000);
   * fake.cols; // 4
   * ```
   */
  sample(rng: Rng, n: number): FactorAnalysisSample {
    const where = "FactorAnalysis.sample";
    requireRng(where, rng);
    requireInteger(`${where}: n`, n, 0);
    const { d, k, psi } = this;
    const X = outputMatrix(where, n, d, undefined, "features");
    const z = outputMatrix(where, n, k, undefined, "components");
    fillNormal(rng, z.data, n * k, 0, 1, where);
    fillNormal(rng, X.data, n * d, 0, 1, where);
    const sd = psi.map(Math.sqrt);
    const row = new Float64Array(d);
    for (let r = 0; r < n; r++) {
      this.decode(z.data, r * k, row, 0);
      const o = r * d;
      for (let i = 0; i < d; i++) X.data[o + i] = row[i]! + sd[i]! * X.data[o + i]!;
    }
    return { X, z };
  }

  /**
   * Parameters and how the fit ended; {@link FactorAnalysis.fromJSON} restores it exactly.
   *
   * @example
   * ```ts
   * FactorAnalysis.fit(X, { nComponents: 1 }).toJSON().type; // "FactorAnalysis"
   * ```
   */
  toJSON(): FactorAnalysisJSON {
    const json: FactorAnalysisJSON = {
      type: "FactorAnalysis",
      version: 1,
      noise: this.kind,
      nComponents: this.k,
      mean: Array.from(this.mu),
      loadings: Array.from(this.w),
      noiseVariance: Array.from(this.psi),
    };
    if (this.trace.length > 0 || this.iterations > 0 || this.done) {
      json.fit = { nIter: this.iterations, converged: this.done, logLikelihoodTrace: this.trace.slice() };
    }
    return json;
  }

  /**
   * Rebuilds a model from {@link FactorAnalysis.toJSON} output (after `JSON.parse`), checking
   * every field (own properties only).
   *
   * @example
   * ```ts
   * const fa = FactorAnalysis.fit(X, { nComponents: 2 });
   * FactorAnalysis.fromJSON(JSON.parse(JSON.stringify(fa))).logLikelihood(X) === fa.logLikelihood(X); // true
   * ```
   */
  static fromJSON(json: unknown): FactorAnalysis {
    const where = "FactorAnalysis.fromJSON";
    const o = ownFields(requireJsonType(where, json, "FactorAnalysis"));
    if (o.version !== 1)
      throw new RangeError(`${where}: version ${describe(o.version)} is not one this release reads (1)`);
    const noise = requireNoise(`${where}: noise`, o.noise);
    const mean = requireNumberArray(where, "mean", o.mean);
    const d = mean.length;
    if (d < 2) throw new RangeError(`${where}: mean must hold at least 2 values, got ${d}`);
    const k = requireInteger(`${where}: nComponents`, o.nComponents, 1);
    if (k > d - 1) throw new RangeError(`${where}: nComponents must be in [1, ${d - 1}], got ${k}`);
    const loadings = requireNumberArray(where, "loadings", o.loadings);
    if (loadings.length !== d * k) {
      throw new RangeError(`${where}: loadings has ${loadings.length} values, expected d × k = ${d * k}`);
    }
    const noiseVariance = requireNumberArray(where, "noiseVariance", o.noiseVariance);
    if (noiseVariance.length !== d) {
      throw new RangeError(`${where}: noiseVariance has ${noiseVariance.length} values, expected ${d}`);
    }
    const model = new FactorAnalysis(
      mean,
      { data: new Float64Array(loadings), rows: d, cols: k },
      noiseVariance,
      noise,
    );
    if (o.fit !== undefined) {
      const f = o.fit === null || typeof o.fit !== "object" ? null : ownFields(o.fit as Record<string, unknown>);
      if (f === null || !Array.isArray(f.logLikelihoodTrace) || typeof f.converged !== "boolean") {
        throw new TypeError(`${where}: fit must be { nIter, converged, logLikelihoodTrace }`);
      }
      model.iterations = requireInteger(`${where}: fit.nIter`, f.nIter, 0);
      model.done = f.converged;
      model.trace = requireNumberArray(where, "fit.logLikelihoodTrace", f.logLikelihoodTrace);
    }
    return model;
  }

  /**
   * The kind, sizes and noise; also what Node's console shows.
   *
   * @example
   * ```ts
   * String(new FactorAnalysis([0, 0], [[1], [1]], [0.5, 0.5], "isotropic"));
   * // "FactorAnalysis(noise=isotropic, features=2, components=1, σ²=0.5)"
   * ```
   */
  toString(): string {
    const noise =
      this.kind === "isotropic"
        ? `σ²=${Number(this.psi[0]!.toPrecision(4))}`
        : `mean Ψ=${Number((compensatedSum(this.psi) / this.d).toPrecision(4))}`;
    return `FactorAnalysis(noise=${this.kind}, features=${this.d}, components=${this.k}, ${noise})`;
  }

  /** @internal Node's console.log and util.inspect use this. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

function requireNoise(where: string, value: unknown): FactorAnalysisNoise {
  if (value !== "diagonal" && value !== "isotropic") {
    throw new TypeError(`${where} must be "diagonal" or "isotropic", got ${describe(value)}`);
  }
  return value;
}

function requireNonNegativeTol(where: string, value: unknown): number {
  const x = requireFinite(where, value);
  if (!(x >= 0)) throw new RangeError(`${where} must be >= 0, got ${describe(x)}`);
  return x;
}

/** A copy of `values` (length d), each checked by `check`. */
function readVector(
  where: string,
  values: unknown,
  d: number,
  check: (where: string, v: unknown) => number,
): Float64Array {
  if (values === null || typeof values !== "object" || typeof (values as { length?: unknown }).length !== "number") {
    throw new TypeError(`${where} must be an array of numbers, got ${describe(values)}`);
  }
  const xs = values as ArrayLike<unknown>;
  if (xs.length !== d)
    throw new RangeError(`${where} has ${describe(xs.length)} values but the loadings have ${d} rows`);
  const out = new Float64Array(d);
  for (let i = 0; i < d; i++) out[i] = check(`${where}[${i}]`, xs[i]);
  return out;
}

/** The own enumerable properties of a parsed JSON object, in a null-prototype copy. */
function ownFields(o: Record<string, unknown>): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(o)) out[key] = o[key];
  return out;
}

function requireNumberArray(where: string, name: string, value: unknown): number[] {
  if (!Array.isArray(value))
    throw new TypeError(`${where}: ${name} must be an array of numbers, got ${describe(value)}`);
  return value.map((v: unknown, i: number) => {
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new TypeError(`${where}: ${name}[${i}] must be a finite number, got ${describe(v)}`);
    return v;
  });
}

function finiteCell(where: string, blocks: RowBlocks, r: number, j: number, name = "X"): never {
  const v = blocks.value(r, j);
  if (typeof v !== "number") throw new TypeError(`${where}: ${name}[${r}][${j}] must be a number, got ${describe(v)}`);
  throw new RangeError(`${where}: ${name}[${r}][${j}] is ${describe(v)}; every cell must be finite`);
}
