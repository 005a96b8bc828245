// The guides and the README can be pasted: each one's TypeScript blocks, concatenated in order
// as a reader would paste them into one file (with "ptheta" as the package), type-check and run,
// and each line whose comment states a result (`// 0.894…`, `// true`, `// ["setosa", …]`) gives
// it (see snippet-runner.ts). A name from ptheta must be imported in the block that first uses
// it, or an earlier one: no block relies on an import the reader never saw.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { blocks, docFiles, root } from "../../scripts/snippets.js";
import { bindClaims } from "./claim-runtime.js";
import {
  CLAIM_IMPORT,
  checkClaim,
  entry,
  exportedNames,
  instrument,
  typecheck,
  writeModules,
  type Claim,
} from "./snippet-runner.js";

const CODE = /^(ts|typescript|js|javascript)$/;
// package.json's repository, where the guides link the examples' data helpers.
const REPOSITORY = "https://github.com/ptheta/ptheta";

// A guide may show a Vitest test file (docs/testing-estimators.md does). Vitest refuses tests
// declared inside a running test, so its blocks import "vitest" from this module instead, where
// describe, it and test run their callbacks in place (each row of .each too) and expect is
// Vitest's own; the test that imports the guide then awaits whatever they returned.
const INLINE_VITEST = `import * as vitest from "vitest";
type Callback = (...args: unknown[]) => unknown;
const pending: unknown[] = [];
const run = (fn: Callback, args: unknown[] = []): void => void pending.push(fn(...args));
const each = (rows: readonly unknown[]) => (_name: string, fn: Callback) => {
  for (const row of rows) run(fn, Array.isArray(row) ? row : [row]);
};
const inline = (_name: string, fn: Callback) => run(fn);
export const describe = Object.assign(inline, { each }) as unknown as typeof vitest.describe;
export const it = Object.assign(inline, { each }) as unknown as typeof vitest.it;
export const test = it as unknown as typeof vitest.test;
export const expect = vitest.expect;
export const settled = (): Promise<unknown[]> => Promise.all(pending.splice(0));
`;
const INLINE_VITEST_KEY = "inline-vitest"; // written beside the guides' modules (writeModules)

const claims = new Map<number, [Claim, string]>();
const exported = (() => {
  const { values, types } = exportedNames(entry);
  return [...values, ...types];
})();

interface Guide {
  doc: string;
  /** The blocks' code, in order. */
  code: string[];
  /** Lines of the generated module that hold each block, for mapping type errors. */
  ranges: Array<[number, number]>;
}

/**
 * One module per guide: its import lines merged at the top (a reader pasting every block into
 * one file would merge them the same way), then every block's other lines in order.
 */
