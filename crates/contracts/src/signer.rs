//! The signing key, from where the configuration says: an environment variable, an encrypted
//! keystore (password from an environment variable), or, on the devnet only, one of anvil's
//! well-known development accounts. The key itself is never logged or written anywhere.

use alloy::signers::local::PrivateKeySigner;
use zkp_ledger_config::SignerConfig;

use crate::{Error, Result};

/// anvil's first development accounts (from anvil's public default mnemonic "test test ...
/// junk"). They are funded on every anvil node; the first deploys and submits on the devnet.
/// They are well-known test keys, not secrets; they never appear in a configuration file.
pub const ANVIL_KEYS: [&str; 2] = [
    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
];

/// anvil's development account `index` (0 or 1 here).
pub fn anvil_key(index: u32) -> Option<&'static str> {
    ANVIL_KEYS.get(index as usize).copied()
}

fn problem(text: String) -> Error {
    Error::Signer { problem: text, source: None }
}

/// Loads the configured key.
pub fn load(cfg: &SignerConfig) -> Result<PrivateKeySigner> {
    match cfg {
        SignerConfig::Env { var } => {
            let hex = std::env::var(var)
                .map_err(|_| problem(format!("the environment variable {var} is not set")))?;
            hex.trim()
                .parse()
                .map_err(|_| problem(format!("{var} does not hold a 32-byte hex private key")))
        }
        SignerConfig::Keystore { path, password_env } => {
            let password = std::env::var(password_env).map_err(|_| {
                problem(format!("the keystore password variable {password_env} is not set"))
            })?;
            PrivateKeySigner::decrypt_keystore(path, password).map_err(|e| Error::Signer {
                problem: format!("cannot decrypt the keystore {}", path.display()),
                source: Some(e),
            })
        }
        SignerConfig::Devnet { index } => anvil_key(*index)
            .ok_or_else(|| problem(format!("no devnet account {index}")))?
            .parse()
            .map_err(|_| problem("bad devnet key".into())),
    }
}
