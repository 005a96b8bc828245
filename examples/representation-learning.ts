// Representation learning on handwritten digits: independent pixels (a Product of Gaussians)
// generate noise; a mixture explains the images by a discrete z; factor analysis and
// probabilistic PCA by a continuous one, x = μ + W z + ε. Their posterior mean E[z | x] places
// every image in a space of a few dimensions, where a line can be walked and decoded back to
// images, and every model gets a held-out log-likelihood and a BIC to compare.
// docs/representation-learning.md shows the regions below; this script also draws
// docs/images/representation-samples.svg, representation-latent.svg, representation-walk.svg
// and representation-scores.svg.
//
// Run: npx tsx examples/representation-learning.ts
import { choleskyInPlace, logDetFromCholesky, solveLower } from "../src/core/linear-algebra/cholesky.js";
import { chart, imageGrid, palette, sideBySide, writeSvg, type Layer } from "./svg.js";

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`examples/representation-learning.ts: ${what}`);
}

// #region load
import { createRng } from "../src/index.js";
import { loadDigits } from "./digits-data.js";

const { pixels, digits } = loadDigits(); // 1797 images of 8 × 8 pixels (0..16 of ink), and the digit shown
// Dequantise: add a uniform draw in [0, 1) to every count, so that each pixel is a continuous
// value in [0, 17) and a density of it is a fair score of the images (see the text).
const noise = createRng(0);
const X = pixels.map((image) => image.map((v) => v + noise.next()));
// Hold out every fifth image to score on, as in "Learning p_data without labels".
const test = X.map((_, i) => i % 5 === 0);
const Xtrain = X.filter((_, i) => !test[i]);
const Xtest = X.filter((_, i) => test[i]);
const ytrain = digits.filter((_, i) => !test[i]);
/** What every model here has: a log-likelihood and a count of its free parameters. */
type Model = { logLikelihood(X: number[][]): number; freeParameters: number };
const perImage = (model: Model) => model.logLikelihood(Xtest) / Xtest.length;
// BIC = −2 log L + p log n on the training images (lower is better), the same formula for all.
const bic = (model: Model) => -2 * model.logLikelihood(Xtrain) + model.freeParameters * Math.log(Xtrain.length);
console.log(Xtrain.length, Xtest.length); // 1437 360
// #endregion
check(Xtrain.length === 1437 && Xtest.length === 360, "split");

// #region independent
import { Product } from "../src/index.js";

// Every pixel a Gaussian of its own: p(x) = Π_j N(x_j; μ_j, σ_j²).
const independent = Product.fit(Xtrain, { features: "gaussian" });
console.log(perImage(independent)); // -148.8…: the mean log p(x) of a held-out image
const independentSamples = independent.sample(createRng(1), 24); // a Matrix of 24 × 64
// #endregion

// #region mixture
import { Mixture } from "../src/index.js";

// A discrete z: ten Gaussian products (diagonal covariances), fitted by EM.
const mixture = Mixture.fit(Xtrain, { nComponents: 10, features: "gaussian", rng: createRng(1) });
console.log(perImage(mixture)); // -126.5…: far better than independent pixels
// #endregion

// #region factor-analysis
import { FactorAnalysis } from "../src/index.js";

// A continuous z: ten factors, x = μ + W z + ε with ε ~ N(0, Ψ), Ψ diagonal.
const fa = FactorAnalysis.fit(Xtrain, { nComponents: 10 });
console.log(fa.converged); // true: the profile log-likelihood changed by less than tol (1e-6)
console.log(perImage(fa)); // -135.3…
// Probabilistic PCA: the same model with one noise variance σ² for every pixel, in closed form.
const ppca = FactorAnalysis.fit(Xtrain, { nComponents: 10, noise: "isotropic" });
console.log(perImage(ppca)); // -160.8…: worse than independent pixels!
console.log(ppca.noiseVariance[0]); // 5.89…: σ², the variance the ten factors leave in every pixel
// Factor analysis gives each pixel its own: from the dequantisation's 1/12 at the empty border
// to most of the variance of a pixel that strokes cross in many ways.
console.log([Math.min(...fa.noiseVariance), Math.max(...fa.noiseVariance)]); // [0.08…, 21.9…]
const { X: faSamples } = fa.sample(createRng(2), 24); // 24 new images
// #endregion

