//! Transactions as this project sends them: EIP-1559, built and signed here (not by a
//! provider's fillers: the caller owns nonces and fees, and may store the signed bytes before
//! broadcasting them), with one fee rule and one gas-limit margin.

use alloy::{
    consensus::{SignableTransaction, TxEip1559, TxEnvelope},
    eips::eip2718::Encodable2718,
    network::TxSignerSync,
    primitives::{Address, B256, Bytes, TxKind, U256},
    signers::local::PrivateKeySigner,
};
use serde::Serialize;

use crate::{Error, Result};

/// Gas limit margin over the chain's estimate, in percent.
pub const GAS_MARGIN_PERCENT: u64 = 25;

/// The lowest priority fee offered (wei): 0.001 gwei (1 gwei would be too much on an L2).
pub const MIN_PRIORITY_FEE: u128 = 1_000_000;

/// The gas limit for an estimate: [`GAS_MARGIN_PERCENT`] on top.
pub fn gas_limit(estimate: u64) -> u64 {
    estimate.saturating_add(estimate * GAS_MARGIN_PERCENT / 100)
}

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

/// An unsigned call: everything but the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// Chain id.
    pub chain_id: u64,
    /// Nonce.
    pub nonce: u64,
    /// The contract called.
    pub to: Address,
    /// Calldata.
    pub data: Bytes,
    /// Gas limit.
    pub gas_limit: u64,
    /// `max_fee_per_gas`.
    pub max_fee: u128,
    /// `max_priority_fee_per_gas` (capped at `max_fee`).
    pub max_priority_fee: u128,
}

impl Call {
    /// The EIP-1559 transaction.
    pub fn tx(&self) -> TxEip1559 {
        TxEip1559 {
            chain_id: self.chain_id,
            nonce: self.nonce,
            gas_limit: self.gas_limit,
            max_fee_per_gas: self.max_fee,
            max_priority_fee_per_gas: self.max_priority_fee.min(self.max_fee),
            to: TxKind::Call(self.to),
            value: U256::ZERO,
            access_list: Default::default(),
            input: self.data.clone(),
        }
    }

    /// The unsigned EIP-2718 encoding (what OP's GasPriceOracle.getL1Fee expects; it adds the
    /// signature's 68 bytes itself).
    pub fn unsigned_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.tx().encode_for_signing(&mut out);
        out
    }

    /// Signs the call.
    pub fn sign(&self, signer: &PrivateKeySigner) -> Result<SignedTx> {
        let mut tx = self.tx();
        let sig = signer.sign_transaction_sync(&mut tx).map_err(Error::Sign)?;
        let signed = tx.clone().into_signed(sig);
        let hash = *signed.hash();
        let envelope = TxEnvelope::from(signed);
        Ok(SignedTx { tx, raw: envelope.encoded_2718(), hash })
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
