#!/usr/bin/env bash
# Whole processes, zkp-ledger against snarkjs, one run each in the same run, each timed by
# /usr/bin/time -v (wall, user CPU, peak RSS) with the load average (`uptime`) just before it:
#
#   fullprove   zkp-ledger circom fullprove  /  snarkjs groth16 fullprove   (witness included)
#   witness     zkp-ledger circom wtns       /  snarkjs wtns calculate
#   prove       zkp-ledger circom prove      /  snarkjs groth16 prove       (from the same .wtns)
#
# Every proof is checked with `snarkjs groth16 verify`, and the public signals compared.
# DIR holds NAME.wasm, NAME.zkey, NAME.wtns, input.json and verification_key.json (a committed
# fixture, circuits/circom/fixtures/NAME, or what make-bench-100k.sh makes).
#
# Usage: tools/circom/bench-fullprove.sh DIR NAME   (env: ZKP_LEDGER=target/release/zkp-ledger)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR=$(cd "${1:?usage: $0 DIR NAME}" && pwd)
NAME=${2:?usage: $0 DIR NAME}
cd "$ROOT"
BIN=${ZKP_LEDGER:-${CARGO_TARGET_DIR:-target}/release/zkp-ledger}
SNARKJS=node_modules/.bin/snarkjs
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

log() { printf '[bench-fullprove] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
[[ -x $BIN ]] || die "$BIN missing: cargo build --release -p zkp-ledger (or set ZKP_LEDGER)"
[[ -x $SNARKJS ]] || die "$SNARKJS missing: run 'npm ci' in $ROOT"
for f in "$NAME.wasm" "$NAME.zkey" "$NAME.wtns" input.json verification_key.json; do
  [[ -s $DIR/$f ]] || die "$DIR/$f missing"
done

# measure LABEL CMD...: one run under /usr/bin/time -v; prints LABEL, load, wall, user, RSS.
measure() {
  local label=$1 load
  shift
  load=$(uptime | sed 's/.*load average: //')
  /usr/bin/time -v "$@" >"$OUT/stdout" 2>"$OUT/time" || { cat "$OUT/time" >&2; die "$label failed"; }
  local wall user rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$OUT/time")
  user=$(sed -n 's/.*User time (seconds): //p' "$OUT/time")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$OUT/time")
  printf '%-28s load %-18s wall %9s  user %7s s  peak RSS %7s KB\n' "$label" "$load" "$wall" "$user" "$rss"
}
verify() {
  "$SNARKJS" groth16 verify "$DIR/verification_key.json" "$1" "$2" 2>&1 | grep -q 'OK!' \
    || die "snarkjs groth16 verify refuses $2"
}
same_public() {
  node -e 'const f = (p) => JSON.stringify(JSON.parse(require("fs").readFileSync(p)));
    process.exit(f(process.argv[1]) === f(process.argv[2]) ? 0 : 1)' "$1" "$2" \
    || die "$1 and $2 differ"
}

echo "circuit $NAME ($DIR), $(date -u '+%F %H:%M UTC'), $(nproc) cores"
measure "zkp-ledger circom fullprove" "$BIN" -q circom fullprove "$DIR/input.json" "$DIR/$NAME.wasm" \
  "$DIR/$NAME.zkey" --proof "$OUT/ours-proof.json" --public "$OUT/ours-public.json"
measure "snarkjs groth16 fullprove" "$SNARKJS" groth16 fullprove "$DIR/input.json" "$DIR/$NAME.wasm" \
  "$DIR/$NAME.zkey" "$OUT/snarkjs-proof.json" "$OUT/snarkjs-public.json"
measure "zkp-ledger circom wtns" "$BIN" -q circom wtns "$DIR/input.json" "$DIR/$NAME.wasm" \
  --out "$OUT/ours.wtns"
measure "snarkjs wtns calculate" "$SNARKJS" wtns calculate "$DIR/$NAME.wasm" "$DIR/input.json" \
  "$OUT/snarkjs.wtns"
measure "zkp-ledger circom prove" "$BIN" -q circom prove "$DIR/$NAME.zkey" "$DIR/$NAME.wtns" \
  --proof "$OUT/ours-proof2.json" --public "$OUT/ours-public2.json"
measure "snarkjs groth16 prove" "$SNARKJS" groth16 prove "$DIR/$NAME.zkey" "$DIR/$NAME.wtns" \
  "$OUT/snarkjs-proof2.json" "$OUT/snarkjs-public2.json"
cmp -s "$OUT/ours.wtns" "$OUT/snarkjs.wtns" || die "the two witnesses differ"
verify "$OUT/ours-public.json" "$OUT/ours-proof.json"
verify "$OUT/snarkjs-public.json" "$OUT/snarkjs-proof.json"
verify "$OUT/ours-public2.json" "$OUT/ours-proof2.json"
verify "$OUT/snarkjs-public2.json" "$OUT/snarkjs-proof2.json"
same_public "$OUT/ours-public.json" "$OUT/snarkjs-public.json"
same_public "$OUT/ours-public2.json" "$OUT/snarkjs-public2.json"
echo "all four proofs verify with snarkjs groth16 verify; witnesses equal byte for byte"
