/**
 * Reading an options object: own enumerable properties only, each read once, unknown keys
 * refused. An option inherited through the prototype chain is not an option, and a getter
 * cannot answer differently on a second read.
 */

import { describe } from "./validate.js";

/**
 * A null-prototype copy of the own enumerable properties of `options` (undefined → {}); throws a
 * TypeError for a non-object or a key not in `known`, naming it.
 *
 * @example
 * ```ts
 * const o = readOptions("Bernoulli.fit", { alpha: 1 }, ["alpha", "sampleWeight"]);
 * o.alpha; // 1
 * ```
 */
export function readOptions(where: string, options: unknown, known: readonly string[]): Record<string, unknown> {
  const o = Object.create(null) as Record<string, unknown>;
  if (options === undefined) return o;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new TypeError(`${where}: unknown option ${describe(key)}`);
    o[key] = (options as Record<string, unknown>)[key];
  }
  return o;
}
