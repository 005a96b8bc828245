// Fitting on every core: a Naive Bayes model and Mixture EM over 8 shards on N of Node's worker
// threads. The main thread holds the data; each thread is started once and handed its shards'
// blocks once, as views of one SharedArrayBuffer (or as transferred ArrayBuffers: no copy either
// way). From then on only models go out and statistics come back, a few hundred numbers per shard;
// rows never cross again. The main thread merges the statistics in shard order, so the models and
// the log-likelihood are identical to the bit for any number of threads (and for none).
//
//   npx tsx examples/parallel-fit.ts            a quick run (CI runs it): checks and speed-ups
//   npx tsx examples/parallel-fit.ts --full     10⁶ rows, best of 3
//   npx tsx examples/parallel-fit.ts --workers 4 --rows 8000000 [--runs 5] [--transfer]
//
// It prints the speed-up of N threads over 1 beside the machine's ceiling, measured at the same
// moment: how much more two independent processes doing the same single-threaded fit get done
// than one alone (2.0 on two idle cores; less when the cores are shared or memory is the limit).
// Its last line is {"workers":…,"rows":…,"ms":…,"speedup":…,"ceiling":…,"logLikelihood":…}.

// #region shard
import { Worker as NodeWorker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { Gaussian, Mixture, NaiveBayes, createRng, type MixtureJSON } from "../src/index.js";

/** The data are 8 fixed shards: shard s always holds the same rows, whichever thread gets it. */
const SHARDS = 8;
const FEATURES = 8;

/** One shard: a block of rows × FEATURES numbers, row-major, and the rows' labels. */
interface Shard {
  shard: number;
  X: { data: Float64Array; rows: number; cols: number };
  y: Int32Array;
}

/** First row of shard s (s = SHARDS gives the number of rows): fixed by `rows` alone. */
const firstRow = (s: number, rows: number) => Math.floor((rows * s) / SHARDS);

/**
 * The whole data set in one buffer, as a reader would fill it: three classes, each a Gaussian
 * cloud, from seed 1000. A SharedArrayBuffer can be seen by every thread without a copy.
 */
function makeData(rows: number, shared: boolean): Shard[] {
  const Store = shared ? SharedArrayBuffer : ArrayBuffer;
  const X = new Float64Array(new Store(rows * FEATURES * 8));
  const y = new Int32Array(new Store(rows * 4));
  const rng = createRng(1000);
  X.set(new Gaussian(0, 1).sample(rng, rows * FEATURES)); // noise, then each row's class centre
  for (let i = 0; i < rows; i++) {
    const c = Math.floor(rng.next() * 3);
    y[i] = c;
    for (let j = 0; j < FEATURES; j++) X[i * FEATURES + j] = X[i * FEATURES + j]! + c * (1 + (j % 3));
  }
  return Array.from({ length: SHARDS }, (_, shard) => {
    const [from, to] = [firstRow(shard, rows), firstRow(shard + 1, rows)];
    const data = X.subarray(from * FEATURES, to * FEATURES); // a view: no copy
    return { shard, X: { data, rows: to - from, cols: FEATURES }, y: y.subarray(from, to) };
  });
}

/**
 * What crosses to a thread once, and how: views of a SharedArrayBuffer are shared as they are;
 * otherwise each shard's block is copied into a buffer of its own, which is then transferred
 * (moved, not copied: the sender's copy becomes empty).
 */
function handOver(shards: Shard[]): { shards: Shard[]; transfer: ArrayBuffer[] } {
  if (shards[0]!.X.data.buffer instanceof SharedArrayBuffer) return { shards, transfer: [] };
  const own = shards.map((s) => ({ ...s, X: { ...s.X, data: s.X.data.slice() }, y: s.y.slice() }));
  return { shards: own, transfer: own.flatMap((s) => [s.X.data.buffer, s.y.buffer]) };
}
// #endregion

// #region tasks
/** What a thread is asked to do with all of its shards; it answers one value per shard. */
type Task =
  | { kind: "load"; shards: Shard[] }
  | { kind: "naive-bayes" }
  | { kind: "e-step"; model: MixtureJSON }
  | { kind: "score"; model: MixtureJSON };

/** The map step, in a thread that holds `held`: one answer per shard, in shard order. */
function runTask(held: Shard[], task: Task): unknown[] {
  switch (task.kind) {
    case "load": // the blocks stay with the thread for every task after this one
      held.push(...task.shards);
      return [];
    case "naive-bayes": // each shard's own model, as JSON; merge() makes the model of all shards
      return held.map((s) => NaiveBayes.fit(s.X, s.y, { features: "gaussian" }).toJSON());
    case "e-step": {
      // the expected statistics of each shard under the current model (the model is read once)
      const mixture = Mixture.fromJSON(task.model);
      return held.map((s) => mixture.expectedStats(s.X).toJSON());
    }
    case "score": {
      const mixture = Mixture.fromJSON(task.model);
      return held.map((s) => mixture.logLikelihood(s.X));
    }
  }
}
// #endregion

// #region fit
/** Where tasks run: threads, Web Workers, or this thread. Answers come back in shard order. */
interface Pool {
  run(task: Task): Promise<unknown[]>;
}

/**
 * The reduce step: merge the shards' answers in shard order (a fixed order: the same sums,
 * rounded the same way, for any number of threads), then EM until it settles. The start is
 * k-means++ on shard 0's first 2000 rows, made here before the data went to the threads.
 */
async function fitOnPool(pool: Pool, start: MixtureJSON, em = { maxIter: 100, tol: 1e-6 }) {
  // Naive Bayes: one model per shard, merged; equal to one fit on all the rows.
  const parts = await pool.run({ kind: "naive-bayes" });
  const nb = parts.map((json) => NaiveBayes.fromJSON<number>(json)).reduce((a, b) => a.merge(b));
  // Mixture EM: each iteration is one E-step per shard (in parallel) and one M-step here.
  let mixture = Mixture.fromJSON(start);
  let previous = -Infinity;
  let iterations = 0;
  while (iterations < em.maxIter) {
    iterations++;
    const answers = await pool.run({ kind: "e-step", model: mixture.toJSON() });
    const stats = answers.map((json) => Mixture.statsFromJSON(json)).reduce((a, b) => a.merge(b));
    mixture = Mixture.fromStats(stats);
    const mean = stats.logLikelihood / stats.count; // as Mixture.fit: the mean log-likelihood per row
    if (Math.abs(mean - previous) < em.tol) break;
    previous = mean;
  }
  const scores = await pool.run({ kind: "score", model: mixture.toJSON() });
  const logLikelihood = (scores as number[]).reduce((a, b) => a + b, 0); // Σ log p(x), in shard order
  return { nb, mixture, iterations, logLikelihood };
}

/** The fit that is timed: 20 EM iterations whatever the log-likelihood does. */
const TIMED = { maxIter: 20, tol: 0 };

/** EM's start, from the first rows of shard 0. */
function startOf(shards: Shard[]): MixtureJSON {
  const rows = Math.min(2000, shards[0]!.X.rows);
  const first = { data: shards[0]!.X.data.subarray(0, rows * FEATURES), rows, cols: FEATURES };
  return Mixture.fit(first, { nComponents: 3, maxIter: 0, rng: createRng(7) }).toJSON();
}
// #endregion

// #region threads
/**
 * N worker threads running this same file, started once. Thread t holds shards t, t + N, …: it
 * is handed their blocks in its first message and keeps them, so that every later message is a
 * model out and one answer per shard back.
 */
async function threadPool(n: number, shards: Shard[]): Promise<Pool & { close(): Promise<void> }> {
  const threads = await Promise.all(Array.from({ length: n }, () => startThread()));
  const mine = threads.map((_, t) => shards.filter((s) => s.shard % n === t));
  const ask = (t: number, task: Task, transfer: ArrayBuffer[] = []) =>
    new Promise<unknown[]>((resolve, reject) => {
      const thread = threads[t]!;
      const onError = (e: Error) => reject(e); // a thread that dies (out of memory, say)
      thread.once("error", onError);
      thread.once("message", ({ result, error }: { result?: unknown[]; error?: string }) => {
        thread.off("error", onError);
        if (error === undefined) resolve(result!);
        else reject(new Error(error));
      });
      thread.postMessage(task, transfer);
    });
  const run = async (task: Task) => {
    const answers = await Promise.all(threads.map((_, t) => ask(t, task)));
    // back into shard order: shard s is answer ⌊s / n⌋ of thread s mod n
    return shards.map((s) => answers[s.shard % n]![Math.floor(s.shard / n)]);
  };
  await Promise.all(
    mine.map((part, t) => {
      const { shards: blocks, transfer } = handOver(part);
      return ask(t, { kind: "load", shards: blocks }, transfer);
    }),
  );
  return { run, close: async () => void (await Promise.all(threads.map((t) => t.terminate()))) };
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

// The thread's side: answer each task with its result (or its error), one task at a time.
if (!isMainThread && (workerData as { role?: string } | null)?.role === "ptheta-parallel-fit") {
  const held: Shard[] = [];
  parentPort!.on("message", (task: Task) => {
    try {
      parentPort!.postMessage({ result: runTask(held, task) });
    } catch (e) {
      parentPort!.postMessage({ error: String(e) });
    }
  });
  parentPort!.postMessage("ready");
}
// #endregion

// #region web-worker
/**
 * In a browser: the same tasks on Web Workers. `script` is a module that calls
 * `serveWebWorker(self)` (bundled with runTask and ptheta). A SharedArrayBuffer needs a
 * cross-origin-isolated page; elsewhere makeData(rows, false) gives buffers that are transferred.
 */
async function webWorkerPool(n: number, script: URL, shards: Shard[]): Promise<Pool> {
  const workers = Array.from({ length: n }, () => new Worker(script, { type: "module" }));
  const ask = (t: number, task: Task, transfer: ArrayBuffer[] = []) =>
    new Promise<unknown[]>((resolve) => {
      workers[t]!.onmessage = (event: MessageEvent<{ result: unknown[] }>) => resolve(event.data.result);
      workers[t]!.postMessage(task, transfer);
    });
  await Promise.all(
    workers.map((_, t) => {
      const { shards: blocks, transfer } = handOver(shards.filter((s) => s.shard % n === t));
      return ask(t, { kind: "load", shards: blocks }, transfer);
    }),
  );
  return {
    run: async (task) => {
      const answers = await Promise.all(workers.map((_, t) => ask(t, task)));
      return shards.map((s) => answers[s.shard % n]![Math.floor(s.shard / n)]);
    },
  };
}

/** The Web Worker's side: `serveWebWorker(self)` in the worker module. */
function serveWebWorker(scope: {
  onmessage: ((event: MessageEvent<Task>) => void) | null;
  postMessage(message: unknown): void;
}): void {
  const held: Shard[] = [];
  scope.onmessage = (event) => scope.postMessage({ result: runTask(held, event.data) });
}
// A page would then run:
//   const shards = makeData(1e6, crossOriginIsolated);
//   const pool = await webWorkerPool(navigator.hardwareConcurrency, new URL("./fit-worker.js", import.meta.url), shards);
//   const { nb, mixture } = await fitOnPool(pool, startOf(shards));
// #endregion

/** `--name N` from the command line, a positive integer. */
function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`--${name} must be a positive integer`);
  return value;
}

