//! `zkp_ledger._native`: the dataset flows of `zkp-ledger-dataset` (commit a table, prove claims
//! about it, verify a proof directory) for Python, with the same errors as the CLI. The
//! pure-Python package `zkp_ledger` (python/zkp_ledger) wraps these functions in the API data
//! scientists use; this module takes paths, strings, numbers and Arrow data. The ledger calls
//! (`ledger.rs`) are those of the CLI's `enqueue`, `query`, `receipt`, `verify-receipt` and
//! `devnet`.
//!
//! # Arrow data
//!
//! `data` is a path, or any object with `__arrow_c_stream__` (a pyarrow Table or
//! RecordBatchReader, a polars DataFrame, ...): the stream is imported through the Arrow C stream
//! interface (arrow-rs's `arrow-pyarrow`), so the record batches' buffers are read where the
//! producer put them, never copied through Python objects, and fed to the dataset crate's
//! streaming reader like a Parquet file's batches.
//!
//! The batches are read with the GIL released. The stream's callbacks are the producer's C
//! functions: pyarrow's stream over a Table (C++ `TableBatchReader`) needs no GIL, and a pyarrow
//! reader over Python objects (`RecordBatchReader.from_batches` with a generator) takes the GIL
//! itself for each batch (`PyRecordBatchReader::ReadNext` acquires it), as do pyarrow's buffers
//! over NumPy arrays when they are released. The C stream interface requires callbacks to be
//! callable from any thread, which is all this relies on.

mod ledger;

use std::path::{Path, PathBuf};

use arrow_array::ffi_stream::RecordBatchStreamReader;
use arrow_pyarrow::FromPyArrow;
use pyo3::{create_exception, exceptions::PyException, intern, prelude::*, types::PyDict};
use zkp_ledger_dataset::{
    Error,
    flow::{self, Claims, CommitOptions, Data, Event, KeyOptions, ProveOptions},
    ingest::Format,
};

create_exception!(_native, ZkpLedgerError, PyException, "Base class of every zkp-ledger error.");
create_exception!(
    _native,
    DataError,
    ZkpLedgerError,
    "The data cannot be read, or is not the committed data (names the file, row and column)."
);
create_exception!(
    _native,
    StatementError,
    ZkpLedgerError,
    "A claim is malformed, names an unknown column, or is false for the data."
);
create_exception!(
    _native,
    ProofError,
    ZkpLedgerError,
    "A proof does not hold for its commitment and statement (or for the pinned entry)."
);
create_exception!(
    _native,
    KeyCacheError,
    ZkpLedgerError,
    "The chunk key cache cannot be found, read or written."
);
create_exception!(
    _native,
    FileError,
    ZkpLedgerError,
    "A commitment, opening or output file is missing, malformed or would be overwritten."
);

create_exception!(
    _native,
    LedgerError,
    ZkpLedgerError,
    "The ledger (store, configuration, receipt, devnet or chain) cannot do what was asked."
);

/// The message the CLI prints: the error, then each cause that adds to it.
fn message(e: &Error) -> String {
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        let t = c.to_string();
        if !text.contains(&t) {
            text += &format!("\n  caused by: {t}");
        }
        cause = c.source();
    }
    text
}

/// The Python exception for a library error: one class per kind a caller would catch.
fn to_py(e: &Error) -> PyErr {
    let m = message(e);
    match e {
        Error::Csv { .. }
        | Error::NoHeader(_)
        | Error::BadHeader { .. }
        | Error::BadCell { .. }
        | Error::Ingest(_)
        | Error::DataMismatch { .. }
        | Error::NotExtending { .. } => DataError::new_err(m),
        Error::BadSpec { .. }
        | Error::UnknownColumn { .. }
        | Error::DuplicateClaim { .. }
        | Error::EmptySumBounds { .. }
        | Error::ChunkStatement { .. }
        | Error::Circuit(_) => StatementError::new_err(m),
        Error::ProofRejected(_) | Error::EntryMismatch { .. } => ProofError::new_err(m),
        Error::NoKeyCache | Error::Prover(_) => KeyCacheError::new_err(m),
        Error::Io { .. }
        | Error::WouldOverwrite(_)
        | Error::BadFile { .. }
        | Error::NoSchema(_)
        | Error::SchemaHashMismatch(_)
        | Error::ReadingOpening(_)
        | Error::NoOpening(_) => FileError::new_err(m),
    }
}

fn format_of(s: Option<&str>) -> PyResult<Option<Format>> {
    match s {
        None => Ok(None),
        Some("csv") => Ok(Some(Format::Csv)),
        Some("jsonl") => Ok(Some(Format::JsonLines)),
        Some("parquet") => Ok(Some(Format::Parquet)),
        Some(other) => Err(DataError::new_err(format!(
            "format {other:?}: expected \"csv\", \"jsonl\" or \"parquet\""
        ))),
    }
}

