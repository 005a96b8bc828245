/**
 * What an unknown option most likely meant, for the models' errors: a synonym from another
 * library, or the closest valid name. Apart from core/options.ts so that a family's own `fit`
 * (and a bundle that imports only it) does not carry the table.
 */

import { readOptions } from "./options.js";

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

/**
 * The option of `known` that `key` most likely means: a synonym from another library, or the
 * nearest name when `key` is a plausible typo of it (one edit per three letters of the key, at
 * least one, at most three; case aside): "aplha" → "alpha", "sd" → "std", "dof" → "ddof". A key
 * far from every name gets undefined, and the error lists the names alone.
 *
 * @example
 * ```ts
 * closestOption("k", ["nComponents", "features"]); // "nComponents"
 * closestOption("aplha", ["alpha", "binarize"]); // "alpha"
 * ```
 */
export function closestOption(key: string, known: readonly string[]): string | undefined {
  const synonym = Object.prototype.hasOwnProperty.call(SYNONYMS, key) ? SYNONYMS[key] : undefined;
  if (synonym !== undefined && known.includes(synonym)) return synonym;
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const d = name.toLowerCase() === lower ? 0 : editDistance(lower, name.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = name;
    }
  }
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

/** readOptions whose unknown-key error names the option meant (see {@link closestOption}). @internal */
export function readModelOptions(where: string, options: unknown, known: readonly string[]): Record<string, unknown> {
  return readOptions(where, options, known, closestOption);
}
