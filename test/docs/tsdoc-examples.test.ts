// Every ```ts block in a TSDoc comment under src/ is run: type-checked with the project's compiler
// options, executed, and each line whose comment states a result (`// 2.5`, `// "Gaussian(…)"`,
// `// RangeError …`) is checked against what the code gives (see snippet-runner.ts). An example
// sees what a reader has: everything src/index.ts exports, the exports of the module it documents,
// and the few free names below (X, y, nb, rng, data, …), defined as a reader would have them.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bindClaims } from "./claim-runtime.js";
import {
  CLAIM_IMPORT,
  checkClaim,
  entry,
  exportedNames,
  instrument,
  root,
  typecheck,
  writeModules,
  type Claim,
} from "./snippet-runner.js";

interface Example {
  /** "src/core/matrix.ts:52" */
  name: string;
  file: string;
  code: string;
  /** Its function's index in the generated module of its file. */
  index: number;
  /** Lines [first, last] of its body in the generated module. */
  lines: [number, number];
}

/**
 * The free names examples use, as a reader would have them; `[name, code]` in order, so later
 * ones may use earlier ones. FILE_PRELUDES replaces some for the examples of one file.
 */
const PRELUDE: Array<[string, string]> = [
  [
    "X",
    `const X = [
  [5.1, 3.5, 1.4, 0.2], [4.9, 3.0, 1.4, 0.2], [4.7, 3.2, 1.3, 0.2], [5.0, 3.6, 1.4, 0.2],
  [7.0, 3.2, 4.7, 1.4], [6.4, 3.2, 4.5, 1.5], [6.9, 3.1, 4.9, 1.5], [5.5, 2.3, 4.0, 1.3],
  [6.3, 3.3, 6.0, 2.5], [5.8, 2.7, 5.1, 1.9], [7.1, 3.0, 5.9, 2.1], [6.5, 3.0, 5.8, 2.2],
]; // iris-like rows: sepal length and width, petal length and width`,
  ],
  [
    "y",
    `const y = ["setosa", "setosa", "setosa", "setosa", "versicolor", "versicolor", "versicolor", "versicolor", "virginica", "virginica", "virginica", "virginica"];`,
  ],
  ["nb", `const nb = NaiveBayes.fit(X, y, { features: "gaussian" });`],
  ["Xtest", `const Xtest = [[5.0, 3.4, 1.5, 0.2], [6.7, 3.0, 5.2, 2.3]];`],
  ["ytest", `const ytest = ["setosa", "virginica"];`],
  ["w", `const w = X.map((_, i) => 1 + (i % 3));`],
  ["rng", `const rng = createRng(42);`],
  ["data", `const data = [4.2, 5.1, 3.9, 6.0, 5.5, 4.8, 5.2, 4.4];`],
  ["dist", `const dist = new Gaussian(5, 0.8);`],
  ["draws", `const draws = dist.sample(createRng(7), 2000); // from dist, for the tests of src/testing`],
  ["chunk1", `const chunk1 = [4.2, 5.1, 3.9];`],
  ["chunk2", `const chunk2 = [6.0, 5.5, 4.8, 5.2];`],
  ["text", `const text = JSON.stringify(nb);`],
  // Streams of labelled chunks, for partialFit.
  [
    "chunks",
    `const chunks: Array<[number[][], string[]]> = [[X.slice(0, 6), y.slice(0, 6)], [X.slice(6), y.slice(6)]];`,
  ],
  ["Xmore", `const Xmore = Xtest;`],
  ["ymore", `const ymore = ytest;`],
  ["wmore", `const wmore = [1, 2];`],
  // A table: arrays of plain objects, as Schema reads them.
  [
    "rows",
    `const rows = [
  { hair: "long", hat: true, height: 172, visits: 3, style: "casual" },
  { hair: "short", hat: false, height: 181, visits: 0, style: "formal" },
  { hair: "bald", hat: true, height: 169, visits: 1, style: "casual" },
  { hair: "short", hat: false, height: 177, visits: 5, style: "formal" },
];`,
  ],
  ["row", `const row = rows[0]!;`],
  ["schema", `const schema = Schema.infer(rows, { target: "style" });`],
];

/** An embedded DuckDB holding `rows` as table t, for the examples of ptheta/sql. */
const ENGINE: [string, string] = [
  "engine",
  `// An embedded DuckDB holding \`rows\` as table t, running one statement: a stand-in for your database.
const engine = async (sql: string, rows: Record<string, string | number | boolean>[]) => {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const db = await (await DuckDBInstance.create(":memory:")).connect();
  const names = Object.keys(rows[0]!);
  const cell = (v: unknown) => (typeof v === "string" ? \`'\${v}'\` : String(v));
  const values = rows.map((r) => \`(\${names.map((n) => cell(r[n])).join(", ")})\`).join(", ");
  await db.run(\`CREATE TABLE t AS SELECT * FROM (VALUES \${values}) AS v(\${names.join(", ")})\`);
  return (await db.runAndReadAll(sql)).getRowObjectsJS();
};`,
];

