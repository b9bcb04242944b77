//! The submitter: ledger entries from a durable SQLite outbox into batches, each batch routed to
//! the chain where anchoring costs least under the policy, and sent safely.

pub mod batcher;
pub mod chain;
mod error;
pub mod registry;
pub mod router;
pub mod service;
pub mod signer;
pub mod txmgr;

pub use error::{Error, Result};

/// Parses a 32-byte hex digest (64 hex digits, optionally `0x`-prefixed, any case).
pub fn parse_digest(s: &str, what: &str) -> Result<[u8; 32]> {
    let t = s.trim();
    let h = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")).unwrap_or(t);
    let mut out = [0u8; 32];
    if h.len() != 64 || hex::decode_to_slice(h, &mut out).is_err() {
        return Err(Error::BadDigest { what: what.into(), value: t.chars().take(80).collect() });
    }
    Ok(out)
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
