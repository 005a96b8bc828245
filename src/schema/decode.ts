/**
 * Decoding: a feature matrix (encoded rows, or rows sampled by a model) back into plain
 * objects. Codes become their categories, 0/1 become booleans in columns that held booleans,
 * Poisson values become integer counts, and NaN (a missing value) leaves the key out.
 */

import { checkShape, type MatrixInput, type MatrixLike } from "../core/matrix.js";
import { describe } from "../core/validate.js";
import type { Column } from "./column.js";
import type { CategoryValue } from "./kinds.js";
import { columnName, setField } from "./rows.js";

/** Decodes `X` (one column per feature column, in order) into one object per row. */
export function decodeMatrix(where: string, columns: readonly Column[], X: unknown): Record<string, CategoryValue>[] {
  const shape = checkShape(where, X);
  const d = columns.length;
  if (shape.rows > 0 && shape.cols !== d) {
    throw new RangeError(
      `${where}: X has ${shape.cols} columns, but the schema has ${d} (${columns.map((c) => c.name).join(", ")})`,
    );
  }
  const rows = Array.isArray(X) ? (X as ReadonlyArray<ArrayLike<number>>) : null;
  const data = rows === null ? (X as MatrixInput as MatrixLike).data : null;
  const out: Record<string, CategoryValue>[] = new Array<Record<string, CategoryValue>>(shape.rows);
  // Each row starts as a copy of one template holding every column in order, then its values
  // overwrite existing keys: copying a template is about twice as fast as adding keys one by
  // one, and every row gets the same shape. The template's keys are own data properties (even
  // "__proto__"), so the assignments below write own keys too. A missing value deletes its key.
  const template: Record<string, CategoryValue> = {};
  for (const c of columns) setField(template, c.name, 0);
  for (let i = 0; i < shape.rows; i++) {
    const obj = { ...template };
    for (let j = 0; j < d; j++) {
      const v: unknown = rows !== null ? rows[i]![j] : data![i * d + j];
      const value = decodeCell(where, i, j, columns[j]!, v);
      if (value === undefined) delete obj[columns[j]!.name];
      else obj[columns[j]!.name] = value;
    }
    out[i] = obj;
  }
  return out;
}

/** The value of cell (i, j), or undefined for NaN (missing). */
function decodeCell(where: string, i: number, j: number, col: Column, v: unknown): CategoryValue | undefined {
  if (typeof v !== "number") throw new TypeError(`${where}: X[${i}][${j}] must be a number, got ${describe(v)}`);
  if (Number.isNaN(v)) return undefined;
  const cats = col.categories;
  if (cats !== null) {
    if (!(Number.isInteger(v) && v >= 0 && v < cats.length)) {
      throw new RangeError(
        `${at(where, i, j, col)} is ${describe(v)}, not a code of the column (its codes are 0..${cats.length - 1})`,
      );
    }
    return cats[v];
  }
  if (!Number.isFinite(v))
    throw new RangeError(
      `${at(where, i, j, col)} is ${describe(v)}; values must be finite (NaN marks a missing value)`,
    );
  const value = col.rules.decode(v, col.valueType);
  if (value === undefined) {
    const takes = col.rules.numbersInWords ?? "finite numbers";
    throw new RangeError(`${at(where, i, j, col)} is ${describe(v)}, but a ${col.kind} column takes ${takes}`);
  }
  return value;
}

/** The place of cell (i, j), for an error message. */
function at(where: string, i: number, j: number, col: Column): string {
  return `${where}: X[${i}][${j}] (${columnName(col.name)})`;
}
