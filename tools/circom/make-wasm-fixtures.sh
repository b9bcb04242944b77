#!/usr/bin/env bash
# Makes the committed witness-generation fixtures read by crates/circom's tests (the wasm
# witness calculator), with circom2 and snarkjs from npm:
#
#   circuits/circom/fixtures/poseidon/poseidon.wasm   the witness wasm of poseidon.circom, compiled
#                                                     as tools/circom/make-fixtures.sh compiles it
#                                                     (same circom2, same flags); circom's output
#                                                     is deterministic, so it matches poseidon.r1cs
#                                                     and poseidon.wtns committed beside it
#   circuits/circom/fixtures/assert/assert.wasm       assert.circom's witness wasm
#   circuits/circom/fixtures/assert/assert.wtns       snarkjs wtns calculate of its input.json,
#                                                     checked with snarkjs wtns check
#
# Intermediates go to target/circom-wasm-fixtures/. Usage (from anywhere):
# tools/circom/make-wasm-fixtures.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" # circom2 (WASI) only sees files below its working directory: run it from the root.

CIRCOM=node_modules/.bin/circom2
SNARKJS=node_modules/.bin/snarkjs
BUILD=target/circom-wasm-fixtures
INCLUDE=$BUILD/include
# The flags of make-fixtures.sh.
CIRCOM_FLAGS=(--r1cs --wasm --O2 -l "$INCLUDE")

log() { printf '[make-wasm-fixtures] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
for tool in "$CIRCOM" "$SNARKJS"; do
  [[ -x $tool ]] || die "$tool missing: run 'npm ci' in $ROOT"
done
mkdir -p "$INCLUDE/circomlib"
rm -rf "$INCLUDE/circomlib/circuits"
cp -rL node_modules/circomlib/circuits "$INCLUDE/circomlib/circuits"
quiet() {
  if ! "$@" >"$BUILD/last-command.log" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$BUILD/last-command.log" >&2
    die "command failed: $*"
  fi
}

# compile NAME: circom2 on circuits/circom/fixtures/NAME/NAME.circom, the wasm copied beside it.
compile() {
  local name=$1 src=circuits/circom/fixtures/$1
  mkdir -p "$BUILD/$name"
  log "$name: circom2 $src/$name.circom ${CIRCOM_FLAGS[*]}"
  quiet "$CIRCOM" "$src/$name.circom" "${CIRCOM_FLAGS[@]}" -o "$BUILD/$name"
  cp "$BUILD/$name/${name}_js/$name.wasm" "$src/$name.wasm"
}

compile poseidon
cmp -s "$BUILD/poseidon/poseidon.r1cs" circuits/circom/fixtures/poseidon/poseidon.r1cs ||
  die "poseidon.r1cs differs from the committed one: regenerate the poseidon fixture with make-fixtures.sh"

compile assert
src=circuits/circom/fixtures/assert
log "assert: snarkjs wtns calculate, wtns check"
quiet "$SNARKJS" wtns calculate "$src/assert.wasm" "$src/input.json" "$src/assert.wtns"
quiet "$SNARKJS" wtns check "$BUILD/assert/assert.r1cs" "$src/assert.wtns"
grep -q 'WITNESS IS CORRECT' "$BUILD/last-command.log" || die "snarkjs wtns check refused assert.wtns"
log "done"
