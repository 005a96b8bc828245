/**
 * The default start of a mixture fit: k-means++ seeding (Arthur & Vassilvitskii 2007, with the
 * greedy local trials scikit-learn uses) and Lloyd steps, on standardised columns, drawn from a
 * seeded Rng. The clusters become one-hot responsibilities for the first M-step, as scikit-learn's
 * GaussianMixture(init_params="kmeans") does.
 */

import type { Rng } from "../core/rng.js";

/** The most Lloyd steps after seeding: enough for the clusters to settle, bounded for big data. */
const LLOYD_STEPS = 30;

/**
 * Cluster labels 0..K−1 for the n rows of `data` (n × d, row-major), weighted by `weights`
 * (null for 1 each).
 * @internal
 */
export function kmeansLabels(
  data: Float64Array,
  n: number,
  d: number,
  K: number,
  weights: Float64Array | null,
  rng: Rng,
  uniform: (rng: Rng) => number,
): Int32Array {
  const z = standardise(data, n, d);
  const centres = seed(z, n, d, K, weights, rng, uniform);
  const labels = new Int32Array(n).fill(-1);
  const sums = new Float64Array(K * d);
  const mass = new Float64Array(K);
  for (let step = 0; step < LLOYD_STEPS; step++) {
    // Assignment: the nearest centre of each row (squared Euclidean distance).
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const best = nearest(z, i * d, centres, K, d);
      if (best !== labels[i]) {
        labels[i] = best;
        changed++;
      }
    }
    if (changed === 0) break;
    // Update: each centre moves to the weighted mean of its rows; an empty cluster keeps its centre.
    sums.fill(0);
    mass.fill(0);
    for (let i = 0; i < n; i++) {
      const w = weights === null ? 1 : weights[i]!;
      const c = labels[i]!;
      mass[c] = mass[c]! + w;
      for (let j = 0; j < d; j++) sums[c * d + j] = sums[c * d + j]! + w * z[i * d + j]!;
    }
    for (let c = 0; c < K; c++) {
      if (mass[c]! > 0) for (let j = 0; j < d; j++) centres[c * d + j] = sums[c * d + j]! / mass[c]!;
    }
  }
  return labels;
}

/** Columns centred and scaled to unit variance (a constant column becomes 0). */
function standardise(data: Float64Array, n: number, d: number): Float64Array {
  const z = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data[i * d + j]!;
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (data[i * d + j]! - mean) ** 2;
    const sd = Math.sqrt(ss / n);
    const inv = sd > 0 ? 1 / sd : 0;
    for (let i = 0; i < n; i++) z[i * d + j] = (data[i * d + j]! - mean) * inv;
  }
  return z;
}

function distance2(z: Float64Array, at: number, centres: Float64Array, c: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const e = z[at + j]! - centres[c * d + j]!;
    s += e * e;
  }
  return s;
}

function nearest(z: Float64Array, at: number, centres: Float64Array, K: number, d: number): number {
  let best = 0;
  let bestD = Infinity;
  for (let c = 0; c < K; c++) {
    const s = distance2(z, at, centres, c, d);
    if (s < bestD) {
      bestD = s;
      best = c;
    }
  }
  return best;
}

/** Row index drawn with probability proportional to `mass` (Σ = total), by inversion. */
function drawIndex(mass: Float64Array, total: number, u: number): number {
  let target = u * total;
  for (let i = 0; i < mass.length; i++) {
    target -= mass[i]!;
    if (target < 0) return i;
  }
  // Rounding left target ≥ 0: the last row with mass.
  for (let i = mass.length - 1; i >= 0; i--) if (mass[i]! > 0) return i;
  return 0;
}

/**
 * Greedy k-means++: the first centre is a row drawn by weight; each next one is the best (by the
 * total weighted squared distance it leaves) of 2 + ⌊ln K⌋ rows drawn with probability
 * proportional to w·D², D being the distance to the nearest centre so far.
 */
function seed(
  z: Float64Array,
  n: number,
  d: number,
  K: number,
  weights: Float64Array | null,
  rng: Rng,
  uniform: (rng: Rng) => number,
): Float64Array {
  const centres = new Float64Array(K * d);
  const w = weights ?? new Float64Array(n).fill(1);
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i]!;
  const first = drawIndex(w, total, uniform(rng));
  centres.set(z.subarray(first * d, (first + 1) * d), 0);
  const closest = new Float64Array(n);
  const mass = new Float64Array(n);
  let potential = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = distance2(z, i * d, centres, 0, d);
    mass[i] = w[i]! * closest[i]!;
    potential += mass[i]!;
  }
  const trials = 2 + Math.floor(Math.log(K));
  const candidate = new Float64Array(d);
  for (let c = 1; c < K; c++) {
    let bestRow = -1;
    let bestPotential = Infinity;
    for (let t = 0; t < trials; t++) {
      const row = potential > 0 ? drawIndex(mass, potential, uniform(rng)) : drawIndex(w, total, uniform(rng));
      candidate.set(z.subarray(row * d, (row + 1) * d));
      let p = 0;
      for (let i = 0; i < n; i++) p += w[i]! * Math.min(closest[i]!, distance2(z, i * d, candidate, 0, d));
      if (p < bestPotential) {
        bestPotential = p;
        bestRow = row;
      }
    }
    centres.set(z.subarray(bestRow * d, (bestRow + 1) * d), c * d);
    potential = 0;
    for (let i = 0; i < n; i++) {
      closest[i] = Math.min(closest[i]!, distance2(z, i * d, centres, c, d));
      mass[i] = w[i]! * closest[i]!;
      potential += mass[i]!;
    }
  }
  return centres;
}
