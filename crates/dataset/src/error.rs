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
    /// Two claims of one kind (or two sum bounds: --sum, --sum-max, --mean) for one column.
    #[error("two --{flag} (or --sum/--sum-max/--mean) claims for column {column:?}: give one")]
    DuplicateClaim {
        /// Flag name without dashes.
        flag: &'static str,
        /// The column.
        column: String,
    },
    /// Sum bounds (from --sum, --sum-max or --mean) that no sum satisfies.
    #[error("the sum bounds of {column:?} are empty ({lo} > {hi})")]
    EmptySumBounds {
        /// The column.
        column: String,
        /// Lower bound (scaled).
        lo: i128,
        /// Upper bound (scaled).
        hi: i128,
    },
    /// No key cache directory could be found.
    #[error("no --keys DIR, $ZKP_LEDGER_KEY_CACHE, $XDG_CACHE_HOME or $HOME")]
    NoKeyCache,
    /// A commitment without its schema.
    #[error("{0}: no schema")]
    NoSchema(PathBuf),
    /// A commitment whose schema does not match its schema hash.
    #[error("{0}: the schema does not match its hash")]
    SchemaHashMismatch(PathBuf),
    /// The opening file could not be read.
    #[error("reading the opening")]
    ReadingOpening(#[source] Box<Error>),
    /// No opening beside a commitment that reuses one kept elsewhere.
    #[error(
        "no {} beside the commitment (it was committed with --opening or --parent, which \
         reuse an opening kept elsewhere): pass --opening FILE",
        .0.display()
    )]
    NoOpening(PathBuf),
    /// A new version whose first rows are not its parent's.
    #[error(
        "{} does not extend the parent version: its first {rows} rows differ from the parent's (a rewritten, not appended, table), or another opening was used",
        .data.display()
    )]
    NotExtending {
        /// The data file.
        data: PathBuf,
        /// The parent's rows.
        rows: u64,
    },
    /// The commitment is not the one pinned by its ledger entry.
    #[error("the commitment's entry is 0x{id}, not the pinned {pinned}")]
    EntryMismatch {
        /// The commitment's id.
        id: String,
        /// The pinned entry as given.
        pinned: String,
    },
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
