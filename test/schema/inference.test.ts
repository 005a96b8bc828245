/**
 * How Schema.infer reads a table: kinds from the first non-missing value, kinds given per
 * column, the default column order (first appearance over all rows), the target left out,
 * categories in order of first appearance, and the codes encode writes for each kind.
 */
import { describe, expect, it } from "vitest";
import { Schema } from "../../src/schema/schema.js";

const outfits = [
  { hair: "long", hat: true, height: 172.5, style: "casual" },
  { height: 181, hair: "short", hat: false, style: "formal", visits: 3 },
  { hair: "bald", style: "casual", hat: true, height: 160, visits: 0 },
  { hair: "short", hat: true, height: 175, style: "sporty", visits: 7 },
];

describe("Schema.infer", () => {
  it("reads number → gaussian, boolean → bernoulli, string → categorical, and leaves the target out", () => {
    const s = Schema.infer(outfits, { target: "style" });
    expect(s.columns).toEqual(["hair", "hat", "height", "visits"]);
    expect(s.kinds).toEqual(["categorical", "bernoulli", "gaussian", "gaussian"]);
    expect(s.target).toBe("style");
    expect(s.categories("hair")).toEqual(["long", "short", "bald"]);
  });

  it("without a target, every key is a feature, in order of first appearance over all rows", () => {
    const s = Schema.infer([{ a: 1 }, { b: "x", a: 2 }, { c: true }, { b: "y", d: 0 }]);
    expect(s.columns).toEqual(["a", "b", "c", "d"]);
    expect(s.target).toBeNull();
  });

  it("takes a column's kind from its first non-missing value", () => {
    const s = Schema.infer([{ a: null, b: undefined }, { c: 1 }, { a: true, b: "x" }]);
    expect(s.columns).toEqual(["a", "b", "c"]);
    expect(s.kinds).toEqual(["bernoulli", "categorical", "gaussian"]);
  });

  it("uses the kinds given in features and infers the others", () => {
    const s = Schema.infer(outfits, { target: "style", features: { visits: "poisson", hat: "categorical" } });
    expect(s.kinds).toEqual(["categorical", "categorical", "gaussian", "poisson"]);
    expect(s.categories("hat")).toEqual([true, false]);
  });

  it("one kind given alone is the kind of every column", () => {
    const s = Schema.infer([{ a: 1, b: true, c: "x" }], { features: "categorical" });
    expect(s.kinds).toEqual(["categorical", "categorical", "categorical"]);
    expect(s.categories("a")).toEqual([1]);
  });

  it("a numeric column given 'categorical' has the numbers as categories, by first appearance", () => {
    const s = Schema.infer([{ size: 42 }, { size: 38 }, { size: 42 }, { size: 40.5 }], {
      features: { size: "categorical" },
    });
    expect(s.categories("size")).toEqual([42, 38, 40.5]);
    expect(Array.from(s.encode([{ size: 40.5 }, { size: 42 }]).X.data)).toEqual([2, 0]);
    expect(s.decode([[1]])).toEqual([{ size: 38 }]);
  });

  it("keeps the category true apart from the category 'true'", () => {
    const s = Schema.infer([{ a: "true" }, { a: "false" }]);
    expect(s.categories("a")).toEqual(["true", "false"]);
    expect(() => s.encode([{ a: true }])).toThrow(/rows\[0\]\.a is true, but column "a" holds strings/);
  });

  it("options.columns selects and orders the features; other keys are ignored", () => {
    const s = Schema.infer(outfits, { target: "style", columns: ["height", "hair"] });
    expect(s.columns).toEqual(["height", "hair"]);
    expect(s.encode(outfits).X.toArray()).toEqual([
      [172.5, 0],
      [181, 1],
      [160, 2],
      [175, 1],
    ]);
  });

  it("encodes each kind: the number, 0/1, the category code, the count", () => {
    const s = Schema.infer(outfits, { target: "style", features: { visits: "poisson" } });
    const { X, y } = s.encode(outfits, { missing: "ignore" });
    expect(X.rows).toBe(4);
    expect(X.cols).toBe(4);
    expect(X.toArray()).toEqual([
      [0, 1, 172.5, NaN],
      [1, 0, 181, 3],
      [2, 1, 160, 0],
      [1, 1, 175, 7],
    ]);
    expect(y).toEqual(["casual", "formal", "casual", "sporty"]);
  });

  it("a column of 0/1 numbers given 'bernoulli' keeps them, and decodes back to numbers", () => {
    const s = Schema.infer([{ a: 0 }, { a: 1 }, { a: 1 }], { features: { a: "bernoulli" } });
    expect(Array.from(s.encode([{ a: 1 }, { a: 0 }]).X.data)).toEqual([1, 0]);
    expect(s.decode([[1], [0]])).toEqual([{ a: 1 }, { a: 0 }]);
  });

  it("decodes booleans as booleans, counts as integers, codes as categories", () => {
    const s = Schema.infer(outfits, { target: "style", features: { visits: "poisson" } });
    const decoded = s.decode({ data: new Float64Array([2, 0, 190.25, 4, 0, 1, 150, 1]), rows: 2, cols: 4 });
    expect(decoded).toEqual([
      { hair: "bald", hat: false, height: 190.25, visits: 4 },
      { hair: "long", hat: true, height: 150, visits: 1 },
    ]);
    // Keys come in the schema's column order.
    expect(Object.keys(decoded[0]!)).toEqual(["hair", "hat", "height", "visits"]);
  });

  it("labels may be numbers, and encode omits y for rows that carry no target (rows to predict)", () => {
    const s = Schema.infer(
      [
        { x: 1, label: 0 },
        { x: 2, label: 1 },
      ],
      { target: "label" },
    );
    expect(
      s.encode([
        { x: 1, label: 0 },
        { x: 2, label: 1 },
      ]).y,
    ).toEqual([0, 1]);
    const toPredict = s.encode([{ x: 3 }]);
    expect(toPredict.y).toBeUndefined();
    expect(Array.from(toPredict.X.data)).toEqual([3]);
  });

  it("reads own keys only: columns named like Object.prototype's members work", () => {
    const rows = [JSON.parse('{"constructor": "a", "toString": 1, "__proto__": true}') as Record<string, unknown>, {}];
    const s = Schema.infer(rows, { features: { constructor: "categorical" as const } });
    expect(s.columns).toEqual(["constructor", "toString", "__proto__"]);
    const { X } = s.encode(rows, { missing: "ignore" });
    // The empty row has none of them: each is missing, not Object.prototype.constructor & co.
    expect(X.toArray()).toEqual([
      [0, 1, 1],
      [NaN, NaN, NaN],
    ]);
    const back = s.decode(X);
    expect(Object.getPrototypeOf(back[0])).toBe(Object.prototype);
    expect(Object.keys(back[0]!)).toEqual(["constructor", "toString", "__proto__"]);
    expect(back[0]!["__proto__"]).toBe(true);
    expect(back[1]).toEqual({});
  });

  it("accepts rows made by Object.create(null)", () => {
    const row = Object.create(null) as Record<string, unknown>;
    row.a = 5;
    expect(Schema.infer([row]).kinds).toEqual(["gaussian"]);
  });

  it("exposes frozen columns and kinds, and copies of the categories", () => {
    const s = Schema.infer(outfits, { target: "style" });
    expect(Object.isFrozen(s.columns)).toBe(true);
    expect(Object.isFrozen(s.kinds)).toBe(true);
    const cats = s.categories("hair");
    cats.push("green");
    expect(s.categories("hair")).toEqual(["long", "short", "bald"]);
  });

  it("summarises itself in one line", () => {
    const s = Schema.infer(outfits, { target: "style", features: { visits: "poisson" } });
    expect(String(s)).toBe(
      "Schema(hair: categorical[3], hat: bernoulli, height: gaussian, visits: poisson; target: style)",
    );
  });
});
