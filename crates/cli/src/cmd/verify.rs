//! `zkp-ledger verify`: exit 0 for a valid proof, 1 for an invalid one, 2 for unusable input
//! (a malformed file, a degenerate key, a commitment file that is not exactly what `notarize`
//! wrote for these public inputs, a circuit id other than the pinned one).

use std::{path::PathBuf, process::ExitCode};

use clap::Args;
use eyre::{WrapErr, bail, eyre};
use serde_json::json;
use zkp_ledger_config::redact_url;
use zkp_ledger_contracts::{CircuitId, Client, Deployment, registered_circuit};
use zkp_ledger_dataset::CommitmentJson;
use zkp_ledger_prover::{
    CircuitSpec, KeyDir, Verifier,
    evm::parse_hex_word,
    snarkjs::{ProofJson, public_from_json, read_json},
};

use crate::output::Output;

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("key").required(true).args(["keys", "vk"])))]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub(crate) struct VerifyArgs {
    #[command(subcommand)]
    what: Option<VerifyWhat>,
    /// Key directory (its verifying key is checked against its manifest).
    #[arg(long, value_name = "KEYDIR")]
    keys: Option<PathBuf>,
    /// A snarkjs verification_key.json (ours or snarkjs's).
    #[arg(long, value_name = "FILE")]
    vk: Option<PathBuf>,
    /// proof.json (snarkjs format).
    #[arg(long, required = true)]
    proof: Option<PathBuf>,
    /// public.json (snarkjs format).
    #[arg(long, required = true)]
    public: Option<PathBuf>,
    /// commitment.json from `notarize`: it must be exactly what `notarize` wrote for these
    /// public inputs; the statements printed are the ones the proof binds.
    #[arg(long, value_name = "FILE")]
    commitment: Option<PathBuf>,
    /// Pin the circuit: refuse unless the verifying key's circuit id is this one (0x-hex, 32
    /// bytes). Whoever made a key can forge proofs under it, so a proof from someone else's key
    /// proves nothing: pin the id you trust.
    #[arg(long, value_name = "0xID")]
    circuit_id: Option<String>,
    /// A deployments file (`deployments/<chainId>.json`): refuse unless it lists a verifier
    /// for this circuit id.
    #[arg(long, value_name = "FILE")]
    deployment: Option<PathBuf>,
    /// With --deployment: also ask that chain's StatementRegistry, through this RPC endpoint,
    /// that the circuit is registered to that verifier and not revoked (never printed
    /// unredacted).
    #[arg(long, value_name = "URL", requires = "deployment")]
    rpc: Option<String>,
}

/// `verify dataset`.
#[derive(Debug, clap::Subcommand)]
enum VerifyWhat {
    /// Check a proof directory made by `zkp-ledger prove dataset`: every chunk proof (in one
    /// batch), the chain between them, the data commitments and the final proof (exit 0 valid,
    /// 1 invalid, 2 unusable input).
    Dataset(crate::cmd::dataset::VerifyDatasetArgs),
}

/// What a valid proof establishes, for the output.
struct Established {
    circuit_id: String,
    circuit: Option<CircuitSpec>,
    statements: Vec<String>,
    pinned: Vec<String>,
}

enum Verdict {
    Valid(Established),
    Invalid(String),
}

