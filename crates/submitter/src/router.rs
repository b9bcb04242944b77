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

use alloy::primitives::{Address, B256, U256, utils::format_ether};
use serde::{Deserialize, Serialize};
use zkp_ledger_config::{ChainKind, Config};
use zkp_ledger_contracts::{
    Call, anchor_calldata,
    l2::{ARB_NODE_INTERFACE, IGasPriceOracle, INodeInterface, OP_GAS_PRICE_ORACLE},
};
/// The gas limit rule (the chain crate's).
pub use zkp_ledger_contracts::{GAS_MARGIN_PERCENT, gas_limit};

use crate::{Result, chain::Chain};

/// One chain's estimate for one batch.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
    /// Whether the chain can take the batch: not skipped, the total within the policy's
    /// per-batch maximum, and the chain's backlog below `policy.max_pending`.
    pub within_budget: bool,
    /// Batches already waiting on this chain (routed or in flight, not yet mined).
    #[serde(default)]
    pub pending: u64,
    /// Whether `pending` reached `policy.max_pending`: the chain is passed over for the next
    /// cheapest until its backlog clears.
    #[serde(default)]
    pub backlog_full: bool,
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
            pending: 0,
            backlog_full: false,
            details: serde_json::Value::Null,
        }
    }
}

/// A routing decision and the table behind it (stored with the batch as JSON:
/// [`Decision::to_json`], [`Decision::from_json`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
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

impl Decision {
    /// The stored form.
    pub fn to_json(&self) -> String {
        // Plain data (strings, integers, JSON values): serialization cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a stored decision back; `None` for text that is not one (a store written by an
    /// older version).
    pub fn from_json(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }

    /// The chosen chain's estimate.
    pub fn chosen_estimate(&self) -> Option<&Estimate> {
        let c = self.chosen.as_ref()?;
        self.estimates.iter().find(|e| &e.chain == c)
    }
}

/// The policy's limit on one batch's full cost, parsed once from `policy.max_cost_wei`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CostLimit {
    /// No limit (the setting is absent).
    Unlimited,
    /// At most this many wei per batch (any 256-bit amount: one above `u128::MAX` is a limit no
    /// estimate reaches, not "no limit").
    AtMost(U256),
}

impl CostLimit {
    /// Parses the setting: absent is [`CostLimit::Unlimited`]; anything but a decimal number
    /// below 2^256 is [`crate::Error::CostLimit`].
    pub fn from_setting(max_cost_wei: Option<&str>) -> Result<Self> {
        let Some(text) = max_cost_wei else { return Ok(Self::Unlimited) };
        let bad = || crate::Error::CostLimit { value: text.to_string() };
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        U256::from_str_radix(text, 10).map(Self::AtMost).map_err(|_| bad())
    }

    /// The limit of `config`'s policy.
    pub fn of(config: &Config) -> Result<Self> {
        Self::from_setting(config.policy.max_cost_wei.as_deref())
    }

    /// Whether a batch costing `total_wei` is within the limit (the limit itself included).
    pub fn allows(&self, total_wei: u128) -> bool {
        match self {
            Self::Unlimited => true,
            Self::AtMost(m) => U256::from(total_wei) <= *m,
        }
    }
}

impl std::fmt::Display for CostLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unlimited => f.write_str("no limit"),
            Self::AtMost(m) => write!(f, "{m} wei"),
        }
    }
}

/// The batches waiting on each chain (routed or in flight, not yet mined) and the policy's
/// `max_pending`: a chain at the limit is passed over for the next cheapest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Backlog {
    /// The policy's limit (`None`: no limit).
    pub max_pending: Option<u32>,
    /// Batches waiting, by chain name (a chain not listed has none).
    pub pending: Vec<(String, u64)>,
}

impl Backlog {
    /// From the store's batch counts by chain and state (`Store::batch_counts_by_chain`).
    pub fn from_counts(
        max_pending: Option<u32>,
        counts: &[(Option<String>, zkp_ledger_store::BatchState, u64)],
    ) -> Self {
        use zkp_ledger_store::BatchState::{Routed, Sending};
        let mut pending: Vec<(String, u64)> = Vec::new();
        for (chain, state, n) in counts {
            let (Some(chain), Routed | Sending) = (chain, state) else { continue };
            match pending.iter_mut().find(|(c, _)| c == chain) {
                Some((_, total)) => *total += n,
                None => pending.push((chain.clone(), *n)),
            }
        }
        Self { max_pending, pending }
    }

