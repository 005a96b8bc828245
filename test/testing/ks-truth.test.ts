// ksSurvival against the exact value from mpmath (test/fixtures/generate_ks_truth.py): the
// one-sided Birnbaum–Tingey sum at n up to 10⁶ (where a sum of logs in doubles lost ~n·ε), and
// Durbin's matrix where scipy uses Pelz & Good's series. And the accuracy the docs state for
// that series, as a property over n and d.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { durbinCdf, pelzGoodCdf } from "../../src/testing/ks-survival.js";
import { ksSurvival } from "../../src/testing/index.js";
import { expectRelative, fixture } from "../helpers.js";

interface Truth {
  n: number;
  d: number;
  sf: number;
  scipy: number;
}
const ref = await fixture<{ smirnov: Truth[]; durbin: Truth[] }>("ks-truth.json");

describe("ksSurvival equals the exact P(D_n ≥ d) (mpmath, 40 digits)", () => {
  it(`where P = 2 P(D⁺_n ≥ d), n = 141 to 10⁶ (${ref.smirnov.length} points): 1e-12 relative`, () => {
    for (const r of ref.smirnov) expectRelative(ksSurvival(r.d, r.n), r.sf, 1e-12, `n = ${r.n}, d = ${r.d}`);
  });

  it(`where scipy uses Pelz–Good and ksSurvival Durbin's matrix (${ref.durbin.length} points): 1e-12 relative`, () => {
    for (const r of ref.durbin) {
      expectRelative(ksSurvival(r.d, r.n), r.sf, 1e-12, `n = ${r.n}, d = ${r.d}`);
      // scipy's series there is the 1e-6-level approximation the docs state, not the truth.
      expect(Math.abs(r.scipy - r.sf)).toBeLessThanOrEqual(3.1e-6);
    }
    expect(Math.max(...ref.durbin.map((r) => Math.abs(r.scipy - r.sf)))).toBeGreaterThan(1e-6);
  });
});

describe("Pelz & Good's series, where ksSurvival uses it", () => {
  // Its region: n d² < 2.2 and n d^{3/2} > 1.4. Its error against Durbin's exact matrix falls
  // about as n⁻² (3.07e-6 at n = 141, 6.4e-8 at 1,000): the envelope 3.2e-6 (141/n)^1.9.
  it("is within 3.2e-6 (141/n)^1.9 absolute of Durbin's matrix, so within 7e-8 beyond n = 1,100", () => {
    fc.assert(
      fc.property(fc.integer({ min: 141, max: 1500 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, u) => {
        const zMin = (1.4 / n ** 0.25) ** (2 / 3);
        const z = zMin + u * (Math.sqrt(2.2) - zMin);
        const d = z / Math.sqrt(n);
        const error = Math.abs(pelzGoodCdf(n, d) - durbinCdf(n, d));
        expect(error).toBeLessThanOrEqual(3.2e-6 * (141 / n) ** 1.9);
        if (n > 1100) expect(error).toBeLessThanOrEqual(7e-8);
      }),
      { numRuns: 40 },
    );
  });
});
