//! The submitter on the devnet: every entry anchored once, routing by cost, stuck transactions
//! replaced, reorgs re-anchored, crashes survived, bad input refused with nothing lost.

use std::{
    path::Path,
    process::{Child, Stdio},
    time::{Duration, Instant},
};

use serde_json::json;
use zkp_ledger_store::{BatchState, Store};

use crate::support::*;

const CHAINS: [(&str, u64); 3] =
    [("sepolia", 11_155_111), ("arbitrum-sepolia", 421_614), ("op-sepolia", 11_155_420)];

fn digests(n: usize, seed: u8) -> Vec<String> {
    (0..n)
        .map(|i| {
            let mut d = [seed; 32];
            d[..8].copy_from_slice(&(i as u64).to_be_bytes());
            d[8] = 0xee;
            format!("0x{}", hex::encode(d))
        })
        .collect()
}

/// The devnet's configuration with some settings changed (written next to it).
fn config_with(d: &Devnet, edit: impl FnOnce(&mut toml::Table)) -> std::path::PathBuf {
    let text = std::fs::read_to_string(d.config_path()).unwrap();
    let mut t: toml::Table = text.parse().unwrap();
    edit(&mut t);
    let p = d.home.path().join(format!("config-{}.toml", rand_suffix()));
    std::fs::write(&p, toml::to_string(&t).unwrap()).unwrap();
    p
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
}

fn set(t: &mut toml::Table, section: &str, key: &str, v: toml::Value) {
    t.entry(section)
        .or_insert_with(|| toml::Value::Table(toml::Table::new()))
        .as_table_mut()
        .unwrap()
        .insert(key.into(), v);
}

