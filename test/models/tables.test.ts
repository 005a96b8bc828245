/**
 * Tables in the models: NaiveBayes, Product and Mixture fitted to arrays of plain objects.
 *
 * The truth here is computed by hand from the rows, not by the Schema under test: the
 * hand-encoded matrix (categories coded by first appearance, booleans 0/1, numbers as they are),
 * category frequencies counted from the training rows, and the smoothed mass of an unseen
 * category, α / (n_c + α·K). Objects and that matrix must give the same scores to 1e-12;
 * sampled categories must match the model's probabilities within binomial bounds; and every
 * error must name what is wrong and where.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createRng,
  Gaussian,
  MAX_CATEGORIES,
  Mixture,
  NaiveBayes,
  Product,
  type FeatureKind,
  type Label,
  type Matrix,
} from "../../src/index.js";

type Value = string | number | boolean;
type Row = Record<string, Value>;

const STYLES = ["casual", "formal", "sporty"] as const;
const HAIR = ["long", "short", "bald", "curly"] as const;

/** |a − b| / |b| at the worst index (0 when every pair is equal, infinities included). */
function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const e = Math.abs(a[i]! - b[i]!) / Math.abs(b[i]!);
    if (!(e <= worst)) worst = e; // NaN is kept, so it fails every bound
  }
  return worst;
}

/** A Poisson(λ) count by inversion (λ small), so the rows need nothing under test. */
function poissonCount(u: number, lambda: number): number {
  let k = 0;
  let p = Math.exp(-lambda);
  let cdf = p;
  while (u > cdf && k < 1000) {
    k++;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}

/**
 * `n` invented outfits whose features depend on the style, so that the classes differ: hair
 * (4 strings), hat (boolean), height (cm, a number), visits (a count), style (the label). The
 * first rows hold every hair and every style, so any prefix of 20 rows or more has them all.
 */
function outfits(n: number, seed: number): Row[] {
  const rng = createRng(seed);
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const c = i < 12 ? i % 3 : Math.floor(rng.next() * 3);
    const h = i < 12 ? i % 4 : Math.min(3, Math.floor(Math.pow(rng.next(), 1 + c) * 4));
    rows.push({
      hair: HAIR[h]!,
      hat: rng.next() < [0.2, 0.5, 0.8][c]!,
      height: new Gaussian([168, 176, 181][c]!, [6, 8, 7][c]!).sample(rng),
      visits: poissonCount(rng.next(), [1.5, 4, 0.7][c]!),
      style: STYLES[c]!,
    });
  }
  return rows;
}

/** The rows without their label. */
function features(rows: readonly Row[]): Row[] {
  return rows.map(({ style: _style, ...rest }) => rest);
}

/**
 * Hand encoding, from the rules alone: columns in order of first appearance of their keys,
 * categories numbered in order of first appearance, booleans 1/0, numbers as they are.
 */
function handEncode(rows: readonly Row[], target: string | null): { X: number[][]; y: string[]; columns: string[] } {
  const columns: string[] = [];
  for (const row of rows)
    for (const key of Object.keys(row)) if (key !== target && !columns.includes(key)) columns.push(key);
  const codes = new Map<string, Map<Value, number>>(columns.map((c) => [c, new Map()]));
  const X = rows.map((row) =>
    columns.map((c) => {
      const v = row[c]!;
      if (typeof v === "boolean") return v ? 1 : 0;
      if (typeof v === "number") return v;
      const m = codes.get(c)!;
      if (!m.has(v)) m.set(v, m.size);
      return m.get(v)!;
    }),
  );
  return { X, y: target === null ? [] : rows.map((r) => r[target] as string), columns };
}

/** One table per kind, with the option that names its kind when it is not inferred. */
interface KindCase {
  kind: FeatureKind;
  column: keyof Row & string;
  features: Partial<Record<string, FeatureKind>> | undefined;
}
const KIND_CASES: KindCase[] = [
  { kind: "gaussian", column: "height", features: undefined },
  { kind: "bernoulli", column: "hat", features: undefined },
  { kind: "categorical", column: "hair", features: undefined },
  { kind: "poisson", column: "visits", features: { visits: "poisson" } },
];

/**
 * The outfits as the tests below fit them: visits as numbers (Gaussian, inferred), and visits as
 * counts (`features: { visits: "poisson" }`), the same tests for both.
 */
