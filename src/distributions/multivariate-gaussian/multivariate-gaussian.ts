import { hasBrand } from "../../core/brand.js";
import { requireJsonType } from "../../core/distribution.js";
import { choleskyInPlace, logDetFromCholesky, solveLower } from "../../core/linear-algebra/cholesky.js";
import { checkShape, Matrix, outputMatrix, requireNoAlias, RowBlocks, type MatrixInput } from "../../core/matrix.js";
import { readOptions } from "../../core/options.js";
import { requireRng, type Rng } from "../../core/rng.js";
import { accumulateRows, type AsyncFitOptions, type ChunkSource, type RowsChunk } from "../../core/source.js";
import { describe, requireData, requireNonNegative, requireSize } from "../../core/validate.js";
import { readSampleWeight } from "../../core/weights.js";
import { fillNormal } from "../gaussian/sampler.js";
import { MAX_GAUSSIAN_DIMENSION, MultivariateGaussianStats } from "./stats.js";

/**
 * Options of {@link MultivariateGaussian.fit} and {@link MultivariateGaussian.fromStats}.
 *
 * @example
 * ```ts
 * MultivariateGaussian.fit([[0, 0], [1, 1]], { regVariance: 1e-6 }).covariance.get(0, 0); // 0.250001
 * ```
 */
export interface MultivariateGaussianFitOptions {
  /**
   * A variance ≥ 0 added to the diagonal of the estimated covariance (scikit-learn's
   * `reg_covar`): it keeps the covariance positive definite when the data are rank-deficient
   * (fewer rows than columns, a constant column, collinear columns). Default 0.
   */
  regVariance?: number;
  /** MultivariateGaussian.fit: a frequency weight ≥ 0 per row (default 1 each). */
  sampleWeight?: ArrayLike<number>;
}

/**
 * What {@link MultivariateGaussian.toJSON} writes.
 *
 * @example
 * ```ts
 * const json: MultivariateGaussianJSON = { type: "MultivariateGaussian", version: 1, mean: [0, 0], covariance: [[1, 0.5], [0.5, 1]] };
 * MultivariateGaussian.fromJSON(json).dimension; // 2
 * ```
 */
export interface MultivariateGaussianJSON {
  /** Always `"MultivariateGaussian"`. */
  type: "MultivariateGaussian";
  /** The format version, 1. */
  version: 1;
  /** μ. */
  mean: number[];
  /** Σ, row by row. */
  covariance: number[][];
}

/**
 * The columns given to {@link MultivariateGaussian.conditional}, by column index: an object
 * (`{ 0: 1.5, 2: -1 }`) or a Map.
 *
 * @example
 * ```ts
 * const given: GivenValues = { 0: 1.5 };
 * ```
 */
export type GivenValues = Readonly<Record<number, number>> | ReadonlyMap<number, number>;

const LOG_2PI = Math.log(2 * Math.PI);
/** Symmetry is required to this relative tolerance (of √(Σ_ii Σ_jj)): rounding, not a typo. */
const SYMMETRY_TOLERANCE = 1e-10;
/**
 * A Cholesky pivot below this fraction of its diagonal entry (times d) means the matrix is
 * singular to working precision: rank-deficient data give pivots of rounding size, not 0.
 */
const PIVOT_TOLERANCE = 16 * Number.EPSILON;

/**
 * Factors the SPD matrix `a` in place (lower Cholesky factor, upper triangle zeroed). Returns -1
 * on success, else the column whose pivot is not positive (relative to its diagonal entry).
 */
function factor(a: Float64Array, d: number): number {
  const diagonal = new Float64Array(d);
  for (let j = 0; j < d; j++) diagonal[j] = a[j * d + j]!;
  const ok = choleskyInPlace(a, d);
  for (let j = 0; j < d; j++) {
    const l = a[j * d + j]!;
    if (!ok && !(l > 0)) return j;
    if (ok && !(l * l > PIVOT_TOLERANCE * d * diagonal[j]!)) return j;
  }
  return ok ? -1 : d - 1;
}

