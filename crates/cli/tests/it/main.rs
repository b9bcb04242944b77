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

mod dataset;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zkp-ledger"));
    // The zkey reader's G2 memo (markers of checked points) under the test target, not ~/.cache.
    c.env("ZKP_LEDGER_G2_MEMO", Path::new(env!("CARGO_TARGET_TMPDIR")).join("g2-memo"));
    c
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
    assert!(stderr(&o).contains("not this commitment"), "{}", stderr(&o));
    commitment_files_that_claim_more_are_refused(d);

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
    for (flag, vk, name, committed) in [
        (
            "--vk",
            "circuits/keys/inclusion-20/verification_key.json",
            "InclusionVerifier",
            "contracts/src/verifiers/InclusionVerifier.sol",
        ),
        (
            "--vk",
            "circuits/fixtures/snarkjs-preimage/verification_key.json",
            "SnarkjsPreimageVerifier",
            "contracts/test/verifiers/generated/SnarkjsPreimageVerifier.sol",
        ),
        (
            "--zkey",
            "circuits/circom/fixtures/poseidon/poseidon.zkey",
            "CircomPoseidonVerifier",
            "contracts/test/verifiers/generated/CircomPoseidonVerifier.sol",
        ),
    ] {
        // Same relative paths as the header, output redirected through a symlink-free copy.
        let header = std::fs::read_to_string(root.join(committed)).unwrap();
        let out = ok(run(
            &["export-verifier", flag, vk, "--contract-name", name, "--out", committed],
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

/// `export-verifier --zkey` reads the verifying key out of a snarkjs zkey with the project's own
/// reader: the same contract as from snarkjs's exported verification_key.json of that zkey (the
/// header's command line aside); a truncated zkey is a clear error and writes nothing.
#[test]
fn export_verifier_from_a_snarkjs_zkey() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap();
    let dir = root.join("circuits/circom/fixtures/poseidon");
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let zkey = dir.join("poseidon.zkey");
    let vk = dir.join("verification_key.json");
    let made = |flag: &str, path: &Path, out: &str| {
        let p = path.to_str().unwrap();
        ok(run(
            &["export-verifier", flag, p, "--contract-name", "PoseidonVerifier", "--out", out],
            d,
        ));
        // From the circuit id on: the header above it names the command.
        let text = std::fs::read_to_string(d.join(out)).unwrap();
        text[text.find("// Circuit id:").unwrap()..].to_string()
    };
    assert_eq!(made("--zkey", &zkey, "a.sol"), made("--vk", &vk, "b.sol"));
    let bytes = std::fs::read(&zkey).unwrap();
    std::fs::write(d.join("cut.zkey"), &bytes[..bytes.len() / 2]).unwrap();
    let o = run(&["export-verifier", "--zkey", "cut.zkey", "--out", "c.sol"], d);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("cut.zkey"), "{}", stderr(&o));
    assert!(!d.join("c.sol").exists());
}

/// `circom wtns`, `circom fullprove` and `circom prove` on the committed Poseidon fixture: the
/// witness equals snarkjs's byte for byte; both proofs verify under the fixture's snarkjs
/// verifying key, and fail with a public signal changed; an input for an unknown signal and a
/// wasm that is not one are errors naming what was wrong, and write nothing.
#[test]
fn circom_wtns_fullprove_and_prove() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap();
    let fx = root.join("circuits/circom/fixtures/poseidon");
    let f = |name: &str| fx.join(name).to_str().unwrap().to_string();
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(run(&["circom", "wtns", &f("input.json"), &f("poseidon.wasm"), "--out", "w.wtns"], d));
    assert_eq!(
        std::fs::read(d.join("w.wtns")).unwrap(),
        std::fs::read(fx.join("poseidon.wtns")).unwrap()
    );
    ok(run(
        &[
            "circom",
            "fullprove",
            &f("input.json"),
            &f("poseidon.wasm"),
            &f("poseidon.zkey"),
            "--r1cs",
            &f("poseidon.r1cs"),
        ],
        d,
    ));
    ok(run(
        &[
            "circom",
            "prove",
            &f("poseidon.zkey"),
            "w.wtns",
            "--proof",
            "p2.json",
            "--public",
            "s2.json",
        ],
        d,
    ));
    for (proof, public) in [("proof.json", "public.json"), ("p2.json", "s2.json")] {
        ok(run(
            &["verify", "--vk", &f("verification_key.json"), "--proof", proof, "--public", public],
            d,
        ));
        let text = std::fs::read_to_string(d.join(public)).unwrap();
        let mut signals: Vec<String> = serde_json::from_str(&text).unwrap();
        signals[1] = "2".into(); // a = 1 in input.json
        std::fs::write(d.join("bad.json"), serde_json::to_string(&signals).unwrap()).unwrap();
        let o = run(
            &[
                "verify",
                "--vk",
                &f("verification_key.json"),
                "--proof",
                proof,
                "--public",
                "bad.json",
            ],
            d,
        );
        assert_ne!(o.status.code(), Some(0), "a changed public signal verified: {}", stdout(&o));
    }
    std::fs::write(d.join("in.json"), r#"{"a": "1", "nope": "2"}"#).unwrap();
    let o = run(
        &[
            "circom",
            "fullprove",
            "in.json",
            &f("poseidon.wasm"),
            &f("poseidon.zkey"),
            "--proof",
            "x.json",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("nope"), "{}", stderr(&o));
    assert!(!d.join("x.json").exists());
    let o = run(&["circom", "wtns", &f("input.json"), &f("poseidon.zkey"), "--out", "y.wtns"], d);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("poseidon.zkey"), "{}", stderr(&o));
    assert!(!d.join("y.wtns").exists());
}

/// `circom wtns` and `circom fullprove` with a circom-witnesscalc graph in the wasm's place
/// (the committed sha256 fixture's, made by iden3's build-circuit): the same .wtns bytes as with
/// the wasm (and as snarkjs's), a proof that verifies, and "graph" in the JSON result.
#[test]
fn circom_wtns_and_fullprove_take_a_graph() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap();
    let fx = root.join("circuits/circom/fixtures/sha256");
    let f = |name: &str| fx.join(name).to_str().unwrap().to_string();
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let o = ok(run(
        &["--json", "circom", "wtns", &f("input.json"), &f("sha256.graph.bin"), "--out", "g.wtns"],
        d,
    ));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["calculator"], "graph", "{json}");
    ok(run(&["circom", "wtns", &f("input.json"), &f("sha256.wasm"), "--out", "w.wtns"], d));
    let graph = std::fs::read(d.join("g.wtns")).unwrap();
    assert!(graph == std::fs::read(d.join("w.wtns")).unwrap(), "graph and wasm witnesses differ");
    assert!(graph == std::fs::read(fx.join("sha256.wtns")).unwrap(), "differs from snarkjs's");
    ok(run(
        &["circom", "fullprove", &f("input.json"), &f("sha256.graph.bin"), &f("sha256.zkey")],
        d,
    ));
    ok(run(
        &[
            "verify",
            "--vk",
            &f("verification_key.json"),
            "--proof",
            "proof.json",
            "--public",
            "public.json",
        ],
        d,
    ));
    // A file that is neither is refused, naming it.
    let o = run(&["circom", "wtns", &f("input.json"), &f("input.json"), "--out", "n.wtns"], d);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("neither a circom wasm"), "{}", stderr(&o));
    assert!(!d.join("n.wtns").exists());
}

