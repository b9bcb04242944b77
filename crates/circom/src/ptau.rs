//! snarkjs's powers of tau (binfile "ptau", version 1), read for a Groth16 setup.
//!
//! ```text
//! section 1, header (44 bytes): n8 u32 (32), q (must be BN254's base field), power u32,
//!                               ceremonyPower u32
//! section 2, tauG1:       2^(power+1) - 1 G1 points, tau^i G1
//! section 3, tauG2:       2^power G2 points, tau^i G2
//! section 4, alphaTauG1:  2^power G1 points, alpha tau^i G1
//! section 5, betaTauG1:   2^power G1 points, beta tau^i G1
//! section 6, betaG2:      one G2 point, beta G2
//! section 7, contributions (not read)
//! after `snarkjs powersoftau prepare phase2`, the same in the Lagrange basis, for every domain
//! size 2^p, blocks one after the other (block p starts at point 2^p - 1):
//! section 12, tauG1:      p = 0 ..= power + 1, L_i(tau) G1
//! section 13, tauG2:      p = 0 ..= power,     L_i(tau) G2
//! section 14, alphaTauG1: p = 0 ..= power,     alpha L_i(tau) G1
//! section 15, betaTauG1:  p = 0 ..= power,     beta L_i(tau) G1
//! ```
//!
//! Points are stored as in a `.zkey` (Montgomery form, little-endian, (0, 0) for infinity).
//! `L_i` is the Lagrange basis of the domain of size 2^p (the 2^p-th roots of unity). Block
//! `power + 1` of section 12 is made from tauG1's `2^(power+1) - 1` powers and a zero in place of
//! the missing last one; a setup only reads its odd entries at sizes up to `2^power`.
//!
//! [`Ptau::open`] reads the header and the section table and checks every section's size
//! against the power; [`Ptau::phase2`] then reads only the blocks a circuit's domain needs, and
//! decodes and checks each point it reads (coordinates below q, on the curve, G2 in the
//! subgroup; alpha, beta not infinity).

use std::path::Path;

use ark_bn254::{Fq, G1Affine, G2Affine};

use crate::{
    Error, FileKind, Result,
    binfile::{BinFile, Source},
    points::{self, G1_SIZE, G2_SIZE},
};

const KIND: FileKind = FileKind::Ptau;
/// The version read.
pub const VERSION: u32 = 1;
pub(crate) const HEADER: u32 = 1;
pub(crate) const TAU_G1: u32 = 2;
pub(crate) const TAU_G2: u32 = 3;
pub(crate) const ALPHA_TAU_G1: u32 = 4;
pub(crate) const BETA_TAU_G1: u32 = 5;
pub(crate) const BETA_G2: u32 = 6;
pub(crate) const CONTRIBUTIONS: u32 = 7;
pub(crate) const LAGRANGE_TAU_G1: u32 = 12;
pub(crate) const LAGRANGE_TAU_G2: u32 = 13;
pub(crate) const LAGRANGE_ALPHA_TAU_G1: u32 = 14;
pub(crate) const LAGRANGE_BETA_TAU_G1: u32 = 15;
/// Header section size with 32-byte coordinates.
pub(crate) const HEADER_SIZE: u64 = 4 + 32 + 4 + 4;
/// The largest power a BN254 powers of tau can have (the scalar field's two-adicity).
pub const MAX_POWER: u32 = 28;

/// An opened powers of tau: its power and section table. Points are read by [`Ptau::phase2`].
pub struct Ptau<'a> {
    file: BinFile<'a>,
    power: u32,
    ceremony_power: u32,
}

impl std::fmt::Debug for Ptau<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ptau")
            .field("power", &self.power)
            .field("ceremony_power", &self.ceremony_power)
            .field("prepared", &self.prepared())
            .finish_non_exhaustive()
    }
}

