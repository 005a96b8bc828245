// checkEstimator passes ptheta's own estimators and a correct estimator of a user's family, and
// catches the broken ones the issue names: a variance with 1/(n − 1), an estimator that ignores
// part of its data, plus a lossy JSON and a mean that is off by more than the sampling error.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Bernoulli, Categorical, Gaussian, GaussianStats, Poisson, type Rng } from "../../src/index.js";
import { arbitraries, checkEstimator, type EstimatorProperty } from "../../src/testing/index.js";

// Seeded runs: a failure here replays exactly.
const run = (property: EstimatorProperty<unknown>, numRuns = 40) => fc.assert(property, { numRuns, seed: 20240611 });
/** The message of the error the property throws on its (shrunk) counterexample, or "passed". */
function failureOf(property: EstimatorProperty<unknown>, numRuns = 40): string {
  const details = fc.check(property, { numRuns, seed: 20240611 });
  return details.failed ? String((details.errorInstance as Error).message) : "passed";
}
const byName = <D>(properties: EstimatorProperty<D>[], start: string) =>
  properties.find((p) => p.name.startsWith(start))! as EstimatorProperty<unknown>;

describe("checkEstimator passes correct estimators", () => {
  it.each([
    ["Gaussian", Gaussian],
    ["Bernoulli", Bernoulli],
    ["Categorical", Categorical],
    ["Poisson", Poisson],
  ] as const)("%s: all four properties", (_, family) => {
    const properties = checkEstimator(family as typeof Gaussian) as EstimatorProperty<unknown>[];
    expect(properties.map((p) => p.name)).toEqual([
      "the fit's log-likelihood is not beaten by nearby parameters",
      "statistics merged over any split equal the fit",
      "JSON round trips are exact",
      "sampling then fitting recovers the parameters within 6 standard errors",
    ]);
    for (const property of properties) run(property);
  });

  it("a user's exponential-rate family", () => {
    for (const property of checkEstimator(Exponential, exponentialOptions)) run(property);
  });
});

describe("checkEstimator catches broken estimators", () => {
  const gaussianOptions = {
    model: arbitraries.gaussian(),
    parameters: (g: Gaussian) => [g.mean, g.std],
    fromParameters: ([m, s]: readonly number[]) => new Gaussian(m!, s!),
  };

  it("a variance with 1/(n − 1): not the maximum-likelihood estimate", () => {
    const unbiased = {
      fit: (data: Float64Array) => withBesselCorrection(Gaussian.fit(data), data.length),
      stats: () => Gaussian.stats(),
      fromStats: (s: GaussianStats) => withBesselCorrection(Gaussian.fromStats(s), s.count),
      fromJSON: (json: unknown) => Gaussian.fromJSON(json),
    };
    const properties = checkEstimator(unbiased, gaussianOptions);
    expect(failureOf(byName(properties, "the fit's log-likelihood"))).toMatch(
      /not the maximum-likelihood estimate: parameters .* have log-likelihood/,
    );
    // Consistent statistics and JSON, and a bias of σ/2n, far inside the sampling error: the
    // other three properties cannot see it. The likelihood check is what catches it.
    run(byName(properties, "statistics merged"));
    run(byName(properties, "JSON"));
    run(byName(properties, "sampling then fitting"));
  });

  it("an estimator that ignores the second half of its data", () => {
    const halfBlind = {
      fit: (data: Float64Array) => Gaussian.fit(data.length > 3 ? data.subarray(0, Math.ceil(data.length / 2)) : data),
      stats: () => Gaussian.stats(),
      fromStats: (s: GaussianStats) => Gaussian.fromStats(s),
      fromJSON: (json: unknown) => Gaussian.fromJSON(json),
    };
    const properties = checkEstimator(halfBlind, gaussianOptions);
    expect(failureOf(byName(properties, "the fit's log-likelihood"))).toMatch(/not the maximum-likelihood estimate/);
    expect(failureOf(byName(properties, "statistics merged"))).toMatch(/give .*; the fit of all \d+ values gives/);
  });

  it("statistics whose merge adds the other's count but not its values", () => {
    const forgetful = {
      fit: (data: Float64Array) => Gaussian.fit(data),
      stats: () => {
        const s = Gaussian.stats();
        return Object.assign(s, {
          merge(other: GaussianStats) {
            const { mean, m2 } = s.count > 0 ? s : other;
            return Object.assign(s, new GaussianStats(s.count + other.count, mean, m2));
          },
        });
      },
      fromStats: (s: GaussianStats) => Gaussian.fromStats(s),
      fromJSON: (json: unknown) => Gaussian.fromJSON(json),
    };
    const properties = checkEstimator(forgetful, gaussianOptions);
    expect(failureOf(byName(properties, "statistics merged"))).toMatch(
      /statistics over [2-9] chunk\(s\) of sizes .*, merged left to right, give/,
    );
  });

  it("JSON that rounds the parameters", () => {
    const rounding = {
      fit: (data: Float64Array) => Gaussian.fit(data),
      stats: () => Gaussian.stats(),
      fromStats: (s: GaussianStats) => Gaussian.fromStats(s),
      fromJSON: (json: unknown) => {
        const g = Gaussian.fromJSON(json);
        return new Gaussian(Number(g.mean.toPrecision(12)), g.std);
      },
    };
    const properties = checkEstimator(rounding, gaussianOptions);
    expect(failureOf(byName(properties, "JSON"))).toMatch(/is not the fit/);
  });

  it("a mean shifted by 10 standard errors: recovery fails, with the bound it used", () => {
    const shifted = {
      fit: (data: Float64Array) => {
        const g = Gaussian.fit(data);
        return new Gaussian(g.mean + (10 * g.std) / Math.sqrt(data.length), g.std);
      },
      stats: () => Gaussian.stats(),
      fromStats: (s: GaussianStats) => Gaussian.fromStats(s),
      fromJSON: (json: unknown) => Gaussian.fromJSON(json),
    };
    const properties = checkEstimator(shifted, gaussianOptions);
    expect(failureOf(byName(properties, "sampling then fitting"))).toMatch(
      /parameter 0 is off by .*, more than 6 standard errors/,
    );
  });
});

