/**
 * Schema: the map between a table (an array of plain objects) and the numeric feature matrix
 * the models read. It is inferred once from training rows and then encodes any rows the same
 * way, decodes sampled matrices back into objects, and travels inside a model's JSON.
 */

import type { MatrixInput } from "../core/matrix.js";
import { describe } from "../core/validate.js";
import type { Column, SchemaParts } from "./column.js";
import { decodeMatrix } from "./decode.js";
import { encodeRows, type EncodedRows } from "./encode.js";
import { inferParts } from "./infer.js";
import type { CategoryValue, FeatureKind } from "./kinds.js";
import {
  resolveEncodeOptions,
  type ResolvedEncodeOptions,
  type SchemaEncodeOptions,
  type SchemaOptions,
} from "./options.js";
import type { TableRow } from "./rows.js";
import { partsFromJSON, partsToJSON, type SchemaJSON } from "./serialization.js";

/**
 * How the columns of a table become the columns of a feature matrix. Each feature column has a
 * kind: numbers are "gaussian", booleans "bernoulli" (0/1), strings "categorical" (code = index
 * of the category in order of first appearance), unless `features` says otherwise (e.g.
 * `visits: "poisson"` for counts). An optional target column holds the labels.
 *
 * A category never seen in training encodes as the code one past the last known category
 * (`categories(column).length`), which the models' categorical features score as unseen.
 * A missing value (null, undefined or an absent key) encodes as NaN.
 *
 * @example
 * ```ts
 * const rows = [
 *   { hair: "long", hat: true, height: 172, style: "casual" },
 *   { hair: "short", hat: false, height: 181, style: "formal" },
 * ];
 * const schema = Schema.infer(rows, { target: "style" });
 * schema.columns;              // ["hair", "hat", "height"]
 * schema.kinds;                // ["categorical", "bernoulli", "gaussian"]
 * const { X, y } = schema.encode(rows);
 * X.toArray();                 // [[0, 1, 172], [1, 0, 181]]
 * y;                           // ["casual", "formal"]
 * schema.decode(X);            // the two rows again, without the target
 * ```
 */
export class Schema {
  /** The feature columns, in order: column j of an encoded matrix is `columns[j]`. */
  readonly columns: readonly string[];
  /** The kind of each feature column. */
  readonly kinds: readonly FeatureKind[];
  /** The label column, or null when the schema has none. */
  readonly target: string | null;
  private readonly parts: SchemaParts;
  private readonly byName: ReadonlyMap<string, Column>;

  /** @internal Use {@link Schema.infer} or {@link Schema.fromJSON}; `parts` are checked already. */
  constructor(parts: SchemaParts) {
    this.parts = parts;
    this.columns = Object.freeze(parts.columns.map((c) => c.name));
    this.kinds = Object.freeze(parts.columns.map((c) => c.kind));
    this.target = parts.target;
    this.byName = new Map(parts.columns.map((c) => [c.name, c]));
  }

  /**
   * Reads the columns, their kinds and their categories from `rows`. A column's kind comes
   * from its first non-missing value (number → "gaussian", boolean → "bernoulli", string →
   * "categorical") unless `options.features` gives one; categories keep their order of first
   * appearance. Throws, naming the column and the row, for a column that mixes types of value,
   * a column with only missing values, a value its kind cannot take, or more than
   * `MAX_CATEGORIES` categories; and for a row that is not a plain object or a target no row has.
   *
   * @example
   * ```ts
   * const schema = Schema.infer(rows, { target: "style", features: { visits: "poisson" } });
   * ```
   */
  static infer(rows: readonly TableRow[], options?: SchemaOptions): Schema {
    return inferSchema("Schema.infer", rows, options);
  }

  /**
   * The categories of a categorical column, in code order (code k is `categories(column)[k]`):
   * the order in which they first appeared in the training rows. A copy.
   *
   * @example
   * ```ts
   * schema.categories("hair"); // ["long", "short", "bald"]
   * ```
   */
  categories(column: string): CategoryValue[] {
    const col = this.byName.get(column);
    if (col === undefined) {
      throw new RangeError(
        `Schema.categories: no feature column ${describe(column)} (the columns are ${this.columns.map((c) => describe(c)).join(", ")})`,
      );
    }
    if (col.categories === null)
      throw new RangeError(`Schema.categories: column ${describe(column)} is ${col.kind}, not categorical`);
    return col.categories.slice();
  }

