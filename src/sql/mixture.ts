/**
 * EM for a mixture in the database: each iteration is one statement, the E-step (per row, the
 * components' joint log-likelihoods, their log-sum-exp and the responsibilities) and the
 * statistics of the M-step (Σ r, and for Gaussian columns two passes: the weighted means, then
 * the centred sums about them), read back as `MixtureStats` and turned into the next model by
 * `Mixture.fromStats`. The start is drawn in the engine (a sample of rows) and fitted in memory
 * by k-means++, as `Mixture.fit` starts.
 */

import type { FeatureKind } from "../distributions/registry.js";
import type { Rng } from "../core/rng.js";
import { describe } from "../core/validate.js";
import { EmTrace, type EmProgress } from "../models/em.js";
import { Mixture } from "../models/mixture.js";
import type { MixtureStatsJSON } from "../models/mixture-stats.js";
import type { DecodedRow } from "../models/table.js";
import type { Matrix } from "../core/matrix.js";
import type { SchemaJSON } from "../schema/serialization.js";
import { identifier, literal, resolveDialect, type Dialect } from "./dialect.js";
import { prepare, requireQuery, SPEC_KEYS, type StatsStatement, type TableSpec } from "./fit.js";
import { groupStatsSQL, parseGroupStats } from "./group-stats.js";
import { GaussianMoments } from "./moments.js";
import { fromItem, isArray, readSqlOptions, run, toNumber, type Query } from "./query.js";
import { jointSQL, mixturePlan, type ScorePlan } from "./score.js";

/**
 * Options of {@link fitMixture}: the table, and those of `Mixture.fit`.
 *
 * @example
 * ```ts
 * const options: MixtureSqlOptions = { table: "points", features: { x: "gaussian", y: "gaussian" }, nComponents: 3 };
 * ```
 */
export interface MixtureSqlOptions extends TableSpec {
  /** K, the number of components (required unless `init` is given). */
  nComponents?: number;
  /** Bernoulli, categorical and Poisson columns: the pseudo-count α ≥ 0 (default 1), one or per column. */
  alpha?: number | readonly number[];
  /** Categorical columns: the least number of categories, one or one per column (default 0). */
  minCategories?: number | readonly number[];
  /** Gaussian columns: added to every variance (default 1e-6). */
  regVariance?: number;
  /** The most EM iterations (default 100). */
  maxIter?: number;
  /** Stop when the mean log-likelihood per row changes by less than this (default 1e-3). */
  tol?: number;
  /**
   * A mixture to start from instead of k-means++ on a sample: its components fix K and the
   * kinds; its schema (when fitted to a table) fixes the categories' codes, else they are the
   * sorted categories.
   */
  init?: Mixture<DecodedRow[]> | Mixture;
  /** The generator of the sample's seed and of k-means++ (default: seed 0, as `Mixture.fit`). */
  rng?: Rng;
  /** The rows the engine samples for the k-means++ start (default 10 000). */
  startRows?: number;
  /** Called after every iteration, as `Mixture.fit` calls it. */
  onIteration?: (progress: EmProgress) => void;
}

/**
 * Options of {@link mixtureStepSQL}: where the data is and how its columns are named.
 *
 * @example
 * ```ts
 * const options: MixtureStepSqlOptions = { table: "points", dialect: "postgres" };
 * ```
 */
export interface MixtureStepSqlOptions {
  /** The table, a qualified name as parts, or `{ sql }`. */
  table: TableSpec["table"];
  /** The SQL column of each feature (default: the columns of the table the model was fitted to). */
  columns?: readonly string[];
  /** `"duckdb"` (default), `"postgres"`, `"spark"`, `"bigquery"`, or a {@link Dialect}. */
  dialect?: TableSpec["dialect"];
  /** NULL cells: `"error"` (default) refuses them; `"ignore"` leaves their rows out. */
  missing?: "error" | "ignore";
}

