/**
 * `ptheta/sql`: fit and score models where the data lives. The caller brings the database as a
 * function `query(sql) => Promise<rows>`; ptheta generates the SQL (GROUP BY aggregates for the
 * statistics, one statement per EM iteration, scoring expressions) and builds the models from
 * the few rows that come back. A third entry point with no dependency.
 *
 * @module ptheta/sql
 */
// Re-exports only, no logic.
export { DIALECTS, type Dialect, type DialectName } from "./dialect.js";
export type { Query, TableRef } from "./query.js";
export type { ValueType } from "../schema/kinds.js";
export {
  fitNaiveBayes,
  fitProduct,
  naiveBayesStatsSQL,
  productStatsSQL,
  type NaiveBayesSqlOptions,
  type ProductSqlOptions,
  type StatsStatement,
  type TableSpec,
} from "./fit.js";
export { jointLogLikelihoodSQL, logProbSQL, predictSQL, type ScoreSqlOptions } from "./score.js";
export { fitMixture, mixtureStepSQL, type MixtureSqlOptions, type MixtureStepSqlOptions } from "./mixture.js";
