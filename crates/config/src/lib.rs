//! zkp-ledger's configuration, shared by every command that talks to chains or the store.
//!
//! Layers, later wins: built-in defaults < the TOML file < environment variables < command-line
//! flags (the CLI applies its flags on the loaded [`Config`]). The file is found as
//! `--config FILE`, else `$ZKP_LEDGER_CONFIG`, else the running devnet's
//! `<home>/devnet/config.toml` (home: `$ZKP_LEDGER_HOME`, else `~/.zkp-ledger`).
//!
//! Secrets never live in the file: an RPC URL with an API key is named by an environment variable
//! (`rpc_url_env`), and the signing key comes from an environment variable or an encrypted
//! keystore. [`redact_url`] is what logs and status output show of an RPC URL.

mod error;

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use serde::{Deserialize, Serialize};

pub use error::{Error, Result};

/// Environment variable naming the configuration file.
pub const CONFIG_ENV: &str = "ZKP_LEDGER_CONFIG";
/// Environment variable naming zkp-ledger's home directory.
pub const HOME_ENV: &str = "ZKP_LEDGER_HOME";
/// Environment variable overriding the store path.
pub const DB_ENV: &str = "ZKP_LEDGER_DB";

/// Default largest batch: entries per anchored root.
pub const DEFAULT_BATCH_MAX_ENTRIES: u32 = 1024;
/// Default age at which an open batch closes even if not full, in milliseconds.
pub const DEFAULT_BATCH_MAX_AGE_MS: u64 = 5_000;
/// Default depth of batch trees (must equal the inclusion circuit's depth to prove inclusion).
pub const DEFAULT_TREE_DEPTH: u8 = 20;
/// Default minimum fee bump when replacing a transaction, in percent (geth and anvil require 10).
pub const DEFAULT_BUMP_PERCENT: u32 = 12;
/// Default time a transaction may wait unmined before it is replaced, in milliseconds.
pub const DEFAULT_RESUBMIT_AFTER_MS: u64 = 15_000;
/// Default cap on max fee per gas, in gwei.
pub const DEFAULT_MAX_FEE_CAP_GWEI: u64 = 500;
/// Default poll interval of the transaction manager and indexer, in milliseconds.
pub const DEFAULT_POLL_INTERVAL_MS: u64 = 250;
/// Default number of anchors one account keeps in flight on one chain (sent, not yet mined).
pub const DEFAULT_MAX_IN_FLIGHT: u32 = 8;
/// Default confirmations an anchor needs before its batch counts as final.
pub const DEFAULT_CONFIRMATIONS: u64 = 2;

/// The kind of chain, which decides how its data fee is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChainKind {
    /// Ethereum L1: execution gas only (EIP-1559).
    L1,
    /// OP Stack: execution gas plus `GasPriceOracle.getL1Fee` (Fjord).
    Op,
    /// Arbitrum Nitro: `NodeInterface.gasEstimateComponents` (L1 part in L2 gas units).
    Arbitrum,
}

/// One chain the ledger anchors on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainConfig {
    /// Short name used on the command line and in policies (e.g. `sepolia`).
    pub name: String,
    /// Chain id; checked against the RPC endpoint before any transaction.
    pub chain_id: u64,
    /// How its fees work.
    pub kind: ChainKind,
    /// RPC URL, for endpoints without secrets (e.g. a local node).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpc_url: Option<String>,
    /// Environment variable holding the RPC URL (use this for URLs with API keys).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpc_url_env: Option<String>,
    /// The deployments file written by the deploy script for this chain.
    pub deployment: PathBuf,
    /// Confirmations an anchor needs on this chain before it counts as final.
    #[serde(default = "default_confirmations")]
    pub confirmations: u64,
}

fn default_confirmations() -> u64 {
    DEFAULT_CONFIRMATIONS
}

impl ChainConfig {
    /// The RPC URL (from `rpc_url`, or the environment variable `rpc_url_env` names).
    pub fn rpc_url(&self) -> Result<String> {
        if let Some(var) = &self.rpc_url_env {
            return std::env::var(var).map_err(|_| Error::MissingEnv {
                setting: format!("chains.{}.rpc_url_env", self.name),
                var: var.clone(),
            });
        }
        self.rpc_url.clone().ok_or_else(|| Error::Invalid {
            setting: format!("chains.{}", self.name),
            problem: "give rpc_url or rpc_url_env".into(),
        })
    }
}

