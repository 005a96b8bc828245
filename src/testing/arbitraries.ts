/**
 * fast-check arbitraries for valid ptheta models, with options bounding their parameters, and
 * {@link sampleFrom} to draw a data set from a generated model with a seeded rng.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraries } from "ptheta/testing";
 * fc.assert(
 *   fc.property(arbitraries.sampleFrom(arbitraries.gaussian(), { n: 200 }), ({ dist, data }) => {
 *     return Number.isFinite(dist.logLikelihood(data));
 *   }),
 * );
 * ```
 *
 * @module
 */
import fc from "fast-check";
import { createRng } from "../core/create-rng.js";
import type { Rng } from "../core/rng.js";
import { readOptions } from "../core/options.js";
import { closestOption } from "../core/option-names.js";
import { describe } from "../core/validate.js";
import { Bernoulli } from "../distributions/bernoulli/bernoulli.js";
import { Categorical } from "../distributions/categorical/categorical.js";
import { Gaussian } from "../distributions/gaussian/gaussian.js";
import { Poisson } from "../distributions/poisson/poisson.js";
import type { Distribution } from "../core/distribution.js";
import { FAMILIES, FEATURE_KINDS, type FeatureKind } from "../distributions/registry.js";
import { Mixture } from "../models/mixture.js";
import { Product } from "../models/product.js";

/**
 * A closed interval [min, max] bounding one parameter; either end may be left to its default.
 *
 * @example
 * ```ts
 * const std: Range = { min: 0.1, max: 10 };
 * ```
 */
export interface Range {
  /** The smallest value generated. */
  min?: number;
  /** The largest value generated. */
  max?: number;
}

/**
 * Bounds on the parameters of {@link gaussian}.
 *
 * @example
 * ```ts
 * import { arbitraries } from "ptheta/testing";
 * arbitraries.gaussian({ mean: { min: -1, max: 1 }, std: { min: 0.5, max: 2 } });
 * ```
 */
export interface GaussianArbitraryOptions {
  /** The mean μ; default [−1000, 1000]. */
  mean?: Range;
  /** The standard deviation σ, > 0, drawn log-uniformly; default [0.001, 1000]. */
  std?: Range;
}

/**
 * Gaussian distributions N(μ, σ²) with μ and σ in the given ranges (σ spread evenly over its
 * orders of magnitude).
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraries } from "ptheta/testing";
 * fc.sample(arbitraries.gaussian({ std: { min: 1, max: 1 } }), 3); // three N(μ, 1)
 * ```
 */
export function gaussian(options: GaussianArbitraryOptions = {}): fc.Arbitrary<Gaussian> {
  const where = "arbitraries.gaussian";
  const o = requireOptions(where, options, ["mean", "std"]);
  const mean = range(`${where}: mean`, o.mean, -1e3, 1e3, -Infinity);
  const std = range(`${where}: std`, o.std, 1e-3, 1e3, Number.MIN_VALUE);
  return fc.tuple(uniform(mean), logUniform(std)).map(([m, s]) => new Gaussian(m, s));
}

/**
 * Bounds on the parameter of {@link bernoulli}.
 *
 * @example
 * ```ts
 * import { arbitraries } from "ptheta/testing";
 * arbitraries.bernoulli({ p: { min: 0.1, max: 0.9 } });
 * ```
 */
export interface BernoulliArbitraryOptions {
  /** p = P(X = 1); default [0, 1], the point masses at 0 and 1 included. */
  p?: Range;
}

/**
 * Bernoulli distributions with p in the given range.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraries } from "ptheta/testing";
 * fc.sample(arbitraries.bernoulli(), 3); // e.g. [Bernoulli(p=0.31), Bernoulli(p=0), …]
 * ```
 */
export function bernoulli(options: BernoulliArbitraryOptions = {}): fc.Arbitrary<Bernoulli> {
  const where = "arbitraries.bernoulli";
  const o = requireOptions(where, options, ["p"]);
  const p = range(`${where}: p`, o.p, 0, 1, 0, 1);
  return uniform(p).map((v) => new Bernoulli(v));
}

/**
 * Bounds on {@link categorical} distributions.
 *
 * @example
 * ```ts
 * import { arbitraries } from "ptheta/testing";
 * arbitraries.categorical({ k: 3, minProb: 0.05 });
 * ```
 */
export interface CategoricalArbitraryOptions {
  /** The number of categories K: a number, or a range; default [2, 8]. */
  k?: number | Range;
  /**
   * The smallest probability of any category: 0 (the default) allows categories that never
   * occur; > 0 (at most 1/K) keeps every category in the data.
   */
  minProb?: number;
}