/// The table `data` stands for: an object with `__arrow_c_stream__` (its stream imported
/// through the Arrow C stream interface, named `name` in errors, by default its type's name),
/// else a path.
fn data_of(data: &Bound<'_, PyAny>, name: Option<String>) -> PyResult<Data> {
    let py = data.py();
    if !data.hasattr(intern!(py, "__arrow_c_stream__"))? {
        return Ok(Data::File(data.extract()?));
    }
    let name = match name {
        Some(n) => n,
        None => data.get_type().name()?.to_string(),
    };
    let batches = RecordBatchStreamReader::from_pyarrow_bound(data).map_err(|e| {
        let err = DataError::new_err(format!("{name}: cannot read its Arrow stream: {e}"));
        err.set_cause(py, Some(e));
        err
    })?;
    Ok(Data::Batches { name: name.into(), batches: Box::new(batches) })
}

/// Calls a Python progress callback `(stage, done, total)` from Rust threads (taking the GIL
/// for each call). The first exception it raises is kept and raised when the call returns.
struct Progress {
    callback: Option<Py<PyAny>>,
    failed: Option<PyErr>,
}

impl Progress {
    fn new(callback: Option<Py<PyAny>>) -> Self {
        Self { callback, failed: None }
    }

    fn event(&mut self, e: &Event<'_>) {
        let Some(cb) = &self.callback else { return };
        if self.failed.is_some() {
            return;
        }
        let (stage, done, total): (&str, u64, Option<u64>) = match e {
            Event::MakingKey { .. } => ("making key", 0, None),
            Event::LoadingKey => ("loading key", 0, None),
            Event::KeyLoaded(_) => ("key loaded", 1, Some(1)),
            Event::Rows(rows) => ("rows", *rows, None),
            Event::Chunk { index, total, .. } => ("chunks", *index as u64 + 1, Some(*total as u64)),
            _ => return,
        };
        let r = Python::attach(|py| cb.call1(py, (stage, done, total)).map(drop));
        if let Err(err) = r {
            self.failed = Some(err);
        }
    }

    fn finish(self) -> PyResult<()> {
        self.failed.map_or(Ok(()), Err)
    }
}

fn key_options(
    keys: Option<PathBuf>,
    chunk_log2: u32,
    set_size: u32,
    limb_bits: u32,
) -> KeyOptions {
    KeyOptions { cache: keys, chunk_log2, set_size, limb_bits }
}

fn secs(d: std::time::Duration) -> f64 {
    d.as_secs_f64()
}

fn path_str(p: &Path) -> String {
    p.display().to_string()
}

/// Commits the table `data` (a CSV, JSON Lines or Parquet file, or an object with
/// `__arrow_c_stream__`, named `name` in errors) into the directory `out`: `commitment.json`,
/// `schema.json` and the secret `opening.json` (unless `opening` names one to reuse). Returns a
/// dict: entry, rows, chunks, chunk_rows, columns, inferred, commitment, schema, opening
/// (paths), commit_seconds, total_seconds. Releases the GIL while it works (reading the Arrow
/// stream too).
#[pyfunction]
#[pyo3(signature = (data, out, *, name=None, schema=None, opening=None, parent=None, format=None, keys=None, chunk_log2=flow::DEFAULT_CHUNK_LOG2, set_size=flow::DEFAULT_SET_SIZE, limb_bits=flow::DEFAULT_LIMB_BITS, progress=None))]
#[allow(clippy::too_many_arguments)]
fn commit<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    out: PathBuf,
    name: Option<String>,
    schema: Option<PathBuf>,
    opening: Option<PathBuf>,
    parent: Option<PathBuf>,
    format: Option<&str>,
    keys: Option<PathBuf>,
    chunk_log2: u32,
    set_size: u32,
    limb_bits: u32,
    progress: Option<Py<PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let options = CommitOptions {
        format: format_of(format)?,
        schema,
        opening,
        parent,
        keys: key_options(keys, chunk_log2, set_size, limb_bits),
    };
    let data = data_of(data, name)?;
    let mut p = Progress::new(progress);
    let r = py.detach(|| flow::commit_data(data, &out, &options, &mut |e| p.event(&e)));
    p.finish()?;
    let r = r.map_err(|e| to_py(&e))?;
    let d = PyDict::new(py);
    d.set_item("entry", &r.entry)?;
    d.set_item("rows", r.commitment.rows)?;
    d.set_item("chunks", r.commitment.chunks.len())?;
    d.set_item("chunk_rows", r.chunk_rows)?;
    d.set_item("columns", r.schema.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>())?;
    d.set_item("inferred", r.inferred)?;
    d.set_item("commitment", path_str(&r.commitment_path))?;
    d.set_item("schema", path_str(&r.schema_path))?;
    d.set_item("opening", r.opening_path.as_deref().map(path_str))?;
    d.set_item("commit_seconds", secs(r.commit_time))?;
    d.set_item("total_seconds", secs(r.total_time))?;
    Ok(d)
}

