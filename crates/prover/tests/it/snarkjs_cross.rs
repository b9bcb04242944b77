//! snarkjs (an independent implementation) accepts our proofs of both circuits, and both
//! verifiers reject every single-bit mutant of every proof field.

use std::{
    io::Write,
    process::{Command, Stdio},
};

use num_bigint::BigUint;
use serde_json::{Value, json};
use zkp_ledger_prover::{ProofBundle, Verifier, snarkjs::ProofJson};

use crate::common::*;

fn snarkjs_verify_many(cases: &[Value]) -> Vec<Value> {
    let root = repo_root();
    assert!(
        root.join("node_modules/snarkjs").is_dir(),
        "node_modules/snarkjs is missing: run `npm ci` in the repository root"
    );
    let mut child = Command::new("node")
        .arg(root.join("tools/snarkjs/verify-many.mjs"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    let input = json!({ "cases": cases }).to_string();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "verify-many.mjs failed");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["results"].as_array().unwrap().clone()
}

/// The proof with bit 0 of one coordinate flipped.
fn mutants(p: &ProofJson) -> Vec<(String, ProofJson)> {
    let flip = |s: &str| (s.parse::<BigUint>().unwrap() ^ BigUint::from(1u8)).to_string();
    let mut out = Vec::new();
    for k in 0..2 {
        let mut m = p.clone();
        m.pi_a[k] = flip(&m.pi_a[k]);
        out.push((format!("pi_a[{k}]"), m));
        let mut m = p.clone();
        m.pi_c[k] = flip(&m.pi_c[k]);
        out.push((format!("pi_c[{k}]"), m));
        for j in 0..2 {
            let mut m = p.clone();
            m.pi_b[k][j] = flip(&m.pi_b[k][j]);
            out.push((format!("pi_b[{k}][{j}]"), m));
        }
    }
    out
}

fn cross_check(dir: &std::path::Path, bundle: &ProofBundle) {
    let vk: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("verification_key.json")).unwrap())
            .unwrap();
    let proof = bundle.proof_json();
    let public = bundle.public_json();
    let ours = Verifier::from_key_dir(dir).unwrap();
    assert!(ours.verify_json(&proof, &public).unwrap());

    let muts = mutants(&proof);
    assert_eq!(muts.len(), 8, "one mutant per proof field");
    let mut cases = vec![json!({ "vk": vk, "proof": proof, "public": public })];
    for (_, m) in &muts {
        cases.push(json!({ "vk": vk, "proof": m, "public": public }));
        let verdict = ours.verify_json(m, &public);
        assert!(!matches!(verdict, Ok(true)), "our verifier accepted a mutant");
    }
    let results = snarkjs_verify_many(&cases);
    assert_eq!(results[0], Value::Bool(true), "snarkjs rejected our valid proof");
    for ((what, _), r) in muts.iter().zip(&results[1..]) {
        assert_ne!(*r, Value::Bool(true), "snarkjs accepted the mutant {what}");
    }
}

#[test]
fn snarkjs_accepts_inclusion_proof_and_rejects_mutants() {
    cross_check(&fixture().inclusion_dir, &inclusion_proof());
}

#[test]
fn snarkjs_accepts_dataset_proof_and_rejects_mutants() {
    cross_check(&fixture().dataset_dir, &dataset_proof());
}

/// The other direction: a verifying key and proofs made by snarkjs itself (committed fixtures,
/// see circuits/fixtures/snarkjs-preimage/README.md) decode under our strict rules, including
/// `vk_alphabeta_12`, and verify with our verifier; a changed input does not.
#[test]
fn snarkjs_made_proofs_verify_with_ours() {
    let dir = repo_root().join("circuits/fixtures/snarkjs-preimage");
    let v = Verifier::from_vk_file(&dir.join("verification_key.json")).unwrap();
    assert_eq!(v.num_public(), 2);
    for (proof, public) in [("proof.json", "public.json"), ("proof2.json", "public2.json")] {
        assert!(v.verify_files(&dir.join(proof), &dir.join(public)).unwrap(), "{proof}");
        let p: ProofJson = zkp_ledger_prover::snarkjs::read_json(&dir.join(proof)).unwrap();
        let mut inputs: Vec<String> =
            zkp_ledger_prover::snarkjs::read_json(&dir.join(public)).unwrap();
        inputs[1] = (inputs[1].parse::<BigUint>().unwrap() + BigUint::from(1u8)).to_string();
        assert!(!v.verify_json(&p, &inputs).unwrap());
    }
}
