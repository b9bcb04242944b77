//! Groth16 with commitments: honest proofs verify, every mutant and forgery is rejected, keys and
//! encodings are strict. The circuit is defined here: the sum of squares of committed values is a
//! public input, a tag input stands for "another statement", and wires depending on the
//! challenges make the prover's second pass matter.

use std::sync::OnceLock;

use ark_bn254::{Bn254, Fq, Fr, G1Affine, G1Projective};
use ark_ec::{AffineRepr, CurveGroup, pairing::Pairing};
use ark_ff::{BigInteger, One, PrimeField, UniformRand, Zero};
use ark_groth16::Groth16;
use ark_r1cs_std::{
    alloc::AllocVar,
    eq::EqGadget,
    fields::{FieldVar, fp::FpVar},
};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError, Variable};
use ark_std::rand::{SeedableRng, rngs::StdRng};
use num_bigint::BigUint;
use sha3::{Digest, Keccak256};
use zkp_ledger_prover::{
    Error,
    commit::{
        COMMITMENT_DST, CommitCircuit, CommitLayout, CommitPreparedKey, CommitProof,
        CommitVerifier, challenge, commit, expand_message_xmd, fold_challenge,
        generate_commit_keys, hash_to_field, prove_commit, prove_commit_unchecked,
        synthesize_commit,
    },
    evm::{
        Calldata, circuit_id_hex, commit_circuit_id_hex, commit_proof_from_words,
        commit_proof_words,
    },
    snarkjs::{CommitProofJson, CommitVerificationKeyJson, public_to_json},
};

/// Committed data values (commitment 1).
const N: usize = 4;
/// Values of the second commitment.
const M: usize = 3;

#[derive(Clone)]
struct TestCircuit {
    k: usize,
    data: Vec<Fr>,
    extra: Vec<Fr>,
    sumsq: Fr,
    tag: Fr,
    /// Also commit to `challenge_1 * data_0`: a committed value that depends on a challenge.
    bad: bool,
    /// Also commit to a witness that is in no constraint (a commitment would not bind it).
    unused: bool,
    /// One more public input (another circuit shape).
    extra_input: bool,
}

fn var(v: &FpVar<Fr>) -> Result<Variable, SynthesisError> {
    match v {
        FpVar::Var(a) => Ok(a.variable),
        FpVar::Constant(_) => Err(SynthesisError::AssignmentMissing),
    }
}

impl CommitCircuit for TestCircuit {
    fn num_commitments(&self) -> usize {
        self.k
    }

    fn synthesize(
        &self,
        cs: ConstraintSystemRef<Fr>,
        challenges: &[Fr],
    ) -> Result<CommitLayout, SynthesisError> {
        let sumsq = FpVar::new_input(cs.clone(), || Ok(self.sumsq))?;
        let tag = FpVar::new_input(cs.clone(), || Ok(self.tag))?;
        if self.extra_input {
            let x = FpVar::new_input(cs.clone(), || Ok(self.tag))?;
            x.enforce_equal(&tag)?;
        }
        let ch = challenges
            .iter()
            .map(|c| FpVar::new_input(cs.clone(), || Ok(*c)))
            .collect::<Result<Vec<_>, _>>()?;
        let data = self
            .data
            .iter()
            .map(|d| FpVar::new_witness(cs.clone(), || Ok(*d)))
            .collect::<Result<Vec<_>, _>>()?;
        let mut acc = FpVar::<Fr>::zero();
        for d in &data {
            acc += d * d;
        }
        acc.enforce_equal(&sumsq)?;
        let _tag_sq = &tag * &tag;
        // prod (c_1 - d_i): depends on the challenge.
        let mut prod = FpVar::<Fr>::one();
        for d in &data {
            prod = &prod * &(&ch[0] - d);
        }
        let mut committed = vec![data.iter().map(var).collect::<Result<Vec<_>, _>>()?];
        if self.bad {
            let w = &ch[0] * &data[0];
            committed[0].push(var(&w)?);
        }
        if self.unused {
            let w = FpVar::new_witness(cs.clone(), || Ok(Fr::from(3u64)))?;
            committed[0].push(var(&w)?);
        }
        if self.k == 2 {
            let extra = self
                .extra
                .iter()
                .map(|e| FpVar::new_witness(cs.clone(), || Ok(*e)))
                .collect::<Result<Vec<_>, _>>()?;
            // Horner evaluation of sum e_j X^j at c_2.
            let mut h = FpVar::<Fr>::zero();
            for e in extra.iter().rev() {
                h = &(&h * &ch[1]) + e;
            }
            let _ = &h * &prod;
            committed.push(extra.iter().map(var).collect::<Result<Vec<_>, _>>()?);
        }
        Ok(CommitLayout { challenges: ch.iter().map(var).collect::<Result<_, _>>()?, committed })
    }
}

