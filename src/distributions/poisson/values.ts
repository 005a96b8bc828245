/** How a Poisson column meets a table: integer counts ≥ 0. */

import type { ValueRules } from "../../core/kernel.js";

/** The Poisson family's table rules. @internal */
export const poissonValues: ValueRules = {
  valueTypes: ["number"],
  typesInWords: "numbers",
  inferredFor: null,
  categorical: false,
  accepts: (v) => Number.isInteger(v) && v >= 0,
  numbersInWords: "integer counts >= 0",
  // Counts a model stores or samples are integers already; rounding absorbs a value that went
  // through arithmetic.
  decode(v) {
    const k = Math.round(v);
    return Number.isFinite(k) && k >= 0 ? k : undefined;
  },
};
