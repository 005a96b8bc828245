/**
 * `ptheta/testing`: exact goodness-of-fit tests and fast-check helpers for people who validate
 * samplers and estimators, in ptheta or in their own code. A second entry point, so the main one
 * stays free of it; `fast-check` (an optional peer dependency) is needed only here.
 *
 * @module ptheta/testing
 */
// Re-exports only, no logic.
export { ksSurvival } from "./ks-survival.js";
export { ksTest, type CdfLike, type KsTestResult } from "./ks-test.js";
export { chiSquareSurvival, chiSquareTest, type ChiSquareTestOptions, type ChiSquareTestResult } from "./chi-square.js";
export {
  expectSampledFrom,
  type ExpectSampledFromOptions,
  type SampleTestResult,
  type TestedDistribution,
} from "./expect-sampled-from.js";
export {
  checkEstimator,
  type CheckEstimatorOptions,
  type EstimatedModel,
  type EstimatorCase,
  type EstimatorFamily,
  type EstimatorProperty,
  type MergeableStats,
} from "./check-estimator.js";
/**
 * fast-check arbitraries for valid models (`gaussian`, `bernoulli`, `categorical`, `product`,
 * `mixture`, with options bounding their parameters) and `sampleFrom`, which draws a seeded data
 * set from a generated model.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraries } from "ptheta/testing";
 * fc.sample(arbitraries.sampleFrom(arbitraries.gaussian(), { n: 50 }), 1)[0]!.data.length; // 50
 * ```
 */
export * as arbitraries from "./arbitraries.js";
