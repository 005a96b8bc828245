// Testing estimators with ptheta/testing: a Vitest test file, run by `npm test`. A user's own
// family (an exponential rate) checked with checkEstimator and expectSampledFrom, then ptheta's
// own samplers checked the same way. docs/testing-estimators.md shows the regions below.

// #region exponential
import { createRng, type Rng } from "../src/index.js";

/** The exponential distribution with rate λ > 0: p(x) = λ e^(−λx) for x ≥ 0. */
export class MyExponential {
  constructor(readonly rate: number) {
    if (!(rate > 0 && rate < Infinity)) throw new RangeError(`MyExponential: rate must be > 0, got ${rate}`);
  }

  cdf(x: number): number {
    return x > 0 ? -Math.expm1(-this.rate * x) : 0;
  }

  logLikelihood(data: ArrayLike<number>): number {
    let sum = 0;
    for (let i = 0; i < data.length; i++) {
      if (data[i]! < 0) return -Infinity;
      sum += data[i]!;
    }
    return data.length * Math.log(this.rate) - this.rate * sum;
  }

  /** Inversion: −log(1 − u)/λ. */
  sample(rng: Rng, n: number): Float64Array {
    return Float64Array.from({ length: n }, () => -Math.log1p(-rng.next()) / this.rate);
  }

  toJSON() {
    return { type: "MyExponential", rate: this.rate };
  }

  static fromJSON(json: unknown): MyExponential {
    return new MyExponential((json as { rate: number }).rate);
  }

  /** The maximum-likelihood rate n / Σx. */
  static fit(data: ArrayLike<number>): MyExponential {
    return MyExponential.fromStats(MyExponential.stats().addAll(data));
  }

  static stats(): MyExponentialStats {
    return new MyExponentialStats();
  }

  static fromStats(stats: MyExponentialStats): MyExponential {
    return new MyExponential(stats.count / stats.sum);
  }
}

/** The sufficient statistics: the count and the sum. */
export class MyExponentialStats {
  count = 0;
  sum = 0;

  addAll(data: ArrayLike<number>): this {
    for (let i = 0; i < data.length; i++) this.sum += data[i]!;
    this.count += data.length;
    return this;
  }

  merge(other: MyExponentialStats): this {
    this.count += other.count;
    this.sum += other.sum;
    return this;
  }
}
// #endregion

// #region check-exponential
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraries, checkEstimator, expectSampledFrom } from "../src/testing/index.js";

describe("MyExponential", () => {
  const properties = checkEstimator(MyExponential, {
    model: fc.double({ min: 0.01, max: 100, noNaN: true }).map((rate) => new MyExponential(rate)),
    parameters: (e) => [e.rate],
    fromParameters: ([rate]) => new MyExponential(rate!),
  });

  // One test per property: the likelihood is maximal, statistics merge, JSON round trips, and
  // sampling then fitting recovers the rate within 6 standard errors.
  it.each(properties.map((p) => [p.name, p] as const))("%s", (_, property) => {
    fc.assert(property, { numRuns: 50 });
  });

  it("draws from the distribution it claims", () => {
    const e = new MyExponential(2);
    const result = expectSampledFrom(e.sample(createRng(1), 10_000), e); // throws if rejected
    expect(result.test).toBe("Kolmogorov-Smirnov");
  });
});
// #endregion

// #region check-ptheta
import { Bernoulli, Categorical, Gaussian, Poisson } from "../src/index.js";

describe("ptheta's own samplers and estimators", () => {
  it("draws pass expectSampledFrom, for models fast-check picks", () => {
    const check = ({ dist, data }: { dist: Gaussian | Bernoulli | Categorical | Poisson; data: Float64Array }) => {
      expectSampledFrom(data, dist); // Kolmogorov-Smirnov or chi-square, at alpha = 1e-6
    };
    fc.assert(fc.property(arbitraries.sampleFrom(arbitraries.gaussian(), { n: 2000 }), check), { numRuns: 20 });
    fc.assert(fc.property(arbitraries.sampleFrom(arbitraries.bernoulli(), { n: 2000 }), check), { numRuns: 20 });
    fc.assert(fc.property(arbitraries.sampleFrom(arbitraries.categorical(), { n: 2000 }), check), { numRuns: 20 });
    fc.assert(fc.property(arbitraries.sampleFrom(arbitraries.poisson(), { n: 2000 }), check), { numRuns: 20 });
  });

  it("estimators pass checkEstimator", () => {
    for (const property of checkEstimator(Gaussian)) fc.assert(property, { numRuns: 20 });
    for (const property of checkEstimator(Bernoulli)) fc.assert(property, { numRuns: 20 });
    for (const property of checkEstimator(Categorical)) fc.assert(property, { numRuns: 20 });
    for (const property of checkEstimator(Poisson)) fc.assert(property, { numRuns: 20 });
  });
});
// #endregion
