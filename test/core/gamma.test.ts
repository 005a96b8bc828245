import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bd0,
  logFactorial,
  logGamma,
  logPoissonTerm,
  logRegularizedGammaP,
  logRegularizedGammaQ,
  poissonTerm,
  regularizedGammaP,
  regularizedGammaQ,
  stirlerr,
} from "../../src/core/gamma.js";
import { expectRelative, fixture, MIN_NORMAL, num, type FixtureNumber } from "../helpers.js";

// The truth: 50-digit mpmath (test/fixtures/generate_poisson.py). For a ≥ 1 the incomplete gamma
// values come from quadrature there, because mpmath.gammainc does not converge for large a.
interface Incomplete {
  a: number;
  x: number;
  P: number;
  Q: number;
  logP: number;
  logQ: number;
}
const ref = await fixture<{
  logGamma: { x: number; value: number }[];
  logFactorial: { k: number; value: number }[];
  stirlerr: { n: number; value: number }[];
  bd0: { x: number; np: number; value: FixtureNumber }[];
  incomplete: Incomplete[];
  chiSquare: { df: number; x: number; Q: number; logQ: number }[];
}>("gamma.json");

/** Relative `rel` where the truth is a normal double; within a few subnormal steps below it. */
function expectValue(actual: number, expected: number, rel: number, label: string): void {
  if (Math.abs(expected) >= MIN_NORMAL || expected === 0) expectRelative(actual, expected, rel, label);
  else if (!(Math.abs(actual - expected) <= 4 * 2 ** -1074)) {
    expect.fail(`${label}: got ${actual}, expected ${expected} (subnormal)`);
  }
}

describe("log Γ, log k! and stirlerr against mpmath", () => {
  it("logGamma: 4e-16 relative, and 2e-16 absolute next to its zeros at 1 and 2", () => {
    for (const { x, value } of ref.logGamma) {
      const got = logGamma(x);
      if (Math.abs(value) < 1e-3) expect(Math.abs(got - value), `logGamma(${x})`).toBeLessThanOrEqual(2e-16);
      else expectRelative(got, value, 4e-16, `logGamma(${x})`);
    }
  });

  it("logFactorial: 4e-16 relative (0! and 1! exactly 0)", () => {
    for (const { k, value } of ref.logFactorial) expectRelative(logFactorial(k), value, 4e-16, `logFactorial(${k})`);
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(1)).toBe(0);
  });

  it("stirlerr: 2e-16 absolute (it is added to terms of order 1 and more), 1e-14 relative", () => {
    for (const { n, value } of ref.stirlerr) {
      const got = stirlerr(n);
      expect(Math.abs(got - value), `stirlerr(${n})`).toBeLessThanOrEqual(2e-16 * Math.max(1, Math.abs(value)));
      if (n >= 1) expectRelative(got, value, 1e-14, `stirlerr(${n})`);
    }
  });
});

describe("bd0 against mpmath", () => {
  // bd0 = x log(x/np) + np − x is computed in double-double, so it stays within a few ulps even
  // at x/np ≈ 0.82 and 1.22 just outside the series, where the classical formula loses ~7 bits.
  it("within 4e-16 relative on ratios from 0 to 1000 and np from 1e-300 to 1e15", () => {
    expect(ref.bd0.length).toBeGreaterThan(100);
    for (const { x, np, value } of ref.bd0) expectRelative(bd0(x, np), num(value), 4e-16, `bd0(${x}, ${np})`);
  });

  it("is 0 at x = np and np at x = 0", () => {
    expect(bd0(7, 7)).toBe(0);
    expect(bd0(0, 3.5)).toBe(3.5);
  });
});

