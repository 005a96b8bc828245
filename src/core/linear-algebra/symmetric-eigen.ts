/**
 * The eigendecomposition of a real symmetric matrix, A = V diag(λ) Vᵀ: Householder reduction to
 * tridiagonal form, then the implicit QL algorithm with Wilkinson-style shifts (the EISPACK
 * routines tred2 and tql2, as in JAMA). Both steps are orthogonal transformations, so the
 * eigenvalues are accurate to a small multiple of ε‖A‖ and the eigenvectors orthonormal to
 * working precision, however ill-conditioned A is.
 */

/**
 * Eigenvalues in ascending order (as numpy's `eigh` returns them) and the matching orthonormal
 * eigenvectors.
 *
 * @internal
 */
export interface SymmetricEigen {
  /** The eigenvalues λ₀ ≤ λ₁ ≤ … ≤ λ_{d−1}. */
  readonly values: Float64Array;
  /**
   * The eigenvectors as the columns of a d × d row-major matrix: component i of the eigenvector
   * of `values[j]` is `vectors[i * d + j]` (numpy's layout). Each column has unit length; its
   * sign is arbitrary.
   */
  readonly vectors: Float64Array;
}

/**
 * The eigendecomposition of the symmetric d × d row-major matrix `a` (only its lower triangle is
 * read; `a` is not modified). Eigenvalues are returned in ascending order.
 *
 * @internal Core helper, not exported from the package.
 * @example
 * ```ts
 * const { values, vectors } = symmetricEigen(new Float64Array([2, 1, 1, 2]), 2);
 * Array.from(values); // [1, 3]
 * Math.abs(vectors[1]!); // ≈ 0.7071067811865476
 * ```
 */
export function symmetricEigen(a: Float64Array, d: number): SymmetricEigen {
  const v = new Float64Array(d * d);
  // tred2 with every index pair swapped: it reads the upper triangle and leaves Qᵀ, so that its
  // inner loops, which walk columns in tred2, walk rows here.
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) v[j * d + i] = a[i * d + j]!;
  const values = new Float64Array(d);
  const e = new Float64Array(d);
  if (d === 0) return { values, vectors: v };
  tridiagonalize(v, d, values, e);
  // QL rotates pairs of eigenvector columns at every step: with the vectors as rows (Vᵀ, as
  // tridiagonalize leaves them) those pairs are contiguous.
  implicitQL(v, d, values, e);
  transposeInPlace(v, d);
  return { values, vectors: v };
}

/**
 * Householder reduction to tridiagonal form (tred2, transposed): `v` holds the matrix in its upper
 * triangle; on return `diag` holds the diagonal, `off` the subdiagonal in off[1..d), and `v` the
 * transpose of the accumulated orthogonal transformation.
 */
function tridiagonalize(v: Float64Array, d: number, diag: Float64Array, off: Float64Array): void {
  const n = d;
  for (let j = 0; j < n; j++) diag[j] = v[j * n + n - 1]!;
  for (let i = n - 1; i > 0; i--) {
    // Scale to avoid under/overflow in the Householder vector's norm.
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(diag[k]!);
    if (scale === 0) {
      off[i] = diag[i - 1]!;
      for (let j = 0; j < i; j++) {
        diag[j] = v[j * n + i - 1]!;
        v[j * n + i] = 0;
        v[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        diag[k] = diag[k]! / scale;
        h += diag[k]! * diag[k]!;
      }
      let f = diag[i - 1]!;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      off[i] = scale * g;
      h -= f * g;
      diag[i - 1] = f - g;
      for (let j = 0; j < i; j++) off[j] = 0;
      for (let j = 0; j < i; j++) {
        f = diag[j]!;
        v[i * n + j] = f;
        g = off[j]! + v[j * n + j]! * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += v[j * n + k]! * diag[k]!;
          off[k] = off[k]! + v[j * n + k]! * f;
        }
        off[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        off[j] = off[j]! / h;
        f += off[j]! * diag[j]!;
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) off[j] = off[j]! - hh * diag[j]!;
      for (let j = 0; j < i; j++) {
        f = diag[j]!;
        g = off[j]!;
        for (let k = j; k <= i - 1; k++) v[j * n + k] = v[j * n + k]! - (f * off[k]! + g * diag[k]!);
        diag[j] = v[j * n + i - 1]!;
        v[j * n + i] = 0;
      }
    }
    diag[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    v[i * n + n - 1] = v[i * n + i]!;
    v[i * n + i] = 1;
    const h = diag[i + 1]!;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) diag[k] = v[(i + 1) * n + k]! / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += v[(i + 1) * n + k]! * v[j * n + k]!;
        for (let k = 0; k <= i; k++) v[j * n + k] = v[j * n + k]! - g * diag[k]!;
      }
    }
    for (let k = 0; k <= i; k++) v[(i + 1) * n + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    diag[j] = v[j * n + n - 1]!;
    v[j * n + n - 1] = 0;
  }
  v[(n - 1) * n + n - 1] = 1;
  off[0] = 0;
}

