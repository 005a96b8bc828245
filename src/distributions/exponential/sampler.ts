/**
 * Exponential draws by inversion: x = −log(u)/λ for a uniform u in (0, 1), one uniform and one
 * logarithm per draw. A u of exactly 0 (which a [0, 1) generator may give) would be x = ∞, so
 * it is drawn again.
 */

import { badUniform, nextUniform, type Rng } from "../../core/rng.js";

/** Uniforms of exactly 0 in a row before deciding the rng is stuck. */
const MAX_ZEROS = 64;

/**
 * One Exponential(rate) draw, rate > 0 and finite (not checked).
 *
 * @example
 * ```ts
 * sampleExponential(createRng(1), 2) >= 0; // true
 * ```
 */
export function sampleExponential(rng: Rng, rate: number, where = "Exponential.sample"): number {
  for (let i = 0; i < MAX_ZEROS; i++) {
    const u = nextUniform(rng, where);
    if (u > 0) return -Math.log(u) / rate;
  }
  throw new RangeError(`${where}: rng.next() returned 0 ${MAX_ZEROS} times in a row; its output is not uniform`);
}

/**
 * Fills out[0..n) with Exponential(rate) draws (rate > 0 and finite, not checked): the same
 * stream as n calls of {@link sampleExponential}.
 *
 * @example
 * ```ts
 * const waits = new Float64Array(1000);
 * fillExponential(createRng(1), waits, 1000, 0.5);
 * ```
 */
export function fillExponential(
  rng: Rng,
  out: Float64Array,
  n: number,
  rate: number,
  where = "Exponential.sample",
): void {
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    // The check inline (a valid u in (0, 1) is the fast path); 0 and bad values go the long way.
    out[i] = u > 0 && u < 1 ? -Math.log(u) / rate : u === 0 ? sampleExponential(rng, rate, where) : bad(where, u);
  }
}

function bad(where: string, u: unknown): never {
  throw badUniform(where, u);
}
