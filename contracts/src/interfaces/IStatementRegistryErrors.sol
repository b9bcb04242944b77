// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IStatementRegistryErrors
/// @notice Custom errors of {StatementRegistry}. `submit` checks in this order and reverts with
///         the first that applies: UnknownCircuit, RevokedCircuit, VerifierCodeChanged,
///         InputCountMismatch, StatementAlreadyVerified, RootNotAnchored, then the verifier's own
///         error (passed through unchanged). `submitBatch` checks UnknownCircuit,
///         RevokedCircuit, VerifierCodeChanged, EmptyBatch, BatchInputCountMismatch, then per
///         statement StatementAlreadyVerified and RootNotAnchored, then the verifier's error.
///         `register` and `registerInclusion` check NotOwner, VerifierHasNoCode, NotAVerifier,
///         CircuitIdMismatch, UnsupportedInputCount, CircuitAlreadyRegistered,
///         CircuitLimitReached. `revoke` checks NotOwner, UnknownCircuit, CircuitAlreadyRevoked.
interface IStatementRegistryErrors {
    /// @notice Fires when a proof is submitted for, or `revoke` is called on, a circuit id that
    ///         has no registered verifier.
    /// @param circuitId The unknown circuit id.
    error UnknownCircuit(bytes32 circuitId);

    /// @notice Fires when a proof is submitted for a circuit the owner has revoked. Statements
    ///         recorded before the revocation stay recorded (see `statementStatus`).
    /// @param circuitId The revoked circuit.
    /// @param revokedAt The block in which it was revoked.
    error RevokedCircuit(bytes32 circuitId, uint64 revokedAt);

    /// @notice Fires when a proof is submitted for a circuit whose verifier's code is no longer
    ///         the code registered: its EXTCODEHASH differs from the one recorded by `register`
    ///         (a metamorphic contract redeployed with other code, or code removed: an account
    ///         without code has the hash keccak256("") or 0).
    /// @param circuitId The circuit.
    /// @param verifier The circuit's verifier address.
    /// @param registeredCodeHash The verifier's code hash at registration.
    /// @param currentCodeHash Its code hash now.
    error VerifierCodeChanged(
        bytes32 circuitId, address verifier, bytes32 registeredCodeHash, bytes32 currentCodeHash
    );

    /// @notice Fires when `submit` is given a number of public inputs other than the circuit's.
    /// @param circuitId The circuit.
    /// @param expected The circuit's number of public inputs (its verifier's NUM_PUBLIC_INPUTS).
    /// @param given The number of inputs passed.
    error InputCountMismatch(bytes32 circuitId, uint256 expected, uint256 given);

    /// @notice Fires when `submitBatch` is given no proofs.
    error EmptyBatch();

    /// @notice Fires when `submitBatch` is given a flat input array whose length is not the
    ///         number of proofs times the circuit's number of public inputs.
    /// @param circuitId The circuit.
    /// @param expected proofs.length * the circuit's number of public inputs.
    /// @param given The length of the flat input array.
    error BatchInputCountMismatch(bytes32 circuitId, uint256 expected, uint256 given);

    /// @notice Fires when a statement (circuit id and public inputs) has been verified before;
    ///         also when one batch holds the same statement twice (then `blockNumber` is the
    ///         current block). A retried submission that already landed ends here, which tells
    ///         the caller where it landed.
    /// @param statementHash keccak256(circuitId ‖ input_0 ‖ … ‖ input_{L-1}).
    /// @param blockNumber The block in which the statement was verified.
    error StatementAlreadyVerified(bytes32 statementHash, uint64 blockNumber);

    /// @notice Fires when a proof of an inclusion circuit names a Merkle root (public input 0)
    ///         that the registry's LedgerAnchor has not anchored.
    /// @param root The root.
    error RootNotAnchored(bytes32 root);

    /// @notice Fires when `register` or `registerInclusion` is given an address without code.
    /// @param verifier The address.
    error VerifierHasNoCode(address verifier);

    /// @notice Fires when `register` or `registerInclusion` is given a contract whose
    ///         `CIRCUIT_ID()` or `NUM_PUBLIC_INPUTS()` call reverts or does not return one word.
    /// @param verifier The contract.
    error NotAVerifier(address verifier);

    /// @notice Fires when the verifier's `CIRCUIT_ID()` is not the circuit id it is registered
    ///         under.
    /// @param circuitId The circuit id given to `register`.
    /// @param verifierCircuitId The verifier's CIRCUIT_ID().
    error CircuitIdMismatch(bytes32 circuitId, bytes32 verifierCircuitId);

    /// @notice Fires when the verifier's `NUM_PUBLIC_INPUTS()` is 0 or above
    ///         MAX_PUBLIC_INPUTS.
    /// @param verifier The verifier.
    /// @param numInputs Its NUM_PUBLIC_INPUTS().
    error UnsupportedInputCount(address verifier, uint256 numInputs);

    /// @notice Fires when a circuit id is registered a second time. A circuit's verifier is
    ///         fixed once registered: the owner can add circuits but never change how an
    ///         existing one is checked.
    /// @param circuitId The circuit id.
    /// @param verifier The verifier it is registered with.
    error CircuitAlreadyRegistered(bytes32 circuitId, address verifier);

    /// @notice Fires when `register` or `registerInclusion` would register more than
    ///         MAX_CIRCUITS circuits (each statement record names its circuit by a number of
    ///         19 bits).
    /// @param maxCircuits MAX_CIRCUITS.
    error CircuitLimitReached(uint256 maxCircuits);

    /// @notice Fires when `revoke` is called on a circuit that is already revoked (revocation
    ///         is permanent and happens once).
    /// @param circuitId The circuit.
    /// @param revokedAt The block in which it was revoked.
    error CircuitAlreadyRevoked(bytes32 circuitId, uint64 revokedAt);

    /// @notice Fires when the constructor is given an anchor address without code.
    /// @param anchor The address.
    error AnchorHasNoCode(address anchor);

    /// @notice Fires when an owner-only function (register, registerInclusion, revoke,
    ///         transferOwnership) is called by any other address.
    /// @param caller The caller that is not the owner.
    error NotOwner(address caller);

    /// @notice Fires when `acceptOwnership` is called by an address other than the pending owner
    ///         (including when no transfer is pending).
    /// @param caller The caller.
    /// @param pendingOwner The pending owner (address(0) when none).
    error NotPendingOwner(address caller, address pendingOwner);

    /// @notice Fires when the constructor is given address(0) as the initial owner.
    error ZeroOwner();
}
