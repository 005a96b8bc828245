/**
 * The observed Fisher information I(θ) = −∇²ℓ(θ) of a log-likelihood given only as a function
 * of the parameters, by finite differences, and the standard errors √(I⁻¹)ᵢᵢ it implies.
 * checkEstimator uses them to set its bounds from the sampling error of the data at hand rather
 * than from guessed tolerances, for any family, built in or not.
 */

/**
 * ℓ(θ) on a fixed data set, or undefined where θ is not a valid parameter vector (the family
 * refuses it) or ℓ is not finite there.
 */
export type LogLikelihoodOf = (theta: readonly number[]) => number | undefined;

/** How a coordinate's second difference was taken: centred, or one-sided away from a boundary. */
type Side = 0 | 1 | -1;

interface Step {
  /** The step h. */
  h: number;
  /** 0 for centred differences, ±1 for one-sided ones in that direction. */
  side: Side;
  /** −∂²ℓ/∂θᵢ² estimated with this step. */
  curvature: number;
}

/** θ with θ[i] moved by `d` (and θ[j] by `e`). */
function moved(theta: readonly number[], i: number, d: number, j = -1, e = 0): number[] {
  const out = theta.slice();
  out[i]! += d;
  if (j >= 0) out[j]! += e;
  return out;
}

/** −ℓ'' along coordinate i with step h, centred if both neighbours are valid, else one-sided. */
function secondDifference(
  f: LogLikelihoodOf,
  theta: readonly number[],
  f0: number,
  i: number,
  h: number,
): Step | undefined {
  const plus = f(moved(theta, i, h));
  const minus = f(moved(theta, i, -h));
  if (plus !== undefined && minus !== undefined) return { h, side: 0, curvature: -(plus - 2 * f0 + minus) / (h * h) };
  for (const side of [1, -1] as const) {
    const one = side === 1 ? plus : minus;
    if (one === undefined) continue;
    const two = f(moved(theta, i, 2 * side * h));
    if (two !== undefined) return { h, side, curvature: -(two - 2 * one + f0) / (h * h) };
  }
  return undefined;
}

/**
 * A step for coordinate i about a tenth of a standard error: big enough that ℓ's rounding
 * (~ε|ℓ|) is small against the change it measures (~h²·I/2), small enough that the quadratic
 * model holds. Starting from a guess scaled to θᵢ (and larger or smaller ones, if that guess sees
 * only rounding noise or a non-concave region), h ← 0.1/√I is iterated to a fixed point. A
 * boundary of the parameter space within reach on both sides makes the step shrink toward it.
 * Undefined when no step finds ℓ concave along the coordinate.
 */
export function coordinateStep(f: LogLikelihoodOf, theta: readonly number[], f0: number, i: number): Step | undefined {
  const guess = 1e-3 * (theta[i] !== 0 ? Math.abs(theta[i]!) : 1);
  let step: Step | undefined;
  for (const factor of [1, 1e2, 1e4, 1e-2, 1e-4, 1e-6]) {
    step = concaveStep(f, theta, f0, i, guess * factor);
    if (step !== undefined) break;
  }
  for (let iteration = 0; step !== undefined && iteration < 20; iteration++) {
    const h = 0.1 / Math.sqrt(step.curvature);
    if (h > step.h / 3 && h < step.h * 3) break;
    const next = concaveStep(f, theta, f0, i, h);
    if (next === undefined) break;
    step = next;
  }
  return step;
}

/** secondDifference with step h, or a smaller one near a boundary, when it shows ℓ concave. */
function concaveStep(f: LogLikelihoodOf, theta: readonly number[], f0: number, i: number, h: number): Step | undefined {
  for (let shrink = 0; shrink < 40 && h > 0 && h < Infinity; shrink++, h /= 8) {
    const step = secondDifference(f, theta, f0, i, h);
    if (step === undefined) continue; // invalid within 2h on both sides: come closer
    return step.curvature > 0 && step.curvature < Infinity ? step : undefined;
  }
  return undefined;
}

/**
 * The standard error of each parameter's estimate implied by the observed information at θ:
 * √((I⁻¹)ᵢᵢ). Infinity for a parameter the data do not identify there (ℓ flat or not concave
 * along it, or the information singular in a direction involving it), so that no bound is
 * claimed where the information gives none. Coordinates listed in `fixed` are left out of the
 * information matrix (their errors are 0): parameters that sit exactly on their true value at
 * a boundary, where a derivative does not exist.
 */
