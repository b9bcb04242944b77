//! The router: the full cost of anchoring a batch on every allowed chain, read from the chains
//! themselves, and the cheapest chain that meets the policy.
//!
//! - Ethereum L1: `eth_estimateGas` x (next base fee + priority fee), EIP-1559 from
//!   `eth_feeHistory`.
//! - OP Stack: the same for L2 execution, plus `GasPriceOracle.getL1Fee` (Fjord) on the
//!   transaction as it will be sent (its unsigned encoding; the oracle adds the signature).
//! - Arbitrum: `NodeInterface.gasEstimateComponents`, whose estimate already includes the L1 data
//!   component in L2 gas units, x the L2 base fee (Arbitrum does not pay priority fees).
//!
//! A chain whose RPC fails, that serves the wrong chain id, whose anchor call would revert, or
//! whose account cannot pay the worst-case fee is skipped, with the reason recorded.

use alloy::primitives::{Address, B256, U256, address, utils::format_ether};
use serde::Serialize;
use zkp_ledger_config::{ChainKind, Config};
use zkp_ledger_contracts::l2::{IGasPriceOracle, INodeInterface};

use crate::{
    Result,
    chain::{Chain, unsigned_bytes},
};

/// OP Stack GasPriceOracle predeploy.
pub const OP_GAS_PRICE_ORACLE: Address = address!("0x420000000000000000000000000000000000000F");
/// Arbitrum NodeInterface.
pub const ARB_NODE_INTERFACE: Address = address!("0x00000000000000000000000000000000000000C8");

/// Gas limit margin over the estimate, in percent.
pub const GAS_MARGIN_PERCENT: u64 = 25;

/// One chain's estimate for one batch.
#[derive(Debug, Clone, Serialize)]
pub struct Estimate {
    /// Chain name.
    pub chain: String,
    /// Chain kind.
    pub kind: ChainKind,
    /// Why this chain cannot take the batch now (`None`: it can).
    pub skipped: Option<String>,
    /// Gas of the anchor transaction on this chain (for Arbitrum: including the L1 component).
    pub gas: u64,
    /// Price per gas expected (wei).
    pub gas_price_wei: u128,
    /// Execution part of the cost (wei).
    pub execution_wei: u128,
    /// L1 data part of the cost (wei).
    pub l1_data_wei: u128,
    /// Total (wei).
    pub total_wei: u128,
    /// Total in the chain's native token (ETH on all three).
    pub total_native: String,
    /// Whether the total is within the policy's per-batch maximum.
    pub within_budget: bool,
    /// Extra figures read from the chain (fee parameters), for `--explain`.
    pub details: serde_json::Value,
}

impl Estimate {
    fn skipped(chain: &str, kind: ChainKind, why: String) -> Self {
        Self {
            chain: chain.into(),
            kind,
            skipped: Some(why),
            gas: 0,
            gas_price_wei: 0,
            execution_wei: 0,
            l1_data_wei: 0,
            total_wei: 0,
            total_native: String::new(),
            within_budget: false,
            details: serde_json::Value::Null,
        }
    }
}

/// A routing decision and the table behind it.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    /// Batch root.
    pub root: String,
    /// Entries in the batch.
    pub count: u64,
    /// Every allowed chain's estimate, in preference order.
    pub estimates: Vec<Estimate>,
    /// The chosen chain, if any.
    pub chosen: Option<String>,
    /// Why.
    pub reason: String,
}

/// Estimates anchoring `root` (`count` entries) on `chain` from `sender`.
pub async fn estimate(
    chain: &Chain,
    sender: Address,
    root: B256,
    count: u64,
    max_cost: Option<u128>,
) -> Estimate {
    match estimate_inner(chain, sender, root, count).await {
        Ok(mut e) => {
            e.within_budget = max_cost.is_none_or(|m| e.total_wei <= m);
            e
        }
        Err(err) => Estimate::skipped(chain.name(), chain.kind(), err.to_string()),
    }
}

