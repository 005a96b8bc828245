// Fitting on every core: a Naive Bayes model and Mixture EM over 8 shards on N of Node's worker
// threads. Each shard is generated from its own seed inside the thread that holds it, each
// thread returns JSON statistics, and the main thread merges them in shard order, so the models
// are identical for any N (and for no threads at all). docs/fitting-at-scale.md shows the
// regions below.
//
//   npx tsx examples/parallel-fit.ts --workers 4 --rows 8000000
//
// prints a summary and, as its last line, {"workers":4,"rows":8000000,"ms":…,"logLikelihood":…}.
// With no arguments it runs a small fit on 2 threads, checks it against the same fit without
// threads, and exits (it is one of the examples CI runs).

// #region shard
import { Worker as NodeWorker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { Gaussian, Mixture, NaiveBayes, createRng, type MixtureJSON } from "../src/index.js";

/** The data are 8 fixed shards: shard s always holds the same rows, whichever thread makes it. */
const SHARDS = 8;
const FEATURES = 8;

interface Shard {
  X: { data: Float64Array; rows: number; cols: number };
  y: number[];
}

/** Shard s of a data set of `rows` rows: three classes, each a Gaussian cloud, from seed 1000 + s. */
function makeShard(s: number, rows: number): Shard {
  const n = Math.floor((rows * (s + 1)) / SHARDS) - Math.floor((rows * s) / SHARDS);
  const rng = createRng(1000 + s);
  const data = new Gaussian(0, 1).sample(rng, n * FEATURES); // noise, then each row's class centre
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rng.next() * 3);
    y[i] = c;
    for (let j = 0; j < FEATURES; j++) data[i * FEATURES + j] = data[i * FEATURES + j]! + c * (1 + (j % 3));
  }
  return { X: { data, rows: n, cols: FEATURES }, y };
}
// #endregion

// #region tasks
/** What a thread is asked to do with one shard; the answers are JSON statistics. */
type Task =
  | { kind: "naive-bayes"; shard: number; rows: number }
  | { kind: "start"; shard: number; rows: number }
  | { kind: "e-step"; shard: number; rows: number; model: MixtureJSON }
  | { kind: "score"; shard: number; rows: number; model: MixtureJSON };

const shards = new Map<string, Shard>(); // the shards this thread holds, made once

/** The map step: runs one task on its shard and returns JSON. */
function runTask(task: Task): unknown {
  const key = `${task.shard} of ${task.rows} rows`;
  let shard = shards.get(key);
  if (shard === undefined) shards.set(key, (shard = makeShard(task.shard, task.rows)));
  switch (task.kind) {
    case "naive-bayes": // the shard's own model; merge() makes the model of all shards
      return NaiveBayes.fit(shard.X, shard.y, { features: "gaussian" }).toJSON();
    case "start": {
      // EM's start: k-means++ on the shard's first 2000 rows, as Mixture.fit starts
      const rows = Math.min(2000, shard.X.rows);
      const first = { data: shard.X.data.subarray(0, rows * FEATURES), rows, cols: FEATURES };
      return Mixture.fit(first, { nComponents: 3, maxIter: 0, rng: createRng(7) }).toJSON();
    }
    case "e-step": // the expected statistics of the shard under the current model
      return Mixture.fromJSON(task.model).expectedStats(shard.X).toJSON();
    case "score":
      return Mixture.fromJSON(task.model).logLikelihood(shard.X);
  }
}
// #endregion

// #region fit
/** Where tasks run: threads, Web Workers, or this thread. Answers come back in task order. */
interface Pool {
  run(tasks: Task[]): Promise<unknown[]>;
}

/** The reduce step: merge the shards' statistics in shard order, then EM until it settles. */
async function fitOnPool(pool: Pool, rows: number) {
  const all = Array.from({ length: SHARDS }, (_, shard) => ({ shard, rows }));
  // Naive Bayes: one model per shard, merged; equal to one fit on all the rows.
  const parts = await pool.run(all.map((t) => ({ kind: "naive-bayes" as const, ...t })));
  const nb = parts.map((json) => NaiveBayes.fromJSON<number>(json)).reduce((a, b) => a.merge(b));
  // Mixture EM: each iteration is one E-step per shard (in parallel) and one M-step here.
  const [start] = await pool.run([{ kind: "start", shard: 0, rows }]);
  let mixture = Mixture.fromJSON(start);
  let previous = -Infinity;
  for (let iteration = 1; iteration <= 100; iteration++) {
    const model = mixture.toJSON();
    const stats = (await pool.run(all.map((t) => ({ kind: "e-step" as const, model, ...t }))))
      .map((json) => Mixture.statsFromJSON(json))
      .reduce((a, b) => a.merge(b));
    mixture = Mixture.fromStats(stats);
    const mean = stats.logLikelihood / stats.count; // as Mixture.fit: the mean log-likelihood per row
    if (Math.abs(mean - previous) < 1e-6) break;
    previous = mean;
  }
  const model = mixture.toJSON();
  const scores = await pool.run(all.map((t) => ({ kind: "score" as const, model, ...t })));
  const logLikelihood = (scores as number[]).reduce((a, b) => a + b, 0); // Σ log p(x), in shard order
  return { nb, mixture, logLikelihood };
}
// #endregion

// #region threads
/**
 * N worker threads running this same file. Shard s always goes to thread s mod N, which keeps
 * it after making it; messages carry an id so that each answer finds its request.
 */