/// snarkjs from the project's npm install, run in `dir`; a missing install fails the test.
fn snarkjs(args: &[&str], dir: &Path) -> Output {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let bin = root.join("node_modules/.bin/snarkjs");
    assert!(bin.exists(), "{} is missing: run `npm ci` at the repository root", bin.display());
    Command::new(bin).args(args).current_dir(dir).output().expect("snarkjs runs")
}

/// `circom setup` on the committed Poseidon r1cs with a 2^8 powers of tau made by snarkjs here:
/// `snarkjs zkey verify` accepts the key; a proof made with it by `circom prove` verifies with
/// `snarkjs groth16 verify` under the key snarkjs exports from it. A too small and an unprepared
/// powers of tau are errors that say what is needed and write nothing. `circom prepare-phase2`
/// makes the same prepared file as snarkjs.
#[test]
fn circom_setup_makes_a_key_snarkjs_verifies() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap();
    let fx = |c: &str, f: &str| {
        root.join("circuits/circom/fixtures").join(c).join(f).to_str().unwrap().to_string()
    };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(snarkjs(&["powersoftau", "new", "bn128", "8", "p0.ptau"], d));
    ok(snarkjs(
        &["powersoftau", "contribute", "p0.ptau", "p1.ptau", "-e=zkp-ledger test entropy"],
        d,
    ));
    ok(snarkjs(&["powersoftau", "prepare", "phase2", "p1.ptau", "p8.ptau"], d));
    let r1cs = fx("poseidon", "poseidon.r1cs");
    let o = ok(run(&["circom", "setup", &r1cs, "p8.ptau", "--out", "k/p.zkey"], d));
    assert!(stdout(&o).contains("Circuit hash:"), "{}", stdout(&o));
    let v = ok(snarkjs(&["zkey", "verify", &r1cs, "p8.ptau", "k/p.zkey"], d));
    assert!(stdout(&v).contains("ZKey Ok!"), "{}", stdout(&v));
    ok(run(&["circom", "prove", "k/p.zkey", &fx("poseidon", "poseidon.wtns")], d));
    ok(snarkjs(&["zkey", "export", "verificationkey", "k/p.zkey", "vk.json"], d));
    let v = ok(snarkjs(&["groth16", "verify", "vk.json", "public.json", "proof.json"], d));
    assert!(stdout(&v).contains("OK!"), "{}", stdout(&v));

    let o = run(&["circom", "setup", &fx("eddsa", "eddsa.r1cs"), "p8.ptau", "--out", "e.zkey"], d);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("2^13"), "{}", stderr(&o));
    assert!(!d.join("e.zkey").exists());
    let o = run(&["circom", "setup", &r1cs, "p1.ptau", "--out", "u.zkey"], d);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("prepare phase2"), "{}", stderr(&o));
    assert!(!d.join("u.zkey").exists());

    // `circom prepare-phase2` writes snarkjs's prepared file byte for byte, and refuses to
    // prepare it again, writing nothing.
    let o = ok(run(&["circom", "prepare-phase2", "p1.ptau", "q/ours.ptau"], d));
    assert!(stdout(&o).contains("power 8"), "{}", stdout(&o));
    assert!(
        std::fs::read(d.join("q/ours.ptau")).unwrap() == std::fs::read(d.join("p8.ptau")).unwrap()
    );
    let o = run(&["circom", "prepare-phase2", "p8.ptau", "again.ptau"], d);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("already prepared"), "{}", stderr(&o));
    assert!(!d.join("again.ptau").exists());
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

