// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IGroth16VerifierErrors
/// @notice The custom errors every verifier made by `zkp-ledger export-verifier` declares (with or
///         without commitments), as the generator writes them (crates/verifier-gen, `ERRORS` and
///         `COMMIT_ERRORS`; a Rust test in crates/contracts checks that the two lists agree with
///         this file). StatementRegistry passes a verifier's revert through, so a proof refused by
///         its verifier reaches the submitter as one of these.
interface IGroth16VerifierErrors {
    /// @notice A proof word is not below the base field modulus q.
    error ProofCoordinateNotInField(uint256 index);

    /// @notice A public input is not below the scalar field modulus r.
    error PublicInputNotInField(uint256 index);

    /// @notice A, B or C is the point at infinity.
    error ProofPointAtInfinity(uint256 point);

    /// @notice A or C is not on the curve.
    error ProofPointNotOnCurve(uint256 point);

    /// @notice B is not in the order-r subgroup of G2.
    error ProofBNotInG2();

    /// @notice The pairing check failed: the proof is not valid for these inputs.
    error ProofInvalid();

    /// @notice A precompile call failed.
    error PrecompileFailed(uint256 precompile);

    /// @notice verifyBatch got `proofs` proofs but `inputs` arrays of public inputs.
    error BatchLengthMismatch(uint256 proofs, uint256 inputs);

    /// @notice verifyBatch got no proofs.
    error EmptyBatch();
}
