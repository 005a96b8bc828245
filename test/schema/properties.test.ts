/**
 * Properties of Schema on random tables (fast-check): mixed kinds, columns with awkward names,
 * keys in random order, absent keys, null and undefined, extra keys. The expected columns,
 * kinds and codes are computed here from the rules (first appearance, one code per distinct
 * value), not by the code under test.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FeatureKind } from "../../src/schema/kinds.js";
import { Schema } from "../../src/schema/schema.js";

type ColumnType =
  | "gaussian"
  | "bernoulli-boolean"
  | "bernoulli-01"
  | "categorical-string"
  | "categorical-number"
  | "categorical-boolean"
  | "poisson";
type Value = string | number | boolean;
/** A cell as generated: a value, or one of the three spellings of a missing value. */
type Cell = { value: Value } | { missing: "null" | "undefined" | "absent" };

// Names an object literal, a prototype or a message could trip over.
const NAMES = ["hair", "hat", "height", "shoe size", "constructor", "__proto__", "toString", "hasOwnProperty", "", "é"];
const TYPES: ColumnType[] = [
  "gaussian",
  "bernoulli-boolean",
  "bernoulli-01",
  "categorical-string",
  "categorical-number",
  "categorical-boolean",
  "poisson",
];

function valueOf(type: ColumnType): fc.Arbitrary<Value> {
  switch (type) {
    case "gaussian":
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case "bernoulli-boolean":
    case "categorical-boolean":
      return fc.boolean();
    case "bernoulli-01":
      return fc.constantFrom(0, 1);
    case "categorical-string":
      return fc.oneof(fc.constantFrom("long", "short", "bald", "true", "0", ""), fc.string({ maxLength: 3 }));
    case "categorical-number":
      // Not −0: 0 and −0 are one category (as in a Map), so −0 would decode as 0.
      return fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(2.5, 1e300, -1e-300)).map((v) => v + 0);
    case "poisson":
      return fc.oneof(fc.nat(10), fc.constantFrom(0, 2 ** 53 - 1));
  }
}

/** The kind the schema should give, and the kind to pass in `features` (null: let it infer). */
function kindOf(type: ColumnType): { kind: FeatureKind; given: FeatureKind | null } {
  switch (type) {
    case "gaussian":
      return { kind: "gaussian", given: null };
    case "bernoulli-boolean":
      return { kind: "bernoulli", given: null };
    case "categorical-string":
      return { kind: "categorical", given: null };
    case "bernoulli-01":
      return { kind: "bernoulli", given: "bernoulli" };
    case "categorical-number":
    case "categorical-boolean":
      return { kind: "categorical", given: "categorical" };
    case "poisson":
      return { kind: "poisson", given: "poisson" };
  }
}

interface Table {
  columns: { name: string; type: ColumnType }[];
  /** cells[i][j]: row i, column j. */
  cells: Cell[][];
  /** Per row, a sort key per column and the extra key: the order keys are written in. */
  order: number[][];
  withTarget: boolean;
  labels: string[];
}

const table: fc.Arbitrary<Table> = fc
  .uniqueArray(fc.record({ name: fc.constantFrom(...NAMES), type: fc.constantFrom(...TYPES) }), {
    selector: (c) => c.name,
    minLength: 1,
    maxLength: 6,
  })
  .chain((columns) =>
    fc.integer({ min: 1, max: 25 }).chain((n) =>
      fc.record({
        columns: fc.constant(columns),
        cells: fc.array(
          fc.tuple(
            ...columns.map((c) =>
              fc.oneof(
                { weight: 5, arbitrary: valueOf(c.type).map((value): Cell => ({ value })) },
                {
                  weight: 1,
                  arbitrary: fc.constantFrom("null", "undefined", "absent").map((missing): Cell => ({ missing })),
                },
              ),
            ),
          ),
          { minLength: n, maxLength: n },
        ),
        order: fc.array(
          fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
            minLength: columns.length + 1,
            maxLength: columns.length + 1,
          }),
          {
            minLength: n,
            maxLength: n,
          },
        ),
        withTarget: fc.boolean(),
        labels: fc.array(fc.constantFrom("casual", "formal", "sporty"), { minLength: n, maxLength: n }),
      }),
    ),
  )
  // Every column needs a value somewhere, or it cannot be inferred.
  .filter((t) => t.columns.every((_, j) => t.cells.some((row) => "value" in row[j]!)));

