//! Submitting proven statements to StatementRegistry: one transaction, its receipt, the
//! statement hash, and every revert explained (the registry's errors and the generated
//! verifiers' errors are both decoded).

use std::time::{Duration, Instant};

use alloy::{
    primitives::{B256, Bytes, U256, keccak256},
    providers::Provider,
    rpc::types::TransactionRequest,
    signers::local::PrivateKeySigner,
    sol_types::{SolCall, SolInterface},
};
use serde::Serialize;
use zkp_ledger_contracts::{
    IStatementRegistry, IStatementRegistryErrors::IStatementRegistryErrorsErrors as RegistryError,
};

use crate::{
    Error, Result,
    chain::{Chain, sign_call},
    router::gas_limit,
};

/// How long to wait for the submission's receipt.
pub const RECEIPT_TIMEOUT: Duration = Duration::from_secs(120);

/// A statement accepted on chain.
#[derive(Debug, Clone, Serialize)]
pub struct Submitted {
    /// Chain name.
    pub chain: String,
    /// The registry.
    pub registry: String,
    /// keccak256(circuit id || inputs).
    pub statement_hash: B256,
    /// Transaction.
    pub tx_hash: B256,
    /// Block it was verified in.
    pub block: u64,
    /// Gas used by the whole transaction.
    pub gas_used: u64,
}

/// The statement hash StatementRegistry records: keccak256(circuit id || inputs), 32-byte words.
pub fn statement_hash(circuit_id: B256, inputs: &[U256]) -> B256 {
    let mut buf = Vec::with_capacity(32 * (inputs.len() + 1));
    buf.extend_from_slice(circuit_id.as_slice());
    for i in inputs {
        buf.extend_from_slice(&i.to_be_bytes::<32>());
    }
    keccak256(buf)
}

/// A revert from the registry or from a generated verifier, in words; `None` if neither.
pub fn explain_revert(message: &str) -> Option<String> {
    message.split(|c: char| !c.is_ascii_alphanumeric()).filter_map(|w| w.strip_prefix("0x")).find_map(|h| {
        let bytes = hex::decode(h).ok()?;
        if let Ok(e) = RegistryError::abi_decode(&bytes) {
            return Some(match e {
                RegistryError::UnknownCircuit(x) => {
                    format!("circuit {} is not registered (UnknownCircuit): deploy and register its verifier first", x.circuitId)
                }
                RegistryError::RevokedCircuit(x) => format!(
                    "circuit {} was revoked by the registry's owner in block {}: no proof of it is accepted (RevokedCircuit)",
                    x.circuitId, x.revokedAt
                ),
                RegistryError::VerifierCodeChanged(x) => format!(
                    "the code of circuit {}'s verifier {} changed since registration (code hash {} then, {} now): the registry refuses it (VerifierCodeChanged)",
                    x.circuitId, x.verifier, x.registeredCodeHash, x.currentCodeHash
                ),
                RegistryError::InputCountMismatch(x) => {
                    format!("the circuit takes {} public inputs, the proof has {} (InputCountMismatch)", x.expected, x.given)
                }
                RegistryError::StatementAlreadyVerified(x) => format!(
                    "this statement was already verified, in block {} (StatementAlreadyVerified)",
                    x.blockNumber
                ),
                RegistryError::RootNotAnchored(x) => {
                    format!("the root {} is not anchored in LedgerAnchor on this chain (RootNotAnchored)", x.root)
                }
                other => format!("StatementRegistry error 0x{}", hex::encode(other.selector())),
            });
        }
        let selector: [u8; 4] = bytes.get(..4)?.try_into().ok()?;
        zkp_ledger_verifier_gen::ERRORS
            .iter()
            .find(|e| e.selector() == selector)
            .map(|e| format!("the verifier rejected the proof: {} ", e.signature()).trim_end().to_string())
    })
}

