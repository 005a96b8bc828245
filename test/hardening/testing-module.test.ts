// ptheta/testing against the classes of issue 21 that concern it, each as a property over
// generated inputs: options read through the prototype chain (class 1), misspelt options
// ignored (class 6), and goodness-of-fit tests that could be fooled (class 8).
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { readOptions } from "../../src/core/options.js";
import { closestOption } from "../../src/core/option-names.js";
import { Gaussian, Poisson, createRng } from "../../src/index.js";
import { arbitraries, checkEstimator, chiSquareTest, expectSampledFrom, ksTest } from "../../src/testing/index.js";

const proto = Object.prototype as Record<string, unknown>;
const polluted: string[] = [];
afterEach(() => {
  for (const key of polluted.splice(0)) delete proto[key];
});

/** Calls fn with Object.prototype[key] = value, and removes it again whatever happens. */
function withInherited<T>(key: string, value: unknown, fn: () => T): T {
  polluted.push(key);
  proto[key] = value;
  try {
    return fn();
  } finally {
    delete proto[key];
  }
}

/** The outcome of fn as a comparable string: its JSON, or the error's name and message. */
function outcome(fn: () => unknown): string {
  try {
    return JSON.stringify(fn());
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

const draws = new Gaussian(0, 1).sample(createRng(3), 300);
const counts = [16, 18, 16, 14, 12, 12];

/** Every options reader of ptheta/testing, with its valid keys and a call that returns a value. */
const readers: Array<{ name: string; keys: string[]; call: (options: object) => unknown }> = [
  { name: "chiSquareTest", keys: ["ddof"], call: (o) => chiSquareTest(counts, undefined, o) },
  {
    name: "expectSampledFrom",
    keys: ["alpha", "discrete"],
    call: (o) => expectSampledFrom(draws, new Gaussian(0, 1), o),
  },
  {
    name: "arbitraries.gaussian",
    keys: ["mean", "std"],
    call: (o) => fc.sample(arbitraries.gaussian(o), { seed: 1, numRuns: 3 }).map(String),
  },
  {
    name: "arbitraries.bernoulli",
    keys: ["p"],
    call: (o) => fc.sample(arbitraries.bernoulli(o), { seed: 1, numRuns: 3 }).map(String),
  },
  {
    name: "arbitraries.categorical",
    keys: ["k", "minProb"],
    call: (o) => fc.sample(arbitraries.categorical(o), { seed: 1, numRuns: 3 }).map(String),
  },
  {
    name: "arbitraries.poisson",
    keys: ["rate"],
    call: (o) => fc.sample(arbitraries.poisson(o), { seed: 1, numRuns: 3 }).map(String),
  },
  {
    name: "arbitraries.product",
    keys: ["features", "columns", "gaussian", "bernoulli", "categorical", "poisson"],
    call: (o) => fc.sample(arbitraries.product(o), { seed: 1, numRuns: 2 }).map((m) => JSON.stringify(m)),
  },
  {
    name: "arbitraries.mixture",
    keys: ["features", "columns", "gaussian", "bernoulli", "categorical", "poisson", "nComponents", "minWeight"],
    call: (o) => fc.sample(arbitraries.mixture(o), { seed: 1, numRuns: 2 }).map((m) => JSON.stringify(m)),
  },
  {
    name: "arbitraries.sampleFrom",
    keys: ["n"],
    call: (o) =>
      fc.sample(arbitraries.sampleFrom(arbitraries.bernoulli(), o), { seed: 1, numRuns: 2 }).map((s) => s.data.length),
  },
  {
    name: "checkEstimator",
    keys: ["model", "parameters", "fromParameters", "n", "recoveryN", "standardErrors", "tolerance"],
    call: (o) => checkEstimator(Gaussian, o).map((p) => p.name),
  },
];

// Values an inherited option could carry: valid-looking ones and nonsense.
const inheritedValue = fc.oneof(
  fc.constantFrom(0, 1, 2, 0.9, 1e-300, -1, 1e9, true, false, "gaussian", "yes", null),
  fc.record({ min: fc.integer({ min: -3, max: 3 }), max: fc.integer({ min: 3, max: 9 }) }),
);

describe("class 1: options are own properties only", () => {
  it("an option on Object.prototype changes no reader's result", () => {
    fc.assert(
      fc.property(fc.constantFrom(...readers), fc.nat(), inheritedValue, (reader, pick, value) => {
        const key = reader.keys[pick % reader.keys.length]!;
        const clean = outcome(() => reader.call({}));
        expect(
          withInherited(key, value, () => outcome(() => reader.call({}))),
          `${reader.name}, ${key}`,
        ).toBe(clean);
      }),
      { numRuns: 60 },
    );
  });

  it("a range's min and max are own properties too (arbitraries)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 5 }), (min) => {
        const clean = outcome(() => fc.sample(arbitraries.gaussian({ mean: {} }), { seed: 2, numRuns: 3 }).map(String));
        const dirty = withInherited("min", min, () =>
          outcome(() => fc.sample(arbitraries.gaussian({ mean: {} }), { seed: 2, numRuns: 3 }).map(String)),
        );
        expect(dirty).toBe(clean);
      }),
      { numRuns: 10 },
    );
  });
});

