/**
 * EM's trace and stopping rule, written once for every model fitted by EM (Mixture.fit and
 * fitAsync, semi-supervised NaiveBayes): after each E-step the mean log-likelihood per row is
 * recorded and reported, and the fit has converged when it changed by less than `tol`
 * (scikit-learn's test).
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
}

/** The trace of an EM run and its convergence test. @internal */
export class EmTrace {
  /** The mean log-likelihood per row of each iteration. */
  readonly values: number[] = [];
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

  /** Records one iteration's mean log-likelihood; true when the fit has converged (stop). */
  record(mean: number): boolean {
    const iteration = this.values.length + 1;
    this.values.push(mean);
    const change = mean - this.previous;
    this.onIteration?.({ iteration, logLikelihood: mean, change: iteration === 1 ? Infinity : change });
    this.previous = mean;
    this.converged = Math.abs(change) < this.tol;
    return this.converged;
  }
}
