//! `zkp-ledger notarize`.

use std::path::PathBuf;

use clap::Args;
use serde_json::json;
use zkp_ledger_dataset::{
    Specs,
    notarize::{self, COMMITMENT_FILE, OPENING_FILE},
    parse_scales, read_csv,
};
use zkp_ledger_prover::KeyDir;

use crate::output::{Output, fmt_duration, ms};

#[derive(Debug, Args)]
pub(crate) struct NotarizeArgs {
    /// The dataset: CSV with a header row naming the columns, then integer (or, with --scale,
    /// decimal) values.
    #[arg(value_name = "DATA.csv")]
    data: PathBuf,
    /// Key directory made by `zkp-ledger setup dataset`.
    #[arg(long, value_name = "KEYDIR")]
    keys: PathBuf,
    /// Directory for proof.json, public.json, commitment.json and opening.json (the opening is
    /// secret and written owner-only).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Every value of column COL lies in [LO, HI] (signed, in the column's units).
    #[arg(long, value_name = "COL=LO..HI")]
    range: Vec<String>,
    /// The sum of column COL is at most X.
    #[arg(long = "sum-max", value_name = "COL=X")]
    sum_max: Vec<String>,
    /// The sum of squares of column COL is at most X (an L2-norm bound: X = norm^2).
    #[arg(long = "sumsq-max", value_name = "COL=X")]
    sumsq_max: Vec<String>,
    /// Column COL holds decimals with up to DIGITS digits after the point; values are committed
    /// as integers scaled by 10^DIGITS.
    #[arg(long, value_name = "COL=DIGITS")]
    scale: Vec<String>,
}

impl NotarizeArgs {
    pub(crate) fn run(self, out: Output) -> eyre::Result<()> {
        let kd = KeyDir::open(&self.keys)?;
        kd.expect("dataset")?;
        let scales = parse_scales(&self.scale)?;
        let dataset = read_csv(&self.data, &scales)?;
        let specs = Specs { range: self.range, sum_max: self.sum_max, sumsq_max: self.sumsq_max };
        let statements = specs.to_statements(&dataset.schema)?;
        if specs.is_empty() {
            out.warn("no --range, --sum-max or --sumsq-max given: the proof only shows that every value is a 64-bit integer");
        }
        // Fail before the slow steps if the output would clobber an earlier notarization.
        for name in [OPENING_FILE, COMMITMENT_FILE, "proof.json", "public.json"] {
            if self.out.join(name).exists() {
                return Err(zkp_ledger_dataset::Error::WouldOverwrite(self.out.join(name)).into());
            }
        }
        let spinner = out.spinner();
        let prover = kd.load_prover(&spinner)?;
        let n = spinner.step("checking the statements and proving", || {
            notarize::notarize(&prover, &dataset, &statements)
        })?;
        drop(spinner);
        notarize::write(&self.out, &n, &self.data)?;
        let c = &n.commitment_json;
        let total = n.timings.witness + n.timings.check + n.timings.prove;
        out.result(
            || {
                let mut s = format!(
                    "notarized {} ({} rows, {} columns)\n  commitment     {}\n  statement hash {}\n",
                    self.data.display(),
                    c.row_count,
                    c.schema.columns.len(),
                    c.commitment,
                    c.statement_hash
                );
                for st in c.described_statements() {
                    s += &format!("  proved: {st}\n");
                }
                s += &format!(
                    "  proving time {}\n  wrote {dir}/proof.json, public.json, commitment.json, and {dir}/opening.json (secret: keep it to open the commitment)",
                    fmt_duration(total),
                    dir = self.out.display()
                );
                s
            },
            || {
                json!({
                    "out": self.out,
                    "commitment": c,
                    "public_inputs": n.bundle.public_json(),
                    "timings_ms": { "witness": ms(n.timings.witness), "check": ms(n.timings.check), "prove": ms(n.timings.prove) }
                })
            },
        );
        Ok(())
    }
}
