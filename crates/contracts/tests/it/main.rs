//! The chain crate's integration tests: the workspace's layering (read from `cargo metadata`),
//! that the chain vocabulary exists once (read from the sources), and every custom error of
//! LedgerAnchor and StatementRegistry reaching the caller typed, from real contracts on anvil.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests")]

mod layering;
mod reverts;
