//! `zkp-ledger commit`, `zkp-ledger prove dataset` and `zkp-ledger verify dataset`: datasets of
//! any size, committed chunk by chunk and proven with one chained proof per chunk
//! (docs/datasets-at-scale.md).

use std::{
    path::{Path, PathBuf},
    time::Instant,
};

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use zkp_ledger_dataset::{
    flow::{self, Claims, CommitOptions, Event, ProveOptions},
    ingest::Format,
};

use crate::{
    output::{Output, fmt_duration, ms},
    util::{KeyArgs, key_events},
};

/// A progress bar over rows or chunks, on a terminal only.
fn bar(out: Output, len: u64, unit: &str) -> Option<ProgressBar> {
    use std::io::IsTerminal;
    (!out.quiet && !out.json && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(len);
        bar.set_style(
            ProgressStyle::with_template(&format!(
                "{{bar:30}} {{pos}}/{{len}} {unit} ({{per_sec}}, eta {{eta}})"
            ))
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    })
}

#[derive(Debug, Args)]
pub(crate) struct CommitArgs {
    /// The table: CSV (header row), JSON Lines (one flat object per line) or Parquet, by
    /// extension unless --format says.
    #[arg(value_name = "DATA")]
    data: PathBuf,
    /// The file's format when its extension does not say.
    #[arg(long, value_parser = ["csv", "jsonl", "parquet"])]
    format: Option<String>,
    /// Column types (JSON: {"columns":[{"name":"age","type":"int"},{"name":"income",
    /// "type":"decimal","scale":2},...]}); inferred from the first 1,000 rows when absent.
    #[arg(long, value_name = "FILE")]
    schema: Option<PathBuf>,
    /// Reuse this opening (the secret that hides the commitment) instead of making a new one.
    #[arg(long, value_name = "FILE")]
    opening: Option<PathBuf>,
    /// A commitment directory (or its commitment.json) of an earlier version of this table: its
    /// rows must be the first rows of DATA; its chunks are kept as they are and the new rows
    /// go into new chunks, so the new commitment provably extends it. Uses its opening unless
    /// --opening says.
    #[arg(long, value_name = "DIR")]
    parent: Option<PathBuf>,
    /// Directory for commitment.json, schema.json and (unless --opening) opening.json.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Add the commitment's ledger entry to the outbox (anchored by `zkp-ledger serve`).
    #[arg(long)]
    enqueue: bool,
    #[command(flatten)]
    key: KeyArgs,
}

/// Adds `entry` (0x-hex, 32 bytes) to the outbox of the configured store; `false` when it was
/// there already.
fn enqueue_entry(entry: &str, config: Option<&Path>) -> eyre::Result<bool> {
    let digest = zkp_ledger_submitter::parse_digest(entry, "ledger entry")?;
    let (mut store, _) = crate::util::open_store(config)?;
    let done = store.enqueue(&[digest], zkp_ledger_submitter::now_ms())?;
    Ok(!done.added.is_empty())
}

fn format_of(s: Option<&str>) -> Option<Format> {
    match s {
        Some("csv") => Some(Format::Csv),
        Some("jsonl") => Some(Format::JsonLines),
        Some("parquet") => Some(Format::Parquet),
        _ => None,
    }
}

