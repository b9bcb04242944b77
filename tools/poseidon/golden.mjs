// Golden vectors for Poseidon (circomlib parameters), computed by circomlibjs, an implementation
// independent of ours. Writes crates/poseidon/tests/vectors/circomlibjs.json.
//
// Run: node tools/poseidon/golden.mjs
// With `--stdin`, reads {"cases": [[input, ...], ...]} (decimal strings) from standard input and
// prints {"outputs": [...]} instead; the Rust test suite uses that for fresh random vectors.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { buildPoseidonReference } from "circomlibjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const version = JSON.parse(
  readFileSync(path.join(root, "node_modules/circomlibjs/package.json"), "utf8"),
).version;

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const poseidon = await buildPoseidonReference();
const F = poseidon.F;
const hash = (inputs) => F.toString(poseidon(inputs.map((x) => BigInt(x))));

if (process.argv.includes("--stdin")) {
  const { cases } = JSON.parse(readFileSync(0, "utf8"));
  process.stdout.write(JSON.stringify({ outputs: cases.map(hash) }) + "\n");
  process.exit(0);
}

// A small deterministic generator (xorshift over BigInt) so the file is reproducible.
let s = 0x2545f4914f6cdd1dn;
const next64 = () => {
  s ^= (s << 13n) & 0xffffffffffffffffn;
  s ^= s >> 7n;
  s ^= (s << 17n) & 0xffffffffffffffffn;
  return s;
};
const randomField = () => ((next64() << 192n) | (next64() << 128n) | (next64() << 64n) | next64()) % R;

const cases = [];
for (let n = 1; n <= 8; n++) {
  const inputsList = [
    Array.from({ length: n }, () => 0n),
    Array.from({ length: n }, (_, i) => BigInt(i + 1)),
    Array.from({ length: n }, () => R - 1n),
    Array.from({ length: n }, (_, i) => (i % 2 === 0 ? R - 1n : 0n)),
    Array.from({ length: n }, () => (1n << 64n) - 1n),
    ...Array.from({ length: 4 }, () => Array.from({ length: n }, randomField)),
  ];
  for (const inputs of inputsList) {
    cases.push({ inputs: inputs.map(String), output: hash(inputs) });
  }
}
const out = {
  source: `circomlibjs ${version} buildPoseidonReference(), via tools/poseidon/golden.mjs`,
  field: "BN254 scalar field r, decimal strings",
  cases,
};
const file = path.join(root, "crates/poseidon/tests/vectors/circomlibjs.json");
writeFileSync(file, JSON.stringify(out, null, 1) + "\n");
console.log(`wrote ${cases.length} vectors to ${file}`);
