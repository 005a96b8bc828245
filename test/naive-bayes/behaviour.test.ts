/**
 * Specific behaviours of NaiveBayes: missing and unseen policies, thresholds, ties, priors,
 * extreme inputs, output buffers and sampling.
 */
import { describe, expect, it } from "vitest";
import { createRng, NaiveBayes } from "../../src/index.js";

const cat = [
  [0, 1, 2],
  [1, 1, 0],
  [2, 0, 1],
  [0, 2, 2],
  [1, 0, 0],
];
const catY = [1, 1, 2, 2, 2];

describe("missing values and unseen categories", () => {
  it('missing: "ignore" marginalises a categorical or Bernoulli feature exactly', () => {
    for (const features of ["categorical", "bernoulli"] as const) {
      const full = NaiveBayes.fit(cat, catY, { features, missing: "ignore" });
      const reduced = NaiveBayes.fit(
        cat.map((r) => r.slice(0, 2)),
        catY,
        { features },
      );
      const a = full.jointLogLikelihood([[0, 1, NaN]]).data;
      const b = reduced.jointLogLikelihood([[0, 1]]).data;
      expect(Array.from(a)).toEqual(Array.from(b));
    }
  });

  it('missing: "ignore" marginalises a Gaussian feature', () => {
    const X = [
      [1, 5],
      [2, 7],
      [4, 1],
      [5, 2],
      [4.5, 0],
    ];
    const full = NaiveBayes.fit(X, catY, { varSmoothing: 0, missing: "ignore" });
    const reduced = NaiveBayes.fit(
      X.map((r) => [r[0]!]),
      catY,
      { varSmoothing: 0 },
    );
    const a = full.jointLogLikelihood([[3, NaN]]).data;
    const b = reduced.jointLogLikelihood([[3]]).data;
    for (let c = 0; c < 2; c++) expect(a[c]!).toBeCloseTo(b[c]!, 12);
    // A row with every feature missing scores the priors alone.
    const priorsOnly = full.jointLogLikelihood([[NaN, NaN]]).data;
    full.classPriors.forEach((p, c) => expect(priorsOnly[c]!).toBeCloseTo(Math.log(p), 14));
  });

  it('unseen: "smooth" (default) scores a new code like a known unobserved category', () => {
    const reserved = NaiveBayes.fit(cat, catY, { features: "categorical", minCategories: 6 });
    const a = reserved.jointLogLikelihood([[0, 1, 9]]).data;
    const b = reserved.jointLogLikelihood([[0, 1, 5]]).data;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(reserved.categoryProbabilities(2).cols).toBe(6);
    expect(reserved.categoryProbabilities(2).get(0, 5)).toBeCloseTo(1 / (2 + 6), 15);
  });

  it('unseen: "ignore" leaves the feature out of that row', () => {
    const nb = NaiveBayes.fit(cat, catY, { features: "categorical", unseen: "ignore" });
    const reduced = NaiveBayes.fit(
      cat.map((r) => r.slice(0, 2)),
      catY,
      { features: "categorical" },
    );
    expect(Array.from(nb.jointLogLikelihood([[0, 1, 3]]).data)).toEqual(
      Array.from(reduced.jointLogLikelihood([[0, 1]]).data),
    );
  });
});