/** The statement of one E-step with what parse needs. */
interface StepPlan {
  readonly where: string;
  readonly score: ScorePlan;
  readonly K: number;
  readonly nCategories: readonly number[];
}

/** The SQL value of column j in `src` (categorical columns as they are, Bernoulli 0/1, others doubles). */
function sourceExpr(where: string, p: ScorePlan, j: number): string {
  const d = p.dialect;
  const q = `t.${identifier(where, d, p.columns[j]!)}`;
  if (p.kinds[j] === "categorical") return q;
  if (p.kinds[j] === "bernoulli" && p.booleans[j])
    return `(CASE WHEN ${q} IS NULL THEN NULL WHEN ${q} THEN 1 ELSE 0 END)`;
  return `CAST(${q} AS ${d.doubleType})`;
}

/** The E-step statement: one row of sums. */
function stepSQL(s: StepPlan, from: string, missing: "error" | "ignore"): string {
  const { where, score: p, K } = s;
  const d = p.dialect;
  const names = p.columns.map((c) => identifier(where, d, c));
  const filter = missing === "ignore" ? ` WHERE ${names.map((c) => `t.${c} IS NOT NULL`).join(" AND ")}` : "";
  // src renames the columns x0, x1, … so that no name of the caller's can meet one of ours.
  const cols = p.columns.map((_, j) => `x${j}`);
  const src = `src AS ${d.notMaterialized}(SELECT ${p.columns.map((_, j) => `${sourceExpr(where, p, j)} AS x${j}`).join(", ")} FROM ${from}${filter})`;
  // Scores of src's values: Bernoulli columns are 0/1 there, so score them as numbers.
  const sp: ScorePlan = { ...p, columns: cols, booleans: p.booleans.map(() => false), binarize: null };
  const joints = Array.from({ length: K }, (_, k) => `${jointSQL(where, sp, k)} AS l${k}`);
  const ls = Array.from({ length: K }, (_, k) => `l${k}`);
  const keep = cols.join(", ");
  // Fenced steps, so that each joint log-likelihood is computed once per row, not once per use.
  const joint = `j AS (SELECT ${keep}, ${joints.join(", ")} FROM src${d.fence})`;
  const top = `mx AS (SELECT ${keep}, ${ls.join(", ")}, greatest(${ls.join(", ")}) AS top FROM j${d.fence})`;
  const ninf = d.double(-Infinity);
  const lse = `CASE WHEN top = ${ninf} THEN ${ninf} ELSE top + ln(${ls.map((l) => d.exp(`${l} - top`)).join(" + ")}) END`;
  const norm = `z AS (SELECT ${keep}, ${ls.join(", ")}, ${lse} AS lse FROM mx${d.fence})`;
  // A row impossible under every component (lse = −∞) gets no responsibilities; the total
  // log-likelihood then is −∞ and parse refuses it, as Mixture.fit does.
  const resp = Array.from(
    { length: K },
    (_, k) => `CASE WHEN lse = ${ninf} THEN 0 ELSE ${d.exp(`l${k} - lse`)} END AS r${k}`,
  );
  // r is read by both passes: recomputed rather than stored (a stored copy of every row costs memory).
  const r = `r AS ${d.notMaterialized}(SELECT ${keep}, lse, ${resp.join(", ")} FROM z${d.fence})`;
  const p1: string[] = ["count(*) AS n", `sum(lse) AS ll`];
  const p2: string[] = [];
  p.columns.forEach((_, j) => p1.push(`count(${cols[j]}) AS n${j}`));
  for (let k = 0; k < K; k++) {
    p1.push(`sum(r${k}) AS w${k}`);
    p.kinds.forEach((kind, j) => {
      const x = cols[j]!;
      if (kind === "gaussian") {
        p1.push(`CASE WHEN sum(r${k}) > 0 THEN ${d.sum(`r${k} * ${x}`)} / sum(r${k}) ELSE 0 END AS m${k}_${j}`);
        const e = `(r.${x} - p1.m${k}_${j})`;
        p2.push(`sum(r.r${k} * ${e}) AS d${k}_${j}`, `sum(r.r${k} * ${e} * ${e}) AS q${k}_${j}`);
      } else if (kind === "categorical") {
        const cats = p.categories[j];
        for (let t = 0; t < s.nCategories[j]!; t++) {
          const value = cats === null || cats === undefined ? t : cats[t];
          // A category of the model that the table's schema does not list has no rows.
          if (value === undefined) p1.push(`0 AS c${j}_${t}_${k}`);
          else p1.push(`sum(CASE WHEN ${x} = ${literal(where, d, value)} THEN r${k} ELSE 0 END) AS c${j}_${t}_${k}`);
        }
      } else p1.push(`${d.sum(`r${k} * ${x}`)} AS s${k}_${j}`);
    });
  }
  const ctes = [src, joint, top, norm, r, `p1 AS ${d.materialized}(SELECT ${p1.join(", ")} FROM r${d.fence})`];
  if (p2.length === 0) return `WITH ${ctes.join(",\n")}\nSELECT * FROM p1`;
  ctes.push(`p2 AS (SELECT ${p2.join(", ")} FROM r CROSS JOIN p1)`);
  return `WITH ${ctes.join(",\n")}\nSELECT * FROM p1 CROSS JOIN p2`;
}

