//! Store tests on real SQLite files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests")]

use zkp_ledger_store::{BatchState, Error, NewTx, Store, TxState};

fn d(i: u32) -> [u8; 32] {
    let mut b = [0u8; 32];
    b[..4].copy_from_slice(&i.to_be_bytes());
    b[31] = 0xaa;
    b
}

fn open(dir: &tempfile::TempDir) -> Store {
    Store::open(&dir.path().join("ledger.db")).unwrap()
}

#[test]
fn migrations_apply_once_and_refuse_newer_files() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(&dir);
    assert_eq!(s.schema_version().unwrap(), 3);
    drop(s);
    let mut s = open(&dir);
    assert_eq!(s.schema_version().unwrap(), 3, "reopening applies nothing twice");
    s.connection().pragma_update(None, "user_version", 99).unwrap();
    drop(s);
    assert!(matches!(
        Store::open(&dir.path().join("ledger.db")),
        Err(Error::TooNew { found: 99, known: 3 })
    ));
}

#[test]
fn enqueue_is_idempotent_with_stable_ids_and_durable() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(&dir);
    let first = s.enqueue(&[d(1), d(2), d(3)], 1000).unwrap();
    assert_eq!(first.added.len(), 3);
    let again = s.enqueue(&[d(2), d(4), d(2)], 2000).unwrap();
    assert_eq!(again.added, vec![(4, d(4))]);
    assert_eq!(again.existing, vec![(2, d(2)), (2, d(2))], "the same entry keeps its id");
    drop(s);
    // A new connection (a restarted process) sees everything committed.
    let s = open(&dir);
    assert_eq!(s.queued_count().unwrap(), 4);
    assert_eq!(s.oldest_queued_at().unwrap(), Some(1000));
    assert_eq!(s.queued(10).unwrap().iter().map(|(id, _)| *id).collect::<Vec<_>>(), [1, 2, 3, 4]);
    assert_eq!(s.entry(&d(3)).unwrap().unwrap().id, 3);
    assert!(s.entry(&d(9)).unwrap().is_none());
}

#[test]
fn closing_a_batch_is_atomic() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(&dir);
    s.enqueue(&[d(1), d(2), d(3)], 0).unwrap();
    let paths = vec![vec![[7u8; 32]; 4]; 2];
    let b = s.close_batch(&[1, 2], &[9u8; 32], 4, &paths, 10).unwrap();
    let batch = s.batch(b).unwrap().unwrap();
    assert_eq!((batch.count, batch.depth, batch.state), (2, 4, BatchState::Closed));
    let e = s.entry(&d(2)).unwrap().unwrap();
    assert_eq!((e.batch_id, e.position), (Some(b), Some(1)));
    assert_eq!(e.path.unwrap(), vec![[7u8; 32]; 4]);
    assert_eq!(s.queued_count().unwrap(), 1);
    // Entry 2 is taken: the whole second batch fails and writes nothing.
    assert!(s.close_batch(&[3, 2], &[8u8; 32], 4, &paths, 11).is_err());
    assert_eq!(s.queued_count().unwrap(), 1);
    assert!(s.batch_by_root(&[8u8; 32]).unwrap().is_none());
    assert_eq!(s.entry(&d(3)).unwrap().unwrap().batch_id, None);
    assert_eq!(s.batch_entries(b).unwrap(), vec![(1, d(1)), (2, d(2))]);
}

