#!/usr/bin/env bash
# The "From Python" figures of BENCHMARKS.md: the same table committed (and proven) by the CLI
# from a Parquet file and by zkp_ledger from a pandas DataFrame already in memory, one run each,
# with wall time, CPU time (user + system) and peak RSS of each process.
#
#   commit: ROWS rows (default 1,000,000): `zkp-ledger commit t.parquet` against
#           `zl.commit(df)` (the DataFrame crosses as Arrow through the C stream interface).
#   prove:  PROVE_ROWS rows (default 20,000), committed once by the CLI: `zkp-ledger prove
#           dataset` from the Parquet file against `zl.prove(c, df)`, the same claims and keys.
#
# Every commit uses the same opening and key cache (made by a first, unmeasured CLI commit), so
# all commitments of the table must be equal: the script checks it, and that both proofs verify
# with equal statements. Prints one JSON line per measurement or check.
#
# Needs release builds: the CLI ($Z, default target/release/zkp-ledger) and the extension
# installed for $PY (default target/pyenv/bin/python; e.g. `pip install ./`, or the release
# lib_native.so copied to python/zkp_ledger/_native.abi3.so as scripts/env.sh does for debug).
# Run from anywhere: tools/bench/python-dataset.sh   (env: ROWS, PROVE_ROWS, DIR, Z, PY)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROWS="${ROWS:-1000000}"
PROVE_ROWS="${PROVE_ROWS:-20000}"
Z="${Z:-$ROOT/target/release/zkp-ledger}"
PY="${PY:-$ROOT/target/pyenv/bin/python}"
DIR="${DIR:-$(mktemp -d)}"
mkdir -p "$DIR"
cd "$DIR"
rm -rf warm cli py pc pcli ppy

echo "==> tables: $ROWS and $PROVE_ROWS rows (numpy seed 7) as Parquet" >&2
"$PY" - "$ROWS" "$PROVE_ROWS" <<'PY'
import sys
import numpy as np
import pandas as pd

def table(rows):
    rng = np.random.default_rng(7)
    return pd.DataFrame({
        "age": rng.integers(18, 91, rows),
        "income": rng.integers(0, 20_000_000, rows) / 100,
        "score": rng.integers(-500, 501, rows),
        "label": rng.choice(["cat", "dog", "bird", "fish"], rows),
    })

table(int(sys.argv[1])).to_parquet("t.parquet", index=False)
table(int(sys.argv[2])).to_parquet("p.parquet", index=False)
PY

echo "==> warm-up: the chunk key (made once) and the opening every run reuses" >&2
"$Z" -q commit t.parquet --out warm --keys keys >&2

# One process under /usr/bin/time -v: its output, then its JSON figures (wall, cpu, peak RSS).
timed() {
  local what="$1"; shift
  /usr/bin/time -v -o "$DIR/time.txt" "$@" > "$DIR/out.txt"
  cat "$DIR/out.txt"
  "$PY" - "$what" "$DIR/time.txt" <<'PY'
import json, re, sys
t = open(sys.argv[2]).read()
get = lambda k: re.search(re.escape(k) + r": (.*)", t).group(1).strip()
wall = get("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")
secs = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
cpu = float(get("User time (seconds)")) + float(get("System time (seconds)"))
print(json.dumps({"run": sys.argv[1], "process_wall_s": round(secs, 2),
                  "process_cpu_s": round(cpu, 2),
                  "peak_rss_mb": round(int(get("Maximum resident set size (kbytes)")) / 1024)}))
PY
}

# zkp_ledger in a fresh process: the call's own wall and CPU time, peak RSS before and after it.
cat > "$DIR/run.py" <<'PY'
import json, resource, sys, time
import pandas as pd
import zkp_ledger as zl

kind, data = sys.argv[1], sys.argv[2]
df = pd.read_parquet(data)
ru = lambda: resource.getrusage(resource.RUSAGE_SELF)
before = ru()
t, c0 = time.perf_counter(), time.process_time()
if kind == "commit":
    r = zl.commit(df, "py", opening="warm/opening.json", keys="keys", progress=False)
    extra = {"entry": r.entry}
else:
    statements = {"age": zl.Range(18, 90), "income": zl.Mean(max=250_000),
                  "score": zl.SumSquaresMax(10_000_000_000),
                  "label": [zl.In(["cat", "dog", "bird", "fish"]), zl.Count("cat", min=1)]}
    r = zl.prove("pc", df, "ppy", statements, keys="keys", progress=False)
    extra = {"chunks": r.chunks_proven, "entry": r.entry}
wall, cpu = time.perf_counter() - t, time.process_time() - c0
after = ru()
print(json.dumps({"run": f"python {kind} (the call)", "call_wall_s": round(wall, 2),
                  "call_cpu_s": round(cpu, 2),
                  "dataframe_mb": round(df.memory_usage(deep=True).sum() / 2**20),
                  "peak_rss_before_call_mb": round(before.ru_maxrss / 1024),
                  "peak_rss_mb": round(after.ru_maxrss / 1024), **extra}))
PY

echo "==> commit: CLI from Parquet, then Python from the DataFrame" >&2
uptime >&2
timed "cli commit" "$Z" -q commit t.parquet --out cli --opening warm/opening.json --keys keys
timed "python commit (process)" "$PY" "$DIR/run.py" commit t.parquet
"$PY" - warm/commitment.json cli/commitment.json py/commitment.json <<'PY'
import json, sys
a, b, c = (json.load(open(p)) for p in sys.argv[1:])
assert a == b == c, "the CLI's and Python's commitments differ"
print(json.dumps({"check": "warm-up, CLI and Python commitment.json are equal"}))
PY

echo "==> prove: $PROVE_ROWS rows committed by the CLI; CLI from Parquet, then Python from the DataFrame" >&2
"$Z" -q commit p.parquet --out pc --keys keys >&2
uptime >&2
timed "cli prove dataset" "$Z" -q prove dataset pc --data p.parquet --out pcli --keys keys \
  --range age=18..90 --mean income=..250000 --sumsq-max score=10000000000 \
  --in label=cat,dog,bird,fish --count label=cat:1..
timed "python prove (process)" "$PY" "$DIR/run.py" prove p.parquet
"$Z" -q verify dataset ppy >&2 && "$Z" -q verify dataset pcli >&2
cmp pcli/statement.json ppy/statement.json && echo '{"check": "both proofs verify; statement.json equal"}'
