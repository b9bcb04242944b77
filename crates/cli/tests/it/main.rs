//! The `zkp-ledger` binary end to end: real keys, real proofs, exit codes, files and messages.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on unexpected errors"
)]

use std::{
    path::{Path, PathBuf},
    process::{Command, Output},
};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_zkp-ledger"))
}

fn run(args: &[&str], cwd: &Path) -> Output {
    bin().args(args).current_dir(cwd).output().expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: Output) -> Output {
    assert!(o.status.success(), "failed: {}\n{}", stdout(&o), stderr(&o));
    o
}

const CSV: &str = "age,income,credit_score,update\n\
34,52000.50,700,0.0100\n\
51,71000.00,640,-0.0200\n\
19,0.99,300,0.0050\n\
77,12.00,850,0.0000\n";

fn dataset_keys(dir: &Path) -> PathBuf {
    let keys = dir.join("dk");
    ok(run(&["setup", "dataset", "--rows", "8", "--cols", "5", "--out", "dk", "-q"], dir));
    keys
}

#[test]
fn help_lists_every_command() {
    let o = ok(bin().arg("--help").output().unwrap());
    for c in
        ["setup", "prove", "notarize", "verify", "calldata", "bench", "export-verifier", "demo"]
    {
        assert!(stdout(&o).contains(c), "--help lacks {c}");
    }
    for c in [
        &["setup", "inclusion"][..],
        &["setup", "dataset"],
        &["prove", "inclusion"],
        &["notarize"],
        &["verify"],
    ] {
        let mut args = c.to_vec();
        args.push("--help");
        ok(bin().args(&args).output().unwrap());
    }
}

#[test]
fn inclusion_prove_and_verify_with_exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("leaves.txt"), "7\n0x0b\n13\n\n17\n").unwrap();
    ok(run(&["setup", "inclusion", "--depth", "6", "--out", "ik"], d));
    let o = ok(run(
        &[
            "prove",
            "inclusion",
            "--keys",
            "ik",
            "--leaves",
            "leaves.txt",
            "--index",
            "3",
            "--out",
            "p",
        ],
        d,
    ));
    assert!(stdout(&o).contains("proved leaf 3 of 4"), "{}", stdout(&o));
    let verify = |public: &str| {
        run(&["verify", "--keys", "ik", "--proof", "p/proof.json", "--public", public], d)
    };
    let o = verify("p/public.json");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("valid"));

    // Another leaf value: well-formed, invalid: exit 1.
    let public = std::fs::read_to_string(d.join("p/public.json")).unwrap();
    std::fs::write(d.join("other.json"), public.replace("\"17\"", "\"18\"")).unwrap();
    let o = verify("other.json");
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).starts_with("invalid"));

    // Unusable input: exit 2 with a reason.
    std::fs::write(d.join("broken.json"), &public[..public.len() / 2]).unwrap();
    let o = verify("broken.json");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not valid JSON"), "{}", stderr(&o));
    let o = verify("missing.json");
    assert_eq!(o.status.code(), Some(2));
    // Index past the leaves, leaf out of the field, wrong key kind: clear errors.
    let o = run(
        &[
            "prove",
            "inclusion",
            "--keys",
            "ik",
            "--leaves",
            "leaves.txt",
            "--index",
            "4",
            "--out",
            "q",
        ],
        d,
    );
    assert!(!o.status.success() && stderr(&o).contains("out of range"), "{}", stderr(&o));
    std::fs::write(
        d.join("bad.txt"),
        "1\n21888242871839275222246405745257275088548364400416034343698204186575808495617\n",
    )
    .unwrap();
    let o = run(
        &[
            "prove",
            "inclusion",
            "--keys",
            "ik",
            "--leaves",
            "bad.txt",
            "--index",
            "0",
            "--out",
            "q",
        ],
        d,
    );
    assert!(stderr(&o).contains("line 2") && stderr(&o).contains("modulus"), "{}", stderr(&o));

    // Calldata: 8 proof words and 2 inputs.
    let o =
        ok(run(&["--json", "calldata", "--proof", "p/proof.json", "--public", "p/public.json"], d));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["proof"].as_array().unwrap().len(), 8);
    assert_eq!(v["input"].as_array().unwrap().len(), 2);
}

