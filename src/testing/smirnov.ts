import { stirlerr } from "../core/gamma.js";

/**
 * The one-sided Kolmogorov–Smirnov (Smirnov) distribution: P(D⁺_n ≥ x), where
 * D⁺_n = sup_t (F_n(t) − F(t)) for n draws. The two-sided survival function uses it where the
 * two one-sided events cannot both happen (x ≥ ½), or where their overlap is below double
 * precision (large n x²): there P(D_n ≥ x) = 2 P(D⁺_n ≥ x).
 *
 * The regimes and their boundaries are those of scipy.special.smirnov (van Mulbregt 2018), so
 * that ksSurvival agrees with scipy.stats.kstwo.sf; the exact sum is evaluated in log space
 * here, where scipy uses double-double arithmetic.
 */

// Below this log every probability is 0 in doubles: cephes' MINLOG, log 2⁻¹⁰⁷⁵ (half the
// smallest subnormal), which scipy's smirnov tests −2 n x² against.
const MIN_LOG = -745.1332191019412;
// Beyond this n scipy uses the asymptotic formula instead of the O(n) exact sum; so do we.
const MAX_EXACT_N = 1_000_000;

/**
 * n·x as floor(n·x) + α with 0 ≤ α < 1, α exact: n·x rounds, so its rounding error is
 * recovered with Dekker's product (a splitting of both factors into 26-bit halves whose partial
 * products are exact). α is what decides which terms of the sum vanish, so it must not be off by
 * a rounding of n·x.
 */
function splitNx(n: number, x: number): { floor: number; alpha: number } {
  const nx = n * x;
  const split = 134217729; // 2²⁷ + 1
  const nHi = n * split - (n * split - n);
  const nLo = n - nHi;
  const xHi = x * split - (x * split - x);
  const xLo = x - xHi;
  const err = nHi * xHi - nx + nHi * xLo + nLo * xHi + nLo * xLo; // n·x = nx + err exactly
  let floor = Math.floor(nx);
  let alpha = nx - floor + err; // nx − floor is exact (Sterbenz), err is tiny
  if (alpha < 0) {
    floor -= 1;
    alpha += 1;
  } else if (alpha >= 1) {
    floor += 1;
    alpha -= 1;
  }
  return { floor, alpha };
}

/**
 * P(D⁺_n ≥ x), the survival function of the one-sided statistic, as scipy.special.smirnov(n, x).
 * `n` is a positive integer and `x` in [0, 1] (callers check).
 *
 * For 1/n < x < 1 − 1/n it is the Birnbaum–Tingey sum
 *
 *   x Σ_{v=0}^{⌊n(1−x)⌋} C(n, v) (x + v/n)^{v−1} (1 − x − v/n)^{n−v},
 *
 * whose terms are all positive: each is computed as the exp of its log, with the bases written as
 * (v + ⌊nx⌋ + α)/n and (n − v − ⌊nx⌋ − α)/n from the exact split nx = ⌊nx⌋ + α, so the small
 * last bases lose nothing to cancellation.
 */
export function smirnovSurvival(n: number, x: number): number {
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const { floor: nxFloor, alpha } = splitNx(n, x);
  // x ≤ 1/n: P(D⁺ < x) = x (1 + x)^{n−1}.
  if (nxFloor === 0 || (nxFloor === 1 && alpha === 0)) return 1 - x * Math.exp((n - 1) * Math.log1p(x));
  // P ≤ exp(−2 n x²) underflows.
  if (-2 * n * x * x < MIN_LOG) return 0;
  // x ≥ 1 − 1/n: only the v = 0 term is left.
  if (nxFloor >= n - 1) return Math.exp(n * Math.log1p(-x));
  if (n > MAX_EXACT_N) {
    // Smirnov's asymptotic form with Miller's correction, p ≈ exp(−(6nx + 1)² / 18n), as scipy.
    const logp = -((6 * n * x + 1) ** 2) / 18 / n;
    return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
  }
  // Multiplied in log space: a result in the subnormal range keeps all the digits it can.
  return Math.exp(logSmirnovSum(n, x, nxFloor, alpha));
}

