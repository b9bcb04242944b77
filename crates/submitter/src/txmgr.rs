//! The transaction manager: one chain, one account, up to `tx.max_in_flight` batches in flight.
//!
//! A nonce pipeline: LedgerAnchor's head is a hash chain of the anchors
//! ([`zkp_ledger_contracts::next_head`]), so the `prev` an anchor needs is known before the anchor
//! ahead of it is mined. Each new anchor is sent behind the newest one in flight: the next nonce,
//! the head that one leaves as `prev`, and the sequence number after it (all stored with the
//! transaction). If an anchor ahead fails, the ones behind it revert with `StaleHead`; their
//! batches wait until nothing of this account is in flight on the chain and are sent again, in
//! order, from the chain's own head. A nonce the pipeline needs but no live transaction holds (a
//! transaction the node refused) is filled with a 0-value transfer to the account itself, so the
//! anchors behind it are not stuck. Transactions are judged by their own sender: after a change
//! of signing key, a batch in flight with a transaction of the old key waits for that
//! transaction (it is neither replaced nor doubled), and nothing is sent behind it.
//!
//! Every state change is committed to the store before the next network call:
//! - a transaction is signed and stored (with its raw bytes and nonce) before it is broadcast, and
//!   storing it pins its batch to the chain;
//! - a transaction counts as gone only when the chain's mined nonce has passed it without a
//!   receipt, or the node explicitly refused it; a timeout never drops anything;
//! - a batch leaves its chain (to be routed again) only when none of its transactions can still
//!   be mined, so a batch is never anchored on two chains;
//! - an unmined transaction is rebroadcast (idempotent), and replaced with both fee fields raised
//!   by at least `bump_percent` after `resubmit_after_ms`, never above the fee cap;
//! - a mined anchor's block hash is checked until its confirmations are reached; if the block left
//!   the canonical chain the batch goes back to sending, and its transaction is found again or
//!   rebroadcast. The contract refuses a root anchored twice, so the canonical chain holds
//!   exactly one anchor of it.

use alloy::{
    primitives::{Address, B256, Bytes},
    rpc::types::TransactionReceipt,
    signers::local::PrivateKeySigner,
};
use zkp_ledger_config::TxConfig;
use zkp_ledger_contracts::{
    Call, ContractError, ILedgerAnchorErrors::ILedgerAnchorErrorsErrors as AnchorError, Refusal,
    anchor_calldata, gas_limit, next_head,
};
use zkp_ledger_store::{Batch, BatchState, NewTx, Store, Tx, TxState, now_ms};

use crate::{Error, Result, chain::Chain};

/// What a tick did, for logs and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A transaction was signed, stored and broadcast.
    Sent {
        /// Batch.
        batch: i64,
        /// Nonce.
        nonce: u64,
        /// Hash.
        hash: B256,
    },
    /// A transaction was replaced with higher fees.
    Replaced {
        /// Batch.
        batch: i64,
        /// New hash.
        hash: B256,
        /// New max fee per gas.
        max_fee: u128,
    },
    /// An anchor was mined.
    Mined {
        /// Batch.
        batch: i64,
        /// Block.
        block: u64,
        /// Gas used by the anchor transaction.
        gas_used: u64,
        /// Its execution cost in wei: gas used times the effective gas price (an L2's L1 data
        /// fee is not included).
        cost_wei: u128,
    },
    /// An anchor's block left the canonical chain.
    Reorged {
        /// Batch.
        batch: i64,
        /// The block it had been in.
        block: u64,
    },
    /// An anchor reached its confirmations.
    Final {
        /// Batch.
        batch: i64,
    },
    /// A batch was released for routing again.
    Released {
        /// Batch.
        batch: i64,
        /// Why.
        reason: String,
    },
}

impl Event {
    fn mined(batch: i64, block: u64, r: &TransactionReceipt) -> Self {
        let cost_wei = u128::from(r.gas_used).saturating_mul(r.effective_gas_price);
        Self::Mined { batch, block, gas_used: r.gas_used, cost_wei }
    }
}

/// The transaction manager of one chain.
#[derive(Debug)]
pub struct TxManager<'a> {
    /// The chain.
    pub chain: &'a Chain,
    /// The account.
    pub signer: &'a PrivateKeySigner,
    /// Settings.
    pub config: &'a TxConfig,
}

fn addr20(a: Address) -> [u8; 20] {
    a.0.0
}

