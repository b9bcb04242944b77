//! Merkle tree tests: the sparse tree against a naive full computation, proofs at boundary sizes,
//! and the gadget against the native twin.

mod gadget;
mod native;
