import { badUniform, Xorgens4096, type Rng } from "../../core/rng.js";

// ---- Sampling: the ziggurat of Marsaglia & Tsang (2000) in Doornik's (2005) form ----
//
// 128 layers of equal area under the half-density exp(−x²/2). A draw picks a layer and a
// point in it; ~98.8% of points fall inside the layer's rectangle and are returned after one
// multiply. The rest are resolved in the wedge (one exp) or, for the base layer, in the tail
// beyond R by Marsaglia's exponential method.
//
// One uniform u = rng.next() makes a draw: t = 256u, its integer part (the top 8 bits of u)
// chooses the layer and the sign, its fraction (the 45 bits below) the position. That is two
// 32-bit words from createRng's generator. One word would be cheaper but too coarse: 24 bits
// of position give each layer 2²⁴ possible values, 2³² in all, so 10⁷ draws would hold ~10⁴
// exact ties (a continuous law has none); 45 bits put the ties at ~0.006 per 10⁷ draws and the
// lattice spacing (≤ 3.7 · 2⁻⁴⁵ ≈ 1e-13) far below anything a test of the law can see. And
// the algorithm stays defined by `next()` alone, so any Rng gives the same draws on any path.

const ZIGGURAT_LAYERS = 128;
const ZIGGURAT_R = 3.442619855899; // right edge of the base layer
const ZIGGURAT_V = 9.91256303526217e-3; // the common area of a layer

/**
 * The tables, indexed by the top 8 bits of u (0..255): `edge` holds the layer's right edge x[i],
 * negated for the upper 128 (the sign bit), and `ratio` the fraction x[i+1]/x[i] of the layer
 * inside its rectangle. `x` are the edges themselves, x[0] > x[1] = R > … > x[128] = 0, where
 * x[0] is the base layer's width V/f(R) counting its tail.
 */
interface Ziggurat {
  x: Float64Array;
  edge: Float64Array;
  ratio: Float64Array;
}

function zigguratTables(): Ziggurat {
  const x = new Float64Array(ZIGGURAT_LAYERS + 1);
  x[0] = ZIGGURAT_V / Math.exp(-0.5 * ZIGGURAT_R * ZIGGURAT_R);
  x[1] = ZIGGURAT_R;
  for (let i = 2; i < ZIGGURAT_LAYERS; i++) {
    const prev = x[i - 1]!;
    x[i] = Math.sqrt(-2 * Math.log(ZIGGURAT_V / prev + Math.exp(-0.5 * prev * prev)));
  }
  x[ZIGGURAT_LAYERS] = 0;
  const edge = new Float64Array(2 * ZIGGURAT_LAYERS);
  const ratio = new Float64Array(2 * ZIGGURAT_LAYERS);
  for (let top = 0; top < 2 * ZIGGURAT_LAYERS; top++) {
    const i = top & (ZIGGURAT_LAYERS - 1);
    edge[top] = top < ZIGGURAT_LAYERS ? x[i]! : -x[i]!;
    ratio[top] = x[i + 1]! / x[i]!;
  }
  return { x, edge, ratio };
}

const { x: X, edge: EDGE, ratio: RATIO } = /* @__PURE__ */ zigguratTables();

// A draw is redrawn with probability ~0.5% (a rejected wedge point or tail pair): 10⁴ in a row
// happen to a uniform generator never, and to a constant or stuck one at once. Stop there.
const MAX_REJECTIONS = 10_000;

/**
 * Everything outside a rectangle, for the uniform u = rng.next() whose top 8 bits `top` and
 * fraction `f` missed it: first the check of u (every u outside [0, 1) lands here, its top
 * being outside 0..255 where no table entry is), then the base layer's tail or a layer's
 * wedge; a rejected point starts a fresh draw, in this loop rather than by recursion.
 */
function zigguratSlow(rng: Rng, where: string, u: number, top: number, f: number): number {
  for (let attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
    if (typeof u !== "number" || !(u >= 0 && u < 1)) throw badUniform(where, u);
    if (f < RATIO[top]!) return f * EDGE[top]!; // a fresh draw inside a rectangle
    const layer = top & (ZIGGURAT_LAYERS - 1);
    const negative = top >= ZIGGURAT_LAYERS;
    if (layer === 0) {
      // The tail beyond R: Marsaglia's method, with 1 − u in (0, 1] so the logs are finite.
      for (let tries = 0; tries < MAX_REJECTIONS; tries++) {
        const u1 = rng.next();
        const u2 = rng.next();
        if (typeof u1 !== "number" || !(u1 >= 0 && u1 < 1)) throw badUniform(where, u1);
        if (typeof u2 !== "number" || !(u2 >= 0 && u2 < 1)) throw badUniform(where, u2);
        const t = Math.log(1 - u1) / ZIGGURAT_R;
        if (-2 * Math.log(1 - u2) >= t * t) return negative ? t - ZIGGURAT_R : ZIGGURAT_R - t;
      }
      break;
    }
    const xi = X[layer]!;
    const xj = X[layer + 1]!;
    const v = f * xi;
    const f0 = Math.exp(-0.5 * (xi * xi - v * v));
    const f1 = Math.exp(-0.5 * (xj * xj - v * v));
    const w = rng.next();
    if (typeof w !== "number" || !(w >= 0 && w < 1)) throw badUniform(where, w);
    if (f1 + w * (f0 - f1) < 1) return negative ? -v : v;
    u = rng.next();
    const t = u * 256;
    top = Math.floor(t);
    f = t - top;
  }
  throw new RangeError(
    `${where}: the normal sampler rejected rng's output ${MAX_REJECTIONS} times in a row; rng.next() does not look uniform`,
  );
}