describe("numerics and conventions", () => {
  it("binarize: a value counts as 1 only when strictly above the threshold", () => {
    const nb = NaiveBayes.fit([[0.5], [0.7], [0.2], [0.1]], ["a", "a", "b", "b"], {
      features: "bernoulli",
      binarize: 0.5,
    });
    // Class a saw one value above 0.5 out of two: p = (1 + 1) / (2 + 2).
    expect(nb.featureProbabilities.get(0, 0)).toBe(0.5);
    expect(nb.featureProbabilities.get(1, 0)).toBe(0.25);
    expect(nb.jointLogLikelihood([[0.5]]).data).toEqual(nb.jointLogLikelihood([[0]]).data);
  });

  it("Bernoulli log(1 − p) is computed from counts, accurate when p is near 1", () => {
    const n = 1e12;
    // A version-1 file (statistics beside the class counts), as 0.1 wrote it: it still loads.
    const json = {
      type: "NaiveBayes",
      version: 1,
      options: {
        features: "bernoulli",
        varSmoothing: 1e-9,
        alpha: 1,
        binarize: 0,
        minCategories: 0,
        priors: null,
        fitPriors: true,
        unseen: "smooth",
        missing: "error",
      },
      classes: [0],
      nFeatures: 1,
      classCount: [n],
      bernoulli: { count: [n - 1] },
    };
    const nb = NaiveBayes.fromJSON(json);
    // log(1 − p̂) = log(n − N + α) − log(n + 2α) = log 2 − log(n + 2).
    const exact = Math.log(2) - Math.log(n + 2);
    expect(Math.abs(nb.jointLogLikelihood([[0]]).data[0]! - exact) / Math.abs(exact)).toBeLessThan(1e-15);
  });

  it("ties go to the first class", () => {
    const nb = NaiveBayes.fit([[1], [1], [1], [1]], ["b", "a", "b", "a"]);
    expect(nb.classes).toEqual(["a", "b"]);
    expect(nb.predict([[1], [5]])).toEqual(["a", "a"]);
  });

  it("numeric labels sort numerically, string labels by code unit", () => {
    expect(NaiveBayes.fit([[1], [2], [3]], [10, 9, 100]).classes).toEqual([9, 10, 100]);
    expect(NaiveBayes.fit([[1], [2], [3]], ["b", "B", "a"]).classes).toEqual(["B", "a", "b"]);
  });

  it("a row impossible under every class gets the uniform posterior, never NaN", () => {
    // One row per class and no smoothing: variances are 0, floored at the smallest normal
    // double, so a point 10 away has an overflowing distance in both classes.
    const nb = NaiveBayes.fit([[0], [1]], ["a", "b"], { varSmoothing: 0 });
    const jll = nb.jointLogLikelihood([[11]]).data;
    expect(Array.from(jll)).toEqual([-Infinity, -Infinity]);
    expect(Array.from(nb.predictProba([[11]]).data)).toEqual([0.5, 0.5]);
    expect(nb.predictLogProba([[0]]).data[0]).toBe(0);
    expect(nb.predictProba([[0], [1]]).data.every((p) => !Number.isNaN(p))).toBe(true);
  });

  it("variance of data like 1e9 + noise is accurate, in fit and across partialFit chunks", () => {
    const rng = createRng(3);
    const xs = Array.from({ length: 1000 }, () => 1e9 + rng.next());
    const mean = xs.reduce((s, v) => s + (v - 1e9), 0) / xs.length;
    const exactVar = xs.reduce((s, v) => s + (v - 1e9 - mean) ** 2, 0) / xs.length;
    const X = xs.map((v) => [v]);
    const y = xs.map(() => 0);
    const nb = NaiveBayes.fit(X, y, { varSmoothing: 0 });
    expect(Math.abs(nb.variances.get(0, 0) - exactVar) / exactVar).toBeLessThan(1e-6);
    const online = new NaiveBayes<number>({ varSmoothing: 0 });
    for (let i = 0; i < 1000; i += 77) online.partialFit(X.slice(i, i + 77), y.slice(i, i + 77));
    expect(Math.abs(online.variances.get(0, 0) - exactVar) / exactVar).toBeLessThan(1e-6);
  });

  it("ε uses every row seen, so a single-row first batch works (scikit-learn's would set ε = 0)", () => {
    const X = [[0], [10], [1], [11], [2], [12]];
    const y = ["a", "b", "a", "b", "a", "b"];
    const online = new NaiveBayes<string>({ classes: ["a", "b"] });
    online.partialFit([X[0]!], [y[0]!]);
    expect(online.epsilon).toBe(0);
    online.partialFit(X.slice(1), y.slice(1));
    const batch = NaiveBayes.fit(X, y);
    expect(online.epsilon).toBeCloseTo(batch.epsilon, 20);
    expect(batch.epsilon).toBeCloseTo(1e-9 * 25.666666666666668, 20);
    expect(online.predict([[1], [11]])).toEqual(["a", "b"]);
  });

  it("priors: fixed, fitted or uniform; a class without rows gets prior 0 and is never predicted", () => {
    const X = [[0], [1], [2], [10]];
    const y = [0, 0, 0, 1];
    expect(Array.from(NaiveBayes.fit(X, y).classPriors)).toEqual([0.75, 0.25]);
    expect(Array.from(NaiveBayes.fit(X, y, { fitPriors: false }).classPriors)).toEqual([0.5, 0.5]);
    expect(NaiveBayes.fit(X, y, { priors: [0.1, 0.9] }).classPriors[1]).toBeCloseTo(0.9, 15);
    const empty = NaiveBayes.fit(X, y, { classes: [0, 1, 2] });
    expect(Array.from(empty.classCounts)).toEqual([3, 1, 0]);
    expect(empty.classPriors[2]).toBe(0);
    expect(empty.predict([[0], [10], [5]])).not.toContain(2);
    expect(empty.predictProba([[0]]).get(0, 2)).toBe(0);
  });
});

