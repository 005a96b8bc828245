/**
 * The standard normal CDF, its logarithm and its inverse, accurate far into both tails.
 *
 * Rational approximations are those of the Cephes library (S. L. Moshier), as scipy uses;
 * the code around them is ours. Two changes over Cephes: exp(−z²) is evaluated with z split
 * into a high part whose square is exact and a small remainder (as fdlibm does), so the
 * relative error stays near 1e-16 instead of growing like z² · ε; and log Φ in the lower tail
 * is evaluated as −z² + log(P/Q) directly, so it never underflows.
 */

const SQRT1_2 = Math.SQRT1_2;
const LN2 = Math.LN2;
const SQRT_2PI = 2.50662827463100050242;
const HALF_LOG_PI = 0.5723649429247001; // ½ log π

function poly(x: number, c: readonly number[]): number {
  let r = 0;
  for (let i = 0; i < c.length; i++) r = r * x + c[i]!;
  return r;
}

// erfc(x) = exp(−x²) · P(x) / Q(x) for 1 ≤ x < 8, and R(x) / S(x) for x ≥ 8.
const ERFC_P = [
  2.46196981473530512524e-10, 5.64189564831068821977e-1, 7.46321056442269912687, 4.86371970985681366614e1,
  1.96520832956077098242e2, 5.26445194995477358631e2, 9.3452852717195760754e2, 1.02755188689515710272e3,
  5.57535335369399327526e2,
];
const ERFC_Q = [
  1, 1.32281951154744992508e1, 8.67072140885989742329e1, 3.54937778887819891062e2, 9.75708501743205489753e2,
  1.82390916687909736289e3, 2.24633760818710981792e3, 1.65666309194161350182e3, 5.57535340817727675546e2,
];
const ERFC_R = [
  5.64189583547755073984e-1, 1.27536670759978104416, 5.01905042251180477414, 6.16021097993053585195,
  7.4097426995044893916, 2.9788666537210024067,
];
const ERFC_S = [
  1, 2.2605286322011727659, 9.39603524938001434673, 1.20489539808096656605e1, 1.70814450747565897222e1,
  9.60896809063285878198, 3.3690764510008151605,
];
// erf(x) = x · T(x²) / U(x²) for |x| ≤ 1.
const ERF_T = [
  9.60497373987051638749, 9.00260197203842689217e1, 2.23200534594684319226e3, 7.00332514112805075473e3,
  5.55923013010394962768e4,
];
const ERF_U = [
  1, 3.35617141647503099647e1, 5.21357949780152679795e2, 4.59432382970980127987e3, 2.26290000613890934246e4,
  4.92673942608635921086e4,
];

/** erf(x) for |x| ≤ 1. */
function erfSmall(x: number): number {
  const z = x * x;
  return (x * poly(z, ERF_T)) / poly(z, ERF_U);
}

/**
 * −x² split as hi + lo with hi = −h² exact: h keeps the top 26 bits of x, so h² is exact in a
 * double and (x − h)(x + h) carries the small remainder. exp(hi) · exp(lo) then has the
 * accuracy of exp itself.
 */
function expMinusSquare(x: number): number {
  const h = Math.floor(x * 1048576) / 1048576; // x < 2^6 here: 6 + 20 bits
  return Math.exp(-h * h) * Math.exp(-(x - h) * (x + h));
}

/** The ratio erfc(x) / exp(−x²) for x ≥ 1 (the Cephes rational part). */
function erfcRatio(x: number): number {
  return x < 8 ? poly(x, ERFC_P) / poly(x, ERFC_Q) : poly(x, ERFC_R) / poly(x, ERFC_S);
}

/** erfc(x) for x ≥ 0, tail-accurate until it underflows near x ≈ 27.2. */
function erfcPositive(x: number): number {
  if (x < 1) return 1 - erfSmall(x);
  if (x > 27.3) return 0;
  return expMinusSquare(x) * erfcRatio(x);
}

/**
 * log erfc(x) for x ≥ 1 without underflow: −x² + log(P/Q). No hi/lo split is needed here: the
 * rounding of x² is an absolute error of ~x² ε in a result of size ~x², so ~ε relative. For huge
 * x the rational part is replaced by its limit 1/(x√π), which it matches to double precision
 * long before x² overflows.
 */
function logErfcLarge(x: number): number {
  if (x > 1e8) return -x * x - Math.log(x) - HALF_LOG_PI;
  return -x * x + Math.log(erfcRatio(x));
}

/**
 * Φ(x), the standard normal CDF. Relative error near 1e-16 in the lower tail down to
 * x ≈ −37.5 (where Φ leaves the normal doubles); 0 and 1 beyond the representable range.
 *
 * @example
 * ```ts
 * normalCdf(-10); // 7.619853024160495e-24
 * ```
 */
export function normalCdf(x: number): number {
  const z = x * SQRT1_2;
  if (Math.abs(z) < SQRT1_2) return 0.5 + 0.5 * erfSmall(z);
  if (z < 0) {
    // Below the normal range erfc underflows to a subnormal with few bits; exp(log Φ) keeps all it can.
    return z > -26 ? 0.5 * erfcPositive(-z) : Math.exp(logNormalCdf(x));
  }
  return 1 - 0.5 * erfcPositive(z);
}

/**
 * log Φ(x), finite for every finite x: ≈ −x²/2 − log(−x) − ½ log 2π far in the lower tail,
 * ≈ −Φ(−x) in the upper tail.
 *
 * @example
 * ```ts
 * logNormalCdf(-40); // -804.6084420137538
 * ```
 */
export function logNormalCdf(x: number): number {
  const z = x * SQRT1_2;
  if (z <= -1) return logErfcLarge(-z) - LN2;
  if (x < 5) return Math.log(normalCdf(x));
  // Φ(x) = 1 − Φ(−x) and Φ(−x) < 3e-7 here: log1p keeps it exact.
  return Math.log1p(-0.5 * erfcPositive(z)) + 0; // + 0: log1p(−0) is −0
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
