//! Following chains: one [`Follower`] per configured chain, stepped together by [`Indexer`].

use std::collections::BTreeMap;

use alloy::{
    primitives::B256,
    rpc::types::{Filter, Log},
    sol_types::SolEvent,
};
use futures::{StreamExt, TryStreamExt};
use serde::Serialize;
use zkp_ledger_config::Config;
use zkp_ledger_contracts::{
    Client, Deployment,
    ILedgerAnchorEvents::Anchored,
    IStatementRegistryEvents::{CircuitRegistered, StatementVerified},
};
use zkp_ledger_metrics::{metrics, names};
use zkp_ledger_store::{
    Store,
    index::{AnchorRow, BreakRow, CircuitRow, EventOrigin, IndexCommit, RolledBack, StatementRow},
    now_ms,
};

use crate::{
    Error, Result,
    hashchain::{Link, check_sequence},
};

/// Most blocks one `eth_getLogs` covers (providers commonly cap ranges near this).
pub const DEFAULT_RANGE: u64 = 2_000;
/// Block headers fetched at once (timestamps of event blocks, fork search).
const HEADER_CONCURRENCY: usize = 8;
/// Stored blocks compared with the chain per round while looking for a fork point.
const FORK_SEARCH_BATCH: usize = 32;

/// Tunables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexerOptions {
    /// Most blocks per `eth_getLogs` (halved, down to 1, while a provider refuses a range).
    pub range: u64,
}

impl Default for IndexerOptions {
    fn default() -> Self {
        Self { range: DEFAULT_RANGE }
    }
}

/// A reorganisation found and undone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReorgReport {
    /// The indexed block that is no longer canonical.
    pub stale_block: u64,
    /// The last indexed block that still is (`None`: none is; indexing restarts at the start).
    pub fork_point: Option<u64>,
    /// What was deleted, and the cursor after.
    pub removed: RolledBack,
}

/// What one step did on one chain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChainStep {
    /// Chain id.
    pub chain_id: u64,
    /// Configured name.
    pub name: String,
    /// Blocks indexed by this step, if any: (first, last).
    pub range: Option<(u64, u64)>,
    /// The chain's latest block.
    pub latest: Option<u64>,
    /// Anchors indexed.
    pub anchors: usize,
    /// Verified statements indexed.
    pub statements: usize,
    /// Circuit registrations indexed.
    pub circuits: usize,
    /// Hash-chain breaks found among the new anchors.
    pub breaks: Vec<BreakRow>,
    /// A reorganisation undone before indexing.
    pub reorg: Option<ReorgReport>,
    /// The contracts changed since the last run: the chain's index was emptied and restarted.
    pub reset: bool,
    /// The cursor has reached the chain's latest block.
    pub caught_up: bool,
    /// Why nothing was indexed this step (the chain is retried next step).
    pub error: Option<String>,
}

/// What one step did on every chain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StepReport {
    /// Per chain, in configuration order.
    pub chains: Vec<ChainStep>,
}

impl StepReport {
    /// Every chain reached its latest block without error.
    pub fn caught_up(&self) -> bool {
        self.chains.iter().all(|c| c.caught_up && c.error.is_none())
    }

    /// Events indexed in this step, all chains.
    pub fn events(&self) -> usize {
        self.chains.iter().map(|c| c.anchors + c.statements + c.circuits).sum()
    }
}

/// One chain being followed.
#[derive(Debug)]
struct Follower {
    name: String,
    chain_id: u64,
    rpc_url: String,
    deployment: Deployment,
    client: Option<Client>,
    registered: bool,
    range: u64,
}

/// Follows every configured chain. Holds no store: each [`Indexer::step`] is given the one to
/// write (the submitter's, in `serve`), so the indexer adds no second writer.
#[derive(Debug)]
pub struct Indexer {
    followers: Vec<Follower>,
}

impl Indexer {
    /// An indexer for every chain in `config`, reading each chain's deployments file. Connects
    /// lazily, in the first step.
    pub fn new(config: &Config) -> Result<Self> {
        Self::with_options(config, IndexerOptions::default())
    }

