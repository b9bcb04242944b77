//! A Groth16 setup from a circom `.r1cs` and a prepared snarkjs powers of tau: the initial key of
//! `snarkjs groth16 setup` (snarkjs's `zkey new`), with delta = gamma = the generators and no
//! contributions, in snarkjs's `.zkey` layout and with its circuit hash, so that `snarkjs zkey
//! verify R1CS PTAU ZKEY` accepts it and `snarkjs zkey contribute` can continue from it.
//!
//! With `n` the domain size (the smallest power of two above constraints + public inputs +
//! outputs, as snarkjs picks it), `L_i` the Lagrange basis over the `n`-th roots of unity, and
//! the circuit's A, B, C rows extended by one A row `1 * signal s` for the constant and each
//! public signal (row `nConstraints + s`, which makes the IC points independent):
//!
//! ```text
//! A_s  = sum_i A[i][s] L_i(tau) G1                     (ptau section 12, block n)
//! B1_s = sum_i B[i][s] L_i(tau) G1
//! B2_s = sum_i B[i][s] L_i(tau) G2                     (section 13)
//! L_s  = sum_i (A[i][s] beta L_i(tau) + B[i][s] alpha L_i(tau) + C[i][s] L_i(tau)) G1
//!                                                      (sections 15, 14, 12)
//! IC   = L_s for the constant and the public signals, C = L_s for the others
//! H_i  = L'_{2i+1}(tau) G1, i < n                      (section 12, block 2n, odd entries)
//! ```
//!
//! Every point is a linear combination of ptau points with the r1cs's coefficients as scalars:
//! each signal's sum is computed on its own (in parallel over signals), as an MSM on the prover
//! crate's [`msm`](zkp_ledger_prover::msm::msm) when it has many terms, else term by term with
//! the shorter of `c` and `-c` (circom's coefficients are mostly small or small negatives) or
//! the GLV endomorphism for full-size scalars. All results are normalised to affine in one batch
//! per query.
//!
//! The circuit hash is snarkjs's: BLAKE2b-512 over alpha1, beta1, beta2, gamma2, delta1, delta2,
//! then for IC, H, C, A, B1 and B2 in that order a big-endian u32 count and the points, all in
//! snarkjs's uncompressed form (plain big-endian coordinates). H is hashed as
//! `tau^i (tau^n - 1) G1 = tau^(i+n) G1 - tau^i G1` for `i < n - 1` (from the ptau's tauG1),
//! not as the Lagrange points written to the key: `snarkjs zkey verify` recomputes it that way.

use std::path::Path;

use ark_bn254::{Fr, G1Affine, G1Projective, G2Affine};
use ark_ec::{
    AffineRepr, CurveGroup,
    scalar_mul::glv::GLVConfig,
    short_weierstrass::{Affine, Projective, SWCurveConfig},
};
use ark_ff::{BigInteger, One, PrimeField};
use ark_groth16::{ProvingKey, VerifyingKey};
use ark_relations::utils::matrix::Matrix;
use blake2::{Blake2b512, Digest};
use rayon::prelude::*;

use crate::{
    Error, R1cs, Result, Zkey,
    points::{put_g1_uncompressed, put_g2_uncompressed},
    ptau::{MAX_POWER, Phase2, Ptau},
};

/// Terms from which a signal's sum is an MSM rather than one multiplication per term.
const MSM_TERMS: usize = 64;

/// A key as `snarkjs groth16 setup` makes it: the key and its circuit hash (no contributions).
#[derive(Debug, Clone, PartialEq)]
pub struct InitialZkey {
    /// The key (delta1, delta2 and gamma2 are the generators).
    pub zkey: Zkey,
    /// snarkjs's circuit hash (BLAKE2b-512), the one `snarkjs zkey verify` recomputes and
    /// `snarkjs zkey contribute` chains from.
    pub cs_hash: [u8; 64],
}

