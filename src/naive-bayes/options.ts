/**
 * The options of a Naive Bayes model, their defaults and their checks. Options are checked once,
 * at construction, so a bad option never reaches a half-built model.
 */

import { describe, requireFinite, requireNonNegative } from "../core/validate.js";

/**
 * How one feature is modelled given the class: a Gaussian density, a Bernoulli or a Categorical.
 *
 * @example
 * ```ts
 * const kinds: FeatureKind[] = ["gaussian", "bernoulli", "categorical"];
 * NaiveBayes.fit(X, y, { features: kinds });
 * ```
 */
export type FeatureKind = "gaussian" | "bernoulli" | "categorical";

/**
 * A class label: a number (finite) or a string. One model uses one of the two.
 *
 * @example
 * ```ts
 * NaiveBayes.fit(X, ["spam", "ham", "spam"]); // a NaiveBayes<string>
 * ```
 */
export type Label = number | string;

/**
 * What a category never seen in training (a code ≥ the feature's category count) scores.
 *
 * @example
 * ```ts
 * NaiveBayes.fit(X, y, { features: "categorical", unseen: "ignore" });
 * ```
 */
export type UnseenPolicy = "smooth" | "ignore" | "error";

/**
 * What a NaN in a feature at prediction time does.
 *
 * @example
 * ```ts
 * const nb = NaiveBayes.fit(X, y, { missing: "ignore" });
 * nb.predict([[5.1, NaN, 1.4, 0.2]]); // scored on the three known features
 * ```
 */
export type MissingPolicy = "error" | "ignore";

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
   * The kind of every feature (`"gaussian"`, the default, `"bernoulli"` or `"categorical"`), or
   * an array with one kind per feature.
   */
  features?: FeatureKind | readonly FeatureKind[];
  /**
   * Gaussian features: `varSmoothing × (the largest variance of any Gaussian feature over every
   * row seen)` is added to every class variance, as scikit-learn's `var_smoothing`. Default 1e-9.
   */
  varSmoothing?: number;
  /**
   * Bernoulli and categorical features: the Lidstone pseudo-count, ≥ 0 (default 1), one number
   * for all features or one per feature. Values below 1e-10 count as 1e-10, as in
   * scikit-learn, so that no probability is ever exactly 0.
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
   * All class labels, fixed up front (for `partialFit`); any other label is then an error.
   * Without it the classes are the labels seen so far.
   */
  classes?: readonly L[];
}

/** Options after defaults and checks; per-feature arrays stay as given until the feature count is known. */
export interface ResolvedOptions {
  readonly features: FeatureKind | readonly FeatureKind[];
  readonly varSmoothing: number;
  readonly alpha: number | readonly number[];
  readonly binarize: number | null;
  readonly minCategories: number | readonly number[];
  readonly priors: readonly number[] | null;
  readonly fitPriors: boolean;
  readonly unseen: UnseenPolicy;
  readonly missing: MissingPolicy;
}

const KINDS: readonly string[] = ["gaussian", "bernoulli", "categorical"];

/** The smallest alpha used, as scikit-learn's `_check_alpha` (force_alpha=False). */
export const MIN_ALPHA = 1e-10;

/** Category codes above this are refused: a larger one would allocate a table of that size. */
export const MAX_CATEGORY = 1 << 24;

function requireKind(where: string, value: unknown): FeatureKind {
  if (typeof value !== "string" || !KINDS.includes(value)) {
    throw new TypeError(`${where} must be "gaussian", "bernoulli" or "categorical", got ${describe(value)}`);
  }
  return value as FeatureKind;
}

function requireOneOf<T extends string>(where: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new TypeError(`${where} must be ${allowed.map((a) => `"${a}"`).join(", ")}, got ${describe(value)}`);
  }
  return value as T;
}

function scalarOrArray(
  where: string,
  value: unknown,
  check: (where: string, v: unknown) => number,
): number | readonly number[] {
  if (Array.isArray(value)) {
    if (value.length === 0) throw new RangeError(`${where} must not be an empty array`);
    return value.map((v, i) => check(`${where}[${i}]`, v));
  }
  return check(where, value);
}

function category(where: string, v: unknown): number {
  const x = requireFinite(where, v);
  if (!Number.isInteger(x) || x < 0 || x > MAX_CATEGORY) {
    throw new RangeError(`${where} must be an integer in [0, ${MAX_CATEGORY}], got ${describe(x)}`);
  }
  return x;
}

/** Checks the options and fills in defaults; throws TypeError/RangeError naming the option. */
export function resolveOptions(where: string, options: unknown): ResolvedOptions {
  if (options === undefined) options = {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  }
  const o = options as Record<string, unknown>;
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
  ];
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) throw new TypeError(`${where}: unknown option ${describe(key)}`);
  }
  let features: FeatureKind | readonly FeatureKind[] = "gaussian";
  if (o.features !== undefined) {
    if (Array.isArray(o.features)) {
      if (o.features.length === 0) throw new RangeError(`${where}: options.features must not be an empty array`);
      features = o.features.map((k, i) => requireKind(`${where}: options.features[${i}]`, k));
    } else features = requireKind(`${where}: options.features`, o.features);
  }
  const varSmoothing =
    o.varSmoothing === undefined ? 1e-9 : requireNonNegative(`${where}: options.varSmoothing`, o.varSmoothing);
  const alpha = o.alpha === undefined ? 1 : scalarOrArray(`${where}: options.alpha`, o.alpha, requireNonNegative);
  let binarize: number | null = 0;
  if (o.binarize === null) binarize = null;
  else if (o.binarize !== undefined) binarize = requireFinite(`${where}: options.binarize`, o.binarize);
  const minCategories =
    o.minCategories === undefined ? 0 : scalarOrArray(`${where}: options.minCategories`, o.minCategories, category);
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
  return { features, varSmoothing, alpha, binarize, minCategories, priors, fitPriors, unseen, missing };
}

/** The value of a scalar-or-per-feature option for feature j. */
export function perFeature(value: number | readonly number[], j: number): number {
  return typeof value === "number" ? value : value[j]!;
}

/**
 * Checks that the per-feature options fit a model of `d` features; returns the kind of each.
 */
export function featureKinds(where: string, options: ResolvedOptions, d: number): FeatureKind[] {
  const f = options.features;
  if (typeof f !== "string" && f.length !== d) {
    throw new RangeError(`${where}: X has ${d} features but options.features gives ${f.length} kinds`);
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
