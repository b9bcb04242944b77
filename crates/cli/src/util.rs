//! Helpers several subcommands share: the configured store, logging, the process's proof
//! metrics, a statement submitted on a configured chain, and the arguments that name keys
//! (chunk keys, and the verifying key of `--keys`, `--zkey` or `--vk`). Output formatting lives
//! in `output.rs`; everything else a command does is a library call.

use std::path::{Path, PathBuf};

use alloy::{primitives::U256, signers::local::PrivateKeySigner};
use ark_bn254::Bn254;
use ark_groth16::VerifyingKey;
use clap::Args;
use eyre::{WrapErr, eyre};
use zkp_ledger_circuits::chunked::chunk::ChunkShape;
use zkp_ledger_config::{ChainConfig, Config};
use zkp_ledger_contracts::CircuitId;
use zkp_ledger_dataset::{
    chunked::ChunkKeys,
    flow::{self, Event, KeyOptions},
    ingest::Schema,
};
use zkp_ledger_metrics::{labels, metrics, names};
use zkp_ledger_prover::{
    CircuitSpec, KeyDir,
    evm::circuit_id_hex,
    snarkjs::{VerificationKeyJson, read_json},
};
use zkp_ledger_store::Store;
use zkp_ledger_submitter::{
    chain::Chain,
    registry::{self, Submitted},
};

use crate::output::{Output, Spinner};

/// Opens the store named by the configuration (`--config`, `$ZKP_LEDGER_CONFIG`, the devnet's,
/// with `$ZKP_LEDGER_DB` overriding the path).
pub(crate) fn open_store(config: Option<&Path>) -> eyre::Result<(Store, Config)> {
    let (cfg, _) = Config::discover(config)?;
    let store = Store::open(&cfg.store.path)?;
    Ok((store, cfg))
}

/// Starts logging on stderr: `RUST_LOG` decides the level (default info).
pub(crate) fn init_logs(format: &str) {
    use tracing_subscriber::{EnvFilter, fmt};
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    use std::io::IsTerminal;
    let builder = fmt()
        .with_env_filter(filter)
        .with_writer(|| crate::output::RedactingStderr)
        .with_target(false)
        .with_ansi(std::io::stderr().is_terminal());
    let _ = if format == "json" { builder.json().try_init() } else { builder.try_init() };
}

/// Records one proof's making time in the process's metrics (a no-op unless a recorder is
/// installed: `serve --metrics`, or `--metrics-file` for one command).
pub(crate) fn record_proof(kind: &'static str, took: std::time::Duration) {
    metrics::histogram!(names::PROOF_DURATION, "kind" => kind).record(took.as_secs_f64());
}

/// Records one proof verification's result in the process's metrics.
pub(crate) fn record_verification(kind: &'static str, ok: bool) {
    let result = if ok { labels::OK } else { labels::FAILED };
    metrics::counter!(names::VERIFICATIONS, "kind" => kind, "result" => result).increment(1);
}

/// Has StatementRegistry on the configured chain `chain` verify a proof (its EVM words) and
/// record the statement.
pub(crate) async fn submit_statement(
    chain: &ChainConfig,
    signer: &PrivateKeySigner,
    circuit_id: CircuitId,
    proof: [U256; 8],
    inputs: Vec<U256>,
) -> zkp_ledger_submitter::Result<Submitted> {
    let chain = Chain::connect(chain).await?;
    registry::submit(&chain, signer, circuit_id, proof, inputs).await
}

/// Where chunk keys are cached, and their shape.
#[derive(Debug, Args)]
pub(crate) struct KeyArgs {
    /// Directory of cached chunk keys (made once per shape, reused for every dataset). Default:
    /// $ZKP_LEDGER_KEY_CACHE, else $XDG_CACHE_HOME/zkp-ledger/chunk-keys, else
    /// ~/.cache/zkp-ledger/chunk-keys.
    #[arg(long, value_name = "DIR")]
    keys: Option<PathBuf>,
    /// Chunk size as a power of two of constraints: 20 gives 11,539 rows of 8 columns per chunk
    /// proof (about a minute of key generation once, then seconds per chunk).
    #[arg(long, value_name = "N", default_value_t = flow::DEFAULT_CHUNK_LOG2, value_parser = clap::value_parser!(u32).range(10..=24))]
    chunk_log2: u32,
    /// Elements a membership set (--in) may have.
    #[arg(long, value_name = "K", default_value_t = flow::DEFAULT_SET_SIZE, value_parser = clap::value_parser!(u32).range(1..=256))]
    set_size: u32,
    /// Bits per range-check limb (16: tables of 2^16, 4 lookups per 64-bit check; smaller keys
    /// for small chunks with fewer bits).
    #[arg(long, value_name = "B", default_value_t = flow::DEFAULT_LIMB_BITS, value_parser = clap::value_parser!(u32).range(1..=16))]
    limb_bits: u32,
}

