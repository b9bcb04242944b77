//! Test support: a real anvil on a free loopback port (killed on drop), LedgerAnchor deployed
//! from forge's artifact, batches closed in a real store the way the submitter's batcher does,
//! and a configuration pointing at all of it.

use std::{
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::OnceLock,
    time::{Duration, Instant},
};

use alloy::{
    network::TransactionBuilder,
    primitives::{Address, B256, Bytes, U256},
    providers::{DynProvider, Provider, ProviderBuilder},
    rpc::types::TransactionRequest,
    signers::local::PrivateKeySigner,
    sol_types::SolValue,
};
use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField};
use zkp_ledger_config::{
    BatchConfig, ChainConfig, ChainKind, Config, Policy, SignerConfig, StoreConfig, TxConfig,
};
use zkp_ledger_contracts::ILedgerAnchor;
use zkp_ledger_merkle::{Tree, entry_value};
use zkp_ledger_store::{Bytes32, Store};

/// anvil's first development account (public test key from anvil's default mnemonic).
pub(crate) const ANVIL_KEY: &str =
    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
/// Batch tree depth (the configured default).
pub(crate) const DEPTH: usize = 20;

/// The repository root.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// A free loopback port (bound to port 0, then released).
pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A running anvil, killed when dropped.
pub(crate) struct Anvil {
    child: Child,
    /// Its RPC URL.
    pub(crate) url: String,
    /// Chain id.
    pub(crate) chain_id: u64,
}

