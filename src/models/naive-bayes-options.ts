/**
 * The options of a Naive Bayes model, their defaults and their checks. Options are checked once,
 * at construction, so a bad option never reaches a half-built model.
 */

import type { FeatureGroup } from "./model-options.js";
import type { MissingPolicy, UnseenPolicy } from "../core/kernel.js";
import type { FeatureKind } from "../distributions/registry.js";
import { describe, requireFinite, requireInteger, requireNonNegative } from "../core/validate.js";
import type { Label } from "../core/label.js";
import { unknownOption } from "../core/options.js";
import { closestOption } from "../core/option-names.js";
import { readColumnSettings } from "./model-options.js";

export type { Label };

export type { FeatureKind, MissingPolicy, UnseenPolicy };

/**
 * Options of {@link NaiveBayes}. Every one is optional.
 *
 * @example
 * ```ts
 * const options: NaiveBayesOptions<string> = {
 *   features: ["gaussian", "bernoulli", "categorical"], // one kind per feature (mixed)
 *   alpha: 0.5,
 *   unseen: "ignore",
 * };
 * ```
 */
export interface NaiveBayesOptions<L extends Label = Label> {
  /**
   * The kind of every feature (`"gaussian"`, the default, or any kind of the registry: `"bernoulli"`, `"categorical"`, `"poisson"`, …), or
   * an array with one kind per feature.
   */
  features?: FeatureKind | readonly (FeatureKind | FeatureGroup)[];
  /**
   * Gaussian features: `varSmoothing × (the largest variance of any Gaussian feature over every
   * row seen)` is added to every class variance, as scikit-learn's `var_smoothing`. Default 1e-9.
   */
  varSmoothing?: number;
  /**
   * Bernoulli, categorical and Poisson features: the pseudo-count α ≥ 0 (default 1), one number
   * for all features or one per feature, used as given everywhere in ptheta (scikit-learn
   * raises values below 1e-10 to 1e-10; we don't). α = 0 is the maximum-likelihood estimate, so
   * a value never seen in a class gets probability 0 there.
   */
  alpha?: number | readonly number[];
  /**
   * Bernoulli features: a value counts as 1 when it is > `binarize` (default 0). `null` means the
   * data are already 0/1 (anything else is then an error).
   */
  binarize?: number | null;
  /**
   * Categorical features: the least number of categories 0..K−1 per feature, one number for all
   * or one per feature (default 0: K = the largest code seen + 1).
   */
  minCategories?: number | readonly number[];
  /** Fixed class priors, in the order of the sorted classes; they must sum to 1. */
  priors?: readonly number[];
  /** When no `priors` are given: true (default) for the class frequencies, false for uniform. */
  fitPriors?: boolean;
  /**
   * Categorical features: what a code ≥ the feature's category count scores at prediction time.
   * `"smooth"` (default): the smoothed mass alpha / (n_c + alpha·K) of a known but unobserved
   * category; `"ignore"`: the feature is left out of that row's score; `"error"`: throws.
   */
  unseen?: UnseenPolicy;
  /**
   * NaN in a feature at prediction time: `"error"` (default) throws; `"ignore"` leaves that
   * feature out of the row's score (marginalising it). NaN at fit time is always an error.
   */
  missing?: MissingPolicy;
  /**
   * Semi-supervised fits (some labels null or undefined): the most EM iterations after the fit
   * on the labelled rows (default 100).
   */
  maxIter?: number;
  /** Semi-supervised fits: stop when the mean log-likelihood changes by less than this (default 1e-3). */
  tol?: number;
  /**
   * All class labels, fixed up front (for `partialFit`); any other label is then an error.
   * Without it the classes are the labels seen so far.
   */
  classes?: readonly L[];
}

/** Options after defaults and checks; per-feature arrays stay as given until the feature count is known. */
export interface ResolvedOptions {
  readonly features: FeatureKind | readonly FeatureKind[];
  /** Where `{ kind, columns }` entries of the features list begin and end (see ColumnSettings). */
  readonly breaks: readonly number[];
  readonly varSmoothing: number;
  readonly alpha: number | readonly number[];
  readonly binarize: number | null;
  readonly minCategories: number | readonly number[];
  readonly priors: readonly number[] | null;
  readonly fitPriors: boolean;
  readonly unseen: UnseenPolicy;
  readonly missing: MissingPolicy;
  readonly maxIter: number;
  readonly tol: number;
  /** options.classes as given (checked by the model), or null. */
  readonly classes: readonly unknown[] | null;
}

export function requireOneOf<T extends string>(where: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new TypeError(`${where} must be ${allowed.map((a) => `"${a}"`).join(", ")}, got ${describe(value)}`);
  }
  return value as T;
}