/**
 * The rows of a table as plain objects, keys written in the row's random order. Built with
 * Object.fromEntries so that "__proto__" is an own key, as JSON.parse makes it.
 */
function rowsOf(t: Table, extra: boolean): Record<string, unknown>[] {
  return t.cells.map((cells, i) => {
    const entries: [string, unknown, number][] = [];
    t.columns.forEach((c, j) => {
      const cell = cells[j]!;
      if ("value" in cell) entries.push([c.name, cell.value, t.order[i]![j]!]);
      else if (cell.missing !== "absent")
        entries.push([c.name, cell.missing === "null" ? null : undefined, t.order[i]![j]!]);
    });
    if (t.withTarget) entries.push(["style", t.labels[i], t.order[i]![t.columns.length]!]);
    if (extra) entries.push(["not a feature", { any: "thing" }, 0.5], ["also extra", i, 0.25]);
    entries.sort((a, b) => a[2] - b[2]);
    return Object.fromEntries(entries.map(([k, v]) => [k, v]));
  });
}

/** The feature columns by the rule: own keys but the target, in order of first appearance. */
function expectedColumns(rows: Record<string, unknown>[]): string[] {
  const names: string[] = [];
  for (const row of rows) for (const k of Object.keys(row)) if (k !== "style" && !names.includes(k)) names.push(k);
  return names;
}

function featuresOf(t: Table): Record<string, FeatureKind> {
  const features: Record<string, FeatureKind> = {};
  for (const c of t.columns) {
    const given = kindOf(c.type).given;
    if (given !== null) Object.defineProperty(features, c.name, { value: given, enumerable: true });
  }
  return features;
}

/** The matrix the rules give: numbers as they are, booleans 0/1, codes by first appearance, NaN for missing. */
function expectedMatrix(t: Table, names: string[]): number[][] {
  const byName = new Map(t.columns.map((c, j) => [c.name, { ...c, j }]));
  const cols = names.map((name) => {
    const c = byName.get(name)!;
    const seen: Value[] = [];
    for (const row of t.cells) {
      const cell = row[c.j]!;
      if ("value" in cell && !seen.includes(cell.value)) seen.push(cell.value);
    }
    return { ...c, seen };
  });
  return t.cells.map((row) =>
    cols.map((c) => {
      const cell = row[c.j]!;
      if (!("value" in cell)) return NaN;
      if (kindOf(c.type).kind === "categorical") return c.seen.indexOf(cell.value);
      return typeof cell.value === "boolean" ? (cell.value ? 1 : 0) : (cell.value as number);
    }),
  );
}

/** Element-wise Object.is (so NaN equals NaN and −0 differs from 0). */
function expectSameMatrix(actual: Float64Array, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let k = 0; k < actual.length; k++) {
    if (!Object.is(actual[k], expected[k])) expect.fail(`element ${k}: ${actual[k]} vs ${expected[k]}`);
  }
}

const FC = { numRuns: 300, seed: 20261126 };

