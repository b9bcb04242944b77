//! Strict verification of proofs with commitments: one multi-pairing for the Groth16 equation and
//! every proof of knowledge, folded by powers of `rho` (fresh randomness, or the Fiat–Shamir
//! `rho` of the EVM verifier).

use ark_bn254::{Bn254, Fr, G1Affine, G1Projective, G2Affine};
use ark_ec::{
    AffineRepr, CurveGroup,
    pairing::{Pairing, PairingOutput},
};
use ark_ff::{One, UniformRand};
use ark_groth16::{Groth16, PreparedVerifyingKey};
use ark_std::rand::{RngCore, SeedableRng, rngs::StdRng};

use super::{CommitProof, CommitVerifyingKey, challenge, fold_challenge};
use crate::{
    Error, Result,
    evm::commit_circuit_id_hex,
    groth16,
    snarkjs::{CommitProofJson, public_from_json},
};

/// A verifying key with commitments, validated and ready to check proofs.
#[derive(Debug, Clone)]
pub struct CommitVerifier {
    /// The key.
    pub vk: CommitVerifyingKey,
    /// Its Groth16 part, prepared.
    pub pvk: PreparedVerifyingKey<Bn254>,
    /// Its circuit id ([`crate::evm::commit_circuit_id`]).
    pub circuit_id: String,
    /// Every `GSigmaNeg_i`, prepared for the Miller loop.
    g_sigma_neg: Vec<<Bn254 as Pairing>::G2Prepared>,
}

fn check_g1(p: &G1Affine, what: &str) -> Result<()> {
    if p.is_zero() {
        return Err(Error::PointAtInfinity { point: what.into() });
    }
    if !p.is_on_curve() {
        return Err(Error::NotOnCurve { point: what.into() });
    }
    if !p.is_in_correct_subgroup_assuming_on_curve() {
        return Err(Error::NotInSubgroup { point: what.into() });
    }
    Ok(())
}

fn check_g2(p: &G2Affine, what: &str) -> Result<()> {
    if p.is_zero() {
        return Err(Error::PointAtInfinity { point: what.into() });
    }
    if !p.is_on_curve() {
        return Err(Error::NotOnCurve { point: what.into() });
    }
    if !p.is_in_correct_subgroup_assuming_on_curve() {
        return Err(Error::NotInSubgroup { point: what.into() });
    }
    Ok(())
}

impl CommitVerifier {
    /// A verifier for `vk`, refusing a degenerate key ([`CommitVerifyingKey::validate`]).
    pub fn new(vk: CommitVerifyingKey) -> Result<Self> {
        vk.validate()?;
        Ok(Self {
            pvk: groth16::prepare(&vk.vk),
            circuit_id: commit_circuit_id_hex(&vk),
            g_sigma_neg: vk.commitments.iter().map(|c| c.g_sigma_neg.into()).collect(),
            vk,
        })
    }

    /// Number of public inputs (the challenges excluded).
    pub fn num_public(&self) -> usize {
        self.vk.num_public()
    }

    /// Number of commitments.
    pub fn num_commitments(&self) -> usize {
        self.vk.num_commitments()
    }

    /// Checks counts and every point of `proof` (on the curve, in the subgroup, not at infinity)
    /// and returns the challenges recomputed from its commitments.
    pub fn check_proof(&self, proof: &CommitProof, inputs: &[Fr]) -> Result<Vec<Fr>> {
        let k = self.num_commitments();
        if inputs.len() != self.num_public() {
            return Err(Error::WrongInputCount { expected: self.num_public(), got: inputs.len() });
        }
        if proof.commitments.len() != k {
            return Err(Error::WrongCommitmentCount {
                what: "proof commitments",
                expected: k,
                got: proof.commitments.len(),
            });
        }
        if proof.poks.len() != k {
            return Err(Error::WrongCommitmentCount {
                what: "proofs of knowledge",
                expected: k,
                got: proof.poks.len(),
            });
        }
        check_g1(&proof.proof.a, "A")?;
        check_g2(&proof.proof.b, "B")?;
        check_g1(&proof.proof.c, "C")?;
        for (i, (d, p)) in proof.commitments.iter().zip(&proof.poks).enumerate() {
            check_g1(d, &format!("commitment {i}"))?;
            check_g1(p, &format!("proof of knowledge {i}"))?;
        }
        proof.commitments.iter().map(challenge).collect()
    }

