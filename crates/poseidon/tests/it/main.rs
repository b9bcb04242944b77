//! Poseidon tests: golden vectors from circomlibjs, a live cross-check through node, and the
//! gadget against the native twin.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on unexpected errors"
)]

mod gadget;
mod golden;

use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField};
use num_bigint::BigUint;

pub(crate) fn fr_from_dec(s: &str) -> Fr {
    let n: BigUint = s.parse().expect("decimal");
    assert!(n < BigUint::from_bytes_le(&Fr::MODULUS.to_bytes_le()), "vector input not below r");
    Fr::from_le_bytes_mod_order(&n.to_bytes_le())
}

pub(crate) fn fr_to_dec(x: &Fr) -> String {
    BigUint::from(x.into_bigint()).to_string()
}
