//! The plain Rust lookups, twin of [`super::constraints`]: the limbs and table values the circuit
//! allocates, the multiplicities it counts and the two sides of the log-derivative identity.

use ark_bn254::Fr;
use ark_ff::{AdditiveGroup, Field, PrimeField};

use super::{MAX_LIMB_BITS, MAX_WIDTH};
use crate::{Error, Result};

/// Checks `1 <= width_bits <= 64` and `1 <= bits_per_limb <= 16`.
pub(crate) fn check_params(width_bits: u32, bits_per_limb: u32) -> Result<()> {
    check_limb_bits(bits_per_limb)?;
    if width_bits == 0 || width_bits > MAX_WIDTH {
        return Err(Error::InvalidParams(format!(
            "range check width must be 1..={MAX_WIDTH} bits, got {width_bits}"
        )));
    }
    Ok(())
}

/// Checks `1 <= bits_per_limb <= 16`.
pub(crate) fn check_limb_bits(bits_per_limb: u32) -> Result<()> {
    if bits_per_limb == 0 || bits_per_limb > MAX_LIMB_BITS {
        return Err(Error::InvalidParams(format!(
            "limbs must have 1..={MAX_LIMB_BITS} bits, got {bits_per_limb}"
        )));
    }
    Ok(())
}

/// Number of limbs of a `width_bits`-bit check: `ceil(width / bits_per_limb)`.
pub(crate) fn limb_count(width_bits: u32, bits_per_limb: u32) -> u32 {
    width_bits.div_ceil(bits_per_limb)
}

/// Bits of the top limb when the width is not a multiple of the limb size (then the top limb is
/// looked up a second time, shifted left by `bits_per_limb - top_bits`).
pub(crate) fn partial_top_bits(width_bits: u32, bits_per_limb: u32) -> Option<u32> {
    let rem = width_bits % bits_per_limb;
    (rem != 0).then_some(rem)
}

/// The low 64 bits of a field element's canonical integer.
fn low_word(value: Fr) -> u64 {
    value.into_bigint().0[0]
}

/// `2^bits - 1` for `bits <= 64`.
fn mask(bits: u32) -> u64 {
    if bits >= 64 { u64::MAX } else { (1u64 << bits) - 1 }
}

/// Whether `value`, as an integer in `[0, r)`, is below `2^width_bits` (`width_bits <= 64`).
pub fn fits(value: Fr, width_bits: u32) -> bool {
    let big = value.into_bigint();
    big.0[1..].iter().all(|w| *w == 0) && big.0[0] & !mask(width_bits) == 0
}

/// The limbs the circuit allocates for a `width_bits`-bit check of `value`: the low `width_bits`
/// bits of its integer, `bits_per_limb` bits per limb, least significant first (the top limb
/// holds the `width mod bits_per_limb` bits that remain, if any). For a value that does not fit,
/// the limbs recompose to its low bits only, so the circuit's recomposition fails.
pub fn range_limbs(value: Fr, width_bits: u32, bits_per_limb: u32) -> Result<Vec<u64>> {
    check_params(width_bits, bits_per_limb)?;
    Ok(limbs_unchecked(value, width_bits, bits_per_limb))
}

/// [`range_limbs`] for parameters already checked.
pub(crate) fn limbs_unchecked(value: Fr, width_bits: u32, bits_per_limb: u32) -> Vec<u64> {
    let low = low_word(value) & mask(width_bits);
    (0..limb_count(width_bits, bits_per_limb))
        .map(|k| {
            let shift = k * bits_per_limb;
            // shift < 64 since k < ceil(64 / b) and width <= 64.
            (low >> shift) & mask(bits_per_limb)
        })
        .collect()
}

/// The table values one check looks up, in the circuit's order: every limb, then, when the width
/// is not a multiple of the limb size, the top limb shifted left so that it is below
/// `2^bits_per_limb` exactly when the top limb is below `2^(width mod bits_per_limb)`.
pub fn range_queries(limbs: &[u64], width_bits: u32, bits_per_limb: u32) -> Result<Vec<u64>> {
    check_params(width_bits, bits_per_limb)?;
    let n = limb_count(width_bits, bits_per_limb) as usize;
    if limbs.len() != n {
        return Err(Error::InvalidParams(format!(
            "a {width_bits}-bit check has {n} limbs of {bits_per_limb} bits, got {}",
            limbs.len()
        )));
    }
    let mut out = limbs.to_vec();
    if let (Some(top_bits), Some(top)) = (partial_top_bits(width_bits, bits_per_limb), limbs.last())
    {
        out.push(top << (bits_per_limb - top_bits));
    }
    Ok(out)
}

