"""Type stubs of zkp_ledger._native, the Rust extension (crates/python). Use the wrappers in
zkp_ledger instead: these functions take paths or Arrow streams, and CLI claim strings."""

from typing import Any, Callable, Dict, List, Optional, Protocol, Tuple, Union

class ArrowStreamExportable(Protocol):
    """Any object with the Arrow PyCapsule interface's stream method (a pyarrow Table or
    RecordBatchReader, a polars DataFrame, ...): read through the Arrow C stream interface."""

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object: ...

DEFAULT_CHUNK_LOG2: int
DEFAULT_SET_SIZE: int
DEFAULT_LIMB_BITS: int

class ZkpLedgerError(Exception):
    """Base class of every zkp-ledger error."""

class DataError(ZkpLedgerError):
    """The data cannot be read, or is not the committed data (names the file, row and column)."""

class StatementError(ZkpLedgerError):
    """A claim is malformed, names an unknown column, or is false for the data."""

class ProofError(ZkpLedgerError):
    """A proof does not hold for its commitment and statement (or for the pinned entry)."""

class KeyCacheError(ZkpLedgerError):
    """The chunk key cache cannot be found, read or written."""

class FileError(ZkpLedgerError):
    """A commitment, opening or output file is missing, malformed or would be overwritten."""

class LedgerError(ZkpLedgerError):
    """The ledger (store, configuration, receipt, devnet or chain) cannot do what was asked."""

def commit(
    data: Union[str, ArrowStreamExportable],
    out: str,
    *,
    name: Optional[str] = None,
    schema: Optional[str] = None,
    opening: Optional[str] = None,
    parent: Optional[str] = None,
    format: Optional[str] = None,
    keys: Optional[str] = None,
    chunk_log2: int = ...,
    set_size: int = ...,
    limb_bits: int = ...,
    progress: Optional[Callable[[str, int, Optional[int]], None]] = None,
) -> Dict[str, Any]:
    """Commits a data file or an Arrow stream (named `name` in errors, default its type's
    name) into a directory; returns entry, rows, chunks, paths, timings."""

def prove(
    commitment: str,
    data: Union[str, ArrowStreamExportable],
    out: str,
    claims: Dict[str, List[str]],
    *,
    name: Optional[str] = None,
    opening: Optional[str] = None,
    reuse: Optional[str] = None,
    format: Optional[str] = None,
    keys: Optional[str] = None,
    progress: Optional[Callable[[str, int, Optional[int]], None]] = None,
) -> Dict[str, Any]:
    """Proves CLI-syntax claims (by kind) about committed data into a proof directory."""

def verify(
    proof: str, *, commitment: Optional[str] = None, entry: Optional[str] = None
) -> Dict[str, Any]:
    """Verifies a proof directory; raises ProofError when it does not hold."""

def enqueue(entries: List[str], *, config: Optional[str] = None) -> Dict[str, Any]:
    """Adds 0x-hex entries to the outbox; returns added and existing as (id, entry) lists."""

def serve_until_idle(*, config: Optional[str] = None) -> Tuple[int, int]:
    """Batches, anchors and indexes until every entry is final; returns (entries, final)."""

def query_entry(entry: str, *, config: Optional[str] = None) -> str:
    """Where an entry is: the JSON text of `zkp-ledger --json query entry`."""

def write_receipt(
    entry: str, out: str, *, chain_id: Optional[int] = None, config: Optional[str] = None
) -> str:
    """Writes an anchored entry's receipt to `out`; returns its JSON text."""

def verify_receipt(
    receipt: str,
    *,
    rpc: Optional[str] = None,
    anchor: Optional[str] = None,
    deployments: Optional[str] = None,
    confirmations: Optional[int] = None,
) -> Dict[str, Any]:
    """Checks a receipt offline, or on chain with rpc and anchor (or a deployments dir); returns entry, status,
    on_chain and checks as (check, ok, detail)."""

def devnet_up(
    home: str,
    root: str,
    *,
    base_port: int = ...,
    block_time: int = 1,
    progress: Optional[Callable[[str], None]] = None,
) -> List[Tuple[str, int, str]]:
    """Starts the local devnet; returns its chains as (name, chain id, RPC URL)."""

def devnet_down(home: str) -> List[str]:
    """Stops the local devnet under `home`; returns the names of the chains stopped."""
