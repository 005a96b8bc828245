/**
 * Fitting the linear-Gaussian latent model x = μ + W z + ε, z ~ N(0, I_k), from the weighted
 * (1/n) covariance S of the data: factor analysis (ε ~ N(0, Ψ), Ψ diagonal) by scikit-learn's
 * iteration, probabilistic PCA (Ψ = σ² I) in closed form. Both need S only, so their cost after
 * the one pass that forms S does not grow with the number of rows.
 */

import { GRAM_TILE, GramAccumulator } from "../core/linear-algebra/gram.js";
import { symmetricEigen } from "../core/linear-algebra/symmetric-eigen.js";
import { RowBlocks, type MatrixInput, type MatrixShape } from "../core/matrix.js";
import { neumaierAdd } from "../core/sum.js";
import { describe } from "../core/validate.js";
import { EmTrace, type EmProgress } from "./em.js";

/**
 * The least noise variance: factor analysis clamps each Ψᵢ, and PPCA σ², at this value (as
 * scikit-learn's FactorAnalysis does with its SMALL = 1e-12), so that a constant column, whose
 * variance is 0, still has a proper density and every log-likelihood stays finite.
 *
 * @internal
 * @example
 * ```ts
 * NOISE_FLOOR; // 1e-12
 * ```
 */
export const NOISE_FLOOR = 1e-12;

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * The weighted mean and (1/Σw) covariance of the rows, and the total weight.
 *
 * @internal
 * @example
 * ```ts
 * const m: Moments = weightedMoments("demo", [[1, 2], [3, 6]], { rows: 2, cols: 2 }, null);
 * m.totalWeight; // 2
 * ```
 */
export interface Moments {
  readonly mean: Float64Array;
  /** d × d, row-major, symmetric. */
  readonly covariance: Float64Array;
  readonly totalWeight: number;
}

/**
 * The weighted mean (compensated sums) and covariance (two passes: centred cross products by
 * tiles of rows, the tiles' totals compensated), checking every cell. Rows of weight 0
 * contribute nothing, exactly.
 *
 * @internal
 * @example
 * ```ts
 * const { mean, covariance } = weightedMoments("demo", [[1, 2], [3, 6]], { rows: 2, cols: 2 }, null);
 * Array.from(mean); // [2, 4]
 * Array.from(covariance); // [1, 2, 2, 4]
 * ```
 */
export function weightedMoments(
  where: string,
  X: MatrixInput,
  shape: MatrixShape,
  weights: Float64Array | null,
): Moments {
  const blocks = new RowBlocks(X, shape);
  const { rows, cols: d } = blocks;
  // Plain sums over a tile of rows, then the tiles' totals added with Neumaier compensation: the
  // error of a sum over one tile, at the cost of a plain sum.
  const sum = new Float64Array(d);
  const comp = new Float64Array(d);
  const partial = new Float64Array(d);
  let inTile = 0;
  let total = 0;
  let totalComp = 0;
  let positive = 0;
  for (let start = 0; start < rows; start += blocks.blockRows) {
    const data = blocks.block(start);
    const end = Math.min(rows, start + blocks.blockRows);
    let at = blocks.offset;
    for (let i = start; i < end; i++, at += d) {
      const w = weights === null ? 1 : weights[i]!;
      let check = 0;
      for (let j = 0; j < d; j++) {
        const x = data[at + j]!;
        check += x - x; // 0 for every finite x; NaN once any cell is NaN or infinite
        partial[j] = partial[j]! + w * x;
      }
      if (check !== 0)
        for (let j = 0; j < d; j++) if (data[at + j]! - data[at + j]! !== 0) badCell(where, blocks, i, j);
      if (w > 0) positive++;
      const t = total + w;
      totalComp += Math.abs(total) >= w ? total - t + w : w - t + total;
      total = t;
      if (++inTile === GRAM_TILE) {
        for (let j = 0; j < d; j++) neumaierAdd(sum, comp, j, partial[j]!);
        partial.fill(0);
        inTile = 0;
      }
    }
  }
  for (let j = 0; j < d; j++) neumaierAdd(sum, comp, j, partial[j]!);
  total += totalComp;
  if (positive < 2) {
    throw new RangeError(
      `${where}: at least 2 rows ${weights === null ? "" : "of positive weight "}are needed, got ${positive}`,
    );
  }
  const mean = new Float64Array(d);
  for (let j = 0; j < d; j++) mean[j] = (sum[j]! + comp[j]!) / total;

  const gram = new GramAccumulator(mean);
  for (let start = 0; start < rows; start += blocks.blockRows) {
    const data = blocks.block(start);
    const end = Math.min(rows, start + blocks.blockRows);
    let at = blocks.offset;
    for (let i = start; i < end; i++, at += d) {
      const w = weights === null ? 1 : weights[i]!;
      if (w !== 0) gram.row(data, at, w);
    }
  }
  const cov = gram.result();
  for (let k = 0; k < cov.length; k++) cov[k] = cov[k]! / total;
  return { mean, covariance: cov, totalWeight: total };
}

