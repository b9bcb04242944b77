//! The batcher: closes a batch when the queue holds `max_entries` entries or its oldest entry is
//! `max_age_ms` old, builds the batch's Poseidon tree (DESIGN.md: leaf value of entry `e` is
//! `Poseidon(e_hi, e_lo)`, leaf node `Poseidon(value)`), and stores the batch with every entry's
//! inclusion path in one transaction. A closed batch never changes.

use ark_bn254::Fr;
use rayon::prelude::*;
use zkp_ledger_config::BatchConfig;
use zkp_ledger_contracts::fr_to_word;
use zkp_ledger_merkle::{Tree, entry_value};
use zkp_ledger_store::{Bytes32, Store};

use crate::Result;

/// A field element as a 32-byte big-endian word (how roots and paths are stored and anchored:
/// the chain crate's one conversion).
fn fr_to_bytes(x: &Fr) -> Bytes32 {
    fr_to_word(x).0
}

/// The tree of a batch of entries, and each entry's path.
pub fn build_tree(depth: usize, digests: &[Bytes32]) -> Result<(Bytes32, Vec<Vec<Bytes32>>)> {
    let values: Vec<Fr> = digests.par_iter().map(entry_value).collect();
    let tree = Tree::new(depth, &values)?;
    let paths = (0..values.len() as u64)
        .into_par_iter()
        .map(|i| tree.proof(i).map(|p| p.siblings.iter().map(fr_to_bytes).collect()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((fr_to_bytes(&tree.root()), paths))
}

/// Closes the batches that are due at `now_ms` (all queued entries if `flush`), at most `max`
/// of them (the rest wait for the next call, so that the first batches reach a chain without
/// waiting for a whole backlog's trees); returns their ids.
pub fn close_due_batches(
    store: &mut Store,
    cfg: &BatchConfig,
    now_ms: i64,
    flush: bool,
    max: usize,
) -> Result<Vec<i64>> {
    let mut closed = Vec::new();
    while closed.len() < max {
        let queued = store.queued_count()?;
        if queued == 0 {
            break;
        }
        let full = queued >= u64::from(cfg.max_entries);
        let old = store
            .oldest_queued_at()?
            .is_some_and(|t| now_ms.saturating_sub(t) >= cfg.max_age_ms as i64);
        if !(full || old || flush) {
            break;
        }
        let entries = store.queued(cfg.max_entries as usize)?;
        let digests: Vec<Bytes32> = entries.iter().map(|(_, d)| *d).collect();
        let (root, paths) = build_tree(usize::from(cfg.tree_depth), &digests)?;
        let ids: Vec<i64> = entries.iter().map(|(id, _)| *id).collect();
        let id = store.close_batch(&ids, &root, u32::from(cfg.tree_depth), &paths, now_ms)?;
        tracing::info!(batch = id, entries = ids.len(), root = %format!("0x{}", hex::encode(root)), reason = if full { "full" } else if old { "age" } else { "flush" }, "batch closed");
        closed.push(id);
    }
    Ok(closed)
}
