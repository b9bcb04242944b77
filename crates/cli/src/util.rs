//! Helpers several subcommands share: the configured store, logging, the process's proof
//! metrics, and a statement submitted on a configured chain. Output formatting lives in
//! `output.rs`; everything else a command does is a library call.

use std::path::Path;

use alloy::{primitives::U256, signers::local::PrivateKeySigner};
use zkp_ledger_config::{ChainConfig, Config};
use zkp_ledger_contracts::CircuitId;
use zkp_ledger_metrics::{labels, metrics, names};
use zkp_ledger_store::Store;
use zkp_ledger_submitter::{
    chain::Chain,
    registry::{self, Submitted},
};

/// Opens the store named by the configuration (`--config`, `$ZKP_LEDGER_CONFIG`, the devnet's,
/// with `$ZKP_LEDGER_DB` overriding the path).
pub(crate) fn open_store(config: Option<&Path>) -> eyre::Result<(Store, Config)> {
    let (cfg, _) = Config::discover(config)?;
    let store = Store::open(&cfg.store.path)?;
    Ok((store, cfg))
}

/// Starts logging on stderr: `RUST_LOG` decides the level (default info).
pub(crate) fn init_logs(format: &str) {
    use tracing_subscriber::{EnvFilter, fmt};
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    use std::io::IsTerminal;
    let builder = fmt()
        .with_env_filter(filter)
        .with_writer(|| crate::output::RedactingStderr)
        .with_target(false)
        .with_ansi(std::io::stderr().is_terminal());
    let _ = if format == "json" { builder.json().try_init() } else { builder.try_init() };
}

/// Records one proof's making time in the process's metrics (a no-op unless a recorder is
/// installed: `serve --metrics`, or `--metrics-file` for one command).
pub(crate) fn record_proof(kind: &'static str, took: std::time::Duration) {
    metrics::histogram!(names::PROOF_DURATION, "kind" => kind).record(took.as_secs_f64());
}

/// Records one proof verification's result in the process's metrics.
pub(crate) fn record_verification(kind: &'static str, ok: bool) {
    let result = if ok { labels::OK } else { labels::FAILED };
    metrics::counter!(names::VERIFICATIONS, "kind" => kind, "result" => result).increment(1);
}

/// Has StatementRegistry on the configured chain `chain` verify a proof (its EVM words) and
/// record the statement.
pub(crate) async fn submit_statement(
    chain: &ChainConfig,
    signer: &PrivateKeySigner,
    circuit_id: CircuitId,
    proof: [U256; 8],
    inputs: Vec<U256>,
) -> zkp_ledger_submitter::Result<Submitted> {
    let chain = Chain::connect(chain).await?;
    registry::submit(&chain, signer, circuit_id, proof, inputs).await
}
