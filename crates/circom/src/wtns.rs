//! snarkjs's `.wtns` (binfile "wtns", version 2).
//!
//! ```text
//! section 1, header (40 bytes): n8 u32 (32), prime (n8 bytes, must be BN254's r), nWitness u32
//! section 2, values: nWitness times n8 bytes
//! ```
//!
//! Values are plain little-endian integers below r, one per wire of the `.r1cs` (value 0 is the
//! constant one).

use std::path::Path;

use ark_bn254::Fr;
use ark_ff::PrimeField;
use rayon::prelude::*;

use crate::{
    Error, FileKind, Result,
    binfile::{BinFile, Source, bigint},
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
