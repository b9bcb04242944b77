//! `commit`, `prove dataset` and `verify dataset` end to end on generated tables in all three
//! formats, with a small chunk key (real commit-and-prove proofs, real files, real SIGKILL).

use std::{path::Path, process::Stdio, time::Duration};

use zkp_ledger_dataset::ingest::{Format, synth};

use super::{bin, ok, run, stderr, stdout};

/// A small chunk shape: 2^14 constraints with 4-bit limbs, sets of up to 8.
const KEY: [&str; 6] = ["--chunk-log2", "14", "--limb-bits", "4", "--set-size", "8"];

fn with_key<'a>(dir: &'a Path, args: &[&'a str]) -> Vec<String> {
    let mut v: Vec<String> = args.iter().map(|s| (*s).to_string()).collect();
    v.extend(KEY.iter().map(|s| (*s).to_string()));
    v.push("--keys".into());
    v.push(dir.join("keys").display().to_string());
    v
}

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

fn run_v(args: &[String], cwd: &Path) -> std::process::Output {
    bin().args(args).current_dir(cwd).output().expect("binary runs")
}

fn prove_args(commit: &str, data: &str, out: &str) -> Vec<&'static str> {
    let v: Vec<String> = vec![
        "prove".into(),
        "dataset".into(),
        commit.into(),
        "--data".into(),
        data.into(),
        "--out".into(),
        out.into(),
        "--range".into(),
        "age=18..90".into(),
        "--mean".into(),
        "income=..250000".into(),
        "--sumsq-max".into(),
        "score=1000000".into(),
        "--range".into(),
        "signup=2015-01-01..2025-01-01".into(),
        "--in".into(),
        "label=cat,dog,bird,fish,lizard".into(),
        "--count".into(),
        "label=cat:1..".into(),
    ];
    v.into_iter().map(|s| &*Box::leak(s.into_boxed_str())).collect()
}

