// ptheta/sql against live engines: DuckDB embedded and a throwaway PostgreSQL server. The models
// fitted in the database must equal the in-memory fits on the same rows (within 1e-10), the
// Gaussian statistics must match mpmath on data at 1e9 + noise, the scores compiled to SQL must
// equal the models' own, names and values must be quoted (an injection attempt is fitted like
// any other name), and bad input must be refused clearly.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Mixture,
  NaiveBayes,
  Product,
  createRng,
  type DecodedRow,
  type FeatureKind,
  type Label,
} from "../../src/index.js";
import {
  DIALECTS,
  fitMixture,
  fitNaiveBayes,
  fitProduct,
  jointLogLikelihoodSQL,
  logProbSQL,
  mixtureStepSQL,
  naiveBayesStatsSQL,
  productStatsSQL,
  predictSQL,
} from "../../src/sql/index.js";
import { duckdb, postgres, type Engine } from "./engines.js";

interface Fixture {
  rows: { label: string; x: number; u: number; k: number }[];
  truth: Record<string, { x: { mean: number; variance: number }; u: { mean: number; variance: number }; n: number }>;
  lnFactorial: Record<string, number>;
}
const fixture = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../fixtures/sql/shifted.json"), "utf8"),
) as Fixture;

const engines: Engine[] = [];
beforeAll(async () => {
  engines.push(await duckdb(), await postgres());
  for (const e of engines) {
    await e.load(
      "shifted",
      { label: "VARCHAR", x: "DOUBLE PRECISION", u: "DOUBLE PRECISION", k: "INTEGER" },
      fixture.rows,
    );
    await e.load("mixed", MIXED_TYPES, MIXED);
  }
}, 60000);
afterAll(async () => {
  for (const e of engines) await e.close();
});

/** |a − b| ≤ tol · max(1, |b|), element by element. */
function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-10): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) {
    const scale = Math.max(1, Math.abs(b[i]!));
    if (!(Math.abs(a[i]! - b[i]!) <= tol * scale)) expect.fail(`[${i}]: ${a[i]} vs ${b[i]} (tol ${tol})`);
  }
}

// A table of every kind: a label, a Gaussian at 1e9 + noise, an ordinary one, a string category,
// a boolean, a 0/1 integer, counts (some above 16) and a numeric category.
const rng = createRng(11);
const MIXED = Array.from({ length: 600 }, (_, i) => {
  const y = ["red", "green", "blue"][i % 3]!;
  const z = i % 3;
  return {
    y,
    big: 1e9 + z * 0.5 + 1e-3 * rng.next(),
    g: z * 2 + rng.next() * 3,
    c: ["p", "q", "r", "s"][(z + Math.floor(rng.next() * 2.2)) % 4]!,
    b: rng.next() < 0.2 + 0.3 * z,
    n01: rng.next() < 0.5 ? 1 : 0,
    k: Math.floor(rng.next() * (5 + 20 * z)),
    code: [10, 20, 30][(z + (rng.next() < 0.3 ? 1 : 0)) % 3]!,
  };
});
const MIXED_TYPES = {
  y: "VARCHAR",
  big: "DOUBLE PRECISION",
  g: "DOUBLE PRECISION",
  c: "VARCHAR",
  b: "BOOLEAN",
  n01: "INTEGER",
  k: "INTEGER",
  code: "INTEGER",
};
const FEATURES: Record<string, FeatureKind> = {
  big: "gaussian",
  g: "gaussian",
  c: "categorical",
  b: "bernoulli",
  n01: "bernoulli",
  k: "poisson",
  code: "categorical",
};
const COLUMNS = Object.keys(FEATURES);
const features = MIXED.map(({ y: _, ...rest }) => rest);

