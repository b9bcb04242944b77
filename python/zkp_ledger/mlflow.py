"""Proofs about training data, tracked in MLflow.

:func:`log_dataset` records a proven table on an MLflow run: an MLflow dataset input
(``mlflow.data``) whose digest is the dataset commitment, the proof directories (each with its
``statement.json`` and the public ``commitment.json``; never the secret opening) and, once
anchored, the ledger receipt as artifacts, and tags to find the run by commitment or statement.
:func:`verify_run` downloads what a run logged, checks every proof with :func:`zkp_ledger.verify`
and every receipt with :func:`zkp_ledger.verify_receipt`, checks that the dataset input, the tags
and the artifacts name the same commitment, and returns a :class:`RunReport` (raising
:class:`RunVerificationError` when something does not hold, unless told not to). A model
registered from the run therefore carries a checkable claim about its training data.

MLflow limits a dataset digest to 36 characters, shorter than a commitment (32 bytes, 64 hex
digits): the digest is the commitment's first 36 hex digits (144 bits) and the whole commitment
is in the dataset's source (source type ``zkp_ledger``), its profile and the tags;
:func:`verify_run` checks that they agree.

Example::

    import mlflow
    import zkp_ledger as zl
    import zkp_ledger.mlflow as zlm

    c, p = zl.notarize(df, "out", {"age": zl.Range(18, 90)})
    with mlflow.start_run() as run:
        zlm.log_dataset(p, name="train", source="s3://bucket/train.parquet")
    print(zlm.verify_run(run.info.run_id).summary())

Needs ``mlflow`` or ``mlflow-skinny`` (with SQLAlchemy for a SQLite tracking store).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Union

import mlflow
from mlflow.data.dataset import Dataset
from mlflow.data.dataset_source import DatasetSource
from mlflow.data.dataset_source_registry import register_dataset_source
from mlflow.entities import DatasetInput, InputTag
from mlflow.tracking import MlflowClient

from . import (
    PathLike,
    Proof,
    ProofError,
    ReceiptCheck,
    StatementError,
    Verified,
    ZkpLedgerError,
    verify,
    verify_receipt,
)

__all__ = [
    "ARTIFACT_PATH",
    "DIGEST_HEX_DIGITS",
    "SOURCE_TYPE",
    "TAG_COMMITMENT",
    "TAG_DATASETS",
    "TAG_STATEMENT_ENTRY",
    "CommitmentSource",
    "CommittedDataset",
    "DatasetReport",
    "LoggedDataset",
    "ProofReport",
    "RunReport",
    "RunVerificationError",
    "log_dataset",
    "verify_run",
]

#: Where on a run the artifacts go: ``ARTIFACT_PATH/<dataset name>/``.
ARTIFACT_PATH = "zkp_ledger"
#: The dataset source type of a committed table.
SOURCE_TYPE = "zkp_ledger"
#: Hex digits of the commitment that form the MLflow dataset digest (MLflow's limit is 36
#: characters).
DIGEST_HEX_DIGITS = 36
#: Run tag: the commitments (``0x``-hex ledger entries) of the datasets logged, space-separated.
TAG_COMMITMENT = "zkp_ledger.commitment"
#: Run tag: the ledger entries of the proven statements (SHA-256 of statement.json),
#: space-separated.
TAG_STATEMENT_ENTRY = "zkp_ledger.statement_entry"
#: Run tag: the names of the datasets logged, space-separated.
TAG_DATASETS = "zkp_ledger.datasets"
#: The record of one logged dataset, beside its proofs.
RECORD_FILE = "record.json"
#: The format of that record.
RECORD_FORMAT = "zkp-ledger/mlflow-dataset/v1"
#: The receipt's file name among the artifacts.
RECEIPT_FILE = "receipt.json"

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_CONTEXT_TAG = "mlflow.data.context"


def digest_of(entry: str) -> str:
    """The MLflow dataset digest of a commitment: its first :data:`DIGEST_HEX_DIGITS` hex
    digits (without ``0x``)."""
    return entry.lower().removeprefix("0x")[:DIGEST_HEX_DIGITS]


class CommitmentSource(DatasetSource):
    """The source of a committed table: its commitment (the ``0x``-hex ledger entry) and,
    optionally, where the data lives (a URI recorded as given, never read). Registered with
    MLflow, so ``mlflow.data.get_source(run.inputs.dataset_inputs[i])`` returns it."""

    def __init__(self, entry: str, uri: Optional[str] = None):
        self.entry = entry
        self.uri = uri

    @staticmethod
    def _get_source_type() -> str:
        return SOURCE_TYPE

    def load(self, **kwargs: Any) -> Any:
        """The data is never stored with its commitment: raises."""
        raise FileNotFoundError(
            "a zkp-ledger commitment holds no data; the table was at "
            + (self.uri or "(not recorded)")
        )

    @staticmethod
    def _can_resolve(raw_source: Any) -> bool:
        return False

    @classmethod
    def _resolve(cls, raw_source: Any) -> "CommitmentSource":
        raise NotImplementedError("a CommitmentSource is made from a commitment, not resolved")

    def to_dict(self) -> Dict[str, Any]:
        """``{"commitment": entry, "uri": uri}``."""
        return {"commitment": self.entry, "uri": self.uri}

    @classmethod
    def from_dict(cls, source_dict: Dict[Any, Any]) -> "CommitmentSource":
        """The source from :meth:`to_dict`'s form."""
        return cls(source_dict["commitment"], source_dict.get("uri"))


