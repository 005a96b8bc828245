// The dialects without a live engine here (Spark SQL, BigQuery) by golden text, and what every
// dialect must guarantee by construction: exact doubles, quoted identifiers, escaped literals,
// no Σx² − n·mean², ln (never log), the option checks. The golden files are regenerated with
// UPDATE_GOLDEN=1 after a deliberate change; the guide describes a manual check on each engine.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Mixture, NaiveBayes } from "../../src/index.js";
import {
  DIALECTS,
  logProbSQL,
  mixtureStepSQL,
  naiveBayesStatsSQL,
  predictSQL,
  productStatsSQL,
  type DialectName,
} from "../../src/sql/index.js";

const golden = resolve(import.meta.dirname, "golden");

function expectGolden(name: string, text: string): void {
  const file = resolve(golden, name);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(golden, { recursive: true });
    writeFileSync(file, `${text}\n`);
  }
  expect(`${text}\n`).toBe(readFileSync(file, "utf8"));
}

const SPEC = {
  table: { sql: "SELECT * FROM events WHERE day > 3" },
  target: "style",
  features: { height: "gaussian", hair: "categorical", hat: "bernoulli", visits: "poisson" },
  valueTypes: { hat: "boolean" },
} as const;
const rows = [
  { style: "casual", height: 171.2, hair: "long", hat: true, visits: 3 },
  { style: "formal", height: 180.1, hair: "short", hat: false, visits: 0 },
  { style: "casual", height: 165.4, hair: "it's", hat: false, visits: 5 },
  { style: "formal", height: 177.9, hair: "short", hat: true, visits: 1 },
];
const nb = NaiveBayes.fit(rows, { target: "style", features: SPEC.features, columns: Object.keys(SPEC.features) });
const mix = Mixture.fit(
  [
    [0.1, 1.2],
    [0.3, 0.9],
    [5.2, 4.8],
    [4.9, 5.1],
    [0.2, 1.0],
    [5.1, 5.3],
  ],
  { nComponents: 2 },
);

describe.each(["spark", "bigquery"] as const)("%s: golden text", (dialect: DialectName) => {
  it("the Naive Bayes statistics statement", () => {
    expectGolden(`${dialect}-naive-bayes-stats.sql`, naiveBayesStatsSQL({ ...SPEC, dialect }).sql);
  });
  it("the scoring expressions", () => {
    expectGolden(`${dialect}-naive-bayes-log-prob.sql`, logProbSQL(nb, { dialect }));
    expectGolden(`${dialect}-naive-bayes-predict.sql`, predictSQL(nb, { dialect }));
  });
  it("an EM step", () => {
    expectGolden(
      `${dialect}-mixture-step.sql`,
      mixtureStepSQL(mix, { table: "points", columns: ["x", "y"], dialect }).sql,
    );
  });
});

describe.each(["duckdb", "postgres", "spark", "bigquery"] as const)("%s", (dialect) => {
  const d = DIALECTS[dialect];

  it("writes every double exactly: the literal reads back as the same double", () => {
    fc.assert(
      fc.property(fc.double(), (x) => {
        const m = /^CAST\('([^']*)' AS [A-Z ]+[0-9]*\)$/.exec(d.double(x));
        expect(m).not.toBeNull();
        const text = m![1]!.toLowerCase();
        const back =
          text === "nan" ? NaN : /^-?inf/.test(text) ? (text.startsWith("-") ? -Infinity : Infinity) : Number(text);
        expect(Object.is(back, x) || (x === 0 && back === 0)).toBe(true);
      }),
    );
  });

  it("quotes any identifier into one: the quote character doubled", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (name) => {
        const q = d.quote(name);
        const open = q[0]!;
        expect(q.at(-1)).toBe(open);
        // Inside, every quote character comes in pairs.
        expect(
          q
            .slice(1, -1)
            .split(open + open)
            .join("")
            .includes(open),
        ).toBe(false);
      }),
    );
  });

  it("escapes any string literal", () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const s = d.string(value);
        const inner = s.slice(1, -1);
        const unescaped =
          dialect === "spark" || dialect === "bigquery"
            ? inner.replace(/\\(.)/g, (_, c: string) => ({ n: "\n", r: "\r", t: "\t" })[c] ?? c)
            : inner.replace(/''/g, "'");
        expect(unescaped).toBe(value);
        // No quote ends the literal early: quotes come doubled (standard SQL) or escaped (backslash dialects).
        const safe = dialect === "spark" || dialect === "bigquery" ? /^(?:[^'\\\n\r]|\\[\s\S])*$/ : /^(?:[^']|'')*$/;
        expect(safe.test(inner)).toBe(true);
      }),
    );
  });

  it("centres the second pass, never Σx² − n·mean², and takes ln, never log", () => {
    const sql = naiveBayesStatsSQL({ ...SPEC, dialect }).sql + logProbSQL(nb, { dialect });
    expect(sql).not.toMatch(/sum\(\s*x\d+\s*\*\s*x\d+\s*\)/i);
    expect(sql).toMatch(/\(src\.x0 - c\.s0\) \* \(src\.x0 - c\.s0\)/);
    expect(sql).not.toMatch(/\blog\(/i);
  });

  it("quotes column names and escapes labels in every statement", () => {
    const evil = `x"; DROP TABLE t; --\``;
    const { sql } = productStatsSQL({ table: "t", features: { [evil]: "gaussian" }, dialect });
    expect(sql).toContain(d.quote(evil));
    expect(predictSQL(nb, { dialect })).toContain(d.string("casual"));
  });
});

describe("option checks", () => {
  it("refuses unknown options, naming them, and bad dialects", () => {
    expect(() => productStatsSQL({ table: "t", features: { x: "gaussian" }, alfa: 1 } as never)).toThrow(
      /productStatsSQL: unknown option "alfa"; the options are table, features, columns, dialect, valueTypes, missing, alpha/,
    );
    expect(() => productStatsSQL({ table: "t", features: { x: "gaussian" }, dialect: "oracle" as never })).toThrow(
      /options.dialect must be "duckdb", "postgres", "spark", "bigquery"/,
    );
    expect(() => naiveBayesStatsSQL({ table: "t", features: { x: "gaussian" } } as never)).toThrow(
      /naiveBayesStatsSQL: options.target must be a column name/,
    );
    expect(() => productStatsSQL({ table: "t", features: { x: "weibull" as never } })).toThrow(
      /options.features\["x"\]/,
    );
    expect(() => productStatsSQL({ table: "t", features: { b: "bernoulli" } })).toThrow(/valueTypes\["b"\]/);
    expect(() => logProbSQL(mix, { dialect: "duckdb" })).toThrow(/logProbSQL: the model was fitted to a matrix/);
    expect(() => logProbSQL(mix, { columns: ["x"] })).toThrow(/options.columns must be an array of 2 column names/);
    expect(() => logProbSQL({} as never)).toThrow(/logProbSQL: model must be a NaiveBayes, Product or Mixture/);
  });

  it("parse refuses rows the statement does not write", () => {
    const { parse } = productStatsSQL({ table: "t", features: { x: "gaussian" } });
    expect(() => parse([])).toThrow(/the table has no rows/);
    expect(() => parse([{ section: 5, y: 0, n: 1 }])).toThrow(/a row of section 5/);
    expect(() => parse([{ section: 0, y: 0, n: 2, n0: 2, s0: Infinity, d0: 0, q0: 0 }])).toThrow(/infinite or NaN/);
  });
});
