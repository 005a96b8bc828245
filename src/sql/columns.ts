/**
 * The columns of a model fitted in the database: their names, kinds and value types, read from
 * the options (`features`, `columns`, `valueTypes`) and, when a value type is not given, from a
 * probe of the table (the first non-NULL value of each column).
 */

import type { FeatureKind } from "../distributions/registry.js";
import { describe } from "../core/validate.js";
import { FEATURE_KINDS, isFeatureKind } from "../distributions/registry.js";
import { defaultKind, type ValueType } from "../schema/kinds.js";
import { identifier, type Dialect } from "./dialect.js";
import { run, type Query } from "./query.js";

/** One feature column: its name, kind and (when known) the type of its values. @internal */
export interface SqlColumn {
  readonly name: string;
  readonly kind: FeatureKind;
  /** "number" or "boolean" for Bernoulli columns (decides the SQL); categorical columns learn theirs from the data. */
  readonly valueType: ValueType | null;
}

/**
 * The feature columns of the options: `columns` (default: the keys of `features`), each of the
 * kind `features` names or, failing that, the kind its value type implies (`types`). @internal
 */
export function readColumns(
  where: string,
  features: unknown,
  columns: unknown,
  types: Readonly<Record<string, ValueType>>,
  target: string | null,
): SqlColumn[] {
  if (features !== undefined && (features === null || typeof features !== "object" || Array.isArray(features)))
    throw new TypeError(`${where}: options.features must be an object { column: kind }, got ${describe(features)}`);
  const kinds = (features ?? {}) as Record<string, unknown>;
  let names: string[];
  if (columns === undefined) names = Object.keys(kinds);
  else if (Array.isArray(columns) && columns.every((c) => typeof c === "string")) names = columns.slice();
  else throw new TypeError(`${where}: options.columns must be an array of column names, got ${describe(columns)}`);
  if (names.length === 0) throw new RangeError(`${where}: no feature columns: name them in options.features`);
  const seen = new Set<string>();
  for (const name of Object.keys(kinds)) {
    if (!names.includes(name))
      throw new RangeError(`${where}: options.features names ${describe(name)}, which options.columns leaves out`);
  }
  return names.map((name) => {
    if (seen.has(name)) throw new RangeError(`${where}: the column ${describe(name)} is listed twice`);
    seen.add(name);
    if (name === target) throw new RangeError(`${where}: the target ${describe(name)} cannot also be a feature`);
    const given = Object.prototype.hasOwnProperty.call(kinds, name) ? kinds[name] : undefined;
    const type = Object.prototype.hasOwnProperty.call(types, name) ? types[name]! : null;
    let kind: FeatureKind;
    if (given !== undefined) {
      if (!isFeatureKind(given))
        throw new TypeError(
          `${where}: options.features[${describe(name)}] must be one of ${FEATURE_KINDS.map((k) => `"${k}"`).join(", ")}, got ${describe(given)}`,
        );
      kind = given;
    } else if (type !== null) kind = defaultKind(type);
    else throw new RangeError(`${where}: the kind of column ${describe(name)} is unknown; name it in options.features`);
    requireSqlKind(where, kind, name);
    if ((kind === "gaussian" || kind === "poisson") && type !== null && type !== "number")
      throw new TypeError(`${where}: column ${describe(name)} is ${kind} but holds ${type}s`);
    if (kind === "bernoulli" && type === "string")
      throw new TypeError(`${where}: column ${describe(name)} is bernoulli but holds strings (make it categorical)`);
    return { name, kind, valueType: kind === "bernoulli" || kind === "categorical" ? type : "number" };
  });
}

/**
 * The kinds whose statistics and log-likelihood terms ptheta/sql can write as SQL. A family of
 * the registry that is not here is refused by name rather than given SQL
 * that would be wrong; its models still fit and score in JavaScript. @internal
 */
export const SQL_KINDS: readonly FeatureKind[] = ["gaussian", "bernoulli", "categorical", "poisson"];

/** Throws naming the column when its kind has no SQL form. @internal */
export function requireSqlKind(where: string, kind: FeatureKind, column: string | number): void {
  if (!SQL_KINDS.includes(kind))
    throw new RangeError(
      `${where}: column ${describe(column)} is ${kind}, which ptheta/sql does not handle (it handles ${SQL_KINDS.join(", ")}); fit or score that model in JavaScript`,
    );
}

/** Reads `valueTypes` ({ column: "number" | "boolean" | "string" }). @internal */
export function readValueTypes(where: string, value: unknown): Record<string, ValueType> {
  const out = Object.create(null) as Record<string, ValueType>;
  if (value === undefined) return out;
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new TypeError(`${where}: options.valueTypes must be an object { column: type }, got ${describe(value)}`);
  for (const key of Object.keys(value)) {
    const t = (value as Record<string, unknown>)[key];
    if (t !== "number" && t !== "boolean" && t !== "string")
      throw new TypeError(
        `${where}: options.valueTypes[${describe(key)}] must be "number", "boolean" or "string", got ${describe(t)}`,
      );
    out[key] = t;
  }
  return out;
}

/**
 * The value type of every named column, from its first non-NULL value in the table (one small
 * query); a column with no value at all is an error. @internal
 */
export async function probeValueTypes(
  where: string,
  query: Query,
  d: Dialect,
  from: string,
  names: readonly string[],
): Promise<Record<string, ValueType>> {
  const out = Object.create(null) as Record<string, ValueType>;
  if (names.length === 0) return out;
  const parts = names.map((name, j) => {
    const q = identifier(where, d, name);
    return `(SELECT t.${q} FROM ${from} WHERE t.${q} IS NOT NULL LIMIT 1) AS p${j}`;
  });
  const rows = await run(where, query, `SELECT ${parts.join(", ")}`);
  const row = rows[0] ?? {};
  names.forEach((name, j) => {
    const v = row[`p${j}`];
    if (v === null || v === undefined)
      throw new RangeError(
        `${where}: column ${describe(name)} has no values (every cell is NULL, or the table is empty)`,
      );
    const t = typeof v;
    if (t === "number" || t === "bigint") out[name] = "number";
    else if (t === "boolean" || t === "string") out[name] = t;
    else
      throw new TypeError(
        `${where}: column ${describe(name)} holds ${describe(v)}; cast it to a number, boolean or string in options.table`,
      );
  });
  return out;
}
