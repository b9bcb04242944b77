//! A circuit made of nothing but 64-bit range checks on private values, by lookups or by bit
//! decomposition: the benchmark that compares the two (constraints, key size, proving time).

use ark_bn254::Fr;
use ark_r1cs_std::{alloc::AllocVar, fields::fp::FpVar};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError, Variable};

use super::{Challenge, MAX_WIDTH, RangeChecker};
use crate::gadgets::enforce_bits;

/// `n` private values, each proven below 2^64. No public input but the lookup challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeChecks {
    n: usize,
    values: Option<Vec<u64>>,
}

/// What [`RangeChecks::synthesize_lookups`] allocated for the commit-and-prove prover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookupLayout {
    /// The challenge: the circuit's only public input.
    pub challenge: Variable,
    /// The witness variables the challenge must be derived from (one commitment).
    pub committed: Vec<Variable>,
}

impl RangeChecks {
    /// The circuit's shape for key generation: `n` checks, no values.
    pub fn for_setup(n: usize) -> Self {
        Self { n, values: None }
    }

    /// The circuit over `values`.
    pub fn for_proving(values: Vec<u64>) -> Self {
        Self { n: values.len(), values: Some(values) }
    }

    /// Number of checks.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether there are no checks.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    fn alloc_values(&self, cs: &ConstraintSystemRef<Fr>) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
        (0..self.n)
            .map(|i| {
                FpVar::new_witness(cs.clone(), || {
                    self.values
                        .as_ref()
                        .and_then(|v| v.get(i))
                        .map(|v| Fr::from(*v))
                        .ok_or(SynthesisError::AssignmentMissing)
                })
            })
            .collect()
    }

    /// The lookup version, shaped for a commit-and-prove prover with one commitment: allocates
    /// the challenge input first (value `challenge`; a placeholder in key generation and in the
    /// prover's first pass), then the values and their checks with `bits_per_limb`-bit limbs.
    /// `5 n + 2^16` constraints with 16-bit limbs.
    pub fn synthesize_lookups(
        &self,
        cs: ConstraintSystemRef<Fr>,
        challenge: Fr,
        bits_per_limb: u32,
    ) -> Result<LookupLayout, SynthesisError> {
        let ch = Challenge::new_input(&cs, || Ok(challenge))?;
        let values = self.alloc_values(&cs)?;
        let mut rc = RangeChecker::new(cs, bits_per_limb)?;
        for v in &values {
            rc.check(v, MAX_WIDTH)?;
        }
        let committed = rc.commit()?;
        let layout =
            LookupLayout { challenge: ch.variable(), committed: committed.committed_variables() };
        committed.finalize(&ch)?;
        Ok(layout)
    }

    /// The plain version: each value decomposed into 64 bits, `65 n` constraints.
    pub fn synthesize_bits(&self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        for v in &self.alloc_values(&cs)? {
            enforce_bits(&cs, v, MAX_WIDTH)?;
        }
        Ok(())
    }
}
