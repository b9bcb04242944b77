//! The `inclusion` circuit: a leaf value is in a Merkle tree of depth `D` with a given root.
//!
//! Public inputs, in order: `root`, `leaf` (the leaf value, hashed to its leaf node inside the
//! circuit). Private: the leaf's index bits and the `D` siblings. The native twin is
//! [`zkp_ledger_merkle::Proof::verify`].

pub mod constraints;

use ark_bn254::Fr;
use zkp_ledger_merkle::{Proof, Tree};

use crate::{Error, Result};

/// Default tree depth: 2^20 (about a million) leaves per tree.
pub const DEFAULT_DEPTH: usize = 20;

/// Largest depth a key can be made for (index bits fit a u64).
pub const MAX_DEPTH: usize = 63;

/// Number of public inputs: root and leaf.
pub const NUM_PUBLIC: usize = 2;

/// Everything the prover knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witness {
    /// Tree root (public).
    pub root: Fr,
    /// Leaf value (public).
    pub leaf: Fr,
    /// The path to it (private).
    pub proof: Proof,
}

impl Witness {
    /// The witness for the leaf at `index` of a tree of `depth` over `values`. Checks the path
    /// natively first, so a witness that would not satisfy the circuit is never returned.
    pub fn from_values(depth: usize, values: &[Fr], index: u64) -> Result<Self> {
        check_depth(depth)?;
        let tree = Tree::new(depth, values)?;
        let proof = tree.proof(index)?;
        let leaf = values[usize::try_from(index).map_err(|_| {
            Error::Merkle(zkp_ledger_merkle::Error::IndexOutOfRange { index, leaves: values.len() })
        })?];
        Ok(Self { root: tree.root(), leaf, proof })
    }

    /// The public inputs in circuit order.
    pub fn public_inputs(&self) -> Vec<Fr> {
        vec![self.root, self.leaf]
    }
}

/// Checks that `depth` is a depth the circuit supports.
pub fn check_depth(depth: usize) -> Result<()> {
    if depth == 0 || depth > MAX_DEPTH {
        return Err(Error::InvalidParams(format!(
            "inclusion depth must be 1..={MAX_DEPTH}, got {depth}"
        )));
    }
    Ok(())
}

/// The circuit: its depth, and the witness when proving (`None` at setup).
#[derive(Debug, Clone)]
pub struct InclusionCircuit {
    /// Tree depth.
    pub depth: usize,
    /// The witness; `None` for key generation.
    pub witness: Option<Witness>,
}

impl InclusionCircuit {
    /// The circuit shape for key generation.
    pub fn for_setup(depth: usize) -> Result<Self> {
        check_depth(depth)?;
        Ok(Self { depth, witness: None })
    }

    /// The circuit with a witness for proving.
    pub fn for_proving(depth: usize, witness: Witness) -> Result<Self> {
        check_depth(depth)?;
        if witness.proof.siblings.len() != depth {
            return Err(zkp_ledger_merkle::Error::WrongPathLength {
                got: witness.proof.siblings.len(),
                expected: depth,
            }
            .into());
        }
        Ok(Self { depth, witness: Some(witness) })
    }
}
