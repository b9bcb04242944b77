"""zkp_ledger.mlflow against a real MLflow tracking store (SQLite file, local artifact
directory, both made by the test) and real proofs: log_dataset then verify_run; tampered
artifacts, tags and pins are caught."""

import json
from pathlib import Path
from urllib.parse import urlparse

import mlflow
import pytest
from conftest import LABELS, SHAPE, table
from mlflow.tracking import MlflowClient

import zkp_ledger as zl
import zkp_ledger.mlflow as zlm

STATEMENTS = {"age": zl.Range(18, 90), "label": zl.In(LABELS)}


@pytest.fixture(scope="module")
def tracking(tmp_path_factory):
    """A fresh MLflow tracking store: SQLite backend, artifacts in a local directory; the
    tracking URI is set for the module and restored afterwards."""
    d = tmp_path_factory.mktemp("mlflow")
    before = mlflow.get_tracking_uri()
    mlflow.set_tracking_uri(f"sqlite:///{d / 'mlflow.db'}")
    experiment = mlflow.create_experiment("zkp", artifact_location=(d / "artifacts").as_uri())
    yield experiment
    mlflow.set_tracking_uri(before)


@pytest.fixture(scope="module")
def proven(tmp_path_factory, keys):
    """A small DataFrame committed and proven (two statements, two proof directories)."""
    d = tmp_path_factory.mktemp("proven")
    df = table(300, 11)
    c, p = zl.notarize(df, d, STATEMENTS, keys=keys, progress=False, **SHAPE)
    p2 = zl.prove(c, df, d / "proof2", {"score": zl.SumSquaresMax(100_000_000)}, keys=keys,
                  progress=False)
    return c, p, p2


def _log(tracking, proven, **kw):
    c, p, p2 = proven
    with mlflow.start_run(experiment_id=tracking) as run:
        logged = zlm.log_dataset([p, p2.directory], name="train", source="s3://b/train.parquet",
                                 **kw)
    return run.info.run_id, logged


def _artifact_dir(run_id: str) -> Path:
    return Path(urlparse(MlflowClient().get_run(run_id).info.artifact_uri).path)


def test_log_dataset_then_verify_run(tracking, proven):
    c, p, p2 = proven
    run_id, logged = _log(tracking, proven)
    assert logged.entry == c.entry and logged.run_id == run_id
    assert logged.statement_entries == [zl.verify(p.directory).statement_entry,
                                        zl.verify(p2.directory).statement_entry]
    run = MlflowClient().get_run(run_id)
    # The dataset input: its digest is the commitment (MLflow keeps 36 characters), its source
    # the whole commitment, its context "training".
    (di,) = run.inputs.dataset_inputs
    assert di.dataset.digest == c.entry[2:38] == logged.digest
    assert di.dataset.name == "train" and di.dataset.source_type == "zkp_ledger"
    assert json.loads(di.dataset.source) == {"commitment": c.entry, "uri": "s3://b/train.parquet"}
    assert json.loads(di.dataset.profile)["rows"] == 300
    assert [(t.key, t.value) for t in di.tags] == [("mlflow.data.context", "training")]
    source = mlflow.data.get_source(di)
    assert isinstance(source, zlm.CommitmentSource) and source.entry == c.entry
    # Tags to find it.
    assert run.data.tags[zlm.TAG_COMMITMENT] == c.entry
    assert run.data.tags[zlm.TAG_STATEMENT_ENTRY].split() == logged.statement_entries
    found = mlflow.search_runs([tracking], f"tags.`{zlm.TAG_COMMITMENT}` = '{c.entry}'")
    assert list(found["run_id"]) == [run_id]
    # Artifacts: the proofs with their statements, never the opening.
    files = {str(f.relative_to(_artifact_dir(run_id))) for f in _artifact_dir(run_id).rglob("*")}
    assert "zkp_ledger/train/record.json" in files
    assert any(f.endswith("statement.json") for f in files)
    assert not any("opening" in f for f in files)

    report = zlm.verify_run(run_id, entry=c.entry)
    assert report.ok and report.failures() == []
    (d,) = report.datasets
    assert d.entry == c.entry and d.context == "training" and len(d.proofs) == 2
    assert d.receipt is None and not d.anchored
    assert d.claims == p.claims + p2.claims
    assert "every age is in [18, 90]" in report.summary()
    # The same name twice on one run is refused.
    with pytest.raises(zl.StatementError, match="already has"):
        zlm.log_dataset(p, name="train", run_id=run_id)


