//! The chained state commitment `h = chain_hash(salt, state)` that links one chunk proof to the
//! next, native ([`chain_hash`]) and in-circuit ([`chain_hash_var`]).
//!
//! # The state
//!
//! For a shape with `a` numeric and `b` categorical columns the state is the vector of running
//! totals `[S_1..S_a, Q_1..Q_a, E_1..E_b]` (sums, sums of squares, counts), field elements, of
//! length [`state_len`]`(a, b) = 2a + b`. The length is fixed by the shape (a circuit and its key
//! are made for one shape), so states of different lengths are never compared and the chain needs
//! no length prefix or padding rule.
//!
//! # The hash
//!
//! Poseidon (circomlib's parameters, 1 to 8 inputs per call) as a sponge-like chain with rate 7:
//!
//! ```text
//! h = Poseidon(salt, s_0, ..., s_6)          (fewer if the state is shorter; Poseidon(salt) if empty)
//! h = Poseidon(h, s_7, ..., s_13)            (while elements remain, up to 7 at a time)
//! ```
//!
//! # Hiding
//!
//! `salt` is uniformly random and secret (a fresh one per chunk boundary). Modelling Poseidon as
//! a random oracle, the first call's output is uniform and independent of the state for anyone
//! who does not query the oracle at the secret `salt` (probability at most `q / r` for `q`
//! queries); every later call takes that unknown uniform output as its first input, so its own
//! output is again uniform. `h` therefore reveals nothing about the running totals, even when
//! they have little entropy (a count of 0 or 1). Reusing a salt for two states of equal length
//! would reveal whether they are equal: every boundary gets its own salt.
//!
//! # Binding
//!
//! Opening one `h` to two different states `(salt, state) != (salt', state')` of the same length
//! gives a Poseidon collision: walk the chain back from the last call (equal outputs and
//! different inputs somewhere is a collision of that call; equal inputs everywhere means equal
//! states). Poseidon's collision resistance (its parameters target 128-bit security) makes
//! that infeasible, so a chunk proof that takes `h_prev` as a public input is bound to the
//! totals the previous chunk proof output. The arities of the calls depend only on the length,
//! which the shape fixes, so the chain is injective as a function of a fixed-length input.

use ark_bn254::Fr;
use ark_ff::Zero;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::SynthesisError;
use zkp_ledger_poseidon::{constraints, native};

use crate::Result;

/// State elements absorbed per Poseidon call after the salt or the previous output: one call
/// takes at most [`zkp_ledger_poseidon::params::MAX_INPUTS`] = 8 inputs.
pub const RATE: usize = zkp_ledger_poseidon::params::MAX_INPUTS - 1;

/// Length of the state for `numeric` numeric and `categorical` categorical columns:
/// a sum and a sum of squares per numeric column, a count per categorical one.
pub fn state_len(numeric: usize, categorical: usize) -> usize {
    2 * numeric + categorical
}

/// Number of Poseidon calls [`chain_hash`] makes for a state of `len` elements.
pub fn calls(len: usize) -> usize {
    len.div_ceil(RATE).max(1)
}

/// `h = chain_hash(salt, state)`, the hiding commitment to a state (see the module doc).
pub fn chain_hash(salt: Fr, state: &[Fr]) -> Result<Fr> {
    let (first, rest) = state.split_at(state.len().min(RATE));
    let mut buf = Vec::with_capacity(RATE + 1);
    buf.push(salt);
    buf.extend_from_slice(first);
    let mut h = native::hash(&buf)?;
    for chunk in rest.chunks(RATE) {
        buf.clear();
        buf.push(h);
        buf.extend_from_slice(chunk);
        h = native::hash(&buf)?;
    }
    Ok(h)
}

