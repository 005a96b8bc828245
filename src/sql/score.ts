/**
 * Scoring compiled to SQL: for a fitted NaiveBayes, Product or Mixture, expressions of each
 * class's (component's) joint log-likelihood log p(x, c) per row, log p(x) by a stable
 * log-sum-exp, and the most probable class. Every constant is the model's own parameter written
 * as an exact double; categories compare with escaped literals in the model's schema.
 */

import type { Distribution } from "../core/distribution.js";
import type { FeatureKind } from "../distributions/registry.js";
import { describe } from "../core/validate.js";
import { hasBrand } from "../core/brand.js";
import type { Mixture } from "../models/mixture.js";
import { NaiveBayes } from "../models/naive-bayes.js";
import type { Label } from "../models/naive-bayes-options.js";
import type { Product } from "../models/product.js";
import type { DecodedRow } from "../models/table.js";
import type { Matrix } from "../core/matrix.js";
import type { CategoryValue } from "../schema/kinds.js";
import type { SchemaJSON } from "../schema/serialization.js";
import { identifier, literal, resolveDialect, type Dialect, type DialectName } from "./dialect.js";
import { requireSqlKind } from "./columns.js";

/**
 * Options of {@link logProbSQL}, {@link predictSQL} and {@link jointLogLikelihoodSQL}.
 *
 * @example
 * ```ts
 * const options: ScoreSqlOptions = { dialect: "postgres", columns: ["height_cm", "hair"] };
 * ```
 */
export interface ScoreSqlOptions {
  /** `"duckdb"` (default), `"postgres"`, `"spark"`, `"bigquery"`, or a {@link Dialect}. */
  dialect?: DialectName | Dialect;
  /**
   * The SQL column of each feature, in the model's order (default: the columns of the table the
   * model was fitted to; required for a model fitted to a matrix).
   */
  columns?: readonly string[];
}

// The models the scoring functions accept, fitted to a matrix or a table.
type AnyNaiveBayes = NaiveBayes<Label, Matrix | DecodedRow[]>;
type AnyMixture = Mixture<Matrix | DecodedRow[]>;

/** What the expressions are built from: per component, its log weight and per column its distribution. @internal */
export interface ScorePlan {
  readonly dialect: Dialect;
  readonly columns: readonly string[];
  readonly kinds: readonly FeatureKind[];
  /** Categories per column in code order (null: codes 0..K−1 are the values). */
  readonly categories: readonly (readonly CategoryValue[] | null)[];
  /** Bernoulli columns holding booleans. */
  readonly booleans: readonly boolean[];
  readonly logWeights: readonly number[];
  /** marginal(c, j): the distribution of column j in component c. */
  readonly marginal: (c: number, j: number) => Distribution<number>;
  /** The variance of Gaussian column j in component c (exact, where the model gives it). */
  readonly variance: (c: number, j: number) => number;
  /** log p of a category never seen, per component and column (−Infinity: impossible; null: left out). */
  readonly unseen: (c: number, j: number) => number | null;
  readonly binarize: number | null;
  /** NULL cells: "ignore" leaves them out of the score; "error" makes the row's score NULL. */
  readonly missing: "error" | "ignore";
  /** The class labels (Naive Bayes) or component indices, for predictSQL. */
  readonly labels: readonly (string | number)[];
}

const LOG_2PI = 1.8378770664093453;