#[test]
fn batch_and_tx_lifecycle() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(&dir);
    s.enqueue(&[d(1)], 0).unwrap();
    let b = s.close_batch(&[1], &[5u8; 32], 1, &[vec![[0u8; 32]]], 1).unwrap();
    s.route_batch(b, "op-sepolia", "{}").unwrap();
    let sender = [3u8; 20];
    let new = |nonce: u64, hash: u8| NewTx {
        batch_id: b,
        chain: "op-sepolia".into(),
        sender,
        nonce,
        hash: [hash; 32],
        raw: vec![1, 2, 3],
        max_fee: 3_000_000_000,
        max_priority_fee: 1_000_000_000,
        gas_limit: 80_000,
        prev_head: [0u8; 32],
        seq: Some(4),
        created_at: 5,
    };
    // A signed transaction for another chain than the route is refused.
    let mut other = new(0, 1);
    other.chain = "sepolia".into();
    assert!(s.record_signed_tx(&other).is_err());
    let t1 = s.record_signed_tx(&new(7, 1)).unwrap();
    assert_eq!(s.batch(b).unwrap().unwrap().state, BatchState::Sending);
    assert_eq!(s.next_nonce("op-sepolia", &sender).unwrap(), Some(8));
    // Pinned: the batch cannot be routed elsewhere now.
    assert!(s.route_batch(b, "sepolia", "{}").is_err());
    s.set_tx_state(t1, TxState::Pending, 6).unwrap();
    let t2 = s.record_signed_tx(&new(7, 2)).unwrap();
    s.set_tx_state(t1, TxState::Replaced, 7).unwrap();
    // Both are in flight on the chain (the pipeline's view), with their sequence number.
    let unmined = s.unmined_txs("op-sepolia").unwrap();
    assert_eq!(unmined.iter().map(|t| t.id).collect::<Vec<_>>(), [t1, t2]);
    assert!(unmined.iter().all(|t| t.seq == Some(4) && t.nonce == 7));
    assert!(s.unmined_txs("sepolia").unwrap().is_empty());
    assert!(s.release_batch(b).is_err(), "live transactions keep the batch pinned");
    s.record_mined(t2, b, 100, &[6u8; 32], &[2u8; 32]).unwrap();
    let batch = s.batch(b).unwrap().unwrap();
    assert_eq!((batch.state, batch.block_number), (BatchState::Mined, Some(100)));
    s.record_reorged(b).unwrap();
    let batch = s.batch(b).unwrap().unwrap();
    assert_eq!((batch.state, batch.block_number), (BatchState::Sending, None));
    assert_eq!(s.txs_of_batch(b).unwrap()[1].state, TxState::Pending);
    s.record_mined(t2, b, 101, &[7u8; 32], &[2u8; 32]).unwrap();
    s.record_final(b).unwrap();
    assert_eq!(s.batch(b).unwrap().unwrap().state, BatchState::Final);
    assert_eq!(s.entry_counts().unwrap(), (1, 1));
    let txs = s.txs_of_batch(b).unwrap();
    assert_eq!(
        txs.iter().map(|t| t.state).collect::<Vec<_>>(),
        [TxState::Replaced, TxState::Mined]
    );
    assert_eq!(txs[1].max_fee, 3_000_000_000);
    assert!(s.unmined_txs("op-sepolia").unwrap().is_empty(), "a mined batch has nothing in flight");
}

#[test]
fn a_failed_batch_is_released_for_rerouting() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(&dir);
    s.enqueue(&[d(1)], 0).unwrap();
    let b = s.close_batch(&[1], &[5u8; 32], 1, &[vec![[0u8; 32]]], 1).unwrap();
    s.route_batch(b, "sepolia", "{}").unwrap();
    let t = s
        .record_signed_tx(&NewTx {
            batch_id: b,
            chain: "sepolia".into(),
            sender: [1u8; 20],
            nonce: 0,
            hash: [1u8; 32],
            raw: vec![],
            max_fee: 1,
            max_priority_fee: 1,
            gas_limit: 1,
            prev_head: [0u8; 32],
            seq: None,
            created_at: 0,
        })
        .unwrap();
    s.set_tx_state(t, TxState::Failed, 1).unwrap();
    s.release_batch(b).unwrap();
    let batch = s.batch(b).unwrap().unwrap();
    assert_eq!((batch.state, batch.chain), (BatchState::Closed, None));
}

#[test]
fn metrics_queries_count_batches_by_chain_and_state_and_read_enqueue_times() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(&dir);
    s.enqueue(&[d(1), d(2)], 100).unwrap();
    s.enqueue(&[d(3)], 250).unwrap();
    let paths = vec![vec![[7u8; 32]; 2]; 2];
    let a = s.close_batch(&[3, 1], &[9u8; 32], 2, &paths, 300).unwrap();
    let b = s.close_batch(&[2], &[8u8; 32], 2, &paths[..1], 300).unwrap();
    s.route_batch(a, "sepolia", "{}").unwrap();
    let mut counts = s.batch_counts_by_chain().unwrap();
    counts.sort_by_key(|(c, _, _)| c.clone());
    assert_eq!(
        counts,
        vec![(None, BatchState::Closed, 1), (Some("sepolia".into()), BatchState::Routed, 1)]
    );
    // Leaf order: entry 3 first.
    assert_eq!(s.batch_enqueued_at(a).unwrap(), vec![250, 100]);
    assert_eq!(s.batch_enqueued_at(b).unwrap(), vec![100]);
    assert_eq!(s.batch_enqueued_at(b + 1).unwrap(), Vec::<i64>::new());
    assert_eq!(
        BatchState::ALL.map(BatchState::as_str).join(","),
        "closed,routed,sending,mined,final"
    );
}
