/**
 * The JSON form of a Naive Bayes model. It holds the options and the sufficient statistics
 * (counts, means, M2), not the derived log-probabilities: those are recomputed on load by the
 * same code that computed them after fitting, so a round trip is bit-exact and a loaded model
 * can go on with `partialFit`. Every number in it is finite, so `JSON.stringify` keeps it exact.
 */

import type { FeatureKind, Label, MissingPolicy, UnseenPolicy } from "./options.js";

/** The current version of {@link NaiveBayesJSON}. */
export const NAIVE_BAYES_JSON_VERSION = 1;

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
  type: "NaiveBayes";
  version: number;
  options: {
    features: FeatureKind | FeatureKind[];
    varSmoothing: number;
    alpha: number | number[];
    binarize: number | null;
    minCategories: number | number[];
    priors: number[] | null;
    fitPriors: boolean;
    unseen: UnseenPolicy;
    missing: MissingPolicy;
    /** Present when the classes were fixed up front. */
    classes?: Label[];
  };
  /** The sorted class labels seen (or fixed). */
  classes: Label[];
  /** The number of features, or null before the first fit. */
  nFeatures: number | null;
  /** Rows seen per class. */
  classCount: number[];
  /** Gaussian features: per class and feature (row-major), mean and M2 = Σ (x − mean)². */
  gaussian?: { mean: number[]; m2: number[] };
  /** Bernoulli features: ones per class and feature (row-major). */
  bernoulli?: { count: number[] };
  /** Categorical features: K per feature, and counts per feature as category-major [t·C + c]. */
  categorical?: { nCategories: number[]; count: number[][] };
}
