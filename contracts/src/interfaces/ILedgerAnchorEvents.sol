// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ILedgerAnchorEvents
/// @notice Events emitted by {LedgerAnchor}. The off-chain indexer rebuilds the whole anchor
///         history, including the sequence-to-root mapping, from {Anchored}.
interface ILedgerAnchorEvents {
    /// @notice A batch root was anchored.
    /// @param root The batch's Poseidon Merkle root (a canonical, nonzero BN254 scalar).
    /// @param seq The root's sequence number: 0 for the first anchor, then 1, 2, ... without gaps.
    /// @param count The number of ledger entries in the batch (at least 1).
    /// @param prevHead The hash-chain head before this anchor (bytes32(0) before the first one).
    /// @param head The new head: keccak256(abi.encode(prevHead, root, count, seq)).
    event Anchored(bytes32 indexed root, uint64 seq, uint64 count, bytes32 prevHead, bytes32 head);

    /// @notice `account` may now anchor roots.
    /// @param account The submitter that was added.
    event SubmitterAdded(address indexed account);

    /// @notice `account` may no longer anchor roots.
    /// @param account The submitter that was removed.
    event SubmitterRemoved(address indexed account);

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

    /// @notice Anchoring was paused by `account` (the owner).
    /// @param account The owner that paused.
    event Paused(address indexed account);

    /// @notice Anchoring was resumed by `account` (the owner).
    /// @param account The owner that unpaused.
    event Unpaused(address indexed account);
}