fn is_live(t: &Tx) -> bool {
    matches!(t.state, TxState::Signed | TxState::Pending | TxState::Replaced | TxState::Mined)
}

impl TxManager<'_> {
    fn sender(&self) -> Address {
        self.signer.address()
    }

    fn batches_here(&self, store: &Store, state: BatchState) -> Result<Vec<Batch>> {
        Ok(store
            .batches_in(state)?
            .into_iter()
            .filter(|b| b.chain.as_deref() == Some(self.chain.name()))
            .collect())
    }

    /// One pass: confirmations and reorgs of mined anchors, the batches in flight, then new
    /// anchors behind them (batches whose anchors failed first, then routed ones) while fewer
    /// than `max_in_flight` are in flight.
    pub async fn tick(&self, store: &mut Store) -> Result<Vec<Event>> {
        let mut events = Vec::new();
        self.check_mined(store, &mut events).await?;
        for b in &self.batches_here(store, BatchState::Sending)? {
            self.drive(store, b, &mut events).await?;
        }
        self.fill_pipeline(store, &mut events).await?;
        Ok(events)
    }

    /// Sends new anchors while the pipeline has room. A batch whose transactions all failed or
    /// were dropped goes first, and only from a drained pipeline (sent behind anchors that were
    /// predicted on it, it would revert with them); routed batches follow in order.
    async fn fill_pipeline(&self, store: &mut Store, events: &mut Vec<Event>) -> Result<()> {
        let max = self.config.max_in_flight.max(1) as usize;
        loop {
            let unmined = store.unmined_txs(self.chain.name())?;
            let mut in_flight: Vec<i64> = unmined.iter().map(|t| t.batch_id).collect();
            in_flight.sort_unstable();
            in_flight.dedup();
            if !unmined.is_empty() && self.fill_nonce_gap(&unmined).await? {
                return Ok(());
            }
            if in_flight.len() >= max {
                return Ok(());
            }
            let sending = self.batches_here(store, BatchState::Sending)?;
            let next = match sending.into_iter().find(|b| in_flight.binary_search(&b.id).is_err()) {
                Some(_) if !unmined.is_empty() => return Ok(()),
                Some(b) => b,
                None => match self.batches_here(store, BatchState::Routed)?.into_iter().next() {
                    Some(b) => b,
                    None => return Ok(()),
                },
            };
            let Some(base) = self.base(store, &unmined).await? else { return Ok(()) };
            if !self.send_new(store, &next, base, events).await? {
                return Ok(());
            }
        }
    }

    /// Where the next anchor goes: behind the newest anchor in flight, or on the chain's own
    /// state when none is. `None` (wait) while a transaction in flight is another key's or was
    /// stored without its sequence number (by an earlier version).
    async fn base(&self, store: &Store, unmined: &[Tx]) -> Result<Option<Base>> {
        let me = addr20(self.sender());
        let Some(tail) = unmined.iter().max_by_key(|t| (t.nonce, t.id)) else {
            let prev = self.chain.head().await?;
            let seq = self.chain.next_seq().await?;
            let nonce = self.chain.pending_nonce(self.sender()).await?;
            // Nothing of this account is in flight here, so the chain's pending nonce is the
            // truth; a higher stored nonce belonged to transactions the chain never kept.
            let stored = store.next_nonce(self.chain.name(), &me)?.unwrap_or(0);
            if stored != nonce {
                tracing::info!(
                    chain = self.chain.name(),
                    stored,
                    chain_nonce = nonce,
                    "nonce re-synced with the chain"
                );
            }
            return Ok(Some(Base { nonce, prev, seq }));
        };
        if unmined.iter().any(|t| t.sender != me || t.seq.is_none()) {
            return Ok(None);
        }
        let (Some(seq), Some(b)) = (tail.seq, store.batch(tail.batch_id)?) else {
            return Ok(None);
        };
        let prev = next_head(B256::from(tail.prev_head), B256::from(b.root), b.count, seq);
        Ok(Some(Base { nonce: tail.nonce + 1, prev, seq: seq + 1 }))
    }

    /// If the lowest nonce in flight is above the account's mined nonce and has waited half the
    /// resubmit time, the nonces below it belong to no live transaction (one the node refused):
    /// fills the lowest with a 0-value transfer to the account itself, so that the anchors
    /// behind it can run (they revert with `StaleHead` and their batches are sent again).
    /// Returns whether it did.
    async fn fill_nonce_gap(&self, unmined: &[Tx]) -> Result<bool> {
        let me = addr20(self.sender());
        let Some(lowest) = unmined.iter().filter(|t| t.sender == me).min_by_key(|t| t.nonce) else {
            return Ok(false);
        };
        let waited = now_ms().saturating_sub(lowest.sent_at.unwrap_or(lowest.created_at));
        if waited < (self.config.resubmit_after_ms / 2) as i64 {
            return Ok(false);
        }
        let mined = self.chain.mined_nonce(self.sender()).await?;
        if lowest.nonce <= mined {
            return Ok(false);
        }
        let fees = self.chain.fees().await?;
        let cap = u128::from(self.config.max_fee_cap_gwei) * 1_000_000_000;
        let max_fee = fees.max_fee().min(cap);
        let signed = Call {
            chain_id: self.chain.config.chain_id,
            nonce: mined,
            to: self.sender(),
            data: Bytes::new(),
            gas_limit: 21_000,
            max_fee,
            max_priority_fee: fees.priority_fee.min(max_fee),
        }
        .sign(self.signer)?;
        tracing::warn!(
            chain = self.chain.name(),
            nonce = mined,
            next_in_flight = lowest.nonce,
            tx = %signed.hash,
            "nonce gap below the anchors in flight: filling it with a transfer to self"
        );
        if let Err(e) = self.chain.send_raw(&signed.raw).await {
            tracing::debug!(chain = self.chain.name(), error = %e, "gap filler refused");
        }
        Ok(true)
    }

    async fn check_mined(&self, store: &mut Store, events: &mut Vec<Event>) -> Result<()> {
        let mined = self.batches_here(store, BatchState::Mined)?;
        if mined.is_empty() {
            return Ok(());
        }
        let latest = self.chain.block_number().await?;
        for b in mined {
            let (Some(n), Some(h)) = (b.block_number, b.block_hash) else { continue };
            if self.chain.block_hash(n).await? != Some(B256::from(h)) {
                tracing::warn!(
                    chain = self.chain.name(),
                    batch = b.id,
                    block = n,
                    "anchor's block left the canonical chain: sending again"
                );
                store.record_reorged(b.id)?;
                events.push(Event::Reorged { batch: b.id, block: n });
            } else if latest + 1 >= n + self.chain.config.confirmations {
                store.record_final(b.id)?;
                tracing::info!(
                    chain = self.chain.name(),
                    batch = b.id,
                    block = n,
                    confirmations = self.chain.config.confirmations,
                    "batch final"
                );
                events.push(Event::Final { batch: b.id });
            }
        }
        Ok(())
    }

    /// Resolves the transactions of a batch in flight, rebroadcasts or replaces them, or makes a
    /// new one when none is live.
    async fn drive(&self, store: &mut Store, b: &Batch, events: &mut Vec<Event>) -> Result<()> {
        let txs = store.txs_of_batch(b.id)?;
        let live: Vec<&Tx> = txs.iter().filter(|t| is_live(t)).collect();
        // A receipt for any live transaction settles the batch.
        for t in &live {
            let Some(r) = self.chain.receipt(B256::from(t.hash)).await? else { continue };
            let (Some(block), Some(block_hash)) = (r.block_number, r.block_hash) else { continue };
            if r.status() {
                store.record_mined(t.id, b.id, block, &block_hash.0, &t.hash)?;
                for other in live.iter().filter(|o| o.id != t.id) {
                    store.set_tx_state(other.id, TxState::Dropped, now_ms())?;
                }
                tracing::info!(chain = self.chain.name(), batch = b.id, tx = %B256::from(t.hash), block, gas_used = r.gas_used, "anchor mined");
                events.push(Event::mined(b.id, block, &r));
                return Ok(());
            }
            store.set_tx_state(t.id, TxState::Failed, now_ms())?;
            for other in live.iter().filter(|o| o.id != t.id && o.nonce == t.nonce) {
                store.set_tx_state(other.id, TxState::Dropped, now_ms())?;
            }
            return self.after_revert(store, b, t, events).await;
        }
        // No receipt: transactions whose nonce the chain has passed can never be mined. Each
        // transaction is judged by its own sender's nonce: after a change of signing key, a
        // transaction of the old key is live for as long as the old account's nonce has not
        // passed it, whatever the new account's nonce is.
        let mut mined_nonces: Vec<([u8; 20], u64)> = Vec::new();
        for t in &live {
            let mined_nonce = match mined_nonces.iter().find(|(a, _)| *a == t.sender) {
                Some((_, n)) => *n,
                None => {
                    let n = self.chain.mined_nonce(Address::from(t.sender)).await?;
                    mined_nonces.push((t.sender, n));
                    n
                }
            };
            if t.nonce < mined_nonce {
                // Check once more: the receipt may have appeared between the two calls.
                if self.chain.receipt(B256::from(t.hash)).await?.is_none() {
                    store.set_tx_state(t.id, TxState::Dropped, now_ms())?;
                }
            }
        }
        let txs = store.txs_of_batch(b.id)?;
        let Some(newest) = txs.iter().rev().find(|t| is_live(t)).cloned() else {
            // Nothing of this batch can land any more: it is sent again on this chain with a
            // fresh transaction once the pipeline has drained (`fill_pipeline`).
            return Ok(());
        };
        let now = now_ms();
        let since = now.saturating_sub(newest.sent_at.unwrap_or(newest.created_at));
        if newest.state == TxState::Signed {
            return self.broadcast(store, b, &newest).await.map(|_| ());
        }
        if newest.sender != addr20(self.sender()) {
            // Signed by another key (the signer changed with this batch in flight): this key
            // can neither replace it nor send a second anchor beside it without risking the
            // batch anchored twice. Keep it in the pool and wait until it is mined or its
            // account's nonce passes it.
            tracing::debug!(
                chain = self.chain.name(),
                batch = b.id,
                sender = %Address::from(newest.sender),
                nonce = newest.nonce,
                signer = %self.sender(),
                "batch in flight with a transaction of another key: waiting for it (not replacing)"
            );
            if since >= (self.config.resubmit_after_ms / 2) as i64
                && let Err(e) = self.chain.send_raw(&newest.raw).await
            {
                tracing::debug!(chain = self.chain.name(), batch = b.id, error = %e, "rebroadcast refused");
            }
            return Ok(());
        }
        if since >= self.config.resubmit_after_ms as i64 {
            return self.replace(store, b, &newest, events).await;
        }
        if since >= (self.config.resubmit_after_ms / 2) as i64 {
            // Rebroadcast (the node may have lost it: a restart, a reorg, a full pool).
            if let Err(e) = self.chain.send_raw(&newest.raw).await {
                tracing::debug!(chain = self.chain.name(), batch = b.id, error = %e, "rebroadcast refused");
            }
        }
        Ok(())
    }

    async fn after_revert(
        &self,
        store: &mut Store,
        b: &Batch,
        t: &Tx,
        events: &mut Vec<Event>,
    ) -> Result<()> {
        // Why did it revert? Replay the call at the latest state and read LedgerAnchor's error.
        let data = anchor_calldata(B256::from(b.root), b.count, B256::from(t.prev_head));
        let replay = self.chain.estimate_anchor_gas(self.sender(), &data).await;
        let reason = match &replay {
            Err(Error::Chain(e)) if e.is_unreachable() => return replay.map(|_| ()),
            Err(e) => e.to_string(),
            Ok(_) => "reverted, but the call succeeds now".into(),
        };
        match replay.as_ref().err().and_then(Error::contract_error) {
            Some(ContractError::LedgerAnchor(
                AnchorError::RootAlreadyAnchored(_) | AnchorError::StaleHead(_),
            )) => {
                // Anchored meanwhile (by an earlier transaction of ours that we missed), or the
                // head moved: both are settled by looking at the chain and, if needed, sending a
                // fresh transaction on this chain.
                if let Some(rec) = self.chain.anchor_record(B256::from(b.root)).await? {
                    return self.adopt_existing(store, b, rec.blockNumber, events).await;
                }
                tracing::info!(
                    chain = self.chain.name(),
                    batch = b.id,
                    "anchor reverted with a stale head: sending it again once the pipeline drains"
                );
                Ok(())
            }
            _ => {
                tracing::error!(chain = self.chain.name(), batch = b.id, reason = %reason, "anchor reverted: releasing the batch for routing");
                store.release_batch(b.id)?;
                events.push(Event::Released { batch: b.id, reason });
                Ok(())
            }
        }
    }

    /// The root is already anchored on this chain (in block `block`): find that anchor's
    /// transaction and record it as this batch's.
    async fn adopt_existing(
        &self,
        store: &mut Store,
        b: &Batch,
        block: u64,
        events: &mut Vec<Event>,
    ) -> Result<()> {
        let txs = store.txs_of_batch(b.id)?;
        for t in &txs {
            if let Some(r) = self.chain.receipt(B256::from(t.hash)).await?
                && r.status()
                && r.block_number == Some(block)
                && let Some(h) = r.block_hash
            {
                store.record_mined(t.id, b.id, block, &h.0, &t.hash)?;
                events.push(Event::mined(b.id, block, &r));
                return Ok(());
            }
        }
        tracing::warn!(
            chain = self.chain.name(),
            batch = b.id,
            block,
            "root anchored by a transaction this store does not know"
        );
        Ok(())
    }

    /// Broadcasts `t`; returns whether the node took it.
    async fn broadcast(&self, store: &mut Store, b: &Batch, t: &Tx) -> Result<bool> {
        match self.chain.send_raw(&t.raw).await {
            Ok(()) => {
                store.set_tx_state(t.id, TxState::Pending, now_ms())?;
                Ok(true)
            }
            Err(e) if e.refusal().is_some() => self.refused(store, b, t, &e).map(|()| false),
            Err(e) => Err(e.into()),
        }
    }

    /// The node refused `t`: it is not in any pool and never will be.
    fn refused(
        &self,
        store: &mut Store,
        b: &Batch,
        t: &Tx,
        refusal: &zkp_ledger_contracts::Error,
    ) -> Result<()> {
        let message = refusal.to_string();
        if refusal.refusal() == Some(Refusal::Nonce) {
            // Nonce or replacement trouble: drop it; the next tick makes a fresh transaction.
            tracing::warn!(
                chain = self.chain.name(),
                batch = b.id,
                nonce = t.nonce,
                %message,
                "transaction refused: resyncing"
            );
            store.set_tx_state(t.id, TxState::Dropped, now_ms())?;
            return Ok(());
        }
        tracing::error!(chain = self.chain.name(), batch = b.id, %message, "transaction refused");
        store.set_tx_state(t.id, TxState::Dropped, now_ms())?;
        let live = store.txs_of_batch(b.id)?.iter().any(is_live);
        if !live {
            store.release_batch(b.id)?;
        }
        Ok(())
    }

    async fn replace(
        &self,
        store: &mut Store,
        b: &Batch,
        old: &Tx,
        events: &mut Vec<Event>,
    ) -> Result<()> {
        let cap = u128::from(self.config.max_fee_cap_gwei) * 1_000_000_000;
        let bump =
            |x: u128| x.saturating_mul(100 + u128::from(self.config.bump_percent)).div_ceil(100);
        let fees = self.chain.fees().await?;
        let max_fee = bump(old.max_fee).max(fees.max_fee());
        let priority = bump(old.max_priority_fee).max(fees.priority_fee);
        if max_fee > cap {
            tracing::warn!(
                chain = self.chain.name(),
                batch = b.id,
                cap_gwei = self.config.max_fee_cap_gwei,
                "fee cap reached: waiting without replacing"
            );
            // Keep waiting at the current fees (rebroadcast keeps it in the pool).
            let _ = self.chain.send_raw(&old.raw).await;
            store.set_tx_state(old.id, TxState::Pending, now_ms())?;
            return Ok(());
        }
        let data = anchor_calldata(B256::from(b.root), b.count, B256::from(old.prev_head));
        let t = self.sign_and_store(
            store,
            b,
            data,
            Unsigned {
                nonce: old.nonce,
                gas_limit: old.gas_limit,
                prev_head: old.prev_head,
                seq: old.seq,
                max_fee,
                priority,
            },
        )?;
        store.set_tx_state(old.id, TxState::Replaced, now_ms())?;
        tracing::info!(
            chain = self.chain.name(),
            batch = b.id,
            nonce = old.nonce,
            old_max_fee = old.max_fee,
            max_fee,
            "replacing an unmined transaction with higher fees"
        );
        events.push(Event::Replaced { batch: b.id, hash: B256::from(t.hash), max_fee });
        self.broadcast(store, b, &t).await.map(|_| ())
    }

    /// Signs the anchor call `data` for `b` and stores the signed transaction before anything
    /// is sent (a crash after this rebroadcasts it); returns it as stored.
    fn sign_and_store(&self, store: &mut Store, b: &Batch, data: Bytes, u: Unsigned) -> Result<Tx> {
        let priority = u.priority.min(u.max_fee);
        let signed = Call {
            chain_id: self.chain.config.chain_id,
            nonce: u.nonce,
            to: self.chain.anchor_address(),
            data,
            gas_limit: u.gas_limit,
            max_fee: u.max_fee,
            max_priority_fee: priority,
        }
        .sign(self.signer)?;
        let id = store.record_signed_tx(&NewTx {
            batch_id: b.id,
            chain: self.chain.name().into(),
            sender: addr20(self.sender()),
            nonce: u.nonce,
            hash: signed.hash.0,
            raw: signed.raw,
            max_fee: u.max_fee,
            max_priority_fee: priority,
            gas_limit: u.gas_limit,
            prev_head: u.prev_head,
            seq: u.seq,
            created_at: now_ms(),
        })?;
        store
            .txs_of_batch(b.id)?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or_else(|| Error::NoRoute("transaction vanished".into()))
    }

    /// Signs, stores and broadcasts an anchor of `b` at `base`. Returns whether a transaction
    /// went out (not when the root was found anchored already, the call would fail here, or the
    /// node refused it).
    async fn send_new(
        &self,
        store: &mut Store,
        b: &Batch,
        base: Base,
        events: &mut Vec<Event>,
    ) -> Result<bool> {
        let root = B256::from(b.root);
        // Already anchored here (e.g. a restart after the anchor landed but before it was
        // recorded, with the transaction unknown): adopt it rather than anchor twice.
        if let Some(rec) = self.chain.anchor_record(root).await? {
            if b.state == BatchState::Routed {
                tracing::warn!(
                    chain = self.chain.name(),
                    batch = b.id,
                    "root already anchored here by an unknown transaction"
                );
            }
            self.adopt_existing(store, b, rec.blockNumber, events).await?;
            return Ok(false);
        }
        // Gas, and whether the call would succeed, on the chain's state now: an anchor sent
        // behind others in flight runs the same code on the same storage slots.
        let head_now = self.chain.head().await?;
        let probe = anchor_calldata(root, b.count, head_now);
        let gas = match self.chain.estimate_anchor_gas(self.sender(), &probe).await {
            Ok(g) => gas_limit(g),
            Err(e) => {
                // The call would revert (paused, not a submitter, ...): route elsewhere.
                let reason = e.to_string();
                tracing::error!(chain = self.chain.name(), batch = b.id, %reason, "anchor call would fail: releasing the batch");
                if b.state == BatchState::Routed {
                    store.unroute_batch(b.id)?;
                } else {
                    store.release_batch(b.id)?;
                }
                events.push(Event::Released { batch: b.id, reason });
                return Ok(false);
            }
        };
        let fees = self.chain.fees().await?;
        let cap = u128::from(self.config.max_fee_cap_gwei) * 1_000_000_000;
        let max_fee = fees.max_fee().min(cap);
        let priority = fees.priority_fee.min(max_fee);
        let data = anchor_calldata(root, b.count, base.prev);
        let t = self.sign_and_store(
            store,
            b,
            data,
            Unsigned {
                nonce: base.nonce,
                gas_limit: gas,
                prev_head: base.prev.0,
                seq: Some(base.seq),
                max_fee,
                priority,
            },
        )?;
        let hash = B256::from(t.hash);
        tracing::info!(chain = self.chain.name(), batch = b.id, entries = b.count, nonce = base.nonce, seq = base.seq, tx = %hash, max_fee, "anchor transaction signed and stored; broadcasting");
        events.push(Event::Sent { batch: b.id, nonce: base.nonce, hash });
        let b = store.batch(b.id)?.ok_or_else(|| Error::NoRoute("batch vanished".into()))?;
        self.broadcast(store, &b, &t).await
    }
}

/// Where an anchor goes in the chain's order: its nonce, the head it builds on, and the sequence
/// number it takes.
#[derive(Debug, Clone, Copy)]
struct Base {
    nonce: u64,
    prev: B256,
    seq: u64,
}

/// What an anchor transaction is signed with.
struct Unsigned {
    nonce: u64,
    gas_limit: u64,
    prev_head: [u8; 32],
    seq: Option<u64>,
    max_fee: u128,
    priority: u128,
}
