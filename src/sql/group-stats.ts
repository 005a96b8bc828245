/**
 * The sufficient statistics of Naive Bayes and of a product, per class, as one SQL statement:
 * class counts, per-class means (compensated where the engine can) and, in a second pass about
 * those means, Σ (x − mean) and Σ (x − mean)² (never Σx² − n·mean²); Bernoulli and Poisson sums;
 * category counts by GROUP BY. `parse` turns its rows into the families' statistics JSON, the
 * form the models persist and are rebuilt from.
 */

import type { FeatureKind } from "../distributions/registry.js";
import { describe } from "../core/validate.js";
import type { CategoryValue } from "../schema/kinds.js";
import type { SchemaJSON } from "../schema/serialization.js";
import { identifier, type Dialect } from "./dialect.js";
import type { SqlColumn } from "./columns.js";
import { GaussianMoments } from "./moments.js";
import { compareValues, isArray, toNumber, toValue } from "./query.js";

/** The most classes a statement fits (see the second pass's join). @internal */
export const MAX_CLASSES = 65536;

/** What the statement needs to know. @internal */
export interface GroupStatsPlan {
  readonly where: string;
  readonly dialect: Dialect;
  readonly from: string;
  readonly columns: readonly SqlColumn[];
  /** The class column, or null (a product: one group). */
  readonly target: string | null;
  /** Bernoulli: values above it count as 1; null: values must be 0/1 (or booleans). */
  readonly binarize: number | null;
  /** "ignore": rows with a NULL feature (or label) are left out; "error": they are refused. */
  readonly missing: "error" | "ignore";
  /** Categorical columns: the least number of categories, per column. */
  readonly minCategories: (j: number) => number;
}

/** The parsed statistics: classes, their counts, each kind's statistics JSON and the schema. @internal */
export interface GroupStats {
  readonly classes: (string | number)[];
  readonly classCount: number[];
  readonly stats: Partial<Record<FeatureKind, Record<string, unknown>>>;
  readonly schema: SchemaJSON;
}

/** The SQL of the value of feature j (a double, or 0/1 for Bernoulli), named x{j} in `src`. */
function valueExpr(p: GroupStatsPlan, c: SqlColumn): string {
  const d = p.dialect;
  const q = `t.${identifier(p.where, d, c.name)}`;
  if (c.kind === "categorical") return q;
  // Booleans by CASE: PostgreSQL casts a boolean to INTEGER but to nothing wider.
  const base =
    c.kind === "bernoulli" && c.valueType === "boolean"
      ? `(CASE WHEN ${q} IS NULL THEN NULL WHEN ${q} THEN 1 ELSE 0 END)`
      : `CAST(${q} AS ${d.doubleType})`;
  if (c.kind === "bernoulli" && p.binarize !== null)
    return `CASE WHEN ${base} IS NULL THEN NULL WHEN ${base} > ${d.double(p.binarize)} THEN 1 ELSE 0 END`;
  return base;
}

