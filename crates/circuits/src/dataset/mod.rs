//! The `dataset` circuit: a chunk of up to `R` rows and `K` columns of signed 64-bit integers has
//! a hiding commitment and satisfies per-column statements.
//!
//! # Commitment
//!
//! - Each row's values (padded with zeros to `K`) are packed three to a field element as
//!   `sum_m (v_m + 2^63) * 2^(64 m)` (injective, since every `v + 2^63` is below 2^64) and hashed:
//!   `row_hash = Poseidon(packed...)`, so `K` is at most 24.
//! - The row hashes are the leaf values of a Merkle tree of depth `ceil(log2 R)` (the crate
//!   `zkp-ledger-merkle`: leaf node `Poseidon(row_hash)`, empty slots after the last row).
//! - `commitment = Poseidon(rows_root, row_count, schema_hash, blinding)` with a uniformly random
//!   `blinding`, so even a tiny dataset cannot be guessed from its commitment.
//!
//! # Statements (per column `j`, all public)
//!
//! - range: every value `lo_j <= v <= hi_j` (signed 64-bit; the default is the whole i64 range,
//!   which still proves every value is an i64);
//! - sum: `sum_i v_ij <= sum_max_j` (signed, `sum_max` in i128; default i128::MAX);
//! - sum of squares: `sum_i v_ij^2 <= sumsq_max_j` (`sumsq_max` below 2^192; default 2^192 - 1).
//!
//! Public inputs, in order: `commitment`, `row_count`, `schema_hash`, then for each column `lo`,
//! `hi`, `sum_max`, `sumsq_max` (negative numbers as `r - |x|`): `3 + 4 K` in all.
//!
//! Rows at or beyond `row_count` are padding: the circuit forces their values to 0 and their tree
//! slots empty, so they cannot change any statement. Every value is proven to lie in
//! `[lo, hi]`, a subset of the i64 range, so sums (below 2^127 in size) and sums of squares (below
//! 2^192) never wrap the field.

pub mod constraints;
mod native;
mod schema;

use ark_bn254::Fr;
use ark_ff::{Field, PrimeField};
use serde::{Deserialize, Serialize};

pub use native::{Commitment, check, commit, row_hash};
pub use schema::{Column, SCHEMA_TAG, Schema};

use crate::{Error, Result};

/// Default number of rows a dataset key holds.
pub const DEFAULT_ROWS: usize = 1024;
/// Default number of columns a dataset key holds.
pub const DEFAULT_COLS: usize = 8;
/// Most columns: the packed row must fit one Poseidon call of at most 8 inputs.
pub const MAX_COLS: usize = 3 * zkp_ledger_poseidon::params::MAX_INPUTS;
/// Most rows: 2^24 keeps every sum far from the field's size and keys within reach.
pub const MAX_ROWS: usize = 1 << 24;
/// Public inputs before the per-column ones: commitment, row count, schema hash.
pub const HEADER_INPUTS: usize = 3;
/// Public inputs per column: lo, hi, sum_max, sumsq_max.
pub const INPUTS_PER_COLUMN: usize = 4;
/// Bits of `sumsq_max` (and of the slack `sumsq_max - sumsq`).
pub const SUMSQ_BITS: u32 = 192;

/// The circuit's shape: rows and columns a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shape {
    /// Rows (`R`).
    pub rows: usize,
    /// Columns (`K`).
    pub cols: usize,
}

impl Shape {
    /// A validated shape.
    pub fn new(rows: usize, cols: usize) -> Result<Self> {
        if rows == 0 || rows > MAX_ROWS {
            return Err(Error::InvalidParams(format!(
                "dataset rows must be 1..={MAX_ROWS}, got {rows}"
            )));
        }
        if cols == 0 || cols > MAX_COLS {
            return Err(Error::InvalidParams(format!(
                "dataset columns must be 1..={MAX_COLS}, got {cols}"
            )));
        }
        Ok(Self { rows, cols })
    }

    /// Depth of the rows tree: `ceil(log2 rows)`.
    pub fn tree_depth(&self) -> usize {
        self.rows.next_power_of_two().trailing_zeros() as usize
    }

