/**
 * Tables in the models: every model that takes a matrix also takes an array of plain objects,
 * through a {@link Schema} that is part of the model. A fit infers the schema (kinds per column,
 * categories in order of first appearance); every later call encodes its rows with the same
 * schema; samples are decoded back to objects.
 */

import type { MissingPolicy, UnseenPolicy } from "../core/kernel.js";
import type { Matrix, MatrixInput } from "../core/matrix.js";
import type { Family } from "../core/kernel.js";
import { describe } from "../core/validate.js";
import { FAMILIES } from "../distributions/registry.js";
import type { Label } from "./naive-bayes-options.js";
import type { CategoryValue } from "../schema/kinds.js";
import { cell, cellName, columnName, isPlainObject } from "../schema/rows.js";
import { inferSchema, schemaFromJSON, type Schema } from "../schema/schema.js";

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

/**
 * True when `X` is a non-empty array whose first element is not a matrix row: a plain object, or
 * an object without a numeric `length` (a Date, a class instance), so that such a table is
 * refused by the schema naming its row rather than read as a matrix. @internal
 */
export function isTable(X: unknown): X is readonly object[] {
  if (!Array.isArray(X) || X.length === 0) return false;
  const first: unknown = X[0];
  if (isPlainObject(first)) return true;
  return first !== null && typeof first === "object" && typeof (first as { length?: unknown }).length !== "number";
}

/**
 * Splits a model's options into the schema's (`target`, `columns`, and `features` when it is a
 * record or one kind) and the model's, reading own properties only. @internal
 */
export function splitTableOptions(options: unknown): {
  schemaOptions: Record<string, unknown>;
  modelOptions: Record<string, unknown>;
} {
  // Null-prototype objects: the readers below look keys up, and an inherited one is no option.
  const schemaOptions = Object.create(null) as Record<string, unknown>;
  const modelOptions = Object.create(null) as Record<string, unknown>;
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

/** Infers the schema of `rows` and encodes them (a missing value is an error in a fit). @internal */
export function fitTable(where: string, rows: readonly object[], options: unknown): EncodedTable {
  const { schemaOptions, modelOptions } = splitTableOptions(options);
  const schema = inferSchema(where, rows, schemaOptions);
  const { X, y } = encodeTrainingRows(where, schema, rows);
  return { schema, X, y, modelOptions: { ...modelOptions, features: schema.kinds.slice() } };
}

/**
 * Encodes rows a model learns from (a fit, or `partialFit` of a model fitted to a table). Every
 * value must be present and every category known: a fit's statistics have no place for a
 * missing value, and a model's categories are those of its schema. The errors say so, naming
 * the cell, instead of pointing to the `missing` and `unseen` options, which apply to scoring
 * only. @internal
 */
export function encodeTrainingRows(
  where: string,
  schema: Schema,
  rows: readonly object[],
): { X: Matrix; y: Label[] | undefined } {
  // Encode leniently, then look for what the lenient policies let through: NaN is a missing
  // value (encode refuses every other non-finite value), and in a categorical column the code
  // one past the last category is an unseen one (Infinity, which no column holds, elsewhere).
  const { X, y } = schema.encode(rows, { where, missing: "ignore", unseen: "smooth" });
  const unseenCode = schema.columns.map((c, j) =>
    schema.kinds[j] === "categorical" ? schema.categories(c).length : Infinity,
  );
  const data = X.data;
  const d = X.cols;
  // One pass in memory order; a valid cell costs two comparisons.
  for (let i = 0, k = 0; i < X.rows; i++) {
    for (let j = 0; j < d; j++, k++) {
      const v = data[k]!;
      if (v === v && v !== unseenCode[j]) continue;
      const name = schema.columns[j]!;
      if (v !== v) {
        throw new RangeError(
          `${where}: ${cellName(i, name)} is missing; a fit needs every value (fill it in, drop the row, or leave the column out with options.columns)`,
        );
      }
      throw new RangeError(
        `${where}: ${cellName(i, name)} is ${describe(cell(rows[i]!, name))}, a category of ${columnName(name)} the model has not seen; its categories were fixed by its first fit`,
      );
    }
  }
  return { X, y };
}

/**
 * A schema's features without its target, so that rows to score whose target cells are absent,
 * partly present or of any type are encoded as their features alone. One per schema.
 */
const featureSchemas = new WeakMap<Schema, Schema>();

function withoutTarget(schema: Schema): Schema {
  if (schema.target === null) return schema;
  let features = featureSchemas.get(schema);
  if (features === undefined) {
    features = schemaFromJSON("withoutTarget", { ...schema.toJSON(), target: null });
    featureSchemas.set(schema, features);
  }
  return features;
}

/**
 * The matrix a model scores: `X` itself, or the rows encoded by the model's schema (a missing
 * value becomes NaN under `missing: "ignore"`; an unseen category follows `unseen`). With
 * `labels: "read"` (the default) the target column's labels come too, when the rows carry it;
 * with `"skip"` the target is ignored like any other key that is not a feature (for predict,
 * which needs no labels). @internal
 */
export function encodeInput(
  where: string,
  schema: Schema | null,
  X: unknown,
  missing: MissingPolicy | null,
  unseen: UnseenPolicy,
  labels: "read" | "skip" = "read",
): { X: MatrixInput; y: Label[] | undefined } {
  if (schema === null || !isTable(X)) return { X: X as MatrixInput, y: undefined };
  // null: the model takes no `missing` option, so a missing cell is refused without suggesting one.
  const options = { where, missing: missing ?? "error", unseen, offersMissing: missing !== null } as const;
  const encoded = (labels === "read" ? schema : withoutTarget(schema)).encodeResolved(X, options);
  return { X: encoded.X, y: encoded.y };
}

/**
 * Whether two kinds read and write a table's cells alike (a Gaussian column that a
 * full-covariance mixture models jointly): the same value types and the same numbers.
 */
function sameValues(a: string, b: string): boolean {
  const fa = (FAMILIES as Record<string, Family | undefined>)[a];
  const fb = (FAMILIES as Record<string, Family | undefined>)[b];
  if (fa === undefined || fb === undefined) return false;
  const [x, y] = [fa.values, fb.values];
  return (
    !x.categorical &&
    !y.categorical &&
    x.numbersInWords === y.numbersInWords &&
    x.valueTypes.join() === y.valueTypes.join()
  );
}

/**
 * The schema a model's JSON holds (`json.schema`), checked against the model's feature kinds,
 * or null when the model was fitted to a matrix. @internal
 */
export function modelSchemaFromJSON(where: string, json: unknown, kinds: readonly string[]): Schema | null {
  if (json === undefined) return null;
  const schema = schemaFromJSON(`${where}: schema`, json);
  if (schema.columns.length !== kinds.length) {
    throw new RangeError(
      `${where}: the schema has ${schema.columns.length} columns but the model has ${kinds.length} features`,
    );
  }
  // A schema that says one kind where the model has another would encode and decode every value
  // of that column wrongly (booleans inverted, samples rounded): the file contradicts itself.
  schema.kinds.forEach((kind, j) => {
    if (kind !== kinds[j] && !sameValues(kind, kinds[j]!)) {
      throw new RangeError(
        `${where}: the schema says column ${JSON.stringify(schema.columns[j])} is ${kind} but the model's feature ${j} is ${kinds[j]}`,
      );
    }
  });
  return schema;
}
