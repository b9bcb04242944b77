#!/usr/bin/env bash
# Makes the ~100,000-constraint benchmark circuit of issue 13 (tools/circom/bench/
# poseidon_chain_416.circom: 416 chained Poseidon(2), 99,840 constraints, domain 2^17) with
# zkp-ledger alone after circom2: compile (circom2 from npm), set up with `zkp-ledger circom
# setup` on a prepared powers of tau of power 17 or more, export the verification key (snarkjs,
# for `snarkjs groth16 verify`), compute the witness (snarkjs, for the prove-from-.wtns timing).
# Everything goes to target/circom-bench/poseidon_chain_416/ (never committed: the r1cs is 48 MB, the key 58 MB).
#
# The powers of tau: PTAU=path to a prepared one (power >= 17). To make one (outside the repo):
#   S=node_modules/.bin/snarkjs
#   $S powersoftau new bn128 17 pot17_0000.ptau
#   $S powersoftau contribute pot17_0000.ptau pot17_0001.ptau --name=bench -e="some entropy"
#   target/release/zkp-ledger circom prepare-phase2 pot17_0001.ptau pot17_final.ptau
# The key made here is the initial one (delta = the generator): for timing only.
#
# Usage (from anywhere, after `cargo build --release -p zkp-ledger` and `npm ci`):
#   PTAU=.../pot17_final.ptau tools/circom/make-bench-100k.sh
# then tools/circom/bench-fullprove.sh target/circom-bench/poseidon_chain_416 poseidon_chain_416
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" # circom2 (WASI) only sees files below its working directory: run it from the root.

NAME=poseidon_chain_416
SRC=tools/circom/bench/$NAME.circom
CIRCOM=node_modules/.bin/circom2
SNARKJS=node_modules/.bin/snarkjs
BIN=${ZKP_LEDGER:-${CARGO_TARGET_DIR:-target}/release/zkp-ledger}
OUT=target/circom-bench/$NAME
INCLUDE=target/circom-fixtures/include

log() { printf '[make-bench-100k] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
[[ -n ${PTAU:-} && -s $PTAU ]] || die "set PTAU to a prepared powers of tau of power >= 17"
[[ -x $BIN ]] || die "$BIN missing: cargo build --release -p zkp-ledger (or set ZKP_LEDGER)"
for tool in "$CIRCOM" "$SNARKJS"; do
  [[ -x $tool ]] || die "$tool missing: run 'npm ci' in $ROOT"
done
mkdir -p "$OUT" "$INCLUDE/circomlib"
# circomlib is copied below target/ (circom2 cannot follow a node_modules symlink that leaves the
# working directory), as make-fixtures.sh does.
rm -rf "$INCLUDE/circomlib/circuits"
cp -rL node_modules/circomlib/circuits "$INCLUDE/circomlib/circuits"

log "circom2 $SRC"
"$CIRCOM" "$SRC" --r1cs --wasm --O2 -l "$INCLUDE" -o "$OUT" >"$OUT/circom.log" 2>&1 \
  || { cat "$OUT/circom.log" >&2; die "circom2 failed"; }
cp "$OUT/${NAME}_js/$NAME.wasm" "$OUT/$NAME.wasm"
cp tools/circom/bench/$NAME.input.json "$OUT/input.json"
log "zkp-ledger circom setup ($PTAU)"
"$BIN" circom setup "$OUT/$NAME.r1cs" "$PTAU" --out "$OUT/$NAME.zkey" >&2
"$SNARKJS" zkey export verificationkey "$OUT/$NAME.zkey" "$OUT/verification_key.json" >/dev/null
"$SNARKJS" wtns calculate "$OUT/$NAME.wasm" "$OUT/input.json" "$OUT/$NAME.wtns" >/dev/null
log "done: $OUT/$NAME.{r1cs,wasm,zkey,wtns}, verification_key.json, input.json"
