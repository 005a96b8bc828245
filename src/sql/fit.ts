/**
 * Naive Bayes and products fitted in the database: one statement of GROUP BY aggregates gives
 * the statistics, and the model is built from them through its persistence form (`fromJSON`),
 * so it is the model `NaiveBayes.fit(rows, …)` / `Product.fit(rows, …)` would give on the
 * same rows, to rounding.
 */

import type { FeatureKind } from "../distributions/registry.js";
import { describe } from "../core/validate.js";
import { NaiveBayes } from "../models/naive-bayes.js";
import type { NaiveBayesJSON } from "../models/naive-bayes-json.js";
import type { Label, NaiveBayesOptions } from "../models/naive-bayes-options.js";
import { Product, type ProductJSON } from "../models/product.js";
import type { DecodedRow } from "../models/table.js";
import type { ValueType } from "../schema/kinds.js";
import { probeValueTypes, readColumns, readValueTypes, type SqlColumn } from "./columns.js";
import { resolveDialect, type Dialect, type DialectName } from "./dialect.js";
import { groupStatsSQL, parseGroupStats, type GroupStatsPlan } from "./group-stats.js";
import { fromItem, readSqlOptions, run, type Query, type TableRef } from "./query.js";

/**
 * Where the data is and how its columns are read: shared by every fit and statistics statement.
 *
 * @example
 * ```ts
 * const spec: TableSpec = { table: "people", features: { height: "gaussian", visits: "poisson" }, dialect: "postgres" };
 * ```
 */
export interface TableSpec {
  /** The table, a qualified name as parts, or `{ sql }`: a subquery the caller writes. */
  table: TableRef;
  /**
   * The kind of each feature column, `{ column: kind }`. A column listed in `columns` but not
   * here gets the kind of its values (numbers gaussian, booleans bernoulli, strings categorical).
   */
  features?: Partial<Record<string, FeatureKind>>;
  /** The feature columns and their order (default: the keys of `features`). */
  columns?: readonly string[];
  /** `"duckdb"` (default), `"postgres"`, `"spark"`, `"bigquery"`, or a {@link Dialect}. */
  dialect?: DialectName | Dialect;
  /**
   * The type of the values of some columns. The fits learn it from the table; the statements
   * (`…StatsSQL`) need it for Bernoulli columns ("boolean" or "number") and for columns whose
   * kind `features` does not give.
   */
  valueTypes?: Partial<Record<string, ValueType>>;
  /**
   * NULL cells: `"error"` (default) refuses them, naming the column; `"ignore"` leaves the rows
   * that hold one out of the fit (and, for Naive Bayes, NULL cells out of its scores).
   */
  missing?: "error" | "ignore";
}

/**
 * Options of {@link fitNaiveBayes} and {@link naiveBayesStatsSQL}: the table, the class column,
 * and the options of `NaiveBayes` (smoothing, priors, policies).
 *
 * @example
 * ```ts
 * const options: NaiveBayesSqlOptions = { table: "outfits", target: "style", features: { hair: "categorical", height: "gaussian" } };
 * ```
 */
export interface NaiveBayesSqlOptions
  extends
    TableSpec,
    Pick<
      NaiveBayesOptions,
      "varSmoothing" | "alpha" | "binarize" | "minCategories" | "priors" | "fitPriors" | "unseen"
    > {
  /** The class column. */
  target: string;
}

/**
 * Options of {@link fitProduct} and {@link productStatsSQL}: the table and the options of
 * `Product.fit`.
 *
 * @example
 * ```ts
 * const options: ProductSqlOptions = { table: "people", features: { height: "gaussian", owner: "bernoulli" }, alpha: 1 };
 * ```
 */
export interface ProductSqlOptions extends TableSpec {
  /** Bernoulli, categorical and Poisson columns: the pseudo-count α ≥ 0, one or one per column (default 0). */
  alpha?: number | readonly number[];
  /** Categorical columns: the least number of categories, one or one per column (default 0). */
  minCategories?: number | readonly number[];
  /** Bernoulli columns: values above it count as 1; default `null`, values must be 0/1 or booleans. */
  binarize?: number | null;
  /** Gaussian columns: a constant added to every variance (default 0). */
  regVariance?: number;
}

/**
 * A statement to run and the function that reads its rows: what the `…StatsSQL` functions
 * return, for engines ptheta cannot reach (a console, a Spark job).
 *
 * @example
 * ```ts
 * const { sql, parse }: StatsStatement<ProductJSON> = productStatsSQL({ table: "t", features: { x: "gaussian" } });
 * ```
 */
export interface StatsStatement<J> {
  /** One SQL statement. */
  readonly sql: string;
  /** The model's JSON (its statistics and options) from the rows the statement returned. */
  parse(rows: readonly Record<string, unknown>[]): J;
}

/** The options of every table spec. @internal */
export const SPEC_KEYS = ["table", "features", "columns", "dialect", "valueTypes", "missing"];
const NB_KEYS = ["target", "varSmoothing", "alpha", "binarize", "minCategories", "priors", "fitPriors", "unseen"];
const PRODUCT_KEYS = ["alpha", "minCategories", "binarize", "regVariance"];

