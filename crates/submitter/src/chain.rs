//! One chain as the submitter sees it: the chain crate's [`Client`] (connected and checked for
//! the configured chain id), the chain's configuration, and its deployed contracts.

use std::ops::Deref;

use alloy::primitives::{Address, B256, Bytes};
use zkp_ledger_config::{ChainConfig, ChainKind};
use zkp_ledger_contracts::{Callee, Client, Deployment, ILedgerAnchor};

use crate::Result;

/// A connected, checked chain. It is a [`Client`] (every RPC method of the client is callable
/// on it) with the chain's configuration and contracts.
#[derive(Debug, Clone)]
pub struct Chain {
    /// Its configuration.
    pub config: ChainConfig,
    /// The contracts.
    pub deployment: Deployment,
    client: Client,
}

impl Deref for Chain {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.client
    }
}

impl Chain {
    /// Connects to the chain and checks that the endpoint serves the configured chain id and
    /// that the deployment file is for it.
    pub async fn connect(config: &ChainConfig) -> Result<Self> {
        let deployment = Deployment::read_for(&config.deployment, config.chain_id)?;
        let client = Client::connect(&config.name, &config.rpc_url()?, config.chain_id).await?;
        Ok(Self { config: config.clone(), deployment, client })
    }

    /// Kind.
    pub fn kind(&self) -> ChainKind {
        self.config.kind
    }

    /// The anchor's address.
    pub fn anchor_address(&self) -> Address {
        self.deployment.anchor.address
    }

    /// The anchor's current head.
    pub async fn head(&self) -> Result<B256> {
        let c = ILedgerAnchor::new(self.anchor_address(), self.provider());
        Ok(self.reverting("LedgerAnchor.head", Callee::LedgerAnchor, c.head().call()).await?)
    }

    /// The sequence number the next anchor takes.
    pub async fn next_seq(&self) -> Result<u64> {
        let c = ILedgerAnchor::new(self.anchor_address(), self.provider());
        Ok(self.reverting("LedgerAnchor.nextSeq", Callee::LedgerAnchor, c.nextSeq().call()).await?)
    }

    /// Whether `root` is anchored here, and its record.
    pub async fn anchor_record(&self, root: B256) -> Result<Option<ILedgerAnchor::AnchorRecord>> {
        let c = ILedgerAnchor::new(self.anchor_address(), self.provider());
        let rec = self
            .reverting("LedgerAnchor.anchorOf", Callee::LedgerAnchor, c.anchorOf(root).call())
            .await?;
        Ok((rec.count != 0).then_some(rec))
    }

    /// Execution gas of an anchor call from `from` (the chain's own estimate). A call that
    /// would revert is [`zkp_ledger_contracts::Error::Revert`] with LedgerAnchor's error.
    pub async fn estimate_anchor_gas(&self, from: Address, data: &Bytes) -> Result<u64> {
        Ok(self
            .estimate_gas(
                "LedgerAnchor.anchor",
                Callee::LedgerAnchor,
                from,
                self.anchor_address(),
                data,
            )
            .await?)
    }
}