describe("checkEstimator's arguments", () => {
  it("needs model and parameterisation for a family of your own", () => {
    const family = {
      fit: Gaussian.fit,
      stats: Gaussian.stats,
      fromStats: Gaussian.fromStats,
      fromJSON: Gaussian.fromJSON,
    };
    expect(() => checkEstimator(family)).toThrow(/options.model must be a fast-check Arbitrary/);
    expect(() => checkEstimator(family, { model: arbitraries.gaussian() })).toThrow(
      /options.parameters and options.fromParameters are required/,
    );
    expect(() => checkEstimator({ ...family, stats: undefined } as unknown as typeof family)).toThrow(
      /family.stats must be a function/,
    );
    expect(() => checkEstimator(Gaussian, { standardErrors: 0 })).toThrow(/standardErrors must be finite and > 0/);
    expect(() => checkEstimator(Gaussian, { recoveryN: 1.5 })).toThrow(/recoveryN must be an integer/);
  });
});

function withBesselCorrection(g: Gaussian, n: number): Gaussian {
  return n > 1 ? new Gaussian(g.mean, g.std * Math.sqrt(n / (n - 1))) : g;
}

/** A user's own family: the exponential distribution with rate λ, p(x) = λ e^(−λx). */
class Exponential {
  constructor(readonly rate: number) {
    if (!(rate > 0 && rate < Infinity)) throw new RangeError(`Exponential: rate must be > 0, got ${rate}`);
  }
  logLikelihood(data: ArrayLike<number>): number {
    let sum = 0;
    for (let i = 0; i < data.length; i++) {
      if (data[i]! < 0) return -Infinity;
      sum += data[i]!;
    }
    return data.length * Math.log(this.rate) - this.rate * sum;
  }
  sample(rng: Rng, n: number): Float64Array {
    return Float64Array.from({ length: n }, () => -Math.log1p(-rng.next()) / this.rate);
  }
  toJSON() {
    return { type: "Exponential", rate: this.rate };
  }
  static fromJSON(json: unknown): Exponential {
    return new Exponential((json as { rate: number }).rate);
  }
  static fit(data: ArrayLike<number>): Exponential {
    return Exponential.fromStats(Exponential.stats().addAll(data));
  }
  static stats() {
    return new ExponentialStats();
  }
  static fromStats(s: ExponentialStats): Exponential {
    return new Exponential(s.count / s.sum);
  }
}

class ExponentialStats {
  count = 0;
  sum = 0;
  addAll(data: ArrayLike<number>): this {
    for (let i = 0; i < data.length; i++) this.sum += data[i]!;
    this.count += data.length;
    return this;
  }
  merge(other: ExponentialStats): this {
    this.count += other.count;
    this.sum += other.sum;
    return this;
  }
}

const exponentialOptions = {
  model: fc.double({ min: 0.01, max: 100, noNaN: true }).map((rate) => new Exponential(rate)),
  parameters: (e: Exponential) => [e.rate],
  fromParameters: ([rate]: readonly number[]) => new Exponential(rate!),
};
