//! Submitting proven statements to StatementRegistry: one transaction, its receipt, and the
//! statement hash. A revert comes back typed: the registry's errors and the generated
//! verifiers' errors (which the registry passes through) are decoded by the chain crate.

use std::time::{Duration, Instant};

use alloy::{
    primitives::{B256, U256},
    signers::local::PrivateKeySigner,
};
use serde::Serialize;
use zkp_ledger_contracts::{
    Call, Callee, CircuitId, ContractError, gas_limit, statement_hash, submit_calldata,
};

use crate::{Result, chain::Chain};

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

/// Sends `submit(circuitId, proof, inputs)` to the chain's StatementRegistry and waits for it to
/// be mined. A call that would revert is [`zkp_ledger_contracts::Error::Revert`] with the
/// registry's (or the verifier's) error and its arguments.
pub async fn submit(
    chain: &Chain,
    signer: &PrivateKeySigner,
    circuit_id: CircuitId,
    proof: [U256; 8],
    inputs: Vec<U256>,
) -> Result<Submitted> {
    let registry = chain.deployment.registry().map(|r| r.address).ok_or_else(|| {
        zkp_ledger_contracts::Error::Deployment {
            path: chain.config.deployment.clone(),
            problem: "it has no statementRegistry".into(),
        }
    })?;
    let hash = statement_hash(&circuit_id, &inputs);
    let data = submit_calldata(&circuit_id, proof, inputs);
    let gas = chain
        .estimate_gas(
            "StatementRegistry.submit",
            Callee::StatementRegistry,
            signer.address(),
            registry,
            &data,
        )
        .await?;
    let fees = chain.fees().await?;
    let nonce = chain.pending_nonce(signer.address()).await?;
    let tx = Call {
        chain_id: chain.config.chain_id,
        nonce,
        to: registry,
        data,
        gas_limit: gas_limit(gas),
        max_fee: fees.max_fee(),
        max_priority_fee: fees.priority_fee,
    }
    .sign(signer)?;
    chain.send_raw(&tx.raw).await?;
    let start = Instant::now();
    loop {
        if let Some(r) = chain.receipt(tx.hash).await? {
            if !r.status() {
                return Err(zkp_ledger_contracts::Error::Revert {
                    chain: chain.name().into(),
                    call: "StatementRegistry.submit",
                    error: ContractError::Other { reason: None, data: Default::default() },
                }
                .into());
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
            return Err(zkp_ledger_contracts::Error::NotMined {
                chain: chain.name().into(),
                tx: tx.hash,
                seconds: RECEIPT_TIMEOUT.as_secs(),
            }
            .into());
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}