/** The brand of a MultivariateGaussian: `Symbol.for` keeps its type a unique symbol. */
const MULTIVARIATEGAUSSIAN_BRAND: unique symbol = Symbol.for("ptheta.MultivariateGaussian");

/**
 * The multivariate Gaussian N(μ, Σ) over rows x ∈ ℝᵈ:
 *
 *   log p(x) = −½ (d log 2π + log det Σ + (x − μ)ᵀ Σ⁻¹ (x − μ))
 *
 * Σ is factored once, Σ = L Lᵀ (Cholesky); the quadratic form is ‖L⁻¹(x − μ)‖², one triangular
 * solve per row, and log det Σ = 2 Σ log L_ii. No inverse is ever formed. This is the joint
 * family of correlated measurements: the block of a full-covariance mixture component, and the
 * model whose conditionals impute missing columns.
 *
 * @example
 * ```ts
 * const g = new MultivariateGaussian([0, 0], [[1, 0.8], [0.8, 1]]);
 * g.logProb([0, 0]); // -1.3270514426433544
 * g.conditional({ 0: 1 }).mean; // Float64Array [0.8]
 * MultivariateGaussian.fit([[1, 2], [3, 4], [5, 9]]).mean; // Float64Array [3, 5]
 * ```
 */
export class MultivariateGaussian {
  /** @internal The brand that identifies a MultivariateGaussian from any copy of ptheta (core/brand.ts). */
  get [MULTIVARIATEGAUSSIAN_BRAND](): true {
    return true;
  }

  private readonly mu: Float64Array;
  private readonly sigma: Float64Array;
  /** The Cholesky factor L of Σ, d × d row-major, upper triangle zero. */
  private readonly l: Float64Array;
  /** 1 / L_ii: the solves multiply instead of dividing. */
  private readonly inverseDiagonal: Float64Array;
  /** −½ (d log 2π + log det Σ). */
  private readonly logNormaliser: number;
  private readonly scratch: Float64Array;

