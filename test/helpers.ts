import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

/** Reads a JSON fixture from test/fixtures. */
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), "utf8")) as T;
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