/** The statistics JSON of the E-step's row. */
function parseStep(s: StepPlan, rows: readonly Record<string, unknown>[]): MixtureStatsJSON {
  const { where, score: p, K } = s;
  if (!isArray(rows) || rows.length !== 1)
    throw new TypeError(`${where}: the E-step statement returns one row; parse was given ${describe(rows)}`);
  const row = rows[0]!;
  const get = (name: string): number => {
    const v = name in row ? row[name] : row[name.toUpperCase()];
    return toNumber(where, name, v);
  };
  const n = get("n");
  if (n === 0) throw new RangeError(`${where}: the table has no rows`);
  p.columns.forEach((c, j) => {
    const present = get(`n${j}`);
    if (present < n)
      throw new RangeError(
        `${where}: column ${describe(c)} is NULL in ${n - present} rows; a fit needs every value (missing: "ignore" leaves those rows out)`,
      );
  });
  const ll = get("ll");
  if (ll === -Infinity || Number.isNaN(ll))
    throw new RangeError(
      `${where}: a row is impossible under every component (a value outside every component's support); give alpha > 0 or check the data`,
    );
  const weight = Array.from({ length: K }, (_, k) => get(`w${k}`));
  const block = (kind: FeatureKind) => p.kinds.map((k, j) => (k === kind ? j : -1)).filter((j) => j >= 0);
  const stats: Partial<Record<FeatureKind, Record<string, unknown>>> = {};
  const finite = (x: number, j: number): number => {
    if (!Number.isFinite(x))
      throw new RangeError(
        `${where}: column ${describe(p.columns[j])} holds an infinite or NaN value, or its sum overflows`,
      );
    return x;
  };
  const g = block("gaussian");
  if (g.length > 0) {
    const moments = new GaussianMoments();
    for (let k = 0; k < K; k++) {
      for (const j of g) {
        const w = weight[k]!;
        if (w > 0)
          moments.push(w, finite(get(`m${k}_${j}`), j), finite(get(`d${k}_${j}`), j), finite(get(`q${k}_${j}`), j));
        else moments.push(0, 0, 0, 0);
      }
    }
    stats.gaussian = moments.toJSON(weight);
  }
  for (const kind of ["bernoulli", "poisson"] as const) {
    const b = block(kind);
    if (b.length === 0) continue;
    const sums: number[] = [];
    for (let k = 0; k < K; k++) for (const j of b) sums.push(weight[k]! > 0 ? finite(get(`s${k}_${j}`), j) : 0);
    stats[kind] = kind === "bernoulli" ? { weight, count: sums } : { weight, sum: sums };
  }
  const c = block("categorical");
  if (c.length > 0) {
    const count = c.map((j) => {
      const Kj = s.nCategories[j]!;
      const table = new Array<number>(Kj * K).fill(0);
      for (let k = 0; k < K; k++) {
        let sum = 0;
        for (let t = 0; t < Kj; t++) {
          const v = weight[k]! > 0 ? get(`c${j}_${t}_${k}`) : 0;
          table[t * K + k] = v;
          sum += v;
        }
        if (Math.abs(sum - weight[k]!) > 1e-9 * Math.max(1, weight[k]!))
          throw new RangeError(`${where}: column ${describe(p.columns[j])} holds categories the model has not seen`);
      }
      return table;
    });
    stats.categorical = { weight, nCategories: c.map((j) => s.nCategories[j]!), count };
  }
  return {
    type: "MixtureStats",
    version: 1,
    kinds: p.kinds.slice(),
    components: K,
    count: n,
    logLikelihood: ll,
    stats,
  };
}

