/**
 * Poisson sampling, exact for every rate: inversion by sequential search below rate 10 (one
 * uniform per draw, a few multiply-adds), and Hörmann's transformed rejection with squeeze,
 * PTRS (1993), from 10 on (about 1.1 pairs of uniforms per draw whatever the rate).
 */

import { logPoissonTerm } from "../../core/gamma.js";
import { badUniform, type Rng } from "../../core/rng.js";

/** Below this rate, inversion; from it on, PTRS (Hörmann's recommended switch). */
const INVERSION_LIMIT = 10;
/** Inversion steps before giving up on rounding (P(X > 1000) for rate < 10 is below 1e-1000). */
const MAX_STEPS = 1000;
/** Rejections before deciding the rng is stuck (PTRS accepts ~90% of proposals). */
const MAX_REJECTIONS = 10000;

/** rng.next(), checked to be a uniform double in [0, 1). */
function uniform(rng: Rng, where: string): number {
  const u = rng.next();
  if (!(typeof u === "number" && u >= 0 && u < 1)) throw badUniform(where, u);
  return u;
}

/**
 * One Poisson(rate) draw, rate ≥ 0 and finite (not checked).
 *
 * @example
 * ```ts
 * samplePoisson(createRng(1), 3.5); // a count, e.g. 4
 * ```
 */
export function samplePoisson(rng: Rng, rate: number, where = "Poisson.sample"): number {
  if (rate === 0) return 0;
  return rate < INVERSION_LIMIT ? inversion(rng, rate, Math.exp(-rate), where) : ptrs(rng, rate, where);
}

/**
 * Fills out[0..n) with Poisson(rate) draws (rate ≥ 0 and finite, not checked).
 *
 * @example
 * ```ts
 * const counts = new Float64Array(1000);
 * fillPoisson(createRng(1), counts, 1000, 2.5);
 * ```
 */
export function fillPoisson(rng: Rng, out: Float64Array, n: number, rate: number, where = "Poisson.sample"): void {
  if (rate === 0) {
    out.fill(0, 0, n);
    return;
  }
  if (rate < INVERSION_LIMIT) {
    const p0 = Math.exp(-rate); // computed once for all n draws
    for (let i = 0; i < n; i++) out[i] = inversion(rng, rate, p0, where);
  } else {
    for (let i = 0; i < n; i++) out[i] = ptrs(rng, rate, where);
  }
}

/**
 * The smallest k with F(k) ≥ u: walk up the masses p_k = p_{k−1}·rate/k from p_0 = e^−rate.
 * The expected number of steps is rate + 1, so this is the fast path for small rates.
 */
function inversion(rng: Rng, rate: number, p0: number, where: string): number {
  const u = uniform(rng, where);
  let k = 0;
  let p = p0;
  let cdf = p0;
  while (u >= cdf && k < MAX_STEPS) {
    k++;
    p *= rate / k;
    cdf += p;
  }
  return k;
}

/**
 * Hörmann's PTRS: a proposal k from a transformed uniform, accepted at once inside the squeeze
 * (us ≥ 0.07 and v ≤ vr) and otherwise by comparing log v with the log-mass, which
 * logPoissonTerm computes without the cancellation of k log λ − λ − log k! for huge rates.
 */
function ptrs(rng: Rng, rate: number, where: string): number {
  const sqrtRate = Math.sqrt(rate);
  const b = 0.931 + 2.53 * sqrtRate;
  const a = -0.059 + 0.02483 * b;
  const logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (let i = 0; i < MAX_REJECTIONS; i++) {
    const u = uniform(rng, where) - 0.5;
    const v = uniform(rng, where);
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + rate + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= logPoissonTerm(k, rate)) return k;
  }
  throw new RangeError(`${where}: rng rejected ${MAX_REJECTIONS} proposals in a row; its output is not uniform`);
}
