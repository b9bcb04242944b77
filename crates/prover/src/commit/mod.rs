//! Groth16 with commitments to declared sets of private wires (BSB22 / LegoGroth16-style
//! commit-and-prove), generic over the circuit. The protocol, every verifier check and the
//! soundness and zero-knowledge arguments: `docs/commit-and-prove.md`.
//!
//! - A circuit implements [`CommitCircuit`]: it allocates its public inputs, then one challenge
//!   input per commitment (gnark's layout: challenges last), and declares the witness wires of each
//!   commitment.
//! - [`generate_commit_keys`] makes keys; [`prove_commit`] proves in two passes (placeholder
//!   challenges, then `c_i = H(D_i)`); [`CommitVerifier`] verifies strictly, all checks in one
//!   multi-pairing.
//! - The challenges are never transmitted: verifiers recompute them from the commitments, and the
//!   public inputs of a proof are the circuit's own.

mod hash;
mod prove;
mod setup;
mod verify;

use ark_bn254::{Bn254, Fr, G1Affine, G2Affine};
use ark_groth16::{Proof, ProvingKey, VerifyingKey};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError, Variable};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};

pub use hash::{
    COMMITMENT_DST, HASH_TO_FIELD_BYTES, challenge, expand_message_xmd, fold_challenge,
    hash_to_field,
};
pub use prove::{
    CommitPreparedKey, CommittedWitness, commit, commit_witness, placeholder_challenges,
    prove_commit, prove_commit_unchecked, prove_committed, synthesize_commit,
};
pub use setup::{commit_matrices, generate_commit_keys};
pub use verify::{BATCH_WEIGHT_BITS, CommitVerifier};

use crate::{Error, Result};

/// A circuit with commitments to sets of its private wires.
///
/// [`CommitCircuit::synthesize`] must allocate, in this order: all of the circuit's own public
/// inputs; then exactly [`CommitCircuit::num_commitments`] public inputs holding `challenges`
/// (in order); then anything else (witnesses, constraints), allocating no further public input.
/// It returns those challenge variables and, per commitment, the witness variables it commits to
/// (disjoint, non-empty, witness variables only). The values committed must not depend on the
/// challenges: the prover synthesizes twice (placeholder challenges, then the real ones) and
/// refuses a circuit whose committed values differ ([`Error::CommittedValuesChanged`]). The shape
/// (constraints, variables, layout) must not depend on any value.
pub trait CommitCircuit {
    /// Number of commitments `k`.
    fn num_commitments(&self) -> usize;

    /// Synthesizes the circuit with the given challenge values (placeholders in key generation
    /// and in the prover's first pass).
    fn synthesize(
        &self,
        cs: ConstraintSystemRef<Fr>,
        challenges: &[Fr],
    ) -> Result<CommitLayout, SynthesisError>;
}

/// What a [`CommitCircuit`] declares: its challenge inputs and committed wires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitLayout {
    /// The challenge inputs, one per commitment, in order (the last `k` public inputs).
    pub challenges: Vec<Variable>,
    /// Per commitment, the witness variables it commits to, in the order their values enter the
    /// commitment.
    pub committed: Vec<Vec<Variable>>,
}

/// The verifying-key part of one commitment: gnark's pedersen verifying key, with `G` fixed to
/// the main key's `gamma` so that the proof-of-knowledge pair folds into the main product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct CommitmentVerifyingKey {
    /// `[gamma]_2` (equal to the key's `gamma_g2`).
    pub g: G2Affine,
    /// `[-sigma_i * gamma]_2`.
    pub g_sigma_neg: G2Affine,
}

/// A verifying key with commitments.
#[derive(Debug, Clone, PartialEq, CanonicalSerialize, CanonicalDeserialize)]
pub struct CommitVerifyingKey {
    /// The Groth16 key; `gamma_abc_g1` covers the constant, the `n` inputs, then the `k`
    /// challenges.
    pub vk: VerifyingKey<Bn254>,
    /// One per commitment.
    pub commitments: Vec<CommitmentVerifyingKey>,
    /// Per commitment, the committed wires (indices into the witness part of the assignment):
    /// metadata for tools, not used by verification.
    pub committed_wires: Vec<Vec<usize>>,
}

/// The proving-key part of one commitment.
#[derive(Debug, Clone, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct CommitmentProvingKey {
    /// The committed wires (indices into the witness part of the assignment).
    pub wires: Vec<usize>,
    /// `K_ij = [phi_j / gamma]_1` for the wires, then `K_eta = [eta_i / gamma]_1` last.
    pub bases: Vec<G1Affine>,
    /// `sigma_i * bases`: the proof-of-knowledge key.
    pub sigma_bases: Vec<G1Affine>,
    /// `[eta_i / delta]_1`: C's blinding correction.
    pub eta_delta: G1Affine,
}

