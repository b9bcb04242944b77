//! Datasets of any size: a commitment chunk by chunk, and exact statements proven by one
//! commit-and-prove proof per chunk, chained through hiding commitments to the running totals
//! (protocol and soundness: `docs/datasets-at-scale.md`).
//!
//! - [`ChunkKeys`]: the keys of one chunk shape, made once and cached.
//! - [`commit`]: the dataset commitment: per chunk the Pedersen commitment `D_i` to its values
//!   under the key's data bases, blinded by `v_i` derived from the opening's secret.
//! - [`Prover`]: proves chunk after chunk, each proof written to its own file as soon as it is
//!   made, so an interrupted run resumes where it stopped.
//! - [`verify_chunks`]: the chain, the commitments and every proof, in one batch.

use std::{
    io::{BufReader, BufWriter, Write},
    path::{Path, PathBuf},
};

use ark_bn254::Bn254;
use ark_bn254::{Fr, G1Affine, G1Projective};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{PrimeField, Zero};
use ark_groth16::{ProvingKey, VerifyingKey};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use num_bigint::BigUint;
use rand::{RngCore, rngs::StdRng};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zkp_ledger_circuits::chunked::{
    chain::initial_hash,
    chunk::{COMMITMENTS, ChunkCircuit, ChunkShape, ChunkStatement, ChunkWitness},
    finalize::{self, Bounds, Finalize},
};
use zkp_ledger_prover::{
    commit::{
        CommitCircuit, CommitLayout, CommitPreparedKey, CommitProof, CommitProvingKey,
        CommitVerifier, CommitVerifyingKey, CommittedWitness, commit_matrices, commit_witness,
        generate_commit_keys, hash_to_field, prove_committed,
    },
    field::{fr_from_canonical_decimal, to_decimal},
    groth16::{self, PreparedKey},
    msm::{bucket_sums, msm, msm_i64},
    rng::child_rng,
    snarkjs::{CommitProofJson, ProofJson},
};

use crate::{Error, Result};

/// Format tag of `commitment.json`.
pub const COMMITMENT_FORMAT: &str = "zkp-ledger/dataset-commitment/v1";
/// Format tag of the opening file.
pub const OPENING_FORMAT: &str = "zkp-ledger/dataset-opening/v1";
/// Format tag of a chunk proof file.
pub const CHUNK_PROOF_FORMAT: &str = "zkp-ledger/chunk-proof/v1";
const BLINDING_DST: &[u8] = b"zkp-ledger dataset chunk blinding v1";
const SALT_DST: &[u8] = b"zkp-ledger dataset chain salt v1";

/// One chunk's values: per numeric column its integers, per categorical column its field
/// elements, all of the same length (the chunk's rows).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChunkData {
    /// Numeric columns, in schema order among the numeric ones.
    pub numeric: Vec<Vec<i64>>,
    /// Categorical columns, in schema order among the categorical ones.
    pub categorical: Vec<Vec<Fr>>,
}

impl ChunkData {
    /// Rows in the chunk.
    pub fn rows(&self) -> usize {
        match (self.numeric.first(), self.categorical.first()) {
            (Some(c), _) => c.len(),
            (None, Some(c)) => c.len(),
            (None, None) => 0,
        }
    }
}

/// The chunk circuit as a commit-and-prove circuit: commitment 1 the data, 2 the lookups.
struct ChunkCommit<'a, 'b>(&'b ChunkCircuit<'a>);

impl CommitCircuit for ChunkCommit<'_, '_> {
    fn num_commitments(&self) -> usize {
        COMMITMENTS
    }

    fn synthesize(
        &self,
        cs: ConstraintSystemRef<Fr>,
        challenges: &[Fr],
    ) -> std::result::Result<CommitLayout, SynthesisError> {
        let l = self.0.synthesize(cs, challenges)?;
        Ok(CommitLayout { challenges: l.challenges, committed: vec![l.data, l.lookups] })
    }
}

/// The keys of one chunk shape.
#[derive(Debug, Clone)]
pub struct ChunkKeys {
    shape: ChunkShape,
    prepared: CommitPreparedKey,
    /// The final proof's key (plain Groth16, shape `(numeric, categorical)`).
    final_key: PreparedKey,
    /// The data commitment's bases of the numeric slots, row by row.
    numeric_bases: Vec<G1Affine>,
    /// The data commitment's bases of the categorical slots, row by row.
    categorical_bases: Vec<G1Affine>,
}

/// `manifest.json` of a cached chunk key.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyManifest {
    shape: ChunkShape,
    key_id: String,
    pk_sha256: String,
    final_key_id: String,
    final_pk_sha256: String,
}

fn io_err<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(std::io::Error) -> Error + use<'a> {
    move |source| Error::Io { action, path: path.into(), source }
}

fn bad(what: impl Into<String>, problem: impl Into<String>) -> Error {
    Error::BadFile { what: what.into(), problem: problem.into() }
}

impl ChunkKeys {
    /// Generates keys for `shape` (a single-party setup: whoever runs it could forge proofs
    /// for this key; ceremony keys are a later step).
    pub fn generate(shape: ChunkShape, rng: &mut impl RngCore) -> Result<Self> {
        let (pk, matrices) = Self::generate_chunk(&shape, rng)?;
        let final_pk = Self::generate_final(&shape, rng)?;
        Self::assemble(shape, pk, matrices, final_pk)
    }

    fn generate_chunk(
        shape: &ChunkShape,
        rng: &mut impl RngCore,
    ) -> Result<(CommitProvingKey, groth16::Matrices)> {
        let circuit = ChunkCircuit::for_setup(*shape)?;
        Ok(generate_commit_keys(&ChunkCommit(&circuit), rng)?)
    }

    fn generate_final(shape: &ChunkShape, rng: &mut impl RngCore) -> Result<ProvingKey<Bn254>> {
        Ok(groth16::generate_keys(Finalize::for_setup(shape.numeric, shape.categorical), rng)?)
    }

    fn assemble(
        shape: ChunkShape,
        pk: CommitProvingKey,
        matrices: groth16::Matrices,
        final_pk: ProvingKey<Bn254>,
    ) -> Result<Self> {
        let final_matrices =
            groth16::matrices(Finalize::for_setup(shape.numeric, shape.categorical))?;
        let cols = shape.columns();
        let bases = &pk.commitments[0].bases;
        if bases.len() != shape.slots() + 1 {
            return Err(bad("chunk key", "its data commitment has the wrong number of bases"));
        }
        let (mut numeric_bases, mut categorical_bases) = (Vec::new(), Vec::new());
        for (i, b) in bases[..shape.slots()].iter().enumerate() {
            if i % cols < shape.numeric {
                numeric_bases.push(*b);
            } else {
                categorical_bases.push(*b);
            }
        }
        Ok(Self {
            shape,
            prepared: CommitPreparedKey::new(pk, matrices),
            final_key: PreparedKey::new(final_pk, final_matrices),
            numeric_bases,
            categorical_bases,
        })
    }

