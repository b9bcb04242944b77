//! Errors of the Merkle crate.

/// Errors returned by tree construction and proofs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// More leaves than a tree of this depth holds.
    #[error("{leaves} leaves do not fit a tree of depth {depth} (capacity {capacity})")]
    TooManyLeaves {
        /// Leaves given.
        leaves: usize,
        /// Tree depth.
        depth: usize,
        /// 2^depth.
        capacity: u128,
    },
    /// A depth beyond what this crate supports.
    #[error("tree depth {depth} is over the maximum of {max}")]
    DepthTooLarge {
        /// Depth asked for.
        depth: usize,
        /// Largest supported depth.
        max: usize,
    },
    /// An inclusion proof for a leaf the tree does not have.
    #[error("leaf index {index} is out of range: the tree has {leaves} leaves")]
    IndexOutOfRange {
        /// Index asked for.
        index: u64,
        /// Leaves in the tree.
        leaves: usize,
    },
    /// A proof whose sibling count does not match the tree depth.
    #[error("inclusion proof has {got} siblings, expected {expected} (the tree depth)")]
    WrongPathLength {
        /// Siblings in the proof.
        got: usize,
        /// Expected number (depth).
        expected: usize,
    },
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;
