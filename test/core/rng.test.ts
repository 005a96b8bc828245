import fc from "fast-check";
import xor4096 from "seedrandom/lib/xor4096.js";
import { describe, expect, it } from "vitest";
import { AliasTable } from "../../src/core/alias.js";
import { createRng } from "../../src/core/create-rng.js";
import { badUniform, requireRng, Xorgens4096, type Rng } from "../../src/core/rng.js";
import { fillNormal, standardNormal } from "../../src/distributions/gaussian/sampler.js";
import { Bernoulli, Categorical, Gaussian } from "../../src/index.js";
import { fixture } from "../helpers.js";

/** An Rng that returns `values` in turn, then `after` for ever. */
function replay(values: readonly unknown[], after: unknown = 0.5): Rng {
  let i = 0;
  return { next: () => (i < values.length ? values[i++] : after) as number };
}

describe("createRng", () => {
  it("gives seedrandom's xor4096(String(seed)).double() stream, draw for draw", () => {
    for (const seed of [42, 0, -1, 1.5, 1e300, -0, "", "ptheta", "ünï©ødé ✓", "a".repeat(1000)]) {
      const ours = createRng(seed);
      const theirs = xor4096(String(seed));
      for (let i = 0; i < 5000; i++) {
        const u = ours.next();
        if (u !== theirs.double()) expect.fail(`seed ${String(seed)}: draw ${i} differs`);
      }
    }
  });

  it("returns instances of one class, so every call site sees one next()", () => {
    const a = createRng(1);
    const b = createRng("other");
    expect(Object.getPrototypeOf(a)).toBe(Object.getPrototypeOf(b));
    expect(a.next).toBe(b.next);
    expect(Object.keys(a)).not.toContain("next"); // a method, not a per-instance closure
  });

  it("draws doubles in (0, 1) with 53 random bits", () => {
    const rng = createRng("bits");
    let lowBitSet = false;
    for (let i = 0; i < 10_000; i++) {
      const u = rng.next();
      expect(u > 0 && u < 1).toBe(true);
      if (Math.round(u * 2 ** 53) % 2 === 1) lowBitSet = true;
      expect(Number.isInteger(u * 2 ** 53)).toBe(true);
    }
    expect(lowBitSet).toBe(true);
  });

  it("rejects seeds that are not finite numbers or strings", () => {
    for (const seed of [Number.NaN, Infinity, undefined, null, {}, [1]]) {
      expect(() => createRng(seed as number)).toThrow(TypeError);
    }
  });
});

interface Streams {
  uniforms: { seed: number | string; draws: number[] }[];
  samplers: {
    seed: number | string;
    gaussian: number[];
    gaussianSingles: number[];
    bernoulli: number[];
    bernoulliSingles: number[];
    categorical: number[];
    categoricalSingles: number[];
  }[];
}
const streams = await fixture<Streams>("rng-streams.json");

// The same assertions run in Node and in Chromium (test/core is part of the browser suite): the
// fixture was written in Node, so passing in both means the streams are identical in both.
describe("seeded streams match the recorded ones (Node and browsers alike)", () => {
  it.each(streams.uniforms.map((s) => [JSON.stringify(s.seed), s] as const))("uniforms of seed %s", (_, s) => {
    const rng = createRng(s.seed);
    expect(s.draws.map(() => rng.next())).toEqual(s.draws);
  });

  it.each(streams.samplers.map((s) => [JSON.stringify(s.seed), s] as const))("samplers on seed %s", (_, s) => {
    const g = new Gaussian(3, 2);
    const b = new Bernoulli(0.3);
    const c = new Categorical([0.2, 0.5, 0.3]);
    const singles = (draw: (r: Rng) => number, n: number) => {
      const rng = createRng(s.seed);
      return Array.from({ length: n }, () => draw(rng));
    };
    expect(Array.from(g.sample(createRng(s.seed), s.gaussian.length))).toEqual(s.gaussian);
    expect(singles((r) => g.sample(r), s.gaussianSingles.length)).toEqual(s.gaussianSingles);
    expect(Array.from(b.sample(createRng(s.seed), s.bernoulli.length))).toEqual(s.bernoulli);
    expect(singles((r) => b.sample(r), s.bernoulliSingles.length)).toEqual(s.bernoulliSingles);
    expect(Array.from(c.sample(createRng(s.seed), s.categorical.length))).toEqual(s.categorical);
    expect(singles((r) => c.sample(r), s.categoricalSingles.length)).toEqual(s.categoricalSingles);
  });
});

/**
 * A generator whose next two 32-bit words are `first` and `second` (then whatever the rest of a
 * seeded state gives): with i = 127 and w = 0, the next two steps read x[33], x[0] and x[34], x[1];
 * zeros in x[33] and x[34] leave the words to x[0] and x[1], set by inverting the xorshift.
 */
