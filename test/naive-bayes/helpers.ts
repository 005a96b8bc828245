/** Shared helpers of the NaiveBayes tests: seeded synthetic data sets of every feature kind. */
import { createRng, type FeatureKind, type Rng } from "../../src/index.js";

export interface DataSpec {
  kinds: FeatureKind[];
  classes: number;
  rows: number;
  seed: number;
  stringLabels?: boolean;
}

export interface DataSet<L> {
  X: number[][];
  y: L[];
}

/**
 * Rows drawn so that classes differ: Gaussian features around a class-dependent centre, Bernoulli
 * features as raw values in [-1, 1] (binarised at 0) with a class-dependent bias, categorical
 * features as codes 0..4.
 */
export function makeData(spec: DataSpec): DataSet<number | string> {
  const rng: Rng = createRng(spec.seed);
  const X: number[][] = [];
  const y: (number | string)[] = [];
  for (let i = 0; i < spec.rows; i++) {
    const c = Math.floor(rng.next() * spec.classes);
    const row = spec.kinds.map((k, j) => {
      const u = rng.next();
      if (k === "gaussian") return Math.round((c * 3 + j + (u - 0.5) * 8) * 1024) / 1024;
      if (k === "bernoulli") return u < 0.3 + 0.1 * c ? u * 2 + 0.01 : -u;
      return Math.min(4, Math.floor(u * (2 + c + (j % 3))));
    });
    X.push(row);
    y.push(spec.stringLabels === true ? `class-${c}` : c * 10 - 5);
  }
  return { X, y };
}

/** |a − b| / max(|b|, 1): relative error, absolute near 0. */
export function relErr(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(b), 1);
}

/** The largest {@link relErr} over two equally long arrays. */
export function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const e = Number.isNaN(a[i]!) && Number.isNaN(b[i]!) ? 0 : relErr(a[i]!, b[i]!);
    if (!(e <= m)) m = e;
  }
  return m;
}
