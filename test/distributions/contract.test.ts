/**
 * The family contract, as Distributions.jl's test_distr: every per-column family of the registry
 * goes through the same checks, read from FAMILIES, so a family added to the registry is tested
 * here by existing. What a family brings for it is its record's `example` (parameters in a
 * typical range); the rest is the contract every family implements.
 *
 * Joint families (`joint: true`, a multivariate Gaussian, a multinomial) are one distribution
 * over their block: their per-column checks do not apply, and they are skipped here (their own
 * tests cover the same properties over a block).
 */
import { describe, expect, it } from "vitest";
import { createRng, Schema } from "../../src/index.js";
import type { Distribution } from "../../src/core/distribution.js";
import type { Family, KernelParams, KernelStats, RowWeights, ScoreContext } from "../../src/core/kernel.js";
import { RowBlocks } from "../../src/core/matrix.js";
import { FAMILIES, FEATURE_KINDS, type FeatureKind } from "../../src/distributions/registry.js";
import { addLogLikelihood, layoutBlocks, type BlockSpec } from "../../src/models/blocks.js";

const PER_COLUMN = FEATURE_KINDS.filter((kind) => FAMILIES[kind].joint !== true);
const C = 2; // components: row i belongs to component i % 2
const M = 2; // columns per block, each with its own example per component
const N = 3000; // rows

/** The options a model gives a block: no smoothing (the MLE), so a refit recovers θ itself. */
function blockOf(kind: FeatureKind): BlockSpec {
  const settings = { alpha: () => 0, minCategories: () => 0, binarize: null, varSmoothing: 0, regVariance: 0 };
  return layoutBlocks(Array<FeatureKind>(M).fill(kind), settings)[0]!;
}

/**
 * C × M example distributions of the family (component-major), from a seeded stream. The
 * components of a column share the example's first uniform, which fixes its shape (a
 * categorical's K), as a model's components do.
 */
function truths(family: Family, seed: number): Distribution<number>[] {
  const rng = createRng(seed);
  const example = family.example!;
  const shape = Array.from({ length: M }, () => rng.next());
  return Array.from({ length: C * M }, (_, i) => {
    let first = true;
    return example(() => {
      if (!first) return rng.next();
      first = false;
      return shape[i % M]!;
    });
  });
}

/** N rows × M columns drawn from the truths, row i from component i % C. */
function draw(truth: readonly Distribution<number>[], seed: number, rows = N): Float64Array {
  const rng = createRng(seed);
  const x = new Float64Array(rows * M);
  for (let i = 0; i < rows; i++) for (let k = 0; k < M; k++) x[i * M + k] = truth[(i % C) * M + k]!.sample(rng);
  return x;
}

function matrix(x: Float64Array, rows = x.length / M): RowBlocks {
  return new RowBlocks({ data: x, rows, cols: M }, { rows, cols: M });
}

function labels(rows: number, offset = 0): RowWeights {
  const component = Int32Array.from({ length: rows }, (_, i) => (i + offset) % C);
  return { components: C, component, responsibility: null, sampleWeight: null };
}

function accumulate(family: Family, block: BlockSpec, x: Float64Array, w: RowWeights): KernelStats {
  const s = family.createStats(block.cols, C, block.options);
  s.accumulate("contract", matrix(x), w);
  return s;
}

/** The parameters as the family's own JSON, every component and column. */
function paramsJSON(p: KernelParams): unknown[] {
  return Array.from({ length: C * M }, (_, i) => p.marginal(Math.floor(i / M), i % M).toJSON());
}

/** Deep equality with numbers within `rel` relative (0: bit-exact). */
function expectClose(actual: unknown, expected: unknown, rel: number, path = "params"): void {
  if (typeof expected === "number") {
    expect(typeof actual, path).toBe("number");
    const a = actual as number;
    if (rel === 0 || a === expected) expect(a, path).toBe(expected);
    else expect(Math.abs(a - expected), `${path}: ${a} vs ${expected}`).toBeLessThanOrEqual(rel * Math.abs(expected));
    return;
  }
  if (expected !== null && typeof expected === "object") {
    const keys = Object.keys(expected);
    expect(Object.keys(actual as object).sort(), path).toEqual(keys.sort());
    for (const key of keys)
      expectClose(
        (actual as Record<string, unknown>)[key],
        (expected as Record<string, unknown>)[key],
        rel,
        `${path}.${key}`,
      );
    return;
  }
  expect(actual, path).toEqual(expected);
}

// Sums of the same doubles in another order differ by rounding (Gaussian moments merge by
// Chan's formulas): estimates agree to this, not bitwise, across splits and weights.
const ROUNDING = 1e-11;
const CTX: ScoreContext = { where: "contract", missing: "error", unseen: "error", outsideSupport: "error" };

it("the registry's per-column families all give an example to test", () => {
  expect(PER_COLUMN.length).toBeGreaterThanOrEqual(5);
  for (const kind of PER_COLUMN) expect(typeof FAMILIES[kind].example, kind).toBe("function");
});

