// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ILedgerAnchorErrors
/// @notice Custom errors of {LedgerAnchor}. `anchor` checks in this order and reverts with the
///         first that applies: NotSubmitter, AnchoringPaused, ZeroRoot, RootNotInField, ZeroCount,
///         RootAlreadyAnchored, StaleHead.
interface ILedgerAnchorErrors {
    /// @notice Fires when `anchor` is called by an address that is not an authorised submitter.
    /// @param caller The unauthorised caller.
    error NotSubmitter(address caller);

    /// @notice Fires when `anchor` is called while the owner has paused anchoring.
    error AnchoringPaused();

    /// @notice Fires when `anchor` is given the zero root (no Poseidon Merkle root is zero in
    ///         practice; zero also marks "no root" off-chain).
    error ZeroRoot();

    /// @notice Fires when `anchor` is given a root that is not a canonical BN254 scalar field
    ///         element, i.e. uint256(root) >= r, so the inclusion circuit could not take it as a
    ///         public input.
    /// @param root The rejected root.
    error RootNotInField(bytes32 root);

    /// @notice Fires when `anchor` is given an entry count of zero.
    error ZeroCount();

    /// @notice Fires when `anchor` is given a root that is already anchored. A retried
    ///         submission that already landed ends here, which tells the caller its sequence.
    /// @param root The root.
    /// @param seq The sequence number the root was anchored with.
    error RootAlreadyAnchored(bytes32 root, uint64 seq);

    /// @notice Fires when the `prev` given to `anchor` is not the current head, e.g. because
    ///         another anchor landed first.
    /// @param expected The current head.
    /// @param given The `prev` the caller passed.
    error StaleHead(bytes32 expected, bytes32 given);

    /// @notice Fires when an owner-only function (addSubmitter, removeSubmitter, pause, unpause,
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

    /// @notice Fires when `addSubmitter` is given address(0).
    error ZeroSubmitter();

    /// @notice Fires when `addSubmitter` is given an address that already is a submitter.
    /// @param account The address.
    error SubmitterAlreadyAdded(address account);

    /// @notice Fires when `removeSubmitter` is given an address that is not a submitter.
    /// @param account The address.
    error SubmitterNotFound(address account);

    /// @notice Fires when `pause` is called while already paused.
    error AlreadyPaused();

    /// @notice Fires when `unpause` is called while not paused.
    error NotPaused();
}
