/**
 * What a table column may hold and how each kind of feature is modelled. A column holds one
 * type of value (numbers, booleans or strings); its kind decides the code each value gets in the
 * feature matrix.
 */

import type { FeatureKind } from "../core/kernel.js";

export type { FeatureKind };

/**
 * Every kind a column may have. The schema knows each one (what values it takes, how they encode
 * and decode), so this list is the schema's own rather than the registry's.
 */
export const FEATURE_KINDS: readonly FeatureKind[] = Object.freeze(["gaussian", "bernoulli", "categorical", "poisson"]);

/**
 * The type of the values in one column, as `typeof` names it: each column holds one.
 *
 * @example
 * ```ts
 * const t: ValueType = typeof row.hat as ValueType; // "boolean"
 * ```
 */
export type ValueType = "number" | "boolean" | "string";

/**
 * A category of a categorical column: a string, a number or a boolean, kept as given (the
 * category `true` is not the category `"true"`).
 *
 * @example
 * ```ts
 * schema.categories("hair"); // ["long", "short", "bald"]: CategoryValue[]
 * ```
 */
export type CategoryValue = string | number | boolean;

/** The kind a column gets when none is given: number → gaussian, boolean → bernoulli, string → categorical. */
export function defaultKind(type: ValueType): FeatureKind {
  return type === "number" ? "gaussian" : type === "boolean" ? "bernoulli" : "categorical";
}

/** Whether a column of `kind` can hold values of `type` (categorical takes any type). */
export function kindAccepts(kind: FeatureKind, type: ValueType): boolean {
  switch (kind) {
    case "gaussian":
    case "poisson":
      return type === "number";
    case "bernoulli":
      return type !== "string";
    case "categorical":
      return true;
  }
}

/** The type of a present value, or null for one that is none of the three. */
export function valueTypeOf(value: unknown): ValueType | null {
  const t = typeof value;
  return t === "number" || t === "boolean" || t === "string" ? t : null;
}

/** Whether `value` is a feature kind. */
export function isFeatureKind(value: unknown): value is FeatureKind {
  return typeof value === "string" && (FEATURE_KINDS as readonly string[]).includes(value);
}
