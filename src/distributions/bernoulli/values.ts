/** How a Bernoulli column meets a table: booleans, or the numbers 0 and 1; boolean columns are Bernoulli by default. */

import type { ValueRules } from "../../core/kernel.js";

/** The Bernoulli family's table rules. @internal */
export const bernoulliValues: ValueRules = {
  valueTypes: ["boolean", "number"],
  typesInWords: "booleans or 0/1",
  inferredFor: "boolean",
  categorical: false,
  accepts: (v) => v === 0 || v === 1,
  numbersInWords: "0 or 1 (or booleans)",
  decode: (v, valueType) => (v !== 0 && v !== 1 ? undefined : valueType === "boolean" ? v === 1 : v),
};
