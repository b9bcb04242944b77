//! Groth16 proving with a snarkjs `.zkey` and a witness, with snarkjs's QAP reduction and the
//! prover crate's MSM ([`zkp_ledger_prover::msm`]).
//!
//! A snarkjs key differs from an arkworks one in its H query: `H_i = L_{2i+1}(tau) / delta`,
//! where `L_j` is the Lagrange basis of the domain of size `2n` (`n` the key's domain size) and
//! `2i + 1` runs over its odd powers. So where arkworks' prover computes the quotient
//! `(a b - c) / Z` in coefficient form, this one needs only `p = a b - c` at the odd powers of
//! the `2n`-th root of unity `g`, that is on the coset `g D` of the `n`-domain `D`:
//!
//! 1. `a = A w`, `b = B w` on `D` (row `i` of the key's coefficients at `omega^i`, rows past the
//!    last one zero), and `c = a b` there (the key has no C: for a satisfying witness `C w` is
//!    exactly `a b` on `D`);
//! 2. each of `a`, `b`, `c` to coefficients (inverse FFT over `D`), then evaluated on `g D`
//!    (an FFT of the coefficients scaled by `g^j`);
//! 3. `h_i = a_i b_i - c_i` on `g D`, no division: `p = h Z` vanishes on `D` (the even powers
//!    of the `2n`-domain) and has degree below `2n`, so `p(tau) = sum_i p(g omega^i)
//!    L_{2i+1}(tau)`, and `sum_i h_i H_i = p(tau) / delta = h(tau) Z(tau) / delta`: the term
//!    Groth16's C needs.
//!
//! The rest is Groth16 as snarkjs and arkworks assemble it, with blinding scalars `r`, `s`:
//! `A = alpha + sum w_i A_i + r delta`, `B = beta + sum w_i B_i + s delta` (in G2 and G1),
//! `C = sum_{private} w_i C_i + sum h_i H_i + s A + r B_1 - r s delta`.
//!
//! The zkey holds no C matrix, so a witness that does not satisfy the circuit gives a proof that
//! does not verify (snarkjs does the same); [`R1cs::check`](crate::R1cs::check) checks a witness
//! against the circuit's `.r1cs` first, when one is at hand.

use ark_bn254::{
    Bn254, Fr, G1Projective, G2Projective, g1::Config as G1Config, g2::Config as G2Config,
};
use ark_ec::CurveGroup;
use ark_ff::{BigInt, One, PrimeField, Zero};
use ark_groth16::{Proof, VerifyingKey};
use ark_poly::{EvaluationDomain, Radix2EvaluationDomain};
use ark_std::{UniformRand, rand::RngCore};
use rayon::prelude::*;
use zkp_ledger_prover::msm::FixedBases;

use crate::{Error, Result, Zkey};

/// A snarkjs proving key laid out for proving: its queries' non-infinity bases and its A and B
/// coefficients. Build once per key, then prove any number of witnesses.
#[derive(Debug, Clone)]
pub struct ZkeyProver {
    /// The verifying key.
    pub vk: VerifyingKey<Bn254>,
    beta_g1: ark_bn254::G1Affine,
    delta_g1: ark_bn254::G1Affine,
    num_vars: usize,
    num_public: usize,
    domain_size: usize,
    a_rows: ark_relations::utils::matrix::Matrix<Fr>,
    b_rows: ark_relations::utils::matrix::Matrix<Fr>,
    a: FixedBases<G1Config>,
    b_g1: FixedBases<G1Config>,
    b_g2: FixedBases<G2Config>,
    c: FixedBases<G1Config>,
    h: FixedBases<G1Config>,
}

impl ZkeyProver {
    /// Lays out a key read by [`Zkey::read`] for proving.
    pub fn new(zkey: Zkey) -> Self {
        let pk = zkey.proving_key;
        Self {
            beta_g1: pk.beta_g1,
            delta_g1: pk.delta_g1,
            num_vars: zkey.num_vars,
            num_public: zkey.num_public,
            domain_size: zkey.domain_size,
            a_rows: zkey.a,
            b_rows: zkey.b,
            a: FixedBases::from_query(pk.a_query),
            b_g1: FixedBases::from_query(pk.b_g1_query),
            b_g2: FixedBases::from_query(pk.b_g2_query),
            c: FixedBases::from_query(pk.l_query),
            h: FixedBases::from_query(pk.h_query),
            vk: pk.vk,
        }
    }

