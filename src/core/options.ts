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
    if (!known.includes(key)) throw unknownOption(where, key, known);
    o[key] = (options as Record<string, unknown>)[key];
  }
  return o;
}

/**
 * The TypeError for an option `key` that is not one of `known`: it names the key, the closest
 * valid name when one is near (a typo: an edit or two away, or equal but for case), and lists
 * the valid names.
 *
 * @example
 * ```ts
 * unknownOption("chiSquareTest", "dof", ["ddof"]).message;
 * // 'chiSquareTest: unknown option "dof" (did you mean "ddof"?); the options are: ddof'
 * ```
 */
export function unknownOption(where: string, key: string, known: readonly string[]): TypeError {
  const near = closest(key, known);
  const hint = near === undefined ? "" : ` (did you mean ${describe(near)}?)`;
  const list = known.length === 0 ? "it takes no options" : `the options are: ${known.join(", ")}`;
  return new TypeError(`${where}: unknown option ${describe(key)}${hint}; ${list}`);
}

/** The name in `names` nearest to `key` when it is a plausible typo of it, else undefined. */
function closest(key: string, names: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = name.toLowerCase() === lower ? 0 : editDistance(lower, name.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = name;
    }
  }
  // One edit per three letters of the key, at least one, at most three: "aplha" → "alpha",
  // "sd" → "std", "dof" → "ddof"; a key far from every name gets the list alone.
  const allowed = Math.min(3, Math.max(1, Math.floor(key.length / 3)));
  return bestDistance <= allowed ? best : undefined;
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3 || a.length > 64 || b.length > 64) return Infinity;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1]!;
}
