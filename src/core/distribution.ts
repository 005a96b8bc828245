import type { Rng } from "./rng.js";

/**
 * What every ptheta distribution can do: score points (`logProb`, `prob`, `cdf`), score a data
 * set (`logLikelihood`), report its moments, draw samples with a caller-supplied {@link Rng},
 * and serialise itself losslessly with `toJSON()`.
 *
 * `T` is the type of one outcome: `number` for all three built-in families (categories are the
 * integers 0..K−1, Bernoulli outcomes are 0 and 1).
 *
 * @example
 * ```ts
 * function averageLogLikelihood(d: Distribution<number>, data: number[]): number {
 *   return d.logLikelihood(data) / data.length;
 * }
 * ```
 */
export interface Distribution<T = number> {
  /** log p(x): the log-density (continuous) or log-mass (discrete); -Infinity outside the support. */
  logProb(x: T): number;
  /** p(x) = exp(logProb(x)). */
  prob(x: T): number;
  /** P(X ≤ x). */
  cdf(x: T): number;
  /** Σ log p(x) over a data set: number[], Float64Array or any ArrayLike. */
  logLikelihood(data: ArrayLike<T>): number;
  /** One draw. */
  sample(rng: Rng): T;
  /** `n` draws in a Float64Array (written into `out` when given). */
  sample(rng: Rng, n: number, out?: Float64Array): Float64Array;
  /** E[X]. */
  readonly mean: number;
  /** Var[X]. */
  readonly variance: number;
  /** The differential (continuous) or Shannon (discrete) entropy, in nats. */
  entropy(): number;
  /** A plain object from which the family's `fromJSON` rebuilds an identical distribution. */
  toJSON(): object;
}

/**
 * Mergeable sufficient statistics of a family: everything maximum likelihood needs from a data
 * set, in a value that can be updated one point at a time, from a chunk, or by merging the
 * statistics of another shard. `Family.fromStats(s)` equals `Family.fit(all data)`.
 *
 * Methods return `this` so updates chain.
 *
 * @example
 * ```ts
 * const s = Gaussian.stats().addAll(chunk1).merge(Gaussian.stats().addAll(chunk2));
 * Gaussian.fromStats(s); // the same model as Gaussian.fit([...chunk1, ...chunk2])
 * ```
 */
export interface SufficientStats<Self> {
  /** The number of observations summarised. */
  readonly count: number;
  /** Adds one observation. */
  add(x: number): Self;
  /** Adds every observation of a chunk. */
  addAll(data: ArrayLike<number>): Self;
  /** Adds the observations summarised by another statistics value of the same family. */
  merge(other: Self): Self;
  /** An independent copy. */
  clone(): Self;
  /** A plain object from which the family's `statsFromJSON` rebuilds identical statistics. */
  toJSON(): object;
}

/** Reads a `type` tag from a parsed JSON value, throwing when it is not the expected one. */
export function requireJsonType(where: string, json: unknown, type: string): Record<string, unknown> {
  if (
    json === null ||
    typeof json !== "object" ||
    !Object.prototype.hasOwnProperty.call(json, "type") ||
    (json as { type?: unknown }).type !== type
  ) {
    throw new TypeError(`${where}: expected an object with type "${type}"`);
  }
  return ownProperties(json);
}

/**
 * A null-prototype copy of the own enumerable properties of an object: what a reader of JSON or
 * options may look at. A field inherited through the prototype chain (`Object.prototype.schema`,
 * set by other code) is not a field of the file.
 * @internal
 */
export function ownProperties(value: object): Record<string, unknown> {
  const own = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) own[key] = (value as Record<string, unknown>)[key];
  return own;
}