interface Variant {
  name: string;
  options: { features?: Partial<Record<string, FeatureKind>> };
  kinds: FeatureKind[];
  counts: boolean;
}
const NUMBERS: Variant = {
  name: "visits as numbers",
  options: {},
  kinds: ["categorical", "bernoulli", "gaussian", "gaussian"],
  counts: false,
};
const COUNTS: Variant = {
  name: "visits as Poisson counts",
  options: { features: { visits: "poisson" } },
  kinds: ["categorical", "bernoulli", "gaussian", "poisson"],
  counts: true,
};
const VARIANTS = [NUMBERS, COUNTS];

/** The variant's options for a subset of the outfit columns (visits keeps its kind when kept). */
function optionsFor(v: Variant, columns: readonly string[]): Variant["options"] {
  return columns.includes("visits") ? v.options : {};
}

const TRAIN = outfits(240, 1);
const TEST = outfits(60, 2);

describe("objects and the hand-encoded matrix give the same results", () => {
  const cases = [
    ...KIND_CASES.map((k) => ({
      name: k.kind,
      project: (rows: readonly Row[]) => rows.map((r) => ({ [k.column]: r[k.column]!, style: r.style! })),
      features: k.features,
      kinds: [k.kind],
    })),
    ...VARIANTS.map((v) => ({
      name: `every column, ${v.name}`,
      project: (rows: readonly Row[]) => rows.slice(),
      features: v.options.features,
      kinds: v.kinds,
    })),
  ];

  it.each(cases)("NaiveBayes, $name: joint log-likelihood to 1e-12, predictions equal", (c) => {
    const train = c.project(TRAIN);
    const test = c.project(TEST);
    const byHand = handEncode(train, "style");
    // The test rows use the training codes: encode them together, then split.
    const all = handEncode([...train, ...test], "style");
    const Xtest = all.X.slice(train.length);
    const ytest = all.y.slice(train.length);

    const nb = NaiveBayes.fit(train, { target: "style", ...(c.features ? { features: c.features } : {}) });
    const ref = NaiveBayes.fit(byHand.X, byHand.y, { features: c.kinds });
    expect(nb.featureKinds).toEqual(c.kinds);
    expect(nb.tableSchema!.columns).toEqual(byHand.columns);

    const testFeatures = features(test);
    expect(maxRel(nb.jointLogLikelihood(testFeatures).data, ref.jointLogLikelihood(Xtest).data)).toBeLessThanOrEqual(
      1e-12,
    );
    expect(maxRel(nb.predictLogProba(testFeatures).data, ref.predictLogProba(Xtest).data)).toBeLessThanOrEqual(1e-12);
    expect(maxRel(nb.predictProba(testFeatures).data, ref.predictProba(Xtest).data)).toBeLessThanOrEqual(1e-12);
    expect(nb.predict(testFeatures)).toEqual(ref.predict(Xtest));
    // Rows that carry the target are scored with their labels: log p(x, y).
    expect(maxRel(nb.logLikelihoodPerRow(test), ref.logLikelihoodPerRow(Xtest, ytest))).toBeLessThanOrEqual(1e-12);
    expect(maxRel([nb.logLikelihood(test)], [ref.logLikelihood(Xtest, ytest)])).toBeLessThanOrEqual(1e-12);
    // Without it, log p(x).
    expect(maxRel(nb.logLikelihoodPerRow(testFeatures), ref.logLikelihoodPerRow(Xtest))).toBeLessThanOrEqual(1e-12);
  });

  it.each(cases)("Product, $name: log-likelihood per row to 1e-12", (c) => {
    const train = features(c.project(TRAIN));
    const test = features(c.project(TEST));
    const all = handEncode([...train, ...test], null);
    const p = Product.fit(train, c.features ? { features: c.features } : undefined);
    const ref = Product.fit(all.X.slice(0, train.length), { features: c.kinds });
    expect(p.featureKinds).toEqual(c.kinds);
    const Xtest = all.X.slice(train.length);
    expect(maxRel(p.logLikelihoodPerRow(test), ref.logLikelihoodPerRow(Xtest))).toBeLessThanOrEqual(1e-12);
    expect(maxRel([p.logLikelihood(test)], [ref.logLikelihood(Xtest)])).toBeLessThanOrEqual(1e-12);
    expect(maxRel([p.logProb(test[0]!)], [ref.logProb(Xtest[0]!)])).toBeLessThanOrEqual(1e-12);
  });

  it.each(cases)("Mixture, $name: log-likelihood per row to 1e-12, predictions equal", (c) => {
    const train = features(c.project(TRAIN));
    const test = features(c.project(TEST));
    const all = handEncode([...train, ...test], null);
    const options = { nComponents: 2, maxIter: 30 };
    const m = Mixture.fit(train, { ...options, ...(c.features ? { features: c.features } : {}), rng: createRng(5) });
    const ref = Mixture.fit(all.X.slice(0, train.length), { ...options, features: c.kinds, rng: createRng(5) });
    expect(m.featureKinds).toEqual(c.kinds);
    expect(m.nIter).toBe(ref.nIter);
    const Xtest = all.X.slice(train.length);
    expect(maxRel(m.logLikelihoodPerRow(test), ref.logLikelihoodPerRow(Xtest))).toBeLessThanOrEqual(1e-12);
    expect(maxRel(m.jointLogLikelihood(test).data, ref.jointLogLikelihood(Xtest).data)).toBeLessThanOrEqual(1e-12);
    expect(maxRel(m.predictProba(test).data, ref.predictProba(Xtest).data)).toBeLessThanOrEqual(1e-12);
    expect(Array.from(m.predict(test))).toEqual(Array.from(ref.predict(Xtest)));
    expect(maxRel([m.bic(test)], [ref.bic(Xtest)])).toBeLessThanOrEqual(1e-12);
  });
});

