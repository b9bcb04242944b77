//! `zkp-ledger demo`: the main job end to end on the local devnet, with a short account of each
//! step and its figures.
//!
//! 1. the devnet (three anvil chains with the contracts), started unless already up;
//! 2. keys for both circuits; 3. their verifiers deployed and registered on every chain;
//! 4. the sample dataset notarized (commitment and proof of its column statements);
//! 5. the proof verified by zkp-ledger and by snarkjs;
//! 6. datasets at scale: a generated table of 100,000 rows committed, proven over every row
//!    (`commit`, `prove dataset`, `verify dataset`, run as a user runs them);
//! 7. the statement submitted on chain through StatementRegistry;
//! 8. its ledger entry enqueued among a few thousand others (with the at-scale commitment's and
//!    statement's); 9. served until anchored, with the routing decision explained; 10. the entries
//!    queried; 11. a receipt written and verified offline and on chain; 12. a zero-knowledge proof
//!    that the entry is in the anchored batch, accepted on chain by StatementRegistry.

use std::{
    path::{Path, PathBuf},
    process::Command,
    time::Instant,
};

use alloy::primitives::B256;
use clap::Args;
use eyre::{WrapErr, bail, ensure, eyre};
use serde_json::json;
use zkp_ledger_config::{Config, home_dir};
use zkp_ledger_contracts::{CircuitId, input_words, proof_calldata};
use zkp_ledger_dataset::{
    Specs,
    notarize::{self, notarize},
    parse_scales, read_csv,
};
use zkp_ledger_prover::{CircuitSpec, KeyDir, Verifier, evm::parse_hex_word, inclusion};
use zkp_ledger_store::{BatchState, Store};
use zkp_ledger_submitter::{chain::Chain, now_ms, router, service::Service};

use crate::{
    cmd::deploy_verifier,
    output::{Output, fmt_bytes, fmt_duration, ms},
    util::submit_statement,
};

#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// Working directory for keys, proofs and receipts (emptied first).
    #[arg(long, default_value = "demo-out")]
    dir: PathBuf,
    /// The dataset to notarize.
    #[arg(long, default_value = "examples/training_data.csv")]
    data: PathBuf,
    /// Rows the dataset keys hold.
    #[arg(long, default_value_t = 256)]
    rows: usize,
    /// Columns the dataset keys hold.
    #[arg(long, default_value_t = 8)]
    cols: usize,
    /// Other ledger entries enqueued beside the notarized statement.
    #[arg(long, default_value_t = 4095)]
    entries: usize,
    /// Rows of the generated table the at-scale step commits and proves (0 skips the step).
    /// The chunk key is made once (about a minute) and cached like `zkp-ledger commit`'s.
    #[arg(long, default_value_t = 100_000)]
    scale_rows: u64,
    /// Port of the devnet's first chain, if the demo starts it.
    #[arg(long, default_value_t = zkp_ledger_devnet::DEFAULT_BASE_PORT)]
    base_port: u16,
    /// Stop the devnet at the end if the demo started it (default: leave it up to explore).
    #[arg(long)]
    stop_devnet: bool,
    /// The repository (forge project); default: found from the current directory upwards.
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
}

/// A made-up ledger entry: 32 bytes from a counter (many exceed the field modulus, as real
/// digests do).
fn synthetic_entry(i: u64) -> [u8; 32] {
    let mut x = i.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0xdead_beef;
    crate::util::xorshift_word(&mut x)
}

fn snarkjs_verify(root: &Path, vk: &Path, public: &Path, proof: &Path) -> eyre::Result<bool> {
    let snarkjs = root.join("node_modules/.bin/snarkjs");
    if !snarkjs.exists() {
        bail!("{} is missing: run `npm ci` in the repository root", snarkjs.display());
    }
    let o = Command::new(snarkjs)
        .args(["groth16", "verify"])
        .args([vk, public, proof])
        .output()
        .wrap_err("running snarkjs")?;
    Ok(o.status.success() && String::from_utf8_lossy(&o.stdout).contains("OK"))
}

/// What the at-scale step leaves for the ledger.
struct AtScale {
    /// The commitment's ledger entry.
    entry: [u8; 32],
    /// The checked statement's ledger entry (SHA-256 of statement.json).
    statement_entry: [u8; 32],
}

