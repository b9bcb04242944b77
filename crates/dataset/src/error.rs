//! Errors of the dataset crate.

use std::path::PathBuf;

/// Errors from reading datasets, parsing statements, and notarizing.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The CSV is malformed (quoting, field counts, encoding).
    #[error("{path}: {source}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// The parser's error, with its position.
        #[source]
        source: csv::Error,
    },
    /// The CSV has no header row.
    #[error("{0}: the file is empty; a header row naming the columns is required")]
    NoHeader(PathBuf),
    /// A header that cannot name columns.
    #[error("{path}: column {index} of the header {problem}")]
    BadHeader {
        /// The file.
        path: PathBuf,
        /// 1-based column.
        index: usize,
        /// What is wrong.
        problem: String,
    },
    /// A cell that is not a number of the column's scale.
    #[error("{path}, line {line}, column {column:?}: {value:?} is not {expected}")]
    BadCell {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// Column name.
        column: String,
        /// The cell.
        value: String,
        /// What was expected.
        expected: String,
    },
    /// A statement flag that does not parse.
    #[error("--{flag} {spec:?}: {problem}")]
    BadSpec {
        /// Flag name without dashes.
        flag: &'static str,
        /// The argument.
        spec: String,
        /// What is wrong.
        problem: String,
    },
    /// A statement naming a column the CSV does not have.
    #[error("--{flag} names column {column:?}, but the CSV's columns are: {available}")]
    UnknownColumn {
        /// Flag name.
        flag: &'static str,
        /// Column named.
        column: String,
        /// Columns available, comma-separated.
        available: String,
    },
    /// The output directory already holds a notarization.
    #[error(
        "{0} already exists; a new notarization would replace its opening (blinding value) and \
         orphan the old commitment: choose another --out"
    )]
    WouldOverwrite(PathBuf),
    /// A commitment or opening file that is inconsistent or malformed.
    #[error("{what}: {problem}")]
    BadFile {
        /// Which file.
        what: String,
        /// What is wrong.
        problem: String,
    },
    /// The data given to prove is not the committed data.
    #[error(
        "chunk {chunk} of the data does not match the commitment: {problem} (was the file \
         changed, or is this the commitment of another file or version?)"
    )]
    DataMismatch {
        /// Chunk index.
        chunk: usize,
        /// What differs.
        problem: String,
    },
    /// A chunk's data violates the statement.
    #[error("chunk {chunk} (rows from {first_row}): {source}")]
    ChunkStatement {
        /// Chunk index.
        chunk: usize,
        /// Its first row (0-based, in the whole table).
        first_row: u64,
        /// The violation.
        #[source]
        source: zkp_ledger_circuits::Error,
    },
    /// A proof that does not verify against the commitment and statement.
    #[error("verification failed: {0}")]
    ProofRejected(String),
    /// Circuit error (shape, statement violated, ...).
    #[error(transparent)]
    Circuit(#[from] zkp_ledger_circuits::Error),
    /// Prover error.
    #[error(transparent)]
    Prover(#[from] zkp_ledger_prover::Error),
    /// Ingestion error (reading, inferring or encoding a data file).
    #[error(transparent)]
    Ingest(#[from] crate::ingest::Error),
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;
