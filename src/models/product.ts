/**
 * A product of independent marginals, p(x) = Π_j p_j(x_j): the simplest model of many features
 * without labels. Each column is one family of the registry (Gaussian, Poisson, …); the
 * columns of a family are scored and sampled together by that family's kernel.
 */

import type { Distribution } from "../core/distribution.js";
import { requireJsonType } from "../core/distribution.js";
import type { BlockDistribution, KernelParams, KernelStats, RowWeights } from "../core/kernel.js";
import type { FeatureKind } from "../distributions/registry.js";
import {
  checkShape,
  type Matrix,
  outputMatrix,
  requireNoAlias,
  RowBlocks,
  type MatrixInput,
  type MatrixShape,
} from "../core/matrix.js";
import { readOptions } from "../core/options.js";
import { readModelOptions } from "../core/option-names.js";
import {
  readChunks,
  readProgress,
  readSignal,
  rowsOf,
  type AsyncFitOptions,
  type ChunkSource,
  type RowsChunk,
} from "../core/source.js";
import { requireRng, type Rng } from "../core/rng.js";
import { compensatedSum } from "../core/sum.js";
import { describe, requireInteger } from "../core/validate.js";
import { readSampleWeight, totalWeight } from "../core/weights.js";
import { FAMILIES, familyOf } from "../distributions/registry.js";
import type { Multinomial } from "../distributions/multinomial/multinomial.js";
import type { MultivariateGaussian } from "../distributions/multivariate-gaussian/multivariate-gaussian.js";
import { hasBrand } from "../core/brand.js";
import {
  addLogLikelihood,
  batchStats,
  blockStatsFromJSON,
  blockStatsToJSON,
  blockSpecsOf,
  createStats,
  estimate,
  isJoint,
  layoutBlocks,
  layoutDifference,
  requireProper,
  sampleRow,
  type BlockSpec,
} from "./blocks.js";
import {
  columnKinds,
  columnOptions,
  perFeature,
  readColumnSettings,
  requireKind,
  type ColumnSettings,
  type FeatureGroup,
} from "./model-options.js";
import type { TableRow } from "../schema/rows.js";
import type { Schema } from "../schema/schema.js";
import type { SchemaJSON } from "../schema/serialization.js";
import { encodeInput, fitTable, isTable, modelSchemaFromJSON, type DecodedRow } from "./table.js";

/**
 * One part of a {@link Product}: a distribution of one column (Gaussian, Bernoulli, Categorical,
 * Poisson) or a joint distribution of several consecutive columns (MultivariateGaussian,
 * Multinomial).
 *
 * @example
 * ```ts
 * const parts: ProductPart[] = [new Gaussian(0, 1), new Multinomial([0.5, 0.5]), new Bernoulli(0.3)];
 * new Product(parts).nFeatures; // 4
 * ```
 */
export type ProductPart = Distribution<number> | MultivariateGaussian | Multinomial;

/**
 * Options of {@link Product.fit}.
 *
 * @example
 * ```ts
 * // height, owns a car (0/1), colour code, visits per month
 * const people = [[1.7, 0, 2, 3], [1.6, 1, 0, 5], [1.8, 1, 1, 0], [1.5, 0, 2, 4]];
 * Product.fit(people, { features: ["gaussian", "bernoulli", "categorical", "poisson"], alpha: 1 });
 * ```
 */
export interface ProductFitOptions {
  /**
   * The kind of every column (default `"gaussian"`), or one kind per column. For a table, the
   * kinds of some columns by name (the others are inferred from their values).
   */
  features?: FeatureKind | readonly (FeatureKind | FeatureGroup)[] | Partial<Record<string, FeatureKind>>;
  /** Tables: the feature columns and their order (default: every key, in order of first appearance). */
  columns?: readonly string[];
  /**
   * Bernoulli, categorical and Poisson columns: the pseudo-count α ≥ 0, one or one per column.
   * Default 0: each column's maximum-likelihood estimate, as the family's own `fit`.
   */
  alpha?: number | readonly number[];
  /** Categorical columns: the least number of categories, one or one per column (default 0). */
  minCategories?: number | readonly number[];
  /** Bernoulli columns: values above it count as 1; default `null`, data must be 0/1. */
  binarize?: number | null;
  /** Gaussian columns: a constant added to every variance (default 0). */
  regVariance?: number;
  /** A frequency weight ≥ 0 per row (default 1 each). */
  sampleWeight?: ArrayLike<number>;
}

