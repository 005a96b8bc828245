/**
 * The column options Product and Mixture share: the kind of every feature, α, minCategories,
 * binarize and regVariance, read from an options object and checked against the data's width.
 */

import type { FeatureKind } from "../distributions/registry.js";
import { describe, requireFinite, requireInteger, requireNonNegative } from "../core/validate.js";
import { MAX_CATEGORIES, MAX_RESULT_SIZE } from "../core/limits.js";
import { readOptions } from "../core/options.js";
import { FAMILIES, FEATURE_KINDS } from "../distributions/registry.js";
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

/**
 * A run of `columns` consecutive columns of one kind, as an entry of a `features` list: for a
 * joint kind, one block of its own (two adjacent bags of words, or two multivariate Gaussians),
 * which a plain list of kinds would join into one.
 *
 * @example
 * ```ts
 * // a 3-word subject bag, a 4-word body bag, then a Gaussian: two multinomials, not one
 * const features = [{ kind: "multinomial", columns: 3 }, { kind: "multinomial", columns: 4 }, "gaussian"] as const;
 * NaiveBayes.fit([[1, 0, 2, 0, 3, 1, 0, 0.5], [0, 2, 0, 1, 0, 0, 4, 1.5]], ["a", "b"], { features: [...features] });
 * ```
 */
export interface FeatureGroup {
  /** The kind of the columns. */
  readonly kind: FeatureKind;
  /** How many consecutive columns (an integer ≥ 1). */
  readonly columns: number;
}

/** Column options as read, before the number of columns is known. @internal */
export interface ColumnSettings {
  readonly features: FeatureKind | readonly FeatureKind[];
  /**
   * The columns that begin a `{ kind, columns }` entry of the features list, and the column
   * after each such entry: a joint block never spans two of the segments they delimit.
   */
  readonly breaks: readonly number[];
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
  const breaks: number[] = [];
  if (o.features !== undefined) {
    if (Array.isArray(o.features)) {
      if (o.features.length === 0) throw new RangeError(`${where}: options.features must not be an empty array`);
      const list: FeatureKind[] = [];
      (o.features as unknown[]).forEach((k, i) => {
        if (k === null || typeof k !== "object") {
          list.push(requireKind(`${where}: options.features[${i}]`, k));
          return;
        }
        const g = readOptions(`${where}: options.features[${i}]`, k, ["kind", "columns"]);
        const kind = requireKind(`${where}: options.features[${i}].kind`, g.kind);
        const n = requireInteger(`${where}: options.features[${i}].columns`, g.columns, 1);
        if (list.length + n > MAX_RESULT_SIZE)
          throw new RangeError(`${where}: options.features lists more than MAX_RESULT_SIZE columns`);
        breaks.push(list.length, list.length + n);
        for (let c = 0; c < n; c++) list.push(kind);
      });
      features = list;
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
  return { features, breaks, alpha, minCategories, binarize, regVariance };
}

/**
 * A features list as JSON: the kinds, with each segment between breaks that is one joint kind
 * written as a `{ kind, columns }` entry, so that reading it back gives the same blocks.
 * @internal
 */
export function featuresToJSON(
  features: FeatureKind | readonly FeatureKind[],
  breaks: readonly number[],
): FeatureKind | (FeatureKind | FeatureGroup)[] {
  if (typeof features === "string") return features;
  if (breaks.length === 0) return features.slice();
  const cuts = Array.from(new Set([0, ...breaks, features.length]))
    .filter((b) => b >= 0 && b <= features.length)
    .sort((a, b) => a - b);
  const out: (FeatureKind | FeatureGroup)[] = [];
  for (let s = 0; s + 1 < cuts.length; s++) {
    const seg = features.slice(cuts[s], cuts[s + 1]);
    const kind = seg[0]!;
    if (seg.every((k) => k === kind) && FAMILIES[kind].joint === true) out.push({ kind, columns: seg.length });
    else out.push(...seg);
  }
  return out;
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