    /// Number of public inputs.
    pub fn num_public(&self) -> usize {
        HEADER_INPUTS + INPUTS_PER_COLUMN * self.cols
    }
}

/// A dataset: its schema and rows of scaled integers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dataset {
    /// Column names and scales.
    pub schema: Schema,
    /// Rows, each with one value per schema column.
    pub rows: Vec<Vec<i64>>,
}

impl Dataset {
    /// Checks the dataset fits `shape` and every row has one value per column.
    pub fn check_shape(&self, shape: Shape) -> Result<()> {
        let cols = self.schema.columns.len();
        if cols > shape.cols {
            return Err(Error::TooLarge { what: "columns", got: cols, max: shape.cols });
        }
        if self.rows.len() > shape.rows {
            return Err(Error::TooLarge { what: "rows", got: self.rows.len(), max: shape.rows });
        }
        if let Some((row, r)) = self.rows.iter().enumerate().find(|(_, r)| r.len() != cols) {
            return Err(Error::RaggedRow { row, got: r.len(), expected: cols });
        }
        Ok(())
    }
}

/// The statements about one column. `None` means "no bound" (the widest value).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ColumnBounds {
    /// Every value in `[lo, hi]`.
    pub range: Option<(i64, i64)>,
    /// Column sum at most this.
    pub sum_max: Option<i128>,
    /// Column sum of squares at most this.
    pub sumsq_max: Option<u128>,
}

impl ColumnBounds {
    /// Lower end of the range (i64::MIN without a range statement).
    pub fn lo(&self) -> i64 {
        self.range.map_or(i64::MIN, |r| r.0)
    }

    /// Upper end of the range (i64::MAX without a range statement).
    pub fn hi(&self) -> i64 {
        self.range.map_or(i64::MAX, |r| r.1)
    }

    /// The four public inputs: lo, hi, sum_max, sumsq_max.
    pub fn public_inputs(&self) -> [Fr; INPUTS_PER_COLUMN] {
        let sumsq_max = self
            .sumsq_max
            .map_or_else(|| Fr::from(2u64).pow([u64::from(SUMSQ_BITS)]) - Fr::ONE, Fr::from);
        [
            Fr::from(self.lo()),
            Fr::from(self.hi()),
            Fr::from(self.sum_max.unwrap_or(i128::MAX)),
            sumsq_max,
        ]
    }

    /// Whether any statement is made.
    pub fn is_trivial(&self) -> bool {
        *self == Self::default()
    }
}

/// The statements about a dataset, one entry per circuit column (columns beyond the schema are
/// padding and take the default).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Statements {
    /// Per-column statements, indexed by column.
    pub columns: Vec<ColumnBounds>,
}

impl Statements {
    /// The statements padded (or checked) to `cols` columns.
    pub fn for_columns(&self, cols: usize) -> Result<Vec<ColumnBounds>> {
        if let Some((j, _)) =
            self.columns.iter().enumerate().skip(cols).find(|(_, b)| !b.is_trivial())
        {
            return Err(Error::UnknownColumn { column: j, columns: cols });
        }
        let mut out = self.columns.clone();
        out.resize(cols, ColumnBounds::default());
        out.truncate(cols);
        Ok(out)
    }
}

/// A statement the data breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Violation {
    /// A value outside the column's range.
    #[error("column {column}, row {row}: value {value} is outside [{lo}, {hi}]")]
    OutOfRange {
        /// Column index.
        column: usize,
        /// Row index (0-based, data rows).
        row: usize,
        /// The value.
        value: i64,
        /// Range start.
        lo: i64,
        /// Range end.
        hi: i64,
    },
    /// A column sum over its bound.
    #[error("column {column}: sum {sum} is over the bound {max}")]
    SumOver {
        /// Column index.
        column: usize,
        /// The sum.
        sum: i128,
        /// The bound.
        max: i128,
    },
    /// A column sum of squares over its bound.
    #[error("column {column}: sum of squares {} is over the bound {max}", sumsq.map_or_else(|| ">= 2^128".to_string(), |s| s.to_string()))]
    SumSqOver {
        /// The sum of squares (`None`: at least 2^128).
        sumsq: Option<u128>,
        /// Column index.
        column: usize,
        /// The bound.
        max: u128,
    },
}

