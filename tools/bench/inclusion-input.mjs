// Builds a witness input for circuits/circom/inclusion.circom: a Poseidon Merkle tree of fixed
// depth (default 20) holding `--leaves` leaf values (default 1000), filled from the left, and the
// inclusion path of the leaf at `--index` (default 777). Prints the circuit's input JSON
// ({root, leaf, pathIndices, siblings}, decimal strings) on stdout, or writes it to `--out FILE`.
//
// zkp-ledger's tree conventions (crates/merkle): a leaf value v sits in the tree as its leaf node
// Poseidon([v]); an inner node is Poseidon([left, right]); empty slots hold 0, so the root of an
// empty subtree of height h is z_0 = 0, z_{h+1} = Poseidon([z_h, z_h]); pathIndices[h] = bit h of
// the leaf index (1 = the path's node is the right child at height h). Poseidon is circomlibjs's
// implementation of circomlib's Poseidon, independent of our Rust one.
//
// The tree is computed sparsely: only the non-empty prefix of every level is stored, and missing
// right-hand nodes are the precomputed empty-subtree roots (a depth-20 tree never materialises its
// 2^20 slots). The script recomputes the root from the emitted path as a self-check.
//
// Run: node tools/bench/inclusion-input.mjs [--depth 20] [--leaves 1000] [--index 777]
//      [--seed 1] [--out input.json] [--reference]
// `--reference` uses circomlibjs's slow BigInt buildPoseidonReference instead of buildPoseidon.
import { writeFileSync } from "node:fs";
import { buildPoseidon, buildPoseidonReference } from "circomlibjs";

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}
const depth = Number(arg("depth", "20"));
const nLeaves = Number(arg("leaves", "1000"));
const index = Number(arg("index", "777"));
const seed = BigInt(arg("seed", "1"));
const out = arg("out", null);
const reference = process.argv.includes("--reference");

if (!Number.isInteger(depth) || depth < 1 || depth > 32) throw new Error(`bad depth ${depth}`);
if (!Number.isInteger(nLeaves) || nLeaves < 1 || nLeaves > 2 ** depth) {
  throw new Error(`bad leaf count ${nLeaves} for depth ${depth}`);
}
if (!Number.isInteger(index) || index < 0 || index >= nLeaves) {
  throw new Error(`index ${index} is not a leaf of a tree with ${nLeaves} leaves`);
}

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const poseidon = reference ? await buildPoseidonReference() : await buildPoseidon();
const F = poseidon.F;
const H = (xs) => F.toObject(poseidon(xs));

// Deterministic full-width leaf values (xorshift64 over BigInt, reduced mod r).
let s = 0x9e3779b97f4a7c15n ^ seed;
const next64 = () => {
  s ^= (s << 13n) & 0xffffffffffffffffn;
  s ^= s >> 7n;
  s ^= (s << 17n) & 0xffffffffffffffffn;
  return s;
};
const randomField = () =>
  ((next64() << 192n) | (next64() << 128n) | (next64() << 64n) | next64()) % R;
const values = Array.from({ length: nLeaves }, randomField);

// Empty-subtree roots.
const empty = [0n];
for (let h = 0; h < depth; h++) empty.push(H([empty[h], empty[h]]));

// Sparse levels: levels[h] holds the non-empty prefix of height h.
const levels = [values.map((v) => H([v]))];
for (let h = 0; h < depth; h++) {
  const below = levels[h];
  const level = [];
  for (let i = 0; i < below.length; i += 2) {
    level.push(H([below[i], i + 1 < below.length ? below[i + 1] : empty[h]]));
  }
  levels.push(level);
}
const root = levels[depth][0];

const pathIndices = [];
const siblings = [];
for (let h = 0, i = index; h < depth; h++, i >>= 1) {
  pathIndices.push(i & 1);
  const sib = i ^ 1;
  siblings.push(sib < levels[h].length ? levels[h][sib] : empty[h]);
}

// Self-check: walk the path up with the convention the circuit implements.
let node = H([values[index]]);
for (let h = 0; h < depth; h++) {
  node = pathIndices[h] ? H([siblings[h], node]) : H([node, siblings[h]]);
}
if (node !== root) throw new Error("self-check failed: path does not reach the root");

const input = {
  root: root.toString(),
  leaf: values[index].toString(),
  pathIndices: pathIndices.map(String),
  siblings: siblings.map(String),
};
const text = JSON.stringify(input, null, 1) + "\n";
if (out) {
  writeFileSync(out, text);
  process.stderr.write(
    `inclusion-input: depth ${depth}, ${nLeaves} leaves, index ${index}, root ${input.root} -> ${out}\n`,
  );
} else {
  process.stdout.write(text);
}
// buildPoseidon starts worker threads; do not wait for them.
process.exit(0);
