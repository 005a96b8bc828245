import fc from "fast-check";
import type { Rng } from "../core/rng.js";
import { readOptions } from "../core/options.js";
import { closestOption } from "../core/option-names.js";
import { describe } from "../core/validate.js";
import { integerRange, sampleFrom, type Range } from "./arbitraries.js";
import { builtInEstimator, type Preset } from "./estimator-families.js";
import { coordinateStep, standardErrors, type LogLikelihoodOf } from "./information.js";

/**
 * What {@link checkEstimator} needs of a fitted model: every ptheta distribution has it.
 *
 * @example
 * ```ts
 * const model: EstimatedModel = Gaussian.fit([1, 2, 3]);
 * ```
 */
export interface EstimatedModel {
  /** Σ log p(x) over the data. */
  logLikelihood(data: ArrayLike<number>): number;
  /** n draws. */
  sample(rng: Rng, n: number): Float64Array;
  /** A plain object the family's `fromJSON` restores. */
  toJSON(): object;
}

/**
 * Mergeable sufficient statistics, as {@link checkEstimator} uses them.
 *
 * @example
 * ```ts
 * const s: MergeableStats<GaussianStats> = Gaussian.stats();
 * ```
 */
export interface MergeableStats<S> {
  /** Adds every value of a chunk. */
  addAll(data: ArrayLike<number>): unknown;
  /** Adds what another statistics value summarises. */
  merge(other: S): unknown;
  /** A plain object the family's `statsFromJSON` restores (optional). */
  toJSON?(): object;
}

/**
 * The static side of a family whose estimator {@link checkEstimator} checks: ptheta's
 * `Gaussian`, `Bernoulli`, `Categorical` and `Poisson` classes, or any object of the same shape.
 *
 * @example
 * ```ts
 * const family: EstimatorFamily<Gaussian, GaussianStats> = Gaussian;
 * ```
 */
export interface EstimatorFamily<D extends EstimatedModel, S extends MergeableStats<S>> {
  /** The maximum-likelihood estimate from a data set. */
  fit(data: Float64Array): D;
  /** Empty statistics. */
  stats(): S;
  /** The estimate from statistics; must equal `fit` of the data they summarise. */
  fromStats(stats: S): D;
  /** Rebuilds a model from its `toJSON()`. */
  fromJSON(json: unknown): D;
  /** Rebuilds statistics from their `toJSON()`; checked when present. */
  statsFromJSON?(json: unknown): S;
}

/**
 * Options of {@link checkEstimator}. For ptheta's own families all are optional; for a family of
 * your own, `model`, `parameters` and `fromParameters` are required.
 *
 * @example
 * ```ts
 * import { arbitraries } from "ptheta/testing";
 * const options: CheckEstimatorOptions<Gaussian> = {
 *   model: arbitraries.gaussian({ std: { min: 0.1, max: 10 } }),
 *   parameters: (g) => [g.mean, g.std],
 *   fromParameters: ([mean, std]) => new Gaussian(mean!, std!),
 * };
 * ```
 */
export interface CheckEstimatorOptions<D> {
  /** The models data are drawn from (fast-check draws a model, then a seeded sample of it). */
  model?: fc.Arbitrary<D>;
  /** The parameter vector θ of a model, in any smooth parameterisation. */
  parameters?: (dist: D) => readonly number[];
  /** The model with parameters θ; throws for an invalid θ. `parameters`' inverse. */
  fromParameters?: (theta: readonly number[]) => D;
  /** The size of the data sets for the likelihood, statistics and JSON checks; default 2 to 200. */
  n?: number | Range;
  /** The size of the data sets for the recovery check; default 1000. */
  recoveryN?: number;
  /** How many standard errors the recovered parameters may be off; default 6. */
  standardErrors?: number;
  /**
   * Relative tolerance for merged statistics against the fit, in units of each parameter's
   * magnitude or standard error, whichever is larger; default 1e-10.
   */
  tolerance?: number;
}

/**
 * One case fast-check draws for an {@link EstimatorProperty}: a model, a seeded data set drawn
 * from it, where to split the data, and a direction in parameter space.
 *
 * @example
 * ```ts
 * const run = (c: EstimatorCase<Gaussian>) => Gaussian.fit(c.data).mean;
 * ```
 */
