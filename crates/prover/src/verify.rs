//! Strict verification of files and decoded proofs.

use std::path::Path;

use ark_bn254::{Bn254, Fr, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_groth16::{PreparedVerifyingKey, Proof, VerifyingKey};

use crate::{
    Error, Result,
    evm::circuit_id_hex,
    groth16,
    keys::KeyDir,
    snarkjs::{ProofJson, VerificationKeyJson, public_from_json, read_json},
};

/// Refuses verifying keys of shapes that no honest setup produces and under which proofs can be
/// forged without a witness:
/// - alpha, beta, gamma or delta at infinity; alpha, beta or delta equal to its group's
///   generator (a known trapdoor; gamma may be the generator, as in every snarkjs key);
/// - gamma = ±delta (then A = alpha, B = beta, C = ∓vk_x verifies for any public inputs), and
///   likewise beta = ±gamma or beta = ±delta;
/// - no `IC[0]`.
///
/// This catches the obvious forgeries only: whoever ran a single-party setup knows its
/// trapdoor, so what a proof is worth still rests on where the key came from (pin its circuit
/// id: `zkp-ledger verify --circuit-id`).
pub fn check_key(vk: &VerifyingKey<Bn254>) -> Result<()> {
    match degeneracy(vk) {
        Some(problem) => Err(Error::DegenerateKey { problem }),
        None => Ok(()),
    }
}

/// What makes `vk` degenerate ([`check_key`]), if anything.
pub fn degeneracy(vk: &VerifyingKey<Bn254>) -> Option<&'static str> {
    let bad = Some;
    if vk.alpha_g1.is_zero() {
        return bad("alpha is the point at infinity");
    }
    if vk.alpha_g1 == G1Affine::generator() {
        return bad("alpha is the generator of G1");
    }
    // gamma = 1 (the generator) is what every snarkjs setup uses: it lets the public inputs'
    // part be checked without a trapdoor of its own, and forging still needs [x / delta]_1 for
    // chosen x, which only delta's trapdoor gives. So gamma may be the generator; beta and
    // delta may not.
    for (p, at_infinity, generator) in [
        (vk.beta_g2, "beta is the point at infinity", Some("beta is the generator of G2")),
        (vk.gamma_g2, "gamma is the point at infinity", None),
        (vk.delta_g2, "delta is the point at infinity", Some("delta is the generator of G2")),
    ] {
        if p.is_zero() {
            return bad(at_infinity);
        }
        if let Some(generator) = generator
            && p == G2Affine::generator()
        {
            return bad(generator);
        }
    }
    let same_or_opposite = |a: G2Affine, b: G2Affine| a == b || a == -b;
    if same_or_opposite(vk.gamma_g2, vk.delta_g2) {
        return bad("gamma equals delta or its negation");
    }
    if same_or_opposite(vk.beta_g2, vk.gamma_g2) {
        return bad("beta equals gamma or its negation");
    }
    if same_or_opposite(vk.beta_g2, vk.delta_g2) {
        return bad("beta equals delta or its negation");
    }
    if vk.gamma_abc_g1.is_empty() {
        return bad("it has no IC[0]");
    }
    None
}

/// Refuses a proof that names another circuit than the key's (a proof without a circuit id,
/// e.g. snarkjs's, names none).
pub(crate) fn check_circuit_id(proof: Option<&str>, key: &str) -> Result<()> {
    match proof {
        Some(id) if !id.eq_ignore_ascii_case(key) => {
            Err(Error::CircuitMismatch { proof: id.to_string(), key: key.to_string() })
        }
        _ => Ok(()),
    }
}

/// A verifying key ready to check proofs.
#[derive(Debug, Clone)]
pub struct Verifier {
    /// The key.
    pub vk: VerifyingKey<Bn254>,
    /// Its prepared form.
    pub pvk: PreparedVerifyingKey<Bn254>,
    /// Its circuit id.
    pub circuit_id: String,
}

impl Verifier {
    /// A verifier for `vk`.
    pub fn new(vk: VerifyingKey<Bn254>) -> Self {
        Self { pvk: groth16::prepare(&vk), circuit_id: circuit_id_hex(&vk), vk }
    }

    /// The verifier of a key directory (its verifying key checked against the manifest).
    pub fn from_key_dir(dir: &Path) -> Result<Self> {
        Ok(Self::new(KeyDir::open(dir)?.vk))
    }

    /// The verifier of a snarkjs `verification_key.json`.
    pub fn from_vk_file(path: &Path) -> Result<Self> {
        Ok(Self::new(read_json::<VerificationKeyJson>(path)?.to_vk()?))
    }

    /// Number of public inputs.
    pub fn num_public(&self) -> usize {
        self.vk.gamma_abc_g1.len().saturating_sub(1)
    }

    /// Checks a decoded proof. `Ok(false)`: well-formed but invalid.
    pub fn verify(&self, proof: &Proof<Bn254>, inputs: &[Fr]) -> Result<bool> {
        groth16::verify(&self.pvk, proof, inputs)
    }

    /// Checks a proof in JSON form: circuit id (when the proof carries one), encodings, input
    /// count, then the pairing equation.
    pub fn verify_json(&self, proof: &ProofJson, public: &[String]) -> Result<bool> {
        check_circuit_id(proof.circuit_id.as_deref(), &self.circuit_id)?;
        let decoded = proof.to_proof()?;
        let inputs = public_from_json(public)?;
        self.verify(&decoded, &inputs)
    }

    /// Checks `proof.json` and `public.json` files.
    pub fn verify_files(&self, proof: &Path, public: &Path) -> Result<bool> {
        let p: ProofJson = read_json(proof)?;
        let inputs: Vec<String> = read_json(public)?;
        self.verify_json(&p, &inputs)
    }
}
