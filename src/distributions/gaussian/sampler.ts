import type { Rng } from "../../core/rng.js";

// ---- Sampling: the ziggurat of Marsaglia & Tsang (2000) in Doornik's (2005) form ----
//
// 128 layers of equal area under the half-density exp(−x²/2). A draw picks a layer and a
// point in it; ~98.8% of points fall inside the layer's rectangle and are returned after one
// multiply. The rest are resolved in the wedge (one exp) or, for the base layer, in the tail
// beyond R by Marsaglia's exponential method. The layer, the sign and the position all come
// from one uniform: the top 8 bits choose layer and sign, the remaining bits the position, so
// most draws cost a single call to rng.next().

const ZIGGURAT_LAYERS = 128;
const ZIGGURAT_R = 3.442619855899; // right edge of the base layer
const ZIGGURAT_V = 9.91256303526217e-3; // the common area of a layer
let zigX: Float64Array | undefined; // layer edges x[0] > x[1] = R > … > x[128] = 0
let zigRatio: Float64Array | undefined; // x[i+1] / x[i]: below it a point is inside the rectangle

function zigguratTables(): [Float64Array, Float64Array] {
  if (zigX === undefined || zigRatio === undefined) {
    const x = new Float64Array(ZIGGURAT_LAYERS + 1);
    const f = Math.exp(-0.5 * ZIGGURAT_R * ZIGGURAT_R);
    x[0] = ZIGGURAT_V / f;
    x[1] = ZIGGURAT_R;
    for (let i = 2; i < ZIGGURAT_LAYERS; i++) {
      const prev = x[i - 1]!;
      x[i] = Math.sqrt(-2 * Math.log(ZIGGURAT_V / prev + Math.exp(-0.5 * prev * prev)));
    }
    x[ZIGGURAT_LAYERS] = 0;
    const ratio = new Float64Array(ZIGGURAT_LAYERS);
    for (let i = 0; i < ZIGGURAT_LAYERS; i++) ratio[i] = x[i + 1]! / x[i]!;
    zigX = x;
    zigRatio = ratio;
  }
  return [zigX, zigRatio];
}

function zigguratSlow(rng: Rng, x: Float64Array, layer: number, u: number, negative: boolean): number {
  if (layer === 0) {
    // The tail beyond R: Marsaglia's method, with 1 − next() in (0, 1] so the logs are finite.
    let t: number;
    let y: number;
    do {
      t = Math.log(1 - rng.next()) / ZIGGURAT_R;
      y = Math.log(1 - rng.next());
    } while (-2 * y < t * t);
    return negative ? t - ZIGGURAT_R : ZIGGURAT_R - t;
  }
  const v = u * x[layer]!;
  const f0 = Math.exp(-0.5 * (x[layer]! * x[layer]! - v * v));
  const f1 = Math.exp(-0.5 * (x[layer + 1]! * x[layer + 1]! - v * v));
  if (f1 + rng.next() * (f0 - f1) < 1) return negative ? -v : v;
  return standardNormal(rng);
}

/**
 * One standard normal draw N(0, 1) by the ziggurat method: usually one uniform and one
 * multiply. Used by every Gaussian sampler in ptheta.
 *
 * @example
 * ```ts
 * const z = standardNormal(createRng(7));
 * ```
 */
export function standardNormal(rng: Rng): number {
  const [x, ratio] = zigguratTables();
  const t = rng.next() * 256;
  const top = Math.floor(t);
  const layer = top & 127;
  const u = t - top; // the bits below the top 8, uniform in [0, 1)
  if (u < ratio[layer]!) return top < 128 ? u * x[layer]! : -u * x[layer]!;
  return zigguratSlow(rng, x, layer, u, top >= 128);
}

/**
 * Fills out[0..n) with N(mean, std²) draws: the body of `standardNormal` inlined, and the
 * location-scale step μ + σ·z applied as each draw is stored rather than in a second pass.
 */
export function fillNormal(rng: Rng, out: Float64Array, n: number, mean = 0, std = 1): void {
  const [x, ratio] = zigguratTables();
  for (let i = 0; i < n; i++) {
    const t = rng.next() * 256;
    const top = Math.floor(t);
    const layer = top & 127;
    const u = t - top;
    const z =
      u < ratio[layer]! ? (top < 128 ? u * x[layer]! : -u * x[layer]!) : zigguratSlow(rng, x, layer, u, top >= 128);
    out[i] = mean + std * z;
  }
}