describe("P(a, x), Q(a, x) and their logs against mpmath", () => {
  // Shapes 1e-300 … 1e15, x from 1e-300 to 1e300: both tails, the transition (Temme's
  // expansion for a ≥ 20) and the region of each series; values down to the smallest doubles
  // and logs of values far below them.
  const REL = 2e-14;
  it(`within ${REL} relative on ${ref.incomplete.length} points`, () => {
    expect(ref.incomplete.length).toBeGreaterThan(800);
    for (const r of ref.incomplete) {
      const at = `(${r.a}, ${r.x})`;
      expectValue(regularizedGammaP(r.a, r.x), r.P, REL, `P${at}`);
      expectValue(regularizedGammaQ(r.a, r.x), r.Q, REL, `Q${at}`);
      expectValue(logRegularizedGammaP(r.a, r.x), r.logP, REL, `logP${at}`);
      expectValue(logRegularizedGammaQ(r.a, r.x), r.logQ, REL, `logQ${at}`);
    }
  });

  it("the chi-square survival Q(df/2, x/2) down to 1e-300, and its log beyond", () => {
    for (const r of ref.chiSquare) {
      const at = `chi-square(${r.x}; df ${r.df})`;
      expectValue(regularizedGammaQ(r.df / 2, r.x / 2), r.Q, REL, at);
      expectValue(logRegularizedGammaQ(r.df / 2, r.x / 2), r.logQ, REL, `log ${at}`);
    }
    expect(ref.chiSquare.some((r) => r.Q > 0 && r.Q < 1e-290)).toBe(true);
    expect(ref.chiSquare.some((r) => r.Q === 0 && r.logQ < -1000)).toBe(true);
  });

  it("has the limits at x = 0 and x = ∞", () => {
    for (const a of [1e-10, 0.5, 1, 30, 1e12]) {
      expect([regularizedGammaP(a, 0), regularizedGammaQ(a, 0)]).toEqual([0, 1]);
      expect([logRegularizedGammaP(a, 0), logRegularizedGammaQ(a, 0)]).toEqual([-Infinity, 0]);
      expect([regularizedGammaP(a, Infinity), regularizedGammaQ(a, Infinity)]).toEqual([1, 0]);
      expect([logRegularizedGammaP(a, Infinity), logRegularizedGammaQ(a, Infinity)]).toEqual([0, -Infinity]);
    }
  });

  it("P + Q = 1 and the logs agree with the values, on random (a, x)", () => {
    const shape = fc.double({ min: -12, max: 15, noNaN: true }).map((e) => 10 ** e);
    const ratio = fc.double({ min: -3, max: 3, noNaN: true }).map((e) => 10 ** e);
    fc.assert(
      fc.property(shape, ratio, (a, r) => {
        const x = a * r;
        const p = regularizedGammaP(a, x);
        const q = regularizedGammaQ(a, x);
        expect(p >= 0 && p <= 1 && q >= 0 && q <= 1).toBe(true);
        expect(Math.abs(p + q - 1)).toBeLessThanOrEqual(4e-16);
        if (p >= MIN_NORMAL) expectRelative(Math.exp(logRegularizedGammaP(a, x)), p, 1e-13, `exp logP(${a}, ${x})`);
        if (q >= MIN_NORMAL) expectRelative(Math.exp(logRegularizedGammaQ(a, x)), q, 1e-13, `exp logQ(${a}, ${x})`);
      }),
    );
  });

  it("Q(a, x) falls as x grows, across the switches between methods", () => {
    for (const a of [0.3, 0.999, 1, 7.5, 19.99, 20, 20.01, 1e3, 1e8]) {
      let previous = 1;
      for (let x = a * 0.05; x < a * 3 + 5; x += a * 0.01 + 0.01) {
        const q = regularizedGammaQ(a, x);
        expect(q, `Q(${a}, ${x})`).toBeLessThanOrEqual(previous);
        previous = q;
      }
    }
  });
});

describe("logPoissonTerm and poissonTerm", () => {
  it("keep their digits where k and the rate are both near 1e15", () => {
    // log p(k) = −stirlerr(k) − bd0(k, λ) − ½ log(2πk); at k = λ = 1e15 bd0 is 0 and stirlerr
    // is 1/(12·1e15) to double precision, so the value is known in closed form.
    const expected = -1 / 12e15 - 0.5 * Math.log(2 * Math.PI * 1e15);
    expectRelative(logPoissonTerm(1e15, 1e15), expected, 1e-15, "k = λ = 1e15");
    expectRelative(poissonTerm(1e15, 1e15), Math.exp(expected), 1e-14, "its exp");
  });

  it("are log(λ^k e^−λ / k!) for small arguments, exactly at k = 0", () => {
    expect(logPoissonTerm(0, 2.5)).toBe(-2.5);
    expect(poissonTerm(0, 0)).toBe(1);
    expect(logPoissonTerm(3, 0)).toBe(-Infinity);
    expectRelative(poissonTerm(2, 3), (9 * Math.exp(-3)) / 2, 2e-16, "p(2; 3)");
  });
});