#[test]
fn commit_prove_verify_across_formats_with_resume_and_tampering() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for (name, f) in
        [("t.csv", Format::Csv), ("t.jsonl", Format::JsonLines), ("t.parquet", Format::Parquet)]
    {
        synth::write_table(&dir.join(name), f, 300, 7).unwrap();
    }
    // One commitment whatever the format (the same opening).
    let o = ok(run_v(&with_key(dir, &["--json", "commit", "t.csv", "--out", "c"]), dir));
    let entry = json(&o)["entry"].as_str().unwrap().to_string();
    let mode = std::fs::metadata(dir.join("c/opening.json")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(mode.permissions().mode() & 0o777, 0o600);
    }
    for (file, out) in [("t.jsonl", "cj"), ("t.parquet", "cp")] {
        let o = ok(run_v(
            &with_key(
                dir,
                &["--json", "commit", file, "--opening", "c/opening.json", "--out", out],
            ),
            dir,
        ));
        assert_eq!(json(&o)["entry"].as_str().unwrap(), entry, "{file}");
    }
    // Refuses to overwrite a commitment.
    let o = run_v(&with_key(dir, &["commit", "t.csv", "--out", "c"]), dir);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));

    // Prove from the Parquet copy (the same data), verify.
    let mut args: Vec<String> =
        prove_args("c", "t.parquet", "p").iter().map(|s| s.to_string()).collect();
    args.extend(KEY.iter().map(|s| s.to_string()));
    args.extend(["--keys".to_string(), dir.join("keys").display().to_string()]);
    args.extend(["--metrics-file".to_string(), "prove.prom".to_string()]);
    let o = ok(run_v(&args, dir));
    assert!(stdout(&o).contains("every age is in [18, 90]"), "{}", stdout(&o));
    // --metrics-file: the run's proof duration, for a textfile collector.
    let prom = std::fs::read_to_string(dir.join("prove.prom")).unwrap();
    assert!(prom.contains("# TYPE zkp_ledger_proof_duration_seconds histogram"), "{prom}");
    assert!(prom.contains("zkp_ledger_proof_duration_seconds_count{kind=\"dataset\"} 1"), "{prom}");
    let o = ok(run(&["verify", "dataset", "p", "--entry", &entry], dir));
    assert!(stdout(&o).starts_with("valid"), "{}", stdout(&o));
    assert!(stdout(&o).contains("the table has 300 rows"), "{}", stdout(&o));
    // The claims in the column's units: a one-sided mean, dates, a count.
    for claim in [
        "the sum of income is at most 75000000.00 (mean at most 250000.00)",
        "every signup is in [2015-01-01, 2025-01-01]",
        "the sum of squares of score is at most 1000000.00000000",
        "the number of rows with label = \"cat\" is in [1, 300]",
    ] {
        assert!(stdout(&o).contains(claim), "{claim}: {}", stdout(&o));
    }
    // Pinned to another entry: unusable (exit 2).
    let o = run(&["verify", "dataset", "p", "--entry", "0x00"], dir);
    assert_eq!(o.status.code(), Some(2));
    // The cheap on-chain route: the checked statement's entry goes into the outbox, once.
    std::fs::write(
        dir.join("ledger.toml"),
        "[store]\npath = \"ledger.db\"\n[signer]\nkind = \"keystore\"\npath = \"k.json\"\n\
         password_env = \"NO_SUCH_PASSWORD\"\n[[chains]]\nname = \"local\"\nchain_id = 31337\n\
         kind = \"l1\"\nrpc_url = \"http://127.0.0.1:9\"\ndeployment = \"d.json\"\n",
    )
    .unwrap();
    let enqueue = ["--json", "--config", "ledger.toml", "verify", "dataset", "p", "--enqueue"];
    let first = json(&ok(run(&enqueue, dir)));
    let statement = std::fs::read(dir.join("p/statement.json")).unwrap();
    let parsed: zkp_ledger_dataset::chunked::DatasetStatement =
        serde_json::from_slice(&statement).unwrap();
    assert_eq!(
        first["statement_entry"].as_str().unwrap(),
        format!("0x{}", hex::encode(parsed.hash().unwrap()))
    );
    assert_eq!(first["enqueued"], serde_json::json!(true), "{first}");
    let again = json(&ok(run(&enqueue, dir)));
    assert_eq!(again["enqueued"], serde_json::json!(false), "{again}");
    assert!(dir.join("ledger.db").exists());

    // SIGKILL half-way, then resume: the chunks already proven are kept.
    let kill_dir = dir.join("k");
    let mut kargs: Vec<String> =
        prove_args("c", "t.csv", "k").iter().map(|s| s.to_string()).collect();
    kargs.extend(KEY.iter().map(|s| s.to_string()));
    kargs.extend(["--keys".to_string(), dir.join("keys").display().to_string(), "--json".into()]);
    let mut child = bin()
        .args(&kargs)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let second = kill_dir.join("chunks").join("000001.json");
    let start = std::time::Instant::now();
    while !second.exists() && start.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(second.exists());
    let o = ok(run_v(&kargs, dir));
    let v = json(&o);
    assert!(v["chunks_reused"].as_u64().unwrap() >= 2, "{v}");
    ok(run(&["verify", "dataset", "k"], dir));
    // Both runs prove the same statement about the same commitment.
    assert_eq!(
        std::fs::read_to_string(kill_dir.join("statement.json")).unwrap(),
        std::fs::read_to_string(dir.join("p/statement.json")).unwrap()
    );

    // Tampering: reordered chunk proofs, a mutated final proof.
    let (a, b) = (kill_dir.join("chunks/000000.json"), kill_dir.join("chunks/000001.json"));
    let (ta, tb) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    std::fs::write(&a, &tb).unwrap();
    std::fs::write(&b, &ta).unwrap();
    let o = run(&["verify", "dataset", "k"], dir);
    assert_ne!(o.status.code(), Some(0), "{}", stdout(&o));
    std::fs::write(&a, &ta).unwrap();
    std::fs::write(&b, &tb).unwrap();
    ok(run(&["verify", "dataset", "k"], dir));
    let f = kill_dir.join("final.json");
    let text = std::fs::read_to_string(&f).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["public"][1] = serde_json::Value::String("7".into());
    std::fs::write(&f, v.to_string()).unwrap();
    let o = run(&["verify", "dataset", "k", "--metrics-file", "verify.prom"], dir);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("INVALID"), "{}", stdout(&o));
    let prom = std::fs::read_to_string(dir.join("verify.prom")).unwrap();
    assert!(
        prom.contains("zkp_ledger_proof_verifications_total{kind=\"dataset\",result=\"failed\"} 1"),
        "{prom}"
    );

    // A false statement: an error naming the chunk and row, not a proof.
    let mut args: Vec<String> =
        vec!["prove", "dataset", "c", "--data", "t.csv", "--out", "bad", "--range", "age=18..80"]
            .into_iter()
            .map(String::from)
            .collect();
    args.extend(KEY.iter().map(|s| s.to_string()));
    args.extend(["--keys".to_string(), dir.join("keys").display().to_string()]);
    let o = run_v(&args, dir);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("outside 18..80"), "{}", stderr(&o));
    assert!(!dir.join("bad/final.json").exists());

    // Changed data against the commitment.
    let csv = std::fs::read_to_string(dir.join("t.csv")).unwrap();
    let mut lines: Vec<&str> = csv.lines().collect();
    lines.remove(150);
    std::fs::write(dir.join("dropped.csv"), lines.join("\n") + "\n").unwrap();
    let mut args: Vec<String> =
        vec!["prove", "dataset", "c", "--data", "dropped.csv", "--out", "bad2"]
            .into_iter()
            .map(String::from)
            .collect();
    args.extend(KEY.iter().map(|s| s.to_string()));
    args.extend(["--keys".to_string(), dir.join("keys").display().to_string()]);
    let o = run_v(&args, dir);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("does not match the commitment"), "{}", stderr(&o));
}