/**
 * One standard normal draw N(0, 1) by the ziggurat method: usually one uniform and one
 * multiply. Used by every Gaussian sampler in ptheta. A value of `rng.next()` outside [0, 1)
 * throws a RangeError naming `rng` (prefixed with `where`).
 *
 * @example
 * ```ts
 * const z = standardNormal(createRng(7));
 * ```
 */
export function standardNormal(rng: Rng, where = "Gaussian.sample"): number {
  const u = rng.next();
  const t = u * 256;
  const top = Math.floor(t);
  const f = t - top;
  // For u in [0, 1), top is 0..255; anything else reads past the tables (undefined: the test
  // fails) or, for a non-number, fails the typeof: both go to zigguratSlow, which throws.
  if (f < RATIO[top]! && typeof u === "number") return f * EDGE[top]!;
  return zigguratSlow(rng, where, u, top, f);
}

/**
 * Fills out[0..n) with N(mean, std²) draws: the body of `standardNormal` inlined, and the
 * location-scale step μ + σ·z applied as each draw is stored rather than in a second pass.
 * The draws are those of `standardNormal` on the same rng, one after the other, whichever rng
 * it is (createRng's is read word by word, to the same effect). On a bad uniform it throws (see
 * `standardNormal`), with out[0..i) already written.
 */
export function fillNormal(rng: Rng, out: Float64Array, n: number, mean = 0, std = 1, where = "Gaussian.sample"): void {
  if (rng instanceof Xorgens4096) fillNormalFromWords(rng, out, n, mean, std, where);
  else fillNormalFromUniforms(rng, out, n, mean, std, where);
}

function fillNormalFromUniforms(
  rng: Rng,
  out: Float64Array,
  n: number,
  mean: number,
  std: number,
  where: string,
): void {
  // The inner loop is the rectangle case only: one next(), one floor, two table reads, a
  // multiply and a store, with no call in it. The ~1.2% of draws outside a rectangle, and any
  // bad uniform (whose top reads past the tables), break out to zigguratSlow and resume.
  let i = 0;
  while (i < n) {
    let u = 0;
    let top = 0;
    let f = 0;
    for (; i < n; i++) {
      u = rng.next();
      const t = u * 256;
      top = Math.floor(t);
      f = t - top;
      if (!(f < RATIO[top]! && typeof u === "number")) break;
      out[i] = mean + std * (f * EDGE[top]!);
    }
    if (i < n) out[i++] = mean + std * zigguratSlow(rng, where, u, top, f);
  }
}

const TWO_TO_MINUS_13 = 1.220703125e-4;
const TWO_TO_MINUS_21 = 4.76837158203125e-7;
const TWO_TO_MINUS_45 = 2.842170943040401e-14;
const TWO_TO_MINUS_53 = 1.1102230246251565e-16;

/**
 * `fillNormal` on createRng's generator, from its 32-bit words: the same draws at ~1.25× the
 * cost of bare uniforms instead of ~1.6×. A draw's uniform is u = (a >>> 11)·2⁻²¹ + b·2⁻⁵³
 * for the next two words a, b (Xorgens4096.next); then t = 256u has the integer part a >>> 24
 * and the fraction ((a >>> 11) & 0x1fff)·2⁻¹³ + b·2⁻⁴⁵, both exact, so the double, its floor and
 * the subtraction are skipped without changing a bit. The generator's step (rng.ts, word for
 * word) is written out with its index and Weyl value in locals, which V8 keeps in registers;
 * they are written back before the slow path, which draws through `rng.next()`, and at the end.
 */
function fillNormalFromWords(
  g: Xorgens4096,
  out: Float64Array,
  n: number,
  mean: number,
  std: number,
  where: string,
): void {
  const x = g.x;
  let i = g.i;
  let w = g.w;
  let k = 0;
  while (k < n) {
    let a = 0;
    let b = 0;
    let top = 0;
    let f = 0;
    for (; k < n; k++) {
      w = (w + 0x61c88647) | 0;
      let v = x[(i + 34) & 127]!;
      i = (i + 1) & 127;
      let t = x[i]!;
      v ^= v << 13;
      t ^= t << 17;
      v ^= v >>> 15;
      t ^= t >>> 12;
      v = x[i] = v ^ t;
      a = (v + (w ^ (w >>> 16))) | 0;
      w = (w + 0x61c88647) | 0;
      v = x[(i + 34) & 127]!;
      i = (i + 1) & 127;
      t = x[i]!;
      v ^= v << 13;
      t ^= t << 17;
      v ^= v >>> 15;
      t ^= t >>> 12;
      v = x[i] = v ^ t;
      b = (v + (w ^ (w >>> 16))) | 0;
      top = a >>> 24;
      f = ((a >>> 11) & 0x1fff) * TWO_TO_MINUS_13 + (b >>> 0) * TWO_TO_MINUS_45;
      // f = 0 is rare (2⁻⁴⁵) and includes u = 0, which next() redraws: both leave this loop.
      if (!(f < RATIO[top]!) || f === 0) break;
      out[k] = mean + std * (f * EDGE[top]!);
    }
    if (k < n) {
      g.i = i;
      g.w = w;
      const u = (a >>> 11) * TWO_TO_MINUS_21 + (b >>> 0) * TWO_TO_MINUS_53;
      out[k++] = mean + std * (u === 0 ? standardNormal(g, where) : zigguratSlow(g, where, u, top, f));
      i = g.i;
      w = g.w;
    }
  }
  g.i = i;
  g.w = w;
}
