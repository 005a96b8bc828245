// Fitting at scale (W7): the async fits in constant memory and at the speed of a synchronous
// loop over the same chunks, and EM across worker threads.
//
// - Gaussian.fitAsync over 3·10⁷ values in chunks of 10⁵ (the data would take 240 MB), and
//   NaiveBayes.fitAsync over 2·10⁶ × 10 rows in chunks of 10⁴ (160 MB): resident memory may grow
//   by less than 64 MB, and throughput must be at least 0.8× a synchronous loop of addAll /
//   partialFit over the same chunks.
// - Mixture.fitAsync, 4 passes (the start's sample, then 3 EM iterations) over 10⁶ × 4 rows:
//   memory may grow by less than 48 MB.
// - examples/parallel-fit.ts on 2 threads at least 80 % of the machine's two-process ceiling
//   (two processes doing the same single-threaded fit at the same moment, against one alone),
//   with the same log-likelihood to the bit.
//
// Every chunk is a fresh array (a copy of a window of a small pool of values), as a reader
// would produce it, so a fit that kept its chunks would show up as memory growth. Memory is the
// resident set (process.memoryUsage().rss), read after every chunk, minus its value after a full
// GC before the fit. It runs in a child process of its own (node --expose-gc), so that what the
// other benchmarks allocated neither hides nor adds growth. `--quick` runs tiny sizes.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { Gaussian, Mixture, NaiveBayes, createRng, type FitProgress } from "../src/index.js";
import { quick } from "./harness.js";

const root = resolve(import.meta.dirname, "..");

