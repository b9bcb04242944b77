//! Binary Merkle trees over Poseidon (circomlib parameters), the one tree shape every part of
//! zkp-ledger uses: batch trees of ledger entries, the rows of a dataset, the inclusion circuit,
//! and the Solidity verifier.
//!
//! - A tree has a fixed depth `D` and holds up to `2^D` leaves, filled from the left; any number
//!   of leaves from 0 is allowed, and the slots after the last one are empty (value 0).
//! - A leaf value `v` (a field element) sits in the tree as its leaf node `Poseidon(v)` (width 2);
//!   an inner node is `Poseidon(left, right)` (width 3). Different widths are different
//!   permutations, so a leaf node can never pass for an inner node, and with the depth fixed a
//!   path cannot be shortened or stretched.
//! - An inclusion proof is the leaf index and `D` siblings; [`native::Proof::verify`],
//!   [`constraints::root_from_value`] and the Solidity library check it the same way.
//!
//! 32-byte ledger entries (digests, which may exceed the field) become leaf values through
//! [`entry_value`].

pub mod constraints;
mod error;
pub mod native;

use ark_bn254::Fr;

pub use error::{Error, Result};
pub use native::{Proof, Tree, empty_root, inner_node, leaf_node};

/// The deepest tree supported (a depth-64 tree has 2^64 slots).
pub const MAX_DEPTH: usize = 64;

/// The leaf value of a 32-byte ledger entry: `Poseidon(hi, lo)` of its two big-endian 128-bit
/// halves. Both halves are below the field modulus, so the map is collision resistant for all
/// 2^256 entries (a plain reduction modulo r would map `d` and `d + r` to one leaf).
pub fn entry_value(entry: &[u8; 32]) -> Fr {
    let mut hi = [0u8; 16];
    let mut lo = [0u8; 16];
    hi.copy_from_slice(&entry[..16]);
    lo.copy_from_slice(&entry[16..]);
    zkp_ledger_poseidon::hash2(Fr::from(u128::from_be_bytes(hi)), Fr::from(u128::from_be_bytes(lo)))
}
