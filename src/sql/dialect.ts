/**
 * SQL dialects: the few things in which the engines ptheta generates SQL for differ. Everything
 * else in the generated SQL (CASE, GROUP BY, UNION ALL, CTEs, greatest) is common to all four.
 */

import { describe } from "../core/validate.js";

/**
 * A SQL dialect: how identifiers are quoted, how a double is written exactly, and which
 * functions the engine has. Pass its name (`"duckdb"`, `"postgres"`, `"spark"`, `"bigquery"`)
 * wherever an option `dialect` is taken, or an object of your own for another engine.
 *
 * @example
 * ```ts
 * const d = DIALECTS.postgres;
 * d.quote('x"y'); // "\"x\"\"y\""
 * d.double(0.1); // "CAST('0.1' AS DOUBLE PRECISION)"
 * ```
 */
export interface Dialect {
  /** The dialect's name, for error messages. */
  readonly name: string;
  /** The SQL type of a double (`DOUBLE`, `DOUBLE PRECISION`, `FLOAT64`). */
  readonly doubleType: string;
  /** The SQL type of a 64-bit integer. */
  readonly integerType: string;
  /** The longest identifier the engine keeps, in UTF-8 bytes (PostgreSQL truncates past 63). */
  readonly maxIdentifierBytes: number;
  /** An identifier, quoted: any name (quotes, spaces, keywords) becomes one identifier. */
  quote(name: string): string;
  /** A string literal, escaped. */
  string(value: string): string;
  /** The double `x` exactly (the shortest decimal that reads back as `x`, or ±infinity, NaN). */
  double(x: number): string;
  /** A sum over a group, compensated when the engine has such an aggregate. */
  sum(expr: string): string;
  /** ln Γ(expr + 1) = ln(expr!) for non-negative integers (the Poisson normaliser). */
  lnFactorial(expr: string): string;
  /** exp(expr) for expr ≤ 0; 0 far below 1 where the engine raises on underflow (PostgreSQL). */
  exp(expr: string): string;
  /** Closes a subquery so the planner does not inline it and duplicate its per-row expressions. */
  readonly fence: string;
  /** The keyword that makes a CTE computed once (`MATERIALIZED `), or "" where the engine has none. */
  readonly materialized: string;
  /** The keyword that makes a CTE read again where used (`NOT MATERIALIZED `), or "". */
  readonly notMaterialized: string;
  /** `n` rows drawn from `source` (a parenthesised subquery) by the engine, reproducibly with `seed`. */
  sample(source: string, n: number, seed: number): string;
}

/** The shortest decimal that reads back as x, as a string literal cast to the double type. */
function castDouble(type: string, inf: string, ninf: string, nan: string): (x: number) => string {
  return (x: number) => {
    const text = Number.isNaN(x) ? nan : x === Infinity ? inf : x === -Infinity ? ninf : String(x);
    return `CAST('${text}' AS ${type})`;
  };
}

/** An identifier in double quotes, the quote doubled (SQL standard: DuckDB, PostgreSQL). */
function doubleQuoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** An identifier in backticks, the backtick doubled (Spark SQL). */
function backticked(name: string): string {
  return `\`${name.replace(/`/g, "``")}\``;
}

/** A string literal in single quotes, the quote doubled (standard SQL). */
function singleQuoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A string literal for engines where a backslash escapes (Spark SQL and BigQuery): backslashes
 * and quotes are escaped, and control characters written as escapes so the text stays one line.
 */
