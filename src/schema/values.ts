/**
 * The checks every value of a column passes, whether it is read when a schema is inferred or
 * when rows are encoded, so that both name the same mistakes in the same words.
 */

import { describe } from "../core/validate.js";
import { valueRules, type FeatureKind, type ValueType } from "./kinds.js";
import { cellName, columnName } from "./rows.js";

/** The plural used in messages ("numbers", "booleans", "strings"). */
export function plural(type: ValueType): string {
  return `${type}s`;
}

/** Throws the error for a value that is neither a number, a boolean, a string nor missing. */
export function badValueType(where: string, i: number, name: string, value: unknown): never {
  throw new TypeError(
    `${where}: ${cellName(i, name)} is ${describe(value)}; a value must be a number, a boolean or a string (null or undefined for a missing value)`,
  );
}

/**
 * Checks a present value of the column's type against the column's kind: numbers are finite,
 * and numbers the kind's value rules accept (Poisson counts are integers ≥ 0, numeric Bernoulli
 * values 0 or 1).
 */
export function checkValue(
  where: string,
  i: number,
  name: string,
  kind: FeatureKind,
  value: number | boolean | string,
): void {
  if (typeof value !== "number") return;
  if (!Number.isFinite(value)) {
    throw new RangeError(
      `${where}: ${cellName(i, name)} is ${describe(value)}; numbers must be finite (null marks a missing value)`,
    );
  }
  const rules = valueRules(kind);
  if (!rules.accepts(value)) {
    throw new RangeError(
      `${where}: ${cellName(i, name)} is ${describe(value)}, but ${columnName(name)} is ${kind} and takes ${rules.numbersInWords}`,
    );
  }
}
