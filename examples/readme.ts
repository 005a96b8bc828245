// The README's quick start, run by CI. README.md shows the region below (snippet marker
// `<!-- snippet: examples/readme.ts#quickstart -->`), so the two cannot drift apart.
// #region quickstart
import { Gaussian, createRng } from "../src/index.js";

const heights = [172.1, 168.4, 181.0, 175.3, 169.8, 177.6, 165.2, 171.9];
const model = Gaussian.fit(heights); // maximum likelihood: mean and (1/n) standard deviation
console.log(model.mean, model.std); // 172.66…, 4.79…

console.log(model.logProb(180)); // log-density of one point
console.log(model.logLikelihood(heights)); // Σ log p(x) over the data set
console.log(model.cdf(160), model.quantile(0.975)); // tail probability, 97.5th percentile

const rng = createRng(42); // seeded: the same draws in Node and in every browser
const simulated = model.sample(rng, 1000); // Float64Array of 1000 new heights

const chunks = [heights.slice(0, 4), heights.slice(4)]; // fit across chunks or workers
const stats = chunks.map((c) => Gaussian.stats().addAll(c)).reduce((a, b) => a.merge(b));
console.log(Gaussian.fromStats(stats).std); // 4.79…, the same model
// #endregion

// #region naive-bayes
import { NaiveBayes, createRng } from "../src/index.js";

// Iris flowers: sepal length, sepal width, petal length, petal width (cm), and the species.
// prettier-ignore
const X = [
  [5.1, 3.5, 1.4, 0.2], [4.9, 3.0, 1.4, 0.2], [4.7, 3.2, 1.3, 0.2], [4.6, 3.1, 1.5, 0.2],
  [7.0, 3.2, 4.7, 1.4], [6.4, 3.2, 4.5, 1.5], [6.9, 3.1, 4.9, 1.5], [5.5, 2.3, 4.0, 1.3],
  [6.3, 3.3, 6.0, 2.5], [5.8, 2.7, 5.1, 1.9], [7.1, 3.0, 5.9, 2.1], [6.3, 2.9, 5.6, 1.8],
];
// prettier-ignore
const y = [
  "setosa", "setosa", "setosa", "setosa", "versicolor", "versicolor", "versicolor", "versicolor",
  "virginica", "virginica", "virginica", "virginica",
];
const nb = NaiveBayes.fit(X, y, { features: "gaussian" }); // or one kind per feature
const Xtest = [
  [5.1, 3.5, 1.4, 0.2],
  [6.7, 3.0, 5.2, 2.3],
];
console.log(nb.predict(Xtest)); // ["setosa", "virginica"]
console.log(nb.predictProba(Xtest).row(1)); // posterior p(y | x) of the second flower, sums to 1
const { X: fake, y: fakeLabels } = nb.sample(createRng(7), 1000); // 1000 new labelled flowers like these
// #endregion

// Keep the comments above honest.
const near = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol;
if (!near(model.mean, 172.6625, 1e-9) || !near(model.std, 4.79, 0.005)) throw new Error(`${model.mean} ${model.std}`);
if (!near(Gaussian.fromStats(stats).std, model.std, 1e-12)) throw new Error("merged std differs");
if (simulated.length !== 1000) throw new Error("sample length");
if (nb.predict(Xtest).join() !== "setosa,virginica") throw new Error("iris predictions");
if (
  Math.abs(
    nb
      .predictProba(Xtest)
      .row(1)
      .reduce((a, b) => a + b, 0) - 1,
  ) > 1e-12
)
  throw new Error("posterior sum");
if (fake.rows !== 1000 || fakeLabels.length !== 1000) throw new Error("NB sample size");
