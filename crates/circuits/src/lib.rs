//! The circuits of zkp-ledger, each beside its native twin.
//!
//! - [`inclusion`]: a leaf value is in a Poseidon Merkle tree of depth `D` with a public root.
//! - [`dataset`]: a dataset chunk has a hiding commitment and satisfies per-column range, sum and
//!   sum-of-squares statements.
//! - [`lookup`]: log-derivative range checks, signed ranges and set membership for
//!   commit-and-prove circuits (a challenge derived from a commitment to chosen witness wires).
//!
//! Each circuit is a [`ark_relations::gr1cs::ConstraintSynthesizer`] over the BN254 scalar field
//! built with `witness: None` for key generation and with a witness for proving. Witness
//! constructors check the statement natively first, so a user error is reported as a typed
//! error, not as an invalid proof.

pub mod chunked;
pub mod dataset;
mod error;
mod gadgets;
pub mod inclusion;
pub mod lookup;

pub use error::{Error, Result};
