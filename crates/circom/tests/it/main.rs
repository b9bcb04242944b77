//! Tests of the Circom file readers on real circom2 and snarkjs outputs (the fixtures made by
//! tools/circom/make-fixtures.sh): cross-checks against independent computations and snarkjs's
//! own JSON, and malformed files, each a typed error.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on unexpected errors"
)]

mod common;
mod cross;
mod graph;
mod malformed;
mod prepare;
mod prove;
mod setup;
mod witness;
