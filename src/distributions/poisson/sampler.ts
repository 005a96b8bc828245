/**
 * Poisson sampling, exact for every rate (up to the 2⁻⁵³ resolution of a uniform double):
 *
 * - one draw: inversion by sequential search from 0 below rate 10 (one uniform, about rate + 1
 *   multiply-adds), and Hörmann's transformed rejection with squeeze, PTRS (1993), from 10 on
 *   (about 1.1 pairs of uniforms per draw whatever the rate);
 * - many draws at one rate: inversion through a table of the CDF with a guide table (Chen &
 *   Asau 1974) below rate 10⁴, so that a draw costs one uniform, a multiply and about one
 *   comparison (measured: 1.2–1.35× the cost of a bare uniform); PTRS above, where the squeeze
 *   accepts 85–93% of proposals without a logarithm (about 6×).
 *
 * Both inversions give the same count for the same uniform (the smallest k with u < F(k)), so
 * the stream of `samplePoisson` and `fillPoisson` agree below rate 10.
 */

import { logPoissonTerm, poissonTerm } from "../../core/gamma.js";
import { nextUniform, type Rng } from "../../core/rng.js";

/** Below this rate, one draw is inversion; from it on, PTRS (Hörmann's recommended switch). */
const INVERSION_LIMIT = 10;
/** Below this rate, many draws go through a CDF table (about 19√rate entries, 2000 at most). */
const TABLE_LIMIT = 10000;
/**
 * Fewer draws than this, or than 10√rate, are not worth building a table for: it costs about
 * as much as drawing half its size with PTRS.
 */
const TABLE_MIN_DRAWS = 16;
/** Guide-table cells per CDF entry: 4 make the first guess right about 9 times in 10. */
const GUIDE_CELLS = 4;
/** The masses are recomputed exactly every this many steps from the mode (drift ≤ ~50 ulps). */
const ANCHOR_EVERY = 32;
/** Rejections before deciding the rng is stuck (PTRS accepts ~90% of proposals). */
const MAX_REJECTIONS = 10000;

/** 1/k for k < 64: the sequential search multiplies instead of dividing at each step. */
const RECIPROCALS = Float64Array.from({ length: 64 }, (_, k) => 1 / k);

/**
 * One Poisson(rate) draw, rate ≥ 0 and finite (not checked).
 *
 * @example
 * ```ts
 * samplePoisson(createRng(1), 3.5); // 3
 * ```
 */
export function samplePoisson(rng: Rng, rate: number, where = "Poisson.sample"): number {
  if (rate === 0) return 0;
  return rate < INVERSION_LIMIT ? inversion(rng, rate, Math.exp(-rate), where) : ptrs(rng, new Ptrs(rate), where);
}

/**
 * Fills out[0..n) with Poisson(rate) draws (rate ≥ 0 and finite, not checked).
 *
 * @example
 * ```ts
 * const counts = new Float64Array(1000);
 * fillPoisson(createRng(1), counts, 1000, 2.5);
 * ```
 */
export function fillPoisson(rng: Rng, out: Float64Array, n: number, rate: number, where = "Poisson.sample"): void {
  if (rate === 0) {
    out.fill(0, 0, n);
    return;
  }
  if (rate < TABLE_LIMIT && n >= TABLE_MIN_DRAWS && n >= 10 * Math.sqrt(rate)) {
    tableInversion(rng, out, n, rate, where);
  } else if (rate < INVERSION_LIMIT) {
    const p0 = Math.exp(-rate); // computed once for all n draws
    for (let i = 0; i < n; i++) out[i] = inversion(rng, rate, p0, where);
  } else {
    const constants = new Ptrs(rate);
    for (let i = 0; i < n; i++) out[i] = ptrs(rng, constants, where);
  }
}

/**
 * The smallest k with u < F(k): walk up the masses p_k = p_{k−1}·rate/k from p_0 = e^−rate.
 * The expected number of steps is rate + 1, so this is the fast path for one draw at a small
 * rate. Where the running sum stops growing (u within rounding of 1) the walk ends there.
 */
function inversion(rng: Rng, rate: number, p0: number, where: string): number {
  const u = nextUniform(rng, where);
  let k = 0;
  let p = p0;
  let cdf = p0;
  while (u >= cdf) {
    k++;
    p *= k < RECIPROCALS.length ? rate * RECIPROCALS[k]! : rate / k; // a multiply, not a division
    const next = cdf + p;
    if (next === cdf) break;
    cdf = next;
  }
  return k;
}

