// The README's second block (snippet marker
// `<!-- snippet: examples/readme-naive-bayes.ts#naive-bayes -->`), run by CI. A file of its own so
// that it stands alone, as a reader pastes it: it imports all it uses and needs nothing from the
// quick start before it.
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
