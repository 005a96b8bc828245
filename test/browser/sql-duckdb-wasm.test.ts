/// <reference types="vite/client" />
// ptheta/sql in headless Chromium against DuckDB-Wasm, started from the package's own files (the
// .wasm modules and their workers, served by Vite through `?url` imports: nothing is fetched from
// elsewhere). The query adapter is the three lines the guide "Fitting in the database" documents;
// the models fitted through it must equal the in-memory fits on the same rows (1e-10), EM from
// the same start must follow Mixture.fit's trace (1e-9), and the scores compiled to SQL must
// equal the models' own. The regions marked below are the guide's blocks (test/docs/docs.test.ts
// keeps them equal).
// #region wasm-imports
import * as duckdb from "@duckdb/duckdb-wasm";
import ehWasm from "@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url";
import ehWorker from "@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url";
import mvpWasm from "@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url";
import mvpWorker from "@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url";
// #endregion
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Gaussian,
  Mixture,
  NaiveBayes,
  Product,
  createRng,
  type Bernoulli,
  type Categorical,
} from "../../src/index.js";
import {
  DIALECTS,
  fitMixture,
  fitNaiveBayes,
  fitProduct,
  logProbSQL,
  predictSQL,
  type Query,
} from "../../src/sql/index.js";

// A label, a Gaussian, a categorical string and a boolean, each depending on the class.
const rng = createRng(23);
const ROWS = Array.from({ length: 300 }, (_, id) => {
  const z = id % 3;
  const y = ["lo", "mid", "hi"][z]!;
  return {
    id,
    y,
    g: new Gaussian(z * 1.5, 1 + 0.25 * z).sample(rng),
    c: ["k", "m", "n", "p"][(z + Math.floor(rng.next() * 2.4)) % 4]!,
    b: rng.next() < 0.2 + 0.3 * z,
  };
});
const FEATURES = { g: "gaussian", c: "categorical", b: "bernoulli" } as const;
const COLUMNS = Object.keys(FEATURES);
const OBJECTS = ROWS.map(({ g, c, b }) => ({ g, c, b }));

/** A database in a worker of its own, from the bundles the package ships. */
async function start(): Promise<duckdb.AsyncDuckDB> {
  // #region wasm-start
  // The exception-handling build where the browser supports it (Chromium does), else the MVP one.
  const bundle = await duckdb.selectBundle({
    mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
    eh: { mainModule: ehWasm, mainWorker: ehWorker },
  });
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(bundle.mainWorker!));
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  // #endregion
  return db;
}

/** The adapter, as the guide writes it. */
async function adapter(db: duckdb.AsyncDuckDB): Promise<Query> {
  // #region wasm-adapter
  // Without castDecimalToDouble, DECIMAL and HUGEINT cells (sums of integers) arrive as raw words.
  await db.open({ query: { castDecimalToDouble: true } });
  const connection = await db.connect();
  const query: Query = async (sql) => (await connection.query(sql)).toArray().map((row) => row.toJSON());
  // #endregion
  return query;
}

let db: duckdb.AsyncDuckDB | undefined;
let query: Query;

beforeAll(async () => {
  db = await start();
  query = await adapter(db);
  const d = DIALECTS.duckdb;
  const values = ROWS.map((r) => `(${r.id}, ${d.string(r.y)}, ${d.double(r.g)}, ${d.string(r.c)}, ${r.b})`);
  await query(`CREATE TABLE outfits (id INTEGER, y VARCHAR, g DOUBLE, c VARCHAR, b BOOLEAN)`);
  await query(`INSERT INTO outfits VALUES ${values.join(", ")}`);
}, 60_000);

afterAll(async () => {
  await db?.terminate();
});

/** |a − b| ≤ tol · max(1, |b|), element by element. */
function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-10): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) {
    const scale = Math.max(1, Math.abs(b[i]!));
    if (!(Math.abs(a[i]! - b[i]!) <= tol * scale)) expect.fail(`[${i}]: ${a[i]} vs ${b[i]} (tol ${tol})`);
  }
}