/** The step plan of a model: its scoring plan and each categorical column's category count. */
function stepPlan(
  where: string,
  model: Mixture<Matrix | DecodedRow[]>,
  dialect: Dialect,
  columns: unknown,
  schema: SchemaJSON | null,
): StepPlan {
  const score = mixturePlan(where, model, dialect, columns, schema);
  const K = model.nComponents;
  const nCategories = score.kinds.map((kind, j) =>
    kind === "categorical" ? (score.marginal(0, j) as unknown as { k: number }).k : 0,
  );
  return { where, score, K, nCategories };
}

/**
 * One EM iteration's statement for a mixture, and `parse`, which turns its one row into the
 * E-step statistics (`Mixture.statsFromJSON(json)`, then `Mixture.fromStats` for the M-step).
 * The statement computes the responsibilities per row and their weighted sums: for Gaussian
 * columns the weighted means and, about them, Σ r (x − mean) and Σ r (x − mean)².
 *
 * @example
 * ```ts
 * const mix = Mixture.fit([{ x: 0.1 }, { x: 0.3 }, { x: 5.2 }, { x: 4.9 }], { nComponents: 2 });
 * const { sql, parse } = mixtureStepSQL(mix, { table: "points", dialect: "spark" });
 * // const next = Mixture.fromStats(Mixture.statsFromJSON(parse(rowsFromSpark)));
 * sql.includes("`x`"); // true
 * ```
 */
export function mixtureStepSQL(
  model: Mixture<DecodedRow[]> | Mixture,
  options: MixtureStepSqlOptions,
): StatsStatement<MixtureStatsJSON> {
  const where = "mixtureStepSQL";
  const o = readSqlOptions(where, options, ["table", "columns", "dialect", "missing"]);
  const dialect = resolveDialect(where, o.dialect);
  if (!(model instanceof Mixture)) throw new TypeError(`${where}: model must be a Mixture, got ${describe(model)}`);
  const missing = o.missing ?? "error";
  if (missing !== "error" && missing !== "ignore")
    throw new TypeError(`${where}: options.missing must be "error" or "ignore", got ${describe(missing)}`);
  const plan = stepPlan(where, model, dialect, o.columns, null);
  const sql = stepSQL(plan, fromItem(where, dialect, o.table), missing);
  return { sql, parse: (rows) => parseStep(plan, rows) };
}

const MIXTURE_KEYS = [
  "nComponents",
  "alpha",
  "minCategories",
  "regVariance",
  "maxIter",
  "tol",
  "init",
  "rng",
  "startRows",
  "onIteration",
];

/** A non-negative integer option, or its default. */
function integerOption(where: string, name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min)
    throw new RangeError(`${where}: options.${name} must be an integer ≥ ${min}, got ${describe(value)}`);
  return value;
}

