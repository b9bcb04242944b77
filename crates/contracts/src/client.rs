//! The one RPC client: an HTTP provider without fillers, checked to serve the expected chain,
//! every request under one timeout, errors typed (reverts decoded from the error response's
//! data into the contracts' `sol!` error enums).

use std::time::Duration;

use alloy::{
    eips::BlockNumberOrTag,
    primitives::{Address, B256, Bytes, U256},
    providers::{DynProvider, Provider, ProviderBuilder},
    rpc::types::{Filter, Log, TransactionReceipt, TransactionRequest},
};
use zkp_ledger_config::redact_url;
use zkp_ledger_metrics::{metrics, names};

use crate::{
    Error, Result,
    error::RpcFailure,
    revert::{Callee, ContractError},
    tx::{Fees, MIN_PRIORITY_FEE},
};

/// Timeout of one RPC request.
pub const RPC_TIMEOUT: Duration = Duration::from_secs(10);

/// Blocks of fee history read for the priority fee.
const FEE_HISTORY_BLOCKS: u64 = 10;

/// A connection to one chain.
#[derive(Debug, Clone)]
pub struct Client {
    name: String,
    rpc_display: String,
    provider: DynProvider,
}

impl Client {
    /// A client for `url`, named `name` in errors, without asking the chain anything.
    pub fn new(name: &str, url: &str) -> Result<Self> {
        let rpc_display = redact_url(url);
        let parsed = url
            .parse()
            .map_err(|_| Error::BadUrl { chain: name.into(), rpc: rpc_display.clone() })?;
        let provider =
            ProviderBuilder::new().disable_recommended_fillers().connect_http(parsed).erased();
        Ok(Self { name: name.into(), rpc_display, provider })
    }

    /// Connects and checks that the endpoint serves chain `chain_id`.
    pub async fn connect(name: &str, url: &str, chain_id: u64) -> Result<Self> {
        let client = Self::new(name, url)?;
        let got = client.chain_id().await?;
        if got != chain_id {
            return Err(Error::WrongChainId {
                chain: name.into(),
                rpc: client.rpc_display.clone(),
                got,
                expected: chain_id,
            });
        }
        Ok(client)
    }

    /// The name errors use.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The RPC URL as it may be shown (secrets removed).
    pub fn rpc_display(&self) -> &str {
        &self.rpc_display
    }

    /// The provider, for `sol!` contract instances (run their calls through [`Client::timed`]).
    pub fn provider(&self) -> &DynProvider {
        &self.provider
    }

    /// Runs an RPC future under [`RPC_TIMEOUT`]; a failure is [`Error::Rpc`] (a revert, if
    /// any, is left in it: see [`Client::reverting`]).
    pub async fn timed<T, E: Into<RpcFailure>>(
        &self,
        call: &'static str,
        fut: impl IntoFuture<Output = Result<T, E>>,
    ) -> Result<T> {
        let result = match tokio::time::timeout(RPC_TIMEOUT, fut.into_future()).await {
            Ok(Ok(v)) => return Ok(v),
            Ok(Err(e)) => {
                let error: Box<RpcFailure> = Box::new(e.into());
                // A revert is the contract's answer, not a failed exchange.
                if error.revert_data().is_some() {
                    return Err(Error::Rpc { chain: self.name.clone(), call, error });
                }
                Error::Rpc { chain: self.name.clone(), call, error }
            }
            Err(_) => {
                Error::Timeout { chain: self.name.clone(), call, seconds: RPC_TIMEOUT.as_secs() }
            }
        };
        // Labels: the chain's configured name and the call's fixed name (never the URL).
        metrics::counter!(names::RPC_ERRORS, "chain" => self.name.clone(), "call" => call)
            .increment(1);
        Err(result)
    }

    /// [`Client::timed`] for a call to a contract: a revert is [`Error::Revert`] with the
    /// callee's error decoded from the response's revert data.
    pub async fn reverting<T, E: Into<RpcFailure>>(
        &self,
        call: &'static str,
        callee: Callee,
        fut: impl IntoFuture<Output = Result<T, E>>,
    ) -> Result<T> {
        self.timed(call, fut).await.map_err(|e| self.typed_revert(e, call, callee))
    }

    fn typed_revert(&self, e: Error, call: &'static str, callee: Callee) -> Error {
        match e {
            Error::Rpc { error, chain, call: c } => match error.revert_data() {
                Some(data) => {
                    Error::Revert { chain, call, error: ContractError::decode(callee, &data) }
                }
                None => Error::Rpc { chain, call: c, error },
            },
            other => other,
        }
    }

    /// The chain id the endpoint serves.
    pub async fn chain_id(&self) -> Result<u64> {
        self.timed("eth_chainId", self.provider.get_chain_id()).await
    }

