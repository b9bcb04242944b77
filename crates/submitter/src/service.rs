//! `zkp-ledger serve`: the batcher, the router and one transaction manager per chain, in one
//! loop. Each step commits before the next network call; SIGINT or SIGTERM end the loop after
//! the current step.

use std::time::{Duration, Instant};

use alloy::{primitives::B256, signers::local::PrivateKeySigner};
use zkp_ledger_config::{ChainKind, Config};
use zkp_ledger_metrics::{metrics, names};
use zkp_ledger_store::{BatchState, Store};

use crate::{
    Result, batcher,
    chain::Chain,
    now_ms, router,
    txmgr::{Event, TxManager},
};

/// The `chain` label of [`names::BATCHES`] for batches not routed to a chain yet.
pub const UNROUTED: &str = "unrouted";

/// Wait before retrying a chain whose RPC failed.
pub const CHAIN_RETRY: Duration = Duration::from_secs(5);
/// Batches closed in one step at most: a backlog of queued entries becomes batches a few at a
/// time, so the first ones are routed and sent while the rest are still being built.
pub const CLOSE_PER_STEP: usize = 4;

/// A configured chain and its connection, if up.
#[derive(Debug)]
pub struct Slot {
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: ChainKind,
    /// The connection, or why there is none.
    pub chain: std::result::Result<Chain, String>,
    retry_at: Instant,
}

/// The service's state.
#[derive(Debug)]
pub struct Service {
    /// Configuration.
    pub config: Config,
    /// The account.
    pub signer: PrivateKeySigner,
    /// The store.
    pub store: Store,
    /// Allowed chains, in preference order.
    pub slots: Vec<Slot>,
}

/// What one step did.
#[derive(Debug, Default, Clone)]
pub struct Step {
    /// Batches closed.
    pub closed: Vec<i64>,
    /// Routing decisions made: batch id and decision.
    pub routed: Vec<(i64, router::Decision)>,
    /// Transaction-manager events.
    pub events: Vec<(String, Event)>,
}

impl Service {
    /// A service over `config` (chains connect lazily in the first step).
    pub fn new(config: Config, signer: PrivateKeySigner, store: Store) -> Self {
        let slots = config
            .allowed_chains()
            .into_iter()
            .map(|c| Slot {
                name: c.name.clone(),
                kind: c.kind,
                chain: Err("not connected yet".into()),
                retry_at: Instant::now(),
            })
            .collect();
        Self { config, signer, store, slots }
    }

    async fn connect(&mut self) {
        for slot in &mut self.slots {
            if slot.chain.is_ok() || Instant::now() < slot.retry_at {
                continue;
            }
            let Ok(cfg) = self.config.chain(&slot.name).cloned() else { continue };
            match Chain::connect(&cfg).await {
                Ok(c) => {
                    tracing::info!(chain = %slot.name, rpc = %c.rpc_display(), anchor = %c.anchor_address(), "chain connected");
                    slot.chain = Ok(c);
                    metrics::gauge!(names::CHAIN_UP, "chain" => slot.name.clone()).set(1.0);
                }
                Err(e) => {
                    metrics::gauge!(names::CHAIN_UP, "chain" => slot.name.clone()).set(0.0);
                    tracing::warn!(chain = %slot.name, error = %e, "chain unreachable: skipping it for now");
                    slot.chain = Err(e.to_string());
                    slot.retry_at = Instant::now() + CHAIN_RETRY;
                }
            }
        }
    }

    /// Marks a chain down after an RPC failure (it is retried later).
    fn chain_failed(&mut self, name: &str, error: &str) {
        if let Some(slot) = self.slots.iter_mut().find(|s| s.name == name) {
            tracing::warn!(chain = name, %error, "chain failed: will reconnect");
            metrics::gauge!(names::CHAIN_UP, "chain" => name.to_string()).set(0.0);
            slot.chain = Err(error.into());
            slot.retry_at = Instant::now() + CHAIN_RETRY;
        }
    }

