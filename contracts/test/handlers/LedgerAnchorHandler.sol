// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LedgerAnchor} from "../../src/LedgerAnchor.sol";
import {ILedgerAnchor} from "../../src/interfaces/ILedgerAnchor.sol";
import {ILedgerAnchorErrors as E} from "../../src/interfaces/ILedgerAnchorErrors.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @title LedgerAnchorHandler
/// @notice Drives a LedgerAnchor for the invariant suite: anchors (fresh roots, duplicates, stale
///         or forged prevs, out-of-field and zero roots, zero counts) and role changes (submitters,
///         pause, two-step ownership) from random actors. Before every call it predicts the outcome
///         from its own model, the exact revert data included, and counts every disagreement;
///         after every call it checks that nothing was written while paused and that only
///         submitters anchored. The handler itself never reverts.
contract LedgerAnchorHandler is TestBase {
    /// @dev The BN254 scalar field modulus r (checked by test_FieldModulus_IsBn254ScalarField).
    uint256 internal constant R =
        0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;

    LedgerAnchor public immutable ledger;
    address[] internal actors;

    // ---- model
    address public modelOwner;
    address public modelPendingOwner;
    bool public modelPaused;
    mapping(address account => bool authorised) public modelSubmitter;
    bytes32 public modelHead;
    /// @dev Anchored roots in sequence order.
    bytes32[] internal anchoredRoots;
    /// @dev Heads in order: heads[i] is the head before the anchor with sequence number i.
    bytes32[] internal heads;
    /// @dev The record each root got when it was anchored.
    mapping(bytes32 root => ILedgerAnchor.AnchorRecord record) internal recordAtAnchor;
    /// @dev Zero and out-of-field roots that were tried; they must never become anchored.
    bytes32[] internal rejectedRoots;

    // ---- violations, all expected to stay zero
    /// @dev Calls whose success or revert data differed from the model's prediction.
    uint256 public mismatches;
    /// @dev Successful anchors by an address the model did not hold to be a submitter.
    uint256 public anchorsByNonSubmitter;
    /// @dev Calls during a pause after which nextSeq or the head had changed.
    uint256 public writesWhilePaused;
    /// @dev Calls after which nextSeq was lower than before.
    uint256 public seqDecreases;

    // ---- metrics
    uint256 public anchorsAccepted;
    uint256 public anchorsRejected;

    /// @param ledger_ A fresh ledger owned by `owner_` whose submitters are exactly `submitters`.
    /// @param actors_ Every address the handler calls from; includes the owner and submitters.
    constructor(
        LedgerAnchor ledger_,
        address[] memory actors_,
        address owner_,
        address[] memory submitters
    ) {
        ledger = ledger_;
        actors = actors_;
        modelOwner = owner_;
        for (uint256 i; i < submitters.length; ++i) {
            modelSubmitter[submitters[i]] = true;
        }
        heads.push(bytes32(0));
    }

    // ------------------------------------------------------------------ actions

    /// @notice Anchors a fresh canonical root (usually) or an invalid one, with the current head
    ///         (usually) or a stale or forged prev, from a submitter (usually) or anyone.
    function anchor(uint256 actorSeed, uint256 rootSeed, uint64 count, uint256 prevSeed) external {
        address caller = actorSeed % 4 == 0 ? _actor(actorSeed >> 2) : _submitter(actorSeed >> 2);
        bytes32 root;
        uint256 kind = rootSeed % 16;
        if (kind == 0) {
            root = bytes32(0);
        } else if (kind == 1) {
            root = bytes32(_bound(uint256(keccak256(abi.encode(rootSeed))), R, type(uint256).max));
        } else {
            root = bytes32(_bound(uint256(keccak256(abi.encode(rootSeed))), 1, R - 1));
        }
        _tryAnchor(caller, root, count, _prev(prevSeed));
    }

    /// @notice Anchors a fresh canonical root with a nonzero count on the current head, from a
    ///         submitter: succeeds unless paused (or there is no submitter), so chains grow.
    function anchorNext(uint256 actorSeed, uint256 rootSeed, uint64 count) external {
        bytes32 root = bytes32(_bound(uint256(keccak256(abi.encode("next", rootSeed))), 1, R - 1));
        uint64 nonzero = uint64(_bound(count, 1, type(uint64).max));
        _tryAnchor(_submitter(actorSeed), root, nonzero, modelHead);
    }

    /// @notice Re-anchors an already anchored root.
    function reanchor(uint256 actorSeed, uint256 indexSeed, uint64 count, uint256 prevSeed)
        external
    {
        if (anchoredRoots.length == 0) return;
        bytes32 root = anchoredRoots[indexSeed % anchoredRoots.length];
        _tryAnchor(_submitter(actorSeed), root, count, _prev(prevSeed));
    }

    function addSubmitter(uint256 callerSeed, uint256 accountSeed) external {
        address caller = _admin(callerSeed);
        address account = accountSeed % 8 == 0 ? address(0) : _actor(accountSeed >> 3);
        bytes memory expected;
        if (caller != modelOwner) {
            expected = abi.encodeWithSelector(E.NotOwner.selector, caller);
        } else if (account == address(0)) {
            expected = abi.encodeWithSelector(E.ZeroSubmitter.selector);
        } else if (modelSubmitter[account]) {
            expected = abi.encodeWithSelector(E.SubmitterAlreadyAdded.selector, account);
        }
        if (_call(caller, abi.encodeCall(LedgerAnchor.addSubmitter, (account)), expected)) {
            modelSubmitter[account] = true;
        }
    }

    function removeSubmitter(uint256 callerSeed, uint256 accountSeed) external {
        address caller = _admin(callerSeed);
        address account = _actor(accountSeed);
        bytes memory expected;
        if (caller != modelOwner) {
            expected = abi.encodeWithSelector(E.NotOwner.selector, caller);
        } else if (!modelSubmitter[account]) {
            expected = abi.encodeWithSelector(E.SubmitterNotFound.selector, account);
        }
        if (_call(caller, abi.encodeCall(LedgerAnchor.removeSubmitter, (account)), expected)) {
            modelSubmitter[account] = false;
        }
    }

    function pause(uint256 callerSeed) external {
        address caller = _admin(callerSeed);
        bytes memory expected;
        if (caller != modelOwner) {
            expected = abi.encodeWithSelector(E.NotOwner.selector, caller);
        } else if (modelPaused) {
            expected = abi.encodeWithSelector(E.AlreadyPaused.selector);
        }
        if (_call(caller, abi.encodeCall(LedgerAnchor.pause, ()), expected)) modelPaused = true;
    }

    function unpause(uint256 callerSeed) external {
        address caller = _admin(callerSeed);
        bytes memory expected;
        if (caller != modelOwner) {
            expected = abi.encodeWithSelector(E.NotOwner.selector, caller);
        } else if (!modelPaused) {
            expected = abi.encodeWithSelector(E.NotPaused.selector);
        }
        if (_call(caller, abi.encodeCall(LedgerAnchor.unpause, ()), expected)) modelPaused = false;
    }

    function transferOwnership(uint256 callerSeed, uint256 newOwnerSeed) external {
        address caller = _admin(callerSeed);
        address newOwner = newOwnerSeed % 8 == 0 ? address(0) : _actor(newOwnerSeed >> 3);
        bytes memory expected;
        if (caller != modelOwner) expected = abi.encodeWithSelector(E.NotOwner.selector, caller);
        if (_call(caller, abi.encodeCall(LedgerAnchor.transferOwnership, (newOwner)), expected)) {
            modelPendingOwner = newOwner;
        }
    }

    function acceptOwnership(uint256 callerSeed) external {
        address caller = callerSeed % 4 == 0 || modelPendingOwner == address(0)
            ? _actor(callerSeed >> 2)
            : modelPendingOwner;
        address pending = modelPendingOwner;
        bytes memory expected;
        if (caller != pending || pending == address(0)) {
            expected = abi.encodeWithSelector(E.NotPendingOwner.selector, caller, pending);
        }
        if (_call(caller, abi.encodeCall(LedgerAnchor.acceptOwnership, ()), expected)) {
            modelOwner = caller;
            modelPendingOwner = address(0);
        }
    }

    /// @notice Moves the chain forward so that records carry varied blocks and timestamps.
    function advance(uint256 blocks, uint256 secs) external {
        vm.roll(block.number + _bound(blocks, 1, 1000));
        vm.warp(block.timestamp + _bound(secs, 1, 12_000));
    }

    // ------------------------------------------------------------------ views for invariants

    function anchoredCount() external view returns (uint256) {
        return anchoredRoots.length;
    }

    function anchoredRootAt(uint256 index) external view returns (bytes32) {
        return anchoredRoots[index];
    }

    function recordOf(bytes32 root) external view returns (ILedgerAnchor.AnchorRecord memory) {
        return recordAtAnchor[root];
    }

    function rejectedCount() external view returns (uint256) {
        return rejectedRoots.length;
    }

    function rejectedRootAt(uint256 index) external view returns (bytes32) {
        return rejectedRoots[index];
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function actorAt(uint256 index) external view returns (address) {
        return actors[index];
    }

    // ------------------------------------------------------------------ internals

    function _tryAnchor(address caller, bytes32 root, uint64 count, bytes32 prev) internal {
        bytes memory expected = _expectedAnchorError(caller, root, count, prev);
        bool wasAnchored = recordAtAnchor[root].count != 0;
        uint64 seq = uint64(anchoredRoots.length);
        bool ok = _call(caller, abi.encodeCall(LedgerAnchor.anchor, (root, count, prev)), expected);
        if (!ok) {
            anchorsRejected++;
            bool invalid = root == bytes32(0) || uint256(root) >= R;
            if (invalid && rejectedRoots.length < 64) rejectedRoots.push(root);
            return;
        }
        anchorsAccepted++;
        if (!modelSubmitter[caller] || !ledger.isSubmitter(caller)) anchorsByNonSubmitter++;
        if (wasAnchored) {
            // A second anchor of a root must never succeed. Keep the first record, so that the
            // record invariant sees any change the contract made to it.
            mismatches++;
        } else {
            recordAtAnchor[root] = ILedgerAnchor.AnchorRecord({
                count: count,
                blockNumber: uint64(block.number),
                timestamp: uint64(block.timestamp),
                seq: seq
            });
        }
        anchoredRoots.push(root);
        modelHead = keccak256(abi.encode(modelHead, root, count, seq));
        heads.push(modelHead);
    }

    /// @dev The contract's checks, in the contract's order, from the model's state.
    function _expectedAnchorError(address caller, bytes32 root, uint64 count, bytes32 prev)
        internal
        view
        returns (bytes memory)
    {
        if (!modelSubmitter[caller]) {
            return abi.encodeWithSelector(E.NotSubmitter.selector, caller);
        }
        if (modelPaused) return abi.encodeWithSelector(E.AnchoringPaused.selector);
        if (root == bytes32(0)) return abi.encodeWithSelector(E.ZeroRoot.selector);
        if (uint256(root) >= R) return abi.encodeWithSelector(E.RootNotInField.selector, root);
        if (count == 0) return abi.encodeWithSelector(E.ZeroCount.selector);
        ILedgerAnchor.AnchorRecord memory existing = recordAtAnchor[root];
        if (existing.count != 0) {
            return abi.encodeWithSelector(E.RootAlreadyAnchored.selector, root, existing.seq);
        }
        if (prev != modelHead) {
            return abi.encodeWithSelector(E.StaleHead.selector, modelHead, prev);
        }
        return "";
    }

    /// @dev Calls the ledger as `caller`, compares the outcome with `expected` (empty: success,
    ///      otherwise the exact revert data), checks the pause and sequence properties, and
    ///      returns whether the call succeeded.
    function _call(address caller, bytes memory data, bytes memory expected)
        internal
        returns (bool ok)
    {
        bool pausedBefore = modelPaused;
        uint64 seqBefore = ledger.nextSeq();
        bytes32 headBefore = ledger.head();
        bytes memory returned;
        vm.prank(caller);
        (ok, returned) = address(ledger).call(data);
        if (ok != (expected.length == 0) || (!ok && keccak256(returned) != keccak256(expected))) {
            mismatches++;
        }
        uint64 seqAfter = ledger.nextSeq();
        if (seqAfter < seqBefore) seqDecreases++;
        if (pausedBefore && (seqAfter != seqBefore || ledger.head() != headBefore)) {
            writesWhilePaused++;
        }
    }

    /// @dev The current head (7 times in 8), an older head, or a value that was never a head.
    function _prev(uint256 seed) internal view returns (bytes32) {
        uint256 kind = seed % 8;
        if (kind == 0) return heads[(seed >> 3) % heads.length];
        if (kind == 1) return keccak256(abi.encode("forged prev", seed));
        return modelHead;
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    /// @dev A current submitter if there is one, else any actor.
    function _submitter(uint256 seed) internal view returns (address) {
        uint256 n;
        for (uint256 i; i < actors.length; ++i) {
            if (modelSubmitter[actors[i]]) n++;
        }
        if (n == 0) return _actor(seed);
        uint256 pick = seed % n;
        for (uint256 i; i < actors.length; ++i) {
            if (modelSubmitter[actors[i]]) {
                if (pick == 0) return actors[i];
                pick--;
            }
        }
        return _actor(seed);
    }

    /// @dev The owner (3 times in 4) or any actor.
    function _admin(uint256 seed) internal view returns (address) {
        return seed % 4 == 0 ? _actor(seed >> 2) : modelOwner;
    }
}
