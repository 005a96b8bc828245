/**
 * Every error of Schema names what is wrong and where: the function, the row (rows[i] or X[i][j])
 * and the column, and the value when there is one.
 */
import { describe, expect, it } from "vitest";
import { MAX_CATEGORIES } from "../../src/core/limits.js";
import { Schema } from "../../src/schema/schema.js";

const rows = [
  { hair: "long", hat: true, height: 172, visits: 2, style: "casual" },
  { hair: "short", hat: false, height: 181, visits: 0, style: "formal" },
];
const schema = Schema.infer(rows, { target: "style", features: { visits: "poisson" } });
const ok = { hair: "long", hat: true, height: 170, visits: 1 };

/** The error thrown by f (failing the test when there is none). */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  return expect.fail("expected an error");
}

describe("Schema.infer errors", () => {
  it("a column mixing numbers and strings names the column and the first row of the other type", () => {
    const e = thrown(() => Schema.infer([{ a: 1 }, { a: null }, { a: 2 }, { a: "x" }, { a: "y" }]));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe(
      'Schema.infer: column "a" mixes numbers (first at rows[0]) and strings (rows[3].a is "x"); a column holds one type of value',
    );
  });

  it("a column mixing booleans and strings is refused too", () => {
    expect(() => Schema.infer([{ hat: true }, { hat: "yes" }])).toThrow(
      /column "hat" mixes booleans .*\(rows\[1\]\.hat is "yes"/,
    );
  });

  it.each([
    ["an array", [1, 2], "an array of length 2"],
    ["null", null, "null"],
    ["a Date", new Date(0), "a Date"],
    ["a Map", new Map(), "a Map"],
    ["a class instance", new (class Person {})(), "a Person"],
    ["a number", 3, "3"],
    ["a string", "row", '"row"'],
  ])("a row that is %s is not a plain object, named by its index", (_what, bad, described) => {
    const e = thrown(() => Schema.infer([{ a: 1 }, { a: 2 }, bad as never]));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe(`Schema.infer: rows[2] must be a plain object ({ column: value }), got ${described}`);
  });

  it("a hole in a sparse array is not a row", () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(() => Schema.infer([{ a: 1 }, , { a: 2 }] as never)).toThrow("rows[1] must be a plain object");
  });

  it("rows that are not an array, or an empty array", () => {
    expect(() => Schema.infer({ a: 1 } as never)).toThrow(TypeError);
    expect(() => Schema.infer([])).toThrow("Schema.infer: rows is empty");
  });

  it("a target that is not a string, or that no row has", () => {
    const e = thrown(() => Schema.infer(rows, { target: 3 as never }));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe("Schema.infer: options.target must be a column name (a string), got 3");
    const f = thrown(() => Schema.infer(rows, { target: "styl" }));
    expect(f).toBeInstanceOf(RangeError);
    expect(f.message).toBe('Schema.infer: options.target is "styl", but no row has "styl"');
    expect(() => Schema.infer([{ a: 1, y: null }], { target: "y" })).toThrow('no row has "y"');
  });

  it("a column with more than MAX_CATEGORIES categories names the column and the row", () => {
    const many = Array.from({ length: MAX_CATEGORIES + 1 }, (_, i) => ({ id: `p${i}`, x: 1 }));
    const e = thrown(() => Schema.infer(many));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe(
      `Schema.infer: column "id" has more than MAX_CATEGORIES = ${MAX_CATEGORIES} categories (the next new one is rows[${MAX_CATEGORIES}].id)`,
    );
    // Exactly MAX_CATEGORIES is accepted.
    expect(Schema.infer(many.slice(0, MAX_CATEGORIES)).categories("id")).toHaveLength(MAX_CATEGORIES);
  });

  it("a column with only missing values names the column", () => {
    const e = thrown(() => Schema.infer([{ a: 1, b: null }, { a: 2 }]));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toMatch(/^Schema\.infer: column "b" has only missing values/);
    expect(() => Schema.infer([{ a: 1 }], { columns: ["a", "b"] })).toThrow('column "b" has only missing values');
  });

  it("a value its kind cannot take names the row and the column", () => {
    expect(() => Schema.infer([{ hat: true }], { features: { hat: "gaussian" } })).toThrow(
      'Schema.infer: column "hat" is given kind "gaussian", which takes numbers, but rows[0].hat is true',
    );
    expect(() => Schema.infer([{ v: "2" }], { features: { v: "poisson" } })).toThrow(TypeError);
    expect(() => Schema.infer([{ v: "a" }], { features: { v: "bernoulli" } })).toThrow("which takes booleans or 0/1");
    expect(() => Schema.infer([{ v: 1 }, { v: 2.5 }], { features: { v: "poisson" } })).toThrow(
      'Schema.infer: rows[1].v is 2.5, but column "v" is poisson and takes integer counts >= 0',
    );
    expect(() => Schema.infer([{ v: 1 }, { v: -1 }], { features: { v: "poisson" } })).toThrow("rows[1].v is -1");
    expect(() => Schema.infer([{ v: 0 }, { v: 2 }], { features: { v: "bernoulli" } })).toThrow(
      'Schema.infer: rows[1].v is 2, but column "v" is bernoulli and takes 0 or 1 (or booleans)',
    );
  });

  it.each([NaN, Infinity, -Infinity])("a number %s is refused, naming the cell (null marks a missing value)", (x) => {
    const e = thrown(() => Schema.infer([{ a: 1 }, { a: x }]));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe(`Schema.infer: rows[1].a is ${x}; numbers must be finite (null marks a missing value)`);
  });

  it.each([
    ["an object", {}],
    ["an array", [1]],
    ["a bigint", 1n],
    ["a function", () => 1],
  ])("a value that is %s is refused, naming the cell", (_what, v) => {
    expect(() => Schema.infer([{ "shoe size": v }])).toThrow(
      /^Schema\.infer: rows\[0\]\["shoe size"\] is .*; a value must be a number, a boolean or a string/,
    );
  });

  it("bad options name the option", () => {
    expect(() => Schema.infer(rows, null as never)).toThrow("Schema.infer: options must be an object, got null");
    expect(() => Schema.infer(rows, { features: { hat: "binary" as never } })).toThrow(
      'options.features["hat"] must be one of "gaussian", "bernoulli", "categorical", "poisson", "multinomial", "multivariate-gaussian", got "binary"',
    );
    expect(() => Schema.infer(rows, { features: "binary" as never })).toThrow(TypeError);
    expect(() => Schema.infer(rows, { features: ["gaussian"] as never })).toThrow("options.features must be");
    expect(() => Schema.infer(rows, { features: { hats: "bernoulli" } })).toThrow(
      'Schema.infer: options.features names "hats", which no row has',
    );
    expect(() => Schema.infer(rows, { target: "style", features: { style: "categorical" } })).toThrow(
      'options.features names the target "style"',
    );
    expect(() => Schema.infer(rows, { columns: "hair" as never })).toThrow("options.columns must be an array");
    expect(() => Schema.infer(rows, { columns: [] })).toThrow("options.columns is empty");
    expect(() => Schema.infer(rows, { columns: ["hair", "hair"] })).toThrow('options.columns lists "hair" twice');
    expect(() => Schema.infer(rows, { columns: ["hair", 1 as never] })).toThrow(
      "options.columns[1] must be a column name",
    );
    expect(() => Schema.infer(rows, { target: "style", columns: ["style"] })).toThrow(
      'options.columns[0] is the target "style"',
    );
    expect(() => Schema.infer(rows, { columns: ["hair"], features: { hat: "bernoulli" } })).toThrow(
      'options.features names "hat", which is not in options.columns',
    );
    expect(() => Schema.infer([{ style: "a" }], { target: "style" })).toThrow("no columns besides the target");
  });
});

