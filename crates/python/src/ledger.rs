//! The ledger for Python: the library calls behind the CLI's `enqueue`, `query entry`,
//! `serve --until-idle`, `receipt`, `verify-receipt` and `devnet up`/`down`, taking paths and hex strings and
//! returning plain values (JSON text where the CLI prints `--json`).

use std::path::{Path, PathBuf};

use alloy::primitives::Address;
use pyo3::{prelude::*, types::PyDict};
use zkp_ledger_config::{Config, DEFAULT_CONFIRMATIONS};
use zkp_ledger_indexer::{
    deployment::Deployment,
    parse_hex, query,
    receipt::{self, Pin, Receipt, Verification},
};
use zkp_ledger_store::Store;
use zkp_ledger_submitter::service::Service;

use crate::LedgerError;

/// The error and each cause that adds to it, as the CLI prints them.
fn message(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let t = c.to_string();
        if !text.contains(&t) {
            text += &format!("\n  caused by: {t}");
        }
        cause = c.source();
    }
    text
}

fn err(e: impl std::error::Error + 'static) -> PyErr {
    LedgerError::new_err(message(&e))
}

/// The store named by the configuration (`config`, `$ZKP_LEDGER_CONFIG`, the running devnet's;
/// `$ZKP_LEDGER_DB` overrides its path), as the CLI opens it.
fn open_store(config: Option<&Path>) -> PyResult<Store> {
    let (cfg, _) = Config::discover(config).map_err(err)?;
    Store::open(&cfg.store.path).map_err(err)
}

fn digest(s: &str, what: &str) -> PyResult<[u8; 32]> {
    parse_hex::<32>(s, what).map_err(err)
}

/// The LedgerAnchor a receipt of `chain_id` must name: `anchor`, else the one in the
/// deployments directory's `<chain_id>.json` (as `zkp-ledger verify-receipt`).
fn pinned_anchor(
    chain_id: u64,
    anchor: Option<String>,
    deployments: Option<PathBuf>,
) -> PyResult<Address> {
    match (anchor, deployments) {
        (Some(a), _) => a
            .parse()
            .map_err(|e| LedgerError::new_err(format!("anchor {a:?} is not an address: {e}"))),
        (None, Some(dir)) => {
            let path = dir.join(format!("{chain_id}.json"));
            let d = Deployment::read(&path).map_err(err)?;
            if d.chain_id != chain_id {
                return Err(LedgerError::new_err(format!(
                    "{} is for chain {}, not {chain_id}",
                    path.display(),
                    d.chain_id
                )));
            }
            Ok(d.anchor.address)
        }
        (None, None) => Err(LedgerError::new_err(format!(
            "which LedgerAnchor is zkp-ledger's on chain {chain_id}? Give anchor=ADDRESS or \
             deployments=DIR: without a pinned contract, anyone's look-alike LedgerAnchor would pass"
        ))),
    }
}

fn runtime() -> PyResult<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().map_err(err)
}

/// Adds ledger entries (32-byte hex digests) to the store's durable outbox, as
/// `zkp-ledger enqueue`: all or none. Returns `{"added": [(id, entry)], "existing": [...]}`.
#[pyfunction]
#[pyo3(signature = (entries, *, config=None))]
pub(crate) fn enqueue<'py>(
    py: Python<'py>,
    entries: Vec<String>,
    config: Option<PathBuf>,
) -> PyResult<Bound<'py, PyDict>> {
    let digests = entries
        .iter()
        .enumerate()
        .map(|(i, e)| digest(e, &format!("entry {}", i + 1)))
        .collect::<PyResult<Vec<_>>>()?;
    let done = py.detach(|| -> PyResult<_> {
        let mut store = open_store(config.as_deref())?;
        store.enqueue(&digests, zkp_ledger_store::now_ms()).map_err(err)
    })?;
    let list = |v: &[(i64, [u8; 32])]| -> Vec<(i64, String)> {
        v.iter().map(|(id, d)| (*id, format!("0x{}", hex::encode(d)))).collect()
    };
    let d = PyDict::new(py);
    d.set_item("added", list(&done.added))?;
    d.set_item("existing", list(&done.existing))?;
    Ok(d)
}

/// Batches the queued entries, routes each batch to the cheapest allowed chain, anchors it and
/// follows the chains into the index, until every entry is in a final batch: `zkp-ledger serve
/// --until-idle`. Returns (entries, entries in final batches).
#[pyfunction]
#[pyo3(signature = (*, config=None))]
pub(crate) fn serve_until_idle(py: Python<'_>, config: Option<PathBuf>) -> PyResult<(u64, u64)> {
    py.detach(|| {
        let (cfg, _) = Config::discover(config.as_deref()).map_err(err)?;
        let store = Store::open(&cfg.store.path).map_err(err)?;
        let signer = zkp_ledger_submitter::signer::load(&cfg.signer).map_err(err)?;
        // Composed as `zkp-ledger serve` composes them: the indexer follows the chains into the
        // service's store after every step (the two crates never import each other).
        let mut indexer = zkp_ledger_indexer::Indexer::new(&cfg).map_err(err)?;
        let mut service = Service::new(cfg, signer, store);
        type BoxError = Box<dyn std::error::Error + Send + Sync>;
        runtime()?
            .block_on(service.run_with(
                true,
                Box::pin(std::future::pending()),
                async |store: &mut Store| -> Result<(), BoxError> {
                    indexer.step(store).await?;
                    Ok(())
                },
            ))
            .map_err(|e| LedgerError::new_err(e.to_string()))?;
        let (total, fin) = service.store.entry_counts().map_err(err)?;
        Ok((total, fin))
    })
}

