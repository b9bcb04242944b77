//! Tests of the Solidity verifier generator: the generated text (names, header, determinism,
//! formatting, keys with IC points at infinity), the committed verifiers and fixtures against
//! their keys (no drift), interoperability with snarkjs, and the makers of the committed keys
//! and fixtures (ignored).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr,
    reason = "tests fail loudly on unexpected errors; the makers report what they made"
)]

mod circom;
mod committed;
mod common;
mod generate;
mod interop;
mod make;