def test_verify_run_fails_on_a_tampered_proof(tracking, proven):
    run_id, _ = _log(tracking, proven)
    proofs = _artifact_dir(run_id) / "zkp_ledger" / "train" / "proofs"
    chunk = sorted(proofs.glob("*/chunks/000001.json"))[0]
    text = chunk.read_text()
    # One byte: a digit of the proof's first coordinate.
    i = text.index('"pi_a"') + text[text.index('"pi_a"'):].index('"', 8) + 10
    digit = str((int(text[i]) + 1) % 10)
    chunk.write_text(text[:i] + digit + text[i + 1:])
    with pytest.raises(zlm.RunVerificationError) as e:
        zlm.verify_run(run_id)
    assert isinstance(e.value, zl.ProofError)
    report = e.value.report
    assert not report.ok
    (d,) = report.datasets
    bad = [p for p in d.proofs if not p.ok]
    assert len(bad) == 1 and bad[0].path in str(chunk) and len(d.proofs) == 2
    assert str(chunk.parent.parent.name) in e.value.args[0]
    # raise_on_failure=False returns the same report.
    assert not zlm.verify_run(run_id, raise_on_failure=False).ok


def test_verify_run_fails_on_tampered_tags_and_pins(tracking, proven):
    c, p, _ = proven
    run_id, _ = _log(tracking, proven)
    client = MlflowClient()
    # A pinned commitment that was not logged.
    other = "0x" + "11" * 32
    with pytest.raises(zlm.RunVerificationError, match="was not logged"):
        zlm.verify_run(run_id, entry=other)
    # A tag pointing at another commitment.
    client.set_tag(run_id, zlm.TAG_COMMITMENT, other)
    r = zlm.verify_run(run_id, raise_on_failure=False)
    assert not r.ok
    assert any("does not list" in f for f in r.failures()), r.failures()
    assert any("was not logged" in f for f in r.failures()), r.failures()
    # A record naming another commitment than the dataset input and the proofs.
    client.set_tag(run_id, zlm.TAG_COMMITMENT, c.entry)
    assert zlm.verify_run(run_id).ok
    record = _artifact_dir(run_id) / "zkp_ledger" / "train" / "record.json"
    rec = json.loads(record.read_text())
    rec["commitment"] = other
    record.write_text(json.dumps(rec))
    r = zlm.verify_run(run_id, raise_on_failure=False)
    assert any("digest" in f for f in r.failures()), r.failures()
    assert all(not x.ok for x in r.datasets[0].proofs)  # pinned to the wrong commitment


def test_log_dataset_refuses_bad_input(tracking, proven, tmp_path):
    c, p, _ = proven
    with pytest.raises(zl.ZkpLedgerError, match="no active MLflow run"):
        zlm.log_dataset(p)
    with mlflow.start_run(experiment_id=tracking) as run:
        with pytest.raises(zl.StatementError, match="dataset name"):
            zlm.log_dataset(p, name="../x")
        with pytest.raises(zl.FileError):
            zlm.log_dataset(tmp_path / "missing")
    # Nothing was logged: a run without zkp-ledger datasets does not verify.
    r = zlm.verify_run(run.info.run_id, raise_on_failure=False)
    assert not r.ok and r.failures() == ["no zkp-ledger dataset was logged on this run"]


