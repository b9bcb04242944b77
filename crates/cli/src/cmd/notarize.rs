//! `zkp-ledger notarize`.

use std::path::{Path, PathBuf};

use clap::{Args, Parser};
use eyre::bail;
use serde_json::json;
use zkp_ledger_dataset::{
    Specs,
    notarize::{self, COMMITMENT_FILE, OPENING_FILE},
    parse_scales, read_csv,
};
use zkp_ledger_prover::KeyDir;

use crate::{
    cmd::dataset::{CommitArgs, ProveDatasetArgs},
    output::{Output, fmt_duration, ms},
};

#[derive(Debug, Args)]
#[command(after_help = "Without --keys: `zkp-ledger commit DATA --out DIR/commitment` then \
`zkp-ledger prove dataset DIR/commitment --data DATA --out DIR/proof` with the claims given \
(a table of any size; check it with `zkp-ledger verify dataset DIR/proof`).\n\
With --keys KEYDIR (made by `zkp-ledger setup dataset`): the earlier single proof of a CSV of at \
most the key's rows, which snarkjs and StatementRegistry check (proof.json, public.json).")]
pub(crate) struct NotarizeArgs {
    /// The dataset: CSV, JSON Lines or Parquet, any size (with --keys: CSV with a header row,
    /// integer or, with --scale, decimal values).
    #[arg(value_name = "DATA")]
    data: PathBuf,
    /// The earlier single-proof flow: a key directory made by `zkp-ledger setup dataset`.
    #[arg(long, value_name = "KEYDIR")]
    keys: Option<PathBuf>,
    /// Output directory. Without --keys: commitment/ (commitment.json, schema.json and the
    /// secret opening.json; kept and reused by a later run) and proof/ (resumable; an unfinished
    /// proof of other claims, say a false one, must be deleted first). With --keys:
    /// proof.json, public.json, commitment.json and opening.json.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Every value of column COL lies in [LO, HI] (in the column's units).
    #[arg(long, value_name = "COL=LO..HI")]
    range: Vec<String>,
    /// The sum of column COL is at most X.
    #[arg(long = "sum-max", value_name = "COL=X")]
    sum_max: Vec<String>,
    /// The sum of squares of column COL is at most X (an L2-norm bound: X = norm^2).
    #[arg(long = "sumsq-max", value_name = "COL=X")]
    sumsq_max: Vec<String>,
    /// The sum of COL lies in [LO, HI] (not with --keys).
    #[arg(long, value_name = "COL=LO..HI")]
    sum: Vec<String>,
    /// The mean of COL lies in [LO, HI] (not with --keys).
    #[arg(long, value_name = "COL=LO..HI")]
    mean: Vec<String>,
    /// Every value of categorical column COL is one of the listed values (not with --keys).
    #[arg(long = "in", value_name = "COL=A,B,...")]
    member: Vec<String>,
    /// The number of rows where COL equals VALUE lies in [MIN, MAX] (not with --keys).
    #[arg(long, value_name = "COL=VALUE:MIN..MAX")]
    count: Vec<String>,
    /// Column types instead of inferring them (not with --keys; see `zkp-ledger commit`).
    #[arg(long, value_name = "FILE")]
    schema: Option<PathBuf>,
    /// Add the commitment's ledger entry to the outbox (not with --keys).
    #[arg(long)]
    enqueue: bool,
    /// With --keys only: column COL holds decimals with up to DIGITS digits after the point;
    /// values are committed as integers scaled by 10^DIGITS. (Without --keys, decimals come from
    /// the schema: decimal(DIGITS).)
    #[arg(long, value_name = "COL=DIGITS")]
    scale: Vec<String>,
    /// Chunk size as a power of two of constraints (as `commit --chunk-log2`; default 20). The
    /// chunk keys are cached in $ZKP_LEDGER_KEY_CACHE, else ~/.cache/zkp-ledger/chunk-keys.
    #[arg(long, value_name = "N")]
    chunk_log2: Option<u32>,
    /// Bits per range-check limb (as `commit --limb-bits`; default 16).
    #[arg(long, value_name = "B")]
    limb_bits: Option<u32>,
    /// Elements a membership set may have (as `commit --set-size`; default 16).
    #[arg(long, value_name = "K")]
    set_size: Option<u32>,
}

