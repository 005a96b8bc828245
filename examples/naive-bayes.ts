// Naive Bayes as a generative model: classify, score and generate iris flowers.
// docs/naive-bayes.md shows the regions below; this script also draws docs/images/nb-posterior.svg,
// docs/images/iris-confusion.svg and docs/images/nb-sampled-vs-real.svg.
import { chart, linspace, matrixChart, palette, sideBySide, writeSvg, type Layer } from "./svg.js";

// #region fit
import { Gaussian, NaiveBayes, createRng } from "../src/index.js";
import { loadIris } from "./iris-data.js";

const iris = loadIris(); // X: 150 rows of 4 measurements (cm); y: "setosa" | "versicolor" | "virginica"
// Hold out every fifth flower to test on.
const test = iris.X.map((_, i) => i % 5 === 0);
const Xtrain = iris.X.filter((_, i) => !test[i]);
const ytrain = iris.y.filter((_, i) => !test[i]);
const Xtest = iris.X.filter((_, i) => test[i]);
const ytest = iris.y.filter((_, i) => test[i]);

const nb = NaiveBayes.fit(Xtrain, ytrain, { features: "gaussian" });
console.log(nb.classes); // ["setosa", "versicolor", "virginica"]
// #endregion

// #region classify
const predicted = nb.predict(Xtest);
const correct = predicted.filter((label, i) => label === ytest[i]).length;
console.log(`${correct} of ${ytest.length} test flowers classified correctly`); // 29 of 30

// The posterior p(y | x): one row per flower, one column per class (in the order of nb.classes).
const proba = nb.predictProba([[6.0, 2.9, 4.9, 1.6]]);
console.log(proba.row(0)); // Float64Array [≈0, 0.67…, 0.33…]: probably versicolor, maybe virginica
// #endregion

// #region score
// log p(x, y) of the labelled test set, and log p(x) of the rows alone (y summed out).
console.log(nb.logLikelihood(Xtest, ytest), nb.logLikelihood(Xtest));
// log p(x) per row flags flowers the model finds unusual, whatever their class:
const usual = nb.logLikelihoodPerRow([[5.0, 3.4, 1.5, 0.2]])[0]!; // a typical setosa
const odd = nb.logLikelihoodPerRow([[5.0, 3.4, 5.5, 0.2]])[0]!; // setosa-like, but a long petal
console.log(usual, odd); // the second is far lower
// #endregion

// #region generate
// The model is generative: p(x, y) = p(y) · Π_k p(x_k | y). Sampling draws a class from the
// priors, then each feature from that class's distribution.
const generated = nb.sample(createRng(42), 150); // { X: 150 × 4 Matrix, y: labels }
console.log(generated.X.row(0), generated.y[0]);
const moreSetosas = nb.sample(createRng(43), 10, { label: "setosa" }); // fix the class
console.log(moreSetosas.y.every((label) => label === "setosa")); // true
// #endregion

// #region mixed
// Features of different kinds in one model: here petal length (Gaussian), "sepal wider than 3 cm"
// (Bernoulli) and a size class 0 | 1 | 2 from the petal width (Categorical).
const mixedRows = iris.X.map(([, sepalWidth, petalLength, petalWidth]) => [
  petalLength!,
  sepalWidth! > 3 ? 1 : 0,
  petalWidth! < 0.8 ? 0 : petalWidth! < 1.7 ? 1 : 2,
]);
const mixed = NaiveBayes.fit(mixedRows, iris.y, { features: ["gaussian", "bernoulli", "categorical"], binarize: null });
console.log(mixed.predict([[4.5, 0, 1]])); // ["versicolor"]
// #endregion

// #region online
// partialFit learns chunk by chunk and ends where one fit on all the rows would.
const online = new NaiveBayes<string>({ features: "gaussian" });
for (let start = 0; start < Xtrain.length; start += 40) {
  online.partialFit(Xtrain.slice(start, start + 40), ytrain.slice(start, start + 40));
}
console.log(
  online.predictLogProba(Xtest).data.every((v, i) => Math.abs(v - nb.predictLogProba(Xtest).data[i]!) < 1e-9),
); // true
// #endregion

// #region json
const restored = NaiveBayes.fromJSON<string>(JSON.parse(JSON.stringify(nb)));
console.log(restored.predict(Xtest).every((label, i) => label === predicted[i])); // true
// #endregion

// #region tables
// A table: plain objects, the class in the column named by target. Strings are categorical,
// booleans Bernoulli and numbers Gaussian, unless features names a kind ({ visits: "poisson" }).
import { loadOutfits } from "./outfits-data.js";

const people = loadOutfits(); // 90 people: hair, colour, hat, glasses, height, visits and style
const byStyle = NaiveBayes.fit(people, { target: "style", missing: "ignore" });
console.log(byStyle.featureKinds); // ["categorical", "categorical", "bernoulli", "bernoulli", "gaussian", "gaussian"]
// Every method takes objects, keys in any order; under missing: "ignore" an absent value is left out.
const guess = byStyle.predict([{ height: 181, hat: true, hair: "long" }]); // colour, glasses and visits unknown
// Rows that carry the target are scored with it, log p(x, y); without it, log p(x).
const unlabelled = people.map(({ style: _style, ...features }) => features);
console.log(byStyle.logLikelihood(people) < byStyle.logLikelihood(unlabelled)); // true
const dressed = byStyle.sample(createRng(5), 3); // { X: three new people, as objects, y: their styles }
console.log(dressed.X[0], dressed.y[0]);
// #endregion