impl CommitArgs {
    pub(crate) fn run(self, out: Output, config: Option<&Path>) -> eyre::Result<()> {
        let options = CommitOptions {
            format: format_of(self.format.as_deref()),
            schema: self.schema.clone(),
            opening: self.opening.clone(),
            parent: self.parent.clone(),
            keys: self.key.options(),
        };
        let size = std::fs::metadata(&self.data).map(|m| m.len()).unwrap_or(0);
        let progress = bar(out, size.max(1), "rows");
        if let Some(b) = &progress {
            b.set_length(0);
            b.set_style(
                ProgressStyle::with_template(
                    "{spinner} {pos} rows committed ({per_sec}, {elapsed})",
                )
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
        }
        let t0 = Instant::now();
        let r = {
            let spinner = out.spinner();
            flow::commit_file(&self.data, &self.out, &options, &mut |e| {
                key_events(out, &spinner, &e);
                if let (Event::Rows(rows), Some(b)) = (e, &progress) {
                    b.set_position(rows);
                }
            })?
        };
        if let Some(b) = progress {
            b.finish_and_clear();
        }
        let c = &r.commitment;
        let entry = r.entry.clone();
        let enqueued = if self.enqueue { Some(enqueue_entry(&entry, config)?) } else { None };
        let (commit_time, total) = (r.commit_time, t0.elapsed());
        let rate = c.rows as f64 / commit_time.as_secs_f64().max(1e-9);
        let commitment_path = &r.commitment_path;
        let new_opening = r.opening_path.is_some();
        out.result(
            || {
                let mut s = format!(
                    "committed {} ({} rows, {} columns{}) in {} chunks of up to {} rows\n  ledger entry  {entry}\n  commit time   {} ({:.0} rows/s; {} with key loading)\n",
                    self.data.display(),
                    c.rows,
                    c.columns.len(),
                    if r.inferred { ", types inferred: see schema.json" } else { "" },
                    c.chunks.len(),
                    r.chunk_rows,
                    fmt_duration(commit_time),
                    rate,
                    fmt_duration(total),
                );
                if let Some(p) = &c.parent {
                    s += &format!("  extends       0x{p}\n");
                }
                match enqueued {
                    Some(true) => s += "  enqueued: `zkp-ledger serve` anchors it\n",
                    Some(false) => s += "  already in the outbox\n",
                    None => s += "  anchor it with: zkp-ledger enqueue {entry} (or commit --enqueue)\n",
                }
                s += &format!("  wrote {dir}/commitment.json, schema.json{}", if new_opening { format!(", and {}/opening.json (secret, owner-only: keep it to prove and to open)", self.out.display()) } else { String::new() }, dir = self.out.display());
                s.replace("{entry}", &entry)
            },
            || json!({ "entry": entry, "commitment": commitment_path, "rows": c.rows, "chunks": c.chunks.len(), "chunk_rows": r.chunk_rows, "parent": c.parent, "enqueued": enqueued, "timings_ms": { "commit": ms(commit_time), "total": ms(total) } }),
        );
        Ok(())
    }
}

#[derive(Debug, Args)]
pub(crate) struct ProveDatasetArgs {
    /// The commitment directory made by `zkp-ledger commit` (or its commitment.json).
    #[arg(value_name = "DIR")]
    commitment: PathBuf,
    /// The committed table (the same rows, in the same order, in any of the three formats).
    #[arg(long, value_name = "DATA")]
    data: PathBuf,
    /// The data file's format when its extension does not say.
    #[arg(long, value_parser = ["csv", "jsonl", "parquet"])]
    format: Option<String>,
    /// The opening (default: opening.json beside the commitment).
    #[arg(long, value_name = "FILE")]
    opening: Option<PathBuf>,
    /// Directory for the proof: statement.json, chunks/, final.json and the verifying keys. An
    /// interrupted run resumes here: chunks already proven are kept.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// A proof directory of the parent version (same per-chunk claims): its chunk proofs are
    /// copied and reused for the chunks the versions share, and only the new chunks are proven.
    #[arg(long, value_name = "PROOFDIR")]
    reuse: Option<PathBuf>,
    /// Every value of numeric column COL lies in [LO, HI] (in the column's units: decimals,
    /// timestamps as text; either side may be left out).
    #[arg(long, value_name = "COL=LO..HI")]
    range: Vec<String>,
    /// The sum of COL lies in [LO, HI] (either side may be left out).
    #[arg(long, value_name = "COL=LO..HI")]
    sum: Vec<String>,
    /// The sum of COL is at most X (as --sum COL=..X).
    #[arg(long = "sum-max", value_name = "COL=X")]
    sum_max: Vec<String>,
    /// The mean of COL lies in [LO, HI] (exactly: the row count is public, so this is a sum
    /// bound).
    #[arg(long, value_name = "COL=LO..HI")]
    mean: Vec<String>,
    /// The sum of squares of COL is at most X (an L2-norm bound: X = norm^2; in squared units).
    #[arg(long = "sumsq-max", value_name = "COL=X")]
    sumsq_max: Vec<String>,
    /// Every value of categorical column COL is one of the listed values.
    #[arg(long = "in", value_name = "COL=A,B,...")]
    member: Vec<String>,
    /// The number of rows where categorical column COL equals VALUE lies in [MIN, MAX].
    #[arg(long, value_name = "COL=VALUE:MIN..MAX")]
    count: Vec<String>,
    #[command(flatten)]
    key: KeyArgs,
}

impl ProveDatasetArgs {
    /// The claims the flags give.
    fn claims(&self) -> Claims {
        Claims {
            range: self.range.clone(),
            sum: self.sum.clone(),
            sum_max: self.sum_max.clone(),
            mean: self.mean.clone(),
            sumsq_max: self.sumsq_max.clone(),
            member: self.member.clone(),
            count: self.count.clone(),
        }
    }
}

impl ProveDatasetArgs {
    pub(crate) fn run(self, out: Output) -> eyre::Result<()> {
        let claims = self.claims();
        let options = ProveOptions {
            format: format_of(self.format.as_deref()),
            opening: self.opening.clone(),
            reuse: self.reuse.clone(),
            keys: self.key.options(),
        };
        let mut warned = claims.is_empty();
        let mut progress: Option<ProgressBar> = None;
        let r = {
            let spinner = out.spinner();
            flow::prove_file(
                &self.commitment,
                &self.data,
                &self.out,
                &claims,
                &options,
                &mut |e| {
                    if warned {
                        // After the claims are parsed (the key is loaded next).
                        out.warn("no statement flags given: the proof shows only that the table has its row count and every numeric value is a 64-bit integer");
                        warned = false;
                    }
                    key_events(out, &spinner, &e);
                    if let Event::Chunk { total, .. } = e {
                        let b = progress.get_or_insert_with(|| {
                            bar(out, total as u64, "chunks").unwrap_or_else(ProgressBar::hidden)
                        });
                        b.inc(1);
                    }
                },
            )?
        };
        if let Some(b) = progress {
            b.finish_and_clear();
        }
        let (statement, lines, summary) = (&r.statement, &r.claims, &r.summary);
        crate::util::record_proof("dataset", r.elapsed);
        out.result(
            || {
                let mut s = format!(
                    "proved about {} ({} rows, commitment 0x{}):\n",
                    self.data.display(),
                    r.rows,
                    statement.commitment
                );
                for l in lines {
                    s += &format!("  {l}\n");
                }
                s += &format!(
                    "  {} chunk proofs made, {} reused from an earlier run, and the final proof in {}\n  wrote {}/ (statement.json, chunks/, final.json); check it with: zkp-ledger verify dataset {}",
                    summary.proven,
                    summary.reused,
                    fmt_duration(r.elapsed),
                    self.out.display(),
                    self.out.display()
                );
                s
            },
            || json!({ "out": self.out, "statement": statement, "claims": lines, "chunks_proven": summary.proven, "chunks_reused": summary.reused, "timings_ms": { "total": ms(r.elapsed), "witness": ms(r.witness), "quotient": ms(r.check), "msm": ms(r.prove) } }),
        );
        Ok(())
    }
}

#[derive(Debug, Args)]
pub(crate) struct VerifyDatasetArgs {
    /// The proof directory made by `zkp-ledger prove dataset`.
    #[arg(value_name = "PROOFDIR")]
    proof: PathBuf,
    /// The commitment to check against (default: the copy in PROOFDIR). Pin what was anchored
    /// with --entry.
    #[arg(long, value_name = "FILE")]
    commitment: Option<PathBuf>,
    /// Refuse unless the commitment's ledger entry (id) is this one (0x-hex): the value you
    /// saw anchored.
    #[arg(long, value_name = "0xENTRY")]
    entry: Option<String>,
    /// Once the statement is checked, add its ledger entry (SHA-256 of statement.json, which
    /// names the commitment) to the outbox, so that `zkp-ledger serve` anchors it: the cheap
    /// on-chain record of a checked statement (docs/datasets-at-scale.md, "On chain").
    #[arg(long)]
    enqueue: bool,
}

impl VerifyDatasetArgs {
    /// Exit 0 when the statement holds, 1 when a proof is invalid, 2 when input is unusable.
    pub(crate) fn run(self, out: Output, config: Option<&Path>) -> std::process::ExitCode {
        use std::process::ExitCode;
        match flow::verify_dir(&self.proof, self.commitment.as_deref(), self.entry.as_deref()) {
            Ok(v) => {
                crate::util::record_verification("dataset", true);
                let enqueued = if self.enqueue {
                    match enqueue_entry(&v.statement_entry, config) {
                        Ok(added) => Some(added),
                        Err(e) => {
                            out.error(&e);
                            return ExitCode::from(2);
                        }
                    }
                } else {
                    None
                };
                let (id, statement_entry, lines) = (&v.entry, &v.statement_entry, &v.claims);
                out.result(
                    || {
                        let mut s = format!("valid: for the dataset committed as {id}\n");
                        for l in lines {
                            s += &format!("  {l}\n");
                        }
                        s += &format!("  checked {} chunk proofs and the final proof in {}\n", v.chunks, fmt_duration(v.elapsed));
                        s += &format!("  statement entry {statement_entry}");
                        match enqueued {
                            Some(true) => s += " (enqueued: `zkp-ledger serve` anchors it)",
                            Some(false) => s += " (already in the outbox)",
                            None => {}
                        }
                        s
                    },
                    || json!({ "valid": true, "entry": id, "statement_entry": statement_entry, "enqueued": enqueued, "claims": lines, "statement": v.statement, "chunks": v.chunks, "timings_ms": { "verify": ms(v.elapsed) } }),
                );
                ExitCode::SUCCESS
            }
            Err(zkp_ledger_dataset::Error::ProofRejected(why)) => {
                crate::util::record_verification("dataset", false);
                out.result(
                    || format!("INVALID: {why}"),
                    || json!({ "valid": false, "reason": why }),
                );
                ExitCode::from(1)
            }
            Err(e) => {
                out.error(&e.into());
                ExitCode::from(2)
            }
        }
    }
}