describe.each(["duckdb", "postgres"] as const)("%s", (name) => {
  const engine = () => engines.find((e) => e.name === name)!;

  it("fits Naive Bayes equal to NaiveBayes.fit on the same rows", async () => {
    const e = engine();
    const model = await fitNaiveBayes(e.query, { table: "mixed", target: "y", features: FEATURES, dialect: name });
    const memory = NaiveBayes.fit(MIXED, { target: "y", features: FEATURES, columns: COLUMNS });
    expect(model.classes).toEqual(["blue", "green", "red"]);
    expect(model.classes).toEqual(memory.classes);
    expectClose(model.classPriors, memory.classPriors, 1e-15);
    expectClose(
      model.means.data.filter((v) => !Number.isNaN(v)),
      memory.means.data.filter((v) => !Number.isNaN(v)),
    );
    expectClose(
      model.variances.data.filter((v) => !Number.isNaN(v)),
      memory.variances.data.filter((v) => !Number.isNaN(v)),
    );
    expectClose(
      model.rates.data.filter((v) => !Number.isNaN(v)),
      memory.rates.data.filter((v) => !Number.isNaN(v)),
    );
    expectClose(
      model.featureProbabilities.data.filter((v) => !Number.isNaN(v)),
      memory.featureProbabilities.data.filter((v) => !Number.isNaN(v)),
    );
    // Categories: sorted in the database fit, in order of appearance in memory; same probabilities by name.
    const schema = model.tableSchema!;
    expect(schema.categories("c")).toEqual(["p", "q", "r", "s"]);
    expect(schema.categories("code")).toEqual([10, 20, 30]);
    for (const column of ["c", "code"]) {
      const j = COLUMNS.indexOf(column);
      const mine = model.categoryProbabilities(j);
      const theirs = memory.categoryProbabilities(j);
      const theirCats = memory.tableSchema!.categories(column);
      schema.categories(column).forEach((v, t) => {
        const u = theirCats.indexOf(v);
        for (let c = 0; c < 3; c++) expect(mine.get(c, t)).toBeCloseTo(theirs.get(c, u), 14);
      });
    }
    // Scores and predictions of plain objects.
    expectClose(model.predictLogProba(features).data, memory.predictLogProba(features).data);
    expect(model.predict(features)).toEqual(memory.predict(features));
  });

  it("gives statistics that NaiveBayes.fromStats, Product.fromStats and Mixture.fromStats turn into the models", async () => {
    const e = engine();
    const nbStatement = naiveBayesStatsSQL({
      table: "mixed",
      target: "y",
      features: FEATURES,
      columns: COLUMNS,
      dialect: name,
      valueTypes: { b: "boolean", n01: "number" },
    });
    const nb = NaiveBayes.fromStats(nbStatement.parse(await e.query(nbStatement.sql)));
    const fitted = await fitNaiveBayes(e.query, { table: "mixed", target: "y", features: FEATURES, dialect: name });
    expectClose(nb.predictLogProba(features).data, fitted.predictLogProba(features).data, 1e-15);
    const productStatement = productStatsSQL({
      table: "mixed",
      features: FEATURES,
      columns: COLUMNS,
      dialect: name,
      valueTypes: { b: "boolean", n01: "number" },
    });
    const product = Product.fromStats(productStatement.parse(await e.query(productStatement.sql)));
    const memory = Product.fit(MIXED, { features: FEATURES, columns: COLUMNS });
    expectClose(product.logLikelihoodPerRow(features), memory.logLikelihoodPerRow(features));
  });

  it("reads a subquery the caller writes as the table", async () => {
    const e = engine();
    const table = { sql: `SELECT * FROM mixed WHERE g > 2 AND c <> 'q'` };
    const model = await fitNaiveBayes(e.query, { table, target: "y", features: FEATURES, dialect: name });
    const kept = MIXED.filter((r) => r.g > 2 && r.c !== "q");
    const memory = NaiveBayes.fit(kept, { target: "y", features: FEATURES, columns: COLUMNS });
    expect(model.classCounts).toEqual(memory.classCounts);
    expectClose(model.predictLogProba(kept).data, memory.predictLogProba(kept).data);
  });

  it("fits a product equal to Product.fit on the same rows", async () => {
    const e = engine();
    const model = await fitProduct(e.query, { table: "mixed", features: FEATURES, dialect: name, alpha: 0.5 });
    const memory = Product.fit(features, { features: FEATURES, columns: COLUMNS, alpha: 0.5 });
    expectClose(model.logLikelihoodPerRow(features), memory.logLikelihoodPerRow(features));
    model.marginals.forEach((m, j) => {
      if (FEATURES[COLUMNS[j]!] === "categorical") return;
      expectClose([m.mean, m.variance], [memory.marginals[j]!.mean, memory.marginals[j]!.variance]);
    });
  });

  it("infers the kinds of columns named without one from their values, as Product.fit does", async () => {
    const e = engine();
    const columns = ["g", "c", "b"];
    const model = await fitProduct(e.query, { table: "mixed", columns, dialect: name });
    expect(model.featureKinds).toEqual(["gaussian", "categorical", "bernoulli"]);
    const rows = MIXED.map((r) => ({ g: r.g, c: r.c, b: r.b }));
    expectClose(model.logLikelihoodPerRow(rows), Product.fit(rows).logLikelihoodPerRow(rows));
  });

  it("computes Gaussian statistics at 1e9 + noise within 1e-12 of mpmath", async () => {
    const e = engine();
    const model = await fitNaiveBayes(e.query, {
      table: "shifted",
      target: "label",
      features: { x: "gaussian", u: "gaussian", k: "poisson" },
      varSmoothing: 0,
      dialect: name,
    });
    expect(model.classes).toEqual(["a", "b", "c"]);
    model.classes.forEach((label, c) => {
      const t = fixture.truth[label as string]!;
      expect(model.classCounts[c]).toBe(t.n);
      for (const [j, col] of [[0, "x"] as const, [1, "u"] as const]) {
        expect(Math.abs(model.means.get(c, j) - t[col].mean)).toBeLessThanOrEqual(1e-15 * Math.abs(t[col].mean));
        expect(Math.abs(model.variances.get(c, j) - t[col].variance)).toBeLessThanOrEqual(1e-12 * t[col].variance);
      }
    });
    // The naive one-pass formula the engines' own aggregates are prone to loses every digit here.
    const [naive] = await e.query(
      `SELECT (sum(x * x) - sum(x) * sum(x) / count(*)) / count(*) AS v FROM shifted WHERE label = 'a'`,
    );
    expect(Math.abs(Number(naive!.v) - fixture.truth.a!.x.variance)).toBeGreaterThan(
      1e-3 * fixture.truth.a!.x.variance,
    );
  });

  it("scores in SQL as the models score in memory (log p(x), joint per class, prediction)", async () => {
    const e = engine();
    const nb = await fitNaiveBayes(e.query, { table: "mixed", target: "y", features: FEATURES, dialect: name });
    const product = await fitProduct(e.query, { table: "mixed", features: FEATURES, dialect: name, alpha: 1 });
    // Rows to score, with an unseen category and counts far above those fitted (ln x! by Stirling in PostgreSQL).
    const extra = [
      { y: "red", big: 1e9 + 0.3, g: 1, c: "zz", b: true, n01: 0, k: 140, code: 20 },
      { y: "red", big: 1e9, g: -3, c: "p", b: false, n01: 1, k: 17, code: 10 },
    ];
    await e.load("scored", MIXED_TYPES, [...MIXED.slice(0, 60), ...extra]);
    const rows = [...features.slice(0, 60), ...extra.map(({ y: _, ...r }) => r)];
    const d = { dialect: name };
    const joints = jointLogLikelihoodSQL(nb, d);
    const out = await e.query(
      `SELECT ${logProbSQL(nb, d)} AS lp, ${predictSQL(nb, d)} AS pred, ${logProbSQL(product, d)} AS plp, ` +
        `${joints.map((j, c) => `${j} AS j${c}`).join(", ")} FROM scored ORDER BY k, big, g`,
    );
    const order = rows
      .map((r, i) => i)
      .sort((a, b) => rows[a]!.k - rows[b]!.k || rows[a]!.big - rows[b]!.big || rows[a]!.g - rows[b]!.g);
    const sorted = order.map((i) => rows[i]!);
    expectClose(
      out.map((r) => Number(r.lp)),
      nb.logLikelihoodPerRow(sorted),
      1e-12,
    );
    // A product refuses the unseen category in memory, and scores it NULL in SQL.
    const seen = sorted.map((r, i) => (r.c === "zz" ? -1 : i)).filter((i) => i >= 0);
    expectClose(
      seen.map((i) => Number(out[i]!.plp)),
      product.logLikelihoodPerRow(seen.map((i) => sorted[i]!)),
      1e-12,
    );
    expect(out.filter((r, i) => sorted[i]!.c === "zz").map((r) => r.plp)).toEqual([null]);
    const jll = nb.jointLogLikelihood(sorted);
    for (let c = 0; c < 3; c++)
      expectClose(
        out.map((r) => Number(r[`j${c}`])),
        sorted.map((_, i) => jll.get(i, c)),
        1e-12,
      );
    expect(out.map((r) => r.pred)).toEqual(nb.predict(sorted));
  });

  it("fits a column and a value written to break out of their quotes, and the table survives", async () => {
    const e = engine();
    const evil = `x"; DROP TABLE mixed; --`;
    const quoteName = "it's `odd`";
    const rows = Array.from({ length: 40 }, (_, i) => ({
      [evil]: i * 0.25 + (i % 2),
      [quoteName]: i % 3 === 0 ? `'); DROP TABLE mixed; --` : i % 3 === 1 ? `a"b\\c` : "plain",
      label: i % 2 === 0 ? "it's" : `"q"`,
    }));
    await e.load("evil", { [evil]: "DOUBLE PRECISION", [quoteName]: "VARCHAR", label: "VARCHAR" }, rows);
    const spec = {
      table: "evil",
      target: "label",
      features: { [evil]: "gaussian", [quoteName]: "categorical" },
    } as const;
    const model = await fitNaiveBayes(e.query, { ...spec, dialect: name });
    const memory = NaiveBayes.fit(rows, { target: "label", features: spec.features, columns: [evil, quoteName] });
    expect(model.classes).toEqual(memory.classes);
    expectClose(model.predictLogProba(rows).data, memory.predictLogProba(rows).data);
    const [scored] = await e.query(`SELECT ${logProbSQL(model, { dialect: name })} AS lp FROM evil LIMIT 1`);
    expect(Number.isFinite(Number(scored!.lp))).toBe(true);
    const [count] = await e.query(`SELECT count(*) AS n FROM mixed`);
    expect(Number(count!.n)).toBe(MIXED.length);
  });

  it("follows the missing policy: NULL is refused naming the column, or its rows are left out", async () => {
    const e = engine();
    const rows = MIXED.slice(0, 90).map((r, i) => ({ ...r, g: i % 10 === 0 ? null : r.g }));
    await e.load("holes", MIXED_TYPES, rows);
    await expect(
      fitNaiveBayes(e.query, { table: "holes", target: "y", features: FEATURES, dialect: name }),
    ).rejects.toThrow(/fitNaiveBayes: column "g" is NULL in 9 rows/);
    const model = await fitNaiveBayes(e.query, {
      table: "holes",
      target: "y",
      features: FEATURES,
      dialect: name,
      missing: "ignore",
    });
    const kept = rows.filter((r) => r.g !== null);
    const memory = NaiveBayes.fit(kept, { target: "y", features: FEATURES, columns: COLUMNS, missing: "ignore" });
    expectClose(model.predictLogProba(kept).data, memory.predictLogProba(kept).data);
    // Scoring leaves the NULL cell out, as the model's missing: "ignore" does in memory.
    const [row] = await e.query(
      `SELECT ${logProbSQL(model, { dialect: name })} AS lp FROM holes WHERE g IS NULL LIMIT 1`,
    );
    const first = rows.find((r) => r.g === null)!;
    expect(Number(row!.lp)).toBeCloseTo(model.logLikelihoodPerRow([{ ...first, g: null }])[0]!, 10);
  });

  it("refuses bad data and bad names clearly", async () => {
    const e = engine();
    await e.load("bad", { y: "VARCHAR", k: "INTEGER", f: "DOUBLE PRECISION" }, [
      { y: "a", k: -1, f: 0.5 },
      { y: "b", k: 2, f: 1 },
    ]);
    await expect(fitProduct(e.query, { table: "bad", features: { k: "poisson" }, dialect: name })).rejects.toThrow(
      /column "k" has 1 values that are not counts/,
    );
    await expect(
      fitProduct(e.query, { table: "bad", features: { f: "bernoulli" }, valueTypes: { f: "number" }, dialect: name }),
    ).rejects.toThrow(/column "f" has 1 values other than 0 and 1/);
    await expect(
      fitProduct(e.query, { table: "bad", features: { "a\0b": "gaussian" }, dialect: name }),
    ).rejects.toThrow(/NUL character/);
    if (name === "postgres") {
      await expect(
        fitProduct(e.query, { table: "bad", features: { ["é".repeat(40)]: "gaussian" }, dialect: name }),
      ).rejects.toThrow(/80 bytes long; postgres keeps at most 63/);
    }
  });

  it("computes ln(x!) without lgamma (Stirling's series past 15) within 1e-14 of mpmath", async () => {
    const e = engine();
    // DuckDB runs Spark's text (its CAST syntax is DuckDB's too); PostgreSQL its own.
    const d = name === "duckdb" ? DIALECTS.spark : DIALECTS.postgres;
    const ks = Object.keys(fixture.lnFactorial).map(Number);
    const out = await e.query(
      `SELECT k, ${d.lnFactorial("CAST(k AS DOUBLE PRECISION)")} AS v FROM (VALUES ${ks.map((k) => `(${k})`).join(", ")}) AS t(k) ORDER BY k`,
    );
    expect(out.length).toBe(ks.length);
    for (const row of out) {
      const want = fixture.lnFactorial[String(row.k)]!;
      expect(Math.abs(Number(row.v) - want)).toBeLessThanOrEqual(1e-14 * Math.max(1, want));
    }
  });

  it("runs EM by one statement per iteration, equal to Mixture.fit from the same start", async () => {
    const e = engine();
    const kinds: Record<string, FeatureKind> = {
      g: "gaussian",
      big: "gaussian",
      c: "categorical",
      k: "poisson",
      b: "bernoulli",
    };
    const columns = Object.keys(kinds);
    const first = await fitMixture(e.query, {
      table: "mixed",
      features: kinds,
      nComponents: 3,
      dialect: name,
      maxIter: 2,
    });
    const X = first.tableSchema!.encode(MIXED).X;
    const start = Mixture.fit(X, {
      nComponents: 3,
      features: columns.map((c) => kinds[c]!),
      maxIter: 1,
      rng: createRng(5),
    });
    const seen: number[] = [];
    const model = await fitMixture(e.query, {
      table: "mixed",
      features: kinds,
      init: start,
      dialect: name,
      maxIter: 12,
      tol: 1e-9,
      onIteration: (p) => seen.push(p.logLikelihood),
    });
    const memory = Mixture.fit(X, { init: start, maxIter: 12, tol: 1e-9 });
    expect(model.nIter).toBe(memory.nIter);
    expect(model.converged).toBe(memory.converged);
    expectClose(model.logLikelihoodTrace, memory.logLikelihoodTrace, 1e-9);
    expect(seen).toEqual(model.logLikelihoodTrace);
    expectClose(model.weights, memory.weights, 1e-9);
    expectClose(model.logLikelihoodPerRow(MIXED), memory.logLikelihoodPerRow(X), 1e-9);
    // Scoring a mixture in SQL: log p(x) and the most probable component.
    const scored = await e.query(
      `SELECT ${logProbSQL(model, { dialect: name })} AS lp, ${predictSQL(model, { dialect: name })} AS z FROM mixed`,
    );
    const scoredRows = await e.query(`SELECT * FROM mixed`);
    const objects = scoredRows.map((r) => ({ ...r }));
    expectClose(
      scored.map((r) => Number(r.lp)),
      model.logLikelihoodPerRow(objects),
      1e-12,
    );
    expect(scored.map((r) => Number(r.z))).toEqual(Array.from(model.predict(objects)));
    // One step by hand: the statement's statistics are the model's expectedStats.
    const step = mixtureStepSQL(model, { table: "mixed", dialect: name });
    const parsed = step.parse(await e.query(step.sql));
    expect(Mixture.fromStats(parsed).weights).toEqual(Mixture.fromStats(Mixture.statsFromJSON(parsed)).weights);
    const stats = Mixture.statsFromJSON(parsed);
    const reference = model.expectedStats(MIXED);
    expect(stats.count).toBe(reference.count);
    expect(stats.logLikelihood).toBeCloseTo(reference.logLikelihood, 8);
    expectClose(Mixture.fromStats(stats).logLikelihoodPerRow(X), Mixture.fromStats(reference).logLikelihoodPerRow(X));
    // The engine-drawn start is reproducible.
    const again = await fitMixture(e.query, {
      table: "mixed",
      features: kinds,
      nComponents: 3,
      dialect: name,
      maxIter: 2,
    });
    expect(again.logLikelihoodTrace).toEqual(first.logLikelihoodTrace);
  });
});

