//! The local devnet: three anvil nodes on loopback with the chain ids of Sepolia (11155111),
//! Arbitrum Sepolia (421614) and OP Sepolia (11155420); the L2 fee stand-ins installed at the
//! addresses where the real chains have their fee interfaces; LedgerAnchor and StatementRegistry
//! deployed by the project's forge script; and a configuration file every other command uses by
//! default while the devnet is up.
//!
//! The anvil processes outlive the command that starts them (each in its own process group, logs
//! in `<home>/devnet/`); `<home>/devnet/state.json` records them for `status` and `down`.
//! Starting fails cleanly: if any step fails, every process started so far is stopped and no
//! state or configuration is left behind.
//!
//! [`verifier`] deploys generated verifier contracts with the same forge, on the devnet or on any
//! configured chain.

mod error;
pub mod verifier;

use std::{
    fs::File,
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use alloy::{
    primitives::{Address, Bytes},
    providers::ext::AnvilApi,
};
use serde::{Deserialize, Serialize};
use zkp_ledger_config::{
    BatchConfig, ChainConfig, ChainKind, Config, Policy, SignerConfig, StoreConfig, TxConfig,
};

pub use error::{Error, Result};
/// anvil's development accounts (the chain crate's signer owns them).
pub use zkp_ledger_contracts::signer::{ANVIL_KEYS, anvil_key};
use zkp_ledger_contracts::{
    Client,
    l2::{ARB_GAS_INFO, ARB_NODE_INTERFACE, OP_GAS_PRICE_ORACLE},
};

/// The devnet's chains: name, chain id, kind.
pub const CHAINS: [(&str, u64, ChainKind); 3] = [
    ("sepolia", 11_155_111, ChainKind::L1),
    ("arbitrum-sepolia", 421_614, ChainKind::Arbitrum),
    ("op-sepolia", 11_155_420, ChainKind::Op),
];

/// Default port of the first chain; the others follow.
pub const DEFAULT_BASE_PORT: u16 = 8545;

/// Seconds to wait for an anvil node to answer.
const STARTUP_TIMEOUT_SECS: u64 = 20;

/// How to start a devnet.
#[derive(Debug, Clone)]
pub struct Options {
    /// zkp-ledger's home directory (the devnet lives in `<home>/devnet/`).
    pub home: PathBuf,
    /// The repository root (the forge project: foundry.toml, script/, node_modules/).
    pub root: PathBuf,
    /// Port of the first chain; the second and third use the next two.
    pub base_port: u16,
    /// Seconds between blocks; `None` mines a block per transaction (anvil's automine).
    pub block_time: Option<u64>,
}

/// One running chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainState {
    /// Name, e.g. `op-sepolia`.
    pub name: String,
    /// Chain id.
    pub chain_id: u64,
    /// Loopback port.
    pub port: u16,
    /// anvil's process id.
    pub pid: u32,
    /// Its log file.
    pub log: PathBuf,
    /// The deployments file the deploy script wrote.
    pub deployment: PathBuf,
}

impl ChainState {
    /// The chain's RPC URL.
    pub fn rpc_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// `<home>/devnet/state.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    /// The chains.
    pub chains: Vec<ChainState>,
    /// The forge project used.
    pub root: PathBuf,
    /// Deployments directory of this devnet.
    pub deployments_dir: PathBuf,
    /// Unix time it was started.
    pub started_at: u64,
}

fn devnet_dir(home: &Path) -> PathBuf {
    home.join("devnet")
}

fn state_path(home: &Path) -> PathBuf {
    devnet_dir(home).join("state.json")
}

/// Whether process `pid` is alive and is an anvil (guards against recycled process ids).
fn is_anvil(pid: u32) -> bool {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .map(|c| String::from_utf8_lossy(&c).contains("anvil"))
        .unwrap_or(false)
}