/**
 * The JSON form of a {@link Product}. A product fitted to data keeps its statistics and its fit
 * options (so that it can merge after `fromJSON`, and its parameters follow exactly); a product
 * built from marginals keeps them. Version 1 (ptheta 0.2, marginals only) is still read.
 *
 * @example
 * ```ts
 * const json: ProductJSON = new Product([new Gaussian(0, 1)]).toJSON();
 * json.marginals?.length; // 1
 * ```
 */
export interface ProductJSON {
  /** Always `"Product"`. */
  type: "Product";
  /** The format version (2; 1 is read too). */
  version: 2;
  /** Built from per-column distributions only: each column's distribution, as its family's `toJSON` writes it. */
  marginals?: object[];
  /** Built from parts, one of them joint: each part's JSON, in column order. */
  parts?: object[];
  /** Fitted: the family of each column. */
  features?: FeatureKind[];
  /** Fitted: each family block's statistics, by kind (an array of blocks for a joint family). */
  stats?: Partial<Record<FeatureKind, unknown>>;
  /** Fitted: the options the parameters are estimated with. */
  options?: {
    /** The pseudo-count α of Bernoulli, categorical and Poisson columns, one or per column. */
    alpha: number | number[];
    /** The least category count of categorical columns, one or per column. */
    minCategories: number | number[];
    /** Bernoulli columns: the threshold above which a value counts as 1, or null for 0/1 data. */
    binarize: number | null;
    /** Gaussian columns: the constant added to every variance. */
    regVariance: number;
  };
  /** The encoding of the table the product was fitted to, if it was. */
  schema?: SchemaJSON;
}

/** The brand of a Product (core/brand.ts): `Symbol.for` keeps its type a unique symbol. */
const PRODUCT: unique symbol = Symbol.for("ptheta.Product");

const FIT_KEYS = ["features", "alpha", "minCategories", "binarize", "regVariance", "sampleWeight", "columns"];

/**
 * Independent columns: p(x) = Π_j p_j(x_j), one distribution per column.
 *
 * @example
 * ```ts
 * const rowsX = [[1.2, 1, 0], [0.7, 0, 2], [1.9, 1, 1], [1.1, 1, 2]];
 * const fitted = Product.fit(rowsX, { features: ["gaussian", "bernoulli", "categorical"] });
 * fitted.marginals[0]!.mean;        // 1.225
 * fitted.logLikelihood(rowsX);      // Σ_i Σ_j log p_j(x_ij)
 * fitted.sample(createRng(1), 5);   // five new rows, as a Matrix
 * ```
 */
export class Product<S extends Matrix | DecodedRow[] = Matrix> {
  /** @internal The brand that identifies a Product from any copy of ptheta. */
  readonly [PRODUCT] = true;
  private schema: Schema | null = null;
  private readonly kinds: readonly FeatureKind[];
  /** Every block's parameters: what scoring and sampling read. */
  private readonly params: readonly KernelParams[];
  /** A fitted product's persistent form: its statistics and fit options (null when built from marginals). */
  private readonly fitted: { readonly stats: readonly KernelStats[]; readonly settings: ColumnSettings } | null;
  /** The parts as distribution objects, in column order, built when first asked for. */
  private dists: readonly ProductPart[] | null;

