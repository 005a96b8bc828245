import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Multinomial, SparseMatrix, Vocabulary } from "../../src/index.js";

const corpus = fc.array(
  fc.array(fc.constantFrom("a", "b", "c", "d", "e", "__proto__", "constructor", ""), { maxLength: 12 }),
  {
    maxLength: 10,
  },
);

describe("Vocabulary", () => {
  it("orders terms by descending document frequency, ties by first appearance", () => {
    const v = Vocabulary.fit([["z", "y", "y"], ["y", "x"], ["x", "w"], ["z"]]);
    // document frequencies: z 2, y 2, x 2, w 1
    expect(v.terms).toEqual(["z", "y", "x", "w"]);
    expect(Vocabulary.fit([["z", "y", "y"], ["y", "x"], ["x", "w"], ["z"]], { maxTerms: 2 }).terms).toEqual(["z", "y"]);
    expect(
      Vocabulary.fit(
        [
          ["z", "y", "y"],
          ["y", "x"],
          ["x", "w"],
        ],
        { minDocuments: 2 },
      ).terms,
    ).toEqual(["y", "x"]);
    expect(v.indexOf("x")).toBe(2);
    expect(v.indexOf("nope")).toBe(-1);
    expect(v.size).toBe(4);
  });

  it("transform counts every known token of each document (CSR = the counts)", () => {
    fc.assert(
      fc.property(corpus, corpus, fc.integer({ min: 1, max: 3 }), (train, test, minDocuments) => {
        const v = Vocabulary.fit(train, { minDocuments });
        const X = v.transform(test);
        expect(X).toBeInstanceOf(SparseMatrix);
        expect(X.rows).toBe(test.length);
        expect(X.cols).toBe(v.size);
        const dense = X.toDense();
        test.forEach((doc, i) => {
          const expected = v.terms.map((t) => doc.filter((token) => token === t).length);
          expect(Array.from(dense.row(i))).toEqual(expected);
        });
        for (const t of v.terms) {
          expect(train.filter((doc) => (doc as string[]).includes(t)).length).toBeGreaterThanOrEqual(minDocuments);
        }
        expect(Vocabulary.fromJSON(JSON.parse(JSON.stringify(v))).terms).toEqual(v.terms);
      }),
    );
  });

  it("feeds a Multinomial in O(nnz)", () => {
    const docs = [
      ["free", "money", "free"],
      ["meeting", "at", "noon"],
      ["free", "meeting"],
    ];
    const v = Vocabulary.fit(docs);
    const m = Multinomial.fit(v.transform(docs), { alpha: 1 });
    expect(m.dimension).toBe(v.size);
    expect(m.probs[v.indexOf("free")]).toBeCloseTo((3 + 1) / (8 + 5), 15);
  });

  it("refuses bad input, naming it", () => {
    expect(() => Vocabulary.fit(["a b"] as never)).toThrow(/tokenLists\[0\] must be an array of strings.*tokenise/);
    expect(() => Vocabulary.fit([["a", 1]] as never)).toThrow(/tokenLists\[0\]\[1\]/);
    expect(() => Vocabulary.fit([["a"]], { minDocuments: 0 })).toThrow(/minDocuments/);
    expect(() => Vocabulary.fit([["a"]], { maxTerms: 1.5 })).toThrow(/maxTerms/);
    expect(() => Vocabulary.fit([["a"]], { maxterms: 1 } as never)).toThrow(/unknown option "maxterms"/);
    expect(() => new Vocabulary(["a", "a"])).toThrow(/terms\[1\] repeats "a"/);
    expect(() => Vocabulary.fromJSON({ type: "Vocabulary", version: 1, terms: ["a", 2] })).toThrow(/terms\[1\]/);
    expect(() => new Vocabulary(["x"]).transform([["x"], "x"] as never)).toThrow(/tokenLists\[1\]/);
  });
});