/// The points of a prepared powers of tau that a Groth16 setup over a domain of size `n` uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Phase2 {
    /// The domain size n (a power of two).
    pub domain_size: usize,
    /// alpha G1 (alphaTauG1[0]).
    pub alpha_g1: G1Affine,
    /// beta G1 (betaTauG1[0]).
    pub beta_g1: G1Affine,
    /// beta G2.
    pub beta_g2: G2Affine,
    /// `L_i(tau) G1`, i < n (section 12, block n).
    pub tau_g1: Vec<G1Affine>,
    /// `L_i(tau) G2`, i < n (section 13, block n).
    pub tau_g2: Vec<G2Affine>,
    /// `alpha L_i(tau) G1`, i < n (section 14, block n).
    pub alpha_tau_g1: Vec<G1Affine>,
    /// `beta L_i(tau) G1`, i < n (section 15, block n).
    pub beta_tau_g1: Vec<G1Affine>,
    /// `L'_{2i+1}(tau) G1`, i < n, where `L'` is the Lagrange basis of the domain of size 2n
    /// (section 12, block 2n, its odd entries): snarkjs's H query with delta = 1.
    pub h: Vec<G1Affine>,
    /// `tau^i G1`, i < 2n - 1 (section 2): snarkjs hashes `tau^i (tau^n - 1) G1` in the key's
    /// circuit hash.
    pub tau_powers_g1: Vec<G1Affine>,
}

impl Ptau<'static> {
    /// Opens a `.ptau` file: reads its header and section table and checks the section sizes.
    /// No point is read yet.
    pub fn open(path: &Path) -> Result<Self> {
        Self::parse(Source::open(path)?)
    }
}

impl<'a> Ptau<'a> {
    /// A `.ptau` file held in memory.
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Self> {
        Self::parse(Source::Bytes(bytes))
    }

    /// The power: the file holds `2^power` powers (`2^(power+1) - 1` in tauG1).
    pub fn power(&self) -> u32 {
        self.power
    }

    /// The power of the ceremony the file comes from (its `ceremonyPower`; at least `power`).
    pub fn ceremony_power(&self) -> u32 {
        self.ceremony_power
    }

    /// Whether `snarkjs powersoftau prepare phase2` was run on it (sections 12 to 15 present).
    pub fn prepared(&self) -> bool {
        self.missing_lagrange().is_none()
    }

    fn missing_lagrange(&self) -> Option<u32> {
        [LAGRANGE_TAU_G1, LAGRANGE_TAU_G2, LAGRANGE_ALPHA_TAU_G1, LAGRANGE_BETA_TAU_G1]
            .into_iter()
            .find(|&id| !self.file.has(id))
    }

    fn parse(source: Source<'a>) -> Result<Self> {
        let mut file = BinFile::parse(KIND, source, VERSION)?;
        let mut h = file.section(HEADER, "header")?;
        h.expect_size(HEADER_SIZE)?;
        h.prime::<Fq>("q")?;
        let power = h.u32()?;
        let ceremony_power = h.u32()?;
        if power > MAX_POWER {
            return Err(Error::inconsistent(
                KIND,
                format!("power {power} is above BN254's largest FFT domain (2^{MAX_POWER})"),
            ));
        }
        if ceremony_power < power {
            return Err(Error::inconsistent(
                KIND,
                format!("power {power} is above the ceremony's power {ceremony_power}"),
            ));
        }
        let n = 1u64 << power;
        let (g1, g2) = (G1_SIZE as u64, G2_SIZE as u64);
        file.expect_size(TAU_G1, "tauG1", (2 * n - 1) * g1)?;
        file.expect_size(TAU_G2, "tauG2", n * g2)?;
        file.expect_size(ALPHA_TAU_G1, "alphaTauG1", n * g1)?;
        file.expect_size(BETA_TAU_G1, "betaTauG1", n * g1)?;
        file.expect_size(BETA_G2, "betaG2", g2)?;
        let ptau = Self { file, power, ceremony_power };
        if ptau.prepared() {
            // Blocks 2^0 .. 2^power (and 2^(power+1) in section 12): 2^(power+1) - 1 points.
            let file = &ptau.file;
            file.expect_size(LAGRANGE_TAU_G1, "Lagrange tauG1", (4 * n - 1) * g1)?;
            file.expect_size(LAGRANGE_TAU_G2, "Lagrange tauG2", (2 * n - 1) * g2)?;
            file.expect_size(LAGRANGE_ALPHA_TAU_G1, "Lagrange alphaTauG1", (2 * n - 1) * g1)?;
            file.expect_size(LAGRANGE_BETA_TAU_G1, "Lagrange betaTauG1", (2 * n - 1) * g1)?;
        }
        Ok(ptau)
    }