  /**
   * A product of the given parts, in column order: a per-column family (Gaussian, Bernoulli, Categorical,
   * Poisson, Exponential, …) covers one column, a joint one (MultivariateGaussian, Multinomial) as
   * many consecutive columns as its dimension.
   *
   * @example
   * ```ts
   * const p = new Product([new Gaussian(0, 1), new MultivariateGaussian([0, 0], [[1, 0.5], [0.5, 1]]), new Bernoulli(0.3)]);
   * p.nFeatures; // 4
   * p.logProb([0, 0, 0, 1]); // log N(0) + log N₂(0, 0) + log 0.3
   * ```
   */
  constructor(parts: readonly ProductPart[]) {
    const where = "Product";
    if (!Array.isArray(parts)) throw new TypeError(`${where}: parts must be an array, got ${describe(parts)}`);
    if (parts.length === 0) throw new RangeError(`${where}: parts must not be empty`);
    const { kinds, breaks } = kindsOfParts(where, parts);
    this.dists = parts.slice();
    this.kinds = kinds;
    this.params = paramsOf(kinds, breaks, [parts], where);
    this.fitted = null;
  }

  /** A fitted product: the parameters its statistics give, kept with them (so that it can merge). */
  private static fromFit(
    stats: readonly KernelStats[],
    settings: ColumnSettings,
    kinds: readonly FeatureKind[],
  ): Product {
    const params = estimate(blockSpecsOf(stats, columnOptions(settings)), stats);
    // Every field, as the constructor would set them (the constructor builds from marginals).
    const fields = { [PRODUCT]: true, schema: null, kinds, params, fitted: { stats, settings }, dists: null };
    return Object.assign(Object.create(Product.prototype) as Product, fields);
  }

  /**
   * Fits every column by its family's maximum-likelihood estimate (smoothed by `alpha`), equal
   * to each family's own `fit` on that column.
   *
   * @example
   * ```ts
   * const model = Product.fit([[0, 3], [1, 5], [1, 4]], { features: ["bernoulli", "poisson"] });
   * ```
   */
  static fit(X: MatrixInput, options?: ProductFitOptions): Product;
  /**
   * Fits a table: an array of plain objects, each key a column (numbers → Gaussian, booleans →
   * Bernoulli, strings → Categorical, unless `features` names a kind); samples come back as
   * objects.
   */
  static fit(rows: readonly TableRow[], options?: ProductFitOptions): Product<DecodedRow[]>;
  static fit(X: MatrixInput | readonly TableRow[], options?: ProductFitOptions): Product<Matrix | DecodedRow[]> {
    const where = "Product.fit";
    if (isTable(X)) {
      const t = fitTable(where, X, options);
      const model = Product.fitMatrix(where, t.X, t.modelOptions);
      model.schema = t.schema;
      return model;
    }
    return Product.fitMatrix(where, X, options);
  }

  private static fitMatrix(where: string, X: MatrixInput, options: unknown): Product {
    const o = readModelOptions(where, options, FIT_KEYS);
    if (o.columns !== undefined) throw new TypeError(`${where}: options.columns is for tables (arrays of objects)`);
    const settings = readColumnSettings(where, o, { alpha: 0, regVariance: 0, binarize: null });
    const shape = checkFitShape(where, X);
    const kinds = columnKinds(where, settings, shape.cols);
    const weights = readSampleWeight(where, o.sampleWeight, shape.rows);
    if (totalWeight(weights, shape.rows) === 0) throw new RangeError(`${where}: every sample weight is 0`);
    const blocks = layoutBlocks(kinds, columnOptions(settings), settings.breaks);
    const rw: RowWeights = {
      components: 1,
      component: new Int32Array(shape.rows),
      responsibility: null,
      sampleWeight: weights,
    };
    const stats = batchStats(where, createStats(blocks, 1), new RowBlocks(X, shape), rw);
    requireProper(where, blocks, stats);
    return Product.fromFit(stats, settings, kinds);
  }

