//! The two-pass prover with commitments.

use std::time::Instant;

use ark_bn254::{Fr, G1Affine, G1Projective};
use ark_ec::CurveGroup;
use ark_ff::{BigInt, PrimeField, UniformRand, Zero};
use ark_relations::gr1cs::Variable;
use ark_std::rand::RngCore;
use rayon::prelude::*;

use super::{
    CommitCircuit, CommitLayout, CommitProof, CommitProvingKey, CommitVerifyingKey,
    CommitmentProvingKey, challenge, check_layout, hash_to_field,
};
use crate::{
    Error, Result,
    groth16::{
        Matrices, PreparedKey, ProveTimings, assemble, assignment_of, prove_cs, quotient,
        quotient_unchecked,
    },
    msm::msm,
};

/// DST of the placeholder challenges (the prover's first pass and key generation).
const PLACEHOLDER_DST: &[u8] = b"zkp-ledger placeholder challenge";

/// The placeholder challenges of the first pass: fixed, nonzero, and unrelated to any value a
/// circuit is likely to hold (hashes of the commitment's index), so that terms like `1/(c - x)`
/// stay defined while the committed values are computed.
pub fn placeholder_challenges(k: usize) -> Result<Vec<Fr>> {
    (0..k as u64).map(|i| hash_to_field(&i.to_be_bytes(), PLACEHOLDER_DST)).collect()
}

/// A proving key with commitments laid out for proving.
#[derive(Debug, Clone)]
pub struct CommitPreparedKey {
    /// The Groth16 part (queries, matrices, optional window tables).
    pub key: PreparedKey,
    /// One per commitment.
    pub commitments: Vec<CommitmentProvingKey>,
    /// The verifying key.
    pub vk: CommitVerifyingKey,
}

impl CommitPreparedKey {
    /// Lays out `pk` for proving the circuit with `matrices`.
    pub fn new(pk: CommitProvingKey, matrices: Matrices) -> Self {
        Self { key: PreparedKey::new(pk.pk, matrices), commitments: pk.commitments, vk: pk.vk }
    }

    /// Number of commitments.
    pub fn num_commitments(&self) -> usize {
        self.commitments.len()
    }
}

/// Synthesizes `circuit` with `challenges` in proving mode: the full assignment
/// `(1, inputs, challenges, witness)` and the circuit's layout (checked: challenges last,
/// committed wires disjoint witness variables).
pub fn synthesize_commit<C: CommitCircuit>(
    circuit: &C,
    challenges: &[Fr],
) -> Result<(Vec<Fr>, CommitLayout)> {
    let cs = prove_cs();
    let layout = circuit.synthesize(cs.clone(), challenges)?;
    check_layout(&cs, &layout, challenges.len())?;
    Ok((assignment_of(&cs)?, layout))
}

/// The commitment `D = sum_j values_j K_j + blinding K_eta` and its proof of knowledge
/// `P = sigma D`, with the project's MSM. The values are those of the key's wires, in order.
pub fn commit(
    key: &CommitmentProvingKey,
    values: &[Fr],
    blinding: Fr,
) -> Result<(G1Affine, G1Affine)> {
    commit_at(key, 0, values, blinding)
}

fn commit_at(
    key: &CommitmentProvingKey,
    index: usize,
    values: &[Fr],
    blinding: Fr,
) -> Result<(G1Affine, G1Affine)> {
    if values.len() != key.wires.len() {
        return Err(Error::WrongValueCount {
            commitment: index,
            expected: key.wires.len(),
            got: values.len(),
        });
    }
    let scalars: Vec<BigInt<4>> =
        values.iter().chain([&blinding]).map(|x| x.into_bigint()).collect();
    let (d, p) = rayon::join(|| msm(&key.bases, &scalars), || msm(&key.sigma_bases, &scalars));
    Ok((d.into_affine(), p.into_affine()))
}

/// The committed values of commitment `key` in the full assignment `z`.
fn committed_values(key: &CommitmentProvingKey, z: &[Fr], num_instance: usize) -> Vec<Fr> {
    key.wires.iter().map(|w| z[num_instance + w]).collect()
}

/// `-sum_i v_i [eta_i/delta]_1`: C's correction for the blinding terms of the commitments.
fn blinding_correction(key: &CommitPreparedKey, blinding: &[Fr]) -> G1Projective {
    key.commitments.iter().zip(blinding).map(|(c, v)| -(c.eta_delta * v)).sum()
}

