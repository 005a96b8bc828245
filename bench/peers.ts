// ptheta beside the JavaScript libraries it replaces, on the same data in one process. Peers
// take plain arrays (jStat and simple-statistics need them); ptheta takes the same values in a
// Float64Array, as its users would pass them.
import jstat from "jstat"; // CommonJS: its one export, jStat, comes through the default import
import * as ss from "simple-statistics";
import { createRng, Gaussian } from "../src/index.js";
import { speed, time } from "./harness.js";

const { jStat } = jstat;

function line(task: string, ours: number, peer: string, theirs: number): void {
  console.log(
    `${task.padEnd(40)} ptheta ${ours.toFixed(1).padStart(7)} ms  ${peer.padEnd(18)} ${theirs.toFixed(1).padStart(8)} ms  ${speed(ours, theirs)}`,
  );
}

export function runPeerBench(opts: { quick: boolean }): void {
  const n = opts.quick ? 100_000 : 1_000_000;
  const runs = opts.quick ? 3 : 5;
  console.log(`\nAgainst the JavaScript peers, n = ${n.toLocaleString("en")} (best of ${runs})`);
  const g = new Gaussian(3, 2);
  const typed = g.sample(createRng(3), n);
  const plain = Array.from(typed);

  const ll = time(() => g.logLikelihood(typed), runs);
  line(
    "Σ log N(x | 3, 2)",
    ll,
    "jStat (log ∘ pdf)",
    time(() => plain.reduce((s, x) => s + Math.log(jStat.normal.pdf(x, 3, 2)), 0), runs),
  );

  const fit = time(() => Gaussian.fit(typed), runs);
  line(
    "MLE mean and std",
    fit,
    "jStat",
    time(() => [jStat.mean(plain), jStat.stdev(plain)], runs),
  );
  line(
    "MLE mean and std",
    fit,
    "simple-statistics",
    time(() => [ss.mean(plain), ss.standardDeviation(plain)], runs),
  );

  const cdf = time(() => {
    let s = 0;
    for (let i = 0; i < typed.length; i++) s += g.cdf(typed[i]!);
    return s;
  }, runs);
  line(
    "cdf at n points",
    cdf,
    "jStat",
    time(() => plain.reduce((s, x) => s + jStat.normal.cdf(x, 3, 2), 0), runs),
  );

  const out = new Float64Array(n);
  const draws = time(() => g.sample(createRng(9), n, out), runs);
  line(
    "n normal draws (ptheta seeded)",
    draws,
    "jStat (Math.random)",
    time(() => {
      for (let i = 0; i < n; i++) out[i] = jStat.normal.sample(3, 2);
      return out;
    }, runs),
  );
}
