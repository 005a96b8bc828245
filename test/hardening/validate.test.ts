// Hardening of the shared argument checks (issue 11, classes 1, 3, 4 and 7): array-likes with
// bad lengths, values of the wrong kind, options read through the prototype chain, data read
// twice under a getter, and sizes beyond what a typed array can hold. Every case is generated.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_RESULT_SIZE } from "../../src/core/limits.js";
import { readOptions } from "../../src/core/options.js";
import { requireData, requireFiniteData, requireNoNaN, requireSize, sampleBuffer } from "../../src/core/validate.js";

/** Lengths no array-like may claim: negative, fractional, NaN, infinite, or beyond MAX_RESULT_SIZE. */
const badLength = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: -1 }),
  fc.double({ min: 0, max: 1e6, noNaN: true }).filter((x) => !Number.isInteger(x)),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, MAX_RESULT_SIZE + 1, 2 ** 53, 1e300),
  fc.integer({ min: MAX_RESULT_SIZE + 1, max: Number.MAX_SAFE_INTEGER }),
);

/** Values that are not numbers, as a careless caller (or a CSV parser) might pass them. */
const notANumber = fc.oneof(
  fc.string(),
  fc.boolean(),
  fc.constantFrom(null, undefined, {}, [], [1], 1n, Symbol("s"), () => 1, new Date(0)),
);

const finiteArray = fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 40 });

describe("requireData", () => {
  it("refuses array-likes whose length is not an integer in [0, MAX_RESULT_SIZE], naming data.length", () => {
    fc.assert(
      fc.property(badLength, (length) => {
        for (const check of [requireData, requireFiniteData]) {
          expect(() => check("f", { length })).toThrow(RangeError);
          expect(() => check("f", { length })).toThrow(/^f: data\.length must be an integer/);
        }
      }),
    );
  });

  it("is a TypeError naming the index for a value of the wrong kind, wherever it is", () => {
    fc.assert(
      fc.property(finiteArray, fc.nat(), notANumber, (xs, at, bad) => {
        const i = at % xs.length;
        const data: unknown[] = [...xs];
        data[i] = bad;
        for (const check of [requireData, requireFiniteData]) {
          expect(() => check("f", data)).toThrow(TypeError);
          expect(() => check("f", data)).toThrow(new RegExp(`^f: data\\[${i}\\] must be a number`));
        }
        // Array-likes that are not arrays are read the same way.
        const like: Record<number, unknown> & { length: number } = { length: data.length };
        data.forEach((v, k) => (like[k] = v));
        expect(() => requireData("f", like, "weights")).toThrow(new RegExp(`^f: weights\\[${i}\\] must be a number`));
      }),
    );
  });

  it("refuses what is not an array of numbers: primitives, strings, bigint arrays, DataViews", () => {
    for (const bad of [
      "123",
      5,
      true,
      null,
      undefined,
      Symbol("x"),
      new BigInt64Array(2),
      new DataView(new ArrayBuffer(8)),
    ]) {
      expect(() => requireData("f", bad)).toThrow(TypeError);
    }
  });

  it("returns the values of any array-like, each element read exactly once", () => {
    fc.assert(
      fc.property(finiteArray, (xs) => {
        const reads = new Array<number>(xs.length).fill(0);
        const like: { length: number } = { length: xs.length };
        xs.forEach((x, k) =>
          Object.defineProperty(like, k, {
            get: () => {
              reads[k]!++;
              // A hostile getter: a number the first time, a string after.
              return reads[k] === 1 ? x : String(x);
            },
          }),
        );
        const copy = requireData("f", like);
        expect(Array.from(copy)).toEqual(xs);
        expect(reads.every((r) => r === 1)).toBe(true);
        // The copy is stable: reading it again sees the same numbers.
        expect(Array.from(copy)).toEqual(xs);
      }),
    );
  });

  it("passes numeric typed arrays through without a copy", () => {
    const xs = new Float32Array([1, 2, 3]);
    expect(requireData("f", xs)).toBe(xs);
  });

  it("finds the first missing element of a huge sparse array without allocating for its length", () => {
    const sparse: number[] = [];
    sparse[MAX_RESULT_SIZE - 1] = 1; // length 2^30, one element
    expect(() => requireData("f", sparse)).toThrow(/data\[0\] must be a number, got undefined/);
  });
});

