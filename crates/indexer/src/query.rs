//! Answers from the store: where an entry is, a batch, a chain's anchors and hash-chain status.
//! The CLI's `query ... --json` and the HTTP API serialise these same values.

use std::collections::BTreeMap;

use serde::Serialize;
use zkp_ledger_store::{
    BatchState, Bytes32, Store,
    index::{AnchorRow, BreakRow, IndexChain, StatementRow},
};

use crate::{Result, hex0x};

/// Anchors listed by a chain query unless a limit is given.
pub const DEFAULT_ANCHOR_LIMIT: usize = 1000;

/// Whether an entry or batch is anchored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Its batch root is in an indexed `Anchored` event.
    Anchored,
    /// In a closed batch whose anchor is not indexed (yet).
    Batched,
    /// In the outbox, not yet in a batch.
    Queued,
    /// Not in this store.
    Unknown,
}

/// An indexed anchor, as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnchorView {
    /// Chain id.
    pub chain_id: u64,
    /// Chain name, if configured.
    pub chain: Option<String>,
    /// LedgerAnchor address.
    pub contract: String,
    /// Sequence number.
    pub seq: u64,
    /// Batch root.
    pub root: String,
    /// Entries in the batch.
    pub count: u64,
    /// Head before.
    pub prev_head: String,
    /// Head after.
    pub head: String,
    /// Block number.
    pub block_number: u64,
    /// Block hash.
    pub block_hash: String,
    /// Block timestamp (unix seconds).
    pub timestamp: u64,
    /// Transaction hash.
    pub tx_hash: String,
    /// Log index in the block.
    pub log_index: u64,
    /// `latest - block + 1`, with `latest` as the indexer last saw it.
    pub confirmations: Option<u64>,
}

/// A verification of a statement by a StatementRegistry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementView {
    /// Chain id.
    pub chain_id: u64,
    /// Chain name, if configured.
    pub chain: Option<String>,
    /// StatementRegistry address.
    pub contract: String,
    /// Circuit id.
    pub circuit_id: String,
    /// Who submitted the proof.
    pub submitter: String,
    /// The anchored root an inclusion statement names (zero for other circuits).
    pub root: String,
    /// Block number.
    pub block_number: u64,
    /// Block timestamp.
    pub timestamp: u64,
    /// Transaction hash.
    pub tx_hash: String,
    /// Confirmations, as for anchors.
    pub confirmations: Option<u64>,
}

/// The outbox row of an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryView {
    /// Outbox id.
    pub id: i64,
    /// When enqueued (unix ms).
    pub enqueued_at: i64,
    /// Its batch.
    pub batch_id: Option<i64>,
    /// Its leaf position in the batch.
    pub position: Option<u64>,
}

/// A batch as the submitter stored it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BatchView {
    /// Id.
    pub id: i64,
    /// Root.
    pub root: String,
    /// Entries.
    pub count: u64,
    /// Tree depth.
    pub depth: u32,
    /// The submitter's state of it.
    pub state: BatchState,
    /// The chain it is routed to or anchored on (the submitter's view).
    pub chain: Option<String>,
    /// The submitter's anchor transaction, once mined.
    pub tx_hash: Option<String>,
}

/// `query entry`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryReport {
    /// The entry.
    pub digest: String,
    /// Where it is.
    pub status: Status,
    /// Its outbox row.
    pub entry: Option<EntryView>,
    /// Its batch.
    pub batch: Option<BatchView>,
    /// Anchors of its batch root, every chain.
    pub anchors: Vec<AnchorView>,
    /// Verifications of the digest as a statement hash, every chain.
    pub statements: Vec<StatementView>,
}

/// `query batch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BatchReport {
    /// The root.
    pub root: String,
    /// Anchored, batched (known to the submitter, not anchored yet) or unknown.
    pub status: Status,
    /// The submitter's batch, if it made it.
    pub batch: Option<BatchView>,
    /// Its anchors, every chain.
    pub anchors: Vec<AnchorView>,
}

/// A chain the index follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainView {
    /// Chain id.
    pub chain_id: u64,
    /// Name.
    pub name: String,
    /// LedgerAnchor.
    pub anchor: String,
    /// StatementRegistry.
    pub registry: Option<String>,
    /// First block indexed.
    pub start_block: u64,
    /// Blocks below this are indexed.
    pub next_block: u64,
    /// The chain's latest block at the last step.
    pub latest: Option<u64>,
    /// When the last step committed (unix ms).
    pub updated_at: i64,
    /// Anchors indexed.
    pub anchors: u64,
    /// Statements indexed.
    pub statements: u64,
    /// Circuits registered.
    pub circuits: u64,
}

/// The hash chain's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HashChainStatus {
    /// No break found.
    pub ok: bool,
    /// The breaks, in chain order.
    pub breaks: Vec<BreakRow>,
}

/// `query chain`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    /// The chain.
    pub chain: ChainView,
    /// Its hash chain.
    pub hash_chain: HashChainStatus,
    /// First seq listed.
    pub from_seq: u64,
    /// Anchors with `seq >= from_seq`, in seq order, at most the limit.
    pub anchors: Vec<AnchorView>,
}

/// `query chains`: every chain, with its hash chain's state (no anchors).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainsReport {
    /// The chains.
    pub chains: Vec<ChainSummary>,
}

/// One chain in [`ChainsReport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainSummary {
    /// The chain.
    #[serde(flatten)]
    pub chain: ChainView,
    /// No hash-chain break found.
    pub hash_chain_ok: bool,
    /// Breaks found.
    pub breaks: u64,
}

/// Chain names and latest blocks, for views.
struct Chains(BTreeMap<u64, IndexChain>);

