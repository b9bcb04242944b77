//! `snarkjs powersoftau prepare phase2` in Rust: a powers of tau with its Lagrange-basis
//! sections (12 to 15) added, the same file byte for byte as snarkjs writes it.
//!
//! snarkjs (`powersoftau_preparephase2.js`) writes a new file of 11 sections, in this order:
//!
//! ```text
//! 1        header: n8 (32), q, power, and ceremonyPower set to power (snarkjs calls
//!          writePTauHeader without the old ceremonyPower)
//! 2 ..= 7  copied unchanged (tauG1, tauG2, alphaTauG1, betaTauG1, betaG2, contributions)
//! 12       for p = 0 ..= power + 1: the inverse FFT over the domain of size 2^p of tauG1's
//!          first 2^p points; at p = power + 1 tauG1 has one point fewer, (0, 0) stands for it
//! 13       for p = 0 ..= power: the same from tauG2
//! 14, 15   for p = 0 ..= power: the same from alphaTauG1, betaTauG1
//! ```
//!
//! The inverse FFT of `tau^j X` (j < m) over the m-th roots of unity is
//! `(1/m) sum_j omega^(-ij) tau^j X = L_i(tau) X`, L_i the Lagrange basis of that domain.
//! snarkjs's roots of unity are powers of `5^((r-1)/2^28)` (5 is the smallest quadratic
//! non-residue, its `nqr`), the same as arkworks' `TWO_ADIC_ROOT_OF_UNITY` for BN254's Fr, so
//! arkworks' [`Radix2EvaluationDomain`] gives the same points. Points are written affine, in
//! Montgomery form, infinity as (0, 0) (see `points`).
//!
//! At power 28, snarkjs computes block 2^29 of section 12 by a coset split, as Fr has no
//! 2^29-th root of unity; that case is refused here ([`Error::Unsupported`]).
//!
//! Cost: for each block of size m, `m/2 log2 m` scalar multiplications (the butterflies) plus m
//! (the 1/m), on G1 and, for section 13, G2; run on all cores by arkworks and rayon.

