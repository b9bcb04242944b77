#!/usr/bin/env bash
# Makes the committed Circom fixtures read by crates/circom's tests: for each circuit
# circuits/circom/fixtures/<name>/<name>.circom with its input.json, real circom2 and snarkjs
# outputs in the same directory:
#
#   <name>.r1cs              circom2 --r1cs
#   <name>.wasm              circom2 --wasm: the witness generator (deterministic, like the r1cs)
#   <name>.wtns              snarkjs wtns calculate (from the circuit's wasm and input.json)
#   <name>.zkey              snarkjs groth16 setup + one zkey contribute
#   verification_key.json    snarkjs zkey export verificationkey
#   proof.json, public.json  snarkjs groth16 prove (checked with snarkjs groth16 verify)
#
# Intermediates (the wasm's JavaScript glue, ptau, the first zkey) go to
# target/circom-fixtures/<name>/ and are not committed; a powers of tau there is reused, and a
# larger one than a circuit needs serves it too (snarkjs's setup takes the powers it needs).
# Inputs that must be computed (signatures, trees) come from tools/circom/fixture-inputs.mjs. snarkjs mixes OS randomness into the contribution
# and proofs are randomised, so a re-run gives different (equally valid) files: commit a
# directory's files together.
#
# With --bench CHAIN, instead makes a larger circuit that is never committed: CHAIN chained
# Poseidon(2) hashes (about 240 constraints each) in target/circom-fixtures/bench-<CHAIN>/,
# for measuring how fast a big zkey reads (crates/circom/examples/read_time.rs). To keep that
# within minutes on two cores it skips what does not change the key's points much: the key is
# the setup's bench-<CHAIN>.zkey itself (no zkey contribution, no `zkey verify`, no proof). Such
# a key is for timing only (its delta is the generator, which zkp-ledger's verifier refuses).
# The powers of tau does get its contribution: without one tau = 1, and nearly every point of
# the key would be the point at infinity.
#
# Usage (from anywhere): tools/circom/make-fixtures.sh [NAME...] | --bench CHAIN
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" # circom2 (WASI) only sees files below its working directory: run it from the root.

CIRCOM=node_modules/.bin/circom2
SNARKJS=node_modules/.bin/snarkjs
# circomlib's circuits are copied below target/ (circom2 cannot follow a node_modules symlink that
# leaves the working directory).
INCLUDE=target/circom-fixtures/include
CIRCOM_FLAGS=(--r1cs --wasm --O2 -l "$INCLUDE")
ENTROPY="zkp-ledger test fixture: fixed entropy text, not a real ceremony"