describe("requireFiniteData and requireNoNaN", () => {
  it("name the first non-finite value with a RangeError", () => {
    fc.assert(
      fc.property(finiteArray, fc.nat(), fc.constantFrom(Number.NaN, Infinity, -Infinity), (xs, at, bad) => {
        const i = at % xs.length;
        const data = [...xs];
        data[i] = bad;
        expect(() => requireFiniteData("f", data)).toThrow(RangeError);
        expect(() => requireFiniteData("f", data)).toThrow(new RegExp(`^f: data\\[${i}\\] is`));
        if (Number.isNaN(bad)) expect(() => requireNoNaN("f", data)).toThrow(new RegExp(`^f: data\\[${i}\\] is NaN`));
        else expect(() => requireNoNaN("f", data)).not.toThrow();
      }),
    );
  });
});

describe("readOptions", () => {
  const known = ["alpha", "k"] as const;

  it("reads own properties only: nothing through the prototype chain", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...known), fc.double()), fc.double(), (own, inherited) => {
        const options = Object.create({ alpha: inherited, k: inherited }) as Record<string, unknown>;
        Object.assign(options, own);
        const read = readOptions("f", options, known);
        expect(Object.getPrototypeOf(read)).toBe(null);
        expect({ ...read }).toEqual(own);
        for (const key of known) if (!(key in own)) expect(read[key]).toBeUndefined();
      }),
    );
  });

  it("refuses an unknown key with a TypeError naming it", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((k) => !(known as readonly string[]).includes(k)),
        (key) => {
          expect(() => readOptions("f", { [key]: 1 }, known)).toThrow(TypeError);
          expect(() => readOptions("f", { [key]: 1 }, known)).toThrow(
            `f: unknown option ${JSON.stringify(key.length > 40 ? key.slice(0, 40) + "…" : key)}`,
          );
        },
      ),
    );
  });

  it("reads each value once, and refuses options that are not an object", () => {
    let reads = 0;
    const options = {
      get alpha() {
        reads++;
        return reads === 1 ? 1 : -1;
      },
    };
    expect(readOptions("f", options, known).alpha).toBe(1);
    expect(reads).toBe(1);
    expect(readOptions("f", undefined, known)).toEqual({});
    for (const bad of [null, 5, "alpha", true, [1], Symbol("o")]) {
      expect(() => readOptions("f", bad, known)).toThrow(/^f: options must be an object/);
    }
    // "__proto__" as an own key (JSON.parse makes one) is an unknown option, not a prototype.
    expect(() => readOptions("f", JSON.parse('{"__proto__": {"alpha": 5}}'), known)).toThrow(
      /unknown option "__proto__"/,
    );
  });
});

describe("sizes from input are bounded by MAX_RESULT_SIZE", () => {
  it("refuses n beyond it with a RangeError naming n, before allocating", () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_RESULT_SIZE + 1, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(() => sampleBuffer("F.sample", n)).toThrow(RangeError);
        expect(() => sampleBuffer("F.sample", n)).toThrow(/^F\.sample: n must be at most MAX_RESULT_SIZE/);
        expect(() => requireSize("F: count", n)).toThrow(/^F: count must be at most/);
      }),
    );
    for (const bad of [-1, 1.5, Number.NaN, Infinity]) expect(() => sampleBuffer("F.sample", bad)).toThrow(RangeError);
    expect(() => sampleBuffer("F.sample", "3" as unknown as number)).toThrow(TypeError);
  });

  it("accepts n up to it and checks out", () => {
    expect(sampleBuffer("F.sample", 3).length).toBe(3);
    const out = new Float64Array(4);
    expect(sampleBuffer("F.sample", 3, out)).toBe(out);
    expect(() => sampleBuffer("F.sample", 5, out)).toThrow(/out has length 4, fewer than n = 5/);
    expect(() => sampleBuffer("F.sample", 1, [0] as unknown as Float64Array)).toThrow(TypeError);
  });
});