/**
 * Categorical distributions over K categories, with probabilities spread over the simplex
 * (normalised independent uniform weights, zeros included unless `minProb` > 0).
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraries } from "ptheta/testing";
 * fc.sample(arbitraries.categorical({ k: 4 }), 1)[0]!.k; // 4
 * ```
 */
export function categorical(options: CategoricalArbitraryOptions = {}): fc.Arbitrary<Categorical> {
  const where = "arbitraries.categorical";
  const o = requireOptions(where, options, ["k", "minProb"]);
  const [kMin, kMax] = integerRange(`${where}: k`, o.k, 2, 8, 1, 65536);
  const minProb = o.minProb ?? 0;
  if (typeof minProb !== "number" || !(minProb >= 0 && minProb * kMax <= 1)) {
    throw new RangeError(`${where}: minProb must be in [0, 1/k] (k up to ${kMax}), got ${describe(minProb)}`);
  }
  return fc
    .integer({ min: kMin, max: kMax })
    .chain(weights)
    .map((w) => new Categorical(normalised(w, minProb)));
}

/**
 * Bounds on the rate of {@link poisson}.
 *
 * @example
 * ```ts
 * import { arbitraries } from "ptheta/testing";
 * arbitraries.poisson({ rate: { min: 1, max: 50 } });
 * ```
 */
export interface PoissonArbitraryOptions {
  /**
   * The rate λ ≥ 0; default [0.01, 1000], spread evenly over its orders of magnitude (a range
   * from 0, the point mass, is spread evenly instead).
   */
  rate?: Range;
}

/**
 * Poisson distributions with the rate in the given range.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraries } from "ptheta/testing";
 * fc.sample(arbitraries.poisson({ rate: { min: 2, max: 2 } }), 1)[0]!.rate; // 2
 * ```
 */
export function poisson(options: PoissonArbitraryOptions = {}): fc.Arbitrary<Poisson> {
  const where = "arbitraries.poisson";
  const o = requireOptions(where, options, ["rate"]);
  const rate = range(`${where}: rate`, o.rate, 0.01, 1000, 0);
  return (rate[0] > 0 ? logUniform(rate) : uniform(rate)).map((r) => new Poisson(r));
}

/**
 * Bounds on {@link product} models: which feature kinds, how many columns, and the parameter
 * bounds of each kind's marginals.
 *
 * @example
 * ```ts
 * import { arbitraries } from "ptheta/testing";
 * arbitraries.product({ features: ["gaussian", "bernoulli"], gaussian: { std: { min: 0.1, max: 10 } } });
 * arbitraries.product({ features: "categorical", columns: { min: 2, max: 5 } });
 * ```
 */
export interface ProductArbitraryOptions {
  /**
   * The kind of every column (an array fixes the columns), or one kind for all; default: each
   * column any of the kinds.
   */
  features?: FeatureKind | readonly FeatureKind[];
  /** The number of columns when `features` is not an array: a number or a range; default [1, 4]. */
  columns?: number | Range;
  /** Bounds on the Gaussian columns. */
  gaussian?: GaussianArbitraryOptions;
  /** Bounds on the Bernoulli columns. */
  bernoulli?: BernoulliArbitraryOptions;
  /** Bounds on the Categorical columns (each column's K is drawn once per model). */
  categorical?: CategoricalArbitraryOptions;
  /** Bounds on the Poisson columns. */
  poisson?: PoissonArbitraryOptions;
}

/**
 * Products of independent marginals, p(x) = Π_k p(x_k), one marginal per column.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraries } from "ptheta/testing";
 * const model = fc.sample(arbitraries.product({ features: ["gaussian", "categorical"] }), 1)[0]!;
 * model.marginals.length; // 2
 * ```
 */
export function product(options: ProductArbitraryOptions = {}): fc.Arbitrary<Product> {
  const where = "arbitraries.product";
  const o = requireNested(requireOptions(where, options, PRODUCT_KEYS));
  return columnKinds(where, o).chain((kinds) =>
    columnModels(where, kinds, o, 1).map(([marginals]) => new Product(marginals!)),
  );
}

/**
 * Bounds on {@link mixture} models: those of their components (see
 * {@link ProductArbitraryOptions}), the number of components and the smallest weight.
 *
 * @example
 * ```ts
 * import { arbitraries } from "ptheta/testing";
 * arbitraries.mixture({ nComponents: 3, features: "bernoulli", columns: 8 });
 * ```
 */