/** Images for the grid: ink 0..16 as grey 0..1 (samples can stray below 0 and above 16). */
const grey = (rows: ArrayLike<number>[]): number[][] =>
  rows.map((r) => Array.from(r, (v) => Math.min(1, Math.max(0, v / 16))));
writeSvg(
  "representation-samples.svg",
  sideBySide([
    imageGrid(grey(Xtest.slice(0, 24)), { side: 8, columns: 4, title: "24 real digits" }),
    imageGrid(grey(independentSamples.toArray()), { side: 8, columns: 4, title: "independent pixels" }),
    imageGrid(grey(faSamples.toArray()), { side: 8, columns: 4, title: "factor analysis, 10 factors" }),
  ]),
);

// #region latent
// Two dimensions to look at: PPCA with k = 2, and E[z | x] for every training image.
const plane = FactorAnalysis.fit(Xtrain, { nComponents: 2, noise: "isotropic" });
const codes = plane.transform(Xtrain); // a Matrix, 1437 × 2
// The labels, which the model never saw, only to look: the mean position of each digit.
const centre = (digit: number): number[] => {
  const rows = codes.toArray().filter((_, i) => ytrain[i] === digit);
  return [0, 1].map((c) => rows.reduce((s, z) => s + z[c]!, 0) / rows.length);
};
console.log(centre(0)); // [-0.4…, -1.4…]
console.log(centre(1)); // [-0.1…, 0.9…]
// #endregion

// The 2-D map, one colour per digit (Okabe–Ito and four more, each digit labelled at its centre).
const tenColours = [...palette, "#000000", "#999999", "#882255", "#44AA99"];
const layers: Layer[] = Array.from({ length: 10 }, (_, digit) => ({
  type: "points" as const,
  points: codes.toArray().flatMap((z, i) => (ytrain[i] === digit ? [[z[0]!, z[1]!] as [number, number]] : [])),
  color: tenColours[digit]!,
  label: String(digit),
  radius: 2,
}));

// #region walk
// A walk in latent space: eight evenly spaced points on the line from the 0s' centre to the
// 1s' centre, each decoded by reconstruct(z) = μ + W z into an image.
const [from, to] = [centre(0), centre(1)];
const steps = Array.from({ length: 8 }, (_, s) => from.map((a, c) => a + (s / 7) * (to[c]! - a)));
const walk = plane.reconstruct(steps); // a Matrix, 8 × 64: the mean image at each point
console.log(walk.rows); // 8
// #endregion

writeSvg(
  "representation-latent.svg",
  chart(
    [
      ...layers,
      { type: "line", points: steps.map((z) => [z[0]!, z[1]!] as [number, number]), color: "#000000", width: 2 },
    ],
    {
      title: "E[z | x] of 1437 digits under PPCA with k = 2, coloured by the digit (never seen)",
      xLabel: "z₁",
      yLabel: "z₂",
      width: 640,
      height: 520,
      // Room on the right for the legend: the codes lie within about ±2.5.
      x: [-2.5, 3.5],
      y: [-2.5, 2.5],
      legend: "top-right",
    },
  ),
);
writeSvg(
  "representation-walk.svg",
  imageGrid(grey(walk.toArray()), {
    side: 8,
    columns: 8,
    pixel: 8,
    labels: steps.map((_, s) => (s === 0 ? "0s' centre" : s === 7 ? "1s' centre" : `step ${s}`)),
    title: "reconstruct(z) along the line from the 0s to the 1s",
  }),
);

