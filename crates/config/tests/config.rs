//! Configuration parsing, validation and redaction.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::path::Path;

use zkp_ledger_config::{ChainKind, Config, Error, SignerConfig, redact_url};

const SAMPLE: &str = r#"
[store]
path = "ledger.db"

[signer]
kind = "keystore"
path = "keys/submitter.json"
password_env = "SUBMITTER_PASSWORD"

[[chains]]
name = "sepolia"
chain_id = 11155111
kind = "l1"
rpc_url_env = "SEPOLIA_RPC_URL"
deployment = "../deployments/11155111.json"
confirmations = 3

[[chains]]
name = "op-sepolia"
chain_id = 11155420
kind = "op"
rpc_url = "http://127.0.0.1:8547"
deployment = "../deployments/11155420.json"

[batch]
max_entries = 64

[policy]
chains = ["op-sepolia", "sepolia"]
max_cost_wei = "1000000000000000"
"#;

fn write(dir: &Path, text: &str) -> std::path::PathBuf {
    let p = dir.join("config.toml");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn sample_parses_with_defaults_and_relative_paths() {
    let dir = tempfile::tempdir().unwrap();
    let c = Config::load(&write(dir.path(), SAMPLE)).unwrap();
    c.validate().unwrap();
    assert_eq!(c.store.path, dir.path().join("ledger.db"));
    assert_eq!(c.chains[0].kind, ChainKind::L1);
    assert_eq!(c.chains[1].confirmations, zkp_ledger_config::DEFAULT_CONFIRMATIONS);
    assert_eq!(c.batch.max_entries, 64);
    assert_eq!(c.batch.tree_depth, 20, "default kept beside a set field");
    assert_eq!(
        c.allowed_chains().iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        ["op-sepolia", "sepolia"]
    );
    assert!(
        matches!(&c.signer, SignerConfig::Keystore { path, .. } if path == &dir.path().join("keys/submitter.json"))
    );
    // Round trip through TOML.
    let again: Config = toml::from_str(&c.to_toml().unwrap()).unwrap();
    assert_eq!(again, c);
}

#[test]
fn rpc_url_env_is_read_and_missing_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let c = Config::load(&write(dir.path(), SAMPLE)).unwrap();
    let err = c.chains[0].rpc_url().unwrap_err();
    assert!(matches!(&err, Error::MissingEnv { var, .. } if var == "SEPOLIA_RPC_URL"), "{err}");
    assert_eq!(c.chains[1].rpc_url().unwrap(), "http://127.0.0.1:8547");
}

#[test]
fn unknown_keys_and_bad_values_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let err = Config::load(&write(
        dir.path(),
        &SAMPLE.replace("max_entries = 64", "max_entries = 64\nmax_entires = 3"),
    ))
    .unwrap_err();
    assert!(matches!(err, Error::Parse { .. }), "{err}");
    assert!(err.to_string().contains("max_entires"), "{err}");
    let cases = [
        (SAMPLE.replace("max_entries = 64", "max_entries = 0"), "batch.max_entries"),
        (
            SAMPLE.replace("chains = [\"op-sepolia\", \"sepolia\"]", "chains = [\"mainnet\"]"),
            "mainnet",
        ),
        (SAMPLE.replace("\"1000000000000000\"", "\"1e15\""), "policy.max_cost_wei"),
        (SAMPLE.replace("http://127.0.0.1:8547", "ws://127.0.0.1:8547"), "rpc_url"),
        (SAMPLE.replace("name = \"op-sepolia\"", "name = \"sepolia\""), "appears twice"),
        (
            SAMPLE.replace(
                "[batch]\nmax_entries = 64",
                "[batch]\nmax_entries = 64\n[tx]\nbump_percent = 5",
            ),
            "tx.bump_percent",
        ),
    ];
    for (text, needle) in cases {
        let c = Config::load(&write(dir.path(), &text)).unwrap();
        let err = c.validate().unwrap_err();
        assert!(err.to_string().contains(needle), "{needle}: {err}");
    }
}

#[test]
fn redaction_keeps_only_scheme_host_and_port() {
    assert_eq!(redact_url("http://127.0.0.1:8545"), "http://127.0.0.1:8545");
    assert_eq!(
        redact_url("https://eth-sepolia.g.alchemy.com/v2/SECRETKEY"),
        "https://eth-sepolia.g.alchemy.com/…"
    );
    assert_eq!(redact_url("https://user:pass@rpc.example.org"), "https://rpc.example.org/…");
    assert_eq!(redact_url("https://rpc.example.org/?apikey=SECRET"), "https://rpc.example.org/…");
    assert!(!redact_url("not a url SECRET").contains("SECRET"));
}

#[test]
fn urls_in_messages_lose_their_secrets() {
    use zkp_ledger_config::redact_urls_in;
    let cases = [
        (
            "error sending request for url (https://eth.example.com/v2/SECRETKEY?apikey=SECRETQ)",
            "error sending request for url (https://eth.example.com/…)",
        ),
        (
            "HTTP error 401 from http://user:SECRETPW@127.0.0.1:8545/ path",
            "HTTP error 401 from http://127.0.0.1:8545/… path",
        ),
        (
            "\"wss://node.example/ws/SECRET\" and https://a.b",
            "\"wss://node.example/…\" and https://a.b",
        ),
        ("no url here: a://b is odd, ://x too", "no url here: a://b is odd, ://x too"),
        ("[http://h:1/SECRET]", "[http://h:1/…]"),
        ("", ""),
    ];
    for (input, want) in cases {
        let got = redact_urls_in(input);
        assert_eq!(got, want, "{input}");
        assert!(!got.contains("SECRET"), "{got}");
    }
}