fn data() -> Vec<Fr> {
    (0..N as u64).map(|i| Fr::from(1_000 + 37 * i)).collect()
}

fn circuit(k: usize, data: Vec<Fr>, tag: u64) -> TestCircuit {
    let sumsq = data.iter().map(|d| d * d).sum();
    TestCircuit {
        k,
        extra: (0..M as u64).map(|i| Fr::from(7 + i)).collect(),
        data,
        sumsq,
        tag: Fr::from(tag),
        bad: false,
        unused: false,
        extra_input: false,
    }
}

struct Keys {
    key: CommitPreparedKey,
    verifier: CommitVerifier,
}

fn keys(k: usize) -> &'static Keys {
    static K: [OnceLock<Keys>; 2] = [OnceLock::new(), OnceLock::new()];
    K[k - 1].get_or_init(|| {
        let mut rng = StdRng::seed_from_u64(1000 + k as u64);
        let (pk, m) = generate_commit_keys(&circuit(k, data(), 0), &mut rng).unwrap();
        let verifier = CommitVerifier::new(pk.vk.clone()).unwrap();
        Keys { key: CommitPreparedKey::new(pk, m), verifier }
    })
}

fn prove(k: usize, c: &TestCircuit, seed: u64) -> (CommitProof, Vec<Fr>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let (p, i, _) = prove_commit(&keys(k).key, c, &vec![None; k], &mut rng).unwrap();
    (p, i)
}

fn honest(k: usize) -> (CommitProof, Vec<Fr>) {
    prove(k, &circuit(k, data(), 5), 7)
}

/// An honest proof with `k` commitments (1 or 2) and its inputs, for other test modules.
pub(crate) fn honest_proof(k: usize) -> (CommitProof, Vec<Fr>) {
    honest(k)
}

/// An honest proof with `k` commitments (1 or 2) of the statement `tag`, its data shifted by
/// `shift` and its randomness from `seed`: distinct honest proofs for batch tests.
pub(crate) fn honest_proof_of(k: usize, tag: u64, shift: u64, seed: u64) -> (CommitProof, Vec<Fr>) {
    let values = data().into_iter().map(|d| d + Fr::from(shift)).collect();
    prove(k, &circuit(k, values, tag), seed)
}

/// The verifier of the test circuit with `k` commitments.
pub(crate) fn verifier(k: usize) -> &'static CommitVerifier {
    &keys(k).verifier
}

/// The committed values of the honest proofs.
pub(crate) fn data_values() -> Vec<Fr> {
    data()
}

/// `(D, P)` of `values` under the one-commitment key, blinded by `v`.
pub(crate) fn commitment_to(values: &[Fr], v: Fr) -> (G1Affine, G1Affine) {
    commit(&keys(1).key.commitments[0], values, v).unwrap()
}

/// The verifying key of the test circuit with `k` commitments.
pub(crate) fn verifier_vk(k: usize) -> zkp_ledger_prover::commit::CommitVerifyingKey {
    keys(k).verifier.vk.clone()
}

/// Both verifiers (fresh randomness, Fiat–Shamir) must agree.
fn check(k: usize, proof: &CommitProof, inputs: &[Fr]) -> Result<bool, Error> {
    let v = &keys(k).verifier;
    let mut rng = StdRng::seed_from_u64(99);
    let a = v.verify_with_rng(proof, inputs, &mut rng);
    let b = v.verify_fiat_shamir(proof, inputs);
    match (&a, &b) {
        (Ok(x), Ok(y)) => assert_eq!(x, y, "the two folds disagree"),
        (Err(_), Err(_)) => {}
        _ => panic!("one verifier errs, the other does not: {a:?} / {b:?}"),
    }
    a
}

fn double(p: &G1Affine) -> G1Affine {
    (*p + *p).into_affine()
}

#[test]
fn honest_proofs_verify_with_one_and_two_commitments() {
    for k in [1, 2] {
        let (proof, inputs) = honest(k);
        assert_eq!(inputs.len(), 2, "challenges are not public inputs");
        assert_eq!(inputs[1], Fr::from(5u64));
        assert!(check(k, &proof, &inputs).unwrap());
        assert!(keys(k).verifier.verify(&proof, &inputs).unwrap());
        assert_eq!(keys(k).verifier.num_public(), 2);
        assert_eq!(keys(k).verifier.num_commitments(), k);
    }
}

