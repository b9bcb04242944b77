//! Groth16 over BN254 with cached constraint matrices.
//!
//! Key generation records the circuit's R1CS matrices. Proving then synthesizes only the witness
//! (no linear combinations, no matrices), evaluates the matrices on it once (which both checks
//! every constraint and feeds the QAP's FFTs), and runs the multi-scalar multiplications with
//! this crate's batch-affine MSM ([`crate::msm`]) over the queries' non-infinity bases, from
//! precomputed window tables when [`PreparedKey::precompute`] has built them (a prover that
//! makes many proofs with one key).

use std::time::{Duration, Instant};

use ark_bn254::{
    Bn254, Fr, G1Affine, G1Projective, g1::Config as G1Config, g2::Config as G2Config,
};
use ark_ec::CurveGroup;
use ark_ff::{BigInt, FftField, Field, PrimeField, Zero};
use ark_groth16::{
    Groth16, PreparedVerifyingKey, Proof, ProvingKey, VerifyingKey,
    r1cs_to_qap::{LibsnarkReduction, R1CSToQAP},
};
use ark_poly::{EvaluationDomain, GeneralEvaluationDomain, Radix2EvaluationDomain};
use ark_relations::{
    gr1cs::{
        ConstraintSynthesizer, ConstraintSystem, ConstraintSystemRef, OptimizationGoal,
        R1CS_PREDICATE_LABEL, SynthesisError, SynthesisMode,
    },
    utils::matrix::Matrix,
};
use ark_std::{UniformRand, rand::RngCore};
use rayon::prelude::*;

use crate::{
    Error, Result,
    msm::{FixedBases, Precomputed},
};

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
    let cs = setup_cs();
    circuit.generate_constraints(cs.clone())?;
    matrices_of(&cs)
}

/// An empty constraint system in setup mode (shape only, no values).
pub(crate) fn setup_cs() -> ConstraintSystemRef<Fr> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_optimization_goal(OptimizationGoal::Constraints);
    cs.set_mode(SynthesisMode::Setup);
    cs
}

/// An empty constraint system that records only the assignment.
pub(crate) fn prove_cs() -> ConstraintSystemRef<Fr> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_optimization_goal(OptimizationGoal::Constraints);
    cs.set_mode(SynthesisMode::Prove { construct_matrices: false, generate_lc_assignments: false });
    cs
}

/// The matrices of a synthesized setup-mode constraint system (finalized here).
pub(crate) fn matrices_of(cs: &ConstraintSystemRef<Fr>) -> Result<Matrices> {
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
    let cs = prove_cs();
    circuit.generate_constraints(cs.clone())?;
    assignment_of(&cs)
}

/// The full assignment `(1, inputs, witness)` of a synthesized prove-mode constraint system.
pub(crate) fn assignment_of(cs: &ConstraintSystemRef<Fr>) -> Result<Vec<Fr>> {
    let mut z = cs.instance_assignment()?;
    z.extend(cs.witness_assignment()?);
    Ok(z)
}

fn dot(row: &[(Fr, usize)], z: &[Fr]) -> Fr {
    // Most coefficients are one: skip their products.
    row.iter().map(|(c, i)| if *c == Fr::ONE { z[*i] } else { *c * z[*i] }).sum()
}

impl Matrices {
    /// Checks the assignment's length and every constraint; the first unsatisfied one is an error.
    pub fn check(&self, z: &[Fr]) -> Result<()> {
        self.evaluate(z).map(|_| ())
    }

    /// `(A z, B z, C z)` row by row, failing on the first row where `A z * B z != C z`.
    fn evaluate(&self, z: &[Fr]) -> Result<(Vec<Fr>, Vec<Fr>, Vec<Fr>)> {
        if z.len() != self.num_instance + self.num_witness {
            return Err(SynthesisError::Unsatisfiable.into());
        }
        let [a, b, c] = &self.abc;
        let n = self.num_constraints.min(a.len()).min(b.len()).min(c.len());
        let eval =
            |m: &Matrix<Fr>| -> Vec<Fr> { m[..n].par_iter().map(|row| dot(row, z)).collect() };
        let (av, (bv, cv)) = rayon::join(|| eval(a), || rayon::join(|| eval(b), || eval(c)));
        if let Some(index) = (0..n).into_par_iter().position_first(|i| av[i] * bv[i] != cv[i]) {
            return Err(Error::Unsatisfied { index });
        }
        Ok((av, bv, cv))
    }
}