function backslashQuoted(value: string): string {
  const body = value.replace(
    /[\\'\n\r\t]/g,
    (c) => ({ "\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c]!,
  );
  return `'${body}'`;
}

/**
 * ln(x!) without an lgamma function: a table for x < 16 and Stirling's series beyond, with four
 * correction terms (error below 1e-15 relative for x ≥ 16, so the same doubles as lgamma to
 * rounding).
 */
function stirlingLnFactorial(double: (x: number) => string, ln: string): (expr: string) => string {
  const table: string[] = [];
  let f = 0;
  for (let k = 0; k < 16; k++) {
    if (k > 1) f += Math.log(k);
    table.push(`WHEN ${k} THEN ${double(f)}`);
  }
  const halfLog2Pi = double(0.5 * Math.log(2 * Math.PI));
  return (expr: string) => {
    const z = `(${expr} + 1)`;
    const series =
      `((${z} - 0.5) * ${ln}(${z}) - ${z} + ${halfLog2Pi} + 1 / (12 * ${z}) - 1 / (360 * ${z} * ${z} * ${z})` +
      ` + 1 / (1260 * ${z} * ${z} * ${z} * ${z} * ${z}) - 1 / (1680 * ${z} * ${z} * ${z} * ${z} * ${z} * ${z} * ${z}))`;
    return `(CASE WHEN ${expr} < 16 THEN (CASE ${expr} ${table.join(" ")} END) ELSE ${series} END)`;
  };
}

const duckdbDouble = castDouble("DOUBLE", "inf", "-inf", "nan");
const postgresDouble = castDouble("DOUBLE PRECISION", "Infinity", "-Infinity", "NaN");
const sparkDouble = castDouble("DOUBLE", "Infinity", "-Infinity", "NaN");
const bigqueryDouble = castDouble("FLOAT64", "inf", "-inf", "nan");

/**
 * The built-in dialects. DuckDB and PostgreSQL are tested against live engines; Spark SQL and
 * BigQuery by the text generated (see the guide "Fitting in the database").
 *
 * @example
 * ```ts
 * DIALECTS.duckdb.sum("x"); // "fsum(x)"
 * DIALECTS.spark.quote("a`b"); // "`a``b`"
 * ```
 */
export const DIALECTS: Readonly<Record<"duckdb" | "postgres" | "spark" | "bigquery", Dialect>> = Object.freeze({
  duckdb: Object.freeze({
    name: "duckdb",
    doubleType: "DOUBLE",
    integerType: "BIGINT",
    maxIdentifierBytes: Infinity,
    quote: doubleQuoted,
    string: singleQuoted,
    double: duckdbDouble,
    // fsum: Kahan–Babuška summation (DuckDB's kahan_sum).
    sum: (e: string) => `fsum(${e})`,
    lnFactorial: (e: string) => `lgamma(${e} + 1)`,
    exp: (e: string) => `exp(${e})`,
    fence: "",
    materialized: "MATERIALIZED ",
    notMaterialized: "NOT MATERIALIZED ",
    sample: (source: string, n: number, seed: number) =>
      `SELECT * FROM ${source} AS s USING SAMPLE reservoir(${n} ROWS) REPEATABLE (${seed})`,
  }),
  postgres: Object.freeze({
    name: "postgres",
    doubleType: "DOUBLE PRECISION",
    integerType: "BIGINT",
    maxIdentifierBytes: 63,
    quote: doubleQuoted,
    string: singleQuoted,
    double: postgresDouble,
    sum: (e: string) => `sum(${e})`,
    lnFactorial: stirlingLnFactorial(postgresDouble, "ln"),
    // PostgreSQL raises "value out of range: underflow" when exp, or a product, rounds to 0:
    // below e^−345 (1e−150) a weight is 0, so that the products it enters (r·(x − m)², …)
    // stay far from underflow. What it drops is below 1e−150 of the total.
    exp: (e: string) => `(CASE WHEN ${e} < -345 THEN 0 ELSE exp(${e}) END)`,
    // OFFSET 0 keeps the planner from pulling the subquery up (and repeating its expressions).
    fence: " OFFSET 0",
    materialized: "MATERIALIZED ",
    notMaterialized: "NOT MATERIALIZED ",
    // TABLESAMPLE takes tables only; a seeded hash order works on any subquery and is reproducible.
    sample: (source: string, n: number, seed: number) =>
      `SELECT * FROM ${source} AS s ORDER BY md5(CAST(s.* AS TEXT) || '${seed}') LIMIT ${n}`,
  }),
  spark: Object.freeze({
    name: "spark",
    doubleType: "DOUBLE",
    integerType: "BIGINT",
    maxIdentifierBytes: Infinity,
    quote: backticked,
    string: backslashQuoted,
    double: sparkDouble,
    sum: (e: string) => `sum(${e})`,
    lnFactorial: stirlingLnFactorial(sparkDouble, "ln"),
    exp: (e: string) => `exp(${e})`,
    fence: "",
    materialized: "",
    notMaterialized: "",
    sample: (source: string, n: number, seed: number) =>
      `SELECT * FROM ${source} AS s ORDER BY rand(${seed}) LIMIT ${n}`,
  }),
  bigquery: Object.freeze({
    name: "bigquery",
    doubleType: "FLOAT64",
    integerType: "INT64",
    maxIdentifierBytes: 300,
    quote: backticked,
    string: backslashQuoted,
    double: bigqueryDouble,
    sum: (e: string) => `SUM(${e})`,
    lnFactorial: stirlingLnFactorial(bigqueryDouble, "LN"),
    exp: (e: string) => `EXP(${e})`,
    fence: "",
    materialized: "",
    notMaterialized: "",
    sample: (source: string, n: number, seed: number) =>
      `SELECT * FROM ${source} AS s ORDER BY FARM_FINGERPRINT(CONCAT('${seed}', TO_JSON_STRING(s))) LIMIT ${n}`,
  }),
});

/**
 * The name of a built-in dialect.
 *
 * @example
 * ```ts
 * const name: DialectName = "postgres";
 * DIALECTS[name].doubleType; // "DOUBLE PRECISION"
 * ```
 */
export type DialectName = keyof typeof DIALECTS;

/** The dialect an option names (default DuckDB), or the dialect object given. @internal */
export function resolveDialect(where: string, value: unknown): Dialect {
  if (value === undefined) return DIALECTS.duckdb;
  if (typeof value === "string") {
    if (Object.prototype.hasOwnProperty.call(DIALECTS, value)) return DIALECTS[value as DialectName];
    throw new RangeError(
      `${where}: options.dialect must be "duckdb", "postgres", "spark", "bigquery" or a Dialect object, got ${describe(value)}`,
    );
  }
  if (value !== null && typeof value === "object") {
    for (const key of ["quote", "string", "double", "sum", "lnFactorial", "exp", "sample"]) {
      if (typeof (value as Record<string, unknown>)[key] !== "function")
        throw new TypeError(`${where}: options.dialect.${key} must be a function`);
    }
    return value as Dialect;
  }
  throw new TypeError(
    `${where}: options.dialect must be "duckdb", "postgres", "spark", "bigquery" or a Dialect object, got ${describe(value)}`,
  );
}

/**
 * An identifier, quoted; refused clearly when the engine could not keep it (a NUL character, a
 * name longer than the engine allows, which PostgreSQL would silently truncate). @internal
 */
export function identifier(where: string, d: Dialect, name: string): string {
  if (typeof name !== "string" || name.length === 0)
    throw new TypeError(`${where}: a column name must be a non-empty string, got ${describe(name)}`);
  if (name.includes("\0")) throw new RangeError(`${where}: the column name ${describe(name)} contains a NUL character`);
  const bytes = new TextEncoder().encode(name).length;
  if (bytes > d.maxIdentifierBytes) {
    throw new RangeError(
      `${where}: the column name ${describe(name)} is ${bytes} bytes long; ${d.name} keeps at most ${d.maxIdentifierBytes}`,
    );
  }
  return d.quote(name);
}

/** A literal of a category or label (a string, a number or a boolean), escaped. @internal */
export function literal(where: string, d: Dialect, value: string | number | boolean): string {
  if (typeof value === "string") {
    if (value.includes("\0")) throw new RangeError(`${where}: the value ${describe(value)} contains a NUL character`);
    return d.string(value);
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return d.double(value);
}
