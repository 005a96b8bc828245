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

/**
 * The layer edges x[0..128] (R = 3.442619855899 and a common layer area V = 9.91256303526217e-3),
 * written out rather than computed at load time: their recurrence
 * x[i] = √(−2 log(V/x[i−1] + exp(−x[i−1]²/2))) goes through Math.log and Math.exp, whose last
 * bit differs between JavaScript engines (Node's V8 and a browser's give different edges for
 * some layers), and every draw of the fast path is u · x[layer]. These are the values that
 * recurrence gives in Node 20, so seeded streams are the same everywhere.
 */
const EDGES = [
  3.7130862467425505, 3.442619855899, 3.2230849845811416, 3.0832288582168683, 2.9786962526477803, 2.894344007021529,
  2.8231253505489105, 2.761169372387177, 2.7061135731218195, 2.6564064112613597, 2.6109722484318474, 2.569033625924938,
  2.5300096723888275, 2.493454522095372, 2.4590181774118305, 2.42642064553375, 2.3954342780110625, 2.3658713701176386,
  2.3375752413392368, 2.310413683698763, 2.2842740596774718, 2.2590595738691985, 2.2346863955909795, 2.2110814088787034,
  2.188180432076049, 2.165926793748922, 2.1442701823603953, 2.1231657086739766, 2.1025731351892385, 2.082456237992017,
  2.0627822745083084, 2.0435215366550676, 2.0246469733773855, 2.006133869963472, 1.98795957412762, 1.9701032608543265,
  1.9525457295535567, 1.9352692282966228, 1.9182573008645099, 1.901494653105151, 1.884967035707759, 1.8686611409944884,
  1.852564511728091, 1.8366654602584458, 1.8209529965961253, 1.8054167642192283, 1.7900469825998584, 1.7748343955860693,
  1.7597702248995934, 1.7448461281138004, 1.7300541605637305, 1.7153867407136676, 1.7008366185699169,
  1.6863968467791681, 1.672060754097601, 1.6578219209540241, 1.6436741568628686, 1.6296114794706347, 1.615628095043161,
  1.6017183802213781, 1.5878768648905761, 1.5740982160230008, 1.560377222366169, 1.5467087798599104, 1.5330878776740433,
  1.5195095847659401, 1.5059690368632033, 1.492461423781354, 1.4789819769899242, 1.4655259573427108, 1.4520886428892246,
  1.4386653166845633, 1.42525125451406, 1.4118417124470577, 1.3984319141310053, 1.3850170377326518, 1.3715922024273426,
  1.3581524543301435, 1.344692751753547, 1.3312079496656273, 1.317692783209414, 1.3041418501286168, 1.2905495919261967,
  1.2769102735601556, 1.263217961454621, 1.2494664995730684, 1.2356494832633627, 1.2217602305399964, 1.2077917504159497,
  1.1937367078331287, 1.1795873846639882, 1.1653356361647524, 1.1509728421488674, 1.1364898520131608,
  1.1218769225825422, 1.107123647534036, 1.0922188769072774, 1.0771506248928957, 1.0619059636948243, 1.0464709007640454,
  1.0308302360681956, 1.0149673952513303, 0.9988642334929834, 0.9825008035154289, 0.9658550794011498,
  0.9489026255113062, 0.9316161966151506, 0.913965251023032, 0.8959153525809375, 0.8774274291129233, 0.858456843193813,
  0.8389522142975772, 0.8188539067003571, 0.7980920606440567, 0.7765839878947595, 0.7542306644540553,
  0.7309119106424885, 0.706479611335436, 0.6807479186691542, 0.6534786387399748, 0.6243585973360503, 0.5929629424714479,
  0.5586921784081847, 0.5206560387620601, 0.4774378372966893, 0.4265479863554229, 0.3628714310970313,
  0.27232086481396384, 0,
];

function zigguratTables(): Ziggurat {
  const x = Float64Array.from(EDGES);
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
