// Tables: the outfits of 90 people (examples/data/outfits.csv) as plain objects. Schema.infer
// reads the kind of each column from its values, encode turns the objects into the numeric
// matrix the models fit, and decode turns a matrix (encoded, or sampled by a model) back into
// objects. Missing values, unseen categories and a saved schema are shown at the end.
//
// Run: npx tsx examples/outfits.ts
// Each import sits in the region (docs/tables.md) that first needs it, so the guide's blocks paste as they are.
// #region load
import { loadOutfits } from "./outfits-data.js";

const outfits = loadOutfits();
console.log(outfits[0]);
// { hair: "bald", colour: "white", hat: false, glasses: false, height: 176, visits: 1, style: "formal" }
// #endregion

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`examples/outfits.ts: ${what}`);
}

// #region infer
import { Schema } from "../src/index.js";

const schema = Schema.infer(outfits, { target: "style", features: { visits: "poisson" } });
console.log(schema.columns); // ["hair", "colour", "hat", "glasses", "height", "visits"]
console.log(schema.kinds); // ["categorical", "categorical", "bernoulli", "bernoulli", "gaussian", "poisson"]
console.log(schema.categories("hair")); // ["bald", "long", "short", "curly"]: order of first appearance
// #endregion
check(schema.columns.join() === "hair,colour,hat,glasses,height,visits", "columns");
check(schema.kinds.join() === "categorical,categorical,bernoulli,bernoulli,gaussian,poisson", "kinds");
check(schema.categories("hair").join() === "bald,long,short,curly", "hair categories");
console.log(String(schema));

// #region encode
const { X, y } = schema.encode(outfits);
console.log(X.rows, X.cols); // 90 6
console.log(X.row(0)); // Float64Array [0, 0, 0, 0, 176, 1]: bald, white, no hat, no glasses, 176 cm, 1 visit
console.log(y!.slice(0, 3)); // ["formal", "sporty", "sporty"]
// #endregion
check(X.rows === 90 && X.cols === 6 && Array.from(X.row(0)).join() === "0,0,0,0,176,1", "encoded row 0");
check(y!.slice(0, 3).join() === "formal,sporty,sporty", "labels");

// #region decode
const back = schema.decode(X);
console.log(back[1]); // { hair: "long", colour: "navy", hat: true, glasses: false, height: 184, visits: 6 }
// Any matrix with one column per feature decodes, e.g. rows a model generated:
console.log(schema.decode([[3, 2, 1, 1, 169.5, 2]]));
// [{ hair: "curly", colour: "red", hat: true, glasses: true, height: 169.5, visits: 2 }]
// #endregion
for (let i = 0; i < outfits.length; i++) {
  const { style: _style, ...features } = outfits[i]!;
  check(JSON.stringify(back[i]) === JSON.stringify(features), `decode(encode(row ${i}))`);
}

// #region options
// Choose and order the features, and say how to model some of them: here the hat as a category
// (true/false in order of first appearance) and the height left out.
const small = Schema.infer(outfits, { target: "style", columns: ["hat", "hair"], features: { hat: "categorical" } });
console.log(small.kinds, small.categories("hat")); // ["categorical", "categorical"] [false, true]
// #endregion
check(small.categories("hat").join() === "false,true", "hat as categories");

// #region missing
// A missing value (null, undefined or an absent key) is an error naming the row and the column…
try {
  schema.encode([{ hair: "long", colour: "red", hat: true, height: 170, visits: 0 }]);
} catch (e) {
  console.log(String(e)); // RangeError: Schema.encode: rows[0].glasses is missing; set missing: "ignore" …
}
// …unless missing: "ignore", which encodes it as NaN: the models leave it out of a score.
const partial = schema.encode([{ hair: "long", colour: "red", hat: true, height: 170, visits: 0 }], {
  missing: "ignore",
});
console.log(partial.X.row(0)); // Float64Array [1, 2, 1, NaN, 170, 0]
// #endregion
check(Number.isNaN(partial.X.get(0, 3)), "missing is NaN");

// #region unseen
// A category never seen in training gets the code one past the last (here 4 for hair, which
// has 4 categories); the models score it as unseen. unseen: "error" refuses it instead.
const punk = { hair: "mohawk", colour: "black", hat: false, glasses: true, height: 180, visits: 2 };
console.log(schema.encode([punk]).X.get(0, 0)); // 4
try {
  schema.encode([punk], { unseen: "error" });
} catch (e) {
  console.log(String(e)); // RangeError: Schema.encode: rows[0].hair is "mohawk", a category of column "hair" never seen …
}
// #endregion
check(schema.encode([punk]).X.get(0, 0) === 4, "unseen code");

// #region json
const saved = JSON.stringify(schema);
const restored = Schema.fromJSON(JSON.parse(saved));
console.log(restored.categories("colour")); // the same categories, so the same codes
// #endregion
check(
  restored.encode(outfits).X.data.every((v, k) => v === X.data[k]),
  "restored schema encodes the same",
);

// #region product
// The models take the rows themselves: a fit infers the schema and keeps it, so later rows are
// encoded the same way and samples come back as objects. A Product fits each column on its own,
// here the columns of a look.
import { Product, createRng } from "../src/index.js";
import { type Outfit } from "./outfits-data.js";

const lookColumns = ["hair", "colour", "hat", "glasses", "height", "style"];
const everyone = Product.fit(outfits, { columns: lookColumns, alpha: 1 });
const invented = everyone.sample(createRng(1), 100); // 100 new people, as objects
// The look of an outfit (height aside): most invented looks were never worn.
const look = (o: Partial<Record<keyof Outfit, unknown>>) => [o.hair, o.colour, o.hat, o.glasses, o.style].join(" ");
const worn = new Set(outfits.map(look));
const neverWorn = invented.filter((o) => !worn.has(look(o)));
console.log(neverWorn.length); // 58 (of 100)
console.log(neverWorn[0]); // e.g. { hair: "short", colour: "white", hat: false, glasses: true, height: 184.3…, style: "casual" }
// #endregion
check(
  invented.every((o) => typeof o.hat === "boolean" && typeof o.hair === "string" && !("visits" in o)),
  "sampled looks are decoded",
);

// #region naive-bayes
// With style as the label: fitted on 72 people, it guesses the style of the 18 others, and
// dresses new people in a given style.
import { NaiveBayes } from "../src/index.js";

const fitted = outfits.filter((_, i) => i % 5 !== 0);
const asked = outfits.filter((_, i) => i % 5 === 0);
const byStyle = NaiveBayes.fit(fitted, { target: "style", columns: ["hair", "colour", "hat", "glasses", "height"] });
console.log(byStyle.classes); // ["casual", "formal", "sporty"]
const guessed = byStyle.predict(asked); // their own style is not read: the target is not a feature
console.log(guessed.filter((style, i) => style === asked[i]!.style).length); // 12 (of 18)
console.log(byStyle.sample(createRng(2), 2, { label: "formal" }).X); // two new formal outfits, as objects
// #endregion
