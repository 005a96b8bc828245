/**
 * A vocabulary: the terms of a corpus, each with a column index, and the map from tokenised
 * documents to a sparse matrix of term counts (bag of words), the input of multinomial Naive
 * Bayes and mixtures of multinomials. Tokenising is the caller's (a regular expression, a
 * stemmer): a document is given as its list of tokens.
 */

import { requireJsonType } from "../core/distribution.js";
import { MAX_DIMENSION, MAX_RESULT_SIZE } from "../core/limits.js";
import { readOptions } from "../core/options.js";
import { SparseMatrix } from "../core/sparse-matrix.js";
import { describe, requireInteger } from "../core/validate.js";

/**
 * Options of {@link Vocabulary.fit}.
 *
 * @example
 * ```ts
 * const options: VocabularyFitOptions = { minDocuments: 5, maxTerms: 20000 };
 * ```
 */
export interface VocabularyFitOptions {
  /** Keep only terms that occur in at least this many documents (an integer ≥ 1; default 1). */
  minDocuments?: number;
  /** Keep at most this many terms, the most frequent by document frequency (default: all, up to MAX_DIMENSION). */
  maxTerms?: number;
}

/**
 * What {@link Vocabulary.toJSON} writes: the terms in column order.
 *
 * @example
 * ```ts
 * const json: VocabularyJSON = { type: "Vocabulary", version: 1, terms: ["free", "money"] };
 * Vocabulary.fromJSON(json).indexOf("money"); // 1
 * ```
 */
export interface VocabularyJSON {
  /** Always `"Vocabulary"`. */
  type: "Vocabulary";
  /** The format version, 1. */
  version: 1;
  /** The terms; term `terms[j]` is column j. */
  terms: string[];
}

/** Reads the documents: an array of arrays of strings, each element read once. */
function readDocuments(where: string, tokenLists: unknown): string[][] {
  if (!Array.isArray(tokenLists)) {
    throw new TypeError(
      `${where}: tokenLists must be an array of documents (arrays of strings), got ${describe(tokenLists)}`,
    );
  }
  if (tokenLists.length > MAX_RESULT_SIZE) throw new RangeError(`${where}: more than MAX_RESULT_SIZE documents`);
  const docs: string[][] = new Array<string[]>(tokenLists.length);
  let tokens = 0;
  for (let i = 0; i < tokenLists.length; i++) {
    const doc: unknown = tokenLists[i];
    if (!Array.isArray(doc)) {
      const hint = typeof doc === "string" ? " (tokenise each document into an array of strings first)" : "";
      throw new TypeError(`${where}: tokenLists[${i}] must be an array of strings, got ${describe(doc)}${hint}`);
    }
    const copy = new Array<string>(doc.length);
    for (let j = 0; j < doc.length; j++) {
      const t: unknown = doc[j];
      if (typeof t !== "string")
        throw new TypeError(`${where}: tokenLists[${i}][${j}] must be a string, got ${describe(t)}`);
      copy[j] = t;
    }
    tokens += copy.length;
    if (tokens > MAX_RESULT_SIZE) throw new RangeError(`${where}: more than MAX_RESULT_SIZE = 2^30 tokens in all`);
    docs[i] = copy;
  }
  return docs;
}

/**
 * The terms of a corpus and their columns. {@link Vocabulary.fit} keeps the terms that occur in
 * at least `minDocuments` documents, ordered by descending document frequency, ties by first
 * appearance in the corpus (so the order depends only on the documents, never on hashing), and
 * cuts the list at `maxTerms`. {@link Vocabulary.transform} turns documents into a
 * {@link SparseMatrix} of counts, one row per document, O(tokens) memory.
 *
 * @example
 * ```ts
 * const docs = [["win", "money", "now"], ["meeting", "now"], ["money", "money", "back"]];
 * const vocab = Vocabulary.fit(docs, { minDocuments: 2 });
 * vocab.terms; // ["money", "now"]
 * vocab.transform([["money", "now", "money", "unknown"]]).toDense().toArray(); // [[2, 1]]
 * ```
 */
export class Vocabulary {
  private readonly list: readonly string[];
  private readonly index: Map<string, number>;

  /**
   * A vocabulary of the given terms, in column order (distinct strings; at most MAX_DIMENSION).
   * Use {@link Vocabulary.fit} to build one from documents.
   */
  constructor(terms: readonly string[]) {
    const where = "Vocabulary";
    if (!Array.isArray(terms))
      throw new TypeError(`${where}: terms must be an array of strings, got ${describe(terms)}`);
    if (terms.length > MAX_DIMENSION) {
      throw new RangeError(`${where}: ${terms.length} terms, above the limit of MAX_DIMENSION = 2^24`);
    }
    const index = new Map<string, number>();
    const list: string[] = new Array<string>(terms.length);
    for (let j = 0; j < terms.length; j++) {
      const t: unknown = terms[j];
      if (typeof t !== "string") throw new TypeError(`${where}: terms[${j}] must be a string, got ${describe(t)}`);
      if (index.has(t)) throw new RangeError(`${where}: terms[${j}] repeats ${describe(t)} (terms[${index.get(t)}])`);
      index.set(t, j);
      list[j] = t;
    }
    this.list = list;
    this.index = index;
  }

  /** The terms in column order (a copy). */
  get terms(): string[] {
    return this.list.slice();
  }

  /** The number of terms: the columns of `transform`'s result. */
  get size(): number {
    return this.list.length;
  }

