//! The committed verifiers, Solidity fixture libraries, keys and fixtures agree with each other:
//! regenerating any generated file from its committed source gives the same bytes, and every
//! committed proof verifies with our Rust verifier under its committed key.

use zkp_ledger_prover::{KeyDir, Verifier, evm::circuit_id_hex};

use crate::common::*;

/// The value of `bytes32 public constant CIRCUIT_ID` in generated Solidity.
pub(crate) fn circuit_id_constant(source: &str) -> String {
    let at = source.find("bytes32 public constant CIRCUIT_ID =").expect("a CIRCUIT_ID constant");
    let rest = &source[at..];
    let start = rest.find("0x").unwrap();
    rest[start..start + 66].to_string()
}

#[test]
fn verifiers_match_their_keys() {
    for a in ARTIFACTS {
        check_or_bless(a.out, &a.render());
    }
}

#[test]
fn solidity_fixtures_match_their_json() {
    for f in SOL_FIXTURES {
        check_or_bless(f.out, &f.render());
    }
}

#[test]
fn reference_key_directories_are_consistent() {
    for (rel, name) in [
        ("circuits/keys/inclusion-20", "InclusionVerifier"),
        ("circuits/keys/dataset-64x8", "DatasetVerifier"),
    ] {
        // Opening checks the verifying key's hash and circuit id against the manifest.
        let kd = KeyDir::open(&at_root(rel)).unwrap();
        let a = ARTIFACTS.iter().find(|a| a.name == name).unwrap();
        assert_eq!(circuit_id_constant(&a.render()), kd.manifest.circuit_id, "{name}");
        assert_eq!(kd.manifest.public_inputs, kd.vk.gamma_abc_g1.len() - 1);
    }
}

#[test]
fn committed_proofs_verify_under_their_keys() {
    let cases = [
        ("circuits/fixtures/inclusion-20", "circuits/keys/inclusion-20"),
        ("circuits/fixtures/dataset-64x8", "circuits/keys/dataset-64x8"),
        ("circuits/fixtures/gas-l1", "circuits/fixtures/gas-l1"),
        ("circuits/fixtures/gas-l4", "circuits/fixtures/gas-l4"),
        ("circuits/fixtures/gas-l8", "circuits/fixtures/gas-l8"),
        ("circuits/fixtures/infinity-ic", "circuits/fixtures/infinity-ic"),
    ];
    for (fixture, keys) in cases {
        let vk = fixture_vk(keys);
        let f = CalldataFixture::read(&at_root(fixture));
        assert_eq!(f.circuit_id, circuit_id_hex(&vk), "{fixture}");
        assert_eq!(f.public_inputs, vk.gamma_abc_g1.len() - 1, "{fixture}");
        let verifier = Verifier::new(vk);
        for (i, (proof, inputs)) in f.decoded().iter().enumerate() {
            assert!(verifier.verify(proof, inputs).unwrap(), "{fixture} proof {i}");
            let mut wrong = inputs.clone();
            wrong[0] += ark_bn254::Fr::from(1u64);
            assert!(!verifier.verify(proof, &wrong).unwrap(), "{fixture} proof {i}, input 0 + 1");
        }
    }
}

#[test]
fn infinity_fixture_key_has_ic_points_at_infinity() {
    use ark_ec::AffineRepr;
    let vk = fixture_vk("circuits/fixtures/infinity-ic");
    let zero: Vec<bool> = vk.gamma_abc_g1.iter().map(|p| p.is_zero()).collect();
    assert_eq!(zero, [true, false, true, false, false]);
    let json =
        std::fs::read_to_string(at_root("circuits/fixtures/infinity-ic/verification_key.json"))
            .unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["IC"][0], serde_json::json!(["0", "1", "0"]), "snarkjs's form of infinity");
    let source = ARTIFACTS.iter().find(|a| a.name == "InfinityIcVerifier").unwrap().render();
    assert!(!source.contains("IC0_X") && !source.contains("IC2_X"));
    assert!(source.contains("IC1_X") && source.contains("IC4_X"));
}