/**
 * The full-covariance Gaussian N(μ, S), scored with a Cholesky factor of S: the check below
 * that PPCA with k = d − 1 is the same model. (When MultivariateGaussian lands, this becomes
 * MultivariateGaussian.fit(Xtrain).logLikelihood(Xtest).)
 */
function fullGaussianPerImage(train: number[][], heldOut: number[][]): number {
  const d = train[0]!.length;
  const mean = new Float64Array(d);
  for (const x of train) for (let j = 0; j < d; j++) mean[j]! += x[j]! / train.length;
  const l = new Float64Array(d * d);
  for (const x of train)
    for (let p = 0; p < d; p++)
      for (let q = 0; q <= p; q++) l[p * d + q]! += ((x[p]! - mean[p]!) * (x[q]! - mean[q]!)) / train.length;
  check(choleskyInPlace(l, d), "the covariance of the dequantised pixels is positive definite");
  const constant = -0.5 * (d * Math.log(2 * Math.PI) + logDetFromCholesky(l, d));
  let total = 0;
  const u = new Float64Array(d);
  for (const x of heldOut) {
    for (let j = 0; j < d; j++) u[j] = x[j]! - mean[j]!;
    solveLower(l, d, u); // u ← L⁻¹ (x − μ), so ‖u‖² = (x − μ)ᵀ S⁻¹ (x − μ)
    let q = 0;
    for (let j = 0; j < d; j++) q += u[j]! * u[j]!;
    total += constant - 0.5 * q;
  }
  return total / heldOut.length;
}

// #region compare
// The full-covariance Gaussian is PPCA with k = d − 1: then W Wᵀ + σ² I is exactly the
// covariance of the data, and the free parameters are d + d(d + 1)/2.
const full = FactorAnalysis.fit(Xtrain, { nComponents: 63, noise: "isotropic" });
const models = { independent, mixture, ppca, fa, full };
console.log(Object.values(models).map(perImage)); // [-148.8…, -126.5…, -160.8…, -135.3…, -130.1…]
console.log(Object.values(models).map((m) => m.freeParameters)); // [128, 1289, 660, 723, 2144]
console.log(Object.values(models).map((m) => bic(m) / 1000)); // [432.5…, 364.4…, 465.5…, 394.8…, 386.9…]
// #endregion
const checked = fullGaussianPerImage(Xtrain, Xtest);
check(Math.abs(checked - perImage(full)) < 1e-8 * Math.abs(checked), "PPCA with k = d − 1 is the full Gaussian");

const names = ["independent pixels", "mixture of 10", "PPCA, k = 10", "factor analysis, k = 10", "full covariance"];
const scores = Object.values(models).map(perImage);
const bics = Object.values(models).map((m) => bic(m) / 1000);
/** One bar per model, in its colour; the legend names them. */
const bars = (values: number[], legend: boolean): Layer[] =>
  values.map((y, i) => ({
    type: "bars",
    bins: [{ x0: i + 0.15, x1: i + 0.85, y }],
    color: tenColours[i]!,
    label: legend ? names[i]! : undefined,
  }));
writeSvg(
  "representation-scores.svg",
  sideBySide([
    chart(
      bars(
        scores.map((v) => -v),
        true,
      ),
      {
        title: "−log p(x) per held-out image (lower is better)",
        xLabel: "model",
        yLabel: "nats per image",
        width: 480,
        height: 380,
        x: [0, 5],
        y: [0, 300],
        legend: "top-right",
      },
    ),
    chart(bars(bics, false), {
      title: "BIC on the training images (lower is better)",
      xLabel: "model",
      yLabel: "BIC / 1000",
      width: 480,
      height: 380,
      x: [0, 5],
      y: [0, 600],
    }),
  ]),
);
console.log(names.map((n, i) => `${n}: ${scores[i]!.toFixed(1)} per image, BIC ${bics[i]!.toFixed(0)}k`).join("\n"));
