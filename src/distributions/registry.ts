/**
 * The registry of families: every model finds a family's kernel here by its kind. Adding a
 * family is its folder under distributions/, one line below, and its tests.
 *
 * It lives beside the families rather than in core/ so that core never imports upward: core
 * holds the contract (core/kernel.ts), the families implement it, and the models read this
 * list.
 */

import type { Family } from "../core/kernel.js";
import { bernoulliFamily } from "./bernoulli/kernel.js";
import { categoricalFamily } from "./categorical/kernel.js";
import { gaussianFamily } from "./gaussian/kernel.js";
import { multinomialFamily } from "./multinomial/kernel.js";
import { multivariateGaussianFamily } from "./multivariate-gaussian/kernel.js";
import { poissonFamily } from "./poisson/kernel.js";
import { exponentialFamily } from "./exponential/kernel.js";

/**
 * How one feature is modelled given its class or component: a family of the registry below —
 * a Gaussian density, a Bernoulli, a Categorical over integer codes, a Poisson count, an
 * Exponential, or a block of columns modelled jointly (a multinomial over counts, a multivariate
 * Gaussian). The list is written out (published types must not depend on the registry's
 * internals); `FAMILIES` below must have exactly these keys, which the compiler checks.
 *
 * @example
 * ```ts
 * const kinds: FeatureKind[] = ["gaussian", "bernoulli", "categorical", "poisson"];
 * // height (m), owns a car (0/1), colour code, visits per month
 * const rows = [[1.7, 0, 2, 3], [1.6, 1, 0, 5], [1.8, 1, 1, 0], [1.5, 0, 2, 4]];
 * NaiveBayes.fit(rows, ["a", "b", "a", "b"], { features: kinds });
 * ```
 */
export type FeatureKind =
  "gaussian" | "bernoulli" | "categorical" | "poisson" | "exponential" | "multinomial" | "multivariate-gaussian";

/**
 * Every family, by kind, in the order models lay out their blocks. `satisfies` makes the
 * compiler refuse a kind of FeatureKind without a family, and a family whose kind is not listed.
 * @internal
 */
export const FAMILIES = {
  gaussian: gaussianFamily,
  bernoulli: bernoulliFamily,
  categorical: categoricalFamily,
  poisson: poissonFamily,
  exponential: exponentialFamily,
  multinomial: multinomialFamily,
  "multivariate-gaussian": multivariateGaussianFamily,
} as const satisfies Record<FeatureKind, Family>;

/** The kinds, in registry order. @internal */
export const FEATURE_KINDS: readonly FeatureKind[] = Object.freeze(Object.keys(FAMILIES) as FeatureKind[]);

/** Whether `value` is the kind of a registered family. @internal */
export function isFeatureKind(value: unknown): value is FeatureKind {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(FAMILIES, value);
}

/** The family whose class `d` is an instance of, or undefined. @internal */
export function familyOf(d: unknown): Family | undefined {
  for (const kind of FEATURE_KINDS) if (FAMILIES[kind].owns(d)) return FAMILIES[kind];
  return undefined;
}