register_dataset_source(CommitmentSource)


class CommittedDataset(Dataset):
    """An MLflow dataset whose digest is a zkp-ledger commitment (its first
    :data:`DIGEST_HEX_DIGITS` hex digits; the whole commitment is in the source and the
    profile). The profile also has the row count, the columns and the proven claims."""

    def __init__(
        self,
        entry: str,
        rows: int,
        claims: Sequence[str],
        name: Optional[str] = None,
        uri: Optional[str] = None,
        columns: Optional[Sequence[str]] = None,
    ):
        self._profile = {
            "commitment": entry,
            "rows": rows,
            "columns": list(columns or []),
            "claims": list(claims),
        }
        super().__init__(source=CommitmentSource(entry, uri), name=name, digest=digest_of(entry))

    def _compute_digest(self) -> str:
        return digest_of(self.source.entry)

    @property
    def profile(self) -> Dict[str, Any]:
        """Commitment, rows, columns and claims."""
        return self._profile

    @property
    def schema(self) -> None:
        """Column types are in the commitment's schema.json, not repeated here."""
        return None

    def to_dict(self) -> Dict[str, str]:
        """MLflow's dataset dict, with the profile as JSON."""
        d = super().to_dict()
        d["profile"] = json.dumps(self._profile)
        return d


@dataclass(frozen=True)
class LoggedDataset:
    """What :func:`log_dataset` recorded: the run, the dataset ``name``, the commitment
    ``entry`` and its MLflow ``digest``, the statement entries of the proofs, the artifact
    directory (``artifact_path``) and whether a receipt was logged."""

    run_id: str
    name: str
    entry: str
    digest: str
    statement_entries: List[str]
    artifact_path: str
    receipt: bool


@dataclass(frozen=True)
class ProofReport:
    """One logged proof: its artifact ``path``, the statement entry the record names, and
    what :func:`zkp_ledger.verify` established (``verified``) or why it failed (``error``)."""

    path: str
    statement_entry: Optional[str]
    verified: Optional[Verified]
    error: Optional[str]

    @property
    def ok(self) -> bool:
        """The proof holds for the logged commitment and its statement is the recorded one."""
        return self.error is None and self.verified is not None


