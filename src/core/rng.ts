import { describe } from "./validate.js";

/**
 * A source of uniform random doubles in [0, 1). This one method is the whole interface, so any
 * object with `next()` (a seeded generator, a wrapper around `Math.random`, a replayed stream)
 * can drive every sampler in ptheta. Samplers never hold on to it, and ptheta keeps no random state of its own (the only
 * module-level data are constant tables, such as the ziggurat's, built once).
 *
 * Samplers check what `next()` returns: anything outside [0, 1) (1, −1, NaN, a string) throws a
 * RangeError naming `rng` rather than giving a wrong draw.
 *
 * @example
 * ```ts
 * const fixed: Rng = { next: () => 0.5 };
 * new Gaussian(0, 1).sample(fixed); // a deterministic draw
 * const system: Rng = { next: Math.random }; // unseeded, not reproducible
 * ```
 */
export interface Rng {
  /** A uniform double in [0, 1). */
  next(): number;
}

/** What an Rng is, for error messages: said the same way everywhere. */
const WHAT_AN_RNG_IS = "an object with a next() method returning uniform doubles in [0, 1), e.g. createRng(42)";

/**
 * Checks that `rng` can be used as an {@link Rng} (an object, or function, with a `next`
 * method) and returns it; otherwise throws a TypeError that says what an Rng is. Samplers call
 * it once per call, before drawing anything; what `next()` returns is checked as it is used
 * (see {@link badUniform}).
 *
 * @param where - the function called, e.g. `"Gaussian.sample"`.
 * @example
 * ```ts
 * requireRng("Gaussian.sample", createRng(1)); // the rng
 * requireRng("Gaussian.sample", Math.random); // TypeError: … pass { next: Math.random } …
 * ```
 */
export function requireRng(where: string, rng: unknown): Rng {
  const isObject = (typeof rng === "object" && rng !== null) || typeof rng === "function";
  if (isObject && typeof (rng as { next?: unknown }).next === "function") return rng as Rng;
  const hint =
    typeof rng === "function" ? " (to draw from a function such as Math.random, pass { next: Math.random })" : "";
  throw new TypeError(`${where}: rng must be an Rng, ${WHAT_AN_RNG_IS}; got ${describe(rng)}${hint}`);
}

/**
 * The error for a value `u` returned by `rng.next()` outside [0, 1) (NaN, 1, a negative number,
 * a non-number). Samplers test `!(u >= 0 && u < 1)` where they already branch on `u`, and
 * throw this: a bad generator is reported rather than turned into NaN or a biased draw.
 *
 * @param where - the function called, e.g. `"Bernoulli.sample"`.
 * @example
 * ```ts
 * const u = rng.next();
 * if (!(u >= 0 && u < 1)) throw badUniform("Bernoulli.sample", u);
 * ```
 */
export function badUniform(where: string, u: unknown): RangeError {
  return new RangeError(`${where}: rng.next() must return a number in [0, 1), got ${describe(u)}`);
}

/**
 * `rng.next()`, checked to be a number in [0, 1): anything else (1, −1, NaN, null, a string) is
 * the RangeError of {@link badUniform}. The one check every sampler's draw goes through, where
 * the draw is not already tested inline in a hot loop.
 *
 * @example
 * ```ts
 * nextUniform(createRng(1), "Poisson.sample"); // a double in [0, 1)
 * ```
 */
export function nextUniform(rng: Rng, where: string): number {
  const u = rng.next();
  if (typeof u !== "number" || !(u >= 0 && u < 1)) throw badUniform(where, u);
  return u;
}

const TWO_TO_MINUS_21 = 4.76837158203125e-7;
const TWO_TO_MINUS_53 = 1.1102230246251565e-16;

/**
 * Brent's xorgens 4096 (xor4096 in seedrandom, which seeds it): a 4096-bit xorshift generator
 * combined with a Weyl sequence, which passes BigCrush. Ported here over an Int32Array so that
 * `next()` is one monomorphic method V8 inlines into the samplers' loops; the arithmetic is
 * seedrandom's, word for word (32-bit integer operations only, so every engine gives the same
 * stream), and `next()` returns exactly what seedrandom's `double()` does.
 *
 * @internal Not exported from the package; `fillNormal` draws its words directly (and keeps `x`,
 * `i` and `w` in step: they are the whole state).
 */
export class Xorgens4096 implements Rng {
  /** @internal The 128-word xorshift state. */
  readonly x: Int32Array;
  /** @internal The index of the word last written. */
  i: number;
  /** @internal The Weyl sequence. */
  w: number;

  constructor(x: Int32Array, i: number, w: number) {
    this.x = x;
    this.i = i;
    this.w = w;
  }

  /** The next 32-bit word, as a signed int32 (seedrandom's `int32()`). */
  private word(): number {
    const x = this.x;
    const w = (this.w = (this.w + 0x61c88647) | 0);
    let v = x[(this.i + 34) & 127]!;
    const i = (this.i = (this.i + 1) & 127);
    let t = x[i]!;
    v ^= v << 13;
    t ^= t << 17;
    v ^= v >>> 15;
    t ^= t >>> 12;
    v = x[i] = v ^ t;
    return (v + (w ^ (w >>> 16))) | 0;
  }

  /**
   * A double with 53 random bits in (0, 1): 21 bits from one word and 32 from the next, each
   * scaled by a power of two so the sum is exact. 0 (one chance in 2⁵³) is redrawn, as
   * seedrandom does, so 1 − u and log(u) are always finite.
   */
  next(): number {
    let u: number;
    do u = (this.word() >>> 11) * TWO_TO_MINUS_21 + (this.word() >>> 0) * TWO_TO_MINUS_53;
    while (u === 0);
    return u;
  }
}
