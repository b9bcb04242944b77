// Verifies many Groth16 proofs with snarkjs (an implementation independent of ours) in one node
// process, so the Rust tests can cross-check dozens of proofs without paying node's start-up each
// time.
//
// Input on stdin: {"cases": [{"vk": {...}, "proof": {...}, "public": [...]}, ...]} (snarkjs JSON).
// Output on stdout: {"results": [true | false | "error: ...", ...]}: snarkjs's verdict, or the
// message when snarkjs threw (a malformed point, for example) — which counts as a rejection.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const snarkjs = await import(pathToFileURL(path.join(root, "node_modules/snarkjs/main.js")).href);

const { cases } = JSON.parse(readFileSync(0, "utf8"));
const results = [];
for (const c of cases) {
  try {
    // The third argument silences snarkjs's own console logging.
    results.push(await snarkjs.groth16.verify(c.vk, c.public, c.proof, { info() {}, warn() {}, error() {}, debug() {} }));
  } catch (e) {
    results.push(`error: ${e && e.message ? e.message : String(e)}`);
  }
}
process.stdout.write(JSON.stringify({ results }) + "\n");
// snarkjs keeps worker threads alive; exit explicitly.
process.exit(0);
