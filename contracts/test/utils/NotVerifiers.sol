// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Contracts that are NOT verifiers: the StatementRegistry tests register them to check that the
// registry refuses anything without a matching CIRCUIT_ID and a valid NUM_PUBLIC_INPUTS, or swap
// one in at a registered verifier's address to check that the registry refuses it. None of them
// ever verifies a proof; proofs in every test go through the real generated verifiers.

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

/// @title AcceptsEverythingNotVerifier
/// @notice The code an attacker would put at a registered verifier's address: it claims the
///         circuit id and input count chosen at deployment, exactly as the real verifier does,
///         and its `verifyProof` and `verifyBatch` (for 2 public inputs, the inclusion
///         circuit's shape) return for any proof. The StatementRegistry tests swap its code in
///         (vm.etch) after registration and check that the registry refuses it.
contract AcceptsEverythingNotVerifier {
    /// @notice The circuit id it claims.
    bytes32 public immutable CIRCUIT_ID;
    /// @notice The number of public inputs it claims.
    uint256 public immutable NUM_PUBLIC_INPUTS;

    constructor(bytes32 circuitId, uint256 numInputs) {
        CIRCUIT_ID = circuitId;
        NUM_PUBLIC_INPUTS = numInputs;
    }

    /// @notice Returns for any proof and inputs.
    function verifyProof(uint256[8] calldata, uint256[2] calldata) external pure {}

    /// @notice Returns for any proofs and inputs.
    function verifyBatch(uint256[8][] calldata, uint256[2][] calldata) external pure {}
}
