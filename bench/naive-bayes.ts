// Naive Bayes fit and predictLogProba against hand-written typed-array loops that compute the
// same model and the same posteriors, and against scikit-learn on the same data when
// /usr/bin/python3 has it (timed in a child process during the same run).
//
// Gaussian NB: 200 000 × 50, 5 classes. Bernoulli NB: 200 000 × 200 of 0/1, 2 classes
// (binarize: null, as scikit-learn's BernoulliNB(binarize=None)). `quick` uses 1/20 of the rows.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng, NaiveBayes, type NaiveBayesOptions } from "../src/index.js";
import { report, speed, time } from "./harness.js";

interface Shape {
  rows: number;
  cols: number;
  classes: number;
}

/** Gaussian data: class c has feature means c + j/cols and unit-ish spread. */
function gaussianData(s: Shape): { X: Float64Array; y: Int32Array } {
  const rng = createRng(11);
  const X = new Float64Array(s.rows * s.cols);
  const y = new Int32Array(s.rows);
  for (let i = 0; i < s.rows; i++) {
    const c = Math.floor(rng.next() * s.classes);
    y[i] = c;
    for (let j = 0; j < s.cols; j++) X[i * s.cols + j] = c + j / s.cols + 2 * (rng.next() - 0.5) * (1 + (j % 3));
  }
  return { X, y };
}

/** 0/1 data: feature j is 1 with a probability that depends on the class. */
function binaryData(s: Shape): { X: Float64Array; y: Int32Array } {
  const rng = createRng(12);
  const X = new Float64Array(s.rows * s.cols);
  const y = new Int32Array(s.rows);
  for (let i = 0; i < s.rows; i++) {
    const c = Math.floor(rng.next() * s.classes);
    y[i] = c;
    for (let j = 0; j < s.cols; j++) X[i * s.cols + j] = rng.next() < 0.2 + (0.6 * ((j * (c + 1)) % 7)) / 7 ? 1 : 0;
  }
  return { X, y };
}

// ---- Hand-written loops: the same model, no validation, no abstraction. ----

function handGaussianFit(
  X: Float64Array,
  y: Int32Array,
  s: Shape,
): { mean: Float64Array; halfInv: Float64Array; norm: Float64Array } {
  const { rows, cols, classes } = s;
  const count = new Float64Array(classes);
  const mean = new Float64Array(classes * cols);
  for (let i = 0; i < rows; i++) {
    const p = y[i]! * cols;
    count[y[i]!] = count[y[i]!]! + 1;
    for (let j = 0; j < cols; j++) mean[p + j] = mean[p + j]! + X[i * cols + j]!;
  }
  for (let c = 0; c < classes; c++) for (let j = 0; j < cols; j++) mean[c * cols + j] = mean[c * cols + j]! / count[c]!;
  const m2 = new Float64Array(classes * cols);
  for (let i = 0; i < rows; i++) {
    const p = y[i]! * cols;
    for (let j = 0; j < cols; j++) {
      const e = X[i * cols + j]! - mean[p + j]!;
      m2[p + j] = m2[p + j]! + e * e;
    }
  }
  // ε = 1e-9 × the largest variance over all rows.
  let maxVar = 0;
  for (let j = 0; j < cols; j++) {
    let g = 0;
    for (let c = 0; c < classes; c++) g += count[c]! * mean[c * cols + j]!;
    g /= rows;
    let v = 0;
    for (let c = 0; c < classes; c++) v += m2[c * cols + j]! + count[c]! * (mean[c * cols + j]! - g) ** 2;
    maxVar = Math.max(maxVar, v / rows);
  }
  const halfInv = new Float64Array(classes * cols);
  const norm = new Float64Array(classes);
  for (let c = 0; c < classes; c++) {
    let sum = Math.log(count[c]! / rows);
    for (let j = 0; j < cols; j++) {
      const v = m2[c * cols + j]! / count[c]! + 1e-9 * maxVar;
      halfInv[c * cols + j] = 0.5 / v;
      sum -= 0.5 * Math.log(2 * Math.PI * v);
    }
    norm[c] = sum;
  }
  return { mean, halfInv, norm };
}

