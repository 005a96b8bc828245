/**
 * Data that arrive in chunks: any Iterable or AsyncIterable (an array of chunks, a generator, an
 * async generator, a Node Readable in object mode, a Web ReadableStream in browsers that make it
 * iterable). The async fits read a source one chunk at a time and keep only their statistics,
 * so memory stays constant however long the source is. A chunk is checked when it arrives, and an
 * error about it names its index (and the row within it); an error the source itself throws
 * propagates unchanged.
 */

import { hasBrand } from "./brand.js";
import type { MatrixInput } from "./matrix.js";
import { describe } from "./validate.js";

/**
 * Where an async fit reads its data: any Iterable or AsyncIterable of chunks. Arrays of chunks,
 * generators, async generators and Node Readables in object mode all qualify.
 *
 * @example
 * ```ts
 * async function* lines(): AsyncGenerator<number[]> {
 *   yield [1.2, 0.7];
 *   yield [1.9, 1.1];
 * }
 * const source: ChunkSource<number[]> = lines();
 * await Gaussian.fitAsync(source);
 * ```
 */
export type ChunkSource<T> = AsyncIterable<T> | Iterable<T>;

/**
 * A chunk of a one-dimensional data set: the values themselves (an array or typed array), or
 * the values with a frequency weight ≥ 0 each.
 *
 * @example
 * ```ts
 * const plain: ValuesChunk = new Float64Array([0.5, 1.5]);
 * const weighted: ValuesChunk = { data: [0.5, 1.5], sampleWeight: [1, 3] };
 * ```
 */
export type ValuesChunk =
  | ArrayLike<number>
  | {
      /** The values. */
      data: ArrayLike<number>;
      /** A frequency weight ≥ 0 per value. */
      sampleWeight?: ArrayLike<number>;
    };

/**
 * A chunk of rows: a matrix (rows as arrays, or a dense `{ data, rows, cols }`), or a matrix with
 * a frequency weight ≥ 0 per row.
 *
 * @example
 * ```ts
 * const plain: RowsChunk = [[1.2, 0], [0.7, 1]];
 * const weighted: RowsChunk = { X: [[1.2, 0], [0.7, 1]], sampleWeight: [2, 1] };
 * ```
 */
export type RowsChunk =
  | MatrixInput
  | {
      /** The rows. */
      X: MatrixInput;
      /** A frequency weight ≥ 0 per row. */
      sampleWeight?: ArrayLike<number>;
    };

/**
 * What `onProgress` is told after each chunk: the rows (values, for a one-dimensional fit) read
 * so far in this pass, and the pass (1 for fits that read their source once).
 *
 * @example
 * ```ts
 * await Gaussian.fitAsync([[1, 2], [3]], { onProgress: ({ rows, pass }) => console.log(pass, rows) }); // logs 1 2, then 1 3
 * ```
 */
export interface FitProgress {
  /** The rows read so far in this pass. */
  rows: number;
  /** The pass over the source, from 1. */
  pass: number;
}

/**
 * The options every async fit takes.
 *
 * @example
 * ```ts
 * const options: AsyncFitOptions = { onProgress: ({ rows, pass }) => console.log(`pass ${pass}: ${rows} rows`) };
 * ```
 */
export interface AsyncFitOptions {
  /** Called after each chunk, with the rows read so far. */
  onProgress?: (progress: FitProgress) => void;
  /**
   * Cancels the fit: once aborted, the promise rejects with the signal's reason after the
   * current chunk (a fit changes nothing until it has read its whole source).
   */
  signal?: AbortSignalLike;
}

/** How long a source may run without a pause before the reader yields to the event loop (ms). */
const SLICE_MS = 10;

/**
 * Resolves on the next turn of the event loop (a macrotask), so that timers, I/O and an abort
 * get their turn even while a synchronous source is being read.
 */
function nextTurn(): Promise<void> {
  // setImmediate where there is one (Node: no 1 ms floor, and due timers still run first on the
  // next turn), else a zero timeout.
  const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate === undefined ? setTimeout(resolve, 0) : immediate(resolve)));
}

/**
 * What ptheta reads of an AbortSignal (the DOM's and Node's are both one), written out so that
 * the published types need neither the DOM library nor Node's.
 *
 * @example
 * ```ts
 * const signal: AbortSignalLike = new AbortController().signal;
 * ```
 */
export interface AbortSignalLike {
  /** Whether the fit should stop. */
  readonly aborted: boolean;
  /** What the fit rejects with once aborted. */
  readonly reason?: unknown;
  /** Registers a listener (ptheta checks `aborted` between chunks and never needs one). */
  addEventListener(type: "abort", listener: () => void): void;
}

