// Runs code from the docs as a reader would: TSDoc examples (tsdoc-examples.test.ts) and the
// guides' code blocks (guides.test.ts). The code is written to a module under .snippets/ with "ptheta"
// mapped to src/index.ts, type-checked with the project's compiler options, then imported.
//
// A line that states its result in a comment is checked when the claim is plain enough to read:
//   expr; // 2.5                   a number, to the digits printed ("1.118…" or "1.1211...e-8":
//                                  truncated, to the last digit shown)
//   expr; // "Gaussian(mean=0, std=1)"   a string, exactly
//   expr; // [0.5, 0.333…] or Float64Array [4, 5, 6] or ["a", "b"]   element by element
//   expr; // true / false / -Infinity
//   expr; // Gaussian(mean=2.5, std=1.118…)   what String(value) prints, "…" matching any digits
//   stmt; // RangeError …          the statement must throw that error
// Anything else in a comment (Math.log(0.3), "e.g. …", "≈1") is prose and is not checked.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";

export const root = resolve(import.meta.dirname, "../..");
export const entry = join(root, "src/index.ts");

/** One value or error a line of an example promises. */
export type Claim =
  | { kind: "number"; value: number; unit: number; text: string }
  | { kind: "string"; value: string; text: string }
  | { kind: "boolean"; value: boolean; text: string }
  | { kind: "array"; items: Claim[]; text: string }
  | { kind: "printed"; pattern: RegExp; text: string }
  | { kind: "throws"; error: string; text: string };

const NUMBER = /^(-?(?:\d+(?:\.\d+)?|Infinity))(…|\.\.\.)?(e[+-]?\d+)?/;
/** What may follow a number for it to be the whole claim ("0.8 = (3 + 1)…" yes, "0, 1 or 2" no). */
const AFTER_CLAIM = /^($|\s*\(|:|;|\s+=|\s+≈|\s+—|,\s+[A-Za-z])/;

/** Reads a number as printed: its value and the size of one unit in its last digit (0 if exact). */
function numberClaim(text: string): { claim: Claim; rest: string } | null {
  const m = NUMBER.exec(text);
  if (!m) return null;
  const [whole, mantissa, ellipsis, exponent] = m;
  const value = Number(mantissa! + (exponent ?? ""));
  if (Number.isNaN(value)) return null;
  const decimals = mantissa!.includes(".") ? mantissa!.split(".")[1]!.length : 0;
  const scale = 10 ** (exponent ? Number(exponent.slice(1)) : 0);
  // A printed value stands for everything that rounds to it: half a unit of the last digit
  // either way; a truncated one ("1.118…") for a whole unit.
  const unit = Number.isFinite(value) ? (ellipsis ? 1 : 0.5) * 10 ** -decimals * scale : 0;
  return { claim: { kind: "number", value, unit, text: whole }, rest: text.slice(whole.length) };
}

/** Splits "a, b, c" at top-level commas (not inside brackets or quotes). */
function splitItems(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "[" || c === "(" || c === "{")) depth++;
    else if (!quoted && (c === "]" || c === ")" || c === "}")) depth--;
    else if (!quoted && depth === 0 && c === ",") {
      items.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== "") items.push(last);
  return items;
}

/** The index of the bracket closing the one at `open`, or -1. */
function closing(text: string, open: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "[" || c === "(" || c === "{")) depth++;
    else if (!quoted && (c === "]" || c === ")" || c === "}") && --depth === 0) return i;
  }
  return -1;
}

/** A whole item of an array claim: a number, a string, a boolean or a nested array. */
function itemClaim(text: string): Claim | null {
  const n = numberClaim(text);
  if (n) return n.rest === "" ? n.claim : null;
  if (/^"[^"]*"$/.test(text)) return { kind: "string", value: JSON.parse(text) as string, text };
  if (text === "true" || text === "false") return { kind: "boolean", value: text === "true", text };
  if (text.startsWith("[") && closing(text, 0) === text.length - 1) {
    const items = splitItems(text.slice(1, -1)).map(itemClaim);
    return items.every((c) => c !== null) ? { kind: "array", items: items as Claim[], text } : null;
  }
  return null;
}

