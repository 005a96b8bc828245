// Semi-supervised learning on the handwritten digits: 100 labelled training images and 1337
// unlabelled ones. Naive Bayes on the labelled images alone, semi-supervised EM (the unlabelled
// images weighted 1, then 0.3), and the components of a mixture fitted without labels, named
// by the labelled images, each scored on the same held-out images over ten random choices of
// the 100. docs/learning-without-labels.md shows the regions below; this script also draws
// docs/images/digits-semi-supervised.svg.
//
// Run: npx tsx examples/digits-semi-supervised.ts
import { chart, palette, writeSvg, type Layer } from "./svg.js";

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`examples/digits-semi-supervised.ts: ${what}`);
}

// #region setup
// The data, the split and the mixture of examples/digits.ts (the guide shows them there).
import { Mixture, createRng } from "../src/index.js";
import { loadDigits } from "./digits-data.js";

const { pixels, digits } = loadDigits();
const X = pixels.map((image) => image.map((v) => (v > 8 ? 1 : 0)));
const test = X.map((_, i) => i % 5 === 0);
const Xtrain = X.filter((_, i) => !test[i]);
const ytrain = digits.filter((_, i) => !test[i]);
const Xtest = X.filter((_, i) => test[i]);
const ytest = digits.filter((_, i) => test[i]);
const K = 20;
const mixture = Mixture.fit(Xtrain, { nComponents: K, features: "bernoulli", rng: createRng(1), nInit: 3 });
const accuracy = (predicted: number[]) => predicted.filter((d, i) => d === ytest[i]).length / ytest.length;
// #endregion

// #region hide
/** The labels with all but `n` of them, drawn at random, replaced by null (unlabelled). */
function keepLabels(labels: number[], n: number, seed: number): (number | null)[] {
  const rng = createRng(seed);
  const order = labels.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1)); // a Fisher–Yates shuffle
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const kept = new Set(order.slice(0, n));
  return labels.map((d, i) => (kept.has(i) ? d : null));
}
// #endregion

// #region compare
import { NaiveBayes } from "../src/index.js";

/** Held-out accuracy of four ways to use 100 labels, for one random choice of them. */
function compare(seed: number): number[] {
  const y = keepLabels(ytrain, 100, seed);
  const kept = y.flatMap((d, i) => (d === null ? [] : [i]));
  const yKept = kept.map((i) => y[i]!);
  // 1. Naive Bayes on the 100 labelled images alone.
  const alone = NaiveBayes.fit(
    kept.map((i) => Xtrain[i]!),
    yKept,
    { features: "bernoulli" },
  );
  // 2. Semi-supervised EM: all 1437 images; null marks the unlabelled ones.
  const em = NaiveBayes.fit(Xtrain, y, { features: "bernoulli" });
  // 3. The same, with each unlabelled image weighted 0.3 (Nigam et al.'s λ).
  const sampleWeight = y.map((d) => (d === null ? 0.3 : 1));
  const damped = NaiveBayes.fit(Xtrain, y, { features: "bernoulli", sampleWeight });
  // 4. The mixture's components, fitted without labels, named by the labelled images: p(y | z).
  const z = mixture.predict(Xtrain);
  const naming = NaiveBayes.fit(
    kept.map((i) => [z[i]!]),
    yKept,
    { features: "categorical", minCategories: K },
  );
  const zTest = Array.from(mixture.predict(Xtest), (k) => [k]);
  return [alone.predict(Xtest), em.predict(Xtest), damped.predict(Xtest), naming.predict(zTest)].map(accuracy);
}

console.log(compare(1)); // [0.80…, 0.82…, 0.82…, 0.85…]
// #endregion

// #region average
// The 100 labelled images matter: average over ten random choices of them.
const runs = Array.from({ length: 10 }, (_, s) => compare(s + 1));
const mean = [0, 1, 2, 3].map((m) => runs.reduce((sum, r) => sum + r[m]!, 0) / runs.length);
console.log(mean); // [0.79…, 0.78…, 0.81…, 0.82…]
// #endregion

const names = [
  "100 labelled images alone",
  "EM with the unlabelled",
  "EM, unlabelled weighted 0.3",
  "mixture components named",
];
const layers: Layer[] = names.flatMap((name, m): Layer[] => [
  {
    type: "points",
    points: runs.map((r, s) => [s + 1 + (m - 1.5) * 0.12, r[m]!]),
    color: palette[m],
    label: `${name} (mean ${mean[m]!.toFixed(2)})`,
  },
  {
    type: "line",
    points: [
      [0.5, mean[m]!],
      [10.5, mean[m]!],
    ],
    color: palette[m],
    dashed: true,
    width: 1.5,
  },
]);
writeSvg(
  "digits-semi-supervised.svg",
  chart(layers, {
    title: "Held-out accuracy with 100 labels, for ten random choices of them",
    xLabel: "choice of the 100 labelled images",
    yLabel: "held-out accuracy",
    width: 720,
    height: 400,
    x: [0.5, 10.5],
    y: [0.55, 0.95],
    legend: "bottom-right",
  }),
);
check(mean[3]! > mean[0]!, "the named components beat Naive Bayes on the labelled images alone");
