//! The plain Rust Poseidon, twin of [`crate::constraints`].

use ark_bn254::Fr;
use ark_ff::{Field, Zero};

use crate::{Result, params};

#[inline(always)]
fn pow5(x: Fr) -> Fr {
    let x2 = x.square();
    x2.square() * x
}

/// circomlib's `PoseidonEx(inputs, initialState)[0]`: the permutation of
/// `[initial_state, inputs...]`, first word of the output.
pub fn hash_with_state(initial_state: Fr, inputs: &[Fr]) -> Result<Fr> {
    let p = params::for_inputs(inputs.len())?;
    let t = p.t;
    // Widths are at most 9: a fixed buffer avoids allocating on every hash.
    let mut state = [Fr::zero(); params::MAX_INPUTS + 1];
    let mut next = [Fr::zero(); params::MAX_INPUTS + 1];
    state[0] = initial_state;
    state[1..t].copy_from_slice(inputs);
    for r in 0..p.rounds() {
        let rc = &p.round_constants[r * t..(r + 1) * t];
        for (s, c) in state[..t].iter_mut().zip(rc) {
            *s += c;
        }
        if p.is_full_round(r) {
            for s in &mut state[..t] {
                *s = pow5(*s);
            }
        } else {
            state[0] = pow5(state[0]);
        }
        for (i, out) in next[..t].iter_mut().enumerate() {
            let row = &p.mds[i];
            let mut acc = Fr::zero();
            for (m, s) in row.iter().zip(&state[..t]) {
                acc += *m * s;
            }
            *out = acc;
        }
        state[..t].copy_from_slice(&next[..t]);
    }
    Ok(state[0])
}

/// circomlib's `Poseidon(n)` (initial state 0) over `inputs`, 1 to 8 of them.
pub fn hash(inputs: &[Fr]) -> Result<Fr> {
    hash_with_state(Fr::zero(), inputs)
}

/// Poseidon with one input (width 2).
#[allow(clippy::expect_used, reason = "arity 1 is always supported")]
pub fn hash1(a: Fr) -> Fr {
    hash(&[a]).expect("arity 1 is supported")
}

/// Poseidon with two inputs (width 3).
#[allow(clippy::expect_used, reason = "arity 2 is always supported")]
pub fn hash2(a: Fr, b: Fr) -> Fr {
    hash(&[a, b]).expect("arity 2 is supported")
}