export interface EstimatorCase<D> {
  /** The model the data were drawn from. */
  dist: D;
  /** `dist.sample(createRng(seed), n)`. */
  data: Float64Array;
  /** The seed of the sample. */
  seed: number;
  /** Where the statistics check cuts the data, as fractions of its length. */
  cuts: number[];
  /** A direction in parameter space (cycled to the parameter count) for the likelihood check. */
  direction: number[];
}

/**
 * A fast-check property (run it with `fc.assert`) with a name saying what it checks.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * for (const property of checkEstimator(Gaussian)) fc.assert(property, { numRuns: 20 });
 * ```
 */
export interface EstimatorProperty<D> extends fc.IPropertyWithHooks<[EstimatorCase<D>]> {
  /** What the property checks, e.g. "JSON round trips are exact". */
  readonly name: string;
}

/**
 * The properties a family's maximum-likelihood estimator must have, as fast-check properties to
 * run with `fc.assert` (each also has a `name`, for a test title):
 *
 * 1. **maximum likelihood**: the fit's log-likelihood on its own data is not beaten by nearby
 *    parameters (steps of 1 down to 0.001 standard errors along each parameter and along a
 *    random direction; standard errors from the observed information). A biased estimator, such
 *    as a variance with 1/(n − 1), fails here.
 * 2. **mergeable statistics**: statistics added chunk by chunk over any split and merged in any
 *    nesting give the fit of all the data (to `tolerance`).
 * 3. **JSON**: `fromJSON(JSON.parse(JSON.stringify(fit)))` is the same model, bit for bit (and
 *    likewise the statistics, when the family has `statsFromJSON`).
 * 4. **recovery**: fitting `recoveryN` draws from a model recovers its parameters within
 *    `standardErrors` (6) standard errors, each √(I⁻¹)ᵢᵢ from the observed Fisher information
 *    I = −∇²ℓ on that data set (the larger of its values at the truth and at the estimate, which
 *    keeps the bound honest for skewed estimators near a boundary), computed by finite
 *    differences: the bound comes from the sampling error, not from a guessed tolerance.
 *
 * For ptheta's families everything has defaults. For your own family, give `model` (the models
 * to draw data from, e.g. `arbitraries.gaussian()` or an `fc.record(...).map(...)`), and
 * `parameters` / `fromParameters`, a smooth parameterisation. Bounds assume a regular family
 * (smooth log-likelihood, estimator error of order 1/√n).
 *
 * @param family - the family's static side: `fit`, `stats`, `fromStats`, `fromJSON`.
 * @throws TypeError when a family of your own comes without `model`, `parameters` or
 *   `fromParameters`, or an option is invalid.
 * @example
 * ```ts
 * import fc from "fast-check";
 * for (const property of checkEstimator(Gaussian)) fc.assert(property, { numRuns: 25 });
 * checkEstimator(Bernoulli).map((p) => p.name)[0]; // "the fit's log-likelihood is not beaten by nearby parameters"
 * ```
 */
