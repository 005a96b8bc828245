// Sampling at the speed of the generator: each sampler against n bare uniforms from the same
// generator (a hand loop that only calls rng.next()), measured side by side in one run, and the
// normal sampler against numpy's Generator.standard_normal (in a child process, when Debian's
// python3-numpy is at /usr/bin/python3). Goals: normals ≤ 2× the uniforms, with a fresh
// createRng per call and with a reused one; Bernoulli, Categorical (alias table) and Poisson
// ≤ 1.5×; normals faster than numpy. The hand loop is a function taking the rng and the
// buffer as parameters, as a user writes it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import xor4096 from "seedrandom/lib/xor4096.js";
import * as ptheta from "../src/index.js";
import { Bernoulli, Categorical, createRng, Gaussian, type Rng } from "../src/index.js";
import { speed } from "./harness.js";

/** n bare uniforms into out: the floor every sampler is measured against. */
function uniforms(rng: Rng, out: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) out[i] = rng.next();
  return out;
}

/** n 32-bit words from seedrandom's own xor4096 (for scale: the generator's raw cost). */
function seedrandomWords(prng: { int32(): number }, out: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) out[i] = prng.int32();
  return out;
}

/** n doubles from seedrandom's own xor4096 `double()` (two words each; ptheta's old rng). */
function seedrandomDoubles(prng: { double(): number }, out: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) out[i] = prng.double();
  return out;
}

/** Prints `name  ours ms  base ms  time ratio (… faster/slower)` against a goal on the ratio. */
function line(name: string, ours: number, base: number, baseName: string, goal: number): void {
  const ratio = ours / base;
  const verdict = ratio <= goal ? "ok" : `over the ${goal}× goal`;
  console.log(
    `${name.padEnd(50)} ${ours.toFixed(1).padStart(7)} ms  ${baseName} ${base.toFixed(1).padStart(7)} ms  time ratio ${ratio.toFixed(2)} (${speed(ours, base, 2)})  ${verdict}`,
  );
}

const PYTHON = "/usr/bin/python3";
const NUMPY_SCRIPT = String.raw`
import json, sys, time
import numpy as np
n, runs = int(sys.argv[1]), int(sys.argv[2])
def best(f):
    f()
    t = float("inf")
    for _ in range(runs):
        s = time.process_time(); f(); t = min(t, time.process_time() - s)
    return t * 1000
gen = np.random.default_rng(7)
out = np.empty(n)
res = {
    "fresh": best(lambda: np.random.default_rng(7).standard_normal(n)),
    "reused": best(lambda: gen.standard_normal(n, out=out)),
    "uniform": best(lambda: gen.random(n, out=out)),
    "legacy": best(lambda: np.random.RandomState(7).standard_normal(n)),
}
try:  # numpy asks the kernel for huge pages on large arrays; V8 can't: show the difference
    np.core.multiarray._set_madvise_hugepage(False)
    res["freshSmallPages"] = best(lambda: np.random.default_rng(7).standard_normal(n))
except Exception:
    pass
print(json.dumps(res))
`;

interface NumpyTimes {
  fresh: number;
  reused: number;
  uniform: number;
  legacy: number;
  freshSmallPages?: number;
}

/** numpy's standard_normal (ziggurat on PCG64), legacy and uniforms, best of `runs`, or null. */
function timeNumpy(n: number, runs: number): NumpyTimes | null {
  if (!existsSync(PYTHON)) return null;
  const r = spawnSync(PYTHON, ["-c", NUMPY_SCRIPT, String(n), String(runs)], { encoding: "utf8" });
  if (r.status !== 0) return null;
  return JSON.parse(r.stdout) as NumpyTimes;
}

interface Sampler {
  sample(rng: Rng, n: number, out?: Float64Array): Float64Array;
}

/** Poisson, once another module exports it (this bench doesn't depend on it existing). */
function poisson(rate: number): Sampler | null {
  const P = (ptheta as unknown as Record<string, unknown>)["Poisson"];
  return typeof P === "function" ? (new (P as new (rate: number) => Sampler)(rate) as Sampler) : null;
}

/**
 * Best time in ms of each function over `runs` rounds, the functions taking turns within each
 * round so that a change in the machine's load hits them alike (the ratios are what count).
 * Times are the process's CPU time (user + system, so page faults and GC threads count), which
 * another process on a busy machine does not inflate as it does wall time; numpy is timed the
 * same way (time.process_time).
 */