/// Runs this binary with `args` in `dir`; with `json`, its stdout parsed (the user's view
/// otherwise: its output and progress bar go to the terminal).
fn run_self(dir: &Path, args: &[String], json: bool) -> eyre::Result<serde_json::Value> {
    let exe = std::env::current_exe().wrap_err("locating the zkp-ledger binary")?;
    let mut cmd = Command::new(exe);
    cmd.current_dir(dir);
    if json {
        cmd.arg("--json");
    }
    cmd.args(args);
    if json {
        let o = cmd.output().wrap_err("running zkp-ledger")?;
        ensure!(
            o.status.success(),
            "`zkp-ledger {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&o.stderr)
        );
        Ok(serde_json::from_slice(&o.stdout)?)
    } else {
        let status = cmd.status().wrap_err("running zkp-ledger")?;
        ensure!(status.success(), "`zkp-ledger {}` failed", args.join(" "));
        Ok(serde_json::Value::Null)
    }
}

fn word(v: &serde_json::Value, what: &str) -> eyre::Result<[u8; 32]> {
    let s = v.as_str().ok_or_else(|| eyre!("no {what} in the output"))?;
    Ok(parse_hex_word(s, what)?)
}

impl DemoArgs {
    /// The at-scale step: the table generated by `ingest::synth` (seeded: the same table every
    /// run), then the commands a user runs: `commit`, `prove dataset`, `verify dataset`.
    fn at_scale(&self, say: &dyn Fn(String)) -> eyre::Result<AtScale> {
        use zkp_ledger_dataset::ingest::{Format, synth};
        let dir = self.dir.join("at-scale");
        std::fs::create_dir_all(&dir)?;
        let rows = self.scale_rows;
        let t = Instant::now();
        synth::write_table(&dir.join("table.parquet"), Format::Parquet, rows, 12)?;
        say(format!(
            "table.parquet written in {} (crates/dataset/src/ingest/synth.rs, seed 12): id, age, income decimal(2), score decimal(4), label categorical, member bool, signup timestamp, clicks",
            fmt_duration(t.elapsed())
        ));
        let args = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
        say("$ zkp-ledger commit table.parquet --out commitment".into());
        let c = run_self(&dir, &args(&["commit", "table.parquet", "--out", "commitment"]), true)?;
        let secs = |v: &serde_json::Value| {
            fmt_duration(std::time::Duration::from_secs_f64(v.as_f64().unwrap_or(0.0) / 1e3))
        };
        say(format!(
            "{} rows in {} chunks committed in {}: ledger entry {}",
            c["rows"],
            c["chunks"],
            secs(&c["timings_ms"]["commit"]),
            c["entry"].as_str().unwrap_or("?")
        ));
        let n = rows.to_string();
        let claims = [
            "--range".to_string(),
            "age=18..90".into(),
            "--range".into(),
            "income=0..250000".into(),
            "--mean".into(),
            "income=..250000".into(),
            "--range".into(),
            "score=-1..1".into(),
            "--sumsq-max".into(),
            format!("score={n}"),
            "--range".into(),
            "clicks=0..1000000".into(),
            "--range".into(),
            "signup=2015-01-01..2025-01-01".into(),
            "--in".into(),
            "label=cat,dog,bird,fish,lizard".into(),
            "--count".into(),
            "label=cat:1..".into(),
        ];
        let mut prove =
            args(&["prove", "dataset", "commitment", "--data", "table.parquet", "--out", "proof"]);
        prove.extend(claims.iter().cloned());
        say(format!("$ zkp-ledger {}", prove.join(" ")));
        run_self(&dir, &prove, false)?;
        say("$ zkp-ledger verify dataset proof".into());
        let v = run_self(&dir, &args(&["verify", "dataset", "proof"]), true)?;
        ensure!(v["valid"] == serde_json::json!(true), "the at-scale proof did not verify: {v}");
        for l in v["claims"].as_array().into_iter().flatten() {
            say(format!("holds: {}", l.as_str().unwrap_or("")));
        }
        say(format!(
            "valid: {} chunk proofs and the final proof checked in {}; statement entry {}",
            v["chunks"],
            secs(&v["timings_ms"]["verify"]),
            v["statement_entry"].as_str().unwrap_or("?")
        ));
        Ok(AtScale {
            entry: word(&c["entry"], "commitment entry")?,
            statement_entry: word(&v["statement_entry"], "statement entry")?,
        })
    }