export function checkEstimator<D extends EstimatedModel, S extends MergeableStats<S>>(
  family: EstimatorFamily<D, S>,
  options: CheckEstimatorOptions<D> = {},
): EstimatorProperty<D>[] {
  const where = "checkEstimator";
  if (family === null || (typeof family !== "object" && typeof family !== "function")) {
    throw new TypeError(`${where}: family must be a family (fit, stats, fromStats, fromJSON), got ${describe(family)}`);
  }
  for (const method of ["fit", "stats", "fromStats", "fromJSON"] as const) {
    if (typeof family[method] !== "function") throw new TypeError(`${where}: family.${method} must be a function`);
  }
  // Own properties only; a misspelt key ({ numRuns }: fast-check's, given to fc.assert) is refused.
  const o = readOptions(where, options, OPTION_KEYS, closestOption) as CheckEstimatorOptions<D>;
  const preset = builtInEstimator(family) as Preset<D> | undefined;
  const model = o.model ?? preset?.model;
  const parameters = o.parameters ?? preset?.parameters;
  const fromParameters = o.fromParameters ?? preset?.fromParameters;
  if (!(model instanceof fc.Arbitrary)) {
    throw new TypeError(
      `${where}: options.model must be a fast-check Arbitrary of models (required for your own family)`,
    );
  }
  if (typeof parameters !== "function" || typeof fromParameters !== "function") {
    throw new TypeError(`${where}: options.parameters and options.fromParameters are required for your own family`);
  }
  const k = o.standardErrors ?? 6;
  if (typeof k !== "number" || !(k > 0 && k < Infinity)) {
    throw new RangeError(`${where}: standardErrors must be finite and > 0, got ${describe(k)}`);
  }
  const tolerance = o.tolerance ?? 1e-10;
  if (typeof tolerance !== "number" || !(tolerance >= 0 && tolerance < 1)) {
    throw new RangeError(`${where}: tolerance must be in [0, 1), got ${describe(tolerance)}`);
  }
  const recoveryN = o.recoveryN ?? 1000;
  if (!Number.isInteger(recoveryN) || recoveryN < 1) {
    throw new RangeError(`${where}: recoveryN must be an integer >= 1, got ${describe(recoveryN)}`);
  }
  // Every check needs data: n = 0 would make the properties pass vacuously.
  const [nMin, nMax] = integerRange(`${where}: n`, o.n, 2, 200, 1, 2 ** 30);
  const n: Range = { min: nMin, max: nMax };
  const familyName = (family as { name?: unknown }).name;
  const label = `${where}(${typeof familyName === "string" && familyName !== "" ? familyName : "family"})`;
  const ctx: Context<D, S> = { family, parameters, fromParameters, label };

  const property = (name: string, size: number | Range, check: (c: EstimatorCase<D>) => void): EstimatorProperty<D> =>
    Object.assign(fc.property(cases(model, size), check), { name });
  return [
    property("the fit's log-likelihood is not beaten by nearby parameters", n, (c) => checkMaximum(ctx, c)),
    property("statistics merged over any split equal the fit", n, (c) => checkMerge(ctx, c, tolerance)),
    property("JSON round trips are exact", n, (c) => checkJson(ctx, c)),
    property(`sampling then fitting recovers the parameters within ${k} standard errors`, recoveryN, (c) =>
      checkRecovery(ctx, c, k),
    ),
  ];
}

interface Context<D extends EstimatedModel, S extends MergeableStats<S>> {
  family: EstimatorFamily<D, S>;
  parameters: (dist: D) => readonly number[];
  fromParameters: (theta: readonly number[]) => D;
  label: string;
}

const OPTION_KEYS = ["model", "parameters", "fromParameters", "n", "recoveryN", "standardErrors", "tolerance"];

const GRID = 1_000_000;

function cases<D extends EstimatedModel>(model: fc.Arbitrary<D>, n: number | Range): fc.Arbitrary<EstimatorCase<D>> {
  return fc
    .record({
      sampled: sampleFrom<D, Float64Array>(model, { n }),
      // Evenly spread on a grid (fast-check's own doubles crowd near 0, which would put most cuts
      // at the start and leave directions nearly null).
      cuts: fc.array(
        fc.nat({ max: GRID }).map((i) => i / GRID),
        { maxLength: 5 },
      ),
      direction: fc.array(
        fc.integer({ min: -GRID, max: GRID }).map((i) => i / GRID),
        { minLength: 1, maxLength: 8 },
      ),
    })
    .map(({ sampled, cuts, direction }): EstimatorCase<D> => {
      const { dist, data, seed } = sampled;
      const show = () =>
        `{ dist: ${fc.stringify(dist)}, n: ${data.length}, seed: ${seed}, cuts: ${fc.stringify(cuts)}, direction: ${fc.stringify(direction)} }`;
      return Object.assign({ dist, data, seed, cuts, direction }, { [fc.toStringMethod]: show });
    });
}

/** ℓ(θ) on `data` through fromParameters; undefined where θ is refused or ℓ is not finite. */
function likelihoodOf<D extends EstimatedModel>(
  fromParameters: (theta: readonly number[]) => D,
  data: Float64Array,
): LogLikelihoodOf {
  return (theta) => {
    let dist: D;
    try {
      dist = fromParameters(theta);
    } catch {
      return undefined;
    }
    const l = dist.logLikelihood(data);
    return Number.isFinite(l) ? l : undefined;
  };
}