/** Checks the options and fills in defaults; throws TypeError/RangeError naming the option. */
export function resolveOptions(where: string, options: unknown, extraKeys: readonly string[] = []): ResolvedOptions {
  if (options === undefined) options = {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  }
  // A copy of the own enumerable properties, each read once: an option inherited through the
  // prototype chain is not an option, and a getter cannot answer differently on a second read.
  const o: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(options)) o[key] = (options as Record<string, unknown>)[key];
  const known = [
    "features",
    "varSmoothing",
    "alpha",
    "binarize",
    "minCategories",
    "priors",
    "fitPriors",
    "unseen",
    "missing",
    "classes",
    "maxIter",
    "tol",
    ...extraKeys,
  ];
  // Own enumerable properties only: an option inherited through the prototype chain is not one.
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) throw unknownOption(where, key, known, closestOption(key, known));
  }
  // The column options, read as Product and Mixture read theirs (Naive Bayes's defaults:
  // α = 1, binarize = 0, no regVariance).
  const { features, breaks, alpha, minCategories, binarize } = readColumnSettings(where, o, {
    alpha: 1,
    regVariance: 0,
    binarize: 0,
  });
  const varSmoothing =
    o.varSmoothing === undefined ? 1e-9 : requireNonNegative(`${where}: options.varSmoothing`, o.varSmoothing);
  let priors: readonly number[] | null = null;
  if (o.priors !== undefined && o.priors !== null) {
    if (!Array.isArray(o.priors))
      throw new TypeError(`${where}: options.priors must be an array of numbers, got ${describe(o.priors)}`);
    if (o.priors.length === 0) throw new RangeError(`${where}: options.priors must not be empty`);
    priors = o.priors.map((p, i) => {
      const x = requireFinite(`${where}: options.priors[${i}]`, p);
      if (!(x >= 0 && x <= 1))
        throw new RangeError(`${where}: options.priors[${i}] must be in [0, 1], got ${describe(x)}`);
      return x;
    });
    let sum = 0;
    for (const p of priors) sum += p;
    if (Math.abs(sum - 1) > 1e-8)
      throw new RangeError(`${where}: options.priors must sum to 1, but they sum to ${sum}`);
  }
  let fitPriors = true;
  if (o.fitPriors !== undefined) {
    if (typeof o.fitPriors !== "boolean")
      throw new TypeError(`${where}: options.fitPriors must be a boolean, got ${describe(o.fitPriors)}`);
    fitPriors = o.fitPriors;
  }
  const unseen =
    o.unseen === undefined
      ? "smooth"
      : requireOneOf<UnseenPolicy>(`${where}: options.unseen`, o.unseen, ["smooth", "ignore", "error"]);
  const missing =
    o.missing === undefined
      ? "error"
      : requireOneOf<MissingPolicy>(`${where}: options.missing`, o.missing, ["error", "ignore"]);
  if (Array.isArray(features)) {
    const d = features.length;
    if (Array.isArray(alpha) && alpha.length !== d) {
      throw new RangeError(`${where}: options.alpha has ${alpha.length} values but options.features has ${d}`);
    }
    if (Array.isArray(minCategories) && minCategories.length !== d) {
      throw new RangeError(
        `${where}: options.minCategories has ${minCategories.length} values but options.features has ${d}`,
      );
    }
  }
  const maxIter = o.maxIter === undefined ? 100 : requireInteger(`${where}: options.maxIter`, o.maxIter, 0);
  const tol = o.tol === undefined ? 1e-3 : requireNonNegative(`${where}: options.tol`, o.tol);
  let classes: readonly unknown[] | null = null;
  if (o.classes !== undefined) {
    if (!Array.isArray(o.classes))
      throw new TypeError(`${where}: options.classes must be an array of labels, got ${describe(o.classes)}`);
    classes = o.classes.slice();
  }
  return {
    features,
    breaks,
    varSmoothing,
    alpha,
    binarize,
    minCategories,
    priors,
    fitPriors,
    unseen,
    missing,
    maxIter,
    tol,
    classes,
  };
}

/**
 * Checks that the per-feature options fit a model of `d` features; returns the kind of each.
 */
export function featureKinds(where: string, options: ResolvedOptions, d: number): FeatureKind[] {
  const f = options.features;
  if (typeof f !== "string" && f.length !== d) {
    throw new RangeError(
      `${where}: X has ${d} features but options.features lists ${f.length} kind${f.length === 1 ? "" : "s"}`,
    );
  }
  if (typeof options.alpha !== "number" && options.alpha.length !== d) {
    throw new RangeError(`${where}: X has ${d} features but options.alpha gives ${options.alpha.length} values`);
  }
  if (typeof options.minCategories !== "number" && options.minCategories.length !== d) {
    throw new RangeError(
      `${where}: X has ${d} features but options.minCategories gives ${options.minCategories.length} values`,
    );
  }
  const kinds: FeatureKind[] = [];
  for (let j = 0; j < d; j++) kinds.push(typeof f === "string" ? f : f[j]!);
  return kinds;
}
