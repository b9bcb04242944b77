#!/usr/bin/env bash
# `zkp-ledger circom prove` against `snarkjs groth16 prove` on a committed Circom fixture (default
# sha256), same zkey, same witness, same run: RUNS rounds (default 5) after one warm-up round,
# the two provers alternating within each round; every proof made is checked with
# `snarkjs groth16 verify`. Reports medians: whole process for both, and zkp-ledger's in-process
# proving time (its --json prove_ms: zkey and wtns already read).
#
# Usage (from anywhere, after `cargo build --release -p zkp-ledger` and `npm ci`):
#   tools/circom/bench-prove.sh [NAME]     (env: RUNS=5, ZKP_LEDGER=target/release/zkp-ledger)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
NAME=${1:-sha256}
RUNS=${RUNS:-5}
BIN=${ZKP_LEDGER:-${CARGO_TARGET_DIR:-target}/release/zkp-ledger}
SNARKJS=node_modules/.bin/snarkjs
DIR=circuits/circom/fixtures/$NAME
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

log() { printf '[bench-prove] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
[[ -x $BIN ]] || die "$BIN missing: cargo build --release -p zkp-ledger (or set ZKP_LEDGER)"
[[ -x $SNARKJS ]] || die "$SNARKJS missing: run 'npm ci' in $ROOT"
[[ -s $DIR/$NAME.zkey ]] || die "no fixture $DIR"

now() { echo "$EPOCHREALTIME"; }
elapsed_ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'; }
median() { tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
verify() {
  "$SNARKJS" groth16 verify "$DIR/verification_key.json" "$1" "$2" 2>&1 | grep -q 'OK!' \
    || die "snarkjs groth16 verify refuses $2"
}

ours="" snark="" inproc=""
for ((i = 0; i <= RUNS; i++)); do
  t0=$(now)
  json=$("$BIN" --json circom prove "$DIR/$NAME.zkey" "$DIR/$NAME.wtns" \
    --proof "$OUT/ours-proof.json" --public "$OUT/ours-public.json")
  t1=$(now)
  "$SNARKJS" groth16 prove "$DIR/$NAME.zkey" "$DIR/$NAME.wtns" "$OUT/snarkjs-proof.json" \
    "$OUT/snarkjs-public.json" >/dev/null 2>&1 || die "snarkjs groth16 prove failed"
  t2=$(now)
  verify "$OUT/ours-public.json" "$OUT/ours-proof.json"
  verify "$OUT/snarkjs-public.json" "$OUT/snarkjs-proof.json"
  # Same signals (snarkjs indents by one space and ends without a newline; zkp-ledger by two).
  node -e 'const f = (p) => JSON.stringify(JSON.parse(require("fs").readFileSync(p)));
    process.exit(f(process.argv[1]) === f(process.argv[2]) ? 0 : 1)' \
    "$OUT/ours-public.json" "$OUT/snarkjs-public.json" || die "public.json differs"
  a=$(elapsed_ms "$t0" "$t1") b=$(elapsed_ms "$t1" "$t2")
  p=$(sed -n 's/.*"prove_ms": \([0-9.]*\).*/\1/p' <<<"$json")
  if ((i == 0)); then
    log "warm-up: zkp-ledger $a ms, snarkjs $b ms"
    continue
  fi
  log "run $i/$RUNS: zkp-ledger $a ms (proving $p ms), snarkjs $b ms"
  ours+="$a " snark+="$b " inproc+="$p "
done
mo=$(median <<<"${ours% }") ms=$(median <<<"${snark% }") mp=$(median <<<"${inproc% }")
ratio=$(awk -v a="$mo" -v b="$ms" 'BEGIN { printf "%.1f", b / a }')
printf '{"circuit":"%s","runs":%d,"zkp_ledger_whole_ms":%s,"zkp_ledger_prove_ms":%s,"snarkjs_whole_ms":%s,"ratio_whole":%s}\n' \
  "$NAME" "$RUNS" "$mo" "$mp" "$ms" "$ratio"
