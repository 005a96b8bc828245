// Goodness-of-fit tests from ptheta/testing: exact p-values (the same as scipy's) and the
// assertion that draws come from a distribution. docs/testing-estimators.md shows the regions
// below; examples/testing-estimators.test.ts is the Vitest half of the guide.

// #region tests
import { Categorical, Gaussian, createRng } from "../src/index.js";
import { chiSquareTest, expectSampledFrom, ksSurvival, ksTest } from "../src/testing/index.js";

const standard = new Gaussian(0, 1);
const draws = standard.sample(createRng(11), 1000);
const ks = ksTest(draws, standard); // or ksTest(draws, (x) => standard.cdf(x))
console.log(ks.statistic, ks.pValue); // the statistic D and P(D_n ≥ D), as scipy.stats.kstest
console.log(ksSurvival(0.05, 1000)); // 0.01301…
console.log(chiSquareTest([16, 18, 16, 14, 12, 12]).pValue); // 0.849…
console.log(chiSquareTest([30, 14, 6], [0.5, 0.3, 0.2]).statistic); // 2.666…
// #endregion

// #region expect
expectSampledFrom(draws, standard); // passes, and returns the test's result
const shifted = new Gaussian(0.2, 1).sample(createRng(12), 1000);
try {
  expectSampledFrom(shifted, standard);
} catch (error) {
  console.log((error as Error).message);
  // expectSampledFrom: the samples are not from Gaussian(mean=0, std=1): Kolmogorov-Smirnov
  // statistic D = 0.09… over n = 1000, p-value … < alpha = 0.000001
}
// Discrete families get a chi-square test over their cells:
const die = new Categorical([1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6]);
console.log(expectSampledFrom(die.sample(createRng(13), 600), die).test); // "chi-square"
// #endregion