/// Stops process `pid`: SIGTERM, then SIGKILL after two seconds.
fn stop_process(pid: u32) {
    use nix::{sys::signal, unistd::Pid};
    let Ok(raw) = i32::try_from(pid) else { return };
    let p = Pid::from_raw(raw);
    if signal::kill(p, signal::Signal::SIGTERM).is_err() {
        return;
    }
    let deadline = Instant::now() + Duration::from_secs(2);
    while Instant::now() < deadline {
        if !is_anvil(pid) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = signal::kill(p, signal::Signal::SIGKILL);
}

/// Reads the state of the devnet under `home`, if one was started.
pub fn read_state(home: &Path) -> Result<Option<State>> {
    let path = state_path(home);
    match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| Error::BadFile { path, problem: e.to_string() }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("reading", path, e)),
    }
}

/// The running devnet's state; `NotRunning` if there is none or its processes are gone.
pub fn running(home: &Path) -> Result<State> {
    match read_state(home)? {
        Some(s) if s.chains.iter().all(|c| is_anvil(c.pid)) => Ok(s),
        _ => Err(Error::NotRunning),
    }
}

/// The repository root (the forge project the devnet deploys from): `explicit`, else the nearest
/// directory upwards from the current one with a foundry.toml and a script/ folder, else the
/// checkout this crate was built from.
pub fn project_root(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    let mut dir = std::env::current_dir().map_err(|e| Error::io("reading", ".", e))?;
    loop {
        if dir.join("foundry.toml").is_file() && dir.join("script").is_dir() {
            return Ok(dir);
        }
        if !dir.pop() {
            break;
        }
    }
    let built = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    if built.join("foundry.toml").is_file() {
        return built.canonicalize().map_err(|e| Error::io("resolving", &built, e));
    }
    Err(Error::ProjectNotFound)
}

/// The configuration of the devnet running for `opts.home` (found as `Config::discover(None)`
/// finds it), or, when none runs, of a devnet started with `opts` (`progress` gets a line per
/// step). The flag is `true` when this call started the devnet.
pub async fn running_or_up(
    opts: &Options,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<(Config, bool)> {
    if running(&opts.home).is_ok() {
        return Ok((Config::discover(None)?.0, false));
    }
    let (_, cfg) = up(opts, progress).await?;
    Ok((cfg, true))
}

/// Processes started so far; stopped and cleaned up unless `commit` is called.
struct Startup {
    pids: Vec<u32>,
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
    committed: bool,
}

impl Startup {
    fn commit(mut self) {
        self.committed = true;
    }
}

impl Drop for Startup {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        for pid in &self.pids {
            stop_process(*pid);
        }
        for f in &self.files {
            let _ = std::fs::remove_file(f);
        }
        for d in &self.dirs {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

fn tool(root: &Path, name: &'static str) -> Result<PathBuf> {
    let p = root.join("node_modules/.bin").join(name);
    if p.exists() { Ok(p) } else { Err(Error::ToolMissing { tool: name, path: p }) }
}

/// Runs forge in the project, holding an exclusive lock on `<root>/cache/zkp-ledger-forge.lock`:
/// devnets started at the same time (parallel tests) would otherwise compile into the same
/// `out/` and `cache/` at once. Secrets (keys, RPC URLs) belong in `envs`, never in `args`: a
/// process's arguments are readable by every local user, its environment only by its owner.
pub fn run_forge(root: &Path, args: &[&str], envs: &[(&str, String)], log: &Path) -> Result<()> {
    let forge = tool(root, "forge")?;
    let lock_dir = root.join("cache");
    std::fs::create_dir_all(&lock_dir).map_err(|e| Error::io("creating", &lock_dir, e))?;
    let lock_path = lock_dir.join("zkp-ledger-forge.lock");
    let lock = File::create(&lock_path).map_err(|e| Error::io("creating", &lock_path, e))?;
    lock.lock().map_err(|e| Error::io("locking", &lock_path, e))?;
    let out = File::create(log).map_err(|e| Error::io("creating", log, e))?;
    let err = out.try_clone().map_err(|e| Error::io("creating", log, e))?;
    let status = Command::new(&forge)
        .args(args)
        .envs(envs.iter().map(|(k, v)| (*k, v.as_str())))
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .status()
        .map_err(|e| Error::io("running", &forge, e))?;
    if !status.success() {
        // Name the subcommand only: arguments may name files the user did not choose to show.
        return Err(Error::Forge {
            command: format!("forge {}", args.first().copied().unwrap_or("")),
            code: status.code(),
            log: log.to_path_buf(),
        });
    }
    Ok(())
}

/// Runtime bytecode of a compiled contract from forge's artifacts.
fn deployed_bytecode(root: &Path, file: &str, contract: &str) -> Result<Bytes> {
    let path = root.join("out").join(file).join(format!("{contract}.json"));
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io("reading", &path, e))?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Error::BadFile { path: path.clone(), problem: e.to_string() })?;
    let hex = v["deployedBytecode"]["object"].as_str().ok_or_else(|| Error::BadFile {
        path: path.clone(),
        problem: "no deployedBytecode.object".into(),
    })?;
    hex.parse::<Bytes>().map_err(|e| Error::BadFile { path, problem: e.to_string() })
}

async fn wait_for_chain(name: &'static str, rpc: &str, chain_id: u64, log: &Path) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(STARTUP_TIMEOUT_SECS);
    loop {
        match Client::connect(name, rpc, chain_id).await {
            Ok(_) => return Ok(()),
            Err(e) if e.is_unreachable() && Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) if e.is_unreachable() => {
                return Err(Error::AnvilTimeout {
                    chain: name,
                    rpc: rpc.into(),
                    seconds: STARTUP_TIMEOUT_SECS,
                    log: log.to_path_buf(),
                });
            }
            Err(e) => return Err(e.into()),
        }
    }
}

