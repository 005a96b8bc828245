/**
 * Class labels: numbers or strings, kept sorted (numbers numerically, strings by code unit, as
 * numpy's `np.unique`), mapped to the class indices 0..C−1 used by every internal array.
 */

import { describe } from "../core/validate.js";
import type { Label } from "./naive-bayes-options.js";

const UNKNOWN = -0x7fffffff;
const NO_LABEL = Symbol("no label");

/** Sorts labels the way `classes` reports them. */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Checks one label: a finite number or a string, of the same type as `type` when given. */
export function checkLabel(where: string, what: string, value: unknown, type: "number" | "string" | null): Label {
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw new RangeError(`${where}: ${what} is ${describe(value)}; a label must be finite`);
  } else if (typeof value !== "string") {
    throw new TypeError(`${where}: ${what} must be a number or a string, got ${describe(value)}`);
  }
  if (type !== null && typeof value !== type) {
    throw new TypeError(
      `${where}: ${what} is ${describe(value)}, but the labels are ${type}s; one model takes one kind of label`,
    );
  }
  return value;
}

/** Sorted distinct labels from a list given by the user (the `classes` option). */
export function sortedClasses<L extends Label>(where: string, labels: unknown): L[] {
  if (!Array.isArray(labels))
    throw new TypeError(`${where}: options.classes must be an array of labels, got ${describe(labels)}`);
  if (labels.length === 0) throw new RangeError(`${where}: options.classes must not be empty`);
  let type: "number" | "string" | null = null;
  for (let i = 0; i < labels.length; i++) {
    const v = checkLabel(where, `options.classes[${i}]`, labels[i], type);
    type = typeof v as "number" | "string";
  }
  const sorted = (labels as L[]).slice().sort(compareLabels);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1])
      throw new RangeError(`${where}: options.classes lists ${describe(sorted[i])} twice`);
  }
  return sorted;
}

/**
 * Maps the labels `y` of a batch to class indices. Labels not yet known are added (unless the
 * classes are fixed, when they are an error); the result gives the new sorted class list and
 * the class index of every row in it. Nothing is mutated, so a throw leaves the model as it was.
 * `unknown` ends the error for a label outside fixed classes ("one of options.classes").
 */
export function indexLabels<L extends Label>(
  where: string,
  y: unknown,
  rows: number,
  classes: readonly L[],
  fixed: boolean,
  unknown = "one of options.classes",
): { classes: L[]; index: Int32Array; added: boolean } {
  if (y === null || typeof y !== "object" || typeof (y as { length?: unknown }).length !== "number") {
    throw new TypeError(`${where}: y must be an array of labels, got ${describe(y)}`);
  }
  const ys = y as ArrayLike<unknown>;
  if (ys.length !== rows) throw new RangeError(`${where}: y has ${ys.length} labels but X has ${rows} rows`);
  let type: "number" | "string" | null = classes.length > 0 ? (typeof classes[0] as "number" | "string") : null;
  // Class positions: known classes get 0..C−1, labels new in this batch get −1, −2, … until
  // they are sorted in at the end. Small non-negative integer labels (the common 0..C−1 codes)
  // are looked up in a table, others in a Map; a run of equal labels skips both.
  const SMALL = 1024;
  const small = new Int32Array(SMALL).fill(UNKNOWN);
  const position = new Map<Label, number>();
  const remember = (v: Label, pos: number): void => {
    if (typeof v === "number" && v >>> 0 === v && v < SMALL) small[v] = pos;
    else position.set(v, pos);
  };
  for (let c = 0; c < classes.length; c++) remember(classes[c]!, c);
  let fresh: L[] | null = null;
  const index = new Int32Array(rows);
  // A value no label can be, so that the first row never matches it (undefined could).
  let last: unknown = NO_LABEL;
  let lastPos = 0;
  for (let i = 0; i < rows; i++) {
    const raw = ys[i];
    if (raw === last) {
      index[i] = lastPos;
      continue;
    }
    if (typeof raw === "number" && raw >>> 0 === raw && raw < SMALL && type === "number") {
      const known = small[raw]!;
      if (known !== UNKNOWN) {
        // A known small integer label: one table read.
        index[i] = known;
        continue;
      }
    }
    // The common case inline; checkLabel (which builds the message) only when it may throw.
    let v: Label;
    if (typeof raw === "number" && raw - raw === 0 && type !== "string") v = raw;
    else if (typeof raw === "string" && type !== "number") v = raw;
    else v = checkLabel(where, `y[${i}]`, raw, type);
    type = typeof v as "number" | "string";
    let pos = typeof v === "number" && v >>> 0 === v && v < SMALL ? small[v]! : (position.get(v) ?? UNKNOWN);
    if (pos === UNKNOWN) {
      if (fixed) throw new RangeError(`${where}: y[${i}] is ${describe(v)}, which is not ${unknown}`);
      (fresh ??= []).push(v as L);
      pos = -fresh.length;
      remember(v, pos);
    }
    index[i] = pos;
    last = raw;
    lastPos = pos;
  }
  let all: L[] = classes as L[];
  if (fresh !== null) {
    all = classes.concat(fresh).sort(compareLabels);
    // Old position c and fresh position −(f + 1) to their place in the sorted list.
    const newOf = new Map<Label, number>();
    for (let c = 0; c < all.length; c++) newOf.set(all[c]!, c);
    const oldMap = Int32Array.from(classes, (l) => newOf.get(l)!);
    const freshMap = Int32Array.from(fresh, (l) => newOf.get(l)!);
    for (let i = 0; i < rows; i++) {
      const p = index[i]!;
      index[i] = p >= 0 ? oldMap[p]! : freshMap[-p - 1]!;
    }
  }
  return { classes: all, index, added: fresh !== null };
}
