/**
 * Loads scikit-learn's copy of Fisher's iris data (examples/data/iris.csv): 150 rows of sepal
 * length, sepal width, petal length and petal width in cm, and the species. A helper for the
 * examples, not an example itself. The CSV is read with csv-parse, a maintained parser, rather
 * than by splitting lines: quoting, CRLF line ends and stray spaces are its business.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "csv-parse/sync";

export interface Iris {
  /** 150 rows of 4 measurements, in cm. */
  X: number[][];
  /** The species of each row, as its name. */
  y: string[];
  features: string[];
  species: string[];
}

export function loadIris(): Iris {
  const text = readFileSync(resolve(import.meta.dirname, "data", "iris.csv"), "utf8");
  const [header, ...records] = parse(text, { trim: true, skip_empty_lines: true }) as string[][];
  // scikit-learn's header line: n_samples, n_features, then the class names; each record is
  // the four measurements and the class index.
  const nSamples = Number(header![0]);
  const nFeatures = Number(header![1]);
  const species = header!.slice(2);
  if (records.length !== nSamples) throw new Error(`iris.csv: ${records.length} rows, its header says ${nSamples}`);
  const X: number[][] = [];
  const y: string[] = [];
  records.forEach((cells, i) => {
    const values = cells.map(Number);
    const name = species[values[nFeatures]!];
    if (values.length !== nFeatures + 1 || values.some((v) => !Number.isFinite(v)) || name === undefined) {
      throw new Error(`iris.csv: row ${i + 2} is not ${nFeatures} numbers and a class index: ${cells.join(",")}`);
    }
    X.push(values.slice(0, nFeatures));
    y.push(name);
  });
  return { X, y, species, features: ["sepal length", "sepal width", "petal length", "petal width"] };
}
