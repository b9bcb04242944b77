//! Errors of the Poseidon crate.

/// Errors returned by the Poseidon functions.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The number of inputs is outside the supported range.
    #[error("poseidon supports {min}..={max} inputs, got {got}")]
    UnsupportedArity {
        /// Inputs given.
        got: usize,
        /// Smallest supported number of inputs.
        min: usize,
        /// Largest supported number of inputs.
        max: usize,
    },
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;
