/**
 * EM for a mixture over the latent-class engine: the k-means++ start, the M-step (each block's
 * weighted estimate, and log π_k = log N_k − log N), the E-step statistics, and the loop. It
 * works on the mixture's state (log π and the blocks' parameters), never on Mixture objects,
 * so `Mixture.fit`, `Mixture.fitAsync` and `expectedStats`/`fromStats` share it without
 * importing each other.
 */

import type { KernelStats, RowWeights, ScoreContext } from "../core/kernel.js";
import type { FeatureKind } from "../distributions/registry.js";
import type { RowBlocks } from "../core/matrix.js";
import { nextUniform, type Rng } from "../core/rng.js";
import { totalWeight } from "../core/weights.js";
import { batchStats, blockSpecsOf, createStats, estimate, layoutBlocks, logPrior } from "./blocks.js";
import { EmTrace, type EmProgress } from "./em.js";
import { kmeansLabels } from "./kmeans.js";
import { eStep, fillJoint, impossibleRow, type LatentClassState } from "./latent-class.js";
import { MixtureStats } from "./mixture-stats.js";
import { perFeature, type ColumnSettings } from "./model-options.js";

/** How scoring treats a mixture's input: a value outside a family's support has density 0. @internal */
export function mixtureContext(where: string): ScoreContext {
  return { where, missing: "error", unseen: "smooth", outsideSupport: "impossible", offersMissing: false };
}

/** The blocks of an M-step: the settings' α and regVariance (categories come from the statistics). */
function stepBlocks(
  parts: readonly { readonly kind: string; readonly cols: Int32Array }[],
  settings: ColumnSettings,
): ReturnType<typeof blockSpecsOf> {
  // The statistics (or parameters) carry the layout: a joint kind's blocks may be split.
  return blockSpecsOf(parts, {
    alpha: (j) => perFeature(settings.alpha, j),
    minCategories: () => 0,
    binarize: null,
    varSmoothing: 0,
    regVariance: settings.regVariance,
  });
}

/**
 * The M-step: each block's weighted estimate (smoothed by the settings' α and regVariance), and
 * log π_k = log N_k − log N.
 * @internal
 */
export function mStep(
  kinds: readonly FeatureKind[],
  settings: ColumnSettings,
  stats: readonly KernelStats[],
  total: number,
): LatentClassState {
  const blocks = stepBlocks(stats, settings);
  const params = estimate(blocks, stats);
  const Nk = stats[0]!.totals();
  const logPrior = Nk.map((v) => Math.log(v) - Math.log(total));
  return { params, logPrior };
}

/**
 * The E-step statistics of the rows of `x` at `state`: each block's statistics weighted by the
 * responsibilities (times the sample weights), Σ w and Σ w log p(x). A row impossible under
 * every component is an error (`"error"`, a fit), or gets the uniform posterior and makes the
 * log-likelihood −Infinity (`"uniform"`).
 * @internal
 */
export function expectedStats(
  where: string,
  kinds: readonly FeatureKind[],
  state: LatentClassState,
  x: RowBlocks,
  sampleWeight: Float64Array | null,
  total: number,
  impossible: "error" | "uniform",
): MixtureStats {
  const K = state.logPrior.length;
  const resp = new Float64Array(x.rows * K);
  fillJoint(state, x, resp, mixtureContext(where));
  // An impossible row is reported after the statistics pass, so that a value outside a family's
  // support is named by its cell (the clearer error) before the row is called impossible.
  const perRow = impossible === "error" ? new Float64Array(x.rows) : null;
  const ll = eStep(resp, x.rows, K, {
    where,
    sampleWeight,
    observed: null,
    impossible: "uniform",
    rowLogLikelihood: perRow,
  });
  const rw: RowWeights = { components: K, component: null, responsibility: resp, sampleWeight };
  const stats = batchStats(
    where,
    state.params.map((p) => p.statsLike()),
    x,
    rw,
  );
  if (perRow !== null && ll === -Infinity) throw impossibleRow(where, state, x, perRow.indexOf(-Infinity));
  return new MixtureStats(kinds, K, stats, total, ll);
}