    /// Batches waiting on `chain`.
    pub fn of(&self, chain: &str) -> u64 {
        self.pending.iter().find(|(c, _)| c == chain).map_or(0, |(_, n)| *n)
    }

    /// Whether `chain` has reached the limit.
    pub fn full(&self, chain: &str) -> bool {
        self.max_pending.is_some_and(|m| self.of(chain) >= u64::from(m))
    }
}

/// Estimates anchoring `root` (`count` entries) on `chain` from `sender`; a failure is a
/// skipped estimate with its reason. `within_budget` is left for [`decide`].
pub async fn estimate(chain: &Chain, sender: Address, root: B256, count: u64) -> Estimate {
    match estimate_inner(chain, sender, root, count).await {
        Ok(e) => e,
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
            pending: 0,
            backlog_full: false,
            details: serde_json::json!({ "already_anchored": { "seq": rec.seq, "block": rec.blockNumber } }),
        });
    }
    let prev = chain.head().await?;
    let data = anchor_calldata(root, count, prev);
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
            let tx = Call {
                chain_id: chain.config.chain_id,
                nonce,
                to: chain.anchor_address(),
                data: data.clone(),
                gas_limit: gas_limit(gas),
                max_fee: fees.max_fee(),
                max_priority_fee: fees.priority_fee,
            };
            let oracle = IGasPriceOracle::new(OP_GAS_PRICE_ORACLE, chain.provider());
            let bytes = tx.unsigned_bytes();
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
            let node = INodeInterface::new(ARB_NODE_INTERFACE, chain.provider());
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
        pending: 0,
        backlog_full: false,
        details,
    })
}

/// Estimates every allowed chain (concurrently; chains are given in preference order, `Err`
/// with the reason for one that could not be reached) and [`decide`]s.
pub async fn route(
    limit: CostLimit,
    backlog: &Backlog,
    chains: &[(String, ChainKind, std::result::Result<Chain, String>)],
    sender: Address,
    root: B256,
    count: u64,
) -> Decision {
    let futures = chains.iter().map(|(name, kind, c)| async move {
        match c {
            Ok(c) => estimate(c, sender, root, count).await,
            Err(why) => Estimate::skipped(name, *kind, why.clone()),
        }
    });
    let estimates: Vec<Estimate> = futures::future::join_all(futures).await;
    decide(root, count, estimates, limit, backlog)
}

