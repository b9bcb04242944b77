//! `zkp-ledger circom ...`: the files Circom and snarkjs users already have, in and out as
//! snarkjs reads and writes them. One subcommand per snarkjs step.

use std::{
    path::{Path, PathBuf},
    time::Instant,
};

use clap::{Args, Subcommand};
use eyre::WrapErr;
use rand::rngs::OsRng;
use serde_json::json;
use zkp_ledger_circom::{R1cs, Wtns, Zkey, ZkeyProver};
use zkp_ledger_prover::{
    bundle::write_json_atomic,
    snarkjs::{ProofJson, public_to_json},
};

use crate::output::{Output, ms};

/// Circom circuits with snarkjs's files.
#[derive(Debug, Subcommand)]
pub(crate) enum CircomCmd {
    /// Prove with a snarkjs zkey and a witness, like `snarkjs groth16 prove ZKEY WTNS proof.json
    /// public.json`: same files in, same files out (snarkjs groth16 verify accepts the proof).
    ///
    /// The witness is the .wtns of `snarkjs wtns calculate` (or circom's generated witness
    /// code). Only its shape is checked against the zkey (one value per signal, the constant
    /// one first), as snarkjs does: give --r1cs to also check every constraint first, since a
    /// witness that breaks one gives a proof that does not verify.
    Prove(ProveArgs),
}

impl CircomCmd {
    pub(crate) fn run(self, out: Output) -> eyre::Result<()> {
        match self {
            Self::Prove(args) => args.run(out),
        }
    }
}

/// `zkp-ledger circom prove`.
#[derive(Debug, Args)]
pub(crate) struct ProveArgs {
    /// The snarkjs Groth16 proving key (`snarkjs groth16 setup` / `zkey contribute`).
    #[arg(value_name = "ZKEY")]
    zkey: PathBuf,
    /// The witness (.wtns), e.g. from `snarkjs wtns calculate circuit.wasm input.json w.wtns`.
    #[arg(value_name = "WTNS")]
    wtns: PathBuf,
    /// Where to write the proof, in snarkjs's proof.json format.
    #[arg(long, value_name = "FILE", default_value = "proof.json")]
    proof: PathBuf,
    /// Where to write the public signals, in snarkjs's public.json format (outputs, then public
    /// inputs).
    #[arg(long, value_name = "FILE", default_value = "public.json")]
    public: PathBuf,
    /// The circuit's .r1cs: check that the witness satisfies every constraint before proving
    /// (snarkjs does not; the zkey alone cannot tell).
    #[arg(long, value_name = "FILE")]
    r1cs: Option<PathBuf>,
}

fn reading(path: &Path) -> String {
    format!("reading {}", path.display())
}

impl ProveArgs {
    fn run(self, out: Output) -> eyre::Result<()> {
        let t0 = Instant::now();
        let zkey = Zkey::read(&self.zkey).wrap_err_with(|| reading(&self.zkey))?;
        let wtns = Wtns::read(&self.wtns).wrap_err_with(|| reading(&self.wtns))?;
        let t_read = t0.elapsed();
        let prover = ZkeyProver::new(zkey);
        let mismatch = || format!("{} does not fit {}", self.wtns.display(), self.zkey.display());
        prover.check_witness(&wtns.values).wrap_err_with(mismatch)?;
        if let Some(path) = &self.r1cs {
            let r1cs = R1cs::read(path).wrap_err_with(|| reading(path))?;
            r1cs.check(&wtns.values).wrap_err_with(|| {
                format!("{} does not satisfy {}", self.wtns.display(), path.display())
            })?;
        }
        let t1 = Instant::now();
        let proof = prover.prove(&wtns.values, &mut OsRng).wrap_err_with(mismatch)?;
        let t_prove = t1.elapsed();
        let public = prover.public_signals(&wtns.values).wrap_err_with(mismatch)?;
        write_json_atomic(&self.proof, &ProofJson::from_proof(&proof, None))
            .wrap_err_with(|| format!("writing {}", self.proof.display()))?;
        write_json_atomic(&self.public, &public_to_json(&public))
            .wrap_err_with(|| format!("writing {}", self.public.display()))?;
        out.result(
            || {
                format!(
                    "wrote {} and {} ({} public signals, {} signals; read in {:.1} ms, proved in {:.1} ms)",
                    self.proof.display(),
                    self.public.display(),
                    public.len(),
                    prover.num_vars(),
                    ms(t_read),
                    ms(t_prove)
                )
            },
            || {
                json!({
                    "proof": self.proof,
                    "public": self.public,
                    "public_signals": public.len(),
                    "signals": prover.num_vars(),
                    "read_ms": ms(t_read),
                    "prove_ms": ms(t_prove),
                })
            },
        );
        Ok(())
    }
}
