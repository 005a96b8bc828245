/**
 * Every public error of NaiveBayes and Matrix: each is triggered, has the right type and a message
 * naming what and where, and a call that throws leaves the model's JSON exactly as it was.
 */
import { describe, expect, it } from "vitest";
import { createRng, Matrix, NaiveBayes, type Label, type Rng } from "../../src/index.js";

const X = [
  [1.0, 0, 2],
  [1.2, 1, 0],
  [3.1, 1, 1],
  [2.9, 0, 2],
];
const y = ["a", "a", "b", "b"];
const mixed = { features: ["gaussian", "bernoulli", "categorical"] as const };

function fitted(): NaiveBayes<string> {
  return NaiveBayes.fit(X, y, { features: [...mixed.features] });
}

/** Expects `call` to throw `type` with a message matching `message`, leaving `nb` unchanged. */
function throwsUnchanged<L extends Label>(
  nb: NaiveBayes<L>,
  call: () => unknown,
  type: typeof TypeError | typeof RangeError | typeof Error,
  message: RegExp,
): void {
  const before = JSON.stringify(nb);
  expect(call).toThrow(type);
  expect(call).toThrow(message);
  expect(JSON.stringify(nb)).toBe(before);
}

describe("NaiveBayes options are checked at construction", () => {
  const cases: [string, unknown, typeof TypeError | typeof RangeError, RegExp][] = [
    ["options not an object", 5, TypeError, /options must be an object/],
    ["unknown option", { alhpa: 1 }, TypeError, /unknown option "alhpa"/],
    [
      "bad kind",
      { features: "laplace" },
      TypeError,
      /options.features must be one of "gaussian", "bernoulli", "categorical", "poisson", "exponential", "multinomial", "multivariate-gaussian", got "laplace"/,
    ],
    ["bad kind in array", { features: ["gaussian", 3] }, TypeError, /options.features\[1\]/],
    ["empty features", { features: [] }, RangeError, /options.features must not be an empty array/],
    ["negative varSmoothing", { varSmoothing: -1 }, RangeError, /options.varSmoothing must be >= 0, got -1/],
    ["NaN varSmoothing", { varSmoothing: NaN }, RangeError, /options.varSmoothing must be finite, got NaN/],
    ["negative alpha", { alpha: -0.5 }, RangeError, /options.alpha must be >= 0, got -0.5/],
    ["negative alpha in array", { alpha: [1, -2] }, RangeError, /options.alpha\[1\] must be >= 0/],
    ["alpha of the wrong type", { alpha: "1" }, TypeError, /options.alpha must be a number/],
    [
      "alpha length vs features",
      { features: ["bernoulli", "bernoulli"], alpha: [1, 1, 1] },
      RangeError,
      /options.alpha has 3 values but options.features has 2/,
    ],
    ["minCategories not an integer", { minCategories: 2.5 }, RangeError, /options.minCategories must be an integer/],
    [
      "minCategories length vs features",
      { features: ["categorical"], minCategories: [1, 2] },
      RangeError,
      /options.minCategories has 2 values/,
    ],
    ["binarize infinite", { binarize: Infinity }, RangeError, /options.binarize must be finite/],
    ["priors not an array", { priors: 0.5 }, TypeError, /options.priors must be an array/],
    [
      "priors not summing to 1",
      { priors: [0.5, 0.6] },
      RangeError,
      /options.priors must sum to 1, but they sum to 1.1/,
    ],
    ["negative prior", { priors: [1.5, -0.5] }, RangeError, /options.priors\[0\] must be in \[0, 1\]/],
    ["empty priors", { priors: [] }, RangeError, /options.priors must not be empty/],
    ["fitPriors not boolean", { fitPriors: 1 }, TypeError, /options.fitPriors must be a boolean/],
    [
      "bad unseen policy",
      { unseen: "reserve" },
      TypeError,
      /options.unseen must be "smooth", "ignore", "error", got "reserve"/,
    ],
    ["bad missing policy", { missing: "drop" }, TypeError, /options.missing must be "error", "ignore"/],
    ["classes not an array", { classes: "ab" }, TypeError, /options.classes must be an array/],
    ["empty classes", { classes: [] }, RangeError, /options.classes must not be empty/],
    ["duplicate classes", { classes: ["a", "b", "a"] }, RangeError, /options.classes lists "a" twice/],
    ["mixed label types", { classes: ["a", 1] }, TypeError, /options.classes\[1\] is 1, but the labels are strings/],
    ["NaN class", { classes: [NaN] }, RangeError, /options.classes\[0\] is NaN; a label must be finite/],
    [
      "priors vs classes",
      { classes: ["a", "b", "c"], priors: [0.5, 0.5] },
      RangeError,
      /options.priors has 2 values but options.classes has 3/,
    ],
  ];
  it.each(cases)("%s", (_, options, type, message) => {
    const make = (): unknown => new NaiveBayes(options as never);
    expect(make).toThrow(type);
    expect(make).toThrow(message);
  });
});

