//! Interoperability with snarkjs in both directions: a snarkjs-made verifying key goes through
//! the generator with the circuit id our tools give it, our verifier accepts snarkjs's proofs,
//! and our calldata words equal snarkjs's `soliditycalldata` output.

use zkp_ledger_prover::{
    Verifier,
    evm::circuit_id_hex,
    snarkjs::{VerificationKeyJson, read_json},
};

use crate::{committed::circuit_id_constant, common::*};

const DIR: &str = "circuits/fixtures/snarkjs-preimage";

#[test]
fn snarkjs_key_gets_our_circuit_id() {
    let vk = read_json::<VerificationKeyJson>(&at_root(DIR).join("verification_key.json"))
        .unwrap()
        .to_vk()
        .unwrap();
    let a = ARTIFACTS.iter().find(|a| a.name == "SnarkjsPreimageVerifier").unwrap();
    let source = a.render();
    assert_eq!(circuit_id_constant(&source), circuit_id_hex(&vk));
    assert!(source.contains(&format!("// Circuit id: {}", circuit_id_hex(&vk))));
}

#[test]
fn our_verifier_accepts_snarkjs_proofs() {
    let dir = at_root(DIR);
    let v = Verifier::from_vk_file(&dir.join("verification_key.json")).unwrap();
    for (proof, public) in [("proof.json", "public.json"), ("proof2.json", "public2.json")] {
        assert!(v.verify_files(&dir.join(proof), &dir.join(public)).unwrap(), "{proof}");
    }
    // Each proof with the other's inputs fails.
    let f = snarkjs_fixture();
    let d = f.decoded();
    assert!(!v.verify(&d[0].0, &d[1].1).unwrap());
    assert!(!v.verify(&d[1].0, &d[0].1).unwrap());
}

/// `snarkjs zkey export soliditycalldata` writes `[a], [[b]], [c], [inputs]` with B's
/// coordinates already in the precompile's order: the same 8 + 2 words as ours.
#[test]
fn our_calldata_words_equal_snarkjs_soliditycalldata() {
    let f = snarkjs_fixture();
    for (i, file) in ["calldata.txt", "calldata2.txt"].iter().enumerate() {
        let text = std::fs::read_to_string(at_root(DIR).join(file)).unwrap();
        let words: Vec<String> = text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| w.starts_with("0x"))
            .map(str::to_lowercase)
            .collect();
        let ours: Vec<String> =
            f.proofs[i].proof.iter().chain(&f.proofs[i].input).cloned().collect();
        assert_eq!(words, ours, "{file}");
    }
}