  /**
   * @param mean - μ, d ≥ 1 finite numbers.
   * @param covariance - Σ, a d × d symmetric positive-definite matrix (rows, or `{ data, rows,
   *   cols }`). Symmetry is checked to 1e-10 relative and the stored matrix is the exact average
   *   of Σ and Σᵀ; a matrix that is singular to working precision is refused.
   */
  constructor(mean: ArrayLike<number>, covariance: MatrixInput) {
    const where = "MultivariateGaussian";
    const m = requireData(where, mean, "mean");
    const d = m.length;
    if (d === 0) throw new RangeError(`${where}: mean must hold at least one value`);
    if (d > MAX_GAUSSIAN_DIMENSION)
      throw new RangeError(`${where}: mean has ${d} values, above ${MAX_GAUSSIAN_DIMENSION}`);
    const mu = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      const v = m[j]!;
      if (v - v !== 0) throw new RangeError(`${where}: mean[${j}] is ${describe(v)}; it must be finite`);
      mu[j] = v + 0;
    }
    const sigma = readCovariance(where, covariance, d);
    const l = sigma.slice();
    const bad = factor(l, d);
    if (bad >= 0) {
      throw new RangeError(
        `${where}: covariance must be positive definite; it is singular or indefinite (Cholesky pivot ${bad} is not positive)`,
      );
    }
    this.mu = mu;
    this.sigma = sigma;
    this.l = l;
    this.inverseDiagonal = new Float64Array(d);
    for (let j = 0; j < d; j++) this.inverseDiagonal[j] = 1 / l[j * d + j]!;
    this.logNormaliser = -0.5 * (d * LOG_2PI + logDetFromCholesky(l, d));
    this.scratch = new Float64Array(d);
  }

  /** μ (a copy). */
  get mean(): Float64Array {
    return this.mu.slice();
  }

  /** Σ (a copy). */
  get covariance(): Matrix {
    const d = this.mu.length;
    return new Matrix(this.sigma.slice(), d, d);
  }

  /** d, the number of columns. */
  get dimension(): number {
    return this.mu.length;
  }

  /** The quadratic form ‖L⁻¹(x − μ)‖² of the row at `x[o .. o + d)`. */
  private mahalanobis(x: ArrayLike<number>, o: number): number {
    const d = this.mu.length;
    const l = this.l;
    const mu = this.mu;
    const inv = this.inverseDiagonal;
    const z = this.scratch;
    let q = 0;
    for (let i = 0; i < d; i++) {
      const ri = i * d;
      let s = x[o + i]! - mu[i]!;
      for (let k = 0; k < i; k++) s -= l[ri + k]! * z[k]!;
      const v = s * inv[i]!;
      z[i] = v;
      q += v * v;
    }
    return q;
  }

  /**
   * log p(x) for one row of d numbers; −Infinity for a row with an infinite value.
   *
   * @throws for a wrong length, a non-number or a NaN, naming its index.
   */
  logProb(row: ArrayLike<number>): number {
    const where = "MultivariateGaussian.logProb";
    const x = requireData(where, row, "row");
    const d = this.mu.length;
    if (x.length !== d)
      throw new RangeError(`${where}: row has ${x.length} values but the distribution has dimension ${d}`);
    for (let j = 0; j < d; j++) {
      const v = x[j]!;
      if (Number.isNaN(v)) throw new RangeError(`${where}: row[${j}] is NaN`);
      if (v - v !== 0) return -Infinity;
    }
    return this.logNormaliser - 0.5 * this.mahalanobis(x, 0);
  }

  /** p(x) = exp(logProb(x)). */
  prob(row: ArrayLike<number>): number {
    return Math.exp(this.logProb(row));
  }

  /**
   * log p(x_i) for every row of X, into `out` when given (it must not share memory with X). A row
   * with an infinite value scores −Infinity; a NaN throws, naming its cell.
   *
   * @example
   * ```ts
   * new MultivariateGaussian([0, 0], [[1, 0], [0, 1]]).logLikelihoodPerRow([[0, 0], [1, 1]]); // Float64Array [-1.8378770664093453, -2.8378770664093453]
   * ```
   */
  logLikelihoodPerRow(X: MatrixInput, out?: Float64Array): Float64Array {
    const where = "MultivariateGaussian.logLikelihoodPerRow";
    const blocks = this.readRows(where, X);
    if (out !== undefined) requireNoAlias(where, out, X);
    const result = outputMatrix(where, blocks.rows, 1, out, "columns").data;
    const d = this.mu.length;
    const c = this.logNormaliser;
    for (let start = 0; start < blocks.rows; start += blocks.blockRows) {
      const buf = blocks.block(start);
      const end = Math.min(blocks.rows, start + blocks.blockRows);
      for (let i = start, o = blocks.offset; i < end; i++, o += d) {
        const q = this.mahalanobis(buf, o);
        result[i] = q < Infinity ? c - 0.5 * q : this.nonFinite(where, buf, o, i);
      }
    }
    return result;
  }

  /** Σ_i log p(x_i) over the rows of X (summed with compensation). */
  logLikelihood(X: MatrixInput): number {
    const where = "MultivariateGaussian.logLikelihood";
    const blocks = this.readRows(where, X);
    const d = this.mu.length;
    const c = this.logNormaliser;
    let sum = 0;
    let low = 0;
    for (let start = 0; start < blocks.rows; start += blocks.blockRows) {
      const buf = blocks.block(start);
      const end = Math.min(blocks.rows, start + blocks.blockRows);
      for (let i = start, o = blocks.offset; i < end; i++, o += d) {
        const q = this.mahalanobis(buf, o);
        const term = q < Infinity ? c - 0.5 * q : this.nonFinite(where, buf, o, i);
        const t = sum + term;
        low += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
        sum = t;
      }
    }
    return sum === -Infinity ? sum : sum + low;
  }

  private readRows(where: string, X: MatrixInput): RowBlocks {
    const shape = checkShape(where, X);
    const d = this.mu.length;
    if (shape.cols !== d && shape.rows > 0) {
      throw new RangeError(`${where}: X has ${shape.cols} columns but the distribution has dimension ${d}`);
    }
    return new RowBlocks(X, { rows: shape.rows, cols: shape.rows > 0 ? shape.cols : d });
  }

  /** The score of a row whose quadratic form is not finite: −Infinity, or an error for NaN. */
  private nonFinite(where: string, buf: Float64Array, o: number, i: number): number {
    for (let j = 0; j < this.mu.length; j++) {
      if (Number.isNaN(buf[o + j]!)) throw new RangeError(`${where}: X[${i}][${j}] is NaN (or not a number)`);
    }
    return -Infinity;
  }

  /**
   * The differential entropy ½ d (1 + log 2π) + ½ log det Σ, in nats.
   *
   * @example
   * ```ts
   * new MultivariateGaussian([0], [[1]]).entropy(); // 1.4189385332046727
   * ```
   */
  entropy(): number {
    return 0.5 * this.mu.length - this.logNormaliser;
  }

  /**
   * One draw (a row of d numbers), or `n` draws as the rows of a Matrix: x = μ + L z with z
   * standard normal.
   *
   * @example
   * ```ts
   * new MultivariateGaussian([0, 0], [[1, 0.9], [0.9, 1]]).sample(createRng(1), 500).rows; // 500
   * ```
   */
  sample(rng: Rng): Float64Array;
  sample(rng: Rng, n: number): Matrix;
  sample(rng: Rng, n?: number): Float64Array | Matrix {
    const where = "MultivariateGaussian.sample";
    requireRng(where, rng);
    const d = this.mu.length;
    const rows = n === undefined ? 1 : requireSize(`${where}: n`, n);
    const out = outputMatrix(where, rows, d, undefined, "columns");
    const data = out.data;
    fillNormal(rng, data, rows * d, 0, 1, where);
    const l = this.l;
    const mu = this.mu;
    for (let i = 0, o = 0; i < rows; i++, o += d) {
      // x_j = μ_j + Σ_{k ≤ j} L_jk z_k, from the last j down so that the z_k it needs are intact.
      for (let j = d - 1; j >= 0; j--) {
        const rj = j * d;
        let s = 0;
        for (let k = 0; k <= j; k++) s += l[rj + k]! * data[o + k]!;
        data[o + j] = mu[j]! + s;
      }
    }
    return n === undefined ? data : out;
  }

  /**
   * The marginal distribution of some columns, in the order given: N(μ_A, Σ_AA).
   *
   * @example
   * ```ts
   * const g = new MultivariateGaussian([1, 2, 3], [[4, 1, 0], [1, 5, 2], [0, 2, 6]]);
   * g.marginal([2, 0]).covariance.toArray(); // [[6, 0], [0, 4]]
   * ```
   */
  marginal(columns: ArrayLike<number>): MultivariateGaussian {
    const where = "MultivariateGaussian.marginal";
    const cols = this.readColumns(where, columns, "columns");
    if (cols.length === 0) throw new RangeError(`${where}: columns is empty; give at least one column`);
    const d = this.mu.length;
    const k = cols.length;
    const mean = new Float64Array(k);
    const cov = new Float64Array(k * k);
    for (let a = 0; a < k; a++) {
      mean[a] = this.mu[cols[a]!]!;
      for (let b = 0; b < k; b++) cov[a * k + b] = this.sigma[cols[a]! * d + cols[b]!]!;
    }
    return new MultivariateGaussian(mean, { data: cov, rows: k, cols: k });
  }

  /**
   * The distribution of the other columns given the values of some, for imputing missing
   * columns: N(μ_A + Σ_AB Σ_BB⁻¹ (x_B − μ_B), Σ_AA − Σ_AB Σ_BB⁻¹ Σ_BA), where B are the given
   * columns and A the rest, in increasing order. `given` maps a column index to its value: an
   * object (`{ 0: 1.5, 3: -2 }`) or a Map; or give the columns and their values as two arrays.
   * Σ_BB⁻¹ is applied through its Cholesky factor, never inverted.
   *
   * @example
   * ```ts
   * const g = new MultivariateGaussian([0, 0, 0], [[1, 0.5, 0], [0.5, 1, 0], [0, 0, 2]]);
   * g.conditional({ 0: 2 }).mean; // Float64Array [1, 0]
   * g.conditional([0], [2]).covariance.toArray(); // [[0.75, 0], [0, 2]]
   * ```
   */
  conditional(given: GivenValues): MultivariateGaussian;
  conditional(columns: ArrayLike<number>, values: ArrayLike<number>): MultivariateGaussian;
  conditional(given: GivenValues | ArrayLike<number>, values?: ArrayLike<number>): MultivariateGaussian {
    const where = "MultivariateGaussian.conditional";
    const { cols: b, values: xb } = this.readGiven(where, given, values);
    const d = this.mu.length;
    const isGiven = new Uint8Array(d);
    for (let t = 0; t < b.length; t++) isGiven[b[t]!] = 1;
    const a: number[] = [];
    for (let j = 0; j < d; j++) if (isGiven[j] === 0) a.push(j);
    if (a.length === 0) throw new RangeError(`${where}: every column is given; leave at least one out`);
    if (b.length === 0) return this.marginal(a);
    const nb = b.length;
    const na = a.length;
    // L_B, the Cholesky factor of Σ_BB; W = L_B⁻¹ Σ_BA (column by column); v = L_B⁻¹ (x_B − μ_B).
    const lb = new Float64Array(nb * nb);
    for (let s = 0; s < nb; s++) for (let t = 0; t < nb; t++) lb[s * nb + t] = this.sigma[b[s]! * d + b[t]!]!;
    if (factor(lb, nb) >= 0) {
      throw new RangeError(`${where}: the covariance of the given columns is singular to working precision`);
    }
    const w = new Float64Array(na * nb); // row r of w is L_B⁻¹ Σ_B,a[r]
    for (let r = 0; r < na; r++) {
      for (let s = 0; s < nb; s++) w[r * nb + s] = this.sigma[b[s]! * d + a[r]!]!;
      solveLower(lb, nb, w, r * nb);
    }
    const v = new Float64Array(nb);
    for (let s = 0; s < nb; s++) v[s] = xb[s]! - this.mu[b[s]!]!;
    solveLower(lb, nb, v);
    const mean = new Float64Array(na);
    const cov = new Float64Array(na * na);
    for (let r = 0; r < na; r++) {
      let m = 0;
      for (let s = 0; s < nb; s++) m += w[r * nb + s]! * v[s]!;
      mean[r] = this.mu[a[r]!]! + m;
      for (let c = 0; c <= r; c++) {
        let dot = 0;
        for (let s = 0; s < nb; s++) dot += w[r * nb + s]! * w[c * nb + s]!;
        const value = this.sigma[a[r]! * d + a[c]!]! - dot;
        cov[r * na + c] = value;
        cov[c * na + r] = value;
      }
    }
    return new MultivariateGaussian(mean, { data: cov, rows: na, cols: na });
  }

  private readColumns(where: string, columns: unknown, name: string): Int32Array {
    const xs = requireData(where, columns, name);
    const d = this.mu.length;
    const seen = new Uint8Array(d);
    const out = new Int32Array(xs.length);
    for (let t = 0; t < xs.length; t++) {
      const j = xs[t]!;
      if (!(Number.isInteger(j) && j >= 0 && j < d)) {
        throw new RangeError(`${where}: ${name}[${t}] is ${describe(j)}; it must be a column index in [0, ${d})`);
      }
      if (seen[j] === 1) throw new RangeError(`${where}: ${name}[${t}] repeats column ${j}`);
      seen[j] = 1;
      out[t] = j;
    }
    return out;
  }

  private readGiven(where: string, given: unknown, values: unknown): { cols: Int32Array; values: Float64Array } {
    let keys: number[];
    let vals: unknown[];
    if (values !== undefined) {
      const cols = this.readColumns(where, given, "columns");
      const xs = requireData(where, values, "values");
      if (xs.length !== cols.length) {
        throw new RangeError(`${where}: values has ${xs.length} numbers but columns has ${cols.length}`);
      }
      keys = Array.from(cols);
      vals = Array.from(xs);
    } else if (given instanceof Map) {
      keys = [];
      vals = [];
      for (const [k, v] of given as Map<unknown, unknown>) {
        if (typeof k !== "number")
          throw new TypeError(`${where}: given has the key ${describe(k)}; keys are column indices`);
        keys.push(k);
        vals.push(v);
      }
    } else if (given !== null && typeof given === "object" && !Array.isArray(given) && !ArrayBuffer.isView(given)) {
      keys = [];
      vals = [];
      for (const key of Object.keys(given)) {
        const j = /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : NaN;
        if (Number.isNaN(j))
          throw new RangeError(`${where}: given has the key ${describe(key)}; keys are column indices`);
        keys.push(j);
        vals.push((given as Record<string, unknown>)[key]);
      }
    } else {
      throw new TypeError(
        `${where}: give { column: value, … }, a Map of column → value, or (columns, values); got ${describe(given)}`,
      );
    }
    const cols = this.readColumns(where, keys, "given columns");
    const out = new Float64Array(vals.length);
    for (let t = 0; t < vals.length; t++) {
      const v = vals[t];
      if (typeof v !== "number")
        throw new TypeError(`${where}: the value of column ${keys[t]} must be a number, got ${describe(v)}`);
      if (v - v !== 0)
        throw new RangeError(`${where}: the value of column ${keys[t]} is ${describe(v)}; it must be finite`);
      out[t] = v;
    }
    return { cols, values: out };
  }

  /** `{ type: "MultivariateGaussian", version: 1, mean, covariance }`; `fromJSON` restores it exactly. */
  toJSON(): MultivariateGaussianJSON {
    const d = this.mu.length;
    const covariance: number[][] = [];
    for (let a = 0; a < d; a++) covariance.push(Array.from(this.sigma.subarray(a * d, (a + 1) * d)));
    return { type: "MultivariateGaussian", version: 1, mean: Array.from(this.mu), covariance };
  }

  /**
   * The family, mean and covariance (rounded).
   *
   * @example
   * ```ts
   * new MultivariateGaussian([0, 1], [[1, 0], [0, 2]]).toString(); // "MultivariateGaussian(mean=[0, 1], covariance=[[1, 0], [0, 2]])"
   * ```
   */
  toString(): string {
    const d = this.mu.length;
    const fmt = (v: number): string => String(Number(v.toPrecision(6)));
    const shown = Math.min(d, 6);
    const rows: string[] = [];
    for (let a = 0; a < shown; a++) {
      rows.push(`[${Array.from(this.sigma.subarray(a * d, a * d + shown), fmt).join(", ")}${d > shown ? ", …" : ""}]`);
    }
    const mean = Array.from(this.mu.subarray(0, shown), fmt).join(", ") + (d > shown ? ", …" : "");
    return `MultivariateGaussian(mean=[${mean}], covariance=[${rows.join(", ")}${d > shown ? ", …" : ""}])`;
  }

  /** @internal Node's console.log and util.inspect use this. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** Rebuilds a MultivariateGaussian from `toJSON()` output (validated like the constructor). */
  static fromJSON(json: unknown): MultivariateGaussian {
    const where = "MultivariateGaussian.fromJSON";
    const o = requireJsonType(where, json, "MultivariateGaussian");
    if (o.version !== 1) throw new RangeError(`${where}: unsupported version ${describe(o.version)}; expected 1`);
    if (!Array.isArray(o.mean)) throw new TypeError(`${where}: mean must be an array, got ${describe(o.mean)}`);
    if (!Array.isArray(o.covariance))
      throw new TypeError(`${where}: covariance must be an array, got ${describe(o.covariance)}`);
    return new MultivariateGaussian(o.mean as number[], o.covariance as number[][]);
  }

  /**
   * The maximum-likelihood estimate: the weighted mean and the (1/W) covariance
   * Σ w (x − μ)(x − μ)ᵀ / Σ w (frequency weights: integer weights equal repeated rows), plus
   * `regVariance` on the diagonal. The data are read in two passes (the mean, then the centred
   * cross-products), so a shift of the data by 10⁶ costs no digits.
   *
   * @throws on no rows (or every weight 0), a value that is not finite (naming its cell), a bad
   *   weight (naming its index), or a covariance that is singular (rank-deficient data: fewer
   *   rows than columns, a constant or collinear column) when regVariance is 0, which the error
   *   names as the remedy.
   */
  static fit(X: MatrixInput, options?: MultivariateGaussianFitOptions): MultivariateGaussian {
    const where = "MultivariateGaussian.fit";
    const o = readOptions(where, options, ["regVariance", "sampleWeight"]);
    const shape = checkShape(where, X);
    if (shape.rows === 0) throw new RangeError(`${where}: X has no rows; at least one is needed`);
    const weights = readSampleWeight(where, o.sampleWeight, shape.rows);
    const reg = readReg(where, o.regVariance);
    const stats = new MultivariateGaussianStats().addRows(where, new RowBlocks(X, shape), weights);
    return estimate(where, stats, reg);
  }

  /**
   * The estimate from rows read chunk by chunk from `source` (any Iterable or AsyncIterable of
   * matrices or `{ X, sampleWeight }`), in constant memory: each chunk is summarised in two
   * passes and merged by Chan's update. Equals `fit` of all the rows (up to rounding).
   *
   * @example
   * ```ts
   * (await MultivariateGaussian.fitAsync([[[1, 2], [3, 4]], [[5, 9]]])).mean; // Float64Array [3, 5]
   * ```
   */
  static async fitAsync(
    source: ChunkSource<RowsChunk>,
    options?: Omit<MultivariateGaussianFitOptions, "sampleWeight"> & AsyncFitOptions,
  ): Promise<MultivariateGaussian> {
    const where = "MultivariateGaussian.fitAsync";
    const o = readOptions(where, options, ["regVariance", "onProgress"]);
    const reg = readReg(where, o.regVariance);
    const stats = new MultivariateGaussianStats();
    await accumulateRows(where, source, o.onProgress, (X, sampleWeight, chunkWhere) => {
      const shape = checkShape(chunkWhere, X);
      stats.addRows(
        chunkWhere,
        new RowBlocks(X as MatrixInput, shape),
        readSampleWeight(chunkWhere, sampleWeight, shape.rows),
      );
      return shape.rows;
    });
    return estimate(where, stats, reg);
  }

  /** Empty mergeable sufficient statistics, of `dimension` columns or as many as the first rows have. */
  static stats(dimension?: number): MultivariateGaussianStats {
    return new MultivariateGaussianStats(dimension);
  }

  /** The estimate from sufficient statistics; equals `MultivariateGaussian.fit` of all the rows. */
  static fromStats(
    stats: MultivariateGaussianStats,
    options?: Omit<MultivariateGaussianFitOptions, "sampleWeight">,
  ): MultivariateGaussian {
    const where = "MultivariateGaussian.fromStats";
    if (!hasBrand(stats, "MultivariateGaussianStats")) {
      throw new TypeError(`${where}: stats must be a MultivariateGaussianStats`);
    }
    const o = readOptions(where, options, ["regVariance"]);
    return estimate(where, stats, readReg(where, o.regVariance));
  }

  /** Rebuilds statistics from `MultivariateGaussianStats.toJSON()` output, validated. */
  static statsFromJSON(json: unknown): MultivariateGaussianStats {
    return MultivariateGaussianStats.fromJSON("MultivariateGaussian.statsFromJSON", json);
  }
}

