/**
 * The Gaussian kernel's hot loops, as top-level functions so that V8 optimises each loop on its
 * own: the two passes of a batch fit (labels, labels with sample weights, soft weights in
 * tiles) and the tiled distances of scoring. Nothing here allocates or checks: the kernel
 * (kernel.ts) validates, and reads a non-finite result as the sign of a bad value.
 */

// The passes of a batch fit, as top-level functions so that V8 optimises each loop on its own.
// Hard assignment: row i (from buf[at + (i − start)·d]) adds into the m cells of its
// component, p = y[i]·m. Weighted: into every component with a non-zero weight.

/** Pass 1, labels, consecutive columns: Σ x per component and column. */
export function sumRows(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  y: Int32Array,
  m: number,
  sum: Float64Array,
): void {
  for (let i = start; i < end; i++, at += d) {
    const p = y[i]! * m;
    let k = 0;
    // Four columns per step: V8 emits no SIMD, but the independent adds overlap (~1.5× faster
    // than one at a time).
    for (; k + 3 < m; k += 4) {
      sum[p + k] = sum[p + k]! + buf[at + k]!;
      sum[p + k + 1] = sum[p + k + 1]! + buf[at + k + 1]!;
      sum[p + k + 2] = sum[p + k + 2]! + buf[at + k + 2]!;
      sum[p + k + 3] = sum[p + k + 3]! + buf[at + k + 3]!;
    }
    for (; k < m; k++) sum[p + k] = sum[p + k]! + buf[at + k]!;
  }
}

/** Pass 2, labels, consecutive columns: Σ (x − mu) and Σ (x − mu)². */
export function sumDeviations(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  y: Int32Array,
  m: number,
  mu: Float64Array,
  dev: Float64Array,
  sq: Float64Array,
): void {
  for (let i = start; i < end; i++, at += d) {
    const p = y[i]! * m;
    let k = 0;
    // Four columns per step, as in sumRows (~1.25× faster than one at a time).
    for (; k + 3 < m; k += 4) {
      const e0 = buf[at + k]! - mu[p + k]!;
      const e1 = buf[at + k + 1]! - mu[p + k + 1]!;
      const e2 = buf[at + k + 2]! - mu[p + k + 2]!;
      const e3 = buf[at + k + 3]! - mu[p + k + 3]!;
      dev[p + k] = dev[p + k]! + e0;
      dev[p + k + 1] = dev[p + k + 1]! + e1;
      dev[p + k + 2] = dev[p + k + 2]! + e2;
      dev[p + k + 3] = dev[p + k + 3]! + e3;
      sq[p + k] = sq[p + k]! + e0 * e0;
      sq[p + k + 1] = sq[p + k + 1]! + e1 * e1;
      sq[p + k + 2] = sq[p + k + 2]! + e2 * e2;
      sq[p + k + 3] = sq[p + k + 3]! + e3 * e3;
    }
    for (; k < m; k++) {
      const e = buf[at + k]! - mu[p + k]!;
      dev[p + k] = dev[p + k]! + e;
      sq[p + k] = sq[p + k]! + e * e;
    }
  }
}

/** Pass 1, labels, columns `cols` of each row (a mixed model's Gaussian columns). */
export function sumRowsIndexed(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  y: Int32Array,
  cols: Int32Array,
  sum: Float64Array,
): void {
  const m = cols.length;
  for (let i = start; i < end; i++, at += d) {
    const p = y[i]! * m;
    for (let k = 0; k < m; k++) sum[p + k] = sum[p + k]! + buf[at + cols[k]!]!;
  }
}

/** Pass 2, labels, columns `cols` of each row. */
export function sumDeviationsIndexed(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  y: Int32Array,
  cols: Int32Array,
  mu: Float64Array,
  dev: Float64Array,
  sq: Float64Array,
): void {
  const m = cols.length;
  for (let i = start; i < end; i++, at += d) {
    const p = y[i]! * m;
    for (let k = 0; k < m; k++) {
      const e = buf[at + cols[k]!]! - mu[p + k]!;
      dev[p + k] = dev[p + k]! + e;
      sq[p + k] = sq[p + k]! + e * e;
    }
  }
}