export interface MixtureArbitraryOptions extends ProductArbitraryOptions {
  /** The number of components: a number or a range; default [1, 4]. */
  nComponents?: number | Range;
  /** The smallest weight of any component, in [0, 1/nComponents]; default 0.05. */
  minWeight?: number;
}

/**
 * Finite mixtures Σ_z π_z Π_k p(x_k | z) of products that share their column kinds (and each
 * categorical column's K), with weights spread over the simplex above `minWeight`.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraries } from "ptheta/testing";
 * const mix = fc.sample(arbitraries.mixture({ nComponents: 2, features: ["gaussian"] }), 1)[0]!;
 * mix.weights.length; // 2
 * ```
 */
export function mixture(options: MixtureArbitraryOptions = {}): fc.Arbitrary<Mixture> {
  const where = "arbitraries.mixture";
  const o = requireNested(requireOptions(where, options, [...PRODUCT_KEYS, "nComponents", "minWeight"]));
  const [kMin, kMax] = integerRange(`${where}: nComponents`, o.nComponents, 1, 4, 1, 1024);
  const minWeight = o.minWeight ?? Math.min(0.05, 1 / kMax);
  if (typeof minWeight !== "number" || !(minWeight >= 0 && minWeight * kMax <= 1)) {
    throw new RangeError(
      `${where}: minWeight must be in [0, 1/nComponents] (up to ${kMax}), got ${describe(minWeight)}`,
    );
  }
  return fc.tuple(columnKinds(where, o), fc.integer({ min: kMin, max: kMax })).chain(([kinds, nComponents]) =>
    fc.tuple(columnModels(where, kinds, o, nComponents), simplex(nComponents, minWeight)).map(
      ([components, weights]) =>
        new Mixture(
          weights,
          components.map((marginals) => new Product(marginals)),
        ),
    ),
  );
}

/** The per-column kinds of the registry: a new family's columns are drawn without a line here. */
const KINDS: readonly FeatureKind[] = FEATURE_KINDS.filter((kind) => FAMILIES[kind].joint !== true);

/** The kinds of the columns, per `features` and `columns`. */
function columnKinds(where: string, o: ProductArbitraryOptions): fc.Arbitrary<FeatureKind[]> {
  const { features } = o;
  if (Array.isArray(features)) {
    if (features.length === 0) throw new RangeError(`${where}: features must not be empty`);
    features.forEach((kind: unknown, j) => {
      if (!KINDS.includes(kind as FeatureKind)) {
        throw new RangeError(`${where}: features[${j}] must be one of ${KINDS.join(", ")}, got ${describe(kind)}`);
      }
    });
    return fc.constant([...(features as readonly FeatureKind[])]);
  }
  if (features !== undefined && !KINDS.includes(features as FeatureKind)) {
    throw new RangeError(`${where}: features must be a feature kind or an array of them, got ${describe(features)}`);
  }
  const [min, max] = integerRange(`${where}: columns`, o.columns, 1, 4, 1, 1024);
  const kind = features === undefined ? fc.constantFrom(...KINDS) : fc.constant(features as FeatureKind);
  return fc.array(kind, { minLength: min, maxLength: max });
}

/** `copies` rows of marginals over the given column kinds; a categorical column's K is shared. */
function columnModels(
  where: string,
  kinds: FeatureKind[],
  o: ProductArbitraryOptions,
  copies: number,
): fc.Arbitrary<Distribution<number>[][]> {
  const columns = kinds.map((kind): fc.Arbitrary<Distribution<number>[]> => {
    switch (kind) {
      case "gaussian":
        return fc.array(gaussian(o.gaussian), { minLength: copies, maxLength: copies });
      case "bernoulli":
        return fc.array(bernoulli(o.bernoulli), { minLength: copies, maxLength: copies });
      case "poisson":
        return fc.array(poisson(o.poisson), { minLength: copies, maxLength: copies });
      case "categorical": {
        const c = o.categorical ?? {};
        const [kMin, kMax] = integerRange(`${where}: categorical.k`, c.k, 2, 8, 1, 65536);
        return fc
          .integer({ min: kMin, max: kMax })
          .chain((k) => fc.array(categorical({ ...c, k }), { minLength: copies, maxLength: copies }));
      }
      default:
        return registered(kind, copies);
    }
  });
  // Transpose column-major draws into one row of marginals per copy.
  return fc.tuple(...columns).map((cols) => Array.from({ length: copies }, (_, c) => cols.map((col) => col[c]!)));
}

/**
 * `copies` distributions of a family that has no options of its own here, from its registry
 * record's `example` (typical parameters), each drawn from a seed fast-check draws.
 */
