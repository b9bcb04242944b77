#!/usr/bin/env bash
# snarkjs side of the inclusion benchmark: proves the depth-20 Poseidon Merkle inclusion statement
# (circuits/circom/inclusion_20.circom, the Circom equivalent of our Rust circuit) with snarkjs and
# times it, so the Rust prover's figures have an independent point of comparison.
#
# Steps (all outputs cached in target/bench-fixtures/snarkjs-inclusion-20/; a step whose outputs
# exist is skipped; changing the circuit sources or compiler flags invalidates the compiled
# circuit and keys, not the powers of tau):
#   1. circom2 --O2 -> r1cs + wasm;  `snarkjs r1cs info` -> constraint count;
#   2. powers of tau of the smallest power the circuit fits (2^13 for depth 20): new, one
#      contribution with fixed entropy text (non-interactive), prepare phase2;
#   3. groth16 setup, one zkey contribution (fixed entropy text), export verification_key.json;
#   4. input.json for a real path (tools/bench/inclusion-input.mjs: 1000-leaf depth-20 tree,
#      index 777), witness with `snarkjs wtns calculate`;
#   5. timings, each the median of RUNS (default 5) runs: whole-process `snarkjs wtns calculate`,
#      `snarkjs groth16 prove`, `snarkjs groth16 fullprove`, `snarkjs groth16 verify`; then in one
#      Node process (tools/bench/snarkjs-inprocess.mjs, after a warm-up): groth16.prove,
#      groth16.verify, groth16.fullProve, wtns.calculate. Every proof made is verified.
# Prints one JSON object on stdout; progress goes to stderr.
#
# Run from anywhere: tools/bench/snarkjs-inclusion.sh   (env: RUNS=5, WARMUP=2)
# Note: snarkjs mixes OS randomness into the "fixed entropy" contributions, so the keys are not
# bit-reproducible; that does not matter for timing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" # circom2 (WASI) only sees files below its working directory: run it from the root.

RUNS="${RUNS:-5}"
WARMUP="${WARMUP:-2}"
OUT=target/bench-fixtures/snarkjs-inclusion-20
NAME=inclusion_20
CIRCUIT=circuits/circom/$NAME.circom
CIRCOM=node_modules/.bin/circom2
SNARKJS=node_modules/.bin/snarkjs
CIRCOM_FLAGS=(--r1cs --wasm --sym --O2 -l node_modules)
ENTROPY="zkp-ledger snarkjs inclusion benchmark: fixed entropy text, not a real ceremony"

log() { printf '[snarkjs-inclusion] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

for tool in "$CIRCOM" "$SNARKJS"; do
  [[ -x $tool ]] || die "$tool missing: run 'npm ci' in $ROOT"
done
mkdir -p "$OUT"
LOGFILE="$OUT/last-command.log"

# Runs a command quietly (output to $LOGFILE); shows the log and fails if it fails.
quiet() {
  if ! "$@" >"$LOGFILE" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$LOGFILE" >&2
    die "command failed: $*"
  fi
}
# Prints the wall time of one quiet run of a command, in ms with 0.1 ms resolution.
wall_ms() {
  local t0 t1
  t0=$EPOCHREALTIME
  quiet "$@"
  t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }'
}
# Times RUNS quiet runs of a command; prints the samples space-separated.
sample_ms() {
  local label=$1 samples="" t i
  shift
  for ((i = 1; i <= RUNS; i++)); do
    t=$(wall_ms "$@")
    log "  $label run $i/$RUNS: $t ms"
    samples+="${samples:+ }$t"
  done
  printf '%s' "$samples"
}
need() { # need FILE...: true if any is missing
  local f
  for f in "$@"; do [[ -s $f ]] || return 0; done
  return 1
}

circom_version=$("$CIRCOM" --version 2>/dev/null | sed -n 's/^circom compiler //p' | head -n1)
loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)
rustc_start=$(pgrep -c -x rustc || true)

# --- 1. compile -------------------------------------------------------------------------------
stamp=$(
  {
    cat circuits/circom/inclusion.circom "$CIRCUIT" node_modules/circomlib/circuits/poseidon.circom \
      node_modules/circomlib/circuits/poseidon_constants.circom
    echo "${CIRCOM_FLAGS[*]}"
    node -p 'require("circom2/package.json").version'
  } | sha256sum | cut -d' ' -f1
)
if [[ ! -f $OUT/circuit.stamp || $(cat "$OUT/circuit.stamp") != "$stamp" ]]; then
  log "circuit sources or flags changed (or first run): dropping compiled circuit and keys"
  rm -rf "$OUT/$NAME.r1cs" "$OUT/$NAME.sym" "$OUT/${NAME}_js" "$OUT"/circuit_*.zkey \
    "$OUT/verification_key.json"
