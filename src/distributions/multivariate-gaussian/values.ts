/** How a multivariate Gaussian block's columns meet a table: any finite numbers. */

import type { ValueRules } from "../../core/kernel.js";

/** The multivariate Gaussian family's table rules (never inferred: number columns are Gaussian). @internal */
export const multivariateGaussianValues: ValueRules = {
  valueTypes: ["number"],
  typesInWords: "numbers",
  inferredFor: null,
  categorical: false,
  accepts: () => true,
  numbersInWords: null,
  decode: (v) => (Number.isFinite(v) ? v : undefined),
};
