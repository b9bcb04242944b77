//! A Circom circuit on the devnet: `deploy-verifier --zkey` deploys and registers the verifier
//! of a snarkjs zkey under its verifying key's circuit id, `circom fullprove` proves, and
//! `submit-proof --vk` has StatementRegistry verify the proof and record its statement; the
//! registry refuses the same statement twice, a proof submitted for another circuit id, and a
//! changed public signal, each with its named error.

use serde_json::{Value, json};
use zkp_ledger_prover::{
    evm::circuit_id_hex,
    snarkjs::{VerificationKeyJson, read_json},
};

use crate::support::{Devnet, repo_root, rpc_call, stderr, stdout};

/// A file of a committed Circom fixture, from the repository root (the CLI's working directory
/// in these tests).
fn fixture(name: &str, file: &str) -> String {
    format!("circuits/circom/fixtures/{name}/{file}")
}

/// The circuit id of a fixture's verification_key.json, computed here from the key.
fn vk_id(name: &str) -> String {
    let path = repo_root().join(fixture(name, "verification_key.json"));
    circuit_id_hex(&read_json::<VerificationKeyJson>(&path).unwrap().to_vk().unwrap())
}

fn ok_json(o: std::process::Output) -> Value {
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

/// Refused: exit 1 and `needle` (the contract error's name) in the message.
fn refused(o: std::process::Output, needle: &str) -> String {
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(needle), "expected {needle}: {err}");
    err
}

#[test]
fn a_circom_proof_is_verified_and_recorded_on_chain() {
    let d = Devnet::up();
    let (zkey, vk) =
        (fixture("poseidon", "poseidon.zkey"), fixture("poseidon", "verification_key.json"));
    let id = vk_id("poseidon");

    // The verifier of the zkey, registered under the id derived from its verifying key.
    let v = ok_json(d.cmd(&["deploy-verifier", "--zkey", &zkey, "--chain", "sepolia", "--json"]));
    assert_eq!(v["circuit_id"], json!(id), "{v}");
    assert_eq!(v["inclusion"], json!(false), "{v}");
    let dep = d.deployment(11_155_111);
    assert_eq!(dep["verifiers"][&id]["address"], v["deployed"][0]["verifier"], "{dep}");
    let registry = dep["statementRegistry"]["address"].as_str().unwrap().to_string();

    // A proof by our prover, the witness from the circuit's wasm.
    let h = d.home.path();
    let (proof, public) = (h.join("proof.json"), h.join("public.json"));
    let (proof_s, public_s) = (proof.to_str().unwrap(), public.to_str().unwrap());
    let o = d.cmd(&[
        "circom",
        "fullprove",
        &fixture("poseidon", "input.json"),
        &fixture("poseidon", "poseidon.wasm"),
        &zkey,
        "--proof",
        proof_s,
        "--public",
        public_s,
        "-q",
    ]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let submit = |extra: &[&str]| {
        let mut args =
            vec!["submit-proof", "--proof", proof_s, "--public", public_s, "--chain", "sepolia"];
        args.extend_from_slice(extra);
        d.cmd(&args)
    };

    // snarkjs's proof.json format carries no circuit id: one must be named.
    refused(submit(&[]), "--circuit-id, --zkey or --vk");

    // Submitted with the id derived from the verification key: verified and recorded.
    let s = ok_json(submit(&["--vk", &vk, "--json"]));
    let hash = s["statement_hash"].as_str().unwrap().trim_start_matches("0x").to_string();
    let block = s["block"].as_u64().unwrap();
    assert!(block > 0, "{s}");
    let selector = hex::encode(&alloy::primitives::keccak256("verifiedAt(bytes32)")[..4]);
    let at = rpc_call(
        &d.rpc(0),
        "eth_call",
        json!([{ "to": registry, "data": format!("0x{selector}{hash}") }, "latest"]),
    );
    let at = u64::from_str_radix(at.as_str().unwrap().trim_start_matches("0x"), 16).unwrap();
    assert_eq!(at, block, "verifiedAt(statement) is the block of the submission");

    // The same statement again, now under the id given as deploy-verifier printed it.
    refused(submit(&["--circuit-id", &id]), "StatementAlreadyVerified");

    // The proof submitted for another circuit (the eddsa fixture's id, not registered here).
    let other = vk_id("eddsa");
    assert_ne!(other, id);
    let err = refused(submit(&["--circuit-id", &other]), "UnknownCircuit");
    assert!(err.contains(&other[2..]), "{err}");

    // A changed public signal (a = 1 -> 2): the verifier refuses the proof, through the registry.
    let mut signals: Vec<String> = read_json(&public).unwrap();
    signals[1] = "2".into();
    std::fs::write(&public, serde_json::to_string(&signals).unwrap()).unwrap();
    refused(submit(&["--zkey", &zkey]), "ProofInvalid");
}