/** Keys one edit from `key`: a letter dropped, doubled or swapped with the next. */
function oneEdit(key: string, at: number, kind: number): string {
  const i = at % key.length;
  if (kind === 0 && key.length > 1) return key.slice(0, i) + key.slice(i + 1);
  if (kind === 1) return key.slice(0, i) + key[i] + key.slice(i);
  if (i + 1 < key.length) return key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
  return key + "s";
}

describe("class 6: a misspelt option is an error naming it and the valid ones", () => {
  it("any unknown key is a TypeError naming the method, the key and every valid name", () => {
    fc.assert(
      fc.property(fc.constantFrom(...readers), fc.string({ minLength: 1, maxLength: 12 }), (reader, key) => {
        fc.pre(!reader.keys.includes(key) && key !== "__proto__");
        let error: unknown;
        try {
          reader.call({ [key]: 1 });
        } catch (e) {
          error = e;
        }
        expect(error, `${reader.name}({ ${JSON.stringify(key)} })`).toBeInstanceOf(TypeError);
        const message = (error as Error).message;
        expect(message.startsWith(`${reader.name}: unknown option ${JSON.stringify(key)}`)).toBe(true);
        for (const valid of reader.keys) expect(message).toContain(valid);
      }),
      { numRuns: 150 },
    );
  });

  it("a valid key one typo away is suggested", () => {
    fc.assert(
      fc.property(fc.constantFrom(...readers), fc.nat(), fc.nat(), fc.nat({ max: 2 }), (reader, pick, at, kind) => {
        const valid = reader.keys[pick % reader.keys.length]!;
        const typo = oneEdit(valid, at, kind);
        fc.pre(valid.length >= 3 && !reader.keys.includes(typo));
        expect(() => reader.call({ [typo]: 1 })).toThrow(/\(did you mean "\w+"\?\)/);
      }),
      { numRuns: 100 },
    );
  });

  it("the examples of the issue", () => {
    expect(() => chiSquareTest([1, 2, 3], undefined, { dof: 1 } as never)).toThrow(/"dof" \(did you mean "ddof"\?\)/);
    expect(() => expectSampledFrom(draws, new Gaussian(0, 1), { aplha: 0.1 } as never)).toThrow(
      /"aplha" \(did you mean "alpha"\?\)/,
    );
    expect(() => arbitraries.gaussian({ sd: { min: 1 } } as never)).toThrow(/"sd" \(did you mean "std"\?\)/);
    expect(() => checkEstimator(Gaussian, { numRuns: 10 } as never)).toThrow(/unknown option "numRuns".*tolerance/);
    // A nested family's options are checked at the call, not when fast-check first draws it.
    expect(() => arbitraries.product({ gaussian: { sd: {} } } as never)).toThrow(
      /arbitraries.gaussian: unknown option "sd"/,
    );
    expect(() => readOptions("f", { aplha: 1 }, ["alpha"], closestOption)).toThrow(/did you mean "alpha"/);
  });
});