function badCell(where: string, blocks: RowBlocks, i: number, j: number): never {
  const v = blocks.value(i, j);
  if (typeof v !== "number") throw new TypeError(`${where}: X[${i}][${j}] must be a number, got ${describe(v)}`);
  throw new RangeError(`${where}: X[${i}][${j}] is ${describe(v)}; every cell must be finite`);
}

/**
 * Loadings (d × k, row-major) and noise variances, and how the fit ended.
 *
 * @internal
 * @example
 * ```ts
 * const fit: LatentFit = fitPPCA(new Float64Array([2, 1, 1, 2]), 2, 1);
 * fit.nIter; // 0
 * ```
 */
export interface LatentFit {
  readonly loadings: Float64Array;
  readonly noiseVariance: Float64Array;
  readonly trace: number[];
  readonly nIter: number;
  readonly converged: boolean;
}

/**
 * Probabilistic PCA in closed form (Tipping & Bishop 1999): with λ the eigenvalues of S in
 * descending order and U their eigenvectors, σ² is the mean of the d − k smallest and
 * W = U_k (Λ_k − σ² I)^{1/2}, the maximum of the likelihood (W up to a rotation).
 *
 * @internal
 * @example
 * ```ts
 * // S = [[2, 1], [1, 2]] has eigenvalues 1 and 3: σ² = 1, and W = ±(1, 1) (the eigenvector times √2).
 * const fit = fitPPCA(new Float64Array([2, 1, 1, 2]), 2, 1);
 * Array.from(fit.noiseVariance); // [1, 1]
 * Math.abs(fit.loadings[0]! - fit.loadings[1]!); // 0
 * ```
 */
export function fitPPCA(covariance: Float64Array, d: number, k: number): LatentFit {
  const { values, vectors } = symmetricEigen(covariance, d);
  // Ascending order: the d − k smallest come first. Rounding can leave a zero eigenvalue slightly
  // negative; a variance is never below 0.
  let rest = 0;
  for (let j = 0; j < d - k; j++) rest += Math.max(values[j]!, 0);
  const sigma2 = Math.max(rest / (d - k), NOISE_FLOOR);
  const loadings = new Float64Array(d * k);
  for (let c = 0; c < k; c++) {
    const col = d - 1 - c;
    const scale = Math.sqrt(Math.max(values[col]! - sigma2, 0));
    for (let i = 0; i < d; i++) loadings[i * k + c] = vectors[i * d + col]! * scale;
  }
  return { loadings, noiseVariance: new Float64Array(d).fill(sigma2), trace: [], nIter: 0, converged: true };
}

