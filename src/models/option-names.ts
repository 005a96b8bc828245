/**
 * What an unknown option most likely meant, for the models' errors: a synonym from another
 * library, or the closest valid name. Apart from core/options.ts so that a family's own `fit`
 * (and a bundle that imports only it) does not carry the table.
 */

import { readOptions } from "../core/options.js";

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

/** readOptions whose unknown-key error names the option meant (see {@link closestOption}). @internal */
export function readModelOptions(where: string, options: unknown, known: readonly string[]): Record<string, unknown> {
  return readOptions(where, options, known, closestOption);
}
