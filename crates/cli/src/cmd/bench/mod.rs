//! `zkp-ledger bench`: the benchmark subcommands, one file each (`prover`, `dataset`,
//! `submitter`), and what they share.

mod dataset;
mod prover;
mod submitter;

use std::time::Duration;

use clap::Subcommand;

use crate::output::Output;

#[derive(Debug, Subcommand)]
pub(crate) enum BenchCmd {
    /// Benchmark the submitter: enqueue throughput (durable commits) in a fresh store, then, on
    /// the running devnet (or --config), time from enqueue to anchored and anchored entries per
    /// second at several batch sizes.
    Submitter {
        /// Entries for the enqueue throughput run.
        #[arg(long, default_value_t = 200_000)]
        enqueue: usize,
        /// Batch sizes to anchor (comma-separated).
        #[arg(long, value_delimiter = ',', default_values_t = [64u32, 1024, 16384])]
        batch_sizes: Vec<u32>,
        /// Batches to anchor per size (enough to see the rate with several in flight).
        #[arg(long, default_value_t = 24)]
        batches: usize,
    },
    /// Benchmark datasets at scale: write a generated table (7 numeric, 1 categorical column),
    /// commit it, and with --prove prove a statement on every column and verify it.
    Dataset {
        /// Rows of the generated table.
        #[arg(long, default_value_t = 100_000)]
        rows: u64,
        /// Format of the generated table.
        #[arg(long, default_value = "parquet", value_parser = ["csv", "jsonl", "parquet"])]
        format: String,
        /// Keep the table (and the proof) here instead of a temporary directory; an existing
        /// table of the same size is reused.
        #[arg(long, value_name = "DIR")]
        dir: Option<std::path::PathBuf>,
        /// Also prove and verify (every chunk).
        #[arg(long)]
        prove: bool,
        #[command(flatten)]
        key: crate::util::KeyArgs,
    },
    /// Benchmark one built-in circuit.
    Prover(prover::ProverArgs),
}

/// Peak resident memory of this process so far (Linux: VmHWM), in bytes.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The median of a set of timings (zero for none).
pub(super) fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

impl BenchCmd {
    pub(crate) fn run(self, out: Output, config: Option<&std::path::Path>) -> eyre::Result<()> {
        match self {
            Self::Submitter { enqueue, batch_sizes, batches } => {
                submitter::run(out, config, enqueue, &batch_sizes, batches)
            }
            Self::Dataset { rows, format, dir, prove, key } => {
                dataset::run(out, rows, &format, dir, prove, &key)
            }
            Self::Prover(args) => args.run(out),
        }
    }
}
