// Timing helpers shared by the benchmarks: best-of-N wall time after a warm-up, and one
// printed line per figure as a ratio against the hand-written loop measured in the same process.

/** Best (minimum) time in ms over `runs` calls after one warm-up; the result is kept live. */
export function time(fn: () => unknown, runs: number): number {
  let sink: unknown = fn();
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    sink = fn();
    best = Math.min(best, performance.now() - start);
  }
  if (sink === Symbol.for("never")) console.log(sink);
  return best;
}

/** Prints `name  ours ms  hand ms  ratio` and returns the ratio. */
export function report(name: string, ours: number, hand: number, target: number): number {
  const ratio = ours / hand;
  const verdict = ratio <= target ? "ok" : `over the ${target}× target`;
  console.log(
    `${name.padEnd(52)} ${ours.toFixed(1).padStart(8)} ms  hand loop ${hand.toFixed(1).padStart(8)} ms  ratio ${ratio.toFixed(2)}×  ${verdict}`,
  );
  return ratio;
}

/** `--quick` on the command line: a smoke run with smaller inputs and fewer repetitions. */
export const quick = process.argv.includes("--quick");