/** Encodes sampled rows as the model's matrix: categories by their code, booleans 0/1. */
function encodeSample(where: string, rows: readonly Record<string, unknown>[], schema: SchemaJSON): number[][] {
  const codes = schema.categories.map((cats) =>
    cats === null ? null : new Map<unknown, number>(cats.map((v, t) => [v, t])),
  );
  return rows.map((row, i) =>
    schema.columns.map((_, j) => {
      const v = row[`x${j}`] ?? row[`X${j}`];
      const code = codes[j];
      if (code !== null && code !== undefined) {
        const value = typeof v === "bigint" ? Number(v) : v;
        const t = code.get(value);
        if (t === undefined)
          throw new RangeError(
            `${where}: sampled row ${i} holds ${describe(v)} in column ${describe(schema.columns[j])}, not among its categories`,
          );
        return t;
      }
      if (typeof v === "boolean") return v ? 1 : 0;
      return toNumber(where, `a sampled value of ${describe(schema.columns[j])}`, v);
    }),
  );
}

/**
 * Fits a mixture by EM in the database: one statement per iteration (the E-step and the
 * statistics of the M-step, see {@link mixtureStepSQL}), the M-step in memory from a few
 * numbers. Without `init`, the engine draws `startRows` rows, and the start is k-means++ on
 * them, as `Mixture.fit` starts. From the same start the trace and the model equal
 * `Mixture.fit` on the same rows (encoded by the model's schema: categories in sorted order) to
 * rounding.
 *
 * @example
 * ```ts
 * const rows = [{ x: 0.1 }, { x: 0.3 }, { x: 0.2 }, { x: 5.2 }, { x: 4.9 }, { x: 5.1 }];
 * const mix = await fitMixture(async (sql) => engine(sql, rows), { table: "t", features: { x: "gaussian" }, nComponents: 2 });
 * mix.nComponents; // 2
 * ```
 */