fi
if need "$OUT/$NAME.r1cs" "$OUT/${NAME}_js/$NAME.wasm"; then
  log "compiling $CIRCUIT with circom2 ${CIRCOM_FLAGS[*]}"
  t=$(wall_ms "$CIRCOM" "$CIRCUIT" "${CIRCOM_FLAGS[@]}" -o "$OUT")
  log "  compiled in $t ms"
  echo "$stamp" >"$OUT/circuit.stamp"
fi

info=$("$SNARKJS" r1cs info "$OUT/$NAME.r1cs" 2>&1 | sed 's/\x1b\[[0-9;]*m//g')
field() { sed -n "s/.*# of $1: \([0-9]*\).*/\1/p" <<<"$info"; }
constraints=$(field Constraints)
pub_inputs=$(field "Public Inputs")
priv_inputs=$(field "Private Inputs")
outputs=$(field Outputs)
wires=$(field Wires)
[[ -n $constraints && -n $pub_inputs && -n $outputs ]] || die "cannot parse 'snarkjs r1cs info': $info"
log "r1cs: $constraints constraints, $pub_inputs public inputs, $priv_inputs private inputs, $wires wires"

# snarkjs's groth16 setup needs 2^power >= constraints + public inputs + outputs + 1 (bit length).
n=$((constraints + pub_inputs + outputs))
power=0
while ((n >> power)); do power=$((power + 1)); done
((power < 8)) && power=8

# --- 2. powers of tau ---------------------------------------------------------------------------
PTAU="$OUT/pot${power}_final.ptau"
if need "$PTAU"; then
  log "powers of tau 2^$power: new"
  t=$(wall_ms "$SNARKJS" powersoftau new bn128 "$power" "$OUT/pot${power}_0000.ptau")
  log "  $t ms; contribute"
  t=$(wall_ms "$SNARKJS" powersoftau contribute "$OUT/pot${power}_0000.ptau" \
    "$OUT/pot${power}_0001.ptau" --name="zkp-ledger bench" -e="$ENTROPY")
  log "  $t ms; prepare phase2"
  t=$(wall_ms "$SNARKJS" powersoftau prepare phase2 "$OUT/pot${power}_0001.ptau" "$PTAU.tmp")
  mv "$PTAU.tmp" "$PTAU"
  rm -f "$OUT/pot${power}_0000.ptau" "$OUT/pot${power}_0001.ptau"
  log "  $t ms"
fi

# --- 3. groth16 setup ---------------------------------------------------------------------------
ZKEY="$OUT/circuit_final.zkey"
VK="$OUT/verification_key.json"
if need "$ZKEY"; then
  log "groth16 setup"
  t=$(wall_ms "$SNARKJS" groth16 setup "$OUT/$NAME.r1cs" "$PTAU" "$OUT/circuit_0000.zkey")
  log "  $t ms; zkey contribute"
  t=$(wall_ms "$SNARKJS" zkey contribute "$OUT/circuit_0000.zkey" "$ZKEY.tmp" \
    --name="zkp-ledger bench" -e="$ENTROPY")
  mv "$ZKEY.tmp" "$ZKEY"
  rm -f "$OUT/circuit_0000.zkey" "$VK"
  log "  $t ms"
fi
if need "$VK"; then
  log "exporting verification key"
  quiet "$SNARKJS" zkey export verificationkey "$ZKEY" "$VK"
fi

# --- 4. input and witness -----------------------------------------------------------------------
log "input: depth-20 tree, 1000 leaves, path of leaf 777"
quiet node tools/bench/inclusion-input.mjs --depth 20 --leaves 1000 --index 777 --out "$OUT/input.json"
WASM="$OUT/${NAME}_js/$NAME.wasm"
quiet "$SNARKJS" wtns calculate "$WASM" "$OUT/input.json" "$OUT/witness.wtns"
quiet "$SNARKJS" wtns check "$OUT/$NAME.r1cs" "$OUT/witness.wtns"

# --- 5. timings ---------------------------------------------------------------------------------
# The machine is shared with builds: sample the load and the other heavy processes (rustc, forge)
# every second while timing, and report them with the figures.
SAMPLES="$OUT/load-samples.txt"
: >"$SAMPLES"
(
  while :; do
    printf '%s %s\n' "$(cut -d' ' -f1 /proc/loadavg)" \
      "$(($(pgrep -c -x rustc || true) + $(pgrep -c -x forge || true)))" >>"$SAMPLES"
    sleep 1
  done
) </dev/null >/dev/null 2>&1 &
SAMPLER=$!
trap 'kill "$SAMPLER" 2>/dev/null || true' EXIT
log "whole process, $RUNS runs each (machine load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
wtns_samples=$(sample_ms "wtns calculate" "$SNARKJS" wtns calculate "$WASM" "$OUT/input.json" "$OUT/witness.wtns")
prove_samples=$(sample_ms "groth16 prove" "$SNARKJS" groth16 prove "$ZKEY" "$OUT/witness.wtns" \
  "$OUT/proof.json" "$OUT/public.json")
