"""zkp-ledger for data and ML teams: commit a table, prove claims about every row, verify.

A table (a CSV, JSON Lines or Parquet file, a pandas DataFrame, a pyarrow Table or
RecordBatchReader, or any object with ``__arrow_c_stream__``) is committed once with
:func:`commit`; the commitment's ``entry`` is the value to anchor or publish, and the
commitment directory's ``opening.json`` is the secret that lets its owner prove claims later.
:func:`prove` proves claims about every row (value ranges, sums and means, sums of squares, set
membership, counts) with real Groth16 proofs, one per chunk of rows; :func:`verify` checks a
proof directory in milliseconds and says what holds. :func:`notarize` commits and proves in one
call. The calls run the same Rust library as the ``zkp-ledger`` command line and raise the same
messages it prints, as the exception classes below. Long calls show a tqdm bar when tqdm is
installed (``progress=False`` turns it off; a callable gets the raw progress events instead).

The ledger: :func:`enqueue` adds entries to the outbox, :func:`anchor` batches and anchors them (as
``zkp-ledger serve --until-idle``), :func:`query` says where an entry is,
:func:`receipt` writes an anchored entry's receipt and :func:`verify_receipt` checks one (offline,
or on chain); :class:`Devnet` starts and stops the local chains. ``zkp_ledger.mlflow`` records
proofs on MLflow runs and re-checks them.

Example::

    import pandas as pd
    import zkp_ledger as zl

    df = pd.read_parquet("train.parquet")
    c = zl.commit(df, "out/commitment")
    p = zl.prove(c, df, "out/proof", {"age": zl.Range(18, 90), "income": zl.Mean(max=250_000)})
    v = zl.verify("out/proof", entry=c.entry)
    print(v.claims)

Arrow data crosses into the library through the Arrow C stream interface
(``__arrow_c_stream__``): the library reads the record batches' buffers where pyarrow keeps
them, with the GIL released, and never copies them through Python objects or a file. A pandas
DataFrame is first converted with ``pyarrow.Table.from_pandas(df, preserve_index=False)``
(numeric columns without nulls are shared with NumPy; strings are copied once, into Arrow).
"""

from __future__ import annotations

import decimal
import json
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from . import _native
from ._native import (
    DataError,
    FileError,
    KeyCacheError,
    LedgerError,
    ProofError,
    StatementError,
    ZkpLedgerError,
)

__all__ = [
    "Commitment",
    "Count",
    "DataError",
    "Devnet",
    "Enqueued",
    "FileError",
    "In",
    "KeyCacheError",
    "LedgerError",
    "Mean",
    "Proof",
    "ProofError",
    "Range",
    "ReceiptCheck",
    "StatementError",
    "Sum",
    "SumMax",
    "SumSquaresMax",
    "Verified",
    "ZkpLedgerError",
    "anchor",
    "commit",
    "enqueue",
    "notarize",
    "prove",
    "query",
    "receipt",
    "verify",
    "verify_receipt",
]

#: Default chunk size of new commitments, a power of two of constraints (as the CLI's).
DEFAULT_CHUNK_LOG2: int = _native.DEFAULT_CHUNK_LOG2
#: Default number of elements a membership set (:class:`In`) may have.
DEFAULT_SET_SIZE: int = _native.DEFAULT_SET_SIZE
#: Default bits per range-check limb.
DEFAULT_LIMB_BITS: int = _native.DEFAULT_LIMB_BITS

PathLike = Union[str, "os.PathLike[str]"]
#: A data file path (CSV, JSON Lines, Parquet), a pandas DataFrame, or Arrow data: a pyarrow
#: Table or RecordBatchReader, or any object with ``__arrow_c_stream__`` (the Arrow PyCapsule
#: interface: polars, DuckDB, ...). A RecordBatchReader (or another one-pass stream) is read once.
Data = Any
#: A progress callback: ``(stage, done, total)``; stage is "making key", "loading key",
#: "key loaded", "rows" (rows committed so far) or "chunks" (chunks proven, of total).
ProgressCallback = Callable[[str, int, Optional[int]], None]
#: ``progress=``: None (a tqdm bar if tqdm is installed, shown only for calls longer than
#: :data:`BAR_DELAY` seconds), True (a bar at once; needs tqdm), False (nothing), or a callback.
Progress = Union[None, bool, ProgressCallback]
#: Seconds before the default bar appears (quick calls show none).
BAR_DELAY: float = 1.0


