//! Proving Merkle inclusion with the built-in `inclusion` circuit.

use ark_bn254::Fr;
use zkp_ledger_circuits::inclusion::{InclusionCircuit, Witness};

use crate::{
    Result,
    bundle::ProofBundle,
    field::fr_from_user,
    groth16::ProveTimings,
    keys::{CircuitSpec, Prover},
};

/// Parses a leaves file: one field element per line, decimal or `0x`-hex; blank lines are skipped
/// (the index counts leaves, not lines). Errors name the line.
pub fn parse_leaves(text: &str) -> Result<Vec<Fr>> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| fr_from_user(l, &format!("line {}", i + 1)))
        .collect()
}

/// The tree depth of inclusion keys; other keys are an error.
fn depth_of(prover: &Prover) -> Result<usize> {
    match prover.spec {
        CircuitSpec::Inclusion { depth } => Ok(depth),
        other => Err(crate::Error::Unsupported {
            field: "circuit",
            got: other.describe(),
            expected: "inclusion",
        }),
    }
}

/// Proves that `leaves[index]` is in the tree over `leaves` (of the keys' depth).
pub fn prove(prover: &Prover, leaves: &[Fr], index: u64) -> Result<(ProofBundle, ProveTimings)> {
    let depth = depth_of(prover)?;
    let witness = Witness::from_values(depth, leaves, index)?;
    let (proof, inputs, timings) = prover.prove(InclusionCircuit::for_proving(depth, witness)?)?;
    Ok((ProofBundle { proof, inputs, circuit_id: prover.circuit_id.clone() }, timings))
}

/// Proves that the leaf with value `leaf` at `index` is in the tree with `root`, from a stored
/// path (the submitter stores every entry's path when it closes a batch): no tree is rebuilt.
pub fn prove_path(
    prover: &Prover,
    root: Fr,
    leaf: Fr,
    index: u64,
    siblings: Vec<Fr>,
) -> Result<(ProofBundle, ProveTimings)> {
    let depth = depth_of(prover)?;
    let witness = Witness { root, leaf, proof: zkp_ledger_merkle::Proof { index, siblings } };
    let (proof, inputs, timings) = prover.prove(InclusionCircuit::for_proving(depth, witness)?)?;
    Ok((ProofBundle { proof, inputs, circuit_id: prover.circuit_id.clone() }, timings))
}

/// Proves that the 32-byte ledger entry `entry` is leaf `index` of the batch tree with `root`,
/// from the words the store keeps: the root and the sibling path (leaf to root) as big-endian
/// 32-byte words, read modulo r as the batch tree makes them. The leaf is the entry's value
/// ([`zkp_ledger_merkle::entry_value`]).
pub fn prove_entry(
    prover: &Prover,
    root: &[u8; 32],
    entry: &[u8; 32],
    index: u64,
    path: &[[u8; 32]],
) -> Result<(ProofBundle, ProveTimings)> {
    use ark_ff::PrimeField;
    let siblings = path.iter().map(|s| Fr::from_be_bytes_mod_order(s)).collect();
    let root = Fr::from_be_bytes_mod_order(root);
    prove_path(prover, root, zkp_ledger_merkle::entry_value(entry), index, siblings)
}