fn enqueue(d: &Devnet, cfg: &Path, entries: &[String]) {
    let file = d.home.path().join(format!("entries-{}.txt", rand_suffix()));
    std::fs::write(&file, entries.join("\n")).unwrap();
    let o =
        d.cmd(&["--config", cfg.to_str().unwrap(), "enqueue", "--file", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

fn serve_until_idle(d: &Devnet, cfg: &Path, timeout: Duration) {
    let mut child = d
        .command(&["--config", cfg.to_str().unwrap(), "serve", "--until-idle"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            use std::io::Read;
            child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
            assert!(status.success(), "serve failed:\n{err}");
            return;
        }
        if start.elapsed() > timeout {
            child.kill().unwrap();
            let mut err = String::new();
            use std::io::Read;
            child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
            panic!("serve did not finish within {timeout:?}:\n{err}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn store_of(cfg: &Path) -> Store {
    let c = zkp_ledger_config::Config::load(cfg).unwrap();
    Store::open(&c.store.path).unwrap()
}

/// `anchorOf(root)` on chain `i` of the devnet: the count (0: not anchored).
fn anchored_count(d: &Devnet, i: usize, anchor: &str, root: &[u8; 32]) -> u64 {
    // anchorOf(bytes32) selector.
    let sel = &alloy::primitives::keccak256("anchorOf(bytes32)")[..4];
    let data = format!("0x{}{}", hex::encode(sel), hex::encode(root));
    let out = hex_bytes(&rpc_call(
        &d.rpc(i),
        "eth_call",
        json!([{ "to": anchor, "data": data }, "latest"]),
    ));
    u64::from_be_bytes(out[24..32].try_into().unwrap())
}

/// Anchored logs for `root` on chain `i` (canonical chain, all blocks).
fn anchored_logs(d: &Devnet, i: usize, anchor: &str, root: &[u8; 32]) -> usize {
    let topic0 = format!(
        "{:#x}",
        alloy::primitives::keccak256("Anchored(bytes32,uint64,uint64,bytes32,bytes32)")
    );
    let logs = rpc_call(
        &d.rpc(i),
        "eth_getLogs",
        json!([{ "address": anchor, "fromBlock": "0x0", "toBlock": "latest", "topics": [topic0, format!("0x{}", hex::encode(root))] }]),
    );
    logs.as_array().unwrap().len()
}

/// Every entry is in exactly one final batch, anchored exactly once, on its chain only.
fn assert_all_anchored_once(d: &Devnet, cfg: &Path, expected_entries: usize) {
    let store = store_of(cfg);
    let (total, fin) = store.entry_counts().unwrap();
    assert_eq!(
        (total as usize, fin as usize),
        (expected_entries, expected_entries),
        "entries in final batches"
    );
    assert_eq!(store.queued_count().unwrap(), 0);
    let anchor = d.deployment(CHAINS[0].1)["ledgerAnchor"]["address"].as_str().unwrap().to_string();
    for b in store.batches_in(BatchState::Final).unwrap() {
        let chain = b.chain.clone().unwrap();
        for (i, (name, _)) in CHAINS.iter().enumerate() {
            let logs = anchored_logs(d, i, &anchor, &b.root);
            if *name == chain {
                assert_eq!(
                    anchored_count(d, i, &anchor, &b.root),
                    b.count,
                    "batch {} on {name}",
                    b.id
                );
                assert_eq!(logs, 1, "batch {} anchored {logs} times on {name}", b.id);
            } else {
                assert_eq!(logs, 0, "batch {} (on {chain}) also anchored on {name}", b.id);
            }
        }
    }
}

#[test]
fn serve_anchors_every_entry_exactly_once() {
    let d = Devnet::up();
    let cfg = config_with(&d, |t| set(t, "batch", "max_entries", toml::Value::Integer(100)));
    enqueue(&d, &cfg, &digests(350, 1));
    // The same entries again: one entry each.
    enqueue(&d, &cfg, &digests(350, 1)[..50]);
    serve_until_idle(&d, &cfg, Duration::from_secs(180));
    assert_all_anchored_once(&d, &cfg, 350);
    let store = store_of(&cfg);
    assert_eq!(store.batches_in(BatchState::Final).unwrap().len(), 4);
    // Status reports it.
    let o = d.cmd(&["--config", cfg.to_str().unwrap(), "--json", "status"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["final_entries"], 350);
}

#[test]
fn routing_follows_the_op_l1_fee_and_skips_an_unreachable_chain() {
    let d = Devnet::up();
    // OP and Sepolia only; Sepolia's base fee pushed to 1,000 gwei (EIP-1559 lets it fall by at
    // most 12.5% a block, so it stays far above OP's for the rest of the test).
    let cfg = config_with(&d, |t| {
        set(t, "policy", "chains", toml::Value::Array(vec!["op-sepolia".into(), "sepolia".into()]));
    });
    rpc_call(
        &d.rpc(0),
        "anvil_setNextBlockBaseFeePerGas",
        json!([format!("{:#x}", 1_000_000_000_000u64)]),
    );
    std::thread::sleep(Duration::from_millis(2500));
    let route = |cfg: &Path| -> serde_json::Value {
        let o = d.cmd(&["--config", cfg.to_str().unwrap(), "--json", "route", "--count", "1024"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        // The choice is the cheapest usable chain of the table.
        let cheapest = v["estimates"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["skipped"].is_null())
            .min_by_key(|e| e["total_wei"].as_u64().unwrap())
            .map(|e| e["chain"].clone());
        assert_eq!(cheapest.unwrap_or(serde_json::Value::Null), v["chosen"], "{v:#}");
        v
    };
    let op = d.rpc(2);
    let oracle = "0x420000000000000000000000000000000000000F";
    let cast = |args: &[&str]| {
        let o = std::process::Command::new(repo_root().join("node_modules/.bin/cast"))
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "cast {args:?}: {}", stderr(&o));
    };
    let key = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    // OP's L1 data fee near zero: OP is cheapest.
    cast(&["send", "--rpc-url", &op, "--private-key", key, oracle, "setL1BaseFee(uint256)", "1"]);
    cast(&["send", "--rpc-url", &op, "--private-key", key, oracle, "setBlobBaseFee(uint256)", "1"]);
    let v = route(&cfg);
    assert_eq!(v["chosen"], "op-sepolia", "{v:#}");
    let est = |v: &serde_json::Value, chain: &str| {
        v["estimates"].as_array().unwrap().iter().find(|e| e["chain"] == chain).unwrap().clone()
    };
    assert!(est(&v, "op-sepolia")["l1_data_wei"].as_u64().unwrap() < 1_000_000);
    // OP's L1 base fee raised to 1 ETH per gas: its data fee dominates and batches go elsewhere.
    cast(&[
        "send",
        "--rpc-url",
        &op,
        "--private-key",
        key,
        oracle,
        "setL1BaseFee(uint256)",
        "1000000000000000000",
    ]);
    let v2 = route(&cfg);
    assert_eq!(v2["chosen"], "sepolia", "{v2:#}");
    assert!(
        est(&v2, "op-sepolia")["l1_data_wei"].as_u64().unwrap_or(u64::MAX)
            > est(&v2, "sepolia")["total_wei"].as_u64().unwrap(),
        "{v2:#}"
    );

    // Sepolia's RPC down: it is skipped with the reason, and OP takes the batch again.
    let dead = free_ports();
    let cfg2 = config_with(&d, |t| {
        set(t, "policy", "chains", toml::Value::Array(vec!["op-sepolia".into(), "sepolia".into()]));
        let chains = t.get_mut("chains").unwrap().as_array_mut().unwrap();
        let c = chains.iter_mut().find(|c| c["name"].as_str() == Some("sepolia")).unwrap();
        c.as_table_mut()
            .unwrap()
            .insert("rpc_url".into(), toml::Value::String(format!("http://127.0.0.1:{dead}")));
    });
    let v3 = route(&cfg2);
    assert!(est(&v3, "sepolia")["skipped"].as_str().is_some(), "{v3:#}");
    assert_eq!(v3["chosen"], "op-sepolia", "{v3:#}");
    // The table explains itself.
    let o = d.cmd(&["--config", cfg2.to_str().unwrap(), "route", "--explain", "--count", "64"]);
    assert!(stdout(&o).contains("sepolia") && stdout(&o).contains("skipped"), "{}", stdout(&o));
}

/// Mining paused and the base fee raised: the transaction is replaced with higher fees, then
/// mined once mining resumes.
#[test]
fn a_stuck_transaction_is_replaced_and_mined() {
    let d = Devnet::up();
    // One chain only, quick replacement.
    let cfg = config_with(&d, |t| {
        set(t, "policy", "chains", toml::Value::Array(vec![toml::Value::String("sepolia".into())]));
        set(t, "tx", "resubmit_after_ms", toml::Value::Integer(1500));
        set(t, "batch", "max_age_ms", toml::Value::Integer(100));
    });
    let rpc = d.rpc(0);
    rpc_call(&rpc, "evm_setIntervalMining", json!([0]));
    rpc_call(&rpc, "evm_setAutomine", json!([false]));
    enqueue(&d, &cfg, &digests(10, 2));
    let mut serve = d
        .command(&["--config", cfg.to_str().unwrap(), "serve"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until a transaction is pending, then raise the next base fee above its max fee.
    let store_path = zkp_ledger_config::Config::load(&cfg).unwrap().store.path;
    let first_fee = wait_for(Duration::from_secs(60), || {
        let s = Store::open(&store_path).ok()?;
        let b = s.batches_in(BatchState::Sending).ok()?.into_iter().next()?;
        s.txs_of_batch(b.id).ok()?.first().map(|t| t.max_fee)
    });
    rpc_call(&rpc, "anvil_setNextBlockBaseFeePerGas", json!([format!("{:#x}", first_fee * 2)]));
    // Wait for a replacement.
    wait_for(Duration::from_secs(60), || {
        let s = Store::open(&store_path).ok()?;
        let b = s.batches_in(BatchState::Sending).ok()?.into_iter().next()?;
        let txs = s.txs_of_batch(b.id).ok()?;
        (txs.len() >= 2).then_some(())
    });
    // Resume mining; the batch gets mined and final.
    rpc_call(&rpc, "evm_setIntervalMining", json!([1]));
    wait_for(Duration::from_secs(60), || {
        let s = Store::open(&store_path).ok()?;
        (s.batches_in(BatchState::Final).ok()?.len() == 1).then_some(())
    });
    kill(&mut serve);
    let s = Store::open(&store_path).unwrap();
    let b = &s.batches_in(BatchState::Final).unwrap()[0];
    let txs = s.txs_of_batch(b.id).unwrap();
    let mined: Vec<_> =
        txs.iter().filter(|t| t.state == zkp_ledger_store::TxState::Mined).collect();
    assert_eq!(mined.len(), 1);
    assert!(
        mined[0].max_fee * 100 >= txs[0].max_fee * 110,
        "replacement raised the fee by at least 10%"
    );
    assert!(mined[0].max_priority_fee * 100 >= txs[0].max_priority_fee * 110);
    assert_eq!(mined[0].nonce, txs[0].nonce, "a replacement keeps the nonce");
    assert_all_anchored_once(&d, &cfg, 10);
}

/// The largest number of this store's final batches anchored in one block of one chain: above
/// 1, several were in flight together.
fn most_anchors_in_one_block(cfg: &Path) -> usize {
    let mut blocks: Vec<(String, u64)> = store_of(cfg)
        .batches_in(BatchState::Final)
        .unwrap()
        .into_iter()
        .map(|b| (b.chain.unwrap(), b.block_number.unwrap()))
        .collect();
    blocks.sort();
    blocks.chunk_by(|a, b| a == b).map(<[_]>::len).max().unwrap_or(0)
}

/// Waits until `n` batches are in flight on the chain at once: sending, each with a broadcast
/// transaction, at distinct nonces.
fn wait_in_flight(store_path: &Path, n: usize) {
    wait_for(Duration::from_secs(60), || {
        let s = Store::open(store_path).ok()?;
        let mut nonces = Vec::new();
        for b in s.batches_in(BatchState::Sending).ok()? {
            let txs = s.txs_of_batch(b.id).ok()?;
            let t = txs.iter().find(|t| t.state == zkp_ledger_store::TxState::Pending)?;
            nonces.push(t.nonce);
        }
        nonces.sort_unstable();
        nonces.dedup();
        (nonces.len() >= n).then_some(())
    });
}

/// Anchors in flight together (one block holds them all) removed by a rollback are anchored
/// again, each exactly once on the canonical chain.
#[test]
fn reorged_anchors_in_flight_together_are_anchored_again_exactly_once() {
    let d = Devnet::up();
    let cfg = config_with(&d, |t| {
        set(
            t,
            "policy",
            "chains",
            toml::Value::Array(vec![toml::Value::String("op-sepolia".into())]),
        );
        set(t, "batch", "max_entries", toml::Value::Integer(4));
        set(t, "batch", "max_age_ms", toml::Value::Integer(100));
        set(t, "tx", "resubmit_after_ms", toml::Value::Integer(2000));
        let chains = t.get_mut("chains").unwrap().as_array_mut().unwrap();
        for c in chains {
            c.as_table_mut().unwrap().insert("confirmations".into(), toml::Value::Integer(4));
        }
    });
    let rpc = d.rpc(2);
    let store_path = zkp_ledger_config::Config::load(&cfg).unwrap().store.path;
    enqueue(&d, &cfg, &digests(20, 3));
    // Nothing is mined until all five anchors are in flight.
    rpc_call(&rpc, "evm_setIntervalMining", json!([0]));
    let mut serve = d
        .command(&["--config", cfg.to_str().unwrap(), "serve"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_in_flight(&store_path, 5);
    rpc_call(&rpc, "evm_mine", json!([]));
    let (block, first_hash) = wait_for(Duration::from_secs(60), || {
        let s = Store::open(&store_path).ok()?;
        let mined = s.batches_in(BatchState::Mined).ok()?;
        (mined.len() == 5).then_some(())?;
        mined.first().and_then(|b| Some((b.block_number?, b.block_hash?)))
    });
    // Roll back to before the anchors' block, then mine again.
    let latest = u64::from_str_radix(
        rpc_call(&rpc, "eth_blockNumber", json!([])).as_str().unwrap().trim_start_matches("0x"),
        16,
    )
    .unwrap();
    rpc_call(&rpc, "anvil_rollback", json!([latest - block + 1]));
    rpc_call(&rpc, "evm_setIntervalMining", json!([1]));
    wait_for(Duration::from_secs(90), || {
        let s = Store::open(&store_path).ok()?;
        (s.batches_in(BatchState::Final).ok()?.len() == 5).then_some(())
    });
    kill(&mut serve);
    let s = Store::open(&store_path).unwrap();
    for b in s.batches_in(BatchState::Final).unwrap() {
        assert_ne!(
            b.block_hash,
            Some(first_hash),
            "batch {} is final in the block the rollback removed",
            b.id
        );
    }
    assert_all_anchored_once(&d, &cfg, 20);
}

/// Another submitter's anchor lands ahead of five of ours in flight: ours revert with
/// `StaleHead` (their `prev` was predicted on a head that never came), are sent again from the
/// chain's new head once the pipeline has drained, and each is anchored exactly once.
#[test]
fn anchors_in_flight_behind_a_foreign_anchor_are_sent_again_and_anchored_once() {
    let d = Devnet::up();
    let anchor = d.deployment(CHAINS[0].1)["ledgerAnchor"]["address"].as_str().unwrap().to_string();
    let rpc = d.rpc(0);
    let acct = |i: u32| {
        let k: alloy::signers::local::PrivateKeySigner =
            zkp_ledger_devnet::anvil_key(i).unwrap().parse().unwrap();
        format!("{:#x}", k.address())
    };
    let sel = |sig: &str| hex::encode(&alloy::primitives::keccak256(sig)[..4]);
    // The owner (account 0) authorises account 1, the other submitter.
    let data =
        format!("0x{}{:0>64}", sel("addSubmitter(address)"), acct(1).trim_start_matches("0x"));
    rpc_call(&rpc, "eth_sendTransaction", json!([{ "from": acct(0), "to": anchor, "data": data }]));
    std::thread::sleep(Duration::from_millis(2500));
    let cfg = config_with(&d, |t| {
        set(t, "policy", "chains", toml::Value::Array(vec![toml::Value::String("sepolia".into())]));
        set(t, "batch", "max_entries", toml::Value::Integer(3));
        set(t, "batch", "max_age_ms", toml::Value::Integer(100));
        set(t, "tx", "resubmit_after_ms", toml::Value::Integer(3000));
    });
    let store_path = zkp_ledger_config::Config::load(&cfg).unwrap().store.path;
    enqueue(&d, &cfg, &digests(15, 6));
    rpc_call(&rpc, "evm_setIntervalMining", json!([0]));
    let mut serve = d
        .command(&["--config", cfg.to_str().unwrap(), "serve"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_in_flight(&store_path, 5);
    // Account 1 anchors a root of its own on the current head, paying more priority so that
    // the block orders it first.
    let head = rpc_call(
        &rpc,
        "eth_call",
        json!([{ "to": anchor, "data": format!("0x{}", sel("head()")) }, "latest"]),
    );
    let data = format!(
        "0x{}{:0>64}{:0>64}{}",
        sel("anchor(bytes32,uint64,bytes32)"),
        "77",
        "1",
        head.as_str().unwrap().trim_start_matches("0x")
    );
    rpc_call(
        &rpc,
        "eth_sendTransaction",
        json!([{ "from": acct(1), "to": anchor, "data": data, "gas": "0x30000",
                 "maxFeePerGas": "0xe8d4a51000", "maxPriorityFeePerGas": "0x174876e800" }]),
    );
    rpc_call(&rpc, "evm_setIntervalMining", json!([1]));
    wait_for(Duration::from_secs(120), || {
        let s = Store::open(&store_path).ok()?;
        (s.batches_in(BatchState::Final).ok()?.len() == 5).then_some(())
    });
    kill(&mut serve);
    let s = Store::open(&store_path).unwrap();
    let failed: usize = s
        .batches_in(BatchState::Final)
        .unwrap()
        .iter()
        .map(|b| {
            s.txs_of_batch(b.id)
                .unwrap()
                .iter()
                .filter(|t| t.state == zkp_ledger_store::TxState::Failed)
                .count()
        })
        .sum();
    assert!(failed >= 1, "no anchor of ours reverted: the foreign anchor did not land first");
    assert_all_anchored_once(&d, &cfg, 15);
}

/// `policy.max_pending`: once the cheapest chain has that many batches waiting, the next ones go
/// to the next cheapest, and `route --explain` says why.
#[test]
fn a_backlog_on_the_cheapest_chain_spreads_over_the_others() {
    let d = Devnet::up();
    let cfg = config_with(&d, |t| {
        // Sepolia costs about a thousandth of the Arbitrum devnet's anchor: without the limit,
        // every batch would go there.
        let chains = ["sepolia", "arbitrum-sepolia"].map(|c| toml::Value::String(c.into()));
        set(t, "policy", "chains", toml::Value::Array(chains.to_vec()));
        set(t, "policy", "max_pending", toml::Value::Integer(2));
        set(t, "batch", "max_entries", toml::Value::Integer(4));
        set(t, "batch", "max_age_ms", toml::Value::Integer(100));
    });
    // Sepolia mines nothing for now: its batches stay in flight.
    rpc_call(&d.rpc(0), "evm_setIntervalMining", json!([0]));
    let store_path = zkp_ledger_config::Config::load(&cfg).unwrap().store.path;
    enqueue(&d, &cfg, &digests(24, 7));
    let mut serve = d
        .command(&["--config", cfg.to_str().unwrap(), "serve"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Every batch routed, and everything not on Sepolia mined.
    wait_for(Duration::from_secs(60), || {
        let s = Store::open(&store_path).ok()?;
        let waiting_elsewhere = s.batch_counts_by_chain().ok()?.iter().any(|(c, st, n)| {
            *n > 0
                && c.as_deref() != Some("sepolia")
                && matches!(st, BatchState::Closed | BatchState::Routed | BatchState::Sending)
        });
        (s.queued_count().ok()? == 0 && !waiting_elsewhere).then_some(())
    });
    kill(&mut serve);
    let s = Store::open(&store_path).unwrap();
    let on_sepolia = s
        .batch_counts_by_chain()
        .unwrap()
        .iter()
        .filter(|(c, _, _)| c.as_deref() == Some("sepolia"))
        .map(|(_, _, n)| *n)
        .sum::<u64>();
    assert_eq!(on_sepolia, 2, "sepolia holds exactly policy.max_pending batches");
    let o = d.cmd(&["--config", cfg.to_str().unwrap(), "route", "--explain"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("backlog full: 2 batches waiting"), "{text}");
    assert!(text.contains("cheaper sepolia (2 batches waiting)"), "{text}");
    rpc_call(&d.rpc(0), "evm_setIntervalMining", json!([1]));
    serve_until_idle(&d, &cfg, Duration::from_secs(120));
    let chains: std::collections::BTreeSet<String> = store_of(&cfg)
        .batches_in(BatchState::Final)
        .unwrap()
        .into_iter()
        .filter_map(|b| b.chain)
        .collect();
    assert_eq!(chains.len(), 2, "the backlog did not spread: {chains:?}");
    assert_all_anchored_once(&d, &cfg, 24);
}

/// SIGKILL the service at random moments while entries flow in; after restarts, every entry is
/// in exactly one anchored batch.
#[test]
fn crashes_lose_nothing_and_anchor_nothing_twice() {
    let d = Devnet::up();
    let cfg = config_with(&d, |t| {
        set(t, "batch", "max_entries", toml::Value::Integer(5));
        set(t, "batch", "max_age_ms", toml::Value::Integer(300));
        set(t, "tx", "resubmit_after_ms", toml::Value::Integer(3000));
        set(t, "tx", "poll_interval_ms", toml::Value::Integer(100));
    });
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut rand = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut total = 0;
    for round in 0..12u8 {
        let n = 10 + rand(40) as usize;
        enqueue(&d, &cfg, &digests(n, 10 + round));
        total += n;
        let mut serve = d
            .command(&["--config", cfg.to_str().unwrap(), "serve"])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(100 + rand(2500)));
        // SIGKILL: no chance to clean up.
        serve.kill().unwrap();
        serve.wait().unwrap();
    }
    serve_until_idle(&d, &cfg, Duration::from_secs(300));
    assert_all_anchored_once(&d, &cfg, total);
    assert!(most_anchors_in_one_block(&cfg) > 1, "no two batches were ever in flight together");
}

/// Bad input is refused with a clear error and loses nothing.
#[test]
fn bad_input_is_refused_and_nothing_is_lost() {
    let d = Devnet::up();
    let cfg = config_with(&d, |t| set(t, "batch", "max_age_ms", toml::Value::Integer(100)));
    let c = cfg.to_str().unwrap();
    // Malformed digests: refused before anything is written.
    let o = d.cmd(&["--config", c, "enqueue", "0x1234", &digests(1, 4)[0]]);
    assert!(!o.status.success() && stderr(&o).contains("argument 1"), "{}", stderr(&o));
    assert_eq!(store_of(&cfg).queued_count().unwrap(), 0);
    // An unknown chain in the policy.
    let bad = config_with(&d, |t| {
        set(t, "policy", "chains", toml::Value::Array(vec![toml::Value::String("mainnet".into())]));
    });
    let o = d.cmd(&["--config", bad.to_str().unwrap(), "status"]);
    assert!(
        !o.status.success() && stderr(&o).contains("unknown chain \"mainnet\""),
        "{}",
        stderr(&o)
    );
    // A wrong chain id for an endpoint: that chain is skipped, saying why.
    let wrong = config_with(&d, |t| {
        let chains = t.get_mut("chains").unwrap().as_array_mut().unwrap();
        chains[0].as_table_mut().unwrap().insert("rpc_url".into(), toml::Value::String(d.rpc(2)));
    });
    let o = d.cmd(&["--config", wrong.to_str().unwrap(), "--json", "route", "--count", "8"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let s = v["estimates"][0]["skipped"].as_str().unwrap_or_default().to_string();
    assert!(s.contains("chain id 11155420"), "{v:#}");
    // An account without funds: every chain skipped; entries stay queued; with a funded account
    // they are anchored.
    enqueue(&d, &cfg, &digests(5, 5));
    let poor = config_with(&d, |t| {
        let mut signer = toml::Table::new();
        signer.insert("kind".into(), toml::Value::String("env".into()));
        signer.insert("var".into(), toml::Value::String("POOR_KEY".into()));
        t.insert("signer".into(), toml::Value::Table(signer));
    });
    let poor_key = "0x1111111111111111111111111111111111111111111111111111111111111111";
    let poor_route = || -> serde_json::Value {
        let o = d
            .command(&["--config", poor.to_str().unwrap(), "--json", "route", "--count", "8"])
            .env("POOR_KEY", poor_key)
            .output()
            .unwrap();
        serde_json::from_str(&stdout(&o)).unwrap()
    };
    // Not a submitter yet: said in words.
    let v = poor_route();
    assert!(
        v["estimates"][0]["skipped"]
            .as_str()
            .unwrap_or("")
            .contains("is not an authorised submitter"),
        "{v:#}"
    );
    // Authorised on every chain, but without funds.
    let poor_addr = "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A";
    let anchor = d.deployment(CHAINS[0].1)["ledgerAnchor"]["address"].as_str().unwrap().to_string();
    for i in 0..3 {
        let o = std::process::Command::new(repo_root().join("node_modules/.bin/cast"))
            .args([
                "send",
                "--rpc-url",
                &d.rpc(i),
                "--private-key",
                "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
                &anchor,
                "addSubmitter(address)",
                poor_addr,
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let v = poor_route();
    assert!(v["chosen"].is_null(), "{v:#}");
    assert!(
        v["estimates"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["skipped"].as_str().unwrap_or("").contains("holds 0")),
        "{v:#}"
    );
    let mut serve = d
        .command(&["--config", poor.to_str().unwrap(), "serve"])
        .env("POOR_KEY", poor_key)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(3));
    kill(&mut serve);
    let s = store_of(&cfg);
    assert_eq!(s.entry_counts().unwrap().1, 0, "nothing anchored without funds");
    assert!(
        s.batches_in(BatchState::Closed).unwrap().len() == 1 || s.queued_count().unwrap() == 5,
        "the entries wait"
    );
    drop(s);
    serve_until_idle(&d, &cfg, Duration::from_secs(120));
    assert_all_anchored_once(&d, &cfg, 5);
}

/// A change of signing key with a batch in flight: the new key waits for the old key's
/// transaction (it neither replaces it nor sends a second anchor), and the batch is anchored
/// exactly once, by that transaction.
#[test]
fn a_signer_change_with_a_batch_in_flight_never_anchors_twice() {
    use alloy::signers::local::PrivateKeySigner;
    let d = Devnet::up();
    let key =
        |i: u32| -> PrivateKeySigner { zkp_ledger_devnet::anvil_key(i).unwrap().parse().unwrap() };
    let (acct0, acct1) = (key(0).address(), key(1).address());
    let anchor = d.deployment(CHAINS[0].1)["ledgerAnchor"]["address"].as_str().unwrap().to_string();
    let rpc = d.rpc(0);
    // The owner (account 0, unlocked on anvil) authorises account 1 as a submitter.
    let sel = |sig: &str| hex::encode(&alloy::primitives::keccak256(sig)[..4]);
    let data = format!("0x{}{:0>64}", sel("addSubmitter(address)"), hex::encode(acct1));
    rpc_call(
        &rpc,
        "eth_sendTransaction",
        json!([{ "from": format!("{acct0:#x}"), "to": anchor, "data": data }]),
    );
    let is_submitter = format!("0x{}{:0>64}", sel("isSubmitter(address)"), hex::encode(acct1));
    wait_for(Duration::from_secs(30), || {
        let out =
            rpc_call(&rpc, "eth_call", json!([{ "to": anchor, "data": is_submitter }, "latest"]));
        out.as_str().unwrap().ends_with('1').then_some(())
    });
    let with_signer = |index: i64| {
        config_with(&d, move |t| {
            set(
                t,
                "policy",
                "chains",
                toml::Value::Array(vec![toml::Value::String("sepolia".into())]),
            );
            set(t, "batch", "max_age_ms", toml::Value::Integer(100));
            set(t, "tx", "resubmit_after_ms", toml::Value::Integer(1500));
            set(t, "signer", "index", toml::Value::Integer(index));
        })
    };
    let (cfg1, cfg0) = (with_signer(1), with_signer(0));
    let store_path = zkp_ledger_config::Config::load(&cfg1).unwrap().store.path;
    // Account 1 signs and broadcasts the anchor while nothing is mined.
    rpc_call(&rpc, "evm_setIntervalMining", json!([0]));
    rpc_call(&rpc, "evm_setAutomine", json!([false]));
    enqueue(&d, &cfg1, &digests(10, 4));
    let mut serve = d
        .command(&["--config", cfg1.to_str().unwrap(), "serve"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for(Duration::from_secs(60), || {
        let s = Store::open(&store_path).ok()?;
        let b = s.batches_in(BatchState::Sending).ok()?.into_iter().next()?;
        let txs = s.txs_of_batch(b.id).ok()?;
        txs.iter().any(|t| t.state == zkp_ledger_store::TxState::Pending).then_some(())
    });
    kill(&mut serve);
    // The operator switches to account 0 (whose nonce is far past account 1's) and restarts.
    let mut serve = d
        .command(&["--config", cfg0.to_str().unwrap(), "serve"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Several resubmit periods pass with nothing mined.
    std::thread::sleep(Duration::from_secs(5));
    rpc_call(&rpc, "evm_setIntervalMining", json!([1]));
    wait_for(Duration::from_secs(90), || {
        let s = Store::open(&store_path).ok()?;
        (s.batches_in(BatchState::Final).ok()?.len() == 1).then_some(())
    });
    kill(&mut serve);
    let s = Store::open(&store_path).unwrap();
    let b = &s.batches_in(BatchState::Final).unwrap()[0];
    let txs = s.txs_of_batch(b.id).unwrap();
    assert!(
        txs.iter().all(|t| t.sender == acct1.0.0),
        "account 0 signed an anchor while account 1's was in flight: {txs:?}"
    );
    let mined: Vec<_> =
        txs.iter().filter(|t| t.state == zkp_ledger_store::TxState::Mined).collect();
    assert_eq!(mined.len(), 1);
    assert_all_anchored_once(&d, &cfg0, 10);
}

fn wait_for<T>(timeout: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(start.elapsed() < timeout, "timed out after {timeout:?}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn kill(c: &mut Child) {
    let _ = c.kill();
    let _ = c.wait();
}