/** The statement: section 0 holds one row per class, section j + 1 the category counts of column j. @internal */
export function groupStatsSQL(p: GroupStatsPlan): string {
  const d = p.dialect;
  const cols = p.columns;
  const y = p.target === null ? "0" : `t.${identifier(p.where, d, p.target)}`;
  const select = [`${y} AS y`, ...cols.map((c, j) => `${valueExpr(p, c)} AS x${j}`)];
  const notNull = [...(p.target === null ? [] : ["y"]), ...cols.map((_, j) => `x${j}`)];
  const filter = p.missing === "ignore" ? ` WHERE ${notNull.map((v) => `${v} IS NOT NULL`).join(" AND ")}` : "";
  // src is read by each pass (not materialised: a scan is cheaper than a copy of the table);
  // p1 is a row per class and is computed once, so pass 2 centres on the very means it reports.
  const src = `src AS ${d.notMaterialized}(SELECT * FROM (SELECT ${select.join(", ")} FROM ${p.from}) AS u${filter})`;
  const p1: string[] = ["y", "count(*) AS n"];
  const mainCols: string[] = ["n"];
  const gaussian: number[] = [];
  cols.forEach((c, j) => {
    p1.push(`count(x${j}) AS n${j}`);
    mainCols.push(`n${j}`);
    if (c.kind === "categorical") return;
    if (c.kind === "gaussian") {
      p1.push(`${d.sum(`x${j}`)} / CAST(count(x${j}) AS ${d.doubleType}) AS s${j}`);
      gaussian.push(j);
      mainCols.push(`s${j}`, `d${j}`, `q${j}`);
      return;
    }
    // Bernoulli: Σ b in integers; Poisson: Σ x (integers, exact in doubles below 2^53).
    p1.push(c.kind === "bernoulli" ? `sum(x${j}) AS s${j}` : `${d.sum(`x${j}`)} AS s${j}`);
    const bad =
      c.kind === "poisson"
        ? `x${j} < 0 OR x${j} <> floor(x${j})`
        : c.valueType === "boolean" || p.binarize !== null
          ? null
          : `x${j} <> 0 AND x${j} <> 1`;
    if (bad !== null) p1.push(`sum(CASE WHEN ${bad} THEN 1 ELSE 0 END) AS b${j}`);
    mainCols.push(`s${j}`);
    if (bad !== null) mainCols.push(`b${j}`);
  });
  const ctes = [src, `p1 AS ${d.materialized}(SELECT ${p1.join(", ")} FROM src GROUP BY y${d.fence})`];
  let main: string;
  if (gaussian.length > 0) {
    const p2 = ["src.y AS y"];
    for (const j of gaussian) {
      const e = `(src.x${j} - c.s${j})`;
      p2.push(`sum(${e}) AS d${j}`, `sum(${e} * ${e}) AS q${j}`);
    }
    // The LIMIT bounds the planner's estimate of p1 (a row per class), so that DuckDB builds its
    // hash join on p1 and streams the table past it, rather than hashing the table (2–3× the
    // time and the memory, measured on 3·10⁶ Parquet rows). parse refuses more classes.
    ctes.push(
      `p2 AS (SELECT ${p2.join(", ")} FROM src JOIN (SELECT * FROM p1 LIMIT ${MAX_CLASSES}) AS c ON src.y = c.y GROUP BY src.y)`,
    );
    main = `SELECT 0 AS section, p1.y AS y, ${mainCols.map((c) => (/^[dq]/.test(c) ? `p2.${c}` : `p1.${c}`)).join(", ")}`;
    main += `${cats(cols, -1)} FROM p1 LEFT JOIN p2 ON p1.y = p2.y`;
  } else {
    main = `SELECT 0 AS section, p1.y AS y, ${mainCols.map((c) => `p1.${c}`).join(", ")}${cats(cols, -1)} FROM p1`;
  }
  const branches = [main];
  cols.forEach((c, j) => {
    if (c.kind !== "categorical") return;
    const nulls = mainCols.slice(1).map((m) => `NULL AS ${m}`);
    branches.push(
      `SELECT ${j + 1} AS section, y, count(*) AS n${nulls.length > 0 ? ", " : ""}${nulls.join(", ")}${cats(cols, j)} FROM src GROUP BY y, x${j}`,
    );
  });
  return `WITH ${ctes.join(", ")}\n${branches.join("\nUNION ALL ")}`;
}

/**
 * The category columns v{j} of a branch: x{j} for the branch of column `own`, a NULL of x{j}'s
 * type for the others (an empty scalar subquery: PostgreSQL types a bare NULL in the first
 * branches of a UNION as text, which then clashes with an integer column).
 */
function cats(cols: readonly SqlColumn[], own: number): string {
  let s = "";
  cols.forEach((c, j) => {
    if (c.kind !== "categorical") return;
    s += j === own ? `, x${j} AS v${j}` : `, (SELECT e.x${j} FROM src AS e WHERE 1 = 0 LIMIT 1) AS v${j}`;
  });
  return s;
}

/** A row's field, case-insensitively (some engines upper-case unquoted aliases). */
function field(row: Record<string, unknown>, name: string): unknown {
  if (name in row) return row[name];
  const upper = name.toUpperCase();
  return upper in row ? row[upper] : undefined;
}

