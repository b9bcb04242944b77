//! End-to-end tests: the `zkp-ledger` binary against a real three-chain anvil devnet with the
//! real contracts, real fee stand-ins and real SQLite. Each test that changes chain behaviour
//! (mining, base fees, reorgs) runs its own devnet on its own ports.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr,
    reason = "tests"
)]

mod circom;
mod devnet;
mod indexer;
mod metrics;
mod submitter;
mod support;
mod trust;
