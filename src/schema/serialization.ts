/**
 * The JSON form of a schema: the feature columns, their kinds, the type of value each holds and
 * the categories of each categorical column in code order, so that a schema read back encodes
 * every row to the same numbers. Arrays are aligned with `columns` (no object keyed by column
 * name, so any name, "__proto__" included, round-trips).
 */

import { requireJsonType } from "../core/distribution.js";
import { MAX_CATEGORIES } from "../core/limits.js";
import { describe } from "../core/validate.js";
import { makeColumn, type Column, type SchemaParts } from "./column.js";
import { isFeatureKind } from "../distributions/registry.js";
import { kindAccepts, valueRules, type CategoryValue, type FeatureKind, type ValueType } from "./kinds.js";
import { plural } from "./values.js";

/** The current version of {@link SchemaJSON}. */
export const SCHEMA_JSON_VERSION = 1;

/**
 * What `Schema.prototype.toJSON` returns and `Schema.fromJSON` reads: a plain object, exact
 * through `JSON.stringify`.
 *
 * @example
 * ```ts
 * const json: SchemaJSON = schema.toJSON();
 * json.kinds; // ["categorical", "bernoulli", "gaussian", "gaussian"]
 * json.valueTypes; // ["string", "boolean", "number", "number"]
 * json.categories[0]; // ["long", "short", "bald"]
 * ```
 */
export interface SchemaJSON {
  /** Always `"Schema"`. */
  type: "Schema";
  /** The format version (currently 1). */
  version: number;
  /** The feature columns, in order. */
  columns: string[];
  /** The kind of each column. */
  kinds: FeatureKind[];
  /** The type of the values each column holds: "boolean" or "number" tells how a Bernoulli column decodes. */
  valueTypes: ("number" | "boolean" | "string")[];
  /** For each column, its categories in code order when it is categorical, else null. */
  categories: (CategoryValue[] | null)[];
  /** The target column, or null. */
  target: string | null;
}

/** The JSON form of a schema's parts. */
export function partsToJSON(parts: SchemaParts): SchemaJSON {
  return {
    type: "Schema",
    version: SCHEMA_JSON_VERSION,
    columns: parts.columns.map((c) => c.name),
    kinds: parts.columns.map((c) => c.kind),
    valueTypes: parts.columns.map((c) => c.valueType),
    categories: parts.columns.map((c) => (c.categories === null ? null : c.categories.slice())),
    target: parts.target,
  };
}

/** Reads and checks {@link SchemaJSON}; every size is that of an array actually present. */
export function partsFromJSON(where: string, json: unknown): SchemaParts {
  const j = requireJsonType(where, json, "Schema");
  if (j.version !== SCHEMA_JSON_VERSION) throw new RangeError(`${where}: unsupported version ${describe(j.version)}`);
  const names = j.columns;
  if (!Array.isArray(names) || names.length === 0)
    throw new TypeError(`${where}: columns must be a non-empty array of column names, got ${describe(names)}`);
  const d = names.length;
  const aligned = (key: string): unknown[] => {
    const a = j[key];
    if (!Array.isArray(a) || a.length !== d)
      throw new TypeError(`${where}: ${key} must be an array with one entry per column (${d}), got ${describe(a)}`);
    return a as unknown[];
  };
  const kinds = aligned("kinds");
  const types = aligned("valueTypes");
  const cats = aligned("categories");
  const target = j.target;
  if (target !== null && typeof target !== "string")
    throw new TypeError(`${where}: target must be a column name or null, got ${describe(target)}`);

  const seen = new Set<string>();
  const columns: Column[] = [];
  for (let k = 0; k < d; k++) {
    const name: unknown = names[k];
    if (typeof name !== "string")
      throw new TypeError(`${where}: columns[${k}] must be a string, got ${describe(name)}`);
    if (seen.has(name)) throw new RangeError(`${where}: columns lists ${describe(name)} twice`);
    if (name === target) throw new RangeError(`${where}: columns[${k}] is the target ${describe(name)}`);
    seen.add(name);
    const kind = kinds[k];
    if (!isFeatureKind(kind)) throw new TypeError(`${where}: kinds[${k}] is not a feature kind: ${describe(kind)}`);
    const type = types[k];
    if (type !== "number" && type !== "boolean" && type !== "string")
      throw new TypeError(`${where}: valueTypes[${k}] must be "number", "boolean" or "string", got ${describe(type)}`);
    if (!kindAccepts(kind, type))
      throw new RangeError(`${where}: column ${describe(name)} is ${kind} but valueTypes[${k}] is ${describe(type)}`);
    if (!valueRules(kind).categorical) {
      if (cats[k] !== null) throw new TypeError(`${where}: categories[${k}] must be null for a ${kind} column`);
      columns.push(makeColumn(name, kind, type, null));
      continue;
    }
    columns.push(makeColumn(name, kind, type, readCategories(where, k, cats[k], type)));
  }
  return { columns, target };
}

/** The categories of column k: distinct values of `type`, at least one, at most MAX_CATEGORIES. */
function readCategories(where: string, k: number, list: unknown, type: ValueType): CategoryValue[] {
  if (!Array.isArray(list) || list.length === 0)
    throw new TypeError(
      `${where}: categories[${k}] must be a non-empty array of ${plural(type)}, got ${describe(list)}`,
    );
  if (list.length > MAX_CATEGORIES)
    throw new RangeError(
      `${where}: categories[${k}] has ${list.length} categories, more than MAX_CATEGORIES = ${MAX_CATEGORIES}`,
    );
  const seen = new Set<unknown>();
  for (let t = 0; t < list.length; t++) {
    const v: unknown = list[t];
    if (typeof v !== type || (typeof v === "number" && !Number.isFinite(v)))
      throw new TypeError(
        `${where}: categories[${k}][${t}] must be a ${type === "number" ? "finite number" : type}, got ${describe(v)}`,
      );
    if (seen.has(v)) throw new RangeError(`${where}: categories[${k}] lists ${describe(v)} twice`);
    seen.add(v);
  }
  return list as CategoryValue[];
}