describe.each(VARIANTS)("JSON round trips keep the encoding ($name)", (variant) => {
  const given = variant.options;
  const roundTrip = <T>(model: T): unknown => JSON.parse(JSON.stringify(model));
  const testFeatures = features(TEST);

  it("NaiveBayes: the same predictions and scores on objects, the same decoded samples", () => {
    const nb = NaiveBayes.fit(TRAIN, { target: "style", ...given });
    const copy = NaiveBayes.fromJSON<string, Row[]>(roundTrip(nb));
    expect(copy.tableSchema!.toJSON()).toEqual(nb.tableSchema!.toJSON());
    expect(copy.predict(testFeatures)).toEqual(nb.predict(testFeatures));
    expect(Array.from(copy.jointLogLikelihood(testFeatures).data)).toEqual(
      Array.from(nb.jointLogLikelihood(testFeatures).data),
    );
    expect(Array.from(copy.logLikelihoodPerRow(TEST))).toEqual(Array.from(nb.logLikelihoodPerRow(TEST)));
    const a = nb.sample(createRng(9), 200);
    const b = copy.sample(createRng(9), 200);
    expect(b).toEqual(a);
    expect(typeof a.X[0]!.hair).toBe("string");
    // The restored model goes on learning from objects.
    copy.partialFit(TEST);
    expect(copy.classCounts.reduce((s, v) => s + v, 0)).toBe(TRAIN.length + TEST.length);
  });

  it("Product: the same scores on objects, the same decoded samples", () => {
    const p = Product.fit(features(TRAIN), given);
    const copy = Product.fromJSON<Row[]>(roundTrip(p));
    expect(copy.tableSchema!.toJSON()).toEqual(p.tableSchema!.toJSON());
    expect(Array.from(copy.logLikelihoodPerRow(testFeatures))).toEqual(Array.from(p.logLikelihoodPerRow(testFeatures)));
    expect(copy.sample(createRng(9), 200)).toEqual(p.sample(createRng(9), 200));
  });

  it("Mixture: the same predictions and scores on objects, the same decoded samples", () => {
    const m = Mixture.fit(features(TRAIN), { nComponents: 3, rng: createRng(4), ...given });
    const copy = Mixture.fromJSON<Row[]>(roundTrip(m));
    expect(copy.tableSchema!.toJSON()).toEqual(m.tableSchema!.toJSON());
    expect(Array.from(copy.predict(testFeatures))).toEqual(Array.from(m.predict(testFeatures)));
    expect(Array.from(copy.logLikelihoodPerRow(testFeatures))).toEqual(Array.from(m.logLikelihoodPerRow(testFeatures)));
    expect(copy.sample(createRng(9), 200)).toEqual(m.sample(createRng(9), 200));
  });

  it("a model fitted to a matrix keeps no schema, and its JSON has none", () => {
    const { X, y } = handEncode(TRAIN, "style");
    const nb = NaiveBayes.fit(X, y, { features: variant.kinds });
    expect(nb.tableSchema).toBeNull();
    expect("schema" in (roundTrip(nb) as object)).toBe(false);
    expect(NaiveBayes.fromJSON(roundTrip(nb)).tableSchema).toBeNull();
  });
});

