//! Strict verification of files and decoded proofs.

use std::path::Path;

use ark_bn254::{Bn254, Fr};
use ark_groth16::{PreparedVerifyingKey, Proof, VerifyingKey};

use crate::{
    Error, Result,
    evm::circuit_id_hex,
    groth16,
    keys::KeyDir,
    snarkjs::{ProofJson, VerificationKeyJson, public_from_json, read_json},
};

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
        if let Some(id) = &proof.circuit_id
            && !id.eq_ignore_ascii_case(&self.circuit_id)
        {
            return Err(Error::CircuitMismatch { proof: id.clone(), key: self.circuit_id.clone() });
        }
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
