//! snarkjs's Groth16 `.zkey` (binfile "zkey", version 1).
//!
//! ```text
//! section 1, header (4 bytes): protocol u32 (1 = Groth16; 2 PLONK and 10 FFLONK are refused)
//! section 2, Groth16 header (660 bytes):
//!   n8q u32 (32), q (must be BN254's base field), n8r u32 (32), r (must be BN254's r),
//!   nVars u32, nPublic u32, domainSize u32 (a power of two),
//!   alpha1 G1, beta1 G1, beta2 G2, gamma2 G2, delta1 G1, delta2 G2
//! section 3, IC:       nPublic + 1 G1 points
//! section 4, coefficients: nCoefs u32, then nCoefs times
//!   (matrix u32: 0 = A, 1 = B; constraint u32; signal u32; value n8r bytes)
//! section 5, A:        nVars G1 points
//! section 6, B1:       nVars G1 points
//! section 7, B2:       nVars G2 points
//! section 8, C:        nVars - nPublic - 1 G1 points (the private signals' L query)
//! section 9, H:        domainSize G1 points
//! section 10, contributions (not read; written by a setup: the 64-byte circuit hash, then
//!             u32 0, the number of contributions)
//! ```
//!
//! Encodings: a coordinate is its Montgomery form `x R mod q` (R = 2^256) as 32 little-endian
//! bytes; a G1 point is x then y, a G2 point x.c0, x.c1, y.c0, y.c1; (0, 0) is the point at
//! infinity (no curve point has those coordinates). A coefficient is stored as `c R^2 mod r`,
//! plain little-endian: reading it as a Montgomery form gives `c R`, and reading that result's
//! integer as a Montgomery form again gives `c`.
//!
//! The coefficients hold only A and B. Rows `0..nConstraints` are the circuit's constraints; A
//! then has `nPublic + 1` more rows, row `nConstraints + i` being `1 * signal i` for the constant
//! and each public signal (snarkjs's input constraints, which make the IC points independent).
//! The H query is snarkjs's: `tau^i Z(tau) / delta` in the Lagrange basis over the odd powers of
//! a domain of size `2 domainSize`, so proving with it needs snarkjs's QAP reduction, not
//! arkworks' libsnark one.

use std::path::Path;

use ark_bn254::{Bn254, Fq, Fr, G1Affine, G2Affine};
use ark_ff::{BigInteger, PrimeField};
use ark_groth16::{ProvingKey, VerifyingKey};
use ark_relations::utils::matrix::Matrix;

use crate::{
    Error, FileKind, Result, SubgroupMemo,
    binfile::{BinFile, Section, Source, bigint, le_u32, put_file_header, put_section_header},
    points::{self, G1_SIZE, G2_SIZE, key_g1, key_g2},
};

const KIND: FileKind = FileKind::Zkey;
/// The version read.
pub const VERSION: u32 = 1;
/// snarkjs's protocol id for Groth16.
pub const GROTH16: u32 = 1;
const HEADER: u32 = 1;
const GROTH_HEADER: u32 = 2;
const IC: u32 = 3;
const COEFFICIENTS: u32 = 4;
const POINTS_A: u32 = 5;
const POINTS_B1: u32 = 6;
const POINTS_B2: u32 = 7;
const POINTS_C: u32 = 8;
const POINTS_H: u32 = 9;
const CONTRIBUTIONS: u32 = 10;
const GROTH_HEADER_SIZE: u64 = 4 + 32 + 4 + 32 + 3 * 4 + 3 * G1_SIZE as u64 + 3 * G2_SIZE as u64;
/// Bytes of one coefficient entry.
const COEFFICIENT_SIZE: usize = 3 * 4 + 32;
/// The largest FFT domain of BN254's scalar field (two-adicity 28).
const MAX_DOMAIN: usize = 1 << 28;

