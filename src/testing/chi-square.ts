import { regularizedGammaQ } from "../core/gamma.js";
import { compensatedSum as sum } from "../core/sum.js";
import { readOptions } from "../core/options.js";
import { describe, requireData, requireInteger } from "../core/validate.js";

/**
 * P(X ≥ x) for X ~ χ²(df): the regularized upper incomplete gamma function Q(df/2, x/2), as
 * `scipy.stats.chi2.sf(x, df)`. Accurate to ~1e-14 relative down to 1e-300 and below (the far
 * tail is computed directly, never as 1 − CDF).
 *
 * @param x - the statistic; x ≤ 0 gives 1, +Infinity gives 0.
 * @param df - the degrees of freedom, finite and > 0 (need not be an integer).
 * @throws TypeError/RangeError naming `chiSquareSurvival` and the bad argument.
 * @example
 * ```ts
 * chiSquareSurvival(3.841458820694124, 1); // 0.05
 * chiSquareSurvival(1500, 10); // 2.52e-316, where scipy's chi2.sf underflows to 0
 * ```
 */
export function chiSquareSurvival(x: number, df: number): number {
  if (typeof x !== "number") throw new TypeError(`chiSquareSurvival: x must be a number, got ${describe(x)}`);
  if (Number.isNaN(x)) throw new RangeError("chiSquareSurvival: x is NaN");
  if (typeof df !== "number") throw new TypeError(`chiSquareSurvival: df must be a number, got ${describe(df)}`);
  if (!(df > 0 && df < Infinity))
    throw new RangeError(`chiSquareSurvival: df must be finite and > 0, got ${describe(df)}`);
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}

/**
 * Options of {@link chiSquareTest}.
 *
 * @example
 * ```ts
 * // One parameter was estimated from the same counts: one fewer degree of freedom.
 * chiSquareTest([16, 18, 16, 14, 12, 12], [16, 16, 16, 16, 16, 8], { ddof: 1 }).df; // 4
 * ```
 */
export interface ChiSquareTestOptions {
  /**
   * "Delta degrees of freedom": how many parameters of the expected distribution were
   * estimated from the observed counts; df = k − 1 − ddof. Default 0.
   */
  ddof?: number;
}

/**
 * The outcome of a chi-square goodness-of-fit test.
 *
 * @example
 * ```ts
 * const { statistic, df, pValue }: ChiSquareTestResult = chiSquareTest([16, 18, 16, 14, 12, 12]);
 * ```
 */
export interface ChiSquareTestResult {
  /** Pearson's statistic Σ (observed − expected)² / expected. */
  statistic: number;
  /** The degrees of freedom, k − 1 − ddof for k cells. */
  df: number;
  /** P(χ²(df) ≥ statistic): the chance of a statistic this large if the expected counts are right. */
  pValue: number;
}

// scipy's tolerance on Σ observed = Σ expected, relative to the smaller sum.
const SUM_TOLERANCE = 1e-8;

/**
 * Pearson's chi-square goodness-of-fit test of observed counts against expected ones, as
 * `scipy.stats.chisquare(observed, expected, ddof)`: statistic Σ (o − e)²/e, df = k − 1 − ddof,
 * p-value {@link chiSquareSurvival}(statistic, df).
 *
 * `expected` may be
 * - counts, which must sum to the observed total (within 1e-8 relative, as scipy requires);
 * - probabilities (summing to 1 within 1e-8), which are scaled to the observed total;
 * - omitted, for equal expected counts.
 *
 * The χ² distribution is an approximation that wants every expected count to be about 5 or
 * more; {@link expectSampledFrom} merges cells until they are.
 *
 * @param observed - k ≥ 2 finite counts ≥ 0 (need not be integers).
 * @param expected - k finite values > 0: counts or probabilities; equal counts when omitted.
 * @throws TypeError/RangeError naming `chiSquareTest`, the argument and the bad value or index.
 * @example
 * ```ts
 * chiSquareTest([16, 18, 16, 14, 12, 12]).pValue; // 0.8491… (statistic 2, df 5), as scipy.stats.chisquare
 * chiSquareTest([16, 18, 16, 14, 12, 12], [1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6]).pValue; // 0.8491…
 * chiSquareTest([16, 18, 16, 14, 12, 12], [16, 16, 16, 16, 16, 8], { ddof: 1 }).pValue; // 0.4778…
 * ```
 */
export function chiSquareTest(
  observed: ArrayLike<number>,
  expected?: ArrayLike<number>,
  options: ChiSquareTestOptions = {},
): ChiSquareTestResult {
  const obs = requireCounts("observed", observed, 0);
  const k = obs.length;
  if (k < 2) throw new RangeError(`chiSquareTest: observed must have at least 2 cells, got ${k}`);
  // Own properties only, and a misspelt key ({ dof: 1 }) is an error, not a silent default.
  const o = readOptions("chiSquareTest", options, ["ddof"]);
  const ddof = o.ddof === undefined ? 0 : requireInteger("chiSquareTest: ddof", o.ddof, 0);
  const df = k - 1 - ddof;
  if (df < 1) throw new RangeError(`chiSquareTest: df = k - 1 - ddof = ${k} - 1 - ${ddof} must be >= 1`);
  const total = sum(obs);
  if (!(total > 0)) throw new RangeError("chiSquareTest: the observed counts are all 0; there is nothing to test");
  let exp: Float64Array;
  if (expected === undefined) {
    exp = new Float64Array(k).fill(total / k);
  } else {
    exp = requireCounts("expected", expected, Number.MIN_VALUE);
    if (exp.length !== k) {
      throw new RangeError(`chiSquareTest: expected has ${exp.length} cells but observed has ${k}`);
    }
    const expectedTotal = sum(exp);
    if (Math.abs(expectedTotal - 1) <= SUM_TOLERANCE) {
      for (let i = 0; i < k; i++) exp[i] = exp[i]! * total; // probabilities → counts
    } else if (!(Math.abs(total - expectedTotal) <= SUM_TOLERANCE * Math.min(total, expectedTotal))) {
      throw new RangeError(
        `chiSquareTest: expected must be probabilities (summing to 1) or counts summing to the observed total ${total}, got a sum of ${expectedTotal}`,
      );
    }
  }
  const terms = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const d = obs[i]! - exp[i]!;
    terms[i] = (d * d) / exp[i]!;
  }
  const statistic = sum(terms);
  return { statistic, df, pValue: chiSquareSurvival(statistic, df) };
}

/** A copy of finite values ≥ min as a Float64Array; the error names the argument and index. */
function requireCounts(name: string, values: unknown, min: number): Float64Array {
  const xs = requireData(`chiSquareTest: ${name}`, values);
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (typeof v !== "number") throw new TypeError(`chiSquareTest: ${name}[${i}] must be a number, got ${describe(v)}`);
    if (!(v >= min && v < Infinity)) {
      throw new RangeError(
        `chiSquareTest: ${name}[${i}] must be finite and ${min > 0 ? "> 0" : ">= 0"}, got ${describe(v)}`,
      );
    }
    out[i] = v;
  }
  return out;
}