/// Where the signing key comes from. Never from the configuration file itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum SignerConfig {
    /// A hex private key in an environment variable.
    Env {
        /// The variable's name.
        var: String,
    },
    /// An encrypted JSON keystore (geth/EIP-2335 style), its password in an environment variable.
    Keystore {
        /// The keystore file.
        path: PathBuf,
        /// The variable holding its password.
        password_env: String,
    },
    /// One of anvil's well-known development accounts: only for the local devnet.
    Devnet {
        /// Account index (0-9).
        index: u32,
    },
}

/// The store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreConfig {
    /// SQLite database file.
    pub path: PathBuf,
}

/// Batching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchConfig {
    /// A batch closes when it holds this many entries.
    #[serde(default = "default_batch_max_entries")]
    pub max_entries: u32,
    /// ... or when its oldest entry is this old (milliseconds).
    #[serde(default = "default_batch_max_age_ms")]
    pub max_age_ms: u64,
    /// Depth of batch trees.
    #[serde(default = "default_tree_depth")]
    pub tree_depth: u8,
}

fn default_batch_max_entries() -> u32 {
    DEFAULT_BATCH_MAX_ENTRIES
}
fn default_batch_max_age_ms() -> u64 {
    DEFAULT_BATCH_MAX_AGE_MS
}
fn default_tree_depth() -> u8 {
    DEFAULT_TREE_DEPTH
}

impl Default for BatchConfig {
    fn default() -> Self {
        Self {
            max_entries: DEFAULT_BATCH_MAX_ENTRIES,
            max_age_ms: DEFAULT_BATCH_MAX_AGE_MS,
            tree_depth: DEFAULT_TREE_DEPTH,
        }
    }
}

/// The routing policy: which chains may be used and what a batch may cost.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Chains allowed, in order of preference (ties in cost go to the earlier one). Empty: all
    /// configured chains, in configuration order.
    #[serde(default)]
    pub chains: Vec<String>,
    /// Most a batch may cost, in wei, as a decimal string (a batch waits while every allowed
    /// chain costs more). Absent: no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_cost_wei: Option<String>,
    /// Most batches waiting on one chain (routed or in flight, not yet mined): a chain with this
    /// many is passed over for the next cheapest, so a backlog on the cheapest chain spreads over
    /// the others instead of waiting block after block. Absent: no limit (every batch goes to
    /// the cheapest chain).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pending: Option<u32>,
}

/// The transaction manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TxConfig {
    /// Minimum raise of both fee fields when replacing a transaction, in percent (>= 10).
    #[serde(default = "default_bump")]
    pub bump_percent: u32,
    /// Time an unmined transaction waits before it is replaced (milliseconds).
    #[serde(default = "default_resubmit")]
    pub resubmit_after_ms: u64,
    /// Cap on max fee per gas (gwei): a transaction is never bumped above it.
    #[serde(default = "default_fee_cap")]
    pub max_fee_cap_gwei: u64,
    /// How often chains are polled (milliseconds).
    #[serde(default = "default_poll")]
    pub poll_interval_ms: u64,
    /// Anchors kept in flight on one chain: each is sent behind the ones before it (the next
    /// nonce, and `prev` the head they will leave) without waiting for them to be mined. 1 sends
    /// one batch per block at most.
    #[serde(default = "default_max_in_flight")]
    pub max_in_flight: u32,
}

fn default_bump() -> u32 {
    DEFAULT_BUMP_PERCENT
}
fn default_resubmit() -> u64 {
    DEFAULT_RESUBMIT_AFTER_MS
}
fn default_fee_cap() -> u64 {
    DEFAULT_MAX_FEE_CAP_GWEI
}
fn default_poll() -> u64 {
    DEFAULT_POLL_INTERVAL_MS
}
fn default_max_in_flight() -> u32 {
    DEFAULT_MAX_IN_FLIGHT
}

impl Default for TxConfig {
    fn default() -> Self {
        Self {
            bump_percent: DEFAULT_BUMP_PERCENT,
            resubmit_after_ms: DEFAULT_RESUBMIT_AFTER_MS,
            max_fee_cap_gwei: DEFAULT_MAX_FEE_CAP_GWEI,
            poll_interval_ms: DEFAULT_POLL_INTERVAL_MS,
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
        }
    }
}

