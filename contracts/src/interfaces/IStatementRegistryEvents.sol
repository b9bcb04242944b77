// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IStatementRegistryEvents
/// @notice Events emitted by {StatementRegistry}. The off-chain indexer rebuilds the registered
///         circuits and every verified statement from them.
interface IStatementRegistryEvents {
    /// @notice A statement was verified and recorded.
    /// @param statementHash keccak256(circuitId ‖ input_0 ‖ … ‖ input_{L-1}), 32-byte
    /// words.
    /// @param circuitId The circuit the proof was verified against.
    /// @param submitter The caller of `submit` or `submitBatch`.
    /// @param root For an inclusion circuit, its anchored Merkle root (public input 0);
    ///        bytes32(0) for other circuits.
    event StatementVerified(
        bytes32 indexed statementHash,
        bytes32 indexed circuitId,
        address indexed submitter,
        bytes32 root
    );

    /// @notice A circuit was registered with its verifier.
    /// @param circuitId The circuit id (the verifier's CIRCUIT_ID()).
    /// @param verifier The verifier contract.
    /// @param numInputs The verifier's NUM_PUBLIC_INPUTS().
    /// @param inclusion Whether public input 0 must be a root anchored in the LedgerAnchor.
    event CircuitRegistered(
        bytes32 indexed circuitId, address indexed verifier, uint256 numInputs, bool inclusion
    );

    /// @notice The owner revoked a circuit, for good: no proof of it is accepted any more, and
    ///         every statement recorded under it reads as revoked in `statementStatus`.
    /// @param circuitId The revoked circuit.
    /// @param verifier Its verifier.
    event CircuitRevoked(bytes32 indexed circuitId, address indexed verifier);

    /// @notice The owner proposed `newOwner`, who becomes owner once it calls `acceptOwnership`.
    ///         A `newOwner` of address(0) cancels a pending transfer.
    /// @param previousOwner The current owner.
    /// @param newOwner The proposed owner (the new pending owner).
    event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);

    /// @notice Ownership moved from `previousOwner` to `newOwner` (the constructor emits it with
    ///         `previousOwner` = address(0)).
    /// @param previousOwner The former owner.
    /// @param newOwner The new owner.
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
}