/// Sends `submit(circuitId, proof, inputs)` to the chain's StatementRegistry and waits for it to
/// be mined.
pub async fn submit(
    chain: &Chain,
    signer: &PrivateKeySigner,
    circuit_id: B256,
    proof: [U256; 8],
    inputs: Vec<U256>,
) -> Result<Submitted> {
    let registry =
        chain.deployment.registry.as_ref().map(|r| r.address).ok_or_else(|| Error::Deployment {
            path: chain.config.deployment.clone(),
            problem: "it has no statementRegistry".into(),
        })?;
    let hash = statement_hash(circuit_id, &inputs);
    let data: Bytes =
        IStatementRegistry::submitCall { circuitId: circuit_id, proof, inputs }.abi_encode().into();
    let req = TransactionRequest::default()
        .from(signer.address())
        .to(registry)
        .input(data.clone().into());
    let gas = match chain.timed("eth_estimateGas", chain.provider.estimate_gas(req)).await {
        Ok(g) => g,
        Err(Error::Rpc { message, .. }) => {
            let reason = explain_revert(&message).unwrap_or(message);
            return Err(Error::Revert {
                chain: chain.name().into(),
                call: "StatementRegistry.submit",
                reason,
                data: String::new(),
            });
        }
        Err(e) => return Err(e),
    };
    let fees = chain.fees().await?;
    let nonce = chain.pending_nonce(signer.address()).await?;
    let tx = sign_call(
        signer,
        chain.config.chain_id,
        nonce,
        registry,
        data,
        gas_limit(gas),
        fees.max_fee(),
        fees.priority_fee,
    )?;
    chain.send_raw(&tx.raw).await?;
    let start = Instant::now();
    loop {
        if let Some(r) = chain.receipt(tx.hash).await? {
            if !r.status() {
                return Err(Error::Revert {
                    chain: chain.name().into(),
                    call: "StatementRegistry.submit",
                    reason: "the transaction reverted".into(),
                    data: format!("{:#x}", tx.hash),
                });
            }
            return Ok(Submitted {
                chain: chain.name().into(),
                registry: format!("{registry:#x}"),
                statement_hash: hash,
                tx_hash: tx.hash,
                block: r.block_number.unwrap_or(0),
                gas_used: r.gas_used,
            });
        }
        if start.elapsed() > RECEIPT_TIMEOUT {
            return Err(Error::Rpc {
                chain: chain.name().into(),
                call: "eth_getTransactionReceipt",
                message: format!("not mined within {} s", RECEIPT_TIMEOUT.as_secs()),
            });
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

#[cfg(test)]
mod tests {
    use alloy::{
        primitives::{Address, B256, b256},
        sol_types::SolError,
    };
    use zkp_ledger_contracts::IStatementRegistryErrors::{RevokedCircuit, VerifierCodeChanged};

    use super::explain_revert;

    /// The registry's revocation and code-pinning errors come back in words, with their
    /// parameters, from the hex revert data an RPC error message carries.
    #[test]
    fn revocation_and_code_change_are_explained() {
        let id = b256!("ac15dbbeb35e19049f6e373bba8b24de488019c1bd43ec22f46402a369d0699b");
        let revoked = RevokedCircuit { circuitId: id, revokedAt: 1234 }.abi_encode();
        let msg = format!(
            "server returned an error response: execution reverted, data: \"0x{}\"",
            hex::encode(revoked)
        );
        let text = explain_revert(&msg).unwrap();
        assert!(text.contains("revoked") && text.contains("block 1234"), "{text}");
        assert!(text.contains(&format!("{id}")), "{text}");

        let changed = VerifierCodeChanged {
            circuitId: id,
            verifier: Address::repeat_byte(0x11),
            registeredCodeHash: B256::repeat_byte(0x22),
            currentCodeHash: B256::repeat_byte(0x33),
        }
        .abi_encode();
        let text = explain_revert(&format!("reverted: 0x{}", hex::encode(changed))).unwrap();
        assert!(text.contains("VerifierCodeChanged"), "{text}");
        assert!(text.contains(&format!("{}", B256::repeat_byte(0x33))), "{text}");
    }
}
