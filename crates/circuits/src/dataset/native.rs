//! The plain Rust dataset commitment and statement checks, twin of [`super::constraints`].

use ark_bn254::Fr;
use ark_ff::{AdditiveGroup, Field};
use zkp_ledger_merkle::Tree;
use zkp_ledger_poseidon::hash;

use super::{ColumnBounds, Dataset, Shape, Violation};
use crate::Result;

/// Values packed into one field element before hashing a row.
pub(crate) const VALUES_PER_WORD: usize = 3;

/// `v + 2^63` as an unsigned 64-bit integer.
fn offset(v: i64) -> u64 {
    (v as u64) ^ (1 << 63)
}

/// The packed words of a row padded with zeros to `cols` values: each word is
/// `sum_m (v_m + 2^63) * 2^(64 m)` over up to three values.
pub(crate) fn packed_row(cols: usize, row: &[i64]) -> Vec<Fr> {
    let padded: Vec<i64> = (0..cols).map(|j| row.get(j).copied().unwrap_or(0)).collect();
    let two_64 = Fr::from(u64::MAX) + Fr::ONE;
    padded
        .chunks(VALUES_PER_WORD)
        .map(|chunk| {
            chunk.iter().rev().fold(Fr::ZERO, |acc, v| acc * two_64 + Fr::from(offset(*v)))
        })
        .collect()
}

/// The row hash of a row padded with zeros to `cols` values.
pub fn row_hash(cols: usize, row: &[i64]) -> Result<Fr> {
    hash(&packed_row(cols, row))
        .map_err(|e| crate::Error::InvalidParams(format!("row of {cols} columns: {e}")))
}

/// A dataset commitment and the values it is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Commitment {
    /// `Poseidon(rows_root, row_count, schema_hash, blinding)`.
    pub value: Fr,
    /// Root of the rows tree.
    pub rows_root: Fr,
    /// Number of data rows.
    pub row_count: u64,
    /// Schema hash.
    pub schema_hash: Fr,
}

/// Commits to `dataset` with `blinding`.
pub fn commit(shape: Shape, dataset: &Dataset, blinding: Fr) -> Result<Commitment> {
    dataset.check_shape(shape)?;
    let leaves =
        dataset.rows.iter().map(|r| row_hash(shape.cols, r)).collect::<Result<Vec<_>>>()?;
    let rows_root = Tree::new(shape.tree_depth(), &leaves)?.root();
    let row_count = dataset.rows.len() as u64;
    let schema_hash = dataset.schema.hash();
    let value = hash(&[rows_root, Fr::from(row_count), schema_hash, blinding])
        .map_err(|e| crate::Error::InvalidParams(e.to_string()))?;
    Ok(Commitment { value, rows_root, row_count, schema_hash })
}

/// Checks every statement; the first one broken is returned.
pub fn check(shape: Shape, dataset: &Dataset, bounds: &[ColumnBounds]) -> Result<()> {
    dataset.check_shape(shape)?;
    for (column, b) in bounds.iter().enumerate() {
        let values = || dataset.rows.iter().filter_map(move |r| r.get(column).copied());
        let (lo, hi) = (b.lo(), b.hi());
        if let Some((row, value)) = values().enumerate().find(|(_, v)| *v < lo || *v > hi) {
            return Err(Violation::OutOfRange { column, row, value, lo, hi }.into());
        }
        if let Some(max) = b.sum_max {
            let sum: i128 = values().map(i128::from).sum();
            if sum > max {
                return Err(Violation::SumOver { column, sum, max }.into());
            }
        }
        if let Some(max) = b.sumsq_max {
            let sumsq = values().try_fold(0u128, |acc, v| {
                acc.checked_add(u128::from(v.unsigned_abs()) * u128::from(v.unsigned_abs()))
            });
            if sumsq.is_none_or(|s| s > max) {
                return Err(Violation::SumSqOver { column, sumsq, max }.into());
            }
        }
    }
    Ok(())
}
