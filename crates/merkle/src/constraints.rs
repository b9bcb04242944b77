//! The tree's path check as an R1CS gadget, twin of [`crate::native::Proof::root_for`].
//!
//! A path of depth `D` costs 213 constraints for the leaf node, then 240 + 1 per level (one
//! Poseidon and one conditional swap); the index bits' booleanity is the caller's (it comes with
//! allocating them as [`Boolean`]s, one constraint each).

use ark_bn254::Fr;
use ark_r1cs_std::{boolean::Boolean, fields::fp::FpVar, select::CondSelectGadget};
use ark_relations::gr1cs::SynthesisError;
use zkp_ledger_poseidon::constraints::hash;

/// In-circuit `leaf_node(value)`.
pub fn leaf_node(value: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    hash(std::slice::from_ref(value))
}

/// In-circuit `inner_node(left, right)`.
pub fn inner_node(left: &FpVar<Fr>, right: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    hash(&[left.clone(), right.clone()])
}

/// The root reached from leaf node `leaf` along `siblings`, where `index_bits[h]` (little-endian)
/// says whether the node at height `h` is a right child.
pub fn root_from_leaf_node(
    leaf: &FpVar<Fr>,
    index_bits: &[Boolean<Fr>],
    siblings: &[FpVar<Fr>],
) -> Result<FpVar<Fr>, SynthesisError> {
    if index_bits.len() != siblings.len() {
        return Err(SynthesisError::Unsatisfiable);
    }
    let mut node = leaf.clone();
    for (bit, sibling) in index_bits.iter().zip(siblings) {
        // left = bit ? sibling : node; right = node + sibling - left: one constraint.
        let left = FpVar::conditionally_select(bit, sibling, &node)?;
        let right = &node + sibling - &left;
        node = inner_node(&left, &right)?;
    }
    Ok(node)
}

/// The root reached from leaf value `value` (hashed to its leaf node first).
pub fn root_from_value(
    value: &FpVar<Fr>,
    index_bits: &[Boolean<Fr>],
    siblings: &[FpVar<Fr>],
) -> Result<FpVar<Fr>, SynthesisError> {
    root_from_leaf_node(&leaf_node(value)?, index_bits, siblings)
}

/// The root of a whole tree of `depth` whose leaf nodes are `leaf_nodes` (padded on the right
/// with empty slots). Constant nodes fold, so empty subtrees cost no constraints.
pub fn root_of_leaf_nodes(
    depth: usize,
    leaf_nodes: &[FpVar<Fr>],
) -> Result<FpVar<Fr>, SynthesisError> {
    if depth > crate::MAX_DEPTH || leaf_nodes.len() as u128 > 1u128 << depth {
        return Err(SynthesisError::Unsatisfiable);
    }
    let mut level: Vec<FpVar<Fr>> = leaf_nodes.to_vec();
    for h in 0..depth {
        let empty = FpVar::Constant(crate::native::empty_root(h));
        let next = level
            .chunks(2)
            .map(|pair| inner_node(&pair[0], pair.get(1).unwrap_or(&empty)))
            .collect::<Result<Vec<_>, _>>()?;
        level = next;
    }
    Ok(level.pop().unwrap_or_else(|| FpVar::Constant(crate::native::empty_root(depth))))
}
