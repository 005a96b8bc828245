// ptheta/sql (issue 19): Naive Bayes fitted by DuckDB over Parquet, and EM iterations in DuckDB.
//
// - Naive Bayes on 10⁷ Parquet rows (5 Gaussian columns, one at 10⁹ + noise, and a categorical
//   one) through DuckDB embedded: the Node process's peak RSS must stay under 300 MB; its time is
//   printed beside NaiveBayes.fit on 10⁶ of the rows in memory (scaled to all of them).
// - One EM iteration (mixtureStepSQL, 3 components, 3 columns): seconds per 10⁶ rows; and
//   fitMixture's trace from a given start equals Mixture.fit's within 1e-9.
//
// The Parquet file is written by examples/sql-fit.ts in a process of its own, and the fits run in
// a fresh process (this file, with --child), so that the peak RSS is the fits' alone. `--quick`
// runs 3·10⁴ rows.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { Mixture, NaiveBayes } from "../src/index.js";
import { fitMixture, fitNaiveBayes, mixtureStepSQL, type Query } from "../src/sql/index.js";

const root = resolve(import.meta.dirname, "..");
const tsx = join(root, "node_modules", ".bin", "tsx");

/** Writes the data, then runs the fits in a fresh process, printing what it prints. */
export function runSqlBench(options: { quick: boolean }): void {
  const n = options.quick ? 3e4 : 1e7;
  console.log(`\n# ptheta/sql: DuckDB over ${n.toExponential(0)} Parquet rows (fresh process)`);
  const dir = mkdtempSync(join(tmpdir(), "ptheta-bench-sql-"));
  const file = join(dir, "data.parquet");
  try {
    const write = spawnSync(tsx, [join(root, "examples", "sql-fit.ts"), "--write", file, String(n)], {
      stdio: "inherit",
    });
    if (write.status !== 0) throw new Error("bench/sql.ts: writing the Parquet file failed");
    const run = spawnSync(tsx, [resolve(import.meta.dirname, "sql.ts"), "--child", file, String(n)], {
      cwd: root,
      stdio: "inherit",
    });
    if (run.status !== 0) throw new Error(`bench/sql.ts failed (exit ${run.status ?? run.signal})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function child(file: string, n: number): Promise<void> {
  const connection = await (await DuckDBInstance.create(":memory:")).connect();
  const query: Query = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS();
  await query(`SET memory_limit = '256MB'`);
  const table = { sql: `read_parquet('${file.replace(/'/g, "''")}')` };
  const features = {
    big: "gaussian",
    g1: "gaussian",
    g2: "gaussian",
    g3: "gaussian",
    g4: "gaussian",
    cat: "categorical",
  } as const;
  let t = performance.now();
  await fitNaiveBayes(query, { table, target: "y", features });
  const inDb = (performance.now() - t) / 1000;
  const rss = process.resourceUsage().maxRSS / 1024;
  // In memory, on at most 10⁶ of the rows (all of them would take ~1.4 GB at 10⁷), scaled.
  const m = Math.min(n, 1e6);
  const rows = (await query(`SELECT * FROM ${table.sql} LIMIT ${m}`)).map(
    (r) => ({ ...r, y: Number(r.y) }) as Record<string, number | string>,
  );
  t = performance.now();
  NaiveBayes.fit(rows, { target: "y", features, columns: Object.keys(features) });
  const inMemory = (((performance.now() - t) / 1000) * n) / m;
  console.log(
    `Naive Bayes: ${inDb.toFixed(2)} s in DuckDB, peak RSS ${rss.toFixed(0)} MB` +
      `${n >= 1e7 ? ` (target < 300 MB: ${rss < 300 ? "met" : "MISSED"})` : ""}; in memory ~${inMemory.toFixed(2)} s for the same rows (from ${m.toExponential(0)}), plus loading them`,
  );
  // One EM iteration, per 10⁶ rows; and the trace against Mixture.fit on 10⁵ rows.
  const X = rows.slice(0, Math.min(m, 1e5)).map((r) => [Number(r.g1), Number(r.g2), Number(r.g3)]);
  const start = Mixture.fit(X.slice(0, 2000), { nComponents: 3, maxIter: 2 });
  await query(`CREATE TABLE sub AS SELECT g1, g2, g3 FROM ${table.sql} LIMIT ${m}`);
  const step = mixtureStepSQL(start, { table: "sub", columns: ["g1", "g2", "g3"] });
  await query(step.sql);
  t = performance.now();
  await query(step.sql);
  const perMillion = (((performance.now() - t) / 1000) * 1e6) / m;
  await query(`CREATE TABLE small AS SELECT * FROM sub LIMIT ${X.length}`);
  const kinds = { g1: "gaussian", g2: "gaussian", g3: "gaussian" } as const;
  const engine = await fitMixture(query, { table: "small", features: kinds, init: start, maxIter: 5, tol: 0 });
  const memory = Mixture.fit(X, { init: start, maxIter: 5, tol: 0 });
  const gap = Math.max(...engine.logLikelihoodTrace.map((v, i) => Math.abs(v - memory.logLikelihoodTrace[i]!)));
  console.log(
    `EM in DuckDB: ${perMillion.toFixed(2)} s per iteration per 10⁶ rows; trace vs Mixture.fit (${X.length} rows, 5 iterations): ${gap.toExponential(1)} (target ≤ 1e-9: ${gap <= 1e-9 ? "met" : "MISSED"})`,
  );
  connection.closeSync();
}

if (process.argv[2] === "--child") await child(process.argv[3]!, Number(process.argv[4]));
