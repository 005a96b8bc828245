/**
 * EM over a stream: `Mixture.fitAsync(() => source, options)`. Each pass reads the source once,
 * chunk by chunk: the E-step statistics of every chunk (`expectedStats`) are merged, and one
 * M-step (`Mixture.fromStats`) gives the next model. Only one chunk and the statistics are held,
 * so memory is constant however many rows the source gives; the stopping rule and the trace are
 * those of `Mixture.fit`, so from the same start the two agree to rounding.
 *
 * Without `init`, a first pass draws a uniform sample of at most `startRows` rows (Vitter's
 * reservoir sampling, Algorithm R) and starts from `Mixture.fit`'s k-means++ start on it.
 */

import { badCell } from "../core/cells.js";
import type { FeatureKind } from "../core/kernel.js";
import { checkShape, RowBlocks, type MatrixInput } from "../core/matrix.js";
import { readOptions } from "../core/options.js";
import { createRng } from "../core/create-rng.js";
import { nextUniform, requireRng, type Rng } from "../core/rng.js";
import { inChunk, readChunks, readProgress, rowsOf, type AsyncFitOptions } from "../core/source.js";
import { describe, requireInteger, requireNonNegative } from "../core/validate.js";
import { readSampleWeight } from "../core/weights.js";
import type { Mixture, MixtureFitOptions, MixtureProgress } from "./mixture.js";
import type { MixtureStats } from "./mixture-stats.js";
import { EmTrace } from "./em-trace.js";
import { columnKinds, optionalCallback, readColumnSettings } from "./model-options.js";

/**
 * Options of {@link Mixture.fitAsync}: those of {@link Mixture.fit} for a matrix (but one start:
 * each start would cost passes of its own), `onProgress`, and the size of the sample the
 * k-means++ start is drawn from.
 *
 * @example
 * ```ts
 * const options: MixtureFitAsyncOptions = { nComponents: 3, maxIter: 50, startRows: 5000, onProgress: ({ pass, rows }) => {} };
 * ```
 */
export interface MixtureFitAsyncOptions
  extends Omit<MixtureFitOptions, "sampleWeight" | "nInit" | "columns" | "features">, AsyncFitOptions {
  /** The kind of every column (default `"gaussian"`), or one kind per column. */
  features?: FeatureKind | readonly FeatureKind[];
  /**
   * Without `init`: the most rows the first pass samples (uniformly, by reservoir sampling) to
   * start from k-means++ on them, as `Mixture.fit` starts (default 10 000).
   */
  startRows?: number;
}

const KEYS = [
  "nComponents",
  "features",
  "alpha",
  "minCategories",
  "regVariance",
  "maxIter",
  "tol",
  "init",
  "rng",
  "onIteration",
  "onProgress",
  "startRows",
];

/** The default and the bound of `startRows`: k-means++ on more rows than this is slow. */
const START_ROWS = 10_000;
const MAX_START_ROWS = 1_000_000;

/**
 * EM over the source `read()` returns, called once per pass (see the module comment).
 * `MixtureClass` is the Mixture class itself, passed in so that this module imports it only as
 * a type (mixture.ts imports this one).
 * @internal
 */