/// The QAP quotient `h` (libsnark's reduction, as ark-groth16's): evaluations of A z, B z, C z
/// over the domain (the inputs appended to A as `num_instance` extra rows), to coefficients, to
/// a coset, `(a b - c) / Z`, back to coefficients. Checks every constraint on the way.
pub(crate) fn quotient(m: &Matrices, z: &[Fr]) -> Result<Vec<Fr>> {
    let (a_rows, b_rows, c_rows) = m.evaluate(z)?;
    let domain = Radix2EvaluationDomain::<Fr>::new(m.num_constraints + m.num_instance)
        .ok_or(SynthesisError::PolynomialDegreeTooLarge)?;
    let mut a = a_rows;
    a.extend_from_slice(&z[..m.num_instance]);
    let (mut b, mut c) = (b_rows, c_rows);
    let g = Fr::GENERATOR;
    // The three transforms are independent: run them side by side, each still free to split
    // its own work when a core is free.
    let to_coset = |v: &mut Vec<Fr>| crate::fft::to_coset(&domain, g, v);
    rayon::join(|| to_coset(&mut a), || rayon::join(|| to_coset(&mut b), || to_coset(&mut c)));
    let z_inv =
        domain.evaluate_vanishing_polynomial(g).inverse().ok_or(SynthesisError::DivisionByZero)?;
    a.par_iter_mut().zip(&b).zip(&c).for_each(|((a, b), c)| {
        *a = (*a * b - c) * z_inv;
    });
    crate::fft::from_coset(&domain, g, &mut a);
    Ok(a)
}

/// Generates a proving key (and its verifying key) for the circuit shape, from `rng`: a
/// single-party setup whose toxic waste lives only in this call.
pub fn generate_keys<C: ConstraintSynthesizer<Fr>>(
    circuit: C,
    rng: &mut impl RngCore,
) -> Result<ProvingKey<Bn254>> {
    Ok(Groth16::<Bn254>::generate_random_parameters_with_reduction(circuit, rng)?)
}

/// A proving key laid out for proving: the verifying key's points, the queries' non-infinity
/// bases (a variable absent from a matrix has the point at infinity there: skipped), and the
/// circuit's matrices.
#[derive(Debug, Clone)]
pub struct PreparedKey {
    /// The verifying key.
    pub vk: VerifyingKey<Bn254>,
    /// beta in G1.
    pub beta_g1: G1Affine,
    /// delta in G1.
    pub delta_g1: G1Affine,
    /// `A_i(tau)` over the full assignment.
    pub a: FixedBases<G1Config>,
    /// `B_i(tau)` in G1 over the full assignment.
    pub b_g1: FixedBases<G1Config>,
    /// `B_i(tau)` in G2 over the full assignment.
    pub b_g2: FixedBases<G2Config>,
    /// The quotient's bases.
    pub h: FixedBases<G1Config>,
    /// The witness variables' bases.
    pub l: FixedBases<G1Config>,
    /// The circuit's R1CS.
    pub matrices: Matrices,
    /// Window tables of every query, once built.
    tables: Option<Tables>,
}

/// The queries' window tables ([`Precomputed`]).
#[derive(Debug, Clone)]
struct Tables {
    a: Precomputed<G1Config>,
    b_g1: Precomputed<G1Config>,
    b_g2: Precomputed<G2Config>,
    h: Precomputed<G1Config>,
    l: Precomputed<G1Config>,
}

impl PreparedKey {
    /// Lays out `pk` for proving the circuit with `matrices`.
    pub fn new(pk: ProvingKey<Bn254>, matrices: Matrices) -> Self {
        Self {
            beta_g1: pk.beta_g1,
            delta_g1: pk.delta_g1,
            a: FixedBases::new(&pk.a_query),
            b_g1: FixedBases::new(&pk.b_g1_query),
            b_g2: FixedBases::new(&pk.b_g2_query),
            l: FixedBases::new(&pk.l_query),
            h: FixedBases::new(&pk.h_query),
            vk: pk.vk,
            matrices,
            tables: None,
        }
    }

    /// Bytes the window tables of this key take ([`PreparedKey::precompute`]).
    pub fn table_bytes(&self) -> usize {
        let g1 = self.a.len() + self.b_g1.len() + self.h.len() + self.l.len();
        Precomputed::<G1Config>::table_bytes(g1)
            .saturating_add(Precomputed::<G2Config>::table_bytes(self.b_g2.len()))
    }

    /// Builds the window tables of every query, so that each later proof's MSMs skip their
    /// per-window bucket sums and doublings: for a prover that makes many proofs with one key.
    /// Refused (`false`, nothing built) when the tables would take more than `max_bytes`
    /// ([`PreparedKey::table_bytes`]); proving then works as before.
    pub fn precompute(&mut self, max_bytes: usize) -> bool {
        if self.tables.is_some() {
            return true;
        }
        if self.table_bytes() > max_bytes {
            return false;
        }
        let tables = (|| {
            Some(Tables {
                a: self.a.precompute()?,
                b_g1: self.b_g1.precompute()?,
                b_g2: self.b_g2.precompute()?,
                h: self.h.precompute()?,
                l: self.l.precompute()?,
            })
        })();
        self.tables = tables;
        self.tables.is_some()
    }

