// Streaming a CSV file larger than memory: csv-parse reads it record by record, records are
// packed into chunks of 10,000 rows, and NaiveBayes.fitAsync (one pass) and Mixture.fitAsync (one
// pass per EM iteration) fit it holding one chunk at a time. docs/fitting-at-scale.md shows the
// regions below and what this does with 10⁷ rows:
//
//   npx tsx examples/stream-csv.ts --rows 10000000
//
// With no arguments it writes a small file (20,000 rows) to a temporary directory, fits it,
// checks the streamed fits against fits of all the rows in memory, and removes the file.
// #region data
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Gaussian, createRng } from "../src/index.js";

const COLUMNS = 4;

/** Writes `rows` rows of `x1,x2,x3,x4,species` (three species, Gaussian columns) to `path`. */
async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const rng = createRng(2024);
  const noise = new Gaussian(0, 1);
  out.write("x1,x2,x3,x4,species\n");
  const block = 10_000;
  for (let start = 0; start < rows; start += block) {
    const n = Math.min(block, rows - start);
    const z = noise.sample(rng, n * COLUMNS);
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      const c = Math.floor(rng.next() * 3);
      const x = Array.from({ length: COLUMNS }, (_, j) => (c * (j + 1) + z[i * COLUMNS + j]!).toFixed(4));
      lines.push(`${x.join(",")},${["setosa", "versicolor", "virginica"][c]}\n`);
    }
    if (!out.write(lines.join(""))) await once(out, "drain"); // wait while the disk catches up
  }
  out.end();
  await once(out, "finish");
}

// The file's length: --rows on the command line, 20,000 by default.
const at = process.argv.indexOf("--rows");
const rows = at < 0 ? 20_000 : Number(process.argv[at + 1]);
const dir = mkdtempSync(join(tmpdir(), "ptheta-csv-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true })); // removed when the process ends
const file = join(dir, "flowers.csv");
await writeCsv(file, rows);
// #endregion

// #region chunks
import { createReadStream } from "node:fs";
import { parse } from "csv-parse";

/**
 * The rows of a CSV file of four numbers and a label, `size` rows at a time, as the chunks the
 * async fits read: { X: a dense size × 4 matrix, y: the labels }. csv-parse streams the file,
 * so only the current chunk is in memory, however large the file.
 */
async function* csvChunks(path: string, size = 10_000) {
  const records = createReadStream(path).pipe(parse({ from_line: 2 })); // skip the header
  let data = new Float64Array(size * 4);
  let y: string[] = [];
  for await (const record of records as AsyncIterable<string[]>) {
    const row = y.length;
    // A value that is not a number becomes NaN, which the fit reports as "chunk k: X[i][j] is NaN".
    for (let j = 0; j < 4; j++) data[row * 4 + j] = Number(record[j]);
    y.push(record[4]!);
    if (y.length === size) {
      yield { X: { data, rows: size, cols: 4 }, y };
      data = new Float64Array(size * 4);
      y = [];
    }
  }
  if (y.length > 0) yield { X: { data: data.subarray(0, y.length * 4), rows: y.length, cols: 4 }, y };
}
// #endregion

// #region fit
import { Mixture, NaiveBayes, type FitProgress } from "../src/index.js";

// Resident memory, read after every chunk: the most it ever rises above where it started.
const baseline = process.memoryUsage().rss;
let peak = baseline;
const onProgress = (_: FitProgress) => void (peak = Math.max(peak, process.memoryUsage().rss));
const started = performance.now();

// One pass: a Naive Bayes model of the species.
const nb = await NaiveBayes.fitAsync(csvChunks(file), { features: "gaussian", onProgress });
console.log(String(nb)); // NaiveBayes(classes=[setosa, versicolor, virginica], features=4 gaussian)
// EM: the function is called once per pass; the first pass samples 10,000 rows for the start.
const mixture = await Mixture.fitAsync(() => csvChunks(file), { nComponents: 3, rng: createRng(1), onProgress });
console.log(String(mixture)); // Mixture(K=3, weights=[…], features=4 gaussian)
console.log(`${(performance.now() - started) / 1000} s, memory grew by ${(peak - baseline) / 2 ** 20} MB`);
// #endregion

const megabytes = statSync(file).size / 2 ** 20;
console.log(
  `${rows} rows, ${megabytes.toFixed(0)} MB of CSV read ${2 + mixture.nIter} times (Naive Bayes, EM's sample, ` +
    `${mixture.nIter} EM iterations): resident memory rose by at most ${((peak - baseline) / 2 ** 20).toFixed(0)} MB`,
);
if (at < 0) {
  // The quick run checks that streaming changes nothing: the same fits of all the rows in memory.
  const X: number[][] = [];
  const y: string[] = [];
  for await (const chunk of csvChunks(file, 777)) {
    for (let i = 0; i < chunk.X.rows; i++) X.push(Array.from(chunk.X.data.subarray(i * 4, i * 4 + 4)));
    y.push(...chunk.y);
  }
  const batch = NaiveBayes.fit(X, y, { features: "gaussian" });
  const gap = Math.abs(batch.logLikelihood(X, y) - nb.logLikelihood(X, y)) / Math.abs(batch.logLikelihood(X, y));
  if (!(gap < 1e-12)) throw new Error(`streamed and in-memory Naive Bayes differ by ${gap}`);
  const start = Mixture.fit(X.slice(0, 1000), { nComponents: 3, maxIter: 0, rng: createRng(1) });
  const inMemory = Mixture.fit(X, { init: start, tol: 1e-6 });
  const streamed = await Mixture.fitAsync(() => csvChunks(file), { init: start, tol: 1e-6 });
  const emGap = Math.abs(inMemory.logLikelihood(X) - streamed.logLikelihood(X)) / Math.abs(inMemory.logLikelihood(X));
  if (!(emGap < 1e-10)) throw new Error(`streamed and in-memory EM differ by ${emGap}`);
  console.log("streamed fits equal the fits of all the rows in memory");
}