    /// The final proof's verifying key.
    pub fn final_vk(&self) -> &VerifyingKey<Bn254> {
        &self.final_key.vk
    }

    /// The final key's identity: SHA-256 of its verifying key (uncompressed), hex.
    pub fn final_id(&self) -> Result<String> {
        key_id(self.final_vk())
    }

    /// The shape.
    pub fn shape(&self) -> &ChunkShape {
        &self.shape
    }

    /// The verifying key.
    pub fn vk(&self) -> &CommitVerifyingKey {
        &self.prepared.vk
    }

    /// The key's identity: SHA-256 of its verifying key (uncompressed arkworks encoding).
    pub fn id(&self) -> Result<String> {
        key_id(self.vk())
    }

    /// Writes a proving key to `dir` (`pk.bin`, `manifest.json`).
    fn save(
        shape: &ChunkShape,
        pk: &CommitProvingKey,
        final_pk: &ProvingKey<Bn254>,
        dir: &Path,
    ) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(io_err("creating", dir))?;
        let pk_sha256 = write_binary(&dir.join("pk.bin"), pk)?;
        let final_pk_sha256 = write_binary(&dir.join("final_pk.bin"), final_pk)?;
        let manifest = KeyManifest {
            shape: *shape,
            key_id: key_id(&pk.vk)?,
            pk_sha256,
            final_key_id: key_id(&final_pk.vk)?,
            final_pk_sha256,
        };
        write_json_atomic(&dir.join("manifest.json"), &manifest)
    }

    /// Reads a key written by [`cached`](Self::cached), checking the file's hash and that it is a
    /// key of `shape`.
    pub fn load(dir: &Path, shape: &ChunkShape) -> Result<Self> {
        let m = dir.join("manifest.json");
        let manifest: KeyManifest = read_json(&m)?;
        if manifest.shape != *shape {
            return Err(bad(
                m.display().to_string(),
                format!("a key for shape {:?}, not {shape:?}", manifest.shape),
            ));
        }
        let pk: CommitProvingKey = read_binary(&dir.join("pk.bin"), &manifest.pk_sha256)?;
        pk.vk.validate()?;
        if key_id(&pk.vk)? != manifest.key_id {
            return Err(bad(m.display().to_string(), "key id does not match the key"));
        }
        let final_pk: ProvingKey<Bn254> =
            read_binary(&dir.join("final_pk.bin"), &manifest.final_pk_sha256)?;
        if key_id(&final_pk.vk)? != manifest.final_key_id {
            return Err(bad(m.display().to_string(), "final key id does not match the key"));
        }
        let circuit = ChunkCircuit::for_setup(*shape)?;
        let matrices = commit_matrices(&ChunkCommit(&circuit))?;
        Self::assemble(*shape, pk, matrices, final_pk)
    }

    /// The cached key of `shape` under `cache` (its own subdirectory), made and saved first
    /// when absent. Returns the key and whether it was made now.
    pub fn cached(
        cache: &Path,
        shape: &ChunkShape,
        rng: &mut impl RngCore,
    ) -> Result<(Self, bool)> {
        let dir = cache.join(shape_dir(shape));
        if dir.join("manifest.json").exists() {
            return Ok((Self::load(&dir, shape)?, false));
        }
        let (pk, matrices) = Self::generate_chunk(shape, rng)?;
        let final_pk = Self::generate_final(shape, rng)?;
        Self::save(shape, &pk, &final_pk, &dir)?;
        Ok((Self::assemble(*shape, pk, matrices, final_pk)?, true))
    }

    fn data_bases(&self) -> &[G1Affine] {
        &self.prepared.commitments[0].bases
    }
}

/// The cache subdirectory of a shape.
pub fn shape_dir(shape: &ChunkShape) -> String {
    format!(
        "chunk-r{}-n{}-c{}-s{}-l{}",
        shape.rows, shape.numeric, shape.categorical, shape.set_size, shape.limb_bits
    )
}

/// SHA-256 of a verifying key's uncompressed arkworks encoding, hex: a key's id.
fn key_id<T: CanonicalSerialize>(vk: &T) -> Result<String> {
    let mut bytes = Vec::new();
    vk.serialize_uncompressed(&mut bytes).map_err(|e| bad("verifying key", e.to_string()))?;
    Ok(hex::encode(Sha256::digest(&bytes)))
}

/// Writes `value` (arkworks, uncompressed) through a temporary file; returns its SHA-256.
fn write_binary<T: CanonicalSerialize>(path: &Path, value: &T) -> Result<String> {
    let tmp = path.with_extension("bin.tmp");
    {
        let f = std::fs::File::create(&tmp).map_err(io_err("writing", &tmp))?;
        let mut w = BufWriter::new(f);
        value
            .serialize_uncompressed(&mut w)
            .map_err(|e| bad(path.display().to_string(), e.to_string()))?;
        w.flush().map_err(io_err("writing", &tmp))?;
    }
    let sha = sha256_file(&tmp)?;
    std::fs::rename(&tmp, path).map_err(io_err("writing", path))?;
    Ok(sha)
}

/// Reads a key file written by [`write_binary`], checking its SHA-256 first. The file is this
/// machine's own key, checked by hash: full point validation of millions of points would cost
/// more than a proof.
fn read_binary<T: CanonicalDeserialize>(path: &Path, sha256: &str) -> Result<T> {
    if sha256_file(path)? != sha256 {
        return Err(bad(
            path.display().to_string(),
            "does not match its manifest's hash (damaged or replaced): delete the key directory \
             to make a new key",
        ));
    }
    let f = std::fs::File::open(path).map_err(io_err("reading", path))?;
    T::deserialize_uncompressed_unchecked(BufReader::new(f))
        .map_err(|e| bad(path.display().to_string(), e.to_string()))
}

fn sha256_file(path: &Path) -> Result<String> {
    Ok(zkp_ledger_prover::keys::sha256_file(path)?.sha256)
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path).map_err(io_err("reading", path))?;
    serde_json::from_str(&text).map_err(|e| bad(path.display().to_string(), e.to_string()))
}

/// Writes `value` as pretty JSON to `path` through a temporary file and a rename, so a crash
/// leaves either the old file or the new one, never half of one.
pub fn write_json_atomic<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| bad(path.display().to_string(), e.to_string()))?;
    let tmp = path.with_extension("json.tmp");
    {
        let mut f = std::fs::File::create(&tmp).map_err(io_err("writing", &tmp))?;
        f.write_all(text.as_bytes()).map_err(io_err("writing", &tmp))?;
        f.write_all(b"\n").map_err(io_err("writing", &tmp))?;
        f.sync_all().map_err(io_err("writing", &tmp))?;
    }
    std::fs::rename(&tmp, path).map_err(io_err("writing", path))
}

