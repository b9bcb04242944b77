//! zkp-ledger's Prometheus metrics, in one place: every metric's name, type, help text and
//! histogram buckets ([`names`], [`describe`]), the recorder ([`install`]) and the `/metrics`
//! endpoint ([`serve_on`]).
//!
//! Library code records through the [`metrics`] facade (`metrics::counter!(names::X, ...)`),
//! which does nothing until a recorder is installed: the submitter and the indexer record
//! unconditionally and never import each other; the binary installs the recorder when asked
//! (`serve --metrics ADDR`). docs/operations.md says what each metric means and where it is
//! recorded.
//!
//! Labels carry chain names from the configuration, batch states and fixed words only: never
//! an RPC URL (it may hold an API key), an address or a key.

use std::{net::SocketAddr, path::Path};

pub use metrics;
use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// Metric names (the `zkp_ledger_` prefix, `_total` on counters, base units in the name).
pub mod names {
    /// Counter: entries in the store's outbox, ever (the store's durable total, so it never
    /// goes back across restarts).
    pub const ENTRIES_ENQUEUED: &str = "zkp_ledger_entries_enqueued_total";
    /// Gauge: entries waiting for a batch.
    pub const ENTRIES_QUEUED: &str = "zkp_ledger_entries_queued";
    /// Counter {chain}: entries whose batch's anchor was mined (again after a reorg).
    pub const ENTRIES_ANCHORED: &str = "zkp_ledger_entries_anchored_total";
    /// Counter {chain}: entries whose batch's anchor reached its confirmations.
    pub const ENTRIES_FINAL: &str = "zkp_ledger_entries_final_total";
    /// Gauge {chain, state}: batches in the store by chain and state.
    pub const BATCHES: &str = "zkp_ledger_batches";
    /// Counter: batches closed by the batcher.
    pub const BATCHES_CLOSED: &str = "zkp_ledger_batches_closed_total";
    /// Counter {chain}: batches given back to the router (a revert, a refusal).
    pub const BATCHES_RELEASED: &str = "zkp_ledger_batches_released_total";
    /// Counter {chain}: anchor transactions signed and broadcast (replacements not included).
    pub const TRANSACTIONS_SENT: &str = "zkp_ledger_transactions_sent_total";
    /// Counter {chain}: anchor transactions replaced with higher fees.
    pub const REPLACEMENTS: &str = "zkp_ledger_transactions_replaced_total";
    /// Counter {chain}: mined anchors whose block left the canonical chain.
    pub const REORGS: &str = "zkp_ledger_reorgs_total";
    /// Histogram {chain}: gas used by one anchor transaction (one batch).
    pub const BATCH_GAS: &str = "zkp_ledger_batch_gas_used";
    /// Histogram {chain}: execution cost in wei of one anchor transaction (gas used times the
    /// effective gas price).
    pub const BATCH_COST: &str = "zkp_ledger_batch_cost_wei";
    /// Histogram {chain}: gas per entry (a batch's gas over its entries, counted once per entry).
    pub const ENTRY_GAS: &str = "zkp_ledger_entry_gas_used";
    /// Histogram {chain}: cost per entry in wei (counted once per entry).
    pub const ENTRY_COST: &str = "zkp_ledger_entry_cost_wei";
    /// Histogram {chain}: seconds from an entry's enqueue to its anchor seen mined.
    pub const INCLUSION: &str = "zkp_ledger_inclusion_seconds";
    /// Histogram {chain}: seconds from an entry's enqueue to its anchor seen final.
    pub const FINALITY: &str = "zkp_ledger_finality_seconds";
    /// Counter {chain, call}: RPC exchanges that failed or timed out (a revert is an answer, not
    /// counted), by the client's chain name and the call's fixed name.
    pub const RPC_ERRORS: &str = "zkp_ledger_rpc_errors_total";
    /// Gauge {chain}: 1 while the submitter holds a working connection to the chain, else 0.
    pub const CHAIN_UP: &str = "zkp_ledger_chain_up";
    /// Gauge {chain}: blocks between the chain's head and the last block the indexer has read.
    pub const INDEXER_LAG: &str = "zkp_ledger_indexer_lag_blocks";
    /// Gauge {chain}: the last block the indexer has read.
    pub const INDEXER_BLOCK: &str = "zkp_ledger_indexer_block";
    /// Counter {chain, event}: contract events indexed (`anchored`, `statement_verified`: a
    /// proof verified on chain by StatementRegistry, `circuit_registered`).
    pub const INDEXER_EVENTS: &str = "zkp_ledger_indexer_events_total";
    /// Counter {chain}: reorganisations the indexer rolled its index back over.
    pub const INDEXER_ROLLBACKS: &str = "zkp_ledger_indexer_rollbacks_total";
    /// Histogram {kind}: seconds to make one Groth16 proof.
    pub const PROOF_DURATION: &str = "zkp_ledger_proof_duration_seconds";
    /// Counter {kind, result}: proof verifications by result (`ok`, `failed`).
    pub const VERIFICATIONS: &str = "zkp_ledger_proof_verifications_total";
    /// Histogram {chain}: gas used by one StatementRegistry submission (one proof verified on
    /// chain).
    pub const PROOF_GAS: &str = "zkp_ledger_proof_gas_used";
}