  /**
   * The column of `term`, or −1 when it is not in the vocabulary.
   *
   * @example
   * ```ts
   * new Vocabulary(["a", "b"]).indexOf("b"); // 1
   * ```
   */
  indexOf(term: string): number {
    return this.index.get(term) ?? -1;
  }

  /**
   * The bag of words of each document: row i of the result counts the tokens of tokenLists[i]
   * by column; tokens not in the vocabulary are ignored.
   */
  transform(tokenLists: readonly (readonly string[])[]): SparseMatrix {
    const docs = readDocuments("Vocabulary.transform", tokenLists);
    const indptr = new Int32Array(docs.length + 1);
    let total = 0;
    for (const doc of docs) total += doc.length;
    const indices = new Int32Array(total);
    const data = new Float64Array(total);
    // One scratch row of columns, sorted as a typed array (a native numeric sort, no comparator).
    let longest = 0;
    for (const doc of docs) longest = Math.max(longest, doc.length);
    const columns = new Int32Array(longest);
    let k = 0;
    for (let i = 0; i < docs.length; i++) {
      let m = 0;
      for (const token of docs[i]!) {
        const j = this.index.get(token);
        if (j !== undefined) columns[m++] = j;
      }
      const row = columns.subarray(0, m).sort();
      for (let t = 0; t < m; t++) {
        if (t > 0 && row[t] === row[t - 1]) data[k - 1]! += 1;
        else {
          indices[k] = row[t]!;
          data[k++] = 1;
        }
      }
      indptr[i + 1] = k;
    }
    return SparseMatrix.fromCSR({
      rows: docs.length,
      cols: this.list.length,
      indptr,
      indices: indices.subarray(0, k),
      data: data.subarray(0, k),
    });
  }

  /** `{ type: "Vocabulary", version: 1, terms }`; `Vocabulary.fromJSON` restores it. */
  toJSON(): VocabularyJSON {
    return { type: "Vocabulary", version: 1, terms: this.list.slice() };
  }

  /**
   * The size and the first terms.
   *
   * @example
   * ```ts
   * new Vocabulary(["a", "b"]).toString(); // "Vocabulary(2 terms: a, b)"
   * ```
   */
  toString(): string {
    const shown = this.list.slice(0, 8).join(", ");
    return `Vocabulary(${this.list.length} terms: ${shown}${this.list.length > 8 ? ", …" : ""})`;
  }

  /** @internal Node's console.log and util.inspect use this. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** Rebuilds a vocabulary from `toJSON()` output (validated: distinct strings). */
  static fromJSON(json: unknown): Vocabulary {
    const where = "Vocabulary.fromJSON";
    const o = requireJsonType(where, json, "Vocabulary");
    if (o.version !== 1) throw new RangeError(`${where}: unsupported version ${describe(o.version)}; expected 1`);
    if (!Array.isArray(o.terms)) throw new TypeError(`${where}: terms must be an array, got ${describe(o.terms)}`);
    return new Vocabulary(o.terms as string[]);
  }

  /**
   * The vocabulary of a corpus: every term in at least `minDocuments` documents, by descending
   * document frequency (ties: first appearance), the first `maxTerms` of them if given.
   *
   * @example
   * ```ts
   * Vocabulary.fit([["b", "a"], ["a", "c"], ["c"]], { maxTerms: 2 }).terms; // ["a", "c"]
   * ```
   * @throws when more than MAX_DIMENSION (2²⁴) terms would be kept (set maxTerms or minDocuments).
   */
  static fit(tokenLists: readonly (readonly string[])[], options?: VocabularyFitOptions): Vocabulary {
    const where = "Vocabulary.fit";
    const o = readOptions(where, options, ["minDocuments", "maxTerms"]);
    const minDocuments = o.minDocuments === undefined ? 1 : requireInteger(`${where}: minDocuments`, o.minDocuments, 1);
    const maxTerms = o.maxTerms === undefined ? undefined : requireInteger(`${where}: maxTerms`, o.maxTerms, 1);
    const docs = readDocuments(where, tokenLists);
    // Document frequency per term, in order of first appearance; `lastDoc` counts a term once per document.
    const ids = new Map<string, number>();
    const terms: string[] = [];
    let frequency = new Int32Array(1024);
    let lastDoc = new Int32Array(1024).fill(-1);
    for (let i = 0; i < docs.length; i++) {
      for (const token of docs[i]!) {
        let id = ids.get(token);
        if (id === undefined) {
          id = terms.length;
          ids.set(token, id);
          terms.push(token);
          if (id === frequency.length) {
            const f = new Int32Array(2 * id);
            f.set(frequency);
            frequency = f;
            const l = new Int32Array(2 * id).fill(-1);
            l.set(lastDoc);
            lastDoc = l;
          }
        }
        if (lastDoc[id] !== i) {
          lastDoc[id] = i;
          frequency[id]! += 1;
        }
      }
    }
    const kept: number[] = [];
    for (let id = 0; id < terms.length; id++) if (frequency[id]! >= minDocuments) kept.push(id);
    // Array.prototype.sort is stable: equal frequencies keep the order of first appearance.
    kept.sort((a, b) => frequency[b]! - frequency[a]!);
    const size = maxTerms === undefined ? kept.length : Math.min(maxTerms, kept.length);
    if (size > MAX_DIMENSION) {
      throw new RangeError(
        `${where}: ${size} terms would be kept, above the limit of MAX_DIMENSION = 2^24; set maxTerms or a larger minDocuments`,
      );
    }
    return new Vocabulary(kept.slice(0, size).map((id) => terms[id]!));
  }
}