#[test]
fn versions_and_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    synth::write_table(&dir.join("big.csv"), Format::Csv, 120, 3).unwrap();
    let csv = std::fs::read_to_string(dir.join("big.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    std::fs::write(dir.join("small.csv"), lines[..=70].join("\n") + "\n").unwrap();
    ok(run_v(&with_key(dir, &["commit", "small.csv", "--out", "v1"]), dir));
    let o = ok(run_v(
        &with_key(dir, &["--json", "commit", "big.csv", "--parent", "v1", "--out", "v2"]),
        dir,
    ));
    let v = json(&o);
    assert!(v["parent"].is_string(), "{v}");
    // The child proves the same per-chunk claims reusing the parent's chunk proofs: only its
    // new chunks are proven.
    let parent_chunks = serde_json::from_str::<serde_json::Value>(
        &std::fs::read_to_string(dir.join("v1/commitment.json")).unwrap(),
    )
    .unwrap()["chunks"]
        .as_array()
        .unwrap()
        .len() as u64;
    ok(run_v(
        &with_key(
            dir,
            &[
                "prove",
                "dataset",
                "v1",
                "--data",
                "small.csv",
                "--out",
                "p1",
                "--range",
                "age=18..90",
            ],
        ),
        dir,
    ));
    let o = ok(run_v(
        &with_key(
            dir,
            &[
                "--json",
                "prove",
                "dataset",
                "v2",
                "--data",
                "big.csv",
                "--out",
                "p2",
                "--reuse",
                "p1",
                "--opening",
                "v1/opening.json",
                "--range",
                "age=18..90",
            ],
        ),
        dir,
    ));
    let v = json(&o);
    let no_opening =
        run_v(&with_key(dir, &["prove", "dataset", "v2", "--data", "big.csv", "--out", "p4"]), dir);
    assert!(stderr(&no_opening).contains("pass --opening FILE"), "{}", stderr(&no_opening));
    assert_eq!(v["chunks_reused"].as_u64(), Some(parent_chunks), "{v}");
    assert!(v["chunks_proven"].as_u64().unwrap() >= 1, "{v}");
    ok(run(&["verify", "dataset", "p2"], dir));
    // A rewritten (not appended) table does not extend its parent.
    let mut rewritten = lines.clone();
    rewritten.swap(1, 2);
    std::fs::write(dir.join("rewritten.csv"), rewritten.join("\n") + "\n").unwrap();
    let o =
        run_v(&with_key(dir, &["commit", "rewritten.csv", "--parent", "v1", "--out", "v3"]), dir);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("does not extend"), "{}", stderr(&o));
    assert!(!dir.join("v3/commitment.json").exists());

    // Ragged row: named by file, row and column.
    std::fs::write(dir.join("ragged.csv"), "a,b\n1,2\n3\n").unwrap();
    let o = run_v(&with_key(dir, &["commit", "ragged.csv", "--out", "r"]), dir);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("ragged.csv") && e.contains("row 2"), "{e}");
    // A statement on an unknown column, or of the wrong kind.
    let o = run_v(
        &with_key(
            dir,
            &[
                "prove",
                "dataset",
                "v1",
                "--data",
                "small.csv",
                "--out",
                "x",
                "--range",
                "nope=1..2",
            ],
        ),
        dir,
    );
    assert!(stderr(&o).contains("no column \"nope\""), "{}", stderr(&o));
    let o = run_v(
        &with_key(
            dir,
            &["prove", "dataset", "v1", "--data", "small.csv", "--out", "x", "--in", "age=1,2"],
        ),
        dir,
    );
    assert!(stderr(&o).contains("applies to categorical columns"), "{}", stderr(&o));
}