  /**
   * Fits every column, as {@link Product.fit} does, to rows read chunk by chunk from `source`:
   * any Iterable or AsyncIterable of matrices or `{ X, sampleWeight? }` (arrays, generators,
   * async generators, a Node Readable in object mode). Memory stays constant (one chunk at a
   * time, plus the statistics), and the result equals `Product.fit` on all the rows (exactly
   * for discrete columns, to rounding for Gaussian ones) and the merge of per-chunk fits. A bad
   * value names its chunk and row; an error thrown by the source propagates.
   *
   * @example
   * ```ts
   * async function* chunks() {
   *   yield [[0, 2], [1, 1]];
   *   yield { X: [[1, 2]], sampleWeight: [2] };
   * }
   * const model = await Product.fitAsync(chunks(), { features: ["bernoulli", "categorical"] });
   * String(model); // "Product(Bernoulli(p=0.75), Categorical(probs=[0, 0.25, 0.75]))"
   * ```
   */
  static async fitAsync(
    source: ChunkSource<RowsChunk>,
    options?: Omit<ProductFitOptions, "sampleWeight" | "columns"> & AsyncFitOptions,
  ): Promise<Product> {
    const where = "Product.fitAsync";
    const o = readModelOptions(where, options, [
      "features",
      "alpha",
      "minCategories",
      "binarize",
      "regVariance",
      "onProgress",
      "signal",
    ]);
    const settings = readColumnSettings(where, o, { alpha: 0, regVariance: 0, binarize: null });
    const onProgress = readProgress(where, o.onProgress);
    const signal = readSignal(where, o.signal);
    // The statistics so far (null until the first rows), the columns' kinds and Σ weights.
    let fit = null as { kinds: FeatureKind[]; stats: KernelStats[]; total: number } | null;
    await readChunks(
      where,
      source,
      1,
      onProgress,
      (chunk, chunkWhere) => {
        const { X, sampleWeight } = rowsOf(chunkWhere, chunk as object);
        const shape = checkShape(chunkWhere, X);
        if (shape.rows === 0) return 0;
        if (shape.cols === 0) throw new RangeError(`${chunkWhere}: X has no features`);
        if (fit !== null && shape.cols !== fit.kinds.length) {
          throw new RangeError(
            `${chunkWhere}: X has ${shape.cols} features but the chunks before it have ${fit.kinds.length}`,
          );
        }
        // Everything that can throw happens before the statistics change: the chunk is summarised
        // (and its values checked) into fresh statistics, then merged.
        const kinds = fit?.kinds ?? columnKinds(chunkWhere, settings, shape.cols);
        const weights = readSampleWeight(chunkWhere, sampleWeight, shape.rows);
        const stats = fit?.stats ?? createStats(layoutBlocks(kinds, columnOptions(settings), settings.breaks), 1);
        const rw: RowWeights = {
          components: 1,
          component: new Int32Array(shape.rows),
          responsibility: null,
          sampleWeight: weights,
        };
        const batch = batchStats(chunkWhere, stats, new RowBlocks(X, shape), rw);
        batch.forEach((b, i) => stats[i]!.merge(b));
        fit = { kinds, stats, total: (fit?.total ?? 0) + totalWeight(weights, shape.rows) };
        return shape.rows;
      },
      signal,
    );
    if (fit === null) throw new RangeError(`${where}: the source gave no rows`);
    if (fit.total === 0) throw new RangeError(`${where}: every sample weight is 0`);
    requireProper(where, blockSpecsOf(fit.stats, columnOptions(settings)), fit.stats);
    return Product.fromFit(fit.stats, settings, fit.kinds);
  }