/** Free names whose meaning differs in one file's examples. */
const FILE_PRELUDES: Record<string, Array<[string, string]>> = {
  // ptheta/sql: a real engine for the examples to query
  "src/sql/fit.ts": [ENGINE],
  "src/sql/mixture.ts": [ENGINE],
  // a mixture of the iris-like rows
  "src/models/mixture.ts": [["mix", `const mix = Mixture.fit(X, { nComponents: 2, rng: createRng(1) });`]],
  "src/models/mixture-options.ts": [["mix", `const mix = Mixture.fit(X, { nComponents: 2, rng: createRng(1) });`]],
  // partialFit on binary chunks of a spam filter
  "src/models/naive-bayes.ts": [
    ["chunk1", `const chunk1 = [[1, 0, 1], [0, 0, 1], [1, 1, 0]];`],
    ["chunk2", `const chunk2 = [[0, 1, 1], [1, 0, 0]];`],
    ["labels1", `const labels1 = ["spam", "ham", "spam"] as const;`],
    ["labels2", `const labels2 = ["ham", "spam"] as const;`],
  ],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith(".ts") && !p.endsWith(".d.ts") ? [p] : [];
    })
    .sort();
}

/** The ```ts blocks of TSDoc comments on exported declarations and their members. */
function extract(file: string): Array<{ line: number; code: string }> {
  const text = readFileSync(file, "utf8");
  const found: Array<{ line: number; code: string }> = [];
  for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    // A comment on a module-private top-level declaration documents nothing a reader can call.
    const after = text.slice(comment.index + comment[0].length).replace(/^\s*\n/, "");
    if (/^(async\s+)?(function|class|const|let|interface|type|enum)\b/.test(after)) continue;
    const body = comment[0]
      .split("\n")
      .map((l) => l.replace(/^\s*\/?\*+\/?\s?/, ""))
      .join("\n");
    const startLine = text.slice(0, comment.index).split("\n").length;
    for (const block of body.matchAll(/```(?:ts|typescript)\n([\s\S]*?)```/g)) {
      found.push({ line: startLine + body.slice(0, block.index).split("\n").length, code: block[1]!.trimEnd() });
    }
  }
  return found;
}

/** What an example imports: from where, and the names (or `default as x` / `* as x`). */
interface ImportLine {
  from: string;
  named: string[];
  defaultName?: string;
  namespace?: string;
}

/** Where an example's import resolves: "ptheta" to src/index.ts, "ptheta/x" to src/x/index.ts. */
function resolveSpecifier(spec: string): string {
  if (spec === "ptheta") return entry;
  if (spec.startsWith("ptheta/")) return join(root, "src", spec.slice("ptheta/".length), "index.ts");
  return spec;
}

/** Takes an example's one-line imports out of its body (leaving blank lines, so lines still match). */
function hoistImports(code: string): { body: string; imports: ImportLine[] } {
  const imports: ImportLine[] = [];
  const body = code.split("\n").map((line) => {
    const m =
      /^import\s+(?:(type)\s+)?(?:([\w$]+)\s*,?\s*)?(?:\*\s+as\s+([\w$]+))?\s*(?:\{([^}]*)\})?\s*from\s+"([^"]+)";?\s*$/.exec(
        line,
      );
    if (!m) return line;
    const named = (m[4] ?? "")
      .split(",")
      .map((n) => n.trim())
      .filter(Boolean)
      .map((n) => (m[1] ? `type ${n.replace(/^type\s+/, "")}` : n));
    imports.push({ from: resolveSpecifier(m[5]!), named, defaultName: m[2], namespace: m[3] });
    return "";
  });
  return { body: body.join("\n"), imports };
}

/** One import line per module for the hoisted imports, without names the module already has. */
function mergeImports(imports: ImportLine[], known: Set<string>): string[] {
  const lines: string[] = [];
  const seen = new Set(known);
  for (const from of new Set(imports.map((i) => i.from))) {
    const named: string[] = [];
    const heads: string[] = [];
    for (const i of imports.filter((x) => x.from === from)) {
      for (const head of [i.defaultName, i.namespace && `* as ${i.namespace}`]) {
        const local = head?.replace(/^\* as /, "");
        if (head && local && !seen.has(local)) {
          seen.add(local);
          heads.push(head);
        }
      }
      for (const n of i.named) {
        const local = n
          .replace(/^type\s+/, "")
          .split(/\s+as\s+/)
          .pop()!;
        if (!seen.has(local)) {
          seen.add(local);
          named.push(n);
        }
      }
    }
    for (const head of heads) lines.push(`import ${head} from ${JSON.stringify(from)};`);
    if (named.length > 0) lines.push(`import { ${named.join(", ")} } from ${JSON.stringify(from)};`);
  }
  return lines;
}