const list = (xs: readonly number[]): string => `[${xs.join(", ")}]`;

/** The fit's parameters, and ℓ as a function of parameters on the data, checked to agree. */
function fitted<D extends EstimatedModel, S extends MergeableStats<S>>(ctx: Context<D, S>, data: Float64Array) {
  const fit = ctx.family.fit(data);
  const theta = [...ctx.parameters(fit)];
  const best = fit.logLikelihood(data);
  if (!Number.isFinite(best)) {
    throw new Error(`${ctx.label}: the fit ${list(theta)} gives its own data log-likelihood ${best}`);
  }
  const f = likelihoodOf(ctx.fromParameters, data);
  const f0 = f(theta);
  // fromParameters(parameters(fit)) must be the fit, or the perturbations below test nothing.
  if (f0 === undefined || Math.abs(f0 - best) > 1e-12 * (Math.abs(best) + data.length)) {
    throw new Error(
      `${ctx.label}: fromParameters(parameters(fit)) does not reproduce the fit ${list(theta)}: log-likelihood ${f0} vs ${best}`,
    );
  }
  return { fit, theta, best, f, f0 };
}

function checkMaximum<D extends EstimatedModel, S extends MergeableStats<S>>(ctx: Context<D, S>, c: EstimatorCase<D>) {
  const { theta, best, f, f0 } = fitted(ctx, c.data);
  // Steps in units of each parameter's standard error (≈ 10 × the curvature step), so that
  // every parameter is moved by a comparable, meaningful amount whatever its units.
  const scale = theta.map((t, i) => {
    const step = coordinateStep(f, theta, f0, i);
    return step !== undefined ? 10 * step.h : 1e-3 * (t !== 0 ? Math.abs(t) : 1);
  });
  // ℓ's own rounding: a few ulps of each of its n terms.
  const slack = 1e-11 * (Math.abs(best) + c.data.length);
  const tryPoint = (moved: number[], how: string) => {
    const l = f(moved);
    if (l !== undefined && l > best + slack) {
      throw new Error(
        `${ctx.label}: the fit is not the maximum-likelihood estimate: parameters ${list(moved)} (${how}) have log-likelihood ${l} > ${best}, the fit ${list(theta)}'s, on its own data (n = ${c.data.length})`,
      );
    }
  };
  for (const t of [1, 0.1, 0.01, 0.001]) {
    for (const sign of [1, -1]) {
      for (let i = 0; i < theta.length; i++) {
        const moved = theta.slice();
        moved[i]! += sign * t * scale[i]!;
        tryPoint(moved, `parameter ${i} moved by ${sign * t} standard errors`);
      }
      const moved = theta.map((v, i) => v + sign * t * c.direction[i % c.direction.length]! * scale[i]!);
      tryPoint(moved, `moved by ${sign * t} along ${list(c.direction)}`);
    }
  }
}

function checkMerge<D extends EstimatedModel, S extends MergeableStats<S>>(
  ctx: Context<D, S>,
  c: EstimatorCase<D>,
  tolerance: number,
) {
  const { family } = ctx;
  const { theta, f, f0 } = fitted(ctx, c.data);
  const n = c.data.length;
  const bounds = [0, ...c.cuts.map((u) => Math.floor(u * n)).sort((a, b) => a - b), n];
  const chunks = bounds.slice(1).map((end, j) => c.data.subarray(bounds[j], end));
  const statsOf = (chunk: Float64Array): S => {
    const s = family.stats();
    s.addAll(chunk);
    return s;
  };
  // Left to right, each chunk merged into the running statistics…
  const left = statsOf(chunks[0]!);
  for (const chunk of chunks.slice(1)) left.merge(statsOf(chunk));
  // …and right to left, each running total merged into the chunk before it.
  let right = statsOf(chunks[chunks.length - 1]!);
  for (let j = chunks.length - 2; j >= 0; j--) {
    const s = statsOf(chunks[j]!);
    s.merge(right);
    right = s;
  }
  const scale = theta.map((_, i) => {
    const step = coordinateStep(f, theta, f0, i);
    return step !== undefined ? 10 * step.h : 0;
  });
  for (const [how, stats] of [
    ["merged left to right", left],
    ["merged right to left", right],
  ] as const) {
    const what = `statistics over ${chunks.length} chunk(s) of sizes ${list(chunks.map((x) => x.length))}, ${how},`;
    const merged = attempt(() => [...ctx.parameters(family.fromStats(stats))]);
    if (merged instanceof Error) throw new Error(`${ctx.label}: ${what} give no model: ${merged.message}`);
    const close = merged.length === theta.length && merged.every((v, i) => near(v, theta[i]!, tolerance, scale[i]!));
    if (!close) {
      throw new Error(`${ctx.label}: ${what} give ${list(merged)}; the fit of all ${n} values gives ${list(theta)}`);
    }
  }
}

