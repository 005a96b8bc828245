/**
 * Loads the outfits table (examples/data/outfits.csv): 90 invented people, each described by
 * their hair, the colour of their top, whether they wear a hat and glasses, their height in cm,
 * their visits to the shop last month, and the style they call theirs. A helper for the
 * examples, not an example itself.
 *
 * The CSV is read with csv-parse into one plain object per person, the form ptheta's tables
 * take: "true"/"false" become booleans, numbers become numbers, an empty cell becomes null (a
 * missing value), and anything else stays a string.
 */
// #region csv
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "csv-parse/sync";

/** A CSV cell as a JavaScript value: boolean, number, null for an empty cell, or the string. */
function castCell(value: string): string | number | boolean | null {
  if (value === "") return null;
  if (value === "true" || value === "false") return value === "true";
  const x = Number(value);
  return Number.isFinite(x) ? x : value;
}
// #endregion

/** One person's outfit. */
export interface Outfit {
  hair: string;
  colour: string;
  hat: boolean;
  glasses: boolean;
  height: number;
  visits: number;
  style: string;
}

const TYPES: Record<keyof Outfit, "string" | "boolean" | "number"> = {
  hair: "string",
  colour: "string",
  hat: "boolean",
  glasses: "boolean",
  height: "number",
  visits: "number",
  style: "string",
};

export function loadOutfits(): Outfit[] {
  // #region parse
  const text = readFileSync(resolve(import.meta.dirname, "data", "outfits.csv"), "utf8");
  const rows = parse(text, {
    columns: true, // the header line names the keys of each object
    comment: "#",
    comment_no_infix: true,
    skip_empty_lines: true,
    trim: true,
    cast: (value, context) => (context.header ? value : castCell(value)),
  }) as Record<string, unknown>[];
  // #endregion
  // The table is ours, but a typo in it should stop the examples with the line to fix.
  rows.forEach((row, i) => {
    for (const [key, type] of Object.entries(TYPES)) {
      if (typeof row[key] !== type)
        throw new Error(`outfits.csv: person ${i + 1} has ${key} = ${String(row[key])}, not a ${type}`);
    }
  });
  return rows as unknown as Outfit[];
}
