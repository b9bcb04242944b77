//! TEMPORARY (replaced by the helper's version on merge): the chained state commitment.

use ark_bn254::Fr;
use ark_ff::AdditiveGroup;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::SynthesisError;

use crate::{Error, Result};

/// Length of the state for `numeric` and `categorical` columns.
pub fn state_len(numeric: usize, categorical: usize) -> usize {
    2 * numeric + categorical
}

/// `h = chain_hash(salt, state)`.
pub fn chain_hash(salt: Fr, state: &[Fr]) -> Result<Fr> {
    let first = state.len().min(7);
    let mut inputs = vec![salt];
    inputs.extend_from_slice(&state[..first]);
    let mut h = zkp_ledger_poseidon::native::hash(&inputs)
        .map_err(|e| Error::InvalidParams(e.to_string()))?;
    for group in state[first..].chunks(7) {
        let mut inputs = vec![h];
        inputs.extend_from_slice(group);
        h = zkp_ledger_poseidon::native::hash(&inputs)
            .map_err(|e| Error::InvalidParams(e.to_string()))?;
    }
    Ok(h)
}

/// The gadget of [`chain_hash`].
pub fn chain_hash_var(salt: &FpVar<Fr>, state: &[FpVar<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
    let first = state.len().min(7);
    let mut inputs = vec![salt.clone()];
    inputs.extend_from_slice(&state[..first]);
    let mut h = zkp_ledger_poseidon::constraints::hash(&inputs)?;
    for group in state[first..].chunks(7) {
        let mut inputs = vec![h];
        inputs.extend_from_slice(group);
        h = zkp_ledger_poseidon::constraints::hash(&inputs)?;
    }
    Ok(h)
}

/// The public `h` before the first chunk.
pub fn initial_hash(len: usize) -> Result<Fr> {
    chain_hash(Fr::ZERO, &vec![Fr::ZERO; len])
}