/// A proving key with commitments.
#[derive(Debug, Clone, PartialEq, CanonicalSerialize, CanonicalDeserialize)]
pub struct CommitProvingKey {
    /// The Groth16 proving key; the committed wires' L-query entries are the point at infinity
    /// (C does not use them).
    pub pk: ProvingKey<Bn254>,
    /// One per commitment.
    pub commitments: Vec<CommitmentProvingKey>,
    /// The verifying key.
    pub vk: CommitVerifyingKey,
}

/// A proof with commitments.
#[derive(Debug, Clone, PartialEq)]
pub struct CommitProof {
    /// A, B, C.
    pub proof: Proof<Bn254>,
    /// `D_i`, one per commitment.
    pub commitments: Vec<G1Affine>,
    /// `P_i = sigma_i D_i`, the proof of knowledge of each `D_i`'s opening.
    pub poks: Vec<G1Affine>,
}

impl CommitVerifyingKey {
    /// Number of commitments `k`.
    pub fn num_commitments(&self) -> usize {
        self.commitments.len()
    }

    /// Number of public inputs `n` (the challenges excluded).
    pub fn num_public(&self) -> usize {
        self.vk.gamma_abc_g1.len().saturating_sub(1 + self.commitments.len())
    }

    /// Refuses a degenerate key (each rule and its reason: `docs/commit-and-prove.md`): alpha,
    /// beta, gamma or delta at the identity or the generator, gamma equal to delta, too few IC
    /// points, a commitment key whose `g` is not gamma, a `g_sigma_neg` at the identity, the
    /// generator or `±gamma`, two commitments with the same `g_sigma_neg`, or metadata of the
    /// wrong length.
    pub fn validate(&self) -> Result<()> {
        use ark_ec::AffineRepr;
        let bad = |reason: &'static str| Err(Error::DegenerateKey { problem: reason });
        let vk = &self.vk;
        // The plain key's rules (crate::verify::degeneracy), and gamma not the generator either:
        // keys with commitments come only from this crate's setup, which never makes one.
        if let Some(problem) = crate::verify::degeneracy(vk) {
            return bad(problem);
        }
        let g2 = G2Affine::generator();
        if vk.gamma_g2 == g2 {
            return bad("gamma is the generator of G2");
        }
        let k = self.commitments.len();
        if vk.gamma_abc_g1.len() < 1 + k {
            return bad("fewer IC points than the constant plus one challenge per commitment");
        }
        if self.committed_wires.len() != k {
            return bad("committed-wire metadata for another number of commitments");
        }
        let neg_gamma = -vk.gamma_g2;
        for (i, c) in self.commitments.iter().enumerate() {
            if c.g != vk.gamma_g2 {
                return bad("a commitment key's g is not gamma");
            }
            let s = c.g_sigma_neg;
            if s.is_zero() || s == g2 || s == -g2 || s == vk.gamma_g2 || s == neg_gamma {
                return bad("a commitment key's sigma is 0 or ±1, or g_sigma_neg is a generator");
            }
            if self.commitments[..i].iter().any(|o| o.g_sigma_neg == s) {
                return bad("two commitments share one sigma");
            }
        }
        Ok(())
    }
}

/// Committed witness indices of a synthesized layout, checked: `k` challenges that are the last
/// `k` instance variables, `k` disjoint non-empty sets of witness variables.
pub(crate) fn check_layout(
    cs: &ConstraintSystemRef<Fr>,
    layout: &CommitLayout,
    k: usize,
) -> Result<Vec<Vec<usize>>> {
    let bad = |reason: String| Err(Error::CommitLayout { reason });
    if k == 0 {
        return bad("a circuit with commitments needs at least one (plain Groth16 has none)".into());
    }
    if layout.challenges.len() != k || layout.committed.len() != k {
        return bad(format!(
            "{k} commitments declared, the circuit returned {} challenges and {} committed sets",
            layout.challenges.len(),
            layout.committed.len()
        ));
    }
    let num_instance = cs.num_instance_variables();
    let num_witness = cs.num_witness_variables();
    if num_instance < 1 + k {
        return bad("fewer public inputs than challenges".into());
    }
    for (i, v) in layout.challenges.iter().enumerate() {
        if *v != Variable::instance(num_instance - k + i) {
            return bad(format!(
                "challenge {i} is {v:?}, not public input {} (challenges must be the last {k} \
                 public inputs, in order)",
                num_instance - k + i
            ));
        }
    }
    let mut seen = vec![false; num_witness];
    let mut out = Vec::with_capacity(k);
    for (i, set) in layout.committed.iter().enumerate() {
        if set.is_empty() {
            return bad(format!("commitment {i} commits to no wire"));
        }
        let mut wires = Vec::with_capacity(set.len());
        for v in set {
            let w = match v.index() {
                Some(w) if v.is_witness() && w < num_witness => w,
                _ => {
                    return bad(format!("commitment {i} commits to {v:?}, not a witness variable"));
                }
            };
            if std::mem::replace(&mut seen[w], true) {
                return bad(format!("witness {w} is committed twice"));
            }
            wires.push(w);
        }
        out.push(wires);
    }
    Ok(out)
}