function moduleOf(
  doc: string,
  code: string[],
  sources: Array<string | undefined>,
): { text: string; ranges: Array<[number, number]> } {
  const imports = new Map<string, Set<string>>();
  const bodies = code.map((block, k) => {
    // A block from an example reads its helper modules and data files beside that example, as
    // the guide tells the reader to keep them: map "./x.js" and import.meta.dirname there.
    const dir = dirname(join(root, sources[k] ?? "examples/x.ts"));
    const located = block
      .replace(/(from\s+")(\.{1,2}\/[^"]+)"/g, (_, head: string, rel: string) => `${head}${join(dir, rel)}"`)
      .replace(/import\.meta\.dirname/g, JSON.stringify(dir));
    const rest: string[] = [];
    for (const line of located.split("\n")) {
      const m = /^import\s+\{([^}]*)\}\s+from\s+"([^"]+)";?\s*$/.exec(line);
      if (!m) {
        rest.push(line);
        continue;
      }
      const from =
        m[2] === "ptheta"
          ? entry
          : m[2]!.startsWith("ptheta/")
            ? join(root, "src", m[2]!.slice("ptheta/".length), "index.ts")
            : m[2] === "vitest"
              ? `./${INLINE_VITEST_KEY}.js`
              : m[2]!;
      const names = imports.get(from) ?? new Set<string>();
      for (const name of m[1]!
        .split(",")
        .map((n) => n.trim())
        .filter(Boolean))
        names.add(name);
      imports.set(from, names);
      rest.push(""); // keep the block's line numbers
    }
    return rest.join("\n");
  });
  const head = [
    CLAIM_IMPORT,
    ...[...imports].map(([from, names]) => `import { ${[...names].join(", ")} } from ${JSON.stringify(from)};`),
  ];
  const ranges: Array<[number, number]> = [];
  const lines = [...head];
  bodies.forEach((body, k) => {
    const instrumented = instrument(body, `${doc}, block ${k + 1}`, claims);
    const first = lines.length + 1;
    lines.push(...instrumented.split("\n"));
    ranges.push([first, lines.length]);
  });
  return { text: lines.join("\n") + "\n", ranges };
}

const guides: Guide[] = [];
const modules = new Map<string, string>();
for (const doc of docFiles()) {
  const found = blocks(doc).filter((b) => CODE.test(b.lang));
  if (found.length === 0) continue;
  const code = found.map((b) => b.code);
  const { text, ranges } = moduleOf(
    doc,
    code,
    found.map((b) => b.source?.file),
  );
  guides.push({ doc, code, ranges });
  modules.set(doc, text);
  // npm's page shows the README apart from everything else, and its blocks are pasted one at a
  // time: each one alone must type-check and run (the second may not use the first's rng).
  if (doc === "README.md" && found.length > 1) {
    found.forEach((block, k) => {
      const alone = `README.md, block ${k + 1} alone`;
      const single = moduleOf(alone, [block.code], [block.source?.file]);
      guides.push({ doc: alone, code: [block.code], ranges: single.ranges });
      modules.set(alone, single.text);
    });
  }
}
modules.set(INLINE_VITEST_KEY, INLINE_VITEST);
const { paths, remove } = writeModules("ptheta-guides-", modules);
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
      let name = "no error";
      try {
        fn();
      } catch (error) {
        name = error instanceof Error ? error.name : String(error);
      }
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

describe("the guides can be pasted", () => {
  it.each(guides.map((g) => [g.doc, g] as const))(
    "%s: every name from ptheta is imported before it is used",
    (_, guide) => {
      const imported = new Set<string>();
      const missing: string[] = [];
      guide.code.forEach((block, k) => {
        // The README's blocks are pasted one at a time (npm's page shows them apart from any
        // guide): each must import everything it uses itself.
        if (guide.doc.startsWith("README.md")) imported.clear();
        // ksTest and its kin are in both entries: an import from either counts.
        for (const m of block.matchAll(/^import\s+\{([^}]*)\}\s+from\s+"ptheta(?:\/testing)?"/gm)) {
          for (const name of m[1]!.split(",")) imported.add(name.trim().replace(/^type\s+/, ""));
        }
        const code = block.replace(/\/\/.*$/gm, "").replace(/"(?:[^"\\]|\\.)*"/g, '""');
        for (const name of exported) {
          if (!imported.has(name) && new RegExp(`(?<![\\w$.])${name}(?![\\w$])`).test(code)) {
            missing.push(`block ${k + 1} uses ${name}`);
          }
        }
      });
      expect(missing).toEqual([]);
    },
  );

  // A reader pastes the blocks into a project that installed ptheta: every import must be
  // something that project has or the guide tells the reader to get. ptheta and ptheta/testing,
  // Node's built-ins, fast-check (ptheta/testing's peer), vitest (a guide showing a test file), a
  // package the guide links to ([csv-parse](…)), or a helper of the examples the guide links to
  // in the repository (an absolute URL to examples/<name>.ts: the package does not ship it).
  it.each(guides.map((g) => [g.doc, g] as const))(
    "%s: imports only ptheta, Node built-ins, peers, or what the guide links to",
    (_, guide) => {
      const text = readFileSync(join(root, guide.doc.split(",")[0]!), "utf8");
      const unexplained: string[] = [];
      for (const block of guide.code) {
        for (const m of block.matchAll(/^import\s[^;]*?from\s+"([^"]+)"/gm)) {
          const spec = m[1]!;
          if (/^(ptheta|ptheta\/testing|ptheta\/sql|fast-check|vitest)$/.test(spec) || spec.startsWith("node:"))
            continue;
          if (spec.startsWith("./")) {
            const helper = `/blob/main/examples/${spec.slice(2).replace(/\.js$/, ".ts")})`;
            if (text.includes(`](${REPOSITORY}${helper}`)) continue;
          } else {
            const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!;
            if (text.includes(`[${name}](http`)) continue;
          }
          unexplained.push(spec);
        }
      }
      expect(unexplained, "link the helper or package in the guide's prose, or inline it").toEqual([]);
    },
  );

  it.each(guides.map((g) => [g.doc, g] as const))("%s: its blocks, in order, type-check and run", async (_, guide) => {
    const path = paths.get(guide.doc)!;
    const errors = (diagnostics.get(path) ?? []).map((d) => {
      const block = guide.ranges.findIndex(([a, b]) => d.line >= a && d.line <= b);
      return block < 0
        ? `imports: ${d.message}`
        : `block ${block + 1}, line ${d.line - guide.ranges[block]![0] + 1}: ${d.message}`;
    });
    expect(errors).toEqual([]);
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      await import(/* @vite-ignore */ path);
      const inline = (await import(/* @vite-ignore */ paths.get(INLINE_VITEST_KEY)!)) as {
        settled(): Promise<unknown>;
      };
      await inline.settled();
    } finally {
      log.mockRestore();
    }
  });
});