    /// Checks that the file is prepared and that its power is at least `needed` (a circuit of
    /// `rows` constraints, public inputs and outputs needs a domain of `2^needed`).
    pub fn check_fits(&self, needed: u32, rows: usize) -> Result<()> {
        if let Some(section) = self.missing_lagrange() {
            return Err(Error::PtauNotPrepared { section });
        }
        if needed > self.power {
            return Err(Error::PtauTooSmall { power: self.power, needed, rows });
        }
        Ok(())
    }

    /// Reads and checks the points a Groth16 setup over a domain of `2^log_n` needs.
    pub fn phase2(&mut self, log_n: u32, rows: usize) -> Result<Phase2> {
        self.check_fits(log_n, rows)?;
        let n = 1usize << log_n;
        let alpha_g1 = self.key_g1(ALPHA_TAU_G1, "alphaTauG1", "alpha1")?;
        let beta_g1 = self.key_g1(BETA_TAU_G1, "betaTauG1", "beta1")?;
        let beta_g2 = {
            let s = self.file.section(BETA_G2, "betaG2")?;
            points::key_g2(KIND, s.rest(), "beta2")?
        };
        // Block n of a Lagrange section starts at point n - 1.
        let tau_g1 = self.g1s(LAGRANGE_TAU_G1, "Lagrange tauG1", n - 1, n)?;
        let tau_g2 = {
            let (first, size) = ((n - 1) as u64 * G2_SIZE as u64, n as u64 * G2_SIZE as u64);
            let s = self.file.section_part(LAGRANGE_TAU_G2, "Lagrange tauG2", first, size)?;
            points::g2_points(KIND, s.rest(), "Lagrange tauG2", n - 1)?
        };
        let alpha_tau_g1 = self.g1s(LAGRANGE_ALPHA_TAU_G1, "Lagrange alphaTauG1", n - 1, n)?;
        let beta_tau_g1 = self.g1s(LAGRANGE_BETA_TAU_G1, "Lagrange betaTauG1", n - 1, n)?;
        // Block 2n of section 12: only its odd entries are used, only those are decoded.
        let h = {
            let name = "Lagrange tauG1";
            let (first, size) =
                ((2 * n - 1) as u64 * G1_SIZE as u64, 2 * n as u64 * G1_SIZE as u64);
            let s = self.file.section_part(LAGRANGE_TAU_G1, name, first, size)?;
            use rayon::prelude::*;
            s.rest()
                .par_chunks_exact(2 * G1_SIZE)
                .enumerate()
                .map(|(i, b)| points::g1(KIND, &b[G1_SIZE..], name, 2 * n + 2 * i))
                .collect::<Result<Vec<_>>>()?
        };
        let tau_powers_g1 = self.g1s(TAU_G1, "tauG1", 0, 2 * n - 1)?;
        Ok(Phase2 {
            domain_size: n,
            alpha_g1,
            beta_g1,
            beta_g2,
            tau_g1,
            tau_g2,
            alpha_tau_g1,
            beta_tau_g1,
            h,
            tau_powers_g1,
        })
    }

    /// A whole section's bytes, unread (copied by [`crate::prepare::prepare_phase2`]).
    pub(crate) fn raw_section(&mut self, id: u32, name: &'static str) -> Result<Vec<u8>> {
        let s = self.file.section(id, name)?;
        Ok(s.rest().to_vec())
    }

    /// Points `first .. first + count` of a G2 section, checked.
    pub(crate) fn g2s(
        &mut self,
        id: u32,
        name: &'static str,
        first: usize,
        count: usize,
    ) -> Result<Vec<G2Affine>> {
        let s = self.file.section_part(
            id,
            name,
            first as u64 * G2_SIZE as u64,
            count as u64 * G2_SIZE as u64,
        )?;
        points::g2_points(KIND, s.rest(), name, first)
    }

    /// Points `first .. first + count` of a G1 section, checked.
    pub(crate) fn g1s(
        &mut self,
        id: u32,
        name: &'static str,
        first: usize,
        count: usize,
    ) -> Result<Vec<G1Affine>> {
        let s = self.file.section_part(
            id,
            name,
            first as u64 * G1_SIZE as u64,
            count as u64 * G1_SIZE as u64,
        )?;
        points::g1_points(KIND, s.rest(), name, first)
    }

    /// The first point of a G1 section, which must not be infinity.
    fn key_g1(&mut self, id: u32, section: &'static str, name: &'static str) -> Result<G1Affine> {
        let s = self.file.section_part(id, section, 0, G1_SIZE as u64)?;
        points::key_g1(KIND, s.rest(), name)
    }
}
