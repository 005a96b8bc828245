// Fitting in the database (ptheta/sql): DuckDB embedded does the heavy pass, ptheta generates the
// SQL and builds the models from a few rows. docs/fitting-in-the-database.md shows the regions.
//
// Run: npx tsx examples/sql-fit.ts            (2·10⁵ rows, a few seconds)
//      npx tsx examples/sql-fit.ts --rows 1e7 (the size; or PTHETA_SQL_ROWS=1e7)
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The child process of the large run below: writes n rows to a Parquet file, and exits.
if (process.argv[2] === "--write") {
  const writer = await (await DuckDBInstance.create(":memory:")).connect();
  const normal = () => `sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())`;
  // Five Gaussian columns (one at 1e9 + noise) and a categorical one, by class; Box–Muller normals.
  await writer.run(`COPY (
    SELECT y, 1e9 + y * 0.001 + 1e-3 * ${normal()} AS big,
      y + ${normal()} AS g1, 2 * y - ${normal()} AS g2, ${normal()} * (1 + y) AS g3, y * y + ${normal()} AS g4,
      ['a', 'b', 'c', 'd'][1 + CAST(floor(random() * 2) + y AS INTEGER) % 4] AS cat
    FROM (SELECT CAST(floor(random() * 3) AS INTEGER) AS y FROM range(${Number(process.argv[4])}))
  ) TO '${process.argv[3]!}' (FORMAT parquet)`);
  process.exit(0);
}

// #region adapter
import { DuckDBInstance } from "@duckdb/node-api";
import { NaiveBayes, Mixture } from "../src/index.js";
import { fitMixture, fitNaiveBayes, logProbSQL, naiveBayesStatsSQL, predictSQL, type Query } from "../src/sql/index.js";

// The adapter: any function (sql) => Promise<rows>. DuckDB returns BIGINT as bigint; ptheta reads it.
const connection = await (await DuckDBInstance.create(":memory:")).connect();
const query: Query = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS();
// #endregion

// #region table
// A small table to start with: outfits, a class per row, a measurement and a category.
await query(`CREATE TABLE outfits AS SELECT * FROM (VALUES
  ('casual', 171.2, 'long'), ('casual', 165.4, 'long'), ('casual', 168.0, 'short'),
  ('formal', 180.1, 'short'), ('formal', 177.9, 'short'), ('formal', 183.0, 'long')
) AS v(style, height, hair)`);
// #endregion

// #region fit
// One statement of GROUP BY aggregates; the model comes back as if fitted in memory.
const nb = await fitNaiveBayes(query, {
  table: "outfits",
  target: "style",
  features: { height: "gaussian", hair: "categorical" },
});
console.log(nb.classes); // ["casual", "formal"]
console.log(nb.predict([{ height: 182, hair: "short" }])); // ["formal"]
// #endregion

// #region score
// Scoring compiled to SQL: log p(x) and the most probable class, computed by the engine.
const scored = await query(
  `SELECT style, ${logProbSQL(nb)} AS log_prob, ${predictSQL(nb)} AS predicted FROM outfits ORDER BY height`,
);
console.log(scored[0]!.predicted, nb.logLikelihoodPerRow([{ height: 165.4, hair: "long" }])[0]); // the same as…
console.log(scored[0]!.log_prob); // …the engine's log p(x): -3.68…
// #endregion

// #region statement
// For an engine ptheta cannot reach: the statement to run there, and the parser of its rows.
const { sql, parse } = naiveBayesStatsSQL({
  table: "outfits",
  target: "style",
  features: { height: "gaussian", hair: "categorical" },
  dialect: "bigquery",
});
console.log(sql.includes("`height`")); // true: BigQuery quotes names in backticks
// Here DuckDB stands in for BigQuery: the DuckDB text of the same statement, its rows parsed.
const rows = await query(
  naiveBayesStatsSQL({ table: "outfits", target: "style", features: { height: "gaussian", hair: "categorical" } }).sql,
);
const rebuilt = NaiveBayes.fromJSON(parse(rows));
console.log(rebuilt.classCounts); // Float64Array [3, 3]
// #endregion

