//! Errors of the submitter.

/// Submitter errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Store error.
    #[error(transparent)]
    Store(#[from] zkp_ledger_store::Error),
    /// Tree error.
    #[error(transparent)]
    Merkle(#[from] zkp_ledger_merkle::Error),
    /// Indexer error (boxed: it is large and rare).
    #[error(transparent)]
    Indexer(Box<zkp_ledger_indexer::Error>),
    /// Configuration error.
    #[error(transparent)]
    Config(#[from] zkp_ledger_config::Error),
    /// A deployments file that is missing or malformed.
    #[error("deployments file {path}: {problem}")]
    Deployment {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// An RPC request failed (the URL is never included: it may hold an API key).
    #[error("{chain}: {call} failed: {message}")]
    Rpc {
        /// Chain name.
        chain: String,
        /// The call.
        call: &'static str,
        /// Transport or node message.
        message: String,
    },
    /// The endpoint serves another chain.
    #[error(
        "{chain}: the RPC endpoint {rpc} serves chain id {got}, the configuration says {expected}"
    )]
    WrongChainId {
        /// Chain name.
        chain: String,
        /// Redacted URL.
        rpc: String,
        /// Chain id reported.
        got: u64,
        /// Chain id configured.
        expected: u64,
    },
    /// A contract call would revert.
    #[error("{chain}: {call} would revert: {reason}")]
    Revert {
        /// Chain name.
        chain: String,
        /// The call (e.g. "LedgerAnchor.anchor").
        call: &'static str,
        /// LedgerAnchor's error, in words.
        reason: String,
        /// The node's message (with the revert data).
        data: String,
    },
    /// The node refused a transaction.
    #[error("{chain}: the node refused the transaction: {message}")]
    Send {
        /// Chain name.
        chain: String,
        /// Node message.
        message: String,
    },
    /// Signing failed.
    #[error("signing failed: {0}")]
    Sign(String),
    /// The signing key could not be loaded.
    #[error("signer: {0}")]
    Signer(String),
    /// No allowed chain can take a batch now.
    #[error("no chain can anchor the batch: {0}")]
    NoRoute(String),

    /// `policy.max_cost_wei` is not a number of wei that fits 256 bits.
    #[error(
        "policy.max_cost_wei = {value:?} is not a number of wei below 2^256: give a decimal \
         amount, or remove it for no limit"
    )]
    CostLimit {
        /// The configured text.
        value: String,
    },
    /// An entry that is not a 32-byte hex digest.
    #[error(
        "{what}: {value:?} is not a 32-byte hex digest (64 hex digits, optionally 0x-prefixed)"
    )]
    BadDigest {
        /// Where it came from (argument, line).
        what: String,
        /// What was found (shortened).
        value: String,
    },
}

impl From<zkp_ledger_indexer::Error> for Error {
    fn from(e: zkp_ledger_indexer::Error) -> Self {
        Self::Indexer(Box::new(e))
    }
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;