/// A column of the committed table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnRef {
    /// Its name.
    pub name: String,
    /// Whether it is categorical (its values are hashes) rather than numeric.
    pub categorical: bool,
}

/// One chunk of the commitment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChunkCommitment {
    /// Rows of data in the chunk.
    pub rows: usize,
    /// `D_i` as two decimal coordinates.
    pub d: [String; 2],
}

impl ChunkCommitment {
    fn point(&self, i: usize) -> Result<G1Affine> {
        use zkp_ledger_prover::field::fq_from_canonical_decimal;
        let what = format!("commitment chunk {i}");
        let x = fq_from_canonical_decimal(&self.d[0], &what)?;
        let y = fq_from_canonical_decimal(&self.d[1], &what)?;
        let p = G1Affine::new_unchecked(x, y);
        if !p.is_on_curve() || p.is_zero() {
            return Err(bad(what, "not a point of G1 (or the point at infinity)"));
        }
        Ok(p)
    }

    fn of(rows: usize, d: &G1Affine) -> Self {
        let (x, y) = d.xy().unwrap_or_default();
        Self { rows, d: [to_decimal(&x), to_decimal(&y)] }
    }
}

/// `commitment.json`: everything public about a committed dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetCommitment {
    /// [`COMMITMENT_FORMAT`].
    pub format: String,
    /// The columns, in the table's order.
    pub columns: Vec<ColumnRef>,
    /// SHA-256 of the schema (types, scales), hex.
    pub schema_hash: String,
    /// The schema itself, for readers (its hash is what is bound).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<serde_json::Value>,
    /// Rows in all.
    pub rows: u64,
    /// The chunk key's shape.
    pub shape: ChunkShape,
    /// The chunk key's id ([`ChunkKeys::id`]).
    pub key_id: String,
    /// The final key's id ([`ChunkKeys::final_id`]).
    pub final_key_id: String,
    /// The chunks in order.
    pub chunks: Vec<ChunkCommitment>,
    /// The id of the version this one extends by appended rows (its chunks are a prefix of
    /// these).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

impl DatasetCommitment {
    /// The commitment's id: SHA-256 of its canonical JSON (compact, fields in declaration
    /// order, the readers' copy of the schema left out), hex. This is the ledger entry.
    pub fn id(&self) -> Result<String> {
        let mut bound = self.clone();
        bound.schema = None;
        let bytes = serde_json::to_vec(&bound).map_err(|e| bad("commitment", e.to_string()))?;
        Ok(hex::encode(Sha256::digest(&bytes)))
    }

    /// Reads and checks `commitment.json`: format, row counts, points.
    pub fn read(path: &Path) -> Result<Self> {
        let c: Self = read_json(path)?;
        c.check().map_err(|problem| bad(path.display().to_string(), problem))?;
        Ok(c)
    }

    fn check(&self) -> std::result::Result<(), String> {
        if self.format != COMMITMENT_FORMAT {
            return Err(format!("format {:?}, expected {COMMITMENT_FORMAT:?}", self.format));
        }
        let numeric = self.columns.iter().filter(|c| !c.categorical).count();
        if numeric != self.shape.numeric || self.columns.len() - numeric != self.shape.categorical {
            return Err("the columns do not match the key's shape".into());
        }
        let total: u64 = self.chunks.iter().map(|c| c.rows as u64).sum();
        if total != self.rows {
            return Err(format!("the chunks hold {total} rows, the header says {}", self.rows));
        }
        if let Some(i) = self.chunks.iter().position(|c| c.rows == 0 || c.rows > self.shape.rows) {
            return Err(format!(
                "chunk {i} has {} rows (1..={} allowed)",
                self.chunks[i].rows, self.shape.rows
            ));
        }
        for (i, c) in self.chunks.iter().enumerate() {
            let _ = c.point(i).map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// Whether this version extends `parent`: the same columns, schema and key, and the parent's
    /// chunks as a prefix of this one's.
    pub fn extends(&self, parent: &Self) -> bool {
        self.columns == parent.columns
            && self.schema_hash == parent.schema_hash
            && self.shape == parent.shape
            && self.key_id == parent.key_id
            && self.final_key_id == parent.final_key_id
            && self.chunks.len() >= parent.chunks.len()
            && self.chunks[..parent.chunks.len()] == parent.chunks[..]
    }
}

/// The secret that opens a commitment: kept in a file only its owner can read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opening {
    /// [`OPENING_FORMAT`].
    pub format: String,
    /// 32 random bytes, hex: every chunk's blinding and every chain salt derive from it.
    pub secret: String,
}

impl Opening {
    /// A fresh opening.
    pub fn random(rng: &mut impl RngCore) -> Self {
        let mut s = [0u8; 32];
        rng.fill_bytes(&mut s);
        Self { format: OPENING_FORMAT.into(), secret: hex::encode(s) }
    }

    fn secret(&self) -> Result<[u8; 32]> {
        let mut s = [0u8; 32];
        hex::decode_to_slice(&self.secret, &mut s)
            .map_err(|_| bad("opening", "the secret is not 64 hex digits"))?;
        Ok(s)
    }

    /// Blinding of chunk `i`'s commitment.
    pub fn blinding(&self, i: usize) -> Result<Fr> {
        let mut msg = self.secret()?.to_vec();
        msg.extend_from_slice(&(i as u64).to_be_bytes());
        let v = hash_to_field(&msg, BLINDING_DST)?;
        if v.is_zero() {
            return Err(bad("opening", "a zero blinding (probability 2^-254): make a new opening"));
        }
        Ok(v)
    }

    /// Salt of the chain hash after chunk `i` for the chunk statement with key `statement`
    /// ([`chunk_statement_key`]).
    pub fn salt(&self, statement: &[u8; 32], i: usize) -> Result<Fr> {
        let mut msg = self.secret()?.to_vec();
        msg.extend_from_slice(statement);
        msg.extend_from_slice(&(i as u64).to_be_bytes());
        Ok(hash_to_field(&msg, SALT_DST)?)
    }

    /// Reads an opening file.
    pub fn read(path: &Path) -> Result<Self> {
        let o: Self = read_json(path)?;
        if o.format != OPENING_FORMAT {
            return Err(bad(path.display().to_string(), "not a dataset opening"));
        }
        o.secret()?;
        Ok(o)
    }

    /// Writes the opening readable by its owner only (mode 0600), refusing to replace a file.
    pub fn write_new(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self).map_err(|e| bad("opening", e.to_string()))?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut f = options.open(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::WouldOverwrite(path.into())
            } else {
                Error::Io { action: "writing", path: path.into(), source: e }
            }
        })?;
        f.write_all(text.as_bytes()).map_err(io_err("writing", path))?;
        f.sync_all().map_err(io_err("writing", path))
    }
}