    /// One step: drive every chain's transactions (anchors mined since the last step are
    /// recorded before any batch is built), close due batches (all queued entries if `flush`,
    /// at most [`CLOSE_PER_STEP`]), route closed batches, and drive the chains again to send
    /// them.
    pub async fn step(&mut self, flush: bool) -> Result<Step> {
        let mut step = Step::default();
        self.connect().await;
        let counts = self.store.batch_counts()?;
        let any = |states: &[BatchState]| counts.iter().any(|(s, n)| *n > 0 && states.contains(s));
        if any(&[BatchState::Routed, BatchState::Sending, BatchState::Mined]) {
            self.tick_chains(&mut step).await?;
        }
        // With nothing on its way, one batch first: its anchor goes out before the next trees
        // are built.
        let idle = !any(&[BatchState::Closed, BatchState::Routed, BatchState::Sending]);
        step.closed = batcher::close_due_batches(
            &mut self.store,
            &self.config.batch,
            now_ms(),
            flush,
            if idle { 1 } else { CLOSE_PER_STEP },
        )?;
        self.connect().await;
        for b in self.store.batches_in(BatchState::Closed)? {
            let backlog = router::Backlog::from_counts(
                self.config.policy.max_pending,
                &self.store.batch_counts_by_chain()?,
            );
            let decision = router::route(
                router::CostLimit::of(&self.config)?,
                &backlog,
                &self.slots_view(),
                self.signer.address(),
                B256::from(b.root),
                b.count,
            )
            .await;
            match &decision.chosen {
                Some(chain) => {
                    self.store.route_batch(b.id, chain, &decision.to_json())?;
                    let cost = decision.chosen_estimate().map_or(0, |e| e.total_wei);
                    let others: Vec<String> = decision
                        .estimates
                        .iter()
                        .map(|e| match &e.skipped {
                            Some(why) => format!(
                                "{}: skipped ({})",
                                e.chain,
                                why.chars().take(80).collect::<String>()
                            ),
                            None => format!("{}: {} wei", e.chain, e.total_wei),
                        })
                        .collect();
                    tracing::info!(batch = b.id, entries = b.count, chain = %chain, cost_wei = cost, estimates = %others.join("; "), "batch routed");
                    step.routed.push((b.id, decision));
                }
                None => {
                    tracing::warn!(batch = b.id, reason = %decision.reason, "no chain for the batch now: will retry");
                    break;
                }
            }
        }
        self.tick_chains(&mut step).await?;
        self.record(&step)?;
        Ok(step)
    }

