// A vectorisable exp (issue 22, item 2) against Math.exp, and skipping exp for terms that
// underflow anyway: measurements for the decision, nothing adopted.
//
// - tableExp: Tang's method. x = (64k + j)·ln2/64 + r with |r| ≤ ln2/128 (the rounding by the
//   1.5·2⁵² shift, r by a two-part ln2/64 so that n·L1 is exact), then
//   e^x = 2^k · 2^(j/64) · e^r with 2^(j/64) from a 64-entry table held as hi + lo (each hi
//   correctly rounded, from mpmath) and e^r − 1 by a degree-6 Taylor polynomial (its truncation
//   is below 3e-20 relative). No branch per element but the domain check, so the same steps run
//   in SIMD lanes. Its accuracy is judged against mpmath's correctly rounded e^x when Python and
//   mpmath are there (in ulps), and against Math.exp always.
// - Skipping: in the responsibilities, exp(a − max) for a − max < −745.2 is 0 in doubles (the
//   smallest subnormal is e^−744.4), so skipping those terms changes no bit; how often it fires on
//   W8's data and what it saves are measured.
import { spawnSync } from "node:child_process";
import { createRng, Mixture } from "../src/index.js";
import { responsibilities } from "./hand-loops.js";
import { sideBySide } from "./harness.js";
import { problem, startMixture } from "./mixture.js";

/** 2^(j/64), correctly rounded (mpmath), and the remainder 2^(j/64) − hi. */
const TABLE_HI = Float64Array.of(
  1.0,
  1.0108892860517005,
  1.0218971486541166,
  1.0330248790212284,
  1.0442737824274138,
  1.0556451783605572,
  1.0671404006768237,
  1.0787607977571199,
  1.0905077326652577,
  1.102382583307841,
  1.1143867425958924,
  1.1265216186082418,
  1.1387886347566916,
  1.1511892299529827,
  1.1637248587775775,
  1.1763969916502812,
  1.189207115002721,
  1.202156731452703,
  1.215247359980469,
  1.22848053610687,
  1.241857812073484,
  1.255380757024691,
  1.2690509571917332,
  1.2828700160787783,
  1.2968395546510096,
  1.3109612115247644,
  1.3252366431597413,
  1.339667524053303,
  1.3542555469368927,
  1.3690024229745905,
  1.383909881963832,
  1.3989796725383112,
  1.4142135623730951,
  1.42961333839197,
  1.4451808069770467,
  1.460917794180647,
  1.4768261459394993,
  1.4929077282912648,
  1.5091644275934228,
  1.5255981507445384,
  1.5422108254079407,
  1.559004400237837,
  1.5759808451078865,
  1.593142151342267,
  1.6104903319492543,
  1.6280274218573478,
  1.645755478153965,
  1.6636765803267364,
  1.681792830507429,
  1.7001063537185235,
  1.718619298122478,
  1.7373338352737062,
  1.7562521603732995,
  1.7753764925265212,
  1.7947090750031072,
  1.8142521755003989,
  1.8340080864093424,
  1.8539791250833855,
  1.8741676341103,
  1.8945759815869656,
  1.9152065613971474,
  1.9360617934922943,
  1.9571441241754002,
  1.978456026387951,
);
const TABLE_LO = Float64Array.of(
  0.0,
  -1.5234778603368577e-17,
  5.109225028973444e-17,
  7.600838874027088e-18,
  8.551889705537965e-17,
  1.759325738772092e-18,
  -7.899853966841582e-17,
  -6.656660436056593e-17,
  -3.046782079812471e-17,
  5.2660368715706944e-17,
  1.0410278456845571e-16,
  5.165856758795457e-17,
  8.912812676025408e-17,
  3.250710218863827e-17,
  3.8292048369240935e-17,
  5.554203254218079e-17,
  3.982015231465646e-17,
  6.644981499252301e-17,
  -7.712630692681488e-17,
  -1.89878163130253e-17,
  4.658027591836937e-17,
  -6.7113898212968784e-18,
  2.667932131342186e-18,
  1.713594918243561e-17,
  2.5382502794888315e-17,
  -7.181536135519454e-17,
  -2.8587312100388614e-17,
  8.927282594831732e-17,
  7.70094837980299e-17,
  9.593797919118849e-17,
  -6.770511658794786e-17,
  -9.614213209051323e-17,
  -9.667293313452913e-17,
  -1.2031642489053655e-17,
  -3.0237581349939873e-17,
  -5.600377186075216e-17,
  -3.483994556892796e-17,
  1.4192920154284036e-17,
  -1.016455327754295e-16,
  -1.1024941712342561e-16,
  7.949834809697621e-17,
  3.7812070533575275e-17,
  -1.0136916471278304e-17,
  -1.0094406542311964e-16,
  2.4707192569797888e-17,
  -6.712955084707084e-17,
  -1.0125679913674773e-16,
  5.8909926967131e-17,
  8.199010020581497e-17,
  -8.0237193703977e-18,
  -1.851380418263111e-17,
  3.164389299292957e-17,
  2.960140695448873e-17,
  6.429731796556572e-17,
  1.8227458427912087e-17,
  -9.969531538920349e-17,
  3.283107224245627e-17,
  9.761887490727594e-17,
  -6.122763413004143e-17,
  3.4034035352165297e-17,
  -1.0619946056195963e-16,
  1.0332385960676326e-16,
  8.960767791036668e-17,
  4.0388753109278167e-17,
);
const INV_L = 92.33248261689366; // 64 / ln 2
const L1 = 0.010830424667801708; // ln2/64 with its last 24 bits cleared: n · L1 is exact for |n| < 2²⁹
const L2 = 2.8447437476627285e-11; // ln2/64 − L1
const SHIFT = 6755399441055744; // 1.5 · 2⁵²: adding it rounds to an integer
/** 2^k for k = −1074 … 1023, by index k + 1074. */
const POW2 = Float64Array.from({ length: 2098 }, (_, i) => 2 ** (i - 1074));

