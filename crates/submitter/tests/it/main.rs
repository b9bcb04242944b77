//! Submitter tests that need no chain: the batcher and input parsing. The chain-facing tests run
//! on the devnet (crates/cli/tests and tests/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests")]

use ark_bn254::Fr;
use ark_ff::PrimeField;
use zkp_ledger_config::BatchConfig;
use zkp_ledger_merkle::{Proof, entry_value};
use zkp_ledger_store::{BatchState, Store};
use zkp_ledger_submitter::{batcher::close_due_batches, parse_digest};

fn digest(i: u64) -> [u8; 32] {
    let mut d = [0xffu8; 32];
    d[24..].copy_from_slice(&i.to_be_bytes());
    d
}

fn cfg(max_entries: u32, max_age_ms: u64) -> BatchConfig {
    BatchConfig { max_entries, max_age_ms, tree_depth: 20 }
}

#[test]
fn batches_close_by_size_age_and_flush_and_paths_verify() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("l.db")).unwrap();
    s.enqueue(&(0..10).map(digest).collect::<Vec<_>>(), 1_000).unwrap();
    // Ten queued, batches of 4: two full batches close now, two entries wait.
    let mut ids = close_due_batches(&mut s, &cfg(4, 60_000), 1_500, false, usize::MAX).unwrap();
    assert_eq!(ids.len(), 2);
    assert_eq!(s.queued_count().unwrap(), 2);
    // Not full, not old: nothing.
    assert!(
        close_due_batches(&mut s, &cfg(4, 60_000), 1_500, false, usize::MAX).unwrap().is_empty()
    );
    // Old enough: the partial batch closes.
    ids.extend(close_due_batches(&mut s, &cfg(4, 500), 1_500, false, usize::MAX).unwrap());
    assert_eq!(ids.len(), 3);
    assert_eq!(s.batch(ids[2]).unwrap().unwrap().count, 2);
    assert_eq!(s.queued_count().unwrap(), 0);
    for id in ids {
        let b = s.batch(id).unwrap().unwrap();
        assert_eq!(b.state, BatchState::Closed);
        let root = Fr::from_be_bytes_mod_order(&b.root);
        for (pos, (_, d)) in s.batch_entries(id).unwrap().iter().enumerate() {
            let e = s.entry(d).unwrap().unwrap();
            assert_eq!(e.position, Some(pos as u64));
            let siblings = e.path.unwrap().iter().map(|x| Fr::from_be_bytes_mod_order(x)).collect();
            let proof = Proof { index: pos as u64, siblings };
            assert!(proof.verify(20, root, entry_value(d)).unwrap(), "batch {id} entry {pos}");
        }
    }
    // Flush closes whatever is queued.
    s.enqueue(&[digest(99)], 2_000).unwrap();
    assert_eq!(
        close_due_batches(&mut s, &cfg(4, 60_000), 2_001, true, usize::MAX).unwrap().len(),
        1
    );
}

#[test]
fn digests_parse_strictly() {
    let hex = "ab".repeat(32);
    assert_eq!(parse_digest(&hex, "x").unwrap(), [0xab; 32]);
    assert_eq!(parse_digest(&format!("0x{hex}"), "x").unwrap(), [0xab; 32]);
    assert_eq!(parse_digest(&format!("  0X{}  ", hex.to_uppercase()), "x").unwrap(), [0xab; 32]);
    for bad in ["", "0x", &hex[..62], &format!("{hex}00"), &format!("0x{}zz", &hex[..62])] {
        let err = parse_digest(bad, "line 3").unwrap_err();
        assert!(err.to_string().starts_with("line 3:"), "{err}");
    }
}
