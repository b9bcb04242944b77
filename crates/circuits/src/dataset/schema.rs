//! Dataset schemas and their hash.

use ark_bn254::Fr;
use ark_ff::PrimeField;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One column: its name and its decimal scale (values are stored as `value * 10^scale`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// Column name, as in the CSV header.
    pub name: String,
    /// Decimal digits after the point (0 for plain integers).
    pub scale: u8,
}

/// The columns of a dataset, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Schema {
    /// Columns in order.
    pub columns: Vec<Column>,
}

/// Domain tag of the schema hash.
pub const SCHEMA_TAG: &[u8] = b"zkp-ledger/schema/v1";

impl Schema {
    /// Index of the column called `name`.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// The schema hash, a public input of the dataset circuit:
    /// `SHA-256(tag || for each column: u32_be(len(name)) || name || u8(scale))` with its top three
    /// bits cleared, read big-endian (so it is below the field modulus).
    pub fn hash(&self) -> Fr {
        let mut h = Sha256::new();
        h.update(SCHEMA_TAG);
        for c in &self.columns {
            h.update((c.name.len() as u32).to_be_bytes());
            h.update(c.name.as_bytes());
            h.update([c.scale]);
        }
        let mut digest: [u8; 32] = h.finalize().into();
        digest[0] &= 0x1f;
        Fr::from_be_bytes_mod_order(&digest)
    }
}
