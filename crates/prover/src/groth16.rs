//! Groth16 over BN254 with cached constraint matrices.
//!
//! Key generation records the circuit's R1CS matrices. Proving then synthesizes only the witness
//! (no linear combinations, no matrices), checks it against the matrices, and runs the prover from
//! the matrices: the per-proof cost is the witness, the QAP's FFTs and the multi-scalar
//! multiplications, nothing else.

use std::time::{Duration, Instant};

use ark_bn254::{Bn254, Fr};
use ark_groth16::{Groth16, PreparedVerifyingKey, Proof, ProvingKey, VerifyingKey};
use ark_relations::{
    gr1cs::{
        ConstraintSynthesizer, ConstraintSystem, OptimizationGoal, R1CS_PREDICATE_LABEL,
        SynthesisError, SynthesisMode,
    },
    utils::matrix::Matrix,
};
use ark_std::{UniformRand, rand::RngCore};
use rayon::prelude::*;

use crate::{Error, Result};

/// The R1CS of a circuit: `A z * B z = C z` for the full assignment `z = (1, inputs, witness)`.
#[derive(Debug, Clone)]
pub struct Matrices {
    /// A, B and C, one row per constraint: (coefficient, variable index).
    pub abc: [Matrix<Fr>; 3],
    /// Instance variables, the constant 1 included.
    pub num_instance: usize,
    /// Witness variables.
    pub num_witness: usize,
    /// Constraints.
    pub num_constraints: usize,
}

/// Synthesizes the circuit's shape and returns its matrices.
pub fn matrices<C: ConstraintSynthesizer<Fr>>(circuit: C) -> Result<Matrices> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_optimization_goal(OptimizationGoal::Constraints);
    cs.set_mode(SynthesisMode::Setup);
    circuit.generate_constraints(cs.clone())?;
    cs.finalize();
    let mut all = cs.to_matrices()?;
    let m = all.remove(R1CS_PREDICATE_LABEL).ok_or(SynthesisError::PredicateNotFound)?;
    let [a, b, c]: [Matrix<Fr>; 3] = m.try_into().map_err(|_| SynthesisError::Unsatisfiable)?;
    Ok(Matrices {
        num_constraints: a.len(),
        abc: [a, b, c],
        num_instance: cs.num_instance_variables(),
        num_witness: cs.num_witness_variables(),
    })
}

/// Synthesizes only the witness: the full assignment `(1, inputs, witness)`.
pub fn assignment<C: ConstraintSynthesizer<Fr>>(circuit: C) -> Result<Vec<Fr>> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_optimization_goal(OptimizationGoal::Constraints);
    cs.set_mode(SynthesisMode::Prove { construct_matrices: false, generate_lc_assignments: false });
    circuit.generate_constraints(cs.clone())?;
    let mut z = cs.instance_assignment()?;
    z.extend(cs.witness_assignment()?);
    Ok(z)
}

fn dot(row: &[(Fr, usize)], z: &[Fr]) -> Fr {
    row.iter().map(|(c, i)| *c * z[*i]).sum()
}

impl Matrices {
    /// Checks the assignment's length and every constraint; the first unsatisfied one is an error.
    pub fn check(&self, z: &[Fr]) -> Result<()> {
        if z.len() != self.num_instance + self.num_witness {
            return Err(SynthesisError::Unsatisfiable.into());
        }
        let [a, b, c] = &self.abc;
        let bad = (0..self.num_constraints)
            .into_par_iter()
            .find_first(|&i| dot(&a[i], z) * dot(&b[i], z) != dot(&c[i], z));
        match bad {
            Some(index) => Err(Error::Unsatisfied { index }),
            None => Ok(()),
        }
    }
}

/// Generates a proving key (and its verifying key) for the circuit shape, from `rng`: a
/// single-party setup whose toxic waste lives only in this call.
pub fn generate_keys<C: ConstraintSynthesizer<Fr>>(
    circuit: C,
    rng: &mut impl RngCore,
) -> Result<ProvingKey<Bn254>> {
    Ok(Groth16::<Bn254>::generate_random_parameters_with_reduction(circuit, rng)?)
}

/// Timings of one proof.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProveTimings {
    /// Witness synthesis.
    pub witness: Duration,
    /// Checking the witness against the constraints.
    pub check: Duration,
    /// The Groth16 prover (QAP and multi-scalar multiplications).
    pub prove: Duration,
}

/// Proves with cached matrices. The witness is checked first: an unsatisfied circuit is an
/// error, never an invalid proof.
pub fn prove<C: ConstraintSynthesizer<Fr>>(
    pk: &ProvingKey<Bn254>,
    matrices: &Matrices,
    circuit: C,
    rng: &mut impl RngCore,
) -> Result<(Proof<Bn254>, Vec<Fr>, ProveTimings)> {
    let t0 = Instant::now();
    let z = assignment(circuit)?;
    let t1 = Instant::now();
    matrices.check(&z)?;
    let t2 = Instant::now();
    let proof = prove_assignment(pk, matrices, &z, rng)?;
    let t3 = Instant::now();
    let inputs = z[1..matrices.num_instance].to_vec();
    Ok((proof, inputs, ProveTimings { witness: t1 - t0, check: t2 - t1, prove: t3 - t2 }))
}

/// The Groth16 prover on a full assignment, without checking it. A wrong assignment gives a proof
/// that does not verify; the soundness tests use this to show exactly that.
pub fn prove_assignment(
    pk: &ProvingKey<Bn254>,
    matrices: &Matrices,
    z: &[Fr],
    rng: &mut impl RngCore,
) -> Result<Proof<Bn254>> {
    let r = Fr::rand(rng);
    let s = Fr::rand(rng);
    Ok(Groth16::<Bn254>::create_proof_with_reduction_and_matrices(
        pk,
        r,
        s,
        &matrices.abc,
        matrices.num_instance,
        matrices.num_constraints,
        z,
    )?)
}

/// Verifies a decoded proof against decoded inputs (their count checked).
pub fn verify(
    pvk: &PreparedVerifyingKey<Bn254>,
    proof: &Proof<Bn254>,
    inputs: &[Fr],
) -> Result<bool> {
    let expected = pvk.vk.gamma_abc_g1.len().saturating_sub(1);
    if inputs.len() != expected {
        return Err(Error::WrongInputCount { expected, got: inputs.len() });
    }
    Ok(Groth16::<Bn254>::verify_proof(pvk, proof, inputs)?)
}

/// The prepared form of a verifying key.
pub fn prepare(vk: &VerifyingKey<Bn254>) -> PreparedVerifyingKey<Bn254> {
    ark_groth16::prepare_verifying_key(vk)
}