    /// Verifies with a fresh random `rho` from the OS. `Ok(false)`: well-formed but invalid.
    pub fn verify(&self, proof: &CommitProof, inputs: &[Fr]) -> Result<bool> {
        self.verify_with_rng(proof, inputs, &mut StdRng::from_entropy())
    }

    /// Verifies with `rho` drawn from `rng`.
    pub fn verify_with_rng(
        &self,
        proof: &CommitProof,
        inputs: &[Fr],
        rng: &mut impl RngCore,
    ) -> Result<bool> {
        self.verify_with_rho(proof, inputs, Fr::rand(rng))
    }

    /// Verifies with the Fiat–Shamir `rho` of the EVM verifier ([`fold_challenge`]).
    pub fn verify_fiat_shamir(&self, proof: &CommitProof, inputs: &[Fr]) -> Result<bool> {
        self.verify_with_rho(proof, inputs, fold_challenge(proof, inputs))
    }

    /// The folded check with a given `rho`, which must be unpredictable to the prover (drawn
    /// after the proof, or [`fold_challenge`]): with `rho = 0` the proofs of knowledge drop out.
    ///
    /// `e(A,B) e(vk_x + sum D_i + sum rho^i P_i, -gamma) e(C, -delta)
    ///  prod_i e(-rho^i D_i, GSigmaNeg_i) == e(alpha, beta)`.
    pub fn verify_with_rho(&self, proof: &CommitProof, inputs: &[Fr], rho: Fr) -> Result<bool> {
        let challenges = self.check_proof(proof, inputs)?;
        let mut full = inputs.to_vec();
        full.extend(challenges);
        let vk_x = Groth16::<Bn254>::prepare_inputs(&self.pvk, &full)?;
        let mut gamma_term: G1Projective = vk_x;
        let mut g1: Vec<<Bn254 as Pairing>::G1Prepared> = vec![proof.proof.a.into()];
        let mut g2: Vec<<Bn254 as Pairing>::G2Prepared> = vec![proof.proof.b.into()];
        let mut power = Fr::one();
        for (gsn, (d, p)) in self.g_sigma_neg.iter().zip(proof.commitments.iter().zip(&proof.poks))
        {
            power *= rho;
            gamma_term += *d;
            gamma_term += *p * power;
            g1.push((-(*d * power)).into_affine().into());
            g2.push(gsn.clone());
        }
        g1.push(gamma_term.into_affine().into());
        g2.push(self.pvk.gamma_g2_neg_pc.clone());
        g1.push(proof.proof.c.into());
        g2.push(self.pvk.delta_g2_neg_pc.clone());
        let ml = Bn254::multi_miller_loop(g1, g2);
        let Some(out) = Bn254::final_exponentiation(ml) else {
            return Ok(false);
        };
        Ok(out == PairingOutput(self.pvk.alpha_g1_beta_g2))
    }

    /// Whether `P = sigma_i D` for commitment `i` alone (`e(D, GSigmaNeg_i) e(P, gamma) == 1`):
    /// a diagnostic; [`CommitVerifier::verify`] folds this check into its one multi-pairing.
    pub fn check_pok(&self, i: usize, d: &G1Affine, p: &G1Affine) -> Result<bool> {
        let c = self.vk.commitments.get(i).ok_or(Error::WrongCommitmentCount {
            what: "commitment index",
            expected: self.num_commitments(),
            got: i + 1,
        })?;
        check_g1(d, "commitment")?;
        check_g1(p, "proof of knowledge")?;
        let out = Bn254::multi_pairing([*d, *p], [c.g_sigma_neg, c.g]);
        Ok(out.0.is_one())
    }

    /// Checks a proof in JSON form: circuit id (when the proof carries one), encodings, counts,
    /// then the folded pairing check with fresh randomness.
    pub fn verify_json(&self, proof: &CommitProofJson, public: &[String]) -> Result<bool> {
        crate::verify::check_circuit_id(proof.circuit_id.as_deref(), &self.circuit_id)?;
        let decoded = proof.to_proof()?;
        let inputs = public_from_json(public)?;
        self.verify(&decoded, &inputs)
    }
}
