//! Key generation with commitments: ark-groth16's parameters (libsnark's QAP reduction evaluated
//! at tau, the same queries), with the committed wires moved from the L query to commitment bases,
//! plus each commitment's blinding basis and proof-of-knowledge key.

use ark_bn254::{Bn254, Fr, G1Projective, G2Projective};
use ark_ec::scalar_mul::BatchMulPreprocessing;
use ark_ff::{Field, One, UniformRand, Zero};
use ark_groth16::{
    ProvingKey, VerifyingKey,
    r1cs_to_qap::{LibsnarkReduction, R1CSToQAP},
};
use ark_poly::{EvaluationDomain, GeneralEvaluationDomain};
use ark_relations::gr1cs::SynthesisError;
use ark_std::rand::RngCore;

use super::{
    CommitCircuit, CommitProvingKey, CommitVerifyingKey, CommitmentProvingKey,
    CommitmentVerifyingKey, check_layout, placeholder_challenges,
};
use crate::{
    Error, Result,
    groth16::{Matrices, matrices_of, setup_cs},
};

/// The QAP polynomials of every variable evaluated at `t` (libsnark's reduction, as
/// ark-groth16's `LibsnarkReduction::instance_map_with_evaluation`: the instance variables are
/// appended to A as extra rows), with `Z(t)` and the domain size.
/// Every variable's QAP polynomials at `t`, the vanishing polynomial at `t`, the domain size.
struct Qap {
    a: Vec<Fr>,
    b: Vec<Fr>,
    c: Vec<Fr>,
    zt: Fr,
    domain_size: usize,
}

fn qap_at(m: &Matrices, t: Fr) -> Result<Qap> {
    let domain = GeneralEvaluationDomain::<Fr>::new(m.num_constraints + m.num_instance)
        .ok_or(SynthesisError::PolynomialDegreeTooLarge)?;
    let zt = domain.evaluate_vanishing_polynomial(t);
    let u = domain.evaluate_all_lagrange_coefficients(t);
    let n = m.num_instance + m.num_witness;
    let (mut a, mut b, mut c) = (vec![Fr::zero(); n], vec![Fr::zero(); n], vec![Fr::zero(); n]);
    a[..m.num_instance].copy_from_slice(&u[m.num_constraints..m.num_constraints + m.num_instance]);
    let [ma, mb, mc] = &m.abc;
    for (i, u_i) in u.iter().enumerate().take(m.num_constraints) {
        for (out, row) in [(&mut a, &ma[i]), (&mut b, &mb[i]), (&mut c, &mc[i])] {
            for (coeff, index) in row {
                out[*index] += *u_i * coeff;
            }
        }
    }
    Ok(Qap { a, b, c, zt, domain_size: domain.size() })
}

/// A nonzero scalar other than one (zero or one would put a key element at the identity or at
/// the generator).
fn nontrivial(rng: &mut impl RngCore) -> Fr {
    loop {
        let x = Fr::rand(rng);
        if !x.is_zero() && !x.is_one() {
            return x;
        }
    }
}

