import { describe, expect, it } from "vitest";
import {
  chart,
  escapeXml,
  histogram,
  imageGrid,
  linspace,
  matrixChart,
  niceTicks,
  num,
  sideBySide,
  steps,
  tickLabel,
} from "../../examples/svg.js";

describe("examples/svg.ts", () => {
  it("rounds coordinates to 0.01 without trailing zeros or -0", () => {
    expect(num(12.345)).toBe("12.35");
    expect(num(3)).toBe("3");
    expect(num(-0.001)).toBe("0");
  });

  it("escapes XML special characters", () => {
    expect(escapeXml(`a<b & "c">`)).toBe("a&lt;b &amp; &quot;c&quot;&gt;");
  });

  it("spaces points evenly and ends exactly at b", () => {
    expect(linspace(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(0.1, 0.7, 7).at(-1)).toBe(0.7);
    expect(() => linspace(0, 1, 1)).toThrow(RangeError);
  });

  it("picks round ticks inside the range", () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(4.3, 7.9, 4)).toEqual([5, 6, 7]);
    expect(niceTicks(-3, 3, 6)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(niceTicks(0, 0.0012, 3)).toEqual([0, 0.0005, 0.001]);
    expect(niceTicks(2, 2)).toEqual([2]);
    expect(() => niceTicks(1, 0)).toThrow(RangeError);
    expect(tickLabel(0.2, 0.2)).toBe("0.2");
    expect(tickLabel(1500, 500)).toBe("1500");
    expect(tickLabel(-0.0000001, 0.5)).toBe("0.0");
  });

  it("bins counts, and densities with total area 1", () => {
    const data = [0, 0.1, 0.5, 0.9, 1];
    const counts = histogram(data, { bins: 2 });
    expect(counts).toEqual([
      { x0: 0, x1: 0.5, y: 2 },
      { x0: 0.5, x1: 1, y: 3 },
    ]);
    const dens = histogram(data, { bins: 4, density: true });
    const area = dens.reduce((a, b) => a + (b.x1 - b.x0) * b.y, 0);
    expect(area).toBeCloseTo(1, 12);
    expect(histogram([5, 100], { bins: 2, range: [0, 10] }).map((b) => b.y)).toEqual([0, 1]);
    expect(() => histogram([])).toThrow(RangeError);
  });

  it("outlines a histogram as steps", () => {
    expect(
      steps([
        { x0: 0, x1: 1, y: 2 },
        { x0: 1, x1: 2, y: 3 },
      ]),
    ).toEqual([
      [0, 0],
      [0, 2],
      [1, 2],
      [1, 3],
      [2, 3],
      [2, 0],
    ]);
    expect(steps([])).toEqual([]);
  });

  it("draws a well-formed chart with every layer and a legend", () => {
    const svg = chart(
      [
        { type: "bars", bins: histogram([1, 2, 2, 3], { bins: 3 }), label: "data" },
        {
          type: "line",
          points: [
            [1, 0],
            [2, 2],
            [3, 0],
          ],
          label: "model",
          dashed: true,
        },
        { type: "points", points: [[1.5, 1]], label: "a <point>", hollow: true },
      ],
      { title: "T & t", xLabel: "x", yLabel: "y" },
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg).toContain("T &amp; t");
    expect(svg).toContain("a &lt;point&gt;");
    expect(svg).toContain("stroke-dasharray");
    expect(svg.match(/<rect /g)!.length).toBeGreaterThanOrEqual(3 + 2);
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
    // Deterministic: the same input gives the same bytes.
    expect(
      chart([
        {
          type: "line",
          points: [
            [0, 0],
            [1, 1],
          ],
        },
      ]),
    ).toBe(
      chart([
        {
          type: "line",
          points: [
            [0, 0],
            [1, 1],
          ],
        },
      ]),
    );
    // Balanced tags.
    const opened = (svg.match(/<(svg|g|clipPath)[ >]/g) ?? []).length;
    const closed = (svg.match(/<\/(svg|g|clipPath)>/g) ?? []).length;
    expect(opened).toBe(closed);
  });

  it("draws a confusion matrix and rejects mismatched labels", () => {
    const svg = matrixChart(
      [
        [5, 1],
        [0, 4],
      ],
      { rowLabels: ["a", "b"], colLabels: ["a", "b"], title: "Confusion" },
    );
    expect(svg).toContain(">5<");
    expect(svg.match(/<rect /g)!.length).toBe(1 + 4);
    expect(() => matrixChart([[1]], { rowLabels: [], colLabels: ["a"] })).toThrow(RangeError);
  });

  it("draws images as grey runs, one path per level, with labels", () => {
    // Two 2 × 2 images: a black top row over white, and a half-grey left column over white.
    const svg = imageGrid(
      [
        [1, 1, 0, 0],
        [0.5, 0, 0.5, 0],
      ],
      { side: 2, columns: 2, pixel: 10, levels: 3, title: "Two <images>", labels: ["a & b", "c"] },
    );
    expect(svg).toMatch(/^<svg [^>]*width="80" height="92"/);
    // The black run is one rectangle (20 px wide); the grey column two 10-px squares.
    expect(svg).toContain('<path fill="#111111" fill-opacity="1" d="M16,40h20v10H16z"/>');
    expect(svg).toContain('<path fill="#111111" fill-opacity="0.5" d="M44,40h10v10H44zM44,50h10v10H44z"/>');
    expect(svg).toContain("Two &lt;images&gt;");
    expect(svg).toContain(">a &amp; b<");
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
    expect(svg.match(/<path /g)!.length).toBe(2);
    expect(() => imageGrid([[0, 1, 2]], { side: 2, columns: 1 })).toThrow(RangeError);
    expect(() => imageGrid([[0, 1, 2, 0]], { side: 2, columns: 1 })).toThrow(RangeError);
    expect(() => imageGrid([[0, 0, 0, 0]], { side: 2, columns: 1, labels: [] })).toThrow(RangeError);
  });

  it("puts charts side by side with separate clip paths", () => {
    const a = chart(
      [
        {
          type: "line",
          points: [
            [0, 0],
            [1, 1],
          ],
        },
      ],
      { width: 300, height: 200 },
    );
    const both = sideBySide([a, a]);
    expect(both).toMatch(/^<svg [^>]*width="600" height="200"/);
    expect(both).toContain('id="plot-area-0"');
    expect(both).toContain('id="plot-area-1"');
    expect(both).toContain('<svg x="300" y="0"');
  });
});
