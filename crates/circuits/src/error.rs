//! Errors of the circuits crate.

use crate::{chunked::finalize::FinalViolation, dataset::Violation};

/// Errors from building circuit witnesses or their native twins.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Circuit parameters outside what the circuit supports.
    #[error("invalid circuit parameters: {0}")]
    InvalidParams(String),
    /// The dataset does not fit the circuit's shape.
    #[error(
        "the dataset has {got} {what}; keys made for this circuit hold at most {max} \
         (run `zkp-ledger setup dataset` with larger --rows/--cols, or split the dataset)"
    )]
    TooLarge {
        /// "rows" or "columns".
        what: &'static str,
        /// Size of the dataset.
        got: usize,
        /// Size the circuit allows.
        max: usize,
    },
    /// A row with a different number of values than the schema has columns.
    #[error("row {row} has {got} values, the schema has {expected} columns")]
    RaggedRow {
        /// Row index (0-based, data rows only).
        row: usize,
        /// Values in the row.
        got: usize,
        /// Columns in the schema.
        expected: usize,
    },
    /// A statement names a column the schema does not have.
    #[error("statement refers to column {column}, but the dataset has {columns} columns")]
    UnknownColumn {
        /// Column index given.
        column: usize,
        /// Columns in the dataset.
        columns: usize,
    },
    /// The data does not satisfy a statement, so no proof can exist.
    #[error("the data does not satisfy the statement: {0}")]
    Violation(#[from] Violation),
    /// A lookup challenge equal to a table entry or a looked-up value: the log-derivative sums
    /// are undefined there (an honest challenge hits one with negligible probability).
    #[error("the lookup challenge equals a table entry or a looked-up value")]
    DegenerateChallenge,
    /// A chunk's data does not satisfy the statement (row within the chunk, column among the
    /// numeric or categorical columns); the caller names the global row and the column.
    #[error("chunk row {row}, {} column {column}: {problem}", if *categorical { "categorical" } else { "numeric" })]
    ChunkViolation {
        /// Row within the chunk (0-based).
        row: usize,
        /// Column among its kind (0-based).
        column: usize,
        /// Whether the column is categorical.
        categorical: bool,
        /// What is wrong.
        problem: String,
    },
    /// A Merkle tree error (e.g. an inclusion index beyond the leaves).
    #[error(transparent)]
    Merkle(#[from] zkp_ledger_merkle::Error),
    /// A Poseidon call of an unsupported arity (a circuit-shape bug).
    #[error(transparent)]
    Poseidon(#[from] zkp_ledger_poseidon::Error),
    /// A whole-dataset bound outside what the final circuit can prove exactly.
    #[error("bound {what} of column {column} is {value}: {reason}")]
    BadBound {
        /// Which bound ("sum lo", "sum hi", "sumsq max", "count lo", "count hi").
        what: &'static str,
        /// Column index within its kind (numeric or categorical).
        column: usize,
        /// The value given.
        value: String,
        /// The limit it breaks.
        reason: &'static str,
    },
    /// The whole-dataset totals do not satisfy a bound, so no final proof can exist.
    #[error("the totals do not satisfy the statement: {0}")]
    Final(#[from] FinalViolation),
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;