/// Generates keys for `circuit` from `rng`: a single-party setup whose toxic waste (tau, alpha,
/// beta, gamma, delta, every eta and sigma) lives only in this call. Returns the keys and the
/// circuit's matrices. Refuses ([`Error::CommitLayout`]) a committed wire whose basis is the
/// point at infinity (it is in no constraint) or equals another committed wire's or an input's
/// (equal columns), and ([`Error::DegenerateKey`]) a degenerate trapdoor.
pub fn generate_commit_keys<C: CommitCircuit>(
    circuit: &C,
    rng: &mut impl RngCore,
) -> Result<(CommitProvingKey, Matrices)> {
    let k = circuit.num_commitments();
    let cs = setup_cs();
    let layout = circuit.synthesize(cs.clone(), &placeholder_challenges(k)?)?;
    let wires = check_layout(&cs, &layout, k)?;
    let m = matrices_of(&cs)?;

    let (alpha, beta, gamma, delta) =
        (nontrivial(rng), nontrivial(rng), nontrivial(rng), nontrivial(rng));
    if gamma == delta {
        return Err(Error::DegenerateKey { problem: "gamma equals delta" });
    }
    let eta: Vec<Fr> = (0..k).map(|_| nontrivial(rng)).collect();
    let sigma: Vec<Fr> = (0..k).map(|_| nontrivial(rng)).collect();
    let g1 = G1Projective::rand(rng);
    let g2 = G2Projective::rand(rng);
    let domain = GeneralEvaluationDomain::<Fr>::new(m.num_constraints + m.num_instance)
        .ok_or(SynthesisError::PolynomialDegreeTooLarge)?;
    let t = domain.sample_element_outside_domain(rng);
    let Qap { a, b, c, zt, domain_size } = qap_at(&m, t)?;

    let gamma_inv = gamma.inverse().ok_or(SynthesisError::DivisionByZero)?;
    let delta_inv = delta.inverse().ok_or(SynthesisError::DivisionByZero)?;
    let phi = |i: usize| beta * a[i] + alpha * b[i] + c[i];
    let ni = m.num_instance;
    let gamma_abc: Vec<Fr> = (0..ni).map(|i| phi(i) * gamma_inv).collect();
    let mut committed_of = vec![false; m.num_witness];
    for &w in wires.iter().flatten() {
        committed_of[w] = true;
    }
    // A committed wire is removed from L: its entry is zero, the point at infinity.
    let l: Vec<Fr> = (0..m.num_witness)
        .map(|w| if committed_of[w] { Fr::zero() } else { phi(ni + w) * delta_inv })
        .collect();
    let k_scalars: Vec<Vec<Fr>> = wires
        .iter()
        .zip(&eta)
        .map(|(ws, e)| {
            let mut s: Vec<Fr> = ws.iter().map(|&w| phi(ni + w) * gamma_inv).collect();
            s.push(*e * gamma_inv);
            s
        })
        .collect();
    // Bases D must bind: nonzero, pairwise distinct, distinct from every IC point.
    let mut all: Vec<Fr> = k_scalars.iter().flatten().chain(&gamma_abc).copied().collect();
    if all.iter().any(Zero::is_zero) {
        return Err(Error::CommitLayout {
            reason: "a committed wire is in no constraint (its commitment basis is the point at \
                     infinity, so a commitment would not bind it)"
                .into(),
        });
    }
    all.sort_unstable();
    if all.windows(2).any(|w| w[0] == w[1]) {
        return Err(Error::CommitLayout {
            reason: "two committed or public wires have the same QAP column (equal bases: a \
                     commitment would bind only their sum)"
                .into(),
        });
    }
    let h = LibsnarkReduction::h_query_scalars::<Fr, GeneralEvaluationDomain<Fr>>(
        domain_size - 1,
        t,
        zt,
        delta_inv,
    )?;

    let g2_table = BatchMulPreprocessing::new(g2, b.len() + 4 + k);
    let b_g2_query = g2_table.batch_mul(&b);
    let mut g2_scalars = vec![beta, gamma, delta];
    g2_scalars.extend(sigma.iter().map(|s| -(*s * gamma)));
    let g2_points = g2_table.batch_mul(&g2_scalars);
    let k_len: usize = k_scalars.iter().map(Vec::len).sum();
    let g1_table = BatchMulPreprocessing::new(
        g1,
        a.len() + b.len() + h.len() + l.len() + gamma_abc.len() + 2 * k_len + k + 3,
    );
    let a_query = g1_table.batch_mul(&a);
    let b_g1_query = g1_table.batch_mul(&b);
    let h_query = g1_table.batch_mul(&h);
    let l_query = g1_table.batch_mul(&l);
    let gamma_abc_g1 = g1_table.batch_mul(&gamma_abc);
    let singles = g1_table.batch_mul(&[alpha, beta, delta]);
    let eta_delta = g1_table.batch_mul(&eta.iter().map(|e| *e * delta_inv).collect::<Vec<_>>());

    let vk = VerifyingKey::<Bn254> {
        alpha_g1: singles[0],
        beta_g2: g2_points[0],
        gamma_g2: g2_points[1],
        delta_g2: g2_points[2],
        gamma_abc_g1,
    };
    let commitments: Vec<CommitmentProvingKey> = k_scalars
        .iter()
        .zip(&sigma)
        .zip(wires.iter().zip(eta_delta))
        .map(|((s, sig), (ws, ed))| {
            let sigma_scalars: Vec<Fr> = s.iter().map(|x| *x * sig).collect();
            CommitmentProvingKey {
                wires: ws.clone(),
                bases: g1_table.batch_mul(s),
                sigma_bases: g1_table.batch_mul(&sigma_scalars),
                eta_delta: ed,
            }
        })
        .collect();
    let commit_vk = CommitVerifyingKey {
        commitments: g2_points[3..]
            .iter()
            .map(|p| CommitmentVerifyingKey { g: vk.gamma_g2, g_sigma_neg: *p })
            .collect(),
        committed_wires: wires,
        vk: vk.clone(),
    };
    commit_vk.validate()?;
    let pk = ProvingKey {
        vk,
        beta_g1: singles[1],
        delta_g1: singles[2],
        a_query,
        b_g1_query,
        b_g2_query,
        h_query,
        l_query,
    };
    Ok((CommitProvingKey { pk, commitments, vk: commit_vk }, m))
}

/// The matrices of `circuit` (setup-mode synthesis with placeholder challenges): what a
/// [`super::CommitPreparedKey`] needs beside a stored proving key.
pub fn commit_matrices<C: CommitCircuit>(circuit: &C) -> Result<Matrices> {
    let k = circuit.num_commitments();
    let cs = setup_cs();
    let layout = circuit.synthesize(cs.clone(), &placeholder_challenges(k)?)?;
    check_layout(&cs, &layout, k)?;
    matrices_of(&cs)
}