/// A snarkjs Groth16 proving key: the arkworks key and the A and B coefficients.
#[derive(Debug, Clone, PartialEq)]
pub struct Zkey {
    /// Signals, the constant one included (`nVars`).
    pub num_vars: usize,
    /// Public signals (`nPublic`: outputs and public inputs).
    pub num_public: usize,
    /// The QAP domain size (`domainSize`, a power of two).
    pub domain_size: usize,
    /// The key: `a_query` (A), `b_g1_query` (B1), `b_g2_query` (B2), `l_query` (C), `h_query`
    /// (H, snarkjs's form: see the module docs), and the verifying key (alpha1, beta2, gamma2,
    /// delta2, IC).
    pub proving_key: ProvingKey<Bn254>,
    /// A's coefficients by row, (coefficient, signal); the input rows included.
    pub a: Matrix<Fr>,
    /// B's coefficients by row, (coefficient, signal); as many rows as `a`.
    pub b: Matrix<Fr>,
}

impl Zkey {
    /// Reads and checks a `.zkey` file, one section at a time.
    pub fn read(path: &Path) -> Result<Self> {
        Self::parse(Source::open(path)?, None)
    }

    /// [`Zkey::read`], except that the G2 subgroup check of B2 is skipped when `memo` knows
    /// that these exact points passed it (and they are remembered there once they pass); every
    /// other check runs. See [`SubgroupMemo`].
    pub fn read_with_memo(path: &Path, memo: Option<&SubgroupMemo>) -> Result<Self> {
        Self::parse(Source::open(path)?, memo)
    }

