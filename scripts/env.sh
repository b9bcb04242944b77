# Shared by the scripts: repository root, the pinned npm toolchain on PATH, and `npm ci` when
# node_modules does not match package-lock.json. Source it; do not run it.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:$PATH"

ensure_npm_toolchain() {
  # npm ci installs exactly package-lock.json; skip it when that is what node_modules holds.
  if ! cmp -s "$ROOT/package-lock.json" "$ROOT/node_modules/.package-lock.json.zkp-ledger" 2>/dev/null; then
    echo "==> npm ci (forge, anvil, cast, solc-js, snarkjs, circomlib(js), circom2: versions in package-lock.json)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$ROOT/package-lock.json" "$ROOT/node_modules/.package-lock.json.zkp-ledger"
  fi
}

# The Python test environment: a venv in target/pyenv with python/requirements-test.txt's pinned
# packages (maturin, pytest, pandas, pyarrow); remade when that file changes.
PYENV="$ROOT/target/pyenv"
ensure_python_env() {
  if ! cmp -s "$ROOT/python/requirements-test.txt" "$PYENV/requirements-test.txt" 2>/dev/null; then
    echo "==> python venv (target/pyenv: versions in python/requirements-test.txt)"
    rm -rf "$PYENV"
    python3 -m venv "$PYENV"
    "$PYENV/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/python/requirements-test.txt"
    cp "$ROOT/python/requirements-test.txt" "$PYENV/requirements-test.txt"
  fi
}

# Installs the extension cargo built (target/debug/lib_native.so) into python/zkp_ledger and puts
# python/ on the venv's path: an editable install, as `maturin develop` makes one.
install_python_extension() {
  local target="${CARGO_TARGET_DIR:-$ROOT/target}" site
  cp "$target/debug/lib_native.so" "$ROOT/python/zkp_ledger/_native.abi3.so"
  site="$("$PYENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  echo "$ROOT/python" > "$site/zkp_ledger.pth"
}

# Debian packages the tests need: `prometheus` (the server and promtool, for the metrics test in
# tests/e2e/metrics.rs). Installed with apt-get when a binary is missing; the package may start a
# system service, which no test relies on (the test starts its own server on loopback).
DEBIAN_PACKAGES=(prometheus)
ensure_debian_packages() {
  if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
    echo "==> apt-get install ${DEBIAN_PACKAGES[*]}"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${DEBIAN_PACKAGES[@]}"
  fi
}