function readReg(where: string, value: unknown): number {
  return value === undefined ? 0 : requireNonNegative(`${where}: regVariance`, value);
}

/** μ and S / W + reg·I from the statistics; a singular result names regVariance. */
function estimate(where: string, stats: MultivariateGaussianStats, reg: number): MultivariateGaussian {
  const d = stats.dimension;
  if (d === 0 || stats.count === 0) {
    throw new RangeError(`${where}: no data to estimate from (no rows, or every weight is 0)`);
  }
  const { mean, scatter } = stats.raw;
  const cov = new Float64Array(d * d);
  const total = stats.count;
  for (let k = 0; k < d * d; k++) cov[k] = scatter[k]! / total;
  for (let j = 0; j < d; j++) cov[j * d + j]! += reg;
  const l = cov.slice();
  const bad = factor(l, d);
  if (bad >= 0) {
    throw new RangeError(
      `${where}: the estimated covariance is singular (column ${bad} is constant or a linear combination of others, or there are fewer rows than columns)${
        reg > 0 ? `; regVariance = ${reg} is too small for data of this scale` : ""
      }; set regVariance > 0 (e.g. 1e-6) to add it to the diagonal`,
    );
  }
  return new MultivariateGaussian(mean, { data: cov, rows: d, cols: d });
}