    /// Latest block number.
    pub async fn block_number(&self) -> Result<u64> {
        self.timed("eth_blockNumber", self.provider.get_block_number()).await
    }

    /// The hash and timestamp of block `n`, if the chain has it.
    pub async fn header(&self, n: u64) -> Result<Option<(B256, u64)>> {
        let b = self
            .timed(
                "eth_getBlockByNumber",
                self.provider.get_block_by_number(BlockNumberOrTag::Number(n)),
            )
            .await?;
        Ok(b.map(|b| (b.header.hash, b.header.timestamp)))
    }

    /// The canonical hash of block `n`, if the chain has it.
    pub async fn block_hash(&self, n: u64) -> Result<Option<B256>> {
        Ok(self.header(n).await?.map(|(h, _)| h))
    }

    /// The receipt of `hash`, if mined.
    pub async fn receipt(&self, hash: B256) -> Result<Option<TransactionReceipt>> {
        self.timed("eth_getTransactionReceipt", self.provider.get_transaction_receipt(hash)).await
    }

    /// The code at `addr`.
    pub async fn code(&self, addr: Address) -> Result<Bytes> {
        self.timed("eth_getCode", self.provider.get_code_at(addr)).await
    }

    /// Logs matching `filter`.
    pub async fn logs(&self, filter: &Filter) -> Result<Vec<Log>> {
        self.timed("eth_getLogs", self.provider.get_logs(filter)).await
    }

    /// Balance of `addr`.
    pub async fn balance(&self, addr: Address) -> Result<U256> {
        self.timed("eth_getBalance", self.provider.get_balance(addr)).await
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

    /// EIP-1559 fees from the last blocks' history: the next base fee, and the median priority
    /// fee of the last blocks, at least [`MIN_PRIORITY_FEE`].
    pub async fn fees(&self) -> Result<Fees> {
        let hist = self
            .timed(
                "eth_feeHistory",
                self.provider.get_fee_history(
                    FEE_HISTORY_BLOCKS,
                    BlockNumberOrTag::Latest,
                    &[50.0],
                ),
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
        let priority_fee =
            tips.get(tips.len() / 2).copied().unwrap_or(MIN_PRIORITY_FEE).max(MIN_PRIORITY_FEE);
        Ok(Fees { base_fee, priority_fee })
    }

    /// Execution gas of calling `to` with `data` from `from` (the chain's own estimate, on the
    /// latest block: nodes differ on the default, and on the pending state the anchors in
    /// flight would already have moved LedgerAnchor's head); a call that would revert is
    /// [`Error::Revert`] with `callee`'s error.
    pub async fn estimate_gas(
        &self,
        call: &'static str,
        callee: Callee,
        from: Address,
        to: Address,
        data: &Bytes,
    ) -> Result<u64> {
        let req = TransactionRequest::default().from(from).to(to).input(data.clone().into());
        self.reverting(
            call,
            callee,
            self.provider.estimate_gas(req).block(BlockNumberOrTag::Latest.into()),
        )
        .await
    }

    /// Broadcasts a signed transaction. "Already known" counts as success; a refusal is
    /// [`Error::Refused`].
    pub async fn send_raw(&self, raw: &[u8]) -> Result<()> {
        match self.timed("eth_sendRawTransaction", self.provider.send_raw_transaction(raw)).await {
            Ok(_) => Ok(()),
            Err(Error::Rpc { error, chain, call }) => match *error {
                RpcFailure::Transport(t) if t.as_error_resp().is_some() => {
                    if refusal_is_already_known(&t) {
                        Ok(())
                    } else {
                        Err(Error::Refused { chain, error: Box::new(t) })
                    }
                }
                other => Err(Error::Rpc { chain, call, error: Box::new(other) }),
            },
            Err(e) => Err(e),
        }
    }
}

/// Nodes say "already known" (geth), "already imported" or "AlreadyKnown" (others) for a
/// transaction they have: the broadcast is done.
fn refusal_is_already_known(e: &alloy::transports::TransportError) -> bool {
    e.as_error_resp().is_some_and(|r| {
        let m = &r.message;
        m.contains("already known") || m.contains("already imported") || m.contains("AlreadyKnown")
    })
}

/// What kind of refusal a node's answer to a broadcast was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The nonce is used or too far ahead, or a replacement's fees are too low: the account's
    /// transactions need resyncing.
    Nonce,
    /// Anything else.
    Other,
}

impl Error {
    /// For [`Error::Refused`]: what the node refused, from its error response.
    pub fn refusal(&self) -> Option<Refusal> {
        let Self::Refused { error, .. } = self else { return None };
        let m = error.as_error_resp().map(|r| r.message.to_lowercase()).unwrap_or_default();
        Some(
            if m.contains("nonce too low")
                || m.contains("nonce too high")
                || m.contains("underpriced")
            {
                Refusal::Nonce
            } else {
                Refusal::Other
            },
        )
    }
}
