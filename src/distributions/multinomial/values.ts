/** How a multinomial block's columns meet a table: integer counts ≥ 0, one column per category. */

import type { ValueRules } from "../../core/kernel.js";

/** The multinomial family's table rules. @internal */
export const multinomialValues: ValueRules = {
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