describe("class 8: goodness-of-fit tests that cannot be fooled", () => {
  it("ksTest refuses a cdf that decreases over the data (a survival function passed by mistake)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.integer({ min: 5, max: 300 }),
        fc.integer(),
        (mean, std, n, seed) => {
          const g = new Gaussian(mean, std);
          const data = g.sample(createRng(seed), n);
          expect(() => ksTest(data, (x) => g.survival(x))).toThrow(/ksTest: the cdf decreases/);
          expect(() => ksTest(data, (x) => 1 - 0.5 * g.cdf(x))).toThrow(RangeError);
          // The true cdf passes (it never decreases, whatever rounding does).
          expect(ksTest(data, g).pValue).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("ksTest refuses cdf values above 1 or below 0 wherever they occur", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.nat(),
        fc.oneof(fc.double({ min: 1.0000001, max: 1e300, noNaN: true }), fc.double({ min: -1e300, max: -1e-300 })),
        (n, at, bad) => {
          const data = Array.from({ length: n }, (_, i) => i);
          const where = at % n;
          expect(() => ksTest(data, (x) => (x === where ? bad : (x + 0.5) / n))).toThrow(/ksTest: the cdf must return/);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("a discrete model whose logProb is positive (a probability above 1) is refused", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1e3, noNaN: true }), fc.integer({ min: 0, max: 20 }), (lp, x) => {
        const fake = { cdf: (t: number) => Math.min(1, Math.max(0, (t + 1) / 30)), logProb: () => lp };
        expect(() => expectSampledFrom([x, x + 1], fake, { discrete: true })).toThrow(
          /expectSampledFrom: dist.logProb\(\d+\) must be a log-probability/,
        );
      }),
      { numRuns: 50 },
    );
  });

  it("draws where the model puts (almost) no mass are rejected, however the cells merge", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 6, max: 300, noNaN: true }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 1000 }),
        (log10Rate, n, big) => {
          // Zeros "from" a Poisson of rate 1e6 to 1e300.
          expect(() => expectSampledFrom(new Float64Array(n), new Poisson(10 ** log10Rate))).toThrow(
            /not from Poisson/,
          );
          // A count ≥ 1 among zeros "from" a Poisson of rate 1e-300 to 1e-30.
          const tiny = new Poisson(10 ** (-log10Rate / 10 - 30));
          const sample = new Float64Array(n);
          sample[n - 1] = big;
          expect(() => expectSampledFrom(sample, tiny)).toThrow(/not from Poisson/);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("honest Poisson draws still pass, at any rate", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 9, noNaN: true }),
        fc.integer({ min: 20, max: 400 }),
        fc.integer(),
        (e, n, seed) => {
          const p = new Poisson(10 ** e);
          expect(expectSampledFrom(p.sample(createRng(seed), n), p).test).toBe("chi-square");
        },
      ),
      { numRuns: 40 },
    );
  });

  it("discrete must be a boolean", () => {
    fc.assert(
      fc.property(
        fc.anything().filter((v) => typeof v !== "boolean" && v !== undefined),
        (value) => {
          expect(() => expectSampledFrom([1, 2], new Poisson(2), { discrete: value as boolean })).toThrow(
            /expectSampledFrom: discrete must be true or false/,
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it("checkEstimator refuses data sets of fewer than one draw", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 0 }), fc.integer({ min: 0, max: 10 }), (min, span) => {
        expect(() => checkEstimator(Gaussian, { n: min })).toThrow(/checkEstimator: n.min must be in \[1/);
        expect(() => checkEstimator(Gaussian, { n: { min, max: min + span } })).toThrow(RangeError);
      }),
      { numRuns: 30 },
    );
  });
});