    /// [`Indexer::new`] with tunables.
    pub fn with_options(config: &Config, options: IndexerOptions) -> Result<Self> {
        let mut followers: Vec<Follower> = Vec::with_capacity(config.chains.len());
        for c in &config.chains {
            if let Some(other) = followers.iter().find(|f| f.chain_id == c.chain_id) {
                return Err(Error::DuplicateChainId {
                    chain_id: c.chain_id,
                    first: other.name.clone(),
                    second: c.name.clone(),
                });
            }
            let deployment = Deployment::read_for(&c.deployment, c.chain_id)?;
            followers.push(Follower {
                name: c.name.clone(),
                chain_id: c.chain_id,
                rpc_url: c.rpc_url()?,
                deployment,
                client: None,
                registered: false,
                range: options.range.max(1),
            });
        }
        Ok(Self { followers })
    }

    /// One step on every chain: undo a reorganisation if the last indexed block left the
    /// canonical chain, then index up to `range` new blocks. A chain whose RPC fails is
    /// reported and retried next step; only store failures end the step with an error.
    pub async fn step(&mut self, store: &mut Store) -> Result<StepReport> {
        let mut report = StepReport::default();
        for f in &mut self.followers {
            let mut cs =
                ChainStep { chain_id: f.chain_id, name: f.name.clone(), ..ChainStep::default() };
            match f.step(store, &mut cs).await {
                Ok(()) => {}
                // The cursor moved under us: another indexer writes this store. Not fatal.
                Err(Error::Store(zkp_ledger_store::Error::Invalid(msg))) => cs.error = Some(msg),
                Err(e @ Error::Store(_)) => return Err(e),
                Err(e) => {
                    if matches!(e, Error::Chain(_)) {
                        f.client = None;
                    }
                    tracing::warn!(chain = %f.name, error = %e, "indexing failed: will retry");
                    cs.error = Some(e.to_string());
                }
            }
            record(store, &cs)?;
            report.chains.push(cs);
        }
        Ok(report)
    }
}

/// Records one chain's step in the process's metrics (nothing happens unless a recorder is
/// installed: see `zkp-ledger-metrics`).
fn record(store: &Store, cs: &ChainStep) -> Result<()> {
    if !zkp_ledger_metrics::installed() {
        return Ok(());
    }
    let chain = || cs.name.clone();
    for (event, n) in [
        ("anchored", cs.anchors),
        ("statement_verified", cs.statements),
        ("circuit_registered", cs.circuits),
    ] {
        metrics::counter!(names::INDEXER_EVENTS, "chain" => chain(), "event" => event)
            .increment(n as u64);
    }
    if cs.reorg.is_some() {
        metrics::counter!(names::INDEXER_ROLLBACKS, "chain" => chain()).increment(1);
    }
    if let (Some(latest), Some(ix)) = (cs.latest, store.index_chain(cs.chain_id)?) {
        // next_block is the first block not read yet.
        let read = ix.next_block.saturating_sub(1);
        metrics::gauge!(names::INDEXER_BLOCK, "chain" => chain()).set(read as f64);
        metrics::gauge!(names::INDEXER_LAG, "chain" => chain())
            .set(latest.saturating_sub(read) as f64);
    }
    Ok(())
}

impl Follower {
    async fn connect(&mut self) -> Result<Client> {
        if let Some(c) = &self.client {
            return Ok(c.clone());
        }
        let c = Client::connect(&self.name, &self.rpc_url, self.chain_id).await?;
        self.client = Some(c.clone());
        Ok(c)
    }

