// The README's quick start, run by CI. README.md shows the region below (snippet marker
// `<!-- snippet: examples/readme.ts#quickstart -->`), so the two cannot drift apart. The README's
// second block is examples/readme-naive-bayes.ts: each block stands alone, imports included.
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

// Keep the comments above honest.
const near = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol;
if (!near(model.mean, 172.6625, 1e-9) || !near(model.std, 4.79, 0.005)) throw new Error(`${model.mean} ${model.std}`);
if (!near(Gaussian.fromStats(stats).std, model.std, 1e-12)) throw new Error("merged std differs");
if (simulated.length !== 1000) throw new Error("sample length");