log() { printf '[make-fixtures] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
for tool in "$CIRCOM" "$SNARKJS"; do
  [[ -x $tool ]] || die "$tool missing: run 'npm ci' in $ROOT"
done
mkdir -p "$INCLUDE/circomlib"
rm -rf "$INCLUDE/circomlib/circuits"
cp -rL node_modules/circomlib/circuits "$INCLUDE/circomlib/circuits"
quiet() {
  local logfile="$BUILD/last-command.log"
  if ! "$@" >"$logfile" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$logfile" >&2
    die "command failed: $*"
  fi
}

# ptau POWER: a prepared powers of tau of at least 2^POWER in target/circom-fixtures/ (the
# smallest one there, else a new one of 2^POWER, made once).
ptau() {
  local power=$1 dir=target/circom-fixtures p
  for ((p = power; p <= 28; p++)); do
    [[ -s $dir/pot${p}_final.ptau ]] && { echo "$dir/pot${p}_final.ptau"; return; }
  done
  local out="$dir/pot${power}_final.ptau"
  if [[ ! -s $out ]]; then
    log "powers of tau 2^$power (new, contribute, prepare phase2)"
    quiet "$SNARKJS" powersoftau new bn128 "$power" "$dir/pot${power}_0000.ptau"
    quiet "$SNARKJS" powersoftau contribute "$dir/pot${power}_0000.ptau" "$dir/pot${power}_0001.ptau" \
      --name="zkp-ledger fixture" -e="$ENTROPY"
    quiet "$SNARKJS" powersoftau prepare phase2 "$dir/pot${power}_0001.ptau" "$out.tmp"
    mv "$out.tmp" "$out"
    rm -f "$dir/pot${power}_0000.ptau" "$dir/pot${power}_0001.ptau"
  fi
  echo "$out"
}

# build NAME CIRCUIT INPUT DEST: compile, set up, witness, prove; outputs in DEST.
build() {
  local name=$1 circuit=$2 input=$3 dest=$4
  BUILD=target/circom-fixtures/$name
  mkdir -p "$BUILD" "$dest"
  local base
  base=$(basename "$circuit" .circom)
  # A compiled circuit newer than its source is reused (delete target/circom-fixtures/NAME after
  # changing circomlib).
  if [[ $BUILD/$base.r1cs -nt $circuit && -s $BUILD/${base}_js/$base.wasm ]]; then
    log "$name: reusing $BUILD/$base.r1cs and its wasm (newer than $circuit)"
  else
    log "$name: circom2 $circuit ${CIRCOM_FLAGS[*]}"
    quiet "$CIRCOM" "$circuit" "${CIRCOM_FLAGS[@]}" -o "$BUILD"
  fi
  local info
  info=$("$SNARKJS" r1cs info "$BUILD/$base.r1cs" 2>&1 | sed 's/\x1b\[[0-9;]*m//g')
  field() { sed -n "s/.*# of $1: \([0-9]*\).*/\1/p" <<<"$info"; }
  local constraints pub outputs
  constraints=$(field Constraints)
  pub=$(field "Public Inputs")
  outputs=$(field Outputs)
  log "$name: $constraints constraints, $pub public inputs, $outputs outputs"
  # snarkjs's groth16 setup needs 2^power >= constraints + public inputs + outputs + 1.
  local n=$((constraints + pub + outputs)) power=0
  while ((n >> power)); do power=$((power + 1)); done
  ((power < 8)) && power=8
  local pt
  pt=$(ptau "$power")
  if [[ -n ${BENCH:-} ]]; then
    log "$name: groth16 setup (2^$power), witness"
    quiet "$SNARKJS" groth16 setup "$BUILD/$base.r1cs" "$pt" "$dest/$name.zkey"
    quiet "$SNARKJS" wtns calculate "$BUILD/${base}_js/$base.wasm" "$input" "$dest/$name.wtns"
    log "$name: done: $dest/$name.{r1cs,wtns,zkey}"
    return
  fi
  log "$name: groth16 setup (2^$power), contribute, verify, export verification key"
  quiet "$SNARKJS" groth16 setup "$BUILD/$base.r1cs" "$pt" "$BUILD/${name}_0000.zkey"
  quiet "$SNARKJS" zkey contribute "$BUILD/${name}_0000.zkey" "$dest/$name.zkey" \
    --name="zkp-ledger fixture" -e="$ENTROPY"
  quiet "$SNARKJS" zkey verify "$BUILD/$base.r1cs" "$pt" "$dest/$name.zkey"
  quiet "$SNARKJS" zkey export verificationkey "$dest/$name.zkey" "$dest/verification_key.json"
  cp "$BUILD/$base.r1cs" "$dest/$name.r1cs"
  cp "$BUILD/${base}_js/$base.wasm" "$dest/$name.wasm"
  log "$name: witness, check, prove, verify"
  quiet "$SNARKJS" wtns calculate "$BUILD/${base}_js/$base.wasm" "$input" "$dest/$name.wtns"
  quiet "$SNARKJS" wtns check "$dest/$name.r1cs" "$dest/$name.wtns"
  quiet "$SNARKJS" groth16 prove "$dest/$name.zkey" "$dest/$name.wtns" "$dest/proof.json" "$dest/public.json"
  quiet "$SNARKJS" groth16 verify "$dest/verification_key.json" "$dest/public.json" "$dest/proof.json"
  grep -q 'OK!' "$BUILD/last-command.log" || die "snarkjs does not verify the $name proof"
  log "$name: done, $(du -cb "$dest"/* | tail -n1 | cut -f1) bytes in $dest"
}

if [[ ${1:-} == --bench ]]; then
  chain=${2:?usage: $0 --bench CHAIN}
  BENCH=1
  name=bench-$chain
  dir=target/circom-fixtures/$name
  mkdir -p "$dir"
  cat >"$dir/$name.circom" <<CIRCUIT
pragma circom 2.0.0;
include "circomlib/circuits/poseidon.circom";
// $chain chained Poseidon(2) hashes (benchmark circuit made by tools/circom/make-fixtures.sh).
template Chain(n) {
    signal input a;
    signal input b;
    signal output out;
    component h[n];
    for (var i = 0; i < n; i++) {
        h[i] = Poseidon(2);
        h[i].inputs[0] <== i == 0 ? a : h[i - 1].out;
        h[i].inputs[1] <== b;
    }
    out <== h[n - 1].out;
}
component main {public [a]} = Chain($chain);
CIRCUIT
  echo '{ "a": "1", "b": "2" }' >"$dir/input.json"
  build "$name" "$dir/$name.circom" "$dir/input.json" "$dir"
  exit 0
fi

names=("$@")
((${#names[@]})) || names=(poseidon)
for name in "${names[@]}"; do
  src=circuits/circom/fixtures/$name
  build "$name" "$src/$name.circom" "$src/input.json" "$src"
done
