// Assembles bench/wasm/log-joint.wat into bench/wasm/log-joint-module.ts (the bytes as base64, so
// that the module loads without a separate file): `npx tsx bench/wasm/assemble.ts`. No
// devDependency assembles WAT, so this knows the small subset the file uses: one imported
// memory, one exported function with i32 parameters, and flat instructions (no folded
// s-expressions). An instruction it does not know is an error naming the line.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const here = import.meta.dirname;

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};

const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
};

const name = (s: string): number[] => [...uleb(s.length), ...new TextEncoder().encode(s)];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

const TYPES: Record<string, number> = { i32: 0x7f, f64: 0x7c, v128: 0x7b };
const SIMPLE: Record<string, number[]> = {
  "i32.add": [0x6a],
  "i32.sub": [0x6b],
  "i32.mul": [0x6c],
  "i32.shl": [0x74],
  "i32.lt_u": [0x49],
  "i32.gt_u": [0x4b],
  "i32.le_u": [0x4d],
  "i32.ge_u": [0x4f],
  "f64.add": [0xa0],
  "f64.sub": [0xa1],
  "f64.mul": [0xa2],
  "f64x2.add": [0xfd, ...uleb(240)],
  "f64x2.sub": [0xfd, ...uleb(241)],
  "f64x2.mul": [0xfd, ...uleb(242)],
  end: [0x0b],
};
/** Loads and stores: opcode bytes; the memory argument (align 2³: f64 alignment, offset) follows. */
const MEMORY: Record<string, number[]> = { "f64.load": [0x2b], "f64.store": [0x39], "v128.load": [0xfd, 0x00] };
const BLOCKS: Record<string, number> = { block: 0x02, loop: 0x03, if: 0x04 };

/** The module's bytes from the text of a .wat file in the subset above. */
export function assemble(wat: string): Uint8Array<ArrayBuffer> {
  const text = wat.replace(/;;.*$/gm, "");
  const memory = /\(import "env" "memory" \(memory (\d+)\)\)/.exec(text);
  const func = /\(func \$\w+ \(export "(\w+)"\)/.exec(text);
  if (memory === null || func === null) throw new Error("expected an imported memory and one exported function");
  const locals = new Map<string, number>();
  const params: number[] = [];
  const localTypes: number[] = [];
  for (const m of text.matchAll(/\((param|local) \$(\w+) (\w+)\)/g)) {
    locals.set(m[2]!, locals.size);
    (m[1] === "param" ? params : localTypes).push(TYPES[m[3]!]!);
  }
  const body: number[] = [];
  const labels: Array<string | null> = [];
  const lines = text // instructions; the module's, function's and declarations' lines open or close a paren
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith(")") && !l.startsWith("("));
  const local = (n: string) => {
    const index = locals.get(n.slice(1));
    if (index === undefined) throw new Error(`unknown local ${n}`);
    return uleb(index);
  };
  for (const line of lines) {
    const [op, ...args] = line.split(/\s+/);
    if (op === undefined) continue;
    if (op in SIMPLE) {
      if (op === "end") labels.pop();
      body.push(...SIMPLE[op]!);
    } else if (op in BLOCKS) {
      labels.push(args[0] ?? null);
      body.push(BLOCKS[op]!, 0x40);
    } else if (op in MEMORY) {
      const offset = Number(/^offset=(\d+)$/.exec(args[0] ?? "offset=0")![1]);
      body.push(...MEMORY[op]!, 3, ...uleb(offset));
    } else if (op === "br" || op === "br_if") {
      const at = labels.lastIndexOf(args[0]!);
      if (at < 0) throw new Error(`unknown label in "${line}"`);
      body.push(op === "br" ? 0x0c : 0x0d, ...uleb(labels.length - 1 - at));
    } else if (op === "local.get" || op === "local.set" || op === "local.tee") {
      body.push({ "local.get": 0x20, "local.set": 0x21, "local.tee": 0x22 }[op], ...local(args[0]!));
    } else if (op === "i32.const") {
      body.push(0x41, ...sleb(Number(args[0])));
    } else if (op === "v128.const" && args[0] === "i64x2" && args[1] === "0" && args[2] === "0") {
      body.push(0xfd, 0x0c, ...new Array<number>(16).fill(0));
    } else if (op === "f64x2.extract_lane") {
      body.push(0xfd, 0x21, Number(args[0]));
    } else {
      throw new Error(`assemble.ts does not know "${line}"`);
    }
  }
  if (labels.length !== 0) throw new Error("unbalanced block/loop/if and end");
  const grouped: number[][] = [];
  for (const t of localTypes) {
    const last = grouped[grouped.length - 1];
    if (last !== undefined && last[1] === t) last[0]!++;
    else grouped.push([1, t]);
  }
  const code = [...vec(grouped.map(([n, t]) => [...uleb(n!), t!])), ...body, 0x0b];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec(params.map((p) => [p])), 0]])),
    ...section(2, vec([[...name("env"), ...name("memory"), 0x02, 0x00, ...uleb(Number(memory[1]))]])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...name(func[1]!), 0x00, 0]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
}

/** The .wat file's path: the text the module is assembled from. */
export const LOG_JOINT_WAT = join(here, "log-joint.wat");

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  const bytes = assemble(readFileSync(LOG_JOINT_WAT, "utf8"));
  if (!WebAssembly.validate(bytes)) throw new Error("the assembled module does not validate");
  writeFileSync(
    join(here, "log-joint-module.ts"),
    `// Generated by bench/wasm/assemble.ts from bench/wasm/log-joint.wat: do not edit.\n` +
      `/** The module's ${bytes.length} bytes, base64 (${Math.ceil(bytes.length / 3) * 4} characters in a bundle). */\n` +
      `export const LOG_JOINT_WASM =\n  "${Buffer.from(bytes).toString("base64")}";\n`,
  );
  console.log(`bench/wasm/log-joint-module.ts: ${bytes.length} bytes`);
}