function registered(kind: FeatureKind, copies: number): fc.Arbitrary<Distribution<number>[]> {
  const example = FAMILIES[kind].example;
  if (example === undefined) throw new RangeError(`arbitraries: the ${kind} family gives no example to draw from`);
  return fc.array(
    fc.integer().map((seed) => {
      const rng = createRng(seed);
      return example(() => rng.next());
    }),
    { minLength: copies, maxLength: copies },
  );
}

/** k weights ≥ minWeight summing to 1. */
function simplex(k: number, minWeight: number): fc.Arbitrary<number[]> {
  return weights(k).map((w) => normalised(w, minWeight));
}

/**
 * Something that draws a data set: every ptheta distribution and model.
 *
 * @example
 * ```ts
 * const s: Sampler<Float64Array> = new Gaussian(0, 1);
 * ```
 */
export interface Sampler<Data> {
  /** n draws with the given rng. */
  sample(rng: Rng, n: number): Data;
}

/**
 * Options of {@link sampleFrom}.
 *
 * @example
 * ```ts
 * import { arbitraries } from "ptheta/testing";
 * arbitraries.sampleFrom(arbitraries.bernoulli(), { n: { min: 10, max: 1000 } });
 * ```
 */
export interface SampleFromOptions {
  /** The number of draws: a number, or a range fast-check picks from; default 100. */
  n?: number | Range;
}

/**
 * A model, a data set drawn from it, and the seed that drew it.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraries } from "ptheta/testing";
 * const [first] = fc.sample(arbitraries.sampleFrom(arbitraries.gaussian(), { n: 10 }), 1);
 * const { dist, data, seed }: Sampled<Gaussian, Float64Array> = first!;
 * data.length; // 10
 * data[0] === dist.sample(createRng(seed), 10)[0]; // true
 * ```
 */
export interface Sampled<D, Data> {
  /** The model the data were drawn from. */
  dist: D;
  /** `dist.sample(createRng(seed), n)`. */
  data: Data;
  /** The seed: fast-check draws it, so a failing case replays and shrinks reproducibly. */
  seed: number;
}

/**
 * A model from `model` and n draws from it, made with `createRng(seed)` for a seed that
 * fast-check draws: the same run replays the same data, and shrinking moves to simpler models,
 * smaller n and other seeds without losing reproducibility. Counterexamples print as the model,
 * n and seed rather than the whole data set.
 *
 * @param model - an arbitrary of models, e.g. {@link gaussian}().
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbitraries } from "ptheta/testing";
 * fc.assert(
 *   fc.property(arbitraries.sampleFrom(arbitraries.bernoulli(), { n: 1000 }), ({ dist, data }) => {
 *     const p = Bernoulli.fit(data).p;
 *     return Math.abs(p - dist.p) <= 6 * Math.sqrt((dist.p * (1 - dist.p)) / 1000) + 1e-12;
 *   }),
 * );
 * ```
 */
export function sampleFrom<D extends Sampler<Data>, Data = ReturnType<D["sample"]>>(
  model: fc.Arbitrary<D>,
  options: SampleFromOptions = {},
): fc.Arbitrary<Sampled<D, Data>> {
  const where = "arbitraries.sampleFrom";
  if (!(model instanceof fc.Arbitrary)) throw new TypeError(`${where}: model must be a fast-check Arbitrary`);
  const o = requireOptions(where, options, ["n"]);
  const [nMin, nMax] = integerRange(`${where}: n`, o.n, 100, 100, 0, 2 ** 30);
  return fc.tuple(model, fc.integer({ min: nMin, max: nMax }), fc.integer()).map(([dist, n, seed]) => {
    const data = dist.sample(createRng(seed), n);
    return {
      dist,
      data,
      seed,
      [fc.toStringMethod]: () => `{ dist: ${fc.stringify(dist)}, n: ${n}, seed: ${seed} }`,
    };
  });
}

const PRODUCT_KEYS = ["features", "columns", "gaussian", "bernoulli", "categorical", "poisson"];

/**
 * The options' own properties (an inherited one is not an option), each a known key: a
 * misspelt one ({ sd } for { std }) is an error naming it and the valid names.
 */
function requireOptions<T>(where: string, options: T, known: readonly string[]): T {
  return readOptions(where, options, known, closestOption) as T;
}

/**
 * The per-family options of a product or mixture, checked now (building each family's arbitrary
 * once) rather than when fast-check first draws a column of that kind.
 */