// Keep the comments above honest.
if (correct !== 29) throw new Error(`expected 29 of 30 correct, got ${correct}`);
if (!(proba.get(0, 1) > 0.6 && proba.get(0, 1) < 0.7)) throw new Error(`posterior ${proba.row(0).join(", ")}`);
if (!(odd < usual - 20)) throw new Error(`log p(x): usual ${usual}, odd ${odd}`);
if (mixed.predict([[4.5, 0, 1]])[0] !== "versicolor") throw new Error("mixed model");
if (!restored.predict(Xtest).every((label, i) => label === predicted[i])) throw new Error("JSON round trip");
if (!byStyle.classes.includes(guess[0]!)) throw new Error(`table: predicted ${String(guess[0])}`);
if (!dressed.X.every((p) => typeof p.hat === "boolean" && typeof p.hair === "string")) {
  throw new Error("table: sampled hats are booleans and hair strings");
}

// Picture 1: one feature (petal length). Left, the class-conditional densities weighted by the
// priors, p(y) p(x | y); right, the posterior p(y | x) that Bayes' rule makes of them.
const petal = iris.X.map((row) => [row[2]!]);
const nb1 = NaiveBayes.fit(petal, iris.y, { features: "gaussian" });
const grid = linspace(0.5, 7.5, 300);
const post = nb1.predictProba(grid.map((x) => [x]));
const joint = nb1.jointLogLikelihood(grid.map((x) => [x]));
const species = nb1.classes;
const jointLayers: Layer[] = species.map((name, c) => ({
  type: "line",
  points: grid.map((x, i) => [x, Math.exp(joint.get(i, c))]),
  label: name,
  color: palette[c],
}));
const rug: Layer[] = species.map((name, c) => ({
  type: "points",
  points: iris.X.filter((_, i) => iris.y[i] === name).map((row) => [row[2]!, -0.04 - 0.05 * c]),
  color: palette[c],
  radius: 2.5,
}));
const postLayers: Layer[] = species.map((name, c) => ({
  type: "line",
  points: grid.map((x, i) => [x, post.get(i, c)]),
  label: `p(${name} | x)`,
  color: palette[c],
}));
writeSvg(
  "nb-posterior.svg",
  sideBySide([
    chart([...jointLayers, ...rug], {
      title: "p(y) · p(petal length | y)",
      xLabel: "petal length (cm)",
      yLabel: "density",
      width: 460,
      height: 360,
      y: [-0.2, 1.05],
    }),
    chart(postLayers, {
      title: "posterior p(y | petal length)",
      xLabel: "petal length (cm)",
      yLabel: "probability",
      width: 460,
      height: 360,
      y: [0, 1.4],
    }),
  ]),
);

// Picture 2: 5-fold cross-validated confusion matrix on all four features.
const k = 5;
const confusion = species.map(() => species.map(() => 0));
for (let fold = 0; fold < k; fold++) {
  const inFold = iris.X.map((_, i) => i % k === fold);
  const model = NaiveBayes.fit(
    iris.X.filter((_, i) => !inFold[i]),
    iris.y.filter((_, i) => !inFold[i]),
    { features: "gaussian" },
  );
  const rows = iris.X.filter((_, i) => inFold[i]);
  const truth = iris.y.filter((_, i) => inFold[i]);
  model.predict(rows).forEach((label, i) => {
    confusion[species.indexOf(truth[i]!)]![species.indexOf(label)]! += 1;
  });
}
const accuracy = species.reduce((acc, _, c) => acc + confusion[c]![c]!, 0) / iris.X.length;
writeSvg(
  "iris-confusion.svg",
  matrixChart(confusion, {
    rowLabels: species.map((s) => `true ${s}`),
    colLabels: species,
    title: `Iris, 5-fold cross-validation: ${(accuracy * 100).toFixed(1)}% correct`,
    xLabel: "predicted class",
    cell: 90,
  }),
);
console.log(`cross-validated accuracy ${(accuracy * 100).toFixed(1)}%`);

// Picture 3: real flowers next to flowers generated by the model fitted to all of them.
const full = NaiveBayes.fit(iris.X, iris.y, { features: "gaussian" });
const fake = full.sample(createRng(2026), iris.X.length);
const scatter = (rows: number[][], labels: string[], title: string) =>
  chart(
    species.map((name, c) => ({
      type: "points" as const,
      points: rows.filter((_, i) => labels[i] === name).map((r) => [r[2]!, r[3]!] as [number, number]),
      label: name,
      color: palette[c],
    })),
    {
      title,
      xLabel: "petal length (cm)",
      yLabel: "petal width (cm)",
      width: 460,
      height: 360,
      x: [0, 7.5],
      y: [-0.3, 3],
      legend: "top-left",
    },
  );
writeSvg(
  "nb-sampled-vs-real.svg",
  sideBySide([
    scatter(iris.X, iris.y, "150 real iris flowers"),
    scatter(fake.X.toArray(), fake.y, "150 generated by Naive Bayes"),
  ]),
);
if (
  Math.abs(Gaussian.fit(fake.X.toArray().map((r) => r[2]!)).mean - Gaussian.fit(iris.X.map((r) => r[2]!)).mean) > 0.5
) {
  throw new Error("generated petal lengths are far from the real ones");
}
console.log("wrote docs/images/nb-posterior.svg, iris-confusion.svg and nb-sampled-vs-real.svg");
