import { describe, requireInteger } from "../core/validate.js";
import { smirnovSurvival } from "./smirnov.js";

/**
 * The distribution of the two-sided one-sample Kolmogorov–Smirnov statistic
 * D_n = sup_t |F_n(t) − F(t)| for n draws from a continuous F, computed as Simard & L'Ecuyer
 * (2011) propose and as scipy.stats.kstwo does (scipy/stats/_ksstats.py), with two changes
 * that make it more accurate:
 *
 * - n x ≤ 1 or n x ≥ n − 1: Ruben & Gambino's closed forms;
 * - x ≥ ½: 2 P(D⁺_n ≥ x), exact (the two one-sided events are then disjoint);
 * - n ≤ 140: Durbin's matrix (Marsaglia, Tsang & Wang) for n x² ≤ 0.754693, Pomeranz's
 *   recursion for n x² ≤ 4, and 2 P(D⁺_n ≥ x) beyond (Miller: the overlap is below 1e-16);
 * - n > 140: 2 P(D⁺_n ≥ x) for n x² ≥ 2.2, 0 for n x² ≥ 370, otherwise 1 − P(D_n < x) with the
 *   CDF from Durbin's matrix when n ≤ 100,000 and either n x^{3/2} ≤ 1.4 (scipy's rule) or the
 *   matrix costs at most 2·10⁷ multiply-adds (every n ≤ 1,100: our change), else from Pelz &
 *   Good's asymptotic series (Kolmogorov's limit with its 1/√n, 1/n and 1/n^{3/2} corrections).
 *
 * P(D⁺_n ≥ x) is the Birnbaum–Tingey sum, each term from Stirling's formula with the pieces of
 * size n cancelled on paper (our other change: a plain sum of logs, as before, lost ~n·ε, 5e-10
 * at n = 10⁶; see smirnov.ts). So everything up to n = 10⁶ is exact (within 1e-13 relative of
 * mpmath at the points tested, n = 141 to 10⁶) except the Pelz–Good region: x of order 1/√n, the
 * survival probability above ~0.02, n > 1,100, where the series is within 7e-8 absolute, its
 * error falling as n⁻² (6.5e-10 at n = 10,000), measured against Durbin's matrix. scipy uses the
 * series from n = 141, where it is off by up to 3.1e-6 absolute (not the ~1e-7 often quoted).
 * Above n = 10⁶ the one-sided probability is Smirnov's asymptotic form with Miller's
 * correction, as in scipy.
 */

const E128 = 2 ** 128;
const EM128 = 2 ** -128;

/** x · 2^e for any integer e, without the intermediate 2^e overflowing or underflowing. */
function ldexp(x: number, e: number): number {
  while (e > 1000) {
    x *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    x *= 2 ** -1000;
    e += 1000;
  }
  return x * 2 ** e;
}

const clip = (p: number): number => (p < 0 ? 0 : p > 1 ? 1 : p);

/**
 * P(D_n ≥ d): the survival function of the two-sided one-sample Kolmogorov–Smirnov statistic
 * for a sample of n draws from a continuous distribution, as `scipy.stats.kstwo.sf(d, n)`.
 * It is the p-value of a {@link ksTest} whose statistic is d.
 *
 * Exact for n ≤ 10⁶ (Durbin's matrix, Pomeranz's recursion, the Birnbaum–Tingey sum; within
 * 1e-12 relative of mpmath) except for n > 1,100 with d near 1/√n, where Pelz & Good's series
 * is used (within 7e-8 absolute there, where the probability is above 0.02; scipy uses it from
 * n = 141, off by up to 3.1e-6); see the module notes for the regimes.
 *
 * @param d - the statistic; any number (P = 1 for d ≤ 1/(2n), 0 for d ≥ 1).
 * @param n - the sample size, an integer ≥ 1.
 * @throws TypeError/RangeError naming `ksSurvival` and the bad argument.
 * @example
 * ```ts
 * ksSurvival(0.274, 20); // 0.0810… (scipy.stats.kstwo.sf(0.274, 20) = 0.08100099656430149)
 * ksSurvival(0.05, 1000); // 0.01301…
 * ```
 */
export function ksSurvival(d: number, n: number): number {
  if (typeof d !== "number") throw new TypeError(`ksSurvival: d must be a number, got ${describe(d)}`);
  if (Number.isNaN(d)) throw new RangeError("ksSurvival: d is NaN");
  requireInteger("ksSurvival: n", n, 1);
  if (!(n <= Number.MAX_SAFE_INTEGER)) throw new RangeError(`ksSurvival: n must be at most 2^53 - 1, got ${n}`);
  return kolmogorovSmirnovSurvival(n, d);
}