describe("inputs and outputs", () => {
  const X = [
    [1, 2],
    [1.5, 1.8],
    [5, 8],
    [6, 9],
  ];
  const y = ["a", "a", "b", "b"];
  const nb = NaiveBayes.fit(X, y);

  it("accepts dense matrices, typed-array rows and non-Float64Array data alike", () => {
    const ref = nb.jointLogLikelihood(X).data;
    expect(nb.jointLogLikelihood({ data: Float64Array.from(X.flat()), rows: 4, cols: 2 }).data).toEqual(ref);
    expect(nb.jointLogLikelihood({ data: X.flat(), rows: 4, cols: 2 }).data).toEqual(ref);
    expect(nb.jointLogLikelihood(X.map((r) => Float32Array.from(r))).data).toEqual(
      nb.jointLogLikelihood(X.map((r) => Array.from(Float32Array.from(r)))).data,
    );
    const dense = NaiveBayes.fit({ data: Float64Array.from(X.flat()), rows: 4, cols: 2 }, y);
    expect(JSON.stringify(dense)).toBe(JSON.stringify(nb));
  });

  it("writes into out buffers and returns row views", () => {
    const out = new Float64Array(8);
    const p = nb.predictProba(X, out);
    expect(p.data).toBe(out);
    expect(p.row(2)).toEqual(out.subarray(4, 6));
    const big = new Float64Array(20).fill(7);
    const lp = nb.predictLogProba(X, big);
    expect(lp.data.length).toBe(8);
    expect(big[8]).toBe(7);
    expect(lp.data.buffer).toBe(big.buffer);
    const rows = new Float64Array(4);
    expect(nb.logLikelihoodPerRow(X, y, rows)).toBe(rows);
  });

  it("handles zero-row inputs", () => {
    expect(nb.predict([])).toEqual([]);
    const p = nb.predictProba([]);
    expect([p.rows, p.cols]).toEqual([0, 2]);
    expect(nb.logLikelihood([])).toBe(0);
  });

  it("exposes the fitted parameters", () => {
    expect(nb.nFeatures).toBe(2);
    expect(nb.featureKinds).toEqual(["gaussian", "gaussian"]);
    expect(nb.isFitted).toBe(true);
    expect(nb.means.toArray()).toEqual([
      [1.25, 1.9],
      [5.5, 8.5],
    ]);
    expect(nb.variances.get(0, 0)).toBeCloseTo(0.0625 + nb.epsilon, 15);
    expect(Number.isNaN(nb.featureProbabilities.get(0, 0))).toBe(true);
  });
});

describe("sampling", () => {
  const mixedX = [
    [0.1, 1, 0],
    [0.3, 0, 2],
    [2.2, 1, 1],
    [2.0, 1, 1],
    [1.9, 0, 3],
  ];
  const nb = NaiveBayes.fit(mixedX, ["p", "p", "q", "q", "q"], { features: ["gaussian", "bernoulli", "categorical"] });

  it("is reproducible from the seed and draws values of each kind's support", () => {
    const a = nb.sample(createRng("s"), 500);
    const b = nb.sample(createRng("s"), 500);
    expect(a.X.data).toEqual(b.X.data);
    expect(a.y).toEqual(b.y);
    for (let i = 0; i < 500; i++) {
      expect([0, 1]).toContain(a.X.get(i, 1));
      const code = a.X.get(i, 2);
      expect(Number.isInteger(code) && code >= 0 && code < 4).toBe(true);
      expect(Number.isFinite(a.X.get(i, 0))).toBe(true);
    }
    expect(new Set(a.y)).toEqual(new Set(["p", "q"]));
  });

  it("draws a chosen class, into a given buffer", () => {
    const out = new Float64Array(30);
    const s = nb.sample(createRng(1), 10, { label: "p", out });
    expect(s.X.data).toBe(out);
    expect(s.y).toEqual(Array(10).fill("p"));
    expect(nb.sample(createRng(1), 0).X.rows).toBe(0);
  });
});

describe("JSON keeps every option", () => {
  it("round-trips a model with per-feature options, fixed priors and policies", () => {
    const X = [
      [0.5, 1, 2, -1],
      [1.5, 0, 0, 2],
      [2.5, 1, 1, 0.5],
      [3.5, 0, 3, 1],
    ];
    const nb = NaiveBayes.fit(X, [7, 3, 7, 3], {
      features: ["gaussian", "bernoulli", "categorical", "gaussian"],
      varSmoothing: 1e-4,
      alpha: [1, 0.25, 3, 1],
      binarize: null,
      minCategories: [0, 0, 6, 0],
      priors: [0.4, 0.6],
      unseen: "ignore",
      missing: "ignore",
      classes: [3, 7],
    });
    const json = nb.toJSON();
    expect(json.options).toEqual({
      features: ["gaussian", "bernoulli", "categorical", "gaussian"],
      varSmoothing: 1e-4,
      alpha: [1, 0.25, 3, 1],
      binarize: null,
      minCategories: [0, 0, 6, 0],
      priors: [0.4, 0.6],
      fitPriors: true,
      unseen: "ignore",
      missing: "ignore",
      maxIter: 100,
      tol: 1e-3,
      classes: [3, 7],
    });
    const back = NaiveBayes.fromJSON<number>(JSON.parse(JSON.stringify(json)));
    expect(back.toJSON()).toEqual(json);
    const probe = [[1, 1, 9, NaN]];
    expect(back.jointLogLikelihood(probe).data).toEqual(nb.jointLogLikelihood(probe).data);
    expect(back.categoryProbabilities(2).cols).toBe(6);
  });
});
