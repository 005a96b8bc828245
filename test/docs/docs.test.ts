// The docs are tested like code: every example runs, every code block in a guide is a region of an
// example (so it runs too), and every picture a doc points to exists.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { exampleFiles } from "../../scripts/run-examples.js";
import { blocks, docFiles, region, root, sync } from "../../scripts/snippets.js";

const guides = [
  "getting-started.md",
  "distributions-and-likelihood.md",
  "fitting-at-scale.md",
  "naive-bayes.md",
  "tables.md",
  "learning-without-labels.md",
  "representation-learning.md",
  "reproducible-randomness.md",
  "testing-estimators.md",
  "errors-and-edge-cases.md",
  "migrating.md",
  "adding-a-family.md",
];

describe("the guides", () => {
  it.each(guides)("docs/%s exists", (guide) => {
    expect(existsSync(join(root, "docs", guide))).toBe(true);
  });

  it.each(docFiles())("%s: every marked code block equals its example region", (doc) => {
    const text = readFileSync(join(root, doc), "utf8");
    for (const block of blocks(doc, text)) {
      if (!block.source) continue;
      expect(block.code, `${doc}:${block.line} differs from ${block.source.file}#${block.source.name}`).toBe(
        region(block.source.file, block.source.name),
      );
    }
    expect(sync(doc, text), `run npx tsx scripts/snippets.ts to update ${doc}`).toBe(text);
  });

  it.each(docFiles())("%s: every TS/JS code block comes from an example", (doc) => {
    const unmarked = blocks(doc)
      .filter((b) => /^(ts|typescript|js|javascript|mjs|cjs)$/.test(b.lang) && !b.source)
      .map((b) => `${doc}:${b.line}`);
    expect(unmarked, "add <!-- snippet: examples/<file>.ts#<region> --> above these blocks").toEqual([]);
  });

  it.each(docFiles())("%s: every image it references exists", (doc) => {
    const text = readFileSync(join(root, doc), "utf8");
    const refs = [...text.matchAll(/!\[[^\]]*\]\(([^)\s]+)[^)]*\)|<img[^>]*\ssrc="([^"]+)"/g)].map(
      (m) => (m[1] ?? m[2])!,
    );
    for (const ref of refs.filter((r) => !/^https?:/.test(r))) {
      expect(existsSync(resolve(root, dirname(doc), ref)), `${doc} references ${ref}, which does not exist`).toBe(true);
    }
  });

  it("every picture in docs/images is shown by some doc", () => {
    const all = docFiles()
      .map((d) => readFileSync(join(root, d), "utf8"))
      .join("\n");
    const images = existsSync(join(root, "docs/images")) ? readdirSync(join(root, "docs/images")) : [];
    expect(images.filter((img) => !all.includes(`images/${img}`))).toEqual([]);
  });
});

describe("the examples", () => {
  const tsx = join(root, "node_modules", ".bin", "tsx");
  it.each(exampleFiles())("examples/%s runs", (file) => {
    const result = spawnSync(tsx, [join("examples", file)], { cwd: root, encoding: "utf8" });
    expect(result.status, `${file} failed:\n${result.stderr}`).toBe(0);
  });
});
