//! Key directories.
//!
//! `zkp-ledger setup` writes a directory with:
//! - `proving_key.bin`: the arkworks proving key, uncompressed (never committed: it is large);
//! - `verification_key.json`: the verifying key in snarkjs's format;
//! - `manifest.json`: circuit name and parameters, circuit id, constraint count, and the SHA-256
//!   and size of both key files.
//!
//! Opening a directory checks the verifying key's hash and circuit id against the manifest;
//! loading the proving key checks its hash. A mismatch is an error that names the file.

use std::{
    collections::BTreeMap,
    fs::File,
    io::{BufReader, BufWriter, Read, Write},
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use ark_bn254::{Bn254, Fr};
use ark_groth16::{PreparedVerifyingKey, Proof, ProvingKey, VerifyingKey};
use ark_relations::gr1cs::ConstraintSynthesizer;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use ark_std::rand::{RngCore, SeedableRng, rngs::StdRng};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zkp_ledger_circuits::{
    dataset::{DatasetCircuit, Shape},
    inclusion::{self, InclusionCircuit},
};

use crate::{
    Error, Result,
    evm::circuit_id_hex,
    groth16::{self, Matrices, PreparedKey, ProveTimings},
    snarkjs::{VerificationKeyJson, read_json, to_json_string},
};

/// File name of the proving key.
pub const PROVING_KEY_FILE: &str = "proving_key.bin";
/// File name of the verifying key.
pub const VERIFICATION_KEY_FILE: &str = "verification_key.json";
/// File name of the manifest.
pub const MANIFEST_FILE: &str = "manifest.json";
/// Manifest format tag.
pub const MANIFEST_FORMAT: &str = "zkp-ledger/keys/v1";

/// A built-in circuit and its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "name", rename_all = "lowercase", deny_unknown_fields)]
pub enum CircuitSpec {
    /// Merkle inclusion of depth `depth`.
    Inclusion {
        /// Tree depth.
        depth: usize,
    },
    /// Dataset statements over `rows` x `cols`.
    Dataset {
        /// Rows.
        rows: usize,
        /// Columns.
        cols: usize,
    },
}

impl CircuitSpec {
    /// The circuit's name.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Inclusion { .. } => "inclusion",
            Self::Dataset { .. } => "dataset",
        }
    }

    /// Human description, e.g. "inclusion (depth 20)".
    pub fn describe(&self) -> String {
        match self {
            Self::Inclusion { depth } => format!("inclusion (depth {depth})"),
            Self::Dataset { rows, cols } => format!("dataset ({rows} rows x {cols} columns)"),
        }
    }

    /// Number of public inputs.
    pub fn num_public(&self) -> Result<usize> {
        Ok(match self {
            Self::Inclusion { depth } => {
                inclusion::check_depth(*depth)?;
                inclusion::NUM_PUBLIC
            }
            Self::Dataset { rows, cols } => Shape::new(*rows, *cols)?.num_public(),
        })
    }

    fn matrices(&self) -> Result<Matrices> {
        match self {
            Self::Inclusion { depth } => groth16::matrices(InclusionCircuit::for_setup(*depth)?),
            Self::Dataset { rows, cols } => {
                groth16::matrices(DatasetCircuit::for_setup(Shape::new(*rows, *cols)?))
            }
        }
    }

    fn generate_keys(&self, rng: &mut impl RngCore) -> Result<ProvingKey<Bn254>> {
        match self {
            Self::Inclusion { depth } => {
                groth16::generate_keys(InclusionCircuit::for_setup(*depth)?, rng)
            }
            Self::Dataset { rows, cols } => {
                groth16::generate_keys(DatasetCircuit::for_setup(Shape::new(*rows, *cols)?), rng)
            }
        }
    }
}

