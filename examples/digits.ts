// Learning p_data without labels, on handwritten digits: independent pixels (a Product of
// Bernoullis) generate noise; a mixture of such products, fitted by EM, generates digits, and its
// posterior p(z | x) is a representation that lines up with the digits it never saw; BIC and a
// held-out score choose the number of components. docs/learning-without-labels.md shows the
// regions below; this script also draws docs/images/digits-product.svg,
// docs/images/digits-mixture.svg and docs/images/digits-bic.svg.
//
// Run: npx tsx examples/digits.ts
import { chart, imageGrid, palette, sideBySide, writeSvg } from "./svg.js";

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`examples/digits.ts: ${what}`);
}

// #region load
import { Product, createRng } from "../src/index.js";
import { loadDigits } from "./digits-data.js";

const { pixels, digits } = loadDigits(); // 1797 images of 8 × 8 pixels (0..16 of ink), and the digit shown
// Binarise: a pixel is on (1) when more than half its block is ink.
const X = pixels.map((image) => image.map((v) => (v > 8 ? 1 : 0)));
// Hold out every fifth image to score on.
const test = X.map((_, i) => i % 5 === 0);
const Xtrain = X.filter((_, i) => !test[i]);
const ytrain = digits.filter((_, i) => !test[i]);
const Xtest = X.filter((_, i) => test[i]);
const ytest = digits.filter((_, i) => test[i]);
console.log(Xtrain.length, Xtest.length); // 1437 360
// #endregion
check(Xtrain.length === 1437 && Xtest.length === 360, "split");

// #region product
// Every pixel on its own: p(x) = Π_k Bernoulli(x_k; p_k). alpha: 1 adds one pseudo-image of
// each value, so a pixel never on in training is not impossible in a held-out image.
const independent = Product.fit(Xtrain, { features: "bernoulli", alpha: 1 });
console.log(independent.logLikelihood(Xtrain) / Xtrain.length); // -24.42…: the mean log p(x) per image
console.log(independent.logLikelihood(Xtest) / Xtest.length); // -24.49…
const noise = independent.sample(createRng(1), 36); // 36 new images: a Matrix of 36 × 64
// #endregion

/** Some of the images of a matrix or an array of rows, as number arrays for the image grid. */
const images = (rows: ArrayLike<number>[], n: number): number[][] => rows.slice(0, n).map((r) => Array.from(r));
writeSvg(
  "digits-product.svg",
  sideBySide([
    imageGrid(images(Xtest, 36), { side: 8, columns: 6, title: "36 real digits (binarised)" }),
    imageGrid(images(noise.toArray(), 36), { side: 8, columns: 6, title: "36 samples of independent pixels" }),
  ]),
);

// #region mixture
import { Mixture } from "../src/index.js";

// K = 20 products, each a way of writing; EM from 3 seeded k-means++ starts keeps the best.
const K = 20;
const mixture = Mixture.fit(Xtrain, { nComponents: K, features: "bernoulli", rng: createRng(1), nInit: 3 });
console.log(mixture.nIter, mixture.converged); // EM iterations of the best start, and whether it converged
console.log(mixture.logLikelihood(Xtrain) / Xtrain.length); // -17.73…
console.log(mixture.logLikelihood(Xtest) / Xtest.length); // -18.57…: 6 nats per image better than independent pixels
const { X: drawn, z: drawnFrom } = mixture.sample(createRng(2), 36); // 36 new images, and the component of each
// #endregion
check(
  mixture.logLikelihood(Xtest) > independent.logLikelihood(Xtest) + 1000,
  "the mixture scores held-out images far better",
);

// #region represent
// p(z | x): each image as K probabilities, the posterior over the components.
const codes = mixture.predictProba(Xtrain); // a Matrix, Xtrain.length × K

/**
 * Which digits fall in each component (by its most probable one)? The labels are used only to
 * look, never to fit: each component's majority digit, and the purity, the share of images whose
 * component's majority digit is their own.
 */
