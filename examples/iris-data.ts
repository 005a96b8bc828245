/**
 * Loads scikit-learn's copy of Fisher's iris data (examples/data/iris.csv): 150 rows of sepal
 * length, sepal width, petal length and petal width in cm, and the species. A helper for the
 * examples, not an example itself.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export interface Iris {
  /** 150 rows of 4 measurements, in cm. */
  X: number[][];
  /** The species of each row, as its name. */
  y: string[];
  features: string[];
  species: string[];
}

export function loadIris(): Iris {
  const lines = readFileSync(resolve(import.meta.dirname, "data", "iris.csv"), "utf8")
    .trim()
    .split("\n");
  // scikit-learn's header line: n_samples, n_features, then the class names.
  const header = lines[0]!.split(",");
  const species = header.slice(2).map((s) => s.trim());
  const X: number[][] = [];
  const y: string[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(",").map(Number);
    X.push(cells.slice(0, 4));
    y.push(species[cells[4]!]!);
  }
  return { X, y, species, features: ["sepal length", "sepal width", "petal length", "petal width"] };
}
