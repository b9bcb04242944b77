// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IStatementRegistryErrors} from "./IStatementRegistryErrors.sol";
import {IStatementRegistryEvents} from "./IStatementRegistryEvents.sol";

/// @title IStatementRegistry
/// @notice Records statements proven with zkp-ledger's Groth16 verifiers. A statement is a
///         circuit id and the public inputs of a proof; it is named by its statement hash
///
///             statementHash = keccak256(circuitId ‖ input_0 ‖ … ‖ input_{L-1})
///
///         i.e. the keccak256 of 32 × (1 + L) bytes, every input a 32-byte big-endian word (what
///         zkp-ledger's Rust side computes as `evm::statement_hash`). Anyone can submit a proof;
///         the registry has it checked by the circuit's generated verifier and records the
///         block in which the statement was verified, once.
///
///         The owner's powers, all of them: register a new circuit id with its verifier (once
///         per id, checked against the verifier's own CIRCUIT_ID() and pinned to the verifier's
///         code hash), revoke a circuit (permanent: no later proof of it is accepted), and
///         hand ownership over (two steps). The owner cannot remove or alter a recorded
///         statement, cannot point a registered circuit id at another verifier or re-register
///         it (also not after revoking it), cannot un-revoke, and cannot make a proof pass that
///         the verifier rejects. So a statement's record ("verified in block N under circuit
///         X") is permanent; what can change afterwards is that X is revoked, which
///         `statementStatus` shows next to the record. A verifier found to be wrong (a bug, a
///         key from a compromised setup) is revoked and a corrected one registered under its
///         own circuit id.
///
///         A verifier is pinned to its code: `register` records its EXTCODEHASH, and every
///         submission refuses a verifier whose code hash has changed since (VerifierCodeChanged),
///         e.g. a metamorphic contract redeployed at the same address with other code. The code
///         hash pins only the verifier's own code: a proxy whose implementation changes keeps
///         its code hash, so the owner must register only self-contained verifiers (zkp-ledger's
///         generated verifiers call nothing but the BN254 precompiles and never DELEGATECALL).
///         The CIRCUIT_ID() check at registration binds the id to what the verifier claims; the
///         code hash binds that claim to code anyone can read and check against the key.
///
///         An inclusion circuit's public input 0 is a batch Merkle root, and its statements are
///         accepted only while that root is anchored in the registry's LedgerAnchor (anchors are
///         permanent).
///
///         Verifier interface expected (zkp-ledger's generated verifiers), with L fixed per
///         contract: `CIRCUIT_ID() returns (bytes32)`, `NUM_PUBLIC_INPUTS() returns (uint256)`,
///         `verifyProof(uint256[8] proof, uint256[L] input)` and
///         `verifyBatch(uint256[8][] proofs, uint256[L][] inputs)`, which return nothing and
///         revert with a typed error unless every proof is valid.
interface IStatementRegistry is IStatementRegistryEvents, IStatementRegistryErrors {
    /// @notice Verifies a proof of circuit `circuitId` and records its statement.
    /// @dev Permissionless. Reverts with UnknownCircuit, RevokedCircuit, VerifierCodeChanged,
    ///      InputCountMismatch, StatementAlreadyVerified or RootNotAnchored, checked in that
    ///      order, then with the verifier's own revert data, unchanged (e.g. its ProofInvalid()).
    ///      Emits {StatementVerified}.
    /// @param circuitId The circuit.
    /// @param proof The proof's 8 calldata words: A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x,
    ///        C.y.
    /// @param inputs The public inputs; exactly the circuit's number of them.
    /// @return statementHash The recorded statement's hash.
    function submit(bytes32 circuitId, uint256[8] calldata proof, uint256[] calldata inputs)
        external
        returns (bytes32 statementHash);

    /// @notice Verifies several proofs of circuit `circuitId` at once (the verifier's
    ///         `verifyBatch`) and records every statement.
    /// @dev Permissionless. Reverts with UnknownCircuit, RevokedCircuit, VerifierCodeChanged,
    ///      EmptyBatch or BatchInputCountMismatch, then per statement with
    ///      StatementAlreadyVerified or RootNotAnchored, then with the verifier's own revert
    ///      data, unchanged. All or nothing. Emits one {StatementVerified} per proof, in order.
    /// @param circuitId The circuit.
    /// @param proofs The proofs, 8 calldata words each.
    /// @param inputs The public inputs of all proofs, flat: proof i's inputs are
    ///        inputs[i * L : (i + 1) * L].
    /// @return statementHashes The statements' hashes, in the proofs' order.
    function submitBatch(bytes32 circuitId, uint256[8][] calldata proofs, uint256[] calldata inputs)
        external
        returns (bytes32[] memory statementHashes);