export async function fitMixtureStream(
  MixtureClass: typeof Mixture,
  read: unknown,
  options: unknown,
): Promise<Mixture> {
  const where = "Mixture.fitAsync";
  if (typeof read !== "function") {
    throw new TypeError(
      `${where}: the first argument must be a function returning the source (it is called once per pass), got ${describe(read)}`,
    );
  }
  const o = readOptions(where, options, KEYS);
  const settings = readColumnSettings(where, o, { alpha: 1, regVariance: 1e-6, binarize: null });
  const init = o.init;
  if (init !== undefined && !(init instanceof MixtureClass))
    throw new TypeError(`${where}: options.init must be a Mixture, got ${describe(init)}`);
  if (init !== undefined) {
    if (o.nComponents !== undefined && o.nComponents !== init.nComponents) {
      throw new RangeError(
        `${where}: options.nComponents is ${describe(o.nComponents)} but options.init has ${init.nComponents} components`,
      );
    }
    const kinds = init.featureKinds;
    if (o.features !== undefined && columnKinds(where, settings, kinds.length).join() !== kinds.join()) {
      throw new RangeError(
        `${where}: options.features differ from the feature kinds of options.init ([${kinds.join(", ")}])`,
      );
    }
  } else if (o.nComponents === undefined) {
    throw new TypeError(`${where}: options.nComponents is required (or give options.init)`);
  }
  const K = init !== undefined ? init.nComponents : requireInteger(`${where}: options.nComponents`, o.nComponents, 1);
  const maxIter = o.maxIter === undefined ? 100 : requireInteger(`${where}: options.maxIter`, o.maxIter, 0);
  const tol = o.tol === undefined ? 1e-3 : requireNonNegative(`${where}: options.tol`, o.tol);
  const rng = o.rng === undefined ? createRng(0) : requireRng(`${where}: options.rng`, o.rng);
  const startRows =
    o.startRows === undefined ? START_ROWS : requireInteger(`${where}: options.startRows`, o.startRows, 1);
  if (startRows > MAX_START_ROWS)
    throw new RangeError(`${where}: options.startRows must be at most ${MAX_START_ROWS}, got ${startRows}`);
  const onIteration = optionalCallback<(p: MixtureProgress) => void>(`${where}: options.onIteration`, o.onIteration);
  const onProgress = readProgress(where, o.onProgress);
  const step = { alpha: o.alpha, regVariance: o.regVariance } as Record<string, unknown>;
  for (const key of ["alpha", "regVariance"]) if (step[key] === undefined) delete step[key];

  const source = (pass: number): unknown => {
    const s: unknown = (read as () => unknown)();
    if (s !== null && typeof s === "object" && typeof (s as { then?: unknown }).then === "function") {
      throw new TypeError(
        `${where}: the function returned a Promise in pass ${pass}; return the source itself (an async generator, say)`,
      );
    }
    return s;
  };

  let pass = 0;
  let model: Mixture;
  let cols: number;
  let firstRows = -1; // the rows of the first pass, which every later pass must give again
  if (init !== undefined) {
    model = init as Mixture;
    cols = init.nFeatures;
  } else {
    pass = 1;
    const sample = await reservoir(where, source(pass), startRows, rng, onProgress);
    firstRows = sample.seen;
    cols = sample.cols;
    if (sample.size < K) {
      throw new RangeError(
        `${where}: options.nComponents is ${K}, more than the ${sample.size} rows (of weight > 0) the source gave`,
      );
    }
    // Mixture.fit's own start: k-means++ on the sample, and the first M-step (maxIter: 0).
    const start = { data: sample.data.subarray(0, sample.size * cols), rows: sample.size, cols };
    model = inChunk<Mixture>(`${where}: the k-means++ start on ${sample.size} sampled rows`, () =>
      MixtureClass.fit(start, {
        nComponents: K,
        ...(o.features !== undefined ? { features: o.features as FeatureKind | FeatureKind[] } : {}),
        ...(o.alpha !== undefined ? { alpha: o.alpha as number | number[] } : {}),
        ...(o.minCategories !== undefined ? { minCategories: o.minCategories as number | number[] } : {}),
        ...(o.regVariance !== undefined ? { regVariance: o.regVariance as number } : {}),
        ...(sample.weighted ? { sampleWeight: sample.weight.subarray(0, sample.size) } : {}),
        rng,
        maxIter: 0,
      }),
    );
  }

  const trace = new EmTrace(tol, onIteration);
  for (let iteration = 1; iteration <= maxIter; iteration++) {
    pass++;
    const current = model;
    let stats = null as MixtureStats | null;
    let positive = 0;
    const rows = await readChunks(where, source(pass), pass, onProgress, (chunk, chunkWhere) => {
      const { X, sampleWeight } = rowsOf(chunkWhere, chunk as object);
      const shape = checkShape(chunkWhere, X);
      if (shape.rows === 0) return 0;
      if (shape.cols !== cols)
        throw new RangeError(`${chunkWhere}: X has ${shape.cols} features but the model has ${cols}`);
      const weights = readSampleWeight(chunkWhere, sampleWeight, shape.rows);
      const s = inChunk(chunkWhere, () => current.expectedStats(X, weights ?? undefined));
      if (s.logLikelihood === -Infinity) throw impossibleRow(chunkWhere, current, X);
      if (weights === null) positive += shape.rows;
      else for (let i = 0; i < weights.length; i++) if (weights[i]! > 0) positive++;
      if (stats === null) stats = s;
      else stats.merge(s);
      return shape.rows;
    });
    if (firstRows < 0) {
      firstRows = rows;
      if (positive < K) {
        throw new RangeError(
          `${where}: options.init has ${K} components, more than the ${positive} rows (of weight > 0) the source gave`,
        );
      }
    } else if (rows !== firstRows) {
      throw new RangeError(
        `${where}: pass ${pass} read ${rows} rows but the first pass read ${firstRows}; the function must return the same data on every call`,
      );
    }
    if (stats === null || !(stats.count > 0)) throw new RangeError(`${where}: the source gave no rows (of weight > 0)`);
    // As Mixture.fit: the mean log-likelihood at the current parameters, then the M-step, then
    // the convergence test.
    const mean = stats.logLikelihood / stats.count;
    model = MixtureClass.fromStats(stats, step);
    if (trace.record(mean)) break;
  }
  // The fitted model with how the fit ended (its JSON carries them; the parameters are exact).
  const json = model.toJSON();
  if (trace.nIter > 0) json.fit = { nIter: trace.nIter, converged: trace.converged, logLikelihoodTrace: trace.values };
  else delete json.fit;
  return MixtureClass.fromJSON(json);
}