  /**
   * The product fitted to the data of both products (each fitted by {@link Product.fit} with
   * the same options and feature kinds): equal to one fit on the union of their rows.
   *
   * @example
   * ```ts
   * const opts = { features: "gaussian" } as const;
   * const all = Product.fit(X.slice(0, 6), opts).merge(Product.fit(X.slice(6), opts));
   * all.marginals[0]!.mean - Product.fit(X, opts).marginals[0]!.mean; // 0, to rounding
   * ```
   */
  merge(other: Product<S>): Product<S> {
    const where = "Product.merge";
    if (!hasBrand(other, "Product")) throw new TypeError(`${where}: other must be a Product, got ${describe(other)}`);
    const a = this.fitted;
    const b = other.fitted;
    if (a === null || b === null) {
      throw new TypeError(`${where}: only products fitted to data (Product.fit) keep the statistics to merge`);
    }
    if (this.kinds.join() !== other.kinds.join()) {
      throw new RangeError(
        `${where}: the feature kinds differ: [${this.kinds.join(", ")}] and [${other.kinds.join(", ")}]`,
      );
    }
    const difference =
      settingsDifference(a.settings, b.settings, this.kinds.length) ?? layoutDifference(a.stats, b.stats);
    if (difference !== null) throw new RangeError(`${where}: the fit options differ: ${difference}`);
    const stats = a.stats.map((s, i) => {
      const copy = s.empty();
      copy.merge(s);
      copy.merge(b.stats[i]!);
      return copy;
    });
    const merged = Product.fromFit(stats, a.settings, this.kinds) as unknown as Product<S>;
    merged.schema = this.schema;
    return merged;
  }

  /**
   * The parts, in column order: a distribution per column of a per-column family, one joint
   * distribution (MultivariateGaussian, Multinomial) per joint block. Built from the parameters
   * when first asked for; a copy of the array.
   *
   * @example
   * ```ts
   * const p = Product.fit([[1, 2, 0], [2, 1, 1], [4, 0, 1]], { features: ["gaussian", "multinomial", "multinomial"] });
   * p.parts.length; // 2: a Gaussian and a Multinomial over columns 1 and 2
   * ```
   */
  get parts(): ProductPart[] {
    this.dists ??= partsOf(this.params, 0);
    return this.dists.slice();
  }

  /**
   * The distribution of each column (built from the parameters when first asked for); a copy of
   * the array. A product with a joint part has no per-column marginals: read {@link Product.parts}.
   */
  get marginals(): Distribution<number>[] {
    const joint = this.params.find((p) => p.part !== undefined);
    if (joint !== undefined) {
      throw new TypeError(
        `Product.marginals: columns [${Array.from(joint.cols).join(", ")}] are one joint ${joint.kind} part, not independent columns; read product.parts`,
      );
    }
    return this.parts as Distribution<number>[];
  }

  /** The number of columns. */
  get nFeatures(): number {
    return this.kinds.length;
  }

  /** The family of each column; a copy. */
  get featureKinds(): FeatureKind[] {
    return this.kinds.slice();
  }

  /** The number of free parameters (Σ over the columns). */
  get freeParameters(): number {
    let n = 0;
    for (const p of this.params) n += p.freeParameters();
    return n;
  }

  /**
   * log p(x) = Σ_j log p_j(x_j) of one row; −Infinity outside the support.
   *
   * @example
   * ```ts
   * const model = Product.fit(X);
   * model.logProb([5.0, 3.4, 1.5, 0.2]);
   * ```
   */
  logProb(row: ArrayLike<number> | TableRow): number {
    return this.perRow("Product.logProb", [row], undefined)[0]!;
  }

  /** Σ_i log p(x_i) over the rows of X (a matrix, or a table for a product fitted to one). */
  logLikelihood(X: MatrixInput | readonly TableRow[]): number {
    return compensatedSum(this.perRow("Product.logLikelihood", X, undefined));
  }

  /** log p(x_i) of every row, in a Float64Array (into `out` when given). */
  logLikelihoodPerRow(X: MatrixInput | readonly TableRow[], out?: Float64Array): Float64Array {
    return this.perRow("Product.logLikelihoodPerRow", X, out);
  }

  private perRow(where: string, input: unknown, out: Float64Array | undefined): Float64Array {
    const X = encodeInput(where, this.schema, input, null, "error", "skip").X;
    const shape = checkShape(where, X);
    requireNoAlias(where, out, X);
    const d = this.kinds.length;
    if (shape.rows > 0 && shape.cols !== d) {
      throw new RangeError(`${where}: X has ${shape.cols} features but the model has ${d}`);
    }
    const result = outputMatrix(where, shape.rows, 1, out, "values").data;
    result.fill(0);
    addLogLikelihood(this.params, new RowBlocks(X, { rows: shape.rows, cols: d }), result, {
      where,
      missing: "error",
      unseen: "smooth",
      outsideSupport: "impossible",
      offersMissing: false,
    });
    return result;
  }

