// Distribution hot paths against hand-written typed-array loops that compute the same numbers.
import { Categorical, createRng, Gaussian, type Rng } from "../src/index.js";
import { report, time } from "./harness.js";

export function runDistributionBench(opts: { quick: boolean }): void {
  const n = opts.quick ? 1_000_000 : 10_000_000;
  const runs = opts.quick ? 3 : 5;
  console.log(`\nDistributions, n = ${n.toLocaleString("en")} values in a Float64Array (best of ${runs})`);
  const rng = createRng(1);
  const g = new Gaussian(3, 2);
  const data = g.sample(rng, n);

  // Σ log N(x | μ, σ): the hand loop is the textbook one, a plain sum of z².
  const ll = time(() => g.logLikelihood(data), runs);
  const llHand = time(() => {
    let s = 0;
    for (let i = 0; i < data.length; i++) {
      const z = (data[i]! - 3) / 2;
      s += z * z;
    }
    return -0.5 * s - data.length * (Math.log(2) + 0.5 * Math.log(2 * Math.PI));
  }, runs);
  report("Gaussian.logLikelihood (compensated)", ll, llHand, 1.2);

  // MLE: two passes, mean then Σ (x − mean)².
  const fit = time(() => Gaussian.fit(data), runs);
  const fitHand = time(() => {
    let s = 0;
    for (let i = 0; i < data.length; i++) s += data[i]!;
    const mean = s / data.length;
    let ss = 0;
    for (let i = 0; i < data.length; i++) {
      const d = data[i]! - mean;
      ss += d * d;
    }
    return [mean, Math.sqrt(ss / data.length)];
  }, runs);
  report("Gaussian.fit (validated, compensated two-pass)", fit, fitHand, 1.2);

  // Categorical with K = 16: fit, then the log-likelihood of the same data.
  const k = 16;
  const cats = new Categorical(new Array<number>(k).fill(1 / k)).sample(rng, n);
  const cat = time(() => Categorical.fit(cats, { k }).logLikelihood(cats), runs);
  const catHand = time(() => {
    const counts = new Float64Array(k);
    for (let i = 0; i < cats.length; i++) counts[cats[i]!]!++;
    const logP = new Float64Array(k);
    for (let j = 0; j < k; j++) logP[j] = Math.log(counts[j]! / cats.length);
    const again = new Float64Array(k);
    for (let i = 0; i < cats.length; i++) again[cats[i]!]!++;
    let s = 0;
    for (let j = 0; j < k; j++) if (again[j]! > 0) s += again[j]! * logP[j]!;
    return s;
  }, runs);
  report("Categorical.fit + logLikelihood (K = 16)", cat, catHand, 1.2);

  // n seeded normal draws into a reused buffer; the hand loop is Marsaglia's polar method on
  // the same generator, the usual hand-written sampler.
  const out = new Float64Array(n);
  const sample = time(() => g.sample(createRng(7), n, out), runs);
  const polar = (r: Rng) => {
    for (let i = 0; i < n; i += 2) {
      let u: number, v: number, s: number;
      do {
        u = 2 * r.next() - 1;
        v = 2 * r.next() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      out[i] = 3 + 2 * u * f;
      if (i + 1 < n) out[i + 1] = 3 + 2 * v * f;
    }
    return out;
  };
  const sampleHand = time(() => polar(createRng(7)), runs);
  report("Gaussian.sample(rng, n, out) (ziggurat)", sample, sampleHand, 1.2);
  const uniforms = time(() => {
    const r = createRng(7);
    for (let i = 0; i < n; i++) out[i] = r.next();
    return out;
  }, runs);
  console.log(`${"  (for scale: n uniforms from createRng alone)".padEnd(52)} ${uniforms.toFixed(1).padStart(8)} ms`);
}