/// Everything the prover assigns, as raw field elements (so tests can tamper with any of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witness {
    /// `R x K` values (padding rows and columns 0).
    pub values: Vec<Vec<Fr>>,
    /// Number of data rows.
    pub row_count: u64,
    /// The schema hash (public).
    pub schema_hash: Fr,
    /// The blinding value (private).
    pub blinding: Fr,
    /// Per-column public inputs: lo, hi, sum_max, sumsq_max.
    pub bounds: Vec<[Fr; INPUTS_PER_COLUMN]>,
    /// The commitment (public).
    pub commitment: Fr,
}

impl Witness {
    /// Builds the witness, checking the data against the statements natively first: an `Err`
    /// here means no proof can exist, and says why.
    pub fn new(
        shape: Shape,
        dataset: &Dataset,
        statements: &Statements,
        blinding: Fr,
    ) -> Result<(Self, Commitment)> {
        let bounds = statements.for_columns(shape.cols)?;
        check(shape, dataset, &bounds)?;
        let commitment = commit(shape, dataset, blinding)?;
        let mut values = vec![vec![Fr::from(0u64); shape.cols]; shape.rows];
        for (out, row) in values.iter_mut().zip(&dataset.rows) {
            for (o, v) in out.iter_mut().zip(row) {
                *o = Fr::from(*v);
            }
        }
        let witness = Self {
            values,
            row_count: dataset.rows.len() as u64,
            schema_hash: commitment.schema_hash,
            blinding,
            bounds: bounds.iter().map(ColumnBounds::public_inputs).collect(),
            commitment: commitment.value,
        };
        Ok((witness, commitment))
    }

    /// The public inputs in circuit order.
    pub fn public_inputs(&self) -> Vec<Fr> {
        let mut out = vec![self.commitment, Fr::from(self.row_count), self.schema_hash];
        for b in &self.bounds {
            out.extend_from_slice(b);
        }
        out
    }
}

/// The public inputs for a commitment and statements (what a verifier rebuilds from
/// `commitment.json`).
pub fn public_inputs(
    shape: Shape,
    commitment: &Commitment,
    statements: &Statements,
) -> Result<Vec<Fr>> {
    let mut out = vec![commitment.value, Fr::from(commitment.row_count), commitment.schema_hash];
    for b in statements.for_columns(shape.cols)? {
        out.extend_from_slice(&b.public_inputs());
    }
    Ok(out)
}

/// The circuit: its shape, and the witness when proving (`None` at setup).
#[derive(Debug, Clone)]
pub struct DatasetCircuit {
    /// Rows and columns.
    pub shape: Shape,
    /// The witness; `None` for key generation.
    pub witness: Option<Witness>,
}

impl DatasetCircuit {
    /// The circuit shape for key generation.
    pub fn for_setup(shape: Shape) -> Self {
        Self { shape, witness: None }
    }

    /// The circuit with a witness for proving.
    pub fn for_proving(shape: Shape, witness: Witness) -> Result<Self> {
        if witness.values.len() != shape.rows
            || witness.values.iter().any(|r| r.len() != shape.cols)
            || witness.bounds.len() != shape.cols
        {
            return Err(Error::InvalidParams(format!(
                "witness is not {} x {}",
                shape.rows, shape.cols
            )));
        }
        Ok(Self { shape, witness: Some(witness) })
    }
}

/// `x` as a signed integer if it is within i128 (`x` or `r - |x|`).
pub fn field_to_i128(x: Fr) -> Option<i128> {
    let neg = -x;
    let as_u128 = |f: Fr| -> Option<u128> {
        let limbs = f.into_bigint().0;
        (limbs[2] == 0 && limbs[3] == 0)
            .then(|| u128::from(limbs[0]) | (u128::from(limbs[1]) << 64))
    };
    if let Some(v) = as_u128(x).filter(|v| *v <= i128::MAX as u128) {
        return Some(v as i128);
    }
    as_u128(neg).filter(|v| *v <= i128::MAX as u128 + 1).map(|v| (v as i128).wrapping_neg())
}
