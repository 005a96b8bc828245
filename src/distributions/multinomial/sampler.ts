/**
 * Multinomial sampling by the conditional binomial method: x_0 ~ Binomial(n, p_0), then x_1 ~
 * Binomial(n − x_0, p_1 / (1 − p_0)), and so on, stopping when the trials run out. Each binomial
 * is exact: inversion by sequential search while n·min(p, 1 − p) < 10 (about n·p + 1 steps),
 * Hörmann's transformed rejection with squeeze, BTRS (1993), from there on (about 1.15 pairs of
 * uniforms per draw whatever n). A draw costs O(d + Σ binomial costs), never O(trials).
 */

import { logFactorial } from "../../core/gamma.js";
import { nextUniform, type Rng } from "../../core/rng.js";

/** Below this mean (of the rarer outcome), inversion; from it on, BTRS (Hörmann's switch). */
const INVERSION_LIMIT = 10;
/** Rejections before deciding the rng is stuck (BTRS accepts ~85% of proposals). */
const MAX_REJECTIONS = 10000;

/**
 * One Binomial(n, p) draw: the number of successes in n trials, n an integer ≥ 0 below 2⁵³ and
 * p in [0, 1] (neither checked).
 *
 * @example
 * ```ts
 * sampleBinomial(createRng(1), 10, 0.5); // a count in 0..10
 * ```
 */
export function sampleBinomial(rng: Rng, n: number, p: number, where = "Multinomial.sample"): number {
  if (n === 0 || p <= 0) return 0;
  if (p >= 1) return n;
  // Draw the rarer outcome: the algorithms below assume p ≤ ½.
  const flip = p > 0.5;
  const q = flip ? 1 - p : p;
  const k = n * q < INVERSION_LIMIT ? inversion(rng, n, q, where) : btrs(rng, n, q, where);
  return flip ? n - k : k;
}

/**
 * The smallest k with u < F(k), walking up P(k) = P(k − 1)·(n − k + 1)/k · p/(1 − p) from
 * P(0) = (1 − p)^n. With n·p < 10, (1 − p)^n ≥ e^(−10·(1 + p)) is far from underflow. Where the
 * running sum stops growing (u within rounding of 1) the walk ends there.
 */
function inversion(rng: Rng, n: number, p: number, where: string): number {
  const u = nextUniform(rng, where);
  const ratio = p / (1 - p);
  let mass = Math.exp(n * Math.log1p(-p));
  let cdf = mass;
  let k = 0;
  while (u >= cdf && k < n) {
    k++;
    mass *= ((n - k + 1) / k) * ratio;
    const next = cdf + mass;
    if (next === cdf) break;
    cdf = next;
  }
  return k;
}

/** Hörmann's BTRS for n·p ≥ 10, p ≤ ½: a transformed-rejection proposal with a squeeze. */
function btrs(rng: Rng, n: number, p: number, where: string): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  const h = logFactorial(m) + logFactorial(n - m);
  for (let tries = 0; tries < MAX_REJECTIONS; tries++) {
    const u = nextUniform(rng, where) - 0.5;
    let v = nextUniform(rng, where);
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    if (v <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
  }
  throw new RangeError(`${where}: rng rejected ${MAX_REJECTIONS} binomial proposals in a row; is rng.next() uniform?`);
}

/**
 * Σ_{k ≥ j} probs[k] for every j (tail[d] = 0), summed from the end so that each tail is
 * accurate however small: the conditional probabilities p_j / tail_j of the sampler.
 *
 * @example
 * ```ts
 * multinomialTails(new Float64Array([0.5, 0.25, 0.25])); // Float64Array [1, 0.5, 0.25, 0]
 * ```
 */
export function multinomialTails(probs: Float64Array): Float64Array {
  const d = probs.length;
  const tail = new Float64Array(d + 1);
  for (let j = d - 1; j >= 0; j--) tail[j] = tail[j + 1]! + probs[j]!;
  return tail;
}

/**
 * One multinomial draw of `trials` trials over `probs` into out[offset .. offset + d), `tail`
 * from {@link multinomialTails}. The last category with positive probability takes what is
 * left, so the counts always sum to `trials`.
 *
 * @example
 * ```ts
 * const probs = new Float64Array([0.2, 0.3, 0.5]);
 * const out = new Float64Array(3);
 * fillMultinomial(createRng(1), probs, multinomialTails(probs), 10, out, 0);
 * out.reduce((a, b) => a + b); // 10
 * ```
 */
export function fillMultinomial(
  rng: Rng,
  probs: Float64Array,
  tail: Float64Array,
  trials: number,
  out: Float64Array,
  offset: number,
  where = "Multinomial.sample",
): void {
  const d = probs.length;
  let last = d - 1;
  while (last > 0 && probs[last] === 0) last--;
  let left = trials;
  for (let j = 0; j < d; j++) {
    if (j === last) {
      out[offset + j] = left;
      left = 0;
      continue;
    }
    if (left === 0 || probs[j] === 0) {
      out[offset + j] = 0;
      continue;
    }
    const x = sampleBinomial(rng, left, Math.min(1, probs[j]! / tail[j]!), where);
    out[offset + j] = x;
    left -= x;
  }
}
