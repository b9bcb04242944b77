//! Errors of the submitter.

/// Submitter errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Store error.
    #[error(transparent)]
    Store(#[from] zkp_ledger_store::Error),
    /// Tree error.
    #[error(transparent)]
    Merkle(#[from] zkp_ledger_merkle::Error),
    /// Configuration error.
    #[error(transparent)]
    Config(#[from] zkp_ledger_config::Error),
    /// A chain: RPC, revert (typed), refusal, signing, deployments file, hex input.
    #[error(transparent)]
    Chain(Box<zkp_ledger_contracts::Error>),
    /// No allowed chain can take a batch now.
    #[error("no chain can anchor the batch: {0}")]
    NoRoute(String),
    /// `policy.max_cost_wei` is not a number of wei that fits 256 bits.
    #[error(
        "policy.max_cost_wei = {value:?} is not a number of wei below 2^256: give a decimal \
         amount, or remove it for no limit"
    )]
    CostLimit {
        /// The configured text.
        value: String,
    },
}

impl Error {
    /// The contract's error, if this is a revert.
    pub fn contract_error(&self) -> Option<&zkp_ledger_contracts::ContractError> {
        match self {
            Self::Chain(e) => e.contract_error(),
            _ => None,
        }
    }
}

impl From<zkp_ledger_contracts::Error> for Error {
    fn from(e: zkp_ledger_contracts::Error) -> Self {
        // Boxed: the chain's error keeps alloy's errors whole and is large.
        Self::Chain(Box::new(e))
    }
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;
