/**
 * Live engines for the ptheta/sql tests: DuckDB embedded (@duckdb/node-api) and a throwaway
 * PostgreSQL server (initdb + pg_ctl on a unix socket in a temporary directory, fsync off),
 * started here and stopped after. Missing PostgreSQL binaries fail the tests with a clear
 * message: .ci/run installs Debian's `postgresql` when absent.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import pg from "pg";
import { DIALECTS, type Dialect, type Query } from "../../src/sql/index.js";

export interface Engine {
  readonly name: "duckdb" | "postgres";
  readonly dialect: Dialect;
  readonly query: Query;
  /** Creates (or replaces) a table holding `rows`, columns typed as `types` (SQL types by column). */
  load(table: string, types: Record<string, string>, rows: readonly Record<string, unknown>[]): Promise<void>;
  close(): Promise<void>;
}

/** A cell as a SQL literal of the engine. */
function cell(d: Dialect, v: unknown): string {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "number") return d.double(v);
  return d.string(String(v));
}

async function loadRows(
  d: Dialect,
  run: (sql: string) => Promise<unknown>,
  table: string,
  types: Record<string, string>,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const names = Object.keys(types);
  await run(`DROP TABLE IF EXISTS ${d.quote(table)}`);
  await run(`CREATE TABLE ${d.quote(table)} (${names.map((n) => `${d.quote(n)} ${types[n]}`).join(", ")})`);
  for (let i = 0; i < rows.length; i += 2000) {
    const values = rows
      .slice(i, i + 2000)
      .map((r) => `(${names.map((n) => `CAST(${cell(d, r[n])} AS ${types[n]})`).join(", ")})`);
    if (values.length > 0) await run(`INSERT INTO ${d.quote(table)} VALUES ${values.join(", ")}`);
  }
}

export async function duckdb(): Promise<Engine> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const query: Query = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS();
  return {
    name: "duckdb",
    dialect: DIALECTS.duckdb,
    query,
    load: (table, types, rows) => loadRows(DIALECTS.duckdb, query, table, types, rows),
    close: async () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** The directory of the PostgreSQL server binaries (Debian: /usr/lib/postgresql/<version>/bin). */
function postgresBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))) : [];
  if (versions.length === 0) {
    throw new Error(
      "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: install Debian's `postgresql` package (apt-get install -y postgresql), as .ci/run does",
    );
  }
  versions.sort((a, b) => Number(b) - Number(a));
  return join(root, versions[0]!, "bin");
}

export async function postgres(): Promise<Engine> {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), "ptheta-pg-"));
  chmodSync(dir, 0o777);
  // initdb refuses to run as root: run the server as the `postgres` user then.
  const asRoot = process.getuid?.() === 0;
  const exec = (cmd: string, args: string[]) =>
    asRoot
      ? execFileSync("runuser", ["-u", "postgres", "--", join(bin, cmd), ...args], { stdio: "pipe" })
      : execFileSync(join(bin, cmd), args, { stdio: "pipe" });
  const data = join(dir, "data");
  exec("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]);
  exec("pg_ctl", [
    "-D",
    data,
    "-o",
    `-F -c fsync=off -c listen_addresses='' -k ${dir}`,
    "-w",
    "-l",
    join(dir, "log"),
    "start",
  ]);
  const client = new pg.Client({ host: dir, user: "postgres", database: "postgres" });
  await client.connect();
  // BIGINT (count(*)) and NUMERIC come back as strings by default; ptheta/sql reads those too,
  // but the guide's adapter parses them, as here.
  const types = {
    getTypeParser: (oid: number, format?: "text" | "binary") =>
      oid === 20 || oid === 1700 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as "text"),
  };
  const query: Query = async (sql) => (await client.query({ text: sql, types })).rows as Record<string, unknown>[];
  return {
    name: "postgres",
    dialect: DIALECTS.postgres,
    query,
    load: (table, t, rows) => loadRows(DIALECTS.postgres, query, table, t, rows),
    close: async () => {
      await client.end();
      try {
        exec("pg_ctl", ["-D", data, "-m", "immediate", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
