//! Times witness generation from a circuit's wasm: `cargo run --release -p zkp-ledger-circom
//! --example witness_time -- CIRCUIT.wasm INPUT.json [SNARKJS.wtns]`. Prints the wasm's load
//! (parse, validate, compile) time, then the best of three witness computations (fresh instance,
//! inputs, run, read-out), and, given snarkjs's `.wtns` of the same input, whether ours equals it
//! byte for byte.
#![allow(clippy::print_stdout, reason = "an example that prints its measurements")]

use std::{path::Path, time::Instant};

use zkp_ledger_circom::{Inputs, Result, WitnessCalculator};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [wasm, input, rest @ ..] = args.as_slice() else {
        println!("usage: witness_time CIRCUIT.wasm INPUT.json [SNARKJS.wtns]");
        return Ok(());
    };
    let start = Instant::now();
    let calc = WitnessCalculator::read(Path::new(wasm))?;
    let load = start.elapsed();
    let inputs = Inputs::read(Path::new(input))?;
    let mut best = None;
    let mut wtns = None;
    for _ in 0..3 {
        let t = Instant::now();
        let w = calc.calculate(&inputs)?;
        let e = t.elapsed();
        best = Some(best.map_or(e, |b: std::time::Duration| b.min(e)));
        wtns = Some(w);
    }
    let (Some(best), Some(wtns)) = (best, wtns) else { return Ok(()) };
    let same = match rest.first() {
        Some(reference) => {
            let theirs = std::fs::read(reference).map_err(|source| {
                zkp_ledger_circom::Error::Io { path: reference.into(), source }
            })?;
            if theirs == wtns.to_bytes() {
                "equal to snarkjs's"
            } else {
                "DIFFERENT from snarkjs's"
            }
        }
        None => "not compared",
    };
    println!(
        "{wasm}: {} wires; load {:.1} ms; witness best of 3 {:.1} ms; {same}",
        wtns.values.len(),
        load.as_secs_f64() * 1e3,
        best.as_secs_f64() * 1e3,
    );
    Ok(())
}
