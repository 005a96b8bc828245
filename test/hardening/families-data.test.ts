// The shared data checks hold in every family and every method that takes data: a value of the
// wrong kind is a TypeError naming its index (never converted), an array-like with a bad length
// is a RangeError naming data.length, and a sample size beyond MAX_RESULT_SIZE is a RangeError
// naming n (issue 11, classes 1, 4 and 7).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Bernoulli, Categorical, createRng, Gaussian, MAX_RESULT_SIZE } from "../../src/index.js";

type Call = [name: string, valid: fc.Arbitrary<number>, call: (data: unknown) => unknown];

const unit = fc.constantFrom(0, 1);
const code = fc.integer({ min: 0, max: 5 });
const real = fc.double({ min: -1e6, max: 1e6, noNaN: true });
const calls: Call[] = [
  ["Gaussian.fit", real, (d) => Gaussian.fit(d as number[])],
  ["Gaussian.logLikelihood", real, (d) => new Gaussian(0, 1).logLikelihood(d as number[])],
  ["GaussianStats.addAll", real, (d) => Gaussian.stats().addAll(d as number[])],
  ["Bernoulli.fit", unit, (d) => Bernoulli.fit(d as number[])],
  ["Bernoulli.logLikelihood", unit, (d) => new Bernoulli(0.3).logLikelihood(d as number[])],
  ["BernoulliStats.addAll", unit, (d) => Bernoulli.stats().addAll(d as number[])],
  ["Categorical.fit", code, (d) => Categorical.fit(d as number[])],
  [
    "Categorical.logLikelihood",
    code,
    (d) => new Categorical([0.1, 0.2, 0.3, 0.1, 0.2, 0.1]).logLikelihood(d as number[]),
  ],
  ["CategoricalStats.addAll", code, (d) => Categorical.stats().addAll(d as number[])],
];

const notANumber = fc.oneof(fc.string(), fc.boolean(), fc.constantFrom(null, undefined, {}, [0], 0n));

describe.each(calls)("%s", (name, valid, call) => {
  it("throws a TypeError naming the index of a value of the wrong kind", () => {
    fc.assert(
      fc.property(fc.array(valid, { minLength: 2, maxLength: 30 }), fc.nat(), notANumber, (xs, at, bad) => {
        const i = at % xs.length;
        const data: unknown[] = [...xs];
        data[i] = bad;
        expect(() => call(data)).toThrow(TypeError);
        expect(() => call(data)).toThrow(new RegExp(`^${name.replace(".", "\\.")}: data\\[${i}\\] must be a number`));
      }),
    );
  });

  it("throws a RangeError naming data.length for an array-like with a bad length", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -(2 ** 31), max: -1 }),
          fc.double({ min: 0.01, max: 1e3, noNaN: true }).filter((x) => !Number.isInteger(x)),
          fc.constantFrom(Number.NaN, Infinity, MAX_RESULT_SIZE + 1, 2 ** 53),
        ),
        (length) => {
          expect(() => call({ length, 0: 0 })).toThrow(RangeError);
          expect(() => call({ length, 0: 0 })).toThrow(/data\.length must be an integer/);
        },
      ),
    );
  });

  it("reads an array-like's elements once", () => {
    fc.assert(
      fc.property(fc.array(valid, { minLength: 1, maxLength: 20 }), (xs) => {
        let reads = 0;
        const like: { length: number } = { length: xs.length };
        xs.forEach((x, k) =>
          Object.defineProperty(like, k, {
            get: () => {
              reads++;
              return x;
            },
          }),
        );
        try {
          call(like);
        } catch {
          // Some valid-looking data has no fit (constant Gaussian data); reads are what count.
        }
        expect(reads).toBe(xs.length);
      }),
    );
  });
});

describe("sample sizes", () => {
  it.each([
    ["Gaussian.sample", (n: number) => new Gaussian(0, 1).sample(createRng(1), n)],
    ["Bernoulli.sample", (n: number) => new Bernoulli(0.5).sample(createRng(1), n)],
    ["Categorical.sample", (n: number) => new Categorical([0.5, 0.5]).sample(createRng(1), n)],
  ] as const)("%s refuses n beyond MAX_RESULT_SIZE with a RangeError naming n", (name, sample) => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_RESULT_SIZE + 1, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(() => sample(n)).toThrow(RangeError);
        expect(() => sample(n)).toThrow(`${name}: n must be at most MAX_RESULT_SIZE`);
      }),
    );
  });
});