describe.each(VARIANTS)("property: encoding then decoding returns every column unchanged ($name)", (variant) => {
  // Random tables of every kind of column: strings (names that look like numbers or booleans
  // included), booleans, finite doubles, counts, 0/1 numbers given as bernoulli, numbers and
  // booleans given as categorical.
  type Spec = { name: string; kind: FeatureKind | null; value: fc.Arbitrary<Value> };
  const SPECS: Spec[] = [
    { name: "hair", kind: null, value: fc.constantFrom("long", "short", "true", "0", "", "é") },
    { name: "hat", kind: null, value: fc.boolean() },
    // Doubles of any exponent a model can fit (a variance that overflows is refused by the fit).
    { name: "height", kind: null, value: fc.double({ min: -1e150, max: 1e150, noNaN: true }) },
    // Counts up to 2^53 − 1 as Poisson; as numbers, they are Gaussian like any other.
    { name: "visits", kind: variant.counts ? "poisson" : null, value: fc.oneof(fc.nat(20), fc.constant(2 ** 53 - 1)) },
    { name: "flag", kind: "bernoulli", value: fc.constantFrom(0, 1) },
    { name: "size", kind: "categorical", value: fc.integer({ min: -3, max: 3 }).map((v) => v + 0) },
    { name: "sunny", kind: "categorical", value: fc.boolean() },
  ];
  const table = fc
    .record({
      specs: fc.subarray(SPECS, { minLength: 1 }),
      n: fc.integer({ min: 1, max: 12 }),
    })
    .chain(({ specs, n }) =>
      fc.record({
        specs: fc.constant(specs),
        rows: fc.array(fc.tuple(...specs.map((s) => s.value), fc.constantFrom(...STYLES)), {
          minLength: n,
          maxLength: n,
        }),
      }),
    )
    .map(({ specs, rows }) => ({
      specs,
      rows: rows.map((values) => {
        const row: Row = {};
        specs.forEach((s, j) => (row[s.name] = values[j]!));
        row.style = values[specs.length]!;
        return row;
      }),
    }));

  it("NaiveBayes, Product and Mixture, before and after JSON", () => {
    fc.assert(
      fc.property(table, ({ specs, rows }) => {
        const given: Partial<Record<string, FeatureKind>> = {};
        for (const s of specs) if (s.kind !== null) given[s.name] = s.kind;
        const nb = NaiveBayes.fit(rows, { target: "style", features: given });
        const product = Product.fit(features(rows), { features: given, regVariance: 1 });
        const mixture = Mixture.fit(features(rows), { nComponents: 1, features: given });
        const restored = NaiveBayes.fromJSON(JSON.parse(JSON.stringify(nb)));
        for (const schema of [nb.tableSchema!, product.tableSchema!, mixture.tableSchema!, restored.tableSchema!]) {
          const back = schema.decode(schema.encode(rows).X);
          back.forEach((row, i) => {
            for (const s of specs) expect(Object.is(row[s.name], rows[i]![s.name]), `${s.name} of row ${i}`).toBe(true);
            expect(Object.keys(row).sort()).toEqual(specs.map((s) => s.name).sort());
          });
        }
      }),
      { numRuns: 150, seed: 20260901 },
    );
  });
});

