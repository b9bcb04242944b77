#!/usr/bin/env bash
# The whole test suite, exactly what CI runs (.ci/run calls this script).
#   formatting and lints (Rust and Solidity), every Rust test (real Groth16 proofs, cross-checked
#   with snarkjs and circomlibjs through node), every forge test, the gas snapshot check, and the
#   Python package's tests (pytest against the extension built from this workspace), and the
#   metrics test against a real Prometheus server (Debian's package, installed here).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
ensure_npm_toolchain
ensure_debian_packages

echo "==> cargo fmt --check"
cargo fmt --all --check
echo "==> cargo clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets --locked --quiet -- -D warnings
echo "==> forge fmt --check"
forge fmt --check
echo "==> forge build --sizes (before the Rust tests: the devnet deploys these artifacts)"
forge build --sizes
echo "==> cargo test (unit, integration, and tests/e2e on local anvil devnets)"
cargo test --workspace --locked
echo "==> python: the zkp_ledger extension into target/pyenv, pytest (python/tests: real proofs, a SQLite MLflow store, the devnet)"
ensure_python_env
# Built by cargo with the workspace's features (what cargo test just built is reused), not by
# `maturin develop`, whose `-p zkp-ledger-python` build resolves other features for shared
# dependencies (serde, digest, rand, ...) and so recompiles arkworks and most of the graph.
cargo build --workspace --lib --tests --locked --quiet
install_python_extension
"$PYENV/bin/python" -m pytest -q python/tests
echo "==> forge test"
forge test
echo "==> forge snapshot --check (one job: parallel runs vary some fuzz tests' mean gas)"
forge snapshot --check -j 1
echo "all tests passed"