  /**
   * `n` new rows, each column drawn from its marginal: an n × features Matrix (objects for a
   * product fitted to a table). `options.out` is a buffer of at least n × features values to
   * draw into; the shape `sample(rng, n, options)` is every model's (a Float64Array in its place,
   * as 0.2 took it, still works).
   *
   * @example
   * ```ts
   * const fake = Product.fit(X).sample(createRng(7), 100).toArray();
   * const into = Product.fit(X).sample(createRng(7), 2, { out: new Float64Array(8) });
   * ```
   */
  sample(rng: Rng, n: number, options?: { out?: Float64Array } | Float64Array): S {
    const where = "Product.sample";
    requireRng(where, rng);
    requireInteger(`${where}: n`, n, 0);
    const out =
      options instanceof Float64Array
        ? options
        : (readModelOptions(where, options, ["out"]).out as Float64Array | undefined);
    const d = this.kinds.length;
    const X = outputMatrix(where, n, d, out, "features");
    for (let i = 0; i < n; i++) sampleRow(this.params, rng, 0, X.data, i * d, where);
    return (this.schema === null ? X : this.schema.decode(X)) as S;
  }

  /**
   * A fitted product: `{ type: "Product", version: 2, features, stats, options }`; one built from
   * marginals: `{ type: "Product", version: 2, marginals }`. `Product.fromJSON` restores it exactly.
   */
  toJSON(): ProductJSON {
    const json: ProductJSON = { type: "Product", version: 2 };
    if (this.fitted !== null) {
      const { stats, settings } = this.fitted;
      json.features = this.kinds.slice();
      json.stats = blockStatsToJSON(stats);
      const list = (v: number | readonly number[]): number | number[] => (typeof v === "number" ? v : v.slice());
      json.options = {
        alpha: list(settings.alpha),
        minCategories: list(settings.minCategories),
        binarize: settings.binarize,
        regVariance: settings.regVariance,
      };
    } else if (this.params.some((p) => p.part !== undefined)) json.parts = this.parts.map((d) => d.toJSON());
    else json.marginals = this.parts.map((d) => d.toJSON());
    if (this.schema !== null) json.schema = this.schema.toJSON();
    return json;
  }

  /**
   * The product its statistics give: a fitted product's persistence form (`toJSON` of
   * `Product.fit`, or what `productStatsSQL`'s `parse` computes in a database), checked, with
   * the parameters estimated from them.
   *
   * @example
   * ```ts
   * const stats = Product.fit(X).toJSON();
   * Product.fromStats(stats).logLikelihood(X) === Product.fit(X).logLikelihood(X); // true
   * ```
   */
  static fromStats<S extends Matrix | DecodedRow[] = Matrix>(stats: ProductJSON): Product<S> {
    const where = "Product.fromStats";
    if (stats === null || typeof stats !== "object" || !Object.prototype.hasOwnProperty.call(stats, "stats"))
      throw new TypeError(
        `${where}: stats must be a fitted product's statistics ({ type: "Product", features, stats, options })`,
      );
    return Product.fromJSONAt(where, stats) as Product<S>;
  }

  /**
   * Rebuilds a product from {@link Product.toJSON} output (after `JSON.parse`; version 2, or
   * version 1 as ptheta 0.2 wrote it), checking it.
   *
   * @example
   * ```ts
   * const copy = Product.fromJSON(JSON.parse(JSON.stringify(Product.fit(X))));
   * ```
   */
  static fromJSON<S extends Matrix | DecodedRow[] = Matrix>(json: unknown): Product<S> {
    return Product.fromJSONAt("Product.fromJSON", json) as Product<S>;
  }

