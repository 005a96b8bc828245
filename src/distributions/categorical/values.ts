/** How a categorical column meets a table: any value, coded by its category; string columns are categorical by default. */

import type { ValueRules } from "../../core/kernel.js";

/** The categorical family's table rules (codes decode through the schema's categories). @internal */
export const categoricalValues: ValueRules = {
  valueTypes: ["number", "boolean", "string"],
  typesInWords: "numbers, booleans or strings",
  inferredFor: "string",
  categorical: true,
  accepts: () => true,
  numbersInWords: null,
  decode: () => undefined,
};