#[test]
fn same_data_key_and_blinding_give_the_same_commitment() {
    let v1 = Fr::from(0xdead_beef_u64);
    for k in [1, 2] {
        let mut rng = StdRng::seed_from_u64(3);
        let mut blinding = vec![None; k];
        blinding[0] = Some(v1);
        let key = &keys(k).key;
        let (p1, i1, _) = prove_commit(key, &circuit(k, data(), 1), &blinding, &mut rng).unwrap();
        let (p2, i2, _) = prove_commit(key, &circuit(k, data(), 2), &blinding, &mut rng).unwrap();
        assert_ne!(i1, i2, "two different statements");
        assert_eq!(p1.commitments[0], p2.commitments[0]);
        assert_ne!(p1.proof.a, p2.proof.a);
        if k == 2 {
            assert_ne!(p1.commitments[1], p2.commitments[1], "commitment 2 is freshly blinded");
        }
        let (d, p) = commit(&key.commitments[0], &data(), v1).unwrap();
        assert_eq!((d, p), (p1.commitments[0], p1.poks[0]));
        assert!(check(k, &p1, &i1).unwrap() && check(k, &p2, &i2).unwrap());
        // Other data, same blinding: another commitment.
        let mut other = data();
        other[2] += Fr::one();
        assert_ne!(commit(&key.commitments[0], &other, v1).unwrap().0, d);
    }
}

#[test]
fn every_mutated_element_is_rejected() {
    for k in [1, 2] {
        let (proof, inputs) = honest(k);
        let mut mutants: Vec<(String, CommitProof, Vec<Fr>)> = Vec::new();
        let mut m = proof.clone();
        m.proof.a = double(&m.proof.a);
        mutants.push(("A".into(), m, inputs.clone()));
        let mut m = proof.clone();
        m.proof.b = (m.proof.b + m.proof.b).into_affine();
        mutants.push(("B".into(), m, inputs.clone()));
        let mut m = proof.clone();
        m.proof.c = double(&m.proof.c);
        mutants.push(("C".into(), m, inputs.clone()));
        for i in 0..k {
            let mut m = proof.clone();
            m.commitments[i] = double(&m.commitments[i]);
            mutants.push((format!("D{i}"), m, inputs.clone()));
            let mut m = proof.clone();
            m.poks[i] = double(&m.poks[i]);
            mutants.push((format!("P{i}"), m, inputs.clone()));
            // D and P scaled together: the proof of knowledge still holds, the rest must not.
            let mut m = proof.clone();
            m.commitments[i] = double(&m.commitments[i]);
            m.poks[i] = double(&m.poks[i]);
            mutants.push((format!("D{i} and P{i}"), m, inputs.clone()));
        }
        if k == 2 {
            let mut m = proof.clone();
            m.commitments.swap(0, 1);
            m.poks.swap(0, 1);
            mutants.push(("commitments swapped".into(), m, inputs.clone()));
        }
        for j in 0..inputs.len() {
            let mut i = inputs.clone();
            i[j] += Fr::one();
            mutants.push((format!("input {j}"), proof.clone(), i));
        }
        for (name, m, i) in mutants {
            assert!(!check(k, &m, &i).unwrap(), "k = {k}: mutant {name} verified");
        }
    }
}

#[test]
fn a_commitment_to_other_values_fails() {
    let k = 1;
    let key = &keys(k).key;
    let (proof, inputs) = honest(k);
    let mut other = data();
    other[0] += Fr::one();
    let v = Fr::from(12345u64);
    let (d, p) = commit(&key.commitments[0], &other, v).unwrap();
    assert!(keys(k).verifier.check_pok(0, &d, &p).unwrap(), "an honest P for the other values");
    let mut m = proof;
    m.commitments[0] = d;
    m.poks[0] = p;
    assert!(!check(k, &m, &inputs).unwrap());

    // A whole proof built around that commitment: the circuit's witness (the original data), the
    // challenge recomputed from the other commitment, C blinded for it.
    let c = circuit(k, data(), 5);
    let (z, _) = synthesize_commit(&c, &[challenge(&d).unwrap()]).unwrap();
    let mut rng = StdRng::seed_from_u64(4);
    let forged = prove_commit_unchecked(key, &z, &[v], vec![d], vec![p], &mut rng).unwrap();
    assert!(!check(k, &forged, &inputs).unwrap());

    // The same route with the honest commitment verifies: the forgeries fail for their reason.
    let (d0, p0) = commit(&key.commitments[0], &data(), v).unwrap();
    let (z0, _) = synthesize_commit(&c, &[challenge(&d0).unwrap()]).unwrap();
    let good = prove_commit_unchecked(key, &z0, &[v], vec![d0], vec![p0], &mut rng).unwrap();
    assert!(check(k, &good, &inputs).unwrap());
}