/// The routing decision from the estimates alone (no chain is asked anything): each estimate's
/// `within_budget` set from `limit` and `backlog`, then the cheapest chain that was not skipped,
/// is within the limit and has room; on a tie, the earlier one (the policy's preference order).
pub fn decide(
    root: B256,
    count: u64,
    mut estimates: Vec<Estimate>,
    limit: CostLimit,
    backlog: &Backlog,
) -> Decision {
    for e in &mut estimates {
        e.pending = backlog.of(&e.chain);
        e.backlog_full = e.skipped.is_none() && backlog.full(&e.chain);
        e.within_budget = e.skipped.is_none() && limit.allows(e.total_wei) && !e.backlog_full;
    }
    let chosen = estimates
        .iter()
        .enumerate()
        .filter(|(_, e)| e.within_budget)
        .min_by_key(|(i, e)| (e.total_wei, *i))
        .map(|(_, e)| e.chain.clone());
    let max_pending = backlog.max_pending.unwrap_or(0);
    let reason = match &chosen {
        Some(c) => {
            let e = estimates.iter().find(|e| &e.chain == c);
            let cost = e.map(|e| e.total_native.clone()).unwrap_or_default();
            let total = e.map_or(0, |e| e.total_wei);
            let passed: Vec<String> = estimates
                .iter()
                .filter(|o| o.backlog_full && limit.allows(o.total_wei) && o.total_wei < total)
                .map(|o| format!("{} ({} batches waiting)", o.chain, o.pending))
                .collect();
            if passed.is_empty() {
                format!("{c} is the cheapest allowed chain ({cost} ETH)")
            } else {
                format!(
                    "{c} is the cheapest allowed chain with room ({cost} ETH): cheaper {} at policy.max_pending = {max_pending}",
                    passed.join(", ")
                )
            }
        }
        None if estimates.iter().all(|e| e.skipped.is_some()) => {
            "every allowed chain was skipped".into()
        }
        None if estimates.iter().any(|e| e.backlog_full) => match limit {
            CostLimit::Unlimited => {
                format!("every usable chain has policy.max_pending = {max_pending} batches waiting")
            }
            CostLimit::AtMost(_) => format!(
                "every usable chain within the policy's maximum of {limit} per batch has \
                 policy.max_pending = {max_pending} batches waiting"
            ),
        },
        None => {
            format!("every usable chain costs more than the policy's maximum of {limit} per batch")
        }
    };
    Decision { root: format!("{root:#x}"), count, estimates, chosen, reason }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;

    fn usable(chain: &str, total_wei: u128) -> Estimate {
        Estimate {
            chain: chain.into(),
            kind: ChainKind::L1,
            skipped: None,
            gas: 50_000,
            gas_price_wei: total_wei / 50_000,
            execution_wei: total_wei,
            l1_data_wei: 0,
            total_wei,
            total_native: format_ether(U256::from(total_wei)),
            within_budget: false,
            pending: 0,
            backlog_full: false,
            details: serde_json::Value::Null,
        }
    }

    fn skipped(chain: &str) -> Estimate {
        Estimate::skipped(chain, ChainKind::Op, "rpc down".into())
    }

    fn chosen(estimates: Vec<Estimate>, limit: CostLimit) -> Option<String> {
        decide(B256::ZERO, 1, estimates, limit, &Backlog::default()).chosen
    }

    fn backlog(max: u32, pending: &[(&str, u64)]) -> Backlog {
        Backlog {
            max_pending: Some(max),
            pending: pending.iter().map(|(c, n)| ((*c).to_string(), *n)).collect(),
        }
    }

    #[test]
    fn a_full_backlog_spreads_batches_to_the_next_cheapest() {
        let e = || vec![usable("a", 10), usable("b", 20), usable("c", 30)];
        // Below the limit the cheapest still wins.
        let d = decide(B256::ZERO, 1, e(), CostLimit::Unlimited, &backlog(4, &[("a", 3)]));
        assert_eq!(d.chosen.as_deref(), Some("a"));
        assert_eq!(d.estimates[0].pending, 3);
        assert!(!d.estimates[0].backlog_full);
        // At the limit it is passed over, and the reason says why.
        let d = decide(B256::ZERO, 1, e(), CostLimit::Unlimited, &backlog(4, &[("a", 4)]));
        assert_eq!(d.chosen.as_deref(), Some("b"));
        assert!(d.estimates[0].backlog_full && !d.estimates[0].within_budget);
        assert!(d.reason.contains("a (4 batches waiting)"), "{}", d.reason);
        assert!(d.reason.contains("max_pending = 4"), "{}", d.reason);
        // Several full: the cheapest with room.
        let full = backlog(2, &[("a", 2), ("b", 5), ("c", 1)]);
        assert_eq!(
            decide(B256::ZERO, 1, e(), CostLimit::Unlimited, &full).chosen.as_deref(),
            Some("c")
        );
        // All full: nothing now, and the reason names the backlog, not the cost.
        let all = backlog(1, &[("a", 1), ("b", 1), ("c", 1)]);
        let d = decide(B256::ZERO, 1, e(), CostLimit::Unlimited, &all);
        assert_eq!(d.chosen, None);
        assert!(d.reason.contains("max_pending = 1"), "{}", d.reason);
        // The cost limit still applies to the chain the backlog leads to.
        let limit = CostLimit::from_setting(Some("15")).unwrap();
        let d = decide(B256::ZERO, 1, e(), limit, &backlog(1, &[("a", 1)]));
        assert_eq!(d.chosen, None);
        // A skipped chain is not "full"; no limit means no spreading.
        let d = decide(
            B256::ZERO,
            1,
            vec![skipped("a"), usable("b", 5)],
            CostLimit::Unlimited,
            &backlog(1, &[("a", 9)]),
        );
        assert!(!d.estimates[0].backlog_full);
        let none = Backlog { max_pending: None, pending: vec![("a".into(), 1000)] };
        assert_eq!(
            decide(B256::ZERO, 1, e(), CostLimit::Unlimited, &none).chosen.as_deref(),
            Some("a")
        );
    }

    #[test]
    fn the_backlog_counts_routed_and_sending_batches_per_chain() {
        use zkp_ledger_store::BatchState::*;
        let counts = vec![
            (Some("a".to_string()), Routed, 2),
            (Some("a".to_string()), Sending, 3),
            (Some("a".to_string()), Mined, 7),
            (Some("b".to_string()), Final, 4),
            (None, Closed, 9),
        ];
        let b = Backlog::from_counts(Some(5), &counts);
        assert_eq!(b.of("a"), 5);
        assert_eq!(b.of("b"), 0);
        assert!(b.full("a") && !b.full("b"));
    }

    #[test]
    fn cheapest_wins_and_ties_go_to_the_preferred_chain() {
        let e = vec![usable("a", 30), usable("b", 10), usable("c", 20)];
        assert_eq!(chosen(e, CostLimit::Unlimited).as_deref(), Some("b"));
        let e = vec![usable("a", 10), usable("b", 10)];
        assert_eq!(chosen(e, CostLimit::Unlimited).as_deref(), Some("a"));
        let e = vec![usable("b", 10), usable("a", 10)];
        assert_eq!(chosen(e, CostLimit::Unlimited).as_deref(), Some("b"));
    }

    #[test]
    fn a_failing_chain_is_skipped_with_its_reason() {
        let d = decide(
            B256::ZERO,
            1,
            vec![skipped("a"), usable("b", 99)],
            CostLimit::Unlimited,
            &Backlog::default(),
        );
        assert_eq!(d.chosen.as_deref(), Some("b"));
        assert_eq!(d.estimates[0].skipped.as_deref(), Some("rpc down"));
        assert!(!d.estimates[0].within_budget);
        // A skipped chain's zero cost never wins.
        let d = decide(
            B256::ZERO,
            1,
            vec![skipped("a"), skipped("b")],
            CostLimit::Unlimited,
            &Backlog::default(),
        );
        assert_eq!(d.chosen, None);
        assert_eq!(d.reason, "every allowed chain was skipped");
    }

    #[test]
    fn the_limit_is_inclusive_and_refuses_above() {
        let limit = CostLimit::from_setting(Some("100")).unwrap();
        assert_eq!(chosen(vec![usable("a", 100)], limit).as_deref(), Some("a"));
        let d = decide(
            B256::ZERO,
            1,
            vec![usable("a", 101), usable("b", 150)],
            limit,
            &Backlog::default(),
        );
        assert_eq!(d.chosen, None);
        assert!(d.reason.contains("maximum of 100 wei"), "{}", d.reason);
        // A cheaper chain over the limit does not stop a dearer one within it.
        let e = vec![usable("a", 101), usable("b", 100)];
        assert_eq!(chosen(e, limit).as_deref(), Some("b"));
    }

    #[test]
    fn limits_at_and_above_u128_are_limits_not_no_limit() {
        let max = u128::MAX.to_string();
        let at = CostLimit::from_setting(Some(&max)).unwrap();
        assert!(at.allows(u128::MAX));
        let above =
            CostLimit::from_setting(Some("340282366920938463463374607431768211456")).unwrap();
        assert_eq!(above, CostLimit::AtMost(U256::from(u128::MAX) + U256::from(1u8)));
        assert!(above.allows(u128::MAX));
        let zero = CostLimit::from_setting(Some("0")).unwrap();
        assert!(zero.allows(0));
        assert!(!zero.allows(1));
        assert_eq!(chosen(vec![usable("a", 1)], zero), None);
        assert_eq!(CostLimit::from_setting(None).unwrap(), CostLimit::Unlimited);
    }

    #[test]
    fn a_stored_decision_reads_back_typed() {
        let d = decide(
            B256::ZERO,
            7,
            vec![skipped("a"), usable("b", 42)],
            CostLimit::Unlimited,
            &Backlog::default(),
        );
        let back = Decision::from_json(&d.to_json()).unwrap();
        assert_eq!(back.chosen.as_deref(), Some("b"));
        assert_eq!(back.chosen_estimate().unwrap().total_wei, 42);
        assert_eq!(back.estimates[0].skipped.as_deref(), Some("rpc down"));
        assert_eq!(back.count, 7);
        assert!(Decision::from_json("{\"chain\": 1}").is_none());
    }

    #[test]
    fn malformed_limits_are_errors() {
        for bad in ["", "-1", "1e18", "0x10", " 5", &"9".repeat(78)] {
            assert!(
                matches!(CostLimit::from_setting(Some(bad)), Err(crate::Error::CostLimit { .. })),
                "{bad:?}"
            );
        }
        // 2^256 - 1 is the largest accepted.
        assert!(CostLimit::from_setting(Some(&U256::MAX.to_string())).is_ok());
    }
}
