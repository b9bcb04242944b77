//! The inclusion circuit's constraints.

use ark_bn254::Fr;
use ark_r1cs_std::{alloc::AllocVar, boolean::Boolean, eq::EqGadget, fields::fp::FpVar};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use zkp_ledger_merkle::constraints::root_from_value;

use super::InclusionCircuit;

impl ConstraintSynthesizer<Fr> for InclusionCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let w = self.witness.as_ref();
        let missing = || SynthesisError::AssignmentMissing;
        let root = FpVar::new_input(cs.clone(), || w.map(|w| w.root).ok_or_else(missing))?;
        let leaf = FpVar::new_input(cs.clone(), || w.map(|w| w.leaf).ok_or_else(missing))?;
        let bits = (0..self.depth)
            .map(|h| {
                Boolean::new_witness(cs.clone(), || {
                    w.map(|w| (w.proof.index >> h) & 1 == 1).ok_or_else(missing)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let siblings = (0..self.depth)
            .map(|h| {
                FpVar::new_witness(cs.clone(), || {
                    w.and_then(|w| w.proof.siblings.get(h).copied()).ok_or_else(missing)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        root_from_value(&leaf, &bits, &siblings)?.enforce_equal(&root)
    }
}