impl InitialZkey {
    /// The `.zkey` file, laid out as snarkjs writes it (same sections in the same order; the
    /// contributions section holds the circuit hash and a count of zero).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.zkey.to_bytes_initial(&self.cs_hash)
    }

    /// Writes the `.zkey` file ([`InitialZkey::to_bytes`]).
    pub fn write(&self, path: &Path) -> Result<()> {
        std::fs::write(path, self.to_bytes())
            .map_err(|source| Error::Io { path: path.into(), source })
    }

    /// The circuit hash as snarkjs prints it ("Circuit hash:"): four lines of four groups of
    /// eight hex digits.
    pub fn cs_hash_lines(&self) -> Vec<String> {
        self.cs_hash
            .chunks(16)
            .map(|line| {
                line.chunks(4)
                    .map(|w| w.iter().map(|b| format!("{b:02x}")).collect::<String>())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }
}

/// The domain snarkjs picks for a circuit: `(log2 n, rows)` where `rows` = constraints + public
/// inputs + outputs and `n = 2^(floor(log2 rows) + 1)`, the smallest power of two above `rows`
/// (room for the `rows + 1` rows the key's A has with its input rows).
pub fn domain_power(r1cs: &R1cs) -> (u32, usize) {
    let rows = r1cs.num_constraints() + r1cs.num_public();
    (rows.checked_ilog2().unwrap_or(0) + 1, rows)
}

/// The Groth16 setup of `r1cs` from a prepared powers of tau: reads the ptau's points for the
/// circuit's domain (checking that it is prepared and large enough, and every point read) and
/// derives the key.
pub fn setup(r1cs: &R1cs, ptau: &mut Ptau<'_>) -> Result<InitialZkey> {
    let (log_n, rows) = domain_power(r1cs);
    // H needs the domain of size 2n.
    if log_n >= MAX_POWER {
        return Err(Error::DomainTooLarge { size: 1 << (log_n + 1) });
    }
    let phase2 = ptau.phase2(log_n, rows)?;
    derive(r1cs, &phase2)
}

/// The key of `r1cs` from the ptau points of its domain (module docs).
pub fn derive(r1cs: &R1cs, p: &Phase2) -> Result<InitialZkey> {
    let n = p.domain_size;
    let num_vars = r1cs.num_wires;
    let num_public = r1cs.num_public();
    let num_constraints = r1cs.num_constraints();
    if num_constraints + num_public + 1 > n || p.tau_g1.len() != n || p.h.len() != n {
        return Err(Error::inconsistent(
            crate::FileKind::Ptau,
            format!(
                "a domain of {n} points cannot hold {num_constraints} constraints and {} input rows",
                num_public + 1
            ),
        ));
    }
    // Each signal's terms: (row, coefficient) for A and B; for L, (base, coefficient) into the
    // bases [beta L | alpha L | L].
    let mut a_terms: Vec<Vec<(u32, Fr)>> = vec![Vec::new(); num_vars];
    let mut b_terms: Vec<Vec<(u32, Fr)>> = vec![Vec::new(); num_vars];
    let mut l_terms: Vec<Vec<(u32, Fr)>> = vec![Vec::new(); num_vars];
    let [ra, rb, rc] = &r1cs.abc;
    // Rows are below n, n below 2^28: the bases' indices (up to 3n) fit in u32.
    for (row, ((a, b), c)) in ra.iter().zip(rb).zip(rc).enumerate() {
        let row = row as u32;
        for &(coeff, s) in a {
            a_terms[s].push((row, coeff));
            l_terms[s].push((row, coeff));
        }
        for &(coeff, s) in b {
            b_terms[s].push((row, coeff));
            l_terms[s].push((n as u32 + row, coeff));
        }
        for &(coeff, s) in c {
            l_terms[s].push((2 * n as u32 + row, coeff));
        }
    }
    for s in 0..=num_public {
        let row = (num_constraints + s) as u32;
        a_terms[s].push((row, Fr::one()));
        l_terms[s].push((row, Fr::one()));
    }
    let l_bases: Vec<G1Affine> =
        [&p.beta_tau_g1, &p.alpha_tau_g1, &p.tau_g1].into_iter().flatten().copied().collect();

    let ((a_query, b_g1_query), (b_g2_query, l)) = rayon::join(
        || rayon::join(|| combine(&p.tau_g1, &a_terms), || combine(&p.tau_g1, &b_terms)),
        || rayon::join(|| combine(&p.tau_g2, &b_terms), || combine(&l_bases, &l_terms)),
    );
    let (ic, l_query) = {
        let mut l = l;
        let private = l.split_off(num_public + 1);
        (l, private)
    };
    // snarkjs's H hash: tau^(i+n) - tau^i, i < n - 1.
    let z: Vec<G1Projective> = (0..n - 1)
        .into_par_iter()
        .map(|i| p.tau_powers_g1[i + n].into_group() - p.tau_powers_g1[i])
        .collect();
    let z = G1Projective::normalize_batch(&z);

    let g1 = G1Affine::generator();
    let g2 = G2Affine::generator();
    let cs_hash = {
        let mut h = Blake2b512::new();
        let mut buf = Vec::new();
        put_g1_uncompressed(&mut buf, &p.alpha_g1);
        put_g1_uncompressed(&mut buf, &p.beta_g1);
        put_g2_uncompressed(&mut buf, &p.beta_g2);
        put_g2_uncompressed(&mut buf, &g2); // gamma2
        put_g1_uncompressed(&mut buf, &g1); // delta1
        put_g2_uncompressed(&mut buf, &g2); // delta2
        h.update(&buf);
        for points in [&ic, &z, &l_query, &a_query, &b_g1_query] {
            h.update(hash_g1s(points));
        }
        h.update(hash_g2s(&b_g2_query));
        let mut out = [0u8; 64];
        out.copy_from_slice(&h.finalize());
        out
    };

    let mut a: Matrix<Fr> = ra.clone();
    a.extend((0..=num_public).map(|s| vec![(Fr::one(), s)]));
    let mut b: Matrix<Fr> = rb.clone();
    b.resize_with(a.len(), Vec::new);
    let vk = VerifyingKey {
        alpha_g1: p.alpha_g1,
        beta_g2: p.beta_g2,
        gamma_g2: g2,
        delta_g2: g2,
        gamma_abc_g1: ic,
    };
    let proving_key = ProvingKey {
        vk,
        beta_g1: p.beta_g1,
        delta_g1: g1,
        a_query,
        b_g1_query,
        b_g2_query,
        h_query: p.h.clone(),
        l_query,
    };
    let zkey = Zkey { num_vars, num_public, domain_size: n, proving_key, a, b };
    Ok(InitialZkey { zkey, cs_hash })
}

/// A query's hash input: its length as a big-endian u32, then its points, uncompressed.
fn hash_g1s(points: &[G1Affine]) -> Vec<u8> {
    let mut buf = Vec::with_capacity(4 + 64 * points.len());
    buf.extend_from_slice(&(points.len() as u32).to_be_bytes());
    points.iter().for_each(|p| put_g1_uncompressed(&mut buf, p));
    buf
}

/// [`hash_g1s`] for G2 points.
fn hash_g2s(points: &[G2Affine]) -> Vec<u8> {
    let mut buf = Vec::with_capacity(4 + 128 * points.len());
    buf.extend_from_slice(&(points.len() as u32).to_be_bytes());
    points.iter().for_each(|p| put_g2_uncompressed(&mut buf, p));
    buf
}

/// For each signal, the sum of its terms `c * bases[i]`, in affine form (one batch
/// normalisation).
fn combine<P>(bases: &[Affine<P>], terms: &[Vec<(u32, Fr)>]) -> Vec<Affine<P>>
where
    P: GLVConfig + SWCurveConfig<ScalarField = Fr>,
{
    let sums: Vec<Projective<P>> = terms.par_iter().map(|t| linear_combination(bases, t)).collect();
    Projective::normalize_batch(&sums)
}

/// `sum c * bases[i]` over the terms (indices below `bases.len()`, as built above).
fn linear_combination<P>(bases: &[Affine<P>], terms: &[(u32, Fr)]) -> Projective<P>
where
    P: GLVConfig + SWCurveConfig<ScalarField = Fr>,
{
    let base = |i: u32| bases.get(i as usize).copied().unwrap_or_default();
    if terms.len() >= MSM_TERMS {
        let points: Vec<Affine<P>> = terms.iter().map(|&(i, _)| base(i)).collect();
        let scalars: Vec<_> = terms.iter().map(|(_, c)| c.into_bigint()).collect();
        return zkp_ledger_prover::msm::msm(&points, &scalars);
    }
    terms.iter().map(|&(i, c)| times(base(i), c)).sum()
}

/// `c * p`: by double-and-add over the shorter of `c` and `-c` when it has at most 128 bits
/// (circom's coefficients are mostly small or small negatives), else by GLV.
fn times<P>(p: Affine<P>, c: Fr) -> Projective<P>
where
    P: GLVConfig + SWCurveConfig<ScalarField = Fr>,
{
    if c.is_one() {
        return p.into_group();
    }
    let (pos, neg) = (c.into_bigint(), (-c).into_bigint());
    if pos.num_bits() <= 128 {
        p.mul_bigint(pos)
    } else if neg.num_bits() <= 128 {
        -p.mul_bigint(neg)
    } else {
        P::glv_mul_projective(p.into_group(), c)
    }
}