/// Chunk `i`'s commitment `D_i = sum_j a_j K_j + v_i K_eta` over its data slots (padding slots
/// hold zero and are skipped).
pub fn commit_chunk(keys: &ChunkKeys, data: &ChunkData, blinding: Fr) -> Result<G1Affine> {
    let shape = keys.shape();
    let n = data.rows();
    if data.numeric.len() != shape.numeric || data.categorical.len() != shape.categorical {
        return Err(Error::Circuit(zkp_ledger_circuits::Error::InvalidParams(format!(
            "a chunk of {} numeric and {} categorical columns for a key of {} and {}",
            data.numeric.len(),
            data.categorical.len(),
            shape.numeric,
            shape.categorical
        ))));
    }
    if n == 0 || n > shape.rows {
        return Err(Error::Circuit(zkp_ledger_circuits::Error::TooLarge {
            what: "rows",
            got: n,
            max: shape.rows,
        }));
    }
    let bases = keys.data_bases();
    let eta = bases[bases.len() - 1];
    let d = data_sum(&keys.numeric_bases, &keys.categorical_bases, data) + eta * blinding;
    Ok(d.into_affine())
}

/// A column with at most one distinct value per this many rows is summed by value: the bases
/// of equal values are added first (one addition per row), then one MSM over the distinct
/// values, instead of an MSM over every row.
const GROUP_RATIO: usize = 8;

/// `sum_(r, j) v_rj K_(r, j)` over the data slots of `data`: numeric bases row by row
/// (`numeric_bases[r * a + j]`), categorical likewise. Columns with few distinct values (labels,
/// flags, ages) are grouped by value; the rest go to one MSM per kind (signed 64-bit scalars
/// for numeric values). Equal to one MSM over all slots (tested).
pub fn data_sum(
    numeric_bases: &[G1Affine],
    categorical_bases: &[G1Affine],
    data: &ChunkData,
) -> G1Projective {
    let n = data.rows();
    let (a, b) = (data.numeric.len(), data.categorical.len());
    let mut total = G1Projective::zero();
    let (mut direct_bases, mut direct_values) = (Vec::new(), Vec::new());
    for (j, col) in data.numeric.iter().enumerate() {
        if let Some((values, index)) = group(col) {
            let bases: Vec<G1Affine> = (0..n).map(|r| numeric_bases[r * a + j]).collect();
            let sums = bucket_sums(&bases, &index, values.len());
            total += msm_i64(&G1Projective::normalize_batch(&sums), &values);
        } else {
            direct_bases.extend((0..n).map(|r| numeric_bases[r * a + j]));
            direct_values.extend_from_slice(col);
        }
    }
    total += msm_i64(&direct_bases, &direct_values);
    let (mut direct_bases, mut direct_scalars) = (Vec::new(), Vec::new());
    for (j, col) in data.categorical.iter().enumerate() {
        if let Some((values, index)) = group(col) {
            let bases: Vec<G1Affine> = (0..n).map(|r| categorical_bases[r * b + j]).collect();
            let sums = bucket_sums(&bases, &index, values.len());
            let scalars: Vec<_> = values.iter().map(|v| v.into_bigint()).collect();
            total += msm(&G1Projective::normalize_batch(&sums), &scalars);
        } else {
            direct_bases.extend((0..n).map(|r| categorical_bases[r * b + j]));
            direct_scalars.extend(col.iter().map(|v| v.into_bigint()));
        }
    }
    total + msm(&direct_bases, &direct_scalars)
}

/// A column's distinct values and, per row, its value's index among them; `None` when the
/// column has more than one distinct value per [`GROUP_RATIO`] rows (beyond a floor of 64
/// values), or fewer than 64 rows: such a column goes to the direct MSM.
fn group<T: Copy + Eq + std::hash::Hash>(col: &[T]) -> Option<(Vec<T>, Vec<u32>)> {
    let n = col.len();
    if n < 64 {
        return None;
    }
    let limit = n.max(GROUP_RATIO * 64) / GROUP_RATIO;
    let mut seen: std::collections::HashMap<T, u32> = std::collections::HashMap::new();
    let mut values = Vec::new();
    let mut index = Vec::with_capacity(n);
    for v in col {
        let k = *seen.entry(*v).or_insert_with(|| {
            values.push(*v);
            (values.len() - 1) as u32
        });
        if values.len() > limit {
            return None;
        }
        index.push(k);
    }
    Some((values, index))
}

/// Commits to a table given chunk by chunk (each of the key's row count, the last possibly
/// shorter). `on_chunk` is called after each chunk with the rows committed so far.
pub fn commit(
    keys: &ChunkKeys,
    columns: Vec<ColumnRef>,
    schema_hash: String,
    chunks: impl IntoIterator<Item = Result<ChunkData>>,
    opening: &Opening,
    mut on_chunk: impl FnMut(u64),
) -> Result<DatasetCommitment> {
    use rayon::prelude::*;
    let mut out = Vec::new();
    let mut rows = 0u64;
    // Chunks are committed a few at a time in parallel (grouping by value is sequential within
    // a chunk), while the reader stays sequential and memory stays a few chunks.
    let width = rayon::current_num_threads().max(2);
    let mut pending: Vec<ChunkData> = Vec::with_capacity(width);
    let mut chunks = chunks.into_iter();
    loop {
        let next = chunks.next().transpose()?;
        let done = next.is_none();
        pending.extend(next);
        if pending.len() < width && !done {
            continue;
        }
        let first = out.len();
        let points: Vec<Result<G1Affine>> = pending
            .par_iter()
            .enumerate()
            .map(|(k, chunk)| commit_chunk(keys, chunk, opening.blinding(first + k)?))
            .collect();
        for (chunk, d) in pending.drain(..).zip(points) {
            out.push(ChunkCommitment::of(chunk.rows(), &d?));
            rows += chunk.rows() as u64;
            on_chunk(rows);
        }
        if done {
            break;
        }
    }
    if out.is_empty() {
        return Err(bad("dataset", "no rows to commit"));
    }
    let c = DatasetCommitment {
        format: COMMITMENT_FORMAT.into(),
        columns,
        schema_hash,
        schema: None,
        rows,
        shape: *keys.shape(),
        key_id: keys.id()?,
        final_key_id: keys.final_id()?,
        chunks: out,
        parent: None,
    };
    c.check().map_err(|p| bad("commitment", p))?;
    Ok(c)
}

/// A chunk proof file (`chunks/NNNNNN.json`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChunkProofFile {
    /// [`CHUNK_PROOF_FORMAT`].
    pub format: String,
    /// Chunk index.
    pub chunk: usize,
    /// The proof.
    pub proof: CommitProofJson,
    /// Its public inputs (decimal).
    pub public: Vec<String>,
}

impl ChunkProofFile {
    fn parse(&self) -> Result<(CommitProof, Vec<Fr>)> {
        let proof = self.proof.to_proof()?;
        let public = self
            .public
            .iter()
            .map(|s| fr_from_canonical_decimal(s, "chunk proof public input"))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok((proof, public))
    }
}

