// The getting-started tour (docs/getting-started.md shows the regions below).
// #region import
import { Bernoulli, Categorical, Gaussian, createRng } from "../src/index.js";
// #endregion

// #region score
const g = new Gaussian(170, 8); // heights in cm: mean 170, standard deviation 8
console.log(g.prob(180)); // density at 180 cm: 0.0228…
console.log(g.logProb(180)); // its log: -3.78…
console.log(g.cdf(180)); // P(height ≤ 180) = 0.894…
console.log(g.quantile(0.975)); // 97.5th percentile: 185.68… cm
// #endregion

// #region sample
const rng = createRng(42); // seeded: the same numbers on every run, in Node and in browsers
const one = g.sample(rng); // a single draw
const many = g.sample(rng, 10_000); // a Float64Array of 10,000 draws
console.log(one, many.length);
// #endregion

// #region fit
const fitted = Gaussian.fit(many); // maximum likelihood: the sample mean and (1/n) standard deviation
console.log(fitted.mean, fitted.std); // close to 170 and 8
console.log(fitted.logLikelihood(many)); // Σ log p(x) over the data
// #endregion

// #region discrete
const coin = Bernoulli.fit([1, 0, 1, 1, 0, 1]); // p = 4/6
const die = Categorical.fit([0, 2, 2, 1, 2, 0], { k: 3 }); // categories 0, 1, 2
console.log(coin.p, die.probs); // 0.666…, Float64Array [0.333…, 0.166…, 0.5]
console.log(coin.sample(rng, 5), die.sample(rng, 5));
// #endregion

// #region json
const saved = JSON.stringify(fitted); // {"type":"Gaussian","mean":…,"std":…}
const restored = Gaussian.fromJSON(JSON.parse(saved));
console.log(restored.logProb(180) === fitted.logProb(180)); // true: lossless
// #endregion

// Checks that keep the comments above honest.
if (Math.abs(g.cdf(180) - 0.894350226333145) > 1e-12) throw new Error("cdf(180) changed");
if (Math.abs(g.quantile(0.975) - 185.67971187632) > 1e-9) throw new Error("quantile changed");
if (Math.abs(fitted.mean - 170) > 0.5 || Math.abs(fitted.std - 8) > 0.5) throw new Error("fit is off");
if (restored.logProb(180) !== fitted.logProb(180)) throw new Error("JSON round trip is not lossless");
