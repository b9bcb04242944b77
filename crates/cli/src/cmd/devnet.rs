//! `zkp-ledger devnet`: the local three-chain devnet.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;
use zkp_ledger_config::{home_dir, redact_url};
use zkp_ledger_devnet::{DEFAULT_BASE_PORT, Options, project_root};

use crate::output::Output;

#[derive(Debug, Subcommand)]
pub(crate) enum DevnetCmd {
    /// Start three anvil chains (Sepolia, Arbitrum Sepolia and OP Sepolia chain ids) on loopback,
    /// install the L2 fee stand-ins, deploy the contracts, and write the configuration every
    /// other command then uses by default.
    Up {
        /// Port of the first chain; the others take the next two.
        #[arg(long, default_value_t = DEFAULT_BASE_PORT)]
        base_port: u16,
        /// Seconds between blocks; 0 mines a block per transaction (then blocks, and so
        /// confirmations, only come with transactions).
        #[arg(long, default_value_t = 1)]
        block_time: u64,
        /// The repository (forge project) to deploy from (default: found from the current
        /// directory upwards).
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
    /// Show each chain's RPC URL, chain id, block height and contract addresses.
    Status,
    /// Stop the devnet and remove its state, configuration and store.
    Down,
}

impl DevnetCmd {
    pub(crate) fn run(self, out: Output) -> eyre::Result<()> {
        let home = home_dir();
        let rt =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
        match self {
            Self::Up { base_port, block_time, root } => {
                let root = project_root(root.as_deref())?;
                let opts = Options {
                    home: home.clone(),
                    root,
                    base_port,
                    block_time: (block_time > 0).then_some(block_time),
                };
                let (state, _) = rt.block_on(zkp_ledger_devnet::up(&opts, &|step| {
                    out.note(&format!("  {step}"));
                }))?;
                let chains: Vec<_> = state
                    .chains
                    .iter()
                    .map(|c| json!({ "name": c.name, "chain_id": c.chain_id, "rpc_url": c.rpc_url() }))
                    .collect();
                out.result(
                    || {
                        let mut s = "devnet up:\n".to_string();
                        for c in &state.chains {
                            s += &format!("  {:<17} chain id {:<9} {}\n", c.name, c.chain_id, c.rpc_url());
                        }
                        s += &format!(
                            "configuration: {} (used by default while the devnet is up)",
                            zkp_ledger_config::devnet_config_path(&home).display()
                        );
                        s
                    },
                    || json!({ "chains": chains, "config": zkp_ledger_config::devnet_config_path(&home) }),
                );
            }
            Self::Status => {
                let chains = rt.block_on(zkp_ledger_devnet::status(&home))?;
                out.result(
                    || {
                        let mut s = String::new();
                        for c in &chains {
                            s += &format!(
                                "{:<17} {} chain id {} block {} {}\n",
                                c.name,
                                redact_url(&c.rpc_url),
                                c.chain_id.map_or("?".into(), |v| v.to_string()),
                                c.block.map_or("?".into(), |v| v.to_string()),
                                if c.alive { "" } else { "(not running)" }
                            );
                            if let Some(obj) = c.contracts.as_object() {
                                for (k, v) in obj {
                                    if let Some(a) = v.get("address").and_then(|a| a.as_str()) {
                                        s += &format!("    {k:<18} {a}\n");
                                    }
                                }
                            }
                        }
                        s
                    },
                    || json!({ "chains": chains }),
                );
            }
            Self::Down => {
                let chains = zkp_ledger_devnet::down(&home)?;
                out.result(
                    || format!("devnet down: stopped {} chains", chains.len()),
                    || json!({ "stopped": chains.iter().map(|c| &c.name).collect::<Vec<_>>() }),
                );
            }
        }
        Ok(())
    }
}
