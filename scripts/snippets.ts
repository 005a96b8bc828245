/**
 * Code blocks in docs/*.md come from the runnable examples, not retyped. A guide marks a block
 * with the region of an example it shows:
 *
 *     <!-- snippet: examples/gaussian-fit.ts#mle -->
 *
 *     ```ts
 *     …the lines between `// #region mle` and `// #endregion` in examples/gaussian-fit.ts…
 *     ```
 *
 * `npx tsx scripts/snippets.ts` rewrites every marked block from its region (dedented, with the
 * examples' `"../src/index.js"` import shown as `"ptheta"`, `"../src/testing/index.js"` as
 * `"ptheta/testing"`, `"../src/sql/index.js"` as `"ptheta/sql"`); test/docs/docs.test.ts fails
 * when a block and its region differ, or when a TypeScript/JavaScript block has no marker.
 */
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const root = resolve(import.meta.dirname, "..");
const MARKER = /^<!-- snippet: (\S+?)#([\w-]+) -->$/;
const FENCE = /^```/;

/** The docs that may hold snippets: every docs/*.md guide and the README. */
export function docFiles(): string[] {
  const guides = readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`);
  return ["README.md", ...guides].filter((f) => {
    try {
      readFileSync(join(root, f));
      return true;
    } catch {
      return false;
    }
  });
}

/** The text of region `name` in `file` (repo-relative), as a guide shows it. */
export function region(file: string, name: string): string {
  const lines = readFileSync(join(root, file), "utf8").split("\n");
  const start = lines.findIndex((l) => l.trim() === `// #region ${name}`);
  if (start < 0) throw new Error(`${file} has no "// #region ${name}"`);
  const body: string[] = [];
  let depth = 1;
  for (let i = start + 1; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (t.startsWith("// #region ")) {
      depth++;
      continue;
    }
    if (t === "// #endregion") {
      if (--depth === 0) return present(body);
      continue;
    }
    body.push(lines[i]!);
  }
  throw new Error(`${file}: region ${name} has no "// #endregion"`);
}

function present(lines: string[]): string {
  const indent = Math.min(...lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)![0].length));
  return lines
    .map((l) => l.slice(Number.isFinite(indent) ? indent : 0))
    .join("\n")
    .replace(/(["'])\.\.\/src\/index\.js\1/g, '"ptheta"')
    .replace(/(["'])\.\.\/src\/testing\/index\.js\1/g, '"ptheta/testing"')
    .replace(/(["'])\.\.\/src\/sql\/index\.js\1/g, '"ptheta/sql"')
    .trim();
}

export interface Block {
  doc: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  code: string;
  /** The example region it must equal, when marked. */
  source?: { file: string; name: string };
}

/** Every fenced code block of a doc, with the snippet marker that precedes it, if any. */
export function blocks(doc: string, text = readFileSync(join(root, doc), "utf8")): Block[] {
  const lines = text.split("\n");
  const found: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!FENCE.test(lines[i]!)) continue;
    const lang = lines[i]!.slice(3).trim();
    let end = i + 1;
    while (end < lines.length && !FENCE.test(lines[end]!)) end++;
    // The marker is the nearest non-blank line above the fence (Prettier puts a blank line between).
    let above = i - 1;
    while (above >= 0 && lines[above]!.trim() === "") above--;
    const marker = above >= 0 ? MARKER.exec(lines[above]!.trim()) : null;
    const block: Block = { doc, line: i + 1, lang, code: lines.slice(i + 1, end).join("\n") };
    if (marker) block.source = { file: marker[1]!, name: marker[2]! };
    found.push(block);
    i = end;
  }
  return found;
}

/** The doc's text with every marked block replaced by its region. */
export function sync(doc: string, text = readFileSync(join(root, doc), "utf8")): string {
  const lines = text.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i]!);
    const marker = MARKER.exec(lines[i]!.trim());
    if (!marker) continue;
    const code = region(marker[1]!, marker[2]!);
    let next = i + 1;
    while (next < lines.length && lines[next]!.trim() === "") next++;
    out.push("");
    if (next < lines.length && FENCE.test(lines[next]!)) {
      const lang = lines[next]!.slice(3).trim() || "ts";
      let end = next + 1;
      while (end < lines.length && !FENCE.test(lines[end]!)) end++;
      out.push("```" + lang, code, "```");
      i = end;
    } else {
      out.push("```ts", code, "```");
    }
  }
  return out.join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  for (const doc of docFiles()) {
    const before = readFileSync(join(root, doc), "utf8");
    const after = sync(doc, before);
    if (after !== before) {
      writeFileSync(join(root, doc), after);
      console.log(`updated ${doc}`);
    }
  }
}