/** Requires an AbortSignal or undefined for `options.signal`. @internal */
export function readSignal(where: string, value: unknown): AbortSignalLike | undefined {
  if (value === undefined) return undefined;
  const s = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof s.aborted !== "boolean" || typeof s.addEventListener !== "function") {
    throw new TypeError(`${where}: options.signal must be an AbortSignal, got ${describe(value)}`);
  }
  return value as AbortSignalLike;
}

/** Throws the signal's reason once it has aborted. */
function checkAborted(signal: AbortSignalLike | undefined): void {
  if (signal?.aborted === true) throw signal.reason;
}

/**
 * Reads `source` chunk by chunk: `consume(chunk, where, index)` summarises one chunk (with
 * `where` naming the chunk, for its errors) and returns the rows it held; `onProgress` hears
 * the running total after each. Only the current chunk is referenced, and `for await` closes
 * the source (calls its `return`) when a chunk fails. Resolves to the rows read.
 * @internal
 */
export async function readChunks(
  where: string,
  source: unknown,
  pass: number,
  onProgress: ((progress: FitProgress) => void) | undefined,
  consume: (chunk: unknown, chunkWhere: string, index: number) => number,
  signal?: AbortSignalLike,
): Promise<number> {
  const chunks = requireSource(where, source);
  checkAborted(signal);
  let rows = 0;
  let index = 0;
  let slice = Date.now();
  for await (const chunk of chunks) {
    // A synchronous source (an endless generator, a huge array) never lets the event loop run
    // by itself: every SLICE_MS, wait for its next turn, so that timers fire and a signal can
    // abort. `for await` closes the source when the abort throws.
    if (Date.now() - slice >= SLICE_MS) {
      await nextTurn();
      slice = Date.now();
    }
    checkAborted(signal);
    const chunkWhere = pass > 1 ? `${where}: pass ${pass}, chunk ${index}` : `${where}: chunk ${index}`;
    if (typeof chunk !== "object" || chunk === null) {
      // The commonest slip: a flat array of values given as the source, so each "chunk" is one
      // number.
      const hint = typeof chunk === "number" ? " (the source must yield chunks: give [values], not values)" : "";
      throw new TypeError(`${chunkWhere} must be an array or an object, got ${describe(chunk)}${hint}`);
    }
    if (isBuffer(chunk)) {
      // A Node stream of bytes (a file, a socket): parsing is the caller's, not ours to guess.
      throw new TypeError(
        `${chunkWhere} is a Buffer of ${(chunk as Uint8Array).length} bytes; parse the bytes into chunks of values first (a Readable in object mode)`,
      );
    }
    rows += consume(chunk, chunkWhere, index);
    index++;
    onProgress?.({ rows, pass });
  }
  return rows;
}

/** True for a Node Buffer (never in browsers, which have none). */
function isBuffer(x: unknown): boolean {
  const B = (globalThis as { Buffer?: { isBuffer(x: unknown): boolean } }).Buffer;
  return B !== undefined && B.isBuffer(x);
}

/** Requires an Iterable or AsyncIterable (not a string). @internal */
function requireSource(where: string, source: unknown): AsyncIterable<unknown> | Iterable<unknown> {
  if (source !== null && (typeof source === "object" || typeof source === "function")) {
    const s = source as { [Symbol.asyncIterator]?: unknown; [Symbol.iterator]?: unknown };
    if (typeof s[Symbol.asyncIterator] === "function" || typeof s[Symbol.iterator] === "function") {
      return source as AsyncIterable<unknown> | Iterable<unknown>;
    }
  }
  throw new TypeError(`${where}: source must be an Iterable or AsyncIterable of chunks, got ${describe(source)}`);
}

/** Requires a function or undefined for `options.onProgress`. @internal */
export function readProgress(where: string, value: unknown): ((progress: FitProgress) => void) | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "function")
    throw new TypeError(`${where}: options.onProgress must be a function, got ${describe(value)}`);
  return value as (progress: FitProgress) => void;
}

const own = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/**
 * The own fields of a chunk object, each read once; a key other than `allowed` is an error
 * naming it and listing the valid ones (a misspelt `weights` must not fit without its weights).
 */
function chunkFields(where: string, chunk: object, allowed: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(chunk)) {
    if (!allowed.includes(key)) {
      throw new TypeError(
        `${where} has an unknown field ${JSON.stringify(key)}; a chunk object has ${allowed.map((k) => `"${k}"`).join(" and ")}`,
      );
    }
    out[key] = (chunk as Record<string, unknown>)[key];
  }
  return out;
}

