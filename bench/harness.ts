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

/**
 * How our time compares with theirs in words: "1.8× faster" or "1.3× slower", the factor always
 * ≥ 1 (a ratio below 1 next to "faster", as in "0.55× faster", reads as its opposite).
 */
export function speed(ours: number, theirs: number, digits = 1): string {
  if (!(ours > 0 && theirs > 0)) return "too fast to compare";
  return ours <= theirs ? `${(theirs / ours).toFixed(digits)}× faster` : `${(ours / theirs).toFixed(digits)}× slower`;
}

/** Prints `name  ours ms  hand ms  time ratio (… faster/slower)` and returns the time ratio. */
export function report(name: string, ours: number, hand: number, target: number): number {
  const ratio = ours / hand;
  const verdict = ratio <= target ? "ok" : `over the ${target}× target`;
  console.log(
    `${name.padEnd(52)} ${ours.toFixed(1).padStart(8)} ms  hand loop ${hand.toFixed(1).padStart(8)} ms  time ratio ${ratio.toFixed(2)} (${speed(ours, hand, 2)})  ${verdict}`,
  );
  return ratio;
}

/** Best CPU time and best wall time in ms of one function, from {@link sideBySide}. */
export interface Timing {
  /** User + system CPU time of the process (what another process's load does not inflate). */
  cpu: number;
  /** Wall time (what a user waits for; what a multi-threaded peer is fairly judged by). */
  wall: number;
}

/**
 * Best CPU and wall time in ms of each function over `runs` rounds after a warm-up, the functions
 * taking turns within each round so that a change in the machine's load hits them alike (the
 * ratios are what count). `repeat` calls make one timed sample (for calls well under a
 * millisecond; the time is then per call).
 */
export function sideBySide<K extends string>(
  fns: Record<K, () => unknown>,
  runs: number,
  repeat = 1,
): Record<K, Timing> {
  const names = Object.keys(fns) as K[];
  const best = {} as Record<K, Timing>;
  let sink: unknown;
  for (const k of names) {
    for (let j = 0; j < repeat; j++) sink = fns[k]();
    best[k] = { cpu: Infinity, wall: Infinity };
  }
  for (let r = 0; r < runs; r++) {
    for (const k of names) {
      const f = fns[k];
      const cpu0 = process.cpuUsage();
      const wall0 = performance.now();
      for (let j = 0; j < repeat; j++) sink = f();
      const wall = (performance.now() - wall0) / repeat;
      const used = process.cpuUsage(cpu0);
      const b = best[k];
      b.cpu = Math.min(b.cpu, (used.user + used.system) / 1000 / repeat);
      b.wall = Math.min(b.wall, wall);
    }
  }
  if (sink === Symbol.for("never")) console.log(sink);
  return best;
}

/** `--quick` on the command line: a smoke run with smaller inputs and fewer repetitions. */
export const quick = process.argv.includes("--quick");
