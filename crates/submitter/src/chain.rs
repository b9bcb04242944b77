//! One chain as the submitter sees it: its RPC endpoint (checked for the right chain id), the
//! deployed contracts, fee estimation, and raw transaction signing and sending.
//!
//! Transactions are built, signed and encoded here, not by a provider's fillers: the transaction
//! manager owns nonces and fees, and stores the signed bytes before broadcasting them.

use std::time::Duration;

use alloy::{
    consensus::{SignableTransaction, TxEip1559, TxEnvelope},
    eips::{BlockNumberOrTag, eip2718::Encodable2718},
    network::TxSignerSync,
    primitives::{Address, B256, Bytes, TxKind, U256},
    providers::{DynProvider, Provider, ProviderBuilder},
    rpc::types::{TransactionReceipt, TransactionRequest},
    signers::local::PrivateKeySigner,
    sol_types::SolCall,
};
use serde::Serialize;
use zkp_ledger_config::{ChainConfig, ChainKind, redact_url, redact_urls_in};
use zkp_ledger_contracts::ILedgerAnchor;

use crate::{Error, Result};

/// Timeout of one RPC request.
pub const RPC_TIMEOUT: Duration = Duration::from_secs(10);

/// The contracts of a chain, from its deployments file (the indexer's reader: one parser for
/// both parts).
pub use zkp_ledger_indexer::deployment::{Deployed, Deployment};

/// EIP-1559 fee suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Fees {
    /// Base fee expected for the next block (wei).
    pub base_fee: u128,
    /// Priority fee to offer (wei).
    pub priority_fee: u128,
}

impl Fees {
    /// `max_fee_per_gas` to offer: room for the base fee to double.
    pub fn max_fee(&self) -> u128 {
        self.base_fee.saturating_mul(2).saturating_add(self.priority_fee)
    }

    /// The price per gas expected to be paid.
    pub fn expected_price(&self) -> u128 {
        self.base_fee.saturating_add(self.priority_fee)
    }
}

/// A connected, checked chain.
#[derive(Debug, Clone)]
pub struct Chain {
    /// Its configuration.
    pub config: ChainConfig,
    /// The RPC URL as it may be shown (secrets removed).
    pub rpc_display: String,
    /// The provider (no fillers: transactions are made here).
    pub provider: DynProvider,
    /// The contracts.
    pub deployment: Deployment,
}

fn rpc_err(chain: &str, what: &'static str, e: impl std::fmt::Display) -> Error {
    Error::Rpc { chain: chain.into(), call: what, message: redact_urls_in(&e.to_string()) }
}

impl Chain {
    /// Connects to the chain and checks that the endpoint serves the configured chain id and
    /// that the deployment file is for it.
    pub async fn connect(config: &ChainConfig) -> Result<Self> {
        let url = config.rpc_url()?;
        let rpc_display = redact_url(&url);
        let parsed = url.parse().map_err(|_| Error::Rpc {
            chain: config.name.clone(),
            call: "connect",
            message: format!("{rpc_display} is not a valid URL"),
        })?;
        let provider =
            ProviderBuilder::new().disable_recommended_fillers().connect_http(parsed).erased();
        let deployment = Deployment::read(&config.deployment)?;
        let chain = Self { config: config.clone(), rpc_display, provider, deployment };
        let id = chain.timed("eth_chainId", chain.provider.get_chain_id()).await?;
        if id != config.chain_id {
            return Err(Error::WrongChainId {
                chain: config.name.clone(),
                rpc: chain.rpc_display.clone(),
                got: id,
                expected: config.chain_id,
            });
        }
        if chain.deployment.chain_id != config.chain_id {
            return Err(Error::Deployment {
                path: config.deployment.clone(),
                problem: format!(
                    "it is for chain {}, not {}",
                    chain.deployment.chain_id, config.chain_id
                ),
            });
        }
        Ok(chain)
    }

    /// Name.
    pub fn name(&self) -> &str {
        &self.config.name
    }

    /// Kind.
    pub fn kind(&self) -> ChainKind {
        self.config.kind
    }

