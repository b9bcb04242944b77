//! `zkp-ledger bench submitter`: enqueue throughput, and enqueue-to-anchored time and anchored
//! entries per second on the devnet at several batch sizes.

use std::{
    path::Path,
    time::{Duration, Instant},
};

use serde_json::json;
use zkp_ledger_config::Config;
use zkp_ledger_store::{BatchState, Store};
use zkp_ledger_submitter::{now_ms, service::Service};

use super::median;
use crate::output::{Output, fmt_duration, ms};

fn random_digests(n: usize, seed: u64) -> Vec<[u8; 32]> {
    let mut x = seed | 1;
    (0..n).map(|_| crate::util::xorshift_word(&mut x)).collect()
}

pub(crate) fn run(
    out: Output,
    config: Option<&Path>,
    enqueue: usize,
    sizes: &[u32],
    batches: usize,
) -> eyre::Result<()> {
    if cfg!(debug_assertions) {
        out.warn("this is a debug build: figures are not representative (cargo build --release)");
    }
    let tmp = tempfile::tempdir()?;

    // Enqueue throughput: one process, a fresh store, WAL with synchronous=FULL (every commit
    // reaches the disk), inputs in chunks of the store's transaction size.
    let mut rates = Vec::new();
    for run in 0..3u64 {
        let mut store = Store::open(&tmp.path().join(format!("enqueue-{run}.db")))?;
        let digests = random_digests(enqueue, 0x1234 + run);
        let t = Instant::now();
        let done = store.enqueue(&digests, now_ms())?;
        let elapsed = t.elapsed();
        eyre::ensure!(done.added.len() == enqueue, "enqueue lost entries");
        rates.push(enqueue as f64 / elapsed.as_secs_f64());
        out.note(&format!(
            "  enqueue run {}: {enqueue} entries in {}",
            run + 1,
            fmt_duration(elapsed)
        ));
    }
    rates.sort_by(f64::total_cmp);
    let enqueue_rate = rates[rates.len() / 2];

    // Anchoring on the devnet.
    let (base, _) = Config::discover(config)?;
    let signer = zkp_ledger_submitter::signer::load(&base.signer)?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let mut results = Vec::new();
    for &size in sizes {
        let mut cfg = base.clone();
        cfg.store.path = tmp.path().join(format!("anchor-{size}.db"));
        cfg.batch.max_entries = size;
        let store = Store::open(&cfg.store.path)?;
        let mut service = Service::new(cfg.clone(), signer.clone(), store);
        let n = size as usize * batches;
        let digests = random_digests(n, u64::from(size) * 7919 + now_ms() as u64);
        let start = Instant::now();
        service.store.enqueue(&digests, now_ms())?;
        let mut mined_at: Vec<Option<Duration>> = vec![None; batches];
        let mut final_at: Vec<Option<Duration>> = vec![None; batches];
        let deadline = start + Duration::from_secs(600);
        loop {
            rt.block_on(service.step(true))?;
            let mined = service.store.batches_in(BatchState::Mined)?;
            let fin = service.store.batches_in(BatchState::Final)?;
            for b in mined.iter().chain(&fin) {
                let i = (b.id - 1) as usize;
                if i < batches && mined_at[i].is_none() {
                    mined_at[i] = Some(start.elapsed());
                }
            }
            for b in &fin {
                let i = (b.id - 1) as usize;
                if i < batches && final_at[i].is_none() {
                    final_at[i] = Some(start.elapsed());
                }
            }
            if final_at.iter().all(Option::is_some) {
                break;
            }
            eyre::ensure!(
                Instant::now() < deadline,
                "batch size {size}: not anchored within 10 minutes"
            );
            std::thread::sleep(Duration::from_millis(u64::min(cfg.tx.poll_interval_ms, 100)));
        }
        let total = final_at.iter().flatten().max().copied().unwrap_or_default();
        let mut on: Vec<String> = service
            .store
            .batches_in(BatchState::Final)?
            .iter()
            .filter_map(|b| b.chain.clone())
            .collect();
        on.sort();
        let chains: Vec<String> =
            on.chunk_by(|a, b| a == b).map(|c| format!("{} x{}", c[0], c.len())).collect();
        let first_mined = mined_at.iter().flatten().min().copied().unwrap_or_default();
        let last_mined = mined_at.iter().flatten().max().copied().unwrap_or_default();
        let first_final = final_at.iter().flatten().min().copied().unwrap_or_default();
        // Anchored: in a block. From the enqueue to the last anchor mined; final adds the
        // confirmations, a constant wait.
        let rate = n as f64 / last_mined.as_secs_f64();
        let final_rate = n as f64 / total.as_secs_f64();
        let mut per_block: Vec<(String, u64)> = service
            .store
            .batches_in(BatchState::Final)?
            .into_iter()
            .filter_map(|b| Some((b.chain?, b.block_number?)))
            .collect();
        per_block.sort();
        let most_per_block = per_block.chunk_by(|a, b| a == b).map(<[_]>::len).max().unwrap_or(0);
        out.note(&format!(
            "  batch size {size}: {batches} batches ({n} entries) mined in {}, final in {}; first anchored (mined) {}, first final {}; {rate:.0} anchored entries/s ({final_rate:.0} final); up to {most_per_block} batches in one block",
            fmt_duration(last_mined),
            fmt_duration(total),
            fmt_duration(first_mined),
            fmt_duration(first_final),
        ));
        results.push(json!({
            "batch_size": size,
            "batches": batches,
            "entries": n,
            "chains": chains,
            "enqueue_to_first_mined_ms": ms(first_mined),
            "enqueue_to_first_final_ms": ms(first_final),
            "enqueue_to_all_mined_ms": ms(last_mined),
            "enqueue_to_all_final_ms": ms(total),
            "median_mined_ms": ms(median(mined_at.iter().flatten().copied().collect())),
            "anchored_entries_per_s": rate.round(),
            "final_entries_per_s": final_rate.round(),
            "most_batches_in_one_block": most_per_block,
        }));
    }
    let confirmations: Vec<_> = base
        .chains
        .iter()
        .map(|c| json!({ "chain": c.name, "confirmations": c.confirmations }))
        .collect();
    out.result(
        || {
            let mut s = format!("enqueue: {enqueue_rate:.0} entries/s (median of 3 runs of {enqueue}, durable commits)\n");
            for r in &results {
                s += &format!(
                    "batch size {:>6}: {} entries, first mined after {} ms, all mined after {} ms, all final after {} ms: {} anchored entries/s ({} final), up to {} batches per block, on {}\n",
                    r["batch_size"], r["entries"], r["enqueue_to_first_mined_ms"], r["enqueue_to_all_mined_ms"], r["enqueue_to_all_final_ms"], r["anchored_entries_per_s"], r["final_entries_per_s"], r["most_batches_in_one_block"], r["chains"]
                );
            }
            s
        },
        || json!({ "enqueue_entries_per_s": enqueue_rate.round(), "enqueue_runs": enqueue, "anchoring": results, "confirmations": confirmations }),
    );
    Ok(())
}
