//! snarkjs's `.wtns` (binfile "wtns", version 2).
//!
//! ```text
//! section 1, header (40 bytes): n8 u32 (32), prime (n8 bytes, must be BN254's r), nWitness u32
//! section 2, values: nWitness times n8 bytes
//! ```
//!
//! Values are plain little-endian integers below r, one per wire of the `.r1cs` (value 0 is the
//! constant one). [`Wtns::to_bytes`] writes the same layout, byte for byte as snarkjs.

use std::path::Path;

use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField};
use rayon::prelude::*;

use crate::{
    Error, FileKind, Result,
    binfile::{BinFile, Source, bigint, put_file_header, put_section_header},
};

const KIND: FileKind = FileKind::Wtns;
/// The version read.
pub const VERSION: u32 = 2;
const HEADER: u32 = 1;
const VALUES: u32 = 2;
const HEADER_SIZE: u64 = 4 + 32 + 4;

/// A witness: the value of every wire, the constant one first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wtns {
    /// The wire values.
    pub values: Vec<Fr>,
}

impl Wtns {
    /// Reads and checks a `.wtns` file.
    pub fn read(path: &Path) -> Result<Self> {
        Self::parse(Source::open(path)?)
    }

    /// Reads and checks a `.wtns` file held in memory.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        Self::parse(Source::Bytes(bytes))
    }

    /// The file's bytes, as snarkjs writes them (`wtns calculate`): header, then values.
    pub fn to_bytes(&self) -> Vec<u8> {
        let n8 = 32usize;
        let mut out =
            Vec::with_capacity(12 + 12 + HEADER_SIZE as usize + 12 + n8 * self.values.len());
        put_file_header(&mut out, KIND, VERSION, 2);
        put_section_header(&mut out, HEADER, HEADER_SIZE);
        out.extend_from_slice(&(n8 as u32).to_le_bytes());
        out.extend_from_slice(&Fr::MODULUS.to_bytes_le());
        // A circuit's wire count is a u32 in every circom file.
        out.extend_from_slice(&(self.values.len() as u32).to_le_bytes());
        put_section_header(&mut out, VALUES, (n8 * self.values.len()) as u64);
        for v in &self.values {
            out.extend_from_slice(&v.into_bigint().to_bytes_le());
        }
        out
    }

    /// Writes the file as snarkjs does ([`Wtns::to_bytes`]).
    pub fn write(&self, path: &Path) -> Result<()> {
        std::fs::write(path, self.to_bytes())
            .map_err(|source| Error::Io { path: path.into(), source })
    }

    fn parse(source: Source<'_>) -> Result<Self> {
        let mut file = BinFile::parse(KIND, source, VERSION)?;
        let mut h = file.section(HEADER, "header")?;
        h.expect_size(HEADER_SIZE)?;
        h.prime::<Fr>("r")?;
        let n = h.u32()? as usize;
        let v = file.section(VALUES, "values")?;
        v.expect_size(n as u64 * 32)?;
        let values = v
            .rest()
            .par_chunks_exact(32)
            .enumerate()
            .map(|(i, b)| {
                Fr::from_bigint(bigint(b)).ok_or_else(|| Error::NotCanonical {
                    kind: KIND,
                    what: format!("value {i}"),
                    field: "r",
                })
            })
            .collect::<Result<Vec<_>>>()?;
        if values.first().is_some_and(|v| *v != Fr::from(1u64)) {
            return Err(Error::inconsistent(KIND, "value 0 (the constant wire) is not 1"));
        }
        Ok(Self { values })
    }
}
