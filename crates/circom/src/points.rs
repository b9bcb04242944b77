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
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{BigInt, BigInteger, PrimeField, Zero};
use rand::{RngCore, rngs::OsRng};
use rayon::prelude::*;
use zkp_ledger_prover::{field, msm};

use crate::{Error, FileKind, Result, SubgroupMemo, binfile::bigint};

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
    let p = g2_on_curve(kind, b, section, index)?;
    if !p.is_in_correct_subgroup_assuming_on_curve() {
        return Err(Error::NotInSubgroup { kind, section, index });
    }
    Ok(p)
}

/// A G2 point (128 bytes) checked for the curve only: the caller checks the subgroup.
fn g2_on_curve(kind: FileKind, b: &[u8], section: &'static str, index: usize) -> Result<G2Affine> {
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

/// Consecutive G2 points, decoded and checked in parallel: each on the twist, and all of them
/// in the prime-order subgroup by [`in_subgroup_batch`] (a point outside it is then found and
/// named by checking each).
pub(crate) fn g2_points(
    kind: FileKind,
    b: &[u8],
    section: &'static str,
    first: usize,
) -> Result<Vec<G2Affine>> {
    g2_points_memo(kind, b, section, first, None)
}

/// [`g2_points`], with the subgroup check skipped for bytes that `memo` knows passed it (and
/// remembered there once they pass): [`SubgroupMemo`].
pub(crate) fn g2_points_memo(
    kind: FileKind,
    b: &[u8],
    section: &'static str,
    first: usize,
    memo: Option<&SubgroupMemo>,
) -> Result<Vec<G2Affine>> {
    let points: Vec<G2Affine> = b
        .par_chunks_exact(G2_SIZE)
        .enumerate()
        .map(|(i, b)| g2_on_curve(kind, b, section, first + i))
        .collect::<Result<_>>()?;
    let memo = memo.map(|m| (m, SubgroupMemo::name(b)));
    if memo.as_ref().is_some_and(|(m, name)| m.knows(name)) {
        return Ok(points);
    }
    if in_subgroup_batch(&points, &mut OsRng) {
        if let Some((m, name)) = &memo {
            m.remember(name);
        }
        return Ok(points);
    }
    match points.par_iter().position_first(|p| !p.is_in_correct_subgroup_assuming_on_curve()) {
        Some(i) => Err(Error::NotInSubgroup { kind, section, index: first + i }),
        // Unreachable: a batch that fails has a point that fails on its own.
        None => Ok(points),
    }
}

/// Rounds of [`in_subgroup_batch`]: each misses a point outside the subgroup with probability
/// at most 1/9,362, so all of them with at most 2^-79.
const SUBGROUP_ROUNDS: usize = 6;

/// Whether every point (on the twist) is in G2, checked on random combinations instead of point
/// by point (which costs a 127-bit scalar multiplication each, most of a zkey's read).
///
/// The map `phi(P) = psi(P) - [6 x^2] P` is a group homomorphism of the twist's points whose
/// kernel is G2 (the per-point check, eprint 2022/352, section 4.3), so `phi(sum r_i P_i) =
/// sum r_i phi(P_i)`. If some `phi(P_j)` is not zero, its order divides the twist's order
/// `r h` and is at least 10,069, the smallest prime factor of `h` (h = 10069 x 5864401 x
/// 1875725156269 x a 174-bit prime). For `r_j` uniform in `[0, 2^16)` and the other `r_i`
/// fixed, the sum is zero for at most `ceil(2^16 / 10069) = 7` values of `r_j`: probability
/// 7 / 2^16 (about 1/9,362) per round, with fresh randomness each round (from the OS in
/// [`g2_points`]), so that whoever wrote the file cannot aim at the coefficients: each round
/// seeds a ChaCha12 generator ([`child_rng`](zkp_ledger_prover::rng::child_rng)) with 32 bytes of `rng` and draws its coefficients
/// from it (one OS call per round rather than one per point). A round is one MSM of 16-bit
/// scalars.
pub(crate) fn in_subgroup_batch(points: &[G2Affine], rng: &mut impl RngCore) -> bool {
    if points.len() < 64 {
        return points.iter().all(|p| p.is_in_correct_subgroup_assuming_on_curve());
    }
    (0..SUBGROUP_ROUNDS).all(|_| {
        let mut round = zkp_ledger_prover::rng::child_rng(rng);
        let r: Vec<BigInt<4>> =
            (0..points.len()).map(|_| BigInt::from(u64::from(round.next_u32() & 0xffff))).collect();
        msm::msm(points, &r).into_affine().is_in_correct_subgroup_assuming_on_curve()
    })
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
            out.extend_from_slice(&field::to_word(&x));
            out.extend_from_slice(&field::to_word(&y));
        }
        None => out.extend_from_slice(&[0; G1_SIZE]),
    }
}

/// Appends a G2 point as snarkjs hashes it: per coordinate c1 then c0, each big-endian.
pub(crate) fn put_g2_uncompressed(out: &mut Vec<u8>, p: &G2Affine) {
    match p.xy() {
        Some((x, y)) => {
            for c in [x.c1, x.c0, y.c1, y.c0] {
                out.extend_from_slice(&field::to_word(&c));
            }
        }
        None => out.extend_from_slice(&[0; G2_SIZE]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_bn254::G2Projective;
    use ark_ff::{Field, UniformRand};
    use rand::{SeedableRng, rngs::StdRng};

    /// A point on the twist outside G2.
    fn outside() -> G2Affine {
        (1u64..)
            .find_map(|k| {
                G2Affine::get_point_from_x_unchecked(Fq2::new(Fq::from(k), Fq::ONE), true)
            })
            .filter(|p| !p.is_in_correct_subgroup_assuming_on_curve())
            .unwrap_or_default()
    }

    /// The batch check accepts points of G2 (with infinity among them) and refuses a set with one
    /// point outside, wherever it sits, with small and large batches.
    #[test]
    fn batch_subgroup_check_finds_one_bad_point() {
        let mut rng = StdRng::seed_from_u64(3);
        let bad = outside();
        assert!(bad.is_on_curve() && !bad.is_zero());
        for n in [10usize, 64, 300] {
            let mut points: Vec<G2Affine> =
                (0..n).map(|_| G2Projective::rand(&mut rng).into_affine()).collect();
            points[n / 2] = G2Affine::zero();
            assert!(in_subgroup_batch(&points, &mut rng), "n = {n}");
            for at in [0, n / 3, n - 1] {
                let mut p = points.clone();
                p[at] = bad;
                assert!(!in_subgroup_batch(&p, &mut rng), "n = {n}, at {at}");
                // Bad twice (a combination must not cancel them).
                p[(at + 1) % n] = -bad;
                assert!(!in_subgroup_batch(&p, &mut rng), "n = {n}, at {at} and its negation");
            }
        }
    }
}