/// Proves `circuit` with commitments in two passes: placeholder challenges to fix the committed
/// values, then `D_i`, `P_i` and `c_i = H(D_i)`, then the real challenges. The committed values
/// must be the same in both passes ([`Error::CommittedValuesChanged`]); the witness is checked
/// against every constraint (an unsatisfied circuit is an error, never an invalid proof).
///
/// `blinding[i]` is commitment `i`'s blinding value `v_i`, drawn from `rng` when `None`; with
/// the same key, values and `v_i`, `D_i` is the same in every proof. Zero is refused. Returns the
/// proof and the circuit's public inputs (the challenges excluded).
///
/// This is [`commit_witness`] then [`prove_committed`]; a caller proving many circuits may run
/// the first (serial synthesis) for the next circuit while the second (parallel MSMs) runs.
pub fn prove_commit<C: CommitCircuit>(
    key: &CommitPreparedKey,
    circuit: &C,
    blinding: &[Option<Fr>],
    rng: &mut impl RngCore,
) -> Result<(CommitProof, Vec<Fr>, ProveTimings)> {
    let witness = commit_witness(key, circuit, blinding, rng)?;
    prove_committed(key, witness, rng)
}

/// A circuit's full assignment with its commitments made: the first half of [`prove_commit`].
#[derive(Debug, Clone)]
pub struct CommittedWitness {
    /// The full assignment `(1, inputs, challenges, witness)`.
    z: Vec<Fr>,
    /// `D_i`.
    commitments: Vec<G1Affine>,
    /// `P_i`.
    poks: Vec<G1Affine>,
    /// The blinding values `v_i`.
    blinding: Vec<Fr>,
    /// Time spent synthesizing and committing.
    witness_time: std::time::Duration,
}

impl CommittedWitness {
    /// The commitments `D_i`, in order.
    pub fn commitments(&self) -> &[G1Affine] {
        &self.commitments
    }
}

/// The witness half of [`prove_commit`]: both synthesis passes and the commitments, with the
/// checks that belong to them (the circuit's layout is the key's, the committed values are the
/// same in both passes, each challenge is `H(D_i)`). The constraints are checked by
/// [`prove_committed`]. Blinding values given as `None` are drawn from `rng`.
pub fn commit_witness<C: CommitCircuit>(
    key: &CommitPreparedKey,
    circuit: &C,
    blinding: &[Option<Fr>],
    rng: &mut impl RngCore,
) -> Result<CommittedWitness> {
    let k = key.num_commitments();
    if circuit.num_commitments() != k || blinding.len() != k {
        return Err(Error::WrongCommitmentCount {
            what: "circuit or blinding values",
            expected: k,
            got: if circuit.num_commitments() != k {
                circuit.num_commitments()
            } else {
                blinding.len()
            },
        });
    }
    let v: Vec<Fr> = blinding.iter().map(|b| b.unwrap_or_else(|| Fr::rand(rng))).collect();
    if let Some(i) = v.iter().position(Zero::is_zero) {
        return Err(Error::ZeroBlinding { commitment: i });
    }
    let t0 = Instant::now();
    let ni = key.key.matrices.num_instance;
    let (z1, layout) = synthesize_commit(circuit, &placeholder_challenges(k)?)?;
    check_key_layout(key, &layout, ni)?;
    let mut commitments = Vec::with_capacity(k);
    let mut poks = Vec::with_capacity(k);
    let mut values = Vec::with_capacity(k);
    for (i, c) in key.commitments.iter().enumerate() {
        let a = committed_values(c, &z1, ni);
        let (d, p) = commit_at(c, i, &a, v[i])?;
        commitments.push(d);
        poks.push(p);
        values.push(a);
    }
    let len1 = z1.len();
    drop(z1);
    let challenges = commitments.iter().map(challenge).collect::<Result<Vec<_>>>()?;
    let (z, _) = synthesize_commit(circuit, &challenges)?;
    for (i, c) in key.commitments.iter().enumerate() {
        if z.len() != len1 || committed_values(c, &z, ni) != values[i] {
            return Err(Error::CommittedValuesChanged { commitment: i });
        }
        if z.get(ni - k + i) != Some(&challenges[i]) {
            return Err(Error::ChallengeMismatch { commitment: i });
        }
    }
    Ok(CommittedWitness { z, commitments, poks, blinding: v, witness_time: t0.elapsed() })
}