impl VerifyArgs {
    fn check(&self) -> eyre::Result<Verdict> {
        let (verifier, circuit) = match (&self.keys, &self.vk) {
            (Some(dir), _) => {
                let kd = KeyDir::open(dir)?;
                (Verifier::new(kd.vk), Some(kd.manifest.circuit))
            }
            (None, Some(vk)) => (Verifier::from_vk_file(vk)?, None),
            (None, None) => bail!("give --keys or --vk"),
        };
        let id = verifier.circuit_id.clone();
        let mut pinned = Vec::new();
        if let Some(want) = &self.circuit_id {
            let want_word = parse_hex_word(want, "--circuit-id")?;
            if want_word != parse_hex_word(&id, "circuit id")? {
                bail!("the verifying key is circuit {id}, not the pinned --circuit-id {want}");
            }
            pinned.push("matches --circuit-id".to_string());
        }
        if let Some(path) = &self.deployment {
            let d = Deployment::read(path)?;
            let entry = d
                .verifier(&CircuitId::parse(&id, "circuit id")?)
                .ok_or_else(|| eyre!("{} lists no verifier for circuit {id}", path.display()))?;
            pinned.push(format!(
                "listed in {} (chain {}, verifier {:#x})",
                path.display(),
                d.chain_id,
                entry.address
            ));
            if let Some(url) = &self.rpc {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
                let word = CircuitId::parse(&id, "circuit id")?;
                let reg = rt
                    .block_on(async {
                        let client = Client::new(&redact_url(url), url)?;
                        registered_circuit(&d, &client, &word).await
                    })
                    .wrap_err_with(|| {
                        format!("asking StatementRegistry through {}", redact_url(url))
                    })?;
                if let Some(block) = reg.revoked_at {
                    bail!(
                        "circuit {id} was revoked in StatementRegistry on chain {} at block {block}: its keys are no longer trusted, and proofs under it prove nothing",
                        d.chain_id
                    );
                }
                if reg.verifier != entry.address {
                    bail!(
                        "StatementRegistry on chain {} has verifier {:#x} for circuit {id}, the deployments file {:#x}",
                        d.chain_id,
                        reg.verifier,
                        entry.address
                    );
                }
                if reg.num_inputs != verifier.num_public() as u64 {
                    bail!(
                        "StatementRegistry on chain {} records {} public inputs for circuit {id}, the key has {}",
                        d.chain_id,
                        reg.num_inputs,
                        verifier.num_public()
                    );
                }
                pinned.push(format!("registered in StatementRegistry on chain {}", d.chain_id));
            }
        }
        let (Some(proof_path), Some(public_path)) = (&self.proof, &self.public) else {
            bail!("give --proof FILE and --public FILE");
        };
        let proof: ProofJson = read_json(proof_path)?;
        let public: Vec<String> = read_json(public_path)?;
        let mut statements = Vec::new();
        if let Some(path) = &self.commitment {
            let c: CommitmentJson = read_json(path)?;
            let inputs = public_from_json(&public)?;
            statements =
                c.bind(circuit, &id, verifier.num_public(), &inputs).wrap_err_with(|| {
                    format!("{} against {}", path.display(), public_path.display())
                })?;
        }
        Ok(if verifier.verify_json(&proof, &public)? {
            Verdict::Valid(Established { circuit_id: id, circuit, statements, pinned })
        } else {
            Verdict::Invalid(id)
        })
    }

    pub(crate) fn run(self, out: Output, config: Option<&std::path::Path>) -> ExitCode {
        if let Some(VerifyWhat::Dataset(a)) = self.what {
            return a.run(out, config);
        }
        match self.check() {
            Ok(Verdict::Valid(e)) => {
                crate::util::record_verification("groth16", true);
                out.result(
                    || {
                        let mut s = format!(
                            "valid: the proof verifies under circuit {}{}",
                            e.circuit_id,
                            e.circuit.map(|c| format!(" ({})", c.describe())).unwrap_or_default()
                        );
                        for p in &e.pinned {
                            s += &format!("\n  circuit id {p}");
                        }
                        if e.pinned.is_empty() {
                            s += "\n  circuit id not pinned: pass --circuit-id or --deployment to say which key you trust";
                        }
                        for d in &e.statements {
                            s += &format!("\n  {d}");
                        }
                        s
                    },
                    || {
                        json!({
                            "valid": true,
                            "circuit_id": e.circuit_id,
                            "circuit": e.circuit,
                            "pinned": e.pinned,
                            "statements": e.statements,
                        })
                    },
                );
                ExitCode::SUCCESS
            }
            Ok(Verdict::Invalid(id)) => {
                crate::util::record_verification("groth16", false);
                out.result(
                    || {
                        format!("invalid: the proof does not verify for these public inputs under circuit {id}")
                    },
                    || json!({ "valid": false, "circuit_id": id, "reason": "the pairing check fails" }),
                );
                ExitCode::from(1)
            }
            Err(report) => {
                out.error(&report);
                ExitCode::from(2)
            }
        }
    }
}