/// The whole configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The store.
    pub store: StoreConfig,
    /// The signing key.
    pub signer: SignerConfig,
    /// Chains, in default preference order.
    pub chains: Vec<ChainConfig>,
    /// Batching.
    #[serde(default)]
    pub batch: BatchConfig,
    /// Routing policy.
    #[serde(default)]
    pub policy: Policy,
    /// Transaction manager.
    #[serde(default)]
    pub tx: TxConfig,
}

/// zkp-ledger's home directory: `$ZKP_LEDGER_HOME`, else `~/.zkp-ledger`.
pub fn home_dir() -> PathBuf {
    if let Some(h) = std::env::var_os(HOME_ENV) {
        return PathBuf::from(h);
    }
    std::env::var_os("HOME")
        .map_or_else(|| PathBuf::from(".zkp-ledger"), |h| PathBuf::from(h).join(".zkp-ledger"))
}

/// The devnet's configuration file under `home`.
pub fn devnet_config_path(home: &Path) -> PathBuf {
    home.join("devnet").join("config.toml")
}

/// The URL with only scheme, host and port kept: safe to print (API keys often sit in the path
/// or query, and credentials in the user-info part).
pub fn redact_url(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(u) => {
            let host = u.host_str().unwrap_or("?");
            let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
            let hidden = !u.username().is_empty()
                || u.password().is_some()
                || !(u.path() == "/" || u.path().is_empty())
                || u.query().is_some();
            format!("{}://{host}{port}{}", u.scheme(), if hidden { "/…" } else { "" })
        }
        Err(_) => "<unparseable URL>".into(),
    }
}

