//! The indexer: follows LedgerAnchor's `Anchored` and StatementRegistry's `StatementVerified`
//! and `CircuitRegistered` events on every configured chain into the store's SQLite file, and
//! answers from there: where an entry, a batch or a chain's anchors are ([`query`]), a
//! self-contained receipt for an entry that anyone can check offline and on chain
//! ([`receipt`]), and a read-only HTTP JSON API over the same answers ([`http`]).
//!
//! Following a chain ([`Indexer`]):
//! - a per-chain cursor in the store (the first block not yet indexed) survives restarts; each
//!   step reads at most [`DEFAULT_RANGE`] blocks with one `eth_getLogs`, and commits the events,
//!   the block hashes they came from and the cursor in one transaction;
//! - every step first checks that the last block it indexed is still canonical; when it is not,
//!   it finds the last stored block that is (the fork point), deletes everything indexed above
//!   it and moves the cursor back, in one transaction, then indexes the new branch;
//! - every anchor is checked against the one before it ([`hashchain`]): sequence numbers dense
//!   from 0, `prevHead` equal to the previous head, and `head` equal to
//!   `keccak256(abi.encode(prevHead, root, count, seq))`. A break is stored, reported in the
//!   step's report and shown by `query chain`; the event is kept, as the chain emitted it.
//!
//! Confirmations are computed when asked: `latest - block + 1`, with `latest` the chain head the
//! indexer saw at its last step.

mod error;
pub mod hashchain;
pub mod http;
mod indexer;
pub mod query;
pub mod receipt;

pub use error::{Error, Result};
pub use indexer::{ChainStep, DEFAULT_RANGE, Indexer, IndexerOptions, ReorgReport, StepReport};
/// The deployments file (the chain crate's; kept here for callers of `indexer::deployment`).
pub use zkp_ledger_contracts::deployment;
/// `0x`-prefixed lowercase hex (the chain crate's).
pub use zkp_ledger_contracts::hex0x;

/// Parses `N` bytes of hex (`0x`-prefixed or not, any case) with the chain crate's parser;
/// `what` names the input in errors.
pub fn parse_hex<const N: usize>(s: &str, what: &str) -> Result<[u8; N]> {
    Ok(zkp_ledger_contracts::parse_hex::<N>(s, what)?)
}
