//! `zkp-ledger calldata`.

use std::path::PathBuf;

use clap::Args;
use zkp_ledger_prover::{
    evm::Calldata,
    snarkjs::{ProofJson, public_from_json, read_json},
};

use crate::output::Output;

#[derive(Debug, Args)]
pub(crate) struct CalldataArgs {
    /// proof.json (snarkjs format).
    #[arg(long)]
    proof: PathBuf,
    /// public.json (snarkjs format).
    #[arg(long)]
    public: PathBuf,
}

impl CalldataArgs {
    pub(crate) fn run(self, out: Output) -> eyre::Result<()> {
        let p: ProofJson = read_json(&self.proof)?;
        let inputs: Vec<String> = read_json(&self.public)?;
        let cd = Calldata::new(&p.to_proof()?, &public_from_json(&inputs)?);
        out.result(
            || format!("[{}]\n[{}]", cd.proof.join(","), cd.input.join(",")),
            || serde_json::to_value(&cd).unwrap_or_default(),
        );
        Ok(())
    }
}
