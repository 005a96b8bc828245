/** Shared helpers of the model tests: relative errors, the worst error per check, and row tools. */
import { expect } from "vitest";

/** |a − b| / |b|; 0 when they are equal (zeros and infinities included). */
export function rel(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.abs(b);
}

/** The largest {@link rel} over two arrays of the same length (Infinity when the lengths differ). */
export function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const e = rel(a[i]!, b[i]!);
    if (!(e <= m)) m = e; // a NaN error is kept, so it fails every bound
  }
  return m;
}

/**
 * The largest relative error seen per label across a test file, printed by {@link reportWorst}
 * so that the measured agreement is visible in the test output.
 */
export class Worst {
  private readonly errors = new Map<string, number>();

  /** Records `maxRel(actual, expected)` under `label` and checks it is at most `bound`. */
  check(label: string, actual: ArrayLike<number>, expected: ArrayLike<number>, bound: number): void {
    expect(actual.length, `${label}: length`).toBe(expected.length);
    const e = maxRel(actual, expected);
    const prev = this.errors.get(label) ?? 0;
    this.errors.set(label, Math.max(prev, e));
    if (!(e <= bound)) {
      let at = 0;
      for (let i = 0; i < actual.length; i++) if (rel(actual[i]!, expected[i]!) === e) at = i;
      expect.fail(
        `${label}: relative error ${e.toExponential(2)} > ${bound} at [${at}]: got ${actual[at]}, expected ${expected[at]}`,
      );
    }
  }

  /** Every label and its largest error, one per line. */
  report(title: string): string {
    const lines = [...this.errors].map(([k, v]) => `  ${k.padEnd(70)} ${v.toExponential(2)}`);
    return `${title}\n${lines.join("\n")}`;
  }
}

/** The rows `rows` of a flat row-major array with `cols` columns, as number[][]. */
export function rowsOf(flat: readonly number[], cols: number, rows?: readonly number[]): number[][] {
  const idx = rows ?? Array.from({ length: flat.length / cols }, (_, i) => i);
  return idx.map((i) => flat.slice(i * cols, (i + 1) * cols));
}

/** The rows of X repeated by integer weights (row i `w[i]` times), with their labels. */
export function repeatRows<T>(
  X: readonly number[][],
  y: readonly T[],
  w: readonly number[],
): { X: number[][]; y: T[] } {
  const Xr: number[][] = [];
  const yr: T[] = [];
  X.forEach((row, i) => {
    for (let k = 0; k < w[i]!; k++) {
      Xr.push(row);
      yr.push(y[i]!);
    }
  });
  return { X: Xr, y: yr };
}

/** A column kind; the same strings as the library's FeatureKind. */
export type Kind = "gaussian" | "bernoulli" | "categorical" | "poisson";

/**
 * Rows drawn from a seeded generator with columns of the given kinds, from `groups` groups that
 * differ (so mixtures have structure to find): Gaussian values on a 1/1024 grid around a
 * group-dependent centre, Bernoulli 0/1 with a group-dependent rate, categorical codes 0..4
 * (every code 0..4 appears in the first five rows, so K_j = 5 whatever rows are dropped later),
 * Poisson counts with a group-dependent mean.
 */
export function makeColumns(kinds: readonly Kind[], rows: number, seed: number, groups = 2): number[][] {
  let s = (seed >>> 0) ^ 0x9e3779b9;
  const next = (): number => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    s ^= s >>> 12;
    return (s >>> 0) / 4294967296;
  };
  const X: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const g = Math.floor(next() * groups);
    X.push(
      kinds.map((k, j) => {
        const u = next();
        if (k === "gaussian") return Math.round((3 * g + j + (u - 0.5) * 6 + next()) * 1024) / 1024;
        if (k === "bernoulli") return u < 0.25 + (0.5 * g) / Math.max(1, groups - 1) ? 1 : 0;
        if (k === "categorical") return i < 5 ? i : Math.min(4, Math.floor(u * (2 + g + (j % 3))));
        // Poisson by inversion, mean 1 + 3g.
        const lambda = 1 + 3 * g;
        let x = 0;
        let p = Math.exp(-lambda);
        let cdf = p;
        while (u > cdf && x < 200) {
          x++;
          p *= lambda / x;
          cdf += p;
        }
        return x;
      }),
    );
  }
  return X;
}

/** Column j of X. */
export function column(X: readonly (readonly number[])[], j: number): number[] {
  return X.map((row) => row[j]!);
}
