import { Bernoulli } from "../distributions/bernoulli/bernoulli.js";
import { Categorical } from "../distributions/categorical/categorical.js";
import { Poisson } from "../distributions/poisson/poisson.js";
import { describe, requireData } from "../core/validate.js";
import { chiSquareSurvival, type ChiSquareTestResult } from "./chi-square.js";
import { ksTest, type KsTestResult } from "./ks-test.js";

/**
 * A distribution {@link expectSampledFrom} can test samples against: anything with a `cdf`
 * (continuous), plus `logProb` for one on the counts 0, 1, 2, … (discrete).
 *
 * @example
 * ```ts
 * const exponential: TestedDistribution = { cdf: (x) => (x > 0 ? -Math.expm1(-2 * x) : 0) };
 * ```
 */
export interface TestedDistribution {
  /** P(X ≤ x). */
  cdf(x: number): number;
  /** log P(X = x) for a discrete distribution (−Infinity outside the support). */
  logProb?(x: number): number;
}

/**
 * Options of {@link expectSampledFrom}.
 *
 * @example
 * ```ts
 * expectSampledFrom(draws, dist, { alpha: 1e-9 }); // fewer false alarms, less power
 * ```
 */
export interface ExpectSampledFromOptions {
  /**
   * The significance level: samples are rejected when the p-value is below it. Default 1e-6,
   * so that a test suite running thousands of these checks almost never fails by chance; pass
   * 0.01 or 0.05 for the power a single, one-off check can afford.
   */
  alpha?: number;
  /**
   * Whether the distribution lives on the counts 0, 1, 2, … (tested by chi-square) rather than
   * being continuous (tested by Kolmogorov–Smirnov). Known for ptheta's own families (Bernoulli,
   * Categorical, Poisson are discrete); for another distribution the default is continuous.
   */
  discrete?: boolean;
}

/**
 * The test {@link expectSampledFrom} ran and its result: Kolmogorov–Smirnov for a continuous
 * distribution, chi-square (with merged cells) for a discrete one.
 *
 * @example
 * ```ts
 * const result: SampleTestResult = expectSampledFrom(draws, dist); // draws from dist
 * if (result.test === "Kolmogorov-Smirnov") console.log(result.statistic);
 * ```
 */
export type SampleTestResult =
  | ({
      /** The test that ran. */
      test: "Kolmogorov-Smirnov";
    } & KsTestResult)
  | ({
      /** The test that ran. */
      test: "chi-square";
      /** The cells left after merging, each expecting at least 5 draws. */
      cells: number;
    } & ChiSquareTestResult);

// The smallest expected count per cell for which the χ² approximation is trusted (Cochran's rule).
const MIN_EXPECTED = 5;
// The discrete cells run out to where fewer than this many draws are expected beyond them.
const TAIL_EXPECTED = 1e-3;
// A bound on the cells, for a distribution whose cdf never gets there: the rest is one tail cell.
const MAX_CELLS = 10_000_000;

/**
 * Asserts that `samples` look like independent draws from `dist`, by an exact goodness-of-fit
 * test, and throws an Error naming the test, its statistic and its p-value when they do not.
 * Returns the test's result otherwise.
 *
 * - Continuous distributions: the two-sided Kolmogorov–Smirnov test ({@link ksTest}, exact
 *   p-values).
 * - Discrete distributions on 0, 1, 2, … (Bernoulli, Categorical, Poisson, or any with
 *   `discrete: true` and `logProb`): Pearson's chi-square over the cells 0, 1, 2, … and a last
 *   cell for the upper tail, neighbouring cells merged from the left until every expected count is
 *   at least 5 (so the χ² approximation holds). A draw the distribution cannot produce (a 2 from
 *   a Bernoulli, a category of probability 0, a fraction) is a rejection by itself. When the
 *   expected counts fill fewer than two cells there is nothing to test: the result has df 0 and
 *   p-value 1.
 *
 * Calibrated: at `alpha` = 0.01, honest samples are rejected about 1 % of the time (test/testing
 * checks this over seeded runs). Power: at n = 5,000, a sampler whose mean is off by 0.06 σ is
 * caught about 9 times in 10 at `alpha` = 0.01; the default `alpha` = 1e-6 catches shifts of
 * about 0.1 σ at that n as reliably, while failing by chance once in a million runs.
 *
 * @param samples - the draws to check.
 * @param dist - the distribution they should come from.
 * @throws Error when the samples are rejected; TypeError/RangeError on bad arguments.
 * @example
 * ```ts
 * import { expectSampledFrom } from "ptheta/testing";
 * const g = new Gaussian(2, 3);
 * expectSampledFrom(g.sample(createRng(1), 5000), g).test; // "Kolmogorov-Smirnov"
 * expectSampledFrom(g.sample(createRng(1), 5000), new Gaussian(2.5, 3)); // Error: the message reads
 * // expectSampledFrom: the samples are not from Gaussian(mean=2.5, std=3): Kolmogorov-Smirnov
 * // statistic D = 0.05845 over n = 5000, p-value 2.72e-15 < alpha = 0.000001
 * ```
 */
