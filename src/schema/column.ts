/**
 * One feature column of a schema: its name, its kind, the type of value it holds and, for a
 * categorical column, its categories in code order with the map back from category to code.
 */

import type { ValueRules } from "../core/kernel.js";
import { valueRules, type CategoryValue, type FeatureKind, type ValueType } from "./kinds.js";

/** A feature column, immutable once built. */
export interface Column {
  readonly name: string;
  readonly kind: FeatureKind;
  /** The kind's value rules (from the registry). */
  readonly rules: ValueRules;
  /** The type of every non-missing value of the column. */
  readonly valueType: ValueType;
  /** Categorical kinds: the categories, code = index (frozen); null otherwise. */
  readonly categories: readonly CategoryValue[] | null;
  /** Categorical columns: category → code; null otherwise. */
  readonly codes: ReadonlyMap<CategoryValue, number> | null;
}

/**
 * Builds a column. `categories` must be distinct values of `valueType` (the callers check this,
 * from data or from JSON); they are copied.
 */
export function makeColumn(
  name: string,
  kind: FeatureKind,
  valueType: ValueType,
  categories: readonly CategoryValue[] | null,
): Column {
  const rules = valueRules(kind);
  if (!rules.categorical) return { name, kind, rules, valueType, categories: null, codes: null };
  const list = Object.freeze((categories ?? []).slice());
  const codes = new Map<CategoryValue, number>();
  list.forEach((c, k) => codes.set(c, k));
  return { name, kind, rules, valueType, categories: list, codes };
}

/** What a schema is made of: its feature columns, in order, and its target column. */
export interface SchemaParts {
  readonly columns: readonly Column[];
  readonly target: string | null;
}