@dataclass
class DatasetReport:
    """One logged dataset: its ``name``, commitment ``entry``, MLflow ``digest`` and
    ``context``; the checks of its ``proofs`` and ``receipt`` (None when none was logged);
    ``problems``: every disagreement between the dataset input, tags and artifacts."""

    name: str
    entry: Optional[str]
    digest: Optional[str]
    context: Optional[str]
    proofs: List[ProofReport] = field(default_factory=list)
    receipt: Optional[ReceiptCheck] = None
    receipt_error: Optional[str] = None
    problems: List[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every proof holds, the receipt (if any) is not invalid, and nothing disagrees."""
        return (
            not self.problems
            and bool(self.proofs)
            and all(p.ok for p in self.proofs)
            and self.receipt_error is None
            and (self.receipt is None or self.receipt.status != "invalid")
        )

    @property
    def anchored(self) -> bool:
        """A receipt was logged and checked on chain against the pinned LedgerAnchor."""
        return self.receipt is not None and self.receipt.status == "anchored"

    @property
    def claims(self) -> List[str]:
        """The claims that hold, from every proof that holds."""
        return [c for p in self.proofs if p.verified is not None for c in p.verified.claims]


@dataclass
class RunReport:
    """What :func:`verify_run` established about a run: a :class:`DatasetReport` per logged
    dataset and the run-level ``problems`` (a tag or dataset input with no artifacts behind
    it, a pinned entry that was not logged)."""

    run_id: str
    datasets: List[DatasetReport] = field(default_factory=list)
    problems: List[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """At least one dataset was logged and everything about every dataset holds."""
        return bool(self.datasets) and not self.problems and all(d.ok for d in self.datasets)

    def failures(self) -> List[str]:
        """Every check that failed, in words."""
        out = list(self.problems)
        for d in self.datasets:
            out += [f"{d.name}: {p}" for p in d.problems]
            if not d.proofs:
                out.append(f"{d.name}: no proof logged")
            out += [f"{d.name}: proof {p.path}: {p.error}" for p in d.proofs if p.error]
            if d.receipt_error:
                out.append(f"{d.name}: receipt: {d.receipt_error}")
            elif d.receipt is not None and d.receipt.status == "invalid":
                out.append(f"{d.name}: receipt invalid: {d.receipt.reason}")
        return out

    def summary(self) -> str:
        """The report in words, one line per dataset and claim."""
        lines = [f"run {self.run_id}: {'holds' if self.ok else 'DOES NOT HOLD'}"]
        for d in self.datasets:
            receipt = (
                "no receipt"
                if d.receipt is None and d.receipt_error is None
                else f"receipt {d.receipt.status if d.receipt else 'unusable'}"
            )
            lines.append(
                f"  dataset {d.name} ({d.context or '-'}): commitment {d.entry}, "
                f"{len(d.proofs)} proof(s), {receipt}"
            )
            lines += [f"    {c}" for c in d.claims]
        lines += [f"  FAIL {f}" for f in self.failures()]
        return "\n".join(lines)


class RunVerificationError(ProofError):
    """A run's logged proofs, receipts, dataset inputs or tags do not hold together; the
    :class:`RunReport` is in ``report``."""

    def __init__(self, report: RunReport):
        super().__init__(
            f"run {report.run_id} does not hold:\n  " + "\n  ".join(report.failures())
        )
        self.report = report


def _words(tags: Dict[str, str], key: str) -> List[str]:
    return tags.get(key, "").split()


def _add_word(client: MlflowClient, run_id: str, tags: Dict[str, str], key: str, word: str) -> None:
    words = _words(tags, key)
    if word not in words:
        client.set_tag(run_id, key, " ".join(words + [word]))


def _as_proof_dirs(proofs: Union[Proof, PathLike, Sequence[Union[Proof, PathLike]]]) -> List[Path]:
    if isinstance(proofs, (Proof, str, os.PathLike)):
        proofs = [proofs]
    return [p.directory if isinstance(p, Proof) else Path(p) for p in proofs]


def _run_id(run_id: Optional[str]) -> str:
    if run_id is not None:
        return run_id
    run = mlflow.active_run()
    if run is None:
        raise ZkpLedgerError("no active MLflow run: call inside mlflow.start_run() or pass run_id")
    return run.info.run_id


def log_dataset(
    proofs: Union[Proof, PathLike, Sequence[Union[Proof, PathLike]]],
    *,
    name: str = "dataset",
    context: str = "training",
    source: Optional[str] = None,
    receipt: Optional[PathLike] = None,
    run_id: Optional[str] = None,
    client: Optional[MlflowClient] = None,
) -> LoggedDataset:
    """Records a proven table on an MLflow run (the active run, or ``run_id``).

    ``proofs``: a :class:`zkp_ledger.Proof` or proof directory, or several about the same
    commitment; each is verified first, and one that does not hold is not logged
    (:class:`zkp_ledger.ProofError`). ``name``: the dataset's name on the run (letters, digits,
    ``.``, ``_``, ``-``; one log per name and run). ``context``: MLflow's dataset context
    ("training", "validation", ...). ``source``: where the data lives (a URI, recorded as given,
    never read). ``receipt``: the ledger receipt of the commitment or of a statement
    (``zkp-ledger receipt``), checked offline before it is logged.

    Logs: a dataset input whose digest is the commitment's first :data:`DIGEST_HEX_DIGITS` hex
    digits (source type ``zkp_ledger`` with the whole commitment), the proof directories and the
    receipt under ``zkp_ledger/<name>/`` with a ``record.json`` naming them, and the run tags
    :data:`TAG_COMMITMENT`, :data:`TAG_STATEMENT_ENTRY` and :data:`TAG_DATASETS`. The secret
    opening is never logged.
    """
    if not _NAME.match(name):
        raise StatementError(
            f"dataset name {name!r}: use letters, digits, '.', '_' and '-' (at most 100)"
        )
    client = client or MlflowClient()
    run_id = _run_id(run_id)
    tags = client.get_run(run_id).data.tags
    if name in _words(tags, TAG_DATASETS):
        raise StatementError(f"run {run_id} already has a zkp-ledger dataset named {name!r}")
    dirs = _as_proof_dirs(proofs)
    if not dirs:
        raise StatementError("give at least one proof")
    checked = [verify(d) for d in dirs]
    entry = checked[0].entry
    for d, v in zip(dirs, checked):
        if v.entry != entry:
            raise StatementError(
                f"{d} proves a statement about commitment {v.entry}, not {entry}: "
                "log one dataset per commitment"
            )
    statement_entries = [v.statement_entry for v in checked]
    if receipt is not None:
        r = verify_receipt(receipt)
        if r.status == "invalid":
            raise ProofError(f"receipt {receipt} is invalid: {r.reason}")
        if r.entry not in [entry] + statement_entries:
            raise StatementError(
                f"receipt {receipt} is for entry {r.entry}, which is neither the commitment "
                f"{entry} nor a proven statement"
            )
    base = f"{ARTIFACT_PATH}/{name}"
    record: Dict[str, Any] = {
        "format": RECORD_FORMAT,
        "name": name,
        "commitment": entry,
        "digest": digest_of(entry),
        "context": context,
        "source": source,
        "proofs": [],
        "receipt": None,
    }
    with tempfile.TemporaryDirectory(prefix="zkp-ledger-mlflow-") as tmp:
        root = Path(tmp)
        for d, v in zip(dirs, checked):
            rel = f"proofs/{v.statement_entry[2:18]}"
            if (root / rel).exists():
                raise StatementError(f"{d}: the same statement is given twice")
            shutil.copytree(d, root / rel, ignore=shutil.ignore_patterns("opening.json"))
            record["proofs"].append(
                {"path": rel, "statement_entry": v.statement_entry, "claims": v.claims}
            )
        if receipt is not None:
            shutil.copy(receipt, root / RECEIPT_FILE)
            record["receipt"] = RECEIPT_FILE
        (root / RECORD_FILE).write_text(json.dumps(record, indent=2) + "\n")
        client.log_artifacts(run_id, tmp, base)
    dataset = CommittedDataset(
        entry, checked[0].rows, checked[0].claims, name=name, uri=source
    )
    client.log_inputs(
        run_id,
        datasets=[
            DatasetInput(dataset._to_mlflow_entity(), tags=[InputTag(_CONTEXT_TAG, context)])
        ],
    )
    _add_word(client, run_id, tags, TAG_COMMITMENT, entry)
    for s in statement_entries:
        tags = client.get_run(run_id).data.tags
        _add_word(client, run_id, tags, TAG_STATEMENT_ENTRY, s)
    _add_word(client, run_id, client.get_run(run_id).data.tags, TAG_DATASETS, name)
    return LoggedDataset(
        run_id=run_id,
        name=name,
        entry=entry,
        digest=digest_of(entry),
        statement_entries=statement_entries,
        artifact_path=base,
        receipt=receipt is not None,
    )


def _check_dataset(
    root: Path,
    name: str,
    inputs: Dict[str, Any],
    tags: Dict[str, str],
    rpc: Optional[str],
    anchor: Optional[str],
    deployments: Optional[PathLike],
    confirmations: Optional[int],
) -> DatasetReport:
    """Checks one logged dataset's downloaded artifacts in ``root`` against the run."""
    try:
        record = json.loads((root / RECORD_FILE).read_text())
    except (OSError, ValueError) as e:
        rep = DatasetReport(name=name, entry=None, digest=None, context=None)
        rep.problems.append(f"{RECORD_FILE} is missing or unreadable ({e})")
        return rep
    entry = record.get("commitment")
    rep = DatasetReport(
        name=name, entry=entry, digest=record.get("digest"), context=record.get("context")
    )
    if record.get("format") != RECORD_FORMAT or record.get("name") != name:
        rep.problems.append(f"{RECORD_FILE} is not a {RECORD_FORMAT} record of {name!r}")
    if not isinstance(entry, str) or not entry.startswith("0x"):
        rep.problems.append(f"{RECORD_FILE} names no commitment")
        return rep
    # The dataset input: its digest, its source's commitment, its context.
    ds = inputs.get(name)
    if ds is None:
        rep.problems.append(f"the run has no {SOURCE_TYPE} dataset input named {name!r}")
    else:
        dataset, context = ds
        if dataset.digest != digest_of(entry):
            rep.problems.append(
                f"dataset input digest {dataset.digest} is not the commitment's "
                f"({digest_of(entry)})"
            )
        try:
            src = json.loads(dataset.source).get("commitment")
        except (ValueError, AttributeError):
            src = None
        if src != entry:
            rep.problems.append(f"dataset input source names commitment {src}, not {entry}")
        if record.get("digest") != dataset.digest:
            rep.problems.append(f"{RECORD_FILE} digest differs from the dataset input's")
        rep.context = context
    if entry not in _words(tags, TAG_COMMITMENT):
        rep.problems.append(f"tag {TAG_COMMITMENT} does not list {entry}")
    # Every proof, pinned to the logged commitment.
    statements = _words(tags, TAG_STATEMENT_ENTRY)
    for p in record.get("proofs") or []:
        path, want = p.get("path", ""), p.get("statement_entry")
        try:
            v = verify(root / path, entry=entry)
        except ZkpLedgerError as e:
            rep.proofs.append(ProofReport(path, want, None, f"{type(e).__name__}: {e}"))
            continue
        error = None
        if v.statement_entry != want:
            error = f"its statement is {v.statement_entry}, the record says {want}"
        elif want not in statements:
            error = f"tag {TAG_STATEMENT_ENTRY} does not list {want}"
        rep.proofs.append(ProofReport(path, want, v, error))
    # The receipt: its entry is this dataset's, and it is consistent (on chain with rpc).
    if record.get("receipt"):
        try:
            r = verify_receipt(
                root / record["receipt"],
                rpc=rpc,
                anchor=anchor,
                deployments=deployments,
                confirmations=confirmations,
            )
            rep.receipt = r
            if r.entry not in [entry] + [p.statement_entry for p in rep.proofs]:
                rep.problems.append(
                    f"the receipt is for {r.entry}, neither the commitment nor a statement"
                )
        except ZkpLedgerError as e:
            rep.receipt_error = f"{type(e).__name__}: {e}"
    return rep


