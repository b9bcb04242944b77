//! Indexer and query benchmark (BENCHMARKS.md, "Indexer and queries"):
//!
//! 1. builds a store of one million entries through the real code paths: `Store::enqueue`,
//!    batch trees of 16,384 entries built as the submitter's batcher builds them (depth 20,
//!    every entry's path), `Store::close_batch`;
//! 2. anchors every batch root on a real anvil with the real LedgerAnchor, plus filler anchors
//!    up to `BENCH_ANCHORS` (default 2,000), and times the indexer indexing them (events/s);
//! 3. times `BENCH_LOOKUPS` (default 10,000) random `query entry` lookups in process (on a
//!    read-only connection, as the HTTP API uses) and over HTTP on loopback, with a keep-alive
//!    client, and prints the median and p99.
//!
//! `cargo bench -p zkp-ledger-indexer --bench queries` (release profile). `BENCH_ENTRIES`
//! changes the store's size.

#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark, not library code"
)]

#[allow(dead_code, reason = "the integration tests' support module, shared")]
#[path = "../tests/it/support.rs"]
mod support;

use std::time::{Duration, Instant};

use alloy::primitives::B256;
use ark_bn254::Fr;
use rand::{Rng, SeedableRng, rngs::StdRng};
use rayon::prelude::*;
use support::{Anvil, config, deploy_anchor, fr_to_bytes, write_deployment};
use zkp_ledger_contracts::ILedgerAnchor;
use zkp_ledger_indexer::{Indexer, hashchain::next_head, http, query};
use zkp_ledger_merkle::{Tree, entry_value};
use zkp_ledger_store::{Bytes32, Store};

const BATCH: usize = 16_384;
const DEPTH: usize = 20;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The batcher's tree: leaf values, the tree, every entry's path.
fn build_tree(digests: &[Bytes32]) -> (Bytes32, Vec<Vec<Bytes32>>) {
    let values: Vec<Fr> = digests.par_iter().map(entry_value).collect();
    let tree = Tree::new(DEPTH, &values).unwrap();
    let paths = (0..values.len() as u64)
        .into_par_iter()
        .map(|i| tree.proof(i).unwrap().siblings.iter().map(fr_to_bytes).collect())
        .collect();
    (fr_to_bytes(&tree.root()), paths)
}

fn stats(mut v: Vec<Duration>) -> (f64, f64, f64) {
    v.sort_unstable();
    let at = |q: f64| v[((v.len() as f64 * q) as usize).min(v.len() - 1)].as_secs_f64() * 1e3;
    (at(0.5), at(0.99), v[v.len() - 1].as_secs_f64() * 1e3)
}