/** Runs this file in a fresh Node process with the GC exposed, printing what it prints. */
export function runScaleBench(options: { quick: boolean }): void {
  console.log("\n# Fitting at scale (W7): fresh process, node --expose-gc");
  const args = ["--expose-gc", "--import", "tsx", resolve(import.meta.dirname, "scale.ts")];
  const result = spawnSync(process.execPath, options.quick ? [...args, "--quick"] : args, {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error(`bench/scale.ts failed (exit ${result.status ?? result.signal})`);
}

const MB = 1e6; // as the targets count them: 3·10⁷ doubles are 240 MB

/** A full GC (node --expose-gc), then the resident set size. */
function settledRss(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run with node --expose-gc (npm run bench does)");
  gc();
  gc();
  return process.memoryUsage().rss;
}

/** Peak resident memory above a settled baseline while `run` goes, read after every chunk. */
async function memoryGrowth(run: (onProgress: (p: FitProgress) => void) => Promise<unknown>): Promise<number> {
  const baseline = settledRss();
  let peak = baseline;
  await run(() => void (peak = Math.max(peak, process.memoryUsage().rss)));
  return (peak - baseline) / MB;
}

/** `count` chunks of `size` values, each a fresh copy of a window of a pool (values 0..poolSize). */
function* valueChunks(pool: Float64Array, count: number, size: number): Generator<Float64Array> {
  for (let k = 0; k < count; k++) {
    const at = (k * 7919 * size) % (pool.length - size);
    yield pool.slice(at, at + size);
  }
}

/** Labelled chunks of `rows` × cols rows, fresh copies of windows of a pool of rows. */
function* labelledChunks(
  pool: { X: Float64Array; y: Int32Array; cols: number },
  count: number,
  rows: number,
): Generator<{ X: { data: Float64Array; rows: number; cols: number }; y: Int32Array }> {
  const n = pool.y.length;
  for (let k = 0; k < count; k++) {
    const at = (k * 7919 * rows) % (n - rows);
    yield {
      X: { data: pool.X.slice(at * pool.cols, (at + rows) * pool.cols), rows, cols: pool.cols },
      y: pool.y.slice(at, at + rows),
    };
  }
}

/** The matrices of labelled chunks. */
function* rowsOnly<T>(chunks: Iterable<{ X: T }>): Generator<T> {
  for (const chunk of chunks) yield chunk.X;
}

/** A pool of labelled Gaussian rows: class c has means c · (1 + j mod 3). */
function rowPool(rows: number, cols: number, classes: number, seed: number) {
  const rng = createRng(seed);
  const X = new Gaussian(0, 1).sample(rng, rows * cols);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = Math.floor(rng.next() * classes);
    y[i] = c;
    for (let j = 0; j < cols; j++) X[i * cols + j] = X[i * cols + j]! + c * (1 + (j % 3));
  }
  return { X, y, cols };
}

/**
 * Best times in ms of the async fit and the synchronous loop, over `runs` calls of each after a
 * warm-up, alternating, so that a burst of load from elsewhere hits both alike.
 */
async function bestTimes(
  fit: () => Promise<unknown>,
  loop: () => unknown,
  runs: number,
): Promise<{ fit: number; loop: number }> {
  await fit();
  loop();
  const best = { fit: Infinity, loop: Infinity };
  for (let r = 0; r < runs; r++) {
    let start = performance.now();
    await fit();
    best.fit = Math.min(best.fit, performance.now() - start);
    start = performance.now();
    loop();
    best.loop = Math.min(best.loop, performance.now() - start);
  }
  return best;
}

function verdict(ok: boolean): string {
  if (quick) return "a quick run is too small to judge";
  return ok ? "ok" : "MISSES the target";
}

function line(name: string, text: string): void {
  console.log(`${name.padEnd(52)} ${text}`);
}

async function main(): Promise<void> {
  const runs = quick ? 2 : 5;

  // Gaussian.fitAsync: 3·10⁷ values in chunks of 10⁵.
  const gChunks = quick ? 20 : 300;
  const gSize = 100_000;
  const values = new Gaussian(1e6, 3).sample(createRng(1), 1 << 20);
  const gMemory = await memoryGrowth((onProgress) =>
    Gaussian.fitAsync(valueChunks(values, gChunks, gSize), { onProgress }),
  );
  const { fit: gAsync, loop: gSync } = await bestTimes(
    () => Gaussian.fitAsync(valueChunks(values, gChunks, gSize)),
    () => {
      const stats = Gaussian.stats();
      for (const chunk of valueChunks(values, gChunks, gSize)) stats.addAll(chunk);
      return Gaussian.fromStats(stats);
    },
    runs,
  );
  const gValues = gChunks * gSize;
  const gData = (gValues * 8) / MB;
  line(
    `Gaussian.fitAsync, ${gValues.toExponential(0).replace("+", "")} values (${gData.toFixed(0)} MB)`,
    `memory +${gMemory.toFixed(1)} MB (target < 64: ${verdict(gMemory < 64)}); ` +
      `throughput ${(gSync / gAsync).toFixed(2)}× the addAll loop (${gAsync.toFixed(0)} vs ${gSync.toFixed(0)} ms; target ≥ 0.8: ${verdict(gSync / gAsync >= 0.8)})`,
  );

  // NaiveBayes.fitAsync: 2·10⁶ × 10 rows in chunks of 10⁴.
  const nbChunks = quick ? 10 : 200;
  const nbRows = 10_000;
  const pool = rowPool(100_000, 10, 3, 2);
  const nbMemory = await memoryGrowth((onProgress) =>
    NaiveBayes.fitAsync(labelledChunks(pool, nbChunks, nbRows), { features: "gaussian", onProgress }),
  );
  const { fit: nbAsync, loop: nbSync } = await bestTimes(
    () => NaiveBayes.fitAsync(labelledChunks(pool, nbChunks, nbRows), { features: "gaussian" }),
    () => {
      const nb = new NaiveBayes<number>({ features: "gaussian" });
      for (const chunk of labelledChunks(pool, nbChunks, nbRows)) nb.partialFit(chunk.X, chunk.y);
      return nb;
    },
    runs,
  );
  const nbTotal = nbChunks * nbRows;
  line(
    `NaiveBayes.fitAsync, ${nbTotal.toExponential(0).replace("+", "")} × 10 (${((nbTotal * 80) / MB).toFixed(0)} MB)`,
    `memory +${nbMemory.toFixed(1)} MB (target < 64: ${verdict(nbMemory < 64)}); ` +
      `throughput ${(nbSync / nbAsync).toFixed(2)}× the partialFit loop (${nbAsync.toFixed(0)} vs ${nbSync.toFixed(0)} ms; target ≥ 0.8: ${verdict(nbSync / nbAsync >= 0.8)})`,
  );

  // Mixture.fitAsync: 4 passes over 10⁶ × 4.
  const mixChunks = quick ? 10 : 100;
  const mixPool = rowPool(100_000, 4, 3, 3);
  let passes = 0;
  const mixMemory = await memoryGrowth((onProgress) =>
    Mixture.fitAsync(
      () => {
        passes++;
        return rowsOnly(labelledChunks(mixPool, mixChunks, 10_000));
      },
      { nComponents: 3, maxIter: 3, tol: 0, onProgress },
    ),
  );
  const mixTotal = mixChunks * 10_000;
  line(
    `Mixture.fitAsync, ${passes} passes over ${mixTotal.toExponential(0).replace("+", "")} × 4`,
    `memory +${mixMemory.toFixed(1)} MB (target < 48: ${verdict(mixMemory < 48)}; the data would take ${((mixTotal * 32) / MB).toFixed(0)} MB)`,
  );

  // examples/parallel-fit.ts: 1 thread against 2, and the machine's two-process ceiling, which
  // the example measures itself at the same moment; it fails if the log-likelihood differs.
  const rows = quick ? 20_000 : 1_000_000;
  const out = spawnSync(
    resolve(root, "node_modules/.bin/tsx"),
    ["examples/parallel-fit.ts", "--workers", "2", "--rows", String(rows), "--runs", quick ? "1" : "3"],
    { cwd: root, encoding: "utf8" },
  );
  if (out.status !== 0) throw new Error(`parallel-fit failed:\n${out.stderr}`);
  const lines = out.stdout.trim().split("\n");
  const fit = JSON.parse(lines[lines.length - 1]!) as { ms: number; msOne: number; speedup: number; ceiling: number };
  const share = fit.speedup / fit.ceiling;
  line(
    `parallel-fit, ${rows.toExponential(0).replace("+", "")} rows, 2 threads vs 1`,
    `speed-up ${fit.speedup.toFixed(2)} (${fit.ms} vs ${fit.msOne} ms); the machine's two-process ceiling ${fit.ceiling.toFixed(2)}: ` +
      `${(100 * share).toFixed(0)} % of it (target ≥ 80 %: ${verdict(share >= 0.8)}); log-likelihood identical across thread counts`,
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) await main();
