//! What the verifying commands establish, tried as an attacker would: a receipt from a
//! look-alike LedgerAnchor, a receipt without enough confirmations, an offline check that must
//! not say "anchored", secrets in RPC URLs, and keys on forge's command line.

use std::{
    process::Stdio,
    time::{Duration, Instant},
};

use serde_json::json;

use crate::support::*;

fn ok(o: std::process::Output) -> std::process::Output {
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    o
}

fn only_sepolia(d: &Devnet, edit: impl FnOnce(&mut toml::Table)) -> std::path::PathBuf {
    let mut t: toml::Table = std::fs::read_to_string(d.config_path()).unwrap().parse().unwrap();
    t.entry("policy")
        .or_insert_with(|| toml::Value::Table(toml::Table::new()))
        .as_table_mut()
        .unwrap()
        .insert("chains".into(), toml::Value::Array(vec![toml::Value::String("sepolia".into())]));
    edit(&mut t);
    let p = d.home.path().join(format!("cfg-{}.toml", t.len() + d.base_port as usize));
    std::fs::write(&p, toml::to_string(&t).unwrap()).unwrap();
    p
}

fn hex_u64(v: &serde_json::Value) -> u64 {
    u64::from_str_radix(v.as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
}

/// Anchored entries, a receipt for the first, written to `<home>/receipt.json`.
fn anchored_receipt(d: &Devnet, cfg: &std::path::Path) -> std::path::PathBuf {
    let entries: Vec<String> =
        (0..6u8).map(|i| format!("0x{}", hex::encode([0x5a ^ i; 32]))).collect();
    let file = d.home.path().join("entries.txt");
    std::fs::write(&file, entries.join("\n")).unwrap();
    let c = cfg.to_str().unwrap();
    ok(d.cmd(&["--config", c, "enqueue", "--file", file.to_str().unwrap()]));
    ok(d.cmd(&["--config", c, "serve", "--until-idle"]));
    let out = d.home.path().join("receipt.json");
    ok(d.cmd(&["--config", c, "receipt", &entries[2], "--out", out.to_str().unwrap()]));
    out
}

/// Someone deploys their own LedgerAnchor (same code, their own owner and salt), anchors the
/// root of our batch on it, and writes a receipt that matches their chain field by field: with
/// `--rpc` it is refused for naming another contract than ours; with theirs pinned explicitly it
/// would pass, which shows that the pin is the only thing that stops it.
#[test]
fn receipts_are_pinned_to_our_anchor_confirmed_and_never_valid_offline() {
    let d = Devnet::up();
    let cfg = only_sepolia(&d, |_| {});
    let c = cfg.to_str().unwrap().to_string();
    let receipt_path = anchored_receipt(&d, &cfg);
    let rp = receipt_path.to_str().unwrap().to_string();
    let rpc = d.rpc(0);

    // Offline: consistent, never "valid" or "anchored", exit 3.
    let o = d.cmd(&["verify-receipt", &rp]);
    assert_eq!(o.status.code(), Some(3), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("NOT shown to be anchored"), "{}", stdout(&o));
    assert!(!stdout(&o).contains("valid"), "{}", stdout(&o));
    let o = d.cmd(&["--json", "verify-receipt", &rp]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!((v["status"].as_str(), v["anchored"].as_bool()), (Some("consistent"), Some(false)));
    assert!(v.get("valid").is_none(), "{v}");

    // On chain against the configuration's deployment: anchored.
    let o = d.cmd(&["--config", &c, "verify-receipt", &rp, "--rpc", &rpc]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).starts_with("anchored: checked on chain"), "{}", stdout(&o));
    // More confirmations than the block has: refused.
    let o =
        d.cmd(&["--config", &c, "verify-receipt", &rp, "--rpc", &rpc, "--confirmations", "100000"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("FAIL confirmations"), "{}", stdout(&o));
    // No pin at all (no configuration for the chain, no --anchor): unusable, not valid.
    let o = d
        .command(&["verify-receipt", &rp, "--rpc", &rpc])
        .env("ZKP_LEDGER_HOME", d.home.path().join("nowhere"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("--anchor ADDRESS"), "{}", stderr(&o));

    // The look-alike: our LedgerAnchor's code under another owner (account 1) and salt.
    let lookalike_dir =
        repo_root().join("deployments/devnet").join(format!("lookalike-{}", d.base_port));
    std::fs::create_dir_all(&lookalike_dir).unwrap();
    let attacker = {
        let k: alloy::signers::local::PrivateKeySigner =
            zkp_ledger_devnet::anvil_key(1).unwrap().parse().unwrap();
        format!("{:#x}", k.address())
    };
    zkp_ledger_devnet::run_forge(
        &repo_root(),
        &["script", "script/Deploy.s.sol", "--broadcast", "--slow"],
        &[
            ("FOUNDRY_ETH_RPC_URL", rpc.clone()),
            ("DEPLOYER_PRIVATE_KEY", zkp_ledger_devnet::anvil_key(1).unwrap().to_string()),
            ("OWNER", attacker.clone()),
            ("SUBMITTERS", attacker.clone()),
            ("SALT", format!("0x{}", "77".repeat(32))),
            ("DEPLOYMENTS_DIR", lookalike_dir.to_string_lossy().into_owned()),
        ],
        &d.home.path().join("lookalike.log"),
    )
    .unwrap();
    let dep: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(lookalike_dir.join("11155111.json")).unwrap(),
    )
    .unwrap();
    let fake = dep["ledgerAnchor"]["address"].as_str().unwrap().to_lowercase();
    let ours = d.deployment(11_155_111)["ledgerAnchor"]["address"].as_str().unwrap().to_lowercase();
    assert_ne!(fake, ours);
    let mut r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&receipt_path).unwrap()).unwrap();
    let root = r["batch"]["root"].as_str().unwrap().to_string();
    let count = r["batch"]["count"].as_u64().unwrap();
    let sel = hex::encode(&alloy::primitives::keccak256("anchor(bytes32,uint64,bytes32)")[..4]);
    let data = format!("0x{sel}{}{count:064x}{}", root.trim_start_matches("0x"), "0".repeat(64));
    let tx = rpc_call(
        &rpc,
        "eth_sendTransaction",
        json!([{ "from": attacker, "to": fake, "data": data }]),
    );
    let start = Instant::now();
    let rec = loop {
        let rec = rpc_call(&rpc, "eth_getTransactionReceipt", json!([tx]));
        if !rec.is_null() {
            break rec;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "the look-alike anchor was not mined");
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(rec["status"], "0x1", "{rec}");
    let log = rec["logs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["address"].as_str().unwrap().to_lowercase() == fake)
        .unwrap();
    let words = hex::decode(log["data"].as_str().unwrap().trim_start_matches("0x")).unwrap();
    let block = rpc_call(&rpc, "eth_getBlockByNumber", json!([rec["blockNumber"], false]));
    r["anchor"] = json!({
        "chain_id": 11_155_111u64,
        "contract": fake,
        "seq": u64::from_be_bytes(words[24..32].try_into().unwrap()),
        "prev_head": format!("0x{}", hex::encode(&words[64..96])),
        "head": format!("0x{}", hex::encode(&words[96..128])),
        "tx_hash": tx,
        "block_number": hex_u64(&rec["blockNumber"]),
        "block_hash": rec["blockHash"],
        "block_timestamp": hex_u64(&block["timestamp"]),
    });
    let forged = d.home.path().join("forged.json");
    std::fs::write(&forged, serde_json::to_string_pretty(&r).unwrap()).unwrap();
    let fp = forged.to_str().unwrap();
    // Mine a few blocks so that confirmations are not what fails.
    for _ in 0..3 {
        rpc_call(&rpc, "evm_mine", json!([]));
    }
    let o = d.cmd(&["--config", &c, "verify-receipt", fp, "--rpc", &rpc]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("FAIL anchor_contract"), "{}", stdout(&o));
    let dir = d.deployment_dir();
    let o = d.cmd(&["verify-receipt", fp, "--rpc", &rpc, "--deployments", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    // Only an explicit pin of their contract lets it through: every other field matches.
    let o = d.cmd(&["verify-receipt", fp, "--rpc", &rpc, "--anchor", &fake]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let _ = std::fs::remove_dir_all(&lookalike_dir);
}

/// An RPC URL with an API key in its path and query: the key never appears in any output, log
/// line (at debug level) or stored row, whatever fails.
#[test]
fn secrets_in_rpc_urls_never_show() {
    let d = Devnet::up();
    let dead = free_ports();
    let secret_url = format!("http://127.0.0.1:{dead}/v2/SECRETPATHKEY?apikey=SECRETQUERYKEY");
    let cfg = {
        let mut t: toml::Table = std::fs::read_to_string(d.config_path()).unwrap().parse().unwrap();
        for c in t.get_mut("chains").unwrap().as_array_mut().unwrap() {
            let c = c.as_table_mut().unwrap();
            if c["name"].as_str() == Some("sepolia") {
                c.remove("rpc_url");
                c.insert("rpc_url_env".into(), toml::Value::String("SEPOLIA_SECRET_RPC".into()));
            }
        }
        let p = d.home.path().join("secret.toml");
        std::fs::write(&p, toml::to_string(&t).unwrap()).unwrap();
        p
    };
    let c = cfg.to_str().unwrap().to_string();
    let entries: Vec<String> =
        (0..4u8).map(|i| format!("0x{}", hex::encode([0x31 + i; 32]))).collect();
    std::fs::write(d.home.path().join("e.txt"), entries.join("\n")).unwrap();
    let mut outputs = Vec::new();
    let run = |args: &[&str]| {
        d.command(args)
            .env("SEPOLIA_SECRET_RPC", &secret_url)
            .env("RUST_LOG", "debug")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let e = d.home.path().join("e.txt");
    outputs.push(run(&["--config", &c, "enqueue", "--file", e.to_str().unwrap()]));
    outputs.push(run(&["--config", &c, "route"]));
    outputs.push(run(&["--config", &c, "--json", "route"]));
    outputs.push(run(&["--config", &c, "status"]));
    outputs.push(run(&["--config", &c, "--json", "status"]));
    outputs.push(run(&["--config", &c, "serve", "--until-idle"]));
    outputs.push(run(&["--config", &c, "index", "--once"]));
    let r = d.home.path().join("r.json");
    outputs.push(run(&["--config", &c, "receipt", &entries[0], "--out", r.to_str().unwrap()]));
    outputs.push(run(&[
        "--config",
        &c,
        "verify-receipt",
        r.to_str().unwrap(),
        "--rpc",
        &secret_url,
    ]));
    outputs.push(run(&[
        "--config",
        &c,
        "--json",
        "verify-receipt",
        r.to_str().unwrap(),
        "--rpc",
        &secret_url,
    ]));
    let mut failures = 0;
    for o in &outputs {
        let all = format!("{}{}", stdout(o), stderr(o));
        assert!(!all.contains("SECRET"), "a secret leaked:\n{all}");
        failures += usize::from(!o.status.success());
    }
    // The unreachable endpoint really was tried and reported (redacted).
    assert!(failures >= 1);
    assert!(
        outputs.iter().any(|o| format!("{}{}", stdout(o), stderr(o)).contains(&format!("127.0.0.1:{dead}/…"))),
        "no output names the redacted endpoint"
    );
    // Nothing stored holds it either (the database, its WAL, every file under the home).
    let store = zkp_ledger_config::Config::load(&cfg).unwrap().store.path;
    let dir = store.parent().unwrap();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            let bytes = std::fs::read(&p).unwrap();
            assert!(!bytes.windows(6).any(|w| w == b"SECRET"), "{} holds the secret", p.display());
        }
    }
}

/// `deploy-verifier` hands forge the signing key and the RPC URL through its environment: at no
/// moment does a process's command line (readable by every local user) hold them.
#[test]
fn deploy_verifier_keeps_keys_off_command_lines() {
    let d = Devnet::up();
    let keys = d.home.path().join("ik");
    ok(d.cmd(&["setup", "inclusion", "--depth", "3", "--out", keys.to_str().unwrap(), "-q"]));
    let key = zkp_ledger_devnet::anvil_key(0).unwrap().trim_start_matches("0x").to_string();
    let rpc = d.rpc(0);
    let mut child = d
        .command(&["deploy-verifier", "--keys", keys.to_str().unwrap(), "--chain", "sepolia"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut saw_forge = false;
    let status = loop {
        for p in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(cmd) = std::fs::read(p.path().join("cmdline")) else { continue };
            let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
            if cmd.contains("forge") && cmd.contains("script") {
                saw_forge = true;
            }
            assert!(!cmd.contains(&key), "a command line holds the key: {cmd}");
            assert!(
                !cmd.contains(&rpc) || cmd.contains("anvil"),
                "a command line holds the RPC URL: {cmd}"
            );
            assert!(!cmd.contains("--private-key"), "{cmd}");
        }
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let o = child.wait_with_output().unwrap();
    assert!(status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(saw_forge, "forge script was never seen running");
    assert!(stdout(&o).contains("deployed and registered"), "{}", stdout(&o));

    // `verify` pinned to that deployment and asked on chain: registered, then revoked.
    let h = d.home.path();
    std::fs::write(h.join("leaves.txt"), "1\n2\n3\n").unwrap();
    let proof_dir = h.join("p");
    ok(d.cmd(&[
        "prove",
        "inclusion",
        "--keys",
        keys.to_str().unwrap(),
        "--leaves",
        h.join("leaves.txt").to_str().unwrap(),
        "--index",
        "1",
        "--out",
        proof_dir.to_str().unwrap(),
    ]));
    let dep = d.deployment_dir().join("11155111.json");
    let verify = |d: &Devnet| {
        d.cmd(&[
            "verify",
            "--keys",
            keys.to_str().unwrap(),
            "--proof",
            proof_dir.join("proof.json").to_str().unwrap(),
            "--public",
            proof_dir.join("public.json").to_str().unwrap(),
            "--deployment",
            dep.to_str().unwrap(),
            "--rpc",
            &rpc,
        ])
    };
    let o = verify(&d);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("registered in StatementRegistry on chain 11155111"),
        "{}",
        stdout(&o)
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(keys.join("manifest.json")).unwrap())
            .unwrap();
    let id = manifest["circuit_id"].as_str().unwrap().trim_start_matches("0x").to_string();
    let registry =
        d.deployment(11_155_111)["statementRegistry"]["address"].as_str().unwrap().to_string();
    let owner = {
        let k: alloy::signers::local::PrivateKeySigner =
            zkp_ledger_devnet::anvil_key(0).unwrap().parse().unwrap();
        format!("{:#x}", k.address())
    };
    let sel = hex::encode(&alloy::primitives::keccak256("revoke(bytes32)")[..4]);
    rpc_call(
        &rpc,
        "eth_sendTransaction",
        json!([{ "from": owner, "to": registry, "data": format!("0x{sel}{id}") }]),
    );
    let start = Instant::now();
    let o = loop {
        let o = verify(&d);
        if o.status.code() != Some(0) || start.elapsed() > Duration::from_secs(30) {
            break o;
        }
        std::thread::sleep(Duration::from_millis(300));
    };
    assert_eq!(o.status.code(), Some(2), "{}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains("was revoked"), "{}", stderr(&o));
}
