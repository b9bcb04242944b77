//! The indexer against real anvil nodes, the real LedgerAnchor and a real SQLite store.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail loudly"
)]

mod support;

use alloy::{
    primitives::B256,
    providers::{Provider, ext::AnvilApi},
};
use serde_json::{Value, json};
use support::*;
use zkp_ledger_indexer::{
    Indexer, IndexerOptions, StepReport,
    hashchain::{check_sequence, next_head},
    hex0x, http, query,
    query::Status,
    receipt::{self, Receipt},
};
use zkp_ledger_store::{
    Store,
    index::{AnchorRow, BreakKind, EventOrigin, IndexCommit},
};

/// Steps until every chain is caught up (at most 50 steps).
async fn catch_up(ix: &mut Indexer, store: &mut Store) -> Vec<StepReport> {
    let mut reports = Vec::new();
    for _ in 0..50 {
        let r = ix.step(store).await.unwrap();
        let done = r.caught_up();
        reports.push(r);
        if done {
            return reports;
        }
    }
    panic!("not caught up after 50 steps: {reports:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn indexes_resumes_queries_receipts_and_http() {
    let anvil = Anvil::start(31337).await;
    let (anchor_addr, deployed_at) = deploy_anchor(&anvil).await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    let cfg =
        config(&db, &anvil, write_deployment(dir.path(), anvil.chain_id, anchor_addr, deployed_at));
    let mut store = Store::open(&db).unwrap();

    let b1 = entries(1, 5);
    let b2 = entries(2, 3);
    let b3 = entries(3, 7);
    let (_, r1) = close_batch(&mut store, &b1);
    let (_, r2) = close_batch(&mut store, &b2);
    let (_, r3) = close_batch(&mut store, &b3);
    let queued = entries(4, 1);
    store.enqueue(&queued, 3).unwrap();
    let tx1 = anchor(&anvil, anchor_addr, r1, 5).await;
    anchor(&anvil, anchor_addr, r2, 3).await;
    mine(&anvil, 5).await;

    // Small ranges: several steps, each committing its own range.
    let mut ix = Indexer::with_options(&cfg, IndexerOptions { range: 3 }).unwrap();
    let reports = catch_up(&mut ix, &mut store).await;
    assert!(reports.len() > 1, "several bounded ranges");
    assert_eq!(reports.iter().map(StepReport::events).sum::<usize>(), 2);
    let ranges: Vec<(u64, u64)> = reports.iter().filter_map(|r| r.chains[0].range).collect();
    for w in ranges.windows(2) {
        assert_eq!(w[1].0, w[0].1 + 1, "ranges are contiguous");
        assert!(w[0].1 - w[0].0 < 3);
    }
    assert_eq!(ranges[0].0, deployed_at);

    // query entry: anchored, with where and when.
    let e = query::entry(&store, &b1[2]).unwrap();
    assert_eq!(e.status, Status::Anchored);
    assert_eq!(e.entry.as_ref().unwrap().position, Some(2));
    let a = &e.anchors[0];
    let p = anvil.provider();
    let latest = p.get_block_number().await.unwrap();
    let rcpt = p.get_transaction_receipt(tx1).await.unwrap().unwrap();
    let block = p.get_block_by_number(rcpt.block_number.unwrap().into()).await.unwrap().unwrap();
    assert_eq!((a.chain_id, a.chain.as_deref(), a.seq, a.count), (31337, Some("local"), 0, 5));
    assert_eq!(a.contract, hex0x(anchor_addr.as_slice()));
    assert_eq!(a.tx_hash, hex0x(tx1.as_slice()));
    assert_eq!(a.block_number, rcpt.block_number.unwrap());
    assert_eq!(a.block_hash, hex0x(block.header.hash.as_slice()));
    assert_eq!(a.timestamp, block.header.timestamp);
    assert_eq!(a.confirmations, Some(latest - a.block_number + 1));
    assert_eq!(a.prev_head, hex0x(&[0; 32]));
    assert_eq!(a.head, hex0x(&next_head(&[0; 32], &r1, 5, 0)));
    // batched (closed, not anchored), queued, unknown.
    assert_eq!(query::entry(&store, &b3[0]).unwrap().status, Status::Batched);
    assert_eq!(query::entry(&store, &queued[0]).unwrap().status, Status::Queued);
    assert_eq!(query::entry(&store, &[9; 32]).unwrap().status, Status::Unknown);
    assert_eq!(query::batch(&store, &r2).unwrap().status, Status::Anchored);
    assert_eq!(query::batch(&store, &r3).unwrap().status, Status::Batched);
    assert_eq!(query::batch(&store, &[9; 32]).unwrap().status, Status::Unknown);

    // Restart: a new indexer resumes from the stored cursor, without duplicates.
    let cursor = store.index_chain(31337).unwrap().unwrap().next_block;
    drop(ix);
    drop(store);
    let mut store = Store::open(&db).unwrap();
    anchor(&anvil, anchor_addr, r3, 7).await;
    let mut ix = Indexer::new(&cfg).unwrap();
    let reports = catch_up(&mut ix, &mut store).await;
    assert_eq!(reports[0].chains[0].range.unwrap().0, cursor, "resumes at the cursor");
    assert_eq!(reports.iter().map(StepReport::events).sum::<usize>(), 1);
    assert_eq!(store.index_anchor_count(31337).unwrap(), 3);
    let c = query::chain(&store, 31337, 0, 100).unwrap().unwrap();
    assert!(c.hash_chain.ok);
    assert_eq!(c.anchors.iter().map(|a| a.seq).collect::<Vec<_>>(), vec![0, 1, 2]);
    assert_eq!(query::chain(&store, 31337, 1, 100).unwrap().unwrap().anchors.len(), 2);
    let head = B256::from_slice(&hex::decode(c.anchors[2].head.trim_start_matches("0x")).unwrap());
    let on_chain =
        zkp_ledger_contracts::ILedgerAnchor::new(anchor_addr, &p).head().call().await.unwrap();
    assert_eq!(head, on_chain, "the indexed hash chain ends at the contract's head");
    // Stepping again when nothing happened changes nothing.
    let again = ix.step(&mut store).await.unwrap();
    assert_eq!(again.events(), 0);
    assert!(again.caught_up());

    // Receipts: valid offline and on chain; every field tampered fails.
    let r = receipt::build(&store, &b3[4], None).unwrap();
    assert_eq!(r.inclusion.position, 4);
    assert_eq!(r.inclusion.siblings.len(), DEPTH);
    let offline = receipt::verify_offline(&r).unwrap();
    assert_eq!(offline.status(), receipt::Status::Consistent, "offline is never 'anchored'");
    let pin = receipt::Pin { anchor: anchor_addr, confirmations: 1 };
    let v = receipt::verify_on_chain(&r, &anvil.url, &pin).await.unwrap();
    assert_eq!(v.status(), receipt::Status::Anchored, "{v:#?}");
    // More confirmations than the chain has: not (yet) anchored enough.
    let head = p.get_block_number().await.unwrap();
    let deep = receipt::Pin { confirmations: head - r.anchor.block_number + 2, ..pin };
    let v = receipt::verify_on_chain(&r, &anvil.url, &deep).await.unwrap();
    assert_eq!(v.failure().unwrap().check, "confirmations", "{v:#?}");
    let exact = receipt::Pin { confirmations: head - r.anchor.block_number + 1, ..pin };
    assert!(receipt::verify_on_chain(&r, &anvil.url, &exact).await.unwrap().all_hold());
    // Another LedgerAnchor than the pinned one: refused whatever the chain says.
    let other = receipt::Pin { anchor: alloy::primitives::Address::repeat_byte(7), ..pin };
    let v = receipt::verify_on_chain(&r, &anvil.url, &other).await.unwrap();
    assert_eq!(v.failure().unwrap().check, "anchor_contract", "{v:#?}");
    let path = dir.path().join("receipt.json");
    std::fs::write(&path, r.to_json()).unwrap();
    assert_eq!(Receipt::read(&path).unwrap(), r);
    assert!(receipt::build(&store, &queued[0], None).is_err());
    assert!(receipt::build(&store, &[9; 32], None).is_err());
    let other_tx = {
        // A real transaction of this chain that is not the anchor: the addSubmitter call.
        let b = p.get_block_by_number((deployed_at + 1).into()).await.unwrap().unwrap();
        hex0x(b.transactions.hashes().next().unwrap().as_slice())
    };
    tamper_receipts(&r, &anvil, &other_tx).await;

    // HTTP: the same JSON as the library's (the CLI's --json) answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let db2 = db.clone();
    let server = tokio::spawn(async move {
        http::serve_http_on(listener, &db2, async {
            let _ = stop_rx.await;
        })
        .await
    });
    let client = alloy::transports::http::reqwest::Client::new();
    let get = |path: String| {
        let client = client.clone();
        async move {
            let resp = client.get(format!("http://{addr}{path}")).send().await.unwrap();
            let status = resp.status().as_u16();
            (status, resp.json::<Value>().await.unwrap())
        }
    };
    let (s, body) = get(format!("/entries/{}", hex0x(&b1[2]))).await;
    assert_eq!((s, body), (200, js(&query::entry(&store, &b1[2]).unwrap())));
    let (s, body) = get(format!("/entries/{}", hex0x(&b3[0]))).await;
    assert_eq!((s, body), (200, js(&query::entry(&store, &b3[0]).unwrap())));
    let (s, body) = get(format!("/entries/{}", hex0x(&[9; 32]))).await;
    assert_eq!((s, body), (404, js(&query::entry(&store, &[9; 32]).unwrap())));
    let (s, body) = get(format!("/batches/{}", hex0x(&r2))).await;
    assert_eq!((s, body), (200, js(&query::batch(&store, &r2).unwrap())));
    let (s, body) = get("/chains".into()).await;
    assert_eq!((s, body), (200, js(&query::chains(&store).unwrap())));
    let (s, body) = get("/chains/31337/anchors?from=1".into()).await;
    assert_eq!(
        (s, body),
        (200, js(&query::chain(&store, 31337, 1, query::DEFAULT_ANCHOR_LIMIT).unwrap().unwrap()))
    );
    let (s, body) = get("/chains/31337/anchors".into()).await;
    assert_eq!((s, body["anchors"].as_array().unwrap().len()), (200, 3));
    let (s, _) = get("/chains/5/anchors".into()).await;
    assert_eq!(s, 404);
    let (s, body) = get("/entries/0x1234".into()).await;
    assert_eq!(s, 400);
    assert!(body["error"].as_str().unwrap().contains("32 bytes"));
    let (s, _) = get("/chains/x/anchors".into()).await;
    assert_eq!(s, 400);
    let (s, body) = get("/health".into()).await;
    assert_eq!((s, body), (200, json!({ "ok": true, "schema_version": 3, "chains": 1 })));
    stop_tx.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// The JSON the CLI prints with `--json` (it serialises the same values).
fn js<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

/// Every field of a good receipt, changed, fails: offline where offline can tell, on chain
/// otherwise; malformed values are unusable (an error).
async fn tamper_receipts(good: &Receipt, anvil: &Anvil, other_tx: &str) {
    let pin = receipt::Pin { anchor: good.anchor.contract.parse().unwrap(), confirmations: 1 };
    let flip = |s: &str| -> String {
        // Change the last hex digit (keeps the encoding well-formed and, for field elements,
        // canonical: the last digit never carries a value over r).
        let mut c: Vec<char> = s.chars().collect();
        let last = c.len() - 1;
        c[last] = if c[last] == '0' { '1' } else { '0' };
        c.into_iter().collect()
    };
    type Edit = Box<dyn Fn(&mut Receipt)>;
    let cases: Vec<(&str, Edit, &str)> = vec![
        ("entry", Box::new(move |r| r.entry = flip(&r.entry)), "inclusion"),
        ("depth", Box::new(|r| r.inclusion.depth -= 1), "depth"),
        ("position", Box::new(|r| r.inclusion.position ^= 1), "inclusion"),
        ("position beyond count", Box::new(|r| r.inclusion.position = r.batch.count), "position"),
        (
            "sibling",
            Box::new(move |r| r.inclusion.siblings[3] = flip(&r.inclusion.siblings[3])),
            "inclusion",
        ),
        (
            "sibling dropped",
            Box::new(|r| {
                r.inclusion.siblings.pop();
            }),
            "depth",
        ),
        ("root", Box::new(move |r| r.batch.root = flip(&r.batch.root)), "inclusion"),
        ("count", Box::new(|r| r.batch.count += 1), "head"),
        ("seq", Box::new(|r| r.anchor.seq += 1), "head"),
        ("prev_head", Box::new(move |r| r.anchor.prev_head = flip(&r.anchor.prev_head)), "head"),
        ("head", Box::new(move |r| r.anchor.head = flip(&r.anchor.head)), "head"),
        // Offline-consistent forgeries: only the chain can tell.
        (
            "count, head recomputed",
            Box::new(|r| {
                r.batch.count += 1;
                rehead(r);
            }),
            "anchor_record",
        ),
        (
            "seq, head recomputed",
            Box::new(|r| {
                r.anchor.seq += 1;
                rehead(r);
            }),
            "anchor_record",
        ),
        (
            "prev_head, head recomputed",
            Box::new(move |r| {
                r.anchor.prev_head = flip(&r.anchor.prev_head);
                rehead(r);
            }),
            "anchored_log",
        ),
        ("chain_id", Box::new(|r| r.anchor.chain_id += 1), "chain_id"),
        (
            "contract",
            Box::new(move |r| r.anchor.contract = flip(&r.anchor.contract)),
            "anchor_contract",
        ),
        ("block_number", Box::new(|r| r.anchor.block_number += 1), "anchor_record"),
        ("block_timestamp", Box::new(|r| r.anchor.block_timestamp += 1), "anchor_record"),
        (
            "block_hash",
            Box::new(move |r| r.anchor.block_hash = flip(&r.anchor.block_hash)),
            "block_hash",
        ),
        (
            "tx_hash (none such)",
            Box::new(move |r| r.anchor.tx_hash = flip(&r.anchor.tx_hash)),
            "transaction",
        ),
    ];
    for (name, edit, check) in cases {
        let mut r = good.clone();
        edit(&mut r);
        let offline = receipt::verify_offline(&r).unwrap();
        let v = receipt::verify_on_chain(&r, &anvil.url, &pin).await.unwrap();
        assert_eq!(v.status(), receipt::Status::Invalid, "tampered {name} passed: {v:#?}");
        let failed = v.failure().unwrap();
        assert_eq!(failed.check, check, "tampered {name}: {failed:?}");
        assert!(!failed.detail.is_empty());
        let offline_can_tell = ["depth", "position", "inclusion", "head"].contains(&check);
        assert_eq!(!offline.all_hold(), offline_can_tell, "tampered {name}: offline verdict");
    }
    // Another real transaction of the chain, in another block.
    let mut r = good.clone();
    r.anchor.tx_hash = other_tx.to_string();
    let v = receipt::verify_on_chain(&r, &anvil.url, &pin).await.unwrap();
    assert_eq!(v.failure().unwrap().check, "transaction");

    // Malformed: unusable, not merely invalid.
    let malformed: Vec<Edit> = vec![
        Box::new(|r| r.format = "zkp-ledger/receipt/v2".into()),
        Box::new(|r| r.anchor.head = r.anchor.head.to_uppercase().replacen("0X", "0x", 1)),
        Box::new(|r| r.entry = r.entry.trim_start_matches("0x").into()),
        Box::new(|r| r.anchor.head.push('0')),
        Box::new(|r| r.anchor.contract = "0x1234".into()),
        // A sibling plus r: the same field element, another encoding.
        Box::new(|r| {
            let s = num_bigint::BigUint::parse_bytes(&r.inclusion.siblings[0].as_bytes()[2..], 16)
                .unwrap();
            let modulus = num_bigint::BigUint::parse_bytes(
                b"30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001",
                16,
            )
            .unwrap();
            r.inclusion.siblings[0] = format!("0x{:064x}", s + modulus);
        }),
    ];
    for (i, edit) in malformed.iter().enumerate() {
        let mut r = good.clone();
        edit(&mut r);
        assert!(receipt::verify_offline(&r).is_err(), "malformed case {i} accepted");
    }
    // Unknown fields are refused when reading.
    let mut v: Value = serde_json::to_value(good).unwrap();
    v["anchor"]["extra"] = json!(1);
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.json");
    std::fs::write(&p, v.to_string()).unwrap();
    assert!(Receipt::read(&p).is_err());
}

fn rehead(r: &mut Receipt) {
    let b = |s: &str| -> [u8; 32] { hex::decode(&s[2..]).unwrap().try_into().unwrap() };
    let h = next_head(&b(&r.anchor.prev_head), &b(&r.batch.root), r.batch.count, r.anchor.seq);
    r.anchor.head = hex0x(&h);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reorg_rolls_back_and_reindexes() {
    let anvil = Anvil::start(31338).await;
    let (anchor_addr, deployed_at) = deploy_anchor(&anvil).await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    let cfg =
        config(&db, &anvil, write_deployment(dir.path(), anvil.chain_id, anchor_addr, deployed_at));
    let mut store = Store::open(&db).unwrap();
    let (_, r1) = close_batch(&mut store, &entries(1, 4));
    let (_, r2) = close_batch(&mut store, &entries(2, 4));
    let (_, r3) = close_batch(&mut store, &entries(3, 4));
    let p = anvil.provider();

    anchor(&anvil, anchor_addr, r1, 4).await;
    let snapshot = p.anvil_snapshot().await.unwrap();
    anchor(&anvil, anchor_addr, r2, 4).await;
    mine(&anvil, 3).await;
    let mut ix = Indexer::new(&cfg).unwrap();
    catch_up(&mut ix, &mut store).await;
    assert_eq!(query::batch(&store, &r2).unwrap().status, Status::Anchored);
    let old_r2_block = query::batch(&store, &r2).unwrap().anchors[0].block_number;

    // The chain drops r2's block and the ones after it; r3 is anchored instead, as seq 1.
    assert!(p.anvil_revert(snapshot).await.unwrap());
    mine(&anvil, 1).await;
    anchor(&anvil, anchor_addr, r3, 4).await;
    mine(&anvil, 4).await;
    let reports = catch_up(&mut ix, &mut store).await;
    let reorg =
        reports.iter().find_map(|r| r.chains[0].reorg.clone()).expect("a reorg is reported");
    assert_eq!(reorg.removed.anchors, 1);
    let fork = reorg.fork_point.unwrap();
    assert!(
        fork < old_r2_block,
        "fork point {fork} below the dropped anchor's block {old_r2_block}"
    );
    assert_eq!(
        query::batch(&store, &r2).unwrap().status,
        Status::Batched,
        "the dropped anchor is gone"
    );
    let b3 = query::batch(&store, &r3).unwrap();
    assert_eq!(b3.status, Status::Anchored);
    assert_eq!(b3.anchors[0].seq, 1);
    let c = query::chain(&store, anvil.chain_id, 0, 10).unwrap().unwrap();
    assert!(c.hash_chain.ok, "{:?}", c.hash_chain);
    assert_eq!(c.anchors.len(), 2);
    // Every stored block hash is canonical again.
    for (n, h) in store.index_blocks_below(anvil.chain_id, u64::MAX >> 1, 1000).unwrap() {
        let b = p.get_block_by_number(n.into()).await.unwrap().unwrap();
        assert_eq!(b.header.hash, B256::from(h), "block {n}");
    }
    // A receipt made after the reorg verifies on the new chain.
    let r = receipt::build(&store, &entries(3, 4)[1], None).unwrap();
    let pin = receipt::Pin { anchor: anchor_addr, confirmations: 1 };
    let v = receipt::verify_on_chain(&r, &anvil.url, &pin).await.unwrap();
    assert_eq!(v.status(), receipt::Status::Anchored);
}

/// Hash-chain breaks are stored with the events, reported by `query chain`, and undone with
/// the blocks they came from.
#[test]
fn breaks_are_stored_and_queryable() {
    let mut store = Store::open_in_memory().unwrap();
    store.index_register_chain(7, "seven", &[1; 20], None, 10, 0).unwrap();
    let mk = |seq: u64, block: u64, prev: [u8; 32]| {
        let root = [seq as u8 + 1; 32];
        AnchorRow {
            origin: EventOrigin {
                chain_id: 7,
                contract: [1; 20],
                block_number: block,
                block_hash: [block as u8; 32],
                tx_hash: [seq as u8; 32],
                log_index: 0,
                timestamp: 1000 + block,
            },
            root,
            seq,
            count: 3,
            prev_head: prev,
            head: next_head(&prev, &root, 3, seq),
        }
    };
    let a0 = mk(0, 11, [0; 32]);
    let a1 = mk(1, 12, a0.head);
    let a3 = mk(3, 14, [5; 32]); // seq 2 missing, and a prevHead from nowhere
    let anchors = vec![a0, a1, a3];
    let breaks = check_sequence(None, &anchors);
    assert_eq!(
        breaks.iter().map(|b| b.kind).collect::<Vec<_>>(),
        vec![BreakKind::Seq, BreakKind::PrevHead]
    );
    let commit = IndexCommit {
        from: 10,
        to: 15,
        to_hash: [15; 32],
        latest: 20,
        blocks: vec![(11, [11; 32]), (12, [12; 32]), (14, [14; 32])],
        anchors,
        breaks,
        ..IndexCommit::default()
    };
    store.index_commit(7, &commit, 1).unwrap();
    // A stale writer (cursor moved) is refused.
    assert!(store.index_commit(7, &commit, 1).is_err());
    let c = query::chain(&store, 7, 0, 10).unwrap().unwrap();
    assert!(!c.hash_chain.ok);
    assert_eq!(c.hash_chain.breaks.len(), 2);
    assert_eq!(c.hash_chain.breaks[0].expected, "2");
    assert_eq!(c.hash_chain.breaks[0].found, "3");
    assert_eq!(c.anchors[0].confirmations, Some(20 - 11 + 1));
    let s = query::chains(&store).unwrap();
    assert_eq!((s.chains[0].hash_chain_ok, s.chains[0].breaks), (false, 2));
    // Rolling back to block 12 removes the broken anchor and its breaks.
    let rb = store.index_rollback(7, 16, Some(12)).unwrap();
    assert_eq!((rb.anchors, rb.breaks, rb.next_block), (1, 2, 13));
    assert!(query::chain(&store, 7, 0, 10).unwrap().unwrap().hash_chain.ok);
    // New contracts for the chain: its index starts again.
    let (c, reset) = store.index_register_chain(7, "seven", &[2; 20], None, 50, 0).unwrap();
    assert!(reset);
    assert_eq!((c.next_block, store.index_anchor_count(7).unwrap()), (50, 0));
}