/// `verify` with the `notarize` output in `d/n`, and `commitment` in place of its
/// commitment.json: the exit code and the output.
fn verify_with(d: &Path, commitment: &serde_json::Value, extra: &[&str]) -> Output {
    std::fs::write(d.join("c.json"), serde_json::to_string_pretty(commitment).unwrap()).unwrap();
    let mut args = vec![
        "verify",
        "--keys",
        "dk",
        "--proof",
        "n/proof.json",
        "--public",
        "n/public.json",
        "--commitment",
        "c.json",
    ];
    args.extend_from_slice(extra);
    run(&args, d)
}

/// A commitment file that says more than the proof binds, or differs in any way from what
/// `notarize` wrote, is refused (exit 2); the statements printed come from the proof.
fn commitment_files_that_claim_more_are_refused(d: &Path) {
    let good: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("n/commitment.json")).unwrap())
            .unwrap();
    let o = verify_with(d, &good, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let id = good["circuit_id"].as_str().unwrap().to_string();
    assert!(stdout(&o).contains(&id), "the circuit id is shown: {}", stdout(&o));
    assert!(stdout(&o).contains("not pinned"), "{}", stdout(&o));

    type Edit = Box<dyn Fn(&mut serde_json::Value)>;
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "a second, false entry for a column (would be shown but never proven)",
            Box::new(|c| {
                let mut extra = c["statements"][0].clone();
                extra["range"] = serde_json::json!(["40", "41"]);
                c["statements"].as_array_mut().unwrap().insert(0, extra);
            }),
            "two statement entries",
        ),
        (
            "a duplicate entry",
            Box::new(|c| {
                let first = c["statements"][0].clone();
                c["statements"].as_array_mut().unwrap().push(first);
            }),
            "two statement entries",
        ),
        (
            "an empty entry",
            Box::new(|c| {
                c["statements"].as_array_mut().unwrap().push(serde_json::json!({"column": "age"}));
            }),
            "two statement entries",
        ),
        (
            "entries out of column order",
            Box::new(|c| c["statements"].as_array_mut().unwrap().reverse()),
            "not in the form",
        ),
        (
            "another statement hash",
            Box::new(|c| {
                c["statement_hash"] = serde_json::json!(format!("0x{}", "ab".repeat(32)));
            }),
            "statement_hash",
        ),
        (
            "another circuit shape",
            Box::new(|c| c["circuit"]["rows"] = serde_json::json!(16)),
            "holds dataset (8 rows x 5 columns)",
        ),
        (
            "another circuit id",
            Box::new(|c| c["circuit_id"] = serde_json::json!(format!("0x{}", "cd".repeat(32)))),
            "the verifying key is circuit",
        ),
        (
            "a number not in plain form",
            Box::new(|c| c["statements"][0]["range"][0] = serde_json::json!("018")),
            "not in the form",
        ),
    ];
    for (name, edit, expect) in cases {
        let mut c = good.clone();
        edit(&mut c);
        let o = verify_with(d, &c, &[]);
        assert_eq!(o.status.code(), Some(2), "{name} accepted: {}", stdout(&o));
        assert!(stderr(&o).contains(expect), "{name}: {}", stderr(&o));
        assert!(!stdout(&o).contains("valid"), "{name}: {}", stdout(&o));
    }
    // An empty entry alone (no duplicate): refused as empty.
    let mut c = good.clone();
    c["statements"][0] = serde_json::json!({"column": c["statements"][0]["column"].clone()});
    let o = verify_with(d, &c, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("an empty statement entry"), "{}", stderr(&o));

    // Pinning the circuit id.
    let o = verify_with(d, &good, &["--circuit-id", &id]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("matches --circuit-id"), "{}", stdout(&o));
    let other = format!("0x{}", "11".repeat(32));
    let o = verify_with(d, &good, &["--circuit-id", &other]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not the pinned --circuit-id"), "{}", stderr(&o));
    // A deployments file that does not list the circuit.
    std::fs::write(
        d.join("dep.json"),
        r#"{"chainId": 11155111, "ledgerAnchor": {"address": "0x5FbDB2315678afecb367f032d93F642f64180aa3", "startBlock": 1}, "verifiers": {}}"#,
    )
    .unwrap();
    let o = verify_with(d, &good, &["--deployment", "dep.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("lists no verifier for circuit"), "{}", stderr(&o));
    std::fs::write(
        d.join("dep.json"),
        format!(
            r#"{{"chainId": 11155111, "ledgerAnchor": {{"address": "0x5FbDB2315678afecb367f032d93F642f64180aa3", "startBlock": 1}}, "verifiers": {{"{id}": {{"address": "0x00000000000000000000000000000000000000aa", "contract": "V", "inclusion": false}}}}}}"#
        ),
    )
    .unwrap();
    let o = verify_with(d, &good, &["--deployment", "dep.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("listed in dep.json"), "{}", stdout(&o));
}

/// A key with gamma = delta lets anyone "prove" any public inputs (A = alpha, B = beta,
/// C = -vk_x): `verify` and `export-verifier` refuse such a key.
#[test]
fn degenerate_keys_are_refused() {
    use ark_ec::{AffineRepr, CurveGroup};
    use zkp_ledger_prover::snarkjs::{ProofJson, VerificationKeyJson, public_to_json};

    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(run(&["setup", "inclusion", "--depth", "3", "--out", "ik", "-q"], d));
    let honest: VerificationKeyJson =
        serde_json::from_str(&std::fs::read_to_string(d.join("ik/verification_key.json")).unwrap())
            .unwrap();
    let mut vk = honest.to_vk().unwrap();
    vk.gamma_g2 = vk.delta_g2;
    // The forgery, for public inputs nobody proved.
    let inputs = [ark_bn254::Fr::from(12345u64), ark_bn254::Fr::from(678u64)];
    let mut vk_x = vk.gamma_abc_g1[0].into_group();
    for (x, ic) in inputs.iter().zip(&vk.gamma_abc_g1[1..]) {
        vk_x += *ic * x;
    }
    let forged = ark_groth16::Proof::<ark_bn254::Bn254> {
        a: vk.alpha_g1,
        b: vk.beta_g2,
        c: (-vk_x).into_affine(),
    };
    // It really verifies under the degenerate key (so the refusal below is what stops it)...
    let pvk = ark_groth16::prepare_verifying_key(&vk);
    assert!(
        ark_groth16::Groth16::<ark_bn254::Bn254>::verify_proof(&pvk, &forged, &inputs).unwrap()
    );
    std::fs::write(
        d.join("bad_vk.json"),
        serde_json::to_string(&VerificationKeyJson::from_vk(&vk)).unwrap(),
    )
    .unwrap();
    std::fs::write(
        d.join("forged.json"),
        serde_json::to_string(&ProofJson::from_proof(&forged, None)).unwrap(),
    )
    .unwrap();
    std::fs::write(d.join("public.json"), serde_json::to_string(&public_to_json(&inputs)).unwrap())
        .unwrap();
    // ... and is refused here.
    let o = run(
        &["verify", "--vk", "bad_vk.json", "--proof", "forged.json", "--public", "public.json"],
        d,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("gamma equals delta"), "{}", stderr(&o));
    let o = run(&["export-verifier", "--vk", "bad_vk.json", "--out", "V.sol"], d);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("gamma equals delta"), "{}", stderr(&o));
    assert!(!d.join("V.sol").exists());
    // gamma = -delta is the same forgery with C = +vk_x.
    vk.gamma_g2 = -vk.delta_g2;
    std::fs::write(
        d.join("bad_vk.json"),
        serde_json::to_string(&VerificationKeyJson::from_vk(&vk)).unwrap(),
    )
    .unwrap();
    let o = run(
        &["verify", "--vk", "bad_vk.json", "--proof", "forged.json", "--public", "public.json"],
        d,
    );
    assert_eq!(o.status.code(), Some(2));
    // A generator for delta: a known trapdoor.
    let mut vk = honest.to_vk().unwrap();
    vk.delta_g2 = ark_bn254::G2Affine::generator();
    std::fs::write(
        d.join("bad_vk.json"),
        serde_json::to_string(&VerificationKeyJson::from_vk(&vk)).unwrap(),
    )
    .unwrap();
    let o = run(
        &["verify", "--vk", "bad_vk.json", "--proof", "forged.json", "--public", "public.json"],
        d,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("delta is the generator"), "{}", stderr(&o));

    // A manifest that claims another circuit than its key (it decides the inclusion flag).
    ok(run(&["setup", "dataset", "--rows", "2", "--cols", "1", "--out", "dk", "-q"], d));
    let m = std::fs::read_to_string(d.join("dk/manifest.json")).unwrap();
    let mut m: serde_json::Value = serde_json::from_str(&m).unwrap();
    m["circuit"] = serde_json::json!({"name": "inclusion", "depth": 3});
    m["public_inputs"] = serde_json::json!(2);
    std::fs::write(d.join("dk/manifest.json"), m.to_string()).unwrap();
    let o =
        run(&["verify", "--keys", "dk", "--proof", "forged.json", "--public", "public.json"], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("the manifest says circuit inclusion"), "{}", stderr(&o));
}

/// A closed stdout (`zkp-ledger ... | head -0`) is no reason to panic: the command finishes
/// and its exit status still says what it found.
#[test]
fn a_closed_stdout_does_not_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let o = bin()
        .args(["setup", "inclusion", "--depth", "3", "--out", "ik"])
        .current_dir(d)
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert!(d.join("ik/manifest.json").is_file());
}