const examples: Example[] = [];
const claims = new Map<number, [Claim, string]>();
const modules = new Map<string, string>();
const index = exportedNames(entry);

for (const file of sourceFiles(join(root, "src"))) {
  const found = extract(file);
  if (found.length === 0) continue;
  const rel = relative(root, file);
  const own = exportedNames(file);
  const ownValues = own.values.filter((n) => !index.values.includes(n) && !index.types.includes(n));
  const ownTypes = own.types.filter((n) => !index.values.includes(n) && !index.types.includes(n));
  const overrides = new Map(FILE_PRELUDES[rel] ?? []);
  const lines: string[] = [];
  let lineCount = 0;
  /** Appends text (which may span lines); returns the line numbers it occupies. */
  const push = (text: string): [number, number] => {
    lines.push(text);
    const first = lineCount + 1;
    lineCount += text.split("\n").length;
    return [first, lineCount];
  };
  // An example's own import lines move to the top of the module (an import can't sit in a
  // function); names the module already has are dropped, so examples may import what they use.
  const bodies = found.map((ex) => hoistImports(ex.code));
  const known = new Set([...index.values, ...index.types, ...ownValues, ...ownTypes]);
  push(CLAIM_IMPORT);
  push(
    `import { ${[...index.values, ...index.types.map((t) => `type ${t}`)].join(", ")} } from ${JSON.stringify(entry)};`,
  );
  if (file !== entry && ownValues.length + ownTypes.length > 0) {
    push(`import { ${[...ownValues, ...ownTypes.map((t) => `type ${t}`)].join(", ")} } from ${JSON.stringify(file)};`);
  }
  for (const line of mergeImports(
    bodies.flatMap((b) => b.imports),
    known,
  ))
    push(line);
  for (const [name, code] of PRELUDE) push(overrides.get(name) ?? code);
  for (const [name, code] of overrides) if (!PRELUDE.some(([n]) => n === name)) push(code);
  push("export const examples: Array<() => Promise<void>> = [");
  found.forEach((ex, k) => {
    const name = `${rel}:${ex.line}`;
    push("  async () => {");
    const range = push(instrument(bodies[k]!.body, name, claims));
    push("  },");
    examples.push({ name, file: rel, code: ex.code, index: k, lines: range });
  });
  push("];");
  modules.set(rel, lines.join("\n") + "\n");
}

const { paths, remove } = writeModules("ptheta-tsdoc-", modules);
let diagnostics = new Map<string, Array<{ line: number; message: string }>>();

beforeAll(() => {
  diagnostics = typecheck([...paths.values()]);
  bindClaims({
    check: (value, id) => {
      const [claim, where] = claims.get(id)!;
      checkClaim(value, claim, where);
    },
    throws: (fn, id) => {
      const [claim, where] = claims.get(id)!;
      let thrown: unknown = null;
      try {
        fn();
      } catch (error) {
        thrown = error;
      }
      const name = thrown instanceof Error ? thrown.name : "no error";
      if (claim.kind !== "throws" || name !== claim.error) {
        throw new Error(`${where}: the comment says ${claim.text}, but it throws ${name}`);
      }
    },
  });
}, 120_000);

afterAll(() => {
  vi.restoreAllMocks();
  remove();
});

describe("TSDoc examples", () => {
  it("finds the examples (at least one per public export)", () => {
    expect(examples.length).toBeGreaterThan(50);
  });

  it.each(examples.map((e) => [e.name, e] as const))("%s runs as written", async (_, example) => {
    const path = paths.get(example.file)!;
    const errors = (diagnostics.get(path) ?? [])
      .filter((d) => d.line >= example.lines[0] && d.line <= example.lines[1])
      .map((d) => `line ${d.line - example.lines[0] + 1}: ${d.message}`);
    expect(errors, `type errors in the example:\n${example.code}`).toEqual([]);
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      const mod = (await import(/* @vite-ignore */ path)) as { examples: Array<() => Promise<void>> };
      await mod.examples[example.index]!();
    } finally {
      log.mockRestore();
    }
  });

  it("the prelude itself type-checks", () => {
    const preludeErrors = [...paths].flatMap(([file, path]) =>
      (diagnostics.get(path) ?? [])
        .filter((d) => !examples.some((e) => e.file === file && d.line >= e.lines[0] && d.line <= e.lines[1]))
        .map((d) => `${file} (generated line ${d.line}): ${d.message}`),
    );
    expect(preludeErrors).toEqual([]);
  });
});