/** e^x for every x of `input` into `out`: the table method above. */
export function tableExp(input: Float64Array, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const x = input[i]!;
    if (!(x > -745.2 && x < 709.78)) {
      out[i] = x > 0 ? Infinity : x === x ? 0 : NaN; // outside the range of doubles, or NaN
      continue;
    }
    const t = x * INV_L + SHIFT;
    const m = t - SHIFT; // round(x · 64 / ln 2)
    const r = x - m * L1 - m * L2;
    const mi = m | 0;
    const j = mi & 63;
    const k = (mi - j) / 64;
    const p = r * (1 + r * (1 / 2 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720))))));
    const hi = TABLE_HI[j]!;
    const y = hi + (TABLE_LO[j]! + hi * p);
    // below 2^−1022 in two steps, y · 2^(k + 1022) exactly and then · 2^−1022, rounded once
    out[i] = k >= -1022 ? y * POW2[k + 1074]! : y * POW2[k + 1022 + 1074]! * POW2[-1022 + 1074]!;
  }
}

/**
 * The responsibilities block-wise with tableExp, as a vectorised exp would be used: every row's
 * gaps to its maximum into `gaps`, one tableExp over the block, the log-sum-exps, then the gaps
 * to them and a second tableExp into `a`. Returns Σ log p(x).
 */
function tableResponsibilities(
  a: Float64Array,
  rows: number,
  K: number,
  gaps: Float64Array,
  lse: Float64Array,
): number {
  for (let i = 0; i < rows; i++) {
    let max = -Infinity;
    for (let c = i * K; c < (i + 1) * K; c++) if (a[c]! > max) max = a[c]!;
    for (let c = i * K; c < (i + 1) * K; c++) gaps[c] = a[c]! - max;
    lse[i] = max;
  }
  tableExp(gaps, gaps, rows * K);
  let ll = 0;
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let c = i * K; c < (i + 1) * K; c++) sum += gaps[c]!;
    lse[i] = lse[i]! + Math.log(sum);
    ll += lse[i]!;
    for (let c = i * K; c < (i + 1) * K; c++) gaps[c] = a[c]! - lse[i]!;
  }
  tableExp(gaps, a, rows * K);
  return ll;
}