/// Path of chunk `i`'s proof under a proof directory.
pub fn chunk_proof_path(dir: &Path, i: usize) -> PathBuf {
    dir.join("chunks").join(format!("{i:06}.json"))
}

/// The end of the chain after the last chunk: what the final proof opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainEnd {
    /// The state (sums, sums of squares, counts).
    pub state: Vec<Fr>,
    /// Its salt.
    pub salt: Fr,
    /// `H(salt, state)`.
    pub h: Fr,
}

/// What happened to one chunk during [`prove_chunks`].
#[derive(Debug, Clone, Copy)]
pub enum ChunkOutcome {
    /// Proven now, in this time (witness, checks and quotient, MSMs).
    Proven(groth16::ProveTimings),
    /// A valid proof was already on disk (a resumed run).
    Reused,
}

/// Proves every chunk of a committed dataset, writing `chunks/NNNNNN.json` under `out` as each
/// proof is made; a chunk whose valid proof is already there is not proven again. The data must
/// be the committed data: each chunk's commitment is recomputed and compared first. Returns the
/// chain's end for the final proof.
///
/// Two chunks are in flight at a time: the witness of chunk `i + 1` (synthesis, mostly serial)
/// is computed while chunk `i`'s quotient and MSMs (parallel) run, so that neither core idles
/// during synthesis. `on_chunk` is called in chunk order, on the caller's thread, once each
/// chunk's proof is on disk (or found there).
#[allow(clippy::too_many_arguments)]
pub fn prove_chunks(
    keys: &ChunkKeys,
    commitment: &DatasetCommitment,
    opening: &Opening,
    statement: &ChunkStatement,
    statement_hash: &[u8; 32],
    chunks: impl IntoIterator<Item = Result<ChunkData>>,
    out: &Path,
    rng: &mut impl RngCore,
    mut on_chunk: impl FnMut(usize, ChunkOutcome),
) -> Result<ChainEnd> {
    let shape = *keys.shape();
    if commitment.key_id != keys.id()? {
        return Err(bad("commitment", "made with another chunk key than the one given"));
    }
    statement.validate(&shape)?;
    let dir = out.join("chunks");
    std::fs::create_dir_all(&dir).map_err(io_err("creating", &dir))?;
    let ctx = ChunkContext {
        keys,
        commitment,
        opening,
        statement,
        statement_hash,
        verifier: CommitVerifier::new(keys.vk().clone())?,
        out,
    };
    let mut end = ChainEnd {
        state: vec![Fr::zero(); shape.state_len()],
        salt: Fr::zero(),
        h: initial_hash(shape.state_len())?,
    };
    let mut seen = 0usize;
    // The chunk whose witness is ready and whose proof is still to be made.
    let mut pending: Option<ReadyChunk> = None;
    for (i, chunk) in chunks.into_iter().enumerate() {
        let (rng_a, rng_b) = (child_rng(rng), child_rng(rng));
        let proving = pending.take();
        let (proved, prepared) = rayon::join(
            || proving.map(|p| ctx.finish(p, rng_b)),
            || chunk.and_then(|chunk| ctx.prepare(i, chunk, &end, rng_a)),
        );
        if let Some(proved) = proved {
            let (index, timings) = proved?;
            on_chunk(index, ChunkOutcome::Proven(timings));
        }
        let (next, ready) = prepared?;
        match ready {
            Some(r) => pending = Some(r),
            None => on_chunk(i, ChunkOutcome::Reused),
        }
        end = next;
        seen = i + 1;
    }
    if let Some(p) = pending {
        let (index, timings) = ctx.finish(p, child_rng(rng))?;
        on_chunk(index, ChunkOutcome::Proven(timings));
    }
    if seen != commitment.chunks.len() {
        return Err(Error::DataMismatch {
            chunk: seen,
            problem: format!(
                "the data ends after {seen} chunks, the commitment has {}",
                commitment.chunks.len()
            ),
        });
    }
    Ok(end)
}

/// What every chunk of one [`prove_chunks`] run shares.
struct ChunkContext<'a> {
    keys: &'a ChunkKeys,
    commitment: &'a DatasetCommitment,
    opening: &'a Opening,
    statement: &'a ChunkStatement,
    statement_hash: &'a [u8; 32],
    verifier: CommitVerifier,
    out: &'a Path,
}

/// A chunk whose witness and commitments are made, waiting for its quotient and MSMs.
struct ReadyChunk {
    index: usize,
    /// Its public inputs, as the proof must give them.
    inputs: Vec<Fr>,
    /// Its committed `D_i`.
    d: G1Affine,
    witness: CommittedWitness,
}

impl ChunkContext<'_> {
    /// Chunk `i` after the chain's state `prev`: its checks against the commitment, the chain's
    /// next state, and, unless a valid proof of it is already on disk (`None`), its witness.
    fn prepare(
        &self,
        i: usize,
        chunk: ChunkData,
        prev: &ChainEnd,
        mut rng: StdRng,
    ) -> Result<(ChainEnd, Option<ReadyChunk>)> {
        let (keys, commitment, statement) = (self.keys, self.commitment, self.statement);
        let shape = *keys.shape();
        let expected = commitment.chunks.get(i).ok_or_else(|| Error::DataMismatch {
            chunk: i,
            problem: format!(
                "the data has more chunks than the commitment's {}",
                commitment.chunks.len()
            ),
        })?;
        if chunk.rows() != expected.rows {
            return Err(Error::DataMismatch {
                chunk: i,
                problem: format!("{} rows, the commitment has {}", chunk.rows(), expected.rows),
            });
        }
        let d = expected.point(i)?;
        let next_salt = self.opening.salt(self.statement_hash, i)?;
        let witness = ChunkWitness {
            numeric: chunk.numeric,
            categorical: chunk.categorical,
            prev_salt: prev.salt,
            prev_state: prev.state.clone(),
            next_salt,
        };
        let circuit =
            ChunkCircuit::for_proving(shape, statement.clone(), &witness).map_err(|e| {
                Error::ChunkStatement { chunk: i, first_row: first_row(commitment, i), source: e }
            })?;
        let inputs = circuit.public_inputs().ok_or_else(|| bad("chunk", "no inputs"))??;
        let next = ChainEnd {
            state: witness.next_state(&shape, statement)?,
            salt: next_salt,
            h: *inputs.get(1).ok_or_else(|| bad("chunk", "no chain input"))?,
        };
        let path = chunk_proof_path(self.out, i);
        let reusable = path.exists()
            && std::fs::read_to_string(&path)
                .ok()
                .and_then(|t| serde_json::from_str::<ChunkProofFile>(&t).ok())
                .and_then(|f| f.parse().ok())
                .is_some_and(|(p, public)| {
                    public == inputs
                        && p.commitments.first() == Some(&d)
                        && self.verifier.verify(&p, &public).unwrap_or(false)
                });
        if reusable {
            return Ok((next, None));
        }
        // The data must open the committed D_i before a proof is spent on it.
        let data = ChunkData {
            numeric: witness.numeric.clone(),
            categorical: witness.categorical.clone(),
        };
        if commit_chunk(keys, &data, self.opening.blinding(i)?)? != d {
            return Err(Error::DataMismatch {
                chunk: i,
                problem: "its values (or the opening) do not give the committed D".into(),
            });
        }
        let committed = commit_witness(
            &keys.prepared,
            &ChunkCommit(&circuit),
            &[Some(self.opening.blinding(i)?), None],
            &mut rng,
        )?;
        Ok((next, Some(ReadyChunk { index: i, inputs, d, witness: committed })))
    }

    /// Proves a prepared chunk and writes its proof file.
    fn finish(&self, ready: ReadyChunk, mut rng: StdRng) -> Result<(usize, groth16::ProveTimings)> {
        let ReadyChunk { index: i, inputs, d, witness } = ready;
        let (proof, public, timings) = prove_committed(&self.keys.prepared, witness, &mut rng)?;
        if proof.commitments[0] != d || public != inputs {
            return Err(bad("chunk proof", "the prover's commitment or inputs differ (a bug)"));
        }
        let file = ChunkProofFile {
            format: CHUNK_PROOF_FORMAT.into(),
            chunk: i,
            proof: CommitProofJson::from_proof(&proof, None),
            public: public.iter().map(to_decimal).collect(),
        };
        write_json_atomic(&chunk_proof_path(self.out, i), &file)?;
        Ok((i, timings))
    }
}

