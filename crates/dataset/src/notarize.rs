//! Notarizing a dataset: commit, prove the statements, write the files.

use std::path::Path;

use ark_bn254::Fr;
use ark_ff::UniformRand;
use ark_std::rand::{SeedableRng, rngs::StdRng};
use sha2::{Digest, Sha256};
use zkp_ledger_circuits::dataset::{
    Commitment, Dataset, DatasetCircuit, Shape, Statements, Witness,
};
use zkp_ledger_prover::{
    CircuitSpec, ProofBundle, Prover,
    bundle::{PROOF_FILE, PUBLIC_FILE, write_atomic, write_json_atomic},
    evm::{parse_hex_word, statement_hash},
    field::to_hex_word,
    groth16::ProveTimings,
};

use crate::{
    Error, Result,
    files::{CommitmentJson, DataJson, OPENING_FORMAT, OpeningJson},
};

/// File name of the commitment description.
pub const COMMITMENT_FILE: &str = "commitment.json";
/// File name of the opening (secret).
pub const OPENING_FILE: &str = "opening.json";

/// A notarized dataset: the proof and everything written beside it.
#[derive(Debug, Clone)]
pub struct Notarized {
    /// Proof and public inputs.
    pub bundle: ProofBundle,
    /// The commitment and its parts.
    pub commitment: Commitment,
    /// The blinding value (secret).
    pub blinding: Fr,
    /// `commitment.json` contents.
    pub commitment_json: CommitmentJson,
    /// Proof timings.
    pub timings: ProveTimings,
}

/// The dataset shape of a prover's keys.
pub fn shape_of(prover: &Prover) -> Result<Shape> {
    match prover.spec {
        CircuitSpec::Dataset { rows, cols } => Ok(Shape::new(rows, cols)?),
        other => Err(Error::BadFile {
            what: "keys".into(),
            problem: format!("they are for {}, notarize needs dataset keys", other.describe()),
        }),
    }
}

/// Commits to `dataset` with a fresh random blinding value and proves `statements` about it.
/// The data is checked natively first: a false statement is an error naming the column and row,
/// and no proof is attempted.
pub fn notarize(prover: &Prover, dataset: &Dataset, statements: &Statements) -> Result<Notarized> {
    let shape = shape_of(prover)?;
    let blinding = Fr::rand(&mut StdRng::from_entropy());
    let (witness, commitment) = Witness::new(shape, dataset, statements, blinding)?;
    let padded = Statements { columns: statements.for_columns(shape.cols)? };
    let (proof, inputs, timings) = prover.prove(DatasetCircuit::for_proving(shape, witness)?)?;
    let id = parse_hex_word(&prover.circuit_id, "circuit id")?;
    let hash = statement_hash(&id, &inputs);
    let commitment_json = CommitmentJson::new(
        prover.spec,
        &prover.circuit_id,
        &commitment,
        &dataset.schema,
        &padded,
        &hash,
    );
    Ok(Notarized {
        bundle: ProofBundle { proof, inputs, circuit_id: prover.circuit_id.clone() },
        commitment,
        blinding,
        commitment_json,
        timings,
    })
}

/// SHA-256 of a file, hex.
pub fn file_sha256(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        action: "reading",
        path: path.into(),
        source: e,
    })?;
    Ok(hex::encode(Sha256::digest(bytes)))
}

/// Writes `opening.json` (owner-only), `commitment.json`, `public.json` and `proof.json` into
/// `dir`. Refuses a directory that already holds any of them: replacing an opening would lose the
/// only way to open the earlier commitment.
pub fn write(dir: &Path, n: &Notarized, data_file: &Path) -> Result<()> {
    for name in [OPENING_FILE, COMMITMENT_FILE, PUBLIC_FILE, PROOF_FILE] {
        let p = dir.join(name);
        if p.exists() {
            return Err(Error::WouldOverwrite(p));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::Io {
        action: "creating",
        path: dir.into(),
        source: e,
    })?;
    let opening = OpeningJson {
        format: OPENING_FORMAT.into(),
        commitment: to_hex_word(&n.commitment.value),
        blinding: to_hex_word(&n.blinding),
        rows_root: to_hex_word(&n.commitment.rows_root),
        row_count: n.commitment.row_count,
        schema_hash: to_hex_word(&n.commitment.schema_hash),
        data: DataJson {
            file: data_file
                .file_name()
                .map_or_else(String::new, |f| f.to_string_lossy().into_owned()),
            sha256: file_sha256(data_file)?,
        },
    };
    let text = serde_json::to_string_pretty(&opening).unwrap_or_default() + "\n";
    write_atomic(&dir.join(OPENING_FILE), text.as_bytes(), Some(0o600))?;
    write_json_atomic(&dir.join(COMMITMENT_FILE), &n.commitment_json)?;
    n.bundle.write(dir)?;
    Ok(())
}
