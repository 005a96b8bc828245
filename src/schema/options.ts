/**
 * The options of a schema (which column is the target, which kind each feature has, which
 * columns to use) and of `encode` (what a missing value or an unseen category does), with their
 * checks.
 */

import { ownProperties } from "../core/distribution.js";
import { describe } from "../core/validate.js";
import type { MissingPolicy, UnseenPolicy } from "../core/kernel.js";
import { FEATURE_KINDS, isFeatureKind, type FeatureKind } from "../distributions/registry.js";
import { isPlainObject } from "./rows.js";

/**
 * How {@link Schema.infer} reads a table. Every option is optional.
 *
 * @example
 * ```ts
 * const options: SchemaOptions = {
 *   target: "style",                                  // the label, not a feature
 *   features: { visits: "poisson", hat: "categorical" }, // other columns are inferred
 *   columns: ["hair", "hat", "height", "visits"],     // which features, in this order
 * };
 * ```
 */
export interface SchemaOptions {
  /** The label column (for Naive Bayes): read as `y` and never a feature. */
  target?: string;
  /**
   * The kind of some columns, `{ column: kind }`; columns not named here get theirs from their
   * first non-missing value (number → "gaussian", boolean → "bernoulli", string →
   * "categorical"). One kind alone (`"categorical"`) is the kind of every feature column.
   */
  features?: FeatureKind | Partial<Record<string, FeatureKind>>;
  /**
   * The feature columns and their order. Default: every key of the rows except the target, in
   * order of first appearance over all rows.
   */
  columns?: readonly string[];
}

/**
 * How {@link Schema.encode} treats values it cannot encode as they are. Every option is optional.
 *
 * @example
 * ```ts
 * schema.encode(rows, { missing: "ignore", unseen: "error" });
 * ```
 */
export interface SchemaEncodeOptions {
  /**
   * A missing value (null, undefined or an absent key): `"error"` (the default) throws naming
   * the row and the column; `"ignore"` encodes it as NaN, which the models leave out of a score.
   */
  missing?: MissingPolicy;
  /**
   * A category never seen when the schema was inferred: `"smooth"` (the default) and
   * `"ignore"` encode it as the code one past the last known category, which a categorical
   * feature scores as unseen (smoothed or left out, by the model's own `unseen` option);
   * `"error"` throws naming the column and the value.
   */
  unseen?: UnseenPolicy;
  /** The name of the calling function, to begin error messages with (default "Schema.encode"). */
  where?: string;
}

/** Checked schema options. */
export interface ResolvedSchemaOptions {
  readonly target: string | null;
  /** Kinds given per column. */
  readonly features: ReadonlyMap<string, FeatureKind>;
  /** The kind given for every column, when `features` is one kind. */
  readonly allKind: FeatureKind | null;
  readonly columns: readonly string[] | null;
}

/** Checks the options of `Schema.infer`. */
export function resolveSchemaOptions(where: string, options: unknown): ResolvedSchemaOptions {
  if (options === undefined) return { target: null, features: new Map(), allKind: null, columns: null };
  if (!isPlainObject(options)) throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  const o = ownProperties(options) as SchemaOptions;

  let target: string | null = null;
  if (o.target !== undefined) {
    if (typeof o.target !== "string")
      throw new TypeError(`${where}: options.target must be a column name (a string), got ${describe(o.target)}`);
    target = o.target;
  }

  const features = new Map<string, FeatureKind>();
  let allKind: FeatureKind | null = null;
  if (typeof o.features === "string") {
    if (!isFeatureKind(o.features)) {
      throw new TypeError(
        `${where}: options.features must be one of ${FEATURE_KINDS.map((k) => `"${k}"`).join(", ")} or { column: kind }, got ${describe(o.features)}`,
      );
    }
    allKind = o.features;
  } else if (o.features !== undefined) {
    if (!isPlainObject(o.features)) {
      throw new TypeError(`${where}: options.features must be an object { column: kind }, got ${describe(o.features)}`);
    }
    for (const name of Object.keys(o.features)) {
      const kind: unknown = (o.features as Record<string, unknown>)[name];
      if (kind === undefined) continue;
      if (!isFeatureKind(kind)) {
        throw new TypeError(
          `${where}: options.features[${JSON.stringify(name)}] must be one of ${FEATURE_KINDS.map((k) => `"${k}"`).join(", ")}, got ${describe(kind)}`,
        );
      }
      if (name === target)
        throw new RangeError(`${where}: options.features names the target ${describe(name)}, which is not a feature`);
      features.set(name, kind);
    }
  }

  let columns: string[] | null = null;
  if (o.columns !== undefined) {
    if (!Array.isArray(o.columns))
      throw new TypeError(`${where}: options.columns must be an array of column names, got ${describe(o.columns)}`);
    const list = o.columns as readonly unknown[];
    if (list.length === 0) throw new RangeError(`${where}: options.columns is empty; at least one feature is needed`);
    const seen = new Set<string>();
    columns = [];
    for (let j = 0; j < list.length; j++) {
      const name = list[j];
      if (typeof name !== "string")
        throw new TypeError(`${where}: options.columns[${j}] must be a column name (a string), got ${describe(name)}`);
      if (seen.has(name)) throw new RangeError(`${where}: options.columns lists ${describe(name)} twice`);
      if (name === target)
        throw new RangeError(`${where}: options.columns[${j}] is the target ${describe(name)}, which is not a feature`);
      seen.add(name);
      columns.push(name);
    }
    for (const name of features.keys()) {
      if (!seen.has(name))
        throw new RangeError(`${where}: options.features names ${describe(name)}, which is not in options.columns`);
    }
  }
  return { target, features, allKind, columns };
}

/** Checked encode options. */
export interface ResolvedEncodeOptions {
  readonly missing: MissingPolicy;
  readonly unseen: UnseenPolicy;
  readonly where: string;
  /** Whether the calling method takes a `missing` option, so that its error may suggest one. */
  readonly offersMissing: boolean;
}

/** Checks the options of `encode`. */
export function resolveEncodeOptions(options: unknown): ResolvedEncodeOptions {
  const fallback = "Schema.encode";
  if (options === undefined) return { missing: "error", unseen: "smooth", where: fallback, offersMissing: true };
  if (!isPlainObject(options)) throw new TypeError(`${fallback}: options must be an object, got ${describe(options)}`);
  const o = ownProperties(options) as SchemaEncodeOptions;
  if (o.where !== undefined && typeof o.where !== "string")
    throw new TypeError(`${fallback}: options.where must be a string, got ${describe(o.where)}`);
  const where = o.where ?? fallback;
  const missing = o.missing ?? "error";
  if (missing !== "error" && missing !== "ignore")
    throw new TypeError(`${where}: options.missing must be "error" or "ignore", got ${describe(o.missing)}`);
  const unseen = o.unseen ?? "smooth";
  if (unseen !== "smooth" && unseen !== "ignore" && unseen !== "error") {
    throw new TypeError(`${where}: options.unseen must be "smooth", "ignore" or "error", got ${describe(o.unseen)}`);
  }
  return { missing, unseen, where, offersMissing: true };
}