/** The first pass without `init`: a uniform sample of the rows of weight > 0, every value checked. */
async function reservoir(
  where: string,
  source: unknown,
  capacity: number,
  rng: Rng,
  onProgress: AsyncFitOptions["onProgress"],
): Promise<{ data: Float64Array; weight: Float64Array; size: number; cols: number; seen: number; weighted: boolean }> {
  let cols = -1;
  let data = new Float64Array(0);
  let weight = new Float64Array(0);
  let size = 0;
  let eligible = 0; // rows of weight > 0 seen so far
  let weighted = false;
  const seen = await readChunks(where, source, 1, onProgress, (chunk, chunkWhere) => {
    const { X, sampleWeight } = rowsOf(chunkWhere, chunk as object);
    const shape = checkShape(chunkWhere, X);
    if (shape.rows === 0) return 0;
    if (shape.cols === 0) throw new RangeError(`${chunkWhere}: X has no features`);
    if (cols < 0) {
      cols = shape.cols;
      data = new Float64Array(Math.min(capacity, 1 << 16) * cols);
      weight = new Float64Array(data.length / cols);
    } else if (shape.cols !== cols) {
      throw new RangeError(`${chunkWhere}: X has ${shape.cols} features but the chunks before it have ${cols}`);
    }
    const w = readSampleWeight(chunkWhere, sampleWeight, shape.rows);
    if (w !== null) weighted = true;
    const x = new RowBlocks(X, shape);
    for (let start = 0; start < shape.rows; start += x.blockRows) {
      const buf = x.block(start);
      const end = Math.min(shape.rows, start + x.blockRows);
      for (let i = start, at = x.offset; i < end; i++, at += cols) {
        // Every value is checked here, in the pass that reads it first, so that a bad one is
        // reported before any EM pass (naming its chunk, row and column).
        for (let j = 0; j < cols; j++) {
          const v = buf[at + j]!;
          if (v - v !== 0) throw badCell(chunkWhere, i, j, x.value(i, j), false);
        }
        const wi = w === null ? 1 : w[i]!;
        if (wi === 0) continue;
        // Algorithm R: the first `capacity` rows fill the sample; row t (from 0) then replaces a
        // uniformly chosen one with probability capacity / (t + 1).
        let slot = -1;
        if (size < capacity) {
          slot = size++;
          if (slot * cols >= data.length) {
            const grown = new Float64Array(Math.min(capacity, 2 * (data.length / cols)) * cols);
            grown.set(data);
            data = grown;
            const grownWeight = new Float64Array(grown.length / cols);
            grownWeight.set(weight);
            weight = grownWeight;
          }
        } else {
          const u = nextUniform(rng, `${where}: options.rng`);
          const r = Math.floor(u * (eligible + 1));
          if (r < capacity) slot = r;
        }
        eligible++;
        if (slot >= 0) {
          data.set(buf.subarray(at, at + cols), slot * cols);
          weight[slot] = wi;
        }
      }
    }
    return shape.rows;
  });
  if (cols < 0) throw new RangeError(`${where}: the source gave no rows`);
  return { data, weight, size, cols, seen, weighted };
}

/** The error for a chunk holding a row that every component finds impossible (alpha = 0). */
function impossibleRow(chunkWhere: string, model: Mixture, X: MatrixInput): RangeError {
  const perRow = model.logLikelihoodPerRow(X);
  let i = 0;
  while (i < perRow.length - 1 && perRow[i] !== -Infinity) i++;
  return new RangeError(
    `${chunkWhere}: row ${i} of X is impossible under every component (log p(x) = -Infinity); use alpha > 0`,
  );
}