function handGaussianLogProba(
  X: Float64Array,
  m: ReturnType<typeof handGaussianFit>,
  s: Shape,
  out: Float64Array,
): Float64Array {
  const { rows, cols, classes } = s;
  for (let i = 0; i < rows; i++) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      let acc = 0;
      for (let j = 0; j < cols; j++) {
        const e = X[i * cols + j]! - m.mean[c * cols + j]!;
        acc += e * e * m.halfInv[c * cols + j]!;
      }
      const v = m.norm[c]! - acc;
      out[i * classes + c] = v;
      if (v > max) max = v;
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(out[i * classes + c]! - max);
    const lse = max + Math.log(sum);
    for (let c = 0; c < classes; c++) out[i * classes + c] = out[i * classes + c]! - lse;
  }
  return out;
}

function handBernoulliFit(X: Float64Array, y: Int32Array, s: Shape): { delta: Float64Array; base: Float64Array } {
  const { rows, cols, classes } = s;
  const count = new Float64Array(classes);
  const ones = new Float64Array(classes * cols);
  for (let i = 0; i < rows; i++) {
    const p = y[i]! * cols;
    count[y[i]!] = count[y[i]!]! + 1;
    for (let j = 0; j < cols; j++) ones[p + j] = ones[p + j]! + X[i * cols + j]!;
  }
  const delta = new Float64Array(classes * cols);
  const base = new Float64Array(classes);
  for (let c = 0; c < classes; c++) {
    let sum = Math.log(count[c]! / rows);
    for (let j = 0; j < cols; j++) {
      const n1 = ones[c * cols + j]!;
      const den = Math.log(count[c]! + 2);
      const lp = Math.log(n1 + 1) - den;
      const lq = Math.log(count[c]! - n1 + 1) - den;
      delta[c * cols + j] = lp - lq;
      sum += lq;
    }
    base[c] = sum;
  }
  return { delta, base };
}

function handBernoulliLogProba(
  X: Float64Array,
  m: ReturnType<typeof handBernoulliFit>,
  s: Shape,
  out: Float64Array,
): Float64Array {
  const { rows, cols, classes } = s;
  for (let i = 0; i < rows; i++) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      let acc = m.base[c]!;
      for (let j = 0; j < cols; j++) acc += X[i * cols + j]! * m.delta[c * cols + j]!;
      out[i * classes + c] = acc;
      if (acc > max) max = acc;
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(out[i * classes + c]! - max);
    const lse = max + Math.log(sum);
    for (let c = 0; c < classes; c++) out[i * classes + c] = out[i * classes + c]! - lse;
  }
  return out;
}

// ---- scikit-learn, in a child process, on the same bytes. ----

const PYTHON = "/usr/bin/python3";
const SKLEARN_SCRIPT = String.raw`
import json, sys, time
import numpy as np
from sklearn.naive_bayes import GaussianNB, BernoulliNB
kind, path, rows, cols, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
X = np.fromfile(path + ".x", dtype=np.float64).reshape(rows, cols)
y = np.fromfile(path + ".y", dtype=np.int32)
def best(f):
    f()
    t = float("inf")
    for _ in range(runs):
        s = time.perf_counter(); f(); t = min(t, time.perf_counter() - s)
    return t * 1000
model = GaussianNB() if kind == "gaussian" else BernoulliNB(binarize=None)
fit = best(lambda: model.fit(X, y))
pred = best(lambda: model.predict_log_proba(X))
print(json.dumps({"fit": fit, "predict": pred}))
`;

function sklearnAvailable(): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ["-c", "import sklearn"], { stdio: "ignore" }).status === 0;
}

