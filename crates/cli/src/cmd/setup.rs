//! `zkp-ledger setup`.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::json;
use zkp_ledger_circuits::{dataset, inclusion};
use zkp_ledger_prover::{CircuitSpec, KeyDir};

use crate::output::{Output, fmt_bytes, fmt_duration, ms};

#[derive(Debug, Subcommand)]
pub(crate) enum SetupCmd {
    /// Keys for Merkle inclusion: a leaf is in a tree of the given depth with a public root.
    Inclusion {
        /// Tree depth (the tree holds 2^depth leaves).
        #[arg(long, default_value_t = inclusion::DEFAULT_DEPTH)]
        depth: usize,
        #[command(flatten)]
        out: OutDir,
    },
    /// Keys for dataset statements over up to ROWS rows and COLS columns.
    Dataset {
        /// Rows the keys hold (datasets with fewer rows are padded).
        #[arg(long, default_value_t = dataset::DEFAULT_ROWS)]
        rows: usize,
        /// Columns the keys hold (at most 24).
        #[arg(long, default_value_t = dataset::DEFAULT_COLS)]
        cols: usize,
        #[command(flatten)]
        out: OutDir,
    },
}

#[derive(Debug, Args)]
pub(crate) struct OutDir {
    /// Directory to write the keys to (must not exist, or be empty).
    #[arg(long, value_name = "KEYDIR")]
    out: PathBuf,
}

impl SetupCmd {
    pub(crate) fn run(self, out: Output) -> eyre::Result<()> {
        let (spec, dir) = match self {
            Self::Inclusion { depth, out } => (CircuitSpec::Inclusion { depth }, out.out),
            Self::Dataset { rows, cols, out } => (CircuitSpec::Dataset { rows, cols }, out.out),
        };
        out.note(&format!("setting up {} keys in {}", spec.describe(), dir.display()));
        let spinner = out.spinner();
        let (_, report) = KeyDir::setup(spec, &dir, &spinner)?;
        drop(spinner);
        let m = &report.manifest;
        let pk_bytes = m.files.get("proving_key.bin").map_or(0, |f| f.bytes);
        out.result(
            || {
                format!(
                    "keys for {} written to {}\n  circuit id   {}\n  constraints  {}\n  public inputs {}\n  proving key  {}\n  time         {} (synthesis {}, key generation {})\n\
                     note: a single-party setup; for production use keys from a multi-party ceremony",
                    m.circuit.describe(),
                    dir.display(),
                    m.circuit_id,
                    m.constraints,
                    m.public_inputs,
                    fmt_bytes(pk_bytes),
                    fmt_duration(report.synthesis + report.keygen + report.write),
                    fmt_duration(report.synthesis),
                    fmt_duration(report.keygen),
                )
            },
            || {
                json!({
                    "keys": dir,
                    "manifest": m,
                    "timings_ms": {
                        "synthesis": ms(report.synthesis),
                        "keygen": ms(report.keygen),
                        "write": ms(report.write),
                    }
                })
            },
        );
        Ok(())
    }
}
