/**
 * The scalar API's estimators, written once for every family: `fit`, `fitAsync`, `fromStats`
 * and `statsFromJSON` differ between families only in their options, their statistics and
 * their estimate, which each family gives as a {@link ScalarFamily}.
 */

import { hasBrand } from "../core/brand.js";
import { requireJsonType } from "../core/distribution.js";
import { readOptions } from "../core/options.js";
import { accumulateValues } from "../core/source.js";
import { requireData } from "../core/validate.js";
import { readSampleWeight } from "../core/weights.js";
import type { KernelStats, RowWeights } from "../core/kernel.js";
import { RowBlocks } from "../core/matrix.js";

/** Every row in component 0 (a family's scalar statistics have one). @internal */
const ONE_COMPONENT: RowWeights = { components: 1, component: null, responsibility: null, sampleWeight: null };

/**
 * Adds checked values (as the single column of a matrix) with their weights to a kernel's
 * statistics of one column and one component: the scalar API's statistics are the kernel's.
 * @internal
 */
export function addColumn(stats: KernelStats, where: string, xs: ArrayLike<number>, w: Float64Array | null): void {
  const n = xs.length;
  const x = new RowBlocks({ data: xs, rows: n, cols: 1 }, { rows: n, cols: 1 });
  stats.accumulate(where, x, w === null ? ONE_COMPONENT : { ...ONE_COMPONENT, sampleWeight: w });
}

/**
 * What a family's scalar estimators need: S its statistics, D its distribution, O its
 * estimate's options once read.
 * @internal
 */
export interface ScalarFamily<S, D, O> {
  /** The class name, which begins every message (`"Gaussian"`). */
  readonly name: string;
  /** The statistics' brand and JSON type (`"GaussianStats"`). */
  readonly statsType: string;
  /** The estimate's option names (`alpha`, `k`), besides `sampleWeight` and the async ones. */
  readonly options: readonly string[];
  /** Validates the estimate's options. */
  readOptions(where: string, o: Record<string, unknown>): O;
  /** Empty statistics. */
  createStats(o: O): S;
  /** Adds values (their weights read and checked); checks every value before it changes anything. */
  add(stats: S, where: string, xs: ArrayLike<number>, w: Float64Array | null, o: O): void;
  /** The estimate; `empty` says why the statistics may hold no weight, for its error. */
  estimate(where: string, stats: S, o: O, empty: string): D;
  /** Statistics from their JSON object (type already checked). */
  statsFromJSON(where: string, json: Record<string, unknown>): S;
}

/** `Family.fit(data, options)`. @internal */
export function fitValues<S, D, O>(f: ScalarFamily<S, D, O>, data: unknown, options: unknown): D {
  const where = `${f.name}.fit`;
  const xs = requireData(where, data);
  if (xs.length === 0) throw new RangeError(`${where}: data is empty; at least one value is needed`);
  const o = readOptions(where, options, [...f.options, "sampleWeight"]);
  const opts = f.readOptions(where, o);
  const stats = f.createStats(opts);
  f.add(stats, where, xs, readSampleWeight(where, o.sampleWeight, xs.length), opts);
  return f.estimate(where, stats, opts, "every weight is 0");
}

/** `Family.fitAsync(source, options)`: chunk by chunk, cancellable with `options.signal`. @internal */
export async function fitValuesAsync<S, D, O>(f: ScalarFamily<S, D, O>, source: unknown, options: unknown): Promise<D> {
  const where = `${f.name}.fitAsync`;
  const o = readOptions(where, options, [...f.options, "onProgress", "signal"]);
  const opts = f.readOptions(where, o);
  const stats = f.createStats(opts);
  await accumulateValues(
    where,
    source,
    o.onProgress,
    (data, w) => {
      const xs = requireData(where, data);
      f.add(stats, where, xs, readSampleWeight(where, w, xs.length), opts);
      return xs.length;
    },
    o.signal,
  );
  return f.estimate(where, stats, opts, "the source gave no values (of weight > 0)");
}

/** `Family.fromStats(stats, options)`. @internal */
export function fromStatsOf<S, D, O>(f: ScalarFamily<S, D, O>, stats: unknown, options: unknown): D {
  const where = `${f.name}.fromStats`;
  if (!hasBrand(stats, f.statsType)) throw new TypeError(`${where}: stats must be a ${f.statsType}`);
  const opts = f.readOptions(where, readOptions(where, options, f.options));
  return f.estimate(where, stats as S, opts, "the statistics are empty");
}

/** `Family.statsFromJSON(json)`. @internal */
export function statsFromJSONOf<S, D, O>(f: ScalarFamily<S, D, O>, json: unknown): S {
  const where = `${f.name}.statsFromJSON`;
  return f.statsFromJSON(where, requireJsonType(where, json, f.statsType));
}