    /// Runs every connected chain's transaction manager once; an unreachable chain is marked
    /// failed (reconnected later) without stopping the others.
    async fn tick_chains(&mut self, step: &mut Step) -> Result<()> {
        let names: Vec<String> = self.slots.iter().map(|s| s.name.clone()).collect();
        for name in names {
            let Some(Ok(chain)) =
                self.slots.iter().find(|s| s.name == name).map(|s| s.chain.clone())
            else {
                continue;
            };
            let mgr = TxManager { chain: &chain, signer: &self.signer, config: &self.config.tx };
            match mgr.tick(&mut self.store).await {
                Ok(events) => step.events.extend(events.into_iter().map(|e| (name.clone(), e))),
                Err(crate::Error::Chain(e)) if e.is_unreachable() => {
                    self.chain_failed(&name, &e.to_string());
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Records a step's events and the store's counts in the process's metrics (skipped, store
    /// queries included, unless a recorder is installed: see `zkp-ledger-metrics`).
    fn record(&self, step: &Step) -> Result<()> {
        if !zkp_ledger_metrics::installed() {
            return Ok(());
        }
        let now = now_ms();
        let seconds_since = |t: i64| now.saturating_sub(t).max(0) as f64 / 1000.0;
        metrics::counter!(names::BATCHES_CLOSED).increment(step.closed.len() as u64);
        for (chain, event) in &step.events {
            let chain = chain.clone();
            match event {
                Event::Sent { .. } => {
                    metrics::counter!(names::TRANSACTIONS_SENT, "chain" => chain).increment(1);
                }
                Event::Replaced { .. } => {
                    metrics::counter!(names::REPLACEMENTS, "chain" => chain).increment(1);
                }
                Event::Reorged { .. } => {
                    metrics::counter!(names::REORGS, "chain" => chain).increment(1);
                }
                Event::Released { .. } => {
                    metrics::counter!(names::BATCHES_RELEASED, "chain" => chain).increment(1);
                }
                Event::Mined { batch, gas_used, cost_wei, .. } => {
                    let enqueued = self.store.batch_enqueued_at(*batch)?;
                    let n = enqueued.len();
                    metrics::counter!(names::ENTRIES_ANCHORED, "chain" => chain.clone())
                        .increment(n as u64);
                    let gas = *gas_used as f64;
                    let cost = *cost_wei as f64;
                    metrics::histogram!(names::BATCH_GAS, "chain" => chain.clone()).record(gas);
                    metrics::histogram!(names::BATCH_COST, "chain" => chain.clone()).record(cost);
                    if n > 0 {
                        metrics::histogram!(names::ENTRY_GAS, "chain" => chain.clone())
                            .record_many(gas / n as f64, n);
                        metrics::histogram!(names::ENTRY_COST, "chain" => chain.clone())
                            .record_many(cost / n as f64, n);
                    }
                    let inclusion = metrics::histogram!(names::INCLUSION, "chain" => chain);
                    for t in enqueued {
                        inclusion.record(seconds_since(t));
                    }
                }
                Event::Final { batch } => {
                    let enqueued = self.store.batch_enqueued_at(*batch)?;
                    metrics::counter!(names::ENTRIES_FINAL, "chain" => chain.clone())
                        .increment(enqueued.len() as u64);
                    let finality = metrics::histogram!(names::FINALITY, "chain" => chain);
                    for t in enqueued {
                        finality.record(seconds_since(t));
                    }
                }
            }
        }
        let (total, _) = self.store.entry_counts()?;
        metrics::counter!(names::ENTRIES_ENQUEUED).absolute(total);
        metrics::gauge!(names::ENTRIES_QUEUED).set(self.store.queued_count()? as f64);
        // Every configured chain and state gets a value (0 included), so a state that empties
        // reads 0 rather than keeping its last count.
        let counts = self.store.batch_counts_by_chain()?;
        let mut chains: Vec<Option<String>> =
            self.slots.iter().map(|s| Some(s.name.clone())).collect();
        chains.push(None);
        for (c, _, _) in &counts {
            if !chains.contains(c) {
                chains.push(c.clone());
            }
        }
        for chain in chains {
            for state in BatchState::ALL {
                let n = counts
                    .iter()
                    .find(|(c, s, _)| *c == chain && *s == state)
                    .map_or(0, |(_, _, n)| *n);
                let label = chain.clone().unwrap_or_else(|| UNROUTED.to_string());
                metrics::gauge!(names::BATCHES, "chain" => label, "state" => state.as_str())
                    .set(n as f64);
            }
        }
        Ok(())
    }

    fn slots_view(&self) -> Vec<(String, ChainKind, std::result::Result<Chain, String>)> {
        self.slots.iter().map(|s| (s.name.clone(), s.kind, s.chain.clone())).collect()
    }

    /// Whether nothing is left to do: no queued entry, every batch final.
    pub fn idle(&self) -> Result<bool> {
        let counts = self.store.batch_counts()?;
        Ok(self.store.queued_count()? == 0
            && counts.iter().all(|(s, n)| *s == BatchState::Final || *n == 0))
    }

    /// Runs steps until `stop` resolves (checked between steps), or until idle if `until_idle`.
    pub async fn run(
        &mut self,
        until_idle: bool,
        stop: impl Future<Output = ()> + Unpin,
    ) -> Result<()> {
        self.run_with(until_idle, stop, async |_: &mut Store| Ok::<(), crate::Error>(())).await
    }

    /// [`Service::run`], with `after` called on the store after every step (and before the
    /// idle check): how the CLI runs the indexer beside the submitter without either crate
    /// knowing the other.
    pub async fn run_with<E: From<crate::Error>>(
        &mut self,
        until_idle: bool,
        mut stop: impl Future<Output = ()> + Unpin,
        mut after: impl AsyncFnMut(&mut Store) -> Result<(), E>,
    ) -> Result<(), E> {
        let interval = Duration::from_millis(self.config.tx.poll_interval_ms);
        loop {
            self.step(until_idle).await?;
            after(&mut self.store).await?;
            if until_idle && self.idle()? {
                tracing::info!("every entry is in a final batch: stopping");
                return Ok(());
            }
            tokio::select! {
                () = &mut stop => {
                    tracing::info!("stop requested: the current step is complete, exiting");
                    return Ok(());
                }
                () = tokio::time::sleep(interval) => {}
            }
        }
    }
}
