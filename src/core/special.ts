/**
 * The standard normal CDF, its logarithm and its inverse, accurate far into both tails.
 *
 * Φ and log Φ follow W. J. Cody's rational approximations (ACM TOMS 715, 1993) as R's pnorm.c
 * evaluates them: Φ(−y) = exp(−y²/2) · r(y) for y = |x| beyond the centre, with y split as
 * h + (y − h), h = y to the nearest 1/16 towards 0, so that h² is exact and exp(−y²/2) =
 * exp(−h²/2) · exp(−(y − h)(y + h)/2) has the accuracy of exp itself. (Going through erfc(x/√2)
 * instead rounds x/√2, which costs ~x² ε relative: 3e-13 at x = −37.) An optional low part of
 * x, from a standardisation (x − μ)/σ that was not exact, enters the same exponent. log Φ is
 * −y²/2 + log r(y) in the lower tail, so it never underflows, and log1p(−Φ(−x)) in the upper
 * half, where Φ is near 1. Relative error ~1e-15 for |x| ≤ 38 (checked against mpmath).
 *
 * The quantile uses the rational approximations of the Cephes library (S. L. Moshier), as scipy.
 */

const SQRT_2PI = 2.50662827463100050242;
const ONE_OVER_SQRT_2PI = 0.398942280401432677939946059934;
const HALF_LOG_2PI = 0.918938533204672741780329736406; // ½ log 2π
const SQRT_32 = 5.656854249492380195206754896838;
// Below the centre's edge Φ is 0.5 + x·a(x²)/b(x²); 0.6744897501960817 = Φ⁻¹(3/4).
const CENTRE = 0.67448975;
// Φ(−40) ≈ 3.7e-350 is below the smallest subnormal: beyond, Φ is 0 and 1 − Φ is 1.
const TAIL_END = 40;

function poly(x: number, c: readonly number[]): number {
  let r = 0;
  for (let i = 0; i < c.length; i++) r = r * x + c[i]!;
  return r;
}

// Cody's coefficients, as printed in R's nmath/pnorm.c.
const A = [
  2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113,
];
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const P = [
  0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5,
  0.02307344176494017303,
];
const Q = [
  1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5,
];

/** Φ(x) − ½ = x·a(x²)/b(x²) for |x| ≤ 0.674… (Cody's first range). */
function centre(x: number): number {
  const s = x * x;
  let num = A[4]! * s;
  let den = s;
  for (let i = 0; i < 3; i++) {
    num = (num + A[i]!) * s;
    den = (den + B[i]!) * s;
  }
  return (x * (num + A[3]!)) / (den + B[3]!);
}

/** r(y) = Φ(−y) · exp(y²/2) for y > 0.674…: a rational function of y up to √32, of 1/y² beyond. */
function tailRatio(y: number): number {
  if (y <= SQRT_32) {
    let num = C[8]! * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]!) * y;
      den = (den + D[i]!) * y;
    }
    return (num + C[7]!) / (den + D[7]!);
  }
  const s = 1 / (y * y);
  let num = P[5]! * s;
  let den = s;
  for (let i = 0; i < 4; i++) {
    num = (num + P[i]!) * s;
    den = (den + Q[i]!) * s;
  }
  return (ONE_OVER_SQRT_2PI - (s * (num + P[4]!)) / (den + Q[4]!)) / y;
}

/**
 * Φ(−(y + yLow)) for y ≥ 0.674…, where y + yLow is the exact argument: exp(−h²/2) ·
 * exp(−(y − h)(y + h)/2 − y·yLow) · r(y). h is y to 1/16 towards 0 (≤ 10 significant bits
 * while y < 64), so h² is exact; the rest of the exponent is small and its rounding is ~ε; the
 * yLow² term is below the last bit.
 */
function lowerTail(y: number, yLow: number): number {
  if (y > TAIL_END) return 0;
  const h = Math.trunc(y * 16) / 16;
  return Math.exp(-0.5 * h * h) * Math.exp(-0.5 * ((y - h) * (y + h)) - y * yLow) * tailRatio(y);
}

/**
 * Φ(x), the standard normal CDF. Relative error ~1e-15 for |x| ≤ 38, down to where Φ leaves
 * the normal doubles (x ≈ −37.5); 0 and 1 beyond the representable range.
 *
 * @param x - the argument.
 * @param xLow - an optional low part: the argument is x + xLow, with |xLow| ≲ ulp(x) (the
 *   rounding error of a standardisation (x − μ)/σ), which the tails take into account.
 * @example
 * ```ts
 * normalCdf(-10); // 7.619853024160527e-24
 * ```
 */
