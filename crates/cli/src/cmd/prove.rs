//! `zkp-ledger prove`.

use std::path::PathBuf;

use clap::Subcommand;
use eyre::WrapErr;
use serde_json::json;
use zkp_ledger_prover::{KeyDir, inclusion};

use crate::output::{Output, fmt_duration, ms};

#[derive(Debug, Subcommand)]
pub(crate) enum ProveCmd {
    /// Prove that the leaf at INDEX of the tree over the leaves in FILE is in that tree.
    Inclusion {
        /// Key directory made by `zkp-ledger setup inclusion`.
        #[arg(long, value_name = "KEYDIR")]
        keys: PathBuf,
        /// Leaves, one field element per line (decimal or 0x-hex, below the BN254 scalar field
        /// modulus); blank lines are skipped.
        #[arg(long, value_name = "FILE")]
        leaves: PathBuf,
        /// Position of the leaf to prove (0-based, counting leaves).
        #[arg(long)]
        index: u64,
        /// Directory for proof.json and public.json.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

impl ProveCmd {
    pub(crate) fn run(self, out: Output) -> eyre::Result<()> {
        let Self::Inclusion { keys, leaves, index, out: dir } = self;
        let kd = KeyDir::open(&keys)?;
        kd.expect("inclusion")?;
        let text = std::fs::read_to_string(&leaves)
            .wrap_err_with(|| format!("reading leaves from {}", leaves.display()))?;
        let values =
            inclusion::parse_leaves(&text).wrap_err_with(|| format!("in {}", leaves.display()))?;
        let spinner = out.spinner();
        let prover = kd.load_prover(&spinner)?;
        let (bundle, timings) =
            spinner.step("proving", || inclusion::prove(&prover, &values, index))?;
        drop(spinner);
        bundle.write(&dir)?;
        let total = timings.witness + timings.check + timings.prove;
        out.result(
            || {
                format!(
                    "proved leaf {index} of {} is in the tree with root {}\n  wrote {}/proof.json and public.json\n  proving time {}",
                    values.len(),
                    bundle.public_json()[0],
                    dir.display(),
                    fmt_duration(total)
                )
            },
            || {
                json!({
                    "proof": dir.join("proof.json"),
                    "public": dir.join("public.json"),
                    "public_inputs": bundle.public_json(),
                    "circuit_id": bundle.circuit_id,
                    "timings_ms": { "witness": ms(timings.witness), "check": ms(timings.check), "prove": ms(timings.prove) }
                })
            },
        );
        Ok(())
    }
}
