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
        ("circuits/fixtures/gas-l2", "circuits/fixtures/gas-l2"),
        ("circuits/fixtures/gas-l3", "circuits/fixtures/gas-l3"),
        ("circuits/fixtures/gas-l4", "circuits/fixtures/gas-l4"),
        ("circuits/fixtures/gas-l5", "circuits/fixtures/gas-l5"),
        ("circuits/fixtures/gas-l6", "circuits/fixtures/gas-l6"),
        ("circuits/fixtures/gas-l7", "circuits/fixtures/gas-l7"),
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
fn commit_verifiers_match_their_keys() {
    for a in [COMMIT_ARTIFACT, COMMIT_K3_ARTIFACT, CHUNK_ARTIFACT] {
        check_or_bless(a.out, &a.render_commit());
    }
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
    for (i, (proof, inputs)) in committed.decoded_commit(1).iter().enumerate() {
        assert!(verifier.verify(proof, inputs).unwrap(), "proof {i}");
        assert!(verifier.verify_fiat_shamir(proof, inputs).unwrap(), "proof {i}");
        let mut wrong = inputs.clone();
        wrong[1] += ark_bn254::Fr::from(1u64);
        assert!(!verifier.verify_fiat_shamir(proof, &wrong).unwrap(), "proof {i}, input 1 + 1");
    }
}

/// The dataset chunk fixture: 3 chunk proofs with 2 commitments and 35 inputs (the production
/// shape's), chained (each h_prev is the previous h_next), each proof's D_1 the commitment's
/// D_i, every proof valid under the committed key with both folds and in one batch, a changed
/// input or a D from another proof refused; the final proof valid under the final key, about
/// the last chunk's h_next.
#[test]
fn chunk_fixture_verifies_under_its_keys() {
    use ark_bn254::Fr;
    use ark_ec::AffineRepr;
    use ark_std::rand::{SeedableRng, rngs::StdRng};
    use zkp_ledger_circuits::chunked::{chunk::ChunkShape, finalize};
    use zkp_ledger_prover::{
        commit::CommitVerifier, evm::commit_circuit_id_hex, field::to_decimal, snarkjs::read_json,
    };
    let vk = CHUNK_ARTIFACT.commit_vk();
    assert_eq!(vk.num_commitments(), 2);
    let shape = ChunkShape {
        rows: 1,
        numeric: CHUNK_NUMERIC,
        categorical: CHUNK_CATEGORICAL,
        set_size: CHUNK_SET_SIZE,
        limb_bits: CHUNK_LIMB_BITS,
    };
    assert_eq!(vk.num_public(), shape.num_public());
    assert_eq!(vk.num_public(), 35, "the production shape's inputs");
    let f = CalldataFixture::read(&at_root(CHUNK_FIXTURE_DIR));
    assert_eq!(f.circuit_id, commit_circuit_id_hex(&vk));
    assert_eq!(f.public_inputs, 35);
    let proofs = f.decoded_commit(2);
    assert_eq!(proofs.len(), 3);
    let commitment: serde_json::Value =
        read_json(&at_root(CHUNK_FIXTURE_DIR).join("commitment.json")).unwrap();
    let verifier = CommitVerifier::new(vk).unwrap();
    for (i, (proof, inputs)) in proofs.iter().enumerate() {
        assert!(verifier.verify_fiat_shamir(proof, inputs).unwrap(), "chunk {i}");
        let d = &commitment["chunks"][i]["d"];
        let (x, y) = proof.commitments[0].xy().unwrap();
        assert_eq!(d[0].as_str().unwrap(), to_decimal(&x), "chunk {i}: D_1 is the commitment's");
        assert_eq!(d[1].as_str().unwrap(), to_decimal(&y), "chunk {i}: D_1 is the commitment's");
        if i > 0 {
            assert_eq!(inputs[0], proofs[i - 1].1[1], "chunk {i}: h_prev is the previous h_next");
        }
        let mut wrong = inputs.clone();
        wrong[2] += Fr::from(1u64);
        assert!(!verifier.verify_fiat_shamir(proof, &wrong).unwrap(), "chunk {i}, n + 1");
        let mut foreign = proof.clone();
        foreign.commitments[0] = proofs[(i + 1) % 3].0.commitments[0];
        assert!(!verifier.verify_fiat_shamir(&foreign, inputs).unwrap(), "chunk {i}, other D_1");
    }
    let items: Vec<_> = proofs.iter().map(|(p, x)| (p, x.as_slice())).collect();
    assert!(verifier.verify_batch(&items, &mut StdRng::seed_from_u64(1)).unwrap());

    let final_dir = "circuits/fixtures/dataset-chunk/final";
    let final_vk = fixture_vk(final_dir);
    let ff = CalldataFixture::read(&at_root(final_dir));
    assert_eq!(ff.public_inputs, finalize::num_public(CHUNK_NUMERIC, CHUNK_CATEGORICAL));
    assert_eq!(ff.circuit_id, circuit_id_hex(&final_vk));
    let (proof, inputs) = ff.decoded().remove(0);
    assert_eq!(inputs[0], proofs[2].1[1], "the final proof opens the last h_next");
    assert!(Verifier::new(final_vk).verify(&proof, &inputs).unwrap());
}

