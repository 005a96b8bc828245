/**
 * The unseen and missing policies of Schema.encode: what an unseen category and a missing value
 * encode to under each, and that a refused call changes nothing.
 */
import { describe, expect, it } from "vitest";
import { Schema } from "../../src/schema/schema.js";

const train = [
  { hair: "long", colour: "red", hat: true, size: 38 },
  { hair: "short", colour: "navy", hat: false, size: 42 },
  { hair: "bald", colour: "red", hat: false, size: 40 },
];
const schema = Schema.infer(train, { features: { size: "categorical" } });

describe("unseen categories", () => {
  it.each(["smooth", "ignore", undefined] as const)(
    "under %s encode as the code one past the last known category",
    (unseen) => {
      const { X } = schema.encode([{ hair: "curly", colour: "green", hat: true, size: 44 }], unseen ? { unseen } : {});
      // hair has 3 categories, colour 2, size 3: the unseen codes are 3, 2 and 3.
      expect(Array.from(X.data)).toEqual([3, 2, 1, 3]);
    },
  );

  it("are refused under 'error', naming the column and the value", () => {
    expect(() => schema.encode([{ hair: "long", colour: "red", hat: true, size: 44 }], { unseen: "error" })).toThrow(
      'rows[0].size is 44, a category of column "size" never seen in training (it has 38, 42, 40)',
    );
  });

  it("an unseen code does not decode: it stands for no known category", () => {
    const { X } = schema.encode([{ hair: "curly", colour: "red", hat: true, size: 38 }]);
    expect(() => schema.decode(X)).toThrow(
      'X[0][0] (column "hair") is 3, not a code of the column (its codes are 0..2)',
    );
  });
});

describe("missing values", () => {
  const partial = [
    { hair: "long", colour: null, size: 40 },
    { hair: undefined, colour: "navy", hat: true, size: 38 },
  ];

  it("'ignore' encodes null, undefined and absent keys as NaN", () => {
    const { X } = schema.encode(partial, { missing: "ignore" });
    expect(X.toArray()).toEqual([
      [0, NaN, NaN, 2],
      [NaN, 1, 1, 0],
    ]);
  });

  it("decoding NaN leaves the key out", () => {
    const { X } = schema.encode(partial, { missing: "ignore" });
    expect(schema.decode(X)).toEqual([
      { hair: "long", size: 40 },
      { colour: "navy", hat: true, size: 38 },
    ]);
  });

  it("'error' (the default) names the first missing cell, row by row", () => {
    expect(() => schema.encode(partial)).toThrow('Schema.encode: rows[0].colour is missing; set missing: "ignore"');
  });
});

describe("a refused call changes nothing", () => {
  it("leaves the rows and the schema as they were", () => {
    const rows = [
      { hair: "long", colour: "red", hat: true, size: 38 },
      { hair: "long", colour: "red", hat: "no", size: 38 },
    ];
    const before = JSON.stringify(rows);
    const json = JSON.stringify(schema);
    expect(() => schema.encode(rows)).toThrow(TypeError);
    expect(JSON.stringify(rows)).toBe(before);
    expect(JSON.stringify(schema)).toBe(json);
    expect(Array.from(schema.encode(rows.slice(0, 1)).X.data)).toEqual([0, 0, 1, 0]);
  });
});
