#!/usr/bin/env bash
# Builds iden3's `build-circuit` (circom-witnesscalc), which compiles a circom circuit into the
# witness graph `zkp-ledger circom wtns/fullprove` accept in the wasm's place. Not a dependency of
# zkp-ledger: only the graph fixtures and the graph benchmark need it (docs/circom.md, "Fixtures").
#
# It is not on crates.io and its Cargo.toml takes circom's compiler crates from git, so it is built
# from two local checkouts (fetched by you; this script reaches no git host):
#   WITNESSCALC  iden3/circom-witnesscalc at 15ce5a6 (writes wtns.graph.001)
#   CIRCOM       olomix/circom at 22de6cb (the commit its Cargo.lock pins; circom 2.1.9)
# Its build script needs protoc and libclang: Debian's protobuf-compiler and libclang-dev are
# installed first (apt-get; sudo when not root).
#
# Usage: tools/circom/build-witnesscalc.sh WITNESSCALC CIRCOM
#   -> target/witnesscalc/release/build-circuit   (then: build-circuit CIRCUIT.circom OUT.graph.bin -l INCLUDE;
#      it leaves ir_log/ and log_input_signals.txt in its working directory: delete them after)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WITNESSCALC=$(cd "${1:?usage: $0 WITNESSCALC CIRCOM}" && pwd)
CIRCOM=$(cd "${2:?usage: $0 WITNESSCALC CIRCOM}" && pwd)
log() { printf '[build-witnesscalc] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
[[ -f $WITNESSCALC/Cargo.toml && -f $WITNESSCALC/src/bin/build-circuit.rs ]] \
  || die "$WITNESSCALC is not a circom-witnesscalc checkout"
[[ -f $CIRCOM/compiler/Cargo.toml ]] || die "$CIRCOM is not a circom checkout"

if ! command -v protoc >/dev/null || ! ldconfig -p | grep -Eq 'libclang(-[0-9]+)?\.so'; then
  log "apt-get install protobuf-compiler libclang-dev"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    protobuf-compiler libclang-dev
fi

# A copy whose circom dependencies are the local checkout (the original stays untouched).
WORK="$ROOT/target/witnesscalc/src"
rm -rf "$WORK"
mkdir -p "$WORK"
cp -r "$WITNESSCALC/." "$WORK/"
rm -rf "$WORK/.git"
for crate in compiler code_producers program_structure parser type_analysis constraint_generation; do
  sed -i "s|^$crate = { git = [^}]*}|$crate = { path = \"$CIRCOM/$crate\" }|" "$WORK/Cargo.toml"
done
grep -q 'git = ' "$WORK/Cargo.toml" && die "a git dependency is left in $WORK/Cargo.toml"
# Its own workspace, not zkp-ledger's (the copy lies below this repository).
printf '\n[workspace]\n' >> "$WORK/Cargo.toml"
log "cargo build --release --bin build-circuit (a few minutes: circom's compiler, fat LTO)"
CARGO_TARGET_DIR="$ROOT/target/witnesscalc" cargo build --release --bin build-circuit \
  --manifest-path "$WORK/Cargo.toml"
log "built $ROOT/target/witnesscalc/release/build-circuit"
