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

// #region async
// A source is any Iterable or AsyncIterable of chunks: an array of chunks, a generator, an async
// generator, a Node Readable in object mode. fitAsync reads one chunk at a time.
async function* readings() {
  for (const chunk of chunks) yield chunk; // stands for a file, a socket or a database cursor
}
const fitted = await Gaussian.fitAsync(readings(), {
  onProgress: ({ rows }) => void (rows % 500_000 === 0 && console.log(`${rows} values read`)),
});
console.log(fitted.std); // the same σ̂ as the streamed statistics
// #endregion

// #region nb-merge
import { NaiveBayes } from "../src/index.js";

// Labelled rows on two machines: each fits its own shard, in any split.
const sensors = (seed: number, n: number) => {
  const r = createRng(seed);
  const y = Array.from({ length: n }, () => (r.next() < 0.5 ? "idle" : "busy"));
  return { X: y.map((label) => [(label === "busy" ? 40 : 20) + 5 * r.next(), r.next() < 0.3 ? 1 : 0]), y };
};
const monday = sensors(1, 500);
const tuesday = sensors(2, 700);
const options = { features: ["gaussian", "bernoulli"] as ("gaussian" | "bernoulli")[] };
const both = NaiveBayes.fit(monday.X, monday.y, options).merge(NaiveBayes.fit(tuesday.X, tuesday.y, options));
const union = NaiveBayes.fit([...monday.X, ...tuesday.X], [...monday.y, ...tuesday.y], options);
console.log(both.logLikelihood(tuesday.X, tuesday.y) - union.logLikelihood(tuesday.X, tuesday.y)); // 0, to rounding
// Models fitted with other options or features don't merge, and the error says what differs.
try {
  NaiveBayes.fit(monday.X, monday.y, { ...options, varSmoothing: 1e-3 }).merge(both);
} catch (error) {
  console.log(String(error)); // RangeError: NaiveBayes.merge: the models differ in options.varSmoothing (0.001 and 1e-9); …
}
// #endregion

// #region map-reduce
import { Mixture } from "../src/index.js";

// What a map-reduce engine runs (Spark, Beam, a queue of jobs): partitions in, JSON values out.
const partitions = [monday, tuesday, sensors(3, 400)]; // each on its own machine
// Naive Bayes: map = fit the partition; reduce = merge (associative, so any tree of merges).
const mapped = partitions.map((p) => JSON.stringify(NaiveBayes.fit(p.X, p.y, options)));
const reduced = mapped.reduce((a, b) =>
  JSON.stringify(NaiveBayes.fromJSON(JSON.parse(a)).merge(NaiveBayes.fromJSON(JSON.parse(b)))),
);
console.log(NaiveBayes.fromJSON(JSON.parse(reduced)).classCounts); // the rows of every partition, per class
// EM: the driver broadcasts the model; map = expectedStats of the partition; reduce = merge;
// the driver's M-step (fromStats) gives the next model. Each iteration is one such job.
let model = Mixture.fit(partitions[0]!.X.slice(0, 100), { nComponents: 2, maxIter: 0, rng: createRng(4) });
for (let iteration = 0; iteration < 20; iteration++) {
  const broadcast = JSON.stringify(model);
  const statsJson = partitions.map((p) => JSON.stringify(Mixture.fromJSON(JSON.parse(broadcast)).expectedStats(p.X)));
  const stats = statsJson.map((s) => Mixture.statsFromJSON(JSON.parse(s))).reduce((a, b) => a.merge(b));
  model = Mixture.fromStats(stats);
}
console.log(model.weights); // the share of "idle" and "busy" rows, found without the labels
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
if (rel(fitted.std, Gaussian.fromStats(stats).std) > 0) throw new Error(`fitAsync: ${fitted.std}`);
const gap = Math.abs(both.logLikelihood(tuesday.X, tuesday.y) - union.logLikelihood(tuesday.X, tuesday.y));
if (gap > 1e-9) throw new Error(`merged Naive Bayes differs from one fit by ${gap}`);
console.log("streamed, merged and JSON-merged statistics all equal the batch fit");