#[test]
fn notarize_verify_and_refusals() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("data.csv"), CSV).unwrap();
    dataset_keys(d);
    let args = [
        "notarize",
        "data.csv",
        "--keys",
        "dk",
        "--out",
        "n",
        "--scale",
        "income=2",
        "--scale",
        "update=4",
        "--range",
        "age=18..99",
        "--range",
        "credit_score=300..850",
        "--sum-max",
        "income=200000",
        "--sumsq-max",
        "update=0.001",
    ];
    let o = ok(run(&args, d));
    assert!(stdout(&o).contains("proved: age: every value in [18, 99]"), "{}", stdout(&o));
    assert!(stdout(&o).contains("update: sum of squares <= 0.00100000"), "{}", stdout(&o));
    for f in ["proof.json", "public.json", "commitment.json", "opening.json"] {
        assert!(d.join("n").join(f).is_file(), "{f}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode =
            |f: &str| std::fs::metadata(d.join("n").join(f)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode("opening.json"), 0o600);
        assert_eq!(mode("commitment.json"), 0o644);
    }
    // Verify with the commitment: the statements are printed.
    let o = run(
        &[
            "verify",
            "--keys",
            "dk",
            "--proof",
            "n/proof.json",
            "--public",
            "n/public.json",
            "--commitment",
            "n/commitment.json",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("credit_score: every value in [300, 850]"));
    // A commitment.json whose statements were edited does not match the public inputs.
    let c = std::fs::read_to_string(d.join("n/commitment.json")).unwrap();
    std::fs::write(d.join("edited.json"), c.replace("\"99\"", "\"60\"")).unwrap();
    let o = run(
        &[
            "verify",
            "--keys",
            "dk",
            "--proof",
            "n/proof.json",
            "--public",
            "n/public.json",
            "--commitment",
            "edited.json",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("does not match"), "{}", stderr(&o));

    // A second notarization into the same directory is refused (it would replace the opening).
    let o = run(&args, d);
    assert!(!o.status.success() && stderr(&o).contains("already exists"), "{}", stderr(&o));

    // A false statement names the column, the row and the value; nothing is written.
    let mut bad = args.to_vec();
    bad[5] = "m";
    bad[11] = "age=20..99";
    let o = run(&bad, d);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("column 0, row 2: value 19 is outside [20, 99]"), "{}", stderr(&o));
    assert!(!d.join("m").exists());

    // Unknown column, malformed spec, decimal without a scale.
    let o = run(
        &[
            "notarize",
            "data.csv",
            "--keys",
            "dk",
            "--out",
            "m",
            "--range",
            "height=1..2",
            "--scale",
            "income=2",
            "--scale",
            "update=4",
        ],
        d,
    );
    assert!(
        stderr(&o).contains("\"height\"") && stderr(&o).contains("age, income"),
        "{}",
        stderr(&o)
    );
    let o = run(
        &[
            "notarize", "data.csv", "--keys", "dk", "--out", "m", "--range", "age=5", "--scale",
            "income=2", "--scale", "update=4",
        ],
        d,
    );
    assert!(stderr(&o).contains("LO..HI"), "{}", stderr(&o));
    let o = run(&["notarize", "data.csv", "--keys", "dk", "--out", "m"], d);
    assert!(stderr(&o).contains("--scale income=DIGITS"), "{}", stderr(&o));
    // Inclusion keys for notarize: refused with the reason.
    ok(run(&["setup", "inclusion", "--depth", "3", "--out", "ik", "-q"], d));
    let o = run(
        &[
            "notarize", "data.csv", "--keys", "ik", "--out", "m", "--scale", "income=2", "--scale",
            "update=4",
        ],
        d,
    );
    assert!(stderr(&o).contains("needs dataset keys"), "{}", stderr(&o));
}

#[test]
fn json_output_is_one_object() {
    let tmp = tempfile::tempdir().unwrap();
    let o = ok(run(&["--json", "setup", "inclusion", "--depth", "3", "--out", "k"], tmp.path()));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["manifest"]["circuit"]["depth"], 3);
    assert!(v["manifest"]["circuit_id"].as_str().unwrap().starts_with("0x"));
    // Errors in JSON mode are JSON too.
    let o = run(&["--json", "setup", "inclusion", "--depth", "3", "--out", "k"], tmp.path());
    assert!(!o.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["error"].as_str().unwrap().contains("not empty"));
}

/// The CLI reproduces the committed verifiers byte for byte from the committed keys, with the
/// command their headers name (the generator crate's drift test checks the same files).
#[test]
fn export_verifier_reproduces_committed_contracts() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    for (vk, name, committed) in [
        (
            "circuits/keys/inclusion-20/verification_key.json",
            "InclusionVerifier",
            "contracts/src/verifiers/InclusionVerifier.sol",
        ),
        (
            "circuits/fixtures/snarkjs-preimage/verification_key.json",
            "SnarkjsPreimageVerifier",
            "contracts/test/verifiers/generated/SnarkjsPreimageVerifier.sol",
        ),
    ] {
        // Same relative paths as the header, output redirected through a symlink-free copy.
        let header = std::fs::read_to_string(root.join(committed)).unwrap();
        let out = ok(run(
            &["export-verifier", "--vk", vk, "--contract-name", name, "--out", committed],
            &stage(&root, tmp.path(), vk, committed),
        ));
        assert!(stdout(&out).contains(name));
        let made = std::fs::read_to_string(tmp.path().join(committed)).unwrap();
        assert_eq!(made, header, "{committed} drifted from the CLI's output");
    }
    // Default contract name from the file stem; a bad name is refused.
    let d = tmp.path();
    let o = ok(run(
        &[
            "--json",
            "export-verifier",
            "--vk",
            "circuits/keys/inclusion-20/verification_key.json",
            "--out",
            "x/My_Verifier.sol",
        ],
        d,
    ));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["contract"], "My_Verifier");
    assert_eq!(v["public_inputs"], 2);
    let o = run(
        &[
            "export-verifier",
            "--vk",
            "circuits/keys/inclusion-20/verification_key.json",
            "--out",
            "x/2bad.sol",
        ],
        d,
    );
    assert!(!o.status.success());
}

/// A working directory holding `vk` at the same relative path as in the repository, so the CLI
/// can be run with the exact relative paths of a committed header.
fn stage(root: &Path, dir: &Path, vk: &str, out: &str) -> PathBuf {
    for rel in [vk, "circuits/keys/inclusion-20/verification_key.json"] {
        let to = dir.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root.join(rel), &to).unwrap();
    }
    std::fs::create_dir_all(dir.join(out).parent().unwrap()).unwrap();
    dir.to_path_buf()
}