describe("duckdb, threads", () => {
  it("gives the same model whatever the engine's thread count (up to rounding in the sums)", async () => {
    const e = engines.find((x) => x.name === "duckdb")!;
    await e.query(
      `CREATE OR REPLACE TABLE wide AS SELECT i % 7 AS y, 1e9 + sin(i) AS x, ['u', 'v', 'w'][1 + i % 3] AS c FROM range(200000) AS r(i)`,
    );
    const fit = async (threads: number) => {
      await e.query(`SET threads = ${threads}`);
      return (
        await fitNaiveBayes(e.query, { table: "wide", target: "y", features: { x: "gaussian", c: "categorical" } })
      ).toJSON();
    };
    const one = await fit(1);
    const two = await fit(4);
    await e.query(`RESET threads`);
    expect(two.classes).toEqual(one.classes);
    expect(two.classCount).toEqual(one.classCount);
    expect(two.stats.categorical).toEqual(one.stats.categorical);
    expect(two.schema).toEqual(one.schema);
    const a = one.stats.gaussian as { shift: number[]; shiftedMean: number[]; m2: number[] };
    const b = two.stats.gaussian as typeof a;
    expectClose(
      b.shift.map((v, i) => v + b.shiftedMean[i]!),
      a.shift.map((v, i) => v + a.shiftedMean[i]!),
      1e-15,
    );
    expectClose(b.m2, a.m2, 1e-12);
  });
});