/// In-circuit [`chain_hash`]: the same calls over variables (constants fold away).
pub fn chain_hash_var(salt: &FpVar<Fr>, state: &[FpVar<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
    let (first, rest) = state.split_at(state.len().min(RATE));
    let mut buf = Vec::with_capacity(RATE + 1);
    buf.push(salt.clone());
    buf.extend_from_slice(first);
    let mut h = constraints::hash(&buf)?;
    for chunk in rest.chunks(RATE) {
        buf.clear();
        buf.push(h);
        buf.extend_from_slice(chunk);
        h = constraints::hash(&buf)?;
    }
    Ok(h)
}

/// The public `h` before the first chunk: `chain_hash(0, [0; len])`. The all-zero state is the
/// totals of no rows; its salt is public (0) because there is nothing to hide yet.
pub fn initial_hash(len: usize) -> Result<Fr> {
    chain_hash(Fr::zero(), &vec![Fr::zero(); len])
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use ark_ff::UniformRand;
    use ark_r1cs_std::{GR1CSVar, alloc::AllocVar, eq::EqGadget};
    use ark_relations::gr1cs::ConstraintSystem;
    use rand::{SeedableRng, rngs::StdRng};

    use super::*;

    /// Native and gadget agree at every length around the rate boundaries; reports the
    /// constraints per call.
    #[test]
    fn native_and_gadget_agree() {
        let mut rng = StdRng::seed_from_u64(12);
        for len in [0, 1, 6, 7, 8, 13, 14, 15, 21, 22] {
            let salt = Fr::rand(&mut rng);
            let state: Vec<Fr> = (0..len).map(|_| Fr::rand(&mut rng)).collect();
            let native = chain_hash(salt, &state).unwrap();
            let cs = ConstraintSystem::<Fr>::new_ref();
            let s = FpVar::new_witness(cs.clone(), || Ok(salt)).unwrap();
            let vars: Vec<FpVar<Fr>> =
                state.iter().map(|x| FpVar::new_witness(cs.clone(), || Ok(*x)).unwrap()).collect();
            let h = chain_hash_var(&s, &vars).unwrap();
            let public = FpVar::new_input(cs.clone(), || Ok(native)).unwrap();
            h.enforce_equal(&public).unwrap();
            assert_eq!(h.value().unwrap(), native, "len {len}");
            assert!(cs.is_satisfied().unwrap(), "len {len}");
            println!(
                "chain_hash over {len} elements: {} calls, {} constraints",
                calls(len),
                cs.num_constraints()
            );

            // A wrong salt or a changed element gives another hash.
            assert_ne!(chain_hash(salt + Fr::from(1u64), &state).unwrap(), native);
            if len > 0 {
                let mut other = state.clone();
                other[len - 1] += Fr::from(1u64);
                assert_ne!(chain_hash(salt, &other).unwrap(), native);
            }
        }
    }

    /// A wrong state does not satisfy the gadget against the honest hash.
    #[test]
    fn wrong_state_fails_in_circuit() {
        let state: Vec<Fr> = (0..15u64).map(Fr::from).collect();
        let salt = Fr::from(99u64);
        let h = chain_hash(salt, &state).unwrap();
        let cs = ConstraintSystem::<Fr>::new_ref();
        let s = FpVar::new_witness(cs.clone(), || Ok(salt)).unwrap();
        let vars: Vec<FpVar<Fr>> = state
            .iter()
            .enumerate()
            .map(|(i, x)| {
                let v = if i == 9 { *x + Fr::from(1u64) } else { *x };
                FpVar::new_witness(cs.clone(), || Ok(v)).unwrap()
            })
            .collect();
        let out = chain_hash_var(&s, &vars).unwrap();
        out.enforce_equal(&FpVar::new_input(cs.clone(), || Ok(h)).unwrap()).unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }

    #[test]
    fn shape_and_initial_hash() {
        assert_eq!(state_len(7, 1), 15);
        assert_eq!(state_len(0, 0), 0);
        assert_eq!(calls(0), 1);
        assert_eq!(calls(7), 1);
        assert_eq!(calls(8), 2);
        assert_eq!(calls(15), 3);
        assert_eq!(initial_hash(0).unwrap(), native::hash(&[Fr::zero()]).unwrap());
        let h = initial_hash(15).unwrap();
        assert_eq!(h, chain_hash(Fr::zero(), &[Fr::zero(); 15]).unwrap());
        // The length is part of what the hash commits to through the arity of the calls.
        assert_ne!(initial_hash(14).unwrap(), h);
    }
}
