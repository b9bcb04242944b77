//! `zkp-ledger index`: follow every configured chain's anchor and registry events into the
//! store until SIGINT/SIGTERM (or, with `--once`, until caught up).

use std::{path::Path, time::Duration};

use clap::Args;
use eyre::WrapErr;
use serde_json::json;
use zkp_ledger_indexer::{DEFAULT_RANGE, Indexer, IndexerOptions};

use crate::{
    output::Output,
    util::{init_logs, open_store},
};

#[derive(Debug, Args)]
pub(crate) struct IndexArgs {
    /// Stop once every chain is caught up, instead of following new blocks.
    #[arg(long)]
    once: bool,
    /// Most blocks per eth_getLogs request.
    #[arg(long, default_value_t = DEFAULT_RANGE, value_name = "BLOCKS")]
    range: u64,
    /// Log format on stderr.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    log_format: String,
}

impl IndexArgs {
    pub(crate) fn run(self, out: Output, config: Option<&Path>) -> eyre::Result<()> {
        init_logs(&self.log_format);
        let (mut store, cfg) = open_store(config)?;
        let mut indexer = Indexer::with_options(&cfg, IndexerOptions { range: self.range })?;
        let interval = Duration::from_millis(cfg.tx.poll_interval_ms);
        tracing::info!(db = %cfg.store.path.display(), chains = %cfg.chain_names().join(","), "indexing");
        let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
        let (events, breaks, reorgs, failed) = rt
            .block_on(async {
                let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
                let mut stop = Box::pin(async move {
                    tokio::select! {
                        _ = tokio::signal::ctrl_c() => {}
                        _ = async { match term.as_mut() { Some(t) => { t.recv().await; } None => std::future::pending::<()>().await } } => {}
                    }
                });
                let (mut events, mut breaks, mut reorgs) = (0usize, 0usize, 0usize);
                loop {
                    let report = indexer.step(&mut store).await?;
                    events += report.events();
                    breaks += report.chains.iter().map(|c| c.breaks.len()).sum::<usize>();
                    reorgs += report.chains.iter().filter(|c| c.reorg.is_some()).count();
                    let caught_up = report.caught_up();
                    if self.once && caught_up {
                        return Ok::<_, zkp_ledger_indexer::Error>((events, breaks, reorgs, None));
                    }
                    if self.once
                        && let Some(c) = report.chains.iter().find(|c| c.error.is_some())
                    {
                        // --once cannot catch up with a chain that fails: say so instead of
                        // retrying for ever.
                        return Ok((events, breaks, reorgs, Some(format!("{}: {}", c.name, c.error.clone().unwrap_or_default()))));
                    }
                    // Behind: go on at once; caught up (or a chain failing): wait a poll interval.
                    let wait = if caught_up || report.chains.iter().any(|c| c.error.is_some()) { interval } else { Duration::ZERO };
                    tokio::select! {
                        () = &mut stop => {
                            tracing::info!("stop requested: the current step is complete, exiting");
                            return Ok((events, breaks, reorgs, None));
                        }
                        () = tokio::time::sleep(wait) => {}
                    }
                }
            })
            .wrap_err("indexing")?;
        if let Some(failed) = failed {
            eyre::bail!(
                "indexing stopped: {failed} (--once does not retry; without --once the indexer keeps retrying)"
            );
        }
        let chains = zkp_ledger_indexer::query::chains(&store)?;
        out.result(
            || {
                let mut s = format!("indexed {events} events ({reorgs} reorganisations undone, {breaks} hash-chain breaks found)\n");
                for c in &chains.chains {
                    s += &format!(
                        "  {} ({}): blocks below {} indexed, {} anchors, hash chain {}\n",
                        c.chain.name,
                        c.chain.chain_id,
                        c.chain.next_block,
                        c.chain.anchors,
                        if c.hash_chain_ok { "intact" } else { "BROKEN" }
                    );
                }
                s
            },
            || json!({ "events": events, "reorgs": reorgs, "breaks": breaks, "chains": chains.chains }),
        );
        Ok(())
    }
}