/** The value j of a per-column option (one number, or one per column). */
function perColumn(value: number | readonly number[], j: number): number {
  return typeof value === "number" ? value : (value[j] ?? 0);
}

/** The checked common options, with the columns (their kinds known). @internal */
export interface Prepared {
  readonly o: Record<string, unknown>;
  readonly dialect: Dialect;
  readonly from: string;
  readonly columns: SqlColumn[];
  readonly missing: "error" | "ignore";
}

/** Reads the options, the value types given, and the columns (strictly: every kind and Bernoulli type known). @internal */
export function readSpec(
  where: string,
  options: unknown,
  keys: readonly string[],
  target: string | null,
  probed: Readonly<Record<string, ValueType>> = {},
): Prepared {
  const o = readSqlOptions(where, options, [...SPEC_KEYS, ...keys]);
  if (o.table === undefined) throw new TypeError(`${where}: options.table is required`);
  const dialect = resolveDialect(where, o.dialect);
  const from = fromItem(where, dialect, o.table);
  const missing = o.missing ?? "error";
  if (missing !== "error" && missing !== "ignore")
    throw new TypeError(`${where}: options.missing must be "error" or "ignore", got ${describe(missing)}`);
  const types = { ...probed, ...readValueTypes(where, o.valueTypes) };
  const columns = readColumns(where, o.features, o.columns, types, target);
  for (const c of columns) {
    if (c.kind === "bernoulli" && c.valueType === null)
      throw new TypeError(
        `${where}: the SQL of Bernoulli column ${describe(c.name)} depends on its type: give options.valueTypes[${describe(c.name)}] ("boolean" or "number")`,
      );
  }
  return { o, dialect, from, columns, missing };
}

/** {@link readSpec}, after probing the value types of the columns whose kind or Bernoulli type is not given. @internal */
export async function prepare(
  where: string,
  query: Query,
  options: unknown,
  keys: readonly string[],
  target: string | null,
): Promise<Prepared> {
  const o = readSqlOptions(where, options, [...SPEC_KEYS, ...keys]);
  const dialect = resolveDialect(where, o.dialect);
  const given = readValueTypes(where, o.valueTypes);
  const kinds = (o.features !== null && typeof o.features === "object" ? o.features : {}) as Record<string, unknown>;
  const names = Array.isArray(o.columns) ? (o.columns as unknown[]) : Object.keys(kinds);
  const unknown = names.filter(
    (n): n is string =>
      typeof n === "string" &&
      given[n] === undefined &&
      (!Object.prototype.hasOwnProperty.call(kinds, n) || kinds[n] === "bernoulli"),
  );
  const probed =
    unknown.length > 0 && o.table !== undefined
      ? await probeValueTypes(where, query, dialect, fromItem(where, dialect, o.table), unknown)
      : {};
  return readSpec(where, options, keys, target, probed);
}

/** The statement and parser of Naive Bayes statistics, once the columns are known. */
function naiveBayesStatement(where: string, p: Prepared): StatsStatement<NaiveBayesJSON> {
  const { o, columns } = p;
  const target = o.target;
  if (typeof target !== "string")
    throw new TypeError(`${where}: options.target must be a column name, got ${describe(target)}`);
  const modelOptions: Record<string, unknown> = { features: columns.map((c) => c.kind), missing: p.missing };
  for (const key of NB_KEYS) if (key !== "target" && o[key] !== undefined) modelOptions[key] = o[key];
  // The model's own constructor checks the options and fills in their defaults.
  const resolved = new NaiveBayes(modelOptions).toJSON().options;
  const plan: GroupStatsPlan = {
    where,
    dialect: p.dialect,
    from: p.from,
    columns,
    target,
    binarize: resolved.binarize,
    missing: p.missing,
    minCategories: (j) => perColumn(resolved.minCategories, j),
  };
  return {
    sql: groupStatsSQL(plan),
    parse(rows) {
      const s = parseGroupStats(plan, rows);
      return {
        type: "NaiveBayes",
        version: 2,
        options: resolved,
        classes: s.classes,
        nFeatures: columns.length,
        classCount: s.classCount,
        stats: s.stats,
        schema: s.schema,
      };
    },
  };
}

/** The statement and parser of a product's statistics, once the columns are known. */
function productStatement(where: string, p: Prepared): StatsStatement<ProductJSON> {
  const { o, columns } = p;
  const binarize = o.binarize ?? null;
  if (binarize !== null && !(typeof binarize === "number" && Number.isFinite(binarize)))
    throw new TypeError(`${where}: options.binarize must be a finite number or null, got ${describe(binarize)}`);
  const list = (v: unknown): number | number[] => (Array.isArray(v) ? (v.slice() as number[]) : (v as number));
  const settings = {
    alpha: list(o.alpha ?? 0),
    minCategories: list(o.minCategories ?? 0),
    binarize: binarize,
    regVariance: (o.regVariance ?? 0) as number,
  };
  const plan: GroupStatsPlan = {
    where,
    dialect: p.dialect,
    from: p.from,
    columns,
    target: null,
    binarize: settings.binarize,
    missing: p.missing,
    minCategories: (j) => perColumn(settings.minCategories, j),
  };
  return {
    sql: groupStatsSQL(plan),
    parse(rows) {
      const s = parseGroupStats(plan, rows);
      return {
        type: "Product",
        version: 2,
        features: columns.map((c) => c.kind),
        stats: s.stats,
        options: settings,
        schema: s.schema,
      };
    },
  };
}

