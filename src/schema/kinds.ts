/**
 * What a table column may hold and how each kind of feature is modelled. A column holds one
 * type of value (numbers, booleans or strings); its kind decides the code each value gets in the
 * feature matrix. The kinds and their rules are the registry's (each family's value rules).
 */

import type { ValueRules, ValueType } from "../core/kernel.js";
import { FAMILIES, FEATURE_KINDS, type FeatureKind } from "../distributions/registry.js";

export type { FeatureKind, ValueType };

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

/**
 * The kind a column of values of `type` gets when none is given: the family whose value rules
 * name that type (number → gaussian, boolean → bernoulli, string → categorical).
 */
export function defaultKind(type: ValueType): FeatureKind {
  for (const kind of FEATURE_KINDS) if (FAMILIES[kind].values.inferredFor === type) return kind;
  throw new TypeError(`no registered family is inferred for ${type} values`); // the registry covers all three
}

/** Whether a column of `kind` can hold values of `type`, by the family's value rules. */
export function kindAccepts(kind: FeatureKind, type: ValueType): boolean {
  return FAMILIES[kind].values.valueTypes.includes(type);
}

/** The table rules of a kind's family. */
export function valueRules(kind: FeatureKind): ValueRules {
  return FAMILIES[kind].values;
}

/** The type of a present value, or null for one that is none of the three. */
export function valueTypeOf(value: unknown): ValueType | null {
  const t = typeof value;
  return t === "number" || t === "boolean" || t === "string" ? t : null;
}
