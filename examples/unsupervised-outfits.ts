// Learning p_data without labels, on a small table: a Product of independent columns fits the
// looks of 72 people (hair, colour, hat, glasses, height and style), generates new outfits (most of them combinations nobody wore), and is scored
// on 18 people it never saw. It also shows where independence fails: the style and the colour
// of the top go together in the data, not in the samples. docs/learning-without-labels.md shows
// the regions below; this script also draws docs/images/outfits-product.svg.
//
// Run: npx tsx examples/unsupervised-outfits.ts
import { matrixChart, sideBySide, writeSvg } from "./svg.js";

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`examples/unsupervised-outfits.ts: ${what}`);
}

// #region fit
import { Product, createRng } from "../src/index.js";
import { loadOutfits, type Outfit } from "./outfits-data.js";

const outfits = loadOutfits(); // 90 people: hair, colour, hat, glasses, height, visits and style
// Keep every fifth person back, to score the model on people it has not seen.
const train = outfits.filter((_, i) => i % 5 !== 0);
const heldOut = outfits.filter((_, i) => i % 5 === 0);

// The columns of a look, each on its own: p(x) = p(hair) · p(colour) · p(hat) · p(glasses) ·
// p(height) · p(style). alpha: 1 adds one pseudo-person to every category.
const columns = ["hair", "colour", "hat", "glasses", "height", "style"];
const product = Product.fit(train, { columns, alpha: 1 });
console.log(String(product.marginals[5])); // "Categorical(probs=[0.24, 0.48, 0.28])": sporty, casual, formal
// #endregion
check(train.length === 72 && heldOut.length === 18, "split");

// #region generate
// New people: each column drawn from its own distribution, decoded back into an object.
const generated = product.sample(createRng(1), 1000);
console.log(generated[0]); // e.g. { hair: "short", colour: "navy", hat: false, glasses: true, height: 184.7…, style: "formal" }
// Most are combinations of hair, colour, hat, glasses and style that nobody in the data wore:
type Row = Partial<Record<keyof Outfit, unknown>>; // a real outfit, or a generated one
const outfit = (o: Row) => [o.hair, o.colour, o.hat, o.glasses, o.style].join(" ");
const worn = new Set(outfits.map(outfit));
console.log(generated.filter((o) => !worn.has(outfit(o))).length); // 572 (of 1000)
// #endregion
check(
  generated.every((o) => typeof o.hat === "boolean" && typeof o.height === "number" && !("visits" in o)),
  "samples are decoded looks",
);

// #region score
// The mean log-likelihood per person, on the people it was fitted to and on the held-out ones:
console.log(product.logLikelihood(train) / train.length); // -8.60…
console.log(product.logLikelihood(heldOut) / heldOut.length); // -8.85…
// #endregion

// #region fails
// Where independence fails: in the data nobody formal wears a green top; in the samples the
// style and the colour are independent, so formal people wear green as often as anyone.
const share = (rows: Row[], style: string, colour: string) =>
  rows.filter((o) => o.style === style && o.colour === colour).length / rows.filter((o) => o.style === style).length;
console.log(share(outfits, "formal", "green")); // 0
console.log(share(generated, "formal", "green")); // 0.26…
// #endregion

// #region mixture
// A latent variable z puts the dependence back: a mixture of three products (fitted by EM, see
// the digits below) scores the held-out people better.
import { Mixture } from "../src/index.js";

const mixture3 = Mixture.fit(train, { nComponents: 3, columns, rng: createRng(1), nInit: 5 });
console.log(mixture3.logLikelihood(heldOut) / heldOut.length); // -8.63…
// #endregion
check(
  mixture3.logLikelihood(heldOut) > product.logLikelihood(heldOut),
  "the mixture scores the held-out people better than the product",
);

// Colour by style, in % of each style: the real table against the generated one.
const styles = ["casual", "sporty", "formal"];
const colours = ["navy", "black", "white", "green", "red"];
const percentages = (rows: Row[]) =>
  styles.map((s) => {
    const ofStyle = rows.filter((o) => o.style === s);
    return colours.map((c) => Math.round((100 * ofStyle.filter((o) => o.colour === c).length) / ofStyle.length));
  });
const options = { rowLabels: styles, colLabels: colours, cell: 60, xLabel: "colour of the top", yLabel: "style" };
writeSvg(
  "outfits-product.svg",
  sideBySide([
    matrixChart(percentages(outfits), { ...options, title: "90 real outfits: % of each style" }),
    // Many samples, so that the picture shows the model rather than the noise of a few draws.
    matrixChart(percentages(product.sample(createRng(3), 20000)), {
      ...options,
      title: "Outfits of the Product: % of each style",
    }),
  ]),
);