export function standardErrors(
  f: LogLikelihoodOf,
  theta: readonly number[],
  fixed: readonly boolean[] = [],
): Float64Array {
  const p = theta.length;
  const se = new Float64Array(p).fill(Infinity);
  const f0 = f(theta);
  if (f0 === undefined) return se;
  const active: number[] = [];
  const steps: Step[] = [];
  for (let i = 0; i < p; i++) {
    if (fixed[i]) {
      se[i] = 0;
      continue;
    }
    const step = coordinateStep(f, theta, f0, i);
    if (step === undefined) continue;
    active.push(i);
    steps.push(step);
  }
  const m = active.length;
  if (m === 0) return se;
  // Information matrix over the active coordinates, scaled to unit diagonal: R = D I D,
  // D = diag(1/√Iᵢᵢ), so the singularity test below does not depend on the parameters' units.
  const scale = steps.map((s) => 1 / Math.sqrt(s.curvature));
  const R = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    R[a * m + a] = 1;
    for (let b = a + 1; b < m; b++) {
      const iab = crossInformation(f, theta, f0, active[a]!, steps[a]!, active[b]!, steps[b]!);
      R[a * m + b] = R[b * m + a] = iab * scale[a]! * scale[b]!;
    }
  }
  const { values, vectors } = symmetricEigen(R, m);
  // (R⁻¹)ₐₐ = Σ_k v_ak² / λ_k over the identified directions; a coordinate with a component in a
  // direction of (near) zero information gets no finite error.
  for (let a = 0; a < m; a++) {
    let variance = 0;
    for (let k = 0; k < m; k++) {
      const v = vectors[a * m + k]!;
      if (values[k]! > 1e-9) variance += (v * v) / values[k]!;
      else if (Math.abs(v) > 1e-6) variance = Infinity;
    }
    se[active[a]!] = scale[a]! * Math.sqrt(variance);
  }
  return se;
}

/** −∂²ℓ/∂θᵢ∂θⱼ by the four-point formula, one-sided along a coordinate that needs it. */
function crossInformation(
  f: LogLikelihoodOf,
  theta: readonly number[],
  f0: number,
  i: number,
  si: Step,
  j: number,
  sj: Step,
): number {
  const { h: hi } = si;
  const { h: hj } = sj;
  if (si.side === 0 && sj.side === 0) {
    const pp = f(moved(theta, i, hi, j, hj));
    const pm = f(moved(theta, i, hi, j, -hj));
    const mp = f(moved(theta, i, -hi, j, hj));
    const mm = f(moved(theta, i, -hi, j, -hj));
    if (pp !== undefined && pm !== undefined && mp !== undefined && mm !== undefined) {
      return -(pp - pm - mp + mm) / (4 * hi * hj);
    }
  }
  // One-sided: (ℓ(θ + aεᵢ + bεⱼ) − ℓ(θ + aεᵢ) − ℓ(θ + bεⱼ) + ℓ(θ)) / (ab), trying each side of a
  // centred coordinate until every point is valid.
  for (const a of si.side === 0 ? [hi, -hi] : [si.side * hi]) {
    for (const b of sj.side === 0 ? [hj, -hj] : [sj.side * hj]) {
      const both = f(moved(theta, i, a, j, b));
      const alongI = f(moved(theta, i, a));
      const alongJ = f(moved(theta, j, b));
      if (both !== undefined && alongI !== undefined && alongJ !== undefined) {
        return -(both - alongI - alongJ + f0) / (a * b);
      }
    }
  }
  return 0;
}

/**
 * Eigenvalues and eigenvectors of a symmetric m × m matrix by cyclic Jacobi rotations: each
 * rotation zeroes one off-diagonal entry; sweeps repeat until the off-diagonal part is below
 * rounding. O(m³) per sweep and a handful of sweeps: m is a family's parameter count. The
 * eigenvector of values[k] is column k of vectors (row-major).
 */
export function symmetricEigen(matrix: Float64Array, m: number): { values: Float64Array; vectors: Float64Array } {
  const A = matrix.slice();
  const V = new Float64Array(m * m);
  for (let i = 0; i < m; i++) V[i * m + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        const v = A[i * m + j]! ** 2;
        total += v;
        if (i !== j) off += v;
      }
    }
    if (!(off > 1e-30 * total)) break;
    for (let p = 0; p < m - 1; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = A[p * m + q]!;
        if (apq === 0) continue;
        const app = A[p * m + p]!;
        const aqq = A[q * m + q]!;
        // The rotation angle that zeroes A[p][q]: t = tan θ, the smaller root, for stability.
        const tau = (aqq - app) / (2 * apq);
        const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < m; k++) {
          const akp = A[k * m + p]!;
          const akq = A[k * m + q]!;
          A[k * m + p] = c * akp - s * akq;
          A[k * m + q] = s * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          const apk = A[p * m + k]!;
          const aqk = A[q * m + k]!;
          A[p * m + k] = c * apk - s * aqk;
          A[q * m + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < m; k++) {
          const vkp = V[k * m + p]!;
          const vkq = V[k * m + q]!;
          V[k * m + p] = c * vkp - s * vkq;
          V[k * m + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(m);
  for (let i = 0; i < m; i++) values[i] = A[i * m + i]!;
  return { values, vectors: V };
}
