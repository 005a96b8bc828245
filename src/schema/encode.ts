/**
 * Encoding: rows of a table into the dense feature matrix the models read, one column per
 * feature, and the target column into labels. Gaussian values and Poisson counts are stored as
 * they are, booleans as 0/1, categories as their codes; a missing value is NaN.
 */

import { MAX_RESULT_SIZE } from "../core/limits.js";
import { Matrix } from "../core/matrix.js";
import { describe } from "../core/validate.js";
import type { Label } from "../core/label.js";
import type { Column } from "./column.js";
import type { CategoryValue } from "./kinds.js";
import type { ResolvedEncodeOptions } from "./options.js";
import { cell, cellName, columnName, isMissing, requireRows, type TableRow } from "./rows.js";
import { badValueType, checkValue, plural } from "./values.js";

/**
 * What {@link Schema.encode} returns: the feature matrix and, when the schema has a target that
 * the rows carry, the labels.
 *
 * @example
 * ```ts
 * const { X, y } = schema.encode(rows); // X: Matrix, rows × schema.columns.length; y: Label[]
 * ```
 */
export interface EncodedRows {
  /** One row per input row, one column per feature column, row-major. */
  X: Matrix;
  /** `row[target]` for every row; present when the schema has a target and some row has it. */
  y?: Label[];
}

/** Encodes `rows` with the given columns (see `Schema.encode`). */
export function encodeRows(
  columns: readonly Column[],
  target: string | null,
  rows: unknown,
  opts: ResolvedEncodeOptions,
): EncodedRows {
  const where = opts.where;
  const table = requireRows(where, rows);
  const n = table.length;
  const d = columns.length;
  if (n * d > MAX_RESULT_SIZE) {
    throw new RangeError(
      `${where}: ${n} rows × ${d} columns is more than MAX_RESULT_SIZE = ${MAX_RESULT_SIZE} values; encode them in chunks`,
    );
  }
  const data = new Float64Array(n * d);
  // A column whose name an object inherits ("constructor", "toString", …) must be read as an
  // own property; any other name reads directly, as a plain object inherits nothing else.
  const inherited = columns.map((c) => c.name in Object.prototype);
  // Row-major, as the matrix is laid out: each row object is visited once, while its
  // properties are in cache. A valid value costs one property read and one test of its kind
  // (quickCode); anything else (missing, unseen, invalid) takes the checked path.
  for (let i = 0; i < n; i++) {
    const row = table[i] as Record<string, unknown>;
    const base = i * d;
    for (let j = 0; j < d; j++) {
      const col = columns[j]!;
      const value = inherited[j] ? cell(row, col.name) : row[col.name];
      const code = quickCode(col, value);
      data[base + j] = code !== undefined ? code : encodeCell(i, col, value, opts);
    }
  }
  const X = new Matrix(data, n, d);
  if (target === null || !table.some((row) => !isMissing(cell(row, target)))) return { X };
  return { X, y: readLabels(where, table, target) };
}

/** The code of a present, valid value of the column, or undefined to take the checked path. */
function quickCode(col: Column, v: unknown): number | undefined {
  // The map holds values of the column's type only, so a value of another type (or NaN) misses
  // and is refused on the checked path.
  if (col.codes !== null) return col.codes.get(v as CategoryValue);
  if (typeof v === "number") return v - v === 0 && col.rules.accepts(v) ? v : undefined;
  return col.valueType === "boolean" ? (v === true ? 1 : v === false ? 0 : undefined) : undefined;
}

/** The code of one value of column `col` in row `i`, with every check; throws the located error. */
function encodeCell(i: number, col: Column, value: unknown, opts: ResolvedEncodeOptions): number {
  const where = opts.where;
  if (isMissing(value)) {
    if (opts.missing === "error") {
      throw new RangeError(
        // Suggested only to a method that takes the option.
        `${where}: ${cellName(i, col.name)} is missing` +
          (opts.offersMissing ? '; set missing: "ignore" to leave missing values out' : ""),
      );
    }
    return NaN;
  }
  if (typeof value !== col.valueType) {
    const t = typeof value;
    if (t !== "number" && t !== "boolean" && t !== "string") badValueType(where, i, col.name, value);
    throw new TypeError(
      `${where}: ${cellName(i, col.name)} is ${describe(value)}, but ${columnName(col.name)} holds ${plural(col.valueType)}`,
    );
  }
  const v = value as CategoryValue;
  checkValue(where, i, col.name, col.kind, v);
  if (col.codes === null) return typeof v === "boolean" ? (v ? 1 : 0) : (v as number);
  const code = col.codes.get(v);
  if (code !== undefined) return code;
  if (opts.unseen === "error") {
    throw new RangeError(
      `${where}: ${cellName(i, col.name)} is ${describe(v)}, a category of ${columnName(col.name)} never seen in training (${knownCategories(col)}); set unseen: "smooth" or "ignore" to encode it as unseen`,
    );
  }
  // One past the last code: the categorical kernel scores any code ≥ its category count as
  // unseen (smoothed or left out, by its own unseen option).
  return col.categories!.length;
}

/** "it has "long", "short", "bald"", shortened for a long list. */
function knownCategories(col: Column): string {
  const cats = col.categories!;
  const shown = cats.slice(0, 5).map(describe).join(", ");
  return `it has ${shown}${cats.length > 5 ? `, … (${cats.length} in all)` : ""}`;
}

/** `row[target]` for every row: finite numbers or strings, one type for all rows. */
function readLabels(where: string, rows: readonly TableRow[], target: string): Label[] {
  const y: Label[] = new Array<Label>(rows.length);
  let type: "number" | "string" | null = null;
  let first = -1;
  for (let i = 0; i < rows.length; i++) {
    const v = cell(rows[i]!, target);
    if (isMissing(v)) {
      throw new RangeError(`${where}: rows[${i}] has no ${describe(target)} (the target); every row needs a label`);
    }
    if (typeof v === "number") {
      if (!Number.isFinite(v))
        throw new RangeError(`${where}: ${cellName(i, target)} is ${describe(v)}; a label must be finite`);
    } else if (typeof v !== "string") {
      throw new TypeError(`${where}: ${cellName(i, target)} is ${describe(v)}; a label must be a string or a number`);
    }
    if (type === null) {
      type = typeof v as "number" | "string";
      first = i;
    } else if (typeof v !== type) {
      throw new TypeError(
        `${where}: ${cellName(i, target)} is ${describe(v)}, but the labels are ${type}s (${cellName(first, target)} is ${describe(cell(rows[first]!, target))}); one model takes one type of label`,
      );
    }
    y[i] = v;
  }
  return y;
}
