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
 * What other libraries (scikit-learn, pomegranate) or a quick hand call the options ptheta has:
 * an unknown key that is one of these is answered with ours, when the method has it.
 */
const SYNONYMS: Readonly<Record<string, string>> = {
  k: "nComponents",
  K: "nComponents",
  n_components: "nComponents",
  components: "nComponents",
  reg_covar: "regVariance",
  max_iter: "maxIter",
  iterations: "maxIter",
  n_init: "nInit",
  sample_weight: "sampleWeight",
  weights: "sampleWeight",
  sampleWeights: "sampleWeight",
  var_smoothing: "varSmoothing",
  fit_prior: "fitPriors",
  fitPrior: "fitPriors",
  class_prior: "priors",
  classPrior: "priors",
  random_state: "rng",
  seed: "rng",
  random: "rng",
  covariance_type: "covariance",
  callback: "onIteration",
  min_categories: "minCategories",
};

/** The number of single-character edits between a and b (Levenshtein), capped at 3. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      next[j] = Math.min(prev[j]! + 1, next[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = next;
  }
  return Math.min(prev[b.length]!, 3);
}

/**
 * The option of `known` that `key` most likely means: a synonym from another library, or the
 * closest name within two edits (case aside); undefined when none is close.
 */
export function closestOption(key: string, known: readonly string[]): string | undefined {
  const synonym = Object.prototype.hasOwnProperty.call(SYNONYMS, key) ? SYNONYMS[key] : undefined;
  if (synonym !== undefined && known.includes(synonym)) return synonym;
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of known) {
    const d = editDistance(key, name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * The TypeError for an option `key` that the method does not take: it names the key, the
 * option meant (when one is close) and every valid name.
 */
export function unknownOption(where: string, key: string, known: readonly string[]): TypeError {
  const meant = closestOption(key, known);
  const hint = meant === undefined ? "" : ` (did you mean ${describe(meant)}?)`;
  const valid = known.length === 0 ? "it takes none" : `valid options: ${known.join(", ")}`;
  return new TypeError(`${where}: unknown option ${describe(key)}${hint}; ${valid}`);
}
