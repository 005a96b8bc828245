/**
 * Cholesky factorisation of a symmetric positive-definite matrix and the triangular solves that
 * use it. Every model that needs Σ⁻¹ v or log det Σ goes through here: a solve with the factor is
 * backward stable where an explicit inverse is not, and log det Σ = 2 Σ log Lᵢᵢ never overflows
 * where det Σ would.
 *
 * Matrices are d × d, stored row-major in a Float64Array: element (i, j) is `a[i * d + j]`.
 * Only the lower triangle of the input is read.
 */

/**
 * Replaces the lower triangle of the SPD matrix `a` (d × d, row-major) by its Cholesky factor L,
 * with A = L Lᵀ, and zeroes the strict upper triangle, so that `a` then holds exactly L.
 *
 * Returns false, with `a` partly overwritten, when A is not (numerically) positive definite: a
 * pivot is ≤ 0 or not finite. Callers that must leave `a` intact on failure pass a copy.
 *
 * @internal Core helper, not exported from the package.
 * @example
 * ```ts
 * const a = new Float64Array([4, 2, 2, 3]);
 * choleskyInPlace(a, 2); // true
 * a; // Float64Array [2, 0, 1, 1.4142135623730951]
 * ```
 */
export function choleskyInPlace(a: Float64Array, d: number): boolean {
  for (let j = 0; j < d; j++) {
    const rj = j * d;
    // Row-oriented (Cholesky–Banachiewicz): row j of L from the rows above it, each inner
    // product over contiguous memory.
    for (let i = 0; i < j; i++) {
      const ri = i * d;
      let s = a[rj + i]!;
      for (let k = 0; k < i; k++) s -= a[ri + k]! * a[rj + k]!;
      a[rj + i] = s / a[ri + i]!;
    }
    let s = a[rj + j]!;
    for (let k = 0; k < j; k++) {
      const v = a[rj + k]!;
      s -= v * v;
    }
    if (!(s > 0 && s < Infinity)) return false;
    a[rj + j] = Math.sqrt(s);
    for (let k = j + 1; k < d; k++) a[rj + k] = 0;
  }
  return true;
}

/**
 * Solves L y = b in place (forward substitution): `b[offset .. offset + d)` is replaced by
 * L⁻¹ b. `l` is the factor written by {@link choleskyInPlace}.
 *
 * @internal
 * @example
 * ```ts
 * const l = new Float64Array([2, 0, 1, 1]);
 * const b = new Float64Array([4, 3]);
 * solveLower(l, 2, b); // b is now [2, 1]
 * ```
 */
export function solveLower(l: Float64Array, d: number, b: Float64Array, offset = 0): void {
  for (let i = 0; i < d; i++) {
    const ri = i * d;
    let s = b[offset + i]!;
    for (let k = 0; k < i; k++) s -= l[ri + k]! * b[offset + k]!;
    b[offset + i] = s / l[ri + i]!;
  }
}

/**
 * Solves Lᵀ x = y in place (back substitution): `b[offset .. offset + d)` is replaced by L⁻ᵀ b.
 * After {@link solveLower}, this completes A⁻¹ b = L⁻ᵀ L⁻¹ b.
 *
 * @internal
 * @example
 * ```ts
 * const l = new Float64Array([2, 0, 1, 1]);
 * const b = new Float64Array([4, 3]);
 * solveLower(l, 2, b);
 * solveLowerTranspose(l, 2, b); // b is now A⁻¹ [4, 3] with A = L Lᵀ = [[4, 2], [2, 2]]: [0.5, 1]
 * ```
 */
export function solveLowerTranspose(l: Float64Array, d: number, b: Float64Array, offset = 0): void {
  for (let i = d - 1; i >= 0; i--) {
    let s = b[offset + i]!;
    // Column i of L below the diagonal is row i of Lᵀ.
    for (let k = i + 1; k < d; k++) s -= l[k * d + i]! * b[offset + k]!;
    b[offset + i] = s / l[i * d + i]!;
  }
}

/**
 * Solves A x = b in place for A = L Lᵀ: forward then back substitution.
 *
 * @internal
 * @example
 * ```ts
 * const a = new Float64Array([4, 2, 2, 2]);
 * choleskyInPlace(a, 2);
 * const b = new Float64Array([4, 3]);
 * solveCholesky(a, 2, b); // b is now [0.5, 1]
 * ```
 */
export function solveCholesky(l: Float64Array, d: number, b: Float64Array, offset = 0): void {
  solveLower(l, d, b, offset);
  solveLowerTranspose(l, d, b, offset);
}

/**
 * Forward substitution on a block of rows: each of `rows` consecutive rows of length d in `b`,
 * starting at `offset`, is replaced by L⁻¹ times it (that is, B ← B L⁻ᵀ). The row-block form of
 * {@link solveLower}, for whitening many data rows at once.
 *
 * @internal
 * @example
 * ```ts
 * const l = new Float64Array([2, 0, 1, 1]);
 * const b = new Float64Array([4, 3, 2, 2]);
 * solveLowerRows(l, 2, b, 2); // b is now [2, 1, 1, 1.5]
 * ```
 */
export function solveLowerRows(l: Float64Array, d: number, b: Float64Array, rows: number, offset = 0): void {
  for (let r = 0; r < rows; r++) solveLower(l, d, b, offset + r * d);
}

/**
 * Back substitution on a block of rows: each row is replaced by L⁻ᵀ times it (B ← B L⁻¹).
 *
 * @internal
 * @example
 * ```ts
 * const l = new Float64Array([2, 0, 1, 1]);
 * const b = new Float64Array([2, 1, 1, 1.5]);
 * solveLowerTransposeRows(l, 2, b, 2); // b is now [0.5, 1, -0.25, 1.5]
 * ```
 */
export function solveLowerTransposeRows(l: Float64Array, d: number, b: Float64Array, rows: number, offset = 0): void {
  for (let r = 0; r < rows; r++) solveLowerTranspose(l, d, b, offset + r * d);
}

/**
 * log det A for A = L Lᵀ: 2 Σᵢ log Lᵢᵢ, a sum of logs, so it is finite whenever the factor is,
 * even where det A itself would overflow or underflow.
 *
 * @internal
 * @example
 * ```ts
 * const a = new Float64Array([4, 2, 2, 2]);
 * choleskyInPlace(a, 2);
 * logDetFromCholesky(a, 2); // Math.log(4) = 1.3862943611198906
 * ```
 */
export function logDetFromCholesky(l: Float64Array, d: number): number {
  let s = 0;
  for (let i = 0; i < d; i++) s += Math.log(l[i * d + i]!);
  return 2 * s;
}
