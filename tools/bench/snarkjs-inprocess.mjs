// In-process snarkjs timings for the inclusion benchmark (called by tools/bench/snarkjs-inclusion.sh).
//
// Loads the zkey, witness, wasm, input and verifying key into memory once, then inside this one
// Node process: a cold first groth16.prove / groth16.verify (includes building the curve and
// starting snarkjs's worker threads), `--warmup` further untimed rounds, then `--runs` timed
// repetitions each of groth16.prove(zkey, wtns), groth16.verify(vk, public, proof),
// groth16.fullProve(input, wasm, zkey) and wtns.calculate(input, wasm). Every proof is checked with
// groth16.verify and its public signals against [root, leaf] of the input; any failure exits 1.
// Prints one JSON object on stdout (times in ms).
//
// Run: node tools/bench/snarkjs-inprocess.mjs --dir DIR [--runs 5] [--warmup 1]
// DIR holds circuit_final.zkey, witness.wtns, input.json, verification_key.json and
// inclusion_20_js/inclusion_20.wasm (the layout the benchmark script builds).
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import * as snarkjs from "snarkjs";

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}
const dir = arg("dir", null);
if (!dir) throw new Error("--dir is required");
const runs = Number(arg("runs", "5"));
const warmup = Number(arg("warmup", "1"));
const wasmPath = arg("wasm", path.join(dir, "inclusion_20_js/inclusion_20.wasm"));

const zkey = readFileSync(path.join(dir, "circuit_final.zkey"));
const wtns = readFileSync(path.join(dir, "witness.wtns"));
const wasm = readFileSync(wasmPath);
const input = JSON.parse(readFileSync(path.join(dir, "input.json"), "utf8"));
const vk = JSON.parse(readFileSync(path.join(dir, "verification_key.json"), "utf8"));
const expectedPublic = [input.root, input.leaf];

const log = (msg) => process.stderr.write(`  [in-process] ${msg}\n`);

async function timed(fn) {
  const t0 = performance.now();
  const result = await fn();
  return [performance.now() - t0, result];
}

async function checked({ proof, publicSignals }) {
  if (JSON.stringify(publicSignals) !== JSON.stringify(expectedPublic)) {
    throw new Error(`unexpected public signals ${JSON.stringify(publicSignals)}`);
  }
  if (!(await snarkjs.groth16.verify(vk, publicSignals, proof))) {
    throw new Error("snarkjs produced a proof that snarkjs does not verify");
  }
  return { proof, publicSignals };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  const median = s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  const r = (x) => Math.round(x * 10) / 10;
  return { median_ms: r(median), min_ms: r(s[0]), max_ms: r(s[s.length - 1]), samples_ms: xs.map(r) };
};

const [proveFirst, first] = await timed(() => snarkjs.groth16.prove(zkey, wtns));
const [verifyFirst, ok] = await timed(() =>
  snarkjs.groth16.verify(vk, first.publicSignals, first.proof),
);
if (!ok) throw new Error("first proof does not verify");
await checked(first);
log(`cold prove ${proveFirst.toFixed(0)} ms, cold verify ${verifyFirst.toFixed(0)} ms`);

for (let i = 0; i < warmup; i++) {
  await checked(await snarkjs.groth16.prove(zkey, wtns));
  await checked(await snarkjs.groth16.fullProve(input, wasm, zkey));
}

const prove = [];
const verify = [];
const fullprove = [];
const witness = [];
for (let i = 0; i < runs; i++) {
  const [tp, p] = await timed(() => snarkjs.groth16.prove(zkey, wtns));
  prove.push(tp);
  const [tv, valid] = await timed(() => snarkjs.groth16.verify(vk, p.publicSignals, p.proof));
  if (!valid) throw new Error("proof does not verify");
  verify.push(tv);
  await checked(p);
  const [tf, fp] = await timed(() => snarkjs.groth16.fullProve(input, wasm, zkey));
  fullprove.push(tf);
  await checked(fp);
  const out = { type: "mem" };
  const [tw] = await timed(() => snarkjs.wtns.calculate(input, wasm, out));
  witness.push(tw);
  log(
    `run ${i + 1}/${runs}: prove ${tp.toFixed(0)} ms, verify ${tv.toFixed(1)} ms, ` +
      `fullProve ${tf.toFixed(0)} ms, witness ${tw.toFixed(0)} ms`,
  );
}

const r = (x) => Math.round(x * 10) / 10;
process.stdout.write(
  JSON.stringify({
    runs,
    warmup_rounds: warmup,
    prove_cold_first_ms: r(proveFirst),
    verify_cold_first_ms: r(verifyFirst),
    prove: stats(prove),
    verify: stats(verify),
    fullprove: stats(fullprove),
    witness_calculate: stats(witness),
  }) + "\n",
);
// snarkjs keeps its curve's worker threads alive; do not wait for them.
process.exit(0);
