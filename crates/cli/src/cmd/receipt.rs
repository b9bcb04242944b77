//! `zkp-ledger receipt` writes an entry's self-contained receipt; `zkp-ledger verify-receipt`
//! checks one: with `--rpc`, on chain against zkp-ledger's own LedgerAnchor with enough
//! confirmations (exit 0 anchored, 1 invalid, 2 unusable input); without it, only the receipt's
//! own consistency (exit 3 when consistent: not shown to be anchored).

use std::{
    path::{Path, PathBuf},
    process::ExitCode,
};

use alloy::primitives::Address;
use clap::Args;
use eyre::WrapErr;
use serde_json::json;
use zkp_ledger_config::{Config, DEFAULT_CONFIRMATIONS, redact_url};
use zkp_ledger_indexer::{
    deployment::Deployment,
    parse_hex,
    receipt::{self, Pin, Receipt, Status, Verification},
};

use crate::{output::Output, util::open_store};

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
    /// Check it on chain through this RPC endpoint (never printed unredacted). Without it only
    /// the receipt's own consistency is checked, which anyone can fabricate (exit 3).
    #[arg(long, value_name = "URL", env = "ZKP_LEDGER_RECEIPT_RPC")]
    rpc: Option<String>,
    /// The LedgerAnchor the receipt must name (default: the one in --deployments, else in the
    /// configuration's deployments file for the receipt's chain).
    #[arg(long, value_name = "ADDRESS")]
    anchor: Option<Address>,
    /// A directory of deployments files (`<chainId>.json`, as in `deployments/`) naming
    /// zkp-ledger's LedgerAnchor on each chain.
    #[arg(long, value_name = "DIR", conflicts_with = "anchor")]
    deployments: Option<PathBuf>,
    /// Confirmations the anchor's block needs, itself included (default: the configuration's
    /// for that chain, else 2).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    confirmations: Option<u64>,
}

/// Exit status of a receipt that is consistent offline but not shown to be anchored.
const EXIT_CONSISTENT_ONLY: u8 = 3;

impl VerifyReceiptArgs {
    /// The LedgerAnchor and confirmations the receipt's chain requires, and where they came
    /// from.
    fn pin(&self, chain_id: u64, config: Option<&Path>) -> eyre::Result<(Pin, String)> {
        let from_config = || -> eyre::Result<Option<(Address, u64, String)>> {
            let cfg = match Config::discover(config) {
                Ok((cfg, _)) => cfg,
                Err(zkp_ledger_config::Error::NotFound) => return Ok(None),
                Err(e) => return Err(e.into()),
            };
            let Some(chain) = cfg.chains.iter().find(|c| c.chain_id == chain_id) else {
                return Ok(None);
            };
            let pin = Pin::for_chain(chain)?;
            Ok(Some((
                pin.anchor,
                pin.confirmations,
                format!("{} (configuration)", chain.deployment.display()),
            )))
        };
        let (anchor, default_confirmations, source) = match (&self.anchor, &self.deployments) {
            (Some(a), _) => (*a, DEFAULT_CONFIRMATIONS, "--anchor".to_string()),
            (None, Some(dir)) => {
                let path = dir.join(format!("{chain_id}.json"));
                let d = Deployment::read(&path)?;
                if d.chain_id != chain_id {
                    eyre::bail!("{} is for chain {}, not {chain_id}", path.display(), d.chain_id);
                }
                (d.anchor.address, DEFAULT_CONFIRMATIONS, path.display().to_string())
            }
            (None, None) => from_config()?.ok_or_else(|| {
                eyre::eyre!(
                    "which LedgerAnchor is zkp-ledger's on chain {chain_id}? Give --anchor ADDRESS \
                     or --deployments DIR (or a configuration with that chain): without a pinned \
                     contract, anyone's look-alike LedgerAnchor would pass"
                )
            })?,
        };
        let confirmations = self.confirmations.unwrap_or(default_confirmations);
        Ok((Pin { anchor, confirmations }, source))
    }

    fn check(&self, config: Option<&Path>) -> eyre::Result<(Verification, Option<String>)> {
        let r = Receipt::read(&self.receipt)?;
        Ok(match &self.rpc {
            Some(url) => {
                let (pin, source) = self.pin(r.anchor.chain_id, config)?;
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
                let v = rt
                    .block_on(receipt::verify_on_chain(&r, url, &pin))
                    .wrap_err_with(|| format!("checking on chain through {}", redact_url(url)))?;
                (v, Some(format!("LedgerAnchor {:#x} from {source}", pin.anchor)))
            }
            None => (receipt::verify_offline(&r)?, None),
        })
    }

    pub(crate) fn run(self, out: Output, config: Option<&Path>) -> ExitCode {
        let on_chain = self.rpc.as_deref().map(redact_url);
        match self.check(config) {
            Ok((v, pinned)) => {
                let status = v.status();
                out.result(
                    || {
                        let mut s = match (v.failure(), &on_chain) {
                            (Some(f), _) => format!("invalid: {}: {}\n", f.check, f.detail),
                            (None, Some(rpc)) => format!(
                                "anchored: checked on chain through {rpc} against {}\n",
                                pinned.as_deref().unwrap_or("?")
                            ),
                            (None, None) => "consistent offline, NOT shown to be anchored: the path leads to the root and the head follows from the receipt's own fields, which anyone can fabricate; pass --rpc URL to check the chain\n".into(),
                        };
                        for c in &v.checks {
                            s += &format!("  {} {}: {}\n", if c.ok { "ok  " } else { "FAIL" }, c.check, c.detail);
                        }
                        s
                    },
                    || {
                        json!({
                            "status": status,
                            "anchored": status == Status::Anchored,
                            "checked_on_chain": v.on_chain,
                            "on_chain": on_chain,
                            "pinned": pinned,
                            "reason": v.failure().map(|f| format!("{}: {}", f.check, f.detail)),
                            "checks": v.checks,
                        })
                    },
                );
                match status {
                    Status::Anchored => ExitCode::SUCCESS,
                    Status::Invalid => ExitCode::from(1),
                    Status::Consistent => ExitCode::from(EXIT_CONSISTENT_ONLY),
                }
            }
            Err(report) => {
                out.error(&report);
                ExitCode::from(2)
            }
        }
    }
}
