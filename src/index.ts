/**
 * ptheta's main entry point: distributions, models and their estimators, and the exact
 * goodness-of-fit tests (`ksTest`, `chiSquareTest`), which need no fast-check. (The second entry
 * point, `ptheta/testing`, holds the same tests and the fast-check helpers.)
 *
 * @module ptheta
 */
// Re-exports only, no logic.
export { createRng } from "./core/create-rng.js";
export type { Rng } from "./core/rng.js";
export type { Distribution, SufficientStats } from "./core/distribution.js";
export { logSumExp } from "./core/log-space.js";
export { Gaussian, GaussianStats, type GaussianFitOptions } from "./distributions/gaussian/gaussian.js";
export { Bernoulli, BernoulliStats, type BernoulliFitOptions } from "./distributions/bernoulli/bernoulli.js";
export { Categorical, CategoricalStats, type CategoricalFitOptions } from "./distributions/categorical/categorical.js";
export { Poisson, PoissonStats, type PoissonFitOptions } from "./distributions/poisson/poisson.js";
export { Exponential, ExponentialStats, type ExponentialFitOptions } from "./distributions/exponential/exponential.js";
export {
  Multinomial,
  type MultinomialFitOptions,
  type MultinomialJSON,
  type MultinomialSampleOptions,
} from "./distributions/multinomial/multinomial.js";
export { MultinomialStats, type MultinomialStatsJSON } from "./distributions/multinomial/stats.js";
export {
  MultivariateGaussian,
  type GivenValues,
  type MultivariateGaussianFitOptions,
  type MultivariateGaussianJSON,
} from "./distributions/multivariate-gaussian/multivariate-gaussian.js";
export {
  MultivariateGaussianStats,
  type MultivariateGaussianStatsJSON,
} from "./distributions/multivariate-gaussian/stats.js";
export type { CountMatrix } from "./distributions/multinomial/count-rows.js";
export { Matrix, type MatrixInput, type MatrixJSON, type MatrixLike } from "./core/matrix.js";
export { SparseMatrix, type SparseMatrixJSON, type SparseMatrixParts, type SparseRow } from "./core/sparse-matrix.js";
export { Vocabulary, type VocabularyFitOptions, type VocabularyJSON } from "./text/vocabulary.js";
export { MAX_CATEGORIES, MAX_DIMENSION, MAX_RESULT_SIZE } from "./core/limits.js";
export {
  NaiveBayes,
  type MaybeLabel,
  type NaiveBayesFitAllOptions,
  type NaiveBayesFitOptions,
  type NaiveBayesTableOptions,
  type NaiveBayesSample,
  type NaiveBayesSampleOptions,
  type LabelledChunk,
} from "./models/naive-bayes.js";
export { Product, type ProductFitOptions, type ProductJSON, type ProductPart } from "./models/product.js";
export type { FeatureGroup } from "./models/model-options.js";
export type { BlockDistribution, JointDistribution } from "./core/kernel.js";
export type { DecodedRow } from "./models/table.js";
export { Mixture } from "./models/mixture.js";
export type {
  MixtureFitAsyncOptions,
  MixtureFitOptions,
  MixtureJSON,
  MixtureProgress,
  MixtureSample,
  MixtureStepOptions,
} from "./models/mixture-options.js";
export type { EmProgress } from "./models/em.js";
export { MixtureStats, type MixtureStatsJSON } from "./models/mixture-stats.js";
export {
  FactorAnalysis,
  type FactorAnalysisFitOptions,
  type FactorAnalysisJSON,
  type FactorAnalysisNoise,
  type FactorAnalysisSample,
} from "./models/factor-analysis.js";
export type {
  AbortSignalLike,
  AsyncFitOptions,
  ChunkSource,
  FitProgress,
  RowsChunk,
  ValuesChunk,
} from "./core/source.js";
export type {
  FeatureKind,
  Label,
  MissingPolicy,
  NaiveBayesOptions,
  UnseenPolicy,
} from "./models/naive-bayes-options.js";
export type { NaiveBayesJSON } from "./models/naive-bayes-json.js";
export { Schema } from "./schema/schema.js";
export type { SchemaEncodeOptions, SchemaOptions } from "./schema/options.js";
export type { EncodedRows } from "./schema/encode.js";
export type { SchemaJSON } from "./schema/serialization.js";
export type { TableRow } from "./schema/rows.js";
export type { CategoryValue } from "./schema/kinds.js";
// The goodness-of-fit tests, here too so that they need no fast-check (ptheta/testing does);
// a bundle that does not use them leaves them out ("sideEffects": false).
export { ksSurvival } from "./testing/ks-survival.js";
export { ksTest, type CdfLike, type KsTestResult } from "./testing/ks-test.js";
export {
  chiSquareSurvival,
  chiSquareTest,
  type ChiSquareTestOptions,
  type ChiSquareTestResult,
} from "./testing/chi-square.js";