/// The chunk fixture is what its maker makes (seeded keys, opening and proofs): every file.
#[test]
fn chunk_fixture_is_reproducible() {
    use zkp_ledger_prover::snarkjs::{
        CommitVerificationKeyJson, VerificationKeyJson, to_json_string,
    };
    let f = crate::make::chunk_fixture_data();
    let dir = at_root(CHUNK_FIXTURE_DIR);
    let read = |rel: &str| std::fs::read_to_string(dir.join(rel)).unwrap();
    assert_eq!(
        read("verification_key.json"),
        to_json_string(&CommitVerificationKeyJson::from_vk(&f.vk))
    );
    assert_eq!(
        read("final/verification_key.json"),
        to_json_string(&VerificationKeyJson::from_vk(&f.final_vk))
    );
    assert_eq!(CalldataFixture::read(&dir), f.chunks, "the committed chunk proofs are the maker's");
    assert_eq!(CalldataFixture::read(&dir.join("final")), f.final_proof);
    assert_eq!(read("commitment.json"), f.commitment);
    assert_eq!(read("statement.json"), f.statement);
}

/// The three-commitment fixture is what its maker makes, and its proofs verify under its key
/// with both folds and in a batch, and fail with a changed input or two commitments swapped.
#[test]
fn commit_k3_fixture_is_reproducible_and_verifies() {
    use ark_std::rand::{SeedableRng, rngs::StdRng};
    use zkp_ledger_prover::{commit::CommitVerifier, snarkjs::CommitVerificationKeyJson};
    let (vk, fixture) = crate::make::commit_k3_fixture_data();
    assert_eq!(vk.num_commitments(), 3);
    assert_eq!(COMMIT_K3_ARTIFACT.commit_vk(), vk, "the committed key is the maker's");
    assert_eq!(
        std::fs::read_to_string(at_root(COMMIT_K3_ARTIFACT.vk)).unwrap(),
        zkp_ledger_prover::snarkjs::to_json_string(&CommitVerificationKeyJson::from_vk(&vk))
    );
    let committed = CalldataFixture::read(&at_root(COMMIT_K3_FIXTURE_DIR));
    assert_eq!(committed, fixture, "the committed proofs are the maker's");
    assert_eq!(circuit_id_constant(&COMMIT_K3_ARTIFACT.render_commit()), committed.circuit_id);
    let verifier = CommitVerifier::new(vk).unwrap();
    let proofs = committed.decoded_commit(3);
    for (i, (proof, inputs)) in proofs.iter().enumerate() {
        assert!(verifier.verify_fiat_shamir(proof, inputs).unwrap(), "proof {i}");
        let mut wrong = inputs.clone();
        wrong[0] += ark_bn254::Fr::from(1u64);
        assert!(!verifier.verify_fiat_shamir(proof, &wrong).unwrap(), "proof {i}, input 0 + 1");
        let mut swapped = proof.clone();
        swapped.commitments.swap(0, 2);
        swapped.poks.swap(0, 2);
        assert!(!verifier.verify_fiat_shamir(&swapped, inputs).unwrap(), "proof {i}, swapped");
    }
    let items: Vec<_> = proofs.iter().map(|(p, x)| (p, x.as_slice())).collect();
    assert!(verifier.verify_batch(&items, &mut StdRng::seed_from_u64(3)).unwrap());
}

/// snarkjs 0.7.6's exported verifiers of the gas circuits (compared with ours by
/// `contracts/test/verifiers/SnarkjsComparison.gas.t.sol`) are what snarkjs's own template gives
/// for the committed keys (`tools/snarkjs/export-solidity-verifier.mjs`; rewritten instead with
/// ZKP_LEDGER_BLESS=1).
#[test]
fn snarkjs_verifiers_match_their_keys() {
    let bless = std::env::var(BLESS_ENV).is_ok_and(|v| v == "1");
    for l in 1..=8 {
        let mut cmd = std::process::Command::new("node");
        cmd.current_dir(repo_root()).args([
            "tools/snarkjs/export-solidity-verifier.mjs".to_string(),
            format!("circuits/fixtures/gas-l{l}/verification_key.json"),
            format!("Groth16VerifierGasL{l}"),
            format!("contracts/test/verifiers/generated/snarkjs/Groth16VerifierGasL{l}.sol"),
        ]);
        if !bless {
            cmd.arg("--check");
        }
        let out = cmd.output().expect("node runs (the repository's toolchain needs it)");
        assert!(out.status.success(), "l = {l}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// The Circom fixtures' verifiers: ours is what `zkp-ledger export-verifier --zkey` makes of the
/// fixture's zkey, snarkjs's is what `snarkjs zkey export solidityverifier` makes of it
/// (`tools/snarkjs/export-solidity-verifier.mjs`), both rewritten with ZKP_LEDGER_BLESS=1.
#[test]
fn circom_verifiers_match_their_zkeys() {
    use crate::circom::CircomFixture;
    let bless = std::env::var(BLESS_ENV).is_ok_and(|v| v == "1");
    for f in CircomFixture::all() {
        check_or_bless(&f.ours_out(), &f.render_ours());
        let out = f.export_snarkjs(!bless);
        assert!(out.status.success(), "{}: {}", f.name, String::from_utf8_lossy(&out.stderr));
    }
}

/// The Circom fixtures' Solidity library: our prover's proof (made again here, seeded) and
/// snarkjs's, both checked with our Rust verifier first (`circom::checked_proofs`).
#[test]
fn circom_sol_fixture_matches_its_proofs() {
    check_or_bless(crate::circom::CIRCOM_SOL_FIXTURE, &crate::circom::render_sol_fixture());
}
