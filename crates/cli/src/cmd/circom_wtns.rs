//! `zkp-ledger circom wtns`: a circuit's witness from its circom2 `.wasm` (or a
//! circom-witnesscalc graph of it) and an `input.json`, written as the `.wtns` that
//! `snarkjs wtns calculate WASM INPUT OUT` writes (byte for byte).

use std::{
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use clap::Args;
use eyre::WrapErr;
use serde_json::json;
use zkp_ledger_circom::{Inputs, WitnessCalculator, WitnessGraph, Wtns};
use zkp_ledger_prover::bundle::write_atomic;

use crate::output::Output;

/// `zkp-ledger circom wtns`.
#[derive(Debug, Args)]
pub(crate) struct WtnsArgs {
    /// The circuit's inputs (snarkjs's input.json).
    #[arg(value_name = "INPUT.json")]
    input: PathBuf,
    /// The circuit's witness calculator: its wasm, from `circom --wasm` (CIRCUIT_js/CIRCUIT.wasm),
    /// or a circom-witnesscalc graph of it (`build-circuit`'s file), told apart by their first
    /// bytes (`\0asm`, `wtns.graph.`).
    #[arg(value_name = "CIRCUIT.wasm|GRAPH")]
    wasm: PathBuf,
    /// The witness file to write (snarkjs's .wtns format).
    #[arg(long, value_name = "FILE.wtns")]
    out: PathBuf,
}

impl WtnsArgs {
    pub(crate) fn run(self, out: Output) -> eyre::Result<()> {
        let Witness { wtns, logs, kind, loaded, computed } = witness(out, &self.input, &self.wasm)?;
        if let Some(dir) = self.out.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .wrap_err_with(|| format!("creating the directory {}", dir.display()))?;
        }
        write_atomic(&self.out, &wtns.to_bytes(), None)
            .wrap_err_with(|| format!("writing {}", self.out.display()))?;
        let wires = wtns.values.len();
        out.result(
            || {
                format!(
                    "wrote {} ({wires} wires; {kind} loaded in {:.1} ms, witness in {:.1} ms)",
                    self.out.display(),
                    loaded.as_secs_f64() * 1e3,
                    computed.as_secs_f64() * 1e3,
                )
            },
            || {
                json!({
                    "out": self.out,
                    "wires": wires,
                    "calculator": kind,
                    "logs": logs,
                    "load_ms": loaded.as_secs_f64() * 1e3,
                    "witness_ms": computed.as_secs_f64() * 1e3,
                })
            },
        );
        Ok(())
    }
}

/// A witness computed from a circuit's wasm or graph, with the lines the circuit logged (the
/// wasm only) and the times.
pub(crate) struct Witness {
    pub(crate) wtns: Wtns,
    pub(crate) logs: Vec<String>,
    /// "wasm" or "graph".
    pub(crate) kind: &'static str,
    /// Reading the input and loading the wasm.
    pub(crate) loaded: Duration,
    /// Computing the witness.
    pub(crate) computed: Duration,
}

/// Reads `input` (snarkjs's input.json), loads the witness calculator `wasm` (a circom wasm or a
/// circom-witnesscalc graph, by its magic) and computes the witness; lines the circuit logs go
/// out as notes. Errors name the file or both.
pub(crate) fn witness(out: Output, input: &Path, wasm: &Path) -> eyre::Result<Witness> {
    let start = Instant::now();
    let inputs =
        Inputs::read(input).wrap_err_with(|| format!("reading the input {}", input.display()))?;
    let bytes = std::fs::read(wasm).wrap_err_with(|| format!("reading {}", wasm.display()))?;
    let loading = || format!("loading the witness calculator {}", wasm.display());
    let computing =
        || format!("computing the witness of {} with {}", input.display(), wasm.display());
    if WitnessGraph::is_graph(&bytes) {
        let graph = WitnessGraph::from_bytes(&bytes).wrap_err_with(loading)?;
        let loaded = start.elapsed();
        let values = graph.calculate(&inputs).wrap_err_with(computing)?;
        let computed = start.elapsed() - loaded;
        return Ok(Witness {
            wtns: Wtns { values },
            logs: vec![],
            kind: "graph",
            loaded,
            computed,
        });
    }
    if !bytes.starts_with(b"\0asm") {
        eyre::bail!(
            "{} is neither a circom wasm (it would start with \"\\0asm\") nor a \
             circom-witnesscalc graph (\"wtns.graph.\")",
            wasm.display()
        );
    }
    let calc = WitnessCalculator::from_bytes(&bytes).wrap_err_with(loading)?;
    let loaded = start.elapsed();
    let (wtns, logs) = calc.calculate_logged(&inputs).wrap_err_with(computing)?;
    for line in &logs {
        out.note(line);
    }
    Ok(Witness { wtns, logs, kind: "wasm", loaded, computed: start.elapsed() - loaded })
}
