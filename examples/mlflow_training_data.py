"""A training set notarized, tracked in MLflow, anchored on the local devnet, and checked back
from the run: the whole Python flow, top to bottom.

Run from the repository (the devnet deploys its contracts from here), with the package and
mlflow installed, e.g. in the venv scripts/test.sh makes:

    target/pyenv/bin/python examples/mlflow_training_data.py            # 200,000 rows
    ROWS=50000 target/pyenv/bin/python examples/mlflow_training_data.py

It writes everything under ./mlflow-example/ (the MLflow store included; remove it to start
again). The first run on a machine makes the chunk key for this table's shape (minutes, then
cached in ~/.cache/zkp-ledger).
"""

import os
import random
import shutil
import time
from pathlib import Path

import mlflow
import pandas as pd

import zkp_ledger as zl
import zkp_ledger.mlflow as zlm

ROWS = int(os.environ.get("ROWS", "200000"))
OUT = Path("mlflow-example")
SEGMENTS = ["retail", "smb", "corporate", "public"]
timings = {}


def timed(step, f, /, *args, **kwargs):
    t = time.perf_counter()
    r = f(*args, **kwargs)
    timings[step] = time.perf_counter() - t
    print(f"{step}: {timings[step]:.1f} s")
    return r


# 1. A training table: 7 numeric columns and 1 categorical, seeded.
rng = random.Random(20261130)
df = pd.DataFrame(
    {
        "age": [rng.randint(18, 90) for _ in range(ROWS)],
        "income": [round(rng.lognormvariate(10.5, 0.6), 2) for _ in range(ROWS)],
        "credit_score": [rng.randint(300, 850) for _ in range(ROWS)],
        "loan_amount": [round(rng.uniform(1_000, 250_000), 2) for _ in range(ROWS)],
        "tenure_months": [rng.randint(0, 480) for _ in range(ROWS)],
        "defaulted": [int(rng.random() < 0.07) for _ in range(ROWS)],
        "update": [round(rng.gauss(0, 0.001), 4) for _ in range(ROWS)],
        "segment": [rng.choice(SEGMENTS) for _ in range(ROWS)],
    }
)
shutil.rmtree(OUT, ignore_errors=True)
OUT.mkdir()

# 2. Commit once (the commitment is what gets anchored; opening.json stays with the owner),
#    then prove what the auditors ask about, in the columns' units.
c = timed("commit", zl.commit, df, OUT / "commitment")
print(f"  {c.rows} rows in {c.chunks} chunks, commitment {c.entry}")
statements = {
    "age": zl.Range(18, 90),
    "credit_score": zl.Range(300, 850),
    "defaulted": zl.Range(0, 1),
    "income": zl.Mean(max=100_000),
    "update": zl.SumSquaresMax(1),
    "segment": [zl.In(SEGMENTS), zl.Count("public", max=ROWS // 2)],
}
p = timed("prove", zl.prove, c, df, OUT / "proof", statements)
print("  " + "\n  ".join(p.claims))

# 3. Anchor the commitment and the statement on the local devnet, and get the receipt.
dev = zl.Devnet(home=OUT / "home", base_port=18545)
timed("devnet up", dev.start)
try:
    statement_entry = zl.verify(p.directory).statement_entry
    zl.enqueue([c.entry, statement_entry], config=dev.config)
    timed("anchor", zl.anchor, config=dev.config)
    receipt = zl.receipt(c.entry, OUT / "receipt.json", config=dev.config)
    rpc = dev.rpc_url(receipt["anchor"]["chain_id"])
    print(f"  anchored on chain {receipt['anchor']['chain_id']} in block "
          f"{receipt['anchor']['block_number']}")

    # 4. Track it in MLflow: the run that trains the model records what it was trained on.
    mlflow.set_tracking_uri(f"sqlite:///{(OUT / 'mlflow.db').resolve()}")
    experiment = mlflow.create_experiment(
        "credit-model", artifact_location=(OUT / "artifacts").resolve().as_uri()
    )
    with mlflow.start_run(experiment_id=experiment) as run:
        timed("log_dataset", zlm.log_dataset, p, name="train", source="s3://bank/credit/train",
              receipt=OUT / "receipt.json")
        mlflow.log_param("rows", c.rows)
        # ... train and log the model here ...

    # 5. Anyone with access to the run checks it: every proof, the receipt on chain.
    report = timed("verify_run", zlm.verify_run, run.info.run_id, rpc=rpc,
                   deployments=dev.deployments)
    print(report.summary())
    assert report.ok and report.datasets[0].anchored
finally:
    dev.stop()

print({k: round(v, 1) for k, v in timings.items()})
