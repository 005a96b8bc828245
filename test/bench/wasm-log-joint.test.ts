// The WebAssembly SIMD prototype of bench/wasm-estep.ts (issue 22, item 5): the committed bytes
// are the committed .wat assembled, and the kernel gives the diagonal-Gaussian log-joints to
// rounding, against double-double arithmetic, for every shape its tails handle (an odd last
// column, a last pair, four columns at a time).
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assemble, LOG_JOINT_WAT } from "../../bench/wasm/assemble.js";
import { LOG_JOINT_WASM } from "../../bench/wasm/log-joint-module.js";
import { referenceLogJoint, wasmLogJoint, wasmModule } from "../../bench/wasm-estep.js";

describe("the WebAssembly log-joint kernel", () => {
  it("is the committed .wat, assembled (run npx tsx bench/wasm/assemble.ts after editing it)", () => {
    const bytes = assemble(readFileSync(LOG_JOINT_WAT, "utf8"));
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(Buffer.from(bytes).toString("base64")).toBe(LOG_JOINT_WASM);
  });

  it("refuses an instruction the assembler does not know, naming it", () => {
    const wat = readFileSync(LOG_JOINT_WAT, "utf8").replace("f64x2.sub", "f64x2.div");
    expect(() => assemble(wat)).toThrow('assemble.ts does not know "f64x2.div"');
  });

  it("gives norm[c] − Σ_j (x_ij − μ_cj)² · half_cj to rounding, for any rows, columns and components", () => {
    const module = wasmModule();
    const value = fc.double({ min: -1e3, max: 1e3, noNaN: true });
    const shape = fc.record({
      rows: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 13 }),
      K: fc.integer({ min: 1, max: 6 }),
    });
    const problem = shape.chain(({ rows, d, K }) =>
      fc.record({
        rows: fc.constant(rows),
        d: fc.constant(d),
        K: fc.constant(K),
        X: fc.float64Array({ minLength: rows * d, maxLength: rows * d, min: -1e3, max: 1e3, noNaN: true }),
        mu: fc.float64Array({ minLength: K * d, maxLength: K * d, min: -1e3, max: 1e3, noNaN: true }),
        half: fc.float64Array({ minLength: K * d, maxLength: K * d, min: 1e-4, max: 1e4, noNaN: true }),
        norm: fc.array(value, { minLength: K, maxLength: K }).map((a) => Float64Array.from(a)),
      }),
    );
    fc.assert(
      fc.property(problem, ({ rows, d, K, X, mu, half, norm }) => {
        const kernel = wasmLogJoint(module, rows, d, K);
        kernel.load(X);
        kernel.params(mu, half, norm);
        const out = new Float64Array(rows * K);
        kernel.run(rows, out);
        const truth = referenceLogJoint(X, rows, d, K, mu, half, norm);
        for (let i = 0; i < rows; i++) {
          for (let c = 0; c < K; c++) {
            // the scale of the sum: |norm| plus the (non-negative) distance
            const scale = Math.abs(norm[c]!) + Math.abs(norm[c]! - truth[i * K + c]!);
            // (plus 1e-300: products that underflow into the subnormals may round either way)
            expect(Math.abs(out[i * K + c]! - truth[i * K + c]!)).toBeLessThanOrEqual(1e-14 * scale + 1e-300);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