describe("fit and partialFit check their data and change nothing when they throw", () => {
  it("rejects malformed matrices", () => {
    const nb = new NaiveBayes<string>({ features: "gaussian" });
    throwsUnchanged(
      nb,
      () => nb.partialFit("x" as never, ["a"]),
      TypeError,
      /NaiveBayes.partialFit: X must be an array of rows or \{ data, rows, cols \}/,
    );
    throwsUnchanged(nb, () => nb.partialFit([], []), RangeError, /X is empty/);
    throwsUnchanged(nb, () => nb.partialFit([[], []], ["a", "b"]), RangeError, /X has no features/);
    throwsUnchanged(
      nb,
      () => nb.partialFit([[1, 2], [3]], ["a", "b"]),
      RangeError,
      /X\[1\] has 1 values but X\[0\] has 2; every row needs the same length/,
    );
    throwsUnchanged(
      nb,
      () => nb.partialFit([[1], 2] as never, ["a", "b"]),
      TypeError,
      /X\[1\] must be an array of numbers, got 2/,
    );
    throwsUnchanged(
      nb,
      () => nb.partialFit({ data: new Float64Array(5), rows: 2, cols: 3 }, ["a", "b"]),
      RangeError,
      /X.data has length 5, expected X.rows \* X.cols = 6/,
    );
    throwsUnchanged(
      nb,
      () => nb.partialFit({ data: new Float64Array(6), rows: 2.5, cols: 3 }, ["a", "b"]),
      RangeError,
      /X.rows must be an integer/,
    );
    throwsUnchanged(
      nb,
      () => nb.partialFit({ data: new Float64Array(6), rows: 2, cols: -3 }, ["a", "b"]),
      RangeError,
      /X.cols must be an integer/,
    );
    throwsUnchanged(
      nb,
      () => nb.partialFit({ data: 7, rows: 2, cols: 3 } as never, ["a", "b"]),
      TypeError,
      /X.data must be a Float64Array/,
    );
  });

  it("rejects bad values, naming the cell", () => {
    const nb = fitted();
    throwsUnchanged(
      nb,
      () =>
        nb.partialFit(
          [
            [1, 0, 0],
            [NaN, 1, 1],
          ],
          ["a", "b"],
        ),
      RangeError,
      /NaiveBayes.partialFit: X\[1\]\[0\] is NaN; data must be finite/,
    );
    throwsUnchanged(
      nb,
      () => nb.partialFit([[1, 0, Infinity]], ["a"]),
      RangeError,
      /X\[0\]\[2\] is Infinity; data must be finite/,
    );
    throwsUnchanged(
      nb,
      () => nb.partialFit([[1, "0", 1]] as never, ["a"]),
      TypeError,
      /X\[0\]\[1\] must be a number, got "0"/,
    );
    throwsUnchanged(
      nb,
      () => nb.partialFit([[1, 0, 1.5]], ["a"]),
      RangeError,
      /X\[0\]\[2\] is 1.5, but a categorical feature takes integer codes/,
    );
    throwsUnchanged(
      nb,
      () => nb.partialFit([[1, 0, -1]], ["a"]),
      RangeError,
      /X\[0\]\[2\] is -1, but a categorical feature/,
    );
    throwsUnchanged(
      nb,
      () => nb.partialFit([[1, 0, 2 ** 30]], ["a"]),
      RangeError,
      /X\[0\]\[2\] is 1073741824, but a categorical feature takes integer codes in \[0, 65535\]/,
    );
    const bin = NaiveBayes.fit([[0, 1]], ["a"], { features: "bernoulli", binarize: null });
    throwsUnchanged(
      bin,
      () => bin.partialFit([[0, 0.5]], ["a"]),
      RangeError,
      /X\[0\]\[1\] is 0.5, but Bernoulli features with binarize: null must be 0 or 1/,
    );
    expect(() => NaiveBayes.fit([[1, NaN]], [1])).toThrow(/NaiveBayes.fit: X\[0\]\[1\] is NaN; data must be finite/);
    // Values whose sum overflows are no error: the Gaussian kernel sums them to scale, as Gaussian.fit does.
    const big = NaiveBayes.fit([[1, 1]], ["a"]);
    big.partialFit(
      [
        [1, 1e308],
        [1, 1e308],
      ],
      ["a", "a"],
    );
    expect(big.means.data[1]! / (1e308 / 3) - 2).toBeCloseTo(0, 12);
  });

  it("rejects bad labels and shapes against the fitted model", () => {
    const nb = fitted();
    throwsUnchanged(
      nb,
      () => nb.partialFit([[1, 0]], ["a"]),
      RangeError,
      /X has 2 features but the model was fitted with 3/,
    );
    throwsUnchanged(nb, () => nb.partialFit(X, ["a"]), RangeError, /y has 1 labels but X has 4 rows/);
    throwsUnchanged(nb, () => nb.partialFit(X, 5 as never), TypeError, /y must be an array of labels, got 5/);
    throwsUnchanged(
      nb,
      () => nb.partialFit([[1, 0, 1]], [3] as never),
      TypeError,
      /y\[0\] is 3, but the labels are strings/,
    );
    throwsUnchanged(
      nb,
      () => nb.partialFit([[1, 0, 1]], [null] as never),
      TypeError,
      /y\[0\] must be a number or a string, got null/,
    );
    throwsUnchanged(
      nb,
      () => nb.partialFit([[1, 0, 1]], [NaN] as never),
      RangeError,
      /y\[0\] is NaN; a label must be finite/,
    );
    const fixed = new NaiveBayes<string>({ classes: ["a", "b"] });
    fixed.partialFit([[1], [2]], ["a", "b"]);
    throwsUnchanged(
      fixed,
      () => fixed.partialFit([[1], [2]], ["a", "c"]),
      RangeError,
      /y\[1\] is "c", which is not one of options.classes/,
    );
    const withPriors = new NaiveBayes<string>({ priors: [0.3, 0.7] });
    throwsUnchanged(
      withPriors,
      () => withPriors.partialFit([[1]], ["a"]),
      RangeError,
      /options.priors has 2 values but there are 1 classes \("a"\); give options.classes up front/,
    );
    expect(() => NaiveBayes.fit([[1, 2]], ["a"], { features: ["gaussian"] })).toThrow(
      /X has 2 features but options.features lists 1 kind\b/,
    );
    expect(() => NaiveBayes.fit([[1, 2]], ["a"], { alpha: [1, 1, 1] })).toThrow(
      /X has 2 features but options.alpha gives 3 values/,
    );
    expect(() => NaiveBayes.fit([[1, 2]], ["a"], { minCategories: [1] })).toThrow(
      /X has 2 features but options.minCategories gives 1 values/,
    );
  });
});