/** The target option, checked before anything else reads the columns. */
function targetOf(where: string, options: unknown): string {
  const t = options !== null && typeof options === "object" ? (options as { target?: unknown }).target : undefined;
  if (typeof t !== "string") throw new TypeError(`${where}: options.target must be a column name, got ${describe(t)}`);
  return t;
}

/**
 * The statement that computes Naive Bayes statistics in the database, and `parse`, which turns
 * its rows into the model's JSON for `NaiveBayes.fromJSON`. For engines ptheta cannot reach:
 * run `sql` there, and bring back its rows (a few per class and category).
 *
 * @example
 * ```ts
 * const { sql, parse } = naiveBayesStatsSQL({
 *   table: "outfits", target: "style", features: { hair: "categorical", height: "gaussian" }, dialect: "bigquery",
 * });
 * // const model = NaiveBayes.fromJSON(parse(rowsFromTheConsole));
 * sql.startsWith("WITH src AS"); // true
 * ```
 */
export function naiveBayesStatsSQL(options: NaiveBayesSqlOptions): StatsStatement<NaiveBayesJSON> {
  const where = "naiveBayesStatsSQL";
  return naiveBayesStatement(where, readSpec(where, options, NB_KEYS, targetOf(where, options)));
}

/**
 * The statement that computes a product's statistics in the database, and `parse`, which turns
 * its rows into the model's JSON for `Product.fromJSON`.
 *
 * @example
 * ```ts
 * const { sql, parse } = productStatsSQL({ table: "people", features: { height: "gaussian" }, dialect: "spark" });
 * sql.includes("`height`"); // true
 * ```
 */
export function productStatsSQL(options: ProductSqlOptions): StatsStatement<ProductJSON> {
  const where = "productStatsSQL";
  return productStatement(where, readSpec(where, options, PRODUCT_KEYS, null));
}

/**
 * Fits Naive Bayes to a table in the database: one statement of GROUP BY aggregates (two passes
 * for Gaussian columns: the class means, then the centred sums), a few rows back, and the model
 * built from those statistics. It equals `NaiveBayes.fit(rows, { target, features })` on the
 * same rows within rounding (categories and labels in sorted order), scores and samples plain
 * objects.
 *
 * @example
 * ```ts
 * const rows = [{ y: "a", x: 1.5 }, { y: "a", x: 2.5 }, { y: "b", x: 7 }, { y: "b", x: 9 }];
 * const query = async (sql: string) => engine(sql, rows); // your driver: DuckDB, pg, …
 * const model = await fitNaiveBayes(query, { table: "t", target: "y", features: { x: "gaussian" } });
 * model.predict([{ x: 2 }]); // ["a"]
 * ```
 */
export async function fitNaiveBayes(
  query: Query,
  options: NaiveBayesSqlOptions,
): Promise<NaiveBayes<Label, DecodedRow[]>> {
  const where = "fitNaiveBayes";
  requireQuery(where, query);
  const p = await prepare(where, query, options, NB_KEYS, targetOf(where, options));
  const statement = naiveBayesStatement(where, p);
  const json = statement.parse(await run(where, query, statement.sql));
  return NaiveBayes.fromJSON<Label, DecodedRow[]>(json);
}

/**
 * Fits a product of independent columns to a table in the database, as {@link fitNaiveBayes}
 * does with one class: equal to `Product.fit(rows, { features })` on the same rows within
 * rounding.
 *
 * @example
 * ```ts
 * const rows = [{ x: 1 }, { x: 2 }, { x: 4 }];
 * const model = await fitProduct(async (sql) => engine(sql, rows), { table: "t", features: { x: "gaussian" } });
 * model.marginals[0]!.mean; // 2.3333333333333335
 * ```
 */
export async function fitProduct(query: Query, options: ProductSqlOptions): Promise<Product<DecodedRow[]>> {
  const where = "fitProduct";
  requireQuery(where, query);
  const p = await prepare(where, query, options, PRODUCT_KEYS, null);
  const statement = productStatement(where, p);
  const json = statement.parse(await run(where, query, statement.sql));
  return Product.fromJSON<DecodedRow[]>(json);
}

/** Checks the query function. @internal */
export function requireQuery(where: string, query: unknown): void {
  if (typeof query !== "function")
    throw new TypeError(`${where}: query must be a function (sql) => Promise<rows>, got ${describe(query)}`);
}
