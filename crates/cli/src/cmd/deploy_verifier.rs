//! `zkp-ledger deploy-verifier`: generate the verifier of a key directory, deploy it with
//! script/DeployVerifier.s.sol (CREATE2) and register it in StatementRegistry, on each chain.

use std::path::{Path, PathBuf};

use clap::Args;
use eyre::eyre;
use serde_json::json;
use zkp_ledger_config::{Config, SignerConfig};
use zkp_ledger_prover::{CircuitSpec, KeyDir, bundle::write_atomic};
use zkp_ledger_verifier_gen::{Options, generate};

use crate::{cmd::devnet::project_root, output::Output};

#[derive(Debug, Args)]
pub(crate) struct DeployVerifierArgs {
    /// Key directory whose verifying key the contract embeds.
    #[arg(long, value_name = "KEYDIR")]
    keys: PathBuf,
    /// Chains to deploy on (default: every configured chain).
    #[arg(long = "chain", value_name = "NAME")]
    chains: Vec<String>,
    /// The repository (forge project); default: found from the current directory upwards.
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
}

/// The result per chain.
#[derive(Debug, serde::Serialize)]
pub(crate) struct Deployed {
    pub(crate) chain: String,
    pub(crate) verifier: String,
}

/// Generates, deploys and registers the verifier of `keys` on `chains`. Returns the contract
/// name and the per-chain addresses.
pub(crate) fn deploy(
    cfg: &Config,
    keys: &Path,
    chains: &[String],
    root: &Path,
    log_dir: &Path,
) -> eyre::Result<(String, bool, Vec<Deployed>)> {
    let kd = KeyDir::open(keys)?;
    let inclusion = matches!(kd.manifest.circuit, CircuitSpec::Inclusion { .. });
    let id = &kd.manifest.circuit_id;
    let name = format!("Verifier_{}", &id[2..10]);
    let rel = PathBuf::from("contracts/generated").join(format!("{name}.sol"));
    let command = format!("zkp-ledger deploy-verifier --keys {}", keys.display());
    let source = generate(&kd.vk, &Options { contract_name: name.clone(), command })?;
    std::fs::create_dir_all(root.join("contracts/generated"))?;
    write_atomic(&root.join(&rel), source.as_bytes(), None)?;
    std::fs::create_dir_all(log_dir)?;
    zkp_ledger_devnet::run_forge(
        root,
        &["build", &rel.to_string_lossy()],
        &[],
        &log_dir.join(format!("build-{name}.log")),
    )?;
    // The signer reaches forge through its environment (readable only by this user), never
    // its command line (readable by any local user in the process list).
    let mut password_file = None;
    let signer_env: Vec<(&str, String)> = match &cfg.signer {
        SignerConfig::Devnet { index } => vec![(
            "DEPLOYER_PRIVATE_KEY",
            zkp_ledger_devnet::anvil_key(*index)
                .ok_or_else(|| eyre!("no devnet account {index}"))?
                .to_string(),
        )],
        SignerConfig::Env { var } => vec![(
            "DEPLOYER_PRIVATE_KEY",
            std::env::var(var).map_err(|_| eyre!("{var} is not set (the signer's key)"))?,
        )],
        SignerConfig::Keystore { path, password_env } => {
            let password = std::env::var(password_env)
                .map_err(|_| eyre!("{password_env} is not set (the keystore's password)"))?;
            // forge reads a keystore password from a file: a private (0600) temporary one.
            let mut f = tempfile::NamedTempFile::new()?;
            std::io::Write::write_all(&mut f, password.as_bytes())?;
            let pw_path = f.path().to_string_lossy().into_owned();
            password_file = Some(f);
            vec![("ETH_KEYSTORE", path.to_string_lossy().into_owned()), ("ETH_PASSWORD", pw_path)]
        }
    };
    let names: Vec<String> = if chains.is_empty() { cfg.chain_names() } else { chains.to_vec() };
    let mut out = Vec::new();
    for chain in &names {
        let c = cfg.chain(chain)?;
        let dir = c.deployment.parent().ok_or_else(|| eyre!("bad deployment path"))?;
        let rpc = c.rpc_url()?;
        zkp_ledger_devnet::run_forge(
            root,
            &["script", "script/DeployVerifier.s.sol", "--broadcast", "--slow"],
            &[
                [
                    ("FOUNDRY_ETH_RPC_URL", rpc),
                    ("VERIFIER_ARTIFACT", format!("out/{name}.sol/{name}.json")),
                    ("INCLUSION", inclusion.to_string()),
                    ("DEPLOYMENTS_DIR", dir.to_string_lossy().into_owned()),
                ]
                .as_slice(),
                &signer_env,
            ]
            .concat(),
            &log_dir.join(format!("deploy-{name}-{chain}.log")),
        )?;
        let dep: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&c.deployment)?)?;
        let addr = dep["verifiers"][id.as_str()]["address"]
            .as_str()
            .ok_or_else(|| eyre!("{} lists no verifier for {id}", c.deployment.display()))?
            .to_string();
        out.push(Deployed { chain: chain.clone(), verifier: addr });
    }
    drop(password_file);
    Ok((name, inclusion, out))
}

impl DeployVerifierArgs {
    pub(crate) fn run(self, out: Output, config: Option<&Path>) -> eyre::Result<()> {
        let (cfg, _) = Config::discover(config)?;
        let root = project_root(self.root.as_deref())?;
        let logs = zkp_ledger_config::home_dir().join("logs");
        let (name, inclusion, deployed) = deploy(&cfg, &self.keys, &self.chains, &root, &logs)?;
        out.result(
            || {
                let mut s = format!(
                    "{name} ({}) deployed and registered:\n",
                    if inclusion {
                        "inclusion circuit: roots must be anchored"
                    } else {
                        "statements"
                    }
                );
                for d in &deployed {
                    s += &format!("  {:<17} {}\n", d.chain, d.verifier);
                }
                s
            },
            || json!({ "contract": name, "inclusion": inclusion, "deployed": deployed }),
        );
        Ok(())
    }
}
