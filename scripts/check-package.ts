/**
 * `npm run check:package`: proves the published package works for its consumers.
 *
 *  1. copies the repository's tracked files (what a fresh clone holds: no dist/) and runs
 *     `npm pack` there, so the `prepack` script must build dist/ as `npm publish` would; checks
 *     the tarball holds only dist/, the guides (docs/*.md and docs/images/), README, LICENSE,
 *     CHANGELOG and package.json, that every relative link in the README and the guides
 *     resolves to a file inside it, that every absolute link into the repository (package.json's
 *     `repository`) names one of its files, and that the .d.ts files hold no @internal member;
 *  2. runs publint (strict) and @arethetypeswrong/cli on the tarball;
 *  3. installs the tarball into a throwaway consumer project under a temp dir and there runs
 *     Node ESM `import`, Node CommonJS `require`, `tsc` with moduleResolution "bundler" and
 *     "node16" (a file using the whole public API type-checks; misuses are `@ts-expect-error`),
 *     and an esbuild browser bundle (platform "browser": no Node built-ins, no `node:` imports);
 *     a second consumer without fast-check (an optional peer) imports and requires `ksTest` and
 *     `chiSquareTest` from the main entry;
 *  4. enforces the size budget, minified and gzipped as a bundler ships it (see BUDGET_* below):
 *     `import { Gaussian } from "ptheta"` with no Naive Bayes code, and everything.
 *
 * Set KEEP_TMP=1 to keep the temp dir for inspection.
 */
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");
const bin = (name: string) => join(root, "node_modules", ".bin", name);
const KB = 1000; // budgets in kB (1000 bytes), as size-limit and bundlers report them
// A budget is the size measured when it was set plus ~10% headroom, so growth is a decision, not
// an accident. Measured 4.49 and 17.68 kB at 0.1.0 (budgets 4.75 and 18.5 kB). The issue asked
// for 3 and 10 kB, figures set before the code existed: the Gaussian alone holds tail-accurate CDF
// and quantile rational approximations (~1 kB gz of coefficients), mergeable statistics, a
// ziggurat sampler and error messages that name parameter and value.
// Re-measured at the family-kernels release (Poisson, Product, Mixture, Schema, ptheta/testing's
// shared pieces, fitAsync, Cody's normal tails, the word-level ziggurat): `import { Gaussian }`
// 8.7 kB gz (seedrandom stays out: only createRng imports it), everything 52.2 kB gz.
// Re-measured when the goodness-of-fit tests (ksTest, chiSquareTest and their survival functions,
// 3.2 and 7.7 kB gz alone) joined the main entry: everything 56.5 kB gz. Then unknown options'
// errors learnt to list the valid names and suggest the closest (an edit distance in
// core/options.ts, which every fit reads its options with): `import { Gaussian }` 9.8 kB gz.
// Re-measured at the structure round (issues "Structure", "Joint families", "Continuous latent
// representations"): `import { Gaussian }` 17.1 kB gz, because `GaussianStats` is now a view of the
// kernel's statistics (one implementation per family), which brings the kernel's statistics and
// the row-block reader (core/matrix.ts) into a bundle of Gaussian alone; everything 85.5 kB gz
// with the multivariate Gaussian, the multinomial, the Exponential, factor analysis, sparse
// matrices and the vocabulary. Both are over the structure issue's goals (10 and 60 kB): the
// budgets below record the sizes so that further growth is caught, not a decision to keep them.
const BUDGET_GAUSSIAN = 18 * KB;
const BUDGET_ALL = 90 * KB;

const failures: string[] = [];
const timings: Array<[string, number]> = [];

function fail(message: string): void {
  failures.push(message);
  console.error(`  ✗ ${message}`);
}

function ok(message: string): void {
  console.log(`  ✓ ${message}`);
}

async function step<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
  console.log(`\n▸ ${name}`);
  const start = performance.now();
  try {
    return await fn();
  } finally {
    timings.push([name, (performance.now() - start) / 1000]);
  }
}

function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    // Rethrow the same error with the command's output in its message.
    const e = error as Error & { stdout?: string; stderr?: string };
    e.message = `${cmd} ${args.join(" ")} failed in ${cwd}\n${e.stdout ?? ""}${e.stderr ?? ""}`.trim();
    throw e;
  }
}

/** Runs a command; on failure records it (with its output) instead of throwing. */
function check(label: string, cmd: string, args: string[], cwd: string): string | undefined {
  try {
    const out = run(cmd, args, cwd);
    ok(label);
    return out;
  } catch (error) {
    fail(`${label}\n${(error as Error).message}`);
    return undefined;
  }
}

const tmp = mkdtempSync(join(tmpdir(), "ptheta-check-package-"));

