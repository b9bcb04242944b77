//! `zkp-ledger bench prover`: constraint count, setup, proving and verifying times, proving-key
//! size and peak memory of a built-in circuit, measured in this process (build with --release).
//! tools/bench/prover.sh runs it per circuit (one process each, so peak memory is per circuit)
//! next to snarkjs and writes BENCHMARKS.md's table.

use std::time::Instant;

use ark_bn254::Fr;
use clap::Args;
use serde_json::json;
use zkp_ledger_circuits::{
    dataset::{Column, ColumnBounds, Dataset, Schema, Statements},
    inclusion,
};
use zkp_ledger_prover::{CircuitSpec, KeyDir, Silent, Verifier};

use super::{median, peak_rss};
use crate::output::{Output, fmt_bytes, fmt_duration, ms};

/// `bench prover`'s arguments.
#[derive(Debug, Args)]
pub(crate) struct ProverArgs {
    /// inclusion or dataset.
    #[arg(long, value_parser = ["inclusion", "dataset"])]
    circuit: String,
    /// Inclusion tree depth.
    #[arg(long, default_value_t = inclusion::DEFAULT_DEPTH)]
    depth: usize,
    /// Dataset rows.
    #[arg(long, default_value_t = zkp_ledger_circuits::dataset::DEFAULT_ROWS)]
    rows: usize,
    /// Dataset columns.
    #[arg(long, default_value_t = zkp_ledger_circuits::dataset::DEFAULT_COLS)]
    cols: usize,
    /// Proofs to make (and verify); medians are reported.
    #[arg(long, default_value_t = 10)]
    runs: usize,
    /// Build the proving key's window tables after loading it, as a prover that makes many
    /// proofs with one key would (reported as "tables"; refused above 4 GiB).
    #[arg(long)]
    tables: bool,
}

/// The largest window tables `--tables` builds.
const TABLES_MAX_BYTES: usize = 4 << 30;

/// A synthetic dataset filling the shape, with statements on every column.
fn synthetic(rows: usize, cols: usize) -> (Dataset, Statements) {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = || (crate::util::xorshift(&mut x) % 2_000_001) as i64 - 1_000_000;
    let schema =
        Schema { columns: (0..cols).map(|j| Column { name: format!("c{j}"), scale: 0 }).collect() };
    let data: Vec<Vec<i64>> = (0..rows).map(|_| (0..cols).map(|_| next()).collect()).collect();
    let statements = Statements {
        columns: (0..cols)
            .map(|_| ColumnBounds {
                range: Some((-1_000_000, 1_000_000)),
                sum_max: Some(i128::from(rows as u64) * 1_000_000),
                sumsq_max: Some(u128::from(rows as u64) * 1_000_000_000_000),
            })
            .collect(),
    };
    (Dataset { schema, rows: data }, statements)
}