class _Bars:
    """tqdm bars for the library's progress events: one for making or loading the chunk key,
    one for rows committed, one for chunks proven (``tqdm.auto``: a widget in a notebook)."""

    def __init__(self, tqdm: Any, delay: float, rows: Optional[int]):
        self._tqdm = tqdm
        self._delay = delay
        self._rows = rows
        self._bar: Any = None
        self._stage: Optional[str] = None

    def _open(self, stage: str, desc: str, unit: str, total: Optional[int]) -> None:
        self.close()
        self._stage = stage
        self._bar = self._tqdm(desc=desc, unit=unit, total=total, delay=self._delay,
                               unit_scale=unit == "row", leave=True)

    def __call__(self, stage: str, done: int, total: Optional[int]) -> None:
        if stage == "making key":
            self._open(stage, "making chunk key (once per shape)", "key", 1)
        elif stage == "loading key":
            self._open(stage, "loading chunk key", "key", 1)
        elif stage == "key loaded":
            if self._bar is not None:
                self._bar.update(1 - self._bar.n)
            self.close()
        elif stage in ("rows", "chunks"):
            if self._stage != stage:
                desc, unit = ("committing", "row") if stage == "rows" else ("proving", "chunk")
                self._open(stage, desc, unit, total if stage == "chunks" else self._rows)
            if total is not None and self._bar.total != total:
                self._bar.total = total
            self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        self._bar, self._stage = None, None


@contextmanager
def _progress(
    progress: Progress, rows: Optional[int] = None
) -> Iterator[Optional[ProgressCallback]]:
    """The native callback for ``progress=``: the callable itself, tqdm bars, or None."""
    if callable(progress):
        yield progress
        return
    if progress is False:
        yield None
        return
    try:
        from tqdm.auto import tqdm
    except ImportError:
        if progress is True:
            raise ZkpLedgerError("progress=True needs tqdm (pip install tqdm)") from None
        yield None
        return
    bars = _Bars(tqdm, 0.0 if progress is True else BAR_DELAY, rows)
    try:
        yield bars
    finally:
        bars.close()


def _rows_of(data: Any) -> Optional[int]:
    """The row count of a DataFrame or Arrow table (a file's is not known before reading)."""
    if isinstance(data, (str, os.PathLike)):
        return None
    try:
        return len(data)
    except TypeError:
        return None