impl Drop for Anvil {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Anvil {
    /// Starts anvil with `chain_id` and waits until it answers.
    pub(crate) async fn start(chain_id: u64) -> Self {
        let bin = root().join("node_modules/.bin/anvil");
        assert!(bin.exists(), "{} is missing: run `npm ci`", bin.display());
        for _ in 0..5 {
            let port = free_port();
            let child = Command::new(&bin)
                .args([
                    "--host",
                    "127.0.0.1",
                    "--port",
                    &port.to_string(),
                    "--chain-id",
                    &chain_id.to_string(),
                ])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let anvil = Self { child, url: format!("http://127.0.0.1:{port}"), chain_id };
            let p = anvil.provider();
            let deadline = Instant::now() + Duration::from_secs(20);
            while Instant::now() < deadline {
                if let Ok(id) = p.get_chain_id().await {
                    assert_eq!(id, chain_id);
                    return anvil;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            // The port was taken between choosing it and anvil binding it: try another.
        }
        panic!("anvil did not start");
    }

    /// A provider without a wallet.
    pub(crate) fn provider(&self) -> DynProvider {
        ProviderBuilder::new().connect_http(self.url.parse().unwrap()).erased()
    }

    /// A provider that signs with anvil's first account.
    pub(crate) fn wallet(&self) -> DynProvider {
        let signer: PrivateKeySigner = ANVIL_KEY.parse().unwrap();
        ProviderBuilder::new().wallet(signer).connect_http(self.url.parse().unwrap()).erased()
    }

    /// The first account.
    pub(crate) fn account(&self) -> Address {
        ANVIL_KEY.parse::<PrivateKeySigner>().unwrap().address()
    }
}

/// Creation bytecode of a contract from forge's artifacts (building them once if missing).
pub(crate) fn creation_code(file: &str, contract: &str) -> Bytes {
    static BUILT: OnceLock<()> = OnceLock::new();
    let path = root().join("out").join(file).join(format!("{contract}.json"));
    if !path.exists() {
        BUILT.get_or_init(|| {
            let status = Command::new(root().join("node_modules/.bin/forge"))
                .arg("build")
                .current_dir(root())
                .stdin(Stdio::null())
                .status()
                .unwrap();
            assert!(status.success(), "forge build failed");
        });
    }
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    v["bytecode"]["object"].as_str().unwrap().parse().unwrap()
}

/// Deploys LedgerAnchor owned by anvil's first account, which it also makes a submitter.
/// Returns the address and the block the deployment is in.
pub(crate) async fn deploy_anchor(anvil: &Anvil) -> (Address, u64) {
    let w = anvil.wallet();
    let mut code = creation_code("LedgerAnchor.sol", "LedgerAnchor").to_vec();
    code.extend_from_slice(&anvil.account().abi_encode());
    let r = w
        .send_transaction(TransactionRequest::default().with_deploy_code(code))
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    let addr = r.contract_address.unwrap();
    let c = ILedgerAnchor::new(addr, &w);
    c.addSubmitter(anvil.account()).send().await.unwrap().get_receipt().await.unwrap();
    (addr, r.block_number.unwrap())
}

/// Anchors `root` with `count` entries on top of the current head. Returns the tx hash.
pub(crate) async fn anchor(anvil: &Anvil, at: Address, root: Bytes32, count: u64) -> B256 {
    let w = anvil.wallet();
    let c = ILedgerAnchor::new(at, &w);
    let head = c.head().call().await.unwrap();
    let r =
        c.anchor(B256::from(root), count, head).send().await.unwrap().get_receipt().await.unwrap();
    assert!(r.status());
    r.transaction_hash
}

/// Mines `n` empty blocks.
pub(crate) async fn mine(anvil: &Anvil, n: u64) {
    let p = anvil.provider();
    let _: serde_json::Value = p.raw_request("anvil_mine".into(), (U256::from(n),)).await.unwrap();
}

/// The big-endian bytes of a field element (as the submitter stores roots and paths).
pub(crate) fn fr_to_bytes(x: &Fr) -> Bytes32 {
    let mut out = [0u8; 32];
    let be = x.into_bigint().to_bytes_be();
    out[32 - be.len()..].copy_from_slice(&be);
    out
}

/// Distinct entries from a seed.
pub(crate) fn entries(seed: u8, n: usize) -> Vec<Bytes32> {
    (0..n)
        .map(|i| {
            let mut d = [seed; 32];
            d[24..].copy_from_slice(&(i as u64).to_be_bytes());
            d
        })
        .collect()
}

/// Enqueues `digests` and closes them as one batch, as the submitter's batcher does: the tree
/// of their leaf values, every entry's path. Returns (batch id, root).
pub(crate) fn close_batch(store: &mut Store, digests: &[Bytes32]) -> (i64, Bytes32) {
    store.enqueue(digests, 1).unwrap();
    let ids: Vec<i64> = digests.iter().map(|d| store.entry(d).unwrap().unwrap().id).collect();
    let values: Vec<Fr> = digests.iter().map(entry_value).collect();
    let tree = Tree::new(DEPTH, &values).unwrap();
    let paths: Vec<Vec<Bytes32>> = (0..digests.len() as u64)
        .map(|i| tree.proof(i).unwrap().siblings.iter().map(fr_to_bytes).collect())
        .collect();
    let root = fr_to_bytes(&tree.root());
    let id = store.close_batch(&ids, &root, DEPTH as u32, &paths, 2).unwrap();
    (id, root)
}

/// Writes `deployments/<chainId>.json` (the deploy script's format) under `dir`.
pub(crate) fn write_deployment(
    dir: &Path,
    chain_id: u64,
    anchor: Address,
    start_block: u64,
) -> PathBuf {
    let path = dir.join(format!("{chain_id}.json"));
    let json = serde_json::json!({
        "chainId": chain_id,
        "ledgerAnchor": { "address": anchor, "startBlock": start_block },
        "statementRegistry": { "address": Address::ZERO, "startBlock": 0 },
        "verifiers": {}
    });
    std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    path
}

/// A configuration with one chain.
pub(crate) fn config(store: &Path, anvil: &Anvil, deployment: PathBuf) -> Config {
    Config {
        store: StoreConfig { path: store.to_path_buf() },
        signer: SignerConfig::Devnet { index: 0 },
        chains: vec![ChainConfig {
            name: "local".into(),
            chain_id: anvil.chain_id,
            kind: ChainKind::L1,
            rpc_url: Some(anvil.url.clone()),
            rpc_url_env: None,
            deployment,
            confirmations: 1,
        }],
        batch: BatchConfig::default(),
        policy: Policy::default(),
        tx: TxConfig::default(),
    }
}