impl ProverArgs {
    pub(super) fn run(self, out: Output) -> eyre::Result<()> {
        let Self { circuit, depth, rows, cols, runs, tables } = self;
        if cfg!(debug_assertions) {
            out.warn(
                "this is a debug build: figures are not representative (cargo build --release)",
            );
        }
        let spec = if circuit == "inclusion" {
            CircuitSpec::Inclusion { depth }
        } else {
            CircuitSpec::Dataset { rows, cols }
        };
        let runs = runs.max(1);
        let tmp = tempfile::tempdir()?;
        let dir = tmp.path().join("keys");
        let spinner = out.spinner();
        let (kd, setup) = KeyDir::setup(spec, &dir, &spinner)?;
        let t = Instant::now();
        let mut prover = kd.load_prover(&Silent)?;
        let load = t.elapsed();
        let t = Instant::now();
        let table_time = if tables {
            let bytes = prover.key.table_bytes();
            let built = spinner.step(
                &format!("building the window tables ({})", fmt_bytes(bytes as u64)),
                || Ok::<_, eyre::Report>(prover.key.precompute(TABLES_MAX_BYTES)),
            )?;
            eyre::ensure!(
                built,
                "the window tables would take {} (more than {}): run without --tables",
                fmt_bytes(bytes as u64),
                fmt_bytes(TABLES_MAX_BYTES as u64)
            );
            Some(t.elapsed())
        } else {
            None
        };
        let verifier = Verifier::new(kd.vk);

        let mut prove_times = Vec::with_capacity(runs);
        let mut verify_times = Vec::with_capacity(runs);
        let mut witness_times = Vec::with_capacity(runs);
        let mut qap_times = Vec::with_capacity(runs);
        let mut msm_times = Vec::with_capacity(runs);
        let leaves: Vec<Fr> = (0..1000u64).map(Fr::from).collect();
        let (data, statements) = synthetic(rows, cols);
        for i in 0..runs {
            let (bundle, timings) =
                spinner.step(&format!("proof {}/{runs}", i + 1), || match spec {
                    CircuitSpec::Inclusion { .. } => {
                        let t = Instant::now();
                        let (b, tm) = zkp_ledger_prover::inclusion::prove(&prover, &leaves, 777)?;
                        Ok::<_, eyre::Report>((b, (tm, t.elapsed())))
                    }
                    CircuitSpec::Dataset { .. } => {
                        let t = Instant::now();
                        let n = zkp_ledger_dataset::notarize(&prover, &data, &statements)?;
                        Ok((n.bundle, (n.timings, t.elapsed())))
                    }
                })?;
            // Proving time: witness, check and Groth16; the native tree/commitment build that
            // precedes it is part of preparing the statement.
            let (tm, _) = timings;
            prove_times.push(tm.witness + tm.check + tm.prove);
            witness_times.push(tm.witness);
            qap_times.push(tm.check);
            msm_times.push(tm.prove);
            let t = Instant::now();
            let ok = verifier.verify(&bundle.proof, &bundle.inputs)?;
            verify_times.push(t.elapsed());
            eyre::ensure!(ok, "a benchmark proof did not verify");
        }
        drop(spinner);
        let m = &setup.manifest;
        let pk_bytes = m.files.get("proving_key.bin").map_or(0, |f| f.bytes);
        let peak = peak_rss();
        let (prove, verify, witness) =
            (median(prove_times.clone()), median(verify_times), median(witness_times));
        let (qap, msms) = (median(qap_times), median(msm_times));
        let min_prove = prove_times.iter().min().copied().unwrap_or_default();
        out.result(
            || {
                format!(
                    "{}\n  constraints     {}\n  setup           {} (synthesis {}, key generation {})\n  key load        {}{}\n  prove (median)  {} (min {}; witness {}, check + QAP {}, MSMs {}; {runs} runs)\n  verify (median) {}\n  proving key     {}\n  peak memory     {}",
                    m.circuit.describe(),
                    m.constraints,
                    fmt_duration(setup.synthesis + setup.keygen + setup.write),
                    fmt_duration(setup.synthesis),
                    fmt_duration(setup.keygen),
                    fmt_duration(load),
                    table_time.map_or_else(String::new, |t| format!(
                        " + window tables {} ({})",
                        fmt_duration(t),
                        fmt_bytes(prover.key.table_bytes() as u64)
                    )),
                    fmt_duration(prove),
                    fmt_duration(min_prove),
                    fmt_duration(witness),
                    fmt_duration(qap),
                    fmt_duration(msms),
                    fmt_duration(verify),
                    fmt_bytes(pk_bytes),
                    peak.map_or_else(|| "unknown".into(), fmt_bytes),
                )
            },
            || {
                json!({
                    "circuit": m.circuit,
                    "constraints": m.constraints,
                    "public_inputs": m.public_inputs,
                    "runs": runs,
                    "setup_ms": ms(setup.synthesis + setup.keygen + setup.write),
                    "load_ms": ms(load),
                    "tables_ms": table_time.map(ms),
                    "tables_bytes": table_time.map(|_| prover.key.table_bytes()),
                    "prove_median_ms": ms(prove),
                    "prove_min_ms": ms(min_prove),
                    "witness_median_ms": ms(witness),
                    "qap_median_ms": ms(qap),
                    "msm_median_ms": ms(msms),
                    "verify_median_ms": ms(verify),
                    "proving_key_bytes": pk_bytes,
                    "peak_rss_bytes": peak,
                })
            },
        );
        Ok(())
    }
}