/// Where an entry is, as `zkp-ledger --json query entry`: the JSON text of its status, outbox
/// row, batch, anchors and on-chain statements.
#[pyfunction]
#[pyo3(signature = (entry, *, config=None))]
pub(crate) fn query_entry(
    py: Python<'_>,
    entry: &str,
    config: Option<PathBuf>,
) -> PyResult<String> {
    let d = digest(entry, "entry")?;
    py.detach(|| {
        let store = open_store(config.as_deref())?;
        let r = query::entry(&store, &d).map_err(err)?;
        serde_json::to_string(&r).map_err(err)
    })
}

/// Writes the receipt of an anchored entry to `out`, as `zkp-ledger receipt`: built from the
/// store, checked offline before it is written. Returns the receipt's JSON text.
#[pyfunction]
#[pyo3(signature = (entry, out, *, chain_id=None, config=None))]
pub(crate) fn write_receipt(
    py: Python<'_>,
    entry: &str,
    out: PathBuf,
    chain_id: Option<u64>,
    config: Option<PathBuf>,
) -> PyResult<String> {
    let d = digest(entry, "entry")?;
    py.detach(|| {
        let store = open_store(config.as_deref())?;
        let r = receipt::build(&store, &d, chain_id).map_err(err)?;
        let v = receipt::verify_offline(&r).map_err(err)?;
        if let Some(f) = v.failure() {
            return Err(LedgerError::new_err(format!(
                "the stored data gives an invalid receipt ({}: {}); the store is corrupt",
                f.check, f.detail
            )));
        }
        let json = r.to_json();
        std::fs::write(&out, format!("{json}\n"))
            .map_err(|e| LedgerError::new_err(format!("writing {}: {e}", out.display())))?;
        Ok(json)
    })
}

/// Checks the receipt file `receipt`, as `zkp-ledger verify-receipt`: without `rpc` only its
/// own consistency (status "consistent", which anyone can fabricate); with `rpc`, on chain
/// against zkp-ledger's LedgerAnchor (`anchor`, a 0x address, or the one in the deployments
/// directory `deployments` for the receipt's chain) with `confirmations` (status "anchored").
/// A failed check is status "invalid"; an unusable receipt raises LedgerError. Returns a dict:
/// entry, status, on_chain, checks (list of (check, ok, detail)).
#[pyfunction]
#[pyo3(signature = (receipt, *, rpc=None, anchor=None, deployments=None, confirmations=None))]
pub(crate) fn verify_receipt<'py>(
    py: Python<'py>,
    receipt: PathBuf,
    rpc: Option<String>,
    anchor: Option<String>,
    deployments: Option<PathBuf>,
    confirmations: Option<u64>,
) -> PyResult<Bound<'py, PyDict>> {
    let (r, v) = py.detach(|| -> PyResult<(Receipt, Verification)> {
        let r = Receipt::read(&receipt).map_err(err)?;
        let v = match rpc {
            None => receipt::verify_offline(&r).map_err(err)?,
            Some(url) => {
                let pin = Pin {
                    anchor: pinned_anchor(r.anchor.chain_id, anchor, deployments)?,
                    confirmations: confirmations.unwrap_or(DEFAULT_CONFIRMATIONS),
                };
                runtime()?.block_on(receipt::verify_on_chain(&r, &url, &pin)).map_err(err)?
            }
        };
        Ok((r, v))
    })?;
    let status = match v.status() {
        receipt::Status::Anchored => "anchored",
        receipt::Status::Consistent => "consistent",
        receipt::Status::Invalid => "invalid",
    };
    let d = PyDict::new(py);
    d.set_item("entry", r.entry)?;
    d.set_item("status", status)?;
    d.set_item("on_chain", v.on_chain)?;
    d.set_item(
        "checks",
        v.checks.iter().map(|c| (c.check, c.ok, c.detail.clone())).collect::<Vec<_>>(),
    )?;
    Ok(d)
}

/// Starts the local devnet, as `zkp-ledger devnet up`: three anvil chains from the forge
/// project `root`, contracts deployed, configuration written under `home`. `progress(step)` is
/// called with each step. Returns the state's chains as (name, chain id, RPC URL).
#[pyfunction]
#[pyo3(signature = (home, root, *, base_port=zkp_ledger_devnet::DEFAULT_BASE_PORT, block_time=1, progress=None))]
pub(crate) fn devnet_up(
    py: Python<'_>,
    home: PathBuf,
    root: PathBuf,
    base_port: u16,
    block_time: u64,
    progress: Option<Py<PyAny>>,
) -> PyResult<Vec<(String, u64, String)>> {
    let opts = zkp_ledger_devnet::Options {
        home,
        root,
        base_port,
        block_time: (block_time > 0).then_some(block_time),
    };
    let report = |step: &str| {
        if let Some(cb) = &progress {
            // A failing callback does not stop the devnet: its steps are only reported.
            let _ = Python::attach(|py| cb.call1(py, (step,)).map(drop));
        }
    };
    let (state, _) = py.detach(|| -> PyResult<_> {
        runtime()?.block_on(zkp_ledger_devnet::up(&opts, &report)).map_err(err)
    })?;
    Ok(state.chains.iter().map(|c| (c.name.clone(), c.chain_id, c.rpc_url())).collect())
}

/// Stops the devnet under `home` and removes its state, as `zkp-ledger devnet down`. Returns
/// the names of the chains stopped.
#[pyfunction]
pub(crate) fn devnet_down(py: Python<'_>, home: PathBuf) -> PyResult<Vec<String>> {
    let chains = py.detach(|| zkp_ledger_devnet::down(&home)).map_err(err)?;
    Ok(chains.into_iter().map(|c| c.name).collect())
}
