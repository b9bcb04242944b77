//! Small R1CS helpers shared by the circuits: linear combinations of variables and range checks
//! by bit decomposition.

use ark_bn254::Fr;
use ark_ff::{AdditiveGroup, BigInteger, Field, PrimeField};
use ark_r1cs_std::{alloc::AllocVar, boolean::Boolean, fields::fp::FpVar};
use ark_relations::gr1cs::{ConstraintSystemRef, LinearCombination, SynthesisError, Variable};

/// The linear combination of an [`FpVar`].
pub(crate) fn lc(v: &FpVar<Fr>) -> LinearCombination<Fr> {
    match v {
        FpVar::Constant(c) => LinearCombination::from((*c, Variable::One)),
        FpVar::Var(a) => LinearCombination::from(a.variable),
    }
}

/// `2^k` as a field element.
pub(crate) fn pow2(k: u32) -> Fr {
    Fr::from(2u64).pow([u64::from(k)])
}

/// Allocates the low `n` bits of `value` as booleans (one constraint each) and returns the linear
/// combination `sum 2^k b_k`. With a value of `n` bits or more the sum differs from the value, so
/// the caller's equality constraint fails: that is how an out-of-range witness is caught.
pub(crate) fn alloc_bits(
    cs: &ConstraintSystemRef<Fr>,
    value: Option<Fr>,
    n: u32,
) -> Result<LinearCombination<Fr>, SynthesisError> {
    let bits = value.map(|v| v.into_bigint().to_bits_le());
    let mut sum = LinearCombination::zero();
    let mut coeff = Fr::from(1u64);
    for k in 0..n as usize {
        let b = Boolean::new_witness(cs.clone(), || {
            bits.as_ref()
                .map(|bits| bits.get(k).copied().unwrap_or(false))
                .ok_or(SynthesisError::AssignmentMissing)
        })?;
        sum = sum + (coeff, &b.lc());
        coeff.double_in_place();
    }
    Ok(sum)
}

/// Enforces `0 <= x < 2^n` (as an integer; `n` well below 254): `n + 1` constraints.
pub(crate) fn enforce_bits(
    cs: &ConstraintSystemRef<Fr>,
    x: &FpVar<Fr>,
    n: u32,
) -> Result<(), SynthesisError> {
    let value = x.value_opt();
    let sum = alloc_bits(cs, value, n)?;
    cs.enforce_r1cs_constraint(|| sum, || Variable::One.into(), || lc(x))
}

/// Value access that does not fail in setup mode.
pub(crate) trait ValueOpt {
    /// The assigned value, if any.
    fn value_opt(&self) -> Option<Fr>;
}

impl ValueOpt for FpVar<Fr> {
    fn value_opt(&self) -> Option<Fr> {
        use ark_r1cs_std::GR1CSVar;
        self.value().ok()
    }
}

impl ValueOpt for Boolean<Fr> {
    fn value_opt(&self) -> Option<Fr> {
        use ark_r1cs_std::GR1CSVar;
        self.value().ok().map(Fr::from)
    }
}