#[test]
fn mass_moved_from_commitment_2_into_commitment_1_fails() {
    let k = 2;
    let Keys { key, verifier } = keys(k);
    let c = circuit(k, data(), 5);
    let v = [Fr::from(11u64), Fr::from(13u64)];
    let z0 = synthesize_commit(&c, &[Fr::from(1u64), Fr::from(2u64)]).unwrap().0;
    let (mut d, mut p) = key.commit_assignment(&z0, &v).unwrap();
    // Move K_{2,0} from D_2 to D_1 (sum unchanged); P_1 takes sigma_2 K_{2,0}, what a prover
    // could do if both commitments shared one sigma.
    let (kb, sk) = (key.commitments[1].bases[0], key.commitments[1].sigma_bases[0]);
    d[0] = (d[0] + kb).into_affine();
    d[1] = (d[1] - kb).into_affine();
    p[0] = (p[0] + sk).into_affine();
    p[1] = (p[1] - sk).into_affine();
    let ch: Vec<Fr> = d.iter().map(|x| challenge(x).unwrap()).collect();
    let (z, _) = synthesize_commit(&c, &ch).unwrap();
    let mut rng = StdRng::seed_from_u64(5);
    let forged = prove_commit_unchecked(key, &z, &v, d.clone(), p.clone(), &mut rng).unwrap();
    let inputs = z[1..3].to_vec();

    // The main Groth16 equation holds: only the proofs of knowledge stand in the way.
    let pvk = &verifier.pvk;
    let mut full = inputs.clone();
    full.extend(&ch);
    let vk_x = Groth16::<Bn254>::prepare_inputs(pvk, &full).unwrap() + d[0] + d[1];
    let main = Bn254::multi_pairing(
        [forged.proof.a, (-vk_x).into_affine(), -forged.proof.c],
        [forged.proof.b, verifier.vk.vk.gamma_g2, verifier.vk.vk.delta_g2],
    );
    assert_eq!(main.0, pvk.alpha_g1_beta_g2, "the forgery satisfies the main equation");
    assert!(!verifier.check_pok(0, &d[0], &p[0]).unwrap());
    assert!(verifier.check_pok(1, &d[1], &p[1]).unwrap());
    assert!(!check(k, &forged, &inputs).unwrap());
}

#[test]
fn a_wrong_challenge_value_fails() {
    for k in [1, 2] {
        let key = &keys(k).key;
        let c = circuit(k, data(), 5);
        let v: Vec<Fr> = (0..k as u64).map(|i| Fr::from(100 + i)).collect();
        let z0 = synthesize_commit(&c, &vec![Fr::one(); k]).unwrap().0;
        let (d, p) = key.commit_assignment(&z0, &v).unwrap();
        let honest_ch: Vec<Fr> = d.iter().map(|x| challenge(x).unwrap()).collect();
        for i in 0..k {
            let mut ch = honest_ch.clone();
            ch[i] += Fr::one();
            // Every constraint holds with the wrong challenge.
            let (z, _) = synthesize_commit(&c, &ch).unwrap();
            key.key.matrices.check(&z).unwrap();
            let mut rng = StdRng::seed_from_u64(6);
            let forged =
                prove_commit_unchecked(key, &z, &v, d.clone(), p.clone(), &mut rng).unwrap();
            assert!(!check(k, &forged, &z[1..3]).unwrap(), "k = {k}: challenge {i}");
        }
    }
}