def _text(v: Any) -> str:
    """A bound in the column's units, as the CLI's claim syntax writes it."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        # Exactly the float's shortest decimal form, never scientific notation.
        return format(decimal.Decimal(repr(v)), "f")
    if isinstance(v, decimal.Decimal):
        return format(v, "f")
    if isinstance(v, datetime):
        if v.tzinfo is not None:
            v = v.astimezone(timezone.utc).replace(tzinfo=None)
        return v.isoformat() + "Z"
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, str):
        return v
    raise StatementError(f"{v!r} is not a number, date or string")


def _bounds(lo: Any, hi: Any) -> str:
    if lo is None and hi is None:
        raise StatementError("give at least one of min and max")
    return f"{'' if lo is None else _text(lo)}..{'' if hi is None else _text(hi)}"


@dataclass(frozen=True)
class Range:
    """Every value of a numeric column lies in [min, max] (in the column's units; either side
    may be None). ``Range(18, 90)``."""

    min: Any = None
    max: Any = None

    def _claim(self, column: str) -> "tuple[str, str]":
        return "range", f"{column}={_bounds(self.min, self.max)}"


@dataclass(frozen=True)
class Sum:
    """The sum of a numeric column lies in [min, max] (either side may be None)."""

    min: Any = None
    max: Any = None

    def _claim(self, column: str) -> "tuple[str, str]":
        return "sum", f"{column}={_bounds(self.min, self.max)}"


@dataclass(frozen=True)
class SumMax:
    """The sum of a numeric column is at most ``max``."""

    max: Any

    def _claim(self, column: str) -> "tuple[str, str]":
        return "sum_max", f"{column}={_text(self.max)}"


@dataclass(frozen=True)
class Mean:
    """The mean of a numeric column lies in [min, max] (either side may be None): exact, since
    the row count is public, it is a bound on the sum. ``Mean(max=250_000)``."""

    min: Any = None
    max: Any = None

    def _claim(self, column: str) -> "tuple[str, str]":
        return "mean", f"{column}={_bounds(self.min, self.max)}"


@dataclass(frozen=True)
class SumSquaresMax:
    """The sum of squares of a numeric column is at most ``max`` (in squared units): an L2-norm
    bound, ``max = norm ** 2``."""

    max: Any

    def _claim(self, column: str) -> "tuple[str, str]":
        return "sumsq_max", f"{column}={_text(self.max)}"


@dataclass(frozen=True)
class In:
    """Every value of a categorical column is one of ``values``."""

    values: Sequence[str] = field(default_factory=tuple)

    def _claim(self, column: str) -> "tuple[str, str]":
        values = [str(v) for v in self.values]
        if not values:
            raise StatementError(f"In for column {column!r}: give at least one value")
        for v in values:
            if "," in v:
                raise StatementError(f"In for column {column!r}: {v!r} contains a comma")
        return "in", f"{column}={','.join(values)}"


@dataclass(frozen=True)
class Count:
    """The number of rows where a categorical column equals ``value`` lies in [min, max]
    (either side may be None). ``Count("cat", min=1)``."""

    value: str
    min: Optional[int] = None
    max: Optional[int] = None

    def _claim(self, column: str) -> "tuple[str, str]":
        return "count", f"{column}={self.value}:{_bounds(self.min, self.max)}"


#: A claim about one column, or several.
Claim = Union[Range, Sum, SumMax, Mean, SumSquaresMax, In, Count]
Statements = Mapping[str, Union[Claim, Sequence[Claim]]]


def claims_of(statements: Statements) -> Dict[str, List[str]]:
    """The CLI claim strings (by kind) for a dict of statements, in the column's units:
    ``{"age": Range(18, 90)}`` gives ``{"range": ["age=18..90"]}``."""
    out: Dict[str, List[str]] = {}
    for column, claims in statements.items():
        if not isinstance(claims, (list, tuple)):
            claims = [claims]
        for c in claims:
            if not hasattr(c, "_claim"):
                raise StatementError(
                    f"{column!r}: {c!r} is not a claim (Range, Sum, SumMax, Mean, "
                    "SumSquaresMax, In, Count)"
                )
            kind, text = c._claim(column)
            out.setdefault(kind, []).append(text)
    return out


@dataclass(frozen=True)
class Commitment:
    """A committed table: ``entry`` (the 0x-hex ledger entry to anchor or publish), ``rows``,
    ``chunks`` (chunk count), ``chunk_rows``, ``columns``, and the paths of its directory:
    ``commitment_json``, ``schema_json`` and ``opening_json`` (the secret, None when an
    existing opening was reused)."""

    entry: str
    rows: int
    chunks: int
    chunk_rows: int
    columns: List[str]
    directory: Path
    commitment_json: Path
    schema_json: Path
    opening_json: Optional[Path]
    inferred: bool
    seconds: float


@dataclass(frozen=True)
class Proof:
    """A proof directory: ``directory``, the commitment's ``entry``, the proven ``statement``
    (as in statement.json), the ``claims`` in words, and chunk figures."""

    directory: Path
    entry: str
    statement: Dict[str, Any]
    claims: List[str]
    rows: int
    chunks_proven: int
    chunks_reused: int
    seconds: float


@dataclass(frozen=True)
class Verified:
    """What a valid proof establishes: the commitment's ``entry``, the ``claims`` in words,
    the ``statement`` and its own ledger entry ``statement_entry`` (SHA-256 of
    statement.json)."""

    entry: str
    statement_entry: str
    statement: Dict[str, Any]
    claims: List[str]
    rows: int
    chunks: int
    seconds: float


def _name(data: Any) -> str:
    """What errors call in-memory data: its type with its package ("pyarrow Table")."""
    t = type(data)
    package = t.__module__.split(".")[0]
    return t.__name__ if package in ("builtins", "__main__") else f"{package} {t.__name__}"


def _is_dataframe(data: Any) -> bool:
    """Whether ``data`` is a pandas DataFrame (pandas need not be installed)."""
    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(data, pd.DataFrame)


def _from_pandas(df: Any) -> Any:
    """The DataFrame as a pyarrow Table, without its index (as ``to_parquet(index=False)``)."""
    try:
        import pyarrow as pa
    except ImportError as e:  # pragma: no cover - pyarrow is a test requirement
        raise DataError(
            "a pandas DataFrame needs pyarrow (pip install pyarrow); or pass a file path"
        ) from e
    return pa.Table.from_pandas(df, preserve_index=False)


def _native_data(data: Data) -> "tuple[Any, Optional[str]]":
    """What ``_native`` takes for ``data``, and its name in errors: a path as a string, or an
    object with ``__arrow_c_stream__`` (a DataFrame converted to a pyarrow Table first)."""
    if isinstance(data, (str, os.PathLike)):
        return os.fspath(data), None
    if _is_dataframe(data):
        return _from_pandas(data), _name(data)
    if hasattr(data, "__arrow_c_stream__"):
        return data, _name(data)
    raise DataError(
        f"{type(data).__name__} is not a path, a pandas DataFrame or Arrow data (a pyarrow "
        "Table or RecordBatchReader, or an object with __arrow_c_stream__)"
    )


def _reusable(data: Data) -> Data:
    """``data`` in a form that can be read twice (for :func:`notarize`): a path, DataFrame or
    pyarrow Table as it is, another Arrow stream (a RecordBatchReader is read once) collected
    into a pyarrow Table; its batches are kept as they are, not copied."""
    if isinstance(data, (str, os.PathLike)) or _is_dataframe(data):
        return data
    pa = sys.modules.get("pyarrow")
    if pa is not None and isinstance(data, pa.Table):
        return data
    if hasattr(data, "__arrow_c_stream__"):
        import pyarrow as pa

        return pa.RecordBatchReader.from_stream(data).read_all()
    return data


def _opt(p: Optional[PathLike]) -> Optional[str]:
    return None if p is None else os.fspath(p)


def commit(
    data: Data,
    out: PathLike,
    schema: Optional[PathLike] = None,
    opening: Optional[PathLike] = None,
    *,
    parent: Optional[PathLike] = None,
    format: Optional[str] = None,
    keys: Optional[PathLike] = None,
    chunk_log2: int = DEFAULT_CHUNK_LOG2,
    set_size: int = DEFAULT_SET_SIZE,
    limb_bits: int = DEFAULT_LIMB_BITS,
    progress: Progress = None,
) -> Commitment:
    """Commits ``data`` into the directory ``out`` and returns the :class:`Commitment`.

    ``data``: a CSV, JSON Lines or Parquet path, a pandas DataFrame, a pyarrow Table or
    RecordBatchReader, or any object with ``__arrow_c_stream__`` (read through the Arrow C
    stream interface, no copy; a DataFrame is converted with ``pyarrow.Table.from_pandas(df,
    preserve_index=False)`` first). The same rows in any of these forms, committed with the same
    opening, give the same commitment. ``schema``: a schema file (column types),
    inferred from the first rows when absent. ``opening``: reuse this ``opening.json`` instead
    of making a new secret. ``parent``: an earlier version's commitment directory that this
    table extends with appended rows. ``keys``: the chunk key cache (default
    $ZKP_LEDGER_KEY_CACHE, else ~/.cache/zkp-ledger/chunk-keys); ``chunk_log2``, ``set_size``
    and ``limb_bits`` choose the chunk shape (the CLI's defaults). The GIL is released while the
    table is committed. ``progress``: see :data:`Progress` (default: a tqdm bar when tqdm is
    installed and the call takes more than :data:`BAR_DELAY` s; a callable is called as
    ``progress(stage, done, total)`` instead).

    Raises DataError for unreadable data (naming file, row and column), FileError when ``out``
    already holds a commitment, KeyCacheError for key cache problems.
    """
    native, name = _native_data(data)
    with _progress(progress, _rows_of(data)) as callback:
        r = _native.commit(
            native,
            os.fspath(out),
            name=name,
            schema=_opt(schema),
            opening=_opt(opening),
            parent=_opt(parent),
            format=format,
            keys=_opt(keys),
            chunk_log2=chunk_log2,
            set_size=set_size,
            limb_bits=limb_bits,
            progress=callback,
        )
    return Commitment(
        entry=r["entry"],
        rows=r["rows"],
        chunks=r["chunks"],
        chunk_rows=r["chunk_rows"],
        columns=list(r["columns"]),
        directory=Path(out),
        commitment_json=Path(r["commitment"]),
        schema_json=Path(r["schema"]),
        opening_json=None if r["opening"] is None else Path(r["opening"]),
        inferred=r["inferred"],
        seconds=r["total_seconds"],
    )


def prove(
    commitment: Union[Commitment, PathLike],
    data: Data,
    out: PathLike,
    statements: Statements,
    *,
    opening: Optional[PathLike] = None,
    reuse: Optional[PathLike] = None,
    format: Optional[str] = None,
    keys: Optional[PathLike] = None,
    progress: Progress = None,
) -> Proof:
    """Proves ``statements`` about the committed ``data`` into the proof directory ``out``.

    ``commitment``: a :class:`Commitment` or a commitment directory. ``data``: the committed
    rows, in the same order, as a path, DataFrame or Arrow data (see :func:`commit`).
    ``statements``: a dict from column to one claim or a list of claims, bounds in the column's
    units: ``{"age": Range(18, 90), "income": Mean(max=250_000), "label": [In(["cat", "dog"]),
    Count("cat", min=1)]}``. ``opening``: the opening when it is not beside the commitment;
    ``reuse``: a parent version's proof directory whose chunk proofs are reused. An interrupted
    run resumes in ``out``. The GIL is released while proving; ``progress`` as in
    :func:`commit` (a bar of chunks proven).

    Raises StatementError for a malformed or false claim (no proof is made), DataError when the
    data is not the committed data.
    """
    directory = commitment.directory if isinstance(commitment, Commitment) else commitment
    claims = claims_of(statements)
    native, name = _native_data(data)
    with _progress(progress) as callback:
        r = _native.prove(
            os.fspath(directory),
            native,
            os.fspath(out),
            claims,
            name=name,
            opening=_opt(opening),
            reuse=_opt(reuse),
            format=format,
            keys=_opt(keys),
            progress=callback,
        )
    statement = json.loads(r["statement"])
    return Proof(
        directory=Path(out),
        entry="0x" + statement["commitment"],
        statement=statement,
        claims=list(r["claims"]),
        rows=r["rows"],
        chunks_proven=r["chunks_proven"],
        chunks_reused=r["chunks_reused"],
        seconds=r["seconds"],
    )


def notarize(
    data: Data,
    out: PathLike,
    statements: Statements,
    *,
    schema: Optional[PathLike] = None,
    keys: Optional[PathLike] = None,
    chunk_log2: int = DEFAULT_CHUNK_LOG2,
    set_size: int = DEFAULT_SET_SIZE,
    limb_bits: int = DEFAULT_LIMB_BITS,
    progress: Progress = None,
) -> "tuple[Commitment, Proof]":
    """:func:`commit` into ``out/commitment`` then :func:`prove` into ``out/proof`` (as
    ``zkp-ledger notarize``). Both read ``data``: a one-pass stream (a RecordBatchReader) is
    collected into a pyarrow Table first."""
    data = _reusable(data)
    c = commit(
        data,
        Path(out) / "commitment",
        schema=schema,
        keys=keys,
        chunk_log2=chunk_log2,
        set_size=set_size,
        limb_bits=limb_bits,
        progress=progress,
    )
    p = prove(c, data, Path(out) / "proof", statements, keys=keys, progress=progress)
    return c, p


def verify(
    proof_dir: PathLike,
    entry: Optional[str] = None,
    *,
    commitment: Optional[PathLike] = None,
) -> Verified:
    """Verifies the proof directory ``proof_dir`` and returns what holds (:class:`Verified`).

    ``entry``: the 0x-hex ledger entry the commitment must have (the value you saw anchored);
    ``commitment``: a commitment file to check against instead of the copy in ``proof_dir``.
    Raises ProofError when a proof does not hold or the entry differs, FileError when files are
    missing or malformed.
    """
    r = _native.verify(os.fspath(proof_dir), commitment=_opt(commitment), entry=entry)
    return Verified(
        entry=r["entry"],
        statement_entry=r["statement_entry"],
        statement=json.loads(r["statement"]),
        claims=list(r["claims"]),
        rows=r["rows"],
        chunks=r["chunks"],
        seconds=r["seconds"],
    )


# The ledger: the library calls behind the CLI's enqueue, query, receipt, verify-receipt and
# devnet. ``config``: a configuration file (default: $ZKP_LEDGER_CONFIG, else the running
# devnet's), as the CLI's --config.


@dataclass(frozen=True)
class Enqueued:
    """What :func:`enqueue` did: ``added`` and ``existing`` entries as (outbox id, entry)."""

    added: List[Tuple[int, str]]
    existing: List[Tuple[int, str]]


def enqueue(entries: Union[str, Sequence[str]], *, config: Optional[PathLike] = None) -> Enqueued:
    """Adds ledger entries (``0x``-hex 32-byte digests, e.g. :attr:`Commitment.entry` or
    :attr:`Verified.statement_entry`) to the store's durable outbox, as ``zkp-ledger
    enqueue``: all or none (one malformed entry adds nothing). ``zkp-ledger serve`` then
    batches and anchors them. Raises LedgerError."""
    if isinstance(entries, str):
        entries = [entries]
    r = _native.enqueue(list(entries), config=_opt(config))
    return Enqueued(added=[tuple(a) for a in r["added"]],
                    existing=[tuple(e) for e in r["existing"]])


def anchor(*, config: Optional[PathLike] = None) -> Tuple[int, int]:
    """Batches the queued entries, routes each batch to the cheapest allowed chain, anchors it
    and indexes the chains, until every entry is in a final batch: ``zkp-ledger serve
    --until-idle``. Returns (entries in the store, entries in final batches). Raises
    LedgerError."""
    total, final = _native.serve_until_idle(config=_opt(config))
    return total, final


def query(entry: str, *, config: Optional[PathLike] = None) -> Dict[str, Any]:
    """Where an entry is, as ``zkp-ledger --json query entry``: a dict with ``status``
    ("anchored", "batched", "queued" or "unknown"), its outbox row, batch, the batch's anchors
    and the statements verified on chain. Raises LedgerError."""
    return json.loads(_native.query_entry(entry, config=_opt(config)))


def receipt(
    entry: str,
    out: PathLike,
    *,
    chain_id: Optional[int] = None,
    config: Optional[PathLike] = None,
) -> Dict[str, Any]:
    """Writes the receipt of an anchored entry to the file ``out`` (as ``zkp-ledger
    receipt``): its inclusion path, batch, anchor, block and transaction, checked offline
    first; ``chain_id`` picks the anchor when the batch is on several chains. Returns the
    receipt as a dict. Raises LedgerError when the entry is not anchored."""
    return json.loads(_native.write_receipt(entry, os.fspath(out), chain_id=chain_id,
                                            config=_opt(config)))


@dataclass(frozen=True)
class ReceiptCheck:
    """What :func:`verify_receipt` established about a receipt of ``entry``: ``status`` is
    "anchored" (checked on chain against the pinned LedgerAnchor), "consistent" (checked
    offline only: its path leads to its root and its head follows from its fields, which
    anyone can fabricate) or "invalid"; ``checks`` are (check, ok, detail) in order."""

    entry: str
    status: str
    on_chain: bool
    checks: List[Tuple[str, bool, str]]

    @property
    def reason(self) -> Optional[str]:
        """The failed check, in words (None when every check held)."""
        for check, ok, detail in self.checks:
            if not ok:
                return f"{check}: {detail}"
        return None


def verify_receipt(
    receipt: PathLike,
    *,
    rpc: Optional[str] = None,
    anchor: Optional[str] = None,
    deployments: Optional[PathLike] = None,
    confirmations: Optional[int] = None,
) -> ReceiptCheck:
    """Checks a receipt file, as ``zkp-ledger verify-receipt``: offline without ``rpc``; with
    ``rpc``, on chain against zkp-ledger's LedgerAnchor on the receipt's chain, pinned by
    ``anchor`` (its 0x address) or ``deployments`` (a directory of ``<chainId>.json`` files,
    e.g. :attr:`Devnet.deployments`), with ``confirmations`` (default 2). A receipt that fails
    a check is returned with status "invalid"; an unreadable or malformed one raises
    LedgerError."""
    r = _native.verify_receipt(os.fspath(receipt), rpc=rpc, anchor=anchor,
                               deployments=_opt(deployments), confirmations=confirmations)
    return ReceiptCheck(entry=r["entry"], status=r["status"], on_chain=r["on_chain"],
                        checks=[tuple(c) for c in r["checks"]])


def _home() -> Path:
    """zkp-ledger's home directory, as the library finds it: $ZKP_LEDGER_HOME, else
    ~/.zkp-ledger."""
    h = os.environ.get("ZKP_LEDGER_HOME")
    return Path(h) if h else Path.home() / ".zkp-ledger"


def _project_root() -> Path:
    """The nearest directory upwards from the current one with foundry.toml and script/."""
    d = Path.cwd().resolve()
    for p in [d, *d.parents]:
        if (p / "foundry.toml").is_file() and (p / "script").is_dir():
            return p
    raise LedgerError(
        "cannot find the zkp-ledger repository (foundry.toml): run from inside it or pass root="
    )


class Devnet:
    """The local devnet (three anvil chains with zkp-ledger's contracts deployed), as
    ``zkp-ledger devnet up`` / ``down``; a context manager::

        with zl.Devnet() as dev:
            zl.enqueue(c.entry, config=dev.config)

    ``root``: the zkp-ledger repository (forge project, with node_modules holding anvil and
    forge), found upwards from the current directory when absent; ``home``: zkp-ledger's home
    (default $ZKP_LEDGER_HOME, else ~/.zkp-ledger), where the devnet keeps its state, store and
    configuration; ``base_port``: the first chain's loopback port (the others take the next
    two); ``block_time``: seconds between blocks (0: one block per transaction)."""

    def __init__(
        self,
        root: Optional[PathLike] = None,
        *,
        home: Optional[PathLike] = None,
        base_port: int = 8545,
        block_time: int = 1,
    ):
        self.root = Path(root) if root is not None else _project_root()
        self.home = Path(home) if home is not None else _home()
        self.base_port = base_port
        self.block_time = block_time
        #: The running chains as (name, chain id, RPC URL); empty when stopped.
        self.chains: List[Tuple[str, int, str]] = []

    @property
    def deployments(self) -> Path:
        """The running devnet's deployments directory (``<chainId>.json`` per chain, naming
        its LedgerAnchor): pass it to :func:`verify_receipt`."""
        state = self.home / "devnet" / "state.json"
        try:
            return Path(json.loads(state.read_text())["deployments_dir"])
        except (OSError, ValueError, KeyError) as e:
            raise LedgerError(f"no running devnet under {self.home} ({e})") from e

    @property
    def config(self) -> Path:
        """The configuration the devnet writes (pass it as ``config=`` to the ledger calls
        when ``home`` is not $ZKP_LEDGER_HOME)."""
        return self.home / "devnet" / "config.toml"

    def start(self, progress: Optional[Callable[[str], None]] = None) -> "Devnet":
        """Starts the chains and deploys the contracts; ``progress(step)`` gets each step.
        Raises LedgerError (e.g. when a devnet is already running under ``home``)."""
        self.chains = [
            tuple(c)  # type: ignore[misc]
            for c in _native.devnet_up(os.fspath(self.home), os.fspath(self.root),
                                       base_port=self.base_port, block_time=self.block_time,
                                       progress=progress)
        ]
        return self

    def stop(self) -> List[str]:
        """Stops the chains and removes the devnet's state, store and configuration; returns
        the chains stopped."""
        stopped = _native.devnet_down(os.fspath(self.home))
        self.chains = []
        return list(stopped)

    def rpc_url(self, chain_id: int) -> str:
        """The RPC URL of a running chain."""
        for _, cid, url in self.chains:
            if cid == chain_id:
                return url
        raise LedgerError(f"chain {chain_id} is not running on this devnet")

    def __enter__(self) -> "Devnet":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