export function expectSampledFrom(
  samples: ArrayLike<number>,
  dist: TestedDistribution,
  options: ExpectSampledFromOptions = {},
): SampleTestResult {
  const where = "expectSampledFrom";
  const xs = requireData(where, samples);
  if (xs.length === 0) throw new RangeError(`${where}: samples is empty; at least one draw is needed`);
  if (dist === null || typeof dist !== "object" || typeof dist.cdf !== "function") {
    throw new TypeError(`${where}: dist must be a distribution with a cdf method, got ${describe(dist)}`);
  }
  if (options === null || typeof options !== "object") throw new TypeError(`${where}: options must be an object`);
  const alpha = options.alpha ?? 1e-6;
  if (typeof alpha !== "number" || !(alpha > 0 && alpha < 1)) {
    throw new RangeError(`${where}: alpha must be in (0, 1), got ${describe(alpha)}`);
  }
  const discrete = options.discrete ?? isDiscreteFamily(dist);
  let result: SampleTestResult;
  if (discrete) {
    if (typeof dist.logProb !== "function") {
      throw new TypeError(`${where}: a discrete dist needs a logProb method`);
    }
    result = { test: "chi-square", ...mergedChiSquare(xs, dist as Required<TestedDistribution>) };
  } else {
    result = { test: "Kolmogorov-Smirnov", ...ksTest(xs, dist) };
  }
  if (result.pValue < alpha) {
    const detail =
      result.test === "Kolmogorov-Smirnov"
        ? `Kolmogorov-Smirnov statistic D = ${format(result.statistic)} over n = ${xs.length}`
        : `chi-square statistic ${format(result.statistic)} with ${result.df} degrees of freedom (${result.cells} cells) over n = ${xs.length}`;
    throw new Error(
      `${where}: the samples are not from ${name(dist)}: ${detail}, p-value ${format(result.pValue)} < alpha = ${alpha}`,
    );
  }
  return result;
}

function isDiscreteFamily(dist: TestedDistribution): boolean {
  return dist instanceof Bernoulli || dist instanceof Categorical || dist instanceof Poisson;
}

function format(x: number): string {
  return x === 0 || (Math.abs(x) >= 1e-4 && Math.abs(x) < 1e6) ? String(Number(x.toPrecision(4))) : x.toExponential(2);
}

function name(dist: TestedDistribution): string {
  // Its own toString (every ptheta distribution has one: "Gaussian(mean=0, std=1)"), else its JSON.
  const printable = dist as { toString(): string };
  if (printable.toString !== Object.prototype.toString) return printable.toString();
  const json = (dist as { toJSON?: () => unknown }).toJSON?.();
  return json === undefined ? "the given distribution" : JSON.stringify(json);
}

/**
 * Pearson's chi-square of counts over 0, 1, 2, … against `dist`, with cells merged from the left
 * until each expects at least 5 draws (the last, short group joins the one before it).
 */
function mergedChiSquare(
  xs: ArrayLike<number>,
  dist: Required<TestedDistribution>,
): ChiSquareTestResult & { cells: number } {
  const where = "expectSampledFrom";
  const n = xs.length;
  // Count the draws; anything the distribution cannot produce rejects outright.
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const x = xs[i];
    if (typeof x !== "number") throw new TypeError(`${where}: samples[${i}] must be a number, got ${describe(x)}`);
    if (Number.isNaN(x)) throw new RangeError(`${where}: samples[${i}] is NaN`);
    counts.set(x, (counts.get(x) ?? 0) + 1);
  }
  for (const [x, count] of counts) {
    if (!(Number.isInteger(x) && x >= 0 && dist.logProb(x) > -Infinity)) {
      throw new Error(
        `${where}: the samples are not from ${name(dist)}: ${count} draw(s) equal ${describe(x)}, which it gives probability 0 (p-value 0)`,
      );
    }
  }
  // Cells 0..J, J the first count beyond which fewer than TAIL_EXPECTED draws are expected,
  // and one last cell for everything above J.
  const expected: number[] = [];
  const observed: number[] = [];
  // The running sum of the masses gates the cdf call, which may cost more than a mass.
  let cumulative = 0;
  for (let j = 0; j < MAX_CELLS; j++) {
    const p = Math.exp(dist.logProb(j));
    cumulative += p;
    expected.push(n * p);
    observed.push(counts.get(j) ?? 0);
    if (cumulative > 0.5 && n * (1 - dist.cdf(j)) < TAIL_EXPECTED) break;
  }
  const tail = Math.max(0, 1 - dist.cdf(expected.length - 1));
  let above = 0;
  for (const [x, count] of counts) if (x >= expected.length) above += count;
  expected.push(n * tail);
  observed.push(above);
  // Merge neighbours until every group expects at least MIN_EXPECTED draws.
  const groupExpected: number[] = [];
  const groupObserved: number[] = [];
  let e = 0;
  let o = 0;
  for (let j = 0; j < expected.length; j++) {
    e += expected[j]!;
    o += observed[j]!;
    if (e >= MIN_EXPECTED) {
      groupExpected.push(e);
      groupObserved.push(o);
      e = 0;
      o = 0;
    }
  }
  if (groupExpected.length === 0) return { statistic: 0, df: 0, pValue: 1, cells: 1 };
  groupExpected[groupExpected.length - 1]! += e;
  groupObserved[groupObserved.length - 1]! += o;
  const cells = groupExpected.length;
  if (cells < 2) return { statistic: 0, df: 0, pValue: 1, cells };
  let statistic = 0;
  for (let g = 0; g < cells; g++) {
    const d = groupObserved[g]! - groupExpected[g]!;
    statistic += (d * d) / groupExpected[g]!;
  }
  const df = cells - 1;
  return { statistic, df, pValue: chiSquareSurvival(statistic, df), cells };
}