/**
 * Pass 1, labels with sample weights: Σ w_i x per component and column, row i adding into its
 * own component only (the other components' weights are 0: no loop over them). A NaN or
 * infinite value in a row of weight 0 still makes its sum NaN (0 · NaN), which is the check.
 */
export function weightedRowSums(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  y: Int32Array,
  w: Float64Array,
  cols: Int32Array,
  sum: Float64Array,
): void {
  const m = cols.length;
  for (let i = start; i < end; i++, at += d) {
    const p = y[i]! * m;
    const wi = w[i]!;
    for (let k = 0; k < m; k++) sum[p + k] = sum[p + k]! + wi * buf[at + cols[k]!]!;
  }
}

/** weightedRowSums for consecutive columns, four per step as in sumRows. */
export function weightedRowSumsContiguous(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  y: Int32Array,
  w: Float64Array,
  m: number,
  sum: Float64Array,
): void {
  for (let i = start; i < end; i++, at += d) {
    const p = y[i]! * m;
    const wi = w[i]!;
    let k = 0;
    for (; k + 3 < m; k += 4) {
      sum[p + k] = sum[p + k]! + wi * buf[at + k]!;
      sum[p + k + 1] = sum[p + k + 1]! + wi * buf[at + k + 1]!;
      sum[p + k + 2] = sum[p + k + 2]! + wi * buf[at + k + 2]!;
      sum[p + k + 3] = sum[p + k + 3]! + wi * buf[at + k + 3]!;
    }
    for (; k < m; k++) sum[p + k] = sum[p + k]! + wi * buf[at + k]!;
  }
}

/** weightedRowDeviations for consecutive columns, four per step as in sumDeviations. */
export function weightedRowDeviationsContiguous(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  y: Int32Array,
  w: Float64Array,
  m: number,
  mu: Float64Array,
  dev: Float64Array,
  sq: Float64Array,
): void {
  for (let i = start; i < end; i++, at += d) {
    const p = y[i]! * m;
    const wi = w[i]!;
    let k = 0;
    for (; k + 3 < m; k += 4) {
      const e0 = buf[at + k]! - mu[p + k]!;
      const e1 = buf[at + k + 1]! - mu[p + k + 1]!;
      const e2 = buf[at + k + 2]! - mu[p + k + 2]!;
      const e3 = buf[at + k + 3]! - mu[p + k + 3]!;
      const v0 = wi * e0;
      const v1 = wi * e1;
      const v2 = wi * e2;
      const v3 = wi * e3;
      dev[p + k] = dev[p + k]! + v0;
      dev[p + k + 1] = dev[p + k + 1]! + v1;
      dev[p + k + 2] = dev[p + k + 2]! + v2;
      dev[p + k + 3] = dev[p + k + 3]! + v3;
      sq[p + k] = sq[p + k]! + v0 * e0;
      sq[p + k + 1] = sq[p + k + 1]! + v1 * e1;
      sq[p + k + 2] = sq[p + k + 2]! + v2 * e2;
      sq[p + k + 3] = sq[p + k + 3]! + v3 * e3;
    }
    for (; k < m; k++) {
      const e = buf[at + k]! - mu[p + k]!;
      const we = wi * e;
      dev[p + k] = dev[p + k]! + we;
      sq[p + k] = sq[p + k]! + we * e;
    }
  }
}

