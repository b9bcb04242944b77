//! `zkp-ledger enqueue`: add ledger entries to the durable outbox.

use std::{
    io::{BufRead, IsTerminal},
    path::{Path, PathBuf},
    time::Instant,
};

use clap::Args;
use eyre::{WrapErr, bail};
use serde_json::json;
use zkp_ledger_submitter::{now_ms, parse_digest};

use crate::output::{Output, fmt_duration};

#[derive(Debug, Args)]
pub(crate) struct EnqueueArgs {
    /// Entries: 32-byte hex digests (64 hex digits, optionally 0x-prefixed).
    #[arg(value_name = "DIGEST")]
    digests: Vec<String>,
    /// Read entries from FILE, one per line ("-" for standard input); blank lines are skipped.
    #[arg(long, value_name = "FILE")]
    file: Option<PathBuf>,
}

// route.rs (changed on another branch) still imports it from here.
use crate::util::open_store;

fn read_lines(reader: impl BufRead, source: &str) -> eyre::Result<Vec<[u8; 32]>> {
    let mut out = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line.wrap_err_with(|| format!("reading {source}"))?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(parse_digest(&line, &format!("{source}, line {}", i + 1))?);
    }
    Ok(out)
}

impl EnqueueArgs {
    pub(crate) fn run(self, out: Output, config: Option<&Path>) -> eyre::Result<()> {
        // Parse everything first: one bad entry rejects the whole input and nothing is written.
        let mut digests = self
            .digests
            .iter()
            .enumerate()
            .map(|(i, d)| parse_digest(d, &format!("argument {}", i + 1)))
            .collect::<Result<Vec<_>, _>>()?;
        match self.file.as_deref() {
            Some(p) if p == Path::new("-") => {
                digests.extend(read_lines(std::io::stdin().lock(), "standard input")?);
            }
            Some(p) => {
                let f =
                    std::fs::File::open(p).wrap_err_with(|| format!("opening {}", p.display()))?;
                digests.extend(read_lines(std::io::BufReader::new(f), &p.display().to_string())?);
            }
            None if digests.is_empty() && !std::io::stdin().is_terminal() => {
                digests.extend(read_lines(std::io::stdin().lock(), "standard input")?);
            }
            None => {}
        }
        if digests.is_empty() {
            bail!(
                "no entries given: pass digests as arguments, --file FILE, or pipe them to standard input"
            );
        }
        let (mut store, _) = open_store(config)?;
        let t = Instant::now();
        let done = store.enqueue(&digests, now_ms())?;
        let elapsed = t.elapsed();
        let (added, existing) = (done.added.len(), done.existing.len());
        out.result(
            || {
                let mut s = format!("enqueued {added} new entries, {existing} already present ({} in {})", digests.len(), fmt_duration(elapsed));
                if digests.len() <= 20 {
                    for (id, d) in done.added.iter().chain(&done.existing) {
                        s += &format!("\n  id {id:<8} 0x{}", hex::encode(d));
                    }
                }
                s
            },
            || {
                let list = |v: &[(i64, [u8; 32])]| -> Vec<serde_json::Value> {
                    v.iter().map(|(id, d)| json!({ "id": id, "digest": format!("0x{}", hex::encode(d)) })).collect()
                };
                if digests.len() <= 1000 {
                    json!({ "added": list(&done.added), "existing": list(&done.existing) })
                } else {
                    json!({ "added": added, "existing": existing, "elapsed_ms": elapsed.as_millis() as u64 })
                }
            },
        );
        Ok(())
    }
}
