//! BN254 Groth16 for zkp-ledger: key directories, proving with cached constraint matrices,
//! strict verification, and the snarkjs JSON and EVM calldata forms.
//!
//! Conventions (shared with the Solidity verifiers):
//! - public inputs are canonical field elements below r;
//! - coordinates are canonical (below q), points affine, on the curve, in their subgroup, and not
//!   the point at infinity: one proof, one encoding;
//! - a circuit id is keccak256 of the verifying key's canonical words ([`evm::circuit_id`]);
//!   proofs carry it and a verifier refuses a proof made for another id.

pub mod bundle;
pub mod commit;
mod error;
pub mod evm;
pub mod fft;
pub mod field;
pub mod groth16;
pub mod inclusion;
pub mod keys;
pub mod msm;
pub mod rng;
#[cfg(target_arch = "x86_64")]
mod simd;
pub mod snarkjs;
pub mod verify;

pub use bundle::ProofBundle;
pub use error::{Error, Result};
pub use keys::{CircuitSpec, KeyDir, Manifest, Progress, Prover, Silent};
pub use verify::Verifier;