/**
 * n draws by inversion through a table. F(k) is tabulated from the mode outwards (the masses
 * from the saddle-point form every 32 counts and by the ratios p_(k±1)/p_k in between, so rates
 * where e^−rate underflows work too) over the counts whose mass is above 2⁻⁶⁴ of the mode's,
 * summed from the small end with compensation and divided by the total, so F ends at exactly 1
 * and every u < 1 finds its count. A guide table, the first count with F(k) > j/M for M = 4 per
 * entry, starts each search on the answer about 9 times in 10 and never more than a step or two
 * short of it.
 */
function tableInversion(rng: Rng, out: Float64Array, n: number, rate: number, where: string): void {
  const mode = Math.floor(rate);
  const pMode = poissonTerm(mode, rate);
  const cutoff = pMode * 5.421010862427522e-20; // 2⁻⁶⁴ of the mode's mass
  let low = mode;
  for (let p = pMode; low > 0; low--) {
    p *= low / rate; // p_(low−1)
    if (p < cutoff) break;
  }
  let high = mode;
  for (let p = pMode; ;) {
    p *= rate / (high + 1); // p_(high+1)
    if (p < cutoff) break;
    high++;
  }
  const size = high - low + 1;
  const mass = new Float64Array(size);
  mass[mode - low] = pMode;
  for (let k = mode - 1; k >= low; k--) {
    mass[k - low] = (mode - k) % ANCHOR_EVERY === 0 ? poissonTerm(k, rate) : (mass[k + 1 - low]! * (k + 1)) / rate;
  }
  for (let k = mode + 1; k <= high; k++) {
    mass[k - low] = (k - mode) % ANCHOR_EVERY === 0 ? poissonTerm(k, rate) : (mass[k - 1 - low]! * rate) / k;
  }
  // Cumulative sums with Neumaier's compensation, then normalised so that the last is 1.
  const cdf = new Float64Array(size);
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < size; i++) {
    const p = mass[i]!;
    const t = sum + p;
    compensation += sum >= p ? sum - t + p : p - t + sum;
    sum = t;
    cdf[i] = sum + compensation;
  }
  const total = cdf[size - 1]!;
  for (let i = 0; i < size; i++) cdf[i] = cdf[i]! / total;
  cdf[size - 1] = 1;
  // guide[j] = the first index with cdf > j/M.
  const m = size * GUIDE_CELLS;
  const guide = new Int32Array(m);
  for (let j = 0, i = 0; j < m; j++) {
    while (cdf[i]! <= j / m) i++;
    guide[j] = i;
  }
  // The loop: a uniform, its guide entry, a comparison or two.
  for (let d = 0; d < n; d++) {
    const u = nextUniform(rng, where);
    let i = guide[(u * m) | 0]!;
    while (cdf[i]! <= u) i++;
    out[d] = low + i;
  }
}

/** PTRS's constants for one rate (Hörmann 1993, table 2). */
class Ptrs {
  readonly rate: number;
  readonly a: number;
  readonly b: number;
  readonly logInvAlpha: number;
  readonly vr: number;

  constructor(rate: number) {
    this.rate = rate;
    this.b = 0.931 + 2.53 * Math.sqrt(rate);
    this.a = -0.059 + 0.02483 * this.b;
    this.logInvAlpha = Math.log(1.1239 + 1.1328 / (this.b - 3.4));
    this.vr = 0.9277 - 3.6224 / (this.b - 2);
  }
}

/**
 * Hörmann's PTRS: a proposal k from a transformed uniform, accepted at once inside the squeeze
 * (us ≥ 0.07 and v ≤ vr) and otherwise by comparing log v with the log-mass, which
 * logPoissonTerm computes without the cancellation of k log λ − λ − log k! for huge rates (so
 * the draws stay exact at rates of 1e15, where numpy's loggam form does not).
 */
function ptrs(rng: Rng, c: Ptrs, where: string): number {
  const { rate, a, b, vr } = c;
  for (let i = 0; i < MAX_REJECTIONS; i++) {
    const u = nextUniform(rng, where) - 0.5;
    const v = nextUniform(rng, where);
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + rate + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + c.logInvAlpha - Math.log(a / (us * us) + b) <= logPoissonTerm(k, rate)) return k;
  }
  throw new RangeError(`${where}: rng rejected ${MAX_REJECTIONS} proposals in a row; its output is not uniform`);
}
