/**
 * What the caller brings (a function that runs SQL and returns rows) and what ptheta reads from
 * it: tables named or written as SQL, and cells normalised from what the drivers return (bigint
 * from DuckDB, numeric strings from pg).
 */

import { readOptions } from "../core/options.js";
import { describe } from "../core/validate.js";
import { identifier, type Dialect } from "./dialect.js";

/**
 * Runs one SQL statement and resolves to its rows as plain objects keyed by column name. Any
 * driver fits in three lines (see the guide "Fitting in the database").
 *
 * @example
 * ```ts
 * // @duckdb/node-api: const query: Query = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS();
 * const rows = [{ n: 3n }];
 * const query: Query = async () => rows;
 * ```
 */
export type Query = (sql: string) => Promise<readonly Record<string, unknown>[]>;

/**
 * The data to read: a table name (quoted as one identifier), a qualified name as its parts
 * (`["analytics", "events"]`), or SQL the caller writes (`{ sql: "SELECT … WHERE …" }`,
 * `{ sql: "read_parquet('data.parquet')" }`), used as a subquery as it is.
 *
 * @example
 * ```ts
 * const a: TableRef = "events";
 * const b: TableRef = ["analytics", "events"];
 * const c: TableRef = { sql: "SELECT * FROM events WHERE day > DATE '2024-01-01'" };
 * ```
 */
export type TableRef =
  | string
  | readonly string[]
  | {
      /** A query, or a table function (`read_parquet('…')`), used as a subquery as it is. */
      readonly sql: string;
    };

/** The FROM item of a table reference, aliased `t`. @internal */
export function fromItem(where: string, d: Dialect, table: unknown): string {
  if (typeof table === "string") return `${identifier(`${where}: options.table`, d, table)} AS t`;
  if (Array.isArray(table) && table.length > 0 && table.every((p) => typeof p === "string"))
    return `${table.map((p) => identifier(`${where}: options.table`, d, p)).join(".")} AS t`;
  if (table !== null && typeof table === "object" && typeof (table as { sql?: unknown }).sql === "string") {
    const sql = (table as { sql: string }).sql.trim();
    if (sql.length === 0) throw new RangeError(`${where}: options.table.sql is empty`);
    // A FROM-able expression (a function call such as read_parquet) or a query: a query is
    // parenthesised as a subquery; anything else is used as it is.
    return /^(select|with|values|from)\b/i.test(sql) ? `(${sql}) AS t` : `${sql} AS t`;
  }
  throw new TypeError(
    `${where}: options.table must be a table name, an array of name parts or { sql }, got ${describe(table)}`,
  );
}

/** A numeric cell as a number: numbers, bigints and numeric strings (pg's BIGINT and NUMERIC). @internal */
export function toNumber(where: string, what: string, value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new RangeError(`${where}: ${what} is ${value}, beyond 2^53`);
    return n;
  }
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value);
    if (!Number.isNaN(n) || value === "NaN") return n;
  }
  if (value === null || value === undefined) return 0; // an aggregate over no rows
  throw new TypeError(
    `${where}: the engine returned ${describe(value)} for ${what}; expected a number${arrowHint(value)}`,
  );
}

/**
 * DuckDB-Wasm hands DECIMAL and HUGEINT cells (sums of integers) over as Arrow's raw 32-bit
 * words, whose scale is lost by then: only the driver can convert them, so say how.
 */
function arrowHint(value: unknown): string {
  return ArrayBuffer.isView(value)
    ? " (an Arrow DECIMAL or HUGEINT: with @duckdb/duckdb-wasm, open the database with { query: { castDecimalToDouble: true } } as the guide shows)"
    : "";
}

/** A value cell (a label or a category): bigints become numbers; strings, numbers, booleans stay. @internal */
export function toValue(where: string, what: string, value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return toNumber(where, what, value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`${where}: ${what} is ${value}; values must be finite`);
    return value;
  }
  if (typeof value === "string" || typeof value === "boolean") return value;
  throw new TypeError(
    `${where}: the engine returned ${describe(value)} for ${what}; categories and labels must be strings, numbers or booleans (cast the column in options.table)${arrowHint(value)}`,
  );
}

/** Runs the query, checking that it returned an array of objects. @internal */
export async function run(where: string, query: Query, sql: string): Promise<readonly Record<string, unknown>[]> {
  const rows = await query(sql);
  if (!Array.isArray(rows))
    throw new TypeError(`${where}: query(sql) must resolve to an array of rows, got ${describe(rows)}`);
  return rows as readonly Record<string, unknown>[];
}

/** Sorts categories or labels: numbers numerically, strings by code unit, false before true. @internal */
export function compareValues(a: string | number | boolean, b: string | number | boolean): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Whether `x` is an array, without narrowing a typed argument to any[]. @internal */
export function isArray(x: unknown): boolean {
  return Array.isArray(x);
}

/**
 * The options object, own properties only; an unknown key is a TypeError naming it and listing
 * the valid names. @internal
 */
export function readSqlOptions(where: string, options: unknown, known: readonly string[]): Record<string, unknown> {
  if (options !== null && typeof options === "object" && !Array.isArray(options)) {
    for (const key of Object.keys(options)) {
      if (!known.includes(key))
        throw new TypeError(`${where}: unknown option ${describe(key)}; the options are ${known.join(", ")}`);
    }
  }
  return readOptions(where, options, known);
}
