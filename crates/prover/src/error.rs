//! Errors of the prover crate.

use std::path::PathBuf;

use crate::field::FieldKind;

/// Errors from key handling, proving, parsing and verification.
///
/// Verification distinguishes unusable input (these errors) from a well-formed proof that does
/// not verify (`Ok(false)`).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done ("reading", "writing", ...).
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A JSON document that does not parse, is truncated, or has the wrong shape.
    #[error("{what} is not valid JSON of the expected form: {source}")]
    Json {
        /// Which document.
        what: String,
        /// The parser's error (with line and column).
        #[source]
        source: serde_json::Error,
    },
    /// A number that is not in the one canonical decimal form.
    #[error("{what}: {value:?} is not a canonical decimal number (digits only, no leading zeros)")]
    NonCanonicalNumber {
        /// Which value.
        what: String,
        /// What was found.
        value: String,
    },
    /// A number not below the field modulus.
    #[error("{what} is not below the modulus of {field}")]
    NotInField {
        /// Which value.
        what: String,
        /// Which field.
        field: FieldKind,
    },
    /// User input that is not a decimal or 0x-hex number.
    #[error("{what}: {value:?} is not a decimal or 0x-hex number")]
    BadNumber {
        /// Which value.
        what: String,
        /// What was found.
        value: String,
    },
    /// A point whose coordinates are not on the curve.
    #[error("{point} is not on the curve")]
    NotOnCurve {
        /// Which point.
        point: String,
    },
    /// A G2 point outside the prime-order subgroup.
    #[error("{point} is not in the prime-order subgroup")]
    NotInSubgroup {
        /// Which point.
        point: String,
    },
    /// The point at infinity where a proof or key needs a real point.
    #[error("{point} is the point at infinity")]
    PointAtInfinity {
        /// Which point.
        point: String,
    },
    /// A projective coordinate other than the affine marker ("1", or ["1","0"]).
    #[error("{point}: the third coordinate must be {expected} (affine form)")]
    NotAffine {
        /// Which point.
        point: String,
        /// The required marker.
        expected: &'static str,
    },
    /// A field with a value other than the one accepted (protocol, curve).
    #[error("{field} is {got:?}, expected {expected:?}")]
    Unsupported {
        /// Which field.
        field: &'static str,
        /// What was found.
        got: String,
        /// What is accepted.
        expected: &'static str,
    },
    /// Public inputs of the wrong count.
    #[error("the verifying key takes {expected} public inputs, got {got}")]
    WrongInputCount {
        /// Inputs the key takes.
        expected: usize,
        /// Inputs given.
        got: usize,
    },
    /// A proof made for another circuit.
    #[error("the proof was made for circuit {proof}, but the verifying key is circuit {key}")]
    CircuitMismatch {
        /// Circuit id in the proof.
        proof: String,
        /// Circuit id of the key.
        key: String,
    },
    /// A verifying key of a shape no honest setup produces, for which proofs can be forged
    /// without any witness (e.g. gamma = delta: A = alpha, B = beta, C = -vk_x "verifies" any
    /// public inputs).
    #[error(
        "the verifying key is degenerate: {problem}; proofs under it prove nothing. Use keys \
         from `zkp-ledger setup` or a trusted ceremony"
    )]
    DegenerateKey {
        /// What is wrong with it.
        problem: &'static str,
    },
    /// A key directory whose manifest disagrees with its verifying key.
    #[error("{dir}: the manifest says {claim}, but the verifying key has {actual}")]
    ManifestMismatch {
        /// Key directory.
        dir: PathBuf,
        /// What the manifest claims.
        claim: String,
        /// What the verifying key has.
        actual: String,
    },
    /// A key directory whose files do not match its manifest.
    #[error(
        "{file} in {dir} does not match the manifest (sha256 {actual}, manifest says {expected}); \
         the key directory is corrupted or was mixed with another: run `zkp-ledger setup` again"
    )]
    KeyHashMismatch {
        /// Key directory.
        dir: PathBuf,
        /// File name.
        file: String,
        /// Hash of the file as found.
        actual: String,
        /// Hash in the manifest.
        expected: String,
    },
    /// A key directory for another circuit than the command needs.
    #[error("{dir} holds keys for {found}, but this command needs {wanted} keys")]
    WrongCircuit {
        /// Key directory.
        dir: PathBuf,
        /// Circuit found.
        found: String,
        /// Circuit wanted.
        wanted: &'static str,
    },
    /// A verifying key that disagrees with the manifest's circuit id.
    #[error("verification_key.json in {dir} has circuit id {actual}, the manifest says {expected}")]
    CircuitIdMismatch {
        /// Key directory.
        dir: PathBuf,
        /// Id computed from the key.
        actual: String,
        /// Id in the manifest.
        expected: String,
    },
    /// The output directory exists and is not empty.
    #[error("{0} exists and is not empty; choose another directory or remove it first")]
    OutputExists(PathBuf),
    /// A proving key that does not deserialize.
    #[error("proving key {path} is unreadable: {source}")]
    ProvingKey {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: ark_serialize::SerializationError,
    },
    /// The witness does not satisfy the circuit (a statement is false).
    #[error(
        "the witness does not satisfy constraint {index} of the circuit: no valid proof exists"
    )]
    Unsatisfied {
        /// First unsatisfied constraint.
        index: usize,
    },
    /// `expand_message_xmd` asked for an output or DST beyond RFC 9380's limits.
    #[error("hash to field: {reason}")]
    HashToField {
        /// Which limit.
        reason: &'static str,
    },
    /// A commit-and-prove circuit whose declared layout (challenge inputs, committed wires) is
    /// invalid or differs from its key's.
    #[error("commitment layout: {reason}")]
    CommitLayout {
        /// What is wrong.
        reason: String,
    },
    /// A committed value changed between the prover's two passes: the circuit made it depend on
    /// a challenge, which the commitment must fix first.
    #[error(
        "the values of commitment {commitment} depend on the challenges (they changed between the          prover's two passes); committed values must be fixed before the challenges"
    )]
    CommittedValuesChanged {
        /// Which commitment.
        commitment: usize,
    },
    /// A challenge input does not hold the challenge derived from its commitment.
    #[error("challenge input {commitment} does not hold the hash of commitment {commitment}")]
    ChallengeMismatch {
        /// Which commitment.
        commitment: usize,
    },
    /// A proof, blinding list or key with the wrong number of commitments.
    #[error("{what}: expected {expected} commitments, got {got}")]
    WrongCommitmentCount {
        /// Which part.
        what: &'static str,
        /// Commitments the key has.
        expected: usize,
        /// Commitments given.
        got: usize,
    },
    /// A blinding value of zero, which would leave a commitment unblinded.
    #[error("blinding value {commitment} is zero: the commitment would not hide its values")]
    ZeroBlinding {
        /// Which commitment.
        commitment: usize,
    },
    /// Values to commit of the wrong count.
    #[error("commitment {commitment} takes {expected} values, got {got}")]
    WrongValueCount {
        /// Which commitment.
        commitment: usize,
        /// Wires it commits to.
        expected: usize,
        /// Values given.
        got: usize,
    },
    /// A batch verification given no proof.
    #[error("batch verification needs at least one proof, got none")]
    EmptyBatch,
    /// Constraint synthesis failed.
    #[error("constraint synthesis failed: {0}")]
    Synthesis(#[from] ark_relations::gr1cs::SynthesisError),
    /// Circuit input error (bad parameters, a false statement, ...).
    #[error(transparent)]
    Circuit(#[from] zkp_ledger_circuits::Error),
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

impl Error {
    /// An I/O error with its path.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io { action, path: path.into(), source }
    }
}
