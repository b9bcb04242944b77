// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Contracts that are NOT verifiers: the StatementRegistry tests register them to check that the
// registry refuses anything without a matching CIRCUIT_ID and a valid NUM_PUBLIC_INPUTS. None of
// them ever verifies a proof; proofs in every test go through the real generated verifiers.

/// @title ClaimsIdNotVerifier
/// @notice Answers CIRCUIT_ID() and NUM_PUBLIC_INPUTS() with values chosen at deployment, and
///         nothing else: for the registration checks of the StatementRegistry tests.
contract ClaimsIdNotVerifier {
    /// @notice The circuit id it claims.
    bytes32 public immutable CIRCUIT_ID;
    /// @notice The number of public inputs it claims.
    uint256 public immutable NUM_PUBLIC_INPUTS;

    constructor(bytes32 circuitId, uint256 numInputs) {
        CIRCUIT_ID = circuitId;
        NUM_PUBLIC_INPUTS = numInputs;
    }
}

/// @title NoInputCountNotVerifier
/// @notice Has CIRCUIT_ID() but no NUM_PUBLIC_INPUTS(): not a verifier.
contract NoInputCountNotVerifier {
    /// @notice The circuit id it claims.
    bytes32 public immutable CIRCUIT_ID;

    constructor(bytes32 circuitId) {
        CIRCUIT_ID = circuitId;
    }
}

/// @title ShortAnswerNotVerifier
/// @notice Answers every call with 16 bytes: not a verifier.
contract ShortAnswerNotVerifier {
    fallback() external {
        assembly {
            return(0, 16)
        }
    }
}