/** Turns the rows of {@link groupStatsSQL} into statistics JSON, checking every value. @internal */
export function parseGroupStats(p: GroupStatsPlan, rows: readonly Record<string, unknown>[]): GroupStats {
  const where = p.where;
  if (!isArray(rows)) throw new TypeError(`${where}: parse(rows) takes the array of rows the query returned`);
  const cols = p.columns;
  const main: Record<string, unknown>[] = [];
  const counts = cols.map(() => [] as { y: unknown; v: CategoryValue; n: number }[]);
  for (const row of rows) {
    const section = toNumber(where, "section", field(row, "section"));
    if (section === 0) main.push(row);
    else {
      const j = section - 1;
      if (!(Number.isInteger(j) && j >= 0 && j < cols.length && cols[j]!.kind === "categorical"))
        throw new RangeError(`${where}: a row of section ${describe(section)}, which the statement does not write`);
      const v = toValue(where, `a value of column ${describe(cols[j]!.name)}`, field(row, `v${j}`));
      if (v === null) continue; // NULL cells are counted (and refused) in section 0
      counts[j]!.push({ y: field(row, "y"), v, n: toNumber(where, "a count", field(row, "n")) });
    }
  }
  // Classes, sorted (numbers numerically, strings by code unit), and their rows.
  const byLabel = new Map<string | number, Record<string, unknown>>();
  for (const row of main) {
    const label = p.target === null ? 0 : toValue(where, `a label of ${describe(p.target)}`, field(row, "y"));
    const n = toNumber(where, "a count", field(row, "n"));
    if (label === null) {
      throw new RangeError(
        `${where}: the target ${describe(p.target)} is NULL in ${n} rows; a fit needs every label (missing: "ignore" leaves those rows out)`,
      );
    }
    if (typeof label === "boolean")
      throw new TypeError(
        `${where}: the target ${describe(p.target)} holds booleans; labels are numbers or strings (cast it)`,
      );
    byLabel.set(label, row);
  }
  if (byLabel.size > MAX_CLASSES)
    throw new RangeError(`${where}: the target has ${byLabel.size} classes, more than ${MAX_CLASSES}`);
  if (byLabel.size === 0)
    throw new RangeError(`${where}: the table has no rows${p.missing === "ignore" ? " without NULL values" : ""}`);
  const classes = [...byLabel.keys()].sort(compareValues);
  if (classes.some((l) => typeof l !== typeof classes[0]))
    throw new TypeError(`${where}: the labels mix numbers and strings`);
  const C = classes.length;
  const classRows = classes.map((l) => byLabel.get(l)!);
  const classCount = classRows.map((r) => toNumber(where, "a count", field(r, "n")));
  const total = classCount.reduce((a, b) => a + b, 0);
  // Every value present, in range and finite.
  cols.forEach((c, j) => {
    const name = describe(c.name);
    let present = 0;
    let bad = 0;
    for (const r of classRows) {
      present += toNumber(where, "a count", field(r, `n${j}`));
      bad += toNumber(where, "a count", field(r, `b${j}`));
    }
    if (present < total) {
      throw new RangeError(
        `${where}: column ${name} is NULL in ${total - present} rows; a fit needs every value (missing: "ignore" leaves those rows out)`,
      );
    }
    if (bad > 0) {
      throw new RangeError(
        c.kind === "poisson"
          ? `${where}: column ${name} has ${bad} values that are not counts (integers ≥ 0)`
          : `${where}: column ${name} has ${bad} values other than 0 and 1 (set binarize to threshold them, or make it gaussian)`,
      );
    }
  });
  const stats: Partial<Record<FeatureKind, Record<string, unknown>>> = {};
  const block = (kind: FeatureKind) => cols.map((c, j) => (c.kind === kind ? j : -1)).filter((j) => j >= 0);
  const num = (r: Record<string, unknown>, name: string) => toNumber(where, name, field(r, name));
  const finite = (x: number, j: number): number => {
    if (!Number.isFinite(x))
      throw new RangeError(
        `${where}: column ${describe(cols[j]!.name)} holds an infinite or NaN value, or its sum overflows`,
      );
    return x;
  };
  const g = block("gaussian");
  if (g.length > 0) {
    const moments = new GaussianMoments();
    classRows.forEach((r, c) => {
      for (const j of g)
        moments.push(
          classCount[c]!,
          finite(num(r, `s${j}`), j),
          finite(num(r, `d${j}`), j),
          finite(num(r, `q${j}`), j),
        );
    });
    stats.gaussian = moments.toJSON(classCount);
  }
  for (const kind of ["bernoulli", "poisson"] as const) {
    const b = block(kind);
    if (b.length === 0) continue;
    const sums: number[] = [];
    classRows.forEach((r) => {
      for (const j of b) sums.push(finite(num(r, `s${j}`), j));
    });
    stats[kind] =
      kind === "bernoulli" ? { weight: classCount.slice(), count: sums } : { weight: classCount.slice(), sum: sums };
  }
  const categories: (CategoryValue[] | null)[] = cols.map(() => null);
  const valueTypes = cols.map((c) => c.valueType ?? "number");
  const k = block("categorical");
  if (k.length > 0) {
    const nCategories: number[] = [];
    const count: number[][] = [];
    for (const j of k) {
      const list = [...new Set(counts[j]!.map((e) => e.v))].sort(compareValues);
      if (list.some((v) => typeof v !== typeof list[0]))
        throw new TypeError(`${where}: column ${describe(cols[j]!.name)} mixes types of value`);
      categories[j] = list;
      valueTypes[j] = typeof list[0] as "string" | "number" | "boolean";
      const K = Math.max(list.length, p.minCategories(j));
      const code = new Map(list.map((v, t) => [v, t]));
      const classIndex = new Map(classes.map((l, c) => [l, c]));
      const table = new Array<number>(K * C).fill(0);
      for (const e of counts[j]!) {
        const label = p.target === null ? 0 : toValue(where, "a label", e.y);
        const c = label === null || typeof label === "boolean" ? undefined : classIndex.get(label);
        if (c === undefined) continue; // NULL labels are refused above
        const at = code.get(e.v)! * C + c;
        table[at] = table[at]! + e.n;
      }
      nCategories.push(K);
      count.push(table);
    }
    stats.categorical = { weight: classCount.slice(), nCategories, count };
  }
  const schema: SchemaJSON = {
    type: "Schema",
    version: 1,
    columns: cols.map((c) => c.name),
    kinds: cols.map((c) => c.kind),
    valueTypes,
    categories,
    target: p.target,
  };
  return { classes, classCount, stats, schema };
}
