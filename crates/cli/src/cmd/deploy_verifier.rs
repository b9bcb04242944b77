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

use clap::Args;
use serde_json::json;
use zkp_ledger_config::Config;
use zkp_ledger_devnet::{
    project_root,
    verifier::{DeployedVerifier, VerifierSource, contract_name, deploy_verifier},
};
use zkp_ledger_verifier_gen::{Options, generate};

use crate::{output::Output, util::VerifierKey};

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

/// Generates the verifier of the key directory `keys`, deploys it and registers it on `chains`
/// (every configured one when empty). Returns the contract name, whether it is an inclusion
/// circuit, and the per-chain addresses.
pub(crate) fn deploy(
    cfg: &Config,
    keys: &Path,
    chains: &[String],
    root: &Path,
    log_dir: &Path,
) -> eyre::Result<(String, bool, Vec<DeployedVerifier>)> {
    deploy_key(cfg, &VerifierKey::from_keys(keys)?, chains, root, log_dir)
}

/// Generates the verifier of `key` (zkp_ledger_verifier_gen) and has the devnet crate's
/// [`deploy_verifier`] write, build, deploy and register it.
fn deploy_key(
    cfg: &Config,
    key: &VerifierKey,
    chains: &[String],
    root: &Path,
    log_dir: &Path,
) -> eyre::Result<(String, bool, Vec<DeployedVerifier>)> {
    let name = contract_name(&key.circuit_id)?;
    let command = format!("zkp-ledger deploy-verifier {}", key.source);
    let solidity = generate(&key.vk, &Options { contract_name: name.clone(), command })?;
    let source = VerifierSource {
        name: &name,
        solidity: &solidity,
        circuit_id: &key.circuit_id,
        inclusion: key.inclusion,
    };
    let deployed = deploy_verifier(cfg, &source, chains, root, log_dir)?;
    Ok((name, key.inclusion, deployed))
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
