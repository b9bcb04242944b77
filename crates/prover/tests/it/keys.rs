//! Key directories: manifests, hash checks, refusal of mixed or corrupted keys.

use zkp_ledger_prover::{CircuitSpec, Error, KeyDir, Silent, Verifier, keys::Manifest};

use crate::common::*;

#[test]
fn manifest_describes_the_keys() {
    let f = fixture();
    let kd = KeyDir::open(&f.inclusion_dir).unwrap();
    let m: &Manifest = &kd.manifest;
    assert_eq!(m.circuit, CircuitSpec::Inclusion { depth: INCLUSION_DEPTH });
    assert_eq!(m.public_inputs, 2);
    assert_eq!(m.constraints, 213 + 242 * INCLUSION_DEPTH + 1);
    assert!(m.circuit_id.starts_with("0x") && m.circuit_id.len() == 66);
    assert_eq!(m.circuit_id, f.inclusion.circuit_id);
    assert!(
        m.files.contains_key("proving_key.bin") && m.files.contains_key("verification_key.json")
    );
    assert_eq!(kd.expect("inclusion").unwrap(), m.circuit);
    assert!(matches!(kd.expect("dataset").unwrap_err(), Error::WrongCircuit { .. }));
}

#[test]
fn tampered_key_files_are_refused() {
    let f = fixture();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("k");
    copy_dir(&f.inclusion_dir, &dir);

    // One byte of the proving key.
    let pk = dir.join("proving_key.bin");
    let mut bytes = std::fs::read(&pk).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 1;
    std::fs::write(&pk, &bytes).unwrap();
    let kd = KeyDir::open(&dir).unwrap();
    let err = kd.load_prover(&Silent).unwrap_err();
    assert!(
        matches!(err, Error::KeyHashMismatch { ref file, .. } if file == "proving_key.bin"),
        "{err}"
    );

    // The verifying key swapped for the dataset circuit's.
    std::fs::copy(f.dataset_dir.join("verification_key.json"), dir.join("verification_key.json"))
        .unwrap();
    let err = KeyDir::open(&dir).unwrap_err();
    assert!(
        matches!(err, Error::KeyHashMismatch { ref file, .. } if file == "verification_key.json"),
        "{err}"
    );
    assert!(Verifier::from_key_dir(&dir).is_err());
}

#[test]
fn mixed_manifest_is_refused() {
    let f = fixture();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("k");
    copy_dir(&f.inclusion_dir, &dir);
    // A manifest whose hashes match but whose circuit id does not.
    let path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let id = &f.inclusion.circuit_id;
    std::fs::write(&path, text.replace(id.as_str(), &format!("0x{}", "11".repeat(32)))).unwrap();
    assert!(matches!(KeyDir::open(&dir).unwrap_err(), Error::CircuitIdMismatch { .. }));
    // A manifest that is not JSON.
    std::fs::write(&path, "{").unwrap();
    assert!(matches!(KeyDir::open(&dir).unwrap_err(), Error::Json { .. }));
    // No manifest at all.
    std::fs::remove_file(&path).unwrap();
    assert!(matches!(KeyDir::open(&dir).unwrap_err(), Error::Io { .. }));
}

#[test]
fn setup_refuses_a_non_empty_output_and_bad_params() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("x"), "x").unwrap();
    let err = KeyDir::setup(CircuitSpec::Inclusion { depth: 2 }, tmp.path(), &Silent).unwrap_err();
    assert!(matches!(err, Error::OutputExists(_)));
    let out = tmp.path().join("new");
    assert!(KeyDir::setup(CircuitSpec::Inclusion { depth: 0 }, &out, &Silent).is_err());
    assert!(KeyDir::setup(CircuitSpec::Dataset { rows: 4, cols: 25 }, &out, &Silent).is_err());
    assert!(!out.exists(), "a refused setup leaves nothing behind");
    // And a good one into an existing empty directory works, leaving no temporary files.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    KeyDir::setup(CircuitSpec::Inclusion { depth: 2 }, &empty, &Silent).unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".zkp-ledger"))
        .collect();
    assert!(leftovers.is_empty());
}
