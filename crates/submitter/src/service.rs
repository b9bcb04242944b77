//! `zkp-ledger serve`: the batcher, the router and one transaction manager per chain, in one
//! loop. Each step commits before the next network call; SIGINT or SIGTERM end the loop after
//! the current step.

use std::time::{Duration, Instant};

use alloy::{primitives::B256, signers::local::PrivateKeySigner};
use zkp_ledger_config::{ChainKind, Config};
use zkp_ledger_store::{BatchState, Store};

use crate::{
    Result, batcher,
    chain::Chain,
    now_ms, router,
    txmgr::{Event, TxManager},
};

/// Wait before retrying a chain whose RPC failed.
pub const CHAIN_RETRY: Duration = Duration::from_secs(5);

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
                }
                Err(e) => {
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
            slot.chain = Err(error.into());
            slot.retry_at = Instant::now() + CHAIN_RETRY;
        }
    }

    /// One step: close due batches (all queued entries if `flush`), route closed batches, drive
    /// every chain's transactions.
    pub async fn step(&mut self, flush: bool) -> Result<Step> {
        let mut step = Step {
            closed: batcher::close_due_batches(
                &mut self.store,
                &self.config.batch,
                now_ms(),
                flush,
            )?,
            ..Default::default()
        };
        self.connect().await;
        for b in self.store.batches_in(BatchState::Closed)? {
            let decision = router::route(
                router::CostLimit::of(&self.config)?,
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
        Ok(step)
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
