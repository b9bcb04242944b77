//! Layering and single definitions, checked on the workspace itself.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
    process::Command,
};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// The components that run side by side (DESIGN.md): none may depend on another of them,
/// directly or through any other workspace crate, in any dependency kind.
const PEERS: [&str; 3] = ["zkp-ledger-submitter", "zkp-ledger-indexer", "zkp-ledger-devnet"];

#[test]
fn submitter_indexer_and_devnet_never_depend_on_each_other() {
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Workspace crate -> the workspace crates it names (normal, dev and build dependencies).
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let packages = meta["packages"].as_array().unwrap();
    let names: BTreeSet<String> =
        packages.iter().map(|p| p["name"].as_str().unwrap().to_string()).collect();
    for p in packages {
        let d = p["dependencies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["name"].as_str().unwrap().to_string())
            .filter(|n| names.contains(n))
            .collect();
        deps.insert(p["name"].as_str().unwrap().to_string(), d);
    }
    for peer in PEERS {
        assert!(deps.contains_key(peer), "{peer} is not in the workspace");
        // Everything reachable from `peer`.
        let mut seen = BTreeSet::new();
        let mut todo = vec![peer.to_string()];
        while let Some(n) = todo.pop() {
            for d in deps.get(&n).into_iter().flatten() {
                if seen.insert(d.clone()) {
                    todo.push(d.clone());
                }
            }
        }
        for other in PEERS.iter().filter(|o| **o != peer) {
            assert!(!seen.contains(*other), "{peer} depends on {other} (directly or not)");
        }
        assert!(
            deps[peer].contains("zkp-ledger-contracts"),
            "{peer} talks to chains through zkp-ledger-contracts"
        );
    }
    // The submitter knows nothing of the verifier generator.
    assert!(!deps["zkp-ledger-submitter"].contains("zkp-ledger-verifier-gen"));
}

/// Every `.rs` file under `crates/*/src`, with its text.
fn sources() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut todo = vec![root().join("crates")];
    while let Some(dir) = todo.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(root()).unwrap().to_string_lossy().into_owned();
            if p.is_dir() {
                // Library and binary sources only: tests and benches build their fixtures.
                if !rel.ends_with("/tests")
                    && !rel.ends_with("/benches")
                    && !rel.contains("/target")
                {
                    todo.push(p);
                }
            } else if rel.ends_with(".rs") && rel.contains("/src/") {
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out
}

/// Where each piece of the chain vocabulary may be defined; a second definition anywhere in the
/// crates' sources fails the test.
#[test]
fn chain_vocabulary_is_defined_once() {
    let src = sources();
    let rules: [(&str, &[&str]); 9] = [
        // One RPC client: providers are built in one place.
        ("ProviderBuilder::new()", &["crates/contracts/src/client.rs"]),
        ("fn now_ms(", &["crates/store/src/lib.rs"]),
        ("fn statement_hash", &["crates/prover/src/evm.rs", "crates/contracts/src/evm.rs"]),
        // Field element to 32-byte word: the prover's one conversion.
        ("to_bytes_be()", &["crates/prover/src/field.rs"]),
        // The L2 fee interfaces' addresses.
        ("420000000000000000000000000000000000000F", &["crates/contracts/src/lib.rs"]),
        ("00000000000000000000000000000000000000C8", &["crates/contracts/src/lib.rs"]),
        // Fixed-size hex: one parser on the chain side; the proof half keeps the prover's word
        // parser and the dataset's secret reader (left for the proof half's own pass).
        (
            "hex::decode_to_slice",
            &[
                "crates/contracts/src/evm.rs",
                "crates/prover/src/evm.rs",
                "crates/dataset/src/chunked.rs",
            ],
        ),
        // No revert data scraped back out of a message string.
        ("strip_prefix(\"0x\"))", &[]),
        ("fn decode_revert(", &[]),
    ];
    for (needle, allowed) in rules {
        assert_only_in(&src, needle, allowed);
    }
}

/// Fails when `needle` occurs in a source file outside `allowed`.
fn assert_only_in(src: &[(String, String)], needle: &str, allowed: &[&str]) {
    let found: Vec<&str> = src
        .iter()
        .filter(|(_, text)| text.contains(needle))
        .map(|(path, _)| path.as_str())
        .filter(|p| !allowed.contains(p))
        .collect();
    assert!(found.is_empty(), "{needle:?} is defined outside {allowed:?}: {found:?}");
}

/// The longest a file of the CLI may grow (lines): a command parses its arguments, calls library
/// code and prints; one that needs more is doing a library's work. The demo, a narrated walk
/// through every stage, is the longest today.
const MAX_CLI_FILE_LINES: usize = 700;

/// The CLI stays thin (STYLE.md 3, DESIGN.md "The CLI only parses arguments and calls library
/// crates"): no file above [`MAX_CLI_FILE_LINES`], its shared helpers defined once in
/// `util.rs`, and none of the work that the library crates own done again in a command.
#[test]
fn the_cli_stays_thin() {
    let src = sources();
    let cli: Vec<&(String, String)> =
        src.iter().filter(|(path, _)| path.starts_with("crates/cli/src/")).collect();
    assert!(cli.iter().any(|(p, _)| p == "crates/cli/src/main.rs"), "no CLI sources found");
    for (path, text) in &cli {
        let lines = text.lines().count();
        assert!(
            lines <= MAX_CLI_FILE_LINES,
            "{path} has {lines} lines (at most {MAX_CLI_FILE_LINES}): move its work into the library crate that owns it"
        );
    }
    // The bench commands live in one folder.
    for (path, _) in &cli {
        let name = path.rsplit('/').next().unwrap_or_default();
        assert!(
            !name.starts_with("bench") || path.starts_with("crates/cli/src/cmd/bench/"),
            "{path}: bench commands belong in crates/cli/src/cmd/bench/"
        );
    }
    // Helpers several commands share: defined once, in the CLI's util.rs; a statement submitted
    // on a configured chain goes through one of them.
    for needle in [
        "fn open_store(",
        "fn init_logs(",
        "fn record_proof(",
        "fn record_verification(",
        "fn submit_statement(",
        "registry::submit(",
    ] {
        let found: Vec<&str> = cli
            .iter()
            .filter(|(_, text)| text.contains(needle))
            .map(|(path, _)| path.as_str())
            .collect();
        assert_eq!(found, ["crates/cli/src/util.rs"], "{needle:?} belongs in util.rs only");
    }
    // forge runs in the devnet crate (the devnet's contracts and generated verifiers), which
    // also finds the forge project.
    let rules: [(&str, &[&str]); 2] = [
        ("run_forge(", &["crates/devnet/src/lib.rs", "crates/devnet/src/verifier.rs"]),
        ("fn project_root(", &["crates/devnet/src/lib.rs"]),
    ];
    for (needle, allowed) in rules {
        assert_only_in(&src, needle, allowed);
    }
    // Work the library crates own, never done in a command: field elements from words
    // (the prover; `inclusion::prove_entry` for a stored entry), leaf values (merkle), verifier
    // source written next to the contracts and the signer handed to forge (`devnet::verifier`).
    for needle in
        ["from_be_bytes_mod_order", "entry_value(", "contracts/generated", "SignerConfig::"]
    {
        for (path, text) in &cli {
            assert!(!text.contains(needle), "{path} uses {needle:?}: call the library instead");
        }
    }
}
