/**
 * EM's trace and stopping rule, written once for every model fitted by EM (Mixture.fit and
 * fitAsync, semi-supervised NaiveBayes, FactorAnalysis): after each E-step the mean
 * log-likelihood per row is recorded and reported, and so is the mean objective EM increases —
 * the log-likelihood plus the log prior that smoothing (α > 0) implies. The fit has converged
 * when the objective changed by less than `tol`; without a prior the two are the same number,
 * and the rule is scikit-learn's.
 */

/**
 * What an EM fit's `onIteration` callback is told after every iteration.
 *
 * @example
 * ```ts
 * const seen: EmProgress[] = [];
 * Mixture.fit(X, { nComponents: 2, onIteration: (p) => seen.push(p) });
 * seen[0]!.iteration; // 1
 * ```
 */
export interface EmProgress {
  /** 1 for the first iteration. */
  iteration: number;
  /** The mean log-likelihood per row at the parameters before this iteration's M-step. */
  logLikelihood: number;
  /** Its change from the previous iteration (Infinity at the first). */
  change: number;
  /**
   * The mean objective per row EM increases at the same parameters: the log-likelihood plus the
   * log prior of the smoothing (α > 0), divided by the rows' weight; the log-likelihood when
   * there is no prior.
   */
  objective: number;
}

/** The trace of an EM run and its convergence test. @internal */
export class EmTrace {
  /** The mean log-likelihood per row of each iteration. */
  readonly values: number[] = [];
  /** The mean objective per row of each iteration (log-likelihood plus log prior). */
  readonly objectives: number[] = [];
  /** Whether the last change was below tol. */
  converged = false;
  private previous = -Infinity;

  constructor(
    private readonly tol: number,
    private readonly onIteration: ((progress: EmProgress) => void) | undefined,
  ) {}

  /** The iterations recorded. */
  get nIter(): number {
    return this.values.length;
  }

  /**
   * Records one iteration's mean log-likelihood and mean objective (the same number when there
   * is no prior); true when the objective changed by less than tol (stop).
   */
  record(mean: number, objective = mean): boolean {
    const iteration = this.values.length + 1;
    const previousMean = iteration === 1 ? -Infinity : this.values[iteration - 2]!;
    this.values.push(mean);
    this.objectives.push(objective);
    const change = mean - previousMean;
    this.onIteration?.({ iteration, logLikelihood: mean, change: iteration === 1 ? Infinity : change, objective });
    const objectiveChange = objective - this.previous;
    this.previous = objective;
    this.converged = Math.abs(objectiveChange) < this.tol;
    return this.converged;
  }
}