    /// Signals of the key's circuit, the constant one included (a witness's length).
    pub fn num_vars(&self) -> usize {
        self.num_vars
    }

    /// Public signals (outputs, then public inputs).
    pub fn num_public(&self) -> usize {
        self.num_public
    }

    /// Checks a witness's shape against the key: one value per signal, the constant first.
    pub fn check_witness(&self, witness: &[Fr]) -> Result<()> {
        if witness.len() != self.num_vars {
            return Err(Error::WitnessLength { expected: self.num_vars, found: witness.len() });
        }
        if witness.first() != Some(&Fr::one()) {
            return Err(Error::WitnessConstant);
        }
        Ok(())
    }

    /// The public signals of a witness, as snarkjs writes them to `public.json`: values
    /// `1..=num_public`.
    pub fn public_signals(&self, witness: &[Fr]) -> Result<Vec<Fr>> {
        self.check_witness(witness)?;
        Ok(witness[1..=self.num_public].to_vec())
    }

    /// snarkjs's QAP reduction: `a b - c` on the odd powers of the `2n`-domain, the scalars of
    /// the H query (module docs). The witness's shape is checked first.
    pub fn quotient(&self, witness: &[Fr]) -> Result<Vec<Fr>> {
        self.check_witness(witness)?;
        let n = self.domain_size;
        let domain = Radix2EvaluationDomain::<Fr>::new(n)
            .filter(|d| d.size() == n)
            .ok_or(Error::DomainTooLarge { size: n })?;
        // The generator of the 2n-domain: its odd powers are the coset g D.
        let g = Radix2EvaluationDomain::<Fr>::new(2 * n)
            .filter(|d| d.size() == 2 * n)
            .ok_or(Error::DomainTooLarge { size: 2 * n })?
            .group_gen();

        let evaluate = |rows: &ark_relations::utils::matrix::Matrix<Fr>| -> Vec<Fr> {
            let mut v: Vec<Fr> = rows
                .par_iter()
                .map(|row| row.iter().map(|(coeff, s)| *coeff * witness[*s]).sum())
                .collect();
            v.resize(n, Fr::zero());
            v
        };
        let (mut a, mut b) = rayon::join(|| evaluate(&self.a_rows), || evaluate(&self.b_rows));
        let mut c: Vec<Fr> = a.par_iter().zip(&b).map(|(a, b)| *a * b).collect();
        let to_coset = |v: &mut Vec<Fr>| zkp_ledger_prover::fft::to_coset(&domain, g, v);
        rayon::join(|| to_coset(&mut a), || rayon::join(|| to_coset(&mut b), || to_coset(&mut c)));
        a.par_iter_mut().zip(&b).zip(&c).for_each(|((a, b), c)| {
            *a = *a * b - c;
        });
        Ok(a)
    }

    /// A Groth16 proof of the witness, randomised with `r` and `s` drawn from `rng`. Only the
    /// witness's shape is checked (length, constant one): a witness that does not satisfy the
    /// circuit gives a proof that does not verify.
    pub fn prove(&self, witness: &[Fr], rng: &mut impl RngCore) -> Result<Proof<Bn254>> {
        let h = self.quotient(witness)?;
        let r = Fr::rand(rng);
        let s = Fr::rand(rng);
        let wb: Vec<BigInt<4>> = witness.par_iter().map(|x| x.into_bigint()).collect();
        let hb: Vec<BigInt<4>> = h.par_iter().map(|x| x.into_bigint()).collect();
        let private = &wb[self.num_public + 1..];
        let ((a, b_g1), (b_g2, (c, h))): (
            (G1Projective, G1Projective),
            (G2Projective, (G1Projective, G1Projective)),
        ) = rayon::join(
            || rayon::join(|| self.a.msm(&wb), || self.b_g1.msm(&wb)),
            || {
                rayon::join(
                    || self.b_g2.msm(&wb),
                    || rayon::join(|| self.c.msm(private), || self.h.msm(&hb)),
                )
            },
        );
        let vk = &self.vk;
        let g_a = a + vk.alpha_g1 + self.delta_g1 * r;
        let g2_b = b_g2 + vk.beta_g2 + vk.delta_g2 * s;
        let g1_b = b_g1 + self.beta_g1 + self.delta_g1 * s;
        let g_c = c + h + g_a * s + g1_b * r - self.delta_g1 * (r * s);
        Ok(Proof { a: g_a.into_affine(), b: g2_b.into_affine(), c: g_c.into_affine() })
    }
}