// #region ceiling
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

/**
 * The machine's two-process ceiling: one process fits the shards on a pool of 1 thread while the
 * other core idles; then two such processes do the same fit at the same moment. Two
 * processes get 2 · t₁ / t₂ times as much done as one (t₁ alone, t₂ side by side): 2.0 on two
 * idle cores, less when the machine is shared or memory bandwidth runs out. No arrangement of
 * threads inside one process can beat it. The two processes run this file with --alone, each
 * timing one fit whenever it reads a line on its standard input; each `round()` measures both
 * (take the best of several rounds, between the fits on threads, so that the same load hits all).
 */
async function twoProcessCeiling(rows: number) {
  const args = [...process.execArgv, process.argv[1]!, "--alone", "--rows", String(rows)]; // the same loader (tsx)
  const children = [0, 1].map(() => {
    const p = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "inherit"] });
    const lines: string[] = [];
    let waiting: ((line: string) => void) | null = null;
    let text = "";
    p.stdout.on("data", (chunk: Uint8Array) => {
      text += new TextDecoder().decode(chunk);
      for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n")) {
        lines.push(text.slice(0, at));
        text = text.slice(at + 1);
      }
      if (waiting !== null && lines.length > 0) waiting(lines.shift()!);
    });
    const next = () =>
      new Promise<string>((resolve) => (lines.length > 0 ? resolve(lines.shift()!) : (waiting = resolve)));
    return { p, next, fit: async () => (p.stdin.write("go\n"), Number(await next())) };
  });
  await Promise.all(children.map((c) => c.next())); // "ready": data made, code warmed up
  return {
    round: async () => {
      const alone = await children[0]!.fit();
      const together = Math.max(...(await Promise.all(children.map((c) => c.fit()))));
      return { alone, together };
    },
    close: () => children.forEach((c) => c.p.stdin.end()),
  };
}

