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
  return Math.exp(Math.log(x) + logBirnbaumTingeySum(n, nxFloor, alpha));
}

/**
 * log Σ_{v=0}^{n−⌊nx⌋−1} C(n, v) (x + v/n)^{v−1} (1 − x − v/n)^{n−v}. (When α = 0 the last term of
 * the formula's range has base 0 and is left out, which this upper limit does.)
 *
 * The terms rise from far below the double range to a peak and fall again, so the sum keeps a
 * running scale (the log of the largest term so far) and stops once the terms left cannot
 * change it: 4 · (terms left) · term < ε · sum, the rule scipy uses. log C(n, v) is accumulated
 * with Neumaier compensation, one log((n − v)/(v + 1)) per step, so it stays within a few ulps
 * of its value (lgamma differences would lose ~ε·log n! to cancellation).
 */
function logBirnbaumTingeySum(n: number, nxFloor: number, alpha: number): number {
  const terms = n - nxFloor;
  const logN = Math.log(n);
  let logBinom = 0;
  let logBinomC = 0;
  let scale = -Infinity; // log of the factor every term is divided by
  let sum = 0;
  let previous = -Infinity;
  for (let v = 0; v < terms; v++) {
    // (v − 1) log((v + nx)/n) + (n − v) log((n − v − nx)/n); for v = 0, (x)^{−1} = n/nx.
    const up = v + nxFloor + alpha;
    const down = n - v - nxFloor - alpha;
    const logTerm = logBinom + logBinomC + (v - 1) * (Math.log(up) - logN) + (n - v) * (Math.log(down) - logN);
    if (logTerm > scale) {
      // Rescale what has been summed to the new, larger reference.
      sum = sum * Math.exp(scale - logTerm);
      scale = logTerm;
    }
    const term = Math.exp(logTerm - scale);
    sum += term;
    // Past the peak, stop when the remaining terms (each smaller than this one) are negligible.
    if (logTerm < previous && 4 * (terms - v) * term < Number.EPSILON * sum) break;
    previous = logTerm;
    // log C(n, v + 1) = log C(n, v) + log((n − v)/(v + 1)), compensated.
    const step = Math.log((n - v) / (v + 1));
    const t = logBinom + step;
    logBinomC += Math.abs(logBinom) >= Math.abs(step) ? logBinom - t + step : step - t + logBinom;
    logBinom = t;
  }
  return Math.log(sum) + scale;
}
