//! Errors of the chain crate.

use std::path::PathBuf;

use zkp_ledger_config::redact_urls_in;

use crate::revert::ContractError;

/// A failed RPC request as alloy reports it: from the provider, or from a `sol!` contract call.
#[derive(Debug, thiserror::Error)]
pub enum RpcFailure {
    /// The transport or the node (an error response, a refused connection, a bad answer).
    #[error(transparent)]
    Transport(alloy::transports::TransportError),
    /// A contract call (the transport's error, or an answer that does not decode).
    #[error(transparent)]
    Contract(alloy::contract::Error),
}

impl From<alloy::transports::TransportError> for RpcFailure {
    fn from(e: alloy::transports::TransportError) -> Self {
        Self::Transport(e)
    }
}

impl From<alloy::contract::Error> for RpcFailure {
    fn from(e: alloy::contract::Error) -> Self {
        Self::Contract(e)
    }
}

impl RpcFailure {
    /// The revert data of the node's error response, if it is a revert that carries any.
    pub fn revert_data(&self) -> Option<alloy::primitives::Bytes> {
        match self {
            Self::Transport(e) => e.as_error_resp().and_then(|r| r.as_revert_data()),
            Self::Contract(e) => e.as_revert_data(),
        }
    }

    /// The node's error response message, if the node answered with an error.
    pub fn node_message(&self) -> Option<&str> {
        let t = match self {
            Self::Transport(e) => e,
            Self::Contract(alloy::contract::Error::TransportError(e)) => e,
            Self::Contract(_) => return None,
        };
        t.as_error_resp().map(|r| r.message.as_ref())
    }
}

/// Chain errors. RPC URLs never appear in messages (they may hold an API key): the transport's
/// error is kept whole in the variant but shown through [`redact_urls_in`], and it is not
/// exposed as a `source` (an error reporter walking the chain would print it raw).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An RPC URL that does not parse.
    #[error("{chain}: the RPC URL {rpc} is not a valid URL")]
    BadUrl {
        /// Chain name.
        chain: String,
        /// The URL, redacted.
        rpc: String,
    },
    /// An RPC request failed.
    #[error("{chain}: {call} failed: {}", redact_urls_in(&error.to_string()))]
    Rpc {
        /// Chain name (or the redacted URL).
        chain: String,
        /// The call.
        call: &'static str,
        /// What alloy reported.
        error: Box<RpcFailure>,
    },
    /// An RPC request got no answer in time.
    #[error("{chain}: {call} failed: no answer within {seconds} s")]
    Timeout {
        /// Chain name.
        chain: String,
        /// The call.
        call: &'static str,
        /// Seconds waited.
        seconds: u64,
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
        /// Chain id expected.
        expected: u64,
    },
    /// A contract call reverted (or would revert), with the contract's error decoded.
    #[error("{chain}: {call} reverted: {error}")]
    Revert {
        /// Chain name.
        chain: String,
        /// The call (e.g. "LedgerAnchor.anchor").
        call: &'static str,
        /// The contract's error.
        error: ContractError,
    },
    /// The node refused a signed transaction.
    #[error("{chain}: the node refused the transaction: {}", redact_urls_in(&error.to_string()))]
    Refused {
        /// Chain name.
        chain: String,
        /// What the node said.
        error: Box<alloy::transports::TransportError>,
    },
    /// A transaction was not mined in time.
    #[error("{chain}: transaction {tx} not mined within {seconds} s")]
    NotMined {
        /// Chain name.
        chain: String,
        /// Its hash.
        tx: alloy::primitives::B256,
        /// Seconds waited.
        seconds: u64,
    },
    /// Signing failed.
    #[error("signing failed: {0}")]
    Sign(#[source] alloy::signers::Error),
    /// The signing key could not be loaded.
    #[error("signer: {problem}")]
    Signer {
        /// What is wrong.
        problem: String,
        /// The cause, if any.
        #[source]
        source: Option<alloy::signers::local::LocalSignerError>,
    },
    /// A deployments file that is missing or malformed.
    #[error("deployments file {path}: {problem}")]
    Deployment {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// A hex value given by a user or read from a file is not what it should be.
    #[error("{what}: {value:?} is not {expected}")]
    BadHex {
        /// Which input.
        what: String,
        /// What was given (shortened).
        value: String,
        /// What was expected.
        expected: &'static str,
    },
    /// A word that is not a canonical field element.
    #[error(transparent)]
    Field(#[from] zkp_ledger_prover::Error),
    /// Configuration error.
    #[error(transparent)]
    Config(#[from] zkp_ledger_config::Error),
}

impl Error {
    /// The contract error, if this is a revert.
    pub fn contract_error(&self) -> Option<&ContractError> {
        match self {
            Self::Revert { error, .. } => Some(error),
            _ => None,
        }
    }

    /// Whether the chain could not be reached or did not answer (the caller may retry later).
    pub fn is_unreachable(&self) -> bool {
        matches!(self, Self::Rpc { .. } | Self::Timeout { .. } | Self::BadUrl { .. })
    }
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;
