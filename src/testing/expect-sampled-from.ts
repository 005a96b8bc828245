import { Bernoulli } from "../distributions/bernoulli/bernoulli.js";
import { Categorical } from "../distributions/categorical/categorical.js";
import { Poisson } from "../distributions/poisson/poisson.js";
import { readOptions } from "../core/options.js";
import { closestOption } from "../core/option-names.js";
import { logFactorial } from "../core/gamma.js";
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
// At most this many cells: a wider range of counts (Poisson(1e15)) is cut into equal runs.
const MAX_CELLS = 100_000;

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
 *   a Bernoulli, a category of probability 0, a fraction) is a rejection by itself, and draws
 *   where fewer than 0.001 are expected (zeros from a Poisson(5e7), a 1 from a Poisson(1e-300))
 *   are tested exactly, however the cells merge: the p-value is the smaller of that test's and
 *   the chi-square's. When the expected counts fill fewer than two cells and no draw lies in the
 *   tails there is nothing to test: the result has df 0 and p-value 1. The distribution's
 *   `logProb` must be ≤ 0 and its `cdf` in [0, 1] and non-decreasing where evaluated
 *   (RangeError otherwise).
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
  // Own properties only (an Object.prototype.alpha is not an option), misspelt keys refused.
  const o = readOptions(where, options, ["alpha", "discrete"], closestOption);
  const alpha = o.alpha ?? 1e-6;
  if (typeof alpha !== "number" || !(alpha > 0 && alpha < 1)) {
    throw new RangeError(`${where}: alpha must be in (0, 1), got ${describe(alpha)}`);
  }
  if (o.discrete !== undefined && typeof o.discrete !== "boolean") {
    throw new TypeError(`${where}: discrete must be true or false, got ${describe(o.discrete)}`);
  }
  const discrete = o.discrete ?? isDiscreteFamily(dist);
  let result: SampleTestResult;
  if (discrete) {
    if (typeof dist.logProb !== "function") {
      throw new TypeError(`${where}: a discrete dist needs a logProb method`);
    }
    const { tailPValue, tailReason, ...chi } = mergedChiSquare(xs, dist as Required<TestedDistribution>);
    result = { test: "chi-square", ...chi };
    if (tailPValue < alpha && tailPValue === chi.pValue) {
      throw new Error(
        `${where}: the samples are not from ${name(dist)}: ${tailReason} (p-value ${format(tailPValue)} < alpha = ${alpha})`,
      );
    }
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

/** A chi-square test of binned draws, with the exact test of the draws in its far tails. */
interface DiscreteTestResult extends ChiSquareTestResult {
  cells: number;
  /** The exact tail tests' p-value (1 when no draw is there). */
  tailPValue: number;
  /** What the tail tests found, for the error message. */
  tailReason: string;
}

/**
 * Pearson's chi-square of counts over the counts 0, 1, 2, … against `dist`, and an exact test of
 * the draws that land where almost none are expected.
 *
 * The cells span [L, U]: L the first count below which fewer than TAIL_EXPECTED draws are
 * expected, U the first beyond which as few are (both found by bisection on the cdf, so a
 * Poisson(5e7) costs ~100 cdf calls, not 5·10⁷ masses); one cell per count (its mass from
 * logProb), or equal runs of counts (masses from cdf differences) when [L, U] holds more than
 * MAX_CELLS counts; and a cell for each tail. Cells are merged from the left until each expects
 * at least 5 draws.
 *
 * Merging can fold a tail into a cell full of honest draws, so the draws beyond [L, U] are also
 * tested on their own: with q the probability of the tails, k such draws have probability
 * P(Bin(n, q) ≥ k) ≤ (nq)^k / k!, and the most extreme of them, m below L or M above U, has
 * probability P(min ≤ m) ≤ n F(m) or P(max ≥ M) ≤ n P(X ≥ M) (0 when that is 0 in doubles: zeros
 * "from" Poisson(5e7), a 1 from Poisson(1e-300)). The p-value is the smallest of these and the
 * chi-square's. Each is valid (the tail ones conservative), and the tail tests can fire only when
 * some draw lands beyond [L, U], which honest samples do with probability below
 * 2·TAIL_EXPECTED: the size is at most alpha + min(2·alpha, 0.002).
 */
function mergedChiSquare(xs: ArrayLike<number>, dist: Required<TestedDistribution>): DiscreteTestResult {
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
  const logProb = (x: number): number => {
    const lp = dist.logProb(x);
    if (typeof lp !== "number" || Number.isNaN(lp) || lp > 0) {
      throw new RangeError(
        `${where}: dist.logProb(${x}) must be a log-probability (≤ 0), got ${describe(lp)}; a discrete dist's logProb is log P(X = x)`,
      );
    }
    return lp;
  };
  const cdf = (x: number): number => {
    const f = dist.cdf(x);
    if (typeof f !== "number" || !(f >= 0 && f <= 1)) {
      throw new RangeError(`${where}: dist.cdf(${x}) must be a probability in [0, 1], got ${describe(f)}`);
    }
    return f;
  };
  for (const [x, count] of counts) {
    if (!(Number.isInteger(x) && x >= 0 && logProb(x) > -Infinity)) {
      throw new Error(
        `${where}: the samples are not from ${name(dist)}: ${count} draw(s) equal ${describe(x)}, which it gives probability 0 (p-value 0)`,
      );
    }
  }
  const lower = firstCount(cdf, 0, (f) => n * f >= TAIL_EXPECTED);
  const upper = firstCount(cdf, lower, (f) => n * (1 - f) < TAIL_EXPECTED);
  const below = lower > 0 ? cdf(lower - 1) : 0;
  const top = cdf(upper);
  if (top < below)
    throw new RangeError(`${where}: dist.cdf decreases, from ${below} at ${lower - 1} to ${top} at ${upper}`);
  // The cells: the lower tail, [lower, upper] in runs of `width` counts, the upper tail.
  const width = Math.ceil((upper - lower + 1) / MAX_CELLS);
  const expected: number[] = [n * below];
  const observed: number[] = [0];
  let cumulative = below;
  let previous = below;
  for (let start = lower; start <= upper; start += width) {
    const end = Math.min(upper, start + width - 1);
    let mass: number;
    if (width === 1) {
      mass = Math.exp(logProb(start));
      cumulative += mass;
    } else {
      const f = cdf(end);
      if (f < previous) throw new RangeError(`${where}: dist.cdf decreases, from ${previous} to ${f} at ${end}`);
      mass = f - previous;
      previous = f;
      cumulative = f;
    }
    if (cumulative > 1 + 1e-9) {
      throw new RangeError(
        `${where}: dist's probabilities of 0..${end} add up to ${cumulative} > 1 (check its logProb)`,
      );
    }
    expected.push(n * mass);
    observed.push(0);
  }
  expected.push(n * Math.max(0, 1 - top));
  observed.push(0);
  let tailDraws = 0;
  for (const [x, count] of counts) {
    const cell = x < lower ? 0 : x > upper ? expected.length - 1 : 1 + Math.floor((x - lower) / width);
    observed[cell]! += count;
    if (x < lower || x > upper) tailDraws += count;
  }
  const tailExpected = expected[0]! + expected[expected.length - 1]!;
  const chi = pearson(expected, observed);
  let tailP = 1;
  let tailReason = "";
  if (tailDraws > 0) {
    // So many draws beyond [L, U]: P(Bin(n, q) ≥ k) ≤ (nq)^k / k!, in logs.
    tailP = tailExpected === 0 ? 0 : Math.exp(tailDraws * Math.log(tailExpected) - logFactorial(tailDraws));
    // A draw this far out: P(min ≤ m) ≤ n F(m) and P(max ≥ M) ≤ n P(X ≥ M).
    let min = Infinity;
    let max = -Infinity;
    for (const x of counts.keys()) {
      if (x < min) min = x;
      if (x > max) max = x;
    }
    tailReason = `${tailDraws} of n = ${n} draws lie outside ${lower}..${upper}, where it expects ${format(tailExpected)} in all`;
    if (min < lower && n * cdf(min) < tailP) {
      tailP = n * cdf(min);
      tailReason = `the smallest draw is ${min}, and P(X ≤ ${min}) = ${format(tailP / n)} per draw`;
    }
    if (max > upper && n * Math.max(0, 1 - cdf(max - 1)) < tailP) {
      tailP = n * Math.max(0, 1 - cdf(max - 1));
      tailReason = `the largest draw is ${max}, and P(X ≥ ${max}) = ${format(tailP / n)} per draw`;
    }
    tailP = Math.min(1, tailP);
  }
  return { ...chi, pValue: Math.min(chi.pValue, tailP), tailPValue: tailP, tailReason };
}

/**
 * The smallest count j ≥ from with done(cdf(j)), by doubling then bisection (done must be
 * monotone in j, as it is for a CDF); the largest safe integer when none is found below it.
 */
function firstCount(cdf: (x: number) => number, from: number, done: (f: number) => boolean): number {
  if (done(cdf(from))) return from;
  let lo = from; // not done
  let step = 1;
  let hi = from + step;
  while (!done(cdf(hi))) {
    lo = hi;
    if (hi >= Number.MAX_SAFE_INTEGER) return Number.MAX_SAFE_INTEGER;
    step *= 2;
    hi = Math.min(Number.MAX_SAFE_INTEGER, from + step);
  }
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (done(cdf(mid))) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Pearson's statistic over cells merged from the left until each expects at least
 * MIN_EXPECTED draws (the last, short group joins the one before it); df 0 and p-value 1 when
 * fewer than two groups remain (nothing to test).
 */
function pearson(expected: number[], observed: number[]): ChiSquareTestResult & { cells: number } {
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
