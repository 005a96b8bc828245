// The joint families inside the models (issue 17), against scikit-learn on the same bytes (in a
// child process with one thread: OMP/OpenBLAS/MKL threads = 1):
// - spam-like multinomial Naive Bayes on sparse counts: NaiveBayes.fit + predict on a
//   SparseMatrix vs MultinomialNB().fit + predict on the same CSR (goal: at least as fast);
// - one full-covariance EM iteration: Mixture.fit(X, { covariance: "full", init }) per M-step vs
//   GaussianMixture(covariance_type="full")._e_step + _m_step (goal: at least as fast).
// `quick` shrinks both.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng, Mixture, MultivariateGaussian, NaiveBayes, Product, SparseMatrix } from "../src/index.js";
import { sideBySide, speed, type Timing } from "./harness.js";

const PYTHON = "/usr/bin/python3";
const SCRIPT = String.raw`
import json, sys, time, warnings
import numpy as np
import scipy.sparse as sp
from sklearn.naive_bayes import MultinomialNB
from sklearn.mixture import GaussianMixture
warnings.filterwarnings("ignore")
path, runs = sys.argv[1], int(sys.argv[2])
meta = json.load(open(path + ".json"))
def best(f):
    f()
    wall = cpu = float("inf")
    for _ in range(runs):
        s, c = time.perf_counter(), time.process_time()
        f()
        wall, cpu = min(wall, time.perf_counter() - s), min(cpu, time.process_time() - c)
    return {"wall": wall * 1000, "cpu": cpu * 1000}
n, d = meta["docs"], meta["vocab"]
indptr = np.fromfile(path + ".indptr", dtype=np.int32)
indices = np.fromfile(path + ".indices", dtype=np.int32)
data = np.fromfile(path + ".data", dtype=np.float64)
y = np.fromfile(path + ".y", dtype=np.int32)
S = sp.csr_matrix((data, indices, indptr), shape=(n, d))
def nb():
    MultinomialNB().fit(S, y).predict(S)
rows, cols, K = meta["rows"], meta["cols"], meta["K"]
X = np.fromfile(path + ".x", dtype=np.float64).reshape(rows, cols)
mu = np.fromfile(path + ".mu", dtype=np.float64).reshape(K, cols)
cov = np.fromfile(path + ".cov", dtype=np.float64).reshape(K, cols, cols)
w = np.full(K, 1.0 / K)
gm = GaussianMixture(K, covariance_type="full", max_iter=1, tol=0, reg_covar=1e-6, weights_init=w,
                     means_init=mu, precisions_init=np.linalg.inv(cov), init_params="random_from_data",
                     random_state=0).fit(X)
def iteration():
    _, log_resp = gm._e_step(X)
    gm._m_step(X, log_resp)
print(json.dumps({"nb": best(nb), "iteration": best(iteration)}))
`;

