/**
 * A small SVG plotting helper for the examples: enough for a histogram with a density over it, a
 * scatter plot, a few curves and a confusion matrix, with axes, ticks, labels and a legend.
 * Output is plain, deterministic SVG text (coordinates rounded to 0.01 px) so that re-running an
 * example leaves docs/images unchanged. Tested in test/docs/svg.test.ts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** One histogram bar: the interval [x0, x1) and its height. */
export interface Bin {
  x0: number;
  x1: number;
  y: number;
}

/** Something drawn inside a chart's axes. */
export type Layer =
  | { type: "bars"; bins: Bin[]; color?: string; label?: string; opacity?: number }
  | { type: "line"; points: Array<[number, number]>; color?: string; label?: string; dashed?: boolean; width?: number }
  | {
      type: "points";
      points: Array<[number, number]>;
      color?: string;
      label?: string;
      hollow?: boolean;
      radius?: number;
    };

export interface ChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  width?: number;
  height?: number;
  /** The x range shown; by default the data's range. */
  x?: [number, number];
  /** The y range shown; by default from min(0, data) to the data's maximum. */
  y?: [number, number];
  legend?: "top-right" | "top-left" | "bottom-right" | "bottom-left" | "none";
}

/** Okabe–Ito colours: distinguishable with every common colour-vision deficiency. */
export const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"] as const;

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

/** Escapes text for use inside SVG elements and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A coordinate rounded to 0.01, without trailing zeros ("12.5", "-3", "0"). */
export function num(x: number): string {
  const r = Math.round(x * 100) / 100;
  return Object.is(r, -0) ? "0" : String(r);
}

/** `n` evenly spaced numbers from `a` to `b`, both included. */
export function linspace(a: number, b: number, n: number): number[] {
  if (!(n >= 2) || !Number.isInteger(n)) throw new RangeError(`linspace: n must be an integer >= 2, got ${n}`);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? b : a + ((b - a) * i) / (n - 1)));
}

/** Round tick positions (steps of 1, 2 or 5 times a power of ten) covering [lo, hi], about `count` of them. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo)
    throw new RangeError(`niceTicks: bad range [${lo}, ${hi}]`);
  if (hi === lo) return [lo];
  const step = tickStep(lo, hi, count);
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

function tickStep(lo: number, hi: number, count: number): number {
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const ratio = raw / power;
  return power * (ratio >= 7.5 ? 10 : ratio >= 3.5 ? 5 : ratio >= 1.5 ? 2 : 1);
}

/** Formats a tick label with as many decimals as the tick step needs. */
export function tickLabel(value: number, step: number): string {
  const decimals = Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9)));
  return value.toFixed(decimals).replace(/^-(0\.?0*)$/, "$1");
}

/**
 * Bins data into `bins` equal-width bars over `range` (by default the data's min and max). With
 * `density`, heights are scaled so the bars' total area is 1 and a density can be drawn over them.
 * Values outside the range are left out; the last bin includes its right edge.
 */
export function histogram(
  data: ArrayLike<number>,
  options: { bins?: number; range?: [number, number]; density?: boolean } = {},
): Bin[] {
  const n = data.length;
  if (n === 0) throw new RangeError("histogram: data is empty");
  const bins = options.bins ?? 20;
  let [lo, hi] = options.range ?? [Infinity, -Infinity];
  if (!options.range) {
    for (let i = 0; i < n; i++) {
      const v = data[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (hi === lo) hi = lo + 1;
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    const v = data[i]!;
    if (!(v >= lo && v <= hi)) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]! += 1;
  }
  const scale = options.density ? 1 / (n * width) : 1;
  return counts.map((c, i) => ({ x0: lo + i * width, x1: i === bins - 1 ? hi : lo + (i + 1) * width, y: c * scale }));
}

/** The outline of a histogram, as points for a "line" layer (draws bins as steps, unfilled). */
export function steps(bins: Bin[]): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  for (const b of bins) points.push([b.x0, b.y], [b.x1, b.y]);
  if (bins.length > 0) {
    points.unshift([bins[0]!.x0, 0]);
    points.push([bins[bins.length - 1]!.x1, 0]);
  }
  return points;
}

