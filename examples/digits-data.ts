/**
 * Loads the handwritten digits (examples/data/optdigits.csv): the 1797 images of the UCI optdigits
 * test set (Alpaydin & Kaynak, 1998; CC BY 4.0), each 8 × 8 pixels counting the ink (0..16) in a
 * 4 × 4 block of the scanned 32 × 32 bitmap, and the digit it shows. A helper for the examples,
 * not an example itself. The CSV is read with csv-parse, as the other loaders read theirs.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "csv-parse/sync";

export interface Digits {
  /** 1797 rows of 64 pixels, row by row (pixel 8·r + c is row r, column c), each 0..16. */
  pixels: number[][];
  /** The digit (0..9) each image shows. */
  digits: number[];
}

/** The side of an image: 8 × 8 pixels. */
export const SIDE = 8;

export function loadDigits(): Digits {
  const text = readFileSync(resolve(import.meta.dirname, "data", "optdigits.csv"), "utf8");
  const [header, ...records] = parse(text, {
    comment: "#",
    comment_no_infix: true,
    skip_empty_lines: true,
    trim: true,
  }) as string[][];
  const width = SIDE * SIDE;
  if (header!.length !== width + 1 || header![width] !== "digit")
    throw new Error(`optdigits.csv: the header should name ${width} pixels and "digit"`);
  const pixels: number[][] = [];
  const digits: number[] = [];
  records.forEach((cells, i) => {
    const values = cells.map(Number);
    const ok =
      values.length === width + 1 && values.every((v, j) => Number.isInteger(v) && v >= 0 && v <= (j < width ? 16 : 9));
    if (!ok) throw new Error(`optdigits.csv: record ${i + 1} is not ${width} pixels 0..16 and a digit 0..9`);
    pixels.push(values.slice(0, width));
    digits.push(values[width]!);
  });
  return { pixels, digits };
}
