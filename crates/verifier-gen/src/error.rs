//! Errors of the verifier generator.

/// Why a verifier could not be generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The contract name is not a Solidity identifier this generator accepts.
    #[error("invalid contract name {name:?}: {reason}")]
    InvalidContractName {
        /// The name given.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The command recorded in the header would not fit in a `//` comment.
    #[error("invalid command for the header: {reason}")]
    InvalidCommand {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The verifying key takes no public inputs: `uint256[0]` is not a Solidity type.
    #[error("the verifying key has no public inputs; a verifier needs at least one")]
    NoPublicInputs,
    /// More public inputs than a contract within EIP-170's size limit can take.
    #[error(
        "the verifying key has {inputs} public inputs; a generated verifier takes at most {max}"
    )]
    TooManyInputs {
        /// Public inputs of the key.
        inputs: usize,
        /// [`crate::MAX_PUBLIC_INPUTS`].
        max: usize,
    },
    /// alpha, beta, gamma or delta is the point at infinity: such a key binds nothing.
    #[error("verifying key point {point} is the point at infinity")]
    KeyPointAtInfinity {
        /// Which point ("alpha", "beta", "gamma" or "delta").
        point: &'static str,
    },
    /// A verifying key point that is not on its curve or not in its prime-order subgroup.
    #[error("verifying key point {point} is not on its curve or not in its prime-order subgroup")]
    KeyPointInvalid {
        /// Which point (`"alpha"`, ..., or `"IC[j]"`).
        point: String,
    },
    /// A key with commitments that the commit template does not support: it takes 1 to
    /// [`crate::MAX_COMMITMENTS`] commitments (for none, generate a plain verifier from the
    /// Groth16 part).
    #[error(
        "the verifying key has {commitments} commitments; a generated commit verifier takes 1 \
         to {max}"
    )]
    UnsupportedCommitments {
        /// Commitments of the key.
        commitments: usize,
        /// [`crate::MAX_COMMITMENTS`].
        max: usize,
    },
    /// A key no honest setup produces, under which proofs can be forged (gamma = delta; for
    /// keys with commitments also sigma 0 or ±1, a commitment's G other than gamma, ...): a
    /// verifier for it would accept statements nobody proved.
    #[error(
        "refusing to generate a verifier: the verifying key is degenerate ({problem}); proofs \
         under it prove nothing"
    )]
    DegenerateKey {
        /// What the prover's key check found ([`zkp_ledger_prover::verify::degeneracy`]).
        problem: &'static str,
    },
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;