    async fn step(&mut self, store: &mut Store, cs: &mut ChainStep) -> Result<()> {
        let p = self.connect().await?;
        if !self.registered {
            let registry = self.deployment.registry().map(|r| r.address.0.0);
            let (_, reset) = store.index_register_chain(
                self.chain_id,
                &self.name,
                &self.deployment.anchor.address.0.0,
                registry.as_ref(),
                self.deployment.start_block(),
                now_ms(),
            )?;
            if reset {
                tracing::warn!(chain = %self.name, "the deployed contracts changed: the chain's index starts again");
            }
            cs.reset = reset;
            self.registered = true;
        }
        let chain = store.index_chain(self.chain_id)?.ok_or_else(|| {
            zkp_ledger_store::Error::Invalid(format!("chain {} left the index", self.chain_id))
        })?;
        let latest = p.block_number().await?;
        cs.latest = Some(latest);
        let mut next = chain.next_block;

        // Is the last indexed block still canonical?
        if next > chain.start_block {
            let last = next - 1;
            if let Some(stored) = store.index_block_hash(self.chain_id, last)? {
                let canonical = p.header(last).await?.map(|(h, _)| h.0);
                if canonical != Some(stored) {
                    let fork_point = self.find_fork(&p, store, last).await?;
                    let removed = store.index_rollback(self.chain_id, next, fork_point)?;
                    tracing::warn!(chain = %self.name, stale_block = last, fork_point = ?fork_point, anchors_removed = removed.anchors,
                        statements_removed = removed.statements, "reorganisation: index rolled back");
                    next = removed.next_block;
                    cs.reorg = Some(ReorgReport { stale_block: last, fork_point, removed });
                }
            }
        }

        if next > latest {
            store.index_set_latest(self.chain_id, latest, now_ms())?;
            cs.caught_up = true;
            return Ok(());
        }
        let to = latest.min(next.saturating_add(self.range - 1));
        let before = p.header(to).await?;
        let logs = match self.get_logs(&p, next, to).await {
            Ok(logs) => logs,
            Err(e) => {
                if self.range > 1 {
                    self.range = (self.range / 2).max(1);
                    tracing::warn!(chain = %self.name, range = self.range, "eth_getLogs failed: trying smaller ranges");
                }
                return Err(e);
            }
        };
        let after = p.header(to).await?;
        let Some((to_hash, _)) = after.filter(|a| Some(*a) == before) else {
            cs.error = Some(format!(
                "block {to} changed while it was read (a reorganisation): retrying next step"
            ));
            return Ok(());
        };
        let mut commit =
            IndexCommit { from: next, to, to_hash: to_hash.0, latest, ..IndexCommit::default() };
        if !self.decode(&p, &logs, &mut commit).await? {
            cs.error = Some(
                "an event's block changed while it was read (a reorganisation): retrying next step"
                    .into(),
            );
            return Ok(());
        }
        let prev = store.index_last_anchor(self.chain_id)?.as_ref().map(Link::from);
        commit.breaks = check_sequence(prev, &commit.anchors);
        for b in &commit.breaks {
            tracing::error!(chain = %self.name, block = b.block_number, seq = b.seq, kind = ?b.kind, expected = %b.expected, found = %b.found,
                "the anchors' hash chain is broken");
        }
        store.index_commit(self.chain_id, &commit, now_ms())?;
        cs.range = Some((next, to));
        cs.anchors = commit.anchors.len();
        cs.statements = commit.statements.len();
        cs.circuits = commit.circuits.len();
        cs.breaks = commit.breaks;
        cs.caught_up = to == latest;
        if cs.anchors + cs.statements + cs.circuits > 0 {
            tracing::info!(chain = %self.name, from = next, to, anchors = cs.anchors, statements = cs.statements, circuits = cs.circuits, "indexed");
        }
        Ok(())
    }

    async fn get_logs(&self, p: &Client, from: u64, to: u64) -> Result<Vec<Log>> {
        let mut addresses = vec![self.deployment.anchor.address];
        if let Some(r) = self.deployment.registry() {
            addresses.push(r.address);
        }
        let filter = Filter::new()
            .address(addresses)
            .event_signature(vec![
                Anchored::SIGNATURE_HASH,
                StatementVerified::SIGNATURE_HASH,
                CircuitRegistered::SIGNATURE_HASH,
            ])
            .from_block(from)
            .to_block(to);
        Ok(p.logs(&filter).await?)
    }

