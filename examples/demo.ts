// The demo behind `npm run demo`: fit each family to the iris data shipped in examples/data,
// print its parameters and log-likelihood, and draw a few samples from it.
import { Bernoulli, Categorical, Gaussian, createRng } from "../src/index.js";
import { loadIris } from "./iris-data.js";

const iris = loadIris();
const rng = createRng(2026);
const fmt = (xs: ArrayLike<number>, digits = 3) => Array.from(xs, (x) => x.toFixed(digits)).join(", ");

// A continuous feature: sepal length in cm, modelled as a Gaussian.
const sepalLength = iris.X.map((row) => row[0]!);
const gaussian = Gaussian.fit(sepalLength);
console.log("Gaussian fit to sepal length (cm), n =", sepalLength.length);
console.log(`  mean = ${gaussian.mean.toFixed(4)}, std = ${gaussian.std.toFixed(4)}`);
console.log(`  log-likelihood = ${gaussian.logLikelihood(sepalLength).toFixed(4)}`);
console.log(
  `  P(sepal length <= 5 cm) = ${gaussian.cdf(5).toFixed(4)}; 95% of flowers below ${gaussian.quantile(0.95).toFixed(2)} cm`,
);
console.log(`  5 samples: ${fmt(gaussian.sample(rng, 5), 2)}`);

// A binary feature: is the petal wider than 1 cm?
const widePetal = iris.X.map((row) => (row[3]! > 1 ? 1 : 0));
const bernoulli = Bernoulli.fit(widePetal);
console.log("\nBernoulli fit to 'petal width > 1 cm', n =", widePetal.length);
console.log(`  p = ${bernoulli.p.toFixed(4)}, log-likelihood = ${bernoulli.logLikelihood(widePetal).toFixed(4)}`);
console.log(`  10 samples: ${fmt(bernoulli.sample(rng, 10), 0)}`);

// A categorical feature: the species, coded 0..2.
const speciesCodes = iris.y.map((name) => iris.species.indexOf(name));
const categorical = Categorical.fit(speciesCodes, { k: iris.species.length });
console.log("\nCategorical fit to species, n =", speciesCodes.length);
iris.species.forEach((name, j) => console.log(`  P(${name}) = ${categorical.probs[j]!.toFixed(4)}`));
console.log(`  log-likelihood = ${categorical.logLikelihood(speciesCodes).toFixed(4)}`);
console.log(`  10 samples: ${Array.from(categorical.sample(rng, 10), (j) => iris.species[j]).join(", ")}`);

// Streaming: the same Gaussian from statistics merged across three chunks.
const stats = [sepalLength.slice(0, 50), sepalLength.slice(50, 100), sepalLength.slice(100)]
  .map((chunk) => Gaussian.stats().addAll(chunk))
  .reduce((a, b) => a.merge(b));
const streamed = Gaussian.fromStats(stats);
console.log(
  `\nFrom merged statistics of 3 chunks: mean = ${streamed.mean.toFixed(4)}, std = ${streamed.std.toFixed(4)}`,
);
