//! `zkp-ledger serve`: batch, route and anchor entries until stopped.

use std::path::Path;

use clap::Args;
use eyre::WrapErr;
use serde_json::json;
use zkp_ledger_submitter::service::Service;

use crate::{
    output::Output,
    util::{init_logs, open_store},
};

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Stop once every entry is in a final batch (closing the last batch early).
    #[arg(long)]
    until_idle: bool,
    /// Also serve the read-only HTTP JSON API (entries, batches, chains, health) on ADDR,
    /// e.g. 127.0.0.1:8080.
    #[arg(long, value_name = "ADDR")]
    http: Option<std::net::SocketAddr>,
    /// Serve Prometheus metrics at http://ADDR/metrics, e.g. 127.0.0.1:9464
    /// (docs/operations.md lists them).
    #[arg(long, value_name = "ADDR")]
    metrics: Option<std::net::SocketAddr>,
    /// Do not follow the chains' events into the index (the submitter alone).
    #[arg(long)]
    no_index: bool,
    /// Log format on stderr.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    log_format: String,
}

impl ServeArgs {
    pub(crate) fn run(self, out: Output, config: Option<&Path>) -> eyre::Result<()> {
        init_logs(&self.log_format);
        let (store, cfg) = open_store(config)?;
        let signer = zkp_ledger_submitter::signer::load(&cfg.signer)?;
        tracing::info!(account = %signer.address(), db = %cfg.store.path.display(), chains = %cfg.chain_names().join(","), "serving");
        let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
        let store_path = cfg.store.path.clone();
        let indexer =
            if self.no_index { None } else { Some(zkp_ledger_indexer::Indexer::new(&cfg)?) };
        let mut service = Service::new(cfg, signer, store);
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        rt.block_on(async {
            let http = match self.http {
                Some(addr) => {
                    let mut rx = stop_rx.clone();
                    let shutdown = async move {
                        let _ = rx.wait_for(|s| *s).await;
                    };
                    let listener = tokio::net::TcpListener::bind(addr).await.wrap_err_with(|| format!("binding {addr}"))?;
                    tracing::info!(%addr, "HTTP API listening");
                    let path = store_path.clone();
                    Some(tokio::spawn(async move { zkp_ledger_indexer::http::serve_http_on(listener, &path, shutdown).await }))
                }
                None => None,
            };
            let metrics = match self.metrics {
                Some(addr) => {
                    let handle = zkp_ledger_metrics::install()?;
                    let mut rx = stop_rx.clone();
                    let shutdown = async move {
                        let _ = rx.wait_for(|s| *s).await;
                    };
                    let listener = tokio::net::TcpListener::bind(addr).await.wrap_err_with(|| format!("binding {addr}"))?;
                    Some(tokio::spawn(zkp_ledger_metrics::serve_on(listener, handle, shutdown)))
                }
                None => None,
            };
            let stop = Box::pin(async {
                let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = async { match term.as_mut() { Some(t) => { t.recv().await; } None => std::future::pending::<()>().await } } => {}
                }
            });
            let result = serve(&mut service, indexer, self.until_idle, stop).await;
            let _ = stop_tx.send(true);
            if let Some(h) = http {
                let _ = h.await;
            }
            if let Some(h) = metrics {
                let _ = h.await;
            }
            result
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

/// The submitter's service with the indexer beside it: the two crates never import each other;
/// here the indexer follows the chains into the service's store after every step.
pub(crate) async fn serve(
    service: &mut Service,
    indexer: Option<zkp_ledger_indexer::Indexer>,
    until_idle: bool,
    stop: impl Future<Output = ()> + Unpin,
) -> eyre::Result<()> {
    let mut indexer = indexer;
    service
        .run_with(until_idle, stop, async |store: &mut zkp_ledger_store::Store| {
            if let Some(ix) = indexer.as_mut() {
                ix.step(store).await?;
            }
            Ok::<(), eyre::Report>(())
        })
        .await
}
