/**
 * The JSON form of a Naive Bayes model. It holds the options and the sufficient statistics
 * (weights, sums, means, M2), not the derived log-probabilities: those are recomputed on load by the
 * same code that computed them after fitting, so a round trip is bit-exact and a loaded model
 * can go on with `partialFit`. Every number in it is finite, so `JSON.stringify` keeps it exact.
 */

import type { SchemaJSON } from "../schema/serialization.js";
import type { FeatureKind, Label, MissingPolicy, UnseenPolicy } from "./naive-bayes-options.js";
import type { FeatureGroup } from "./model-options.js";

/** The current version of {@link NaiveBayesJSON}. */
export const NAIVE_BAYES_JSON_VERSION = 2;

/**
 * What `NaiveBayes.prototype.toJSON` returns and `NaiveBayes.fromJSON` reads.
 *
 * @example
 * ```ts
 * const json: NaiveBayesJSON = nb.toJSON();
 * const copy = NaiveBayes.fromJSON(JSON.parse(JSON.stringify(json)));
 * ```
 */
export interface NaiveBayesJSON {
  /** Always `"NaiveBayes"`. */
  type: "NaiveBayes";
  /** The format version: 2 (version 1 files, without `stats`, still load). */
  version: number;
  /** The options the model was built with (as `NaiveBayesOptions`). */
  options: {
    /** One kind for all features, or one per feature. */
    features: FeatureKind | (FeatureKind | FeatureGroup)[];
    /** Gaussian ε factor. */
    varSmoothing: number;
    /** Lidstone pseudo-count, one or one per feature. */
    alpha: number | number[];
    /** Bernoulli threshold, or null for 0/1 data. */
    binarize: number | null;
    /** Least category count, one or one per feature. */
    minCategories: number | number[];
    /** Fixed class priors, or null. */
    priors: number[] | null;
    /** Whether priors are the class frequencies (else uniform) when not fixed. */
    fitPriors: boolean;
    /** The policy for unseen categories. */
    unseen: UnseenPolicy;
    /** The policy for NaN at prediction time. */
    missing: MissingPolicy;
    /** Semi-supervised EM: the most iterations. */
    maxIter?: number;
    /** Semi-supervised EM: the convergence tolerance. */
    tol?: number;
    /** Present when the classes were fixed up front. */
    classes?: Label[];
  };
  /** The sorted class labels seen (or fixed). */
  classes: Label[];
  /** The number of features, or null before the first fit. */
  nFeatures: number | null;
  /** The weight seen per class (rows, or Σ sample weights). */
  classCount: number[];
  /**
   * The statistics of each kind of feature (version 2), as the family's kernel writes them:
   * per class (row-major, classes × features of that kind) the weight and the family's sums.
   */
  stats: Partial<Record<FeatureKind, unknown>>;
  /** The encoding of the table the model was fitted to, if it was. */
  schema?: SchemaJSON;
}