/// `notarize` without --keys is `commit` then `prove dataset`; flags of the other flow are
/// refused with a pointer to the right one.
#[test]
fn notarize_commits_and_proves_in_one_step() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    synth::write_table(&dir.join("t.jsonl"), Format::JsonLines, 150, 3).unwrap();
    let key: Vec<&str> = KEY.to_vec();
    let mut args = vec!["notarize", "t.jsonl", "--out", "n", "--range", "age=18..90"];
    args.extend(["--in", "label=cat,dog,bird,fish,lizard", "--count", "label=cat:1.."]);
    args.extend(&key);
    let o = ok(bin()
        .args(&args)
        .env("ZKP_LEDGER_KEY_CACHE", dir.join("keys"))
        .current_dir(dir)
        .output()
        .unwrap());
    assert!(stdout(&o).contains("every age is in [18, 90]"), "{}", stdout(&o));
    let c: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("n/commitment/commitment.json")).unwrap())
            .unwrap();
    assert!(dir.join("n/commitment/opening.json").exists());
    let parsed: zkp_ledger_dataset::chunked::DatasetCommitment = serde_json::from_value(c).unwrap();
    let entry = format!("0x{}", parsed.id().unwrap());
    let o = ok(run(&["verify", "dataset", "n/proof", "--entry", &entry], dir));
    assert!(stdout(&o).contains("the table has 150 rows"), "{}", stdout(&o));

    // A false claim fails after the commitment is made; the next run reuses that commitment.
    let mut args = vec!["notarize", "t.jsonl", "--out", "f", "--range", "age=18..20"];
    args.extend(&key);
    let cache = dir.join("keys");
    let o =
        bin().args(&args).env("ZKP_LEDGER_KEY_CACHE", &cache).current_dir(dir).output().unwrap();
    assert!(!o.status.success());
    let first = std::fs::read(dir.join("f/commitment/commitment.json")).unwrap();
    // The unfinished proof of the false claim is refused as another statement's, then removed.
    let mut args = vec!["notarize", "t.jsonl", "--out", "f", "--range", "age=18..90"];
    args.extend(&key);
    let o =
        bin().args(&args).env("ZKP_LEDGER_KEY_CACHE", &cache).current_dir(dir).output().unwrap();
    assert!(stderr(&o).contains("another statement"), "{}", stderr(&o));
    std::fs::remove_dir_all(dir.join("f/proof")).unwrap();
    let mut args = vec!["notarize", "t.jsonl", "--out", "f", "--range", "age=18..90"];
    args.extend(&key);
    let o = ok(bin()
        .args(&args)
        .env("ZKP_LEDGER_KEY_CACHE", &cache)
        .current_dir(dir)
        .output()
        .unwrap());
    assert!(stderr(&o).contains("using the commitment already in"), "{}", stderr(&o));
    assert_eq!(std::fs::read(dir.join("f/commitment/commitment.json")).unwrap(), first);
    ok(run(&["verify", "dataset", "f/proof"], dir));

    let o = run(&["notarize", "t.jsonl", "--out", "m", "--scale", "income=2"], dir);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--scale is for the single-proof flow"), "{}", stderr(&o));
    let o = run(&["notarize", "t.jsonl", "--out", "m", "--keys", "k", "--in", "label=cat"], dir);
    assert!(stderr(&o).contains("--in needs the chunked flow"), "{}", stderr(&o));
    assert!(!dir.join("m").exists());
}