try {
  const clone = join(tmp, "clone");
  await step("a clean copy of the repository (its tracked files: no dist/)", () => {
    const tracked = run("git", ["ls-files", "-z"], root).split("\0").filter(Boolean);
    let copied = 0;
    for (const file of tracked) {
      if (!existsSync(join(root, file))) continue; // deleted in the working tree, not yet committed
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      copyFileSync(join(root, file), join(clone, file));
      copied++;
    }
    // The build tools, without an install: the copy stands for a clone after `npm ci`.
    symlinkSync(join(root, "node_modules"), join(clone, "node_modules"), "dir");
    if (existsSync(join(clone, "dist"))) fail("the copy holds dist/ (is it tracked?)");
    else ok(`${copied} tracked files copied; no dist/`);
  });

  const tarball = await step("pack (npm pack: prepack builds dist/)", () => {
    // npm prints the prepack script's output on stdout before the JSON.
    const out = run("npm", ["pack", "--json", "--pack-destination", tmp], clone);
    const packed = JSON.parse(out.slice(out.search(/^\[/m))) as Array<{
      filename: string;
      size: number;
      unpackedSize: number;
      files: Array<{ path: string }>;
    }>;
    const info = packed[0]!;
    const files = info.files.map((f) => f.path).sort();
    console.log(`  ${info.filename}: ${files.length} files, ${info.size} bytes packed, ${info.unpackedSize} unpacked`);
    for (const f of files) console.log(`    ${f}`);
    const allowed =
      /^(dist\/.+|docs\/[\w-]+\.md|docs\/images\/[\w-]+\.svg|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/;
    const extra = files.filter((f) => !allowed.test(f));
    if (extra.length > 0) fail(`the tarball holds files it should not: ${extra.join(", ")}`);
    else ok("the tarball holds only dist/, docs/ guides and images, README.md, LICENSE, CHANGELOG.md and package.json");
    checkLinks(clone, files);
    checkNoInternal(clone, files);
    for (const required of [
      "package.json",
      "README.md",
      "LICENSE",
      "CHANGELOG.md",
      "dist/index.js",
      "dist/index.cjs",
      "dist/index.d.ts",
      "dist/index.d.cts",
      "dist/testing/index.js",
      "dist/testing/index.cjs",
      "dist/testing/index.d.ts",
      "dist/testing/index.d.cts",
      "dist/sql/index.js",
      "dist/sql/index.cjs",
      "dist/sql/index.d.ts",
      "dist/sql/index.d.cts",
    ]) {
      if (!files.includes(required)) fail(`the tarball is missing ${required}`);
    }
    const { version } = JSON.parse(readFileSync(join(clone, "package.json"), "utf8")) as { version: string };
    const changelog = existsSync(join(clone, "CHANGELOG.md")) ? readFileSync(join(clone, "CHANGELOG.md"), "utf8") : "";
    if (!changelog.includes(`## [${version}]`))
      fail(`CHANGELOG.md has no "## [${version}]" section for the version in package.json`);
    else ok(`CHANGELOG.md has a section for ${version}`);
    return join(tmp, info.filename);
  });

  await step("publint --strict (on the tarball)", () => {
    const out = check(
      "publint: no errors, warnings or suggestions",
      bin("publint"),
      ["run", tarball, "--strict", "--level", "suggestion"],
      root,
    );
    if (out !== undefined && /\b(Suggestion|Warning|Error)s?\b/.test(out)) fail(`publint reported:\n${out}`);
  });

  await step("@arethetypeswrong/cli (on the tarball)", () => {
    const out = check(
      "attw: no problems for node10, node16 (CJS and ESM) and bundler",
      bin("attw"),
      [tarball, "--format", "table-flipped", "--no-emoji", "--no-color"],
      root,
    );
    if (out) console.log(out.replace(/^/gm, "    ").trimEnd());
  });

  const consumer = join(tmp, "consumer");
  await step("install the tarball into a consumer project", () => {
    run("mkdir", ["-p", consumer], tmp);
    writeFileSync(
      join(consumer, "package.json"),
      JSON.stringify({ name: "ptheta-consumer", version: "0.0.0", private: true, type: "module" }, null, 2),
    );
    // The runtime dependency (seedrandom) comes from the npm cache when it is there; so does
    // fast-check, the optional peer dependency that only ptheta/testing needs.
    const { devDependencies } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    const fastCheck = `fast-check@${devDependencies["fast-check"]}`;
    run(
      "npm",
      ["install", "--no-audit", "--no-fund", "--no-package-lock", "--prefer-offline", tarball, fastCheck],
      consumer,
    );
    if (!existsSync(join(consumer, "node_modules", "ptheta", "dist", "index.js"))) fail("ptheta did not install");
    else ok(`npm install <tarball> (with its dependency seedrandom) ${fastCheck}`);
  });

  writeConsumerFiles(consumer);

  // fast-check is an optional peer: npm does not install it, and the goodness-of-fit tests in the
  // main entry must work without it. (ptheta/testing, the fast-check helpers' entry, needs it.)
  await step("a consumer without fast-check: the goodness-of-fit tests from ptheta", () => {
    const bare = join(tmp, "consumer-without-fast-check");
    mkdirSync(bare);
    writeFileSync(
      join(bare, "package.json"),
      JSON.stringify({ name: "ptheta-bare-consumer", version: "0.0.0", private: true, type: "module" }, null, 2),
    );
    run("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock", "--prefer-offline", tarball], bare);
    if (existsSync(join(bare, "node_modules", "fast-check"))) fail("npm installed fast-check, an optional peer");
    else ok("npm install <tarball> leaves fast-check out");
    const body = `
const assert = (cond, what) => { if (!cond) { throw new Error("assertion failed: " + what); } };
const g = new Gaussian(0, 1);
const ks = ksTest(g.sample(createRng(3), 500), g);
assert(ks.pValue > 1e-6 && ks.pValue <= 1, "ksTest on honest draws");
assert(Math.abs(ksSurvival(0.274, 20) - 0.08100099656430149) < 1e-12, "ksSurvival");
assert(Math.abs(chiSquareTest([16, 18, 16, 14, 12, 12]).pValue - 0.8491450360846096) < 1e-12, "chiSquareTest");
assert(chiSquareSurvival(3.841458820694124, 1) > 0.0499, "chiSquareSurvival");
console.log(JSON.stringify({ ks: ks.pValue }));
`;
    const names = "Gaussian, createRng, ksTest, ksSurvival, chiSquareTest, chiSquareSurvival";
    writeFileSync(join(bare, "gof.mjs"), `import { ${names} } from "ptheta";\n${body}`);
    writeFileSync(join(bare, "gof.cjs"), `const { ${names} } = require("ptheta");\n${body}`);
    for (const file of ["gof.mjs", "gof.cjs"])
      check(`node ${file}: ksTest and chiSquareTest without fast-check`, process.execPath, [file], bare);
    // ptheta/testing itself says what it lacks.
    writeFileSync(join(bare, "testing.mjs"), `import "ptheta/testing";\n`);
    try {
      run(process.execPath, ["testing.mjs"], bare);
      fail("ptheta/testing loaded without fast-check: is fast-check still a dependency of it?");
    } catch (error) {
      if (/fast-check/.test((error as Error).message)) ok("ptheta/testing without fast-check fails naming fast-check");
      else fail(`ptheta/testing without fast-check failed for another reason: ${(error as Error).message}`);
    }
  });

  await step("Node ESM: import", () => {
    const out = check("node esm.mjs", process.execPath, ["esm.mjs"], consumer);
    if (out) console.log(out.replace(/^/gm, "    ").trimEnd());
  });

  await step("Node CommonJS: require", () => {
    const out = check("node cjs.cjs", process.execPath, ["cjs.cjs"], consumer);
    if (out) console.log(out.replace(/^/gm, "    ").trimEnd());
  });

  await step("ptheta/testing and ptheta/sql: import and require", () => {
    for (const file of ["testing.mjs", "testing.cjs", "sql.mjs", "sql.cjs"]) {
      const out = check(`node ${file}`, process.execPath, [file], consumer);
      if (out) console.log(out.replace(/^/gm, "    ").trimEnd());
    }
  });

  await step("TypeScript: moduleResolution bundler and node16", () => {
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    check(
      'tsc -p tsconfig.bundler.json (module esnext, moduleResolution "bundler")',
      process.execPath,
      [tsc, "-p", "tsconfig.bundler.json"],
      consumer,
    );
    check(
      "tsc -p tsconfig.node16.json (module node16: ESM .ts and CommonJS .cts)",
      process.execPath,
      [tsc, "-p", "tsconfig.node16.json"],
      consumer,
    );
  });

  await step("esbuild browser bundle and size budget", async () => {
    const bundle = async (name: string, contents: string, minify: boolean) => {
      const result = await build({
        stdin: { contents, resolveDir: consumer, sourcefile: `${name}.js`, loader: "js" },
        bundle: true,
        platform: "browser",
        format: "esm",
        target: "es2020",
        minify,
        write: false,
        metafile: true,
        logLevel: "silent",
        absWorkingDir: consumer,
      });
      const text = result.outputFiles[0]!.text;
      return { text, inputs: Object.keys(result.metafile.inputs), gz: gzipSync(text, { level: 9 }).length };
    };

    const everything = await bundle("all", `export * from "ptheta";`, true);
    // The main entry holds the goodness-of-fit tests but none of ptheta/testing's fast-check
    // helpers, no ptheta/sql code, and not fast-check, their optional peer.
    const testingInputs = everything.inputs.filter((p) =>
      /fast-check|dist\/sql\/|dist\/testing\/(index|arbitraries|check-estimator|estimator-families|information)\./.test(
        p,
      ),
    );
    if (testingInputs.length > 0 || /fast-check|checkEstimator|sampleFrom|naiveBayesStatsSQL/.test(everything.text))
      fail(
        `the main entry pulls in ptheta/testing's fast-check helpers, ptheta/sql or fast-check: ${testingInputs.join(", ")}`,
      );
    else ok('`export * from "ptheta"` contains no fast-check helper, no ptheta/sql code and no fast-check');
    const builtins = everything.inputs.filter((p) => p.startsWith("node:") || /^(crypto|fs|path|os|util)$/.test(p));
    if (/["'`]node:/.test(everything.text) || builtins.length > 0)
      fail(`the browser bundle imports Node built-ins: ${builtins.join(", ")}`);
    else ok(`browser bundle (platform "browser") has no node: imports; inputs: ${everything.inputs.join(", ")}`);

    // The browser bundle runs: load it as a module and draw a seeded sample.
    const runner = join(consumer, "browser-bundle.mjs");
    const smoke = await bundle(
      "smoke",
      `import { Gaussian, createRng } from "ptheta"; const x = new Gaussian(0, 1).sample(createRng(42), 3); console.log(JSON.stringify(Array.from(x)));`,
      true,
    );
    writeFileSync(runner, smoke.text);
    check("the browser bundle runs", process.execPath, [runner], consumer);

    const gaussianOnly = await bundle("gaussian", `export { Gaussian } from "ptheta";`, true);
    const gaussianReadable = await bundle("gaussian-readable", `export { Gaussian } from "ptheta";`, false);
    const nbMarkers = /NaiveBayes|naive-bayes|predictProba|jointLogLikelihood/;
    if (nbMarkers.test(gaussianReadable.text) || nbMarkers.test(gaussianOnly.text)) {
      fail('`import { Gaussian } from "ptheta"` pulls in Naive Bayes code');
    } else ok('`import { Gaussian } from "ptheta"` contains no Naive Bayes code');
    // The goodness-of-fit tests are tree-shaken away when unused.
    if (/ksTest|ksSurvival|chiSquareTest|Pomeranz|Pelz/.test(gaussianReadable.text))
      fail('`import { Gaussian } from "ptheta"` pulls in the goodness-of-fit tests');
    else ok('`import { Gaussian } from "ptheta"` contains no goodness-of-fit test');
    const others = ["class Bernoulli", "class Categorical"].filter((s) => gaussianReadable.text.includes(s));
    if (others.length > 0) console.log(`  note: the Gaussian-only bundle also contains ${others.join(", ")}`);

    const sizes: Array<[string, number, number, number]> = [
      ['import { Gaussian } from "ptheta"', gaussianOnly.text.length, gaussianOnly.gz, BUDGET_GAUSSIAN],
      ['import * from "ptheta" (everything)', everything.text.length, everything.gz, BUDGET_ALL],
    ];
    for (const name of ["Bernoulli", "Categorical", "createRng", "NaiveBayes", "ksTest", "chiSquareTest"]) {
      const b = await bundle(name, `export { ${name} } from "ptheta";`, true);
      sizes.push([`import { ${name} } from "ptheta"`, b.text.length, b.gz, NaN]);
    }
    // ptheta/testing, without fast-check (a peer the user already has): for the record.
    const testing = await build({
      stdin: { contents: `export * from "ptheta/testing";`, resolveDir: consumer, loader: "js" },
      bundle: true,
      platform: "browser",
      format: "esm",
      minify: true,
      write: false,
      external: ["fast-check"],
      logLevel: "silent",
    });
    const testingText = testing.outputFiles[0]!.text;
    sizes.push(['import * from "ptheta/testing"', testingText.length, gzipSync(testingText, { level: 9 }).length, NaN]);
    console.log("  size (esbuild --minify, gzip -9):");
    for (const [label, min, gz, budget] of sizes) {
      const line = `${label.padEnd(40)} ${(min / KB).toFixed(2).padStart(6)} kB min  ${(gz / KB).toFixed(2).padStart(5)} kB gz`;
      if (Number.isNaN(budget)) console.log(`    ${line}`);
      else if (gz > budget) fail(`${line}: over the budget of ${budget / KB} kB`);
      else ok(`${line}  (budget ${budget / KB} kB)`);
    }
  });
} catch (error) {
  fail((error as Error).message);
} finally {
  if (process.env.KEEP_TMP) console.log(`\nkept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}

console.log("\ntimings:");
for (const [name, seconds] of timings) console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${name}`);
if (failures.length > 0) {
  console.error(
    `\ncheck:package FAILED (${failures.length}):\n${failures.map((f) => `- ${f.split("\n")[0]}`).join("\n")}`,
  );
  process.exit(1);
}
console.log("\ncheck:package passed");

/**
 * The README is what npm's page shows, outside the tarball: its links and images are absolute
 * URLs into the repository (package.json's `repository`), at a file the repository holds (the
 * clean copy's tracked files; the guides link the examples' data helpers that way too). The guides, read in node_modules/ptheta or on the repository's site, link each
 * other relatively, and every relative link must resolve to a file in the tarball. In-page
 * anchors and links elsewhere are not checked.
 */
function checkLinks(dir: string, files: string[]): void {
  const shipped = new Set(files);
  const { repository } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    repository?: { url?: string };
  };
  const repo = /github\.com\/([\w.-]+\/[\w.-]+?)(\.git)?$/.exec(repository?.url ?? "")?.[1];
  if (repo === undefined) {
    fail(`package.json's repository.url is not a GitHub repository: ${String(repository?.url)}`);
    return;
  }
  const intoRepo = new RegExp(
    `^https://(github\\.com/${repo}/(blob|raw)/main|raw\\.githubusercontent\\.com/${repo}/main)/([^#?]+)`,
  );
  const docs = files.filter((f) => f === "README.md" || /^docs\/[\w-]+\.md$/.test(f));
  const broken: string[] = [];
  let relative = 0;
  let absolute = 0;
  for (const doc of docs) {
    const text = readFileSync(join(dir, doc), "utf8").replace(/```[\s\S]*?```/g, "");
    const targets = [...text.matchAll(/\]\(([^)\s]+)[^)]*\)|<img[^>]*\ssrc="([^"]+)"/g)].map((m) => (m[1] ?? m[2])!);
    for (const target of targets) {
      if (target.startsWith("#")) continue;
      const into = intoRepo.exec(target);
      if (into) {
        absolute++;
        if (!existsSync(join(dir, decodeURI(into[3]!))))
          broken.push(`${doc} → ${target} (no such file in the repository)`);
        continue;
      }
      if (/^[a-z]+:/i.test(target)) continue;
      relative++;
      if (doc === "README.md") {
        broken.push(`README.md → ${target} (relative: npm's page cannot follow it; link into ${repo})`);
        continue;
      }
      const path = posix.normalize(posix.join(posix.dirname(doc), decodeURI(target.split("#")[0]!)));
      if (!shipped.has(path)) broken.push(`${doc} → ${target}`);
    }
  }
  if (broken.length > 0) fail(`links that do not resolve:\n    ${broken.join("\n    ")}`);
  else
    ok(
      `README.md and ${docs.length - 1} guides: ${absolute} links into ${repo} name its files, ${relative} relative links resolve inside the tarball`,
    );
}