/// The multiplicities of the range table `0..2^bits_per_limb`: how often each entry is looked up.
/// Values outside the table are not counted (no honest prover looks one up).
pub fn range_multiplicities(
    queries: impl IntoIterator<Item = u64>,
    bits_per_limb: u32,
) -> Result<Vec<u64>> {
    check_limb_bits(bits_per_limb)?;
    let mut m = vec![0u64; 1 << bits_per_limb];
    for q in queries {
        if let Some(slot) = usize::try_from(q).ok().and_then(|q| m.get_mut(q)) {
            *slot += 1;
        }
    }
    Ok(m)
}

/// The range table `0, 1, ..., 2^bits_per_limb - 1` as field elements.
pub fn range_table(bits_per_limb: u32) -> Result<Vec<Fr>> {
    check_limb_bits(bits_per_limb)?;
    Ok((0..1u64 << bits_per_limb).map(Fr::from).collect())
}

/// Constraints of one range check of `width_bits` bits: one per looked-up value plus the
/// recomposition. The table costs `2^bits_per_limb` more, once per circuit.
pub fn range_check_cost(width_bits: u32, bits_per_limb: u32) -> Result<usize> {
    check_params(width_bits, bits_per_limb)?;
    let lookups = limb_count(width_bits, bits_per_limb)
        + u32::from(partial_top_bits(width_bits, bits_per_limb).is_some());
    Ok(lookups as usize + 1)
}

/// The two sides of the log-derivative identity at `challenge`:
/// `sum_i 1 / (X - f_i)` over the looked-up values and `sum_j m_j / (X - t_j)` over the table.
/// They are equal for every `X` off the table exactly when the looked-up values, counted with
/// multiplicity, are the table entries counted by `m` (and then for a random `X` they differ with
/// probability at most `(queries + table) / r` otherwise).
///
/// Errors with [`Error::DegenerateChallenge`] when `X` equals a table entry or a looked-up value.
pub fn log_derivative_sides(
    queries: &[Fr],
    table: &[Fr],
    multiplicities: &[u64],
    challenge: Fr,
) -> Result<(Fr, Fr)> {
    if table.len() != multiplicities.len() {
        return Err(Error::InvalidParams(format!(
            "{} table entries but {} multiplicities",
            table.len(),
            multiplicities.len()
        )));
    }
    let inv = |v: &Fr| (challenge - v).inverse().ok_or(Error::DegenerateChallenge);
    let mut lhs = Fr::ZERO;
    for f in queries {
        lhs += inv(f)?;
    }
    let mut rhs = Fr::ZERO;
    for (t, m) in table.iter().zip(multiplicities) {
        rhs += inv(t)? * Fr::from(*m);
    }
    Ok((lhs, rhs))
}

/// The field element of an i64 (a negative `v` is `r - |v|`).
pub fn fr_from_i64(v: i64) -> Fr {
    Fr::from(v)
}

/// Whether `value` is the field element of an i64 in `[lo, hi]`: what
/// [`RangeChecker::check_signed_range`](super::RangeChecker::check_signed_range) proves,
/// `value - lo` and `hi - value` both below 2^64 in the field.
pub fn in_signed_range(value: Fr, lo: i64, hi: i64) -> bool {
    fits(value - fr_from_i64(lo), MAX_WIDTH) && fits(fr_from_i64(hi) - value, MAX_WIDTH)
}

/// Whether `value` is one of `set`.
pub fn is_member(value: Fr, set: &[Fr]) -> bool {
    set.contains(&value)
}

/// The multiplicities of a set table (entries in the order given, duplicates removed as in
/// [`SetChecker::new`](super::SetChecker::new)) for the looked-up values; values outside the set
/// are not counted.
pub fn set_multiplicities(values: &[Fr], set: &[Fr]) -> (Vec<Fr>, Vec<u64>) {
    let table = dedup(set);
    let mut m = vec![0u64; table.len()];
    for v in values {
        if let Some(j) = table.iter().position(|t| t == v) {
            m[j] += 1;
        }
    }
    (table, m)
}

/// `set` without repeated entries, first occurrence kept.
pub(crate) fn dedup(set: &[Fr]) -> Vec<Fr> {
    let mut seen = std::collections::HashSet::with_capacity(set.len());
    set.iter().copied().filter(|s| seen.insert(*s)).collect()
}
