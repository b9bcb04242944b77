//! `zkp-ledger query`: where an entry, a batch or a chain's anchors are, from the store and the
//! chain index. Exit codes: 0 found (an entry or batch: anchored), 1 not (yet) anchored or
//! unknown, 2 unusable input or an error.

use std::{fmt::Write, path::Path, process::ExitCode};

use clap::Subcommand;
use serde::Serialize;
use zkp_ledger_indexer::{
    parse_hex,
    query::{self, AnchorView, DEFAULT_ANCHOR_LIMIT, Status},
};

use crate::{output::Output, util::open_store};

#[derive(Debug, Subcommand)]
pub(crate) enum QueryCmd {
    /// Where an entry is: its batch and leaf position (the outbox) and its batch's anchors
    /// (the chain index). Exit 0 when anchored; 1 when unknown, queued, or batched but not
    /// anchored (yet).
    Entry {
        /// The entry: a 32-byte hex digest.
        digest: String,
    },
    /// A batch by root: the submitter's record and its anchors. Exit 0 when anchored.
    Batch {
        /// The batch root (32-byte hex).
        root: String,
    },
    /// A chain's anchors in sequence order, and whether its hash chain is intact. Exit 1 when
    /// the chain is not indexed or its hash chain is broken.
    Chain {
        /// Chain id.
        chain_id: u64,
        /// First sequence number to list.
        #[arg(long, default_value_t = 0, value_name = "SEQ")]
        from: u64,
        /// Most anchors to list.
        #[arg(long, default_value_t = DEFAULT_ANCHOR_LIMIT)]
        limit: usize,
    },
    /// Every chain the index follows: cursor, latest block, counts, hash-chain state.
    Chains,
}

fn to_json<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or_default()
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Anchored => "anchored",
        Status::Batched => "batched, not anchored yet",
        Status::Queued => "queued, not in a batch yet",
        Status::Unknown => "unknown to this store",
    }
}

/// The anchors as a table.
fn anchors_table(anchors: &[AnchorView]) -> String {
    let mut s = format!(
        "  {:<22} {:>5} {:>10} {:>7} {:>13} {:>12}  {}\n",
        "chain", "seq", "block", "entries", "confirmations", "timestamp", "transaction"
    );
    for a in anchors {
        let chain = match &a.chain {
            Some(n) => format!("{n} ({})", a.chain_id),
            None => a.chain_id.to_string(),
        };
        let conf = a.confirmations.map_or_else(|| "?".into(), |c| c.to_string());
        let _ = writeln!(
            s,
            "  {chain:<22} {:>5} {:>10} {:>7} {conf:>13} {:>12}  {}",
            a.seq, a.block_number, a.count, a.timestamp, a.tx_hash
        );
    }
    s
}

impl QueryCmd {
    fn exec(self, out: Output, config: Option<&Path>) -> eyre::Result<bool> {
        let (store, _) = open_store(config)?;
        match self {
            Self::Entry { digest } => {
                let digest = parse_hex::<32>(&digest, "digest")?;
                let r = query::entry(&store, &digest)?;
                out.result(
                    || {
                        let mut s = format!("entry {}: {}\n", r.digest, status_word(r.status));
                        if let (Some(e), Some(b)) = (&r.entry, &r.batch) {
                            let _ = writeln!(
                                s,
                                "  batch {} root {} ({} entries, depth {}, submitter state {:?}), position {}",
                                b.id,
                                b.root,
                                b.count,
                                b.depth,
                                b.state,
                                e.position.unwrap_or_default()
                            );
                        }
                        if !r.anchors.is_empty() {
                            let first = &r.anchors[0];
                            let _ = writeln!(s, "  contract {}", first.contract);
                            s += &anchors_table(&r.anchors);
                        }
                        for st in &r.statements {
                            let _ = writeln!(
                                s,
                                "  verified as a statement on chain {} block {} (circuit {}, tx {})",
                                st.chain_id, st.block_number, st.circuit_id, st.tx_hash
                            );
                        }
                        s
                    },
                    || to_json(&r),
                );
                Ok(r.status == Status::Anchored)
            }
            Self::Batch { root } => {
                let root = parse_hex::<32>(&root, "root")?;
                let r = query::batch(&store, &root)?;
                out.result(
                    || {
                        let mut s = format!("batch {}: {}\n", r.root, status_word(r.status));
                        if let Some(b) = &r.batch {
                            let _ = writeln!(
                                s,
                                "  batch {} ({} entries, depth {}, submitter state {:?}, chain {})",
                                b.id,
                                b.count,
                                b.depth,
                                b.state,
                                b.chain.as_deref().unwrap_or("-")
                            );
                        }
                        if !r.anchors.is_empty() {
                            s += &anchors_table(&r.anchors);
                        }
                        s
                    },
                    || to_json(&r),
                );
                Ok(r.status == Status::Anchored)
            }
            Self::Chain { chain_id, from, limit } => {
                let Some(r) = query::chain(&store, chain_id, from, limit)? else {
                    eyre::bail!(
                        "chain {chain_id} is not indexed (run `zkp-ledger index` or `serve`)"
                    );
                };
                out.result(
                    || {
                        let c = &r.chain;
                        let mut s = format!(
                            "chain {} ({}): anchor {}, indexed blocks {}..{} (latest seen {}), {} anchors\n",
                            c.name,
                            c.chain_id,
                            c.anchor,
                            c.start_block,
                            c.next_block,
                            c.latest.map_or_else(|| "?".into(), |l| l.to_string()),
                            c.anchors
                        );
                        if r.hash_chain.ok {
                            s += "hash chain: intact (seq dense from 0, every prevHead and head checked)\n";
                        } else {
                            let _ = writeln!(s, "hash chain: BROKEN ({} breaks)", r.hash_chain.breaks.len());
                            for b in &r.hash_chain.breaks {
                                let _ = writeln!(
                                    s,
                                    "  block {} log {} seq {}: {:?} expected {}, found {}",
                                    b.block_number, b.log_index, b.seq, b.kind, b.expected, b.found
                                );
                            }
                        }
                        s += &anchors_table(&r.anchors);
                        s
                    },
                    || to_json(&r),
                );
                Ok(r.hash_chain.ok)
            }
            Self::Chains => {
                let r = query::chains(&store)?;
                out.result(
                    || {
                        let mut s = format!(
                            "{:<22} {:>10} {:>10} {:>8} {:>10}  {}\n",
                            "chain", "next block", "latest", "anchors", "statements", "hash chain"
                        );
                        for c in &r.chains {
                            let _ = writeln!(
                                s,
                                "{:<22} {:>10} {:>10} {:>8} {:>10}  {}",
                                format!("{} ({})", c.chain.name, c.chain.chain_id),
                                c.chain.next_block,
                                c.chain.latest.map_or_else(|| "?".into(), |l| l.to_string()),
                                c.chain.anchors,
                                c.chain.statements,
                                if c.hash_chain_ok {
                                    "intact".to_string()
                                } else {
                                    format!("{} breaks", c.breaks)
                                }
                            );
                        }
                        s
                    },
                    || to_json(&r),
                );
                Ok(r.chains.iter().all(|c| c.hash_chain_ok))
            }
        }
    }

    pub(crate) fn run(self, out: Output, config: Option<&Path>) -> ExitCode {
        match self.exec(out, config) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::from(1),
            Err(report) => {
                out.error(&report);
                ExitCode::from(2)
            }
        }
    }
}