fn main() {
    let n_entries = env("BENCH_ENTRIES", 1_000_000);
    let n_anchors = env("BENCH_ANCHORS", 2_000);
    let lookups = env("BENCH_LOOKUPS", 10_000);
    let rt =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    let mut store = Store::open(&db).unwrap();
    let mut rng = StdRng::seed_from_u64(7);
    let digests: Vec<Bytes32> = (0..n_entries).map(|_| rng.r#gen()).collect();

    // 1. The store, through the submitter's paths.
    let t = Instant::now();
    store.enqueue(&digests, 1).unwrap();
    let enqueue = t.elapsed();
    let (mut tree_time, mut close_time) = (Duration::ZERO, Duration::ZERO);
    let mut roots = Vec::new();
    loop {
        let queued = store.queued(BATCH).unwrap();
        if queued.is_empty() {
            break;
        }
        let ds: Vec<Bytes32> = queued.iter().map(|(_, d)| *d).collect();
        let ids: Vec<i64> = queued.iter().map(|(id, _)| *id).collect();
        let t = Instant::now();
        let (root, paths) = build_tree(&ds);
        tree_time += t.elapsed();
        let t = Instant::now();
        store.close_batch(&ids, &root, DEPTH as u32, &paths, 2).unwrap();
        close_time += t.elapsed();
        roots.push((root, ds.len() as u64));
    }
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    println!(
        "store: {n_entries} entries in {} batches of up to {BATCH}: enqueue {:.1} s, trees+paths {:.1} s, close_batch {:.1} s, file {:.0} MB",
        roots.len(),
        enqueue.as_secs_f64(),
        tree_time.as_secs_f64(),
        close_time.as_secs_f64(),
        size as f64 / 1e6
    );

    // 2. Anchors on a real chain, and the indexer's rate.
    let anvil = rt.block_on(Anvil::start(31337));
    let (at, deployed) = rt.block_on(deploy_anchor(&anvil));
    let cfg = config(&db, &anvil, write_deployment(dir.path(), anvil.chain_id, at, deployed));
    let t = Instant::now();
    let sent = rt.block_on(async {
        let w = anvil.wallet();
        let c = ILedgerAnchor::new(at, &w);
        let mut head = [0u8; 32];
        let mut last = None;
        for seq in 0..n_anchors.max(roots.len()) as u64 {
            let (root, count) = roots.get(seq as usize).copied().unwrap_or_else(|| {
                // Filler batches: random canonical roots.
                (fr_to_bytes(&Fr::from(rng.r#gen::<u128>())), 1 + seq % 1000)
            });
            // Sent back to back (anvil mines each on arrival); the heads are computed here.
            last = Some(c.anchor(B256::from(root), count, B256::from(head)).send().await.unwrap());
            head = next_head(&head, &root, count, seq);
        }
        last.unwrap().get_receipt().await.unwrap();
        n_anchors.max(roots.len())
    });
    println!(
        "chain: {sent} anchors mined on anvil (one transaction at a time) in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let mut ix = Indexer::new(&cfg).unwrap();
    let t = Instant::now();
    let mut events = 0;
    let mut steps = 0;
    loop {
        let r = rt.block_on(ix.step(&mut store)).unwrap();
        events += r.events();
        steps += 1;
        if r.caught_up() {
            break;
        }
    }
    let index_time = t.elapsed();
    assert_eq!(events, sent);
    let c = store.index_chain(anvil.chain_id).unwrap().unwrap();
    println!(
        "indexer: {events} Anchored events in blocks {}..{} ({} steps of up to {} blocks), {:.2} s: {:.0} events/s",
        c.start_block,
        c.next_block - 1,
        steps,
        zkp_ledger_indexer::DEFAULT_RANGE,
        index_time.as_secs_f64(),
        events as f64 / index_time.as_secs_f64()
    );
    drop(store);

    // 3. Lookups of random entries.
    let ro = Store::open_read_only(&db).unwrap();
    let picks: Vec<Bytes32> =
        (0..lookups + 1000).map(|_| digests[rng.gen_range(0..digests.len())]).collect();
    for d in &picks[..1000] {
        assert_eq!(query::entry(&ro, d).unwrap().status, query::Status::Anchored);
    }
    let mut times = Vec::with_capacity(lookups);
    for d in &picks[1000..] {
        let t = Instant::now();
        let r = query::entry(&ro, d).unwrap();
        times.push(t.elapsed());
        assert_eq!(r.anchors.len(), 1);
    }
    let (median, p99, max) = stats(times);
    println!(
        "query entry, in process: {lookups} random lookups: median {median:.3} ms, p99 {p99:.3} ms, max {max:.3} ms"
    );

    let (times, body_len) = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let db2 = db.clone();
        let server = tokio::spawn(async move {
            http::serve_http_on(listener, &db2, async {
                let _ = stopped.await;
            })
            .await
        });
        let client = alloy::transports::http::reqwest::Client::builder()
            .pool_max_idle_per_host(1)
            .build()
            .unwrap();
        let mut times = Vec::with_capacity(lookups);
        let mut body_len = 0;
        for (i, d) in picks.iter().enumerate() {
            let url = format!("http://{addr}/entries/0x{}", hex::encode(d));
            let t = Instant::now();
            let resp = client.get(&url).send().await.unwrap();
            assert_eq!(resp.status().as_u16(), 200);
            let body = resp.bytes().await.unwrap();
            let e = t.elapsed();
            if i >= 1000 {
                times.push(e);
                body_len = body.len();
            }
        }
        stop.send(()).unwrap();
        server.await.unwrap().unwrap();
        (times, body_len)
    });
    let (median, p99, max) = stats(times);
    println!(
        "query entry, HTTP on loopback (keep-alive, {body_len}-byte JSON): {lookups} random lookups: median {median:.3} ms, p99 {p99:.3} ms, max {max:.3} ms"
    );
}