/**
 * Reads a d × d covariance into a new row-major buffer: every cell finite, symmetric to
 * SYMMETRY_TOLERANCE, stored as the exact average of the matrix and its transpose.
 */
function readCovariance(where: string, covariance: unknown, d: number): Float64Array {
  // The errors of checkShape name covariance through `where`.
  const shape = checkShape(`${where}: covariance`, covariance);
  if (shape.rows !== d || shape.cols !== d) {
    throw new RangeError(
      `${where}: covariance is ${shape.rows} × ${shape.cols} but mean has ${d} values; it must be ${d} × ${d}`,
    );
  }
  const blocks = new RowBlocks(covariance as MatrixInput, shape);
  const sigma = new Float64Array(d * d);
  for (let start = 0; start < d; start += blocks.blockRows) {
    const buf = blocks.block(start);
    const n = (Math.min(d, start + blocks.blockRows) - start) * d;
    for (let k = 0; k < n; k++) {
      const v = buf[blocks.offset + k]!;
      const at = start * d + k;
      if (v - v !== 0) {
        const i = Math.floor(at / d);
        const cell: unknown = blocks.value(i, at % d);
        throw new (typeof cell === "number" ? RangeError : TypeError)(
          `${where}: covariance[${i}][${at % d}] is ${describe(cell)}; it must be a finite number`,
        );
      }
      sigma[at] = v + 0;
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < a; b++) {
      const x = sigma[a * d + b]!;
      const y = sigma[b * d + a]!;
      if (x === y) continue;
      const scale = Math.sqrt(Math.abs(sigma[a * d + a]! * sigma[b * d + b]!));
      if (!(Math.abs(x - y) <= SYMMETRY_TOLERANCE * scale)) {
        throw new RangeError(
          `${where}: covariance must be symmetric; covariance[${a}][${b}] = ${describe(x)} but covariance[${b}][${a}] = ${describe(y)}`,
        );
      }
      const m = 0.5 * x + 0.5 * y;
      sigma[a * d + b] = m;
      sigma[b * d + a] = m;
    }
  }
  return sigma;
}
