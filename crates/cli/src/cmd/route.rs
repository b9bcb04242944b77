//! `zkp-ledger route`: the cost of anchoring a batch on every allowed chain, and the choice.

use std::path::Path;

use alloy::primitives::B256;
use clap::Args;
use zkp_ledger_store::BatchState;
use zkp_ledger_submitter::{chain::Chain, router};

use crate::{output::Output, util::open_store};

#[derive(Debug, Args)]
pub(crate) struct RouteArgs {
    /// Print the table of estimates behind the choice.
    #[arg(long)]
    explain: bool,
    /// Entries of the batch to price (default: the oldest closed batch, else a full batch).
    #[arg(long)]
    count: Option<u64>,
}

impl RouteArgs {
    pub(crate) fn run(self, out: Output, config: Option<&Path>) -> eyre::Result<()> {
        let (store, cfg) = open_store(config)?;
        let signer = zkp_ledger_submitter::signer::load(&cfg.signer)?;
        let pending = store.batches_in(BatchState::Closed)?.into_iter().next();
        let (root, count, what) = match (&pending, self.count) {
            (Some(b), None) => {
                (B256::from(b.root), b.count, format!("batch {} ({} entries)", b.id, b.count))
            }
            (_, n) => {
                let n = n.unwrap_or(u64::from(cfg.batch.max_entries));
                // A root no chain has anchored: the cost does not depend on its value.
                let mut r = [0u8; 32];
                r[1..9].copy_from_slice(&zkp_ledger_submitter::now_ms().to_be_bytes());
                (B256::from(r), n, format!("a batch of {n} entries"))
            }
        };
        let limit = router::CostLimit::of(&cfg)?;
        let backlog =
            router::Backlog::from_counts(cfg.policy.max_pending, &store.batch_counts_by_chain()?);
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let decision = rt.block_on(async {
            let mut chains = Vec::new();
            for c in cfg.allowed_chains() {
                chains.push((
                    c.name.clone(),
                    c.kind,
                    Chain::connect(c).await.map_err(|e| e.to_string()),
                ));
            }
            router::route(limit, &backlog, &chains, signer.address(), root, count).await
        });
        out.result(
            || {
                let mut s = format!(
                    "routing {what}: {}\n",
                    decision
                        .chosen
                        .as_deref()
                        .map_or("no chain".to_string(), |c| format!("-> {c}"))
                );
                s += &format!("  {}\n", decision.reason);
                if self.explain {
                    s += &format!(
                        "\n  {:<17} {:>9} {:>14} {:>22} {:>22} {:>22}\n",
                        "chain",
                        "gas",
                        "gas price",
                        "execution (wei)",
                        "L1 data (wei)",
                        "total (ETH)"
                    );
                    for e in &decision.estimates {
                        match &e.skipped {
                            Some(why) => s += &format!("  {:<17} skipped: {why}\n", e.chain),
                            None => {
                                s += &format!(
                                    "  {:<17} {:>9} {:>14} {:>22} {:>22} {:>22}{}\n",
                                    e.chain,
                                    e.gas,
                                    e.gas_price_wei,
                                    e.execution_wei,
                                    e.l1_data_wei,
                                    e.total_native,
                                    if e.backlog_full {
                                        format!(
                                            "  backlog full: {} batches waiting (policy.max_pending)",
                                            e.pending
                                        )
                                    } else if e.within_budget {
                                        String::new()
                                    } else {
                                        "  over budget".into()
                                    }
                                );
                            }
                        }
                    }
                }
                s
            },
            || serde_json::to_value(&decision).unwrap_or_default(),
        );
        Ok(())
    }
}