function craftedGenerator(first: number, second: number): Xorgens4096 {
  const x = Int32Array.from(xor4096("craft", { state: true }).state().X);
  const unshift = (y: number): number => {
    let t = y ^ (y >>> 12) ^ (y >>> 24); // undoes t ^= t >>> 12
    t ^= t << 17; // undoes t ^= t << 17 (its own inverse: 2 · 17 ≥ 32)
    return t | 0;
  };
  const w1 = 0x61c88647;
  const w2 = (w1 + 0x61c88647) | 0;
  x[33] = 0;
  x[34] = 0;
  x[0] = unshift((first - (w1 ^ (w1 >>> 16))) | 0);
  x[1] = unshift((second - (w2 ^ (w2 >>> 16))) | 0);
  return new Xorgens4096(x, 127, 0);
}

describe("fillNormal", () => {
  it("reads createRng's words to the same effect as its uniforms, and leaves the stream in step", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 20_000 }), (seed, n) => {
        const direct = createRng(seed);
        const wrapped = createRng(seed);
        const viaNext: Rng = { next: () => wrapped.next() }; // not the class: the generic path
        const a = new Float64Array(n);
        const b = new Float64Array(n);
        fillNormal(direct, a, n, 3, 2);
        fillNormal(viaNext, b, n, 3, 2);
        expect(a).toEqual(b);
        expect(direct.next()).toBe(wrapped.next());
      }),
      { numRuns: 40 },
    );
  });

  it("handles the rare words: u = 0 (redrawn, as next() does) and a zero fraction", () => {
    // The crafting works: these words make the uniforms asked for.
    expect(craftedGenerator(5 << 24, 0).next()).toBe(5 / 256);
    expect(craftedGenerator((128 << 24) | 0, 0).next()).toBe(0.5);
    const redrawn = craftedGenerator(0, 0).next();
    expect(redrawn > 0 && redrawn < 1).toBe(true);
    for (const [first, second] of [
      [0, 0],
      [5 << 24, 0],
      [(128 << 24) | 0, 0],
      [1 << 11, 0],
    ] as const) {
      const direct = craftedGenerator(first, second);
      const copy = craftedGenerator(first, second);
      const a = new Float64Array(50);
      const b = new Float64Array(50);
      fillNormal(direct, a, 50, 3, 2);
      fillNormal({ next: () => copy.next() }, b, 50, 3, 2);
      expect(a).toEqual(b);
      if ((first & 0xffffff) === 0 && first !== 0) expect(a[0]).toBe(3); // a zero fraction: z = 0
      expect(direct.next()).toBe(copy.next());
    }
  });

  it("draws what consecutive standardNormal calls draw, from any rng", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 3000 }), (seed, n) => {
        const out = new Float64Array(n);
        fillNormal(createRng(seed), out, n);
        const rng = createRng(seed);
        for (let i = 0; i < n; i++) if (standardNormal(rng) !== out[i]) return false;
        return true;
      }),
      { numRuns: 30 },
    );
  });
});

// ---- What is not an Rng, and what an Rng must not return ----

const WHAT =
  /rng must be an Rng, an object with a next\(\) method returning uniform doubles in \[0, 1\), e\.g\. createRng\(42\)/;

/** Every sampler ptheta has, as (name, call) pairs. */
const samplers: [string, (rng: Rng) => unknown][] = [
  ["Gaussian.sample(rng)", (r) => new Gaussian(0, 1).sample(r)],
  ["Gaussian.sample(rng, n)", (r) => new Gaussian(0, 1).sample(r, 1000)],
  ["Bernoulli.sample(rng)", (r) => new Bernoulli(0.3).sample(r)],
  ["Bernoulli.sample(rng, n)", (r) => new Bernoulli(0.3).sample(r, 1000)],
  ["Categorical.sample(rng)", (r) => new Categorical([0.2, 0.5, 0.3]).sample(r)],
  ["Categorical.sample(rng, n)", (r) => new Categorical([0.2, 0.5, 0.3]).sample(r, 1000)],
];

const notAnRng = fc.oneof(
  fc.constantFrom(undefined, null, 0, 0.5, "rng", true, [], {}, { next: 0.5 }, { next: "() => 0.5" }, Math.random),
  fc.anything().filter((v) => typeof (v as { next?: unknown } | null)?.next !== "function"),
  fc.func(fc.double()), // a function without a next method, like Math.random
);

describe("requireRng", () => {
  it("passes an Rng through, and rejects anything else with a TypeError saying what an Rng is", () => {
    const rng = createRng(1);
    expect(requireRng("f", rng)).toBe(rng);
    const fn = Object.assign(() => 0.5, { next: () => 0.5 });
    expect(requireRng("f", fn)).toBe(fn); // a function with a next() method is an Rng too
    fc.assert(
      fc.property(notAnRng, (v) => {
        expect(() => requireRng("where", v)).toThrow(TypeError);
        expect(() => requireRng("where", v)).toThrow(WHAT);
      }),
    );
  });

  it("is applied by every sampler, before anything is drawn or written", () => {
    fc.assert(
      fc.property(notAnRng, (v) => {
        for (const [name, sample] of samplers) {
          expect(() => sample(v as Rng), name).toThrow(TypeError);
          expect(() => sample(v as Rng), name).toThrow(WHAT);
          expect(() => sample(v as Rng), name).toThrow(name.slice(0, name.indexOf("(")));
        }
      }),
      { numRuns: 50 },
    );
    const out = new Float64Array(4).fill(7);
    expect(() => new Gaussian(0, 1).sample(undefined as unknown as Rng, 4, out)).toThrow(TypeError);
    expect(Array.from(out)).toEqual([7, 7, 7, 7]);
  });

  it("tells how to use Math.random", () => {
    expect(() => new Gaussian(0, 1).sample(Math.random as unknown as Rng)).toThrow(/\{ next: Math\.random \}/);
    expect(new Bernoulli(1).sample({ next: Math.random })).toBe(1);
  });
});