/// Size and hash of a key file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// SHA-256, lowercase hex.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// [`MANIFEST_FORMAT`].
    pub format: String,
    /// Circuit and parameters.
    pub circuit: CircuitSpec,
    /// keccak256 of the verifying key's canonical words (see [`crate::evm::circuit_id`]).
    pub circuit_id: String,
    /// Number of public inputs.
    pub public_inputs: usize,
    /// Number of R1CS constraints.
    pub constraints: usize,
    /// Number of variables (instance, the constant 1 included, plus witness).
    pub variables: usize,
    /// The key files.
    pub files: BTreeMap<String, FileEntry>,
    /// How the keys were made.
    pub setup: String,
    /// The program that made them.
    pub created_by: String,
}

/// Receives progress of long steps (the CLI shows a spinner; libraries stay silent).
pub trait Progress: Sync {
    /// A step starts.
    fn start(&self, step: &str);
    /// The step ended after `elapsed`.
    fn finish(&self, _step: &str, _elapsed: Duration) {}
}

/// Progress that shows nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _step: &str) {}
}

fn timed<T>(
    progress: &dyn Progress,
    step: &str,
    f: impl FnOnce() -> Result<T>,
) -> Result<(T, Duration)> {
    progress.start(step);
    let t = Instant::now();
    let out = f()?;
    let elapsed = t.elapsed();
    progress.finish(step, elapsed);
    Ok((out, elapsed))
}