/** The term of column j in component c: log p_cj(x_j), NULL for a NULL cell. @internal */
export function termSQL(where: string, p: ScorePlan, c: number, j: number): string {
  const d = p.dialect;
  const q = identifier(where, d, p.columns[j]!);
  const dist = p.marginal(c, j);
  const ninf = d.double(-Infinity);
  let term: string;
  switch (p.kinds[j]!) {
    case "gaussian": {
      // log N(x; μ, σ²) = −½ log(2πσ²) − (x − μ)² / (2σ²), the constants as the kernel computes them.
      const v = p.variance(c, j);
      const x = `CAST(${q} AS ${d.doubleType})`;
      const e = `(${x} - ${d.double(dist.mean)})`;
      term = `(${d.double(-0.5 * (LOG_2PI + Math.log(v)))} - ${e} * ${e} * ${d.double(0.5 / v)})`;
      break;
    }
    case "bernoulli": {
      const one = d.double(dist.logProb(1));
      const zero = d.double(dist.logProb(0));
      if (p.booleans[j]) term = `(CASE WHEN ${q} THEN ${one} ELSE ${zero} END)`;
      else if (p.binarize !== null) term = `(CASE WHEN ${q} > ${d.double(p.binarize)} THEN ${one} ELSE ${zero} END)`;
      else term = `(CASE WHEN ${q} = 1 THEN ${one} WHEN ${q} = 0 THEN ${zero} ELSE ${ninf} END)`;
      // A NULL cell makes CASE take its ELSE branch: NULL first.
      term = `(CASE WHEN ${q} IS NULL THEN NULL ELSE ${term} END)`;
      break;
    }
    case "categorical": {
      const cats = p.categories[j];
      const K = (dist as unknown as { k: number }).k;
      const whens: string[] = [];
      for (let t = 0; t < K; t++) {
        const value = cats === null || cats === undefined ? t : cats[t];
        if (value === undefined) break;
        whens.push(`WHEN ${literal(where, d, value)} THEN ${d.double(dist.logProb(t))}`);
      }
      // An unseen category: its smoothed mass, left out (0), or NULL where the model would throw.
      const unseen = p.unseen(c, j);
      const otherwise = unseen === null ? "0" : Number.isNaN(unseen) ? "NULL" : d.double(unseen);
      term = `(CASE WHEN ${q} IS NULL THEN NULL ELSE (CASE ${q} ${whens.join(" ")} ELSE ${otherwise} END) END)`;
      break;
    }
    case "poisson": {
      const rate = dist.mean;
      const x = `CAST(${q} AS ${d.doubleType})`;
      const body =
        rate === 0
          ? `CASE WHEN ${x} = 0 THEN 0 ELSE ${ninf} END`
          : `CASE WHEN ${x} >= 0 AND ${x} = floor(${x}) THEN ${x} * ${d.double(Math.log(rate))} - ${d.double(rate)} - ${d.lnFactorial(x)} ELSE ${ninf} END`;
      term = `(CASE WHEN ${q} IS NULL THEN NULL ELSE ${body} END)`;
      break;
    }
    default:
      requireSqlKind(where, p.kinds[j]!, p.columns[j]!);
      throw new Error(`${where}: no SQL term for ${p.kinds[j]}`); // unreachable: requireSqlKind threw
  }
  return p.missing === "ignore" ? `COALESCE(${term}, 0)` : term;
}

/** log p(x, c) of component c: its log weight plus its columns' terms. @internal */
export function jointSQL(where: string, p: ScorePlan, c: number): string {
  const terms = p.kinds.map((_, j) => termSQL(where, p, c, j));
  return `(${p.dialect.double(p.logWeights[c]!)} + ${terms.join(" + ")})`;
}

/** log Σ_c exp(j_c) of the given expressions, stable: m + ln Σ exp(j_c − m) with m = max j_c. @internal */
export function logSumExpSQL(d: Dialect, joints: readonly string[]): string {
  if (joints.length === 1) return joints[0]!;
  const m = `greatest(${joints.join(", ")})`;
  const sum = joints.map((j) => d.exp(`${j} - ${m}`)).join(" + ");
  // Every component impossible: m = −∞ and log p(x) = −∞ (not −∞ − −∞ = NaN).
  return `(CASE WHEN ${m} = ${d.double(-Infinity)} THEN ${d.double(-Infinity)} ELSE ${m} + ln(${sum}) END)`;
}

/** The plan of a model, with its columns and the dialect's options. @internal */
export function scorePlan(where: string, model: unknown, options: unknown): ScorePlan {
  if (options !== undefined && (options === null || typeof options !== "object"))
    throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  const o = (options ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (key !== "dialect" && key !== "columns")
      throw new TypeError(`${where}: unknown option ${describe(key)} (valid: dialect, columns)`);
  }
  const dialect = resolveDialect(where, o.dialect);
  if (model instanceof NaiveBayes) return naiveBayesPlan(where, model as AnyNaiveBayes, dialect, o.columns);
  if (hasBrand(model, "Mixture")) return mixturePlan(where, model as AnyMixture, dialect, o.columns);
  if (hasBrand(model, "Product"))
    return productPlan(where, model as Product<Matrix | DecodedRow[]>, dialect, o.columns);
  throw new TypeError(`${where}: model must be a NaiveBayes, Product or Mixture, got ${describe(model)}`);
}