async fn estimate_inner(
    chain: &Chain,
    sender: Address,
    root: B256,
    count: u64,
) -> Result<Estimate> {
    if let Some(rec) = chain.anchor_record(root).await? {
        // Already anchored here (a batch resumed after a crash): nothing more to pay.
        return Ok(Estimate {
            chain: chain.name().into(),
            kind: chain.kind(),
            skipped: None,
            gas: 0,
            gas_price_wei: 0,
            execution_wei: 0,
            l1_data_wei: 0,
            total_wei: 0,
            total_native: "0".into(),
            within_budget: true,
            details: serde_json::json!({ "already_anchored": { "seq": rec.seq, "block": rec.blockNumber } }),
        });
    }
    let prev = chain.head().await?;
    let data = Chain::anchor_calldata(root, count, prev);
    let fees = chain.fees().await?;
    let (gas, price, execution, l1, details) = match chain.kind() {
        ChainKind::L1 => {
            let gas = chain.estimate_anchor_gas(sender, &data).await?;
            let price = fees.expected_price();
            (
                gas,
                price,
                u128::from(gas) * price,
                0u128,
                serde_json::json!({ "base_fee_wei": fees.base_fee, "priority_fee_wei": fees.priority_fee }),
            )
        }
        ChainKind::Op => {
            let gas = chain.estimate_anchor_gas(sender, &data).await?;
            let price = fees.expected_price();
            let nonce = chain.pending_nonce(sender).await?;
            let tx = alloy::consensus::TxEip1559 {
                chain_id: chain.config.chain_id,
                nonce,
                gas_limit: gas_limit(gas),
                max_fee_per_gas: fees.max_fee(),
                max_priority_fee_per_gas: fees.priority_fee,
                to: alloy::primitives::TxKind::Call(chain.anchor_address()),
                value: U256::ZERO,
                access_list: Default::default(),
                input: data.clone(),
            };
            let oracle = IGasPriceOracle::new(OP_GAS_PRICE_ORACLE, &chain.provider);
            let bytes = unsigned_bytes(&tx);
            let l1: U256 = chain
                .timed("GasPriceOracle.getL1Fee", oracle.getL1Fee(bytes.clone().into()).call())
                .await?;
            let l1 = u128::try_from(l1).unwrap_or(u128::MAX);
            let l1_base: U256 =
                chain.timed("GasPriceOracle.l1BaseFee", oracle.l1BaseFee().call()).await?;
            (
                gas,
                price,
                u128::from(gas) * price,
                l1,
                serde_json::json!({
                    "base_fee_wei": fees.base_fee,
                    "priority_fee_wei": fees.priority_fee,
                    "unsigned_tx_bytes": bytes.len(),
                    "l1_base_fee_wei": l1_base.to_string(),
                }),
            )
        }
        ChainKind::Arbitrum => {
            let node = INodeInterface::new(ARB_NODE_INTERFACE, &chain.provider);
            let r = chain
                .timed(
                    "NodeInterface.gasEstimateComponents",
                    node.gasEstimateComponents(chain.anchor_address(), false, data.clone())
                        .from(sender)
                        .call(),
                )
                .await?;
            let base = u128::try_from(r.baseFee).unwrap_or(u128::MAX);
            let total = u128::from(r.gasEstimate) * base;
            let l1 = u128::from(r.gasEstimateForL1) * base;
            (
                r.gasEstimate,
                base,
                total.saturating_sub(l1),
                l1,
                serde_json::json!({
                    "gas_estimate_for_l1": r.gasEstimateForL1,
                    "l2_base_fee_wei": base,
                    "l1_base_fee_estimate_wei": r.l1BaseFeeEstimate.to_string(),
                }),
            )
        }
    };
    // The node requires the worst case to be covered before it accepts the transaction.
    let worst = U256::from(gas_limit(gas)) * U256::from(fees.max_fee().max(price));
    let balance = chain.balance(sender).await?;
    if balance < worst {
        return Ok(Estimate::skipped(
            chain.name(),
            chain.kind(),
            format!(
                "account {sender} holds {} ETH, the transaction may cost up to {} ETH",
                format_ether(balance),
                format_ether(worst)
            ),
        ));
    }
    let total = execution.saturating_add(l1);
    Ok(Estimate {
        chain: chain.name().into(),
        kind: chain.kind(),
        skipped: None,
        gas,
        gas_price_wei: price,
        execution_wei: execution,
        l1_data_wei: l1,
        total_wei: total,
        total_native: format_ether(U256::from(total)),
        within_budget: true,
        details,
    })
}

/// The gas limit for an estimate: [`GAS_MARGIN_PERCENT`] on top.
pub fn gas_limit(estimate: u64) -> u64 {
    estimate.saturating_add(estimate * GAS_MARGIN_PERCENT / 100)
}

/// Estimates every allowed chain (concurrently; chains are given in preference order, `None`
/// for one that could not be reached) and picks the cheapest within the policy.
pub async fn route(
    config: &Config,
    chains: &[(String, ChainKind, std::result::Result<Chain, String>)],
    sender: Address,
    root: B256,
    count: u64,
) -> Decision {
    let max_cost: Option<u128> = config.policy.max_cost_wei.as_deref().and_then(|m| m.parse().ok());
    let futures = chains.iter().map(|(name, kind, c)| async move {
        match c {
            Ok(c) => estimate(c, sender, root, count, max_cost).await,
            Err(why) => Estimate::skipped(name, *kind, why.clone()),
        }
    });
    let estimates: Vec<Estimate> = futures::future::join_all(futures).await;
    // Cheapest usable chain; ties go to the earlier (preferred) one.
    let chosen = estimates
        .iter()
        .enumerate()
        .filter(|(_, e)| e.skipped.is_none() && e.within_budget)
        .min_by_key(|(i, e)| (e.total_wei, *i))
        .map(|(_, e)| e.chain.clone());
    let reason = match &chosen {
        Some(c) => {
            let e = estimates
                .iter()
                .find(|e| &e.chain == c)
                .map(|e| e.total_native.clone())
                .unwrap_or_default();
            format!("{c} is the cheapest allowed chain ({e} ETH)")
        }
        None if estimates.iter().all(|e| e.skipped.is_some()) => {
            "every allowed chain was skipped".into()
        }
        None => format!(
            "every usable chain costs more than the policy's maximum of {} wei per batch",
            config.policy.max_cost_wei.as_deref().unwrap_or("?")
        ),
    };
    Decision { root: format!("{root:#x}"), count, estimates, chosen, reason }
}
