//! `zkp-ledger verify`: exit 0 for a valid proof, 1 for an invalid one, 2 for unusable input.

use std::{path::PathBuf, process::ExitCode};

use clap::Args;
use eyre::{WrapErr, eyre};
use serde_json::json;
use zkp_ledger_dataset::CommitmentJson;
use zkp_ledger_prover::{
    Verifier,
    snarkjs::{ProofJson, public_from_json, public_to_json, read_json},
};

use crate::output::Output;

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("key").required(true).args(["keys", "vk"])))]
pub(crate) struct VerifyArgs {
    /// Key directory (its verifying key is checked against its manifest).
    #[arg(long, value_name = "KEYDIR")]
    keys: Option<PathBuf>,
    /// A snarkjs verification_key.json (ours or snarkjs's).
    #[arg(long, value_name = "FILE")]
    vk: Option<PathBuf>,
    /// proof.json (snarkjs format).
    #[arg(long)]
    proof: PathBuf,
    /// public.json (snarkjs format).
    #[arg(long)]
    public: PathBuf,
    /// commitment.json from `notarize`: also check that the public inputs are exactly its
    /// commitment and statements, and print those statements.
    #[arg(long, value_name = "FILE")]
    commitment: Option<PathBuf>,
}

enum Verdict {
    Valid(Vec<String>),
    Invalid,
}

impl VerifyArgs {
    fn check(&self) -> eyre::Result<Verdict> {
        let verifier = match (&self.keys, &self.vk) {
            (Some(dir), _) => Verifier::from_key_dir(dir)?,
            (None, Some(vk)) => Verifier::from_vk_file(vk)?,
            (None, None) => return Err(eyre!("give --keys or --vk")),
        };
        let proof: ProofJson = read_json(&self.proof)?;
        let public: Vec<String> = read_json(&self.public)?;
        let mut described = Vec::new();
        if let Some(path) = &self.commitment {
            let c: CommitmentJson = read_json(path)?;
            if !c.circuit_id.eq_ignore_ascii_case(&verifier.circuit_id) {
                return Err(eyre!(
                    "{} is for circuit {}, the verifying key is circuit {}",
                    path.display(),
                    c.circuit_id,
                    verifier.circuit_id
                ));
            }
            let expected = c.public_inputs().wrap_err_with(|| format!("in {}", path.display()))?;
            if public_from_json(&public)? != expected {
                return Err(eyre!(
                    "{} does not match {}: the public inputs are not this commitment and these statements (expected {:?})",
                    self.public.display(),
                    path.display(),
                    public_to_json(&expected)
                ));
            }
            described.push(format!("commitment {} over {} rows", c.commitment, c.row_count));
            described.extend(c.described_statements());
        }
        Ok(if verifier.verify_json(&proof, &public)? {
            Verdict::Valid(described)
        } else {
            Verdict::Invalid
        })
    }

    pub(crate) fn run(self, out: Output) -> ExitCode {
        match self.check() {
            Ok(Verdict::Valid(described)) => {
                out.result(
                    || {
                        let mut s = "valid: the proof verifies".to_string();
                        for d in &described {
                            s += &format!("\n  {d}");
                        }
                        s
                    },
                    || json!({ "valid": true, "statements": described }),
                );
                ExitCode::SUCCESS
            }
            Ok(Verdict::Invalid) => {
                out.result(
                    || {
                        "invalid: the proof does not verify for these public inputs and this key"
                            .into()
                    },
                    || json!({ "valid": false, "reason": "the pairing check fails" }),
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