function bytes(a: Float64Array | Int32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Documents of Zipf-distributed words from two classes with different word distributions. */
function spamLike(docs: number, vocab: number, wordsPerDoc: number): { S: SparseMatrix; y: Int32Array } {
  const rng = createRng(11);
  const y = new Int32Array(docs);
  const indptr = new Int32Array(docs + 1);
  const indices: number[] = [];
  const data: number[] = [];
  const counts = new Map<number, number>();
  for (let i = 0; i < docs; i++) {
    y[i] = rng.next() < 0.4 ? 1 : 0;
    counts.clear();
    for (let t = 0; t < wordsPerDoc; t++) {
      // Zipf by inversion of a power law; class 1 shifts its ranks, so the classes differ.
      const rank = Math.floor(Math.pow(vocab, rng.next())) - 1;
      const word = (rank + y[i]! * 37) % vocab;
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    const words = Array.from(counts.keys()).sort((a, b) => a - b);
    for (const j of words) {
      indices.push(j);
      data.push(counts.get(j)!);
    }
    indptr[i + 1] = indices.length;
  }
  const S = SparseMatrix.fromCSR({
    rows: docs,
    cols: vocab,
    indptr,
    indices: Int32Array.from(indices),
    data: Float64Array.from(data),
  });
  return { S, y };
}

function timeSklearn(
  S: SparseMatrix,
  y: Int32Array,
  X: Float64Array,
  mu: Float64Array,
  cov: Float64Array,
  meta: Record<string, number>,
  runs: number,
): { nb: Timing; iteration: Timing } | null {
  if (!existsSync(PYTHON) || spawnSync(PYTHON, ["-c", "import sklearn"], { stdio: "ignore" }).status !== 0) return null;
  const dir = mkdtempSync(join(tmpdir(), "ptheta-bench-"));
  try {
    const path = join(dir, "data");
    writeFileSync(path + ".json", JSON.stringify(meta));
    writeFileSync(path + ".indptr", bytes(S.indptr));
    writeFileSync(path + ".indices", bytes(S.indices));
    writeFileSync(path + ".data", bytes(S.data));
    writeFileSync(path + ".y", bytes(y));
    writeFileSync(path + ".x", bytes(X));
    writeFileSync(path + ".mu", bytes(mu));
    writeFileSync(path + ".cov", bytes(cov));
    const one = { OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
    const r = spawnSync(PYTHON, ["-c", SCRIPT, path, String(runs)], {
      encoding: "utf8",
      env: { ...process.env, ...one },
    });
    if (r.status !== 0) {
      console.log(`  scikit-learn run failed: ${r.stderr.trim().split("\n").pop() ?? ""}`);
      return null;
    }
    return JSON.parse(r.stdout) as { nb: Timing; iteration: Timing };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the benchmark and prints one line per figure. */
export function runJointModelsBench(opts: { quick: boolean }): void {
  const runs = opts.quick ? 2 : 5;
  const docs = opts.quick ? 5000 : 20000;
  const vocab = opts.quick ? 10000 : 50000;
  const { S, y } = spamLike(docs, vocab, 150);
  const rows = opts.quick ? 20000 : 100000;
  const cols = 10;
  const K = 5;
  const rng = createRng(5);
  const X = new Float64Array(rows * cols);
  const mu = new Float64Array(K * cols);
  const cov = new Float64Array(K * cols * cols);
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < cols; j++) mu[k * cols + j] = 4 * (rng.next() - 0.5) * (k + 1);
    for (let j = 0; j < cols; j++)
      for (let i = 0; i < cols; i++) cov[k * cols * cols + j * cols + i] = i === j ? 1 + k * 0.2 : 0.3;
  }
  const parts = Array.from({ length: K }, (_, k) => {
    const c = cov.subarray(k * cols * cols, (k + 1) * cols * cols);
    return new MultivariateGaussian(mu.subarray(k * cols, (k + 1) * cols), { data: c, rows: cols, cols });
  });
  for (let i = 0; i < rows; i++) X.set(parts[i % K]!.sample(rng), i * cols);
  const init = new Mixture(
    Array.from({ length: K }, () => 1 / K),
    parts.map((p) => new Product([p])),
  );
  const Xm = { data: X, rows, cols };
  const iters = opts.quick ? 2 : 5;
  const t = sideBySide(
    {
      nb: () => NaiveBayes.fit(S, y, { features: "multinomial" }).predict(S),
      fit: () => Mixture.fit(Xm, { init, covariance: "full", maxIter: iters, tol: 0 }),
      fit0: () => Mixture.fit(Xm, { init, covariance: "full", maxIter: 0, tol: 0 }),
    },
    runs,
  );
  const perIteration: Timing = {
    cpu: (t.fit.cpu - t.fit0.cpu) / iters,
    wall: (t.fit.wall - t.fit0.wall) / iters,
  };
  console.log(
    `\nJoint families in models: multinomial NB on ${docs.toLocaleString("en")} × ${vocab.toLocaleString("en")} sparse counts (nnz ${S.nnz.toLocaleString("en")}); full-covariance EM on ${rows.toLocaleString("en")} × ${cols}, K = ${K}`,
  );
  console.log(`${"NaiveBayes.fit + predict (SparseMatrix)".padEnd(52)} ${t.nb.cpu.toFixed(1).padStart(8)} ms CPU`);
  console.log(`${"one full-covariance EM iteration".padEnd(52)} ${perIteration.cpu.toFixed(1).padStart(8)} ms CPU`);
  const sk = timeSklearn(S, y, X, mu, cov, { docs, vocab, rows, cols, K }, runs);
  if (sk === null) {
    console.log("(scikit-learn not found at /usr/bin/python3: skipped the comparison)");
    return;
  }
  const line = (name: string, ours: number, theirs: number): void =>
    console.log(
      `${name.padEnd(52)} ${ours.toFixed(1).padStart(8)} ms  sklearn ${theirs.toFixed(1).padStart(8)} ms  ${speed(ours, theirs, 2)}  ${ours <= theirs ? "ok" : "short of the goal (at least as fast)"}`,
    );
  line("  vs MultinomialNB fit + predict, CPU", t.nb.cpu, sk.nb.cpu);
  line("  vs MultinomialNB fit + predict, wall", t.nb.wall, sk.nb.wall);
  line("  one iteration vs GaussianMixture(full) _e_step + _m_step, CPU", perIteration.cpu, sk.iteration.cpu);
  line("  one iteration vs GaussianMixture(full), wall (1 thread)", perIteration.wall, sk.iteration.wall);
}