    /// Runs an RPC future with [`RPC_TIMEOUT`], mapping errors to [`Error::Rpc`].
    pub async fn timed<T, E: std::fmt::Display>(
        &self,
        call: &'static str,
        fut: impl IntoFuture<Output = Result<T, E>>,
    ) -> Result<T> {
        match tokio::time::timeout(RPC_TIMEOUT, fut.into_future()).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(rpc_err(&self.config.name, call, e)),
            Err(_) => Err(rpc_err(
                &self.config.name,
                call,
                format!("no answer within {} s", RPC_TIMEOUT.as_secs()),
            )),
        }
    }

    /// The anchor's address.
    pub fn anchor_address(&self) -> Address {
        self.deployment.anchor.address
    }

    /// The anchor's current head.
    pub async fn head(&self) -> Result<B256> {
        let c = ILedgerAnchor::new(self.anchor_address(), &self.provider);
        self.timed("head()", c.head().call()).await
    }

    /// Whether `root` is anchored here, and its record.
    pub async fn anchor_record(&self, root: B256) -> Result<Option<ILedgerAnchor::AnchorRecord>> {
        let c = ILedgerAnchor::new(self.anchor_address(), &self.provider);
        let rec = self.timed("anchorOf()", c.anchorOf(root).call()).await?;
        Ok((rec.count != 0).then_some(rec))
    }

    /// Calldata of `anchor(root, count, prev)`.
    pub fn anchor_calldata(root: B256, count: u64, prev: B256) -> Bytes {
        ILedgerAnchor::anchorCall { root, count, prev }.abi_encode().into()
    }

    /// Execution gas of an anchor call from `from` (the chain's own estimate). A call that
    /// would revert with one of LedgerAnchor's errors is [`Error::Revert`], in words.
    pub async fn estimate_anchor_gas(&self, from: Address, data: &Bytes) -> Result<u64> {
        let req = TransactionRequest::default()
            .from(from)
            .to(self.anchor_address())
            .input(data.clone().into());
        match self.timed("eth_estimateGas", self.provider.estimate_gas(req)).await {
            Err(Error::Rpc { message, .. }) if crate::txmgr::decode_revert(&message).is_some() => {
                let reason = crate::txmgr::decode_revert(&message)
                    .map(|e| crate::txmgr::explain(&e))
                    .unwrap_or_default();
                Err(Error::Revert {
                    chain: self.config.name.clone(),
                    call: "LedgerAnchor.anchor",
                    reason,
                    data: message,
                })
            }
            other => other,
        }
    }

    /// EIP-1559 fees from the last blocks' history: the next base fee, and the median priority
    /// fee of the last 10 blocks (at least 1 wei... on chains that report none, 1 gwei would be
    /// too much on an L2; 0.001 gwei is used as the floor).
    pub async fn fees(&self) -> Result<Fees> {
        let hist = self
            .timed(
                "eth_feeHistory",
                self.provider.get_fee_history(10, BlockNumberOrTag::Latest, &[50.0]),
            )
            .await?;
        let base_fee = hist.base_fee_per_gas.last().copied().unwrap_or(0);
        let mut tips: Vec<u128> = hist
            .reward
            .unwrap_or_default()
            .iter()
            .filter_map(|r| r.first().copied())
            .filter(|t| *t > 0)
            .collect();
        tips.sort_unstable();
        let priority_fee = tips.get(tips.len() / 2).copied().unwrap_or(1_000_000).max(1_000_000);
        Ok(Fees { base_fee, priority_fee })
    }

    /// Pending-state nonce of `addr`.
    pub async fn pending_nonce(&self, addr: Address) -> Result<u64> {
        self.timed("eth_getTransactionCount", self.provider.get_transaction_count(addr).pending())
            .await
    }

    /// Latest-state nonce of `addr` (transactions mined).
    pub async fn mined_nonce(&self, addr: Address) -> Result<u64> {
        self.timed("eth_getTransactionCount", self.provider.get_transaction_count(addr).latest())
            .await
    }

    /// Balance of `addr`.
    pub async fn balance(&self, addr: Address) -> Result<U256> {
        self.timed("eth_getBalance", self.provider.get_balance(addr)).await
    }

    /// Latest block number.
    pub async fn block_number(&self) -> Result<u64> {
        self.timed("eth_blockNumber", self.provider.get_block_number()).await
    }

    /// The canonical hash of block `n`, if the chain has it.
    pub async fn block_hash(&self, n: u64) -> Result<Option<B256>> {
        let b = self
            .timed(
                "eth_getBlockByNumber",
                self.provider.get_block_by_number(BlockNumberOrTag::Number(n)),
            )
            .await?;
        Ok(b.map(|b| b.header.hash))
    }

    /// The receipt of `hash`, if mined.
    pub async fn receipt(&self, hash: B256) -> Result<Option<TransactionReceipt>> {
        self.timed("eth_getTransactionReceipt", self.provider.get_transaction_receipt(hash)).await
    }

    /// Broadcasts a signed transaction. "Already known" counts as success.
    pub async fn send_raw(&self, raw: &[u8]) -> Result<()> {
        match tokio::time::timeout(RPC_TIMEOUT, self.provider.send_raw_transaction(raw)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => {
                let msg = redact_urls_in(&e.to_string());
                if msg.contains("already known")
                    || msg.contains("already imported")
                    || msg.contains("AlreadyKnown")
                {
                    Ok(())
                } else {
                    Err(Error::Send { chain: self.config.name.clone(), message: msg })
                }
            }
            Err(_) => Err(rpc_err(&self.config.name, "eth_sendRawTransaction", "timed out")),
        }
    }
}

/// A transaction signed for one chain.
#[derive(Debug, Clone)]
pub struct SignedTx {
    /// The unsigned transaction.
    pub tx: TxEip1559,
    /// EIP-2718 encoding of the signed transaction.
    pub raw: Vec<u8>,
    /// Its hash.
    pub hash: B256,
}

/// The unsigned EIP-2718 encoding of `tx` (what OP's GasPriceOracle.getL1Fee expects; it adds
/// the signature's 68 bytes itself).
pub fn unsigned_bytes(tx: &TxEip1559) -> Vec<u8> {
    let mut out = Vec::new();
    tx.encode_for_signing(&mut out);
    out
}

/// Signs an EIP-1559 transaction calling `to` with `data`.
#[allow(clippy::too_many_arguments, reason = "each is one field of the transaction")]
pub fn sign_call(
    signer: &PrivateKeySigner,
    chain_id: u64,
    nonce: u64,
    to: Address,
    data: Bytes,
    gas_limit: u64,
    max_fee: u128,
    max_priority_fee: u128,
) -> Result<SignedTx> {
    let mut tx = TxEip1559 {
        chain_id,
        nonce,
        gas_limit,
        max_fee_per_gas: max_fee,
        max_priority_fee_per_gas: max_priority_fee.min(max_fee),
        to: TxKind::Call(to),
        value: U256::ZERO,
        access_list: Default::default(),
        input: data,
    };
    let sig = signer.sign_transaction_sync(&mut tx).map_err(|e| Error::Sign(e.to_string()))?;
    let signed = tx.clone().into_signed(sig);
    let hash = *signed.hash();
    let envelope = TxEnvelope::from(signed);
    Ok(SignedTx { tx, raw: envelope.encoded_2718(), hash })
}
