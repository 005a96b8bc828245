// Naive Bayes on Fisher's iris data (examples/data/iris.csv): fit a Gaussian model on 120
// flowers, classify the other 30, print the accuracy and confusion matrix, then use the model
// generatively: draw 10 new flowers and show them beside 10 real ones.
//
// Run: npx tsx examples/iris.ts
import { createRng, NaiveBayes } from "../src/index.js";
import { loadIris } from "./iris-data.js";

const iris = loadIris();

// A fixed split: every fifth flower is held out (the file is sorted by species, so each species
// gives 10 test flowers).
const train = iris.X.map((_, i) => i).filter((i) => i % 5 !== 0);
const test = iris.X.map((_, i) => i).filter((i) => i % 5 === 0);
const pick = <T>(xs: T[], idx: number[]): T[] => idx.map((i) => xs[i]!);

const nb = NaiveBayes.fit(pick(iris.X, train), pick(iris.y, train), { features: "gaussian" });

const truth = pick(iris.y, test);
const predicted = nb.predict(pick(iris.X, test));
const correct = predicted.filter((p, i) => p === truth[i]).length;
console.log(`Gaussian Naive Bayes on iris: ${train.length} training flowers, ${test.length} test flowers`);
console.log(`accuracy: ${correct}/${test.length} = ${((100 * correct) / test.length).toFixed(1)}%\n`);

// Confusion matrix: rows are the true species, columns the predicted ones.
const classes = nb.classes;
const width = Math.max(...classes.map((c) => c.length)) + 2;
console.log("confusion matrix (rows: true species, columns: predicted)");
console.log(" ".repeat(width) + classes.map((c) => c.padStart(width)).join(""));
for (const t of classes) {
  const counts = classes.map((p) => truth.filter((v, i) => v === t && predicted[i] === p).length);
  console.log(t.padEnd(width) + counts.map((n) => String(n).padStart(width)).join(""));
}

// The fitted model is a distribution over (flower, species): draw from it.
const rng = createRng(2026);
const fake = nb.sample(rng, 10);
const real = Array.from({ length: 10 }, () => Math.floor(rng.next() * iris.X.length));
const fmt = (row: ArrayLike<number>): string => Array.from(row, (v) => v.toFixed(1).padStart(5)).join("");
console.log(`\n10 generated flowers beside 10 real ones (${iris.features.join(", ")}, cm)`);
console.log(`${"generated".padEnd(22)}${"species".padEnd(12)}   ${"real".padEnd(22)}species`);
for (let i = 0; i < 10; i++) {
  const r = real[i]!;
  console.log(`${fmt(fake.X.row(i)).padEnd(22)}${fake.y[i]!.padEnd(12)}   ${fmt(iris.X[r]!).padEnd(22)}${iris.y[r]}`);
}

// How typical are they? The average log-likelihood log p(x) per flower under the model.
const generatedScore = nb.logLikelihood(fake.X) / 10;
const realScore = nb.logLikelihood(pick(iris.X, test)) / test.length;
console.log(`\naverage log p(x): generated ${generatedScore.toFixed(2)}, real test flowers ${realScore.toFixed(2)}`);