fn first_row(c: &DatasetCommitment, i: usize) -> u64 {
    c.chunks[..i.min(c.chunks.len())].iter().map(|c| c.rows as u64).sum()
}

/// Reads every chunk proof under `dir` for `commitment`.
pub fn read_chunk_proofs(
    dir: &Path,
    commitment: &DatasetCommitment,
) -> Result<Vec<(CommitProof, Vec<Fr>)>> {
    (0..commitment.chunks.len())
        .map(|i| {
            let path = chunk_proof_path(dir, i);
            if !path.exists() {
                return Err(bad(
                    path.display().to_string(),
                    format!("missing: the proof covers {} chunks; finish it with `prove dataset` (it resumes)", commitment.chunks.len()),
                ));
            }
            let f: ChunkProofFile = read_json(&path)?;
            if f.format != CHUNK_PROOF_FORMAT || f.chunk != i {
                return Err(bad(path.display().to_string(), format!("not the proof of chunk {i}")));
            }
            f.parse()
        })
        .collect()
}

/// Checks chunk proofs against a commitment and a statement: the chain links (`h_prev` of chunk
/// 0 is the public initial value, each later `h_prev` the previous `h_next`), each proof's row
/// count and data commitment `D_i`, the statement's inputs, and every proof (all at once).
/// Returns the last `h_next`, which the final proof must open.
pub fn verify_chunks(
    vk: &CommitVerifyingKey,
    commitment: &DatasetCommitment,
    statement: &ChunkStatement,
    proofs: &[(CommitProof, Vec<Fr>)],
    rng: &mut impl RngCore,
) -> Result<Fr> {
    let shape = commitment.shape;
    if key_id(vk)? != commitment.key_id {
        return Err(Error::ProofRejected(
            "the verifying key is not the commitment's chunk key".into(),
        ));
    }
    if proofs.len() != commitment.chunks.len() {
        return Err(Error::ProofRejected(format!(
            "{} chunk proofs for a commitment of {} chunks",
            proofs.len(),
            commitment.chunks.len()
        )));
    }
    let mut h = initial_hash(shape.state_len())?;
    for (i, ((proof, public), chunk)) in proofs.iter().zip(&commitment.chunks).enumerate() {
        let h_next = *public
            .get(1)
            .ok_or_else(|| Error::ProofRejected(format!("chunk {i}: too few inputs")))?;
        let expected = statement.public_inputs(&shape, h, h_next, chunk.rows)?;
        if *public != expected {
            return Err(Error::ProofRejected(format!(
                "chunk {i}: its public inputs are not the statement's, its row count, or the \
                 previous chunk's chain value (reordered, dropped or foreign chunk?)"
            )));
        }
        if proof.commitments.len() != COMMITMENTS || proof.commitments[0] != chunk.point(i)? {
            return Err(Error::ProofRejected(format!(
                "chunk {i}: the proof is about other data than the commitment's chunk {i}"
            )));
        }
        h = h_next;
    }
    let verifier = CommitVerifier::new(vk.clone())?;
    let items: Vec<(&CommitProof, &[Fr])> = proofs.iter().map(|(p, x)| (p, x.as_slice())).collect();
    if !verifier.verify_batch(&items, rng)? {
        // Name the culprit: the batch says only that some proof is invalid.
        for (i, (proof, public)) in proofs.iter().enumerate() {
            if !verifier.verify_with_rng(proof, public, rng)? {
                return Err(Error::ProofRejected(format!("chunk {i}: the proof is invalid")));
            }
        }
        return Err(Error::ProofRejected("the batch of chunk proofs is invalid".into()));
    }
    Ok(h)
}

/// Format tag of `statement.json`.
pub const STATEMENT_FORMAT: &str = "zkp-ledger/dataset-statement/v1";
/// Format tag of `final.json`.
pub const FINAL_FORMAT: &str = "zkp-ledger/dataset-final-proof/v1";

/// The categorical encoding (the readers'): [`crate::ingest::categorical`].
pub use crate::ingest::categorical as categorical_value;

/// The rows of a categorical column equal to `value`, within `[min, max]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountStatement {
    /// The value counted.
    pub value: String,
    /// Fewest rows.
    pub min: u64,
    /// Most rows.
    pub max: u64,
}

/// What is proven about one column. Numbers are the column's integers (decimals scaled by
/// `10^scale`, timestamps in microseconds); absent parts are not claimed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnStatement {
    /// The column.
    pub column: String,
    /// Every value in `[lo, hi]` (numeric).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<[i64; 2]>,
    /// The sum in `[lo, hi]` (numeric; decimal strings of i128 within ±2^126).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sum: Option<[String; 2]>,
    /// The sum of squares at most this (numeric; a decimal integer up to 2^191).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sumsq_max: Option<String>,
    /// Every value one of these (categorical).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set: Option<Vec<String>>,
    /// The rows equal to a value, within bounds (categorical).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<CountStatement>,
}

/// `statement.json`: the public statement about a committed dataset. The row count is the
/// commitment's (public), so means follow from sums exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetStatement {
    /// [`STATEMENT_FORMAT`].
    pub format: String,
    /// The commitment's id.
    pub commitment: String,
    /// One entry per column with a claim, in the table's column order.
    pub columns: Vec<ColumnStatement>,
}

fn parse_i128(s: &str, what: &str) -> Result<i128> {
    s.parse().map_err(|_| bad("statement", format!("{what}: {s:?} is not an integer")))
}

