//! Poseidon over the BN254 scalar field with circomlib's parameters.
//!
//! The digests equal those of circomlib's `Poseidon(n)` circuit, circomlibjs's `poseidon`, and
//! light-poseidon's circom-compatible instances: `R_F = 8`, `R_P` from circomlib's table, x^5
//! S-box, the constants of the Poseidon authors' Grain-LFSR script. Both twins live here:
//! [`native`] for plain Rust and [`constraints`] for R1CS circuits; the tests demand equal outputs
//! and compare both with golden vectors from circomlibjs.

pub mod constraints;
mod error;
pub mod native;
pub mod params;

pub use error::{Error, Result};
pub use native::{hash, hash_with_state, hash1, hash2};
