//! `zkp-ledger submit-proof`: have StatementRegistry verify a proof on chain and record it.

use std::path::{Path, PathBuf};

use alloy::primitives::U256;
use clap::Args;
use eyre::{WrapErr, eyre};
use serde_json::json;
use zkp_ledger_config::Config;
use zkp_ledger_contracts::{CircuitId, input_words, proof_calldata};
use zkp_ledger_metrics::{metrics, names};
use zkp_ledger_prover::snarkjs::{ProofJson, public_from_json, read_json};

use crate::{
    output::Output,
    util::{VerifierKey, submit_statement},
};

#[derive(Debug, Args)]
pub(crate) struct SubmitProofArgs {
    /// proof.json (its circuit_id names the circuit).
    #[arg(long)]
    proof: PathBuf,
    /// public.json.
    #[arg(long)]
    public: PathBuf,
    /// The configured chain to submit on.
    #[arg(long)]
    chain: String,
    /// Circuit id, for proofs that do not carry one (snarkjs's and `circom prove`'s proofs):
    /// the one `deploy-verifier` printed.
    #[arg(long, value_name = "0x…", group = "id")]
    circuit_id: Option<String>,
    /// Derive the circuit id from this snarkjs zkey, as `deploy-verifier --zkey` does
    /// (keccak256 of its verifying key's canonical words).
    #[arg(long, value_name = "FILE.zkey", group = "id")]
    zkey: Option<PathBuf>,
    /// Derive the circuit id from this snarkjs verification_key.json, as `deploy-verifier
    /// --vk` does.
    #[arg(long, value_name = "FILE", group = "id")]
    vk: Option<PathBuf>,
}

/// The proof's words, inputs and circuit id, decoded strictly.
fn load_proof(
    proof: &Path,
    public: &Path,
    circuit_id: Option<&str>,
) -> eyre::Result<(CircuitId, [U256; 8], Vec<U256>)> {
    let p: ProofJson = read_json(proof)?;
    let id = circuit_id.or(p.circuit_id.as_deref()).ok_or_else(|| {
        eyre!("{} carries no circuit_id: pass --circuit-id, --zkey or --vk", proof.display())
    })?;
    let id = CircuitId::parse(id, "circuit id")?;
    let words = proof_calldata(&p.to_proof()?);
    let inputs: Vec<String> = read_json(public)?;
    let inputs = input_words(&public_from_json(&inputs)?);
    Ok((id, words, inputs))
}

impl SubmitProofArgs {
    pub(crate) fn run(self, out: Output, config: Option<&Path>) -> eyre::Result<()> {
        let (cfg, _) = Config::discover(config)?;
        let chain_cfg = cfg.chain(&self.chain)?.clone();
        let signer = zkp_ledger_submitter::signer::load(&cfg.signer)?;
        let derived = match (&self.zkey, &self.vk) {
            (None, None) => None,
            (zkey, vk) => {
                Some(VerifierKey::from_options(None, zkey.as_deref(), vk.as_deref())?.circuit_id)
            }
        };
        let (id, words, inputs) = load_proof(
            &self.proof,
            &self.public,
            self.circuit_id.as_deref().or(derived.as_deref()),
        )?;
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let done = rt.block_on(submit_statement(&chain_cfg, &signer, id, words, inputs));
        // A revert is the registry (or the verifier behind it) refusing the proof.
        match &done {
            Ok(d) => {
                crate::util::record_verification("on_chain", true);
                metrics::histogram!(names::PROOF_GAS, "chain" => self.chain.clone())
                    .record(d.gas_used as f64);
            }
            Err(e) if e.contract_error().is_some() => {
                crate::util::record_verification("on_chain", false);
            }
            Err(_) => {}
        }
        let done =
            done.wrap_err_with(|| format!("submitting to StatementRegistry on {}", self.chain))?;
        out.result(
            || {
                format!(
                    "StatementRegistry on {} verified the proof\n  statement hash {}\n  block {}, transaction {}, gas used {}",
                    done.chain, done.statement_hash, done.block, done.tx_hash, done.gas_used
                )
            },
            || json!(done),
        );
        Ok(())
    }
}