  /**
   * Encodes rows into a `rows × columns.length` matrix (gaussian → the number, bernoulli → 0/1,
   * categorical → the code, poisson → the count) and, when the schema has a target and some row
   * carries it, the labels `y` (then every row must). Keys may come in any order; keys that are
   * not feature columns are ignored. A missing value follows `options.missing` (default:
   * an error naming the row and the column; "ignore": NaN). An unseen category follows
   * `options.unseen` (default "smooth": the code `categories(column).length`; "error": an
   * error naming the column and the value).
   *
   * @example
   * ```ts
   * const { X } = schema.encode([{ height: 165, visits: 2, hat: false, hair: "short" }]);
   * X.row(0); // Float64Array [1, 0, 165, 2]
   * ```
   */
  encode(rows: readonly TableRow[], options?: SchemaEncodeOptions): EncodedRows {
    return encodeRows(this.parts.columns, this.parts.target, rows, resolveEncodeOptions(options));
  }

  /** @internal `encode` with options already resolved (a model's own policies). */
  encodeResolved(rows: unknown, options: ResolvedEncodeOptions): EncodedRows {
    return encodeRows(this.parts.columns, this.parts.target, rows, options);
  }

  /**
   * Turns a feature matrix (encoded rows, or rows a model sampled) back into plain objects
   * with the feature columns as keys: codes become their categories, 0/1 become booleans in a
   * column that held booleans, Poisson values become integer counts, and a NaN cell (missing)
   * leaves its key out. A value outside the column's codes or support throws, naming the row
   * and the column.
   *
   * @example
   * ```ts
   * schema.decode([[0, 1, 172, 3]]); // [{ hair: "long", hat: true, height: 172, visits: 3 }]
   * ```
   */
  decode(X: MatrixInput): Record<string, CategoryValue>[] {
    return decodeMatrix("Schema.decode", this.parts.columns, X);
  }

  /**
   * A plain object that {@link Schema.fromJSON} reads back into a schema encoding every row
   * to the same numbers.
   *
   * @example
   * ```ts
   * const copy = Schema.fromJSON(JSON.parse(JSON.stringify(schema)));
   * ```
   */
  toJSON(): SchemaJSON {
    return partsToJSON(this.parts);
  }

  /**
   * Rebuilds a schema from {@link Schema.toJSON} output (after `JSON.parse`), checking it.
   *
   * @example
   * ```ts
   * const saved = JSON.stringify(schema);
   * const restored = Schema.fromJSON(JSON.parse(saved));
   * restored.columns; // ["hair", "hat", "height", "visits"]
   * ```
   */
  static fromJSON(json: unknown): Schema {
    return schemaFromJSON("Schema.fromJSON", json);
  }

  /**
   * A one-line summary: each column with its kind (and category count), then the target.
   *
   * @example
   * ```ts
   * String(schema); // "Schema(hair: categorical[3], hat: bernoulli, height: gaussian, visits: gaussian; target: style)"
   * ```
   */
  toString(): string {
    const cols = this.parts.columns.map(
      (c) => `${c.name}: ${c.kind}${c.categories !== null ? `[${c.categories.length}]` : ""}`,
    );
    return `Schema(${cols.join(", ")}${this.target !== null ? `; target: ${this.target}` : ""})`;
  }

  /** @internal Node's console.log and util.inspect use this. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/**
 * `Schema.infer` for a model: `where` ("NaiveBayes.fit") begins every error message.
 *
 * @internal
 */
export function inferSchema(where: string, rows: unknown, options: unknown): Schema {
  return new Schema(inferParts(where, rows, options));
}

/**
 * `Schema.fromJSON` for a model reading its own JSON: `where` begins every error message.
 *
 * @internal
 */
export function schemaFromJSON(where: string, json: unknown): Schema {
  return new Schema(partsFromJSON(where, json));
}
