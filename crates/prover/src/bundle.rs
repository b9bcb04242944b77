//! A proof with its public inputs, and writing it out.

use std::{io::Write, path::Path};

use ark_bn254::{Bn254, Fr};
use ark_groth16::Proof;
use serde::Serialize;

use crate::{
    Error, Result,
    evm::Calldata,
    snarkjs::{ProofJson, public_to_json, to_json_string},
};

/// File name of the proof.
pub const PROOF_FILE: &str = "proof.json";
/// File name of the public inputs.
pub const PUBLIC_FILE: &str = "public.json";

/// A proof, its public inputs and its circuit id.
#[derive(Debug, Clone, PartialEq)]
pub struct ProofBundle {
    /// The proof.
    pub proof: Proof<Bn254>,
    /// Public inputs in circuit order.
    pub inputs: Vec<Fr>,
    /// Circuit id of the keys it was made with.
    pub circuit_id: String,
}

impl ProofBundle {
    /// `proof.json` contents.
    pub fn proof_json(&self) -> ProofJson {
        ProofJson::from_proof(&self.proof, Some(self.circuit_id.clone()))
    }

    /// `public.json` contents.
    pub fn public_json(&self) -> Vec<String> {
        public_to_json(&self.inputs)
    }

    /// The EVM calldata form.
    pub fn calldata(&self) -> Calldata {
        Calldata::new(&self.proof, &self.inputs)
    }

    /// Writes `proof.json` and `public.json` into `dir` (created if needed).
    pub fn write(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("creating", dir, e))?;
        write_json_atomic(&dir.join(PROOF_FILE), &self.proof_json())?;
        write_json_atomic(&dir.join(PUBLIC_FILE), &self.public_json())
    }
}

/// Writes JSON to a temporary file beside `path`, syncs it and renames it over `path`: readers
/// see the old file or the whole new one, never a part.
pub fn write_json_atomic<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    write_atomic(path, to_json_string(value).as_bytes(), None)
}

/// Like [`write_json_atomic`] for raw bytes, with Unix permissions set before the file becomes
/// visible: `mode`, or 0o644 (readable by all, like a plainly created file) when `None`. Use
/// 0o600 for secrets.
pub fn write_atomic(path: &Path, contents: &[u8], mode: Option<u32>) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".zkp-ledger-")
        .tempfile_in(dir)
        .map_err(|e| Error::io("creating a temporary file in", dir, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode.unwrap_or(0o644)))
            .map_err(|e| Error::io("setting permissions of", path, e))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    tmp.write_all(contents)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::io("writing", path, e))?;
    tmp.persist(path).map_err(|e| Error::io("writing", path, e.error))?;
    Ok(())
}
