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

#[test]
fn commit_verifier_matches_its_key() {
    check_or_bless(COMMIT_ARTIFACT.out, &COMMIT_ARTIFACT.render_commit());
}

/// The commit fixture is what its maker makes (seeded keys and proofs), and its proofs verify
/// under its key with both folds of the Rust verifier, and fail with a changed input.
#[test]
fn commit_fixture_is_reproducible_and_verifies() {
    use zkp_ledger_prover::{
        commit::CommitVerifier, evm::commit_circuit_id_hex, snarkjs::CommitVerificationKeyJson,
    };
    let (vk, fixture) = crate::make::commit_fixture_data();
    let committed_vk = COMMIT_ARTIFACT.commit_vk();
    assert_eq!(committed_vk, vk, "the committed key is the maker's");
    let committed = CalldataFixture::read(&at_root(COMMIT_FIXTURE_DIR));
    assert_eq!(committed, fixture, "the committed proofs are the maker's");
    assert_eq!(
        std::fs::read_to_string(at_root(COMMIT_ARTIFACT.vk)).unwrap(),
        zkp_ledger_prover::snarkjs::to_json_string(&CommitVerificationKeyJson::from_vk(&vk))
    );
    assert_eq!(committed.circuit_id, commit_circuit_id_hex(&vk));
    assert_eq!(circuit_id_constant(&COMMIT_ARTIFACT.render_commit()), committed.circuit_id);
    let verifier = CommitVerifier::new(vk).unwrap();
    for (i, (proof, inputs)) in committed.decoded_commit().iter().enumerate() {
        assert!(verifier.verify(proof, inputs).unwrap(), "proof {i}");
        assert!(verifier.verify_fiat_shamir(proof, inputs).unwrap(), "proof {i}");
        let mut wrong = inputs.clone();
        wrong[1] += ark_bn254::Fr::from(1u64);
        assert!(!verifier.verify_fiat_shamir(proof, &wrong).unwrap(), "proof {i}, input 1 + 1");
    }
}