/** Pass 2, labels with sample weights: Σ w_i (x − mu) and Σ w_i (x − mu)² per component and column. */
export function weightedRowDeviations(
  buf: Float64Array,
  at: number,
  d: number,
  start: number,
  end: number,
  y: Int32Array,
  w: Float64Array,
  cols: Int32Array,
  mu: Float64Array,
  dev: Float64Array,
  sq: Float64Array,
): void {
  const m = cols.length;
  for (let i = start; i < end; i++, at += d) {
    const p = y[i]! * m;
    const wi = w[i]!;
    for (let k = 0; k < m; k++) {
      const e = buf[at + cols[k]!]! - mu[p + k]!;
      const we = wi * e;
      dev[p + k] = dev[p + k]! + we;
      sq[p + k] = sq[p + k]! + we * e;
    }
  }
}

/** Rows per tile of the tiled loops: the lines of a tile's rows for a few columns stay in L1. */
export const TILE = 64;

/** Rows whose weighted mean centres the one-pass moments of soft weights (pilotMoments). */
export const PILOT_ROWS = 256;

/**
 * Copies the block's columns `cols` of `rows` rows (row r at buf[at + r·d]) into `tile`, row
 * after row (stride m): the tiled loops read consecutive columns only, so a block whose columns
 * are not consecutive in the input (a mixed model's) is gathered first, one tile at a time.
 */
export function gatherTile(
  buf: Float64Array,
  at: number,
  d: number,
  rows: number,
  cols: Int32Array,
  tile: Float64Array,
): void {
  const m = cols.length;
  for (let r = 0, a = at, o = 0; r < rows; r++, a += d) for (let k = 0; k < m; k++, o++) tile[o] = buf[a + cols[k]!]!;
}

/**
 * Pass 1, soft weights (responsibilities, rows × C, row r of the tile at w[wAt + r·C]):
 * Σ_r w_rc x_rk per component and column, added to `sum`.
 *
 * Shaped as a tile: for each component and run of eight columns, eight sums stay in registers
 * while the loop walks down the tile's rows, and are added to `sum` once per tile. Row by row,
 * every product would be a load, an add and a store into `sum`; here it is one load and a
 * multiply-add into one of eight independent chains (~4× faster). A tile's sums are partial
 * sums, so the rounding differs from a row-by-row loop in the last bits only (it is, if
 * anything, smaller). Every weight multiplies its value, 0 included, so a NaN or infinite value
 * in any row makes its sum NaN: that is the data check.
 */
export function tiledWeightedSums(
  src: Float64Array,
  at: number,
  stride: number,
  rows: number,
  m: number,
  w: Float64Array,
  wAt: number,
  C: number,
  sum: Float64Array,
): void {
  for (let c = 0; c < C; c++) {
    const p = c * m;
    let k = 0;
    for (; k + 7 < m; k += 8) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let s4 = 0;
      let s5 = 0;
      let s6 = 0;
      let s7 = 0;
      for (let r = 0, a = at + k, o = wAt + c; r < rows; r++, a += stride, o += C) {
        const wc = w[o]!;
        s0 += wc * src[a]!;
        s1 += wc * src[a + 1]!;
        s2 += wc * src[a + 2]!;
        s3 += wc * src[a + 3]!;
        s4 += wc * src[a + 4]!;
        s5 += wc * src[a + 5]!;
        s6 += wc * src[a + 6]!;
        s7 += wc * src[a + 7]!;
      }
      sum[p + k] = sum[p + k]! + s0;
      sum[p + k + 1] = sum[p + k + 1]! + s1;
      sum[p + k + 2] = sum[p + k + 2]! + s2;
      sum[p + k + 3] = sum[p + k + 3]! + s3;
      sum[p + k + 4] = sum[p + k + 4]! + s4;
      sum[p + k + 5] = sum[p + k + 5]! + s5;
      sum[p + k + 6] = sum[p + k + 6]! + s6;
      sum[p + k + 7] = sum[p + k + 7]! + s7;
    }
    for (; k < m; k++) {
      let s0 = 0;
      for (let r = 0, a = at + k, o = wAt + c; r < rows; r++, a += stride, o += C) s0 += w[o]! * src[a]!;
      sum[p + k] = sum[p + k]! + s0;
    }
  }
}