/// Label values that are fixed words.
pub mod labels {
    /// `result` of [`super::names::VERIFICATIONS`]: the proof verified.
    pub const OK: &str = "ok";
    /// `result` of [`super::names::VERIFICATIONS`]: the proof was rejected.
    pub const FAILED: &str = "failed";
}

/// Bucket upper bounds of the duration histograms (seconds): a second-block devnet up to an
/// L1 with many confirmations.
pub const SECONDS_BUCKETS: [f64; 14] =
    [0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0];
/// Bucket upper bounds of the gas histograms: an entry's share of a batch (tens of gas) up to
/// a Groth16 verification (about 250,000, the alert's threshold) and whole batches.
pub const GAS_BUCKETS: [f64; 14] = [
    10.0,
    30.0,
    100.0,
    300.0,
    1_000.0,
    3_000.0,
    10_000.0,
    30_000.0,
    100_000.0,
    200_000.0,
    250_000.0,
    300_000.0,
    500_000.0,
    1_000_000.0,
];
/// Bucket upper bounds of the cost histograms (wei): 1 gwei to 0.1 ether, by decades.
pub const WEI_BUCKETS: [f64; 9] = [1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17];

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The recorder could not be built or installed (a second install in one process).
    #[error("installing the metrics recorder: {0}")]
    Install(#[from] metrics_exporter_prometheus::BuildError),
    /// The endpoint's address could not be bound or served.
    #[error("serving metrics on {addr}: {source}")]
    Serve {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The metrics file could not be written.
    #[error("writing metrics to {path}: {source}")]
    Write {
        /// The file.
        path: std::path::PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Installs the process's Prometheus recorder (histograms with this crate's buckets) and
/// describes every metric; returns the handle that renders them. Once per process.
pub fn install() -> Result<PrometheusHandle> {
    let mut builder = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &SECONDS_BUCKETS)?;
    for gas in [names::BATCH_GAS, names::ENTRY_GAS, names::PROOF_GAS] {
        builder = builder.set_buckets_for_metric(Matcher::Full(gas.into()), &GAS_BUCKETS)?;
    }
    for wei in [names::BATCH_COST, names::ENTRY_COST] {
        builder = builder.set_buckets_for_metric(Matcher::Full(wei.into()), &WEI_BUCKETS)?;
    }
    let handle = builder.install_recorder()?;
    INSTALLED.store(true, std::sync::atomic::Ordering::Relaxed);
    describe();
    Ok(handle)
}

static INSTALLED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether [`install`] has run in this process: recorders of figures that cost work to gather
/// (store queries) skip it when nothing would keep them.
pub fn installed() -> bool {
    INSTALLED.load(std::sync::atomic::Ordering::Relaxed)
}

/// Registers every metric's help text and unit with the installed recorder.
pub fn describe() {
    use names::*;
    describe_counter!(ENTRIES_ENQUEUED, Unit::Count, "Entries in the store's outbox, ever.");
    describe_gauge!(ENTRIES_QUEUED, Unit::Count, "Entries waiting for a batch.");
    describe_counter!(
        ENTRIES_ANCHORED,
        Unit::Count,
        "Entries whose batch's anchor transaction was mined, by chain."
    );
    describe_counter!(
        ENTRIES_FINAL,
        Unit::Count,
        "Entries whose batch's anchor reached its confirmations, by chain."
    );
    describe_gauge!(BATCHES, Unit::Count, "Batches in the store by chain and state.");
    describe_counter!(BATCHES_CLOSED, Unit::Count, "Batches closed by the batcher.");
    describe_counter!(
        BATCHES_RELEASED,
        Unit::Count,
        "Batches given back to the router after a revert or a refusal, by chain."
    );
    describe_counter!(
        TRANSACTIONS_SENT,
        Unit::Count,
        "Anchor transactions signed and broadcast, by chain (replacements not included)."
    );
    describe_counter!(
        REPLACEMENTS,
        Unit::Count,
        "Anchor transactions replaced with higher fees, by chain."
    );
    describe_counter!(
        REORGS,
        Unit::Count,
        "Mined anchors whose block left the canonical chain, by chain."
    );
    describe_histogram!(BATCH_GAS, "Gas used by one anchor transaction (one batch), by chain.");
    describe_histogram!(
        BATCH_COST,
        "Execution cost in wei of one anchor transaction (gas used times effective gas price), by chain."
    );
    describe_histogram!(
        ENTRY_GAS,
        "Gas per anchored entry (a batch's gas over its entries, counted once per entry), by chain."
    );
    describe_histogram!(
        ENTRY_COST,
        "Cost in wei per anchored entry (counted once per entry), by chain."
    );
    describe_histogram!(
        INCLUSION,
        Unit::Seconds,
        "Seconds from an entry's enqueue to its anchor seen mined, by chain."
    );
    describe_histogram!(
        FINALITY,
        Unit::Seconds,
        "Seconds from an entry's enqueue to its anchor seen final, by chain."
    );
    describe_counter!(
        RPC_ERRORS,
        Unit::Count,
        "RPC exchanges with a chain that failed or timed out (reverts not counted), by chain and call."
    );
    describe_gauge!(
        CHAIN_UP,
        "1 while the submitter holds a working connection to the chain, else 0."
    );
    describe_gauge!(
        INDEXER_LAG,
        Unit::Count,
        "Blocks between the chain's head and the last block the indexer has read, by chain."
    );
    describe_gauge!(INDEXER_BLOCK, "The last block the indexer has read, by chain.");
    describe_counter!(
        INDEXER_EVENTS,
        Unit::Count,
        "Contract events indexed, by chain and event (anchored, statement_verified, circuit_registered)."
    );
    describe_counter!(
        INDEXER_ROLLBACKS,
        Unit::Count,
        "Reorganisations the indexer rolled its index back over, by chain."
    );
    describe_histogram!(
        PROOF_DURATION,
        Unit::Seconds,
        "Seconds to make one Groth16 proof, by kind of proof."
    );
    describe_counter!(
        VERIFICATIONS,
        Unit::Count,
        "Proof verifications by kind and result (ok, failed)."
    );
    describe_histogram!(
        PROOF_GAS,
        "Gas used by one StatementRegistry submission (one proof verified on chain), by chain."
    );
}

/// The content type of [`PrometheusHandle::render`]'s output (Prometheus text format 0.0.4).
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Serves `GET /metrics` on `listener` until `shutdown` resolves.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    handle: PrometheusHandle,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let addr = listener
        .local_addr()
        .map_err(|source| Error::Serve { addr: SocketAddr::from(([0, 0, 0, 0], 0)), source })?;
    let app = axum::Router::new().route(
        "/metrics",
        axum::routing::get(async move || {
            handle.run_upkeep();
            ([(axum::http::header::CONTENT_TYPE, CONTENT_TYPE)], handle.render())
        }),
    );
    tracing::info!(%addr, "metrics endpoint listening on /metrics");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|source| Error::Serve { addr, source })
}

/// Writes the metrics rendered by `handle` to `path` (a file a node_exporter textfile collector
/// reads): written beside it and renamed, so a reader never sees half a file.
pub fn write_file(handle: &PrometheusHandle, path: &Path) -> Result<()> {
    let err = |source| Error::Write { path: path.to_path_buf(), source };
    let tmp = path.with_extension("prom.tmp");
    std::fs::write(&tmp, handle.render()).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(err)
}
