/**
 * The registry of families: every model finds a family's kernel here by its kind. Adding a
 * family is its folder under distributions/, one line below, and its tests.
 *
 * It lives beside the families rather than in core/ so that core never imports upward: core
 * holds the contract (core/kernel.ts), the families implement it, and the models read this
 * list.
 */

import type { Family, FeatureKind } from "../core/kernel.js";
import { bernoulliFamily } from "./bernoulli/kernel.js";
import { categoricalFamily } from "./categorical/kernel.js";
import { gaussianFamily } from "./gaussian/kernel.js";
import { poissonFamily } from "./poisson/kernel.js";

/** Every family, by kind, in the order models lay out their blocks. @internal */
export const FAMILIES: Readonly<Record<FeatureKind, Family>> = {
  gaussian: gaussianFamily,
  bernoulli: bernoulliFamily,
  categorical: categoricalFamily,
  poisson: poissonFamily,
};

/** The kinds, in registry order. @internal */
export const FEATURE_KINDS = Object.keys(FAMILIES) as FeatureKind[];

/** The family whose class `d` is an instance of, or undefined. @internal */
export function familyOf(d: unknown): Family | undefined {
  for (const kind of FEATURE_KINDS) if (FAMILIES[kind].owns(d)) return FAMILIES[kind];
  return undefined;
}
