// JSON that ptheta 0.2 wrote (test/fixtures/json-0.2-models/models.json, made by the 0.2 release
// with generate-0.2.ts.txt beside it) loads in this release and scores as it did then; and the
// models this release writes (statistics when fitted, parameters when built from parts) round
// trip exactly, merge after fromJSON, and refuse JSON that contradicts itself.
import { describe, expect, it } from "vitest";
import { Mixture, NaiveBayes, Product } from "../../src/index.js";
import { fixture } from "../helpers.js";

interface Saved {
  X: number[][];
  y: string[];
  rows: Array<Record<string, string | number | boolean>>;
  mixPartsX: number[][];
  models: Record<string, unknown>;
  scores: Record<string, number[]>;
}
const saved = await fixture<Saved>("json-0.2-models/models.json");
const tableRows = saved.rows.map(({ style: _style, ...r }) => r);

/**
 * The scores 0.2 gave, in Node; Chromium's Math.log and Math.exp may differ in the last bit, so
 * two units in the last place of the value are allowed (the same code path scores both).
 */
function expectScores(actual: Float64Array, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(4.5e-16 * Math.abs(expected[i]!)));
}

/** Each 0.2 model, restored, with the data it scored then. */
const restored: Array<[string, () => { logLikelihoodPerRow(X: never): Float64Array; toJSON(): unknown }, unknown]> = [
  ["mix", () => Mixture.fromJSON(saved.models.mix), saved.X],
  ["mixParts", () => Mixture.fromJSON(saved.models.mixParts), saved.mixPartsX],
  ["prod", () => Product.fromJSON(saved.models.prod), saved.X],
  ["prodTable", () => Product.fromJSON(saved.models.prodTable), saved.rows],
  ["mixTable", () => Mixture.fromJSON(saved.models.mixTable), saved.rows],
  ["nb", () => NaiveBayes.fromJSON(saved.models.nb), saved.X],
  ["nbTable", () => NaiveBayes.fromJSON(saved.models.nbTable), tableRows],
];

describe("JSON written by 0.2", () => {
  it.each(restored)("%s loads and scores every row as 0.2 did", (name, load, data) => {
    const model = load();
    expectScores(model.logLikelihoodPerRow(data as never), saved.scores[name]!);
  });

  it.each(restored)("%s written again (this release's format) scores the same", (name, load, data) => {
    const model = load();
    const text = JSON.stringify(model);
    const kind = (saved.models[name] as { type: string }).type;
    const again =
      kind === "Mixture"
        ? Mixture.fromJSON(JSON.parse(text))
        : kind === "Product"
          ? Product.fromJSON(JSON.parse(text))
          : NaiveBayes.fromJSON(JSON.parse(text));
    expect(JSON.stringify(again)).toBe(text);
    expectScores(again.logLikelihoodPerRow(data as never), saved.scores[name]!);
  });
});

describe("one persistence rule", () => {
  const features = ["gaussian", "gaussian", "bernoulli", "poisson", "categorical"] as const;

  it("a fitted Product keeps its statistics: it merges after fromJSON, as one fit of all rows", () => {
    const a = Product.fit(saved.X.slice(0, 5), { features: [...features], alpha: 1 });
    const b = Product.fit(saved.X.slice(5), { features: [...features], alpha: 1 });
    const all = Product.fit(saved.X, { features: [...features], alpha: 1 });
    const merged = Product.fromJSON(JSON.parse(JSON.stringify(a))).merge(b);
    const perRow = merged.logLikelihoodPerRow(saved.X);
    const expected = all.logLikelihoodPerRow(saved.X);
    perRow.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
    expect(a.toJSON().stats).toBeDefined();
    expect(a.toJSON().marginals).toBeUndefined();
  });

  it("options compare by meaning when products merge", () => {
    const a = Product.fit(
      saved.X.slice(0, 5).map((r) => r.slice(0, 2)),
      { features: "gaussian" },
    );
    const b = Product.fit(
      saved.X.slice(5).map((r) => r.slice(0, 2)),
      { features: ["gaussian", "gaussian"] },
    );
    expect(a.merge(b).nFeatures).toBe(2);
    const c = Product.fit(
      saved.X.slice(5).map((r) => r.slice(0, 2)),
      { features: "gaussian", regVariance: 1 },
    );
    expect(() => a.merge(c)).toThrow(/Product.merge: the fit options differ: regVariance is 0 and 1/);
  });

  it("a fitted Mixture keeps the statistics of its last M-step; its parameters follow exactly", () => {
    const mix = Mixture.fit(saved.X, { nComponents: 2, features: [...features], maxIter: 4, tol: 0 });
    const json = mix.toJSON();
    expect(json.version).toBe(2);
    expect(json.stats).toBeDefined();
    expect(json.components).toBeUndefined();
    const back = Mixture.fromJSON(JSON.parse(JSON.stringify(json)));
    expect(Array.from(back.logLikelihoodPerRow(saved.X))).toEqual(Array.from(mix.logLikelihoodPerRow(saved.X)));
    expect(back.logLikelihoodTrace).toEqual(mix.logLikelihoodTrace);
    // The statistics are those of the last E-step, so one more M-step from them is the model.
    const next = Mixture.fromStats(Mixture.statsFromJSON(json.stats));
    expect(Array.from(next.weights)).toEqual(Array.from(mix.weights));
  });

  it("a mixture from fromStats, written and read again, predicts bit for bit the same", () => {
    const mix = Mixture.fit(saved.X, { nComponents: 2, features: [...features], maxIter: 3 });
    const stats = mix.expectedStats(saved.X);
    const once = Mixture.fromStats(stats);
    const twice = Mixture.fromJSON(JSON.parse(JSON.stringify(once)));
    expect(Array.from(twice.predictProba(saved.X).data)).toEqual(Array.from(once.predictProba(saved.X).data));
  });

  it("self-contradicting statistics are refused", () => {
    const mix = Mixture.fit(saved.X, { nComponents: 2, features: [...features], maxIter: 3 });
    const json = JSON.parse(JSON.stringify(mix.expectedStats(saved.X))) as {
      count: number;
      stats: Record<string, { weight?: number[] }>;
    };
    expect(() => Mixture.statsFromJSON({ ...json, count: json.count * 2 })).toThrow(
      /count is .* but the component weights sum to/,
    );
  });

  it("tables restored keep their schema", () => {
    const back = Product.fromJSON(saved.models.prodTable);
    expect(back.tableSchema).not.toBeNull();
  });
});

describe("JSON whose schema contradicts the model", () => {
  it("is refused when a column's kind differs (a Gaussian column read as counts, say)", () => {
    for (const name of ["prodTable", "mixTable", "nbTable"] as const) {
      const json = JSON.parse(JSON.stringify(saved.models[name])) as { schema: { kinds: string[] }; type: string };
      const j = json.schema.kinds.indexOf("gaussian");
      json.schema.kinds[j] = "poisson";
      const read = (j: unknown): unknown =>
        json.type === "Mixture"
          ? Mixture.fromJSON(j)
          : json.type === "Product"
            ? Product.fromJSON(j)
            : NaiveBayes.fromJSON(j);
      expect(() => read(json), name).toThrow(
        /the schema says column .* is poisson but the model's feature \d+ is gaussian/,
      );
    }
  });
});