/** The dispatch of scipy's `_kolmogn(n, x, cdf=False)`, for valid n and x. */
export function kolmogorovSmirnovSurvival(n: number, x: number): number {
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    // Ruben–Gambino: P(D_n < x) = n!/nⁿ (2t − 1)ⁿ for 1/2n ≤ x ≤ 1/n.
    if (t <= 0.5) return 1;
    return clip(1 - rubenGambinoCdf(n, t));
  }
  if (t >= n - 1) return clip(2 * Math.exp(n * Math.log1p(-x))); // 2 (1 − x)ⁿ
  if (x >= 0.5) return clip(2 * smirnovSurvival(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 0.754693) return clip(1 - durbinCdf(n, x));
    if (nx2 <= 4) return clip(1 - pomeranzCdf(n, x));
    return clip(2 * smirnovSurvival(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip(2 * smirnovSurvival(n, x));
  const cdf =
    n <= 100_000 && (n * x ** 1.5 <= 1.4 || durbinCost(n, x) <= DURBIN_BUDGET) ? durbinCdf(n, x) : pelzGoodCdf(n, x);
  return clip(1 - clip(cdf));
}

// Pelz & Good's series is off by up to 3.1e-6 (absolute) at n = 141, its error falling as n⁻²
// (6.4e-8 at n = 1,000, 6.5e-10 at 10,000; measured against Durbin's matrix): where Durbin's
// matrix costs at most ~2·10⁷ multiply-adds (a few ms; every n ≤ 1,000), it is used instead.
const DURBIN_BUDGET = 2e7;

/** Multiply-adds of Durbin's matrix for P(D_n < x): log₂ n products of m × m matrices, m = 2⌈nx⌉ − 1. */
function durbinCost(n: number, x: number): number {
  const m = 2 * Math.ceil(n * x) - 1;
  return m ** 3 * 2 * Math.log2(n);
}

// Stirling's series coefficients B_2j / (2j (2j − 1)), j = 8..1 (Horner order), as exact fractions.
const STIRLING = [-3617 / 122400, 1 / 156, -691 / 360360, 1 / 1188, -1 / 1680, 1 / 1260, -1 / 360, 1 / 12];
const LOG_2PI = Math.log(2 * Math.PI);

/** n!/nⁿ (2t − 1)ⁿ, the CDF for 1/2 < t = n x ≤ 1. */
function rubenGambinoCdf(n: number, t: number): number {
  if (n <= 140) {
    let prod = 1;
    for (let i = 1; i <= n; i++) prod *= i * (1 / n) * (2 * t - 1);
    return prod;
  }
  // log(n!/nⁿ) by Stirling's series with n log n taken out before it could cancel.
  const rn = 1 / n;
  let series = 0;
  for (const c of STIRLING) series = series * (rn / n) + c;
  const logRatio = Math.log(n) / 2 - n + LOG_2PI / 2 + rn * series;
  return Math.exp(logRatio + n * Math.log(2 * t - 1));
}

/**
 * P(D_n < x) by Durbin's matrix: with n x = k − h (k an integer, 0 ≤ h < 1), it is
 * n!/nⁿ times the (k, k) entry of Hⁿ for an m × m matrix H, m = 2k − 1 (Marsaglia, Tsang & Wang
 * 2003). Hⁿ is formed by repeated squaring, O(m³ log n); entries are rescaled by 2¹²⁸ as they
 * grow and the exponents kept apart, as in scipy.
 */
export function durbinCdf(n: number, x: number): number {
  const nd = n * x;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  // v[j] = (1 − h^{j+1}) / (j+1)!, w[j] = 1/j!; v[m−1] corrected for the corner.
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;
  // H[r][c] = w[r − c + 1] for r ≥ c − 1 (c ≥ 1); first column v; last row v reversed.
  let H = new Float64Array(m * m);
  for (let c = 1; c < m; c++) for (let r = c - 1; r < m; r++) H[r * m + c] = w[r - c + 1]!;
  for (let r = 0; r < m; r++) H[r * m] = v[r]!;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c]!;

  let power = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let remaining = n;
  let exponent = 0; // power holds Hⁿ' · 2^−exponent
  let hExponent = 0; // H holds H^(2^i) · 2^−hExponent
  const centre = (k - 1) * m + (k - 1);
  while (remaining > 0) {
    if (remaining % 2 === 1) {
      power = matmul(power, H, m);
      exponent += hExponent;
    }
    H = matmul(H, H, m);
    hExponent *= 2;
    if (Math.abs(H[centre]!) > E128) {
      for (let i = 0; i < H.length; i++) H[i]! /= E128;
      hExponent += 128;
    }
    remaining = Math.floor(remaining / 2);
  }
  let p = power[centre]!;
  // Multiply by n!/nⁿ one factor i/n at a time, rescaling before it underflows.
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= E128;
      exponent -= 128;
    }
  }
  return ldexp(p, exponent);
}

/** a · b for m × m row-major matrices: the i-k-j loop order walks both rows contiguously. */
function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array<ArrayBuffer> {
  const c = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    const ci = i * m;
    for (let k = 0; k < m; k++) {
      const aik = a[ci + k]!;
      if (aik === 0) continue;
      const bk = k * m;
      for (let j = 0; j < m; j++) c[ci + j]! += aik * b[bk + j]!;
    }
  }
  return c;
}