fullprove_samples=$(sample_ms "groth16 fullprove" "$SNARKJS" groth16 fullprove "$OUT/input.json" \
  "$WASM" "$ZKEY" "$OUT/proof_fullprove.json" "$OUT/public_fullprove.json")
verify_samples=$(sample_ms "groth16 verify" "$SNARKJS" groth16 verify "$VK" "$OUT/public.json" "$OUT/proof.json")
grep -q 'OK!' "$LOGFILE" || die "snarkjs groth16 verify did not print OK!"
quiet "$SNARKJS" groth16 verify "$VK" "$OUT/public_fullprove.json" "$OUT/proof_fullprove.json"
grep -q 'OK!' "$LOGFILE" || die "fullprove's proof does not verify"
# Negative check: the proof must not verify against a different leaf.
node -e 'const p=JSON.parse(require("fs").readFileSync(process.argv[1]));p[1]=String(BigInt(p[1])+1n);
  require("fs").writeFileSync(process.argv[2],JSON.stringify(p))' "$OUT/public.json" "$OUT/public_wrong.json"
if "$SNARKJS" groth16 verify "$VK" "$OUT/public_wrong.json" "$OUT/proof.json" >"$LOGFILE" 2>&1; then
  die "a proof verified against a wrong public input"
fi
log "proofs verify with snarkjs groth16 verify (and a wrong leaf is rejected)"

log "in one Node process: $WARMUP warm-up round(s), then $RUNS runs"
inproc=$(node tools/bench/snarkjs-inprocess.mjs --dir "$OUT" --runs "$RUNS" --warmup "$WARMUP")

loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)
rustc_end=$(pgrep -c -x rustc || true)
kill "$SAMPLER" 2>/dev/null || true

# --- report -------------------------------------------------------------------------------------
CIRCOM_VERSION=$circom_version CONSTRAINTS=$constraints PUB=$pub_inputs PRIV=$priv_inputs WIRES=$wires POWER=$power RUNS=$RUNS \
  WTNS="$wtns_samples" PROVE="$prove_samples" FULLPROVE="$fullprove_samples" VERIFY="$verify_samples" \
  INPROC="$inproc" LOAD0="$loadavg_start" LOAD1="$loadavg_end" RUSTC0="$rustc_start" RUSTC1="$rustc_end" SAMPLES="$SAMPLES" \
  node --input-type=module -e '
import { readFileSync } from "node:fs";
import os from "node:os";
const e = process.env;
const stats = (s) => {
  const xs = s.trim().split(/\s+/).map(Number);
  const t = [...xs].sort((a, b) => a - b);
  const m = t.length >> 1;
  const median = t.length % 2 ? t[m] : (t[m - 1] + t[m]) / 2;
  return { median_ms: Math.round(median * 10) / 10, min_ms: t[0], max_ms: t[t.length - 1], samples_ms: xs };
};
const version = (p) => JSON.parse(readFileSync(`node_modules/${p}/package.json`, "utf8")).version;
const out = {
  benchmark: "snarkjs groth16, Poseidon Merkle inclusion, depth 20",
  circuit: "circuits/circom/inclusion_20.circom",
  input: "tools/bench/inclusion-input.mjs --depth 20 --leaves 1000 --index 777",
  compiler: `circom ${e.CIRCOM_VERSION} via circom2 ${version("circom2")}, --O2 -l node_modules`,
  snarkjs: version("snarkjs"),
  node: process.version,
  constraints: Number(e.CONSTRAINTS),
  public_inputs: Number(e.PUB),
  private_inputs: Number(e.PRIV),
  wires: Number(e.WIRES),
  ptau_power: Number(e.POWER),
  runs: Number(e.RUNS),
  proof_verified: true,
  whole_process: {
    wtns_calculate: stats(e.WTNS),
    groth16_prove: stats(e.PROVE),
    groth16_fullprove: stats(e.FULLPROVE),
    groth16_verify: stats(e.VERIFY),
  },
  in_process: JSON.parse(e.INPROC),
  machine: {
    cpus: os.cpus().length,
    loadavg_start: e.LOAD0,
    loadavg_end: e.LOAD1,
    rustc_processes_start: Number(e.RUSTC0 || 0),
    rustc_processes_end: Number(e.RUSTC1 || 0),
    ...(() => {
      const rows = readFileSync(e.SAMPLES, "utf8").trim().split("\n").filter(Boolean)
        .map((l) => l.split(" ").map(Number));
      return {
        samples_1s: rows.length,
        samples_with_rustc_or_forge_running: rows.filter((r) => r[1] > 0).length,
        loadavg1_max: Math.max(...rows.map((r) => r[0])),
      };
    })(),
  },
};
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
'
