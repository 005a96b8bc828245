// chiSquareTest against scipy.stats.chisquare, per call, for k = 10 to 10⁵ cells, on the same
// counts (scipy in a child process, when /usr/bin/python3 has it). Goal: at least as fast at
// every k. The per-call cost of scipy (~0.1–0.5 ms of Python and argument handling) dominates
// its small k; ours is the passes over the cells (copy and check, then one fused loop) and the
// χ² survival function.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chiSquareTest, createRng, Poisson } from "../src/index.js";
import { sideBySide, speed } from "./harness.js";

const PYTHON = "/usr/bin/python3";
const SCIPY_SCRIPT = String.raw`
import json, sys, time
import numpy as np
from scipy import stats
path, runs = sys.argv[1], int(sys.argv[2])
out = {}
for k in map(int, sys.argv[3:]):
    obs = np.fromfile(f"{path}.{k}.o", dtype=np.float64)
    exp = np.fromfile(f"{path}.{k}.e", dtype=np.float64)
    repeat = max(1, 20000 // k)
    stats.chisquare(obs, exp)
    best = float("inf")
    for _ in range(runs):
        s = time.process_time()
        for _ in range(repeat):
            r = stats.chisquare(obs, exp)
        best = min(best, (time.process_time() - s) / repeat)
    out[k] = {"ms": best * 1000, "statistic": float(r.statistic)}
print(json.dumps(out))
`;

export function runChiSquareBench(opts: { quick: boolean }): void {
  const ks = opts.quick ? [10, 1000, 100_000] : [10, 100, 1000, 10_000, 100_000];
  const runs = opts.quick ? 3 : 7;
  console.log(`\nchiSquareTest(observed, expected) per call against scipy.stats.chisquare (CPU, best of ${runs})`);
  const problems = ks.map((k) => {
    // Counts of k cells around 20 each, against the equal expected counts.
    const observed = new Poisson(20).sample(createRng(k), k);
    let total = 0;
    for (const o of observed) total += o;
    return { k, observed, expected: new Float64Array(k).fill(total / k) };
  });
  const ours = problems.map(({ k, observed, expected }) => {
    const t = sideBySide({ typed: () => chiSquareTest(observed, expected) }, runs, Math.max(1, Math.floor(20_000 / k)));
    return t.typed.cpu;
  });
  const scipy = timeScipy(problems, runs);
  problems.forEach(({ k, observed, expected }, i) => {
    const mine = ours[i]!;
    const label = `k = ${k.toLocaleString("en")}`.padEnd(14);
    if (scipy === null) {
      console.log(`  ${label} ptheta ${(mine * 1000).toFixed(1).padStart(9)} µs`);
      return;
    }
    const theirs = scipy[k]!;
    const same = Math.abs(chiSquareTest(observed, expected).statistic - theirs.statistic) <= 1e-12 * theirs.statistic;
    const verdict = mine <= theirs.ms ? "ok" : "slower than scipy (goal: at least as fast)";
    console.log(
      `  ${label} ptheta ${(mine * 1000).toFixed(1).padStart(9)} µs  scipy ${(theirs.ms * 1000).toFixed(1).padStart(9)} µs  ${speed(mine, theirs.ms)}  ${verdict}${same ? "" : "  (statistics differ!)"}`,
    );
  });
  if (scipy === null) console.log("  (scipy not found at /usr/bin/python3: skipped the comparison)");
}

function timeScipy(
  problems: Array<{ k: number; observed: Float64Array; expected: Float64Array }>,
  runs: number,
): Record<number, { ms: number; statistic: number }> | null {
  if (!existsSync(PYTHON) || spawnSync(PYTHON, ["-c", "import scipy"], { stdio: "ignore" }).status !== 0) return null;
  const dir = mkdtempSync(join(tmpdir(), "ptheta-bench-chi-"));
  try {
    const path = join(dir, "counts");
    const bytes = (a: Float64Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (const { k, observed, expected } of problems) {
      writeFileSync(`${path}.${k}.o`, bytes(observed));
      writeFileSync(`${path}.${k}.e`, bytes(expected));
    }
    const r = spawnSync(PYTHON, ["-c", SCIPY_SCRIPT, path, String(runs), ...problems.map((p) => String(p.k))], {
      encoding: "utf8",
    });
    if (r.status !== 0) return null;
    return JSON.parse(r.stdout) as Record<number, { ms: number; statistic: number }>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