function lineUp(model: Mixture): { counts: number[][]; majority: number[]; purity: number } {
  const counts = Array.from({ length: model.nComponents }, () => new Array<number>(10).fill(0));
  model.predict(Xtrain).forEach((k, i) => counts[k]![ytrain[i]!]!++);
  const majority = counts.map((c) => c.indexOf(Math.max(...c)));
  const purity = counts.reduce((sum, c) => sum + Math.max(...c), 0) / Xtrain.length;
  return { counts, majority, purity };
}
const { majority, purity } = lineUp(mixture);
console.log(purity); // 0.90…
// Name each component by its majority digit, and read the held-out images with it:
const named = Array.from(mixture.predict(Xtest), (k) => majority[k]!);
console.log(named.filter((d, i) => d === ytest[i]).length / Xtest.length); // 0.84…
// #endregion

// #region classify
import { NaiveBayes } from "../src/index.js";

const accuracy = (predicted: number[]) => predicted.filter((d, i) => d === ytest[i]).length / ytest.length;
// Naive Bayes on the K numbers of p(z | x), and on the 64 pixels themselves:
const onCodes = NaiveBayes.fit(codes, ytrain, { features: "gaussian" });
const onPixels = NaiveBayes.fit(Xtrain, ytrain, { features: "bernoulli" });
console.log(accuracy(onCodes.predict(mixture.predictProba(Xtest)))); // 0.80…
console.log(accuracy(onPixels.predict(Xtest))); // 0.86…
// #endregion

// Component means p(x_k = 1 | z), ordered and labelled by their majority digit and its share,
// beside 36 samples labelled with the majority digit of the component each came from.
const { counts } = lineUp(mixture);
const order = majority.map((_, k) => k).sort((a, b) => majority[a]! - majority[b]! || a - b);
const means = order.map((k) => mixture.components[k]!.marginals.map((m) => m.mean));
const shares = order.map((k) => {
  const total = counts[k]!.reduce((a, b) => a + b, 0);
  return `${majority[k]} · ${Math.round((100 * Math.max(...counts[k]!)) / Math.max(1, total))}%`;
});
writeSvg(
  "digits-mixture.svg",
  sideBySide([
    imageGrid(means, { side: 8, columns: 5, labels: shares, title: `The ${K} component means` }),
    imageGrid(images(drawn.toArray(), 36), {
      side: 8,
      columns: 6,
      labels: Array.from(drawnFrom, (k) => `from a ${majority[k]}`),
      title: "36 samples of the mixture",
    }),
  ]),
);

// #region bic
// One fit per K (one start each, to keep it quick): BIC on the training images, and the
// log-likelihood per image on the held-out ones.
const sizes = [2, 5, 10, 15, 20, 30];
const fits = sizes.map((k) => Mixture.fit(Xtrain, { nComponents: k, features: "bernoulli", rng: createRng(1) }));
const bic = fits.map((m) => m.bic(Xtrain));
const heldOutScore = fits.map((m) => m.logLikelihood(Xtest) / Xtest.length);
console.log(sizes[bic.indexOf(Math.min(...bic))]); // 10: the K that BIC prefers
console.log(sizes[heldOutScore.indexOf(Math.max(...heldOutScore))]); // 30: the K that scores held-out images best
console.log(fits.map((m) => lineUp(m).purity)); // [0.20…, 0.45…, 0.71…, 0.79…, 0.85…, 0.86…]
// #endregion

writeSvg(
  "digits-bic.svg",
  sideBySide([
    chart(
      [
        { type: "line", points: sizes.map((k, i) => [k, bic[i]! / 1000]), color: palette[0] },
        { type: "points", points: sizes.map((k, i) => [k, bic[i]! / 1000]), color: palette[0] },
      ],
      {
        title: "BIC on the training images (lower is better)",
        xLabel: "K, the number of components",
        yLabel: "BIC / 1000",
        width: 460,
        height: 340,
        x: [0, 32],
        y: [55, 70],
      },
    ),
    chart(
      [
        { type: "line", points: sizes.map((k, i) => [k, heldOutScore[i]!]), color: palette[2] },
        { type: "points", points: sizes.map((k, i) => [k, heldOutScore[i]!]), color: palette[2] },
        {
          type: "line",
          points: [
            [0, independent.logLikelihood(Xtest) / Xtest.length],
            [32, independent.logLikelihood(Xtest) / Xtest.length],
          ],
          color: palette[4],
          dashed: true,
          label: "independent pixels",
        },
      ],
      {
        title: "Held-out log-likelihood per image",
        xLabel: "K, the number of components",
        yLabel: "mean log p(x), higher is better",
        width: 460,
        height: 340,
        x: [0, 32],
        y: [-25, -18],
        legend: "top-left",
      },
    ),
  ]),
);