def verify_run(
    run_id: str,
    *,
    entry: Optional[str] = None,
    rpc: Optional[str] = None,
    anchor: Optional[str] = None,
    deployments: Optional[PathLike] = None,
    confirmations: Optional[int] = None,
    raise_on_failure: bool = True,
    client: Optional[MlflowClient] = None,
) -> RunReport:
    """Re-checks everything :func:`log_dataset` recorded on the run ``run_id``.

    Downloads the run's ``zkp_ledger/`` artifacts and, for each logged dataset: verifies every
    proof pinned to the logged commitment (:func:`zkp_ledger.verify`), checks that the dataset
    input's digest and source, the record and the tags name that commitment and those
    statements, and checks the receipt if one was logged (:func:`zkp_ledger.verify_receipt`:
    offline consistency, or on chain through ``rpc`` against zkp-ledger's LedgerAnchor, pinned
    by ``anchor`` or ``deployments``, with ``confirmations``). ``entry``: a commitment that
    must be among those logged (the value you know from elsewhere, e.g. the chain). Returns the
    :class:`RunReport`;
    raises :class:`RunVerificationError` (a :class:`zkp_ledger.ProofError`) carrying it when
    anything does not hold, unless ``raise_on_failure`` is False.
    """
    client = client or MlflowClient()
    run = client.get_run(run_id)
    tags = run.data.tags
    report = RunReport(run_id=run_id)
    inputs: Dict[str, Any] = {}
    for di in run.inputs.dataset_inputs if run.inputs else []:
        if di.dataset.source_type == SOURCE_TYPE:
            context = next((t.value for t in di.tags if t.key == _CONTEXT_TAG), None)
            inputs[di.dataset.name] = (di.dataset, context)
    logged = [
        a.path.rsplit("/", 1)[-1]
        for a in client.list_artifacts(run_id, ARTIFACT_PATH)
        if a.is_dir
    ]
    with tempfile.TemporaryDirectory(prefix="zkp-ledger-mlflow-") as tmp:
        for name in sorted(logged):
            local = Path(client.download_artifacts(run_id, f"{ARTIFACT_PATH}/{name}", tmp))
            report.datasets.append(
                _check_dataset(
                    local, name, inputs, tags, rpc, anchor, deployments, confirmations
                )
            )
    names = {d.name for d in report.datasets}
    for name in sorted(set(inputs) - names):
        report.problems.append(f"dataset input {name!r} has no zkp_ledger artifacts")
    for name in _words(tags, TAG_DATASETS):
        if name not in names:
            report.problems.append(f"tag {TAG_DATASETS} lists {name!r}, which has no artifacts")
    entries = {d.entry for d in report.datasets}
    for e in _words(tags, TAG_COMMITMENT):
        if e not in entries:
            report.problems.append(f"tag {TAG_COMMITMENT} lists {e}, which was not logged")
    if entry is not None and entry.lower() not in entries:
        report.problems.append(f"commitment {entry} was not logged on this run")
    if not report.datasets and not report.problems:
        report.problems.append("no zkp-ledger dataset was logged on this run")
    if raise_on_failure and not report.ok:
        raise RunVerificationError(report)
    return report