describe("Schema.encode errors", () => {
  it("a missing value is a RangeError naming the row and the column, under the default policy", () => {
    for (const bad of [
      { hair: "long", hat: null, height: 1, visits: 0 },
      { hair: "long", hat: undefined, height: 1, visits: 0 },
      { hair: "long", height: 1, visits: 0 },
    ]) {
      const e = thrown(() => schema.encode([ok, ok, ok, bad]));
      expect(e).toBeInstanceOf(RangeError);
      expect(e.message).toBe(
        'Schema.encode: rows[3].hat is missing; set missing: "ignore" to leave missing values out',
      );
    }
  });

  it("an unseen category under unseen: 'error' names the column and the value", () => {
    const e = thrown(() => schema.encode([ok, { ...ok, hair: "purple" }], { unseen: "error" }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe(
      'Schema.encode: rows[1].hair is "purple", a category of column "hair" never seen in training (it has "long", "short"); set unseen: "smooth" or "ignore" to encode it as unseen',
    );
  });

  it("a long category list is shortened in the message", () => {
    const s = Schema.infer("abcdefg".split("").map((c) => ({ c })));
    expect(() => s.encode([{ c: "z" }], { unseen: "error" })).toThrow('it has "a", "b", "c", "d", "e", … (7 in all)');
  });

  it("a value of another type than the column's names the row, the column and the type", () => {
    const e = thrown(() => schema.encode([{ ...ok, hat: "yes" }]));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe('Schema.encode: rows[0].hat is "yes", but column "hat" holds booleans');
    expect(() => schema.encode([{ ...ok, height: "tall" }])).toThrow(
      'rows[0].height is "tall", but column "height" holds numbers',
    );
    expect(() => schema.encode([{ ...ok, height: {} }])).toThrow("rows[0].height is an object; a value must be");
  });

  it("a count that is not an integer >= 0 is a RangeError naming the row and the column", () => {
    expect(() => schema.encode([ok, { ...ok, visits: 1.5 }])).toThrow(
      'Schema.encode: rows[1].visits is 1.5, but column "visits" is poisson and takes integer counts >= 0',
    );
    expect(() => schema.encode([{ ...ok, visits: -2 }])).toThrow(RangeError);
    expect(() => schema.encode([{ ...ok, height: NaN }])).toThrow("rows[0].height is NaN; numbers must be finite");
  });

  it("a row without the target, when others have it, names the row", () => {
    const e = thrown(() => schema.encode([{ ...ok, style: "casual" }, ok]));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe('Schema.encode: rows[1] has no "style" (the target); every row needs a label');
  });

  it("labels must be finite numbers or strings, one type for all rows", () => {
    expect(() => schema.encode([{ ...ok, style: true }])).toThrow(
      "Schema.encode: rows[0].style is true; a label must be a string or a number",
    );
    expect(() => schema.encode([{ ...ok, style: Infinity }])).toThrow(
      "rows[0].style is Infinity; a label must be finite",
    );
    expect(() =>
      schema.encode([
        { ...ok, style: "a" },
        { ...ok, style: 2 },
      ]),
    ).toThrow(
      'Schema.encode: rows[1].style is 2, but the labels are strings (rows[0].style is "a"); one model takes one type of label',
    );
  });

  it("rows that are not plain objects are named", () => {
    expect(() => schema.encode([ok, [1, 2, 3, 4] as never])).toThrow(
      "Schema.encode: rows[1] must be a plain object ({ column: value }), got an array of length 2".replace("2", "4"),
    );
    expect(() => schema.encode(new Float64Array(4) as never)).toThrow("Schema.encode: rows must be an array");
  });

  it("options.where names the caller, and bad options are named", () => {
    expect(() => schema.encode([{ ...ok, hat: null }], { where: "NaiveBayes.predict" })).toThrow(
      /^NaiveBayes\.predict: rows\[0\]\.hat is missing/,
    );
    expect(() => schema.encode([ok], { missing: "skip" as never })).toThrow(
      'Schema.encode: options.missing must be "error" or "ignore", got "skip"',
    );
    expect(() => schema.encode([ok], { unseen: "drop" as never })).toThrow("options.unseen must be");
    expect(() => schema.encode([ok], { where: 1 as never })).toThrow("options.where must be a string");
    expect(() => schema.encode([ok], 5 as never)).toThrow("Schema.encode: options must be an object");
  });
});

describe("Schema.decode errors", () => {
  it("a code outside the known categories names the row and the column", () => {
    const e = thrown(() =>
      schema.decode([
        [0, 1, 170, 1],
        [2, 1, 170, 1],
      ]),
    );
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe(
      'Schema.decode: X[1][0] (column "hair") is 2, not a code of the column (its codes are 0..1)',
    );
    expect(() => schema.decode([[0.5, 1, 170, 1]])).toThrow("X[0][0]");
    expect(() => schema.decode([[-1, 1, 170, 1]])).toThrow("X[0][0]");
  });

  it("a Bernoulli value other than 0/1, a negative count, an infinite value, a non-number", () => {
    expect(() => schema.decode([[0, 0.5, 170, 1]])).toThrow(
      'Schema.decode: X[0][1] (column "hat") is 0.5, but a bernoulli column takes 0 or 1 (or booleans)',
    );
    expect(() => schema.decode([[0, 1, 170, -1]])).toThrow(
      'X[0][3] (column "visits") is -1, but a poisson column takes integer counts >= 0',
    );
    expect(() => schema.decode([[0, 1, Infinity, 1]])).toThrow(
      'X[0][2] (column "height") is Infinity; values must be finite',
    );
    expect(() => schema.decode([[0, 1, "170" as never, 1]])).toThrow("Schema.decode: X[0][2] must be a number");
  });

  it("a matrix with another number of columns", () => {
    expect(() => schema.decode([[0, 1, 170]])).toThrow(
      "Schema.decode: X has 3 columns, but the schema has 4 (hair, hat, height, visits)",
    );
    expect(() => schema.decode([[0, 1, 170, 1], [0]])).toThrow("X[1] has 1 values but X[0] has 4");
    expect(schema.decode([])).toEqual([]);
  });
});

describe("Schema.categories errors", () => {
  it("names an unknown or non-categorical column", () => {
    expect(() => schema.categories("hat")).toThrow('Schema.categories: column "hat" is bernoulli, not categorical');
    expect(() => schema.categories("style")).toThrow('Schema.categories: no feature column "style"');
  });
});

describe("Schema.fromJSON errors", () => {
  const good = schema.toJSON();
  const edit = (patch: Record<string, unknown>): unknown => ({ ...JSON.parse(JSON.stringify(good)), ...patch });

  it.each([
    ["not a schema", { type: "Gaussian" }, 'expected an object with type "Schema"'],
    ["another version", edit({ version: 2 }), "unsupported version 2"],
    ["no columns", edit({ columns: [] }), "columns must be a non-empty array"],
    ["misaligned kinds", edit({ kinds: ["categorical"] }), "kinds must be an array with one entry per column (4)"],
    [
      "a bad kind",
      edit({ kinds: ["categorical", "binary", "gaussian", "poisson"] }),
      'kinds[1] is not a feature kind: "binary"',
    ],
    ["a bad value type", edit({ valueTypes: ["string", "date", "number", "number"] }), "valueTypes[1] must be"],
    [
      "a kind that cannot hold its type",
      edit({ valueTypes: ["string", "boolean", "string", "number"] }),
      'column "height" is gaussian but valueTypes[2] is "string"',
    ],
    [
      "categories on a gaussian column",
      edit({ categories: [["long", "short"], null, [1], null] }),
      "categories[2] must be null for a gaussian column",
    ],
    [
      "no categories",
      edit({ categories: [[], null, null, null] }),
      "categories[0] must be a non-empty array of strings",
    ],
    [
      "a category twice",
      edit({ categories: [["long", "long"], null, null, null] }),
      'categories[0] lists "long" twice',
    ],
    [
      "a category of another type",
      edit({ categories: [["long", 3], null, null, null] }),
      "categories[0][1] must be a string, got 3",
    ],
    ["a column twice", edit({ columns: ["hair", "hair", "height", "visits"] }), 'columns lists "hair" twice'],
    ["the target as a column", edit({ target: "hair" }), 'columns[0] is the target "hair"'],
    ["a bad target", edit({ target: 5 }), "target must be a column name or null"],
  ])("refuses %s", (_what, json, message) => {
    expect(() => Schema.fromJSON(json)).toThrow(message);
  });

  it("refuses more than MAX_CATEGORIES categories, by the array's own length", () => {
    const cats = Array.from({ length: MAX_CATEGORIES + 1 }, (_, i) => i);
    const json = {
      type: "Schema",
      version: 1,
      columns: ["a"],
      kinds: ["categorical"],
      valueTypes: ["number"],
      categories: [cats],
      target: null,
    };
    expect(() => Schema.fromJSON(json)).toThrow(
      `categories[0] has ${MAX_CATEGORIES + 1} categories, more than MAX_CATEGORIES`,
    );
  });
});
