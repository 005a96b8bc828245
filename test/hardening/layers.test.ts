// The layers of docs/architecture.md, checked on the source: core imports nothing outside core;
// families import only core and their own folder (the registry aside); nothing imports an entry
// point; and no module imports itself back through others (type-only imports are erased, so
// they do not count).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, normalize, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const src = join(root, "src");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith(".ts") && !path.endsWith(".d.ts") ? [path] : [];
  });
}

/** Each file's runtime imports of other source files (repo-relative paths). */
const graph = new Map<string, string[]>();
for (const file of sources(src)) {
  const text = readFileSync(file, "utf8");
  const deps: string[] = [];
  for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+"(\.[^"]+)";/gms)) {
    if (m[2] !== undefined) continue; // type-only: erased
    const target = normalize(join(dirname(file), m[3]!.replace(/\.js$/, ".ts")));
    deps.push(relative(root, target));
  }
  graph.set(relative(root, file), deps);
}

const layer = (file: string): string => file.split("/")[1]!;
const ENTRIES = ["src/index.ts", "src/testing/index.ts", "src/sql/index.ts"];

describe("layers", () => {
  it("finds the source", () => {
    expect(graph.size).toBeGreaterThan(50);
  });

  it("core imports nothing outside core", () => {
    for (const [file, deps] of graph) {
      if (layer(file) !== "core") continue;
      for (const d of deps) expect(layer(d), `${file} imports ${d}`).toBe("core");
    }
  });

  it("a family imports only core, its own folder, the shared scaffold and other families' samplers", () => {
    for (const [file, deps] of graph) {
      if (layer(file) !== "distributions" || file.endsWith("registry.ts")) continue;
      const folder = dirname(file);
      for (const d of deps) {
        const shared = dirname(d) === "src/distributions" && !d.endsWith("registry.ts"); // the scaffold
        const ok = layer(d) === "core" || dirname(d) === folder || shared || /\/sampler\.ts$/.test(d);
        expect(ok, `${file} imports ${d}`).toBe(true);
      }
    }
  });

  it("nothing imports an entry point", () => {
    for (const [file, deps] of graph) for (const d of deps) expect(ENTRIES, `${file} imports ${d}`).not.toContain(d);
  });

  it("no runtime import cycle", () => {
    const state = new Map<string, "open" | "done">();
    const cycles: string[] = [];
    const visit = (file: string, stack: string[]): void => {
      state.set(file, "open");
      stack.push(file);
      for (const d of graph.get(file) ?? []) {
        if (!graph.has(d)) continue;
        if (state.get(d) === "open") cycles.push([...stack.slice(stack.indexOf(d)), d].join(" -> "));
        else if (state.get(d) === undefined) visit(d, stack);
      }
      stack.pop();
      state.set(file, "done");
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