impl DatasetStatement {
    /// SHA-256 of the canonical JSON.
    pub fn hash(&self) -> Result<[u8; 32]> {
        let bytes = serde_json::to_vec(self).map_err(|e| bad("statement", e.to_string()))?;
        Ok(Sha256::digest(&bytes).into())
    }

    /// Checks the statement against the commitment: its id, known columns of the right kind,
    /// each column once and in table order, no empty claim.
    pub fn check(&self, c: &DatasetCommitment) -> Result<()> {
        if self.format != STATEMENT_FORMAT {
            return Err(bad("statement", format!("format {:?}", self.format)));
        }
        if self.commitment != c.id()? {
            return Err(bad("statement", "made for another commitment"));
        }
        let mut last = None;
        for s in &self.columns {
            let pos = c.columns.iter().position(|col| col.name == s.column).ok_or_else(|| {
                bad(
                    "statement",
                    format!(
                        "no column {:?}; the dataset's columns are: {}",
                        s.column,
                        c.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                )
            })?;
            if last.is_some_and(|l| l >= pos) {
                return Err(bad("statement", "columns repeated or out of the table's order"));
            }
            last = Some(pos);
            let categorical = c.columns[pos].categorical;
            let numeric_claims = s.range.is_some() || s.sum.is_some() || s.sumsq_max.is_some();
            let categorical_claims = s.set.is_some() || s.count.is_some();
            if categorical && numeric_claims {
                return Err(bad(
                    "statement",
                    format!(
                        "{:?} is categorical: ranges, sums and sums of squares apply to numeric columns",
                        s.column
                    ),
                ));
            }
            if !categorical && categorical_claims {
                return Err(bad(
                    "statement",
                    format!(
                        "{:?} is numeric: sets and counts apply to categorical columns",
                        s.column
                    ),
                ));
            }
            if !numeric_claims && !categorical_claims {
                return Err(bad("statement", format!("an empty claim for {:?}", s.column)));
            }
        }
        Ok(())
    }

    fn claim(&self, name: &str) -> Option<&ColumnStatement> {
        self.columns.iter().find(|s| s.column == name)
    }

    /// The per-chunk part (ranges, sets, counted values).
    pub fn chunk_statement(&self, c: &DatasetCommitment) -> Result<ChunkStatement> {
        self.check(c)?;
        let mut st = ChunkStatement::unconstrained(&c.shape);
        let (mut a, mut b) = (0, 0);
        for col in &c.columns {
            let claim = self.claim(&col.name);
            if col.categorical {
                if let Some(claim) = claim {
                    st.sets[b] = claim
                        .set
                        .as_ref()
                        .map(|set| set.iter().map(|v| categorical_value(v)).collect());
                    if let Some(count) = &claim.count {
                        st.counted[b] = categorical_value(&count.value);
                    }
                }
                b += 1;
            } else {
                if let Some([lo, hi]) = claim.and_then(|c| c.range) {
                    st.ranges[a] = (lo, hi);
                }
                a += 1;
            }
        }
        st.validate(&c.shape).map_err(|e| bad("statement", e.to_string()))?;
        Ok(st)
    }

    /// The final part (sum, sum-of-squares and count bounds).
    pub fn bounds(&self, c: &DatasetCommitment) -> Result<Bounds> {
        self.check(c)?;
        let mut bounds = Bounds::unbounded(c.shape.numeric, c.shape.categorical);
        let (mut a, mut b) = (0, 0);
        for col in &c.columns {
            let claim = self.claim(&col.name);
            if col.categorical {
                if let Some(count) = claim.and_then(|c| c.count.as_ref()) {
                    bounds.counts[b] = (count.min, count.max);
                }
                b += 1;
            } else {
                if let Some([lo, hi]) = claim.and_then(|c| c.sum.as_ref()) {
                    bounds.sums[a] = (parse_i128(lo, "sum lo")?, parse_i128(hi, "sum hi")?);
                }
                if let Some(max) = claim.and_then(|c| c.sumsq_max.as_ref()) {
                    bounds.sumsq_max[a] = max.parse::<BigUint>().map_err(|_| {
                        bad(
                            "statement",
                            format!("sumsq_max: {max:?} is not a non-negative integer"),
                        )
                    })?;
                }
                a += 1;
            }
        }
        bounds.validate().map_err(|e| bad("statement", e.to_string()))?;
        Ok(bounds)
    }
}

/// `final.json`: the final proof.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinalProofFile {
    /// [`FINAL_FORMAT`].
    pub format: String,
    /// The proof (snarkjs form).
    pub proof: ProofJson,
    /// Its public inputs (decimal).
    pub public: Vec<String>,
}

/// The key the chain salts derive from: SHA-256 of the chunk statement's public inputs (ranges,
/// sets, counted values). Not the whole statement: a later version of the dataset (appended
/// rows, other row count, so other mean bounds) proving the same per-chunk claims gets the same
/// salts, so its first chunks' proofs are the parent's, reusable as they are.
pub fn chunk_statement_key(statement: &ChunkStatement, shape: &ChunkShape) -> Result<[u8; 32]> {
    let mut h = Sha256::new();
    h.update(b"zkp-ledger chunk statement v1");
    for x in statement.inputs(shape)? {
        h.update(zkp_ledger_prover::field::to_word(&x));
    }
    Ok(h.finalize().into())
}

/// Figures of a [`prove_dataset`] run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProveSummary {
    /// Chunks proven now.
    pub proven: usize,
    /// Chunks whose proof was already there.
    pub reused: usize,
}

/// Proves `statement` about the committed dataset whose chunks `chunks` yields, into `out`:
/// `statement.json`, the verifying keys (`chunk_vk.bin`, `final_vk.bin`), `chunks/` (one proof
/// per chunk, resumable) and `final.json`. A false statement is an error naming the chunk (or
/// the bound), never a proof.
#[allow(clippy::too_many_arguments)]
pub fn prove_dataset(
    keys: &ChunkKeys,
    commitment: &DatasetCommitment,
    opening: &Opening,
    statement: &DatasetStatement,
    chunks: impl IntoIterator<Item = Result<ChunkData>>,
    out: &Path,
    rng: &mut impl RngCore,
    mut on_chunk: impl FnMut(usize, ChunkOutcome),
) -> Result<ProveSummary> {
    if commitment.final_key_id != keys.final_id()? {
        return Err(bad("commitment", "made with another final key than the one given"));
    }
    let chunk_statement = statement.chunk_statement(commitment)?;
    let bounds = statement.bounds(commitment)?;
    std::fs::create_dir_all(out).map_err(io_err("creating", out))?;
    let statement_path = out.join("statement.json");
    if statement_path.exists() {
        let old: DatasetStatement = read_json(&statement_path)?;
        if old != *statement {
            return Err(bad(
                statement_path.display().to_string(),
                "this directory holds a proof of another statement: choose another --out",
            ));
        }
    }
    write_json_atomic(&statement_path, statement)?;
    write_binary(&out.join("chunk_vk.bin"), keys.vk())?;
    write_binary(&out.join("final_vk.bin"), keys.final_vk())?;
    let mut summary = ProveSummary { proven: 0, reused: 0 };
    let end = prove_chunks(
        keys,
        commitment,
        opening,
        &chunk_statement,
        &chunk_statement_key(&chunk_statement, &commitment.shape)?,
        chunks,
        out,
        rng,
        |i, o| {
            match o {
                ChunkOutcome::Proven(_) => summary.proven += 1,
                ChunkOutcome::Reused => summary.reused += 1,
            }
            on_chunk(i, o);
        },
    )?;
    let circuit = Finalize::prove_bounds(end.salt, end.state, &bounds)?;
    let (proof, public, _) = groth16::prove(&keys.final_key, circuit, rng)?;
    if public.first() != Some(&end.h) {
        return Err(bad("final proof", "its h is not the chain's end (a bug)"));
    }
    write_json_atomic(
        &out.join("final.json"),
        &FinalProofFile {
            format: FINAL_FORMAT.into(),
            proof: ProofJson::from_proof(&proof, None),
            public: public.iter().map(to_decimal).collect(),
        },
    )?;
    Ok(summary)
}

