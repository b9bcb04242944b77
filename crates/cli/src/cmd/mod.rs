//! One file per subcommand (the `bench` subcommands in one folder).

pub(crate) mod bench;
pub(crate) mod calldata;
pub(crate) mod circom;
pub(crate) mod circom_setup;
pub(crate) mod circom_wtns;
pub(crate) mod dataset;
pub(crate) mod demo;
pub(crate) mod deploy_verifier;
pub(crate) mod devnet;
pub(crate) mod enqueue;
pub(crate) mod export_verifier;
pub(crate) mod index;
pub(crate) mod notarize;
pub(crate) mod prove;
pub(crate) mod query;
pub(crate) mod receipt;
pub(crate) mod route;
pub(crate) mod serve;
pub(crate) mod setup;
pub(crate) mod status;
pub(crate) mod submit_proof;
pub(crate) mod verify;

use zkp_ledger_metrics::{labels, metrics, names};

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
