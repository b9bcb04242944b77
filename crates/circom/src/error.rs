//! Errors of the Circom file readers.

use std::{fmt, path::PathBuf};

/// The file kinds read here (their binfile magic).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Circom's constraint system, `.r1cs`.
    R1cs,
    /// A witness, `.wtns`.
    Wtns,
    /// A snarkjs proving key, `.zkey`.
    Zkey,
    /// A snarkjs powers of tau, `.ptau`.
    Ptau,
}

impl FileKind {
    /// The four magic bytes a file of this kind starts with.
    pub const fn magic(self) -> [u8; 4] {
        match self {
            Self::R1cs => *b"r1cs",
            Self::Wtns => *b"wtns",
            Self::Zkey => *b"zkey",
            Self::Ptau => *b"ptau",
        }
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::R1cs => "r1cs",
            Self::Wtns => "wtns",
            Self::Zkey => "zkey",
            Self::Ptau => "ptau",
        })
    }
}

/// Errors from reading `.r1cs`, `.wtns`, `.zkey` and `.ptau` files, and from a setup. Every malformed, truncated or
/// inconsistent file gives one of these, never a panic.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading a file failed.
    #[error("reading {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file does not start with its kind's magic bytes.
    #[error("not a {kind} file: it starts with {found:?}, expected {:?}", kind.magic())]
    BadMagic {
        /// The kind expected.
        kind: FileKind,
        /// The first bytes found (fewer than four if the file is shorter).
        found: Vec<u8>,
    },
    /// A format version this reader does not know.
    #[error("{kind} file version {found} is not supported (only version {expected})")]
    UnsupportedVersion {
        /// The file kind.
        kind: FileKind,
        /// Version found.
        found: u32,
        /// Version read here.
        expected: u32,
    },
    /// The file ends inside its section table or inside a section.
    #[error(
        "{kind} file is truncated: {what} needs {needed} bytes from offset {offset}, the file has {len}"
    )]
    Truncated {
        /// The file kind.
        kind: FileKind,
        /// What was being read.
        what: String,
        /// Its start.
        offset: u64,
        /// Bytes it needs.
        needed: u64,
        /// Length of the file.
        len: u64,
    },
    /// A section the file must have is absent.
    #[error("{kind} file has no {section} section (id {id})")]
    MissingSection {
        /// The file kind.
        kind: FileKind,
        /// Section name.
        section: &'static str,
        /// Section id.
        id: u32,
    },
    /// A section that must be unique appears more than once.
    #[error("{kind} file has {count} {section} sections (id {id}), expected one")]
    DuplicateSection {
        /// The file kind.
        kind: FileKind,
        /// Section name.
        section: &'static str,
        /// Section id.
        id: u32,
        /// How many were found.
        count: usize,
    },
    /// A section whose size disagrees with what its header counts imply.
    #[error("{kind} file: the {section} section is {found} bytes, its counts imply {expected}")]
    SectionSize {
        /// The file kind.
        kind: FileKind,
        /// Section name.
        section: &'static str,
        /// Size implied by the counts.
        expected: u64,
        /// Size in the file.
        found: u64,
    },
    /// A field element size other than 32 bytes.
    #[error("{kind} file: {what} elements are {found} bytes, BN254 needs 32")]
    FieldSize {
        /// The file kind.
        kind: FileKind,
        /// Which field ("r" or "q").
        what: &'static str,
        /// Size found.
        found: u32,
    },
    /// A prime other than BN254's.
    #[error("{kind} file is over another field: its {what} is {found_hex}, not BN254's")]
    WrongPrime {
        /// The file kind.
        kind: FileKind,
        /// Which prime ("r", the scalar field, or "q", the base field).
        what: &'static str,
        /// The prime found, big-endian hex.
        found_hex: String,
    },
    /// A field element or coordinate not below its modulus.
    #[error("{kind} file: {what} is not below the modulus {field}")]
    NotCanonical {
        /// The file kind.
        kind: FileKind,
        /// Which value (section and index).
        what: String,
        /// Which field ("r" or "q").
        field: &'static str,
    },
    /// A point that is not on its curve.
    #[error("{kind} file: {section}[{index}] is not on the curve")]
    NotOnCurve {
        /// The file kind.
        kind: FileKind,
        /// Section name.
        section: &'static str,
        /// Index of the point in the section.
        index: usize,
    },
    /// A G2 point outside the prime-order subgroup.
    #[error("{kind} file: {section}[{index}] is not in the prime-order subgroup")]
    NotInSubgroup {
        /// The file kind.
        kind: FileKind,
        /// Section name.
        section: &'static str,
        /// Index of the point in the section.
        index: usize,
    },
    /// The point at infinity where a key or a powers of tau needs a real point (alpha, beta,
    /// gamma, delta).
    #[error("{kind} file: {point} is the point at infinity")]
    PointAtInfinity {
        /// The file kind.
        kind: FileKind,
        /// Which point.
        point: &'static str,
    },
    /// A proving system other than Groth16.
    #[error("zkey file is for protocol {found} ({name}); only Groth16 (1) is read")]
    UnsupportedProtocol {
        /// Protocol id found.
        found: u32,
        /// Its name as snarkjs numbers them.
        name: &'static str,
    },
    /// Counts that disagree with each other (header against sections, wires against their
    /// limits).
    #[error("{kind} file is inconsistent: {problem}")]
    Inconsistent {
        /// The file kind.
        kind: FileKind,
        /// What disagrees.
        problem: String,
    },
    /// A feature Groth16 cannot use (circom's PLONK custom gates).
    #[error("{kind} file: {feature} is not supported")]
    Unsupported {
        /// The file kind.
        kind: FileKind,
        /// What.
        feature: &'static str,
    },
    /// A witness whose length is not the key's (or circuit's) number of signals: most likely a
    /// witness of another circuit.
    #[error(
        "the witness has {found} values, the circuit has {expected} signals (a witness for another circuit?)"
    )]
    WitnessLength {
        /// Signals of the key or circuit, the constant one included.
        expected: usize,
        /// Values in the witness.
        found: usize,
    },
    /// A witness whose value 0 (the constant wire) is not 1.
    #[error("the witness's value 0 (the constant wire) is not 1")]
    WitnessConstant,
    /// A witness that breaks a constraint of the `.r1cs`.
    #[error("the witness does not satisfy constraint {constraint} of the r1cs (A w * B w != C w)")]
    Unsatisfied {
        /// Index of the first constraint broken.
        constraint: usize,
    },
    /// A powers of tau without the Lagrange-basis sections (12 to 15) that `snarkjs powersoftau
    /// prepare phase2` adds: a Groth16 setup needs them.
    #[error(
        "the powers of tau is not prepared for phase 2 (it has no section {section}): run \
         `zkp-ledger circom prepare-phase2 IN.ptau OUT.ptau` (or `snarkjs powersoftau prepare \
         phase2 IN.ptau OUT.ptau`) first"
    )]
    PtauNotPrepared {
        /// The first Lagrange section found missing.
        section: u32,
    },
    /// `prepare phase2` asked of a powers of tau that already has the Lagrange sections.
    #[error("the powers of tau is already prepared for phase 2 (it has sections 12 to 15)")]
    PtauAlreadyPrepared,
    /// A powers of tau too small for the circuit.
    #[error(
        "the powers of tau has 2^{power} powers, the circuit needs 2^{needed} ({rows} constraints, \
         public inputs and outputs): use a powers of tau of power {needed} or more"
    )]
    PtauTooSmall {
        /// The powers of tau's power.
        power: u32,
        /// The power the circuit needs (its domain is 2^needed).
        needed: u32,
        /// Constraints plus public inputs plus outputs (the domain must exceed it).
        rows: usize,
    },
    /// A QAP domain larger than BN254's scalar field has roots of unity for.
    #[error("a domain of size {size} is larger than BN254's largest FFT domain (2^28)")]
    DomainTooLarge {
        /// The size needed.
        size: usize,
    },
    /// Witness generation from a circuit's `.wasm` failed (the wasm, the inputs, or the
    /// circuit's own assertion).
    #[error(transparent)]
    Witness(#[from] crate::WitnessError),
    /// Reading or evaluating a circom-witnesscalc witness graph failed.
    #[error(transparent)]
    Graph(#[from] crate::GraphError),
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

impl Error {
    /// A count mismatch, described.
    pub(crate) fn inconsistent(kind: FileKind, problem: impl Into<String>) -> Self {
        Self::Inconsistent { kind, problem: problem.into() }
    }
}