use ark_bn254::{Fq, Fr, G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{BigInteger, PrimeField};
use ark_poly::{EvaluationDomain, Radix2EvaluationDomain};
use rayon::prelude::*;

use crate::{
    Error, FileKind, Ptau, Result,
    binfile::{put_file_header, put_section_header},
    points::{G1_SIZE, G2_SIZE, put_g1, put_g2},
    ptau::{
        ALPHA_TAU_G1, BETA_G2, BETA_TAU_G1, CONTRIBUTIONS, HEADER, HEADER_SIZE,
        LAGRANGE_ALPHA_TAU_G1, LAGRANGE_BETA_TAU_G1, LAGRANGE_TAU_G1, LAGRANGE_TAU_G2, MAX_POWER,
        TAU_G1, TAU_G2, VERSION,
    },
};

const KIND: FileKind = FileKind::Ptau;
/// Sections of a prepared file (header, 2 to 7, 12 to 15).
const SECTIONS: u32 = 11;
/// Bytes of a section's header (id u32, size u64).
const ENTRY: usize = 12;

/// The prepared file of `ptau` (which must not be prepared already), as `snarkjs powersoftau
/// prepare phase2` writes it (module docs). Every point read is checked as [`Ptau::phase2`]
/// checks it. The file is built in memory: about three times the input's size.
pub fn prepare_phase2(ptau: &mut Ptau<'_>) -> Result<Vec<u8>> {
    if ptau.prepared() {
        return Err(Error::PtauAlreadyPrepared);
    }
    let power = ptau.power();
    if power >= MAX_POWER {
        return Err(Error::Unsupported {
            kind: KIND,
            feature: "preparing a powers of tau of power 28 (its last tauG1 block has no domain)",
        });
    }
    let n = 1usize << power;
    // Sections 2 to 7 as they are (their sizes were checked when the file was opened, except
    // the contributions', which are copied without being read).
    let copied = [
        (TAU_G1, "tauG1"),
        (TAU_G2, "tauG2"),
        (ALPHA_TAU_G1, "alphaTauG1"),
        (BETA_TAU_G1, "betaTauG1"),
        (BETA_G2, "betaG2"),
        (CONTRIBUTIONS, "contributions"),
    ]
    .into_iter()
    .map(|(id, name)| Ok((id, ptau.raw_section(id, name)?)))
    .collect::<Result<Vec<_>>>()?;

    let tau_g1 = ptau.g1s(TAU_G1, "tauG1", 0, 2 * n - 1)?;
    let tau_g2 = ptau.g2s(TAU_G2, "tauG2", 0, n)?;
    let alpha_tau_g1 = ptau.g1s(ALPHA_TAU_G1, "alphaTauG1", 0, n)?;
    let beta_tau_g1 = ptau.g1s(BETA_TAU_G1, "betaTauG1", 0, n)?;

    // Block sizes: 2^0 ..= 2^power, and 2^(power+1) for tauG1.
    let lagrange_g1 = (2 * n - 1) * G1_SIZE;
    let lagrange_g2 = (2 * n - 1) * G2_SIZE;
    let lagrange_tau_g1 = (4 * n - 1) * G1_SIZE;
    let total = 12
        + SECTIONS as usize * ENTRY
        + HEADER_SIZE as usize
        + copied.iter().map(|(_, b)| b.len()).sum::<usize>()
        + lagrange_tau_g1
        + lagrange_g2
        + 2 * lagrange_g1;
    let mut out = Vec::with_capacity(total);
    put_file_header(&mut out, KIND, VERSION, SECTIONS);

    put_section_header(&mut out, HEADER, HEADER_SIZE);
    out.extend_from_slice(&32u32.to_le_bytes());
    out.extend_from_slice(&Fq::MODULUS.to_bytes_le());
    out.extend_from_slice(&power.to_le_bytes());
    out.extend_from_slice(&power.to_le_bytes());

    for (id, bytes) in &copied {
        put_section_header(&mut out, *id, bytes.len() as u64);
        out.extend_from_slice(bytes);
    }
    drop(copied);

    put_section_header(&mut out, LAGRANGE_TAU_G1, lagrange_tau_g1 as u64);
    for p in 0..=power + 1 {
        let m = 1usize << p;
        // tauG1 has 2^(power+1) - 1 points: the last block's missing one is zero.
        let mut block: Vec<G1Projective> = tau_g1.iter().take(m).map(|&a| a.into_group()).collect();
        block.resize(m, G1Projective::default());
        write_g1(&mut out, lagrange(block)?);
    }
    drop(tau_g1);
    put_section_header(&mut out, LAGRANGE_TAU_G2, lagrange_g2 as u64);
    for p in 0..=power {
        let block: Vec<G2Projective> = tau_g2[..1 << p].iter().map(|&a| a.into_group()).collect();
        write_g2(&mut out, lagrange(block)?);
    }
    drop(tau_g2);
    for (id, points) in [(LAGRANGE_ALPHA_TAU_G1, alpha_tau_g1), (LAGRANGE_BETA_TAU_G1, beta_tau_g1)]
    {
        put_section_header(&mut out, id, lagrange_g1 as u64);
        for p in 0..=power {
            let block: Vec<G1Projective> =
                points[..1 << p].iter().map(|&a| a.into_group()).collect();
            write_g1(&mut out, lagrange(block)?);
        }
    }
    Ok(out)
}

/// `points` (of a length 2^p) taken to the Lagrange basis of the domain of that size: their
/// inverse FFT, affine.
fn lagrange<C: CurveGroup + ark_poly::domain::DomainCoeff<Fr>>(
    mut points: Vec<C>,
) -> Result<Vec<C::Affine>> {
    let m = points.len();
    if m > 1 {
        let domain = Radix2EvaluationDomain::<Fr>::new(m)
            .filter(|d| d.size() == m)
            .ok_or(Error::DomainTooLarge { size: m })?;
        domain.ifft_in_place(&mut points);
    }
    Ok(C::normalize_batch(&points))
}

/// Appends G1 points as stored, encoded in parallel.
fn write_g1(out: &mut Vec<u8>, points: Vec<G1Affine>) {
    write_points(out, &points, G1_SIZE, put_g1);
}

/// Appends G2 points as stored, encoded in parallel.
fn write_g2(out: &mut Vec<u8>, points: Vec<G2Affine>) {
    write_points(out, &points, G2_SIZE, put_g2);
}

/// Appends `points`, each encoded by `put` into `size` bytes, the encoding spread over the
/// cores in runs of points (one buffer per run, not per point).
fn write_points<P: Sync>(out: &mut Vec<u8>, points: &[P], size: usize, put: fn(&mut Vec<u8>, &P)) {
    const RUN: usize = 4096;
    let start = out.len();
    out.resize(start + points.len() * size, 0);
    out[start..].par_chunks_mut(RUN * size).zip(points.par_chunks(RUN)).for_each(|(b, run)| {
        let mut v = Vec::with_capacity(run.len() * size);
        run.iter().for_each(|p| put(&mut v, p));
        b.copy_from_slice(&v);
    });
}