async fn set_code(name: &str, rpc: &str, at: Address, code: Bytes) -> Result<()> {
    let client = Client::new(name, rpc)?;
    Ok(client.timed("anvil_setCode", client.provider().anvil_set_code(at, code)).await?)
}

/// Starts the devnet: anvil nodes, fee stand-ins, contracts, configuration. `progress` gets a
/// line per step.
pub async fn up(opts: &Options, progress: &(dyn Fn(&str) + Sync)) -> Result<(State, Config)> {
    let dir = devnet_dir(&opts.home);
    if let Some(state) = read_state(&opts.home)? {
        if state.chains.iter().any(|c| is_anvil(c.pid)) {
            let rpc = state.chains.iter().map(ChainState::rpc_url).collect::<Vec<_>>().join(", ");
            return Err(Error::AlreadyRunning { rpc });
        }
        // A devnet that died without `down` (a reboot, say): clear what it left.
        clean(&opts.home, &state);
    }
    let anvil = tool(&opts.root, "anvil")?;
    for (i, (name, _, _)) in CHAINS.iter().enumerate() {
        let port = opts.base_port.saturating_add(i as u16);
        if TcpListener::bind(("127.0.0.1", port)).is_err() {
            return Err(Error::PortInUse { port, chain: name });
        }
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("creating", &dir, e))?;
    let deployments_dir = opts.root.join("deployments/devnet").join(opts.base_port.to_string());
    let mut guard = Startup {
        pids: vec![],
        files: vec![state_path(&opts.home), zkp_ledger_config::devnet_config_path(&opts.home)],
        dirs: vec![deployments_dir.clone()],
        committed: false,
    };

    progress("compiling contracts (forge build)");
    run_forge(&opts.root, &["build"], &[], &dir.join("forge-build.log"))?;

    let mut chains = Vec::with_capacity(CHAINS.len());
    for (i, (name, chain_id, _)) in CHAINS.iter().enumerate() {
        let port = opts.base_port + i as u16;
        let log = dir.join(format!("anvil-{name}.log"));
        let out = File::create(&log).map_err(|e| Error::io("creating", &log, e))?;
        let err = out.try_clone().map_err(|e| Error::io("creating", &log, e))?;
        let mut cmd = Command::new(&anvil);
        cmd.args([
            "--host",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            "--chain-id",
            &chain_id.to_string(),
        ]);
        if let Some(bt) = opts.block_time {
            cmd.args(["--block-time", &bt.to_string()]);
        }
        use std::os::unix::process::CommandExt;
        let child = cmd
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| Error::io("starting", &anvil, e))?;
        guard.pids.push(child.id());
        chains.push(ChainState {
            name: (*name).into(),
            chain_id: *chain_id,
            port,
            pid: child.id(),
            log,
            deployment: deployments_dir.join(format!("{chain_id}.json")),
        });
    }
    for (c, (name, _, _)) in chains.iter().zip(CHAINS.iter()) {
        progress(&format!("waiting for {name} (chain id {}) on {}", c.chain_id, c.rpc_url()));
        wait_for_chain(name, &c.rpc_url(), c.chain_id, &c.log).await?;
    }

    progress(
        "installing the L2 fee stand-ins (DevnetOpGasPriceOracle, DevnetArbGasInfo, DevnetArbNodeInterface)",
    );
    for (c, (_, _, kind)) in chains.iter().zip(CHAINS.iter()) {
        match kind {
            ChainKind::Op => {
                let code = deployed_bytecode(
                    &opts.root,
                    "DevnetOpGasPriceOracle.sol",
                    "DevnetOpGasPriceOracle",
                )?;
                set_code(&c.name, &c.rpc_url(), OP_GAS_PRICE_ORACLE, code).await?;
            }
            ChainKind::Arbitrum => {
                let code =
                    deployed_bytecode(&opts.root, "DevnetArbGasInfo.sol", "DevnetArbGasInfo")?;
                set_code(&c.name, &c.rpc_url(), ARB_GAS_INFO, code).await?;
                let code = deployed_bytecode(
                    &opts.root,
                    "DevnetArbNodeInterface.sol",
                    "DevnetArbNodeInterface",
                )?;
                set_code(&c.name, &c.rpc_url(), ARB_NODE_INTERFACE, code).await?;
            }
            ChainKind::L1 => {}
        }
    }

    let key = ANVIL_KEYS[0];
    let deployer = format!(
        "{:#x}",
        alloy::signers::local::PrivateKeySigner::from_bytes(&key.parse().map_err(|_| {
            Error::BadFile { path: PathBuf::from("<devnet key>"), problem: "bad key".into() }
        })?)
        .map_err(|e| Error::BadFile {
            path: PathBuf::from("<devnet key>"),
            problem: e.to_string()
        })?
        .address()
    );
    for (c, (name, _, kind)) in chains.iter().zip(CHAINS.iter()) {
        progress(&format!(
            "deploying LedgerAnchor and StatementRegistry on {name} (forge script, CREATE2)"
        ));
        let mut submitters = deployer.clone();
        if *kind == ChainKind::Arbitrum {
            // The NodeInterface stand-in simulates anchor() as itself (and always reverts).
            submitters.push_str(&format!(",{ARB_NODE_INTERFACE:#x}"));
        }
        let rpc = c.rpc_url();
        run_forge(
            &opts.root,
            // The key and the URL go through the environment, never the command line.
            &["script", "script/Deploy.s.sol", "--broadcast", "--slow"],
            &[
                ("FOUNDRY_ETH_RPC_URL", rpc.clone()),
                ("DEPLOYER_PRIVATE_KEY", key.to_string()),
                ("OWNER", deployer.clone()),
                ("SUBMITTERS", submitters),
                ("DEPLOYMENTS_DIR", deployments_dir.to_string_lossy().into_owned()),
            ],
            &dir.join(format!("deploy-{name}.log")),
        )?;
        if !c.deployment.exists() {
            return Err(Error::BadFile {
                path: c.deployment.clone(),
                problem: "the deploy script did not write it".into(),
            });
        }
    }

    let config = Config {
        store: StoreConfig { path: dir.join("ledger.db") },
        signer: SignerConfig::Devnet { index: 0 },
        chains: chains
            .iter()
            .zip(CHAINS.iter())
            .map(|(c, (_, _, kind))| ChainConfig {
                name: c.name.clone(),
                chain_id: c.chain_id,
                kind: *kind,
                rpc_url: Some(c.rpc_url()),
                rpc_url_env: None,
                deployment: c.deployment.clone(),
                confirmations: 2,
            })
            .collect(),
        batch: BatchConfig::default(),
        policy: Policy::default(),
        tx: TxConfig::default(),
    };
    config.validate()?;
    let config_path = zkp_ledger_config::devnet_config_path(&opts.home);
    let header = "# Written by `zkp-ledger devnet up`; removed by `zkp-ledger devnet down`.\n\
                  # Every command uses this file while the devnet is up (unless --config is given).\n";
    write_file(&config_path, &format!("{header}{}", config.to_toml()?))?;
    let state = State {
        chains,
        root: opts.root.clone(),
        deployments_dir,
        started_at: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    };
    write_file(&state_path(&opts.home), &serde_json::to_string_pretty(&state).unwrap_or_default())?;
    guard.commit();
    Ok((state, config))
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text).map_err(|e| Error::io("writing", &tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io("writing", path, e))
}

