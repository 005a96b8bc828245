import type fc from "fast-check";
import { Bernoulli } from "../distributions/bernoulli/bernoulli.js";
import { Categorical } from "../distributions/categorical/categorical.js";
import { Gaussian } from "../distributions/gaussian/gaussian.js";
import { Poisson } from "../distributions/poisson/poisson.js";
import { bernoulli, categorical, gaussian, poisson } from "./arbitraries.js";

/**
 * What checkEstimator knows of one of ptheta's families: the models to draw data from and a
 * smooth parameterisation (θ and its inverse).
 */
export interface Preset<D> {
  model: fc.Arbitrary<D>;
  parameters: (dist: D) => readonly number[];
  fromParameters: (theta: readonly number[]) => D;
}

const gaussianPreset: Preset<Gaussian> = {
  model: gaussian(),
  parameters: (g) => [g.mean, g.std],
  fromParameters: ([mean, std]) => new Gaussian(mean!, std!),
};

const bernoulliPreset: Preset<Bernoulli> = {
  model: bernoulli(),
  parameters: (b) => [b.p],
  fromParameters: ([p]) => new Bernoulli(p!),
};

const categoricalPreset: Preset<Categorical> = {
  // The last category is the one fit must see for the fitted K to be the model's (fit takes K
  // from the largest category in the data): at least 5 % of the draws.
  model: categorical({ k: { min: 2, max: 6 } }).filter((c) => c.probs[c.k - 1]! >= 0.05),
  // K − 1 free probabilities; the last is 1 minus their sum.
  parameters: (c) => Array.from(c.probs).slice(0, -1),
  fromParameters: (theta) => {
    let last = 1;
    for (const v of theta) last -= v;
    // A sum that rounds a few ulps above 1 is the boundary itself, not a step past it.
    if (last < 0 && last > -8 * Number.EPSILON * (theta.length + 1)) last = 0;
    if (!(last >= 0)) throw new RangeError("Categorical: probabilities above 1");
    return new Categorical([...theta, last]);
  },
};

const poissonPreset: Preset<Poisson> = {
  model: poisson(),
  parameters: (p) => [p.rate],
  fromParameters: ([rate]) => new Poisson(rate!),
};

/** The preset of one of ptheta's family classes, or undefined for any other object. */
export function builtInEstimator(family: unknown): Preset<unknown> | undefined {
  if (family === Gaussian) return gaussianPreset as Preset<unknown>;
  if (family === Bernoulli) return bernoulliPreset as Preset<unknown>;
  if (family === Categorical) return categoricalPreset as Preset<unknown>;
  if (family === Poisson) return poissonPreset as Preset<unknown>;
  return undefined;
}
