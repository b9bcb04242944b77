//! Strict verification of proofs with commitments: one multi-pairing for the Groth16 equation and
//! every proof of knowledge, folded by powers of `rho` (fresh randomness, or the Fiat–Shamir
//! `rho` of the EVM verifier); and batches of such proofs in one multi-pairing of `n + 3 + k`
//! pairs, combined by random weights ([`CommitVerifier::verify_batch`]).

use ark_bn254::{Bn254, Fr, G1Affine, G1Projective, G2Affine};
use ark_ec::{
    AffineRepr, CurveGroup,
    pairing::{Pairing, PairingOutput},
};
use ark_ff::{One, PrimeField, UniformRand, Zero};
use ark_groth16::{Groth16, PreparedVerifyingKey};
use ark_std::rand::{Rng, RngCore, SeedableRng, rngs::StdRng};
use rayon::prelude::*;

use super::{CommitProof, CommitVerifyingKey, challenge, fold_challenge};
use crate::{
    Error, Result,
    evm::commit_circuit_id_hex,
    groth16, msm,
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
    /// `beta`, prepared for the Miller loop (the batch puts `e(alpha, beta)` in its product).
    beta: <Bn254 as Pairing>::G2Prepared,
}

/// Bits of the batch weights: each `w_i` is uniform in `[1, 2^128)`, so a batch holding an
/// invalid proof passes with probability at most `2^-128` beyond the single verifier's bound
/// (`docs/commit-and-prove.md`, "Batch verification (Rust)").
pub const BATCH_WEIGHT_BITS: u32 = 128;
// The weights are drawn as nonzero u128 values.
const _: () = assert!(BATCH_WEIGHT_BITS == u128::BITS);

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
            beta: vk.vk.beta_g2.into(),
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

    /// Verifies `n` proofs at once: every strict check of [`CommitVerifier::check_proof`] per
    /// proof (counts, encodings, subgroups, recomputed challenges), then one multi-pairing of
    /// `n + 3 + k` pairs. `Ok(true)` iff every proof is valid, except with probability at most
    /// `2^-128 + k/r` per invalid proof; `Ok(false)` says some proof is invalid, not which.
    /// An empty batch is an error ([`Error::EmptyBatch`]).
    ///
    /// Per proof `i`, a fresh `rho_i` folds its proofs of knowledge exactly as
    /// [`CommitVerifier::verify_with_rho`] does, giving the single verifier's product `E_i`; the
    /// batch checks `prod_i E_i^(w_i) == 1` with weights `w_i` uniform in `[1, 2^128)`, drawn
    /// from `rng` after every proof is fixed:
    ///
    /// `prod_i e(w_i A_i, B_i) e(-(sum_i w_i) alpha, beta)
    ///  e(sum_i w_i (vk_x_i + sum_j D_ij + sum_j rho_i^j P_ij), -gamma) e(sum_i w_i C_i, -delta)
    ///  prod_j e(-sum_i w_i rho_i^j D_ij, GSigmaNeg_j) == 1`,
    ///
    /// where `sum_i w_i vk_x_i` is one MSM over the key's IC points (scalars
    /// `sum_i w_i x_il`) and the other sums are MSMs over the proofs' points.
    pub fn verify_batch<R: Rng + ?Sized>(
        &self,
        items: &[(&CommitProof, &[Fr])],
        rng: &mut R,
    ) -> Result<bool> {
        if items.is_empty() {
            return Err(Error::EmptyBatch);
        }
        // Strict checks and challenges first: every proof is fixed before any randomness.
        let full: Vec<Vec<Fr>> = items
            .par_iter()
            .map(|(proof, inputs)| {
                let challenges = self.check_proof(proof, inputs)?;
                let mut full = inputs.to_vec();
                full.extend(challenges);
                Ok(full)
            })
            .collect::<Result<_>>()?;
        let rhos: Vec<Fr> = items.iter().map(|_| Fr::rand(rng)).collect();
        let weights: Vec<Fr> =
            items.iter().map(|_| Fr::from(rng.gen_range(1..=u128::MAX))).collect();
        let k = self.num_commitments();

        // Per proof and commitment j (0-based): w_i rho_i^(j+1).
        let folded: Vec<Vec<Fr>> = rhos
            .iter()
            .zip(&weights)
            .map(|(rho, w)| {
                let mut power = *w;
                (0..k)
                    .map(|_| {
                        power *= rho;
                        power
                    })
                    .collect()
            })
            .collect();

        // gamma: IC points with summed input scalars, then every D (weight w_i) and P (w_i rho^j).
        let ic = &self.vk.vk.gamma_abc_g1;
        let mut ic_scalars = vec![Fr::zero(); ic.len()];
        for (w, x) in weights.iter().zip(&full) {
            ic_scalars[0] += w;
            for (s, x) in ic_scalars[1..].iter_mut().zip(x) {
                *s += *w * x;
            }
        }
        let mut bases: Vec<G1Affine> = ic.clone();
        let mut scalars = ic_scalars;
        for (((proof, _), w), f) in items.iter().zip(&weights).zip(&folded) {
            bases.extend_from_slice(&proof.commitments);
            scalars.extend(std::iter::repeat_n(*w, k));
            bases.extend_from_slice(&proof.poks);
            scalars.extend_from_slice(f);
        }
        let gamma_term = msm_g1(&bases, &scalars);

        let cs: Vec<G1Affine> = items.iter().map(|(p, _)| p.proof.c).collect();
        let c_term = msm_g1(&cs, &weights);

        let mut g1: Vec<<Bn254 as Pairing>::G1Prepared> = Vec::with_capacity(items.len() + 3 + k);
        let mut g2: Vec<<Bn254 as Pairing>::G2Prepared> = Vec::with_capacity(items.len() + 3 + k);
        let scaled: Vec<(<Bn254 as Pairing>::G1Prepared, <Bn254 as Pairing>::G2Prepared)> = items
            .par_iter()
            .zip(&weights)
            .map(|((p, _), w)| ((p.proof.a * w).into_affine().into(), p.proof.b.into()))
            .collect();
        for (a, b) in scaled {
            g1.push(a);
            g2.push(b);
        }
        let weight_sum: Fr = weights.iter().sum();
        g1.push((-(self.vk.vk.alpha_g1 * weight_sum)).into_affine().into());
        g2.push(self.beta.clone());
        g1.push(gamma_term.into());
        g2.push(self.pvk.gamma_g2_neg_pc.clone());
        g1.push(c_term.into());
        g2.push(self.pvk.delta_g2_neg_pc.clone());
        for (j, gsn) in self.g_sigma_neg.iter().enumerate() {
            let ds: Vec<G1Affine> = items.iter().map(|(p, _)| p.commitments[j]).collect();
            let sc: Vec<Fr> = folded.iter().map(|f| f[j]).collect();
            g1.push((-msm_g1(&ds, &sc)).into());
            g2.push(gsn.clone());
        }
        let ml = Bn254::multi_miller_loop(g1, g2);
        Ok(Bn254::final_exponentiation(ml).is_some_and(|out| out.0.is_one()))
    }

    /// [`CommitVerifier::verify_batch`] on proofs in JSON form: each proof's circuit id (when it
    /// carries one) and encodings are checked first, as [`CommitVerifier::verify_json`] does.
    pub fn verify_batch_json<R: Rng + ?Sized>(
        &self,
        items: &[(&CommitProofJson, &[String])],
        rng: &mut R,
    ) -> Result<bool> {
        let decoded: Vec<(CommitProof, Vec<Fr>)> = items
            .iter()
            .map(|(proof, public)| {
                crate::verify::check_circuit_id(proof.circuit_id.as_deref(), &self.circuit_id)?;
                Ok((proof.to_proof()?, public_from_json(public)?))
            })
            .collect::<Result<_>>()?;
        let refs: Vec<(&CommitProof, &[Fr])> =
            decoded.iter().map(|(p, x)| (p, x.as_slice())).collect();
        self.verify_batch(&refs, rng)
    }
}

/// `sum_i scalars[i] bases[i]` in G1 with the project's MSM, affine.
fn msm_g1(bases: &[G1Affine], scalars: &[Fr]) -> G1Affine {
    let scalars: Vec<_> = scalars.iter().map(|s| s.into_bigint()).collect();
    msm::msm_affine(bases, &scalars)
}
