//! `zkp-ledger deploy-verifier`: generate the verifier of a key directory, a snarkjs zkey or a
//! snarkjs verification_key.json, deploy it with script/DeployVerifier.s.sol (CREATE2) and
//! register it in StatementRegistry, on each chain.
//!
//! The circuit id is the same for every kind of key (DESIGN.md, "Circuit identity"): keccak256 of
//! the verifying key's canonical words (`zkp_ledger_prover::evm::circuit_id`), which the
//! generated contract embeds as `CIRCUIT_ID` and StatementRegistry checks at registration. A
//! built-in circuit's key directory records it in its manifest; for a Circom circuit it is
//! computed from the verifying key in the zkey (equal to the one in the verification_key.json
//! that `snarkjs zkey export verificationkey` writes from that zkey), so `submit-proof --zkey` or
//! `--vk` derives the same id again.

use std::path::{Path, PathBuf};

use ark_bn254::Bn254;
use ark_groth16::VerifyingKey;
use clap::Args;
use eyre::{WrapErr, eyre};
use serde_json::json;
use zkp_ledger_config::{Config, SignerConfig};
use zkp_ledger_prover::{
    CircuitSpec, KeyDir,
    bundle::write_atomic,
    evm::circuit_id_hex,
    snarkjs::{VerificationKeyJson, read_json},
};
use zkp_ledger_verifier_gen::{Options, generate};

use crate::{cmd::devnet::project_root, output::Output};

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("key").required(true).args(["keys", "zkey", "vk"])))]
pub(crate) struct DeployVerifierArgs {
    /// Key directory whose verifying key the contract embeds.
    #[arg(long, value_name = "KEYDIR")]
    keys: Option<PathBuf>,
    /// A snarkjs Groth16 proving key (.zkey) of a Circom circuit: the contract embeds its
    /// verifying key (read and checked by zkp-ledger's own reader). The circuit id is derived
    /// from that key and printed: pass it to `submit-proof --circuit-id`, or give
    /// `submit-proof` the same --zkey (or --vk).
    #[arg(long, value_name = "FILE.zkey")]
    zkey: Option<PathBuf>,
    /// A snarkjs verification_key.json (any BN254 Groth16 circuit): the contract embeds it; the
    /// circuit id is derived from it as with --zkey.
    #[arg(long, value_name = "FILE")]
    vk: Option<PathBuf>,
    /// Chains to deploy on (default: every configured chain).
    #[arg(long = "chain", value_name = "NAME")]
    chains: Vec<String>,
    /// The repository (forge project); default: found from the current directory upwards.
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
}

/// The verifying key a verifier is generated from, with its circuit id.
#[derive(Debug)]
pub(crate) struct VerifierKey {
    /// The verifying key the contract embeds.
    pub(crate) vk: VerifyingKey<Bn254>,
    /// Its circuit id, `0x`-hex (keccak256 of the key's canonical words).
    pub(crate) circuit_id: String,
    /// Whether it is an inclusion circuit (registered with `registerInclusion`): only a
    /// built-in inclusion key directory is.
    pub(crate) inclusion: bool,
    /// The option that named the key, for the generated file's header (`--keys DIR`, ...).
    pub(crate) source: String,
}

impl VerifierKey {
    /// A key directory's verifying key (checked against its manifest) and the manifest's id.
    pub(crate) fn from_keys(dir: &Path) -> eyre::Result<Self> {
        let kd = KeyDir::open(dir)?;
        Ok(Self {
            inclusion: matches!(kd.manifest.circuit, CircuitSpec::Inclusion { .. }),
            circuit_id: kd.manifest.circuit_id.clone(),
            vk: kd.vk,
            source: format!("--keys {}", dir.display()),
        })
    }

    /// The verifying key of a snarkjs zkey.
    pub(crate) fn from_zkey(path: &Path) -> eyre::Result<Self> {
        let zkey = zkp_ledger_circom::Zkey::read(path)
            .wrap_err_with(|| format!("reading {}", path.display()))?;
        Ok(Self::derived(zkey.verifying_key().clone(), format!("--zkey {}", path.display())))
    }

    /// A snarkjs verification_key.json.
    pub(crate) fn from_vk(path: &Path) -> eyre::Result<Self> {
        let vk = read_json::<VerificationKeyJson>(path)?.to_vk()?;
        Ok(Self::derived(vk, format!("--vk {}", path.display())))
    }

    fn derived(vk: VerifyingKey<Bn254>, source: String) -> Self {
        Self { circuit_id: circuit_id_hex(&vk), vk, inclusion: false, source }
    }

    /// The key named by exactly one of the three options.
    pub(crate) fn from_options(
        keys: Option<&Path>,
        zkey: Option<&Path>,
        vk: Option<&Path>,
    ) -> eyre::Result<Self> {
        match (keys, zkey, vk) {
            (Some(dir), None, None) => Self::from_keys(dir),
            (None, Some(path), None) => Self::from_zkey(path),
            (None, None, Some(path)) => Self::from_vk(path),
            _ => Err(eyre!("give one of --keys, --zkey or --vk")),
        }
    }
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
    deploy_key(cfg, &VerifierKey::from_keys(keys)?, chains, root, log_dir)
}

/// Generates, deploys and registers the verifier of `key` on `chains`. Returns the contract
/// name, whether it is an inclusion circuit, and the per-chain addresses.
pub(crate) fn deploy_key(
    cfg: &Config,
    key: &VerifierKey,
    chains: &[String],
    root: &Path,
    log_dir: &Path,
) -> eyre::Result<(String, bool, Vec<Deployed>)> {
    let inclusion = key.inclusion;
    let id = &key.circuit_id;
    let name = format!("Verifier_{}", id.get(2..10).ok_or_else(|| eyre!("bad circuit id {id}"))?);
    let rel = PathBuf::from("contracts/generated").join(format!("{name}.sol"));
    let command = format!("zkp-ledger deploy-verifier {}", key.source);
    let source = generate(&key.vk, &Options { contract_name: name.clone(), command })?;
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
        let key = VerifierKey::from_options(
            self.keys.as_deref(),
            self.zkey.as_deref(),
            self.vk.as_deref(),
        )?;
        let (name, inclusion, deployed) = deploy_key(&cfg, &key, &self.chains, &root, &logs)?;
        let id = &key.circuit_id;
        out.result(
            || {
                let mut s = format!(
                    "{name} ({}) deployed and registered, circuit id {id}:\n",
                    if inclusion {
                        "inclusion circuit: roots must be anchored"
                    } else {
                        "statements"
                    }
                );
                for d in &deployed {
                    s += &format!("  {:<17} {}\n", d.chain, d.verifier);
                }
                if key.source.starts_with("--keys") {
                    s += "submit its proofs with: zkp-ledger submit-proof --proof proof.json \
                          --public public.json --chain NAME\n";
                } else {
                    s += &format!(
                        "submit its proofs with: zkp-ledger submit-proof --proof proof.json \
                         --public public.json --chain NAME --circuit-id {id} (or {})\n",
                        key.source
                    );
                }
                s
            },
            || {
                json!({
                    "contract": name,
                    "circuit_id": id,
                    "inclusion": inclusion,
                    "deployed": deployed,
                })
            },
        );
        Ok(())
    }
}
