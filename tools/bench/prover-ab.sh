#!/usr/bin/env bash
# A/B of two zkp-ledger builds on the inclusion circuit (depth 20), alternating so that both see
# the same machine: OLD, NEW, then NEW with window tables (--tables), ROUNDS times, 30 proofs each.
# Prints one line per run: build, median prove ms, median MSM ms, fastest prove ms.
#
#   tools/bench/prover-ab.sh OLD_BINARY NEW_BINARY [ROUNDS]
# e.g. build the old commit in a worktree: git worktree add /tmp/old <commit> &&
#      (cd /tmp/old && cargo build --release -p zkp-ledger) && cp /tmp/old/target/release/zkp-ledger /tmp/zkp-old
set -euo pipefail
OLD="${1:?usage: prover-ab.sh OLD_BINARY NEW_BINARY [ROUNDS]}"
NEW="${2:?usage: prover-ab.sh OLD_BINARY NEW_BINARY [ROUNDS]}"
ROUNDS="${3:-5}"
field() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["prove_median_ms"], d["msm_median_ms"], d["prove_min_ms"])'; }
echo "build prove_median_ms msm_median_ms prove_min_ms"
for _ in $(seq "$ROUNDS"); do
  echo "old $("$OLD" --json bench prover --circuit inclusion --runs 30 | field)"
  echo "new $("$NEW" --json bench prover --circuit inclusion --runs 30 | field)"
  echo "new+tables $("$NEW" --json bench prover --circuit inclusion --runs 30 --tables | field)"
done
