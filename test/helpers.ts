/// <reference types="vite/client" />
import { expect } from "vitest";

// Every JSON fixture, loaded by Vite the same way in Node and in the browser (no node:fs, so
// the browser run needs no shims). Lazy: a test file pays only for the fixtures it reads.
const fixtures = import.meta.glob<unknown>("./fixtures/**/*.json", { import: "default" });

/** A JSON fixture from test/fixtures, by its path there (e.g. "naive-bayes/iris.json"). */
export async function fixture<T>(name: string): Promise<T> {
  const load = fixtures[`./fixtures/${name}`];
  if (load === undefined) throw new Error(`no fixture test/fixtures/${name}`);
  return (await load()) as T;
}

/** A fixture number: JSON has no infinities, so the generator writes them as strings. */
export type FixtureNumber = number | "Infinity" | "-Infinity";
export function num(v: FixtureNumber): number {
  return v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v;
}

/** |actual − expected| ≤ rel · |expected| (exact equality for infinities and zero). */
export function expectRelative(actual: number, expected: number, rel: number, label = ""): void {
  if (expected === 0) {
    expect(actual, label).toEqual(0); // either zero: scipy and we differ on the sign of log1p(−0)
    return;
  }
  if (!Number.isFinite(expected)) {
    expect(actual, label).toBe(expected);
    return;
  }
  const err = Math.abs(actual - expected) / Math.abs(expected);
  if (!(err <= rel))
    expect.fail(`${label}: got ${actual}, expected ${expected} (relative error ${err.toExponential(2)} > ${rel})`);
}

/** The smallest positive normal double; below it a double has fewer than 53 significant bits. */
export const MIN_NORMAL = 2.2250738585072014e-308;