function requireNested<T extends ProductArbitraryOptions>(o: T): T {
  if (o.gaussian !== undefined) gaussian(o.gaussian);
  if (o.bernoulli !== undefined) bernoulli(o.bernoulli);
  if (o.poisson !== undefined) poisson(o.poisson);
  if (o.categorical !== undefined) categorical(o.categorical);
  return o;
}

/** [min, max] from an optional range with defaults, checked against the parameter's domain. */
function range(
  where: string,
  given: Range | undefined,
  defaultMin: number,
  defaultMax: number,
  lowest: number,
  highest = Infinity,
): [number, number] {
  if (given !== undefined && (given === null || typeof given !== "object" || Array.isArray(given))) {
    throw new TypeError(`${where} must be a range { min?, max? }, got ${describe(given)}`);
  }
  const r = readOptions(where, given, ["min", "max"], closestOption);
  const min = (r.min ?? defaultMin) as number;
  const max = (r.max ?? defaultMax) as number;
  for (const [end, v] of [
    ["min", min],
    ["max", max],
  ] as const) {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new RangeError(`${where}.${end} must be a finite number, got ${describe(v)}`);
    }
    if (!(v >= lowest && v <= highest)) {
      throw new RangeError(`${where}.${end} must be in [${lowest}, ${highest}], got ${describe(v)}`);
    }
  }
  if (!(min <= max)) throw new RangeError(`${where}: min (${min}) must be <= max (${max})`);
  return [min, max];
}

/**
 * An integer range from a number, a range or the defaults.
 *
 * @internal
 */
export function integerRange(
  where: string,
  given: number | Range | undefined,
  defaultMin: number,
  defaultMax: number,
  lowest: number,
  highest: number,
): [number, number] {
  const r = typeof given === "number" ? { min: given, max: given } : given;
  const [min, max] = range(where, r, defaultMin, defaultMax, lowest, highest);
  if (!Number.isInteger(min) || !Number.isInteger(max)) {
    throw new RangeError(`${where} must be an integer or a range of integers, got ${describe(min)}..${describe(max)}`);
  }
  return [min, max];
}

// fast-check's doubles are spread over the bit patterns of doubles, so most of those in [0, 1]
// are below 1e-100: good at finding edge cases, poor at covering a range. The arbitraries mix
// an even spread (from a 2³¹-step grid) with the range's ends and fast-check's own picks.
const GRID = 2 ** 31 - 1;

/** Evenly spread in [0, 1], shrinking toward 0. */
function unit(): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: GRID }).map((i) => i / GRID);
}

/** Doubles in [min, max]: mostly spread evenly, sometimes an end or an edge case of fast-check's. */
function uniform([min, max]: [number, number]): fc.Arbitrary<number> {
  if (min === max) return fc.constant(min);
  return fc
    .oneof(
      { weight: 6, arbitrary: unit().map((u) => Math.min(max, min + (max - min) * u)) },
      { weight: 1, arbitrary: fc.constantFrom(min, max) },
      { weight: 1, arbitrary: fc.double({ min, max, noNaN: true }) },
    )
    .map((v) => v + 0); // −0 → 0, as JSON would store it
}

/** Positive doubles in [min, max], spread evenly over their orders of magnitude. */
function logUniform([min, max]: [number, number]): fc.Arbitrary<number> {
  if (min === max) return fc.constant(min);
  const lo = Math.log(min);
  const hi = Math.log(max);
  // exp(log) may step just outside the range by rounding: clamp back in.
  return fc.oneof(
    { weight: 7, arbitrary: unit().map((u) => Math.min(max, Math.max(min, Math.exp(lo + (hi - lo) * u)))) },
    { weight: 1, arbitrary: fc.constantFrom(min, max) },
  );
}

/** k non-negative weights, not all 0, with exact zeros now and then. */
function weights(k: number): fc.Arbitrary<number[]> {
  const weight = fc.oneof({ weight: 5, arbitrary: unit() }, { weight: 1, arbitrary: fc.constant(0) });
  return fc.array(weight, { minLength: k, maxLength: k }).filter((w) => w.some((v) => v > 0));
}

/**
 * floor + (1 − k·floor) w_j / Σw for each of the k weights: values ≥ floor summing to 1 (to
 * rounding). The weights are divided by their maximum first, so that subnormal ones normalise
 * as well as any.
 */
function normalised(w: readonly number[], floor: number): number[] {
  const largest = Math.max(...w);
  const scaled = w.map((v) => v / largest);
  const total = scaled.reduce((a, b) => a + b, 0);
  const free = 1 - w.length * floor;
  return scaled.map((v) => floor + free * (v / total));
}
