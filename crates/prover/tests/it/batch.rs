//! Batch verification of proofs with commitments (`CommitVerifier::verify_batch`): honest
//! batches pass; one mutated proof anywhere (A, B, C, a commitment, a proof of knowledge, an
//! input), commitments swapped between two proofs, or two invalid proofs whose errors would
//! cancel under equal weights make the batch fail; malformed proofs and an empty batch are errors;
//! a batch of one agrees with the single verifier.

use ark_bn254::{Fr, G1Affine};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::One;
use ark_std::rand::{SeedableRng, rngs::StdRng};
use zkp_ledger_prover::{
    Error,
    commit::CommitProof,
    snarkjs::{CommitProofJson, public_to_json},
};

use crate::commit::{honest_proof_of, verifier};

/// Proofs in the batches.
const BATCH: usize = 4;

fn batch(k: usize) -> Vec<(CommitProof, Vec<Fr>)> {
    (0..BATCH as u64).map(|i| honest_proof_of(k, 10 + i, 3 * i, 500 + i)).collect()
}

fn run(k: usize, items: &[(CommitProof, Vec<Fr>)], seed: u64) -> Result<bool, Error> {
    let refs: Vec<(&CommitProof, &[Fr])> = items.iter().map(|(p, x)| (p, x.as_slice())).collect();
    verifier(k).verify_batch(&refs, &mut StdRng::seed_from_u64(seed))
}

fn double(p: &G1Affine) -> G1Affine {
    (*p + *p).into_affine()
}

/// Every single-proof mutant of `proof` that changes a value (named).
fn mutants(k: usize, proof: &CommitProof, inputs: &[Fr]) -> Vec<(String, CommitProof, Vec<Fr>)> {
    let mut out = Vec::new();
    let mut m = proof.clone();
    m.proof.a = double(&m.proof.a);
    out.push(("A".to_string(), m, inputs.to_vec()));
    let mut m = proof.clone();
    m.proof.b = (m.proof.b + m.proof.b).into_affine();
    out.push(("B".to_string(), m, inputs.to_vec()));
    let mut m = proof.clone();
    m.proof.c = double(&m.proof.c);
    out.push(("C".to_string(), m, inputs.to_vec()));
    for j in 0..k {
        let mut m = proof.clone();
        m.commitments[j] = double(&m.commitments[j]);
        out.push((format!("D{j}"), m, inputs.to_vec()));
        let mut m = proof.clone();
        m.poks[j] = double(&m.poks[j]);
        out.push((format!("P{j}"), m, inputs.to_vec()));
        let mut m = proof.clone();
        m.commitments[j] = double(&m.commitments[j]);
        m.poks[j] = double(&m.poks[j]);
        out.push((format!("D{j} and P{j}"), m, inputs.to_vec()));
    }
    for l in 0..inputs.len() {
        let mut x = inputs.to_vec();
        x[l] += Fr::one();
        out.push((format!("input {l}"), proof.clone(), x));
    }
    out
}

#[test]
fn honest_batches_verify() {
    for k in [1, 2] {
        let items = batch(k);
        for (p, x) in &items {
            assert!(verifier(k).verify(p, x).unwrap());
        }
        assert!(run(k, &items, 1).unwrap(), "k = {k}");
        assert!(run(k, &items, 2).unwrap(), "k = {k}, other weights");
        // The same proof twice is still a valid batch.
        let twice = vec![items[0].clone(), items[0].clone()];
        assert!(run(k, &twice, 3).unwrap());
    }
}

#[test]
fn one_mutated_proof_anywhere_fails_the_batch() {
    for k in [1, 2] {
        let items = batch(k);
        for at in 0..BATCH {
            let (proof, inputs) = &items[at];
            for (name, m, x) in mutants(k, proof, inputs) {
                let mut bad = items.clone();
                bad[at] = (m, x);
                assert!(!run(k, &bad, 7).unwrap(), "k = {k}: mutant {name} at {at} passed");
            }
        }
    }
}