#[test]
fn identity_points_are_refused() {
    for k in [1, 2] {
        let (proof, inputs) = honest(k);
        for i in 0..k {
            let mut m = proof.clone();
            m.commitments[i] = G1Affine::zero();
            assert!(matches!(check(k, &m, &inputs), Err(Error::PointAtInfinity { .. })));
            let mut m = proof.clone();
            m.poks[i] = G1Affine::zero();
            assert!(matches!(check(k, &m, &inputs), Err(Error::PointAtInfinity { .. })));
            let mut m = proof.clone();
            m.commitments[i] = G1Affine::zero();
            m.poks[i] = G1Affine::zero();
            assert!(matches!(check(k, &m, &inputs), Err(Error::PointAtInfinity { .. })));
        }
        let mut m = proof.clone();
        m.proof.a = G1Affine::zero();
        assert!(matches!(check(k, &m, &inputs), Err(Error::PointAtInfinity { .. })));
        let mut m = proof.clone();
        m.commitments.pop();
        assert!(matches!(check(k, &m, &inputs), Err(Error::WrongCommitmentCount { .. })));
        let mut m = proof.clone();
        m.poks.push(proof.poks[0]);
        assert!(matches!(check(k, &m, &inputs), Err(Error::WrongCommitmentCount { .. })));
        // The challenges are not inputs: sending them too is the wrong count.
        let mut with_ch = inputs.clone();
        with_ch.extend(proof.commitments.iter().map(|d| challenge(d).unwrap()));
        assert!(matches!(check(k, &proof, &with_ch), Err(Error::WrongInputCount { .. })));
        // A point off the curve.
        let mut m = proof.clone();
        let (x, y) = m.commitments[0].xy().unwrap();
        m.commitments[0] = G1Affine::new_unchecked(x, y + Fq::one());
        assert!(matches!(check(k, &m, &inputs), Err(Error::NotOnCurve { .. })));
    }
}

fn q() -> BigUint {
    BigUint::from_bytes_le(&Fq::MODULUS.to_bytes_le())
}

fn plus_q(s: &str) -> String {
    (s.parse::<BigUint>().unwrap() + q()).to_string()
}

#[test]
fn non_canonical_encodings_are_refused() {
    let k = 2;
    let v = &keys(k).verifier;
    let (proof, inputs) = honest(k);
    let json = CommitProofJson::from_proof(&proof, Some(v.circuit_id.clone()));
    let public = public_to_json(&inputs);
    assert!(v.verify_json(&json, &public).unwrap());
    for i in 0..k {
        for c in 0..2 {
            let mut m = json.clone();
            m.commitments[i][c] = plus_q(&m.commitments[i][c]);
            assert!(matches!(v.verify_json(&m, &public), Err(Error::NotInField { .. })));
            let mut m = json.clone();
            m.commitment_pok[i][c] = plus_q(&m.commitment_pok[i][c]);
            assert!(matches!(v.verify_json(&m, &public), Err(Error::NotInField { .. })));
            let mut m = json.clone();
            m.commitments[i][c] = format!("0{}", m.commitments[i][c]);
            assert!(matches!(v.verify_json(&m, &public), Err(Error::NonCanonicalNumber { .. })));
        }
        let mut m = json.clone();
        m.commitments[i][2] = "0".into();
        assert!(matches!(v.verify_json(&m, &public), Err(Error::NotAffine { .. })));
        let mut m = json.clone();
        m.commitment_pok[i] = ["0".into(), "0".into(), "1".into()];
        assert!(matches!(v.verify_json(&m, &public), Err(Error::PointAtInfinity { .. })));
        let mut m = json.clone();
        m.commitments[i][1] = (m.commitments[i][1].parse::<BigUint>().unwrap() + 1u32).to_string();
        assert!(matches!(v.verify_json(&m, &public), Err(Error::NotOnCurve { .. })));
    }
    let mut m = json.clone();
    m.commitment_pok.pop();
    assert!(matches!(v.verify_json(&m, &public), Err(Error::WrongCommitmentCount { .. })));
    let mut m = json.clone();
    m.circuit_id = Some(circuit_id_hex(&v.vk.vk));
    assert!(matches!(v.verify_json(&m, &public), Err(Error::CircuitMismatch { .. })));
    // A plain proof document is not a proof with commitments, and the reverse.
    let text = serde_json::to_string(&json).unwrap();
    assert!(serde_json::from_str::<zkp_ledger_prover::snarkjs::ProofJson>(&text).is_err());

    // Calldata words: every word of D and P above q, and the wrong number of words.
    let words = commit_proof_words(&proof);
    assert_eq!(words.len(), 8 + 4 * k);
    for j in 8..words.len() {
        let mut w = words.clone();
        let big = BigUint::from_bytes_be(&w[j]) + q();
        let bytes = big.to_bytes_be();
        if bytes.len() <= 32 {
            w[j] = [0u8; 32];
            w[j][32 - bytes.len()..].copy_from_slice(&bytes);
            assert!(matches!(commit_proof_from_words(&w, k), Err(Error::NotInField { .. })));
        }
        let mut w = words.clone();
        w[j] = [0u8; 32];
        assert!(commit_proof_from_words(&w, k).is_err(), "word {j} zeroed");
    }
    assert!(matches!(
        commit_proof_from_words(&words[..words.len() - 2], k),
        Err(Error::WrongCommitmentCount { .. })
    ));
    assert!(matches!(
        commit_proof_from_words(&words, k - 1),
        Err(Error::WrongCommitmentCount { .. })
    ));
    let mut cd = Calldata::from_commit(&proof, &inputs);
    cd.input[0] = format!("0x{}", hex::encode(Fr::MODULUS.to_bytes_be()));
    assert!(matches!(cd.to_commit_proof(k), Err(Error::NotInField { .. })));
}

