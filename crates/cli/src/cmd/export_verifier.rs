//! `zkp-ledger export-verifier`: a Solidity verifier contract from a verifying key.

use std::path::{Path, PathBuf};

use clap::Args;
use eyre::{WrapErr, eyre};
use serde_json::json;
use zkp_ledger_prover::{
    KeyDir,
    bundle::write_atomic,
    evm::circuit_id_hex,
    snarkjs::{VerificationKeyJson, read_json},
};
use zkp_ledger_verifier_gen::{Options, generate, validate_contract_name};

use crate::output::Output;

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("key").required(true).args(["vk", "keys", "zkey"])))]
pub(crate) struct ExportVerifierArgs {
    /// A snarkjs verification_key.json (ours, or one made by snarkjs for any BN254 Groth16
    /// circuit).
    #[arg(long, value_name = "FILE")]
    vk: Option<PathBuf>,
    /// A key directory (its verifying key is checked against its manifest).
    #[arg(long, value_name = "KEYDIR")]
    keys: Option<PathBuf>,
    /// A snarkjs Groth16 proving key (.zkey): its verifying key, read and checked (every point
    /// on its curve, in its subgroup) by zkp-ledger's own reader.
    #[arg(long, value_name = "FILE.zkey")]
    zkey: Option<PathBuf>,
    /// The Solidity file to write.
    #[arg(long, value_name = "FILE.sol")]
    out: PathBuf,
    /// Contract name (default: the output file's stem, e.g. InclusionVerifier for
    /// InclusionVerifier.sol).
    #[arg(long, value_name = "NAME")]
    contract_name: Option<String>,
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

impl ExportVerifierArgs {
    pub(crate) fn run(self, out: Output) -> eyre::Result<()> {
        let (vk, source) = match (&self.vk, &self.keys, &self.zkey) {
            (Some(path), _, _) => (
                read_json::<VerificationKeyJson>(path)?.to_vk()?,
                format!("--vk {}", display(path)),
            ),
            (None, Some(dir), _) => (KeyDir::open(dir)?.vk, format!("--keys {}", display(dir))),
            (None, None, Some(path)) => (
                zkp_ledger_circom::Zkey::read_with_memo(
                    path,
                    zkp_ledger_circom::SubgroupMemo::default_location().as_ref(),
                )
                .wrap_err_with(|| format!("reading {}", display(path)))?
                .verifying_key()
                .clone(),
                format!("--zkey {}", display(path)),
            ),
            (None, None, None) => return Err(eyre!("give --vk, --keys or --zkey")),
        };
        let name =
            match self.contract_name {
                Some(n) => n,
                None => self.out.file_stem().map(|s| s.to_string_lossy().into_owned()).ok_or_else(
                    || eyre!("{} has no file name; give --contract-name", self.out.display()),
                )?,
            };
        validate_contract_name(&name)?;
        // The header names the command in one canonical form, so the output depends only on the
        // key, the name and the paths.
        let command = format!(
            "zkp-ledger export-verifier {source} --contract-name {name} --out {}",
            display(&self.out)
        );
        let solidity = generate(&vk, &Options { contract_name: name.clone(), command })?;
        if let Some(dir) = self.out.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        write_atomic(&self.out, solidity.as_bytes(), None)?;
        let id = circuit_id_hex(&vk);
        let inputs = vk.gamma_abc_g1.len().saturating_sub(1);
        out.result(
            || format!("wrote {} (contract {name}, {inputs} public inputs, circuit id {id})", self.out.display()),
            || json!({ "out": self.out, "contract": name, "public_inputs": inputs, "circuit_id": id }),
        );
        Ok(())
    }
}