/** Distance in units in the last place between two non-negative doubles (0 when equal). */
function ulps(a: number, b: number, view: { f: Float64Array; i: BigInt64Array }): number {
  view.f[0] = a;
  view.f[1] = b;
  const d = view.i[0]! - view.i[1]!;
  return Number(d < 0n ? -d : d);
}

const MPMATH_SCRIPT = String.raw`
import json, sys
import mpmath
mpmath.mp.prec = 200
xs = json.load(sys.stdin)
print(json.dumps([float(mpmath.exp(mpmath.mpf(x))) for x in xs]))
`;

/** e^x correctly rounded by mpmath, or null without Python and mpmath. */
function mpmathExp(xs: Float64Array): Float64Array | null {
  const r = spawnSync("/usr/bin/python3", ["-c", MPMATH_SCRIPT], {
    input: JSON.stringify(Array.from(xs)),
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  return r.status === 0 ? Float64Array.from(JSON.parse(r.stdout) as number[]) : null;
}

/** Runs the exp benchmark and prints one line per figure. */
export function runExpBench(opts: { quick: boolean }): void {
  const n = opts.quick ? 100_000 : 2_000_000;
  const runs = opts.quick ? 3 : 7;
  console.log(
    `\nexp for the responsibilities (issue 22, item 2), ${n.toLocaleString("en")} values (best of ${runs}, CPU time)`,
  );
  const rng = createRng(22);
  const wide = Float64Array.from({ length: n }, () => -745 * rng.next()); // a − max: any gap
  const near = Float64Array.from({ length: n }, () => -40 * rng.next()); // gaps that matter
  const out = new Float64Array(n);
  const mathExp = (input: Float64Array) => {
    for (let i = 0; i < n; i++) out[i] = Math.exp(input[i]!);
    return out;
  };
  const t = sideBySide(
    {
      mathWide: () => mathExp(wide),
      tableWide: () => tableExp(wide, out, n),
      mathNear: () => mathExp(near),
      tableNear: () => tableExp(near, out, n),
    },
    runs,
  );
  const line = (name: string, ms: number, base: number) =>
    console.log(`${name.padEnd(52)} ${ms.toFixed(1).padStart(8)} ms  ${(base / ms).toFixed(2)}× Math.exp's speed`);
  line("Math.exp, x in [−745, 0]", t.mathWide.cpu, t.mathWide.cpu);
  line("tableExp, x in [−745, 0]", t.tableWide.cpu, t.mathWide.cpu);
  line("Math.exp, x in [−40, 0]", t.mathNear.cpu, t.mathNear.cpu);
  line("tableExp, x in [−40, 0]", t.tableNear.cpu, t.mathNear.cpu);

  // Accuracy: against Math.exp on every value, against mpmath on a sample (x in [−745, 0] and
  // [−40, 0], normal results only: below 2^−1022 an ulp is absolute, not relative).
  const view = { f: new Float64Array(2), i: new BigInt64Array(0) };
  view.i = new BigInt64Array(view.f.buffer);
  const ours = new Float64Array(n);
  let worstVsMath = 0;
  let differ = 0;
  for (const input of [wide, near]) {
    tableExp(input, ours, n);
    mathExp(input);
    for (let i = 0; i < n; i++) {
      const u = ulps(ours[i]!, out[i]!, view);
      worstVsMath = Math.max(worstVsMath, u);
      if (u !== 0) differ++;
    }
  }
  console.log(
    `  tableExp against Math.exp: at most ${worstVsMath} ulp apart, ${((100 * differ) / (2 * n)).toFixed(3)} % of values differ`,
  );
  const sample = Float64Array.from({ length: 20_000 }, (_, i) => (i % 2 === 0 ? -708 : -40) * rng.next());
  const truth = mpmathExp(sample);
  if (truth === null) console.log("  (mpmath not found: no comparison with correctly rounded values)");
  else {
    const viaTable = new Float64Array(sample.length);
    tableExp(sample, viaTable, sample.length);
    let worstTable = 0;
    let worstMath = 0;
    let wrongTable = 0;
    let wrongMath = 0;
    for (let i = 0; i < sample.length; i++) {
      const a = ulps(viaTable[i]!, truth[i]!, view);
      const b = ulps(Math.exp(sample[i]!), truth[i]!, view);
      worstTable = Math.max(worstTable, a);
      worstMath = Math.max(worstMath, b);
      if (a !== 0) wrongTable++;
      if (b !== 0) wrongMath++;
    }
    console.log(
      `  against mpmath's correctly rounded e^x (${sample.length} values): tableExp at most ${worstTable} ulp (${wrongTable} not correctly rounded), Math.exp at most ${worstMath} ulp (${wrongMath})`,
    );
  }

  // Skipping exps that underflow, on W8's log-joints: at the start and after 20 EM iterations.
  const rows = opts.quick ? 10_000 : 200_000;
  const p = problem(rows, 50, 5);
  const X = { data: p.X, rows, cols: 50 };
  const start = startMixture(p);
  for (const [label, mixture] of [
    ["at the start", start],
    ["after 20 iterations", Mixture.fit(X, { init: start, maxIter: 20, tol: 0 })],
  ] as const) {
    const joint = mixture.predictLogProba(X).data; // log posteriors: the same gaps as log-joints
    let skipped = 0;
    for (let i = 0; i < rows; i++) {
      let max = -Infinity;
      for (let c = 0; c < 5; c++) max = Math.max(max, joint[i * 5 + c]!);
      for (let c = 0; c < 5; c++) if (joint[i * 5 + c]! - max <= -745.2) skipped++;
    }
    const a = new Float64Array(joint.length);
    const b = new Float64Array(joint.length);
    const viaTable = new Float64Array(joint.length);
    const gaps = new Float64Array(joint.length);
    const lse = new Float64Array(rows);
    const s = sideBySide(
      {
        plain: () => (a.set(joint), responsibilities(a, rows, 5, false)),
        skip: () => (b.set(joint), responsibilities(b, rows, 5, true)),
        table: () => (viaTable.set(joint), tableResponsibilities(viaTable, rows, 5, gaps, lse)),
      },
      runs,
    );
    a.set(joint);
    b.set(joint);
    const same =
      responsibilities(a, rows, 5, false) === responsibilities(b, rows, 5, true) && a.every((v, k) => v === b[k]);
    console.log(
      `${`  skip exp below max − 745.2, W8 ${label}`.padEnd(52)} ${s.skip.cpu.toFixed(1).padStart(8)} ms  vs ${s.plain.cpu.toFixed(1)} ms (${(s.plain.cpu / s.skip.cpu).toFixed(2)}×); ${((100 * skipped) / (rows * 5)).toFixed(1)} % of terms skipped; results ${same ? "identical to the bit" : "DIFFER"}`,
    );
    // The same with tableExp, block-wise: its responsibilities against Math.exp's (normal ones).
    viaTable.set(joint);
    const llTable = tableResponsibilities(viaTable, rows, 5, gaps, lse);
    let worst = 0;
    for (let k = 0; k < joint.length; k++) {
      if (a[k]! >= 2.2250738585072014e-308) worst = Math.max(worst, Math.abs(viaTable[k]! - a[k]!) / a[k]!);
    }
    b.set(joint);
    const llMath = responsibilities(b, rows, 5, false);
    console.log(
      `${`  tableExp block-wise, W8 ${label}`.padEnd(52)} ${s.table.cpu.toFixed(1).padStart(8)} ms  vs ${s.plain.cpu.toFixed(1)} ms (${(s.plain.cpu / s.table.cpu).toFixed(2)}×); responsibilities within ${worst.toExponential(1)} relative of Math.exp's, Σ log p(x) ${Math.abs(llTable - llMath).toExponential(1)} apart (absolute: these log-joints are log posteriors, each row's log-sum-exp ≈ 0)`,
    );
  }
}

// Run directly: npx tsx bench/exp.ts [--quick]
if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  runExpBench({ quick: process.argv.includes("--quick") });
}