function extent(layers: Layer[]): { x: [number, number]; y: [number, number] } {
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = 0,
    y1 = -Infinity;
  for (const layer of layers) {
    if (layer.type === "bars") {
      for (const b of layer.bins) {
        x0 = Math.min(x0, b.x0);
        x1 = Math.max(x1, b.x1);
        y0 = Math.min(y0, b.y);
        y1 = Math.max(y1, b.y);
      }
    } else {
      for (const [x, y] of layer.points) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  if (!(x1 > x0)) [x0, x1] = [x0 - 1, x0 + 1];
  if (!(y1 > y0)) y1 = y0 + 1;
  return { x: [x0, x1], y: [y0, y1 * 1.05] };
}

function svgOpen(width: number, height: number): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} font-size="12">\n` +
    `<rect width="${width}" height="${height}" fill="#ffffff"/>\n`
  );
}

/** Draws layers (bars, lines, points) on shared axes and returns the SVG document as a string. */
export function chart(layers: Layer[], options: ChartOptions = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const margin = {
    top: options.title ? 40 : 16,
    right: 20,
    bottom: options.xLabel ? 52 : 32,
    left: options.yLabel ? 68 : 52,
  };
  const auto = extent(layers);
  const [xlo, xhi] = options.x ?? auto.x;
  const [ylo, yhi] = options.y ?? auto.y;
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const sx = (x: number) => margin.left + ((x - xlo) / (xhi - xlo)) * plotW;
  const sy = (y: number) => margin.top + plotH - ((Math.min(Math.max(y, ylo), yhi) - ylo) / (yhi - ylo)) * plotH;

  const out: string[] = [svgOpen(width, height)];
  if (options.title) {
    out.push(
      `<text x="${num(width / 2)}" y="24" text-anchor="middle" font-size="15" font-weight="600">${escapeXml(options.title)}</text>\n`,
    );
  }
  // Grid and ticks.
  const xTicks = niceTicks(xlo, xhi, Math.max(2, Math.round(plotW / 80)));
  const yTicks = niceTicks(ylo, yhi, Math.max(2, Math.round(plotH / 60)));
  const xStep = xTicks.length > 1 ? xTicks[1]! - xTicks[0]! : 1;
  const yStep = yTicks.length > 1 ? yTicks[1]! - yTicks[0]! : 1;
  out.push(`<g stroke="#e5e5e5" stroke-width="1">\n`);
  for (const t of yTicks)
    out.push(
      `<line x1="${num(margin.left)}" x2="${num(margin.left + plotW)}" y1="${num(sy(t))}" y2="${num(sy(t))}"/>\n`,
    );
  out.push(`</g>\n`);
  out.push(`<g fill="#444444" font-size="11">\n`);
  for (const t of xTicks) {
    out.push(
      `<text x="${num(sx(t))}" y="${num(margin.top + plotH + 16)}" text-anchor="middle">${tickLabel(t, xStep)}</text>\n`,
    );
  }
  for (const t of yTicks) {
    out.push(
      `<text x="${num(margin.left - 6)}" y="${num(sy(t) + 4)}" text-anchor="end">${tickLabel(t, yStep)}</text>\n`,
    );
  }
  out.push(`</g>\n`);

  // Layers, clipped to the plot area.
  out.push(
    `<clipPath id="plot-area"><rect x="${num(margin.left)}" y="${num(margin.top)}" width="${num(plotW)}" height="${num(plotH)}"/></clipPath>\n`,
    `<g clip-path="url(#plot-area)">\n`,
  );
  layers.forEach((layer, i) => {
    const color = layer.color ?? palette[i % palette.length]!;
    if (layer.type === "bars") {
      const opacity = layer.opacity ?? 0.55;
      out.push(`<g fill="${color}" fill-opacity="${opacity}" stroke="#ffffff" stroke-width="0.5">\n`);
      for (const b of layer.bins) {
        const top = sy(b.y);
        out.push(
          `<rect x="${num(sx(b.x0))}" y="${num(top)}" width="${num(sx(b.x1) - sx(b.x0))}" height="${num(sy(Math.max(ylo, 0)) - top)}"/>\n`,
        );
      }
      out.push(`</g>\n`);
    } else if (layer.type === "line") {
      const d = layer.points.map(([x, y], j) => `${j === 0 ? "M" : "L"}${num(sx(x))},${num(sy(y))}`).join(" ");
      const dash = layer.dashed ? ` stroke-dasharray="6 4"` : "";
      out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="${layer.width ?? 2.5}"${dash}/>\n`);
    } else {
      const r = layer.radius ?? 3.5;
      const style = layer.hollow
        ? `fill="none" stroke="${color}" stroke-width="1.5"`
        : `fill="${color}" fill-opacity="0.75" stroke="none"`;
      out.push(`<g ${style}>\n`);
      for (const [x, y] of layer.points) out.push(`<circle cx="${num(sx(x))}" cy="${num(sy(y))}" r="${r}"/>\n`);
      out.push(`</g>\n`);
    }
  });
  out.push(`</g>\n`);

  // Axes and labels.
  out.push(
    `<g stroke="#333333" stroke-width="1" fill="none"><path d="M${num(margin.left)},${num(margin.top)} V${num(margin.top + plotH)} H${num(margin.left + plotW)}"/></g>\n`,
  );
  if (options.xLabel) {
    out.push(
      `<text x="${num(margin.left + plotW / 2)}" y="${num(height - 12)}" text-anchor="middle" font-size="13">${escapeXml(options.xLabel)}</text>\n`,
    );
  }
  if (options.yLabel) {
    const cy = margin.top + plotH / 2;
    out.push(
      `<text x="16" y="${num(cy)}" text-anchor="middle" font-size="13" transform="rotate(-90 16 ${num(cy)})">${escapeXml(options.yLabel)}</text>\n`,
    );
  }
  const labelled = layers.map((l, i) => ({ layer: l, i })).filter(({ layer }) => layer.label);
  if (labelled.length > 0 && options.legend !== "none") {
    const boxW = 12 + Math.max(...labelled.map(({ layer }) => layer.label!.length)) * 6.6 + 30;
    const legend = options.legend ?? "top-right";
    const boxH = labelled.length * 18 + 8;
    const x = legend.endsWith("left") ? margin.left + 10 : margin.left + plotW - boxW - 6;
    const y = legend.startsWith("bottom") ? margin.top + plotH - boxH - 8 : margin.top + 8;
    out.push(
      `<g font-size="12"><rect x="${num(x)}" y="${num(y)}" width="${num(boxW)}" height="${boxH}" fill="#ffffff" fill-opacity="0.85" stroke="#cccccc"/>\n`,
    );
    labelled.forEach(({ layer, i }, row) => {
      const color = layer.color ?? palette[i % palette.length]!;
      const ly = y + 16 + row * 18;
      if (layer.type === "bars") {
        out.push(
          `<rect x="${num(x + 8)}" y="${num(ly - 9)}" width="18" height="10" fill="${color}" fill-opacity="${layer.opacity ?? 0.55}"/>\n`,
        );
      } else if (layer.type === "line") {
        const dash = layer.dashed ? ` stroke-dasharray="6 4"` : "";
        out.push(
          `<line x1="${num(x + 8)}" x2="${num(x + 26)}" y1="${num(ly - 4)}" y2="${num(ly - 4)}" stroke="${color}" stroke-width="2.5"${dash}/>\n`,
        );
      } else {
        const style = layer.hollow ? `fill="none" stroke="${color}" stroke-width="1.5"` : `fill="${color}"`;
        out.push(`<circle cx="${num(x + 17)}" cy="${num(ly - 4)}" r="4" ${style}/>\n`);
      }
      out.push(`<text x="${num(x + 32)}" y="${num(ly)}" fill="#222222">${escapeXml(layer.label!)}</text>\n`);
    });
    out.push(`</g>\n`);
  }
  out.push(`</svg>\n`);
  return out.join("");
}