function sideBySide<K extends string>(fns: Record<K, () => unknown>, runs: number): Record<K, number> {
  const names = Object.keys(fns) as K[];
  const best = {} as Record<K, number>;
  let sink: unknown;
  for (const k of names) {
    sink = fns[k]();
    best[k] = Infinity;
  }
  for (let r = 0; r < runs; r++) {
    for (const k of names) {
      const start = process.cpuUsage();
      sink = fns[k]();
      const used = process.cpuUsage(start);
      best[k] = Math.min(best[k], (used.user + used.system) / 1000);
    }
  }
  if (sink === Symbol.for("never")) console.log(sink);
  return best;
}

export function runSamplingBench(opts: { quick: boolean }): void {
  const n = opts.quick ? 1_000_000 : 10_000_000;
  const runs = opts.quick ? 3 : 7;
  console.log(`\nSampling, n = ${n.toLocaleString("en")} draws against n bare uniforms (best of ${runs})`);
  let seed = 1;

  // A fresh createRng per call and a new array per call: the one-liner users write.
  const fresh = sideBySide(
    {
      normals: () => new Gaussian(0, 1).sample(createRng(seed++), n),
      uniforms: () => uniforms(createRng(seed++), new Float64Array(n), n),
    },
    runs,
  );
  line("Gaussian(0, 1).sample(createRng(seed), n)", fresh.normals, fresh.uniforms, "uniforms", 2);

  // One generator and one buffer reused across calls.
  const rng = createRng(7);
  const out = new Float64Array(n);
  const g = new Gaussian(0, 1);
  const b = new Bernoulli(0.3);
  const c = new Categorical([0.05, 0.1, 0.2, 0.3, 0.15, 0.08, 0.04, 0.03, 0.03, 0.02]);
  const p3 = poisson(3);
  const p300 = poisson(300);
  const fns = {
    uniforms: () => uniforms(rng, out, n),
    normals: () => g.sample(rng, n, out),
    bernoulli: () => b.sample(rng, n, out),
    categorical: () => c.sample(rng, n, out),
    poisson3: () => p3?.sample(rng, n, out),
    poisson300: () => p300?.sample(rng, n, out),
    // For scale: the generator itself, one 32-bit word and seedrandom's double() (two words).
    words: () => seedrandomWords(xor4096("7"), out, n),
    doubles: () => seedrandomDoubles(xor4096("7"), out, n),
  };
  const t = sideBySide(fns, runs);
  line("Gaussian(0, 1).sample(rng, n, out)", t.normals, t.uniforms, "uniforms", 2);
  line("Bernoulli(0.3).sample(rng, n, out)", t.bernoulli, t.uniforms, "uniforms", 1.5);
  line("Categorical(K = 10).sample(rng, n, out) (alias)", t.categorical, t.uniforms, "uniforms", 1.5);
  if (p3 !== null && p300 !== null) {
    line("Poisson(3).sample(rng, n, out)", t.poisson3, t.uniforms, "uniforms", 1.5);
    line("Poisson(300).sample(rng, n, out)", t.poisson300, t.uniforms, "uniforms", 1.5);
  } else console.log("  (Poisson is not exported yet: skipped)");
  console.log(
    `  (for scale: seedrandom's own xor4096: int32() ${t.words.toFixed(1)} ms, double() ${t.doubles.toFixed(1)} ms per n)`,
  );

  const numpy = timeNumpy(n, runs);
  if (numpy === null) {
    console.log("  (numpy not found at /usr/bin/python3: skipped the comparison)");
    return;
  }
  // numpy runs in a child process after ours, on the same machine, timed the same way.
  line("  vs numpy default_rng(seed).standard_normal(n)", fresh.normals, numpy.fresh, "numpy", 1);
  if (numpy.freshSmallPages !== undefined) {
    console.log(
      `  (numpy's new arrays get huge pages (madvise), V8's don't; with 4 kB pages numpy takes ${numpy.freshSmallPages.toFixed(1)} ms)`,
    );
  }
  line("  vs numpy Generator.standard_normal(n, out=out)", t.normals, numpy.reused, "numpy", 1);
  line("  vs numpy RandomState(seed).standard_normal(n) (legacy)", fresh.normals, numpy.legacy, "numpy", 1);
  console.log(`  (for scale: numpy Generator.random(n, out=out) ${numpy.uniform.toFixed(1)} ms)`);
}

// Run directly: npx tsx bench/sampling.ts [--quick]
if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  runSamplingBench({ quick: process.argv.includes("--quick") });
}
