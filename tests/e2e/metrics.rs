//! Metrics through a real Prometheus server: `serve --metrics` on the devnet anchors a few
//! entries while Debian's `prometheus` (installed by scripts/env.sh) scrapes it every 500 ms;
//! the figures are read back through Prometheus's HTTP API. `promtool` lints the endpoint's
//! output and checks the alerting rules.

use std::{
    io::{Read, Write},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use crate::support::*;

/// A child process killed (and reaped) on drop.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `name` on PATH.
fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
}

/// GET `path` on 127.0.0.1:`port`: (status, body), or None when nothing answers yet.
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").ok()?;
    let mut resp = Vec::new();
    s.read_to_end(&mut resp).ok()?;
    let resp = String::from_utf8(resp).unwrap();
    let (head, body) = resp.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    let body = if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        dechunk(body)
    } else {
        body.to_string()
    };
    Some((status, body))
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap();
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    out
}

/// Percent-encodes a query-string value.
fn encode(q: &str) -> String {
    q.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// An instant query through Prometheus's HTTP API: the result vector.
fn query(port: u16, q: &str) -> Vec<serde_json::Value> {
    let (status, body) = get(port, &format!("/api/v1/query?query={}", encode(q))).unwrap();
    assert_eq!(status, 200, "{q}: {body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["status"], "success", "{q}: {body}");
    v["data"]["result"].as_array().unwrap().clone()
}

/// The single sample's value of an instant query, if there is one.
fn value(port: u16, q: &str) -> Option<f64> {
    let r = query(port, q);
    assert!(r.len() <= 1, "{q}: {r:?}");
    r.first().map(|s| s["value"][1].as_str().unwrap().parse().unwrap())
}

fn wait_for<T>(what: &str, timeout: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(start.elapsed() < timeout, "timed out after {timeout:?} waiting for {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// `promtool check ...` with `stdin` as input: its combined output, asserting success.
fn promtool(promtool: &Path, args: &[&str], stdin: &str) -> String {
    let mut c = Command::new(promtool)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    c.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let o = c.wait_with_output().unwrap();
    let text = format!("{}{}", stdout(&o), stderr(&o));
    assert!(o.status.success(), "promtool {args:?} failed:\n{text}");
    text
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[test]
fn prometheus_scrapes_serve_and_reads_the_anchoring_back() {
    let (Some(prometheus), Some(promtool_bin)) = (which("prometheus"), which("promtool")) else {
        eprintln!(
            "SKIPPED: prometheus and promtool are not on PATH (scripts/test.sh installs Debian's \
             `prometheus` package through ensure_debian_packages in scripts/env.sh)"
        );
        return;
    };
    let rules = repo_root().join("ops/prometheus/alerts.yml");
    let out = promtool(&promtool_bin, &["check", "rules", rules.to_str().unwrap()], "");
    assert!(out.contains("SUCCESS"), "{out}");

    // One chain, batches of 4: ten entries make three batches on sepolia.
    let t0 = Instant::now();
    let d = Devnet::up();
    eprintln!("devnet up in {:?}", t0.elapsed());
    let mut t: toml::Table = std::fs::read_to_string(d.config_path()).unwrap().parse().unwrap();
    let table = |t: &mut toml::Table, k: &str| {
        t.entry(k)
            .or_insert_with(|| toml::Value::Table(toml::Table::new()))
            .as_table_mut()
            .unwrap()
            .clone()
    };
    let mut policy = table(&mut t, "policy");
    policy.insert("chains".into(), toml::Value::Array(vec!["sepolia".into()]));
    t.insert("policy".into(), toml::Value::Table(policy));
    let mut batch = table(&mut t, "batch");
    batch.insert("max_entries".into(), toml::Value::Integer(4));
    t.insert("batch".into(), toml::Value::Table(batch));
    let cfg = d.home.path().join("metrics.toml");
    std::fs::write(&cfg, toml::to_string(&t).unwrap()).unwrap();
    let c = cfg.to_str().unwrap();
    let entries: Vec<String> =
        (0..10u8).map(|i| format!("0x{}", hex::encode([i + 1; 32]))).collect();
    let file = d.home.path().join("entries.txt");
    std::fs::write(&file, entries.join("\n")).unwrap();
    let o = d.cmd(&["--config", c, "enqueue", "--file", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));

    let metrics_port = free_port();
    let serve_log = d.home.path().join("serve.log");
    let _serve = Running(
        d.command(&["--config", c, "serve", "--metrics", &format!("127.0.0.1:{metrics_port}")])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&serve_log).unwrap())
            .spawn()
            .unwrap(),
    );

    // Prometheus: its own configuration, storage and port; a 500 ms scrape interval.
    let prom_dir = tempfile::tempdir().unwrap();
    let prom_port = free_port();
    let prom_cfg = prom_dir.path().join("prometheus.yml");
    std::fs::write(
        &prom_cfg,
        format!(
            "global:\n  scrape_interval: 500ms\n  evaluation_interval: 500ms\n\
             rule_files:\n  - {}\n\
             scrape_configs:\n  - job_name: zkp-ledger\n    static_configs:\n      - targets: [\"127.0.0.1:{metrics_port}\"]\n",
            rules.display()
        ),
    )
    .unwrap();
    let prom_log = prom_dir.path().join("prometheus.log");
    let _prom = Running(
        Command::new(&prometheus)
            .arg(format!("--config.file={}", prom_cfg.display()))
            .arg(format!("--storage.tsdb.path={}", prom_dir.path().join("data").display()))
            .arg(format!("--web.listen-address=127.0.0.1:{prom_port}"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&prom_log).unwrap())
            .spawn()
            .unwrap(),
    );
    let logs = || {
        format!(
            "serve:\n{}\nprometheus:\n{}",
            std::fs::read_to_string(&serve_log).unwrap_or_default(),
            std::fs::read_to_string(&prom_log).unwrap_or_default()
        )
    };

    // serve anchors the entries; its endpoint says so.
    let body =
        wait_for("serve to anchor and finalise the entries", Duration::from_secs(90), || {
            let (status, body) = get(metrics_port, "/metrics")?;
            assert_eq!(status, 200, "{body}");
            body.lines()
                .any(|l| l.starts_with("zkp_ledger_entries_final_total{chain=\"sepolia\"} 10"))
                .then_some(body)
        });
    eprintln!("entries final after {:?}", t0.elapsed());
    let lint = promtool(&promtool_bin, &["check", "metrics"], &body);
    assert!(lint.trim().is_empty(), "promtool check metrics: {lint}");
    for family in [
        "# TYPE zkp_ledger_entries_enqueued_total counter",
        "# TYPE zkp_ledger_batches gauge",
        "# TYPE zkp_ledger_inclusion_seconds histogram",
        "# TYPE zkp_ledger_finality_seconds histogram",
        "# TYPE zkp_ledger_batch_gas_used histogram",
        "# TYPE zkp_ledger_entry_cost_wei histogram",
        "# TYPE zkp_ledger_indexer_lag_blocks gauge",
        "# TYPE zkp_ledger_chain_up gauge",
    ] {
        assert!(body.contains(family), "{family} missing from:\n{body}");
    }

    // Prometheus scraped it: the figures come back through its HTTP API.
    // (Wait for a scrape taken after the last batch was final: one step records it all.)
    let fin = wait_for("Prometheus to hold the final total", Duration::from_secs(30), || {
        value(prom_port, "zkp_ledger_entries_final_total{chain=\"sepolia\"}").filter(|v| *v >= 10.0)
    });
    assert_eq!(fin, 10.0, "{}", logs());
    assert_eq!(value(prom_port, "up{job=\"zkp-ledger\"}"), Some(1.0));
    assert_eq!(value(prom_port, "zkp_ledger_entries_enqueued_total"), Some(10.0));
    assert_eq!(value(prom_port, "zkp_ledger_entries_queued"), Some(0.0));
    assert_eq!(
        value(prom_port, "zkp_ledger_entries_anchored_total{chain=\"sepolia\"}"),
        Some(10.0)
    );
    assert_eq!(value(prom_port, "zkp_ledger_batches_closed_total"), Some(3.0));
    // One transaction per batch, more only if the node lost one.
    let sent = value(prom_port, "zkp_ledger_transactions_sent_total{chain=\"sepolia\"}");
    assert!(sent >= Some(3.0), "{sent:?}");
    assert_eq!(
        value(prom_port, "zkp_ledger_batches{chain=\"sepolia\",state=\"final\"}"),
        Some(3.0)
    );
    assert_eq!(value(prom_port, "zkp_ledger_chain_up{chain=\"sepolia\"}"), Some(1.0));
    // Histograms: one observation per entry, with a real gas figure per batch.
    assert_eq!(value(prom_port, "sum(zkp_ledger_inclusion_seconds_count)"), Some(10.0));
    assert_eq!(value(prom_port, "sum(zkp_ledger_batch_gas_used_count)"), Some(3.0));
    let gas = value(prom_port, "sum(zkp_ledger_batch_gas_used_sum)").unwrap();
    assert!(gas > 3.0 * 21_000.0, "three anchors used {gas} gas");
    let p95 = value(
        prom_port,
        "histogram_quantile(0.95, sum by (le) (zkp_ledger_inclusion_seconds_bucket))",
    )
    .unwrap();
    assert!(p95 > 0.0 && p95 < 120.0, "p95 inclusion {p95} s");
    let lag = wait_for("the indexer's lag", Duration::from_secs(10), || {
        value(prom_port, "zkp_ledger_indexer_lag_blocks{chain=\"sepolia\"}")
    });
    assert!(lag < 50.0, "indexer lag {lag} blocks");
    // The rules loaded; nothing fires on a healthy devnet.
    let (_, rules_body) = get(prom_port, "/api/v1/rules").unwrap();
    let v: serde_json::Value = serde_json::from_str(&rules_body).unwrap();
    assert_eq!(v["data"]["groups"][0]["rules"].as_array().unwrap().len(), 10, "{rules_body}");
    assert!(query(prom_port, "ALERTS{alertstate=\"firing\"}").is_empty());

    // Every query of the Grafana dashboard is valid PromQL over these series.
    let dash: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("ops/grafana/zkp-ledger.json")).unwrap(),
    )
    .unwrap();
    let exprs: Vec<&str> = dash["panels"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["targets"].as_array().into_iter().flatten())
        .map(|t| t["expr"].as_str().unwrap())
        .collect();
    assert!(exprs.len() >= 20, "{exprs:?}");
    for e in &exprs {
        query(prom_port, e);
    }
    assert!(!query(prom_port, exprs[0]).is_empty(), "{}", exprs[0]);

    // No secret in any label: no URL, no key.
    // The devnet signs with anvil's first development key.
    let key = zkp_ledger_contracts::signer::ANVIL_KEYS[0].trim_start_matches("0x").to_lowercase();
    for series in query(prom_port, "{__name__=~\"zkp_ledger_.+\"}") {
        // `instance` and `job` are Prometheus's own target labels.
        for (_, v) in series["metric"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| *k != "instance" && *k != "job")
        {
            let v = v.as_str().unwrap();
            assert!(!v.contains("://") && !v.contains("127.0.0.1"), "a label holds a URL: {v}");
            assert!(!v.to_lowercase().contains(&key), "a label holds the signing key");
        }
    }
}