/// Streams a file through SHA-256.
pub fn sha256_file(path: &Path) -> Result<FileEntry> {
    let f = File::open(path).map_err(|e| Error::io("reading", path, e))?;
    let mut r = BufReader::with_capacity(1 << 20, f);
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = r.read(&mut buf).map_err(|e| Error::io("reading", path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        bytes += n as u64;
    }
    Ok(FileEntry { sha256: hex::encode(h.finalize()), bytes })
}

/// A writer that hashes what passes through it.
struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn write_file(path: &Path, contents: &[u8]) -> Result<FileEntry> {
    let mut f = File::create(path).map_err(|e| Error::io("writing", path, e))?;
    f.write_all(contents).and_then(|()| f.sync_all()).map_err(|e| Error::io("writing", path, e))?;
    Ok(FileEntry { sha256: hex::encode(Sha256::digest(contents)), bytes: contents.len() as u64 })
}

/// What a setup made, with timings.
#[derive(Debug, Clone)]
pub struct SetupReport {
    /// The manifest written.
    pub manifest: Manifest,
    /// Synthesizing the constraint system.
    pub synthesis: Duration,
    /// Generating the keys.
    pub keygen: Duration,
    /// Writing the files.
    pub write: Duration,
}

/// An opened key directory: manifest and (checked) verifying key.
#[derive(Debug, Clone)]
pub struct KeyDir {
    /// The directory.
    pub dir: PathBuf,
    /// Its manifest.
    pub manifest: Manifest,
    /// The verifying key.
    pub vk: VerifyingKey<Bn254>,
}

impl KeyDir {
    /// Runs a setup for `spec` into `out`, which must not exist or be empty. Files are written to
    /// a temporary directory beside `out` and moved into place at the end, so an interrupted
    /// setup leaves nothing half-written.
    pub fn setup(
        spec: CircuitSpec,
        out: &Path,
        progress: &dyn Progress,
    ) -> Result<(Self, SetupReport)> {
        let public_inputs = spec.num_public()?;
        if out.exists() {
            let empty =
                std::fs::read_dir(out).map_err(|e| Error::io("reading", out, e))?.next().is_none();
            if !empty {
                return Err(Error::OutputExists(out.to_path_buf()));
            }
        }
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| Error::io("creating", &parent, e))?;

        let (matrices, synthesis) =
            timed(progress, "synthesizing the constraint system", || spec.matrices())?;
        let (pk, keygen) = timed(progress, "generating keys (single-party setup)", || {
            let mut rng = StdRng::from_entropy();
            spec.generate_keys(&mut rng)
        })?;
        let circuit_id = circuit_id_hex(&pk.vk);

        let (manifest, write) = timed(progress, "writing keys", || {
            let tmp = tempfile::Builder::new()
                .prefix(".zkp-ledger-keys-")
                .tempdir_in(&parent)
                .map_err(|e| Error::io("creating a temporary directory in", &parent, e))?;
            let pk_path = tmp.path().join(PROVING_KEY_FILE);
            let f = File::create(&pk_path).map_err(|e| Error::io("writing", &pk_path, e))?;
            let mut w = HashingWriter {
                inner: BufWriter::with_capacity(1 << 20, f),
                hasher: Sha256::new(),
                bytes: 0,
            };
            pk.serialize_uncompressed(&mut w)
                .map_err(|source| Error::ProvingKey { path: pk_path.clone(), source })?;
            w.flush().map_err(|e| Error::io("writing", &pk_path, e))?;
            let pk_entry = FileEntry { sha256: hex::encode(w.hasher.finalize()), bytes: w.bytes };
            w.inner
                .into_inner()
                .map_err(|e| Error::io("writing", &pk_path, e.into_error()))?
                .sync_all()
                .map_err(|e| Error::io("writing", &pk_path, e))?;

            let vk_json = to_json_string(&VerificationKeyJson::from_vk(&pk.vk));
            let vk_entry = write_file(&tmp.path().join(VERIFICATION_KEY_FILE), vk_json.as_bytes())?;

            let manifest = Manifest {
                format: MANIFEST_FORMAT.into(),
                circuit: spec,
                circuit_id: circuit_id.clone(),
                public_inputs,
                constraints: matrices.num_constraints,
                variables: matrices.num_instance + matrices.num_witness,
                files: BTreeMap::from([
                    (PROVING_KEY_FILE.to_string(), pk_entry),
                    (VERIFICATION_KEY_FILE.to_string(), vk_entry),
                ]),
                setup: "single-party: toxic waste drawn from the OS RNG and dropped after key \
                        generation; use a multi-party ceremony for production"
                    .into(),
                created_by: format!("zkp-ledger {}", env!("CARGO_PKG_VERSION")),
            };
            write_file(&tmp.path().join(MANIFEST_FILE), to_json_string(&manifest).as_bytes())?;
            if out.exists() {
                std::fs::remove_dir(out).map_err(|e| Error::io("replacing", out, e))?;
            }
            let tmp_path = tmp.keep();
            std::fs::rename(&tmp_path, out).map_err(|e| Error::io("moving keys to", out, e))?;
            Ok(manifest)
        })?;
        let dir = Self { dir: out.to_path_buf(), manifest: manifest.clone(), vk: pk.vk };
        Ok((dir, SetupReport { manifest, synthesis, keygen, write }))
    }

    /// Opens a key directory, checking the verifying key against the manifest.
    pub fn open(dir: &Path) -> Result<Self> {
        let manifest: Manifest = read_json(&dir.join(MANIFEST_FILE))?;
        if manifest.format != MANIFEST_FORMAT {
            return Err(Error::Unsupported {
                field: "manifest format",
                got: manifest.format,
                expected: MANIFEST_FORMAT,
            });
        }
        let vk_path = dir.join(VERIFICATION_KEY_FILE);
        check_file(dir, &manifest, VERIFICATION_KEY_FILE)?;
        let vk = read_json::<VerificationKeyJson>(&vk_path)?.to_vk()?;
        let id = circuit_id_hex(&vk);
        if id != manifest.circuit_id {
            return Err(Error::CircuitIdMismatch {
                dir: dir.into(),
                actual: id,
                expected: manifest.circuit_id,
            });
        }
        // The manifest's circuit decides how the key is used (e.g. StatementRegistry's
        // permanent `inclusion` flag at registration): it must agree with the key itself.
        let key_inputs = vk.gamma_abc_g1.len().saturating_sub(1);
        let spec_inputs = manifest.circuit.num_public()?;
        if manifest.public_inputs != key_inputs || spec_inputs != key_inputs {
            return Err(Error::ManifestMismatch {
                dir: dir.into(),
                claim: format!(
                    "circuit {} with {} public inputs ({} from its circuit)",
                    manifest.circuit.describe(),
                    manifest.public_inputs,
                    spec_inputs
                ),
                actual: format!("{key_inputs} public inputs"),
            });
        }
        Ok(Self { dir: dir.to_path_buf(), manifest, vk })
    }

    /// The circuit spec, required to be of kind `wanted` ("inclusion" or "dataset").
    pub fn expect(&self, wanted: &'static str) -> Result<CircuitSpec> {
        if self.manifest.circuit.name() != wanted {
            return Err(Error::WrongCircuit {
                dir: self.dir.clone(),
                found: self.manifest.circuit.describe(),
                wanted,
            });
        }
        Ok(self.manifest.circuit)
    }

    /// Loads the proving key (hash-checked) and the circuit's matrices.
    pub fn load_prover(&self, progress: &dyn Progress) -> Result<Prover> {
        let path = self.dir.join(PROVING_KEY_FILE);
        let (pk, _) = timed(progress, "loading the proving key", || {
            check_file(&self.dir, &self.manifest, PROVING_KEY_FILE)?;
            let f = File::open(&path).map_err(|e| Error::io("reading", &path, e))?;
            // The file's hash matched the manifest, which was made with it: skip the (slow)
            // point validation. A tampered key could only make invalid proofs.
            ProvingKey::<Bn254>::deserialize_uncompressed_unchecked(BufReader::with_capacity(
                1 << 20,
                f,
            ))
            .map_err(|source| Error::ProvingKey { path: path.clone(), source })
        })?;
        if circuit_id_hex(&pk.vk) != self.manifest.circuit_id {
            return Err(Error::CircuitIdMismatch {
                dir: self.dir.clone(),
                actual: circuit_id_hex(&pk.vk),
                expected: self.manifest.circuit_id.clone(),
            });
        }
        let (matrices, _) = timed(progress, "synthesizing the constraint system", || {
            self.manifest.circuit.matrices()
        })?;
        Ok(Prover {
            key: PreparedKey::new(pk, matrices),
            circuit_id: self.manifest.circuit_id.clone(),
            spec: self.manifest.circuit,
        })
    }

    /// The prepared verifying key.
    pub fn prepared(&self) -> PreparedVerifyingKey<Bn254> {
        groth16::prepare(&self.vk)
    }
}