export async function fitMixture(query: Query, options: MixtureSqlOptions): Promise<Mixture<DecodedRow[]>> {
  const where = "fitMixture";
  requireQuery(where, query);
  const o = readSqlOptions(where, options, [...SPEC_KEYS, ...MIXTURE_KEYS]);
  const init = o.init;
  if (init !== undefined && !(init instanceof Mixture))
    throw new TypeError(`${where}: options.init must be a Mixture, got ${describe(init)}`);
  const maxIter = integerOption(where, "maxIter", o.maxIter, 100, 0);
  const startRows = integerOption(where, "startRows", o.startRows, 10000, 1);
  const tol = o.tol ?? 1e-3;
  if (typeof tol !== "number" || !(tol >= 0))
    throw new RangeError(`${where}: options.tol must be a number ≥ 0, got ${describe(tol)}`);
  const onIteration = o.onIteration;
  if (onIteration !== undefined && typeof onIteration !== "function")
    throw new TypeError(`${where}: options.onIteration must be a function, got ${describe(onIteration)}`);
  const rng = o.rng as Rng | undefined;
  if (rng !== undefined && (rng === null || typeof (rng as { next?: unknown }).next !== "function"))
    throw new TypeError(`${where}: options.rng must be an Rng (createRng(seed)), got ${describe(rng)}`);
  const step = { alpha: o.alpha ?? 1, regVariance: o.regVariance ?? 1e-6 };
  const features = o.features ?? (init instanceof Mixture && init.tableSchema !== null ? kindsOf(init) : undefined);
  const spec = {
    table: o.table,
    features,
    columns: o.columns,
    dialect: o.dialect,
    valueTypes: o.valueTypes,
    missing: o.missing,
  };
  const p = await prepare(where, query, spec, [], null);
  // One pass over the table: its size, the NULL and support checks, and the categories.
  const plan = {
    where,
    dialect: p.dialect,
    from: p.from,
    columns: p.columns,
    target: null,
    binarize: null,
    missing: p.missing,
    minCategories: () => 0,
  };
  const schema = parseGroupStats(plan, await run(where, query, groupStatsSQL(plan))).schema;
  const kinds = p.columns.map((c) => c.kind);
  let model: Mixture;
  if (init instanceof Mixture) {
    model = init as Mixture;
    if (model.featureKinds.join() !== kinds.join())
      throw new RangeError(
        `${where}: options.init has features [${model.featureKinds.join(", ")}], the table [${kinds.join(", ")}]`,
      );
    const own = init.tableSchema?.toJSON() ?? null;
    schema.categories = schema.categories.map((cats, j) => {
      if (cats === null) return null;
      const K = (model.components[0]!.marginals[j] as unknown as { k: number }).k;
      const codes = own?.categories[j] ?? null;
      const known = codes ?? [...cats];
      for (const v of cats) {
        if (!known.includes(v) || known.indexOf(v) >= K)
          throw new RangeError(
            `${where}: column ${describe(schema.columns[j])} holds ${describe(v)}, a category options.init does not have`,
          );
      }
      return codes !== null ? codes.slice() : cats.slice();
    });
  } else {
    if (o.nComponents === undefined)
      throw new TypeError(`${where}: options.nComponents is required (or give options.init)`);
    // The start: k-means++ on a sample the engine draws, as Mixture.fit starts on all the rows.
    const seed = rng === undefined ? 0 : Math.floor(rng.next() * 2147483647);
    const notNull =
      p.missing === "ignore"
        ? ` WHERE ${p.columns.map((c) => `t.${identifier(where, p.dialect, c.name)} IS NOT NULL`).join(" AND ")}`
        : "";
    const source = `(SELECT ${p.columns.map((c, j) => `t.${identifier(where, p.dialect, c.name)} AS x${j}`).join(", ")} FROM ${p.from}${notNull})`;
    const sample = await run(where, query, p.dialect.sample(source, startRows, seed));
    const X = encodeSample(where, sample, schema);
    const minCategories = schema.categories.map((cats, j) =>
      Math.max(cats?.length ?? 0, perColumn(o.minCategories, j)),
    );
    model = Mixture.fit(X, {
      nComponents: o.nComponents as number,
      features: kinds,
      alpha: step.alpha as number,
      regVariance: step.regVariance as number,
      minCategories,
      maxIter: 0,
      ...(rng !== undefined ? { rng } : {}),
    });
  }
  // EM: one statement per iteration, the M-step in memory; the trace and stopping rule are
  // Mixture.fit's (models/em.ts).
  const trace = new EmTrace(tol, onIteration as ((p: EmProgress) => void) | undefined);
  const smoothing = step as { alpha: number; regVariance: number };
  for (let iteration = 1; iteration <= maxIter; iteration++) {
    const s = stepPlan(where, model, p.dialect, schema.columns, schema);
    const json = parseStep(s, await run(where, query, stepSQL(s, p.from, p.missing)));
    const ll = json.logLikelihood as number;
    const objective = (ll + model.logPrior(smoothing)) / json.count;
    model = Mixture.fromStats(Mixture.statsFromJSON(json), smoothing);
    if (trace.record(ll / json.count, objective)) break;
  }
  // How the run ended, recorded on the model it made (no JSON round trip).
  return model.recordFit(trace, schema) as unknown as Mixture<DecodedRow[]>;
}

/** The per-column option's value for column j. */
function perColumn(value: unknown, j: number): number {
  if (value === undefined) return 0;
  return typeof value === "number" ? value : Number((value as readonly number[])[j] ?? 0);
}

/** The feature kinds of a table mixture, as `features`. */
function kindsOf(model: Mixture<DecodedRow[]> | Mixture): Record<string, FeatureKind> {
  const out: Record<string, FeatureKind> = {};
  const schema = model.tableSchema!;
  schema.columns.forEach((c, j) => (out[c] = schema.kinds[j]!));
  return out;
}