#[test]
fn degenerate_keys_are_refused() {
    let vk = &keys(2).verifier.vk;
    let json = CommitVerificationKeyJson::from_vk(vk);
    assert_eq!(json.to_vk().unwrap(), *vk);
    let degenerate = |j: &CommitVerificationKeyJson| {
        assert!(matches!(j.to_vk(), Err(Error::DegenerateKey { .. })));
    };
    let mut m = json.clone();
    m.vk_delta_2 = m.vk_gamma_2.clone();
    degenerate(&m);
    let mut m = json.clone();
    m.commitment_keys[1].g_sigma_neg = m.commitment_keys[0].g_sigma_neg.clone();
    degenerate(&m);
    let mut m = json.clone();
    m.commitment_keys[0].g = m.vk_delta_2.clone();
    degenerate(&m);
    let mut m = json.clone();
    m.commitment_keys[0].g_sigma_neg = m.vk_gamma_2.clone();
    degenerate(&m);
    let mut m = json;
    m.committed_wires.pop();
    degenerate(&m);
    // In memory too.
    let mut bad = vk.clone();
    bad.vk.delta_g2 = bad.vk.gamma_g2;
    assert!(matches!(CommitVerifier::new(bad), Err(Error::DegenerateKey { .. })));
    let mut bad = vk.clone();
    bad.vk.alpha_g1 = G1Affine::generator();
    assert!(matches!(CommitVerifier::new(bad), Err(Error::DegenerateKey { .. })));
    let mut bad = vk.clone();
    bad.commitments[0].g_sigma_neg = -bad.vk.gamma_g2;
    assert!(matches!(CommitVerifier::new(bad), Err(Error::DegenerateKey { .. })));
}

#[test]
fn an_unsatisfied_witness_is_an_error_and_a_forced_proof_fails() {
    for k in [1, 2] {
        let key = &keys(k).key;
        let mut c = circuit(k, data(), 5);
        c.sumsq += Fr::one();
        let mut rng = StdRng::seed_from_u64(8);
        let err = prove_commit(key, &c, &vec![None; k], &mut rng).unwrap_err();
        assert!(matches!(err, Error::Unsatisfied { .. }), "{err}");
        let v: Vec<Fr> = (0..k as u64).map(|i| Fr::from(200 + i)).collect();
        let z0 = synthesize_commit(&c, &vec![Fr::one(); k]).unwrap().0;
        let (d, p) = key.commit_assignment(&z0, &v).unwrap();
        let ch: Vec<Fr> = d.iter().map(|x| challenge(x).unwrap()).collect();
        let (z, _) = synthesize_commit(&c, &ch).unwrap();
        assert!(key.key.matrices.check(&z).is_err());
        let forced = prove_commit_unchecked(key, &z, &v, d, p, &mut rng).unwrap();
        assert!(!check(k, &forced, &z[1..3]).unwrap());
    }
}

#[test]
fn prover_refuses_bad_circuits_and_blinding() {
    let mut rng = StdRng::seed_from_u64(9);
    // A committed value that depends on the challenge.
    let mut c = circuit(1, data(), 5);
    c.bad = true;
    let (pk, m) = generate_commit_keys(&c, &mut rng).unwrap();
    let key = CommitPreparedKey::new(pk, m);
    let err = prove_commit(&key, &c, &[None], &mut rng).unwrap_err();
    assert!(matches!(err, Error::CommittedValuesChanged { commitment: 0 }), "{err}");
    // Zero blinding, wrong count of blinding values, a circuit of another shape.
    let key = &keys(1).key;
    let c = circuit(1, data(), 5);
    assert!(matches!(
        prove_commit(key, &c, &[Some(Fr::zero())], &mut rng),
        Err(Error::ZeroBlinding { commitment: 0 })
    ));
    assert!(matches!(
        prove_commit(key, &c, &[None, None], &mut rng),
        Err(Error::WrongCommitmentCount { .. })
    ));
    let mut other = circuit(1, data(), 5);
    other.bad = true;
    assert!(matches!(
        prove_commit(key, &other, &[None], &mut rng),
        Err(Error::CommitLayout { .. })
    ));
    let mut other = circuit(1, data(), 5);
    other.extra_input = true;
    assert!(matches!(
        prove_commit(key, &other, &[None], &mut rng),
        Err(Error::CommitLayout { .. })
    ));
}