    #[allow(clippy::too_many_lines, reason = "one step after another, each short")]
    pub(crate) fn run(self, out: Output, config: Option<&Path>) -> eyre::Result<()> {
        let t_demo = Instant::now();
        let step = |n: u32, text: &str| out.note(&format!("\n[{n}] {text}"));
        let say = |text: String| out.note(&format!("    {text}"));
        let root = zkp_ledger_devnet::project_root(self.root.as_deref())?;
        if self.dir.exists() {
            std::fs::remove_dir_all(&self.dir)
                .wrap_err_with(|| format!("emptying {}", self.dir.display()))?;
        }
        std::fs::create_dir_all(&self.dir)?;
        let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
        let spinner = out.spinner();

        step(
            1,
            "The devnet: three anvil chains (Sepolia, Arbitrum Sepolia and OP Sepolia chain ids)",
        );
        let home = home_dir();
        let (cfg, started) = match config {
            Some(p) => (Config::discover(Some(p))?.0, false),
            None => {
                let opts = zkp_ledger_devnet::Options {
                    home: home.clone(),
                    root: root.clone(),
                    base_port: self.base_port,
                    block_time: Some(1),
                };
                let t = Instant::now();
                let (cfg, started) =
                    rt.block_on(zkp_ledger_devnet::running_or_up(&opts, &|s| {
                        say(s.to_string());
                    }))?;
                say(if started {
                    format!(
                        "started in {}: LedgerAnchor and StatementRegistry at the same CREATE2 address on every chain, fee stand-ins installed",
                        fmt_duration(t.elapsed())
                    )
                } else {
                    "already running: using it".into()
                });
                (cfg, started)
            }
        };
        for c in &cfg.chains {
            say(format!(
                "{:<17} chain id {:<9} {}",
                c.name,
                c.chain_id,
                zkp_ledger_config::redact_url(&c.rpc_url()?)
            ));
        }

        step(2, "Keys for both circuits (a single-party setup with fresh randomness)");
        let (inc_keys, inc_setup) = KeyDir::setup(
            CircuitSpec::Inclusion { depth: usize::from(cfg.batch.tree_depth) },
            &self.dir.join("keys/inclusion"),
            &spinner,
        )?;
        let (ds_keys, ds_setup) = KeyDir::setup(
            CircuitSpec::Dataset { rows: self.rows, cols: self.cols },
            &self.dir.join("keys/dataset"),
            &spinner,
        )?;
        for (kd, rep) in [(&inc_keys, &inc_setup), (&ds_keys, &ds_setup)] {
            let m = &kd.manifest;
            say(format!(
                "{}: {} constraints, proving key {}, set up in {}",
                m.circuit.describe(),
                m.constraints,
                fmt_bytes(m.files.get("proving_key.bin").map_or(0, |f| f.bytes)),
                fmt_duration(rep.synthesis + rep.keygen + rep.write),
            ));
        }

        step(
            3,
            "Their Solidity verifiers, generated, deployed (CREATE2) and registered in StatementRegistry on every chain",
        );
        let t = Instant::now();
        let logs = self.dir.join("logs");
        for kd in [&ds_keys, &inc_keys] {
            let (name, inclusion, deployed) = spinner.step("deploying verifiers", || {
                deploy_verifier::deploy(&cfg, &kd.dir, &[], &root, &logs)
            })?;
            say(format!(
                "{name} for {} at {} ({})",
                kd.manifest.circuit.describe(),
                deployed.first().map_or("?", |d| d.verifier.as_str()),
                if inclusion {
                    "registered as an inclusion circuit: its root must be anchored"
                } else {
                    "registered"
                }
            ));
        }
        say(format!("deployed and registered in {}", fmt_duration(t.elapsed())));

        step(
            4,
            &format!("Notarize {}: commit to it and prove what it contains", self.data.display()),
        );
        let scales = parse_scales(&["income=2".into(), "loan_amount=2".into(), "update=4".into()])?;
        let dataset = read_csv(&self.data, &scales)?;
        let specs = Specs {
            range: vec![
                "age=18..100".into(),
                "credit_score=300..850".into(),
                "defaulted=0..1".into(),
                "loan_amount=0..500000".into(),
            ],
            sum_max: vec![],
            sumsq_max: vec!["update=1".into()],
        };
        let statements = specs.to_statements(&dataset.schema)?;
        let ds_prover = ds_keys.load_prover(&spinner)?;
        let notarized = spinner.step("proving the dataset statements", || {
            notarize(&ds_prover, &dataset, &statements)
        })?;
        let nd = self.dir.join("notarized");
        notarize::write(&nd, &notarized, &self.data)?;
        let c = &notarized.commitment_json;
        say(format!(
            "{} rows x {} columns committed: {}",
            c.row_count,
            c.schema.columns.len(),
            c.commitment
        ));
        for st in c.described_statements() {
            say(format!("proved  {st}"));
        }
        let tm = notarized.timings;
        say(format!(
            "proof made in {} (witness {}, Groth16 {}); opening.json (secret) in {}",
            fmt_duration(tm.witness + tm.check + tm.prove),
            fmt_duration(tm.witness),
            fmt_duration(tm.prove),
            nd.display()
        ));

        step(
            5,
            "Verify the dataset proof offline: zkp-ledger, then snarkjs (an independent implementation)",
        );
        let t = Instant::now();
        ensure!(
            Verifier::from_key_dir(&ds_keys.dir)?
                .verify_files(&nd.join("proof.json"), &nd.join("public.json"))?,
            "our verifier rejected the demo's proof"
        );
        ensure!(
            c.public_inputs()? == notarized.bundle.inputs,
            "public.json does not match commitment.json"
        );
        say(format!(
            "zkp-ledger: valid in {}, public inputs match commitment.json",
            fmt_duration(t.elapsed())
        ));
        let t = Instant::now();
        ensure!(
            snarkjs_verify(
                &root,
                &ds_keys.dir.join("verification_key.json"),
                &nd.join("public.json"),
                &nd.join("proof.json")
            )?,
            "snarkjs rejected the demo's proof"
        );
        say(format!(
            "snarkjs groth16 verify: OK ({} including node start-up)",
            fmt_duration(t.elapsed())
        ));

        let scale = if self.scale_rows > 0 {
            step(
                6,
                &format!(
                    "Datasets at scale: a generated table of {} rows committed, proven over every row in chunk proofs, verified",
                    self.scale_rows
                ),
            );
            Some(self.at_scale(&say)?)
        } else {
            None
        };

        let signer = zkp_ledger_submitter::signer::load(&cfg.signer)?;
        let statement_chain =
            cfg.chains.first().ok_or_else(|| eyre!("no chain configured"))?.clone();
        step(
            7,
            &format!(
                "Submit the statement on chain: StatementRegistry on {} verifies the proof and records it",
                statement_chain.name
            ),
        );
        let ds_id = CircuitId::parse(&ds_prover.circuit_id, "circuit id")?;
        let words = proof_calldata(&notarized.bundle.proof);
        let sub = rt.block_on(submit_statement(
            &statement_chain,
            &signer,
            ds_id,
            words,
            input_words(&notarized.bundle.inputs),
        ))?;
        say(format!(
            "verified in block {}, gas used {} (transaction {})",
            sub.block, sub.gas_used, sub.tx_hash
        ));
        say(format!(
            "statement hash {} = the ledger entry of this notarization",
            sub.statement_hash
        ));

        step(8, &format!("Enqueue the statement's ledger entry and {} others", self.entries));
        let mut store = Store::open(&cfg.store.path)?;
        let statement: [u8; 32] = sub.statement_hash.0;
        let mut batch_entries: Vec<[u8; 32]> =
            (0..self.entries as u64).map(synthetic_entry).collect();
        let position = batch_entries.len() / 3;
        batch_entries.insert(position, statement);
        if let Some(sc) = &scale {
            batch_entries.push(sc.entry);
            batch_entries.push(sc.statement_entry);
            say("with the at-scale commitment's and its checked statement's entries".into());
        }
        let t = Instant::now();
        let done = store.enqueue(&batch_entries, now_ms())?;
        say(format!(
            "{} new, {} already present, durably committed in {}",
            done.added.len(),
            done.existing.len(),
            fmt_duration(t.elapsed())
        ));

        step(
            9,
            "Serve until anchored: batch, route each batch to the cheapest chain, send, confirm",
        );
        let t = Instant::now();
        let mut service = Service::new(cfg.clone(), signer.clone(), store);
        let indexer = Some(zkp_ledger_indexer::Indexer::new(&cfg)?);
        rt.block_on(crate::cmd::serve::serve(
            &mut service,
            indexer,
            true,
            Box::pin(std::future::pending()),
        ))?;
        let serve_time = t.elapsed();
        let store = &service.store;
        let entry =
            store.entry(&statement)?.ok_or_else(|| eyre!("the statement entry vanished"))?;
        let batch = store
            .batch(entry.batch_id.ok_or_else(|| eyre!("not batched"))?)?
            .ok_or_else(|| eyre!("batch missing"))?;
        ensure!(batch.state == BatchState::Final, "the batch is not final");
        let anchored_chain = batch.chain.clone().unwrap_or_default();
        say(format!(
            "{} batches final in {}",
            store.batch_counts()?.iter().map(|(_, n)| n).sum::<u64>(),
            fmt_duration(serve_time)
        ));
        if let Some(route) = batch.route.as_deref().and_then(router::Decision::from_json) {
            say(format!(
                "the statement's batch ({} entries) went to {}: {}",
                batch.count, anchored_chain, route.reason
            ));
            for e in &route.estimates {
                match &e.skipped {
                    Some(why) => say(format!("  {:<17} skipped: {why}", e.chain)),
                    None => say(format!(
                        "  {:<17} {} gas, total {} ETH (L1 data {} wei)",
                        e.chain, e.gas, e.total_native, e.l1_data_wei
                    )),
                }
            }
        }
        let anchor_tx = service
            .store
            .txs_of_batch(batch.id)?
            .into_iter()
            .find(|t| t.state == zkp_ledger_store::TxState::Mined);
        if let Some(tx) = &anchor_tx {
            let gas = rt.block_on(async {
                let chain = Chain::connect(cfg.chain(&anchored_chain)?).await?;
                Ok::<_, zkp_ledger_submitter::Error>(
                    chain.receipt(B256::from(tx.hash)).await?.map(|r| r.gas_used),
                )
            })?;
            if let Some(gas) = gas {
                say(format!(
                    "anchor transaction: {gas} gas for {} entries ({:.1} gas per entry)",
                    batch.count,
                    gas as f64 / batch.count as f64
                ));
            }
        }

        step(10, "Query the entry (the index follows the contracts' events)");
        let report = zkp_ledger_indexer::query::entry(&service.store, &statement)?;
        ensure!(
            report.status == zkp_ledger_indexer::query::Status::Anchored,
            "the index does not show the entry anchored"
        );
        for a in &report.anchors {
            say(format!(
                "anchored on {} (chain id {}) by {}: seq {}, block {}, {} confirmations, transaction {}",
                a.chain.as_deref().unwrap_or("?"),
                a.chain_id,
                a.contract,
                a.seq,
                a.block_number,
                a.confirmations.map_or("?".into(), |c| c.to_string()),
                a.tx_hash
            ));
        }
        for s in &report.statements {
            say(format!(
                "verified as a statement on {} in block {} (submitted by {})",
                s.chain.as_deref().unwrap_or("?"),
                s.block_number,
                s.submitter
            ));
        }

        if let Some(sc) = &scale {
            for (what, e) in [
                ("the at-scale commitment", sc.entry),
                ("its checked statement", sc.statement_entry),
            ] {
                let r = zkp_ledger_indexer::query::entry(&service.store, &e)?;
                ensure!(
                    r.status == zkp_ledger_indexer::query::Status::Anchored,
                    "{what} is not anchored"
                );
                say(format!(
                    "{what} 0x{} anchored on {}",
                    hex::encode(e),
                    r.anchors.first().and_then(|a| a.chain.as_deref()).unwrap_or("?")
                ));
            }
        }

        step(
            11,
            "A receipt anyone can check: offline from the receipt alone, then against the chain",
        );
        let receipt = zkp_ledger_indexer::receipt::build(&service.store, &statement, None)?;
        let rpath = self.dir.join("receipt.json");
        std::fs::write(&rpath, receipt.to_json())?;
        let off = zkp_ledger_indexer::receipt::verify_offline(&receipt)?;
        ensure!(off.all_hold(), "the receipt fails offline: {:?}", off.failure());
        let chain_cfg = cfg.chain(&anchored_chain)?;
        let pin = zkp_ledger_indexer::receipt::Pin::for_chain(chain_cfg)?;
        let on = rt.block_on(zkp_ledger_indexer::receipt::verify_on_chain(
            &receipt,
            &chain_cfg.rpc_url()?,
            &pin,
        ))?;
        ensure!(
            on.status() == zkp_ledger_indexer::receipt::Status::Anchored,
            "the receipt fails on chain: {:?}",
            on.failure()
        );
        say(format!(
            "{} written; consistent offline (path, position, head) and anchored on chain (our LedgerAnchor {:#x}, anchorOf, block hash, transaction log, {} confirmations)",
            rpath.display(),
            pin.anchor,
            pin.confirmations
        ));

        step(
            12,
            "Prove in zero knowledge that the entry is in the anchored batch; StatementRegistry checks the proof and that the root is anchored",
        );
        let inc_prover = inc_keys.load_prover(&spinner)?;
        let path = entry.path.clone().ok_or_else(|| eyre!("no stored path"))?;
        let (bundle, itm) = spinner.step("proving inclusion", || {
            inclusion::prove_entry(
                &inc_prover,
                &batch.root,
                &statement,
                entry.position.unwrap_or(0),
                &path,
            )
        })?;
        let pd = self.dir.join("inclusion");
        bundle.write(&pd)?;
        let inc_id = CircuitId::parse(&inc_prover.circuit_id, "circuit id")?;
        let inc_sub = rt.block_on(submit_statement(
            chain_cfg,
            &signer,
            inc_id,
            proof_calldata(&bundle.proof),
            input_words(&bundle.inputs),
        ))?;
        say(format!(
            "proof made in {} (Groth16 {}): public inputs are the root and the entry's leaf value only",
            fmt_duration(itm.witness + itm.check + itm.prove),
            fmt_duration(itm.prove)
        ));
        say(format!(
            "accepted on {} in block {}, gas used {}",
            inc_sub.chain, inc_sub.block, inc_sub.gas_used
        ));
        drop(spinner);

        if started && self.stop_devnet {
            zkp_ledger_devnet::down(&home)?;
            say("devnet stopped".into());
        }
        out.result(
            || {
                let mut s = format!("\ndemo finished in {}: every proof verified, on chain and off", fmt_duration(t_demo.elapsed()));
                if started && !self.stop_devnet {
                    s += "\nthe devnet is still up: try `zkp-ledger status`, `zkp-ledger query chain 11155111`, then `zkp-ledger devnet down`";
                }
                s
            },
            || {
                json!({
                    "dir": self.dir,
                    "commitment": c.commitment,
                    "statement_hash": sub.statement_hash,
                    "dataset_prove_ms": ms(tm.witness + tm.check + tm.prove),
                    "statement_submit_gas": sub.gas_used,
                    "anchored_on": anchored_chain,
                    "batch_entries": batch.count,
                    "serve_ms": ms(serve_time),
                    "inclusion_prove_ms": ms(itm.witness + itm.check + itm.prove),
                    "inclusion_submit_gas": inc_sub.gas_used,
                    "receipt": rpath,
                    "at_scale": scale.as_ref().map(|sc| json!({
                        "rows": self.scale_rows,
                        "entry": format!("0x{}", hex::encode(sc.entry)),
                        "statement_entry": format!("0x{}", hex::encode(sc.statement_entry)),
                    })),
                })
            },
        );
        Ok(())
    }
}