const badUniformValue = fc.oneof(
  fc.constantFrom(1, 2, -1, Number.NaN, Infinity, -Infinity, 1 + 2 ** -52, -(2 ** -1074), -1e-300, 256, -0.5),
  fc.double({ min: 1, noNaN: true }),
  fc.double({ max: -(2 ** -1074), noNaN: true }),
  fc.constantFrom("0.5", null, undefined, true, {}, [0.5]),
);
const goodUniform = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe("an rng's output is checked", () => {
  it("badUniform names rng and the value", () => {
    const e = badUniform("Gaussian.sample", Number.NaN);
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe("Gaussian.sample: rng.next() must return a number in [0, 1), got NaN");
  });

  it("a value outside [0, 1), after any good ones, throws a RangeError naming rng in every sampler", () => {
    fc.assert(
      fc.property(fc.array(goodUniform, { maxLength: 40 }), badUniformValue, (prefix, bad) => {
        for (const [name, sample] of samplers) {
          const rng = replay([...prefix, bad]);
          // n draws read past the bad value; single draws are repeated until they have read it.
          const run = name.endsWith("n)")
            ? () => sample(rng)
            : () => {
                for (let i = 0; i <= prefix.length; i++) sample(rng);
              };
          let error: unknown;
          try {
            run();
          } catch (e) {
            error = e;
          }
          expect(error, name).toBeInstanceOf(RangeError);
          const where = name.slice(0, name.indexOf("(")).replace(".", "\\.");
          expect((error as Error).message, name).toMatch(new RegExp(`^${where}: rng\\.next\\(\\) must return`));
        }
      }),
      { numRuns: 200 },
    );
  });

  it("is checked in the ziggurat's slow paths too (the tail, a wedge, a redraw)", () => {
    // u = (top + f)/256: top 0 or 128 with f above 0.927 is the base layer's tail (two more
    // uniforms); top 127 or 255 is the top layer, always a wedge (one more uniform).
    const tail = [0.95 / 256, 128.95 / 256];
    for (const start of [...tail, 127.5 / 256, 255.5 / 256, 5.9999 / 256]) {
      for (const bad of [1, Number.NaN, -0.25]) {
        expect(() => standardNormal(replay([start, bad]))).toThrow(RangeError);
        expect(() => fillNormal(replay([start, bad]), new Float64Array(3), 3)).toThrow(/rng\.next\(\)/);
        if (tail.includes(start)) expect(() => standardNormal(replay([start, 0.3, bad]))).toThrow(/rng/);
      }
    }
    // A wedge point near the layer's outer edge with w = 0.1 is rejected, so the NaN read next is
    // the redraw's uniform: it is checked too.
    expect(() => standardNormal(replay([127.999 / 256, 0.1, Number.NaN]))).toThrow(RangeError);
  });

  it("AliasTable.sample checks the uniform too", () => {
    const table = new AliasTable([0.2, 0.5, 0.3]);
    for (const bad of [1, 2, -1, Number.NaN, -1e-300, "0.5"]) {
      expect(() => table.sample(replay([bad]), "NaiveBayes.sample")).toThrow(/^NaiveBayes\.sample: rng\.next\(\)/);
    }
  });

  it("accepts the whole of [0, 1), ends included, and draws inside the support", () => {
    const edges = [0, 2 ** -1074, 1 - 2 ** -53, 0.5, 1 / 256, 0.5 - 2 ** -54, 127 / 256, 128 / 256];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...edges), goodUniform), { minLength: 1, maxLength: 50 }), (us) => {
        // The values given, then a real generator (a short cycle could be a stuck rng).
        let i = 0;
        const base = createRng(7);
        const rng = { next: () => (i < us.length ? us[i++]! : base.next()) };
        const z = new Gaussian(0, 1).sample(rng, 20);
        expect(z.every((x) => Number.isFinite(x))).toBe(true);
        expect(new Bernoulli(0.5).sample(rng, 20).every((x) => x === 0 || x === 1)).toBe(true);
        expect(new Categorical([0.1, 0.6, 0.3]).sample(rng, 20).every((x) => x === 0 || x === 1 || x === 2)).toBe(true);
      }),
    );
  });

  it("a constant (stuck) rng never hangs the normal sampler: a finite draw or a RangeError", () => {
    fc.assert(
      fc.property(goodUniform, (u) => {
        try {
          const z = new Gaussian(0, 1).sample({ next: () => u }, 5);
          expect(z.every((x) => Number.isFinite(x))).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(RangeError);
          expect((e as Error).message).toMatch(/does not look uniform/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
