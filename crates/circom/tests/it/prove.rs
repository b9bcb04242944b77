//! Proving with snarkjs zkeys and witnesses (the committed fixtures): our proofs verify with the
//! project's verifier and with `snarkjs groth16 verify`; snarkjs's proofs verify with ours; a
//! witness of the wrong shape is a typed error; a changed public signal fails.

use ark_bn254::{Bn254, Fr};
use ark_ff::{AdditiveGroup, Field};
use ark_groth16::Proof;
use rand::{SeedableRng, rngs::StdRng};
use zkp_ledger_circom::{Error, R1cs, Wtns, Zkey, ZkeyProver};
use zkp_ledger_prover::{
    groth16,
    snarkjs::{self, ProofJson, VerificationKeyJson},
};

use crate::common::{fixture, snarkjs};

/// The committed fixtures (tools/circom/make-fixtures.sh).
const FIXTURES: [&str; 4] = ["poseidon", "eddsa", "smt", "sha256"];

/// Whether `snarkjs groth16 verify` accepts the proof and public signals under the fixture's
/// verification_key.json.
fn snarkjs_verifies(name: &str, proof: &Proof<Bn254>, public: &[Fr]) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let proof_path = dir.path().join("proof.json");
    let public_path = dir.path().join("public.json");
    std::fs::write(&proof_path, snarkjs::to_json_string(&ProofJson::from_proof(proof, None)))
        .unwrap();
    std::fs::write(&public_path, snarkjs::to_json_string(&snarkjs::public_to_json(public)))
        .unwrap();
    let out = snarkjs()
        .args(["groth16", "verify"])
        .arg(fixture(name).join("verification_key.json"))
        .arg(&public_path)
        .arg(&proof_path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let ok = stdout.contains("OK!");
    // snarkjs exits 0 exactly when it prints OK!.
    assert_eq!(
        ok,
        out.status.success(),
        "snarkjs: {stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    ok
}

fn read(name: &str) -> (ZkeyProver, Wtns) {
    let dir = fixture(name);
    let zkey = Zkey::read(&dir.join(format!("{name}.zkey"))).unwrap();
    let wtns = Wtns::read(&dir.join(format!("{name}.wtns"))).unwrap();
    (ZkeyProver::new(zkey), wtns)
}

/// Our proof verifies here and with snarkjs; with one public signal changed, with neither.
fn our_proof_verifies(name: &str, seed: u64) {
    let (prover, wtns) = read(name);
    let proof = prover.prove(&wtns.values, &mut StdRng::seed_from_u64(seed)).unwrap();
    let mut public = prover.public_signals(&wtns.values).unwrap();
    // The public signals are snarkjs's public.json for this witness.
    let json: Vec<String> = snarkjs::read_json(&fixture(name).join("public.json")).unwrap();
    assert_eq!(public, snarkjs::public_from_json(&json).unwrap());

    let pvk = groth16::prepare(&prover.vk);
    assert!(groth16::verify(&pvk, &proof, &public).unwrap(), "{name}: our verifier refuses");
    assert!(snarkjs_verifies(name, &proof, &public), "{name}: snarkjs refuses our proof");

    let last = public.len() - 1;
    public[last] += Fr::ONE;
    assert!(!groth16::verify(&pvk, &proof, &public).unwrap());
    assert!(!snarkjs_verifies(name, &proof, &public), "{name}: snarkjs accepts a changed signal");
}

#[test]
fn poseidon_our_proof_verifies_here_and_with_snarkjs() {
    our_proof_verifies("poseidon", 1);
}

#[test]
fn eddsa_our_proof_verifies_here_and_with_snarkjs() {
    our_proof_verifies("eddsa", 2);
}

#[test]
fn smt_our_proof_verifies_here_and_with_snarkjs() {
    our_proof_verifies("smt", 4);
}

#[test]
fn sha256_our_proof_verifies_here_and_with_snarkjs() {
    our_proof_verifies("sha256", 5);
}

#[test]
fn snarkjs_proofs_verify_with_ours() {
    for name in FIXTURES {
        let dir = fixture(name);
        let zkey = Zkey::read(&dir.join(format!("{name}.zkey"))).unwrap();
        // The key snarkjs exported is the zkey's.
        let json: VerificationKeyJson =
            snarkjs::read_json(&dir.join("verification_key.json")).unwrap();
        assert_eq!(json.to_vk().unwrap(), *zkey.verifying_key(), "{name}");
        let proof: ProofJson = snarkjs::read_json(&dir.join("proof.json")).unwrap();
        let proof = proof.to_proof().unwrap();
        let public: Vec<String> = snarkjs::read_json(&dir.join("public.json")).unwrap();
        let mut public = snarkjs::public_from_json(&public).unwrap();
        let pvk = groth16::prepare(zkey.verifying_key());
        assert!(groth16::verify(&pvk, &proof, &public).unwrap(), "{name}");
        public[0] += Fr::ONE;
        assert!(!groth16::verify(&pvk, &proof, &public).unwrap(), "{name}");
    }
}

#[test]
fn proofs_are_randomised_and_seeded() {
    let (prover, wtns) = read("poseidon");
    let p1 = prover.prove(&wtns.values, &mut StdRng::seed_from_u64(7)).unwrap();
    let p2 = prover.prove(&wtns.values, &mut StdRng::seed_from_u64(7)).unwrap();
    let p3 = prover.prove(&wtns.values, &mut StdRng::seed_from_u64(8)).unwrap();
    assert_eq!(p1, p2);
    assert_ne!(p1.a, p3.a);
    assert_ne!(p1.c, p3.c);
}

#[test]
fn witness_of_another_circuit_is_a_typed_error() {
    let (prover, _) = read("eddsa");
    let (_, other) = read("poseidon");
    let mut rng = StdRng::seed_from_u64(9);
    match prover.prove(&other.values, &mut rng) {
        Err(Error::WitnessLength { expected, found }) => {
            assert_eq!((expected, found), (prover.num_vars(), other.values.len()));
        }
        r => panic!("expected WitnessLength, got {r:?}"),
    }
    let (prover, wtns) = read("poseidon");
    let mut w = wtns.values.clone();
    w.pop();
    assert!(matches!(prover.prove(&w, &mut rng), Err(Error::WitnessLength { .. })));
    w.extend([Fr::ONE, Fr::ONE]);
    assert!(matches!(prover.public_signals(&w), Err(Error::WitnessLength { .. })));
    let mut w = wtns.values;
    w[0] = Fr::ZERO;
    assert!(matches!(prover.prove(&w, &mut rng), Err(Error::WitnessConstant)));
}

#[test]
fn unsatisfying_witness_fails_the_r1cs_check_and_its_proof_fails() {
    let dir = fixture("poseidon");
    let r1cs = R1cs::read(&dir.join("poseidon.r1cs")).unwrap();
    let (prover, wtns) = read("poseidon");
    r1cs.check(&wtns.values).unwrap();
    // A changed private signal: the r1cs check names a constraint, and a proof made anyway
    // (the zkey has no C to check it against) does not verify.
    let mut w = wtns.values;
    let i = w.len() / 2;
    w[i] += Fr::ONE;
    assert!(matches!(r1cs.check(&w), Err(Error::Unsatisfied { .. })));
    let proof = prover.prove(&w, &mut StdRng::seed_from_u64(10)).unwrap();
    let public = prover.public_signals(&w).unwrap();
    assert!(!groth16::verify(&groth16::prepare(&prover.vk), &proof, &public).unwrap());
    assert!(matches!(r1cs.check(&w[1..]), Err(Error::WitnessLength { .. })));
}

#[test]
fn sha256_witness_satisfies_its_r1cs_and_outputs_the_digest() {
    let dir = fixture("sha256");
    let r1cs = R1cs::read(&dir.join("sha256.r1cs")).unwrap();
    let wtns = Wtns::read(&dir.join("sha256.wtns")).unwrap();
    r1cs.check(&wtns.values).unwrap();
    // SHA-256 of "zkpledgr" by Node's crypto (tools/circom/fixture-inputs.mjs prints it); the
    // circuit outputs it as two big-endian 128-bit halves, wires 1 and 2.
    let digest = "f8098c1066cbd59c81c659d5046bec6b41f8c8748882c6a6ef5e9a31b3bb11cb";
    let half = |h: &str| Fr::from(u128::from_str_radix(h, 16).unwrap());
    assert_eq!(r1cs.num_public(), 2);
    assert_eq!(wtns.values[1..=2], [half(&digest[..32]), half(&digest[32..])]);
}

/// The fixture's witness satisfies every constraint of its r1cs, and its public signals are the
/// named inputs of input.json (circomlibjs's values), in snarkjs's order.
fn witness_matches_input(name: &str, public: &[&str]) {
    let dir = fixture(name);
    let r1cs = R1cs::read(&dir.join(format!("{name}.r1cs"))).unwrap();
    let wtns = Wtns::read(&dir.join(format!("{name}.wtns"))).unwrap();
    r1cs.check(&wtns.values).unwrap();
    let input: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("input.json")).unwrap()).unwrap();
    let expected: Vec<String> = public
        .iter()
        .map(|k| match &input[k] {
            serde_json::Value::String(s) => s.clone(),
            v => v.to_string(),
        })
        .collect();
    assert_eq!(r1cs.num_public(), public.len(), "{name}");
    assert_eq!(
        wtns.values[1..=public.len()],
        snarkjs::public_from_json(&expected).unwrap()[..],
        "{name}"
    );
    // A changed private input (the first: S, or the first sibling) breaks a constraint.
    let mut w = wtns.values;
    w[public.len() + 1] += Fr::ONE;
    assert!(matches!(r1cs.check(&w), Err(Error::Unsatisfied { .. })), "{name}");
}

#[test]
fn eddsa_witness_satisfies_its_r1cs_and_publishes_key_and_message() {
    witness_matches_input("eddsa", &["Ax", "Ay", "M"]);
}

#[test]
fn smt_witness_satisfies_its_r1cs_and_publishes_root_key_value() {
    witness_matches_input("smt", &["root", "key", "value"]);
}

#[test]
fn witness_of_another_circuit_fails_the_r1cs_check() {
    let r1cs = R1cs::read(&fixture("eddsa").join("eddsa.r1cs")).unwrap();
    let other = Wtns::read(&fixture("smt").join("smt.wtns")).unwrap();
    match r1cs.check(&other.values) {
        Err(Error::WitnessLength { expected, found }) => {
            assert_eq!((expected, found), (r1cs.num_wires, other.values.len()));
        }
        r => panic!("expected WitnessLength, got {r:?}"),
    }
}
