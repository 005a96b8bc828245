// Joint families (issue 17): MultivariateGaussian.logLikelihood of 10⁶ rows × 10 columns against
// a hand loop with a precomputed Cholesky factor (goal: within 1.3×), and against
// scipy.stats.multivariate_normal.logpdf on the same bytes when /usr/bin/python3 has scipy
// (timed in a child process during the same run). `quick` uses 10⁵ rows.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng, MultivariateGaussian } from "../src/index.js";
import { report, sideBySide, speed, type Timing } from "./harness.js";

const PYTHON = "/usr/bin/python3";
const SCIPY_SCRIPT = String.raw`
import json, sys, time
import numpy as np
from scipy.stats import multivariate_normal
path, rows, cols, runs = sys.argv[1], *map(int, sys.argv[2:5])
X = np.fromfile(path + ".x", dtype=np.float64).reshape(rows, cols)
mu = np.fromfile(path + ".m", dtype=np.float64)
cov = np.fromfile(path + ".c", dtype=np.float64).reshape(cols, cols)
def f():
    return multivariate_normal(mean=mu, cov=cov).logpdf(X).sum()
value = f()
wall = cpu = float("inf")
for _ in range(runs):
    s, c = time.perf_counter(), time.process_time()
    f()
    wall, cpu = min(wall, time.perf_counter() - s), min(cpu, time.process_time() - c)
print(json.dumps({"wall": wall * 1000, "cpu": cpu * 1000, "value": float(value)}))
`;

function timeScipy(X: Float64Array, mean: Float64Array, cov: Float64Array, rows: number, cols: number, runs: number) {
  if (!existsSync(PYTHON) || spawnSync(PYTHON, ["-c", "import scipy"], { stdio: "ignore" }).status !== 0) return null;
  const dir = mkdtempSync(join(tmpdir(), "ptheta-bench-"));
  try {
    const path = join(dir, "data");
    const bytes = (a: Float64Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    writeFileSync(path + ".x", bytes(X));
    writeFileSync(path + ".m", bytes(mean));
    writeFileSync(path + ".c", bytes(cov));
    const r = spawnSync(PYTHON, ["-c", SCIPY_SCRIPT, path, String(rows), String(cols), String(runs)], {
      encoding: "utf8",
    });
    if (r.status !== 0) {
      console.log(`  scipy run failed: ${r.stderr.trim().split("\n").pop() ?? ""}`);
      return null;
    }
    return JSON.parse(r.stdout) as Timing & { value: number };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The lower Cholesky factor of a d × d SPD matrix, row-major: the hand loop's precomputation. */
function cholesky(a: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j]!;
      for (let k = 0; k < j; k++) s -= l[i * d + k]! * l[j * d + k]!;
      l[i * d + j] = i === j ? Math.sqrt(s) : s / l[j * d + j]!;
    }
  }
  return l;
}

/** Runs the joint-family benchmark and prints one line per figure. */
export function runJointBench(opts: { quick: boolean }): void {
  const rows = opts.quick ? 100_000 : 1_000_000;
  const d = 10;
  const runs = opts.quick ? 3 : 5;
  const rng = createRng(17);
  // A random SPD covariance: A Aᵀ / d + I.
  const a = Float64Array.from({ length: d * d }, () => rng.next() * 2 - 1);
  const cov = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = i === j ? 1 : 0;
      for (let k = 0; k < d; k++) s += (a[i * d + k]! * a[j * d + k]!) / d;
      cov[i * d + j] = s;
    }
  }
  const mean = Float64Array.from({ length: d }, (_, j) => j - 4.5);
  const g = new MultivariateGaussian(mean, { data: cov, rows: d, cols: d });
  const X = g.sample(createRng(5), rows);
  console.log(`\nMultivariateGaussian.logLikelihood, ${rows.toLocaleString("en")} × ${d} (best of ${runs}, CPU time)`);

  const l = cholesky(cov, d);
  let logDet = 0;
  for (let i = 0; i < d; i++) logDet += 2 * Math.log(l[i * d + i]!);
  const c = -0.5 * (d * Math.log(2 * Math.PI) + logDet);
  const z = new Float64Array(d);
  const data = X.data;
  const hand = (): number => {
    let sum = 0;
    for (let r = 0, o = 0; r < rows; r++, o += d) {
      let q = 0;
      for (let i = 0; i < d; i++) {
        let s = data[o + i]! - mean[i]!;
        for (let k = 0; k < i; k++) s -= l[i * d + k]! * z[k]!;
        const v = s / l[i * d + i]!;
        z[i] = v;
        q += v * v;
      }
      sum += c - 0.5 * q;
    }
    return sum;
  };
  const t = sideBySide({ ours: () => g.logLikelihood(X), hand }, runs);
  report("MultivariateGaussian.logLikelihood (d = 10)", t.ours.cpu, t.hand.cpu, 1.3);
  const diff = Math.abs(g.logLikelihood(X) - hand()) / Math.abs(hand());
  const sp = timeScipy(data, mean, cov, rows, d, runs);
  if (sp === null) {
    console.log("(scipy not found at /usr/bin/python3: skipped the comparison)");
    return;
  }
  console.log(
    `${"  vs scipy multivariate_normal.logpdf().sum()".padEnd(52)} ${t.ours.wall.toFixed(1).padStart(8)} ms  scipy ${sp.wall.toFixed(1).padStart(8)} ms (wall)  ${speed(t.ours.wall, sp.wall, 2)}`,
  );
  console.log(
    `  (same result: relative difference ${(Math.abs(g.logLikelihood(X) - sp.value) / Math.abs(sp.value)).toExponential(1)} from scipy, ${diff.toExponential(1)} from the hand loop)`,
  );
}