/**
 * Pass 2, soft weights: Σ_r w_rc (x_rk − mu_ck) and Σ_r w_rc (x_rk − mu_ck)² per component and
 * column, added to `dev` and `sq`, for the components c with only[c] = 1 (all when `only` is
 * null); tiled as {@link tiledWeightedSums}, four columns at a time (four means and eight sums
 * are what fits in registers).
 */
export function tiledWeightedDeviations(
  src: Float64Array,
  at: number,
  stride: number,
  rows: number,
  m: number,
  w: Float64Array,
  wAt: number,
  C: number,
  mu: Float64Array,
  dev: Float64Array,
  sq: Float64Array,
  only: Uint8Array | null,
): void {
  for (let c = 0; c < C; c++) {
    if (only !== null && only[c] === 0) continue;
    const p = c * m;
    let k = 0;
    for (; k + 3 < m; k += 4) {
      const u0 = mu[p + k]!;
      const u1 = mu[p + k + 1]!;
      const u2 = mu[p + k + 2]!;
      const u3 = mu[p + k + 3]!;
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      let q0 = 0;
      let q1 = 0;
      let q2 = 0;
      let q3 = 0;
      for (let r = 0, a = at + k, o = wAt + c; r < rows; r++, a += stride, o += C) {
        const wc = w[o]!;
        const e0 = src[a]! - u0;
        const e1 = src[a + 1]! - u1;
        const e2 = src[a + 2]! - u2;
        const e3 = src[a + 3]! - u3;
        const v0 = wc * e0;
        const v1 = wc * e1;
        const v2 = wc * e2;
        const v3 = wc * e3;
        d0 += v0;
        d1 += v1;
        d2 += v2;
        d3 += v3;
        q0 += v0 * e0;
        q1 += v1 * e1;
        q2 += v2 * e2;
        q3 += v3 * e3;
      }
      dev[p + k] = dev[p + k]! + d0;
      dev[p + k + 1] = dev[p + k + 1]! + d1;
      dev[p + k + 2] = dev[p + k + 2]! + d2;
      dev[p + k + 3] = dev[p + k + 3]! + d3;
      sq[p + k] = sq[p + k]! + q0;
      sq[p + k + 1] = sq[p + k + 1]! + q1;
      sq[p + k + 2] = sq[p + k + 2]! + q2;
      sq[p + k + 3] = sq[p + k + 3]! + q3;
    }
    for (; k < m; k++) {
      const u0 = mu[p + k]!;
      let d0 = 0;
      let q0 = 0;
      for (let r = 0, a = at + k, o = wAt + c; r < rows; r++, a += stride, o += C) {
        const e0 = src[a]! - u0;
        const v0 = w[o]! * e0;
        d0 += v0;
        q0 += v0 * e0;
      }
      dev[p + k] = dev[p + k]! + d0;
      sq[p + k] = sq[p + k]! + q0;
    }
  }
}

/**
 * Σ_k (x_rk − μ_ck)² / (2σ²_ck) for the tile's rows and every component, into acc[r·C + c]: the
 * data term of the Gaussian log-density.
 *
 * Shaped as a tile: for a pair of components and a run of four columns, their means and
 * 1/(2σ²) stay in registers (or one load away) while the loop walks down the tile's rows, each
 * value loaded once for both components and one term per row and component added to acc (in
 * L1). Row by row, each value would need two more loads (its μ and 1/(2σ²)) and a row's sum over
 * columns would be one long dependent chain; here four columns' terms are added as a small tree
 * and the rows are independent (~1.9× faster than two components per pass over a row). The
 * column sum is grouped in fours, so its rounding differs from a left-to-right sum in the last
 * bits only.
 */