fn check_file(dir: &Path, manifest: &Manifest, name: &str) -> Result<()> {
    let expected = manifest.files.get(name).ok_or_else(|| Error::Unsupported {
        field: "manifest files",
        got: format!("no entry for {name}"),
        expected: "an entry for every key file",
    })?;
    let actual = sha256_file(&dir.join(name))?;
    if actual.sha256 != expected.sha256 {
        return Err(Error::KeyHashMismatch {
            dir: dir.to_path_buf(),
            file: name.to_string(),
            actual: actual.sha256,
            expected: expected.sha256.clone(),
        });
    }
    Ok(())
}

/// A loaded proving key with its circuit's matrices.
#[derive(Debug)]
pub struct Prover {
    /// The proving key, laid out for proving, with the circuit's R1CS.
    pub key: PreparedKey,
    /// The circuit id.
    pub circuit_id: String,
    /// The circuit.
    pub spec: CircuitSpec,
}

impl Prover {
    /// Proves a circuit instance with OS randomness.
    pub fn prove<C: ConstraintSynthesizer<Fr>>(
        &self,
        circuit: C,
    ) -> Result<(Proof<Bn254>, Vec<Fr>, ProveTimings)> {
        let mut rng = StdRng::from_entropy();
        groth16::prove(&self.key, circuit, &mut rng)
    }
}