    /// Reads and checks a `.zkey` file held in memory.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        Self::parse(Source::Bytes(bytes), None)
    }

    /// The verifying key.
    pub fn verifying_key(&self) -> &VerifyingKey<Bn254> {
        &self.proving_key.vk
    }

    /// Rows of the circuit's own constraints (A's rows without the `num_public + 1` input rows).
    pub fn num_constraints(&self) -> usize {
        self.a.len().saturating_sub(self.num_public + 1)
    }

    /// The key as `snarkjs zkey new` writes it: sections 1, 2, 4, 3, 9, 8, 5, 6, 7 and 10 in
    /// that order, the coefficients row by row (A's entries, then B's), and a contributions
    /// section with the circuit hash `cs_hash` and no contribution. Only right for a key
    /// without contributions (delta the generator), as [`crate::setup`] makes.
    pub(crate) fn to_bytes_initial(&self, cs_hash: &[u8; 64]) -> Vec<u8> {
        let pk = &self.proving_key;
        let vk = &pk.vk;
        let mut out = Vec::new();
        put_file_header(&mut out, KIND, VERSION, 10);
        let mut section = |id: u32, body: &dyn Fn(&mut Vec<u8>)| {
            // The size is known once the body is written: a placeholder, filled in after.
            put_section_header(&mut out, id, 0);
            let at = out.len() - 8;
            body(&mut out);
            let size = (out.len() - at - 8) as u64;
            out[at..at + 8].copy_from_slice(&size.to_le_bytes());
        };
        section(HEADER, &|o| o.extend_from_slice(&GROTH16.to_le_bytes()));
        section(GROTH_HEADER, &|o| {
            for m in [Fq::MODULUS, Fr::MODULUS] {
                o.extend_from_slice(&32u32.to_le_bytes());
                o.extend_from_slice(&m.to_bytes_le());
            }
            // Counts are u32 in the format (a circuit's signals and domain fit).
            for c in [self.num_vars, self.num_public, self.domain_size] {
                o.extend_from_slice(&(c as u32).to_le_bytes());
            }
            points::put_g1(o, &vk.alpha_g1);
            points::put_g1(o, &pk.beta_g1);
            points::put_g2(o, &vk.beta_g2);
            points::put_g2(o, &vk.gamma_g2);
            points::put_g1(o, &pk.delta_g1);
            points::put_g2(o, &vk.delta_g2);
        });
        section(COEFFICIENTS, &|o| {
            let count: usize = self.a.iter().chain(&self.b).map(Vec::len).sum();
            o.reserve(4 + count * COEFFICIENT_SIZE);
            o.extend_from_slice(&(count as u32).to_le_bytes());
            // Stored as c R^2: the Montgomery form of the element c R.
            let r = Fr::new_unchecked(Fr::R2);
            for (row, (a, b)) in self.a.iter().zip(&self.b).enumerate() {
                for (matrix, entries) in [(0u32, a), (1, b)] {
                    for (c, signal) in entries {
                        o.extend_from_slice(&matrix.to_le_bytes());
                        o.extend_from_slice(&(row as u32).to_le_bytes());
                        o.extend_from_slice(&(*signal as u32).to_le_bytes());
                        o.extend_from_slice(&(*c * r).0.to_bytes_le());
                    }
                }
            }
        });
        section(IC, &|o| vk.gamma_abc_g1.iter().for_each(|p| points::put_g1(o, p)));
        section(POINTS_H, &|o| pk.h_query.iter().for_each(|p| points::put_g1(o, p)));
        section(POINTS_C, &|o| pk.l_query.iter().for_each(|p| points::put_g1(o, p)));
        section(POINTS_A, &|o| pk.a_query.iter().for_each(|p| points::put_g1(o, p)));
        section(POINTS_B1, &|o| pk.b_g1_query.iter().for_each(|p| points::put_g1(o, p)));
        section(POINTS_B2, &|o| pk.b_g2_query.iter().for_each(|p| points::put_g2(o, p)));
        section(CONTRIBUTIONS, &|o| {
            o.extend_from_slice(cs_hash);
            o.extend_from_slice(&0u32.to_le_bytes());
        });
        out
    }

    fn parse(source: Source<'_>, memo: Option<&SubgroupMemo>) -> Result<Self> {
        let mut file = BinFile::parse(KIND, source, VERSION)?;
        let mut s = file.section(HEADER, "header")?;
        s.expect_size(4)?;
        let protocol = s.u32()?;
        if protocol != GROTH16 {
            let name = match protocol {
                2 => "PLONK",
                10 => "FFLONK",
                _ => "unknown",
            };
            return Err(Error::UnsupportedProtocol { found: protocol, name });
        }

        let mut h = file.section(GROTH_HEADER, "Groth16 header")?;
        h.expect_size(GROTH_HEADER_SIZE)?;
        h.prime::<Fq>("q")?;
        h.prime::<Fr>("r")?;
        let num_vars = h.u32()? as usize;
        let num_public = h.u32()? as usize;
        let domain_size = h.u32()? as usize;
        if num_vars <= num_public {
            return Err(Error::inconsistent(
                KIND,
                format!("{num_vars} signals cannot hold the constant and {num_public} public ones"),
            ));
        }
        if !domain_size.is_power_of_two() || domain_size > MAX_DOMAIN {
            return Err(Error::inconsistent(
                KIND,
                format!("domain size {domain_size} is not a power of two up to 2^28"),
            ));
        }
        let alpha_g1 = key_g1(KIND, h.bytes(G1_SIZE)?, "alpha1")?;
        let beta_g1 = key_g1(KIND, h.bytes(G1_SIZE)?, "beta1")?;
        let beta_g2 = key_g2(KIND, h.bytes(G2_SIZE)?, "beta2")?;
        let gamma_g2 = key_g2(KIND, h.bytes(G2_SIZE)?, "gamma2")?;
        let delta_g1 = key_g1(KIND, h.bytes(G1_SIZE)?, "delta1")?;
        let delta_g2 = key_g2(KIND, h.bytes(G2_SIZE)?, "delta2")?;

        // Every point section's size against the counts before anything is allocated from them
        // (the coefficients' rows are bounded by the domain size, hence by H's size).
        let g1s = |n: usize| n as u64 * G1_SIZE as u64;
        file.expect_size(IC, "IC", g1s(num_public + 1))?;
        file.expect_size(POINTS_A, "A", g1s(num_vars))?;
        file.expect_size(POINTS_B1, "B1", g1s(num_vars))?;
        file.expect_size(POINTS_B2, "B2", num_vars as u64 * G2_SIZE as u64)?;
        file.expect_size(POINTS_C, "C", g1s(num_vars - num_public - 1))?;
        file.expect_size(POINTS_H, "H", g1s(domain_size))?;

        let gamma_abc_g1 = g1_section(&mut file, IC, "IC", num_public + 1)?;
        let (a, b) =
            coefficients(file.section(COEFFICIENTS, "coefficients")?, num_vars, domain_size)?;
        let a_query = g1_section(&mut file, POINTS_A, "A", num_vars)?;
        let b_g1_query = g1_section(&mut file, POINTS_B1, "B1", num_vars)?;
        let b_g2_query = g2_section(&mut file, POINTS_B2, "B2", num_vars, memo)?;
        let l_query = g1_section(&mut file, POINTS_C, "C", num_vars - num_public - 1)?;
        let h_query = g1_section(&mut file, POINTS_H, "H", domain_size)?;

        let vk = VerifyingKey { alpha_g1, beta_g2, gamma_g2, delta_g2, gamma_abc_g1 };
        let proving_key =
            ProvingKey { vk, beta_g1, delta_g1, a_query, b_g1_query, b_g2_query, h_query, l_query };
        Ok(Self { num_vars, num_public, domain_size, proving_key, a, b })
    }
}