  /** @internal Reads a {@link ProductJSON} (version 1 or 2), naming `where` (the public method called) in its errors. */
  static fromJSONAt(where: string, json: unknown): Product {
    const o = requireJsonType(where, json, "Product");
    if (o.version !== 1 && o.version !== 2)
      throw new RangeError(`${where}: version ${describe(o.version)} is not one this release reads (1 or 2)`);
    let model: Product;
    if (o.stats !== undefined) {
      if (o.version === 1) throw new TypeError(`${where}: version 1 has no stats; marginals were its only form`);
      if (o.marginals !== undefined)
        throw new TypeError(`${where}: give stats (a fitted product) or marginals (built from them), not both`);
      if (!Array.isArray(o.features) || o.features.length === 0)
        throw new TypeError(`${where}: features must be a non-empty array of feature kinds`);
      const kinds = o.features.map((k: unknown, j: number) => requireKind(`${where}: features[${j}]`, k));
      const settings = readColumnSettings(
        `${where}: options`,
        readOptions(`${where}: options`, o.options, ["alpha", "minCategories", "binarize", "regVariance"]),
        { alpha: 0, regVariance: 0, binarize: null },
      );
      columnKinds(`${where}: options`, { ...settings, features: kinds }, kinds.length);
      const stats = blockStatsFromJSON(`${where}: stats`, o.stats, kinds, columnOptions(settings), 1);
      const blocks = blockSpecsOf(stats, columnOptions(settings));
      if (!(stats[0]!.totals()[0]! > 0)) throw new RangeError(`${where}: the statistics hold no rows (of weight > 0)`);
      requireProper(where, blocks, stats);
      model = Product.fromFit(stats, settings, kinds);
    } else {
      const key = o.parts !== undefined ? "parts" : "marginals";
      if (o.parts !== undefined && o.marginals !== undefined)
        throw new TypeError(`${where}: give parts or marginals, not both`);
      const list: unknown = o[key];
      if (!Array.isArray(list)) throw new TypeError(`${where}: ${key} must be an array`);
      model = new Product(list.map((m: unknown, j: number) => partFromJSON(`${where}: ${key}[${j}]`, m)));
    }
    model.schema = modelSchemaFromJSON(where, o.schema, model.featureKinds);
    return model;
  }

  /** The encoding of the table the product was fitted to, or null for a matrix model. */
  get tableSchema(): Schema | null {
    return this.schema;
  }

  /**
   * The marginals, as Distributions.jl prints a product; also what Node's console shows.
   *
   * @example
   * ```ts
   * String(Product.fit([[1, 0], [2, 1], [4, 1]], { features: ["gaussian", "bernoulli"] }));
   * ```
   */
  toString(): string {
    const all = this.dists ?? partsOf(this.params, 0, 8);
    const shown = all.slice(0, 8).map(String).join(", ");
    const d =
      this.dists === null
        ? this.params.reduce((n, p) => n + (p.part === undefined ? p.cols.length : 1), 0)
        : all.length;
    return `Product(${shown}${d > 8 ? `, … ${d - 8} more` : ""})`;
  }