function transposeInPlace(v: Float64Array, d: number): void {
  for (let i = 1; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const t = v[i * d + j]!;
      v[i * d + j] = v[j * d + i]!;
      v[j * d + i] = t;
    }
  }
}

/**
 * The implicit QL algorithm on the tridiagonal matrix (tql2), accumulating rotations into `vt`,
 * the eigenvectors as rows, then a sort into ascending order.
 */
function implicitQL(vt: Float64Array, d: number, diag: Float64Array, off: Float64Array): void {
  const n = d;
  for (let i = 1; i < n; i++) off[i - 1] = off[i]!;
  off[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = Number.EPSILON;
  for (let l = 0; l < n; l++) {
    // Find a small subdiagonal element.
    tst1 = Math.max(tst1, Math.abs(diag[l]!) + Math.abs(off[l]!));
    let m = l;
    while (m < n) {
      if (Math.abs(off[m]!) <= eps * tst1) break;
      m++;
    }
    // If m === l, diag[l] is an eigenvalue; otherwise iterate.
    if (m > l) {
      let iter = 0;
      do {
        iter++;
        // A symmetric tridiagonal QL converges in about two iterations per eigenvalue; the cap
        // only guards against an infinite loop on input that is not finite.
        if (iter > 60) break;
        let g = diag[l]!;
        let p = (diag[l + 1]! - g) / (2 * off[l]!);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        diag[l] = off[l]! / (p + r);
        diag[l + 1] = off[l]! * (p + r);
        const dl1 = diag[l + 1]!;
        let h = g - diag[l]!;
        for (let i = l + 2; i < n; i++) diag[i] = diag[i]! - h;
        f += h;
        // Implicit QL transformation.
        p = diag[m]!;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = off[l + 1]!;
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * off[i]!;
          h = c * p;
          r = Math.hypot(p, off[i]!);
          off[i + 1] = s * r;
          s = off[i]! / r;
          c = p / r;
          p = c * diag[i]! - s * g;
          diag[i + 1] = h + s * (c * g + s * diag[i]!);
          // Accumulate the rotation into the eigenvectors.
          const r0 = i * n;
          const r1 = r0 + n;
          for (let k = 0; k < n; k++) {
            h = vt[r1 + k]!;
            const x = vt[r0 + k]!;
            vt[r1 + k] = s * x + c * h;
            vt[r0 + k] = c * x - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * off[l]!) / dl1;
        off[l] = s * p;
        diag[l] = c * p;
      } while (Math.abs(off[l]!) > eps * tst1);
    }
    diag[l] = diag[l]! + f;
    off[l] = 0;
  }
  // Selection sort into ascending order, swapping eigenvector columns alongside.
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = diag[i]!;
    for (let j = i + 1; j < n; j++) {
      if (diag[j]! < p) {
        k = j;
        p = diag[j]!;
      }
    }
    if (k !== i) {
      diag[k] = diag[i]!;
      diag[i] = p;
      for (let j = 0; j < n; j++) {
        const t = vt[i * n + j]!;
        vt[i * n + j] = vt[k * n + j]!;
        vt[k * n + j] = t;
      }
    }
  }
}