describe("Schema on random tables", () => {
  it("infers the columns in order of first appearance and each column's kind", () => {
    fc.assert(
      fc.property(table, (t) => {
        const rows = rowsOf(t, false);
        const schema = Schema.infer(rows, { features: featuresOf(t), ...(t.withTarget ? { target: "style" } : {}) });
        const names = expectedColumns(rows);
        expect(schema.columns).toEqual(names);
        const typeOf = new Map(t.columns.map((c) => [c.name, c.type]));
        expect(schema.kinds).toEqual(names.map((n) => kindOf(typeOf.get(n)!).kind));
      }),
      FC,
    );
  });

  it("encodes by the rules, and decoding returns every column unchanged (missing stays missing)", () => {
    fc.assert(
      fc.property(table, (t) => {
        const rows = rowsOf(t, false);
        const schema = Schema.infer(rows, { features: featuresOf(t), ...(t.withTarget ? { target: "style" } : {}) });
        const { X, y } = schema.encode(rows, { missing: "ignore" });
        expectSameMatrix(X.data, expectedMatrix(t, schema.columns as string[]).flat());
        expect(y).toEqual(t.withTarget ? t.labels : undefined);

        const back = schema.decode(X);
        back.forEach((obj, i) => {
          const row = rows[i]!;
          const present = schema.columns.filter((c) => Object.prototype.hasOwnProperty.call(row, c) && row[c] != null);
          expect(Object.keys(obj)).toEqual(present);
          for (const c of present)
            if (!Object.is(obj[c], row[c])) expect.fail(`row ${i}, ${c}: ${String(obj[c])} vs ${String(row[c])}`);
        });
      }),
      FC,
    );
  });

  it("ignores extra keys and the order of keys", () => {
    fc.assert(
      fc.property(table, (t) => {
        const rows = rowsOf(t, false);
        const schema = Schema.infer(rows, { features: featuresOf(t), ...(t.withTarget ? { target: "style" } : {}) });
        const shuffled = rowsOf({ ...t, order: t.order.map((o) => o.map((v) => 1 - v)) }, true);
        expectSameMatrix(
          schema.encode(shuffled, { missing: "ignore" }).X.data,
          schema.encode(rows, { missing: "ignore" }).X.data,
        );
      }),
      FC,
    );
  });

  it("a JSON round trip preserves the schema and its encoding exactly", () => {
    fc.assert(
      fc.property(table, (t) => {
        const rows = rowsOf(t, false);
        const schema = Schema.infer(rows, { features: featuresOf(t), ...(t.withTarget ? { target: "style" } : {}) });
        const restored = Schema.fromJSON(JSON.parse(JSON.stringify(schema)));
        expect(restored.toJSON()).toEqual(schema.toJSON());
        expect(restored.columns).toEqual(schema.columns);
        expect(restored.kinds).toEqual(schema.kinds);
        const a = schema.encode(rows, { missing: "ignore" });
        const b = restored.encode(rows, { missing: "ignore" });
        expectSameMatrix(b.X.data, a.X.data);
        expect(b.y).toEqual(a.y);
        expect(restored.decode(a.X)).toEqual(schema.decode(a.X));
      }),
      FC,
    );
  });

  it("with missing: 'error', encode throws exactly when some feature value is missing", () => {
    fc.assert(
      fc.property(table, (t) => {
        const rows = rowsOf(t, false);
        const schema = Schema.infer(rows, { features: featuresOf(t) });
        const anyMissing = t.cells.some((row) => row.some((cell) => !("value" in cell)));
        if (anyMissing) expect(() => schema.encode(rows)).toThrow(/ is missing; set missing: "ignore"/);
        else expect(() => schema.encode(rows)).not.toThrow();
      }),
      FC,
    );
  });

  it("decode then encode returns any valid matrix unchanged", () => {
    fc.assert(
      fc.property(
        table.chain((t) => {
          const rows = rowsOf(t, false);
          const schema = Schema.infer(rows, { features: featuresOf(t) });
          const cell = (j: number): fc.Arbitrary<number> => {
            const kind = schema.kinds[j]!;
            const valid =
              kind === "gaussian"
                ? fc.double({ noNaN: true, noDefaultInfinity: true })
                : kind === "bernoulli"
                  ? fc.constantFrom(0, 1)
                  : kind === "poisson"
                    ? fc.nat(1000)
                    : fc.nat(schema.categories(schema.columns[j]!).length - 1);
            return fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: fc.constant(NaN) });
          };
          const row = fc.tuple(...schema.columns.map((_, j) => cell(j)));
          return fc.tuple(fc.constant(schema), fc.array(row, { maxLength: 20 }));
        }),
        ([schema, X]) => {
          const again = schema.encode(schema.decode(X), { missing: "ignore" }).X;
          expectSameMatrix(again.data, X.flat());
        },
      ),
      { ...FC, numRuns: 200 },
    );
  });
});