/// What [`verify_dataset`] established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The statement that holds.
    pub statement: DatasetStatement,
    /// Chunk proofs checked.
    pub chunks: usize,
}

/// Verifies a proof directory written by [`prove_dataset`] against `commitment`: the keys are
/// the commitment's (by id), the statement is for this commitment, every chunk proof (chain,
/// data commitments, inputs, proofs in one batch) and the final proof against the chain's end
/// and the statement's bounds. Any failure is [`Error::ProofRejected`] or a file error.
pub fn verify_dataset(
    dir: &Path,
    commitment: &DatasetCommitment,
    rng: &mut impl RngCore,
) -> Result<Verified> {
    let statement: DatasetStatement = read_json(&dir.join("statement.json"))?;
    let vk = read_vk::<CommitVerifyingKey>(&dir.join("chunk_vk.bin"))?;
    let final_vk = read_vk::<VerifyingKey<Bn254>>(&dir.join("final_vk.bin"))?;
    if key_id(&final_vk)? != commitment.final_key_id {
        return Err(Error::ProofRejected("the final key is not the commitment's".into()));
    }
    zkp_ledger_prover::verify::check_key(&final_vk)?;
    let chunk_statement = statement.chunk_statement(commitment)?;
    let bounds = statement.bounds(commitment)?;
    let proofs = read_chunk_proofs(dir, commitment)?;
    let h = verify_chunks(&vk, commitment, &chunk_statement, &proofs, rng)?;
    let f: FinalProofFile = read_json(&dir.join("final.json"))?;
    if f.format != FINAL_FORMAT {
        return Err(bad("final.json", "not a final proof"));
    }
    let public = f
        .public
        .iter()
        .map(|s| fr_from_canonical_decimal(s, "final proof public input"))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    if public != finalize::public_inputs(h, &bounds)? {
        return Err(Error::ProofRejected(
            "the final proof is not about the chain's end and the statement's bounds".into(),
        ));
    }
    let proof = f.proof.to_proof()?;
    if !groth16::verify(&groth16::prepare(&final_vk), &proof, &public)? {
        return Err(Error::ProofRejected("the final proof is invalid".into()));
    }
    Ok(Verified { statement, chunks: proofs.len() })
}

fn read_vk<T: CanonicalDeserialize>(path: &Path) -> Result<T> {
    let f = std::fs::File::open(path).map_err(io_err("reading", path))?;
    T::deserialize_uncompressed(BufReader::new(f))
        .map_err(|e| bad(path.display().to_string(), e.to_string()))
}

/// The columns of a schema as the commitment lists them.
pub fn columns_of(schema: &crate::ingest::Schema) -> Vec<ColumnRef> {
    schema
        .columns
        .iter()
        .map(|c| ColumnRef { name: c.name.clone(), categorical: !c.ty.is_numeric() })
        .collect()
}

/// Regroups a reader's blocks into chunks: first chunks of the sizes in `plan` (a parent
/// version's chunks, kept as they were), then chunks of `rows` rows, the last one shorter.
#[derive(Debug)]
pub struct Chunker<I> {
    blocks: I,
    plan: std::collections::VecDeque<usize>,
    rows: usize,
    pending: ChunkData,
    /// Offset into the current block.
    block: Option<(crate::ingest::Block, usize)>,
    done: bool,
}

impl<I: Iterator<Item = Result<crate::ingest::Block>>> Chunker<I> {
    /// Chunks of `rows` rows, after the chunk sizes of `plan`.
    pub fn new(blocks: I, rows: usize, plan: Vec<usize>) -> Self {
        Self {
            blocks,
            plan: plan.into(),
            rows: rows.max(1),
            pending: ChunkData::default(),
            block: None,
            done: false,
        }
    }

    fn next_chunk(&mut self) -> Result<Option<ChunkData>> {
        let want = self.plan.front().copied().unwrap_or(self.rows);
        while self.pending.rows() < want {
            let (block, offset) = match self.block.take() {
                Some(b) => b,
                None => match self.blocks.next() {
                    Some(b) => (b?, 0),
                    None => break,
                },
            };
            let take = (want - self.pending.rows()).min(block.rows - offset);
            if self.pending.numeric.is_empty() && self.pending.categorical.is_empty() {
                for c in &block.columns {
                    match c {
                        crate::ingest::ColumnData::Int(_) => self.pending.numeric.push(Vec::new()),
                        crate::ingest::ColumnData::Field(_) => {
                            self.pending.categorical.push(Vec::new());
                        }
                    }
                }
            }
            let (mut a, mut b) = (0, 0);
            for c in &block.columns {
                match c {
                    crate::ingest::ColumnData::Int(v) => {
                        self.pending.numeric[a].extend_from_slice(&v[offset..offset + take]);
                        a += 1;
                    }
                    crate::ingest::ColumnData::Field(v) => {
                        self.pending.categorical[b].extend_from_slice(&v[offset..offset + take]);
                        b += 1;
                    }
                }
            }
            if offset + take < block.rows {
                self.block = Some((block, offset + take));
            }
        }
        if self.pending.rows() == 0 {
            return Ok(None);
        }
        self.plan.pop_front();
        let mut next = ChunkData {
            numeric: vec![Vec::new(); self.pending.numeric.len()],
            categorical: vec![Vec::new(); self.pending.categorical.len()],
        };
        std::mem::swap(&mut next, &mut self.pending);
        Ok(Some(next))
    }
}

impl<I: Iterator<Item = Result<crate::ingest::Block>>> Iterator for Chunker<I> {
    type Item = Result<ChunkData>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_chunk() {
            Ok(Some(c)) => Some(Ok(c)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}
