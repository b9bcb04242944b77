//! Errors of the indexer.

use std::path::PathBuf;

/// Indexer errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Store error.
    #[error(transparent)]
    Store(#[from] zkp_ledger_store::Error),
    /// Configuration error.
    #[error(transparent)]
    Config(#[from] zkp_ledger_config::Error),
    /// Tree error (a receipt's path of the wrong length, say).
    #[error(transparent)]
    Merkle(#[from] zkp_ledger_merkle::Error),
    /// A chain: RPC, revert (typed), deployments file, hex input.
    #[error(transparent)]
    Chain(Box<zkp_ledger_contracts::Error>),
    /// Two configured chains have the same chain id.
    #[error(
        "chains {first} and {second} both have chain id {chain_id}: the index keys chains by id"
    )]
    DuplicateChainId {
        /// Chain id.
        chain_id: u64,
        /// One chain's name.
        first: String,
        /// The other's.
        second: String,
    },
    /// A log the node returned lacks a field every mined log has.
    #[error("{chain}: a log from eth_getLogs lacks its {field}")]
    IncompleteLog {
        /// Chain name.
        chain: String,
        /// The missing field.
        field: &'static str,
    },
    /// A log from the chain's contracts that does not decode as the event its topic names.
    #[error("{chain}: undecodable event in block {block}: {source}")]
    UndecodableLog {
        /// Chain name.
        chain: String,
        /// Its block.
        block: u64,
        /// The decoding error.
        #[source]
        source: alloy::sol_types::Error,
    },
    /// A value given by a user (a digest, a root) is not what it should be.
    #[error("{what}: {value:?} is not {expected}")]
    BadInput {
        /// Which input.
        what: String,
        /// What was given (shortened).
        value: String,
        /// What was expected.
        expected: &'static str,
    },
    /// A receipt file that cannot be read or parsed.
    #[error("receipt {path}: {problem}")]
    ReceiptFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// An entry that has no receipt (not anchored, or not known).
    #[error("no receipt for {digest}: {reason}")]
    NoReceipt {
        /// The entry.
        digest: String,
        /// Why.
        reason: String,
    },
    /// The HTTP server failed.
    #[error("http server on {addr}: {source}")]
    Http {
        /// Listen address.
        addr: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A blocking task of the HTTP server panicked or was cancelled.
    #[error("http query task failed: {0}")]
    Task(String),
}

impl From<zkp_ledger_contracts::Error> for Error {
    fn from(e: zkp_ledger_contracts::Error) -> Self {
        // Boxed: the chain's error keeps alloy's errors whole and is large.
        Self::Chain(Box::new(e))
    }
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;
