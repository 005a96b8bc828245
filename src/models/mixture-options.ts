/**
 * The option, progress, sample and JSON types of {@link Mixture}, apart from the class so that
 * the modules of its EM (in memory and over streams) read them without importing the class.
 */

import type { FeatureGroup } from "./model-options.js";
import type { FeatureKind } from "../distributions/registry.js";
import type { Matrix } from "../core/matrix.js";
import type { Rng } from "../core/rng.js";
import type { AsyncFitOptions } from "../core/source.js";
import type { SchemaJSON } from "../schema/serialization.js";
import type { EmProgress } from "./em.js";
import type { Mixture } from "./mixture.js";
import type { MixtureStatsJSON } from "./mixture-stats.js";
import type { ProductJSON } from "./product.js";
import type { DecodedRow } from "./table.js";

/**
 * What {@link MixtureFitOptions.onIteration} is told after every EM iteration.
 *
 * @example
 * ```ts
 * Mixture.fit(X, { nComponents: 2, onIteration: ({ iteration, logLikelihood }) => console.log(iteration, logLikelihood) });
 * ```
 */
export type MixtureProgress = EmProgress;

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
  features?: FeatureKind | readonly (FeatureKind | FeatureGroup)[] | Partial<Record<string, FeatureKind>>;
  /** Tables: the feature columns and their order (default: every key, in order of first appearance). */
  columns?: readonly string[];
  /** Bernoulli, categorical and Poisson columns: the pseudo-count α ≥ 0 (default 1), one or per column. */
  alpha?: number | readonly number[];
  /** Categorical columns: the least number of categories, one or one per column (default 0). */
  minCategories?: number | readonly number[];
  /** Gaussian columns: added to every variance (scikit-learn's reg_covar, default 1e-6). */
  regVariance?: number;
  /**
   * Gaussian columns: `"diag"` (default) models each alone within a component; `"full"` makes
   * all of them one multivariate Gaussian block per component, with a full covariance matrix
   * (scikit-learn's GaussianMixture covariance_type, iteration by iteration). Other kinds stay
   * per column. Equivalent to giving those columns the kind `"multivariate-gaussian"`.
   */
  covariance?: "diag" | "full";
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
 * The JSON form of a {@link Mixture}. A mixture fitted to data keeps the statistics of its last
 * M-step and that step's smoothing (`stats`, `step`), from which its parameters follow exactly;
 * a mixture built from parts keeps its components. Version 1 (ptheta 0.2, components only) is
 * still read.
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
  /** The format version (2; 1 is read too). */
  version: 2;
  /** π, the weight of each component. */
  weights: number[];
  /** A mixture built from parts: each component's JSON. */
  components?: ProductJSON[];
  /** A fitted mixture: the E-step statistics of its last M-step. */
  stats?: MixtureStatsJSON;
  /** A fitted mixture: the smoothing of its last M-step. */
  step?: {
    /** The pseudo-count α of Bernoulli, categorical and Poisson columns, one or per column. */
    alpha: number | number[];
    /** The constant added to every Gaussian variance (scikit-learn's reg_covar). */
    regVariance: number;
  };
  /** How the fit ended, when the mixture was fitted. */
  fit?: {
    /** The EM iterations run. */
    nIter: number;
    /** Whether the change fell below tol. */
    converged: boolean;
    /** The mean log-likelihood per row in each iteration. */
    logLikelihoodTrace: number[];
    /**
     * The mean objective per row EM increased (log-likelihood plus the smoothing's log prior);
     * absent when it equals the log-likelihood trace (no smoothing, and files of 0.2).
     */
    objectiveTrace?: number[];
  };
  /** The encoding of the table the mixture was fitted to, if it was. */
  schema?: SchemaJSON;
}

/** The options `Mixture.fit` reads. @internal */
export const FIT_KEYS = [
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
  "covariance",
];

/**
 * Options of {@link Mixture.fitAsync}: those of {@link Mixture.fit} for a matrix (but one start:
 * each start would cost passes of its own), `onProgress`, and the size of the sample the
 * k-means++ start is drawn from.
 *
 * @example
 * ```ts
 * const options: MixtureFitAsyncOptions = { nComponents: 3, maxIter: 50, startRows: 5000, onProgress: ({ pass, rows }) => {} };
 * ```
 */
export interface MixtureFitAsyncOptions
  extends Omit<MixtureFitOptions, "sampleWeight" | "nInit" | "columns" | "features">, AsyncFitOptions {
  /** The kind of every column (default `"gaussian"`), or one kind per column. */
  features?: FeatureKind | readonly FeatureKind[];
  /**
   * Without `init`: the most rows the first pass samples (uniformly, by reservoir sampling) to
   * start from k-means++ on them, as `Mixture.fit` starts (default 10 000).
   */
  startRows?: number;
}