/**
 * A heat-map table of counts, e.g. a confusion matrix: rows are true classes, columns predicted
 * ones. Each cell shows its number; darker cells hold a larger share of their row.
 */
export function matrixChart(
  values: number[][],
  options: {
    rowLabels: string[];
    colLabels: string[];
    title?: string;
    xLabel?: string;
    yLabel?: string;
    cell?: number;
  },
): string {
  const rows = values.length;
  const cols = values[0]?.length ?? 0;
  if (rows === 0 || cols === 0) throw new RangeError("matrixChart: empty matrix");
  if (options.rowLabels.length !== rows || options.colLabels.length !== cols) {
    throw new RangeError("matrixChart: label counts must match the matrix shape");
  }
  const cell = options.cell ?? 80;
  const left = 150;
  const top = options.title ? 70 : 40;
  const width = left + cols * cell + 20;
  const height = top + rows * cell + 50;
  const out: string[] = [svgOpen(width, height)];
  if (options.title) {
    out.push(
      `<text x="${num(width / 2)}" y="24" text-anchor="middle" font-size="15" font-weight="600">${escapeXml(options.title)}</text>\n`,
    );
  }
  if (options.xLabel) {
    out.push(
      `<text x="${num(left + (cols * cell) / 2)}" y="${top - 26}" text-anchor="middle" font-size="13">${escapeXml(options.xLabel)}</text>\n`,
    );
  }
  options.colLabels.forEach((label, j) => {
    out.push(
      `<text x="${num(left + (j + 0.5) * cell)}" y="${top - 8}" text-anchor="middle" font-size="12">${escapeXml(label)}</text>\n`,
    );
  });
  values.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    out.push(
      `<text x="${left - 8}" y="${num(top + (i + 0.5) * cell + 4)}" text-anchor="end" font-size="12">${escapeXml(options.rowLabels[i]!)}</text>\n`,
    );
    row.forEach((v, j) => {
      const share = v / total;
      const x = left + j * cell;
      const y = top + i * cell;
      out.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="#0072B2" fill-opacity="${num(0.06 + 0.94 * share)}" stroke="#ffffff" stroke-width="2"/>\n`,
        `<text x="${num(x + cell / 2)}" y="${num(y + cell / 2 + 6)}" text-anchor="middle" font-size="18" fill="${share > 0.5 ? "#ffffff" : "#222222"}">${num(v)}</text>\n`,
      );
    });
  });
  if (options.yLabel) {
    out.push(
      `<text x="${num(left + (cols * cell) / 2)}" y="${height - 16}" text-anchor="middle" font-size="13">rows: ${escapeXml(options.yLabel)}</text>\n`,
    );
  }
  out.push(`</svg>\n`);
  return out.join("");
}