describe("ptheta/sql on DuckDB-Wasm in the browser", () => {
  it("the adapter returns plain JS values: numbers for DOUBLE, DECIMAL and HUGEINT, bigint for BIGINT", async () => {
    const [row] = await query(
      `SELECT count(*) AS n, sum(id) AS s, 1.5 AS d, CAST(2.5 AS DOUBLE) AS f, 'x' AS v, TRUE AS t, NULL AS z FROM outfits`,
    );
    // Without castDecimalToDouble the DECIMAL 1.5 comes back as Arrow's unscaled words (15), and
    // sum(id), a HUGEINT, as four 32-bit words.
    expect(row).toEqual({ n: 300n, s: 44850, d: 1.5, f: 2.5, v: "x", t: true, z: null });
  });

  it("fits Naive Bayes equal to NaiveBayes.fit on the same rows", async () => {
    const model = await fitNaiveBayes(query, { table: "outfits", target: "y", features: FEATURES });
    const memory = NaiveBayes.fit(ROWS, { target: "y", features: FEATURES, columns: COLUMNS });
    expect(model.classes).toEqual(["hi", "lo", "mid"]);
    expect(model.classes).toEqual(memory.classes);
    expect(model.classCounts).toEqual(memory.classCounts);
    expectClose(model.classPriors, memory.classPriors, 1e-15);
    const defined = (m: { data: Float64Array }) => m.data.filter((v) => !Number.isNaN(v));
    expectClose(defined(model.means), defined(memory.means));
    expectClose(defined(model.variances), defined(memory.variances));
    expectClose(defined(model.featureProbabilities), defined(memory.featureProbabilities));
    // Categories: sorted in the database fit, in order of appearance in memory; compared by name.
    const j = COLUMNS.indexOf("c");
    const mine = model.categoryProbabilities(j);
    const theirs = memory.categoryProbabilities(j);
    const theirCategories = memory.tableSchema!.categories("c");
    expect(model.tableSchema!.categories("c")).toEqual(["k", "m", "n", "p"]);
    model.tableSchema!.categories("c").forEach((v, t) => {
      const u = theirCategories.indexOf(v);
      for (let k = 0; k < 3; k++) expectClose([mine.get(k, t)], [theirs.get(k, u)]);
    });
    expectClose(model.predictLogProba(OBJECTS).data, memory.predictLogProba(OBJECTS).data);
    expect(model.predict(OBJECTS)).toEqual(memory.predict(OBJECTS));
  });

  it("fits a product equal to Product.fit on the same rows", async () => {
    const model = await fitProduct(query, { table: "outfits", features: FEATURES, alpha: 0.5 });
    const memory = Product.fit(OBJECTS, { features: FEATURES, columns: COLUMNS, alpha: 0.5 });
    const [g, c, b] = model.marginals as [Gaussian, Categorical, Bernoulli];
    const [mg, mc, mb] = memory.marginals as [Gaussian, Categorical, Bernoulli];
    expectClose([g.mean, g.variance, b.p], [mg.mean, mg.variance, mb.p]);
    const theirCategories = memory.tableSchema!.categories("c");
    model.tableSchema!.categories("c").forEach((v, t) => {
      expectClose([c.prob(t)], [mc.prob(theirCategories.indexOf(v))]);
    });
    expectClose(model.logLikelihoodPerRow(OBJECTS), memory.logLikelihoodPerRow(OBJECTS));
  });

  it("runs EM by one statement per iteration, equal to Mixture.fit from the same start", async () => {
    // A start drawn in the engine (USING SAMPLE), only for its schema: categories sorted.
    const first = await fitMixture(query, { table: "outfits", features: FEATURES, nComponents: 2, maxIter: 1 });
    const X = first.tableSchema!.encode(OBJECTS).X;
    const start = Mixture.fit(X, {
      nComponents: 2,
      features: COLUMNS.map((c) => FEATURES[c as keyof typeof FEATURES]),
      maxIter: 1,
      rng: createRng(5),
    });
    const seen: number[] = [];
    const model = await fitMixture(query, {
      table: "outfits",
      features: FEATURES,
      init: start,
      maxIter: 15,
      tol: 1e-9,
      onIteration: (p) => seen.push(p.logLikelihood),
    });
    const memory = Mixture.fit(X, { init: start, maxIter: 15, tol: 1e-9 });
    expect(model.nIter).toBe(memory.nIter);
    expect(model.nIter).toBeGreaterThan(2);
    expect(model.converged).toBe(memory.converged);
    expectClose(model.logLikelihoodTrace, memory.logLikelihoodTrace, 1e-9);
    expect(seen).toEqual(model.logLikelihoodTrace);
    expectClose(model.weights, memory.weights, 1e-9);
    expectClose(model.logLikelihoodPerRow(OBJECTS), memory.logLikelihoodPerRow(X), 1e-9);
  });

  it("scores in SQL as the models score in memory", async () => {
    const nb = await fitNaiveBayes(query, { table: "outfits", target: "y", features: FEATURES });
    const product = await fitProduct(query, { table: "outfits", features: FEATURES });
    const mixture = await fitMixture(query, { table: "outfits", features: FEATURES, nComponents: 2, maxIter: 5 });
    const out = await query(
      `SELECT ${logProbSQL(nb)} AS nb, ${predictSQL(nb)} AS pred, ${logProbSQL(product)} AS product, ` +
        `${logProbSQL(mixture)} AS mixture FROM outfits ORDER BY id`,
    );
    expect(out.length).toBe(ROWS.length);
    expectClose(
      out.map((r) => r.nb as number),
      nb.logLikelihoodPerRow(OBJECTS),
      1e-12,
    );
    expect(out.map((r) => r.pred)).toEqual(nb.predict(OBJECTS));
    expectClose(
      out.map((r) => r.product as number),
      product.logLikelihoodPerRow(OBJECTS),
      1e-12,
    );
    expectClose(
      out.map((r) => r.mixture as number),
      mixture.logLikelihoodPerRow(OBJECTS),
      1e-12,
    );
  });

  it("without castDecimalToDouble, refuses Arrow's raw words for a sum, saying how to open the database", async () => {
    const bare = await start();
    try {
      const connection = await bare.connect();
      const raw: Query = async (sql) => (await connection.query(sql)).toArray().map((row) => row.toJSON());
      await raw(`CREATE TABLE t AS SELECT i % 2 = 0 AS b, CAST(i AS DOUBLE) AS g FROM range(10) AS r(i)`);
      // A Bernoulli column's count of ones is sum() over integers: a HUGEINT in DuckDB.
      await expect(fitProduct(raw, { table: "t", features: { g: "gaussian", b: "bernoulli" } })).rejects.toThrow(
        /fitProduct: the engine returned a Uint32Array .*castDecimalToDouble: true/,
      );
    } finally {
      await bare.terminate();
    }
  });
});