def test_progress_bar_with_tqdm(keys, tmp_path, capsys):
    df = table(300, 12)
    c = zl.commit(df, tmp_path / "c", keys=keys, progress=True, **SHAPE)
    zl.prove(c, df, tmp_path / "p", {"age": zl.Range(18, 90)}, keys=keys, progress=True)
    err = capsys.readouterr().err
    assert "committing" in err and "300/300" in err, err
    assert "proving: 100%" in err and f"{c.chunks}/{c.chunks}" in err, err
    # progress=False: nothing.
    zl.prove(c, df, tmp_path / "p2", {"age": zl.Range(18, 90)}, keys=keys, progress=False)
    assert capsys.readouterr().err == ""


def test_ledger_on_the_devnet_and_a_receipt_on_a_run(devnet, tracking, proven, tmp_path):
    """enqueue, anchor, query, receipt and verify_receipt against the real devnet, then a run
    with the receipt: verify_run checks it on chain; a changed byte in it fails the run."""
    c, p, _ = proven
    cfg = devnet.config
    statement = zl.verify(p.directory).statement_entry
    assert zl.query(c.entry, config=cfg)["status"] == "unknown"
    with pytest.raises(zl.LedgerError, match="entry 2"):
        zl.enqueue([c.entry, "0x12"], config=cfg)
    assert zl.query(c.entry, config=cfg)["status"] == "unknown"  # all or none
    e = zl.enqueue([c.entry, statement], config=cfg)
    assert [x for _, x in e.added] == [c.entry, statement] and e.existing == []
    assert zl.query(c.entry, config=cfg)["status"] == "queued"
    assert zl.anchor(config=cfg) == (2, 2)
    q = zl.query(c.entry, config=cfg)
    assert q["status"] == "anchored" and q["anchors"], q
    r = zl.receipt(c.entry, tmp_path / "receipt.json", config=cfg)
    assert r["entry"] == c.entry
    chain = r["anchor"]["chain_id"]
    rpc = devnet.rpc_url(chain)
    off = zl.verify_receipt(tmp_path / "receipt.json")
    assert off.status == "consistent" and not off.on_chain and off.reason is None
    on = zl.verify_receipt(tmp_path / "receipt.json", rpc=rpc, deployments=devnet.deployments,
                           confirmations=1)
    assert on.status == "anchored" and on.on_chain, on.checks
    look_alike = zl.verify_receipt(tmp_path / "receipt.json", rpc=rpc, anchor="0x" + "07" * 20,
                                   confirmations=1)
    assert look_alike.status == "invalid" and look_alike.reason
    with pytest.raises(zl.LedgerError, match="which LedgerAnchor"):
        zl.verify_receipt(tmp_path / "receipt.json", rpc=rpc)

    with mlflow.start_run(experiment_id=tracking) as run:
        logged = zlm.log_dataset(p, name="anchored", receipt=tmp_path / "receipt.json")
    assert logged.receipt
    run_id = run.info.run_id
    report = zlm.verify_run(run_id, rpc=rpc, deployments=devnet.deployments, confirmations=1)
    assert report.ok and report.datasets[0].anchored
    assert zlm.verify_run(run_id).datasets[0].receipt.status == "consistent"
    # One byte of the logged receipt: a digit of a sibling in its inclusion path.
    logged_receipt = _artifact_dir(run_id) / "zkp_ledger" / "anchored" / "receipt.json"
    text = logged_receipt.read_text()
    i = text.index('"siblings"')
    i = text.index('"0x', i) + 20
    logged_receipt.write_text(text[:i] + ("1" if text[i] != "1" else "2") + text[i + 1:])
    with pytest.raises(zlm.RunVerificationError, match="receipt invalid"):
        zlm.verify_run(run_id, rpc=rpc, deployments=devnet.deployments, confirmations=1)
    report = zlm.verify_run(run_id, raise_on_failure=False)
    assert report.datasets[0].receipt.status == "invalid" and not report.ok
    assert all(x.ok for x in report.datasets[0].proofs)
