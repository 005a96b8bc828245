/**
 * Argument checks shared by every family and model. Each throws a `TypeError` (wrong kind of
 * value) or `RangeError` (right kind, outside its domain) whose message names the function, the
 * parameter and the value given, so the caller can find the mistake without a debugger.
 */

import { MAX_RESULT_SIZE } from "./limits.js";

/**
 * The name of a typed array's constructor ("Float64Array", "BigInt64Array", …), or undefined for
 * anything else. %TypedArray%.prototype[@@toStringTag] reads an internal slot, so unlike
 * `instanceof` or a `constructor.name` it can't be spoofed and works across realms (iframes,
 * workers' transferred views).
 */
const typedArrayDescriptor = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Int8Array.prototype) as object,
  Symbol.toStringTag,
)!;
// eslint-disable-next-line @typescript-eslint/unbound-method -- called below with .call(value)
const typedArrayTag = typedArrayDescriptor.get as (this: unknown) => string | undefined;

/** `"Float64Array"` etc. when `x` is a typed array, else undefined. */
export function typedArrayName(x: unknown): string | undefined {
  return typedArrayTag.call(x);
}

/** True for a typed array whose elements are numbers (every kind except BigInt64/BigUint64). */
export function isNumericTypedArray(x: unknown): x is ArrayLike<number> & ArrayBufferView {
  const name = typedArrayTag.call(x);
  return name !== undefined && !name.startsWith("Big");
}

/** Formats a value for an error message without flooding it. */
export function describe(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value);
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) return `an array of length ${value.length}`;
      const typed = typedArrayTag.call(value);
      if (typed !== undefined) return `a ${typed} of length ${(value as ArrayLike<unknown>).length}`;
      return "an object";
    }
    case "function":
      return "a function";
    case "symbol":
      return value.toString();
    default:
      return String(value); // boolean, undefined
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

/**
 * Requires a size taken from the caller (a sample count n, rows × columns, a count in JSON): an
 * integer in [0, max], max being {@link MAX_RESULT_SIZE} unless given. Anything larger would
 * allocate more than a typed array can hold, or run for hours, so it is refused up front with an
 * error naming the size rather than V8's bare "Invalid typed array length".
 */
export function requireSize(where: string, value: unknown, max = MAX_RESULT_SIZE): number {
  const x = requireInteger(where, value, 0);
  if (x > max) {
    const limit = max === MAX_RESULT_SIZE ? `MAX_RESULT_SIZE = 2^30` : String(max);
    throw new RangeError(`${where} must be at most ${limit}, got ${describe(x)}`);
  }
  return x;
}

/** Throws when a point at which a density or CDF is evaluated is not a number or is NaN. */
export function requireArgument(where: string, x: unknown): number {
  if (typeof x !== "number") throw new TypeError(`${where}: x must be a number, got ${describe(x)}`);
  if (Number.isNaN(x)) throw new RangeError(`${where}: x is NaN`);
  return x;
}

/**
 * Requires an array-like of numbers (number[], Float64Array or another numeric typed array, any
 * `{ length, 0: …, 1: … }`) and returns its values as something safe to read many times:
 *
 * - a numeric typed array is returned as it is (it holds only numbers, and its length is memory
 *   actually given);
 * - anything else is copied into a Float64Array, reading each element exactly once, so that a
 *   getter or a Proxy can't show one value to a validation pass and another to the computation.
 *   A value that is not a number (a string, a boolean, null, a hole) is a TypeError naming its
 *   index; NaN and ±Infinity are copied, for the caller to judge.
 *
 * `length` must be an integer in [0, MAX_RESULT_SIZE] (a negative, fractional, NaN or huge length
 * is a RangeError), and a string, BigInt64Array or DataView is a TypeError. `name` names the
 * parameter in messages ("data", "sampleWeight", …).
 */
