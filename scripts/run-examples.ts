/**
 * `npm run examples`: runs every examples/*.ts with tsx, one after another, and stops at the first
 * one that fails (non-zero exit). Helper modules that examples import (svg.ts, iris-data.ts, outfits-data.ts, digits-data.ts) are not run.
 * Examples that draw pictures rewrite docs/images/*.svg; they are seeded, so the files only change
 * when the code does.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const HELPERS = new Set(["svg.ts", "iris-data.ts", "outfits-data.ts", "digits-data.ts"]);

export function exampleFiles(): string[] {
  return readdirSync(join(root, "examples"))
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !HELPERS.has(f))
    .filter((f) => !f.endsWith(".test.ts")) // Vitest test files, which npm test runs
    .sort();
}

function main(): void {
  const files = exampleFiles();
  const tsx = join(root, "node_modules", ".bin", "tsx");
  const timings: string[] = [];
  for (const file of files) {
    console.log(`\n━━ examples/${file}`);
    const start = performance.now();
    const result = spawnSync(tsx, [join("examples", file)], { cwd: root, stdio: "inherit" });
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    timings.push(`  ${seconds.padStart(5)} s  examples/${file}`);
    if (result.status !== 0) {
      console.error(`\nexamples/${file} failed (exit ${result.status ?? result.signal})`);
      process.exit(1);
    }
  }
  console.log(`\nall ${files.length} examples ran:\n${timings.join("\n")}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
