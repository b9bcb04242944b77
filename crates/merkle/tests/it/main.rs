//! Merkle tree tests: the sparse tree against a naive full computation, proofs at boundary sizes,
//! and the gadget against the native twin.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on unexpected errors"
)]

mod gadget;
mod native;