/**
 * log x + log Σ_{v=0}^{n−⌊nx⌋−1} C(n, v) (x + v/n)^{v−1} (1 − x − v/n)^{n−v}, the log of
 * P(D⁺_n ≥ x). (When α = 0 the last term of the formula's range has base 0 and is left out, which
 * this upper limit does.)
 *
 * With c = n x, a = v + c and b = n − a, Stirling's formula for the three factorials of C(n, v)
 * turns the log of term v (times x) into
 *
 *   −log1p(v/c) + v·g(c/v) + (n − v)·g(−c/(n − v)) + ½ log(n / (2π v (n − v))) + δ(n) − δ(v) − δ(n − v)
 *
 * where g(t) = log1p(t) − t and δ = stirlerr, log m! − (m log m − m + ½ log 2πm): the pieces of size n
 * (n log n, v log v, the ±c of the two logs) cancel exactly on paper and are never formed.
 * The largest terms lie near v = n/2, where each piece is at most ~2 n x² ≤ 745 and is computed
 * to a few ulps, so each term is within ~1e-14 relative at any n (the plain sum of logs lost
 * ~n·ε: 5e-10 at n = 10⁶).
 *
 * The terms rise from far below the double range to a peak and fall again. They are summed
 * (Neumaier-compensated) relative to a scale fixed near the peak, which moves only if a term
 * exceeds it by e³⁰⁰, and the loop stops past the peak once the terms left cannot change the sum:
 * 4 · (terms left) · term < ε · sum, the rule scipy uses.
 */
const SKIP = 60;

function logSmirnovSum(n: number, x: number, nxFloor: number, alpha: number): number {
  const terms = n - nxFloor;
  const c = nxFloor + alpha;
  const deltaN = stirlerr(n);
  const logTerm = (v: number): number => {
    if (v === 0) return n * Math.log1p(-x); // x · x⁻¹ (1 − x)ⁿ
    const rest = n - v;
    return (
      -Math.log1p(v / c) +
      v * log1pMinus(c / v) +
      rest * log1pMinus(-c / rest) +
      0.5 * Math.log(n / (2 * Math.PI * v * rest)) +
      deltaN -
      stirlerr(v) -
      stirlerr(rest)
    );
  };
  // The peak of Σ is near v = (n − c)/2; its term is a reference within a few units of the largest.
  const peak = Math.min(terms - 1, Math.max(0, Math.round((n - c) / 2)));
  let scale = logTerm(peak);
  // The terms rise monotonically to the peak: skip those below e⁻⁶⁰ of it (at most n of them,
  // together below n·1e-26 of the sum), found by bisection.
  let first = 0;
  if (logTerm(0) < scale - SKIP) {
    let hi = peak; // logTerm(hi) ≥ scale − SKIP > logTerm(first)
    while (hi - first > 1) {
      const mid = (first + hi) >>> 1;
      if (logTerm(mid) < scale - SKIP) first = mid;
      else hi = mid;
    }
  }
  let sum = 0;
  let compensation = 0;
  let previous = -Infinity;
  for (let v = first; v < terms; v++) {
    const lt = logTerm(v);
    if (lt > scale + 300) {
      const shrink = Math.exp(scale - lt);
      sum *= shrink;
      compensation *= shrink;
      scale = lt;
    }
    const term = Math.exp(lt - scale);
    const t = sum + term;
    compensation += Math.abs(sum) >= term ? sum - t + term : term - t + sum;
    sum = t;
    // Past the peak, stop when the remaining terms (each smaller than this one) are negligible.
    if (lt < previous && 4 * (terms - v) * term < Number.EPSILON * sum) break;
    previous = lt;
  }
  return Math.log(sum + compensation) + scale;
}

/**
 * g(t) = log(1 + t) − t without the cancellation of its two terms for small t: with
 * s = t/(2 + t), log(1 + t) = 2 atanh s = 2(s + s³/3 + s⁵/5 + …) and 2s − t = −t²/(2 + t), so
 * g(t) = −t²/(2 + t) + 2(s³/3 + s⁵/5 + …), every term of one sign for t > 0.
 */
function log1pMinus(t: number): number {
  if (t < -0.5 || t > 1) return Math.log1p(t) - t; // |g(t)| > 0.19 |t|: no cancellation to fear
  const s = t / (2 + t);
  const s2 = s * s;
  if (s2 < 0.01) {
    // |s| < 0.1: eight terms of the series leave less than s¹⁶ ≤ 1e-16 of it.
    const p =
      1 / 3 + s2 * (1 / 5 + s2 * (1 / 7 + s2 * (1 / 9 + s2 * (1 / 11 + s2 * (1 / 13 + s2 * (1 / 15 + s2 / 17))))));
    return (-t * t) / (2 + t) + 2 * s * s2 * p;
  }
  let power = s * s2;
  let series = 0;
  for (let k = 3; k < 80; k += 2) {
    const next = series + power / k;
    if (next === series) break;
    series = next;
    power *= s2;
  }
  return (-t * t) / (2 + t) + 2 * series;
}
