// Hand-written loops shared by the benchmarks' baselines (bench/mixture.ts, bench/wasm-estep.ts,
// bench/exp.ts): what a user would write for a diagonal Gaussian mixture, with no library.

/**
 * A diagonal mixture's per-component constants: norm[c] = log π_c − Σ_j log(2πσ²_cj) / 2 and
 * half[c·d + j] = 1 / (2σ²_cj).
 */
export function diagonalConstants(
  logWeights: Float64Array,
  variances: Float64Array,
  d: number,
): { norm: Float64Array; half: Float64Array } {
  const K = logWeights.length;
  const norm = new Float64Array(K);
  const half = new Float64Array(K * d);
  for (let c = 0; c < K; c++) {
    let t = logWeights[c]!;
    for (let j = 0; j < d; j++) {
      t -= 0.5 * Math.log(2 * Math.PI * variances[c * d + j]!);
      half[c * d + j] = 0.5 / variances[c * d + j]!;
    }
    norm[c] = t;
  }
  return { norm, half };
}

/**
 * Σ_j (X[o + j] − μ[m + j])² · half[m + j]: one add after another, or (`four`) in four
 * accumulators, so that the adds do not wait on each other.
 */
export function quadraticForm(
  X: Float64Array,
  o: number,
  mu: Float64Array,
  half: Float64Array,
  m: number,
  d: number,
  four: boolean,
): number {
  let q0 = 0;
  let q1 = 0;
  let q2 = 0;
  let q3 = 0;
  let j = 0;
  if (four) {
    for (; j + 4 <= d; j += 4) {
      const e0 = X[o + j]! - mu[m + j]!;
      const e1 = X[o + j + 1]! - mu[m + j + 1]!;
      const e2 = X[o + j + 2]! - mu[m + j + 2]!;
      const e3 = X[o + j + 3]! - mu[m + j + 3]!;
      q0 += e0 * e0 * half[m + j]!;
      q1 += e1 * e1 * half[m + j + 1]!;
      q2 += e2 * e2 * half[m + j + 2]!;
      q3 += e3 * e3 * half[m + j + 3]!;
    }
  }
  for (; j < d; j++) {
    const e = X[o + j]! - mu[m + j]!;
    q0 += e * e * half[m + j]!;
  }
  return q0 + q2 + (q1 + q3);
}

/**
 * One row's E-step: the K joint log-likelihoods of the row at X[o …], then its responsibilities
 * into out[at …]; returns the row's log p(x).
 */
export function rowEStep(
  X: Float64Array,
  o: number,
  d: number,
  mu: Float64Array,
  constants: { norm: Float64Array; half: Float64Array },
  out: Float64Array,
  at: number,
  four: boolean,
): number {
  const { norm, half } = constants;
  const K = norm.length;
  let max = -Infinity;
  for (let c = 0; c < K; c++) {
    const v = norm[c]! - quadraticForm(X, o, mu, half, c * d, d, four);
    out[at + c] = v;
    if (v > max) max = v;
  }
  let sum = 0;
  for (let c = at; c < at + K; c++) sum += Math.exp(out[c]! - max);
  const lse = max + Math.log(sum);
  for (let c = at; c < at + K; c++) out[c] = Math.exp(out[c]! - lse);
  return lse;
}

/**
 * Each row's responsibilities from its K log-joints, in place, and Σ log p(x). With `skip`, the
 * exps of terms more than 745.2 below the row's maximum (or its log-sum-exp) are not taken: they
 * are 0 in doubles anyway (the smallest subnormal is e^−744.4), so no bit changes.
 */
export function responsibilities(a: Float64Array, rows: number, K: number, skip: boolean): number {
  let ll = 0;
  for (let i = 0; i < rows; i++) {
    const o = i * K;
    let max = -Infinity;
    for (let c = o; c < o + K; c++) if (a[c]! > max) max = a[c]!;
    let sum = 0;
    if (skip) {
      for (let c = o; c < o + K; c++) {
        const v = a[c]! - max;
        if (v > -745.2) sum += Math.exp(v);
      }
    } else for (let c = o; c < o + K; c++) sum += Math.exp(a[c]! - max);
    const lse = max + Math.log(sum);
    ll += lse;
    if (skip) {
      for (let c = o; c < o + K; c++) {
        const v = a[c]! - lse;
        a[c] = v > -745.2 ? Math.exp(v) : 0;
      }
    } else for (let c = o; c < o + K; c++) a[c] = Math.exp(a[c]! - lse);
  }
  return ll;
}
