//! Poseidon as an R1CS gadget, twin of [`crate::native`].
//!
//! Each S-box `x^5` costs three constraints; round constants and the MDS layer are linear and
//! free. For `n` inputs (width `t = n + 1`) that is `3 * (8 * t + R_P)` constraints with a
//! variable initial state, and 3 fewer with the usual constant one (its first S-box folds): 240
//! for two inputs, 213 for one.

use ark_bn254::Fr;
use ark_r1cs_std::fields::{FieldVar, fp::FpVar};
use ark_relations::gr1cs::SynthesisError;

use crate::{Error, params};

fn pow5(x: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    let x2 = x.square()?;
    let x4 = x2.square()?;
    Ok(x4 * x)
}

/// Maps a parameter error into the constraint system's error type (the arity is a circuit shape
/// choice, so this only fires on a programming error in a circuit).
fn arity_error(_: Error) -> SynthesisError {
    SynthesisError::Unsatisfiable
}

/// In-circuit circomlib `PoseidonEx(inputs, initialState)[0]`.
pub fn hash_with_state(
    initial_state: &FpVar<Fr>,
    inputs: &[FpVar<Fr>],
) -> Result<FpVar<Fr>, SynthesisError> {
    let p = params::for_inputs(inputs.len()).map_err(arity_error)?;
    let t = p.t;
    let mut state: Vec<FpVar<Fr>> = Vec::with_capacity(t);
    state.push(initial_state.clone());
    state.extend(inputs.iter().cloned());
    for r in 0..p.rounds() {
        let rc = &p.round_constants[r * t..(r + 1) * t];
        for (s, c) in state.iter_mut().zip(rc) {
            *s += *c;
        }
        if p.is_full_round(r) {
            for s in &mut state {
                *s = pow5(s)?;
            }
        } else {
            state[0] = pow5(&state[0])?;
        }
        state = p
            .mds
            .iter()
            .map(|row| row.iter().zip(&state).fold(FpVar::zero(), |acc, (m, s)| acc + s * *m))
            .collect();
    }
    Ok(state.swap_remove(0))
}

/// In-circuit circomlib `Poseidon(n)` (initial state 0).
pub fn hash(inputs: &[FpVar<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
    hash_with_state(&FpVar::zero(), inputs)
}
