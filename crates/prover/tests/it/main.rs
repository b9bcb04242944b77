//! Prover tests: real Groth16 proofs of both circuits, checked by our verifier and by snarkjs;
//! malformed proofs, inputs and keys, each with its typed error.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on unexpected errors"
)]

mod batch;
mod commit;
mod common;
mod fft;
mod finalize;
mod keys;
mod lookup;
mod malformed;
mod msm;
mod roundtrip;
mod snarkjs_cross;
mod solana_cross;
