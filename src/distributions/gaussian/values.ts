/** How a Gaussian column meets a table: any finite number; number columns are Gaussian by default. */

import type { ValueRules } from "../../core/kernel.js";

/** The Gaussian family's table rules. @internal */
export const gaussianValues: ValueRules = {
  valueTypes: ["number"],
  typesInWords: "numbers",
  inferredFor: "number",
  categorical: false,
  accepts: () => true,
  numbersInWords: null,
  decode: (v) => (Number.isFinite(v) ? v : undefined),
};