/** The published types must not show members tagged @internal (tsup's dts build strips them). */
function checkNoInternal(dir: string, files: string[]): void {
  const declarations = files.filter((f) => /^dist\/.*\.d\.c?ts$/.test(f));
  const leaking = declarations.filter((f) => readFileSync(join(dir, f), "utf8").includes("@internal"));
  if (leaking.length > 0) fail(`@internal members appear in ${leaking.join(", ")} (stripInternal?)`);
  else ok(`no @internal member in ${declarations.length} declaration files`);
}

/** Writes the consumer's test programs. They use only the public API, as a user would. */
function writeConsumerFiles(dir: string): void {
  // Shared runtime checks, run once through import and once through require.
  const body = `
const assert = (cond, what) => { if (!cond) { throw new Error("assertion failed: " + what); } };
const close = (a, b, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

const rng = createRng(42);
const u = rng.next();
assert(u > 0 && u < 1, "createRng(42).next() in (0, 1)");
assert(createRng(42).next() === u, "equal seeds give equal streams");

const g = new Gaussian(0, 1);
assert(close(g.cdf(0), 0.5), "Gaussian cdf(0)");
assert(close(g.logProb(0), -0.5 * Math.log(2 * Math.PI)), "Gaussian logProb(0)");
assert(close(g.quantile(0.975), 1.959963984540054, 1e-14), "Gaussian quantile(0.975)");
assert(g.quantile(1e-300) < -37, "Gaussian quantile far in the tail");
const draws = g.sample(createRng(7), 1000);
assert(draws instanceof Float64Array && draws.length === 1000, "Gaussian sample(rng, n)");
const fitted = Gaussian.fit(draws);
const s = Gaussian.stats().addAll(draws.subarray(0, 500)).merge(Gaussian.stats().addAll(draws.subarray(500)));
assert(close(Gaussian.fromStats(s).mean, fitted.mean, 1e-12), "merged stats equal one fit");
assert(Gaussian.fromJSON(JSON.parse(JSON.stringify(fitted))).std === fitted.std, "Gaussian JSON round trip");
assert(Gaussian.statsFromJSON(JSON.parse(JSON.stringify(s))).count === 1000, "GaussianStats JSON round trip");

const b = Bernoulli.fit([0, 1, 1, 1], { alpha: 0 });
assert(close(b.p, 0.75), "Bernoulli.fit");
assert(Bernoulli.fromJSON(JSON.parse(JSON.stringify(b))).p === b.p, "Bernoulli JSON round trip");
const c = Categorical.fit([0, 1, 2, 2], { k: 3, alpha: 0 });
assert(close(c.prob(2), 0.5), "Categorical.fit");
assert(close(Categorical.fromLogits([0, 0]).prob(1), 0.5), "Categorical.fromLogits");
assert(Categorical.fromJSON(JSON.parse(JSON.stringify(c))).prob(2) === c.prob(2), "Categorical JSON round trip");

let threw = false;
try { new Gaussian(0, -1); } catch (e) { threw = e instanceof RangeError; }
assert(threw, "new Gaussian(0, -1) throws a RangeError");
const X = [[1, 0], [1.2, 1], [3, 0], [3.1, 1], [0.9, 1], [3.3, 0]];
const y = ["a", "a", "b", "b", "a", "b"];
const nb = NaiveBayes.fit(X, y, { features: ["gaussian", "bernoulli"] });
assert(JSON.stringify(nb.classes) === '["a","b"]', "NaiveBayes classes");
assert(nb.predict([[1, 1]])[0] === "a", "NaiveBayes predict");
const proba = nb.predictProba([[2, 0]]);
assert(close(proba.data[0] + proba.data[1], 1), "NaiveBayes predictProba rows sum to 1");
const gen = nb.sample(createRng(1), 10);
assert(gen.X && gen.y && gen.y.length === 10, "NaiveBayes sample");
const nb2 = NaiveBayes.fromJSON(JSON.parse(JSON.stringify(nb)));
assert(nb2.predictLogProba([[2, 0]]).data[0] === nb.predictLogProba([[2, 0]]).data[0], "NaiveBayes JSON round trip");
// Classes keep their names in both builds (esbuild's CommonJS bundle renamed them _Gaussian).
for (const [cls, name] of [[Gaussian, "Gaussian"], [Bernoulli, "Bernoulli"], [Categorical, "Categorical"], [NaiveBayes, "NaiveBayes"]]) {
  assert(cls.name === name, name + ".name is " + cls.name);
}
assert(new Gaussian(0, 1).constructor.name === "Gaussian", "an instance's constructor.name");
console.log(JSON.stringify({ u, cdf: g.cdf(1), mean: fitted.mean }));
`;
  const names = "Gaussian, Bernoulli, Categorical, createRng, NaiveBayes";
  writeFileSync(join(dir, "esm.mjs"), `import { ${names} } from "ptheta";\n${body}`);
  writeFileSync(join(dir, "cjs.cjs"), `const { ${names} } = require("ptheta");\n${body}`);

  // ptheta/testing through import and require: its classes are the main entry's (instanceof
  // holds across the two), its tests run, and checkEstimator's properties pass.
  const testingBody = `
const assert = (cond, what) => { if (!cond) { throw new Error("assertion failed: " + what); } };
const g = new Gaussian(0, 1);
const draws = g.sample(createRng(3), 2000);
const ks = ksTest(draws, g);
assert(ks.statistic > 0 && ks.pValue > 1e-6, "ksTest on honest draws");
assert(Math.abs(ksSurvival(0.274, 20) - 0.08100099656430149) < 1e-12, "ksSurvival equals scipy's kstwo.sf");
assert(Math.abs(chiSquareTest([16, 18, 16, 14, 12, 12]).pValue - 0.8491450360846096) < 1e-12, "chiSquareTest");
assert(chiSquareSurvival(1500, 10) > 0, "chiSquareSurvival far in the tail");
assert(expectSampledFrom(draws, g).test === "Kolmogorov-Smirnov", "expectSampledFrom");
let threw = false;
try { expectSampledFrom(draws, new Gaussian(0.5, 1)); } catch (e) { threw = /Kolmogorov-Smirnov/.test(e.message); }
assert(threw, "expectSampledFrom rejects shifted draws");
const [model] = fc.sample(arbitraries.gaussian(), 1);
assert(model instanceof Gaussian, "arbitraries build the main entry's classes");
for (const property of checkEstimator(Bernoulli)) fc.assert(property, { numRuns: 10 });
console.log(JSON.stringify({ ks: ks.pValue }));
`;
  const testingNames =
    "arbitraries, checkEstimator, chiSquareSurvival, chiSquareTest, expectSampledFrom, ksSurvival, ksTest";
  writeFileSync(
    join(dir, "testing.mjs"),
    `import fc from "fast-check";\nimport { Gaussian, Bernoulli, createRng } from "ptheta";\nimport { ${testingNames} } from "ptheta/testing";\n${testingBody}`,
  );
  writeFileSync(
    join(dir, "testing.cjs"),
    `const fc = require("fast-check");\nconst { Gaussian, Bernoulli, createRng } = require("ptheta");\nconst { ${testingNames} } = require("ptheta/testing");\n${testingBody}`,
  );

  // ptheta/sql through import and require: a statement and its parse, a model from the main
  // entry scored in SQL (its classes are the main entry's), with no database needed.
  const sqlBody = `
const assert = (cond, what) => { if (!cond) { throw new Error("assertion failed: " + what); } };
const { sql, parse } = productStatsSQL({ table: "t", features: { x: "gaussian" }, dialect: "postgres" });
assert(sql.includes('"x"') && !/sum\\(x0 \\* x0\\)/.test(sql), "the statement quotes and centres");
const model = Product.fromJSON(parse([{ section: 0, y: 0, n: 3n, n0: 3, s0: 2, d0: 0, q0: 2 }]));
assert(model.marginals[0].mean === 2 && Math.abs(model.marginals[0].variance - 2 / 3) < 1e-15, "parse builds the model");
assert(logProbSQL(model, { dialect: DIALECTS.duckdb }).includes("CAST("), "logProbSQL");
console.log(JSON.stringify({ sql: sql.length }));
`;
  writeFileSync(
    join(dir, "sql.mjs"),
    `import { Product } from "ptheta";\nimport { DIALECTS, logProbSQL, productStatsSQL } from "ptheta/sql";\n${sqlBody}`,
  );
  writeFileSync(
    join(dir, "sql.cjs"),
    `const { Product } = require("ptheta");\nconst { DIALECTS, logProbSQL, productStatsSQL } = require("ptheta/sql");\n${sqlBody}`,
  );
  writeFileSync(
    join(dir, "api-sql.ts"),
    `import { NaiveBayes, type DecodedRow, type Label } from "ptheta";
import { fitNaiveBayes, logProbSQL, predictSQL, type Query, type NaiveBayesSqlOptions } from "ptheta/sql";
const query: Query = async () => [];
const options: NaiveBayesSqlOptions = { table: "t", target: "y", features: { x: "gaussian" }, dialect: "postgres" };
export async function fit(): Promise<string> {
  const model: NaiveBayes<Label, DecodedRow[]> = await fitNaiveBayes(query, options);
  return logProbSQL(await fitNaiveBayes(query, options)) + predictSQL(await fitNaiveBayes(query, options)) + String(model);
}
// @ts-expect-error dialect must be one ptheta knows
fitNaiveBayes(query, { ...options, dialect: "oracle" });
`,
  );

  // Type-level checks: the whole public API, plus misuses that must not compile.
  const api = `import {
  Gaussian, GaussianStats, Bernoulli, BernoulliStats, Categorical, CategoricalStats, createRng, logSumExp,
  type Rng, type Distribution, type SufficientStats, type BernoulliFitOptions, type CategoricalFitOptions,
  NaiveBayes,
} from "ptheta";

const rng: Rng = createRng(42);
const fixed: Rng = { next: () => 0.5 };
const u: number = rng.next();
const g = new Gaussian(0, 1);
const lp: number = g.logProb(0.5) + g.prob(0.5) + g.cdf(0.5) + g.logCdf(-40) + g.quantile(1e-300);
const moments: number = g.mean + g.variance + g.entropy() + g.std;
const one: number = g.sample(rng);
const many: Float64Array = g.sample(fixed, 10);
const into: Float64Array = g.sample(rng, 10, new Float64Array(10));
const ll: number = g.logLikelihood([1, 2, 3]) + g.logLikelihood(new Float64Array(3)) + g.logLikelihood({ length: 1, 0: 1 });
const fitted: Gaussian = Gaussian.fit([1, 2, 3]);
const s: GaussianStats = Gaussian.stats();
s.add(1).addAll([2, 3]).merge(Gaussian.stats().add(4));
const fromStats: Gaussian = Gaussian.fromStats(s);
const back: Gaussian = Gaussian.fromJSON(JSON.parse(JSON.stringify(g)));
const sBack: GaussianStats = Gaussian.statsFromJSON(JSON.parse(JSON.stringify(s)));
const count: number = s.count;

const bOpts: BernoulliFitOptions = { alpha: 1 };
const b: Bernoulli = Bernoulli.fit([0, 1, 1], bOpts);
const bs: BernoulliStats = Bernoulli.stats().addAll([0, 1]);
const bp: number = new Bernoulli(0.3).p + Bernoulli.fromStats(bs).logProb(1) + Bernoulli.fromJSON(b.toJSON()).entropy();
const cOpts: CategoricalFitOptions = { k: 3, alpha: 1 };
const c: Categorical = Categorical.fit([0, 1, 2], cOpts);
const cs: CategoricalStats = Categorical.stats().addAll([0, 2]);
const cp: number = new Categorical([0.2, 0.5, 0.3]).logProb(1) + Categorical.fromLogits([0, 1]).prob(0) + Categorical.fromStats(cs).k;
const probs: Float64Array = c.probs;
const draw: number = c.sample(rng);
const lse: number = logSumExp([1, 2, 3]);

const families: Array<Distribution<number>> = [g, b, c, fitted, fromStats, back];
const avg = (d: Distribution<number>, data: number[]): number => d.logLikelihood(data) / data.length;
const statsList: Array<SufficientStats<GaussianStats>> = [s, sBack];

// Misuses that must not type-check:
// @ts-expect-error mean and std are numbers
new Gaussian("0", 1);
// @ts-expect-error a Gaussian needs both parameters
new Gaussian(0);
// @ts-expect-error sample(rng) returns one number, not an array
const wrong: Float64Array = g.sample(rng);
// @ts-expect-error an Rng must have next()
g.sample({ random: () => 0.5 });
// @ts-expect-error logLikelihood takes numbers
g.logLikelihood(["1"]);
// @ts-expect-error mean is read-only
g.mean = 3;
// @ts-expect-error Bernoulli's fit options have no k
Bernoulli.fit([0, 1], { k: 2 });
// @ts-expect-error GaussianStats merge with BernoulliStats
s.merge(bs);
const nb = NaiveBayes.fit([[1, 0], [2, 1]], [0, 1], { features: "gaussian" });
const mixed = NaiveBayes.fit([[1, 0, 2], [2, 1, 0]], ["a", "b"], { features: ["gaussian", "bernoulli", "categorical"] });
const labels = nb.predict([[1, 0]]);
const pp: Float64Array = nb.predictProba([[1, 0]]).data;
const plp: Float64Array = nb.predictLogProba({ data: new Float64Array([1, 0]), rows: 1, cols: 2 }).row(0);
const jll: number = nb.jointLogLikelihood([[1, 0]]).rows;
const nbll: number = nb.logLikelihood([[1, 0]], [0]) + nb.logLikelihood([[1, 0]]);
const generated = mixed.sample(rng, 5);
const gx = generated.X;
const gy = generated.y;
nb.partialFit([[1.5, 0]], [0]);
const nbBack: NaiveBayes = NaiveBayes.fromJSON(JSON.parse(JSON.stringify(nb)));
const classes = nbBack.classes;
// @ts-expect-error features must be a known kind
NaiveBayes.fit([[1]], [0], { features: "weibull" });
export { labels, pp, plp, jll, nbll, gx, gy, classes };
export { u, lp, moments, one, many, into, ll, count, bp, cp, probs, draw, lse, families, avg, statsList, wrong };
`;
  writeFileSync(join(dir, "api.ts"), api);
  // The types of ptheta/testing: they name the main entry's classes (one declaration of each).
  writeFileSync(
    join(dir, "api-testing.ts"),
    `import fc from "fast-check";
import { Gaussian, GaussianStats, createRng } from "ptheta";
import {
  arbitraries, checkEstimator, chiSquareTest, expectSampledFrom, ksTest,
  type EstimatorFamily, type EstimatorProperty, type KsTestResult, type SampleTestResult,
} from "ptheta/testing";
const g: Gaussian = fc.sample(arbitraries.gaussian(), 1)[0]!;
const family: EstimatorFamily<Gaussian, GaussianStats> = Gaussian;
const properties: EstimatorProperty<Gaussian>[] = checkEstimator(family);
const ks: KsTestResult = ksTest(g.sample(createRng(1), 10), g);
const result: SampleTestResult = expectSampledFrom(g.sample(createRng(1), 10), g);
const df: number = chiSquareTest([1, 2, 3]).df;
// @ts-expect-error ksTest needs a distribution or a cdf
ksTest([1, 2], 3);
export { properties, ks, result, df };
`,
  );
  writeFileSync(
    join(dir, "cjs-consumer.cts"),
    `import ptheta = require("ptheta");\nimport testing = require("ptheta/testing");\nconst g: ptheta.Gaussian = new ptheta.Gaussian(0, 1);\nconst rng: ptheta.Rng = ptheta.createRng(1);\nexport const x: number = g.sample(rng);\nexport const p: number = testing.ksTest([x], g).pValue;\n// @ts-expect-error std must be a number\nnew ptheta.Gaussian(0, "1");\n`,
  );
  const compilerOptions = {
    strict: true,
    noEmit: true,
    target: "ES2020",
    lib: ["ES2020"],
    types: [],
    skipLibCheck: false,
  };
  writeFileSync(
    join(dir, "tsconfig.bundler.json"),
    JSON.stringify(
      {
        compilerOptions: { ...compilerOptions, module: "ESNext", moduleResolution: "Bundler" },
        files: ["api.ts", "api-testing.ts", "api-sql.ts"],
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(dir, "tsconfig.node16.json"),
    JSON.stringify(
      {
        compilerOptions: { ...compilerOptions, module: "Node16", moduleResolution: "Node16" },
        files: ["api.ts", "api-testing.ts", "api-sql.ts", "cjs-consumer.cts"],
      },
      null,
      2,
    ),
  );
}
