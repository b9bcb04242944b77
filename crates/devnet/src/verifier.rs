//! Deploying a generated verifier on configured chains (the devnet's or real ones): the Solidity
//! written to `contracts/generated/<name>.sol`, built by forge, deployed (CREATE2) and registered
//! in StatementRegistry by `script/DeployVerifier.s.sol` on each chain, and its address read back
//! from the chain's deployments file.

use std::path::{Path, PathBuf};

use serde::Serialize;
use zkp_ledger_config::{Config, SignerConfig};

use crate::{Error, Result, anvil_key, run_forge};

/// Where generated verifiers are written, relative to the project root.
pub const GENERATED_DIR: &str = "contracts/generated";

/// A generated verifier contract, ready to deploy.
#[derive(Debug, Clone, Copy)]
pub struct VerifierSource<'a> {
    /// The contract's name (see [`contract_name`]).
    pub name: &'a str,
    /// Its Solidity source.
    pub solidity: &'a str,
    /// The circuit id it verifies, `0x`-hex, as the deployments file keys it.
    pub circuit_id: &'a str,
    /// Register it as an inclusion circuit (`registerInclusion`: its roots must be anchored).
    pub inclusion: bool,
}

/// A verifier deployed on one chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeployedVerifier {
    /// The chain's configured name.
    pub chain: String,
    /// The verifier's address, as the deployments file records it.
    pub verifier: String,
}

/// The contract name of the verifier of `circuit_id` (`0x`-hex): `Verifier_` and the id's first
/// four bytes.
pub fn contract_name(circuit_id: &str) -> Result<String> {
    let short = circuit_id
        .get(2..10)
        .ok_or_else(|| Error::BadCircuitId { circuit_id: circuit_id.to_string() })?;
    Ok(format!("Verifier_{short}"))
}

/// The environment that hands the configured signer to forge.
type SignerEnv = Vec<(&'static str, String)>;

/// The environment that hands the configured signer to forge, and the temporary password file
/// it may name (kept until forge is done).
fn signer_env(signer: &SignerConfig) -> Result<(SignerEnv, Option<tempfile::NamedTempFile>)> {
    Ok(match signer {
        SignerConfig::Devnet { index } => (
            vec![(
                "DEPLOYER_PRIVATE_KEY",
                anvil_key(*index).ok_or(Error::NoDevnetAccount { index: *index })?.to_string(),
            )],
            None,
        ),
        SignerConfig::Env { var } => (
            vec![(
                "DEPLOYER_PRIVATE_KEY",
                std::env::var(var).map_err(|_| Error::EnvMissing {
                    var: var.clone(),
                    what: "the signer's key",
                })?,
            )],
            None,
        ),
        SignerConfig::Keystore { path, password_env } => {
            let password = std::env::var(password_env).map_err(|_| Error::EnvMissing {
                var: password_env.clone(),
                what: "the keystore's password",
            })?;
            // forge reads a keystore password from a file: a private (0600) temporary one.
            let tmp = std::env::temp_dir();
            let mut f = tempfile::NamedTempFile::new()
                .map_err(|e| Error::io("creating a temporary file in", &tmp, e))?;
            std::io::Write::write_all(&mut f, password.as_bytes())
                .map_err(|e| Error::io("writing", f.path(), e))?;
            let pw_path = f.path().to_string_lossy().into_owned();
            (
                vec![
                    ("ETH_KEYSTORE", path.to_string_lossy().into_owned()),
                    ("ETH_PASSWORD", pw_path),
                ],
                Some(f),
            )
        }
    })
}

/// Writes `verifier` into the project at `root`, builds it, and deploys and registers it on
/// `chains` (every configured chain when empty) with the configured signer. forge's output goes
/// to `build-<name>.log` and `deploy-<name>-<chain>.log` in `log_dir`.
pub fn deploy_verifier(
    cfg: &Config,
    verifier: &VerifierSource<'_>,
    chains: &[String],
    root: &Path,
    log_dir: &Path,
) -> Result<Vec<DeployedVerifier>> {
    let name = verifier.name;
    let id = verifier.circuit_id;
    let rel = PathBuf::from(GENERATED_DIR).join(format!("{name}.sol"));
    let generated = root.join(GENERATED_DIR);
    std::fs::create_dir_all(&generated).map_err(|e| Error::io("creating", &generated, e))?;
    zkp_ledger_prover::bundle::write_atomic(&root.join(&rel), verifier.solidity.as_bytes(), None)?;
    std::fs::create_dir_all(log_dir).map_err(|e| Error::io("creating", log_dir, e))?;
    run_forge(
        root,
        &["build", &rel.to_string_lossy()],
        &[],
        &log_dir.join(format!("build-{name}.log")),
    )?;
    // The signer reaches forge through its environment (readable only by this user), never
    // its command line (readable by any local user in the process list).
    let (signer_env, password_file) = signer_env(&cfg.signer)?;
    let names: Vec<String> = if chains.is_empty() { cfg.chain_names() } else { chains.to_vec() };
    let mut out = Vec::new();
    for chain in &names {
        let c = cfg.chain(chain)?;
        let dir = c.deployment.parent().ok_or_else(|| Error::BadFile {
            path: c.deployment.clone(),
            problem: "a deployments file path needs a directory".into(),
        })?;
        let rpc = c.rpc_url()?;
        run_forge(
            root,
            &["script", "script/DeployVerifier.s.sol", "--broadcast", "--slow"],
            &[
                [
                    ("FOUNDRY_ETH_RPC_URL", rpc),
                    ("VERIFIER_ARTIFACT", format!("out/{name}.sol/{name}.json")),
                    ("INCLUSION", verifier.inclusion.to_string()),
                    ("DEPLOYMENTS_DIR", dir.to_string_lossy().into_owned()),
                ]
                .as_slice(),
                &signer_env,
            ]
            .concat(),
            &log_dir.join(format!("deploy-{name}-{chain}.log")),
        )?;
        let text = std::fs::read_to_string(&c.deployment)
            .map_err(|e| Error::io("reading", &c.deployment, e))?;
        let dep: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| Error::BadFile { path: c.deployment.clone(), problem: e.to_string() })?;
        let addr = dep["verifiers"][id]["address"].as_str().ok_or_else(|| Error::BadFile {
            path: c.deployment.clone(),
            problem: format!("lists no verifier for {id}"),
        })?;
        out.push(DeployedVerifier { chain: chain.clone(), verifier: addr.to_string() });
    }
    drop(password_file);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_names_take_the_ids_first_four_bytes() {
        let id = format!("0x{}", "0123456789abcdef".repeat(4));
        assert_eq!(contract_name(&id).unwrap(), "Verifier_01234567");
        assert!(matches!(contract_name("0x0123"), Err(Error::BadCircuitId { .. })));
    }

    #[test]
    fn the_signer_reaches_forge_through_its_environment_only() {
        let (env, file) = signer_env(&SignerConfig::Devnet { index: 1 }).unwrap();
        assert_eq!(env, [("DEPLOYER_PRIVATE_KEY", anvil_key(1).unwrap().to_string())]);
        assert!(file.is_none());
        assert!(matches!(
            signer_env(&SignerConfig::Devnet { index: 99 }),
            Err(Error::NoDevnetAccount { index: 99 })
        ));
        let var = "ZKP_LEDGER_TEST_SIGNER_KEY_THAT_IS_NEVER_SET".to_string();
        let e = signer_env(&SignerConfig::Env { var: var.clone() }).unwrap_err();
        assert_eq!(e.to_string(), format!("{var} is not set (the signer's key)"));
    }
}
