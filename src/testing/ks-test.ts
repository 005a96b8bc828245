import { describe, requireData } from "../core/validate.js";
import { kolmogorovSmirnovSurvival } from "./ks-survival.js";

/**
 * A fully specified continuous distribution for {@link ksTest}: anything with a `cdf` method
 * (every continuous ptheta distribution), or the CDF itself as a function.
 *
 * @example
 * ```ts
 * const standardNormal: CdfLike = new Gaussian(0, 1);
 * const uniform: CdfLike = (x) => Math.min(Math.max(x, 0), 1);
 * ```
 */
export type CdfLike =
  | {
      /** P(X ≤ x). */
      cdf(x: number): number;
    }
  | ((x: number) => number);

/**
 * The outcome of a Kolmogorov–Smirnov test.
 *
 * @example
 * ```ts
 * const { statistic, pValue }: KsTestResult = ksTest(data, new Gaussian(0, 1));
 * ```
 */
export interface KsTestResult {
  /** D_n = sup_x |F_n(x) − F(x)|, the largest gap between the empirical and the tested CDF. */
  statistic: number;
  /** P(D_n ≥ statistic) when the data are n independent draws from the tested distribution. */
  pValue: number;
}

/**
 * The one-sample, two-sided Kolmogorov–Smirnov test of "these data are independent draws from
 * this continuous distribution", as `scipy.stats.kstest(data, cdf)` (method "auto", which in
 * scipy always means the exact distribution of D_n): the statistic is
 * D_n = max_i max(i/n − F(x₍ᵢ₎), F(x₍ᵢ₎) − (i − 1)/n) over the sorted data, and the p-value is
 * {@link ksSurvival}(D_n, n), exact up to n = 10⁶ except near d ≈ 1/√n for n > 1,100 (see there).
 *
 * The distribution must be fully specified: parameters estimated from the same data make the
 * p-values too large (that is Lilliefors' test, not this one). Ties make the test conservative,
 * so do not use it for discrete distributions (use {@link chiSquareTest}).
 *
 * @param data - the sample: a non-empty array of numbers (±Infinity allowed, NaN not).
 * @param distOrCdf - a distribution with `cdf`, or the CDF; it must return values in [0, 1] that
 *   never decrease over the sorted data (else a RangeError: a survival function or a density
 *   passed by mistake is refused, not tested).
 * @throws TypeError/RangeError naming `ksTest`, the argument and the bad value or index.
 * @example
 * ```ts
 * const draws = new Gaussian(5, 0.8).sample(createRng(7), 2000);
 * ksTest(draws, new Gaussian(5, 0.8)).pValue; // 0.185…
 * ksTest(draws, new Gaussian(5.2, 0.8)).pValue < 1e-6; // true: the mean is off by σ/4
 * ksTest(draws, (x) => new Gaussian(5, 0.8).cdf(x)).statistic; // 0.0243…
 * ```
 */
export function ksTest(data: ArrayLike<number>, distOrCdf: CdfLike): KsTestResult {
  const xs = requireData("ksTest", data);
  const n = xs.length;
  if (n === 0) throw new RangeError("ksTest: data is empty; at least one value is needed");
  const cdf = cdfOf(distOrCdf);
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = xs[i];
    if (typeof x !== "number") throw new TypeError(`ksTest: data[${i}] must be a number, got ${describe(x)}`);
    if (Number.isNaN(x)) throw new RangeError(`ksTest: data[${i}] is NaN`);
    sorted[i] = x;
  }
  sorted.sort();
  // D⁺ = max (i+1)/n − F(x₍ᵢ₎) and D⁻ = max F(x₍ᵢ₎) − i/n (0-based i), written as scipy writes
  // them so the statistic matches its last bit.
  let dPlus = -Infinity;
  let dMinus = -Infinity;
  let previous = 0;
  for (let i = 0; i < n; i++) {
    const x = sorted[i]!;
    const f = cdf(x);
    if (typeof f !== "number" || !(f >= 0 && f <= 1)) {
      throw new RangeError(`ksTest: the cdf must return a number in [0, 1], got ${describe(f)} at x = ${describe(x)}`);
    }
    // A CDF never decreases: one that does (a survival function passed by mistake, a density)
    // would give a p-value about something else. Rounding may wobble a real CDF by an ulp or so.
    if (f < previous - MONOTONE_SLACK) {
      throw new RangeError(
        `ksTest: the cdf decreases, from ${describe(previous)} at x = ${describe(sorted[i - 1])} to ${describe(f)} at x = ${describe(x)}; pass P(X ≤ x) (a survival function or a density is not a CDF)`,
      );
    }
    if (f > previous) previous = f;
    const plus = (i + 1) / n - f;
    const minus = f - i / n;
    if (plus > dPlus) dPlus = plus;
    if (minus > dMinus) dMinus = minus;
  }
  const statistic = dPlus > dMinus ? dPlus : dMinus;
  return { statistic, pValue: kolmogorovSmirnovSurvival(n, statistic) };
}

// How far a CDF may step down between sorted points before it is refused (rounding, not shape).
const MONOTONE_SLACK = 1e-12;

function cdfOf(distOrCdf: CdfLike): (x: number) => number {
  if (typeof distOrCdf === "function") return distOrCdf;
  if (distOrCdf !== null && typeof distOrCdf === "object" && typeof distOrCdf.cdf === "function") {
    return (x) => distOrCdf.cdf(x);
  }
  throw new TypeError(
    `ksTest: distOrCdf must be a distribution with a cdf method or a function, got ${describe(distOrCdf)}`,
  );
}
