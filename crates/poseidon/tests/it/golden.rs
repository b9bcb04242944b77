use std::{
    io::Write,
    path::PathBuf,
    process::{Command, Stdio},
};

use ark_bn254::Fr;
use ark_ff::UniformRand;
use rand::{SeedableRng, rngs::StdRng};
use serde::Deserialize;
use zkp_ledger_poseidon::{Error, hash, params};

use crate::{fr_from_dec, fr_to_dec};

#[derive(Deserialize)]
struct Vectors {
    source: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    inputs: Vec<String>,
    output: String,
}

/// Vectors committed in tests/vectors/circomlibjs.json, made by `node tools/poseidon/golden.mjs`.
#[test]
fn committed_circomlibjs_vectors() {
    let v: Vectors =
        serde_json::from_str(include_str!("../vectors/circomlibjs.json")).expect("vectors parse");
    assert!(v.source.starts_with("circomlibjs"));
    assert_eq!(v.cases.len(), 72);
    for c in &v.cases {
        let inputs: Vec<Fr> = c.inputs.iter().map(|s| fr_from_dec(s)).collect();
        assert_eq!(fr_to_dec(&hash(&inputs).unwrap()), c.output, "inputs {:?}", c.inputs);
    }
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Fresh random inputs for every arity, hashed by circomlibjs in a node process now.
#[test]
fn live_circomlibjs_random_inputs() {
    let root = repo_root();
    assert!(
        root.join("node_modules/circomlibjs").is_dir(),
        "node_modules/circomlibjs is missing: run `npm ci` in the repository root"
    );
    let mut rng = StdRng::seed_from_u64(0x5eed_0001);
    let cases: Vec<Vec<Fr>> = (params::MIN_INPUTS..=params::MAX_INPUTS)
        .flat_map(|n| (0..8).map(move |_| n))
        .map(|n| (0..n).map(|_| Fr::rand(&mut rng)).collect())
        .collect();
    let request = serde_json::json!({
        "cases": cases.iter().map(|c| c.iter().map(fr_to_dec).collect::<Vec<_>>()).collect::<Vec<_>>()
    });
    let mut child = Command::new("node")
        .arg(root.join("tools/poseidon/golden.mjs"))
        .arg("--stdin")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    child.stdin.take().unwrap().write_all(request.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "node failed");
    let outputs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let outputs = outputs["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), cases.len());
    for (c, o) in cases.iter().zip(outputs) {
        assert_eq!(fr_to_dec(&hash(c).unwrap()), o.as_str().unwrap());
    }
}

#[test]
fn arity_out_of_range_is_an_error() {
    assert_eq!(hash(&[]), Err(Error::UnsupportedArity { got: 0, min: 1, max: 8 }));
    assert_eq!(hash(&[Fr::from(1u64); 9]), Err(Error::UnsupportedArity { got: 9, min: 1, max: 8 }));
}

/// The well-known value Poseidon([1, 2]) from circomlib's own test suite.
#[test]
fn circomlib_poseidon_1_2() {
    assert_eq!(
        fr_to_dec(&hash(&[Fr::from(1u64), Fr::from(2u64)]).unwrap()),
        "7853200120776062878684798364095072458815029376092732009249414926327459813530"
    );
}
