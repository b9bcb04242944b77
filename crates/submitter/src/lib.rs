//! The submitter: ledger entries from a durable SQLite outbox into batches, each batch routed to
//! the chain where anchoring costs least under the policy, and sent safely. Everything about
//! talking to a chain is the chain crate's (`zkp-ledger-contracts`); the submitter depends on
//! neither the indexer nor the devnet (the CLI composes them).

pub mod batcher;
pub mod chain;
mod error;
pub mod registry;
pub mod router;
pub mod service;
pub mod txmgr;

pub use error::{Error, Result};
/// The signing key (the chain crate's; kept here for callers of `submitter::signer::load`).
pub use zkp_ledger_contracts::signer;
/// Milliseconds since the Unix epoch (the store's clock).
pub use zkp_ledger_store::now_ms;

/// Parses a 32-byte hex digest (64 hex digits, optionally `0x`-prefixed, any case), with the
/// chain crate's parser.
pub fn parse_digest(s: &str, what: &str) -> Result<[u8; 32]> {
    Ok(zkp_ledger_contracts::parse_hex::<32>(s, what)?)
}
