/**
 * EM's stopping rule, written once for `Mixture.fit` and `Mixture.fitAsync`: after each
 * iteration, the mean log-likelihood per row (taken in its E-step) is recorded and reported, and
 * the fit has converged when it changed by less than `tol` (scikit-learn's test).
 */

import type { MixtureProgress } from "./mixture.js";

/** The trace of an EM run and its convergence test. @internal */
export class EmTrace {
  /** The mean log-likelihood per row of each iteration. */
  readonly values: number[] = [];
  /** Whether the last change was below tol. */
  converged = false;
  private previous = -Infinity;

  constructor(
    private readonly tol: number,
    private readonly onIteration: ((progress: MixtureProgress) => void) | undefined,
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
