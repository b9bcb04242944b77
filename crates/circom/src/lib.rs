//! Checked readers for the files Circom and snarkjs users already have: the constraint system
//! (`.r1cs`), a witness (`.wtns`) and a Groth16 proving key (`.zkey`), all over BN254.
//!
//! The three share iden3's binary container (`binfileutils`: magic, version, a table of
//! sections). Every malformed, truncated or inconsistent file is a typed [`Error`],
//! never a panic: wrong magic or version, a section missing, duplicated, outside the file or of
//! the wrong size, a prime other than BN254's, counts that disagree across sections, a value or
//! coordinate at or above its modulus, a point off its curve or (G2) outside its subgroup.
//!
//! - [`R1cs`]: the A, B and C rows as `(coefficient, wire)` lists, convertible to the prover's
//!   [`Matrices`](zkp_ledger_prover::groth16::Matrices);
//! - [`Wtns`]: the wire values;
//! - [`Zkey`]: an arkworks [`ProvingKey`](ark_groth16::ProvingKey) (with its verifying key) and
//!   the key's A and B coefficients. Its H query is snarkjs's, for snarkjs's QAP reduction.
//!
//! [`ZkeyProver`] proves with a zkey and a witness (snarkjs's QAP reduction, the prover crate's
//! MSM); its proofs verify under the zkey's verifying key, with snarkjs too.
//!
//! [`setup`] makes a Groth16 key from an [`R1cs`] and a prepared snarkjs powers of tau
//! ([`Ptau`], checked like the others): the initial key of `snarkjs groth16 setup`, the same file
//! byte for byte ([`InitialZkey::to_bytes`]), which `snarkjs zkey verify` accepts.
//!
//! [`prepare_phase2`] adds to a powers of tau the Lagrange-basis sections a setup reads, the
//! same file byte for byte as `snarkjs powersoftau prepare phase2`.
//!
//! And witness generation, as `snarkjs wtns calculate` does it: [`WitnessCalculator`] runs the
//! circuit's circom 2 `.wasm` in process on [`Inputs`] read from an `input.json`, giving a
//! [`Wtns`] that [`Wtns::to_bytes`] writes byte for byte as snarkjs does. [`WitnessGraph`]
//! computes the same witness, much faster, from a circom-witnesscalc graph (`build-circuit`'s
//! `wtns.graph.001` file) of the circuit.
//!
//! `docs/circom.md` describes the formats as read, the reduction and the witness ABI.

mod binfile;
mod error;
pub mod graph;
mod graph_error;
pub mod input;
pub mod memo;
mod points;
pub mod prepare;
pub mod prove;
pub mod ptau;
pub mod r1cs;
pub mod setup;
pub mod wasm;
mod witness_error;
pub mod wtns;
pub mod zkey;

pub use error::{Error, FileKind, Result};
pub use graph::WitnessGraph;
pub use graph_error::GraphError;
pub use input::Inputs;
pub use memo::SubgroupMemo;
pub use prepare::prepare_phase2;
pub use prove::ZkeyProver;
pub use ptau::Ptau;
pub use r1cs::R1cs;
pub use setup::{InitialZkey, setup};
pub use wasm::WitnessCalculator;
pub use witness_error::WitnessError;
pub use wtns::Wtns;
pub use zkey::Zkey;