/**
 * A grid of small greyscale images (e.g. 8 × 8 digits), `columns` to a row. Each image is a
 * row-major array of `side × side` values in [0, 1], 0 white and 1 black, drawn as squares of
 * `pixel` px, with an optional label under each. Values are rounded to `levels` grey levels; the
 * pixels of one level are one path, and a run of equal pixels in an image row one rectangle,
 * which keeps a grid of a hundred images to tens of kilobytes.
 */
export function imageGrid(
  images: ArrayLike<number>[],
  options: { side: number; columns: number; pixel?: number; levels?: number; title?: string; labels?: string[] },
): string {
  const { side, columns } = options;
  const pixel = options.pixel ?? 6;
  const levels = options.levels ?? 9;
  if (images.length === 0) throw new RangeError("imageGrid: no images");
  if (options.labels && options.labels.length !== images.length)
    throw new RangeError(`imageGrid: ${options.labels.length} labels for ${images.length} images`);
  const cell = side * pixel;
  const gap = 8;
  const labelH = options.labels ? 16 : 0;
  const top = options.title ? 40 : 16;
  const rows = Math.ceil(images.length / columns);
  const width = 32 + columns * cell + (columns - 1) * gap;
  const height = top + rows * (cell + labelH) + (rows - 1) * gap + 16;
  const paths: string[][] = Array.from({ length: levels }, () => []);
  const frames: string[] = [];
  const texts: string[] = [];
  images.forEach((image, n) => {
    if (image.length !== side * side)
      throw new RangeError(`imageGrid: image ${n} has ${image.length} values, not ${side} × ${side}`);
    const x0 = 16 + (n % columns) * (cell + gap);
    const y0 = top + Math.floor(n / columns) * (cell + labelH + gap);
    frames.push(`<rect x="${x0}" y="${y0}" width="${cell}" height="${cell}"/>\n`);
    if (options.labels) {
      texts.push(
        `<text x="${num(x0 + cell / 2)}" y="${y0 + cell + 12}" text-anchor="middle">${escapeXml(options.labels[n]!)}</text>\n`,
      );
    }
    const level = (r: number, c: number): number => {
      const v = image[r * side + c]!;
      if (!(v >= 0 && v <= 1)) throw new RangeError(`imageGrid: image ${n} has ${v} at (${r}, ${c}), not in [0, 1]`);
      return Math.round(v * (levels - 1));
    };
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side;) {
        const l = level(r, c);
        let end = c + 1;
        while (end < side && level(r, end) === l) end++;
        if (l > 0)
          paths[l]!.push(`M${x0 + c * pixel},${y0 + r * pixel}h${(end - c) * pixel}v${pixel}H${x0 + c * pixel}z`);
        c = end;
      }
    }
  });
  const out: string[] = [svgOpen(width, height)];
  if (options.title) {
    out.push(
      `<text x="${num(width / 2)}" y="24" text-anchor="middle" font-size="15" font-weight="600">${escapeXml(options.title)}</text>\n`,
    );
  }
  paths.forEach((d, l) => {
    if (d.length > 0) out.push(`<path fill="#111111" fill-opacity="${num(l / (levels - 1))}" d="${d.join("")}"/>\n`);
  });
  out.push(`<g fill="none" stroke="#cccccc" stroke-width="1">\n`, ...frames, `</g>\n`);
  if (texts.length > 0) out.push(`<g fill="#444444" font-size="11">\n`, ...texts, `</g>\n`);
  out.push(`</svg>\n`);
  return out.join("");
}

/** Places SVG documents made by `chart`/`matrixChart` next to each other in one SVG. */
export function sideBySide(svgs: string[]): string {
  const sizes = svgs.map((svg) => {
    const m = /^<svg[^>]* width="([\d.]+)" height="([\d.]+)"/.exec(svg);
    if (!m) throw new TypeError("sideBySide: not an SVG made by this helper");
    return { w: Number(m[1]), h: Number(m[2]) };
  });
  const width = sizes.reduce((a, s) => a + s.w, 0);
  const height = Math.max(...sizes.map((s) => s.h));
  let x = 0;
  const parts = svgs.map((svg, i) => {
    // Each part gets its own clip-path id, so the parts don't clip each other.
    const body = svg.replace(/^<svg /, `<svg x="${x}" y="0" `).replace(/plot-area/g, `plot-area-${i}`);
    x += sizes[i]!.w;
    return body;
  });
  return svgOpen(width, height) + parts.join("") + `</svg>\n`;
}

/** The repository root (this file lives in examples/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Writes an SVG to docs/images/<name> (creating the folder) and returns the path written. */
export function writeSvg(name: string, svg: string): string {
  const path = resolve(repoRoot, "docs", "images", name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, svg);
  return path;
}