/** The model's schema parts as JSON (or none), and the SQL column of each feature. */
function columnsOf(
  where: string,
  schema: { toJSON(): { columns: string[]; categories: (CategoryValue[] | null)[]; valueTypes: string[] } } | null,
  d: number,
  given: unknown,
): { columns: string[]; categories: (CategoryValue[] | null)[]; booleans: boolean[] } {
  const json = schema?.toJSON() ?? null;
  let columns: string[];
  if (given !== undefined) {
    if (!Array.isArray(given) || given.length !== d || !given.every((c) => typeof c === "string"))
      throw new TypeError(`${where}: options.columns must be an array of ${d} column names, got ${describe(given)}`);
    columns = given.slice();
  } else if (json !== null) columns = json.columns;
  else throw new TypeError(`${where}: the model was fitted to a matrix: name its columns in options.columns`);
  return {
    columns,
    categories: json?.categories ?? new Array<null>(d).fill(null),
    booleans: json?.valueTypes.map((t) => t === "boolean") ?? new Array<boolean>(d).fill(false),
  };
}

/** log(α / (W + αK)) as the categorical kernel gives an unseen category (−∞ with no data and α = 0). */
function unseenLog(alpha: number, weight: number, K: number): number {
  const den = weight + alpha * K;
  if (!(den > 0)) return -Infinity;
  return den < Infinity ? Math.log(alpha) - Math.log(den) : -Math.log(weight / alpha + K);
}

/** Each categorical column's position in its block, for reading per-block statistics. */
function blockIndex(kinds: readonly FeatureKind[], j: number): number {
  let k = 0;
  for (let i = 0; i < j; i++) if (kinds[i] === kinds[j]) k++;
  return k;
}

function naiveBayesPlan(where: string, model: AnyNaiveBayes, dialect: Dialect, given: unknown): ScorePlan {
  if (!model.isFitted) throw new RangeError(`${where}: the model is not fitted`);
  const kinds = model.featureKinds;
  const table = { dialect, kinds, ...columnsOf(where, model.tableSchema, kinds.length, given) };
  const json = model.toJSON();
  const variances = model.variances;
  const alpha = json.options.alpha;
  const cat = json.stats.categorical as { weight: number[]; nCategories: number[] } | undefined;
  const C = model.classes.length;
  const marginals = Array.from({ length: C * kinds.length }, (_, i) =>
    model.conditional(Math.floor(i / kinds.length), i % kinds.length),
  );
  return {
    ...table,
    logWeights: Array.from(model.classPriors, (p) => Math.log(p)),
    marginal: (c, j) => marginals[c * kinds.length + j]!,
    variance: (c, j) => variances.get(c, j),
    unseen: (c, j) => {
      const policy = json.options.unseen;
      if (policy === "ignore") return null;
      if (policy === "error") return NaN; // no SQL error to raise: the row scores NULL (see termSQL)
      const a = typeof alpha === "number" ? alpha : alpha[j]!;
      return unseenLog(a, cat!.weight[c]!, cat!.nCategories[blockIndex(kinds, j)]!);
    },
    binarize: json.options.binarize,
    missing: json.options.missing,
    labels: model.classes,
  };
}

function productPlan(
  where: string,
  model: Product<Matrix | DecodedRow[]>,
  dialect: Dialect,
  given: unknown,
): ScorePlan {
  const kinds = model.featureKinds;
  const table = { dialect, kinds, ...columnsOf(where, model.tableSchema, kinds.length, given) };
  const json = model.toJSON();
  const marginals = model.marginals;
  return {
    ...table,
    logWeights: [0],
    marginal: (_c, j) => marginals[j]!,
    variance: (_c, j) => marginals[j]!.variance,
    // Product.logLikelihoodPerRow refuses a category its schema has not seen: NULL here.
    unseen: () => NaN,
    binarize: json.options?.binarize ?? null,
    missing: "error",
    labels: [0],
  };
}