/**
 * Σ over the blocks of the log prior their smoothing implies (KernelParams.logPrior), at the
 * settings' α: what EM adds to the log-likelihood in the objective it increases.
 * @internal
 */
export function paramPrior(settings: ColumnSettings, state: LatentClassState): number {
  return logPrior(state.params, stepBlocks(state.params, settings));
}

/** How an EM run ended: the parameters, the statistics they were estimated from, the trace. @internal */
export interface EmResult {
  readonly state: LatentClassState;
  /** The statistics of the last M-step (the model's persistent form); null when no M-step ran. */
  readonly stats: MixtureStats | null;
  readonly trace: number[];
  /** The mean objective per row of each iteration (log-likelihood plus log prior). */
  readonly objectiveTrace: number[];
  readonly nIter: number;
  readonly converged: boolean;
}

/** EM for one in-memory data set: the starts and the iterations. @internal */
export class MixtureEM {
  private readonly resp: Float64Array;
  private readonly total: number;

  constructor(
    private readonly where: string,
    private readonly kinds: readonly FeatureKind[],
    private readonly K: number,
    private readonly settings: ColumnSettings,
    private readonly x: RowBlocks,
    private readonly weights: Float64Array | null,
  ) {
    this.resp = new Float64Array(x.rows * K);
    this.total = totalWeight(weights, x.rows);
  }

  /**
   * The first model: k-means++ clusters on standardised columns (of the dense `data`), as
   * one-hot responsibilities, and the M-step on them (with no smoothing: the clusters' own
   * estimates, as scikit-learn's first M-step).
   */
  kmeansStart(data: Float64Array, rng: Rng): { state: LatentClassState; stats: MixtureStats } {
    const labels = kmeansLabels(data, this.x.rows, this.x.cols, this.K, this.weights, rng, (r) =>
      nextUniform(r, this.where),
    );
    const rw: RowWeights = { components: this.K, component: labels, responsibility: null, sampleWeight: this.weights };
    const blocks = layoutBlocks(
      this.kinds,
      {
        alpha: () => 0,
        minCategories: (j) => perFeature(this.settings.minCategories, j),
        binarize: null,
        varSmoothing: 0,
        regVariance: 0,
      },
      this.settings.breaks,
    );
    const stats = batchStats(this.where, createStats(blocks, this.K), this.x, rw);
    return {
      state: mStep(this.kinds, this.settings, stats, this.total),
      stats: new MixtureStats(this.kinds, this.K, stats, this.total, NaN),
    };
  }

  /** EM from `start` (as scikit-learn: E-step, M-step, then the convergence test). */
  run(
    start: { state: LatentClassState; stats: MixtureStats | null },
    maxIter: number,
    tol: number,
    onIteration: ((p: EmProgress) => void) | undefined,
  ): EmResult {
    let { state, stats } = start;
    const trace = new EmTrace(tol, onIteration);
    const n = this.x.rows;
    for (let iteration = 1; iteration <= maxIter; iteration++) {
      fillJoint(state, this.x, this.resp, mixtureContext(this.where));
      const ll = eStep(this.resp, n, this.K, {
        where: this.where,
        sampleWeight: this.weights,
        observed: null,
        impossible: (i) => impossibleRow(this.where, state, this.x, i),
      });
      const soft: RowWeights = {
        components: this.K,
        component: null,
        responsibility: this.resp,
        sampleWeight: this.weights,
      };
      const blockStats = batchStats(
        this.where,
        state.params.map((p) => p.statsLike()),
        this.x,
        soft,
      );
      stats = new MixtureStats(this.kinds, this.K, blockStats, this.total, ll);
      const prior = paramPrior(this.settings, state);
      state = mStep(this.kinds, this.settings, blockStats, this.total);
      if (trace.record(ll / this.total, (ll + prior) / this.total)) break;
    }
    return {
      state,
      stats,
      trace: trace.values,
      objectiveTrace: trace.objectives,
      nIter: trace.nIter,
      converged: trace.converged,
    };
  }
}
