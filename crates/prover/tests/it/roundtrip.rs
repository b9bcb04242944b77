use ark_bn254::Fr;
use ark_std::rand::{SeedableRng, rngs::StdRng};
use zkp_ledger_circuits::inclusion::{InclusionCircuit, Witness};
use zkp_ledger_prover::{Error, Verifier, groth16, inclusion};

use crate::common::*;

#[test]
fn inclusion_proof_verifies_from_files() {
    let f = fixture();
    let bundle = inclusion_proof();
    let out = tempfile::tempdir().unwrap();
    bundle.write(out.path()).unwrap();
    let v = Verifier::from_key_dir(&f.inclusion_dir).unwrap();
    assert!(
        v.verify_files(&out.path().join("proof.json"), &out.path().join("public.json")).unwrap()
    );
    let v = Verifier::from_vk_file(&f.inclusion_dir.join("verification_key.json")).unwrap();
    assert!(v.verify(&bundle.proof, &bundle.inputs).unwrap());
    assert_eq!(bundle.inputs.len(), 2);
}

#[test]
fn dataset_proof_verifies() {
    let f = fixture();
    let bundle = dataset_proof();
    let v = Verifier::from_key_dir(&f.dataset_dir).unwrap();
    assert!(v.verify(&bundle.proof, &bundle.inputs).unwrap());
    assert_eq!(bundle.inputs.len(), 3 + 4 * DATASET_SHAPE.1);
}

#[test]
fn wrong_public_input_is_invalid() {
    let f = fixture();
    let bundle = inclusion_proof();
    let v = Verifier::from_key_dir(&f.inclusion_dir).unwrap();
    for i in 0..bundle.inputs.len() {
        let mut inputs = bundle.inputs.clone();
        inputs[i] += Fr::from(1u64);
        assert!(!v.verify(&bundle.proof, &inputs).unwrap(), "input {i}");
    }
}

/// A wrong witness run through the prover anyway (bypassing the check) yields no valid proof.
#[test]
fn unsatisfied_witness_gives_no_valid_proof() {
    let f = fixture();
    let mut w = Witness::from_values(INCLUSION_DEPTH, &leaves(), 3).unwrap();
    w.proof.siblings[5] += Fr::from(1u64);
    let circuit = InclusionCircuit::for_proving(INCLUSION_DEPTH, w).unwrap();
    // The checked path refuses.
    assert!(matches!(f.inclusion.prove(circuit.clone()), Err(Error::Unsatisfied { .. })));
    // The raw prover makes something; it does not verify.
    let z = groth16::assignment(circuit).unwrap();
    let mut rng = StdRng::seed_from_u64(1);
    let proof = groth16::prove_unchecked(&f.inclusion.key, &z, &mut rng).unwrap();
    let v = Verifier::from_key_dir(&f.inclusion_dir).unwrap();
    assert!(!v.verify(&proof, &z[1..3]).unwrap());
}

#[test]
fn index_beyond_leaves_is_a_clear_error() {
    let err = inclusion::prove(&fixture().inclusion, &leaves(), 37).unwrap_err();
    assert!(err.to_string().contains("out of range"), "{err}");
}

#[test]
fn proofs_are_randomized() {
    let a = inclusion_proof();
    let b = inclusion_proof();
    assert_eq!(a.inputs, b.inputs);
    assert_ne!(a.proof, b.proof, "two proofs of one statement must differ (zero knowledge)");
}

#[test]
fn leaves_file_parsing() {
    let leaves = inclusion::parse_leaves("1\n0x02\n\n  0X0a  \n").unwrap();
    assert_eq!(leaves, vec![Fr::from(1u64), Fr::from(2u64), Fr::from(10u64)]);
    let err = inclusion::parse_leaves("1\nabc\n").unwrap_err();
    assert!(err.to_string().contains("line 2"), "{err}");
    let r = "21888242871839275222246405745257275088548364400416034343698204186575808495617";
    assert!(matches!(inclusion::parse_leaves(r), Err(Error::NotInField { .. })));
}