    /// Whether the window tables are built.
    pub fn has_tables(&self) -> bool {
        self.tables.is_some()
    }
}

/// Timings of one proof.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProveTimings {
    /// Witness synthesis.
    pub witness: Duration,
    /// Checking the witness against the constraints and computing the QAP quotient.
    pub check: Duration,
    /// The multi-scalar multiplications and the proof's assembly.
    pub prove: Duration,
}

/// Proves with cached matrices. The witness is checked first: an unsatisfied circuit is an
/// error, never an invalid proof.
pub fn prove<C: ConstraintSynthesizer<Fr>>(
    key: &PreparedKey,
    circuit: C,
    rng: &mut impl RngCore,
) -> Result<(Proof<Bn254>, Vec<Fr>, ProveTimings)> {
    let t0 = Instant::now();
    let z = assignment(circuit)?;
    let t1 = Instant::now();
    let h = quotient(&key.matrices, &z)?;
    let t2 = Instant::now();
    let proof = assemble(key, &z, &h, G1Projective::zero(), rng);
    let t3 = Instant::now();
    let inputs = z[1..key.matrices.num_instance].to_vec();
    Ok((proof, inputs, ProveTimings { witness: t1 - t0, check: t2 - t1, prove: t3 - t2 }))
}

/// The Groth16 prover on a full assignment whose constraints are NOT checked first (the QAP is
/// computed from its evaluations as they are). A wrong assignment gives a proof that does not
/// verify; the soundness tests use this to show exactly that.
pub fn prove_unchecked(
    key: &PreparedKey,
    z: &[Fr],
    rng: &mut impl RngCore,
) -> Result<Proof<Bn254>> {
    let h = quotient_unchecked(&key.matrices, z)?;
    Ok(assemble(key, z, &h, G1Projective::zero(), rng))
}

/// The QAP quotient of an assignment whose constraints are NOT checked (ark-groth16's witness
/// map): for the provers that make deliberately invalid proofs in soundness tests.
pub(crate) fn quotient_unchecked(m: &Matrices, z: &[Fr]) -> Result<Vec<Fr>> {
    if z.len() != m.num_instance + m.num_witness {
        return Err(SynthesisError::Unsatisfiable.into());
    }
    Ok(LibsnarkReduction::witness_map_from_matrices::<Fr, GeneralEvaluationDomain<Fr>>(
        &m.abc,
        m.num_instance,
        m.num_constraints,
        z,
    )?)
}

/// The multi-scalar multiplications and the proof (as ark-groth16 assembles it), with `c_extra`
/// added to C (zero for plain Groth16; the commitments' blinding terms otherwise).
pub(crate) fn assemble(
    key: &PreparedKey,
    z: &[Fr],
    h: &[Fr],
    c_extra: G1Projective,
    rng: &mut impl RngCore,
) -> Proof<Bn254> {
    let r = Fr::rand(rng);
    let s = Fr::rand(rng);
    let zb: Vec<BigInt<4>> = z.par_iter().map(|x| x.into_bigint()).collect();
    let hb: Vec<BigInt<4>> = h.par_iter().map(|x| x.into_bigint()).collect();
    let aux = &zb[key.matrices.num_instance..];
    let vk = &key.vk;
    // The five MSMs side by side: each has serial steps (picking and sorting its scalars) that
    // the others' parallel work fills.
    let (((a, b_g1), (l, h_acc)), b_g2) = match &key.tables {
        Some(t) => rayon::join(
            || {
                rayon::join(
                    || rayon::join(|| t.a.msm(&zb), || t.b_g1.msm(&zb)),
                    || rayon::join(|| t.l.msm(aux), || t.h.msm(&hb)),
                )
            },
            || t.b_g2.msm(&zb),
        ),
        None => rayon::join(
            || {
                rayon::join(
                    || rayon::join(|| key.a.msm(&zb), || key.b_g1.msm(&zb)),
                    || rayon::join(|| key.l.msm(aux), || key.h.msm(&hb)),
                )
            },
            || key.b_g2.msm(&zb),
        ),
    };
    // A = alpha + sum z_i A_i + r delta
    let g_a = a + vk.alpha_g1 + key.delta_g1 * r;
    // B = beta + sum z_i B_i + s delta, in G2 and in G1
    let g2_b = b_g2 + vk.beta_g2 + vk.delta_g2 * s;
    let g1_b = b_g1 + key.beta_g1 + key.delta_g1 * s;
    // C = sum aux_i L_i + sum h_i H_i + s A + r B - r s delta
    let g_c = l + h_acc + g_a * s + g1_b * r - key.delta_g1 * (r * s) + c_extra;
    Proof { a: g_a.into_affine(), b: g2_b.into_affine(), c: g_c.into_affine() }
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