/// `zkp-ledger commit` as its own parser reads it.
#[derive(Debug, Parser)]
struct CommitCli {
    #[command(flatten)]
    args: CommitArgs,
}

/// `zkp-ledger prove dataset` as its own parser reads it.
#[derive(Debug, Parser)]
struct ProveCli {
    #[command(flatten)]
    args: ProveDatasetArgs,
}

impl NotarizeArgs {
    pub(crate) fn run(self, out: Output, config: Option<&Path>) -> eyre::Result<()> {
        let Some(keys) = self.keys.clone() else { return self.commit_and_prove(out, config) };
        for (flag, given) in [
            ("--sum", !self.sum.is_empty()),
            ("--mean", !self.mean.is_empty()),
            ("--in", !self.member.is_empty()),
            ("--count", !self.count.is_empty()),
            ("--schema", self.schema.is_some()),
            ("--enqueue", self.enqueue),
            ("--chunk-log2", self.chunk_log2.is_some()),
            ("--limb-bits", self.limb_bits.is_some()),
            ("--set-size", self.set_size.is_some()),
        ] {
            if given {
                bail!("{flag} needs the chunked flow: drop --keys (see notarize --help)");
            }
        }
        self.single_proof(&keys, out)
    }

    /// `commit` then `prove dataset`, with the commit's summary kept short.
    fn commit_and_prove(self, out: Output, config: Option<&Path>) -> eyre::Result<()> {
        if !self.scale.is_empty() {
            bail!(
                "--scale is for the single-proof flow (--keys); here give decimal columns a scale \
                 in a schema file (--schema, a column type \"decimal(2)\"), or let it be inferred"
            );
        }
        let text = |p: &Path| p.display().to_string();
        let commitment = self.out.join("commitment");
        let mut argv =
            vec!["commit".to_string(), text(&self.data), "--out".into(), text(&commitment)];
        if let Some(s) = &self.schema {
            argv.extend(["--schema".into(), text(s)]);
        }
        if self.enqueue {
            argv.push("--enqueue".into());
        }
        let mut key = Vec::new();
        for (flag, v) in [
            ("--chunk-log2", self.chunk_log2),
            ("--limb-bits", self.limb_bits),
            ("--set-size", self.set_size),
        ] {
            if let Some(v) = v {
                key.extend([flag.to_string(), v.to_string()]);
            }
        }
        argv.extend(key.iter().cloned());
        // A commitment left by an earlier run (say, one whose claim was false) is kept: proving
        // checks the data against it, and its opening must not be replaced.
        if commitment.join("commitment.json").exists() {
            out.note(&format!(
                "using the commitment already in {} (delete it to commit again)",
                commitment.display()
            ));
        } else {
            let commit = CommitCli::try_parse_from(&argv)?.args;
            // The proof's summary names the commitment; the commit's own result is not repeated.
            commit.run(Output { json: false, quiet: true }, config)?;
        }
        let mut argv = vec![
            "prove-dataset".to_string(),
            text(&commitment),
            "--data".into(),
            text(&self.data),
            "--out".into(),
            text(&self.out.join("proof")),
        ];
        for (flag, values) in [
            ("--range", &self.range),
            ("--sum", &self.sum),
            ("--sum-max", &self.sum_max),
            ("--mean", &self.mean),
            ("--sumsq-max", &self.sumsq_max),
            ("--in", &self.member),
            ("--count", &self.count),
        ] {
            for v in values {
                argv.extend([flag.to_string(), v.clone()]);
            }
        }
        argv.extend(key);
        ProveCli::try_parse_from(&argv)?.args.run(out)
    }

    /// The earlier flow: one proof over the key's rows.
    fn single_proof(self, keys: &Path, out: Output) -> eyre::Result<()> {
        let kd = KeyDir::open(keys)?;
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
