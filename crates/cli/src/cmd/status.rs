//! `zkp-ledger status`: queue, batches, and each chain's state.

use std::path::Path;

use alloy::primitives::utils::format_ether;
use serde_json::json;
use zkp_ledger_store::BatchState;
use zkp_ledger_submitter::chain::Chain;

use crate::{output::Output, util::open_store};

pub(crate) fn run(out: Output, config: Option<&Path>) -> eyre::Result<()> {
    let (store, cfg) = open_store(config)?;
    let signer = zkp_ledger_submitter::signer::load(&cfg.signer)?;
    let account = signer.address();
    let queued = store.queued_count()?;
    let counts = store.batch_counts()?;
    let (total, fin) = store.entry_counts()?;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let mut chains = Vec::new();
    for c in &cfg.chains {
        let stored_nonce = store.next_nonce(&c.name, &account.0.0)?;
        let in_flight: Vec<_> = store
            .batches_in(BatchState::Sending)?
            .into_iter()
            .filter(|b| b.chain.as_deref() == Some(c.name.as_str()))
            .map(|b| b.id)
            .collect();
        let live = rt.block_on(async {
            let chain = Chain::connect(c).await?;
            Ok::<_, zkp_ledger_submitter::Error>((
                chain.rpc_display().to_string(),
                chain.block_number().await?,
                chain.head().await?,
                chain.pending_nonce(account).await?,
                chain.balance(account).await?,
            ))
        });
        chains.push(match live {
            Ok((rpc, block, head, nonce, balance)) => json!({
                "name": c.name, "chain_id": c.chain_id, "rpc": rpc, "reachable": true, "block": block,
                "anchor_head": format!("{head:#x}"), "chain_nonce": nonce, "stored_nonce": stored_nonce,
                "balance_eth": format_ether(balance), "in_flight_batches": in_flight,
            }),
            Err(e) => json!({ "name": c.name, "chain_id": c.chain_id, "reachable": false, "error": e.to_string(), "stored_nonce": stored_nonce, "in_flight_batches": in_flight }),
        });
    }
    let by_state: serde_json::Map<String, serde_json::Value> = counts
        .iter()
        .map(|(s, n)| {
            (
                serde_json::to_value(s)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default(),
                json!(n),
            )
        })
        .collect();
    out.result(
        || {
            let mut s = format!(
                "account {account}\nentries: {total} ({queued} queued, {fin} in final batches)\nbatches: {}\n",
                if by_state.is_empty() { "none".into() } else { by_state.iter().map(|(k, v)| format!("{v} {k}")).collect::<Vec<_>>().join(", ") }
            );
            for c in &chains {
                if c["reachable"].as_bool() == Some(true) {
                    s += &format!(
                        "{:<17} {} block {} nonce {} balance {} ETH, in flight: {}\n",
                        c["name"].as_str().unwrap_or(""),
                        c["rpc"].as_str().unwrap_or(""),
                        c["block"],
                        c["chain_nonce"],
                        c["balance_eth"].as_str().unwrap_or(""),
                        c["in_flight_batches"]
                    );
                } else {
                    s += &format!("{:<17} unreachable: {}\n", c["name"].as_str().unwrap_or(""), c["error"].as_str().unwrap_or(""));
                }
            }
            s
        },
        || json!({ "account": account, "entries": total, "queued": queued, "final_entries": fin, "batches": by_state, "chains": chains }),
    );
    Ok(())
}
