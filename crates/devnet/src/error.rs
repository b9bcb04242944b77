//! Errors of the devnet crate.

use std::path::PathBuf;

/// Devnet errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A devnet is already running for this home directory.
    #[error("the devnet is already running ({rpc}); stop it first with `zkp-ledger devnet down`")]
    AlreadyRunning {
        /// Its RPC URLs, comma-separated.
        rpc: String,
    },
    /// No devnet is running for this home directory.
    #[error("no devnet is running (start one with `zkp-ledger devnet up`)")]
    NotRunning,
    /// A port the devnet needs is taken.
    #[error(
        "port {port} on 127.0.0.1 is in use (needed for the {chain} chain); free it or pick other ports with --base-port"
    )]
    PortInUse {
        /// The port.
        port: u16,
        /// Which chain wanted it.
        chain: &'static str,
    },
    /// A tool of the pinned toolchain is missing.
    #[error("{tool} not found at {path}: run `npm ci` in the repository root")]
    ToolMissing {
        /// anvil or forge.
        tool: &'static str,
        /// Where it was looked for.
        path: PathBuf,
    },
    /// A forge step failed.
    #[error("`{command}` failed (exit {code:?}); its output is in {log}")]
    Forge {
        /// The command, without secrets.
        command: String,
        /// Exit code.
        code: Option<i32>,
        /// Log file.
        log: PathBuf,
    },
    /// An anvil process did not come up.
    #[error("anvil for {chain} did not answer on {rpc} within {seconds} s; its log: {log}")]
    AnvilTimeout {
        /// Which chain.
        chain: &'static str,
        /// Its RPC URL.
        rpc: String,
        /// Seconds waited.
        seconds: u64,
        /// Log file.
        log: PathBuf,
    },
    /// A file the devnet needs is missing or malformed.
    #[error("{path}: {problem}")]
    BadFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// File system error.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A chain: RPC, wrong chain id.
    #[error(transparent)]
    Chain(Box<zkp_ledger_contracts::Error>),
    /// Configuration error.
    #[error(transparent)]
    Config(#[from] zkp_ledger_config::Error),
    /// A circuit id too short to name its verifier contract.
    #[error("bad circuit id {circuit_id}")]
    BadCircuitId {
        /// The id as given.
        circuit_id: String,
    },
    /// The configured devnet signer names an account anvil does not have.
    #[error("no devnet account {index}")]
    NoDevnetAccount {
        /// The configured account index.
        index: u32,
    },
    /// An environment variable the configured signer needs is not set.
    #[error("{var} is not set ({what})")]
    EnvMissing {
        /// The variable.
        var: String,
        /// What it should hold.
        what: &'static str,
    },
    /// No forge project (foundry.toml) was found.
    #[error(
        "cannot find the zkp-ledger repository (foundry.toml): run from inside it or pass --root"
    )]
    ProjectNotFound,
    /// Writing a generated file.
    #[error(transparent)]
    Write(#[from] zkp_ledger_prover::Error),
}

impl From<zkp_ledger_contracts::Error> for Error {
    fn from(e: zkp_ledger_contracts::Error) -> Self {
        // Boxed: the chain's error keeps alloy's errors whole and is large.
        Self::Chain(Box::new(e))
    }
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

impl Error {
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        Self::Io { action, path: path.into(), source }
    }
}
