#!/usr/bin/env bash
# The main job end to end: installs what it needs (npm toolchain, release build), then runs
# `zkp-ledger demo`, which explains each step with its figures. Extra arguments go to the demo
# (see `zkp-ledger demo --help`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
ensure_npm_toolchain
echo "==> cargo build --release (first time: a few minutes)"
cargo build --release --locked --quiet -p zkp-ledger
exec "$ROOT/target/release/zkp-ledger" demo "$@"
