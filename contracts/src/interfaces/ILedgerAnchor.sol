// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILedgerAnchorErrors} from "./ILedgerAnchorErrors.sol";
import {ILedgerAnchorEvents} from "./ILedgerAnchorEvents.sol";

/// @title ILedgerAnchor
/// @notice Anchors batch Merkle roots of ledger entries on chain, in one append-only hash chain.
///
///         Every anchored root gets the next sequence number (0, 1, 2, ... without gaps) and moves
///         the chain head forward:
///
///             head_0     = bytes32(0)
///             head_{n+1} = keccak256(abi.encode(head_n, root_n, count_n, seq_n))   (seq_n == n)
///
///         i.e. the keccak256 of 128 bytes: head_n (32 bytes), root_n (32 bytes), count_n as a
///         uint64 left-padded to 32 bytes, seq_n as a uint64 left-padded to 32 bytes. Block
///         number and timestamp are recorded but are not part of the head, so re-including the
///         same anchors in the same order after a reorg yields the same heads.
///
///         Sequence-to-root lookups are left to the off-chain indexer (from {Anchored} events):
///         storing them would cost a second new storage slot (22,100 gas) per anchor.
interface ILedgerAnchor is ILedgerAnchorEvents, ILedgerAnchorErrors {
    /// @notice What the contract records for an anchored root, packed into one storage slot.
    /// @param count Number of ledger entries in the batch (nonzero for every anchored root).
    /// @param blockNumber Block in which the root was anchored.
    /// @param timestamp Timestamp of that block, in seconds.
    /// @param seq The root's sequence number.
    struct AnchorRecord {
        uint64 count;
        uint64 blockNumber;
        uint64 timestamp;
        uint64 seq;
    }

    /// @notice Anchors `root`, a batch of `count` ledger entries, as the next link of the chain.
    /// @dev Only an authorised submitter, only while not paused. Reverts with NotSubmitter,
    ///      AnchoringPaused, ZeroRoot, RootNotInField, ZeroCount, RootAlreadyAnchored or StaleHead,
    ///      checked in that order. Emits {Anchored} with the sequence number and the new head;
    ///      returns nothing, since a transaction's whole cost must stay within 60,000 gas.
    /// @param root The batch's Poseidon Merkle root: nonzero and below the BN254 scalar field
    ///        modulus r.
    /// @param count The number of entries in the batch; nonzero.
    /// @param prev The head the caller builds on; must equal `head()`.
    function anchor(bytes32 root, uint64 count, bytes32 prev) external;

    /// @notice Authorises `account` to anchor. Owner only. Emits {SubmitterAdded}.
    /// @dev Reverts with NotOwner, ZeroSubmitter or SubmitterAlreadyAdded.
    /// @param account The new submitter.
    function addSubmitter(address account) external;

    /// @notice Withdraws `account`'s right to anchor. Owner only. Emits {SubmitterRemoved}.
    /// @dev Reverts with NotOwner or SubmitterNotFound.
    /// @param account The submitter to remove.
    function removeSubmitter(address account) external;

    /// @notice Stops all anchoring until `unpause`. Owner only. Emits {Paused}.
    /// @dev Reverts with NotOwner or AlreadyPaused.
    function pause() external;

    /// @notice Resumes anchoring. Owner only. Emits {Unpaused}.
    /// @dev Reverts with NotOwner or NotPaused.
    function unpause() external;

    /// @notice Starts a two-step ownership transfer to `newOwner`, replacing any pending one;
    ///         address(0) cancels a pending transfer. Owner only. Emits {OwnershipTransferStarted}.
    /// @dev Reverts with NotOwner.
    /// @param newOwner The proposed owner, who must call `acceptOwnership`.
    function transferOwnership(address newOwner) external;

    /// @notice Completes a transfer started by `transferOwnership`. Pending owner only. Emits
    ///         {OwnershipTransferred}.
    /// @dev Reverts with NotPendingOwner.
    function acceptOwnership() external;

    /// @notice The current owner.
    /// @return The owner's address.
    function owner() external view returns (address);

    /// @notice The owner proposed by `transferOwnership`, not yet accepted.
    /// @return The pending owner, or address(0) when none.
    function pendingOwner() external view returns (address);

    /// @notice Whether anchoring is paused.
    /// @return True while paused.
    function paused() external view returns (bool);

    /// @notice Whether `account` is an authorised submitter.
    /// @param account The address to check.
    /// @return True if `account` may anchor.
    function isSubmitter(address account) external view returns (bool);

    /// @notice The current head of the hash chain; bytes32(0) before the first anchor.
    /// @return The head; pass it as `prev` to the next `anchor`.
    function head() external view returns (bytes32);

    /// @notice The sequence number the next anchored root will get, which is also the number of
    ///         roots anchored so far.
    /// @return The next sequence number.
    function nextSeq() external view returns (uint64);

    /// @notice Whether `root` has been anchored.
    /// @param root The root to look up.
    /// @return True if anchored.
    function isAnchored(bytes32 root) external view returns (bool);

    /// @notice The record of `root`; all fields are zero (count == 0) when it is not anchored.
    /// @param root The root to look up.
    /// @return The root's record.
    function anchorOf(bytes32 root) external view returns (AnchorRecord memory);
}