/** The values and weights of a {@link ValuesChunk}: own fields only. @internal */
function valuesOf(where: string, chunk: object): { data: unknown; sampleWeight: unknown } {
  if (typeof (chunk as { length?: unknown }).length === "number") return { data: chunk, sampleWeight: undefined };
  if (own(chunk, "data")) {
    const c = chunkFields(where, chunk, ["data", "sampleWeight"]);
    return { data: c.data, sampleWeight: c.sampleWeight };
  }
  throw new TypeError(`${where} must be an array of numbers or { data, sampleWeight? }, got ${describe(chunk)}`);
}

/**
 * The matrix and weights of a {@link RowsChunk}: own fields only. A labelled chunk's `y` is
 * allowed and ignored, so that one source serves a supervised and an unsupervised fit.
 * @internal
 */
export function rowsOf(where: string, chunk: object): { X: MatrixInput; sampleWeight: unknown } {
  if (!Array.isArray(chunk) && own(chunk, "X")) {
    const c = chunkFields(where, chunk, ["X", "y", "sampleWeight"]);
    return { X: c.X as MatrixInput, sampleWeight: c.sampleWeight };
  }
  return { X: chunk as MatrixInput, sampleWeight: undefined };
}

/** The matrix, labels and weights of a labelled chunk `{ X, y, sampleWeight? }`: own fields only. @internal */
export function labelledOf(where: string, chunk: object): { X: unknown; y: unknown; sampleWeight: unknown } {
  if (Array.isArray(chunk) || !own(chunk, "X") || !own(chunk, "y")) {
    throw new TypeError(`${where} must be { X, y, sampleWeight? }, got ${describe(chunk)}`);
  }
  const c = chunkFields(where, chunk, ["X", "y", "sampleWeight"]);
  return { X: c.X, y: c.y, sampleWeight: c.sampleWeight };
}

/**
 * Runs `summarise` on a chunk and, when it throws a TypeError or RangeError (a bad value: the
 * message names the index within the chunk), rethrows the same kind of error naming the chunk
 * too: `"Gaussian.fitAsync: chunk 3: data[17] is NaN; …"` (the inner function's name gives way
 * to the async fit's).
 * @internal
 */
export function inChunk<T>(chunkWhere: string, summarise: () => T): T {
  try {
    return summarise();
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) {
      const message = e.message.replace(/^[\w.]+: /, "");
      throw e instanceof TypeError
        ? new TypeError(`${chunkWhere}: ${message}`)
        : new RangeError(`${chunkWhere}: ${message}`);
    }
    throw e;
  }
}

/**
 * Reads a one-dimensional source: `add(data, sampleWeight)` summarises one chunk (it must check
 * the chunk fully before it changes anything, as every `addAll` does); its errors name the chunk.
 * @internal
 */
export async function accumulateValues(
  where: string,
  source: unknown,
  onProgress: unknown,
  add: (data: unknown, sampleWeight: unknown) => number,
  signal?: unknown,
): Promise<number> {
  const progress = readProgress(where, onProgress);
  const abort = readSignal(where, signal);
  const rows = await readChunks(
    where,
    source,
    1,
    progress,
    (chunk, chunkWhere) => {
      const { data, sampleWeight } = valuesOf(chunkWhere, chunk as object);
      return inChunk(chunkWhere, () => add(data, sampleWeight));
    },
    abort,
  );
  checkAborted(abort);
  return rows;
}

/**
 * Reads a source of rows (a {@link RowsChunk} per chunk; a SparseMatrix chunk is taken whole, as
 * a matrix without weights): `add(X, sampleWeight, chunkWhere)` summarises one chunk (checking it
 * fully before it changes anything) and returns its rows; its errors name the chunk.
 * @internal
 */
export async function accumulateRows(
  where: string,
  source: unknown,
  onProgress: unknown,
  add: (X: unknown, sampleWeight: unknown, chunkWhere: string) => number,
): Promise<number> {
  const progress = readProgress(where, onProgress);
  return readChunks(where, source, 1, progress, (chunk, chunkWhere) =>
    inChunk(chunkWhere, () => {
      const { X, sampleWeight } = hasBrand(chunk, "SparseMatrix")
        ? { X: chunk, sampleWeight: undefined }
        : rowsOf(chunkWhere, chunk as object);
      return add(X, sampleWeight, chunkWhere);
    }),
  );
}