export function normalCdf(x: number, xLow = 0): number {
  const y = Math.abs(x);
  if (y <= CENTRE) return 0.5 + centre(x);
  return x < 0 ? lowerTail(y, -xLow) : 1 - lowerTail(y, xLow);
}

/**
 * log Φ(x), finite for every finite x down to x ≈ −1.9e154 (where −x²/2 leaves the doubles and
 * −Infinity is the right limit): −x²/2 + log r(|x|) in the lower tail, log1p(−Φ(−x)) when
 * Φ(x) > ½, so that values near 0 keep all their digits.
 *
 * @param x - the argument.
 * @param xLow - an optional low part of the argument, as for {@link normalCdf}.
 * @example
 * ```ts
 * logNormalCdf(-40); // -804.6084420137538
 * logNormalCdf(4); // -0.00003167174337748927
 * ```
 */
export function logNormalCdf(x: number, xLow = 0): number {
  const y = Math.abs(x);
  if (y <= CENTRE) {
    const t = centre(x);
    return x <= 0 ? Math.log(0.5 + t) : Math.log1p(t - 0.5);
  }
  if (x > 0) return Math.log1p(-lowerTail(y, xLow)) + 0; // + 0: log1p(−0) is −0
  // Far out r(y) = 1/(y√2π) to the last bit, and y² has to be formed without the split (16y
  // may overflow); −0.5·y·y is −Infinity, the right limit, from y ≈ 1.9e154 on.
  if (y > 1e8) return -0.5 * y * y - (Math.log(y) + HALF_LOG_2PI);
  const h = Math.trunc(y * 16) / 16;
  return -0.5 * h * h + (-0.5 * ((y - h) * (y + h)) + y * xLow + Math.log(tailRatio(y)));
}

/**
 * φ(x + xLow) / scale, with φ(x) = exp(−x²/2) / √(2π) the standard normal density: x² is split
 * as in the tails, so the result has the accuracy of exp rather than the ~x²ε of exp(log φ), and
 * far out (|x| ≥ 37, where φ itself leaves the normal doubles) the exponential is taken in four
 * quarters with the division by `scale` first, so that a small scale (a Gaussian's σ) brings the
 * density back into range with all its digits.
 *
 * @param x - the argument.
 * @param xLow - an optional low part of the argument, as for {@link normalCdf}.
 * @param scale - a divisor > 0 (σ for the density of N(μ, σ²) at z = (x − μ)/σ); default 1.
 * @example
 * ```ts
 * normalDensity(0); // 0.3989422804014327
 * normalDensity(38, 0, 1e-20); // 1.0972210520075929e-294 (φ(38) alone is subnormal)
 * ```
 */
export function normalDensity(x: number, xLow = 0, scale = 1): number {
  const y = Math.abs(x);
  if (y > 64) return 0; // φ(64)/σ < 1e-566 for every σ ≥ 5e-324
  const h = Math.trunc(y * 16) / 16; // ≤ 10 significant bits: h² is exact
  const rest = Math.exp(-0.5 * ((y - h) * (y + h)) - x * xLow) * ONE_OVER_SQRT_2PI;
  if (y < 37) return (Math.exp(-0.5 * h * h) * rest) / scale;
  const e = Math.exp(-0.125 * h * h); // ≥ 4e-223: every partial product below is a normal double
  return ((e * rest) / scale) * e * e * e;
}

/**
 * z = (x − μ)/σ, without overflow in x − μ: when the difference leaves the doubles (x and μ of
 * opposite signs near ±1.8e308) all three are halved first, which is exact, so z is finite
 * whenever it is representable (`new Gaussian(1e308, 1e308)` at −1e308 gives z = −2).
 *
 * @example
 * ```ts
 * standardize(-1e308, 1e308, 1e308); // -2
 * ```
 */
export function standardize(x: number, mean: number, std: number): number {
  const d = x - mean;
  if (d - d === 0 || x - x !== 0) return d / std; // d finite, or x itself ±Infinity
  return (0.5 * x - 0.5 * mean) / (0.5 * std);
}

const SPLITTER = 134217729; // 2²⁷ + 1, Veltkamp's constant for splitting a double in halves

/**
 * The rounding error of z = standardize(x, μ, σ): the zLow with z + zLow = (x − μ)/σ to ~1e-32
 * relative, for the tails (Φ and φ at |z| = 37 are ~1e-13 relative off with z alone). Exact
 * steps: Knuth's two-sum for x − μ, Dekker's product for z·σ, and the residual between them.
 * 0 where it cannot matter (|z| ≤ 1, or |z| > 1e8 where only log Φ is finite and it depends on z
 * to ~2ε relative) or where z is not finite.
 *
 * @example
 * ```ts
 * const z = standardize(-8.1, 3, 0.3); // -37
 * standardizedLow(-8.1, 3, 0.3, z); // -1.8503717077085943e-16: the exact quotient of these doubles is z + that
 * ```
 */
