// Writes the input.json of the Circom fixtures that need computed inputs (eddsa, sha256, smt)
// into circuits/circom/fixtures/<name>/, with circomlibjs (an independent implementation of
// circomlib's hashes, curve and tree). Deterministic: fixed keys and messages.
//
// Usage (from the repository root, after `npm ci`): node tools/circom/fixture-inputs.mjs
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { buildEddsa, newMemEmptyTrie } from "circomlibjs";

const dir = (name) => new URL(`../../circuits/circom/fixtures/${name}/`, import.meta.url);
const write = (name, input) => {
  const text = JSON.stringify(input, (_, v) => (typeof v === "bigint" ? v.toString() : v), 1);
  writeFileSync(new URL("input.json", dir(name)), text + "\n");
};

// EdDSA-Poseidon: a fixed private key signs the message 1234.
{
  const eddsa = await buildEddsa();
  const F = eddsa.babyJub.F;
  const prv = Buffer.from("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "hex");
  const pub = eddsa.prv2pub(prv);
  const msg = F.e(1234n);
  const sig = eddsa.signPoseidon(prv, msg);
  if (!eddsa.verifyPoseidon(msg, sig, pub)) throw new Error("circomlibjs rejects its own signature");
  write("eddsa", {
    Ax: F.toObject(pub[0]),
    Ay: F.toObject(pub[1]),
    M: F.toObject(msg),
    S: sig.S,
    R8x: F.toObject(sig.R8[0]),
    R8y: F.toObject(sig.R8[1]),
  });
}

// SHA-256 of an 8-byte message, as bits (most significant bit of the first byte first).
{
  const message = Buffer.from("zkpledgr", "ascii");
  const bits = [];
  for (const byte of message) for (let i = 7; i >= 0; i--) bits.push((byte >> i) & 1);
  write("sha256", { in: bits });
  const digest = createHash("sha256").update(message).digest("hex");
  // The circuit's public outputs, for the fixture's README.
  console.log(`sha256("zkpledgr") = ${digest}`);
  console.log(`  hash[0] = ${BigInt("0x" + digest.slice(0, 32))}`);
  console.log(`  hash[1] = ${BigInt("0x" + digest.slice(32))}`);
}

// Sparse Merkle tree (circomlibjs, Poseidon) with keys 1..8; prove key 5's inclusion.
{
  const LEVELS = 10;
  const tree = await newMemEmptyTrie();
  const F = tree.F;
  for (let k = 1n; k <= 8n; k++) await tree.insert(k, 1000n + k);
  const key = 5n;
  const found = await tree.find(key);
  if (!found.found) throw new Error("key 5 not found");
  const siblings = found.siblings.map((s) => F.toObject(s));
  if (siblings.length > LEVELS) throw new Error("tree deeper than the circuit");
  while (siblings.length < LEVELS) siblings.push(0n);
  write("smt", { root: F.toObject(tree.root), key, value: F.toObject(found.foundValue), siblings });
}
