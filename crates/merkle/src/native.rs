//! The plain Rust tree, twin of [`crate::constraints`].

use std::sync::OnceLock;

use ark_bn254::Fr;
use ark_ff::Zero;
use rayon::prelude::*;
use zkp_ledger_poseidon::{hash1, hash2};

use crate::{Error, MAX_DEPTH, Result};

/// Leaf node of a leaf value: Poseidon with one input (width 2). Inner nodes use width 3, so no
/// leaf node can be read as an inner node or the reverse.
pub fn leaf_node(value: Fr) -> Fr {
    hash1(value)
}

/// Inner node over two children: Poseidon with two inputs (width 3).
pub fn inner_node(left: Fr, right: Fr) -> Fr {
    hash2(left, right)
}

/// The root of an empty subtree of height `h`: 0 for an empty leaf slot, then
/// `inner_node(z, z)` upwards. An empty slot holds 0, which is no leaf node (that would need a
/// Poseidon preimage of 0).
pub fn empty_root(h: usize) -> Fr {
    static ZEROS: OnceLock<Vec<Fr>> = OnceLock::new();
    let zeros = ZEROS.get_or_init(|| {
        let mut z = Vec::with_capacity(MAX_DEPTH + 1);
        z.push(Fr::zero());
        for i in 0..MAX_DEPTH {
            z.push(inner_node(z[i], z[i]));
        }
        z
    });
    zeros[h.min(MAX_DEPTH)]
}

/// Below this many nodes a level is hashed on one thread.
const PARALLEL_THRESHOLD: usize = 1024;

/// A binary Merkle tree of fixed depth over field-element leaf values, filled from the left; the
/// slots after the last leaf are empty. Stores only the non-empty part of every level, so a tree
/// of depth 20 with a thousand leaves costs a few thousand hashes, not a million.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tree {
    depth: usize,
    /// `levels[0]` are the leaf nodes, `levels[depth]` holds the root.
    levels: Vec<Vec<Fr>>,
}

impl Tree {
    /// Builds the tree of `depth` over `values` (each becomes `leaf_node(value)`).
    pub fn new(depth: usize, values: &[Fr]) -> Result<Self> {
        if depth > MAX_DEPTH {
            return Err(Error::DepthTooLarge { depth, max: MAX_DEPTH });
        }
        let capacity = 1u128 << depth;
        if values.len() as u128 > capacity {
            return Err(Error::TooManyLeaves { leaves: values.len(), depth, capacity });
        }
        let leaves: Vec<Fr> = if values.len() >= PARALLEL_THRESHOLD {
            values.par_iter().map(|v| leaf_node(*v)).collect()
        } else {
            values.iter().map(|v| leaf_node(*v)).collect()
        };
        let mut levels = Vec::with_capacity(depth + 1);
        levels.push(leaves);
        for h in 0..depth {
            let below = &levels[h];
            let empty = empty_root(h);
            let pair = |i: usize| {
                let l = below[2 * i];
                let r = below.get(2 * i + 1).copied().unwrap_or(empty);
                inner_node(l, r)
            };
            let n = below.len().div_ceil(2);
            let level: Vec<Fr> = if n >= PARALLEL_THRESHOLD {
                (0..n).into_par_iter().map(pair).collect()
            } else {
                (0..n).map(pair).collect()
            };
            levels.push(level);
        }
        Ok(Self { depth, levels })
    }

    /// Tree depth.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// Number of leaves.
    pub fn len(&self) -> usize {
        self.levels[0].len()
    }

    /// Whether the tree has no leaves.
    pub fn is_empty(&self) -> bool {
        self.levels[0].is_empty()
    }

    /// The root.
    pub fn root(&self) -> Fr {
        self.levels[self.depth].first().copied().unwrap_or_else(|| empty_root(self.depth))
    }

    fn node(&self, h: usize, i: usize) -> Fr {
        self.levels[h].get(i).copied().unwrap_or_else(|| empty_root(h))
    }

    /// The inclusion proof of the leaf at `index`.
    pub fn proof(&self, index: u64) -> Result<Proof> {
        let i = usize::try_from(index)
            .ok()
            .filter(|i| *i < self.len())
            .ok_or(Error::IndexOutOfRange { index, leaves: self.len() })?;
        let siblings = (0..self.depth).map(|h| self.node(h, (i >> h) ^ 1)).collect();
        Ok(Proof { index, siblings })
    }
}

/// An inclusion proof: the leaf's position and the sibling at every level, leaf level first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proof {
    /// Leaf position; bit `h` says whether the node at height `h` is a right child.
    pub index: u64,
    /// Sibling nodes from the leaf level up; as many as the tree depth.
    pub siblings: Vec<Fr>,
}

impl Proof {
    /// The root this proof leads to from leaf value `value`.
    pub fn root_for(&self, value: Fr) -> Fr {
        let mut node = leaf_node(value);
        for (h, s) in self.siblings.iter().enumerate() {
            node = if (self.index >> h) & 1 == 1 {
                inner_node(*s, node)
            } else {
                inner_node(node, *s)
            };
        }
        node
    }

    /// Checks that `value` is in the tree of `depth` with `root`. A proof of another length, or an
    /// index beyond the tree, is an error; a proof that leads elsewhere is `Ok(false)`.
    pub fn verify(&self, depth: usize, root: Fr, value: Fr) -> Result<bool> {
        if self.siblings.len() != depth {
            return Err(Error::WrongPathLength { got: self.siblings.len(), expected: depth });
        }
        if depth < 64 && self.index >> depth != 0 {
            return Err(Error::IndexOutOfRange { index: self.index, leaves: 1 << depth.min(63) });
        }
        Ok(self.root_for(value) == root)
    }
}