// The large run (not in the guide): rows generated to Parquet by DuckDB in a child process (so
// that this process's peak RSS measures the fits alone), then fitted by a DuckDB limited to 256 MB.
const argRows = process.argv.indexOf("--rows");
const n = Math.round(Number(argRows >= 0 ? process.argv[argRows + 1] : (process.env.PTHETA_SQL_ROWS ?? 2e5)));
const dir = mkdtempSync(join(tmpdir(), "ptheta-sql-"));
const parquet = join(dir, "data.parquet").replace(/'/g, "''");
try {
  let t = performance.now();
  const tsx = join(import.meta.dirname, "..", "node_modules", ".bin", "tsx");
  const child = spawnSync(tsx, [import.meta.filename, "--write", parquet, String(n)], { stdio: "inherit" });
  if (child.status !== 0) throw new Error("writing the Parquet file failed");
  console.log(`\n${n} rows written to Parquet in ${((performance.now() - t) / 1000).toFixed(2)} s (a child process)`);
  await query(`SET memory_limit = '256MB'`);

  const features = {
    big: "gaussian",
    g1: "gaussian",
    g2: "gaussian",
    g3: "gaussian",
    g4: "gaussian",
    cat: "categorical",
  } as const;
  const table = { sql: `read_parquet('${parquet}')` };
  t = performance.now();
  const big = await fitNaiveBayes(query, { table, target: "y", features });
  const nbSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const mix = await fitMixture(query, {
    table,
    features: { g1: "gaussian", g2: "gaussian", g3: "gaussian" },
    nComponents: 3,
    maxIter: 10,
  });
  const emSeconds = (performance.now() - t) / 1000;
  console.log(
    `Naive Bayes in DuckDB: ${nbSeconds.toFixed(2)} s; EM: ${mix.nIter} iterations in ${emSeconds.toFixed(2)} s`,
  );

  // Agreement: the same fits on a subsample, in the engine and in memory.
  await query(`CREATE TABLE sub AS SELECT * FROM read_parquet('${parquet}') LIMIT 20000`);
  const subRows = (await query(`SELECT * FROM sub`)).map(
    (r) => ({ ...r, y: Number(r.y) }) as Record<string, number | string>,
  );
  const inEngine = await fitNaiveBayes(query, { table: "sub", target: "y", features });
  const inMemory = NaiveBayes.fit(subRows, {
    target: "y",
    features,
    columns: Object.keys(features),
  });
  let worst = 0;
  const a = inEngine.predictLogProba(subRows).data;
  const b = inMemory.predictLogProba(subRows).data;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  const start = Mixture.fit(
    subRows.map((r) => [Number(r.g1), Number(r.g2), Number(r.g3)]),
    { nComponents: 3, maxIter: 1 },
  );
  const emEngine = await fitMixture(query, {
    table: "sub",
    features: { g1: "gaussian", g2: "gaussian", g3: "gaussian" },
    init: start,
    maxIter: 5,
    tol: 0,
  });
  const emMemory = Mixture.fit(
    subRows.map((r) => [Number(r.g1), Number(r.g2), Number(r.g3)]),
    { init: start, maxIter: 5, tol: 0 },
  );
  const traceGap = Math.max(
    ...emEngine.logLikelihoodTrace.map((v, i) => Math.abs(v - emMemory.logLikelihoodTrace[i]!)),
  );
  console.log(
    `agreement with the in-memory fits on 20 000 rows: Naive Bayes ${worst.toExponential(1)}, EM trace ${traceGap.toExponential(1)}`,
  );
  console.log(
    `class variances of the 1e9 column: ${Array.from({ length: 3 }, (_, c) => big.variances.get(c, 0).toExponential(4)).join(", ")}`,
  );
  console.log(`peak RSS of this Node process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  if (!(worst < 1e-10) || !(traceGap < 1e-9)) throw new Error("the database fits disagree with the in-memory ones");
} finally {
  rmSync(dir, { recursive: true, force: true });
  connection.closeSync();
}