describe("duckdb, property", () => {
  it("any small table: the database fit equals the in-memory fit", async () => {
    const e = engines.find((x) => x.name === "duckdb")!;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            y: fc.constantFrom("s", "t", "u"),
            g: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
            c: fc.constantFrom("a", "b", "c", "d"),
            k: fc.nat(40),
          }),
          { minLength: 8, maxLength: 60 },
        ),
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        async (rows, shift) => {
          const data = rows.map((r) => ({ ...r, g: r.g + shift }));
          const table = `prop${run++}`;
          await e.load(table, { y: "VARCHAR", g: "DOUBLE", c: "VARCHAR", k: "INTEGER" }, data);
          const features = { g: "gaussian", c: "categorical", k: "poisson" } as const;
          // A fit the in-memory model refuses (a class whose values are all equal) is refused in the database too.
          let memory: NaiveBayes<Label, DecodedRow[]> | Error;
          try {
            memory = NaiveBayes.fit(data, { target: "y", features, columns: ["g", "c", "k"] });
          } catch (error) {
            memory = error as Error;
          }
          const fit = fitNaiveBayes(e.query, { table, target: "y", features });
          if (memory instanceof Error) {
            await expect(fit).rejects.toThrow(memory.constructor as ErrorConstructor);
            return;
          }
          const model = await fit;
          expectClose(model.predictLogProba(data).data, memory.predictLogProba(data).data, 1e-9);
          await e.query(`DROP TABLE ${table}`);
        },
      ),
      { numRuns: 25, seed: 7 },
    );
  }, 60000);
});