#[test]
fn json_and_calldata_round_trip() {
    for k in [1, 2] {
        let v = &keys(k).verifier;
        let (proof, inputs) = honest(k);
        let text = serde_json::to_string_pretty(&CommitProofJson::from_proof(
            &proof,
            Some(v.circuit_id.clone()),
        ))
        .unwrap();
        let back: CommitProofJson = serde_json::from_str(&text).unwrap();
        assert_eq!(back.to_proof().unwrap(), proof);
        assert!(v.verify_json(&back, &public_to_json(&inputs)).unwrap());

        let vk_text = serde_json::to_string(&CommitVerificationKeyJson::from_vk(&v.vk)).unwrap();
        let vk_back: CommitVerificationKeyJson = serde_json::from_str(&vk_text).unwrap();
        assert_eq!(vk_back.n_public, 2);
        assert_eq!(vk_back.ic.len(), 3 + k);
        let vk2 = vk_back.to_vk().unwrap();
        assert_eq!(vk2, v.vk);
        assert_eq!(commit_circuit_id_hex(&vk2), v.circuit_id);
        assert_ne!(v.circuit_id, circuit_id_hex(&v.vk.vk), "the commitment keys are hashed too");

        let cd = Calldata::from_commit(&proof, &inputs);
        assert_eq!(cd.proof.len(), 8 + 4 * k);
        let (p2, i2) = cd.to_commit_proof(k).unwrap();
        assert_eq!((p2, i2.clone()), (proof.clone(), inputs.clone()));
        let args = Calldata::abi_args_commit(&proof, &inputs);
        assert_eq!(args.len(), 32 * (8 + 4 * k + inputs.len()));
        // The Fiat–Shamir rho is keccak256 of exactly these argument words, mod r.
        let rho = Fr::from_be_bytes_mod_order(&Keccak256::digest(&args));
        assert_eq!(rho, fold_challenge(&proof, &inputs));
        assert!(v.verify_with_rho(&proof, &inputs, rho).unwrap());
    }
}

#[test]
fn a_failing_proof_of_knowledge_is_caught_whatever_rho() {
    // P scaled by 2 with D unchanged: the folded check fails for any nonzero rho.
    let k = 1;
    let (mut proof, inputs) = honest(k);
    proof.poks[0] = double(&proof.poks[0]);
    let v = &keys(k).verifier;
    let mut rng = StdRng::seed_from_u64(10);
    for _ in 0..4 {
        assert!(!v.verify_with_rho(&proof, &inputs, Fr::rand(&mut rng)).unwrap());
    }
    // With rho = 0 the proofs of knowledge drop out (probability 1/r for a drawn or hashed rho):
    // the main equation alone then accepts, which is why rho must never be chosen by the prover.
    assert!(v.verify_with_rho(&proof, &inputs, Fr::zero()).unwrap());
}