/// A prover with window tables (a long-running prover) makes proofs that verify, and only for
/// their own inputs; tables over the budget are refused and proving still works.
#[test]
fn proofs_with_window_tables_verify() {
    let f = fixture();
    let kd = zkp_ledger_prover::KeyDir::open(&f.inclusion_dir).unwrap();
    let mut prover = kd.load_prover(&zkp_ledger_prover::Silent).unwrap();
    assert!(!prover.key.precompute(0), "a zero budget builds nothing");
    assert!(!prover.key.has_tables());
    assert!(prover.key.precompute(usize::MAX));
    assert!(prover.key.has_tables());
    let v = Verifier::from_key_dir(&f.inclusion_dir).unwrap();
    for index in [0u64, 5, 36] {
        let (bundle, _) = inclusion::prove(&prover, &leaves(), index).unwrap();
        assert!(v.verify(&bundle.proof, &bundle.inputs).unwrap(), "leaf {index}");
        let mut wrong = bundle.inputs.clone();
        wrong[1] += Fr::from(1u64);
        assert!(!v.verify(&bundle.proof, &wrong).unwrap(), "leaf {index}, wrong input");
    }
    // The dataset circuit (35 public inputs, a third of its variables absent from B).
    let kd = zkp_ledger_prover::KeyDir::open(&f.dataset_dir).unwrap();
    let mut prover = kd.load_prover(&zkp_ledger_prover::Silent).unwrap();
    assert!(prover.key.precompute(usize::MAX));
    let shape = zkp_ledger_circuits::dataset::Shape::new(DATASET_SHAPE.0, DATASET_SHAPE.1).unwrap();
    let (w, _) = zkp_ledger_circuits::dataset::Witness::new(
        shape,
        &sample_dataset(),
        &sample_statements(),
        Fr::from(987654321u64),
    )
    .unwrap();
    let circuit = zkp_ledger_circuits::dataset::DatasetCircuit::for_proving(shape, w).unwrap();
    let (proof, inputs, _) = prover.prove(circuit).unwrap();
    let v = Verifier::from_key_dir(&f.dataset_dir).unwrap();
    assert!(v.verify(&proof, &inputs).unwrap());
}

/// `prove_entry` proves a ledger entry from the 32-byte words a store keeps (root and path), as
/// the batch tree over the entries' values makes them; a wrong sibling gives no valid proof.
#[test]
fn a_stored_entry_is_proven_from_its_words() {
    use zkp_ledger_prover::field::to_word;
    let f = fixture();
    let entries: Vec<[u8; 32]> = (0..5u8).map(|i| [i.wrapping_mul(37) ^ 0xf0; 32]).collect();
    let values: Vec<Fr> = entries.iter().map(zkp_ledger_merkle::entry_value).collect();
    let tree = zkp_ledger_merkle::Tree::new(INCLUSION_DEPTH, &values).unwrap();
    let index = 3u64;
    let path: Vec<[u8; 32]> = tree.proof(index).unwrap().siblings.iter().map(to_word).collect();
    let root = to_word(&tree.root());
    let v = Verifier::from_key_dir(&f.inclusion_dir).unwrap();
    let (bundle, _) =
        inclusion::prove_entry(&f.inclusion, &root, &entries[3], index, &path).unwrap();
    assert_eq!(bundle.inputs, [tree.root(), values[3]]);
    assert!(v.verify(&bundle.proof, &bundle.inputs).unwrap());
    let mut wrong = path;
    wrong[0][31] ^= 1;
    // Refused while proving (the witness fails a constraint), or a proof that does not verify.
    if let Ok((b, _)) = inclusion::prove_entry(&f.inclusion, &root, &entries[3], index, &wrong) {
        assert!(!v.verify(&b.proof, &b.inputs).unwrap());
    }
}
