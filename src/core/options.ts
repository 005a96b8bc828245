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
export function readOptions(
  where: string,
  options: unknown,
  known: readonly string[],
  meant?: (key: string, known: readonly string[]) => string | undefined,
): Record<string, unknown> {
  const o = Object.create(null) as Record<string, unknown>;
  if (options === undefined) return o;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw unknownOption(where, key, known, meant?.(key, known));
    o[key] = (options as Record<string, unknown>)[key];
  }
  return o;
}

/**
 * The TypeError for an option `key` that the method does not take: it names the key, the
 * option `meant` (when the caller found one: see models/option-names.ts) and every valid name.
 */
export function unknownOption(where: string, key: string, known: readonly string[], meant?: string): TypeError {
  const hint = meant === undefined ? "" : ` (did you mean ${describe(meant)}?)`;
  const valid = known.length === 0 ? "it takes none" : `valid options: ${known.join(", ")}`;
  return new TypeError(`${where}: unknown option ${describe(key)}${hint}; ${valid}`);
}
