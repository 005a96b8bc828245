import xor4096 from "seedrandom/lib/xor4096.js";

/**
 * A source of uniform random doubles in [0, 1). This one method is the whole interface, so any
 * object with `next()` (a seeded generator, a wrapper around `Math.random`, a replayed stream)
 * can drive every sampler in ptheta. Samplers never hold on to it and ptheta has no global state.
 *
 * @example
 * ```ts
 * const fixed: Rng = { next: () => 0.5 };
 * new Gaussian(0, 1).sample(fixed); // a deterministic draw
 * ```
 */
export interface Rng {
  /** A uniform double in [0, 1). */
  next(): number;
}

/**
 * A seeded, reproducible random number generator: Brent's xorgens 4096 (seedrandom's
 * `xor4096`), which passes BigCrush and is the fastest of seedrandom's generators of that
 * quality in V8. Each `next()` returns a double with 53 random bits, in (0, 1).
 *
 * The same seed gives the same stream in Node and in every browser.
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
    throw new TypeError(`createRng: seed must be a finite number or a string, got ${String(seed)}`);
  }
  const generator = xor4096(String(seed));
  return { next: () => generator.double() };
}