/** fn's result, or the error it threw. */
function attempt<T>(fn: () => T): T | Error {
  try {
    return fn();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** |a − b| ≤ tolerance · max(|a|, |b|, scale), or both equal (infinities included). */
function near(a: number, b: number, tolerance: number, scale: number): boolean {
  return a === b || Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b), scale);
}

function checkJson<D extends EstimatedModel, S extends MergeableStats<S>>(ctx: Context<D, S>, c: EstimatorCase<D>) {
  const { family } = ctx;
  const fit = family.fit(c.data);
  const text = JSON.stringify(fit);
  const back = family.fromJSON(JSON.parse(text));
  const again = JSON.stringify(back);
  const a = ctx.parameters(fit);
  const b = ctx.parameters(back);
  const sameLogLikelihood = Object.is(fit.logLikelihood(c.data), back.logLikelihood(c.data));
  if (again !== text || a.length !== b.length || !a.every((v, i) => Object.is(v, b[i])) || !sameLogLikelihood) {
    throw new Error(
      `${ctx.label}: fromJSON(JSON.parse(JSON.stringify(fit))) is not the fit: ${text} came back as ${again} (parameters ${list(a)} → ${list(b)})`,
    );
  }
  if (typeof family.statsFromJSON === "function") {
    const s = family.stats();
    s.addAll(c.data);
    const sText = JSON.stringify(s);
    const sBack = family.statsFromJSON(JSON.parse(sText));
    const fromBoth = [ctx.parameters(family.fromStats(s)), ctx.parameters(family.fromStats(sBack))] as const;
    if (JSON.stringify(sBack) !== sText || !fromBoth[0].every((v, i) => Object.is(v, fromBoth[1][i]))) {
      throw new Error(
        `${ctx.label}: statsFromJSON(JSON.parse(JSON.stringify(stats))) is not the same statistics: ${sText} came back as ${JSON.stringify(sBack)}`,
      );
    }
  }
}

function checkRecovery<D extends EstimatedModel, S extends MergeableStats<S>>(
  ctx: Context<D, S>,
  c: EstimatorCase<D>,
  k: number,
) {
  const truth = [...ctx.parameters(c.dist)];
  const estimate = [...ctx.parameters(ctx.family.fit(c.data))];
  if (estimate.length !== truth.length) {
    throw new Error(
      `${ctx.label}: the fit has ${estimate.length} parameters, the model the data came from ${truth.length}`,
    );
  }
  // A parameter recovered exactly (a boundary value, such as a probability of 0) needs no bound
  // and sits where derivatives do not exist: leave it out of the information.
  const exact = truth.map((t, i) => Object.is(t, estimate[i]) || t === estimate[i]);
  if (exact.every(Boolean)) return;
  const f = likelihoodOf(ctx.fromParameters, c.data);
  const atTruth = standardErrors(f, truth, exact);
  const atEstimate = standardErrors(f, estimate, exact);
  truth.forEach((t, i) => {
    if (exact[i]) return;
    const se = Math.max(atTruth[i]!, atEstimate[i]!);
    const error = Math.abs(estimate[i]! - t);
    if (!(error <= k * se)) {
      throw new Error(
        `${ctx.label}: fitting ${c.data.length} draws from ${list(truth)} gave ${list(estimate)}: parameter ${i} is off by ${error}, more than ${k} standard errors (${k} × ${se})`,
      );
    }
  });
}