describe("prediction and scoring errors", () => {
  it("need a fitted model", () => {
    const nb = new NaiveBayes();
    for (const call of [
      () => nb.predict(X),
      () => nb.predictProba(X),
      () => nb.predictLogProba(X),
      () => nb.jointLogLikelihood(X),
      () => nb.logLikelihood(X),
      () => nb.logLikelihoodPerRow(X),
      () => nb.sample(createRng(1), 3),
      () => nb.categoryProbabilities(0),
    ]) {
      throwsUnchanged(nb, call, Error, /the model is not fitted yet; call NaiveBayes.fit or partialFit first/);
    }
  });

  it("name the method, the cell and the value", () => {
    const nb = fitted();
    throwsUnchanged(
      nb,
      () => nb.predict([[1, 0]]),
      RangeError,
      /NaiveBayes.predict: X has 2 features but the model was fitted with 3/,
    );
    throwsUnchanged(
      nb,
      () =>
        nb.predictProba([
          [1, 0, 1],
          [NaN, 0, 1],
        ]),
      RangeError,
      /NaiveBayes.predictProba: X\[1\]\[0\] is NaN; data must be finite \(set missing: "ignore"/,
    );
    throwsUnchanged(nb, () => nb.predictLogProba([[Infinity, 0, 1]]), RangeError, /X\[0\]\[0\] is Infinity/);
    throwsUnchanged(
      nb,
      () => nb.jointLogLikelihood([[1, -Infinity, 1]]),
      RangeError,
      /NaiveBayes.jointLogLikelihood: X\[0\]\[1\] is -Infinity/,
    );
    throwsUnchanged(nb, () => nb.predict([[1, NaN, 1]]), RangeError, /X\[0\]\[1\] is NaN/);
    throwsUnchanged(nb, () => nb.predict([[1, 0, NaN]]), RangeError, /X\[0\]\[2\] is NaN/);
    throwsUnchanged(
      nb,
      () => nb.predict([[1, 0, 0.5]]),
      RangeError,
      /X\[0\]\[2\] is 0.5, but a categorical feature takes integer codes in/,
    );
    throwsUnchanged(nb, () => nb.predict([[1, 0, -2]]), RangeError, /X\[0\]\[2\] is -2/);
    throwsUnchanged(nb, () => nb.predict([[1, 0, Infinity]]), RangeError, /X\[0\]\[2\] is Infinity/);
    throwsUnchanged(nb, () => nb.predict([["1", 0, 1]] as never), TypeError, /X\[0\]\[0\] must be a number, got "1"/);
    const strict = NaiveBayes.fit(X, y, { ...mixed, features: [...mixed.features], unseen: "error" });
    throwsUnchanged(
      strict,
      () => strict.predict([[1, 0, 9]]),
      RangeError,
      /X\[0\]\[2\] is category 9, never seen in training \(feature 2 has categories 0..2\)/,
    );
    const bin = NaiveBayes.fit(
      [
        [0, 1],
        [1, 1],
      ],
      ["a", "b"],
      { features: "bernoulli", binarize: null },
    );
    throwsUnchanged(
      bin,
      () => bin.predict([[0, 2]]),
      RangeError,
      /X\[0\]\[1\] is 2, but Bernoulli features with binarize: null must be 0 or 1/,
    );
    const ignoring = NaiveBayes.fit(X, y, { features: [...mixed.features], missing: "ignore" });
    throwsUnchanged(ignoring, () => ignoring.predict([[Infinity, 0, 1]]), RangeError, /X\[0\]\[0\] is Infinity/);
    throwsUnchanged(
      ignoring,
      () => ignoring.predict([[1, "x", 1]] as never),
      TypeError,
      /X\[0\]\[1\] must be a number, got "x"/,
    );
  });

  it("check out buffers and labels", () => {
    const nb = fitted();
    throwsUnchanged(
      nb,
      () => nb.predictProba(X, new Float64Array(7)),
      RangeError,
      /out has length 7, but 4 rows × 2 classes need 8/,
    );
    throwsUnchanged(
      nb,
      () => nb.jointLogLikelihood(X, [] as never),
      TypeError,
      /out must be a Float64Array, got an array of length 0/,
    );
    throwsUnchanged(
      nb,
      () => nb.logLikelihood(X, ["a"]),
      RangeError,
      /NaiveBayes.logLikelihood: y has 1 labels but X has 4 rows/,
    );
    throwsUnchanged(
      nb,
      () => nb.logLikelihood(X, ["a", "a", "b", "z"]),
      RangeError,
      /y\[3\] is "z", which is not a class of the model/,
    );
    throwsUnchanged(nb, () => nb.logLikelihoodPerRow(X, 3 as never), TypeError, /y must be an array of labels/);
    throwsUnchanged(
      nb,
      () => nb.logLikelihoodPerRow(X, undefined, new Float64Array(2)),
      RangeError,
      /out has length 2, but X has 4 rows/,
    );
    throwsUnchanged(
      nb,
      () => nb.logLikelihoodPerRow(X, undefined, [] as never),
      TypeError,
      /out must be a Float64Array/,
    );
    throwsUnchanged(
      nb,
      () => nb.categoryProbabilities(0),
      RangeError,
      /NaiveBayes.categoryProbabilities: feature 0 is not a categorical feature/,
    );
    throwsUnchanged(nb, () => nb.categoryProbabilities(7), RangeError, /feature 7 is not a categorical feature/);
  });

  it("sample checks its arguments", () => {
    const nb = fitted();
    const rng = createRng(1);
    throwsUnchanged(
      nb,
      () => nb.sample({} as Rng, 3),
      TypeError,
      /NaiveBayes.sample: rng must be an Rng, an object with a next\(\) method/,
    );
    throwsUnchanged(nb, () => nb.sample(rng, -1), RangeError, /n must be an integer >= 0, got -1/);
    throwsUnchanged(nb, () => nb.sample(rng, 2.5), RangeError, /n must be an integer >= 0, got 2.5/);
    throwsUnchanged(
      nb,
      () => nb.sample(rng, 3, { label: "q" }),
      RangeError,
      /options.label "q" is not a class of the model/,
    );
    throwsUnchanged(
      nb,
      () => nb.sample(rng, 3, { out: new Float64Array(8) }),
      RangeError,
      /out has length 8, but 3 rows × 3 features need 9/,
    );
    const partial = new NaiveBayes<string>({ classes: ["a", "b"], priors: [0.5, 0.5] });
    partial.partialFit([[1]], ["a"]);
    throwsUnchanged(partial, () => partial.sample(rng, 3), RangeError, /class "b" has prior 0.5 but no training rows/);
    throwsUnchanged(
      partial,
      () => partial.sample(rng, 3, { label: "b" }),
      RangeError,
      /class "b" has no training rows/,
    );
    expect(partial.sample(createRng(2), 3, { label: "a" }).y).toEqual(["a", "a", "a"]);
  });
});

/** A copy of a model's JSON with some fields of one kind's statistics replaced. */
function withStats(j: Record<string, unknown>, kind: string, fields: Record<string, unknown>): Record<string, unknown> {
  const stats = j.stats as Record<string, Record<string, unknown>>;
  return { ...j, stats: { ...stats, [kind]: { ...stats[kind], ...fields } } };
}

describe("fromJSON checks what it reads", () => {
  const good = (): Record<string, unknown> => JSON.parse(JSON.stringify(fitted())) as Record<string, unknown>;
  const cases: [string, (j: Record<string, unknown>) => unknown, RegExp][] = [
    ["wrong type", (j) => ({ ...j, type: "Gaussian" }), /expected an object with type "NaiveBayes"/],
    ["not an object", () => 3, /expected an object with type "NaiveBayes"/],
    ["wrong version", (j) => ({ ...j, version: 99 }), /version 99 is not one this release reads/],
    ["missing options", (j) => ({ ...j, options: null }), /options missing/],
    ["bad option", (j) => ({ ...j, options: { ...(j.options as object), alpha: -1 } }), /options.alpha must be >= 0/],
    ["bad nFeatures", (j) => ({ ...j, nFeatures: 0 }), /nFeatures must be an integer >= 1/],
    ["huge nFeatures", (j) => ({ ...j, nFeatures: 1e9 }), /nFeatures is 1000000000, more than the statistics/],
    ["unsorted classes", (j) => ({ ...j, classes: ["b", "a"] }), /classes must be sorted and distinct/],
    ["bad classCount", (j) => ({ ...j, classCount: [1] }), /classCount must have 2 numbers/],
    ["negative classCount", (j) => ({ ...j, classCount: [-1, 2] }), /classCount\[0\] must be a finite number >= 0/],
    ["short means", (j) => withStats(j, "gaussian", { shift: [1] }), /gaussian.shift: expected an array of 2 numbers/],
    ["negative M2", (j) => withStats(j, "gaussian", { m2: [-1, 0] }), /gaussian.m2\[0\] must be >= 0/],
    [
      "non-finite mean",
      (j) => withStats(j, "gaussian", { shiftedMean: [null, 0] }),
      /gaussian.shiftedMean\[0\] must be a finite number/,
    ],
    [
      "weights that contradict the class counts",
      (j) => withStats(j, "gaussian", { weight: [5, 1] }),
      /class 0 has weight 5 but classCount\[0\] is/,
    ],
    [
      "count above class count",
      (j) => withStats(j, "bernoulli", { count: [5, 0] }),
      /bernoulli.count\[0\] is 5, above the weight of its component/,
    ],
    ["bad categorical", (j) => withStats(j, "categorical", { count: [] }), /categorical.count: expected 1 arrays/],
    [
      "bad category count",
      (j) => withStats(j, "categorical", { nCategories: [1.5] }),
      /categorical.nCategories\[0\] must be an integer in \[0, 65536\]/,
    ],
    [
      "counts that do not add up",
      (j) => withStats(j, "categorical", { nCategories: [1], count: [[0.5, 1]] }),
      /categorical.count\[0\]: the counts of component 0 sum to/,
    ],
    [
      "missing statistics",
      (j) => ({ ...j, stats: { ...(j.stats as object), bernoulli: undefined } }),
      /the statistics of the bernoulli features are missing/,
    ],
  ];
  it.each(cases)("%s", (_, edit, message) => {
    expect(() => NaiveBayes.fromJSON(edit(good()))).toThrow(message);
  });
  it("restores an unfitted model", () => {
    const nb = new NaiveBayes<number>({ features: "categorical", classes: [2, 1] });
    const back = NaiveBayes.fromJSON(JSON.parse(JSON.stringify(nb)));
    expect(back.isFitted).toBe(false);
    expect(back.classes).toEqual([1, 2]);
    expect(JSON.stringify(back)).toBe(JSON.stringify(nb));
  });
});

describe("Matrix", () => {
  it("checks its arguments", () => {
    expect(() => new Matrix([1, 2] as never, 1, 2)).toThrow(/Matrix: data must be a Float64Array/);
    expect(() => new Matrix(new Float64Array(2), -1, 2)).toThrow(/Matrix: rows must be an integer >= 0/);
    expect(() => new Matrix(new Float64Array(2), 1, 1.5)).toThrow(/Matrix: cols must be an integer >= 0/);
    expect(() => new Matrix(new Float64Array(3), 1, 2)).toThrow(/Matrix: data has length 3, expected rows \* cols = 2/);
    expect(() => Matrix.fromRows([[1, 2], [3]])).toThrow(/Matrix.fromRows: X\[1\] has 1 values but X\[0\] has 2/);
  });
  it("views rows and converts", () => {
    const m = Matrix.fromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.get(1, 0)).toBe(4);
    const r = m.row(1);
    r[2] = 9;
    expect(m.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 9],
    ]);
    expect(Matrix.zeros(0, 3).toArray()).toEqual([]);
  });
});