/** The first and last non-zero columns of row i of Pomeranz's recursion (scipy's j1, j2). */
function pomeranzBounds(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/**
 * P(D_n < x) by Pomeranz's recursion (1974): 2n + 1 rows, each the convolution of the previous
 * row with one of three truncated Poisson weight vectors, (g/n)^j/j!, (2g/n)^j/j! or
 * ((1 − 2g)/n)^j/j! (g = min(f, 1 − f), f the fractional part of n x). Only a band of each row is
 * non-zero, so two band-sized buffers suffice; the result is n! times the last entry, with the
 * scaling exponents tracked apart.
 */
function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const size = 2 * (ll + 1);
  const gPower = new Float64Array(size);
  const twoGPower = new Float64Array(size);
  const oneMinus2GPower = new Float64Array(size);
  gPower[0] = twoGPower[0] = oneMinus2GPower[0] = 1;
  for (let j = 1; j < size; j++) {
    gPower[j] = (gPower[j - 1]! * (g / n)) / j;
    twoGPower[j] = (twoGPower[j - 1]! * ((2 * g) / n)) / j;
    oneMinus2GPower[j] = (oneMinus2GPower[j - 1]! * ((1 - 2 * g) / n)) / j;
  }
  let v0 = new Float64Array(size);
  let v1 = new Float64Array(size);
  v1[0] = 1;
  let v0Start = 0;
  let v1Start = 0;
  let exponent = 0;
  let j1 = pomeranzBounds(0, n, ll, ceilf, roundf)[0];
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [v0, v1] = [v1, v0];
    [v0Start, v1Start] = [v1Start, v0Start];
    v1.fill(0);
    const [first, j2] = pomeranzBounds(i, n, ll, ceilf, roundf);
    j1 = first;
    const weights = i === 1 || i === 2 * n + 1 ? gPower : i % 2 === 1 ? twoGPower : oneMinus2GPower;
    const len = j2 - k1 + 1;
    if (len <= 0) continue;
    // v1[c] = Σ_a v0[k1 − v0Start + a] · weights[c + j1 − k1 − a], for c = 0..j2 − j1:
    // entries j1..j2 of the full convolution of the band of v0 with the first len weights.
    const from = k1 - v0Start;
    const aLen = Math.min(len, size - from);
    const bLen = Math.min(len, size);
    const shift = j1 - k1;
    const count = j2 - j1 + 1;
    let max = 0;
    for (let c = 0; c < count; c++) {
      const s = c + shift; // index into the full convolution
      let acc = 0;
      for (let a = Math.max(0, s - bLen + 1); a <= Math.min(s, aLen - 1); a++) acc += v0[from + a]! * weights[s - a]!;
      v1[c] = acc;
      if (acc > max) max = acc;
    }
    if (max > 0 && max < EM128) {
      for (let c = 0; c < count; c++) v1[c]! *= E128;
      exponent -= 128;
    }
    v1Start = v0Start + j1 - k1;
  }
  let answer = v1[n - v1Start]!;
  for (let j = 1; j <= n; j++) {
    if (Math.abs(answer) > E128) {
      answer *= EM128;
      exponent += 128;
    }
    answer *= j;
  }
  return ldexp(answer, exponent);
}

const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const SQRT3 = Math.sqrt(3);

/**
 * Pelz & Good's (1976) approximation to P(D_n ≤ x): the Li-Chien/Korolyuk expansion
 * K₀(z) + K₁(z)/√n + K₂(z)/n + K₃(z)/n^{3/2} in z = x√n, each term rewritten with Jacobi's
 * theta-function identity into sums that converge fast for small z. Transcribed from scipy's
 * `_kolmogn_PelzGood`, term for term, so the two agree to rounding.
 */
export function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  // Σ_k c_k q^{(2k−1)²} by Horner's scheme in q^{8k} (the odd squares differ by 8k).
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k >= 1; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qpower = q ** (8 * k);
    K[0] = K[0]! * qpower + 1;
    K[1] = K[1]! * qpower + (k1a + k1b * m2);
    K[2] = K[2]! * qpower + (k2a + k2b * m2 + k2c * m4);
    K[3] = K[3]! * qpower + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
  }
  const denominators = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (K[i]! * q * SQRT_2PI) / denominators[i]!;
  // The sums over all integers k in K₂ and K₃.
  q = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = SQRT3 * z;
  for (let k = maxk; k >= 1; k--) {
    const k2 = k * k;
    const qk = q ** k2;
    k2extra += k2 * qk;
    const kpi = Math.PI * k;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qk;
  }
  K[2] = K[2]! + (k2extra * PI2 * SQRT_2PI) / (-36 * z3);
  K[3] = K[3]! + (k3extra * PI2 * SQRT_2PI) / (216 * z6);
  return K[0]! + K[1]! / Math.sqrt(n) + K[2] / n + K[3] / n ** 1.5;
}