/** The claim a trailing comment makes, or null when it is prose. */
export function parseClaim(comment: string): Claim | null {
  const text = comment.trim();
  const error = /^(TypeError|RangeError|Error)\b/.exec(text);
  if (error) return { kind: "throws", error: error[1]!, text };
  const n = numberClaim(text);
  if (n) return AFTER_CLAIM.test(n.rest) ? n.claim : null;
  const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(text);
  if (quoted && AFTER_CLAIM.test(text.slice(quoted[0].length))) {
    return { kind: "string", value: JSON.parse(quoted[0]) as string, text: quoted[0] };
  }
  const bool = /^(true|false)\b/.exec(text);
  if (bool && AFTER_CLAIM.test(text.slice(bool[0].length))) return { kind: "boolean", value: bool[1] === "true", text };
  const array = /^(?:(?:Float64Array|Int32Array|Uint8Array)\s+)?\[/.exec(text);
  if (array) {
    const open = array[0].length - 1;
    const end = closing(text, open);
    if (end < 0 || !AFTER_CLAIM.test(text.slice(end + 1))) return null;
    return itemClaim(text.slice(open, end + 1));
  }
  // ClassName(…): what the value prints as, with "…" standing for any run of characters.
  // Only the printed form of an object (Name(key=…) or Name { key: … }), not prose like P(x ≤ 1).
  const printed = /^[A-Z]\w+(?:\((?=\w+=|\))|\s?\{(?=\s*\w+:))/.exec(text);
  if (printed) {
    const end = closing(text, printed[0].length - 1);
    if (end < 0) return null;
    const shown = text.slice(0, end + 1);
    const source = shown
      .split(/…|\.\.\./)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*?");
    return { kind: "printed", pattern: new RegExp(`^${source}$`), text: shown };
  }
  return null;
}

/** Throws unless `value` is what `claim` says; `where` names the example line. */
export function checkClaim(value: unknown, claim: Claim, where: string): void {
  const fail = (why: string): never => {
    throw new Error(`${where}: the comment says ${claim.text}, but ${why}`);
  };
  switch (claim.kind) {
    case "number": {
      if (typeof value !== "number") return fail(`the value is ${typeof value} ${String(value)}`);
      const ok =
        claim.unit === 0
          ? Object.is(value, claim.value) || value === claim.value
          : Math.abs(value - claim.value) <= claim.unit * (1 + 1e-9) + Math.abs(claim.value) * 1e-15;
      if (!ok) fail(`it is ${value}`);
      return;
    }
    case "string":
      if (value !== claim.value) fail(`it is ${JSON.stringify(value)}`);
      return;
    case "boolean":
      if (value !== claim.value) fail(`it is ${String(value)}`);
      return;
    case "array": {
      const items = Array.isArray(value) || ArrayBuffer.isView(value) ? Array.from(value as ArrayLike<unknown>) : null;
      if (items === null) return fail(`the value is not an array (${String(value)})`);
      if (items.length !== claim.items.length) fail(`it has ${items.length} items: ${JSON.stringify(items)}`);
      items.forEach((item, i) => checkClaim(item, claim.items[i]!, `${where} [${i}]`));
      return;
    }
    case "printed":
      if (!claim.pattern.test(String(value))) fail(`it prints as ${String(value)}`);
      return;
    case "throws":
      return fail("checkClaim does not take errors");
  }
}

/**
 * Rewrites a snippet so that each single-line statement with a claim reports its value:
 * `expr; // 2.5` becomes `__claim(expr, id)` and `const z = expr; // -37` becomes
 * `const z = __claim(expr, id)`; a statement whose comment names an error is wrapped in
 * `__throws(() => { … }, id)`. Claims are added to `claims` (ids are its keys, unique across
 * snippets); `label` names the snippet in failure messages.
 */
export function instrument(code: string, label: string, claims: Map<number, [Claim, string]>): string {
  const lines = code.split("\n").map((line, k) => {
    const m = /^(\s*)(.*?);\s*\/\/\s?(.*)$/.exec(line);
    if (!m) return line;
    const [, indent, statement, comment] = m;
    const claim = parseClaim(comment!);
    if (!claim || /^(if|for|while|return|import|export)\b/.test(statement!)) return line;
    // Only whole statements: brackets balanced on the line.
    const opens = (statement!.match(/[([{]/g) ?? []).length;
    const closes = (statement!.match(/[)\]}]/g) ?? []).length;
    if (opens !== closes) return line;
    const id = claims.size;
    // console.log(x); // claim: the claim is about x (with one argument only).
    const logged = /^console\.log\((.*)\)$/.exec(statement!);
    if (logged) {
      if (claim.kind === "throws" || splitItems(logged[1]!).length !== 1) return line;
      claims.set(id, [claim, `${label}, line ${k + 1}: ${line.trim()}`]);
      return `${indent}console.log(__claim(${logged[1]}, ${id}));`;
    }
    claims.set(id, [claim, `${label}, line ${k + 1}: ${line.trim()}`]);
    if (claim.kind === "throws") return `${indent}__throws(() => { ${statement}; }, ${id});`;
    const declaration = /^((?:const|let|var)\s+[\w$]+(?:\s*:\s*[^=]+)?\s*=\s*)(.*)$/.exec(statement!);
    if (declaration) return `${indent}${declaration[1]}__claim(${declaration[2]}, ${id});`;
    if (/^(const|let|var)\b/.test(statement!) || /^[\w$.[\]]+\s*=[^=]/.test(statement!)) return line;
    return `${indent}__claim(${statement}, ${id});`;
  });
  return lines.join("\n");
}

/** The import line that gives a generated module `__claim` and `__throws`. */
export const CLAIM_IMPORT = `import { __claim, __throws } from ${JSON.stringify(join(import.meta.dirname, "claim-runtime.ts"))};`;

/**
 * Writes files into a fresh directory under `.snippets/` at the repository root (git-, lint- and
 * format-ignored): inside the repository, so that a package a snippet imports (csv-parse, …)
 * resolves from node_modules as it would in a reader's project. Returns their paths by key and
 * a function that removes the directory.
 */
export function writeModules(
  prefix: string,
  files: Map<string, string>,
): { paths: Map<string, string>; remove(): void } {
  const base = join(root, ".snippets");
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, prefix));
  const paths = new Map<string, string>();
  for (const [key, text] of files) {
    const path = join(dir, `${key.replace(/[^\w-]+/g, "_")}.ts`);
    writeFileSync(path, text);
    paths.set(key, path);
  }
  return {
    paths,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
      if (readdirSync(base).length === 0) rmSync(base, { recursive: true, force: true });
    },
  };
}