impl Chains {
    fn load(store: &Store) -> Result<Self> {
        Ok(Self(store.index_chains()?.into_iter().map(|c| (c.chain_id, c)).collect()))
    }

    fn name(&self, id: u64) -> Option<String> {
        self.0.get(&id).map(|c| c.name.clone())
    }

    fn confirmations(&self, id: u64, block: u64) -> Option<u64> {
        self.0.get(&id).and_then(|c| c.latest).map(|l| l.saturating_add(1).saturating_sub(block))
    }

    fn anchor(&self, a: &AnchorRow) -> AnchorView {
        let o = &a.origin;
        AnchorView {
            chain_id: o.chain_id,
            chain: self.name(o.chain_id),
            contract: hex0x(&o.contract),
            seq: a.seq,
            root: hex0x(&a.root),
            count: a.count,
            prev_head: hex0x(&a.prev_head),
            head: hex0x(&a.head),
            block_number: o.block_number,
            block_hash: hex0x(&o.block_hash),
            timestamp: o.timestamp,
            tx_hash: hex0x(&o.tx_hash),
            log_index: o.log_index,
            confirmations: self.confirmations(o.chain_id, o.block_number),
        }
    }

    fn statement(&self, s: &StatementRow) -> StatementView {
        let o = &s.origin;
        StatementView {
            chain_id: o.chain_id,
            chain: self.name(o.chain_id),
            contract: hex0x(&o.contract),
            circuit_id: hex0x(&s.circuit_id),
            submitter: hex0x(&s.submitter),
            root: hex0x(&s.root),
            block_number: o.block_number,
            timestamp: o.timestamp,
            tx_hash: hex0x(&o.tx_hash),
            confirmations: self.confirmations(o.chain_id, o.block_number),
        }
    }
}

fn batch_view(b: &zkp_ledger_store::Batch) -> BatchView {
    BatchView {
        id: b.id,
        root: hex0x(&b.root),
        count: b.count,
        depth: b.depth,
        state: b.state,
        chain: b.chain.clone(),
        tx_hash: b.tx_hash.map(|h| hex0x(&h)),
    }
}

/// Where `digest` is: its outbox row and batch (the submitter's tables) and its batch's
/// anchors (the index).
pub fn entry(store: &Store, digest: &Bytes32) -> Result<EntryReport> {
    let chains = Chains::load(store)?;
    let statements =
        store.index_statements_of(digest)?.iter().map(|s| chains.statement(s)).collect();
    let mut report = EntryReport {
        digest: hex0x(digest),
        status: Status::Unknown,
        entry: None,
        batch: None,
        anchors: Vec::new(),
        statements,
    };
    let Some(row) = store.entry(digest)? else { return Ok(report) };
    report.entry = Some(EntryView {
        id: row.id,
        enqueued_at: row.enqueued_at,
        batch_id: row.batch_id,
        position: row.position,
    });
    report.status = Status::Queued;
    let Some(batch) = row.batch_id.map(|id| store.batch(id)).transpose()?.flatten() else {
        return Ok(report);
    };
    report.status = Status::Batched;
    report.anchors =
        store.index_anchors_of_root(&batch.root)?.iter().map(|a| chains.anchor(a)).collect();
    if !report.anchors.is_empty() {
        report.status = Status::Anchored;
    }
    report.batch = Some(batch_view(&batch));
    Ok(report)
}

/// A batch by root: the submitter's row, if any, and the index's anchors.
pub fn batch(store: &Store, root: &Bytes32) -> Result<BatchReport> {
    let chains = Chains::load(store)?;
    let batch = store.batch_by_root(root)?;
    let anchors: Vec<AnchorView> =
        store.index_anchors_of_root(root)?.iter().map(|a| chains.anchor(a)).collect();
    let status = match (&batch, anchors.is_empty()) {
        (_, false) => Status::Anchored,
        (Some(_), true) => Status::Batched,
        (None, true) => Status::Unknown,
    };
    Ok(BatchReport { root: hex0x(root), status, batch: batch.as_ref().map(batch_view), anchors })
}

fn chain_view(store: &Store, c: &IndexChain) -> Result<ChainView> {
    let (anchors, statements, circuits, _) = store.index_counts(c.chain_id)?;
    Ok(ChainView {
        chain_id: c.chain_id,
        name: c.name.clone(),
        anchor: hex0x(&c.anchor),
        registry: c.registry.map(|r| hex0x(&r)),
        start_block: c.start_block,
        next_block: c.next_block,
        latest: c.latest,
        updated_at: c.updated_at,
        anchors,
        statements,
        circuits,
    })
}

/// A chain's anchors from `from_seq` in seq order (at most `limit`), and its hash-chain status;
/// `None` if the index does not follow `chain_id`.
pub fn chain(
    store: &Store,
    chain_id: u64,
    from_seq: u64,
    limit: usize,
) -> Result<Option<ChainReport>> {
    let chains = Chains::load(store)?;
    let Some(c) = chains.0.get(&chain_id) else { return Ok(None) };
    let breaks = store.index_breaks(chain_id)?;
    let anchors =
        store.index_anchors(chain_id, from_seq, limit)?.iter().map(|a| chains.anchor(a)).collect();
    Ok(Some(ChainReport {
        chain: chain_view(store, c)?,
        hash_chain: HashChainStatus { ok: breaks.is_empty(), breaks },
        from_seq,
        anchors,
    }))
}

/// Every chain the index follows.
pub fn chains(store: &Store) -> Result<ChainsReport> {
    let chains = store
        .index_chains()?
        .iter()
        .map(|c| {
            let view = chain_view(store, c)?;
            let breaks = store.index_counts(c.chain_id)?.3;
            Ok(ChainSummary { chain: view, hash_chain_ok: breaks == 0, breaks })
        })
        .collect::<Result<_>>()?;
    Ok(ChainsReport { chains })
}
