/**
 * The column options Product and Mixture share: the kind of every feature, α, minCategories,
 * binarize and regVariance, read from an options object and checked against the data's width.
 */

import type { FeatureKind } from "../distributions/registry.js";
import { describe, requireFinite, requireNonNegative } from "../core/validate.js";
import { MAX_CATEGORIES } from "../core/limits.js";
import { FEATURE_KINDS } from "../distributions/registry.js";
import type { ColumnOptions } from "./blocks.js";

/** Checks a feature kind against the registry. */
export function requireKind(where: string, value: unknown): FeatureKind {
  if (typeof value !== "string" || !(FEATURE_KINDS as readonly string[]).includes(value)) {
    throw new TypeError(
      `${where} must be one of ${FEATURE_KINDS.map((k) => `"${k}"`).join(", ")}, got ${describe(value)}`,
    );
  }
  return value as FeatureKind;
}

export function scalarOrArray(
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

/** Checks a category count: an integer in [0, MAX_CATEGORIES]. */
export function categoryCount(where: string, v: unknown): number {
  const x = requireFinite(where, v);
  if (!Number.isInteger(x) || x < 0 || x > MAX_CATEGORIES) {
    throw new RangeError(`${where} must be an integer in [0, ${MAX_CATEGORIES}], got ${describe(x)}`);
  }
  return x;
}

/** The value of a scalar-or-per-feature option for feature j. */
export function perFeature(value: number | readonly number[], j: number): number {
  return typeof value === "number" ? value : value[j]!;
}

/** Column options as read, before the number of columns is known. @internal */
export interface ColumnSettings {
  readonly features: FeatureKind | readonly FeatureKind[];
  readonly alpha: number | readonly number[];
  readonly minCategories: number | readonly number[];
  readonly binarize: number | null;
  readonly regVariance: number;
}

/**
 * Reads the column options from `o` (an own-property copy), with the defaults given: features
 * default to Gaussian, alpha to `alpha`, regVariance to `regVariance`, binarize to `binarize`.
 * @internal
 */
export function readColumnSettings(
  where: string,
  o: Record<string, unknown>,
  defaults: { alpha: number; regVariance: number; binarize: number | null },
): ColumnSettings {
  let features: FeatureKind | readonly FeatureKind[] = "gaussian";
  if (o.features !== undefined) {
    if (Array.isArray(o.features)) {
      if (o.features.length === 0) throw new RangeError(`${where}: options.features must not be an empty array`);
      features = o.features.map((k, i) => requireKind(`${where}: options.features[${i}]`, k));
    } else features = requireKind(`${where}: options.features`, o.features);
  }
  const alpha =
    o.alpha === undefined ? defaults.alpha : scalarOrArray(`${where}: options.alpha`, o.alpha, requireNonNegative);
  const minCategories =
    o.minCategories === undefined
      ? 0
      : scalarOrArray(`${where}: options.minCategories`, o.minCategories, categoryCount);
  let binarize = defaults.binarize;
  if (o.binarize === null) binarize = null;
  else if (o.binarize !== undefined) binarize = requireFinite(`${where}: options.binarize`, o.binarize);
  const regVariance =
    o.regVariance === undefined
      ? defaults.regVariance
      : requireNonNegative(`${where}: options.regVariance`, o.regVariance);
  return { features, alpha, minCategories, binarize, regVariance };
}

/** The kind of each of `d` columns, checking the per-column options' lengths. @internal */
export function columnKinds(where: string, s: ColumnSettings, d: number): FeatureKind[] {
  const check = (name: string, v: number | readonly unknown[] | string): void => {
    if (typeof v !== "number" && typeof v !== "string" && v.length !== d) {
      throw new RangeError(`${where}: X has ${d} features but options.${name} gives ${v.length} values`);
    }
  };
  check("features", s.features);
  check("alpha", s.alpha);
  check("minCategories", s.minCategories);
  const f = s.features;
  return Array.from({ length: d }, (_, j) => (typeof f === "string" ? f : f[j]!));
}

/** The settings as the blocks read them. @internal */
export function columnOptions(s: ColumnSettings): ColumnOptions {
  return {
    alpha: (j) => perFeature(s.alpha, j),
    minCategories: (j) => perFeature(s.minCategories, j),
    binarize: s.binarize,
    varSmoothing: 0,
    regVariance: s.regVariance,
  };
}

/** Requires a function or undefined (a callback option). @internal */
export function optionalCallback<F>(where: string, value: unknown): F | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "function") throw new TypeError(`${where} must be a function, got ${describe(value)}`);
  return value as F;
}