/** Type-checks the given files with the project's compiler options; diagnostics by file. */
export function typecheck(paths: string[]): Map<string, Array<{ line: number; message: string }>> {
  const config = ts.readConfigFile(join(root, "tsconfig.json"), (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, allowImportingTsExtensions: true };
  const program = ts.createProgram(paths, options);
  const byFile = new Map<string, Array<{ line: number; message: string }>>(paths.map((p) => [p, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file?.fileName;
    if (file === undefined || !byFile.has(file)) continue;
    const line = d.start === undefined ? 0 : d.file!.getLineAndCharacterOfPosition(d.start).line + 1;
    byFile.get(file)!.push({ line, message: ts.flattenDiagnosticMessageText(d.messageText, "\n") });
  }
  return byFile;
}

/** The names a module exports, split into values and types (read from its source text). */
export function exportedNames(file: string): { values: string[]; types: string[] } {
  const text = readFileSync(file, "utf8");
  const values = new Set<string>();
  const types = new Set<string>();
  for (const m of text.matchAll(
    /^export\s+(?:declare\s+)?(?:abstract\s+)?(async\s+function|function\*?|class|const|let|enum|interface|type)\s+([\w$]+)/gm,
  )) {
    (m[1] === "interface" || m[1] === "type" ? types : values).add(m[2]!);
  }
  for (const m of text.matchAll(/^export\s+(type\s+)?\{([^}]*)\}/gm)) {
    for (const item of m[2]!
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)) {
      const typeOnly = m[1] !== undefined || item.startsWith("type ");
      const name = item
        .replace(/^type\s+/, "")
        .split(/\s+as\s+/)
        .pop()!
        .trim();
      (typeOnly ? types : values).add(name);
    }
  }
  return { values: [...values], types: [...types] };
}