#[test]
fn commitments_swapped_between_two_proofs_fail() {
    for k in [1, 2] {
        let items = batch(k);
        for j in 0..k {
            let mut bad = items.clone();
            let (d0, p0) = (bad[0].0.commitments[j], bad[0].0.poks[j]);
            let (d1, p1) = (bad[1].0.commitments[j], bad[1].0.poks[j]);
            bad[0].0.commitments[j] = d1;
            bad[0].0.poks[j] = p1;
            bad[1].0.commitments[j] = d0;
            bad[1].0.poks[j] = p0;
            assert!(!run(k, &bad, 8).unwrap(), "k = {k}: commitment {j} swapped");
            // Each receiving proof alone is invalid too.
            assert!(!verifier(k).verify(&bad[0].0, &bad[0].1).unwrap());
        }
    }
}

#[test]
fn two_errors_that_cancel_under_equal_weights_fail() {
    // C_0 + X and C_1 - X: the sum of the two single-verifier products is unchanged, so only
    // independent weights catch it.
    let k = 1;
    let mut items = batch(k);
    let x = G1Affine::generator();
    items[0].0.proof.c = (items[0].0.proof.c + x).into_affine();
    items[1].0.proof.c = (items[1].0.proof.c - x).into_affine();
    for seed in 0..4 {
        assert!(!run(k, &items, seed).unwrap());
    }
}

#[test]
fn a_batch_of_one_agrees_with_verify() {
    for k in [1, 2] {
        let (proof, inputs) = honest_proof_of(k, 42, 0, 9);
        let mut cases = vec![("honest".to_string(), proof.clone(), inputs.clone())];
        cases.extend(mutants(k, &proof, &inputs));
        for (name, m, x) in cases {
            let single = verifier(k).verify(&m, &x).unwrap();
            let batch = run(k, &[(m, x)], 11).unwrap();
            assert_eq!(single, batch, "k = {k}: {name}");
        }
    }
}

#[test]
fn empty_and_malformed_batches_are_errors() {
    let k = 2;
    assert!(matches!(run(k, &[], 1), Err(Error::EmptyBatch)));
    let items = batch(k);
    // A point at infinity, a missing proof of knowledge, a wrong input count: errors, wherever
    // the proof sits, as for the single verifier.
    let mut bad = items.clone();
    bad[3].0.commitments[1] = G1Affine::zero();
    assert!(matches!(run(k, &bad, 1), Err(Error::PointAtInfinity { .. })));
    let mut bad = items.clone();
    bad[2].0.poks.pop();
    assert!(matches!(run(k, &bad, 1), Err(Error::WrongCommitmentCount { .. })));
    let mut bad = items;
    bad[1].1.push(Fr::one());
    assert!(matches!(run(k, &bad, 1), Err(Error::WrongInputCount { .. })));
    // A proof for the other key (k = 1) in a k = 2 batch.
    let mut bad = batch(k);
    bad[0] = honest_proof_of(1, 1, 0, 1);
    assert!(matches!(run(k, &bad, 1), Err(Error::WrongCommitmentCount { .. })));
}

#[test]
fn json_batches_check_circuit_ids() {
    let k = 1;
    let v = verifier(k);
    let items = batch(k);
    let jsons: Vec<(CommitProofJson, Vec<String>)> = items
        .iter()
        .map(|(p, x)| {
            (CommitProofJson::from_proof(p, Some(v.circuit_id.clone())), public_to_json(x))
        })
        .collect();
    let refs: Vec<(&CommitProofJson, &[String])> =
        jsons.iter().map(|(p, x)| (p, x.as_slice())).collect();
    assert!(v.verify_batch_json(&refs, &mut StdRng::seed_from_u64(5)).unwrap());
    let mut other = jsons.clone();
    other[2].0.circuit_id = Some(verifier(2).circuit_id.clone());
    let refs: Vec<(&CommitProofJson, &[String])> =
        other.iter().map(|(p, x)| (p, x.as_slice())).collect();
    assert!(matches!(
        v.verify_batch_json(&refs, &mut StdRng::seed_from_u64(5)),
        Err(Error::CircuitMismatch { .. })
    ));
}
