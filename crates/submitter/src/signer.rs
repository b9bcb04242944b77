//! The signing key, from where the configuration says: an environment variable, an encrypted
//! keystore (password from an environment variable), or, on the devnet only, one of anvil's
//! well-known development accounts. The key itself is never logged or written anywhere.

use alloy::signers::local::PrivateKeySigner;
use zkp_ledger_config::SignerConfig;

use crate::{Error, Result};

/// Loads the configured key.
pub fn load(cfg: &SignerConfig) -> Result<PrivateKeySigner> {
    match cfg {
        SignerConfig::Env { var } => {
            let hex = std::env::var(var)
                .map_err(|_| Error::Signer(format!("the environment variable {var} is not set")))?;
            hex.trim().parse().map_err(|_| {
                Error::Signer(format!("{var} does not hold a 32-byte hex private key"))
            })
        }
        SignerConfig::Keystore { path, password_env } => {
            let password = std::env::var(password_env).map_err(|_| {
                Error::Signer(format!("the keystore password variable {password_env} is not set"))
            })?;
            PrivateKeySigner::decrypt_keystore(path, password).map_err(|e| {
                Error::Signer(format!("cannot decrypt the keystore {}: {e}", path.display()))
            })
        }
        SignerConfig::Devnet { index } => zkp_ledger_devnet::anvil_key(*index)
            .ok_or_else(|| Error::Signer(format!("no devnet account {index}")))?
            .parse()
            .map_err(|_| Error::Signer("bad devnet key".into())),
    }
}
