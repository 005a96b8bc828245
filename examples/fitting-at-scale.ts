// Fitting at scale: sufficient statistics that stream, merge across chunks and workers, and
// travel as JSON. docs/fitting-at-scale.md shows the regions below.
import { type GaussianStats } from "../src/index.js";

// #region data
import { Bernoulli, Categorical, Gaussian, createRng } from "../src/index.js";

// A data set too big to hold at once, here 10 chunks of 100,000 readings around 1e9
// (a value where the textbook Σx² − n·mean² formula returns garbage).
const rng = createRng(1);
const source = new Gaussian(1e9, 3);
const chunks = Array.from({ length: 10 }, () => source.sample(rng, 100_000));
// #endregion

// #region stream
// Streaming: one pass, constant memory. add() takes one value, addAll() a chunk.
const stats = Gaussian.stats();
for (const chunk of chunks) stats.addAll(chunk);
const streamed = Gaussian.fromStats(stats);
console.log(stats.count, streamed.mean, streamed.std); // 1000000, ≈ 1e9, ≈ 3
// #endregion

// #region merge
// Sharding: summarise each shard on its own (another worker, process or machine), then merge.
// merge() is exact for any split, so the result equals one fit over all the data.
const shardStats = chunks.map((chunk) => Gaussian.stats().addAll(chunk));
const merged = shardStats.reduce((total, s) => total.merge(s), Gaussian.stats());
console.log(Gaussian.fromStats(merged).std); // the same σ̂ as the streamed fit
// #endregion

// #region workers
// Between workers, statistics travel as JSON: a few numbers, however much data they summarise.
// In a worker:      postMessage(JSON.stringify(Gaussian.stats().addAll(myChunk)))
// In the main thread:
const messages = chunks.map((chunk) => JSON.stringify(Gaussian.stats().addAll(chunk)));
const total = messages
  .map((message) => Gaussian.statsFromJSON(JSON.parse(message)))
  .reduce((acc, s) => acc.merge(s), Gaussian.stats());
console.log(messages[0]); // {"type":"GaussianStats","count":100000,…}
console.log(Gaussian.fromStats(total).mean);
// #endregion

// #region discrete
// Bernoulli and Categorical statistics are counts; they merge the same way, and smoothing
// (alpha) is applied when the model is built from them.
const clicks = Bernoulli.stats()
  .addAll([0, 1, 0, 0])
  .merge(Bernoulli.stats().addAll([1, 1, 0]));
console.log(Bernoulli.fromStats(clicks).p, Bernoulli.fromStats(clicks, { alpha: 1 }).p); // 3/7, 4/9
const colours = Categorical.stats()
  .addAll([0, 2, 2])
  .merge(Categorical.stats().addAll([1, 2]));
console.log(Categorical.fromStats(colours).probs); // [0.2, 0.2, 0.6]
// #endregion

// Keep the comments above honest: streaming, merging and JSON all agree with one batch fit.
const all = new Float64Array(1_000_000);
chunks.forEach((chunk, i) => all.set(chunk, i * 100_000));
const batch = Gaussian.fit(all);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
for (const [name, s] of [
  ["streamed", stats],
  ["merged", merged],
  ["json", total],
] as Array<[string, GaussianStats]>) {
  const g = Gaussian.fromStats(s);
  if (rel(g.mean, batch.mean) > 1e-15 || rel(g.std, batch.std) > 1e-9) {
    throw new Error(`${name}: ${g.mean} ${g.std} vs batch ${batch.mean} ${batch.std}`);
  }
}
if (Math.abs(batch.std - 3) > 0.01) throw new Error(`σ̂ = ${batch.std}`);
if (Math.abs(Bernoulli.fromStats(clicks).p - 3 / 7) > 1e-15) throw new Error("Bernoulli stats");
console.log("streamed, merged and JSON-merged statistics all equal the batch fit");
