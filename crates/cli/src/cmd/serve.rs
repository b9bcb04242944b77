//! `zkp-ledger serve`: batch, route and anchor entries until stopped.

use std::path::Path;

use clap::Args;
use eyre::WrapErr;
use serde_json::json;
use zkp_ledger_submitter::service::Service;

use crate::{cmd::enqueue::open_store, output::Output};

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Stop once every entry is in a final batch (closing the last batch early).
    #[arg(long)]
    until_idle: bool,
    /// Log format on stderr.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    log_format: String,
}

/// Starts logging on stderr: `RUST_LOG` decides the level (default info).
pub(crate) fn init_logs(format: &str) {
    use tracing_subscriber::{EnvFilter, fmt};
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stderr).with_target(false);
    let _ = if format == "json" { builder.json().try_init() } else { builder.try_init() };
}

impl ServeArgs {
    pub(crate) fn run(self, out: Output, config: Option<&Path>) -> eyre::Result<()> {
        init_logs(&self.log_format);
        let (store, cfg) = open_store(config)?;
        let signer = zkp_ledger_submitter::signer::load(&cfg.signer)?;
        tracing::info!(account = %signer.address(), db = %cfg.store.path.display(), chains = %cfg.chain_names().join(","), "serving");
        let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
        let mut service = Service::new(cfg, signer, store);
        rt.block_on(async {
            let stop = Box::pin(async {
                let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = async { match term.as_mut() { Some(t) => { t.recv().await; } None => std::future::pending::<()>().await } } => {}
                }
            });
            service.run(self.until_idle, stop).await
        })
        .wrap_err("serving")?;
        let (total, fin) = service.store.entry_counts()?;
        out.result(
            || format!("stopped: {fin} of {total} entries in final batches"),
            || json!({ "entries": total, "final": fin }),
        );
        Ok(())
    }
}
