/**
 * Brands: how a class recognises its own instances across copies of ptheta. `instanceof` fails
 * when the ES module and the CommonJS build are both loaded in one process (each has its own
 * class objects), so statistics from one could not merge with the other's. A brand is a
 * property keyed by a registered symbol, `Symbol.for("ptheta.<Name>")`, the same in every copy.
 */

/**
 * The brand symbol of a class name.
 *
 * @example
 * ```ts
 * const GAUSSIAN_STATS = brand("GaussianStats");
 * class GaussianStats { readonly [GAUSSIAN_STATS] = true; }
 * ```
 */
export function brand(name: string): symbol {
  return Symbol.for(`ptheta.${name}`);
}

/**
 * True when `value` carries the brand of `name` (an instance of that class from any copy).
 *
 * @example
 * ```ts
 * hasBrand(Gaussian.stats(), "GaussianStats"); // true
 * ```
 */
export function hasBrand(value: unknown, name: string): boolean {
  return value !== null && typeof value === "object" && (value as Record<symbol, unknown>)[brand(name)] === true;
}
