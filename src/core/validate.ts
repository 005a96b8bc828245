/**
 * Argument checks shared by every family and model. Each throws a `TypeError` (wrong kind of
 * value) or `RangeError` (right kind, outside its domain) whose message names the function, the
 * parameter and the value given, so the caller can find the mistake without a debugger.
 */

/** Formats a value for an error message without flooding it. */
export function describe(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value);
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "object":
      if (value === null) return "null";
      return Array.isArray(value) ? `an array of length ${value.length}` : "an object";
    case "function":
      return "a function";
    case "symbol":
      return value.toString();
    default:
      return String(value); // boolean, bigint, undefined
  }
}

/** Requires a finite number; `where` is e.g. `"Gaussian: mean"`. */
export function requireFinite(where: string, value: unknown): number {
  if (typeof value !== "number") throw new TypeError(`${where} must be a number, got ${describe(value)}`);
  if (!Number.isFinite(value)) throw new RangeError(`${where} must be finite, got ${describe(value)}`);
  return value;
}

/** Requires a finite number > 0. */
export function requirePositive(where: string, value: unknown): number {
  const x = requireFinite(where, value);
  if (!(x > 0)) throw new RangeError(`${where} must be > 0, got ${describe(x)}`);
  return x;
}

/** Requires a finite number ≥ 0. */
export function requireNonNegative(where: string, value: unknown): number {
  const x = requireFinite(where, value);
  if (!(x >= 0)) throw new RangeError(`${where} must be >= 0, got ${describe(x)}`);
  return x;
}

/** Requires a probability in [0, 1]. */
export function requireProbability(where: string, value: unknown): number {
  const x = requireFinite(where, value);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`${where} must be in [0, 1], got ${describe(x)}`);
  return x;
}

/** Requires an integer ≥ `min`. */
export function requireInteger(where: string, value: unknown, min: number): number {
  const x = requireFinite(where, value);
  if (!Number.isInteger(x) || x < min)
    throw new RangeError(`${where} must be an integer >= ${min}, got ${describe(x)}`);
  return x;
}

/** Throws when a point at which a density or CDF is evaluated is not a number or is NaN. */
export function requireArgument(where: string, x: unknown): number {
  if (typeof x !== "number") throw new TypeError(`${where}: x must be a number, got ${describe(x)}`);
  if (Number.isNaN(x)) throw new RangeError(`${where}: x is NaN`);
  return x;
}

/** Requires an array-like of numbers (number[], Float64Array, …) and returns it. */
export function requireData(where: string, data: unknown): ArrayLike<number> {
  if (data === null || typeof data !== "object" || typeof (data as { length?: unknown }).length !== "number") {
    throw new TypeError(`${where}: data must be an array or typed array of numbers, got ${describe(data)}`);
  }
  return data as ArrayLike<number>;
}

/** Requires a non-empty data set of finite numbers; names the first bad index. */
export function requireFiniteData(where: string, data: unknown): ArrayLike<number> {
  const xs = requireData(where, data);
  if (xs.length === 0) throw new RangeError(`${where}: data is empty; at least one value is needed`);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    // `x - x === 0` is false for NaN, ±Infinity and non-numbers alike: one test in the hot path.
    if (typeof x !== "number" || x - x !== 0) badValue(where, i, x);
  }
  return xs;
}

/**
 * Throws if data[from..] holds a non-number or a NaN, naming the first. Evaluation functions,
 * which accept ±Infinity (it scores −Infinity), call it only once their result shows something
 * is off, so valid data pays nothing for it.
 */
export function requireNoNaN(where: string, xs: ArrayLike<number>, from = 0): void {
  for (let i = from; i < xs.length; i++) {
    const x = xs[i];
    if (typeof x !== "number") throw new TypeError(`${where}: data[${i}] must be a number, got ${describe(x)}`);
    if (Number.isNaN(x)) throw new RangeError(`${where}: data[${i}] is NaN`);
  }
}

/** Throws the error for a non-finite or non-number value at data[i]. */
function badValue(where: string, index: number, x: unknown): never {
  if (typeof x !== "number") throw new TypeError(`${where}: data[${index}] must be a number, got ${describe(x)}`);
  throw new RangeError(`${where}: data[${index}] is ${describe(x)}; data must be finite`);
}

/** Validates a sample count n and returns `out` (checked to hold n values) or a new buffer. */
export function sampleBuffer(where: string, n: number, out?: Float64Array): Float64Array {
  requireInteger(`${where}: n`, n, 0);
  if (out === undefined) return new Float64Array(n);
  if (!(out instanceof Float64Array)) throw new TypeError(`${where}: out must be a Float64Array`);
  if (out.length < n) throw new RangeError(`${where}: out has length ${out.length}, fewer than n = ${n}`);
  return out;
}