/// RFC 9380 appendix K.1: expand_message_xmd(SHA-256), DST "QUUX-V01-CS02-with-expander-SHA256-128".
#[test]
fn expand_message_xmd_matches_rfc9380() {
    let dst = b"QUUX-V01-CS02-with-expander-SHA256-128";
    let q128 = format!("q128_{}", "q".repeat(128));
    let a512 = format!("a512_{}", "a".repeat(512));
    let vectors: [(&str, usize, &str); 7] = [
        ("", 0x20, "68a985b87eb6b46952128911f2a4412bbc302a9d759667f87f7a21d803f07235"),
        ("abc", 0x20, "d8ccab23b5985ccea865c6c97b6e5b8350e794e603b4b97902f53a8a0d605615"),
        (
            "abcdef0123456789",
            0x20,
            "eff31487c770a893cfb36f912fbfcbff40d5661771ca4b2cb4eafe524333f5c1",
        ),
        (&q128, 0x20, "b23a1d2b4d97b2ef7785562a7e8bac7eed54ed6e97e29aa51bfe3f12ddad1ff9"),
        (&a512, 0x20, "4623227bcc01293b8c130bf771da8c298dede7383243dc0993d2d94823958c4c"),
        (
            "",
            0x80,
            "af84c27ccfd45d41914fdff5df25293e221afc53d8ad2ac06d5e3e29485dadbee0d121587713a3e0dd4d\
             5e69e93eb7cd4f5df4cd103e188cf60cb02edc3edf18eda8576c412b18ffb658e3dd6ec849469b979d44\
             4cf7b26911a08e63cf31f9dcc541708d3491184472c2c29bb749d4286b004ceb5ee6b9a7fa5b646c993f\
             0ced",
        ),
        (
            "abc",
            0x80,
            "abba86a6129e366fc877aab32fc4ffc70120d8996c88aee2fe4b32d6c7b6437a647e6c3163d40b76a73c\
             f6a5674ef1d890f95b664ee0afa5359a5c4e07985635bbecbac65d747d3d2da7ec2b8221b17b0ca9dc8a\
             1ac1c07ea6a1e60583e2cb00058e77b7b72a298425cd1b941ad4ec65e8afc50303a22c0f99b0509b4c89\
             5f40",
        ),
    ];
    for (msg, len, want) in vectors {
        let got = expand_message_xmd(msg.as_bytes(), dst, len).unwrap();
        assert_eq!(hex::encode(got), want, "msg {msg:.10}, len {len}");
    }
    assert!(matches!(expand_message_xmd(b"", &[0u8; 256], 32), Err(Error::HashToField { .. })));
    assert!(matches!(expand_message_xmd(b"", dst, 255 * 32 + 1), Err(Error::HashToField { .. })));
}

#[test]
fn the_challenge_is_gnarks_hash_of_the_commitment() {
    let (proof, _) = honest(1);
    let d = proof.commitments[0];
    let (x, y) = d.xy().unwrap();
    let mut msg = x.into_bigint().to_bytes_be();
    msg.extend(y.into_bigint().to_bytes_be());
    assert_eq!(msg.len(), 64);
    let bytes = expand_message_xmd(&msg, COMMITMENT_DST, 48).unwrap();
    let want = Fr::from_be_bytes_mod_order(&bytes);
    assert_eq!(challenge(&d).unwrap(), want);
    assert_eq!(hash_to_field(&msg, b"bsb22-commitment").unwrap(), want);
    assert!(matches!(challenge(&G1Affine::zero()), Err(Error::PointAtInfinity { .. })));
    // A random point hashes elsewhere.
    let mut rng = StdRng::seed_from_u64(11);
    let other = G1Projective::rand(&mut rng).into_affine();
    assert_ne!(challenge(&other).unwrap(), want);
}

#[test]
fn setup_refuses_unbound_committed_wires_and_bad_layouts() {
    let mut rng = StdRng::seed_from_u64(13);
    let mut c = circuit(1, data(), 0);
    c.unused = true;
    assert!(matches!(generate_commit_keys(&c, &mut rng), Err(Error::CommitLayout { .. })));
    // A circuit that declares two commitments but returns one set.
    let wrong = circuit(1, data(), 0);
    struct Liar(TestCircuit);
    impl CommitCircuit for Liar {
        fn num_commitments(&self) -> usize {
            2
        }
        fn synthesize(
            &self,
            cs: ConstraintSystemRef<Fr>,
            challenges: &[Fr],
        ) -> Result<CommitLayout, SynthesisError> {
            let mut l = self.0.synthesize(cs, &challenges[..1])?;
            l.challenges.push(l.challenges[0]);
            Ok(l)
        }
    }
    assert!(matches!(
        generate_commit_keys(&Liar(wrong), &mut rng),
        Err(Error::CommitLayout { .. })
    ));
}

#[test]
fn the_proving_key_serializes_and_still_proves() {
    use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
    use zkp_ledger_prover::commit::CommitProvingKey;
    let mut rng = StdRng::seed_from_u64(12);
    let (pk, m) = generate_commit_keys(&circuit(2, data(), 0), &mut rng).unwrap();
    let mut bytes = Vec::new();
    pk.serialize_uncompressed(&mut bytes).unwrap();
    let back = CommitProvingKey::deserialize_uncompressed(&bytes[..]).unwrap();
    assert_eq!(back, pk);
    let verifier = CommitVerifier::new(pk.vk.clone()).unwrap();
    let key = CommitPreparedKey::new(back, m);
    let (proof, inputs, _) =
        prove_commit(&key, &circuit(2, data(), 4), &[None, None], &mut rng).unwrap();
    assert!(verifier.verify(&proof, &inputs).unwrap());
    // Proofs of one key do not verify under another key of the same circuit.
    assert!(!keys(2).verifier.verify(&proof, &inputs).unwrap());
}