    /// Decodes `logs` into `commit`, with block timestamps (from the logs, else the headers).
    /// Returns false if a block's canonical hash is not the one a log names (a reorganisation
    /// while reading).
    async fn decode(&self, p: &Client, logs: &[Log], commit: &mut IndexCommit) -> Result<bool> {
        let missing = |field| Error::IncompleteLog { chain: self.name.clone(), field };
        // Every block with events: its hash, and its timestamp where the log carries it.
        let mut blocks: BTreeMap<u64, (B256, Option<u64>)> = BTreeMap::new();
        for log in logs.iter().filter(|l| !l.removed) {
            let n = log.block_number.ok_or_else(|| missing("blockNumber"))?;
            let h = log.block_hash.ok_or_else(|| missing("blockHash"))?;
            let e = blocks.entry(n).or_insert((h, log.block_timestamp));
            if e.0 != h {
                return Ok(false);
            }
        }
        let need: Vec<u64> =
            blocks.iter().filter(|(_, (_, ts))| ts.is_none()).map(|(n, _)| *n).collect();
        let fetched: Vec<(u64, Option<(B256, u64)>)> = futures::stream::iter(need)
            .map(|n| async move { p.header(n).await.map(|h| (n, h)) })
            .buffered(HEADER_CONCURRENCY)
            .try_collect()
            .await?;
        for (n, h) in fetched {
            match (h, blocks.get_mut(&n)) {
                (Some((hash, ts)), Some(entry)) if hash == entry.0 => entry.1 = Some(ts),
                _ => return Ok(false),
            }
        }
        commit.blocks = blocks.iter().map(|(n, (h, _))| (*n, h.0)).collect();

        let anchor = self.deployment.anchor.address;
        let registry = self.deployment.registry().map(|r| r.address);
        let mut sorted: Vec<&Log> = logs.iter().filter(|l| !l.removed).collect();
        sorted.sort_by_key(|l| (l.block_number, l.log_index));
        for log in sorted {
            let block_number = log.block_number.ok_or_else(|| missing("blockNumber"))?;
            let (block_hash, ts) =
                blocks.get(&block_number).copied().ok_or_else(|| missing("blockNumber"))?;
            let origin = EventOrigin {
                chain_id: self.chain_id,
                contract: log.address().0.0,
                block_number,
                block_hash: block_hash.0,
                tx_hash: log.transaction_hash.ok_or_else(|| missing("transactionHash"))?.0,
                log_index: log.log_index.ok_or_else(|| missing("logIndex"))?,
                timestamp: ts.ok_or_else(|| missing("block timestamp"))?,
            };
            let topic0 = log.topic0().copied().unwrap_or_default();
            let from = log.address();
            let bad = |source: alloy::sol_types::Error| Error::UndecodableLog {
                chain: self.name.clone(),
                block: block_number,
                source,
            };
            if topic0 == Anchored::SIGNATURE_HASH && from == anchor {
                let ev = log.log_decode::<Anchored>().map_err(bad)?.inner.data;
                commit.anchors.push(AnchorRow {
                    origin,
                    root: ev.root.0,
                    seq: ev.seq,
                    count: ev.count,
                    prev_head: ev.prevHead.0,
                    head: ev.head.0,
                });
            } else if topic0 == StatementVerified::SIGNATURE_HASH && Some(from) == registry {
                let ev = log.log_decode::<StatementVerified>().map_err(bad)?.inner.data;
                commit.statements.push(StatementRow {
                    origin,
                    statement_hash: ev.statementHash.0,
                    circuit_id: ev.circuitId.0,
                    submitter: ev.submitter.0.0,
                    root: ev.root.0,
                });
            } else if topic0 == CircuitRegistered::SIGNATURE_HASH && Some(from) == registry {
                let ev = log.log_decode::<CircuitRegistered>().map_err(bad)?.inner.data;
                commit.circuits.push(CircuitRow {
                    origin,
                    circuit_id: ev.circuitId.0,
                    verifier: ev.verifier.0.0,
                    num_inputs: u64::try_from(ev.numInputs).unwrap_or(u64::MAX),
                    inclusion: ev.inclusion,
                });
            }
        }
        Ok(true)
    }

    /// The last stored block below `stale` that is still canonical, newest first.
    async fn find_fork(&self, p: &Client, store: &Store, stale: u64) -> Result<Option<u64>> {
        let mut below = stale;
        loop {
            let stored = store.index_blocks_below(self.chain_id, below, FORK_SEARCH_BATCH)?;
            let Some(&(lowest, _)) = stored.last() else { return Ok(None) };
            let canonical: Vec<Option<(B256, u64)>> =
                futures::stream::iter(stored.iter().map(|(n, _)| *n))
                    .map(|n| p.header(n))
                    .buffered(HEADER_CONCURRENCY)
                    .try_collect()
                    .await?;
            for ((n, h), c) in stored.iter().zip(canonical) {
                if c.map(|(ch, _)| ch.0) == Some(*h) {
                    return Ok(Some(*n));
                }
            }
            below = lowest;
        }
    }
}
