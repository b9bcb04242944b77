//! `zkp-ledger circom wtns`: a circuit's witness from its circom2 `.wasm` and an `input.json`,
//! written as the `.wtns` that `snarkjs wtns calculate WASM INPUT OUT` writes (byte for byte).

use std::{
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use clap::Args;
use eyre::WrapErr;
use serde_json::json;
use zkp_ledger_circom::{Inputs, WitnessCalculator, Wtns};
use zkp_ledger_prover::bundle::write_atomic;

use crate::output::Output;

/// `zkp-ledger circom wtns`.
#[derive(Debug, Args)]
pub(crate) struct WtnsArgs {
    /// The circuit's inputs (snarkjs's input.json).
    #[arg(value_name = "INPUT.json")]
    input: PathBuf,
    /// The circuit's witness calculator, from `circom --wasm` (CIRCUIT_js/CIRCUIT.wasm).
    #[arg(value_name = "CIRCUIT.wasm")]
    wasm: PathBuf,
    /// The witness file to write (snarkjs's .wtns format).
    #[arg(long, value_name = "FILE.wtns")]
    out: PathBuf,
}

impl WtnsArgs {
    pub(crate) fn run(self, out: Output) -> eyre::Result<()> {
        let Witness { wtns, logs, loaded, computed } = witness(out, &self.input, &self.wasm)?;
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
                    "wrote {} ({wires} wires; wasm loaded in {:.1} ms, witness in {:.1} ms)",
                    self.out.display(),
                    loaded.as_secs_f64() * 1e3,
                    computed.as_secs_f64() * 1e3,
                )
            },
            || {
                json!({
                    "out": self.out,
                    "wires": wires,
                    "logs": logs,
                    "load_ms": loaded.as_secs_f64() * 1e3,
                    "witness_ms": computed.as_secs_f64() * 1e3,
                })
            },
        );
        Ok(())
    }
}

/// A witness computed from a circuit's wasm, with the lines the circuit logged and the times.
pub(crate) struct Witness {
    pub(crate) wtns: Wtns,
    pub(crate) logs: Vec<String>,
    /// Reading the input and loading the wasm.
    pub(crate) loaded: Duration,
    /// Computing the witness.
    pub(crate) computed: Duration,
}

/// Reads `input` (snarkjs's input.json), loads the witness calculator `wasm` and computes the
/// witness; lines the circuit logs go out as notes. Errors name the file or both.
pub(crate) fn witness(out: Output, input: &Path, wasm: &Path) -> eyre::Result<Witness> {
    let start = Instant::now();
    let inputs =
        Inputs::read(input).wrap_err_with(|| format!("reading the input {}", input.display()))?;
    let calc = WitnessCalculator::read(wasm)
        .wrap_err_with(|| format!("loading the witness calculator {}", wasm.display()))?;
    let loaded = start.elapsed();
    let (wtns, logs) = calc.calculate_logged(&inputs).wrap_err_with(|| {
        format!("computing the witness of {} with {}", input.display(), wasm.display())
    })?;
    for line in &logs {
        out.note(line);
    }
    Ok(Witness { wtns, logs, loaded, computed: start.elapsed() - loaded })
}