  /** @internal Node's console.log and util.inspect use this. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/**
 * The parts of component c, in column order (the first `limit` of them): a distribution per
 * column of a per-column block, one joint distribution per joint block. @internal
 */
export function partsOf(params: readonly KernelParams[], c: number, limit = Infinity): ProductPart[] {
  const byStart: { start: number; make: () => ProductPart }[] = [];
  for (const p of params) {
    if (p.part !== undefined) byStart.push({ start: p.cols[0]!, make: () => p.part!(c) as ProductPart });
    else for (let k = 0; k < p.cols.length; k++) byStart.push({ start: p.cols[k]!, make: () => p.marginal(c, k) });
  }
  byStart.sort((a, b) => a.start - b.start);
  return byStart.slice(0, Math.min(limit, byStart.length)).map((e) => e.make());
}

/**
 * The kind of every column of a product of `parts`, refusing anything but a family's class, and
 * the columns where each joint part begins and ends (the layout's breaks: two adjacent
 * Multinomials stay two blocks). @internal
 */
export function kindsOfParts(where: string, parts: readonly unknown[]): { kinds: FeatureKind[]; breaks: number[] } {
  const kinds: FeatureKind[] = [];
  const breaks: number[] = [];
  parts.forEach((d, j) => {
    const family = familyOf(d);
    if (family === undefined) {
      throw new TypeError(`${where}: parts[${j}] must be ${familyNames()}, got ${describe(d)}`);
    }
    const joint = family.joint === true;
    const width = joint ? (d as { dimension: number }).dimension : 1;
    if (joint) breaks.push(kinds.length, kinds.length + width);
    for (let k = 0; k < width; k++) kinds.push(family.kind as FeatureKind);
  });
  return { kinds, breaks };
}

const NO_SETTINGS: ColumnSettings = {
  features: "gaussian",
  breaks: [],
  alpha: 0,
  minCategories: 0,
  binarize: null,
  regVariance: 0,
};

/**
 * Where two sets of fit options differ in meaning, column by column (`"gaussian"` and a list of
 * `"gaussian"` are the same), or null when they agree.
 */
function settingsDifference(a: ColumnSettings, b: ColumnSettings, d: number): string | null {
  for (let j = 0; j < d; j++) {
    for (const name of ["alpha", "minCategories"] as const) {
      const x = perFeature(a[name], j);
      const y = perFeature(b[name], j);
      if (x !== y) return `${name} of column ${j} is ${x} and ${y}`;
    }
  }
  if (a.binarize !== b.binarize) return `binarize is ${a.binarize} and ${b.binarize}`;
  if (a.regVariance !== b.regVariance) return `regVariance is ${a.regVariance} and ${b.regVariance}`;
  return null;
}

/**
 * The kernel parameters of columns with the given kinds (and joint parts' breaks), from the parts
 * of each component (`parts[c]`, in column order; every component's parts cover the columns
 * alike). @internal
 */
export function paramsOf(
  kinds: readonly FeatureKind[],
  breaks: readonly number[],
  parts: readonly (readonly ProductPart[])[],
  where: string,
): KernelParams[] {
  const components = parts.length;
  // The part that begins at each column, per component.
  const at = parts.map((list) => {
    const byColumn: ProductPart[] = [];
    let col = 0;
    for (const part of list) {
      byColumn[col] = part;
      col += familyOf(part)?.joint === true ? (part as { dimension: number }).dimension : 1;
    }
    return byColumn;
  });
  const blocks = layoutBlocks(kinds, columnOptions(NO_SETTINGS), breaks);
  return blocks.map((b: BlockSpec) => {
    const m = b.cols.length;
    const dists: BlockDistribution[] = [];
    for (let c = 0; c < components; c++) {
      if (isJoint(b.kind)) dists.push(at[c]![b.cols[0]!]!);
      else for (let k = 0; k < m; k++) dists.push(at[c]![b.cols[k]!]!);
    }
    return FAMILIES[b.kind].paramsFrom(b.cols, components, dists, where);
  });
}

/** A part from its own JSON, by its `type`. @internal */
export function partFromJSON(where: string, json: unknown): ProductPart {
  const type = json !== null && typeof json === "object" ? (json as { type?: unknown }).type : undefined;
  for (const kind of Object.keys(FAMILIES) as FeatureKind[]) {
    const family = FAMILIES[kind];
    if (family.typeName === type) return family.fromJSON(json) as ProductPart;
  }
  throw new TypeError(`${where}: expected the JSON of ${familyNames()}, got type ${describe(type)}`);
}

/** "a Gaussian, Bernoulli, … or Poisson": the registry's class names, for errors. */
function familyNames(): string {
  const names = Object.values(FAMILIES).map((f) => f.typeName);
  return `a ${names.slice(0, -1).join(", ")} or ${names[names.length - 1]!}`;
}

/** Checks a matrix to fit: at least one row and one column. @internal */
export function checkFitShape(where: string, X: MatrixInput): MatrixShape {
  const shape = checkShape(where, X);
  if (shape.rows === 0) throw new RangeError(`${where}: X is empty; at least one row is needed`);
  if (shape.cols === 0) throw new RangeError(`${where}: X has no features`);
  return shape;
}
