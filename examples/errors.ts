// Errors and edge cases: what throws, what returns -Infinity, and what the tails give.
// docs/errors-and-edge-cases.md shows the regions below. Every comment is checked at the end.
// #region setup
import { Bernoulli, Categorical, Gaussian, createRng } from "../src/index.js";

/** Runs `fn`, prints what it throws, and fails unless that is exactly `expected`. */
function show(fn: () => unknown, expected: string): void {
  let got = "no error";
  try {
    fn();
  } catch (error) {
    got = `${(error as Error).name}: ${(error as Error).message}`;
  }
  console.log(got);
  if (got !== expected) throw new Error(`expected ${expected}\n     got ${got}`);
}
// #endregion

// #region catch
try {
  const g = new Gaussian(0, -1);
  console.log(g.mean);
} catch (error) {
  if (error instanceof RangeError)
    console.log(error.message); // "Gaussian: std must be > 0, got -1"
  else throw error;
}
// #endregion

// #region parameters
// Bad parameters throw at construction: TypeError for the wrong kind, RangeError outside the domain.
show(() => new Gaussian(0, 0), "RangeError: Gaussian: std must be > 0, got 0");
show(() => new Gaussian(Number.NaN, 1), "RangeError: Gaussian: mean must be finite, got NaN");
show(() => new Gaussian("0" as unknown as number, 1), 'TypeError: Gaussian: mean must be a number, got "0"');
show(() => new Bernoulli(1.5), "RangeError: Bernoulli: p must be in [0, 1], got 1.5");
show(() => new Categorical([0.5, 0.6]), "RangeError: Categorical: probs must sum to 1, got a sum of 1.1");
show(() => createRng(Number.NaN), "TypeError: createRng: seed must be a finite number or a string, got NaN");
// #endregion

// #region data
// Data given to fit is checked, and the message names the index of the first bad value.
show(() => Gaussian.fit([1, Number.NaN, 3]), "RangeError: Gaussian.fit: data[1] is NaN; data must be finite");
show(() => Gaussian.fit([]), "RangeError: Gaussian.fit: data is empty; at least one value is needed");
show(() => Bernoulli.fit([0, 1, 2]), "RangeError: Bernoulli.fit: data[2] must be 0 or 1, got 2");
show(
  () => Categorical.fit([0, 1.5]),
  "RangeError: Categorical.fit: data[1] must be an integer category >= 0, got 1.5 (categories are below 65536)",
);
show(
  () => Categorical.fit([0, 3], { k: 2 }),
  "RangeError: Categorical.fit: k = 2, but category 3 occurs in the data, at data[1]",
);
// A value of the wrong kind is a TypeError, never converted: here strings from a CSV parser.
show(
  () => Gaussian.fit(["1.5", "2"] as unknown as number[]),
  'TypeError: Gaussian.fit: data[0] must be a number, got "1.5"',
);
// Constant data has no Gaussian MLE with σ > 0; fit says so instead of returning σ = 0.
show(
  () => Gaussian.fit([5, 5, 5]),
  "RangeError: Gaussian.fit: all 3 value(s) equal 5, so the MLE std is 0: a point mass, not a Gaussian with std > 0",
);
// #endregion

// #region support
// Outside the support, a log-probability is -Infinity (probability 0): not an error.
console.log(new Bernoulli(0.3).logProb(2)); // -Infinity
console.log(new Categorical([0.2, 0.8]).logProb(7)); // -Infinity
console.log(new Gaussian(0, 1).logLikelihood([0, Infinity])); // -Infinity
// A NaN argument is a bug in the caller, so it throws rather than returning NaN.
show(() => new Gaussian(0, 1).logProb(Number.NaN), "RangeError: Gaussian.logProb: x is NaN");
// #endregion

// #region tails
const z = new Gaussian(0, 1);
console.log(z.cdf(-10)); // 7.619853024160…e-24, accurate to ~1e-14 relative
console.log(z.cdf(-40)); // 0: the true value, 3.6e-350, is below the smallest double
console.log(z.logCdf(-40)); // -804.608…: still exact in log space
console.log(z.quantile(1e-300)); // -37.047096299361…
console.log(z.quantile(0), z.quantile(1)); // -Infinity, Infinity
show(() => z.quantile(2), "RangeError: Gaussian.quantile: p must be in [0, 1], got 2");
// #endregion

// #region limits
// Sizes taken from the caller are bounded, so one number can't ask for gigabytes or hours.
import { MAX_CATEGORIES, MAX_RESULT_SIZE } from "../src/index.js";

console.log(MAX_CATEGORIES); // 65536
console.log(MAX_RESULT_SIZE); // 1073741824
show(
  () => new Gaussian(0, 1).sample(createRng(1), MAX_RESULT_SIZE + 1),
  "RangeError: Gaussian.sample: n must be at most MAX_RESULT_SIZE = 2^30, got 1073741825",
);
show(
  () => Gaussian.fit({ length: -1 }),
  "RangeError: Gaussian.fit: data.length must be an integer in [0, MAX_RESULT_SIZE = 2^30], got -1",
);
// #endregion

// #region unchanged
// A failed call changes nothing: here the statistics keep what they had.
const stats = Gaussian.stats().addAll([1, 2, 3]);
show(() => stats.addAll([4, Number.NaN]), "RangeError: GaussianStats.addAll: data[1] is NaN; data must be finite");
console.log(stats.count); // 3
// #endregion

// Keep the comments above honest (show() has checked every message already).
const checks: Array<[number, number]> = [
  [new Bernoulli(0.3).logProb(2), -Infinity],
  [new Categorical([0.2, 0.8]).logProb(7), -Infinity],
  [new Gaussian(0, 1).logLikelihood([0, Infinity]), -Infinity],
  [z.cdf(-40), 0],
  [z.quantile(0), -Infinity],
  [z.quantile(1), Infinity],
  [stats.count, 3],
];
for (const [got, expected] of checks) if (got !== expected) throw new Error(`expected ${expected}, got ${got}`);
if (Math.abs(z.cdf(-10) / 7.61985302416047e-24 - 1) > 1e-13) throw new Error("cdf(-10)");
if (Math.abs(z.logCdf(-40) / -804.6084420137538 - 1) > 1e-14) throw new Error("logCdf(-40)");
if (Math.abs(z.quantile(1e-300) / -37.0470962993612 - 1) > 1e-13) throw new Error("quantile(1e-300)");
console.log("every documented error and edge case behaves as documented");