describe.each(PER_COLUMN.map((kind) => [kind, FAMILIES[kind]] as const))("the %s family", (kind, family) => {
  const block = blockOf(kind);
  const truth = truths(family, 11);
  const x = draw(truth, 12);
  const all = accumulate(family, block, x, labels(N));

  it("example distributions are of the family, and their draws are values of its table rules", () => {
    for (const d of truth) expect(family.owns(d)).toBe(true);
    for (const v of x) expect(family.values.accepts(v), `${v}`).toBe(true);
  });

  it("the estimate of one accumulate equals that of merged accumulates, in any split and order", () => {
    const whole = paramsJSON(all.estimate(block.options));
    for (const cuts of [[1], [N / 3, N / 2], [7, 8, 2000]]) {
      const bounds = [0, ...cuts.map((c) => Math.floor(c)), N];
      const parts = bounds.slice(1).map((end, p) => {
        const start = bounds[p]!;
        return accumulate(family, block, x.subarray(start * M, end * M), labels(end - start, start));
      });
      const forward = family.createStats(block.cols, C, block.options);
      for (const s of parts) forward.merge(s);
      const backward = family.createStats(block.cols, C, block.options);
      for (const s of parts.slice().reverse()) backward.merge(s);
      expectClose(paramsJSON(forward.estimate(block.options)), whole, ROUNDING);
      expectClose(paramsJSON(backward.estimate(block.options)), whole, ROUNDING);
    }
  });

  it("integer weights equal repeated rows; weight 0 equals the row absent", () => {
    const rows = 400;
    const part = x.subarray(0, rows * M);
    const w = Float64Array.from({ length: rows }, (_, i) => (i * 7) % 4); // 0, 3, 2, 1, …
    const weighted = accumulate(family, block, part, { ...labels(rows), sampleWeight: w });
    const repeated: number[] = [];
    const repeatedLabels: number[] = [];
    for (let i = 0; i < rows; i++) {
      for (let r = 0; r < w[i]!; r++) {
        repeated.push(...part.subarray(i * M, (i + 1) * M));
        repeatedLabels.push(i % C);
      }
    }
    const copies = accumulate(family, block, Float64Array.from(repeated), {
      ...labels(0),
      component: Int32Array.from(repeatedLabels),
    });
    expectClose(paramsJSON(weighted.estimate(block.options)), paramsJSON(copies.estimate(block.options)), ROUNDING);
    expect(Array.from(weighted.totals())).toEqual(Array.from(copies.totals()));
  });

  it("statistics JSON round-trips exactly, and so does each parameter's JSON", () => {
    const json = JSON.parse(JSON.stringify(all.toJSON())) as unknown;
    const back = family.statsFromJSON("contract", json, block.cols, C, block.options);
    expect(back.toJSON()).toEqual(all.toJSON());
    const params = all.estimate(block.options);
    expectClose(paramsJSON(back.estimate(block.options)), paramsJSON(params), 0);
    for (const d of paramsJSON(params)) {
      const again = family.fromJSON(JSON.parse(JSON.stringify(d)));
      expect(again.toJSON()).toEqual(d);
    }
  });

  it("the kernel's log-likelihood is the sum of its marginals' logProb", () => {
    const params = all.estimate(block.options);
    const rows = 50;
    const out = new Float64Array(rows * C);
    addLogLikelihood([params], matrix(x.subarray(0, rows * M)), out, CTX);
    for (let i = 0; i < rows; i++) {
      for (let c = 0; c < C; c++) {
        let sum = 0;
        for (let k = 0; k < M; k++) sum += params.marginal(c, k).logProb(x[i * M + k]!);
        if (out[i * C + c] === sum) continue; // −Infinity too
        expect(Math.abs(out[i * C + c]! - sum), `row ${i}, component ${c}`).toBeLessThanOrEqual(
          1e-12 * Math.abs(sum) + 1e-12,
        );
      }
    }
  });

  it("sampling from parameters then refitting recovers them (mean log-likelihood of fresh rows)", () => {
    const params = family.paramsFrom(block.cols, C, truth, "contract");
    const rows = 20000;
    const rng = createRng(13);
    const sampled = new Float64Array(rows * M);
    for (let i = 0; i < rows; i++) params.sampleRow(rng, i % C, sampled, i * M, "contract");
    const refit = accumulate(family, block, sampled, labels(rows)).estimate(block.options);
    const fresh = draw(truth, 14, rows);
    const under = (p: KernelParams): number => {
      const out = new Float64Array(rows * C);
      addLogLikelihood([p], matrix(fresh), out, CTX);
      let sum = 0;
      for (let i = 0; i < rows; i++) sum += out[i * C + (i % C)]!;
      return sum / rows;
    };
    // KL(truth ‖ refit) ≈ (parameters)/(2n) per row, plus the fresh sample's noise in the
    // difference of two log-likelihoods of the same rows: far below 0.01 nats at 10⁴ rows.
    expect(Math.abs(under(refit) - under(params))).toBeLessThan(0.01);
  });

  it("a table of sampled values round-trips through Schema (encode → decode)", () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ a: x[i * M]!, b: x[i * M + 1]! }));
    const schema = Schema.infer(rows, { features: { a: kind, b: kind } });
    expect(schema.kinds).toEqual([kind, kind]);
    const back = Schema.fromJSON(JSON.parse(JSON.stringify(schema)));
    expect(back.decode(back.encode(rows).X)).toEqual(rows);
  });

  it("a NaN cell is an error naming its row and column, in fits and in scores", () => {
    const bad = x.slice(0, 10 * M);
    bad[3 * M + 1] = NaN;
    const fresh = family.createStats(block.cols, C, block.options);
    expect(() => fresh.accumulate("Contract.fit", matrix(bad), labels(10))).toThrow(/Contract\.fit: X\[3\]\[1\]/);
    const out = new Float64Array(10 * C);
    expect(() => addLogLikelihood([all.estimate(block.options)], matrix(bad), out, CTX)).toThrow(
      /contract: X\[3\]\[1\]/,
    );
  });
});
