//! The indexer on the devnet: anchors on all three chains indexed and queried; restarts resume
//! without duplicates; the HTTP API answers as the CLI does; the demo runs.

use std::{
    process::Stdio,
    time::{Duration, Instant},
};

use crate::support::*;

fn digests(n: usize, seed: u8) -> Vec<String> {
    (0..n)
        .map(|i| {
            let mut d = [seed; 32];
            d[..8].copy_from_slice(&(i as u64).to_be_bytes());
            format!("0x{}", hex::encode(d))
        })
        .collect()
}

fn config_only(d: &Devnet, chain: &str) -> std::path::PathBuf {
    let mut t: toml::Table = std::fs::read_to_string(d.config_path()).unwrap().parse().unwrap();
    let policy = t
        .entry("policy")
        .or_insert_with(|| toml::Value::Table(toml::Table::new()))
        .as_table_mut()
        .unwrap();
    policy.insert("chains".into(), toml::Value::Array(vec![toml::Value::String(chain.into())]));
    let p = d.home.path().join(format!("only-{chain}.toml"));
    std::fs::write(&p, toml::to_string(&t).unwrap()).unwrap();
    p
}

fn ok(o: std::process::Output) -> std::process::Output {
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    o
}

fn json_of(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

fn http_get(port: u16, path: &str) -> (u16, serde_json::Value) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    let status: u16 = resp.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = resp.split("\r\n\r\n").nth(1).unwrap();
    let start = body.find('{').unwrap();
    let end = body.rfind('}').unwrap();
    (status, serde_json::from_str(&body[start..=end]).unwrap())
}

#[test]
fn anchors_on_all_three_chains_are_indexed_queried_and_served_over_http() {
    let d = Devnet::up();
    let chains = ["sepolia", "arbitrum-sepolia", "op-sepolia"];
    let mut firsts = Vec::new();
    for (i, chain) in chains.iter().enumerate() {
        let cfg = config_only(&d, chain);
        let c = cfg.to_str().unwrap();
        let entries = digests(20, 0x40 + i as u8);
        let file = d.home.path().join(format!("e{i}.txt"));
        std::fs::write(&file, entries.join("\n")).unwrap();
        ok(d.cmd(&["--config", c, "enqueue", "--file", file.to_str().unwrap()]));
        ok(d.cmd(&["--config", c, "serve", "--until-idle"]));
        firsts.push(entries[0].clone());
    }
    // The index (filled by serve) knows each entry's chain.
    for (entry, chain) in firsts.iter().zip(chains) {
        let o = ok(d.cmd(&["--json", "query", "entry", entry]));
        let v = json_of(&o);
        assert_eq!(v["status"], "anchored", "{v:#}");
        assert_eq!(v["anchors"][0]["chain"], chain, "{v:#}");
    }
    // Indexing again from the cursors adds nothing.
    let before: Vec<usize> = [11_155_111u64, 421_614, 11_155_420]
        .iter()
        .map(|id| {
            json_of(&ok(d.cmd(&["--json", "query", "chain", &id.to_string()])))["anchors"]
                .as_array()
                .unwrap()
                .len()
        })
        .collect();
    ok(d.cmd(&["index", "--once"]));
    ok(d.cmd(&["index", "--once"]));
    let after: Vec<usize> = [11_155_111u64, 421_614, 11_155_420]
        .iter()
        .map(|id| {
            json_of(&ok(d.cmd(&["--json", "query", "chain", &id.to_string()])))["anchors"]
                .as_array()
                .unwrap()
                .len()
        })
        .collect();
    assert_eq!(before, after);
    assert_eq!(after, vec![1, 1, 1]);
    // Unknown and queued entries: non-zero exits.
    let o = d.cmd(&["query", "entry", &digests(1, 0x77)[0]]);
    assert_eq!(o.status.code(), Some(1));

    // The HTTP API answers as the CLI does (indexing off, so nothing moves between the two).
    let port = free_ports();
    let mut server = d
        .command(&["serve", "--no-index", "--http", &format!("127.0.0.1:{port}")])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(30), "HTTP API did not come up");
        std::thread::sleep(Duration::from_millis(100));
    }
    for entry in &firsts {
        let cli = json_of(&ok(d.cmd(&["--json", "query", "entry", entry])));
        let (status, http) = http_get(port, &format!("/entries/{entry}"));
        assert_eq!(status, 200);
        assert_eq!(http, cli);
        let root = cli["batch"]["root"].as_str().unwrap();
        let cli = json_of(&ok(d.cmd(&["--json", "query", "batch", root])));
        assert_eq!(http_get(port, &format!("/batches/{root}")).1, cli);
    }
    let (status, _) = http_get(port, &format!("/entries/{}", digests(1, 0x77)[0]));
    assert_eq!(status, 404);
    let (status, health) = http_get(port, "/health");
    assert_eq!(status, 200, "{health}");
    let _ = server.kill();
    let _ = server.wait();
}

/// The README's main command runs the whole flow; here on its own devnet and ports.
#[test]
fn the_demo_runs_end_to_end() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("demo-out");
    let base = free_ports();
    let o = std::process::Command::new(bin())
        .args([
            "demo",
            "--dir",
            out.to_str().unwrap(),
            "--base-port",
            &base.to_string(),
            "--entries",
            "500",
            "--stop-devnet",
        ])
        .env("ZKP_LEDGER_HOME", home.path())
        .env_remove("ZKP_LEDGER_CONFIG")
        .current_dir(repo_root())
        .output()
        .unwrap();
    let err = stderr(&o);
    if !o.status.success() {
        // Leave nothing running on failure.
        let _ = std::process::Command::new(bin())
            .args(["devnet", "down"])
            .env("ZKP_LEDGER_HOME", home.path())
            .output();
    }
    assert!(o.status.success(), "demo failed:\n{}\n{err}", stdout(&o));
    assert!(stdout(&o).contains("demo finished"), "{}", stdout(&o));
    for step in ["[1]", "[6]", "[8]", "[10]", "[11]"] {
        assert!(err.contains(step), "step {step} missing:\n{err}");
    }
    assert!(err.contains("accepted on"), "{err}");
    for f in ["receipt.json", "notarized/proof.json", "inclusion/proof.json"] {
        assert!(out.join(f).exists(), "{f}");
    }
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", base)).is_err(),
        "the demo left its devnet running"
    );
}