async function threadPool(n: number): Promise<Pool & { close(): Promise<void> }> {
  const threads = await Promise.all(Array.from({ length: n }, () => startThread()));
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 0;
  for (const thread of threads) {
    thread.on("message", ({ id, result, error }: { id: number; result?: unknown; error?: string }) => {
      const request = pending.get(id)!;
      pending.delete(id);
      if (error === undefined) request.resolve(result);
      else request.reject(new Error(error));
    });
    // A thread that dies (out of memory, say) fails every request still waiting.
    thread.on("error", (e) => {
      for (const request of pending.values()) request.reject(e);
      pending.clear();
    });
  }
  return {
    run: (tasks) =>
      Promise.all(
        tasks.map(
          (task) =>
            new Promise((resolve, reject) => {
              const id = nextId++;
              pending.set(id, { resolve, reject });
              threads[task.shard % n]!.postMessage({ id, task });
            }),
        ),
      ),
    close: async () => {
      await Promise.all(threads.map((t) => t.terminate()));
    },
  };
}

/** One thread running this file; resolves once it is ready for tasks. */
function startThread(): Promise<NodeWorker> {
  const url = new URL(import.meta.url);
  const role = { role: "ptheta-parallel-fit" };
  // Compiled to JavaScript, `new NodeWorker(url, { workerData })` is all it takes. Run as
  // TypeScript by tsx, the thread must register tsx's loader before it imports this file: Node 20
  // does not hand --import hooks on to worker threads (tsx issue #354).
  const thread = url.pathname.endsWith(".ts")
    ? new NodeWorker(
        `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`,
        { eval: true, workerData: role },
      )
    : new NodeWorker(url, { workerData: role });
  return new Promise((resolve, reject) => {
    thread.once("message", () => resolve(thread)); // the thread's first message says it is ready
    thread.once("error", reject);
  });
}

// The thread's side: answer each task with its result (or its error).
if (!isMainThread && (workerData as { role?: string } | null)?.role === "ptheta-parallel-fit") {
  parentPort!.on("message", ({ id, task }: { id: number; task: Task }) => {
    try {
      parentPort!.postMessage({ id, result: runTask(task) });
    } catch (e) {
      parentPort!.postMessage({ id, error: String(e) });
    }
  });
  parentPort!.postMessage("ready");
}
// #endregion

// #region web-worker
/**
 * In a browser: the same tasks on Web Workers. `script` is a module that calls
 * `serveWebWorker(self)` (bundled with runTask and ptheta); answers are matched by id.
 */
function webWorkerPool(n: number, script: URL): Pool {
  const workers = Array.from({ length: n }, () => new Worker(script, { type: "module" }));
  const pending = new Map<number, (result: unknown) => void>();
  let nextId = 0;
  for (const worker of workers) {
    worker.onmessage = (event: MessageEvent<{ id: number; result: unknown }>) => {
      pending.get(event.data.id)!(event.data.result);
      pending.delete(event.data.id);
    };
  }
  return {
    run: (tasks) =>
      Promise.all(
        tasks.map(
          (task) =>
            new Promise((resolve) => {
              const id = nextId++;
              pending.set(id, resolve);
              workers[task.shard % n]!.postMessage({ id, task });
            }),
        ),
      ),
  };
}

/** The Web Worker's side: `serveWebWorker(self)` in the worker module. */
function serveWebWorker(scope: {
  onmessage: ((event: MessageEvent<{ id: number; task: Task }>) => void) | null;
  postMessage(message: unknown): void;
}): void {
  scope.onmessage = (event) => scope.postMessage({ id: event.data.id, result: runTask(event.data.task) });
}
// A page would then run: const { nb, mixture } = await fitOnPool(webWorkerPool(navigator.hardwareConcurrency, new URL("./fit-worker.js", import.meta.url)), 1e6);
// #endregion

/** `--workers N --rows R` from the command line (defaults: a quick run on 2 threads). */
function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`--${name} must be a positive integer`);
  return value;
}

if (isMainThread) {
  // #region local
  // No threads at all: the same tasks in this thread give the same models, bit for bit.
  const local: Pool = { run: async (tasks) => tasks.map(runTask) };
  const small = await fitOnPool(local, 4000);
  console.log(small.nb.classes); // [0, 1, 2]
  // #endregion

  const workers = argument("workers", 2);
  const rows = argument("rows", 40_000);
  const pool = await threadPool(workers);
  const started = performance.now(); // from the moment every thread is ready
  const fitted = await fitOnPool(pool, rows);
  const ms = Math.round(performance.now() - started);
  await pool.close();
  console.log(`${fitted.nb}: class counts [${Array.from(fitted.nb.classCounts).join(", ")}]`);
  console.log(`${fitted.mixture}, ${rows} rows, ${workers} thread(s)`);
  if (process.argv.length <= 2) {
    // The quick run checks the claim above: the same fit without threads gives the same models.
    const alone = await fitOnPool(local, rows);
    if (alone.logLikelihood !== fitted.logLikelihood || JSON.stringify(alone.nb) !== JSON.stringify(fitted.nb)) {
      throw new Error(`threads and no threads differ: ${fitted.logLikelihood} vs ${alone.logLikelihood}`);
    }
    console.log("the same models with 2 threads and with none");
  }
  console.log(JSON.stringify({ workers, rows, ms, logLikelihood: fitted.logLikelihood }));
}

export { serveWebWorker, webWorkerPool }; // the browser side, for a bundler to pick up