export function standardizedLow(x: number, mean: number, std: number, z: number): number {
  const y = Math.abs(z);
  if (!(y > 1 && y < 1e8)) return 0;
  // Bring the largest of the three near 1 by a power of two (exact), so that Dekker's split
  // cannot overflow and the products of low halves stay far from underflow. |z| < 1e8 keeps σ
  // within ~1e-24 of the largest, so nothing relevant is pushed below the normal doubles.
  const m = Math.max(Math.abs(x), Math.abs(mean), std);
  if (m > 2 ** 500 || m < 2 ** -500) {
    const k = 2 ** Math.max(-1000, Math.min(1000, -Math.round(Math.log2(m))));
    x *= k;
    mean *= k;
    std *= k;
  }
  const d = x - mean;
  const dv = d - x; // two-sum: d + e = x − μ exactly
  const e = x - (d - dv) + (-mean - dv);
  const p = z * std;
  let c = SPLITTER * z;
  const zh = c - (c - z);
  const zl = z - zh;
  c = SPLITTER * std;
  const sh = c - (c - std);
  const sl = std - sh;
  const pe = zh * sh - p + zh * sl + zl * sh + zl * sl; // p + pe = z·σ exactly
  // d − p is exact (Sterbenz: p is within a few ulps of d); what is left is x − μ − z·σ.
  return (d - p - pe + e) / std;
}

// ndtri: x = w + w³ R(w²)/S(w²) near the centre (|p − ½| ≤ 3/8), scaled by √(2π).
const NDTRI_P0 = [
  -5.99633501014107895267e1, 9.80010754185999661536e1, -5.66762857469070293439e1, 1.39312609387279679503e1,
  -1.23916583867381258016,
];
const NDTRI_Q0 = [
  1, 1.95448858338141759834, 4.67627912898881538453, 8.63602421390890590575e1, -2.25462687854119370527e2,
  2.00260212380060660359e2, -8.20372256168333339912e1, 1.59056225126211695515e1, -1.18331621121330003142,
];
// Tails: with t = √(−2 log p), x = t − log(t)/t − (1/t) P(1/t)/Q(1/t); one pair for t < 8, one beyond.
const NDTRI_P1 = [
  4.05544892305962419923, 3.15251094599893866154e1, 5.71628192246421288162e1, 4.408050738932008347e1,
  1.46849561928858024014e1, 2.18663306850790267539, -1.40256079171354495875e-1, -3.50424626827848203418e-2,
  -8.57456785154685413611e-4,
];
const NDTRI_Q1 = [
  1, 1.57799883256466749731e1, 4.53907635128879210584e1, 4.1317203825467203044e1, 1.50425385692907503408e1,
  2.50464946208309415979, -1.42182922854787788574e-1, -3.80806407691578277194e-2, -9.33259480895457427372e-4,
];
const NDTRI_P2 = [
  3.2377489177694603597, 6.91522889068984211695, 3.93881025292474443415, 1.33303460815807542389,
  2.01485389549179081538e-1, 1.23716634817820021358e-2, 3.01581553508235416007e-4, 2.65806974686737550832e-6,
  6.2397453918498329373e-9,
];
const NDTRI_Q2 = [
  1, 6.02427039364742014255, 3.67983563856160859403, 1.37702099489081330271, 2.1623699359449663589e-1,
  1.34204006088543189037e-2, 3.28014464682127739104e-4, 2.89247864745380683936e-6, 6.79019408009981274425e-9,
];
const EXP_MINUS_2 = 0.13533528323661269189;

/**
 * Φ⁻¹(p), the standard normal quantile, for p in [0, 1]: −Infinity at 0, +Infinity at 1.
 * Relative error near 1e-16 for every positive double p, subnormals included.
 *
 * @example
 * ```ts
 * normalQuantile(1e-300); // -37.0470962993612
 * ```
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  let upper = false;
  let q = p;
  if (q > 1 - EXP_MINUS_2) {
    q = 1 - q;
    upper = true;
  }
  if (q > EXP_MINUS_2) {
    const w = q - 0.5;
    const w2 = w * w;
    return (w + w * ((w2 * poly(w2, NDTRI_P0)) / poly(w2, NDTRI_Q0))) * SQRT_2PI;
  }
  const t = Math.sqrt(-2 * Math.log(q));
  const u = 1 / t;
  const tail = t < 8 ? (u * poly(u, NDTRI_P1)) / poly(u, NDTRI_Q1) : (u * poly(u, NDTRI_P2)) / poly(u, NDTRI_Q2);
  const x = t - Math.log(t) / t - tail;
  return upper ? x : -x;
}