impl KeyArgs {
    /// The library's key options.
    pub(crate) fn options(&self) -> KeyOptions {
        KeyOptions {
            cache: self.keys.clone(),
            chunk_log2: self.chunk_log2,
            set_size: self.set_size,
            limb_bits: self.limb_bits,
        }
    }

    pub(crate) fn cache(&self) -> eyre::Result<PathBuf> {
        Ok(self.options().cache_dir()?)
    }

    pub(crate) fn shape(&self, schema: &Schema) -> eyre::Result<ChunkShape> {
        Ok(self.options().shape(schema)?)
    }
}

/// Shows the library's key events: a note when a key is made, a spinner while it loads.
pub(crate) fn key_events(out: Output, spinner: &Spinner, e: &Event<'_>) {
    use zkp_ledger_prover::Progress;
    match e {
        Event::MakingKey { dir, shape } => out.note(&format!(
            "making the chunk key for {} rows x {} numeric + {} categorical columns (once; cached in {})",
            shape.rows,
            shape.numeric,
            shape.categorical,
            dir.display()
        )),
        Event::LoadingKey => spinner.start("loading the chunk key"),
        Event::KeyLoaded(t) => spinner.finish("loading the chunk key", *t),
        _ => {}
    }
}

/// Loads (or makes once, with a note) the chunk keys of `shape`.
pub(crate) fn load_keys(out: Output, cache: &Path, shape: &ChunkShape) -> eyre::Result<ChunkKeys> {
    let spinner = out.spinner();
    Ok(flow::load_keys(cache, shape, &mut |e| key_events(out, &spinner, &e))?)
}

/// The verifying key a verifier is generated from, with its circuit id.
#[derive(Debug)]
pub(crate) struct VerifierKey {
    /// The verifying key the contract embeds.
    pub(crate) vk: VerifyingKey<Bn254>,
    /// Its circuit id, `0x`-hex (keccak256 of the key's canonical words).
    pub(crate) circuit_id: String,
    /// Whether it is an inclusion circuit (registered with `registerInclusion`): only a
    /// built-in inclusion key directory is.
    pub(crate) inclusion: bool,
    /// The option that named the key, for the generated file's header (`--keys DIR`, ...).
    pub(crate) source: String,
}

impl VerifierKey {
    /// A key directory's verifying key (checked against its manifest) and the manifest's id.
    pub(crate) fn from_keys(dir: &Path) -> eyre::Result<Self> {
        let kd = KeyDir::open(dir)?;
        Ok(Self {
            inclusion: matches!(kd.manifest.circuit, CircuitSpec::Inclusion { .. }),
            circuit_id: kd.manifest.circuit_id.clone(),
            vk: kd.vk,
            source: format!("--keys {}", dir.display()),
        })
    }

    /// The verifying key of a snarkjs zkey.
    pub(crate) fn from_zkey(path: &Path) -> eyre::Result<Self> {
        let zkey = zkp_ledger_circom::Zkey::read_with_memo(
            path,
            zkp_ledger_circom::SubgroupMemo::default_location().as_ref(),
        )
        .wrap_err_with(|| format!("reading {}", path.display()))?;
        Ok(Self::derived(zkey.verifying_key().clone(), format!("--zkey {}", path.display())))
    }

    /// A snarkjs verification_key.json.
    pub(crate) fn from_vk(path: &Path) -> eyre::Result<Self> {
        let vk = read_json::<VerificationKeyJson>(path)?.to_vk()?;
        Ok(Self::derived(vk, format!("--vk {}", path.display())))
    }

    fn derived(vk: VerifyingKey<Bn254>, source: String) -> Self {
        Self { circuit_id: circuit_id_hex(&vk), vk, inclusion: false, source }
    }

    /// The key named by exactly one of the three options.
    pub(crate) fn from_options(
        keys: Option<&Path>,
        zkey: Option<&Path>,
        vk: Option<&Path>,
    ) -> eyre::Result<Self> {
        match (keys, zkey, vk) {
            (Some(dir), None, None) => Self::from_keys(dir),
            (None, Some(path), None) => Self::from_zkey(path),
            (None, None, Some(path)) => Self::from_vk(path),
            _ => Err(eyre!("give one of --keys, --zkey or --vk")),
        }
    }
}

/// One xorshift64 step of `state`, returning the new state: the synthetic data of the demo
/// and the benchmarks (deterministic filler, not randomness for anything else).
pub(crate) fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// Four [`xorshift`] steps as a 32-byte word (big-endian), a synthetic ledger entry.
pub(crate) fn xorshift_word(state: &mut u64) -> [u8; 32] {
    let mut out = [0u8; 32];
    for chunk in out.chunks_mut(8) {
        chunk.copy_from_slice(&xorshift(state).to_be_bytes());
    }
    out
}
