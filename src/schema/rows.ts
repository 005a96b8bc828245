/**
 * Rows of a table: plain objects `{ column: value }`. Values are read from own properties only,
 * so a column named "constructor" or "toString" is never mistaken for what every object
 * inherits, and the helpers here name a row and a column in messages the way a user writes them
 * (`rows[3].hat`, `rows[3]["shoe size"]`).
 */

import { describe } from "../core/validate.js";

/**
 * One row of a table: a plain object from column names to values (numbers, booleans, strings;
 * null or undefined for a missing value). Keys may come in any order and extra keys are ignored.
 * The type is `object` so that rows typed by an interface (`Person[]`) are accepted as they are;
 * that a row is a plain object (not an array, a Date or a class instance) is checked at run time.
 *
 * @example
 * ```ts
 * const row: TableRow = { hair: "long", hat: true, height: 172, style: "casual" };
 * ```
 */
export type TableRow = object;

/** The value of column `name` in `row`, or undefined when the row has no such own key. */
export function cell(row: object, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(row, name) ? (row as Record<string, unknown>)[name] : undefined;
}

/** null and undefined (an absent key reads as undefined) are missing values. */
export function isMissing(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/**
 * Whether `value` is a plain object: made by `{…}`, `JSON.parse` or `Object.create(null)`. Its
 * prototype is a root prototype (Object.prototype of any realm, or null), so arrays, Dates, Maps
 * and class instances, whose prototypes sit above a root, are not.
 */
export function isPlainObject(value: unknown): value is TableRow {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** Describes what a row is when it is not a plain object ("an array of length 2", "a Date"). */
export function describeRow(value: unknown): string {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return describe(value);
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  const name = typeof ctor?.name === "string" && ctor.name !== "" ? ctor.name : "a class";
  return /^[AEIOU]/.test(name) ? `an ${name}` : `a ${name}`;
}

/** `rows[i].name`, or `rows[i]["name"]` when the name is not an identifier. */
export function cellName(i: number, name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `rows[${i}].${name}` : `rows[${i}][${JSON.stringify(name)}]`;
}

/** `column "name"`, for messages. */
export function columnName(name: string): string {
  return `column ${describe(name)}`;
}

/** Requires an array of plain objects; names the first row that is not one. */
export function requireRows(where: string, rows: unknown): readonly TableRow[] {
  if (!Array.isArray(rows)) {
    throw new TypeError(`${where}: rows must be an array of plain objects, got ${describe(rows)}`);
  }
  // A plain for loop (not every/forEach) also visits the holes of a sparse array, which are
  // undefined and so not rows.
  for (let i = 0; i < rows.length; i++) {
    const row: unknown = rows[i];
    if (!isPlainObject(row)) {
      throw new TypeError(`${where}: rows[${i}] must be a plain object ({ column: value }), got ${describeRow(row)}`);
    }
  }
  return rows as readonly TableRow[];
}

/** Sets `obj[key] = value` as an own data property, even for the key "__proto__". */
export function setField(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