    /// @notice Registers `verifier` for circuit `circuitId`, for good, and records the
    ///         verifier's code hash (EXTCODEHASH) that every submission then checks. Owner only.
    ///         Emits {CircuitRegistered}.
    /// @dev Reverts with NotOwner, VerifierHasNoCode, NotAVerifier, CircuitIdMismatch,
    ///      UnsupportedInputCount, CircuitAlreadyRegistered or CircuitLimitReached.
    /// @param circuitId The circuit id; must equal the verifier's CIRCUIT_ID().
    /// @param verifier The generated verifier contract.
    function register(bytes32 circuitId, address verifier) external;

    /// @notice Registers `verifier` for inclusion circuit `circuitId`: public input 0 of its
    ///         proofs is a Merkle root that must be anchored in the LedgerAnchor. Owner only.
    ///         Emits {CircuitRegistered}.
    /// @dev Reverts as `register`.
    /// @param circuitId The circuit id; must equal the verifier's CIRCUIT_ID().
    /// @param verifier The generated verifier contract.
    function registerInclusion(bytes32 circuitId, address verifier) external;

    /// @notice Revokes circuit `circuitId`, permanently: `submit` and `submitBatch` refuse its
    ///         proofs from then on (RevokedCircuit), and its id can never be registered again.
    ///         Statements already recorded under it stay recorded; `statementStatus` reports
    ///         the revocation next to them. Owner only. Emits {CircuitRevoked}.
    /// @dev Reverts with NotOwner, UnknownCircuit or CircuitAlreadyRevoked.
    /// @param circuitId The registered circuit to revoke.
    function revoke(bytes32 circuitId) external;

    /// @notice Starts a two-step ownership transfer to `newOwner`, replacing any pending one;
    ///         address(0) cancels a pending transfer. Owner only. Emits {OwnershipTransferStarted}.
    /// @dev Reverts with NotOwner.
    /// @param newOwner The proposed owner, who must call `acceptOwnership`.
    function transferOwnership(address newOwner) external;

    /// @notice Completes a transfer started by `transferOwnership`. Pending owner only. Emits
    ///         {OwnershipTransferred}.
    /// @dev Reverts with NotPendingOwner.
    function acceptOwnership() external;

    /// @notice The block in which a statement was verified. Says nothing about its circuit
    ///         having been revoked since: `statementStatus` does.
    /// @param statementHash The statement's hash.
    /// @return blockNumber The block number, or 0 if the statement was never verified.
    function verifiedAt(bytes32 statementHash) external view returns (uint64 blockNumber);

    /// @notice A recorded statement and what has become of its circuit since: "verified in
    ///         block `verifiedAtBlock` under circuit `circuitId`, revoked in block
    ///         `revokedAtBlock`" (0: not revoked).
    /// @param statementHash The statement's hash.
    /// @return verifiedAtBlock The block in which it was verified, or 0 if it never was (then
    ///         the other two are 0 as well).
    /// @return circuitId The circuit it was verified under.
    /// @return revokedAtBlock The block in which that circuit was revoked, or 0 if it is not.
    function statementStatus(bytes32 statementHash)
        external
        view
        returns (uint64 verifiedAtBlock, bytes32 circuitId, uint64 revokedAtBlock);

    /// @notice The block in which a circuit was revoked.
    /// @param circuitId The circuit id.
    /// @return blockNumber The block number, or 0 if the circuit is not revoked (or unknown).
    function revokedAt(bytes32 circuitId) external view returns (uint64 blockNumber);

    /// @notice The code hash (EXTCODEHASH) of a circuit's verifier, recorded at registration;
    ///         submissions are refused while the verifier's code hash differs from it.
    /// @param circuitId The circuit id.
    /// @return The recorded code hash, or bytes32(0) if the circuit is not registered.
    function verifierCodeHash(bytes32 circuitId) external view returns (bytes32);

    /// @notice The verifier registered for a circuit.
    /// @param circuitId The circuit id.
    /// @return verifier The verifier, or address(0) if the circuit is not registered.
    /// @return numInputs Its number of public inputs (0 if not registered).
    /// @return inclusion Whether it is an inclusion circuit.
    function circuit(bytes32 circuitId)
        external
        view
        returns (address verifier, uint256 numInputs, bool inclusion);

    /// @notice The LedgerAnchor whose roots inclusion statements must name (an address rather
    ///         than an ILedgerAnchor so that this file stands alone for alloy's `sol!`).
    /// @return The anchor contract's address.
    function anchor() external view returns (address);

    /// @notice The current owner.
    /// @return The owner's address.
    function owner() external view returns (address);

    /// @notice The owner proposed by `transferOwnership`, not yet accepted.
    /// @return The pending owner, or address(0) when none.
    function pendingOwner() external view returns (address);

    /// @notice The statement hash of `inputs` under `circuitId`, as `submit` records it.
    /// @param circuitId The circuit id.
    /// @param inputs The public inputs.
    /// @return keccak256(circuitId ‖ input_0 ‖ … ‖ input_{L-1}).
    function statementHashOf(bytes32 circuitId, uint256[] calldata inputs)
        external
        pure
        returns (bytes32);
}