/** Counts of each value in a list. */
function counts<T>(values: readonly T[]): Map<T, number> {
  const m = new Map<T, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

/**
 * Checks that `k` draws of a category out of `n` fit Binomial(n, p): within 5 standard
 * deviations (plus one draw), a bound a correct sampler breaks about once in 3.5 million checks.
 */
function expectBinomial(k: number, n: number, p: number, what: string): void {
  const sd = Math.sqrt(n * p * (1 - p));
  expect(
    Math.abs(k - n * p),
    `${what}: ${k} of ${n}, expected ${(n * p).toFixed(1)} ± ${sd.toFixed(1)}`,
  ).toBeLessThanOrEqual(5 * sd + 1);
}

describe.each(VARIANTS)("sampled categories match the model ($name)", (variant) => {
  const given = variant.options;
  const N = 20_000;

  it("NaiveBayes, per class: p(hair | style) and p(hat | style) = (n_ck + α) / (n_c + α·K), α = 1", () => {
    const nb = NaiveBayes.fit(TRAIN, { target: "style", ...given });
    STYLES.forEach((style, s) => {
      const own = TRAIN.filter((r) => r.style === style);
      const { X, y } = nb.sample(createRng(100 + s), N, { label: style });
      expect(y.every((l) => l === style)).toBe(true);
      const hair = counts(X.map((r) => r.hair));
      const trainHair = counts(own.map((r) => r.hair));
      for (const h of HAIR) {
        expectBinomial(
          hair.get(h) ?? 0,
          N,
          ((trainHair.get(h) ?? 0) + 1) / (own.length + HAIR.length),
          `${style} ${h}`,
        );
      }
      expect([...hair.keys()].every((h) => (HAIR as readonly unknown[]).includes(h))).toBe(true);
      const hats = X.filter((r) => r.hat === true).length;
      expectBinomial(hats, N, (own.filter((r) => r.hat).length + 1) / (own.length + 2), `${style} hat`);
    });
  });

  it("NaiveBayes, classes drawn from the priors n_c / n", () => {
    const nb = NaiveBayes.fit(TRAIN, { target: "style", ...given });
    const { y } = nb.sample(createRng(7), N);
    const drawn = counts(y);
    for (const style of STYLES) {
      expectBinomial(drawn.get(style) ?? 0, N, TRAIN.filter((r) => r.style === style).length / TRAIN.length, style);
    }
  });

  it("Product: p(hair) = n_k / n and p(hat) = n_true / n (α = 0)", () => {
    const p = Product.fit(features(TRAIN), given);
    const X = p.sample(createRng(8), N);
    const hair = counts(X.map((r) => r.hair));
    const trainHair = counts(TRAIN.map((r) => r.hair));
    for (const h of HAIR) expectBinomial(hair.get(h) ?? 0, N, trainHair.get(h)! / TRAIN.length, `hair ${h}`);
    const hats = X.filter((r) => r.hat === true).length;
    expectBinomial(hats, N, TRAIN.filter((r) => r.hat).length / TRAIN.length, "hat");
  });

  it("Product: a category that no row has is never drawn, and α = 1 draws every category", () => {
    const rows = [{ colour: "red" }, { colour: "red" }, { colour: "navy" }];
    expect(
      new Set(
        Product.fit(rows)
          .sample(createRng(1), 1000)
          .map((r) => r.colour),
      ),
    ).toEqual(new Set(["red", "navy"]));
    const smoothed = Product.fit(rows, { alpha: 1 }).sample(createRng(2), N);
    expectBinomial(smoothed.filter((r) => r.colour === "navy").length, N, 2 / 5, "navy, α = 1");
  });
});

describe.each(VARIANTS)(
  "samples are decoded: strings, booleans as booleans, Poisson counts as integers ($name)",
  (variant) => {
    const given = variant.options;
    function checkRows(rows: readonly Row[]): void {
      expect(rows.length).toBe(500);
      for (const r of rows) {
        expect(Object.keys(r)).toEqual(["hair", "hat", "height", "visits"]);
        expect(HAIR).toContain(r.hair);
        expect(typeof r.hat).toBe("boolean");
        expect(Number.isFinite(r.height)).toBe(true);
        if (variant.counts) expect(Number.isInteger(r.visits) && (r.visits as number) >= 0).toBe(true);
        else expect(typeof r.visits).toBe("number");
      }
      expect(new Set(rows.map((r) => r.hat))).toEqual(new Set([true, false]));
      // Gaussian visits are any real number; Poisson ones whole counts, some of them repeated.
      expect(rows.some((r) => !Number.isInteger(r.visits))).toBe(!variant.counts);
    }

    it("NaiveBayes: { X: objects, y: labels as given }", () => {
      const nb = NaiveBayes.fit(TRAIN, { target: "style", ...given });
      const { X, y } = nb.sample(createRng(3), 500);
      checkRows(X);
      expect(y.every((l) => (STYLES as readonly unknown[]).includes(l))).toBe(true);
      // Numeric labels come back as numbers.
      const numbered = TRAIN.map((r) => ({ ...r, style: STYLES.indexOf(r.style as (typeof STYLES)[number]) }));
      const { y: ny } = NaiveBayes.fit(numbered, { target: "style", ...given }).sample(createRng(3), 50);
      expect(ny.every((l) => l === 0 || l === 1 || l === 2)).toBe(true);
    });

    it("Mixture: { X: objects, z: components }", () => {
      const m = Mixture.fit(features(TRAIN), { nComponents: 3, rng: createRng(6), ...given });
      const { X, z } = m.sample(createRng(3), 500);
      checkRows(X);
      expect(z.every((k) => k >= 0 && k < 3)).toBe(true);
    });

    it("Product: the objects themselves", () => {
      checkRows(Product.fit(features(TRAIN), given).sample(createRng(3), 500));
    });

    it("Bernoulli columns of 0/1 numbers come back as numbers, categorical booleans as booleans", () => {
      const rows = [
        { flag: 0, sunny: true },
        { flag: 1, sunny: false },
        { flag: 1, sunny: true },
      ];
      const X = Product.fit(rows, { features: { flag: "bernoulli", sunny: "categorical" } }).sample(createRng(4), 100);
      expect(X.every((r) => (r.flag === 0 || r.flag === 1) && typeof r.sunny === "boolean")).toBe(true);
    });
  },
);

describe.each(VARIANTS)("rows as users write them ($name)", (variant) => {
  const given = variant.options;
  // Fitted before the tests rather than while they are collected, so that a fit that throws
  // fails these tests and not the whole file.
  let nb: NaiveBayes<Label, Row[]>;
  let product: Product<Row[]>;
  let mixture: Mixture<Row[]>;
  beforeAll(() => {
    nb = NaiveBayes.fit(TRAIN, { target: "style", ...given });
    product = Product.fit(features(TRAIN), given);
    mixture = Mixture.fit(features(TRAIN), { nComponents: 2, rng: createRng(1), ...given });
  });
  const testFeatures = features(TEST);

  it("keys in any order, extra keys ignored: the same scores", () => {
    const shuffled = TEST.map((r, i) => {
      const keys = Object.keys(r);
      const rng = createRng(i);
      for (let k = keys.length - 1; k > 0; k--) {
        const j = Math.floor(rng.next() * (k + 1));
        [keys[k], keys[j]] = [keys[j]!, keys[k]!];
      }
      const out: Record<string, unknown> = { note: "extra", shoeSize: 42 };
      for (const key of keys) out[key] = r[key];
      out.id = i;
      return out;
    });
    const shuffledFeatures = shuffled.map(({ style: _style, ...rest }) => rest);
    expect(Array.from(nb.logLikelihoodPerRow(shuffled))).toEqual(Array.from(nb.logLikelihoodPerRow(TEST)));
    expect(Array.from(nb.jointLogLikelihood(shuffledFeatures).data)).toEqual(
      Array.from(nb.jointLogLikelihood(testFeatures).data),
    );
    expect(Array.from(product.logLikelihoodPerRow(shuffledFeatures))).toEqual(
      Array.from(product.logLikelihoodPerRow(testFeatures)),
    );
    expect(Array.from(mixture.predictProba(shuffledFeatures).data)).toEqual(
      Array.from(mixture.predictProba(testFeatures).data),
    );
  });

  it("the target column of rows to predict is ignored by predict and used by the log-likelihood", () => {
    expect(nb.predict(TEST)).toEqual(nb.predict(testFeatures));
    const joint = nb.jointLogLikelihood(testFeatures);
    const perRow = nb.logLikelihoodPerRow(TEST);
    TEST.forEach((r, i) => expect(perRow[i]).toBe(joint.get(i, nb.classes.indexOf(r.style as string))));
  });

  it("a missing value is an error naming the row and the column, by default, in every model", () => {
    const rows: Record<string, unknown>[] = testFeatures.slice(0, 3);
    rows[1] = { ...rows[1], hat: null };
    for (const call of [
      () => nb.predict(rows),
      () => nb.jointLogLikelihood(rows),
      () => nb.logLikelihood(rows),
      () => product.logLikelihoodPerRow(rows),
      () => mixture.predict(rows),
      () => mixture.logLikelihood(rows),
    ]) {
      expect(call).toThrow(RangeError);
      expect(call).toThrow(/rows\[1\]\.hat is missing/);
    }
    const absent = [{ hair: "long", height: 170, visits: 2 }];
    expect(() => nb.predictProba(absent)).toThrow(/NaiveBayes\.predictProba: rows\[0\]\.hat is missing/);
  });

  it('missing: "ignore" leaves the value out: the score of the model without that column', () => {
    // varSmoothing 0, so that leaving out a Gaussian column changes no other column's variance
    // (ε is a fraction of the largest one).
    const ignoring = NaiveBayes.fit(TRAIN, { target: "style", missing: "ignore", varSmoothing: 0, ...given });
    const spellings = [(r: Row, c: string) => ({ ...r, [c]: null }), (r: Row, c: string) => ({ ...r, [c]: undefined })];
    const absent = (r: Row, c: string): Row => Object.fromEntries(Object.entries(r).filter(([k]) => k !== c));
    for (const column of ["hair", "hat", "height", "visits"]) {
      const others = ["hair", "hat", "height", "visits"].filter((c) => c !== column);
      const without = NaiveBayes.fit(TRAIN, {
        target: "style",
        columns: others,
        varSmoothing: 0,
        ...optionsFor(variant, others),
      });
      const expected = without.jointLogLikelihood(testFeatures).data;
      for (const spell of [...spellings, absent]) {
        const rows = testFeatures.map((r) => spell(r, column));
        expect(maxRel(ignoring.jointLogLikelihood(rows).data, expected), column).toBeLessThanOrEqual(1e-12);
      }
    }
    // A row with every value missing scores its prior alone.
    const empty = ignoring.jointLogLikelihood([{}]).row(0);
    ignoring.classPriors.forEach((p, c) => expect(maxRel([empty[c]!], [Math.log(p)])).toBeLessThanOrEqual(1e-15));
  });

  describe("a category never seen in training", () => {
    const mohawk = testFeatures.map((r) => ({ ...r, hair: "mohawk" }));
    const others = ["hat", "height", "visits"];
    const withoutHair = () =>
      NaiveBayes.fit(TRAIN, { target: "style", columns: others, ...optionsFor(variant, others) });

    it('"smooth" (default): the mass α / (n_c + α·K) of a known but unobserved category', () => {
      const jll = nb.jointLogLikelihood(mohawk);
      const rest = withoutHair().jointLogLikelihood(testFeatures);
      nb.classes.forEach((style, c) => {
        const n = TRAIN.filter((r) => r.style === style).length;
        const expected = Math.log(1 / (n + HAIR.length));
        for (let i = 0; i < mohawk.length; i++) {
          expect(maxRel([jll.get(i, c) - rest.get(i, c)], [expected])).toBeLessThanOrEqual(1e-12);
        }
      });
    });

    it('"ignore": the score of the model without the column', () => {
      const ignoring = NaiveBayes.fit(TRAIN, { target: "style", unseen: "ignore", ...given });
      expect(
        maxRel(ignoring.jointLogLikelihood(mohawk).data, withoutHair().jointLogLikelihood(testFeatures).data),
      ).toBeLessThanOrEqual(1e-12);
    });

    it('"error": names the column and the value', () => {
      const strict = NaiveBayes.fit(TRAIN, { target: "style", unseen: "error", ...given });
      expect(() => strict.predict(mohawk)).toThrow(RangeError);
      expect(() => strict.predict(mohawk)).toThrow(
        /rows\[0\]\.hair is "mohawk", a category of column "hair" never seen/,
      );
    });
  });

  it("partialFit(rows) equals one fit on all the rows", () => {
    const online = NaiveBayes.fit(TRAIN.slice(0, 100), { target: "style", ...given });
    online.partialFit(TRAIN.slice(100, 170)).partialFit(TRAIN.slice(170));
    expect(online.classCounts).toEqual(nb.classCounts);
    expect(
      maxRel(online.jointLogLikelihood(testFeatures).data, nb.jointLogLikelihood(testFeatures).data),
    ).toBeLessThanOrEqual(1e-12);
  });
});

describe("errors name what is wrong and where, through the models", () => {
  const small = [
    { a: 1, b: "x", s: "p" },
    { a: 2, b: "y", s: "q" },
    { a: 3, b: "x", s: "p" },
  ];
  const fits = {
    NaiveBayes: (rows: unknown[]) => NaiveBayes.fit(rows as Row[], { target: "s" }),
    Product: (rows: unknown[]) => Product.fit(rows as Row[], { regVariance: 1 }),
    Mixture: (rows: unknown[]) => Mixture.fit(rows as Row[], { nComponents: 1 }),
  };

  it.each(Object.entries(fits))(
    "%s.fit: a column mixing numbers and strings names the column and the row",
    (name, fit) => {
      const rows = [...small, { a: "four", b: "x", s: "q" }];
      expect(() => fit(rows)).toThrow(TypeError);
      expect(() => fit(rows)).toThrow(
        new RegExp(
          `${name}\\.fit: column "a" mixes numbers \\(first at rows\\[0\\]\\) and strings \\(rows\\[3\\]\\.a is "four"\\)`,
        ),
      );
    },
  );

  it.each(Object.entries(fits))("%s.fit: a row that is not a plain object is named", (name, fit) => {
    class Person {
      a = 1;
    }
    for (const [bad, what] of [
      [[1, 2], "an array"],
      [null, "null"],
      [new Date(0), "a Date"],
      [new Person(), "a Person"],
      ["a", '"a"'],
    ] as const) {
      const rows = [small[0], bad, small[1]];
      expect(() => fit(rows), what).toThrow(TypeError);
      expect(() => fit(rows), what).toThrow(
        new RegExp(`${name}\\.fit: rows\\[1\\] must be a plain object.*got ${what}`),
      );
    }
    // The first row too, when it is no matrix row either.
    expect(() => fit([new Date(0), small[0]])).toThrow(/rows\[0\] must be a plain object.*got a Date/);
  });

  it.each(Object.entries(fits))("%s.fit: more categories than MAX_CATEGORIES names the column", (name, fit) => {
    const rows = Array.from({ length: MAX_CATEGORIES + 1 }, (_, i) => ({ id: `c${i}`, s: i % 2 === 0 ? "p" : "q" }));
    expect(() => fit(rows)).toThrow(RangeError);
    expect(() => fit(rows)).toThrow(
      new RegExp(`${name}\\.fit: column "id" has more than MAX_CATEGORIES = ${MAX_CATEGORIES} categories`),
    );
  });

  it.each(Object.entries(fits))("%s.fit: a missing value in a fit names the cell and how to fix it", (name, fit) => {
    const rows = [...small, { a: 4, b: null, s: "q" }];
    expect(() => fit(rows)).toThrow(RangeError);
    expect(() => fit(rows)).toThrow(new RegExp(`${name}\\.fit: rows\\[3\\]\\.b is missing; a fit needs every value`));
    // The scoring option does not change that (a fit has no place for a missing value), so the
    // message does not point to it.
    expect(() => fit(rows)).not.toThrow(/missing: "ignore"/);
  });

  it("NaiveBayes.fit: a row without the target is named", () => {
    const rows = [...small, { a: 4, b: "y" }];
    expect(() => NaiveBayes.fit(rows, { target: "s" })).toThrow(RangeError);
    expect(() => NaiveBayes.fit(rows, { target: "s" })).toThrow(/NaiveBayes\.fit: rows\[3\] has no "s" \(the target\)/);
  });

  it("NaiveBayes.fit: a target that is not a string, that no row has, or that is not given", () => {
    const fit = (options: unknown) => () => NaiveBayes.fit(small, options as { target: string });
    expect(fit({ target: 3 })).toThrow(TypeError);
    expect(fit({ target: 3 })).toThrow(/NaiveBayes\.fit: options\.target must be a column name \(a string\), got 3/);
    expect(fit({ target: "style" })).toThrow(RangeError);
    expect(fit({ target: "style" })).toThrow(/NaiveBayes\.fit: options\.target is "style", but no row has "style"/);
    expect(fit({})).toThrow(/NaiveBayes\.fit: a table needs options\.target/);
    expect(fit(undefined)).toThrow(/NaiveBayes\.fit: a table needs options\.target/);
  });

  it("NaiveBayes.partialFit: a new category or a missing value is refused, naming the cell, and changes nothing", () => {
    const nb = NaiveBayes.fit(TRAIN, { target: "style" });
    const before = JSON.stringify(nb);
    const mohawk = [TEST[0]!, { ...TEST[1]!, hair: "mohawk" }];
    expect(() => nb.partialFit(mohawk)).toThrow(/NaiveBayes\.partialFit: rows\[1\]\.hair is "mohawk"/);
    const holey = [TEST[0]!, { ...TEST[1]!, visits: null }];
    expect(() => nb.partialFit(holey)).toThrow(/NaiveBayes\.partialFit: rows\[1\]\.visits is missing/);
    const unlabelled = [TEST[0]!, features([TEST[1]!])[0]!];
    expect(() => nb.partialFit(unlabelled)).toThrow(/NaiveBayes\.partialFit: rows\[1\] has no "style"/);
    const mixed = [TEST[0]!, { ...TEST[1]!, height: "tall" }];
    expect(() => nb.partialFit(mixed)).toThrow(/NaiveBayes\.partialFit: rows\[1\]\.height is "tall"/);
    expect(JSON.stringify(nb)).toBe(before);
  });

  it("scoring: a value of the wrong type names the cell", () => {
    const nb = NaiveBayes.fit(TRAIN, { target: "style" });
    const rows = [{ ...features(TEST)[0]!, hat: "yes" }];
    expect(() => nb.predict(rows)).toThrow(TypeError);
    expect(() => nb.predict(rows)).toThrow(
      /NaiveBayes\.predict: rows\[0\]\.hat is "yes", but column "hat" holds booleans/,
    );
  });

  it("scoring: a Poisson count that is not a whole number names the cell", () => {
    const nb = NaiveBayes.fit(TRAIN, { target: "style", ...COUNTS.options });
    expect(() => nb.predict([{ ...features(TEST)[0]!, visits: 2.5 }])).toThrow(RangeError);
    expect(() => nb.predict([{ ...features(TEST)[0]!, visits: 2.5 }])).toThrow(
      /NaiveBayes\.predict: rows\[0\]\.visits is 2\.5, but column "visits" is poisson/,
    );
  });

  it("a model fitted to a table still scores matrices, in its schema's column order", () => {
    const nb = NaiveBayes.fit(TRAIN, { target: "style" });
    const { X } = nb.tableSchema!.encode(features(TEST));
    const fromMatrix: Matrix = nb.jointLogLikelihood(X);
    expect(Array.from(fromMatrix.data)).toEqual(Array.from(nb.jointLogLikelihood(features(TEST)).data));
  });
});