function timeSklearn(
  kind: string,
  X: Float64Array,
  y: Int32Array,
  s: Shape,
  runs: number,
): { fit: number; predict: number } | null {
  const dir = mkdtempSync(join(tmpdir(), "ptheta-bench-"));
  try {
    const path = join(dir, "data");
    writeFileSync(path + ".x", new Uint8Array(X.buffer, X.byteOffset, X.byteLength));
    writeFileSync(path + ".y", new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
    const r = spawnSync(PYTHON, ["-c", SKLEARN_SCRIPT, kind, path, String(s.rows), String(s.cols), String(runs)], {
      encoding: "utf8",
      maxBuffer: 1 << 20,
    });
    if (r.status !== 0) {
      console.log(`  scikit-learn run failed: ${r.stderr.trim().split("\n").pop() ?? ""}`);
      return null;
    }
    return JSON.parse(r.stdout) as { fit: number; predict: number };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function versus(name: string, ours: number, theirs: number, goal: number): void {
  const speedup = theirs / ours;
  const verdict = speedup >= goal ? "ok" : `short of the goal, ${goal}× faster`;
  console.log(
    `${name.padEnd(52)} ${ours.toFixed(1).padStart(8)} ms  sklearn   ${theirs.toFixed(1).padStart(8)} ms  ${speed(ours, theirs, 2)}  ${verdict}`,
  );
}

/** One model kind's benchmark: its data, our options, and the hand loops it is measured against. */
interface Case<M> {
  kind: "gaussian" | "bernoulli";
  title: string;
  shape: Shape;
  data: { X: Float64Array; y: Int32Array };
  options: NaiveBayesOptions<number>;
  handFit(X: Float64Array, y: Int32Array, s: Shape): M;
  handLogProba(X: Float64Array, model: M, s: Shape, out: Float64Array): void;
  sklearnName: string;
  /** scikit-learn speed-up goals for fit and predict_log_proba. */
  goals: [number, number];
}

function runCase<M>(c: Case<M>, runs: number, withSklearn: boolean): void {
  const { shape: s, data } = c;
  console.log(`\n${c.title}, ${s.rows.toLocaleString("en")} × ${s.cols}, ${s.classes} classes (best of ${runs})`);
  const Xm = { data: data.X, rows: s.rows, cols: s.cols };
  const out = new Float64Array(s.rows * s.classes);
  const handOut = new Float64Array(s.rows * s.classes);
  const fit = time(() => NaiveBayes.fit(Xm, data.y, c.options), runs);
  report(
    `NaiveBayes.fit (${c.kind})`,
    fit,
    time(() => c.handFit(data.X, data.y, s), runs),
    1.3,
  );
  const nb = NaiveBayes.fit(Xm, data.y, c.options);
  const hand = c.handFit(data.X, data.y, s);
  const pred = time(() => nb.predictLogProba(Xm, out), runs);
  const predHand = time(() => c.handLogProba(data.X, hand, s, handOut), runs);
  report(`NaiveBayes.predictLogProba (${c.kind}, out buffer)`, pred, predHand, 1.3);
  let diff = 0;
  for (let i = 0; i < out.length; i++) diff = Math.max(diff, Math.abs(out[i]! - handOut[i]!));
  if (diff > 1e-6) console.log(`  warning: ours and the hand loop differ by ${diff}`);
  const sk = withSklearn ? timeSklearn(c.kind, data.X, data.y, s, runs) : null;
  if (sk !== null) {
    versus(`  vs scikit-learn ${c.sklearnName}.fit`, fit, sk.fit, c.goals[0]);
    versus(`  vs scikit-learn ${c.sklearnName}.predict_log_proba`, pred, sk.predict, c.goals[1]);
  }
}

/**
 * Runs the Naive Bayes benchmarks and prints one line per figure: ours against the hand loop
 * (target ≤ 1.3×), and against scikit-learn when it is installed.
 */
export function runNaiveBayesBench(opts: { quick: boolean }): void {
  const scale = opts.quick ? 20 : 1;
  const runs = opts.quick ? 10 : 5; // quick inputs are small: more runs let the JIT warm up
  const withSklearn = sklearnAvailable();
  const g: Shape = { rows: 200_000 / scale, cols: 50, classes: 5 };
  runCase(
    {
      kind: "gaussian",
      title: "Gaussian Naive Bayes",
      shape: g,
      data: gaussianData(g),
      options: { features: "gaussian" },
      handFit: handGaussianFit,
      handLogProba: handGaussianLogProba,
      sklearnName: "GaussianNB",
      goals: [3, 2],
    },
    runs,
    withSklearn,
  );
  const b: Shape = { rows: 200_000 / scale, cols: 200, classes: 2 };
  runCase(
    {
      kind: "bernoulli",
      title: "Bernoulli Naive Bayes (0/1 data)",
      shape: b,
      data: binaryData(b),
      options: { features: "bernoulli", binarize: null },
      handFit: handBernoulliFit,
      handLogProba: handBernoulliLogProba,
      sklearnName: "BernoulliNB",
      goals: [1, 1],
    },
    runs,
    withSklearn,
  );
  if (!withSklearn) console.log("(scikit-learn not found at /usr/bin/python3: skipped the comparison)");
}

// Run directly: npx tsx bench/naive-bayes.ts [--quick]
if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  runNaiveBayesBench({ quick: process.argv.includes("--quick") });
}
