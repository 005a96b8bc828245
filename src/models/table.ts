/**
 * Tables in the models: every model that takes a matrix also takes an array of plain objects,
 * through a {@link Schema} that is part of the model. A fit infers the schema (kinds per column,
 * categories in order of first appearance); every later call encodes its rows with the same
 * schema; samples are decoded back to objects.
 */

import type { MissingPolicy, UnseenPolicy } from "../core/kernel.js";
import type { MatrixInput } from "../core/matrix.js";
import type { Label } from "../naive-bayes/options.js";
import type { CategoryValue } from "../schema/kinds.js";
import { isPlainObject } from "../schema/rows.js";
import { inferSchema, type Schema } from "../schema/schema.js";

/**
 * One decoded row: column names to values (strings and booleans as in training, numbers,
 * integer counts).
 *
 * @example
 * ```ts
 * const outfit: DecodedRow = { hair: "long", hat: true, height: 171.2 };
 * ```
 */
export type DecodedRow = Record<string, CategoryValue>;

/** The keys of model options that describe a table rather than the model. @internal */
export const TABLE_KEYS = ["target", "columns"] as const;

/** True when `X` is a non-empty array whose first element is a plain object (a table). @internal */
export function isTable(X: unknown): X is readonly object[] {
  return Array.isArray(X) && X.length > 0 && isPlainObject(X[0]);
}

/**
 * Splits a model's options into the schema's (`target`, `columns`, and `features` when it is a
 * record or one kind) and the model's, reading own properties only. @internal
 */
export function splitTableOptions(options: unknown): {
  schemaOptions: Record<string, unknown>;
  modelOptions: Record<string, unknown>;
} {
  const schemaOptions: Record<string, unknown> = {};
  const modelOptions: Record<string, unknown> = {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    return { schemaOptions, modelOptions: options as Record<string, unknown> };
  }
  for (const key of Object.keys(options)) {
    const value = (options as Record<string, unknown>)[key];
    if (key === "target" || key === "columns" || key === "features") schemaOptions[key] = value;
    else modelOptions[key] = value;
  }
  return { schemaOptions, modelOptions };
}

/** A table fitted: its schema, the encoded matrix and the labels of the target column. @internal */
export interface EncodedTable {
  schema: Schema;
  X: MatrixInput;
  y: Label[] | undefined;
  /** The model options, with `features` the kinds the schema settled on. */
  modelOptions: Record<string, unknown>;
}

/** Infers the schema of `rows` and encodes them (missing values are an error in a fit). @internal */
export function fitTable(where: string, rows: readonly object[], options: unknown): EncodedTable {
  const { schemaOptions, modelOptions } = splitTableOptions(options);
  const schema = inferSchema(where, rows, schemaOptions);
  const { X, y } = schema.encode(rows, { where, missing: "error" });
  return { schema, X, y, modelOptions: { ...modelOptions, features: schema.kinds.slice() } };
}

/**
 * The matrix a model scores: `X` itself, or the rows encoded by the model's schema (a missing
 * value becomes NaN under `missing: "ignore"`; an unseen category follows `unseen`). @internal
 */
export function encodeInput(
  where: string,
  schema: Schema | null,
  X: unknown,
  missing: MissingPolicy,
  unseen: UnseenPolicy,
): { X: MatrixInput; y: Label[] | undefined } {
  if (schema === null || !isTable(X)) return { X: X as MatrixInput, y: undefined };
  const encoded = schema.encode(X, { where, missing, unseen });
  return { X: encoded.X, y: encoded.y };
}
