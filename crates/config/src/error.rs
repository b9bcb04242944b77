//! Errors of the configuration crate.

use std::path::PathBuf;

/// Configuration errors: each says which setting is wrong and what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No configuration file could be found.
    #[error(
        "no configuration: start the local devnet (`zkp-ledger devnet up`), pass --config FILE, \
         or set ZKP_LEDGER_CONFIG"
    )]
    NotFound,
    /// Reading the file failed.
    #[error("reading {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML of the expected shape (unknown keys are errors too).
    #[error("{path}: {source}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parser's message, with the line.
        #[source]
        source: toml::de::Error,
    },
    /// A value that parses but is not acceptable.
    #[error("invalid configuration: {setting}: {problem}")]
    Invalid {
        /// Which setting (e.g. `chains[1].rpc_url`).
        setting: String,
        /// What is wrong.
        problem: String,
    },
    /// An environment variable the configuration names is not set.
    #[error("{setting} names the environment variable {var}, which is not set")]
    MissingEnv {
        /// Which setting.
        setting: String,
        /// The variable.
        var: String,
    },
    /// A chain name that is not configured.
    #[error("unknown chain {name:?}; configured chains: {known}")]
    UnknownChain {
        /// The name given.
        name: String,
        /// Names configured, comma-separated.
        known: String,
    },
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;