export function tiledDistances(
  src: Float64Array,
  at: number,
  stride: number,
  rows: number,
  m: number,
  C: number,
  mean: Float64Array,
  h: Float64Array,
  acc: Float64Array,
): void {
  acc.fill(0, 0, rows * C);
  let c = 0;
  for (; c + 1 < C; c += 2) {
    const p = c * m;
    const pb = p + m;
    let k = 0;
    for (; k + 3 < m; k += 4) {
      const m0 = mean[p + k]!;
      const m1 = mean[p + k + 1]!;
      const m2 = mean[p + k + 2]!;
      const m3 = mean[p + k + 3]!;
      const h0 = h[p + k]!;
      const h1 = h[p + k + 1]!;
      const h2 = h[p + k + 2]!;
      const h3 = h[p + k + 3]!;
      const n0 = mean[pb + k]!;
      const n1 = mean[pb + k + 1]!;
      const n2 = mean[pb + k + 2]!;
      const n3 = mean[pb + k + 3]!;
      const g0 = h[pb + k]!;
      const g1 = h[pb + k + 1]!;
      const g2 = h[pb + k + 2]!;
      const g3 = h[pb + k + 3]!;
      for (let r = 0, a = at + k, q = c; r < rows; r++, a += stride, q += C) {
        const x0 = src[a]!;
        const x1 = src[a + 1]!;
        const x2 = src[a + 2]!;
        const x3 = src[a + 3]!;
        const e0 = x0 - m0;
        const e1 = x1 - m1;
        const e2 = x2 - m2;
        const e3 = x3 - m3;
        const f0 = x0 - n0;
        const f1 = x1 - n1;
        const f2 = x2 - n2;
        const f3 = x3 - n3;
        acc[q] = acc[q]! + (e0 * e0 * h0 + e1 * e1 * h1 + (e2 * e2 * h2 + e3 * e3 * h3));
        acc[q + 1] = acc[q + 1]! + (f0 * f0 * g0 + f1 * f1 * g1 + (f2 * f2 * g2 + f3 * f3 * g3));
      }
    }
    for (; k < m; k++) {
      const m0 = mean[p + k]!;
      const h0 = h[p + k]!;
      const n0 = mean[pb + k]!;
      const g0 = h[pb + k]!;
      for (let r = 0, a = at + k, q = c; r < rows; r++, a += stride, q += C) {
        const e0 = src[a]! - m0;
        const f0 = src[a]! - n0;
        acc[q] = acc[q]! + e0 * e0 * h0;
        acc[q + 1] = acc[q + 1]! + f0 * f0 * g0;
      }
    }
  }
  if (c < C) {
    // An odd last component, alone.
    const p = c * m;
    let k = 0;
    for (; k + 3 < m; k += 4) {
      const m0 = mean[p + k]!;
      const m1 = mean[p + k + 1]!;
      const m2 = mean[p + k + 2]!;
      const m3 = mean[p + k + 3]!;
      const h0 = h[p + k]!;
      const h1 = h[p + k + 1]!;
      const h2 = h[p + k + 2]!;
      const h3 = h[p + k + 3]!;
      for (let r = 0, a = at + k, q = c; r < rows; r++, a += stride, q += C) {
        const e0 = src[a]! - m0;
        const e1 = src[a + 1]! - m1;
        const e2 = src[a + 2]! - m2;
        const e3 = src[a + 3]! - m3;
        acc[q] = acc[q]! + (e0 * e0 * h0 + e1 * e1 * h1 + (e2 * e2 * h2 + e3 * e3 * h3));
      }
    }
    for (; k < m; k++) {
      const m0 = mean[p + k]!;
      const h0 = h[p + k]!;
      for (let r = 0, a = at + k, q = c; r < rows; r++, a += stride, q += C) {
        const e0 = src[a]! - m0;
        acc[q] = acc[q]! + e0 * e0 * h0;
      }
    }
  }
}
