//! `zkp-ledger circom setup`: a Groth16 proving key from a circom `.r1cs` and a prepared snarkjs
//! powers of tau, as `snarkjs groth16 setup R1CS PTAU ZKEY` makes it (the initial key: delta =
//! gamma = the generators, no contributions; `snarkjs zkey verify` accepts it); and `zkp-ledger
//! circom prepare-phase2`, the powers of tau that setup reads, as `snarkjs powersoftau prepare
//! phase2 IN OUT` makes it.

use std::{path::PathBuf, time::Instant};

use clap::Args;
use eyre::WrapErr;
use serde_json::json;
use zkp_ledger_circom::{Ptau, R1cs, prepare_phase2, setup::domain_power};
use zkp_ledger_prover::bundle::write_atomic;

use crate::output::{Output, ms};

/// `zkp-ledger circom setup`.
#[derive(Debug, Args)]
pub(crate) struct SetupArgs {
    /// The circuit's constraint system, from `circom --r1cs`.
    #[arg(value_name = "R1CS")]
    r1cs: PathBuf,
    /// A powers of tau prepared for phase 2 (`snarkjs powersoftau prepare phase2`), of a power
    /// at least the circuit's (2^power above constraints + public inputs + outputs).
    #[arg(value_name = "PTAU")]
    ptau: PathBuf,
    /// The proving key to write (snarkjs's .zkey format).
    #[arg(long, value_name = "FILE.zkey")]
    out: PathBuf,
}

impl SetupArgs {
    pub(crate) fn run(self, out: Output) -> eyre::Result<()> {
        let t0 = Instant::now();
        let r1cs = R1cs::read(&self.r1cs)
            .wrap_err_with(|| format!("reading the r1cs {}", self.r1cs.display()))?;
        let (power, _) = domain_power(&r1cs);
        let mut ptau = Ptau::open(&self.ptau)
            .wrap_err_with(|| format!("reading the powers of tau {}", self.ptau.display()))?;
        let key = zkp_ledger_circom::setup(&r1cs, &mut ptau).wrap_err_with(|| {
            format!("setting up {} with {}", self.r1cs.display(), self.ptau.display())
        })?;
        let t_setup = t0.elapsed();
        if let Some(dir) = self.out.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .wrap_err_with(|| format!("creating the directory {}", dir.display()))?;
        }
        write_atomic(&self.out, &key.to_bytes(), None)
            .wrap_err_with(|| format!("writing {}", self.out.display()))?;
        let hash = key.cs_hash_lines();
        let t_total = t0.elapsed();
        out.result(
            || {
                format!(
                    "wrote {} ({} constraints, {} signals, {} public, domain 2^{power}; set up in \
                     {:.1} ms, {:.1} ms with writing)\nCircuit hash:\n\t{}",
                    self.out.display(),
                    r1cs.num_constraints(),
                    r1cs.num_wires,
                    r1cs.num_public(),
                    ms(t_setup),
                    ms(t_total),
                    hash.join("\n\t"),
                )
            },
            || {
                json!({
                    "out": self.out,
                    "constraints": r1cs.num_constraints(),
                    "signals": r1cs.num_wires,
                    "public_signals": r1cs.num_public(),
                    "domain_power": power,
                    "ptau_power": ptau.power(),
                    "circuit_hash": hash.concat(),
                    "setup_ms": ms(t_setup),
                    "total_ms": ms(t_total),
                })
            },
        );
        Ok(())
    }
}

/// `zkp-ledger circom prepare-phase2`.
#[derive(Debug, Args)]
pub(crate) struct PreparePhase2Args {
    /// A snarkjs powers of tau not yet prepared (`snarkjs powersoftau new`, `contribute`,
    /// `beacon`).
    #[arg(value_name = "IN.ptau")]
    input: PathBuf,
    /// The prepared powers of tau to write (input of `circom setup`).
    #[arg(value_name = "OUT.ptau")]
    output: PathBuf,
}

impl PreparePhase2Args {
    pub(crate) fn run(self, out: Output) -> eyre::Result<()> {
        let t0 = Instant::now();
        let mut ptau = Ptau::open(&self.input)
            .wrap_err_with(|| format!("reading the powers of tau {}", self.input.display()))?;
        let bytes = prepare_phase2(&mut ptau)
            .wrap_err_with(|| format!("preparing {} for phase 2", self.input.display()))?;
        let t_prepare = t0.elapsed();
        if let Some(dir) = self.output.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .wrap_err_with(|| format!("creating the directory {}", dir.display()))?;
        }
        write_atomic(&self.output, &bytes, None)
            .wrap_err_with(|| format!("writing {}", self.output.display()))?;
        let t_total = t0.elapsed();
        out.result(
            || {
                format!(
                    "wrote {} (power {}, {} bytes; prepared in {:.1} ms, {:.1} ms with writing)",
                    self.output.display(),
                    ptau.power(),
                    bytes.len(),
                    ms(t_prepare),
                    ms(t_total),
                )
            },
            || {
                json!({
                    "out": self.output,
                    "power": ptau.power(),
                    "bytes": bytes.len(),
                    "prepare_ms": ms(t_prepare),
                    "total_ms": ms(t_total),
                })
            },
        );
        Ok(())
    }
}
