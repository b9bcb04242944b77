#!/usr/bin/env bash
# The prover benchmark of BENCHMARKS.md: zkp-ledger's in-process figures for the inclusion
# (depth 20) and dataset (1024 x 8) circuits, each in its own process so peak memory is per
# circuit; whole-process `zkp-ledger prove inclusion` runs; and snarkjs proving the equivalent
# Circom circuit (tools/bench/snarkjs-inclusion.sh) in the same run.
# Prints the raw JSON of each part, then a markdown summary.
#
# The inclusion circuit runs twice: as `zkp-ledger prove` does, and with the proving key's window
# tables built first (`--tables`, a prover that makes many proofs with one key).
#
# Run from anywhere: tools/bench/prover.sh      (env: RUNS=30 DATASET_RUNS=3 SKIP_DATASET=1)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
RUNS="${RUNS:-30}"
DATASET_RUNS="${DATASET_RUNS:-3}"
Z="$ROOT/target/release/zkp-ledger"

echo "==> cargo build --release" >&2
cargo build --release --locked --quiet -p zkp-ledger
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

echo "==> zkp-ledger bench prover --circuit inclusion --runs $RUNS" >&2
"$Z" --json bench prover --circuit inclusion --runs "$RUNS" > "$TMP/inclusion.json"
echo "==> zkp-ledger bench prover --circuit inclusion --runs $RUNS --tables" >&2
"$Z" --json bench prover --circuit inclusion --runs "$RUNS" --tables > "$TMP/inclusion_tables.json"
if [ "${SKIP_DATASET:-0}" != 1 ]; then
  echo "==> zkp-ledger bench prover --circuit dataset --runs $DATASET_RUNS (minutes)" >&2
  "$Z" --json bench prover --circuit dataset --runs "$DATASET_RUNS" > "$TMP/dataset.json"
else
  echo '{}' > "$TMP/dataset.json"
fi

echo "==> whole-process zkp-ledger prove inclusion (10 runs)" >&2
python3 -c "import random; random.seed(1); print('\n'.join(str(random.randrange(1<<250)) for _ in range(1000)))" > "$TMP/leaves.txt"
"$Z" setup inclusion --out "$TMP/keys" -q
python3 - "$Z" "$TMP" > "$TMP/process.json" <<'PY'
import json, statistics, subprocess, sys, time
z, tmp = sys.argv[1], sys.argv[2]
def run(args):
    t = time.perf_counter(); subprocess.run(args, check=True, stdout=subprocess.DEVNULL); return (time.perf_counter() - t) * 1e3
prove = [run([z, "prove", "inclusion", "--keys", f"{tmp}/keys", "--leaves", f"{tmp}/leaves.txt", "--index", "777", "--out", f"{tmp}/p{i}", "-q"]) for i in range(10)]
verify = [run([z, "verify", "--keys", f"{tmp}/keys", "--proof", f"{tmp}/p0/proof.json", "--public", f"{tmp}/p0/public.json", "-q"]) for _ in range(10)]
print(json.dumps({"prove_ms": statistics.median(prove), "verify_ms": statistics.median(verify)}))
PY

echo "==> snarkjs (tools/bench/snarkjs-inclusion.sh)" >&2
tools/bench/snarkjs-inclusion.sh > "$TMP/snarkjs.json"

for f in inclusion inclusion_tables dataset process snarkjs; do echo "--- $f"; cat "$TMP/$f.json"; done
python3 - "$TMP" <<'PY'
import json, sys
t = sys.argv[1]
inc, inct, ds, proc, sj = (json.load(open(f"{t}/{n}.json")) for n in ("inclusion", "inclusion_tables", "dataset", "process", "snarkjs"))
def g(d, *ks):
    for k in ks:
        if isinstance(d, dict) and k in d: d = d[k]
        else: return None
    return d
print("\n| circuit | constraints | setup | prove (median) | verify (median) | proving key | peak memory |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for name, d in (("inclusion, depth 20", inc), ("inclusion, depth 20, window tables", inct), ("dataset, 1024 x 8", ds)):
    if not d: continue
    print(f"| {name} | {d['constraints']:,} | {d['setup_ms']/1e3:.2f} s | {d['prove_median_ms']:.1f} ms | {d['verify_median_ms']:.2f} ms | {d['proving_key_bytes']/1e6:.1f} MB | {d['peak_rss_bytes']/1e6:.0f} MB |")
print(json.dumps({"snarkjs": sj}, indent=1)[:4000])
print(f"\nwindow tables: built in {inct['tables_ms']:.0f} ms, {inct['tables_bytes']/1e6:.1f} MB")
print(f"\nwhole process: zkp-ledger prove inclusion {proc['prove_ms']:.0f} ms, verify {proc['verify_ms']:.0f} ms")
PY
