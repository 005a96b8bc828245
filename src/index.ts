// The one entry point of ptheta: re-exports only, no logic.
export { createRng, type Rng } from "./core/rng.js";
export type { Distribution, SufficientStats } from "./core/distribution.js";
export { logSumExp } from "./core/log-space.js";
export { Gaussian, GaussianStats } from "./distributions/gaussian.js";
export { Bernoulli, BernoulliStats, type BernoulliFitOptions } from "./distributions/bernoulli.js";
export { Categorical, CategoricalStats, type CategoricalFitOptions } from "./distributions/categorical.js";
