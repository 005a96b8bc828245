/**
 * The Gaussian statistics of one component and column from the two passes of a statement:
 * its weight w, the first pass's centre (the weighted mean), and the second pass's
 * Σ w (x − centre) and Σ w (x − centre)². As the Gaussian kernel merges a batch: the mean is
 * centre + Σ w (x − centre) / w (the first sum is zero up to the centre's rounding, which it
 * removes), and M2 = Σ w (x − centre)² − (Σ w (x − centre))² / w, the corrected two-pass formula.
 */

/** The Gaussian kernel's statistics JSON, filled one component and column at a time. @internal */
export class GaussianMoments {
  readonly shift: number[] = [];
  readonly shiftedMean: number[] = [];
  readonly m2: number[] = [];

  /** Adds one component and column (w = 0: no rows, every statistic 0). */
  push(w: number, centre: number, dev: number, sq: number): void {
    if (!(w > 0)) {
      this.shift.push(0);
      this.shiftedMean.push(0);
      this.m2.push(0);
      return;
    }
    const shifted = dev / w;
    this.shift.push(centre + 0); // −0 → 0, as JSON would store it
    this.shiftedMean.push(shifted);
    this.m2.push(Math.max(0, sq - dev * shifted));
  }

  /** The statistics JSON with the components' weights. */
  toJSON(weight: readonly number[]): Record<string, unknown> {
    return { weight: weight.slice(), shift: this.shift, shiftedMean: this.shiftedMean, m2: this.m2 };
  }
}
