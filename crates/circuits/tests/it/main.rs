//! Circuit tests: each gadget against its native twin, at boundary sizes, and wrong witnesses that
//! must leave the constraint system unsatisfied.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on unexpected errors"
)]

mod dataset;
mod inclusion;
mod lookup;

use ark_bn254::Fr;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem};

/// Synthesizes with values and returns (satisfied, constraints).
pub(crate) fn run<C: ConstraintSynthesizer<Fr>>(circuit: C) -> (bool, usize) {
    let cs = ConstraintSystem::<Fr>::new_ref();
    circuit.generate_constraints(cs.clone()).unwrap();
    (cs.is_satisfied().unwrap(), cs.num_constraints())
}