/// The proving half of [`prove_commit`]: the witness checked against every constraint, the
/// quotient, the MSMs. `witness` must come from [`commit_witness`] with the same key.
pub fn prove_committed(
    key: &CommitPreparedKey,
    witness: CommittedWitness,
    rng: &mut impl RngCore,
) -> Result<(CommitProof, Vec<Fr>, ProveTimings)> {
    let CommittedWitness { z, commitments, poks, blinding, witness_time } = witness;
    let (ni, k) = (key.key.matrices.num_instance, key.num_commitments());
    if z.len() != ni + key.key.matrices.num_witness || commitments.len() != k {
        return Err(ark_relations::gr1cs::SynthesisError::Unsatisfiable.into());
    }
    let t1 = Instant::now();
    let h = quotient(&key.key.matrices, &z)?;
    let t2 = Instant::now();
    let proof = assemble(&key.key, &z, &h, blinding_correction(key, &blinding), rng);
    let t3 = Instant::now();
    let inputs = z[1..ni - k].to_vec();
    Ok((
        CommitProof { proof, commitments, poks },
        inputs,
        ProveTimings { witness: witness_time, check: t2 - t1, prove: t3 - t2 },
    ))
}

/// The layout of the circuit must be the key's: the same committed wires in the same order.
fn check_key_layout(key: &CommitPreparedKey, layout: &CommitLayout, ni: usize) -> Result<()> {
    let k = key.num_commitments();
    // The circuit's challenges are its last public inputs (checked by `check_layout`), so this
    // pins its number of public inputs to the key's.
    let same_inputs = k > 0 && layout.challenges.last() == Some(&Variable::instance(ni - 1));
    let same = same_inputs
        && layout.committed.len() == k
        && layout.committed.iter().zip(&key.commitments).all(|(set, c)| {
            set.len() == c.wires.len()
                && set.iter().zip(&c.wires).all(|(v, w)| v.is_witness() && v.index() == Some(*w))
        });
    if !same {
        return Err(Error::CommitLayout {
            reason: "the circuit's public inputs or committed wires differ from the key's \
                     (another circuit?)"
                .into(),
        });
    }
    Ok(())
}

/// The prover on a full assignment whose constraints and challenges are NOT checked, with the
/// given commitments and proofs of knowledge attached as they are (the QAP is computed from the
/// assignment's evaluations as they are; C gets the blinding correction of `blinding`). For
/// soundness tests: a wrong assignment, a challenge other than `H(D_i)`, or a `D_i` that does not
/// open to the committed wires gives a proof that must not verify.
pub fn prove_commit_unchecked(
    key: &CommitPreparedKey,
    z: &[Fr],
    blinding: &[Fr],
    commitments: Vec<G1Affine>,
    poks: Vec<G1Affine>,
    rng: &mut impl RngCore,
) -> Result<CommitProof> {
    let k = key.num_commitments();
    if blinding.len() != k {
        return Err(Error::WrongCommitmentCount {
            what: "blinding values",
            expected: k,
            got: blinding.len(),
        });
    }
    let h = quotient_unchecked(&key.key.matrices, z)?;
    let proof = assemble(&key.key, z, &h, blinding_correction(key, blinding), rng);
    Ok(CommitProof { proof, commitments, poks })
}

impl CommitPreparedKey {
    /// `(D_i, P_i)` of every commitment for the full assignment `z` and blinding values
    /// `blinding`: for tools that build proofs with [`prove_commit_unchecked`].
    pub fn commit_assignment(
        &self,
        z: &[Fr],
        blinding: &[Fr],
    ) -> Result<(Vec<G1Affine>, Vec<G1Affine>)> {
        let ni = self.key.matrices.num_instance;
        if z.len() != ni + self.key.matrices.num_witness {
            return Err(ark_relations::gr1cs::SynthesisError::Unsatisfiable.into());
        }
        if blinding.len() != self.num_commitments() {
            return Err(Error::WrongCommitmentCount {
                what: "blinding values",
                expected: self.num_commitments(),
                got: blinding.len(),
            });
        }
        let pairs: Vec<(G1Affine, G1Affine)> = self
            .commitments
            .par_iter()
            .enumerate()
            .map(|(i, c)| commit_at(c, i, &committed_values(c, z, ni), blinding[i]))
            .collect::<Result<_>>()?;
        Ok(pairs.into_iter().unzip())
    }
}
