/**
 * Schema inference: which columns a table has, the kind of each and the categories of each
 * categorical column, read from the rows. A column's kind comes from its first non-missing value
 * unless one is given; its categories keep their order of first appearance, so code k is the
 * k-th distinct value met going down the rows.
 */

import { MAX_CATEGORIES } from "../core/limits.js";
import { describe } from "../core/validate.js";
import { makeColumn, type Column, type SchemaParts } from "./column.js";
import {
  defaultKind,
  kindAccepts,
  valueRules,
  valueTypeOf,
  type CategoryValue,
  type FeatureKind,
  type ValueType,
} from "./kinds.js";
import { resolveSchemaOptions } from "./options.js";
import { cell, cellName, columnName, isMissing, requireRows, type TableRow } from "./rows.js";
import { badValueType, checkValue, plural } from "./values.js";

/** Infers a schema from `rows` (see `Schema.infer`); `where` begins every error message. */
export function inferParts(where: string, rows: unknown, options: unknown): SchemaParts {
  const opts = resolveSchemaOptions(where, options);
  const table = requireRows(where, rows);
  if (table.length === 0) throw new RangeError(`${where}: rows is empty; at least one row is needed`);
  const target = opts.target;
  if (target !== null && !table.some((row) => !isMissing(cell(row, target)))) {
    throw new RangeError(`${where}: options.target is ${describe(target)}, but no row has ${describe(target)}`);
  }

  const names = opts.columns ?? keysInOrder(table, target);
  if (names.length === 0) throw new RangeError(`${where}: the rows have no columns besides the target`);
  if (opts.columns === null) {
    const present = new Set(names);
    for (const name of opts.features.keys()) {
      if (!present.has(name))
        throw new RangeError(`${where}: options.features names ${describe(name)}, which no row has`);
    }
  }
  const columns = names.map((name) => inferColumn(where, table, name, opts.features.get(name) ?? opts.allKind));
  return { columns, target };
}

/** Every own key of the rows except the target, in order of first appearance. */
function keysInOrder(rows: readonly TableRow[], target: string | null): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (key === target || seen.has(key)) continue;
      seen.add(key);
      names.push(key);
    }
  }
  return names;
}

/** One column: its type and kind from the first non-missing value, then every value checked. */
function inferColumn(where: string, rows: readonly TableRow[], name: string, given: FeatureKind | null): Column {
  let type: ValueType | null = null;
  let kind: FeatureKind = given ?? "gaussian";
  let first = -1;
  const categories: CategoryValue[] = [];
  const seen = new Set<CategoryValue>();
  // Read own keys only; a name no object inherits can be read directly (see encodeRows).
  const inherited = name in Object.prototype;
  for (let i = 0; i < rows.length; i++) {
    const value = inherited ? cell(rows[i]!, name) : (rows[i] as Record<string, unknown>)[name];
    if (isMissing(value)) continue;
    const t = valueTypeOf(value);
    if (t === null) badValueType(where, i, name, value);
    if (type === null) {
      type = t;
      first = i;
      kind = given ?? defaultKind(t);
      if (!kindAccepts(kind, t)) {
        throw new TypeError(
          `${where}: ${columnName(name)} is given kind "${kind}", which takes ${valueRules(kind).typesInWords}, but ${cellName(i, name)} is ${describe(value)}`,
        );
      }
    } else if (t !== type) {
      throw new TypeError(
        `${where}: ${columnName(name)} mixes ${plural(type)} (first at rows[${first}]) and ${plural(t)} (${cellName(i, name)} is ${describe(value)}); a column holds one type of value`,
      );
    }
    const v = value as CategoryValue;
    checkValue(where, i, name, kind, v);
    if (valueRules(kind).categorical && !seen.has(v)) {
      if (categories.length === MAX_CATEGORIES) {
        throw new RangeError(
          `${where}: ${columnName(name)} has more than MAX_CATEGORIES = ${MAX_CATEGORIES} categories (the next new one is ${cellName(i, name)})`,
        );
      }
      seen.add(v);
      categories.push(v);
    }
  }
  if (type === null) {
    throw new RangeError(
      `${where}: ${columnName(name)} has only missing values, so it says nothing to fit; leave it out with options.columns`,
    );
  }
  return makeColumn(name, kind, type, categories);
}