/// Proves claims about the table `data` (a path or an Arrow stream, as for `commit`) committed
/// in `commitment` (its directory or `commitment.json`) into the proof directory `out`. `claims` maps a claim kind ("range",
/// "sum", "sum_max", "mean", "sumsq_max", "in", "count") to its strings in the CLI's syntax
/// (`COL=LO..HI`, ...), in the column's units. A false claim raises StatementError and makes no
/// proof. Returns a dict: statement (JSON text), claims (in words), rows, chunks_proven,
/// chunks_reused, seconds. Releases the GIL while it works.
#[pyfunction]
#[pyo3(signature = (commitment, data, out, claims, *, name=None, opening=None, reuse=None, format=None, keys=None, progress=None))]
#[allow(clippy::too_many_arguments)]
fn prove<'py>(
    py: Python<'py>,
    commitment: PathBuf,
    data: &Bound<'py, PyAny>,
    out: PathBuf,
    claims: std::collections::HashMap<String, Vec<String>>,
    name: Option<String>,
    opening: Option<PathBuf>,
    reuse: Option<PathBuf>,
    format: Option<&str>,
    keys: Option<PathBuf>,
    progress: Option<Py<PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let mut c = Claims::default();
    for (kind, specs) in claims {
        let slot = match kind.as_str() {
            "range" => &mut c.range,
            "sum" => &mut c.sum,
            "sum_max" => &mut c.sum_max,
            "mean" => &mut c.mean,
            "sumsq_max" => &mut c.sumsq_max,
            "in" => &mut c.member,
            "count" => &mut c.count,
            other => {
                return Err(StatementError::new_err(format!(
                    "unknown claim kind {other:?}: expected range, sum, sum_max, mean, sumsq_max, in or count"
                )));
            }
        };
        slot.extend(specs);
    }
    let options = ProveOptions {
        format: format_of(format)?,
        opening,
        reuse,
        // The shape is the commitment's; only the cache location matters here.
        keys: KeyOptions { cache: keys, ..KeyOptions::default() },
    };
    let data = data_of(data, name)?;
    let mut p = Progress::new(progress);
    let r =
        py.detach(|| flow::prove_data(&commitment, data, &out, &c, &options, &mut |e| p.event(&e)));
    p.finish()?;
    let r = r.map_err(|e| to_py(&e))?;
    let statement =
        serde_json::to_string(&r.statement).map_err(|e| ZkpLedgerError::new_err(e.to_string()))?;
    let d = PyDict::new(py);
    d.set_item("statement", statement)?;
    d.set_item("claims", r.claims)?;
    d.set_item("rows", r.rows)?;
    d.set_item("chunks_proven", r.summary.proven)?;
    d.set_item("chunks_reused", r.summary.reused)?;
    d.set_item("seconds", secs(r.elapsed))?;
    Ok(d)
}

/// Verifies the proof directory `proof` against its commitment (`commitment`: another
/// commitment file to check against; `entry`: the 0x-hex ledger entry it must have). Raises
/// ProofError when the proof does not hold. Returns a dict: entry, statement_entry, statement
/// (JSON text), claims (in words), rows, chunks, seconds. Releases the GIL while it works.
#[pyfunction]
#[pyo3(signature = (proof, *, commitment=None, entry=None))]
fn verify<'py>(
    py: Python<'py>,
    proof: PathBuf,
    commitment: Option<PathBuf>,
    entry: Option<String>,
) -> PyResult<Bound<'py, PyDict>> {
    let r = py
        .detach(|| flow::verify_dir(&proof, commitment.as_deref(), entry.as_deref()))
        .map_err(|e| to_py(&e))?;
    let statement =
        serde_json::to_string(&r.statement).map_err(|e| ZkpLedgerError::new_err(e.to_string()))?;
    let d = PyDict::new(py);
    d.set_item("entry", r.entry)?;
    d.set_item("statement_entry", r.statement_entry)?;
    d.set_item("statement", statement)?;
    d.set_item("claims", r.claims)?;
    d.set_item("rows", r.rows)?;
    d.set_item("chunks", r.chunks)?;
    d.set_item("seconds", secs(r.elapsed))?;
    Ok(d)
}

/// The native part of the `zkp_ledger` package.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_function(wrap_pyfunction!(commit, m)?)?;
    m.add_function(wrap_pyfunction!(prove, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::enqueue, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::serve_until_idle, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::query_entry, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::write_receipt, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::verify_receipt, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::devnet_up, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::devnet_down, m)?)?;
    m.add("ZkpLedgerError", py.get_type::<ZkpLedgerError>())?;
    m.add("DataError", py.get_type::<DataError>())?;
    m.add("StatementError", py.get_type::<StatementError>())?;
    m.add("ProofError", py.get_type::<ProofError>())?;
    m.add("KeyCacheError", py.get_type::<KeyCacheError>())?;
    m.add("FileError", py.get_type::<FileError>())?;
    m.add("LedgerError", py.get_type::<LedgerError>())?;
    m.add("DEFAULT_CHUNK_LOG2", flow::DEFAULT_CHUNK_LOG2)?;
    m.add("DEFAULT_SET_SIZE", flow::DEFAULT_SET_SIZE)?;
    m.add("DEFAULT_LIMB_BITS", flow::DEFAULT_LIMB_BITS)?;
    Ok(())
}