fn clean(home: &Path, state: &State) {
    let dir = devnet_dir(home);
    for f in ["state.json", "config.toml", "ledger.db", "ledger.db-wal", "ledger.db-shm"] {
        let _ = std::fs::remove_file(dir.join(f));
    }
    let _ = std::fs::remove_dir_all(&state.deployments_dir);
}

/// Stops the devnet under `home` and removes its state, configuration, store and deployments
/// (the chains' state is gone with the nodes). Returns the chains stopped.
pub fn down(home: &Path) -> Result<Vec<ChainState>> {
    let state = read_state(home)?.ok_or(Error::NotRunning)?;
    for c in &state.chains {
        if is_anvil(c.pid) {
            stop_process(c.pid);
        }
    }
    clean(home, &state);
    Ok(state.chains)
}

/// What `status` reports per chain.
#[derive(Debug, Clone, Serialize)]
pub struct ChainStatus {
    /// Name.
    pub name: String,
    /// RPC URL.
    pub rpc_url: String,
    /// Chain id (as reported by the node, if it answered).
    pub chain_id: Option<u64>,
    /// Latest block number, if it answered.
    pub block: Option<u64>,
    /// Whether the anvil process is alive.
    pub alive: bool,
    /// Contract addresses from the deployments file.
    pub contracts: serde_json::Value,
}

/// The running devnet's chains: liveness, chain id, height and contract addresses.
pub async fn status(home: &Path) -> Result<Vec<ChainStatus>> {
    let state = read_state(home)?.ok_or(Error::NotRunning)?;
    let mut out = Vec::with_capacity(state.chains.len());
    for c in &state.chains {
        let alive = is_anvil(c.pid);
        let (mut chain_id, mut block) = (None, None);
        if alive && let Ok(client) = Client::new(&c.name, &c.rpc_url()) {
            chain_id = client.chain_id().await.ok();
            block = client.block_number().await.ok();
        }
        let contracts = std::fs::read_to_string(&c.deployment)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or(serde_json::Value::Null);
        out.push(ChainStatus {
            name: c.name.clone(),
            rpc_url: c.rpc_url(),
            chain_id,
            block,
            alive,
            contracts,
        });
    }
    Ok(out)
}
