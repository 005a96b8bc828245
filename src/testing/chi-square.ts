import { regularizedGammaQ } from "../core/gamma.js";
import { readOptions } from "../core/options.js";
import { closestOption } from "../core/option-names.js";
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
 * more; `expectSampledFrom` (ptheta/testing) merges cells until they are.
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
  const obs = requireData("chiSquareTest: observed", observed);
  const k = obs.length;
  if (k < 2) throw new RangeError(`chiSquareTest: observed must have at least 2 cells, got ${k}`);
  // Own properties only, and a misspelt key ({ dof: 1 }) is an error, not a silent default.
  const o = readOptions("chiSquareTest", options, ["ddof"], closestOption);
  const ddof = o.ddof === undefined ? 0 : requireInteger("chiSquareTest: ddof", o.ddof, 0);
  const df = k - 1 - ddof;
  if (df < 1) throw new RangeError(`chiSquareTest: df = k - 1 - ddof = ${k} - 1 - ${ddof} must be >= 1`);
  const exp = expected === undefined ? undefined : requireData("chiSquareTest: expected", expected);
  if (exp !== undefined && exp.length !== k) {
    throw new RangeError(`chiSquareTest: expected has ${exp.length} cells but observed has ${k}`);
  }
  // Two passes over the cells, nothing allocated beyond requireData's copies of plain arrays:
  // one checks every cell and sums both (the observed total compensated, as it scales
  // probabilities; the expected total only decides counts or probabilities, to 1e-8), one sums
  // the terms (o − e)²/e with Neumaier's compensation as they are formed. (Per call, this is
  // what is left of the cost: at k = 10⁴ a pass per check, sum and copy tripled it.)
  let total = 0;
  let compensation = 0;
  let expectedTotal = 0;
  for (let i = 0; i < k; i++) {
    const v = obs[i]!;
    if (!(v >= 0 && v < Infinity)) badCount("observed", i, v, 0);
    const t = total + v;
    compensation += total >= v ? total - t + v : v - t + total;
    total = t;
    if (exp !== undefined) {
      const w = exp[i]!;
      if (!(w > 0 && w < Infinity)) badCount("expected", i, w, Number.MIN_VALUE);
      expectedTotal += w;
    }
  }
  if (Number.isFinite(total)) total += compensation;
  if (!(total > 0)) throw new RangeError("chiSquareTest: the observed counts are all 0; there is nothing to test");
  let scale = 1;
  if (exp !== undefined) {
    if (Math.abs(expectedTotal - 1) <= SUM_TOLERANCE) {
      scale = total; // probabilities → counts
    } else if (!(Math.abs(total - expectedTotal) <= SUM_TOLERANCE * Math.min(total, expectedTotal))) {
      throw new RangeError(
        `chiSquareTest: expected must be probabilities (summing to 1) or counts summing to the observed total ${total}, got a sum of ${expectedTotal}`,
      );
    }
  }
  const statistic = exp === undefined ? pearsonEqual(obs, total / k) : pearson(obs, exp, scale);
  return { statistic, df, pValue: chiSquareSurvival(statistic, df) };
}

/** Σ (o − s e)² / (s e), Neumaier-compensated, in one pass. */
function pearson(obs: ArrayLike<number>, exp: ArrayLike<number>, scale: number): number {
  let statistic = 0;
  let compensation = 0;
  for (let i = 0; i < obs.length; i++) {
    const e = exp[i]! * scale;
    const d = obs[i]! - e;
    const term = (d * d) / e;
    const t = statistic + term;
    compensation += statistic >= term ? statistic - t + term : term - t + statistic;
    statistic = t;
  }
  return statistic + compensation;
}

/** Σ (o − e)² / e for one expected count e, Neumaier-compensated, in one pass. */
function pearsonEqual(obs: ArrayLike<number>, e: number): number {
  let statistic = 0;
  let compensation = 0;
  const inverse = 1 / e;
  for (let i = 0; i < obs.length; i++) {
    const d = obs[i]! - e;
    const term = d * d * inverse;
    const t = statistic + term;
    compensation += statistic >= term ? statistic - t + term : term - t + statistic;
    statistic = t;
  }
  return statistic + compensation;
}

function badCount(name: string, i: number, v: unknown, min: number): never {
  if (typeof v !== "number") throw new TypeError(`chiSquareTest: ${name}[${i}] must be a number, got ${describe(v)}`);
  throw new RangeError(
    `chiSquareTest: ${name}[${i}] must be finite and ${min > 0 ? "> 0" : ">= 0"}, got ${describe(v)}`,
  );
}