export function requireData(where: string, data: unknown, name = "data"): ArrayLike<number> {
  if (data === null || typeof data !== "object") {
    throw new TypeError(`${where}: ${name} must be an array or typed array of numbers, got ${describe(data)}`);
  }
  const typed = typedArrayTag.call(data);
  if (typed !== undefined) {
    if (typed.startsWith("Big"))
      throw new TypeError(`${where}: ${name} must hold numbers, not bigints; got ${describe(data)}`);
    return data as ArrayLike<number>;
  }
  const length: unknown = (data as { length?: unknown }).length;
  if (typeof length !== "number") {
    throw new TypeError(`${where}: ${name} must be an array or typed array of numbers, got ${describe(data)}`);
  }
  if (!(Number.isInteger(length) && length >= 0 && length <= MAX_RESULT_SIZE)) {
    throw new RangeError(
      `${where}: ${name}.length must be an integer in [0, MAX_RESULT_SIZE = 2^30], got ${describe(length)}`,
    );
  }
  return copyNumbers(where, name, data as ArrayLike<unknown>, length);
}

/**
 * Copies `length` elements into a Float64Array, each read once and type-checked. The buffer
 * holds up to 2²⁰ values at first and doubles as elements turn up, so an array-like that claims
 * a huge length without the elements to back it (a sparse array, `{ length: 2 ** 30 }`) fails at
 * its first missing element before anything large is allocated; real arrays of up to a million
 * values are copied with one allocation.
 */
function copyNumbers(where: string, name: string, xs: ArrayLike<unknown>, length: number): Float64Array {
  let out = new Float64Array(Math.min(length, 1 << 20));
  let i = 0;
  for (;;) {
    // The inner loop is a plain copy with a type test: no bounds bookkeeping inside it.
    const end = out.length;
    for (; i < end; i++) {
      const x = xs[i];
      if (typeof x !== "number") badType(where, name, i, x);
      out[i] = x;
    }
    if (end === length) return out;
    const grown = new Float64Array(Math.min(length, 2 * end));
    grown.set(out);
    out = grown;
  }
}

function badType(where: string, name: string, index: number, x: unknown): never {
  throw new TypeError(`${where}: ${name}[${index}] must be a number, got ${describe(x)}`);
}

/** Requires a non-empty data set of finite numbers; names the first bad index. */
export function requireFiniteData(where: string, data: unknown, name = "data"): ArrayLike<number> {
  const xs = requireData(where, data, name);
  if (xs.length === 0) throw new RangeError(`${where}: ${name} is empty; at least one value is needed`);
  for (let i = 0; i < xs.length; i++) {
    // `x - x === 0` is false for NaN and ±Infinity alike: one test in the hot path.
    const x = xs[i]!;
    if (x - x !== 0) throw new RangeError(`${where}: ${name}[${i}] is ${describe(x)}; ${name} must be finite`);
  }
  return xs;
}

/**
 * Throws if data[from..] holds a non-number or a NaN, naming the first. Evaluation functions,
 * which accept ±Infinity (it scores −Infinity), call it only once their result shows something
 * is off, so valid data pays nothing for it.
 */
export function requireNoNaN(where: string, xs: ArrayLike<number>, from = 0, name = "data"): void {
  for (let i = from; i < xs.length; i++) {
    const x: unknown = xs[i];
    if (typeof x !== "number") badType(where, name, i, x);
    if (Number.isNaN(x)) throw new RangeError(`${where}: ${name}[${i}] is NaN`);
  }
}

/**
 * Validates a sample count n (an integer in [0, MAX_RESULT_SIZE]) and returns `out` (checked to
 * be a Float64Array holding at least n values) or a new buffer of n values.
 */
export function sampleBuffer(where: string, n: number, out?: Float64Array): Float64Array {
  requireSize(`${where}: n`, n);
  if (out === undefined) return new Float64Array(n);
  if (!(out instanceof Float64Array)) throw new TypeError(`${where}: out must be a Float64Array, got ${describe(out)}`);
  if (out.length < n) throw new RangeError(`${where}: out has length ${out.length}, fewer than n = ${n}`);
  return out;
}
