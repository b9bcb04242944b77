//! Errors of the store.

use std::path::PathBuf;

/// Store errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database file could not be opened.
    #[error("opening the store {path}: {source}")]
    Open {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: rusqlite::Error,
    },
    /// A directory could not be created.
    #[error("creating {path}: {source}")]
    Io {
        /// The directory.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// SQLite error.
    #[error("store: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database was written by a newer zkp-ledger.
    #[error(
        "the store has schema version {found}, this zkp-ledger knows up to {known}: upgrade zkp-ledger"
    )]
    TooNew {
        /// Version in the file.
        found: u32,
        /// Latest version known.
        known: u32,
    },
    /// A request the store's state does not allow.
    #[error("store: {0}")]
    Invalid(String),
    /// Data that does not have the shape the schema promises.
    #[error("store data is corrupt: {0}")]
    Corrupt(String),
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;
