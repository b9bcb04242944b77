//! `zkp-ledger receipt` writes an entry's self-contained receipt; `zkp-ledger verify-receipt`
//! checks one offline and, with `--rpc`, on chain: exit 0 valid, 1 invalid, 2 unusable input.

use std::{
    path::{Path, PathBuf},
    process::ExitCode,
};

use clap::Args;
use eyre::WrapErr;
use serde_json::json;
use zkp_ledger_config::redact_url;
use zkp_ledger_indexer::{
    parse_hex,
    receipt::{self, Receipt, Verification},
};

use crate::{cmd::enqueue::open_store, output::Output};

#[derive(Debug, Args)]
pub(crate) struct ReceiptArgs {
    /// The entry: a 32-byte hex digest.
    digest: String,
    /// Where to write the receipt (JSON).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// The chain whose anchor to use when the batch is anchored on several (default: the
    /// first indexed).
    #[arg(long, value_name = "ID")]
    chain_id: Option<u64>,
}

impl ReceiptArgs {
    pub(crate) fn run(self, out: Output, config: Option<&Path>) -> eyre::Result<()> {
        let digest = parse_hex::<32>(&self.digest, "digest")?;
        let (store, _) = open_store(config)?;
        let r = receipt::build(&store, &digest, self.chain_id)?;
        let v = receipt::verify_offline(&r)?;
        if let Some(f) = v.failure() {
            eyre::bail!(
                "the stored data gives an invalid receipt ({}: {}); the store is corrupt",
                f.check,
                f.detail
            );
        }
        std::fs::write(&self.out, r.to_json() + "\n")
            .wrap_err_with(|| format!("writing {}", self.out.display()))?;
        out.result(
            || {
                format!(
                    "receipt for {} written to {}\n  leaf {} of {} in batch {}\n  anchored on chain {} at {} (seq {}), block {} ({}), tx {}",
                    r.entry,
                    self.out.display(),
                    r.inclusion.position,
                    r.batch.count,
                    r.batch.root,
                    r.anchor.chain_id,
                    r.anchor.contract,
                    r.anchor.seq,
                    r.anchor.block_number,
                    r.anchor.block_hash,
                    r.anchor.tx_hash
                )
            },
            || json!({ "out": self.out, "receipt": r }),
        );
        Ok(())
    }
}

#[derive(Debug, Args)]
pub(crate) struct VerifyReceiptArgs {
    /// The receipt (JSON from `zkp-ledger receipt`).
    receipt: PathBuf,
    /// Also check it on chain through this RPC endpoint (never printed unredacted).
    #[arg(long, value_name = "URL", env = "ZKP_LEDGER_RECEIPT_RPC")]
    rpc: Option<String>,
}

impl VerifyReceiptArgs {
    fn check(&self) -> eyre::Result<Verification> {
        let r = Receipt::read(&self.receipt)?;
        Ok(match &self.rpc {
            Some(url) => {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
                rt.block_on(receipt::verify_on_chain(&r, url))
                    .wrap_err_with(|| format!("checking on chain through {}", redact_url(url)))?
            }
            None => receipt::verify_offline(&r)?,
        })
    }

    pub(crate) fn run(self, out: Output) -> ExitCode {
        let on_chain = self.rpc.as_deref().map(redact_url);
        match self.check() {
            Ok(v) => {
                let valid = v.valid();
                out.result(
                    || {
                        let mut s = match (v.failure(), &on_chain) {
                            (Some(f), _) => format!("invalid: {}: {}\n", f.check, f.detail),
                            (None, Some(rpc)) => format!("valid: checked offline and on chain through {rpc}\n"),
                            (None, None) => {
                                "valid offline (path, position, head); pass --rpc URL to check the chain id, contract, block, and transaction\n".into()
                            }
                        };
                        for c in &v.checks {
                            s += &format!("  {} {}: {}\n", if c.ok { "ok  " } else { "FAIL" }, c.check, c.detail);
                        }
                        s
                    },
                    || {
                        json!({
                            "valid": valid,
                            "on_chain": on_chain,
                            "reason": v.failure().map(|f| format!("{}: {}", f.check, f.detail)),
                            "checks": v.checks,
                        })
                    },
                );
                if valid { ExitCode::SUCCESS } else { ExitCode::from(1) }
            }
            Err(report) => {
                out.error(&report);
                ExitCode::from(2)
            }
        }
    }
}