/// `text` with every URL in it reduced to [`redact_url`]'s form: the one place through which
/// messages from HTTP clients pass before they reach an error, a log line or a stored row
/// (reqwest's errors, and so alloy's transport errors, carry the full request URL, with any API
/// key in its path or query).
///
/// A URL starts at a scheme followed by `://` and ends at whitespace, a quote, `<`, `>`, a
/// backtick, or, when the URL follows an opening parenthesis or bracket, the matching closing one.
pub fn redact_urls_in(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let before = &rest[..i];
        let scheme_len = before
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            .map(char::len_utf8)
            .sum::<usize>();
        if scheme_len == 0 {
            out.push_str(&rest[..i + 3]);
            rest = &rest[i + 3..];
            continue;
        }
        let start = i - scheme_len;
        let opener = before[..start].chars().next_back();
        let end_at = |c: char| {
            c.is_whitespace()
                || matches!(c, '"' | '\'' | '<' | '>' | '`')
                || (opener == Some('(') && c == ')')
                || (opener == Some('[') && c == ']')
        };
        let len = rest[start..].find(end_at).unwrap_or(rest.len() - start);
        out.push_str(&rest[..start]);
        out.push_str(&redact_url(&rest[start..start + len]));
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

impl Config {
    /// Finds and loads the configuration: `explicit` (a `--config` flag), else
    /// `$ZKP_LEDGER_CONFIG`, else the running devnet's; then applies the environment layer.
    pub fn discover(explicit: Option<&Path>) -> Result<(Self, PathBuf)> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => match std::env::var_os(CONFIG_ENV) {
                Some(p) => PathBuf::from(p),
                None => {
                    let p = devnet_config_path(&home_dir());
                    if !p.exists() {
                        return Err(Error::NotFound);
                    }
                    p
                }
            },
        };
        let mut config = Self::load(&path)?;
        config.apply_env();
        config.validate()?;
        Ok((config, path))
    }

    /// Parses a file (no environment layer, no validation beyond the shape).
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| Error::Io { path: path.into(), source })?;
        let mut config: Self =
            toml::from_str(&text).map_err(|source| Error::Parse { path: path.into(), source })?;
        // Relative paths in the file are relative to the file.
        let base = path.parent().unwrap_or(Path::new("."));
        let fix = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        fix(&mut config.store.path);
        for c in &mut config.chains {
            fix(&mut c.deployment);
        }
        if let SignerConfig::Keystore { path, .. } = &mut config.signer {
            fix(path);
        }
        Ok(config)
    }

    /// The environment layer: `$ZKP_LEDGER_DB` overrides the store path.
    pub fn apply_env(&mut self) {
        if let Some(db) = std::env::var_os(DB_ENV) {
            self.store.path = PathBuf::from(db);
        }
    }

    /// Checks every value; the first problem is returned with the setting's name.
    pub fn validate(&self) -> Result<()> {
        let invalid = |setting: &str, problem: &str| Error::Invalid {
            setting: setting.into(),
            problem: problem.into(),
        };
        if self.chains.is_empty() {
            return Err(invalid("chains", "at least one chain is needed"));
        }
        let mut names = BTreeMap::new();
        for (i, c) in self.chains.iter().enumerate() {
            let at = format!("chains[{i}]");
            if c.name.is_empty()
                || !c.name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            {
                return Err(invalid(&format!("{at}.name"), "use letters, digits, '-' and '_'"));
            }
            if names.insert(c.name.clone(), i).is_some() {
                return Err(invalid(&format!("{at}.name"), &format!("{:?} appears twice", c.name)));
            }
            if c.chain_id == 0 {
                return Err(invalid(&format!("{at}.chain_id"), "must be nonzero"));
            }
            match (&c.rpc_url, &c.rpc_url_env) {
                (Some(_), Some(_)) => {
                    return Err(invalid(&at, "give rpc_url or rpc_url_env, not both"));
                }
                (None, None) => {
                    return Err(invalid(&at, "give rpc_url or rpc_url_env"));
                }
                (Some(u), None) => {
                    let parsed = url::Url::parse(u)
                        .map_err(|e| invalid(&format!("{at}.rpc_url"), &e.to_string()))?;
                    if !matches!(parsed.scheme(), "http" | "https") {
                        return Err(invalid(&format!("{at}.rpc_url"), "must be an http(s) URL"));
                    }
                }
                (None, Some(_)) => {}
            }
        }
        for name in &self.policy.chains {
            if !names.contains_key(name) {
                return Err(Error::UnknownChain {
                    name: name.clone(),
                    known: self.chain_names().join(", "),
                });
            }
        }
        if let Some(max) = &self.policy.max_cost_wei
            && (max.is_empty() || !max.bytes().all(|b| b.is_ascii_digit()) || max.len() > 78)
        {
            return Err(invalid("policy.max_cost_wei", "a decimal number of wei"));
        }
        let b = &self.batch;
        if b.max_entries == 0 {
            return Err(invalid("batch.max_entries", "must be at least 1"));
        }
        if b.tree_depth == 0 || b.tree_depth > 32 || u64::from(b.max_entries) > 1u64 << b.tree_depth
        {
            return Err(invalid(
                "batch.tree_depth",
                "must be 1..=32 and hold batch.max_entries leaves",
            ));
        }
        if self.tx.bump_percent < 10 {
            return Err(invalid("tx.bump_percent", "nodes refuse replacements below a 10% bump"));
        }
        if self.tx.poll_interval_ms == 0 || self.tx.resubmit_after_ms == 0 {
            return Err(invalid("tx", "intervals must be positive"));
        }
        if self.tx.max_in_flight == 0 {
            return Err(invalid("tx.max_in_flight", "must be at least 1"));
        }
        if self.policy.max_pending == Some(0) {
            return Err(invalid(
                "policy.max_pending",
                "must be at least 1 (leave it out for no limit)",
            ));
        }
        if let SignerConfig::Devnet { index } = self.signer
            && index > 9
        {
            return Err(invalid("signer.index", "anvil has development accounts 0-9"));
        }
        Ok(())
    }

    /// Configured chain names, in order.
    pub fn chain_names(&self) -> Vec<String> {
        self.chains.iter().map(|c| c.name.clone()).collect()
    }

    /// The chain called `name`.
    pub fn chain(&self, name: &str) -> Result<&ChainConfig> {
        self.chains.iter().find(|c| c.name == name).ok_or_else(|| Error::UnknownChain {
            name: name.into(),
            known: self.chain_names().join(", "),
        })
    }

    /// The chains the policy allows, in preference order.
    pub fn allowed_chains(&self) -> Vec<&ChainConfig> {
        if self.policy.chains.is_empty() {
            self.chains.iter().collect()
        } else {
            self.policy
                .chains
                .iter()
                .filter_map(|n| self.chains.iter().find(|c| &c.name == n))
                .collect()
        }
    }

    /// The TOML text of this configuration.
    pub fn to_toml(&self) -> Result<String> {
        toml::to_string_pretty(self)
            .map_err(|e| Error::Invalid { setting: "config".into(), problem: e.to_string() })
    }
}