/** The plan of a mixture; `schema` stands for the model's own (the E-steps of fitMixture, whose iterates have none). @internal */
export function mixturePlan(
  where: string,
  model: AnyMixture,
  dialect: Dialect,
  given: unknown,
  schema: SchemaJSON | null = null,
): ScorePlan {
  const kinds = model.featureKinds;
  const table = {
    dialect,
    kinds,
    ...columnsOf(where, schema !== null ? { toJSON: () => schema } : model.tableSchema, kinds.length, given),
  };
  const json = model.toJSON();
  const parts = model.components.map((p) => p.marginals);
  const cat = json.stats?.stats.categorical as { weight: number[]; nCategories: number[] } | undefined;
  return {
    ...table,
    logWeights: Array.from(model.weights, (w) => Math.log(w)),
    marginal: (c, j) => parts[c]![j]!,
    variance: (c, j) => parts[c]![j]!.variance,
    unseen: (c, j) => {
      if (cat === undefined || json.step === undefined) return -Infinity;
      const a = json.step.alpha;
      return unseenLog(typeof a === "number" ? a : a[j]!, cat.weight[c]!, cat.nCategories[blockIndex(kinds, j)]!);
    },
    binarize: null,
    missing: "error",
    labels: Array.from({ length: model.nComponents }, (_, k) => k),
  };
}

/**
 * A SQL expression of log p(x) for each row: for Naive Bayes the marginal log Σ_y p(x, y), for
 * a mixture log Σ_k π_k p_k(x) (both by a stable log-sum-exp), for a product Σ_j log p_j(x_j).
 * It equals the model's `logLikelihoodPerRow` on the same rows to rounding. A NULL cell makes
 * the row's value NULL, unless the model's `missing` is "ignore" (the cell is left out).
 *
 * @example
 * ```ts
 * const model = Product.fit([{ x: 1 }, { x: 2 }, { x: 4 }]);
 * const expr = logProbSQL(model, { dialect: "postgres" });
 * // SELECT *, ${expr} AS log_prob FROM t
 * expr.includes('"x"'); // true
 * ```
 */
export function logProbSQL(
  model: NaiveBayes<Label, Matrix | DecodedRow[]> | Product<Matrix | DecodedRow[]> | Mixture<Matrix | DecodedRow[]>,
  options?: ScoreSqlOptions,
): string {
  const where = "logProbSQL";
  const p = scorePlan(where, model, options);
  const joints = p.logWeights.map((_, c) => jointSQL(where, p, c));
  return logSumExpSQL(p.dialect, joints);
}

/**
 * SQL expressions of log p(x, c) per row, one per class of a Naive Bayes model (in the order of
 * `classes`) or per component of a mixture: its `jointLogLikelihood` column by column.
 *
 * @example
 * ```ts
 * const nb = NaiveBayes.fit([{ y: "a", x: 1 }, { y: "a", x: 2 }, { y: "b", x: 5 }, { y: "b", x: 7 }], { target: "y" });
 * jointLogLikelihoodSQL(nb).length; // 2
 * ```
 */
export function jointLogLikelihoodSQL(
  model: NaiveBayes<Label, Matrix | DecodedRow[]> | Mixture<Matrix | DecodedRow[]>,
  options?: ScoreSqlOptions,
): string[] {
  const where = "jointLogLikelihoodSQL";
  const p = scorePlan(where, model, options);
  return p.logWeights.map((_, c) => jointSQL(where, p, c));
}

/**
 * A SQL expression of the most probable class of each row (a label literal) for Naive Bayes, or
 * of the most probable component (0-based) for a mixture, as `predict` chooses it (the first
 * class on a tie).
 *
 * @example
 * ```ts
 * const nb = NaiveBayes.fit([{ y: "a", x: 1 }, { y: "a", x: 2 }, { y: "b", x: 5 }, { y: "b", x: 7 }], { target: "y" });
 * predictSQL(nb).startsWith("(CASE greatest("); // true
 * ```
 */
export function predictSQL(
  model: NaiveBayes<Label, Matrix | DecodedRow[]> | Mixture<Matrix | DecodedRow[]>,
  options?: ScoreSqlOptions,
): string {
  const where = "predictSQL";
  const p = scorePlan(where, model, options);
  const joints = p.logWeights.map((_, c) => jointSQL(where, p, c));
  const whens = joints.map((j, c) => `WHEN ${j} THEN ${literal(where, p.dialect, p.labels[c]!)}`);
  return `(CASE greatest(${joints.join(", ")}) ${whens.join(" ")} END)`;
}
