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
import { createRng } from "../core/create-rng.js";
import type { FeatureKind } from "../distributions/registry.js";
import { checkShape, Matrix, RowBlocks } from "../core/matrix.js";
import { readModelOptions } from "../core/option-names.js";
import { nextUniform, requireRng, type Rng } from "../core/rng.js";
import {
  inChunk,
  readChunks,
  readProgress,
  readSignal,
  type AbortSignalLike,
  rowsOf,
  type AsyncFitOptions,
} from "../core/source.js";
import { describe, requireInteger, requireNonNegative } from "../core/validate.js";
import { readSampleWeight, totalWeight } from "../core/weights.js";
import { EmTrace, type EmProgress } from "./em.js";
import type { LatentClassState } from "./latent-class.js";
import { expectedStats, MixtureEM, mStep, paramPrior, type EmResult } from "./mixture-em.js";
import { FIT_KEYS } from "./mixture-options.js";
import type { MixtureStats } from "./mixture-stats.js";
import { requireOneOf } from "./naive-bayes-options.js";
import { columnKinds, optionalCallback, readColumnSettings, type ColumnSettings } from "./model-options.js";

/**
 * The options `Mixture.fitAsync` reads: those of `Mixture.fit` for a matrix but one start (each
 * start would cost passes of its own) and no weights (chunks carry them), plus the stream's own.
 */
const ASYNC_FIT_KEYS = [
  ...FIT_KEYS.filter((k) => k !== "sampleWeight" && k !== "nInit" && k !== "columns"),
  "onProgress",
  "signal",
  "startRows",
  "covariance",
];

/** The default and the bound of `startRows`: k-means++ on more rows than this is slow. */
const START_ROWS = 10_000;
const MAX_START_ROWS = 1_000_000;

/** What the stream needs of `init`: a fitted or built Mixture, read through its internal start. @internal */
export interface StreamInit {
  readonly nComponents: number;
  readonly nFeatures: number;
  readonly featureKinds: FeatureKind[];
  start(): { state: LatentClassState; stats: MixtureStats | null };
}

/**
 * EM over the source `read()` returns, called once per pass (see the module comment); `init` is
 * the checked `options.init` (a Mixture), if any. Returns EM's result, which Mixture wraps.
 * @internal
 */
export async function fitMixtureStream(
  read: unknown,
  options: unknown,
  readInit: (where: string, init: unknown) => StreamInit | undefined,
): Promise<EmResult & { kinds: readonly FeatureKind[]; settings: ColumnSettings }> {
  const where = "Mixture.fitAsync";
  if (typeof read !== "function") {
    throw new TypeError(
      `${where}: the first argument must be a function returning the source (it is called once per pass), got ${describe(read)}`,
    );
  }
  const o = readModelOptions(where, options, ASYNC_FIT_KEYS);
  const settings = readColumnSettings(where, o, { alpha: 1, regVariance: 1e-6, binarize: null });
  const init = readInit(where, o.init);
  const covariance =
    o.covariance === undefined
      ? "diag"
      : requireOneOf<"diag" | "full">(`${where}: options.covariance`, o.covariance, ["diag", "full"]);
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
  const onIteration = optionalCallback<(p: EmProgress) => void>(`${where}: options.onIteration`, o.onIteration);
  const onProgress = readProgress(where, o.onProgress);
  const signal = readSignal(where, o.signal);

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
  let current: { state: LatentClassState; stats: MixtureStats | null };
  let kinds: readonly FeatureKind[];
  let cols: number;
  let firstRows = -1; // the rows of the first pass, which every later pass must give again
  if (init !== undefined) {
    current = init.start();
    kinds = init.featureKinds;
    cols = init.nFeatures;
  } else {
    pass = 1;
    const sample = await reservoir(where, source(pass), startRows, rng, onProgress, signal);
    firstRows = sample.seen;
    cols = sample.cols;
    if (sample.size < K) {
      // Fewer sampled rows than components: the source had too few, or startRows drew too few.
      throw new RangeError(
        sample.size < sample.eligible
          ? `${where}: options.nComponents is ${K}, more than the ${sample.size} rows options.startRows lets the start sample; raise startRows to at least ${K}`
          : `${where}: options.nComponents is ${K}, more than the ${sample.size} rows (of weight > 0) the source gave`,
      );
    }
    // Mixture.fit's own start: k-means++ on the sample, and the first M-step.
    const startWhere = `${where}: the k-means++ start on ${sample.size} sampled rows`;
    const start = new Matrix(sample.data.subarray(0, sample.size * cols), sample.size, cols);
    kinds = columnKinds(where, settings, cols);
    if (covariance === "full") kinds = kinds.map((k) => (k === "gaussian" ? "multivariate-gaussian" : k));
    const em = new MixtureEM(
      startWhere,
      kinds,
      K,
      settings,
      new RowBlocks(start, { rows: sample.size, cols }),
      sample.weighted ? sample.weight.subarray(0, sample.size) : null,
    );
    current = inChunk(startWhere, () => em.kmeansStart(start.data, rng));
  }

  const trace = new EmTrace(tol, onIteration);
  for (let iteration = 1; iteration <= maxIter; iteration++) {
    pass++;
    const state = current.state;
    let stats = null as MixtureStats | null;
    let positive = 0;
    const rows = await readChunks(
      where,
      source(pass),
      pass,
      onProgress,
      (chunk, chunkWhere) => {
        const { X, sampleWeight } = rowsOf(chunkWhere, chunk as object);
        const shape = checkShape(chunkWhere, X);
        if (shape.rows === 0) return 0;
        if (shape.cols !== cols)
          throw new RangeError(`${chunkWhere}: X has ${shape.cols} features but the model has ${cols}`);
        const weights = readSampleWeight(chunkWhere, sampleWeight, shape.rows);
        const total = totalWeight(weights, shape.rows);
        const s = expectedStats(chunkWhere, kinds, state, new RowBlocks(X, shape), weights, total, "error");
        if (weights === null) positive += shape.rows;
        else for (let i = 0; i < weights.length; i++) if (weights[i]! > 0) positive++;
        if (stats === null) stats = s;
        else stats.merge(s);
        return shape.rows;
      },
      signal,
    );
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
    const objective = (stats.logLikelihood + paramPrior(settings, current.state)) / stats.count;
    current = { state: mStep(kinds, settings, stats.blockStats, stats.count), stats };
    if (trace.record(mean, objective)) break;
  }
  return {
    ...current,
    trace: trace.values,
    objectiveTrace: trace.objectives,
    nIter: trace.nIter,
    converged: trace.converged,
    kinds,
    settings,
  };
}

/** The first pass without `init`: a uniform sample of the rows of weight > 0, every value checked. */
async function reservoir(
  where: string,
  source: unknown,
  capacity: number,
  rng: Rng,
  onProgress: AsyncFitOptions["onProgress"],
  signal: AbortSignalLike | undefined,
): Promise<{
  data: Float64Array;
  weight: Float64Array;
  size: number;
  cols: number;
  seen: number;
  eligible: number;
  weighted: boolean;
}> {
  let cols = -1;
  let data = new Float64Array(0);
  let weight = new Float64Array(0);
  let size = 0;
  let eligible = 0; // rows of weight > 0 seen so far
  let weighted = false;
  const seen = await readChunks(
    where,
    source,
    1,
    onProgress,
    (chunk, chunkWhere) => {
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
    },
    signal,
  );
  if (cols < 0) throw new RangeError(`${where}: the source gave no rows`);
  return { data, weight, size, cols, seen, eligible, weighted };
}