/// The A and B coefficient matrices, each with one row per constraint index up to the largest
/// used (rows allocated once at their final length).
fn coefficients(
    mut s: Section<'_>,
    num_vars: usize,
    domain_size: usize,
) -> Result<(Matrix<Fr>, Matrix<Fr>)> {
    let n = s.u32()? as usize;
    s.expect_size(4 + n as u64 * COEFFICIENT_SIZE as u64)?;
    let entries = s.rest();
    // First pass: check the indices and count each row's entries.
    let mut counts = [Vec::<u32>::new(), Vec::new()];
    for (i, e) in entries.chunks_exact(COEFFICIENT_SIZE).enumerate() {
        let (matrix, row, signal) =
            (le_u32(&e[..4]) as usize, le_u32(&e[4..8]) as usize, le_u32(&e[8..12]) as usize);
        if matrix > 1 || row >= domain_size || signal >= num_vars {
            return Err(Error::inconsistent(
                KIND,
                format!(
                    "coefficient {i} is (matrix {matrix}, constraint {row}, signal {signal}); \
                     expected matrix 0 or 1, constraint below the domain size {domain_size}, \
                     signal below {num_vars}"
                ),
            ));
        }
        let c = &mut counts[matrix];
        if c.len() <= row {
            c.resize(row + 1, 0);
        }
        c[row] += 1;
    }
    let rows = counts[0].len().max(counts[1].len());
    let mut m: [Matrix<Fr>; 2] = counts.map(|c| {
        let mut m: Matrix<Fr> = c.iter().map(|&k| Vec::with_capacity(k as usize)).collect();
        m.resize_with(rows, Vec::new);
        m
    });
    for (i, e) in entries.chunks_exact(COEFFICIENT_SIZE).enumerate() {
        let (matrix, row, signal) =
            (le_u32(&e[..4]) as usize, le_u32(&e[4..8]) as usize, le_u32(&e[8..12]) as usize);
        let stored = bigint(&e[12..]);
        if stored >= Fr::MODULUS {
            return Err(Error::NotCanonical {
                kind: KIND,
                what: format!("coefficient {i}"),
                field: "r",
            });
        }
        // `stored` = c R^2 (plain); its Montgomery reading is c R, and that one's is c.
        let c = Fr::new_unchecked(Fr::new_unchecked(stored).into_bigint());
        if let Some(r) = m.get_mut(matrix).and_then(|m| m.get_mut(row)) {
            r.push((c, signal));
        }
    }
    let [a, b] = m;
    Ok((a, b))
}

/// A section of `count` G1 points, decoded and checked in parallel.
fn g1_section(
    file: &mut BinFile<'_>,
    id: u32,
    name: &'static str,
    count: usize,
) -> Result<Vec<G1Affine>> {
    let s = file.section(id, name)?;
    s.expect_size(count as u64 * G1_SIZE as u64)?;
    points::g1_points(KIND, s.rest(), name, 0)
}

/// A section of `count` G2 points, decoded and checked in parallel.
fn g2_section(
    file: &mut BinFile<'_>,
    id: u32,
    name: &'static str,
    count: usize,
    memo: Option<&SubgroupMemo>,
) -> Result<Vec<G2Affine>> {
    let s = file.section(id, name)?;
    s.expect_size(count as u64 * G2_SIZE as u64)?;
    points::g2_points_memo(KIND, s.rest(), name, 0, memo)
}
