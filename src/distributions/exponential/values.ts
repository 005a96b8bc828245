/** How an Exponential column meets a table: numbers ≥ 0; never inferred (number columns stay Gaussian). */

import type { ValueRules } from "../../core/kernel.js";

/** The Exponential family's table rules. @internal */
export const exponentialValues: ValueRules = {
  valueTypes: ["number"],
  typesInWords: "numbers",
  // A column of numbers ≥ 0 is as often a measurement as a waiting time: only `features` names it.
  inferredFor: null,
  categorical: false,
  accepts: (v) => v >= 0,
  numbersInWords: "numbers >= 0",
  decode: (v) => (v >= 0 && v < Infinity ? v : undefined),
};