/**
 * A process of the ceiling: the same fit as on a pool of 1 thread (the work the speed-up is
 * measured against), timed whenever a line arrives.
 */
async function aloneSide(rows: number): Promise<void> {
  const shards = makeData(rows, true);
  const pool = await threadPool(1, shards);
  const start = startOf(shards);
  await fitOnPool(pool, start, TIMED); // warm-up, as the pools get
  console.log("ready");
  for await (const _ of createInterface({ input: process.stdin })) {
    const t0 = performance.now();
    await fitOnPool(pool, start, TIMED);
    console.log(performance.now() - t0);
  }
  await pool.close();
}
// #endregion

/** Best wall time in ms of `runs` fits on `pool`, and the last fit. */
async function timeFits(pool: Pool, start: MixtureJSON, runs: number) {
  let best = Infinity;
  let fitted!: Awaited<ReturnType<typeof fitOnPool>>;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fitted = await fitOnPool(pool, start, TIMED);
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, fitted };
}

if (isMainThread && process.argv.includes("--alone")) {
  await aloneSide(argument("rows", 100_000));
} else if (isMainThread) {
  // #region local
  // No threads at all: the same tasks in this thread give the same models, bit for bit.
  const small = makeData(4000, false);
  const held: Shard[] = [...small];
  const local: Pool = { run: async (task) => runTask(held, task) };
  const alone = await fitOnPool(local, startOf(small));
  console.log(alone.nb.classes); // [0, 1, 2]
  // #endregion

  const full = process.argv.includes("--full");
  const workers = argument("workers", 2);
  const rows = argument("rows", full ? 1_000_000 : 20_000);
  const runs = argument("runs", full ? 3 : 1);
  const shared = !process.argv.includes("--transfer");
  const shards = makeData(rows, shared);
  const start = startOf(shards);
  const baseline = await timeFits({ run: async (task) => runTask([...shards], task) }, start, 1);

  // 1 thread, N threads and the ceiling's processes, taking turns (so that a change in the
  // machine's load hits them alike), each pool started once and reused for every run.
  const one = await threadPool(1, shards);
  const many = await threadPool(workers, shards);
  const processes = await twoProcessCeiling(rows);
  await Promise.all([fitOnPool(one, start, TIMED), fitOnPool(many, start, TIMED)]); // warm-up, as the processes'
  let msOne = Infinity;
  let msMany = Infinity;
  let msAlone = Infinity;
  let msTwo = Infinity;
  const logLikelihoods = new Set([baseline.fitted.logLikelihood]);
  const models = new Set([JSON.stringify(baseline.fitted.mixture), JSON.stringify(baseline.fitted.nb)]);
  let fitted = baseline.fitted;
  for (let r = 0; r < runs; r++) {
    for (const [pool, n] of [
      [one, 1],
      [many, workers],
    ] as const) {
      const t = await timeFits(pool, start, 1);
      if (n === 1) msOne = Math.min(msOne, t.ms);
      else msMany = Math.min(msMany, t.ms);
      logLikelihoods.add(t.fitted.logLikelihood);
      models.add(JSON.stringify(t.fitted.mixture)).add(JSON.stringify(t.fitted.nb));
      fitted = t.fitted;
    }
    const { alone, together } = await processes.round();
    msAlone = Math.min(msAlone, alone);
    msTwo = Math.min(msTwo, together);
  }
  await Promise.all([one.close(), many.close()]);
  processes.close();
  if (logLikelihoods.size !== 1 || models.size !== 2) {
    throw new Error(`the fits differ across thread counts: log-likelihoods ${[...logLikelihoods].join(", ")}`);
  }
  console.log(`${fitted.nb}: class counts [${Array.from(fitted.nb.classCounts).join(", ")}]`);
  console.log(`${fitted.mixture} after ${fitted.iterations} EM iterations`);
  console.log(
    `log-likelihood ${fitted.logLikelihood}: the same bits with no threads, 1 thread and ${workers} (merged in shard order)`,
  );

  const ceiling = (2 * msAlone) / msTwo;
  const speedup = msOne / msMany;
  console.log(
    `${rows.toLocaleString("en")} rows × ${FEATURES}, ${shared ? "a SharedArrayBuffer" : "transferred ArrayBuffers"}, best of ${runs}:`,
  );
  console.log(
    `  no threads ${baseline.ms.toFixed(0)} ms, 1 thread ${msOne.toFixed(0)} ms, ${workers} threads ${msMany.toFixed(0)} ms`,
  );
  console.log(`  speed-up of ${workers} threads over 1: ${speedup.toFixed(2)}×`);
  console.log(
    `  the machine's ceiling now: two processes ${ceiling.toFixed(2)}× one (${msTwo.toFixed(0)} ms for two fits side by side, ${msAlone.toFixed(0)} ms for one alone)`,
  );
  if (workers === 2) console.log(`  ${((100 * speedup) / ceiling).toFixed(0)} % of the ceiling (goal: 80 %)`);
  console.log(
    JSON.stringify({
      workers,
      rows,
      ms: Math.round(msMany),
      msOne: Math.round(msOne),
      speedup,
      ceiling,
      logLikelihood: fitted.logLikelihood,
    }),
  );
}

export { serveWebWorker, webWorkerPool }; // the browser side, for a bundler to pick up
