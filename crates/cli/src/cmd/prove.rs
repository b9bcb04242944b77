//! `zkp-ledger prove`.

use std::path::PathBuf;

use clap::Subcommand;
use eyre::WrapErr;
use serde_json::json;
use zkp_ledger_prover::{KeyDir, inclusion};

use crate::output::{Output, fmt_duration, ms};

#[derive(Debug, Subcommand)]
pub(crate) enum ProveCmd {
    /// Prove exact statements about every row of a dataset committed with `zkp-ledger commit`:
    /// one proof per chunk, chained, and a final proof of the whole-table bounds. Resumable.
    Dataset(Box<crate::cmd::dataset::ProveDatasetArgs>),
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
    /// Prove that a ledger entry is in its batch's tree (the anchored root), in zero knowledge:
    /// the position and path stay private. The path comes from the store.
    Entry {
        /// The entry (32-byte hex digest).
        digest: String,
        /// Key directory made by `zkp-ledger setup inclusion` (same depth as the batch trees).
        #[arg(long, value_name = "KEYDIR")]
        keys: PathBuf,
        /// Directory for proof.json and public.json.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

impl ProveCmd {
    pub(crate) fn run(self, out: Output, config: Option<&std::path::Path>) -> eyre::Result<()> {
        let (keys, leaves, index, dir) = match self {
            Self::Dataset(a) => return a.run(out),
            Self::Inclusion { keys, leaves, index, out } => (keys, leaves, index, out),
            Self::Entry { digest, keys, out: dir } => {
                return prove_entry(out, config, &digest, &keys, &dir);
            }
        };
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
        crate::util::record_proof("inclusion", total);
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

fn prove_entry(
    out: Output,
    config: Option<&std::path::Path>,
    digest: &str,
    keys: &std::path::Path,
    dir: &std::path::Path,
) -> eyre::Result<()> {
    let d = zkp_ledger_submitter::parse_digest(digest, "digest")?;
    let (store, _) = crate::util::open_store(config)?;
    let e = store
        .entry(&d)?
        .ok_or_else(|| eyre::eyre!("{digest} is not in the ledger (enqueue it first)"))?;
    let (Some(batch_id), Some(position), Some(path)) = (e.batch_id, e.position, e.path) else {
        eyre::bail!(
            "{digest} is queued and not yet in a batch: run `zkp-ledger serve` until it is anchored"
        );
    };
    let batch = store.batch(batch_id)?.ok_or_else(|| eyre::eyre!("batch {batch_id} missing"))?;
    let kd = KeyDir::open(keys)?;
    let spec = kd.expect("inclusion")?;
    if let zkp_ledger_prover::CircuitSpec::Inclusion { depth } = spec
        && depth != batch.depth as usize
    {
        eyre::bail!("the keys are for depth {depth}, the batch tree has depth {}", batch.depth);
    }
    let spinner = out.spinner();
    let prover = kd.load_prover(&spinner)?;
    let (bundle, timings) = spinner.step("proving inclusion", || {
        inclusion::prove_entry(&prover, &batch.root, &d, position, &path)
    })?;
    drop(spinner);
    bundle.write(dir)?;
    let total = timings.witness + timings.check + timings.prove;
    crate::util::record_proof("inclusion", total);
    out.result(
        || {
            format!(
                "proved entry {digest} is in batch {batch_id} (root 0x{}, {} entries){}\n  wrote {}/proof.json and public.json\n  proving time {}",
                hex::encode(batch.root),
                batch.count,
                batch.chain.as_deref().map(|c| format!(", anchored on {c}")).unwrap_or_default(),
                dir.display(),
                fmt_duration(total)
            )
        },
        || json!({ "proof": dir.join("proof.json"), "public": dir.join("public.json"), "batch": batch_id, "root": format!("0x{}", hex::encode(batch.root)), "chain": batch.chain, "timings_ms": { "prove": ms(total) } }),
    );
    Ok(())
}
