//! Curve points as snarkjs stores them in `.zkey` and `.ptau` files, and as it hashes them.
//!
//! Stored ("LEM", little-endian Montgomery): a coordinate is its Montgomery form `x R mod q`
//! (R = 2^256) as 32 little-endian bytes; a G1 point is x then y, a G2 point x.c0, x.c1, y.c0,
//! y.c1; (0, 0) is the point at infinity (no curve point has those coordinates).
//!
//! Hashed ("uncompressed", snarkjs's `batchLEMtoU`): each coordinate's plain integer as 32
//! big-endian bytes, and a G2 coordinate as its 64 little-endian bytes reversed, so c1 before c0;
//! infinity is all zeros.

use ark_bn254::{Fq, Fq2, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::{BigInteger, PrimeField, Zero};
use rayon::prelude::*;

use crate::{Error, FileKind, Result, binfile::bigint};

/// Bytes of a stored G1 point.
pub(crate) const G1_SIZE: usize = 64;
/// Bytes of a stored G2 point.
pub(crate) const G2_SIZE: usize = 128;

/// A coordinate in Montgomery form, refused at or above q.
fn fq(kind: FileKind, b: &[u8], what: impl FnOnce() -> String) -> Result<Fq> {
    let n = bigint(b);
    if n >= Fq::MODULUS {
        return Err(Error::NotCanonical { kind, what: what(), field: "q" });
    }
    Ok(Fq::new_unchecked(n))
}

/// A G1 point (64 bytes), checked; (0, 0) is infinity. BN254's G1 has prime order, so a point
/// on the curve is in the group.
pub(crate) fn g1(
    kind: FileKind,
    b: &[u8],
    section: &'static str,
    index: usize,
) -> Result<G1Affine> {
    let x = fq(kind, &b[..32], || format!("{section}[{index}].x"))?;
    let y = fq(kind, &b[32..64], || format!("{section}[{index}].y"))?;
    if x.is_zero() && y.is_zero() {
        return Ok(G1Affine::zero());
    }
    let p = G1Affine::new_unchecked(x, y);
    if !p.is_on_curve() {
        return Err(Error::NotOnCurve { kind, section, index });
    }
    Ok(p)
}

/// A G2 point (128 bytes), checked for the curve and the prime-order subgroup; (0, 0) is
/// infinity.
pub(crate) fn g2(
    kind: FileKind,
    b: &[u8],
    section: &'static str,
    index: usize,
) -> Result<G2Affine> {
    let c = |k: usize, name: &str| {
        fq(kind, &b[32 * k..32 * (k + 1)], || format!("{section}[{index}].{name}"))
    };
    let x = Fq2::new(c(0, "x.c0")?, c(1, "x.c1")?);
    let y = Fq2::new(c(2, "y.c0")?, c(3, "y.c1")?);
    if x.is_zero() && y.is_zero() {
        return Ok(G2Affine::zero());
    }
    let p = G2Affine::new_unchecked(x, y);
    if !p.is_on_curve() {
        return Err(Error::NotOnCurve { kind, section, index });
    }
    if !p.is_in_correct_subgroup_assuming_on_curve() {
        return Err(Error::NotInSubgroup { kind, section, index });
    }
    Ok(p)
}

/// A G1 point that must not be infinity (alpha, beta, ...).
pub(crate) fn key_g1(kind: FileKind, b: &[u8], name: &'static str) -> Result<G1Affine> {
    let p = g1(kind, b, name, 0)?;
    if p.is_zero() {
        return Err(Error::PointAtInfinity { kind, point: name });
    }
    Ok(p)
}

/// A G2 point that must not be infinity.
pub(crate) fn key_g2(kind: FileKind, b: &[u8], name: &'static str) -> Result<G2Affine> {
    let p = g2(kind, b, name, 0)?;
    if p.is_zero() {
        return Err(Error::PointAtInfinity { kind, point: name });
    }
    Ok(p)
}

/// Consecutive G1 points (the slice's length a multiple of 64), decoded and checked in parallel;
/// errors name `section` and the index plus `first`.
pub(crate) fn g1_points(
    kind: FileKind,
    b: &[u8],
    section: &'static str,
    first: usize,
) -> Result<Vec<G1Affine>> {
    b.par_chunks_exact(G1_SIZE).enumerate().map(|(i, b)| g1(kind, b, section, first + i)).collect()
}

/// Consecutive G2 points, decoded and checked in parallel.
pub(crate) fn g2_points(
    kind: FileKind,
    b: &[u8],
    section: &'static str,
    first: usize,
) -> Result<Vec<G2Affine>> {
    b.par_chunks_exact(G2_SIZE).enumerate().map(|(i, b)| g2(kind, b, section, first + i)).collect()
}

/// Appends a G1 point as stored (Montgomery, little-endian; infinity as zeros).
pub(crate) fn put_g1(out: &mut Vec<u8>, p: &G1Affine) {
    match p.xy() {
        Some((x, y)) => {
            out.extend_from_slice(&x.0.to_bytes_le());
            out.extend_from_slice(&y.0.to_bytes_le());
        }
        None => out.extend_from_slice(&[0; G1_SIZE]),
    }
}

/// Appends a G2 point as stored.
pub(crate) fn put_g2(out: &mut Vec<u8>, p: &G2Affine) {
    match p.xy() {
        Some((x, y)) => {
            for c in [x.c0, x.c1, y.c0, y.c1] {
                out.extend_from_slice(&c.0.to_bytes_le());
            }
        }
        None => out.extend_from_slice(&[0; G2_SIZE]),
    }
}

/// Appends a G1 point as snarkjs hashes it (plain, big-endian; infinity as zeros).
pub(crate) fn put_g1_uncompressed(out: &mut Vec<u8>, p: &G1Affine) {
    match p.xy() {
        Some((x, y)) => {
            out.extend_from_slice(&x.into_bigint().to_bytes_be());
            out.extend_from_slice(&y.into_bigint().to_bytes_be());
        }
        None => out.extend_from_slice(&[0; G1_SIZE]),
    }
}

/// Appends a G2 point as snarkjs hashes it: per coordinate c1 then c0, each big-endian.
pub(crate) fn put_g2_uncompressed(out: &mut Vec<u8>, p: &G2Affine) {
    match p.xy() {
        Some((x, y)) => {
            for c in [x.c1, x.c0, y.c1, y.c0] {
                out.extend_from_slice(&c.into_bigint().to_bytes_be());
            }
        }
        None => out.extend_from_slice(&[0; G2_SIZE]),
    }
}
