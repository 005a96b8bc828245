/**
 * The seeded generator: seedrandom does the seeding, ptheta's Xorgens4096 the drawing. Kept in a
 * file of its own so that a sampler's import of core/rng.ts (the Rng checks, the generator's
 * class) does not pull seedrandom into a bundle that never seeds.
 */

import xor4096 from "seedrandom/lib/xor4096.js";
import { Xorgens4096, type Rng } from "./rng.js";
import { describe } from "./validate.js";

/**
 * A seeded, reproducible random number generator: Brent's xorgens 4096 (seedrandom's
 * `xor4096`), which passes BigCrush and is the fastest of seedrandom's generators of that
 * quality in V8. Each `next()` returns a double with 53 random bits, in (0, 1).
 *
 * The same seed gives the same stream in Node and in every browser (the stream of seedrandom's
 * `xor4096(String(seed)).double()`).
 *
 * @param seed - any number or string; equal seeds give equal streams.
 * @example
 * ```ts
 * const rng = createRng(42);
 * const u = rng.next(); // 0 < u < 1
 * ```
 */
export function createRng(seed: number | string): Rng {
  if (typeof seed === "number" ? !Number.isFinite(seed) : typeof seed !== "string") {
    throw new TypeError(`createRng: seed must be a finite number or a string, got ${describe(seed)}`);
  }
  // seedrandom does the seeding (string mixing, warm-up); we take over its state from there.
  const state = xor4096(String(seed), { state: true }).state();
  return new Xorgens4096(Int32Array.from(state.X), state.i, state.w);
}