/**
 * Factor analysis by scikit-learn's iteration (Barber, BRML §21.2), on S rather than on the data:
 *
 * 1. For the current Ψ, the W that maximises the likelihood is W = Ψ^{1/2} U_k (Λ_k − I)₊^{1/2},
 *    from the eigendecomposition of the scaled covariance C = Ψ^{−1/2} S Ψ^{−1/2} (scikit-learn
 *    takes the SVD of the scaled data matrix; its squared singular values / n are these λ). The
 *    log-likelihood at that W, the profile log-likelihood of Ψ, is what the trace records.
 * 2. Ψ ← max(diag(S − W Wᵀ), NOISE_FLOOR).
 *
 * Why this rather than textbook EM: step 1 is the exact maximum over W, so the iteration converges
 * in far fewer steps than EM's partial W-updates; and from (W, Ψ) with W optimal, EM's M-step
 * (W' = S βᵀ(M⁻¹ + β S βᵀ)⁻¹, β = M⁻¹ Wᵀ Ψ⁻¹) leaves W' = W and gives Ψ' = diag(S − W Wᵀ), so
 * step 2 *is* an EM step and the trace can never decrease (clamping at the floor is the
 * constrained M-step, so it keeps that). Working from S costs one d × d eigendecomposition per
 * iteration, whatever the number of rows, where the SVD of the data costs O(n d²).
 *
 * Ψ starts at 1, as scikit-learn's does, so that the iterates are scikit-learn's (and can be
 * checked against them one for one); the first W-step adapts to the data's scale. The fit stops
 * when the mean log-likelihood per row changes by less than tol, or after maxIter iterations; the
 * W returned is always the optimum for the Ψ returned.
 *
 * @internal
 * @example
 * ```ts
 * // S = w wᵀ + I with w = (1, 1, 1): one factor explains it exactly.
 * const S = new Float64Array([2, 1, 1, 1, 2, 1, 1, 1, 2]);
 * const fit = fitFactorAnalysis(S, 3, 1, 1000, 1e-12, undefined);
 * fit.converged; // true
 * Array.from(fit.noiseVariance, (v) => Math.round(v * 1e6) / 1e6); // [1, 1, 1]
 * fit.trace.every((ll, t) => t === 0 || ll >= fit.trace[t - 1]!); // true: EM never goes down
 * ```
 */
export function fitFactorAnalysis(
  covariance: Float64Array,
  d: number,
  k: number,
  maxIter: number,
  tol: number,
  onIteration: ((progress: EmProgress) => void) | undefined,
): LatentFit {
  const psi = new Float64Array(d);
  psi.fill(1);
  const sd = new Float64Array(d);
  const scaled = new Float64Array(d * d);
  const loadings = new Float64Array(d * k);
  const trace = new EmTrace(tol, onIteration);
  for (let t = 0; t < maxIter; t++) {
    for (let i = 0; i < d; i++) sd[i] = Math.sqrt(psi[i]!);
    for (let i = 0; i < d; i++)
      for (let j = 0; j <= i; j++) scaled[i * d + j] = covariance[i * d + j]! / (sd[i]! * sd[j]!);
    const { values, vectors } = symmetricEigen(scaled, d);
    // The profile log-likelihood per row: −½[d log 2π + Σ log Ψ + Σ_top (log λ + 1) + Σ_rest λ],
    // where a top eigenvalue ≤ 1 has no factor (its column of W is 0) and counts as λ.
    let s = d * LOG_2PI;
    for (let i = 0; i < d; i++) s += Math.log(psi[i]!);
    for (let j = 0; j < d; j++) {
      const lambda = Math.max(values[j]!, 0);
      s += j >= d - k && lambda > 1 ? Math.log(lambda) + 1 : lambda;
    }
    for (let c = 0; c < k; c++) {
      const col = d - 1 - c;
      const scale = Math.sqrt(Math.max(values[col]! - 1, 0));
      for (let i = 0; i < d; i++) loadings[i * k + c] = sd[i]! * vectors[i * d + col]! * scale;
    }
    if (trace.record(-0.5 * s) || t === maxIter - 1) break;
    for (let i = 0; i < d; i++) {
      let ww = 0;
      for (let c = 0; c < k; c++) ww += loadings[i * k + c]! * loadings[i * k + c]!;
      psi[i] = Math.max(covariance[i * d + i]! - ww, NOISE_FLOOR);
    }
  }
  return { loadings, noiseVariance: psi, trace: trace.values, nIter: trace.nIter, converged: trace.converged };
}
