// The published types are built with stripInternal, which drops every declaration whose TSDoc
// carries @internal anywhere, a @param line included: tagging one parameter removed Categorical's
// whole constructor from the .d.ts (issue 11, class 8). check:package type-checks a consumer of
// the built package; this catches the cause in the source, without a build.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("@internal in TSDoc", () => {
  it("marks a whole declaration, never one @param or @returns (which would strip the declaration)", () => {
    const misplaced: string[] = [];
    for (const file of sources(join(root, "src"))) {
      const lines = readFileSync(file, "utf8").split("\n");
      lines.forEach((line, i) => {
        if (/@(param|returns|throws)\b.*@internal/.test(line)) misplaced.push(`${relative(root, file)}:${i + 1}`);
      });
    }
    expect(misplaced).toEqual([]);
  });
});
