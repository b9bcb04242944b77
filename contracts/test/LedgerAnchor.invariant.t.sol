// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILedgerAnchor} from "../src/interfaces/ILedgerAnchor.sol";
import {LedgerAnchorHandler} from "./handlers/LedgerAnchorHandler.sol";
import {LedgerAnchorTestBase} from "./utils/LedgerAnchorTestBase.sol";

/// @title LedgerAnchorInvariantTest
/// @notice Invariants of the anchor under random sequences of anchors and role changes from
///         random actors (see LedgerAnchorHandler).
/// forge-config: default.invariant.fail-on-revert = true
contract LedgerAnchorInvariantTest is LedgerAnchorTestBase {
    /// @dev forge reads this shape from `targetSelectors()`.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    LedgerAnchorHandler internal handler;

    function setUp() public override {
        super.setUp();
        address second = _addr("second submitter");
        vm.prank(owner);
        ledger.addSubmitter(second);

        address[] memory actors = new address[](5);
        actors[0] = owner;
        actors[1] = submitter;
        actors[2] = second;
        actors[3] = stranger;
        actors[4] = _addr("other");
        address[] memory submitters = new address[](2);
        submitters[0] = submitter;
        submitters[1] = second;
        handler = new LedgerAnchorHandler(ledger, actors, owner, submitters);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory selectors = new bytes4[](10);
        selectors[0] = LedgerAnchorHandler.anchor.selector;
        selectors[1] = LedgerAnchorHandler.anchorNext.selector;
        selectors[2] = LedgerAnchorHandler.reanchor.selector;
        selectors[3] = LedgerAnchorHandler.addSubmitter.selector;
        selectors[4] = LedgerAnchorHandler.removeSubmitter.selector;
        selectors[5] = LedgerAnchorHandler.pause.selector;
        selectors[6] = LedgerAnchorHandler.unpause.selector;
        selectors[7] = LedgerAnchorHandler.transferOwnership.selector;
        selectors[8] = LedgerAnchorHandler.acceptOwnership.selector;
        selectors[9] = LedgerAnchorHandler.advance.selector;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector({addr: address(handler), selectors: selectors});
    }

    /// @notice Every call succeeded or reverted exactly as the model predicted.
    function invariant_ModelPredictsEveryCall() public view {
        vm.assertEq(handler.mismatches(), 0, "calls that disagreed with the model");
    }

    /// @notice An anchored root's record is the one it got when anchored, forever.
    function invariant_AnchoredRecordsNeverChange() public view {
        uint256 n = handler.anchoredCount();
        for (uint256 i; i < n; ++i) {
            bytes32 root = handler.anchoredRootAt(i);
            ILedgerAnchor.AnchorRecord memory actual = ledger.anchorOf(root);
            ILedgerAnchor.AnchorRecord memory expected = handler.recordOf(root);
            vm.assertTrue(ledger.isAnchored(root), "isAnchored");
            vm.assertEq(actual.count, expected.count, "count");
            vm.assertEq(actual.blockNumber, expected.blockNumber, "blockNumber");
            vm.assertEq(actual.timestamp, expected.timestamp, "timestamp");
            vm.assertEq(actual.seq, expected.seq, "seq");
        }
    }

    /// @notice Sequence numbers are 0, 1, 2, ... in anchoring order, without gaps, and nextSeq
    ///         never went down.
    function invariant_SequenceNumbersDenseAndGrowing() public view {
        uint256 n = handler.anchoredCount();
        vm.assertEq(ledger.nextSeq(), n, "nextSeq == number of anchored roots");
        for (uint256 i; i < n; ++i) {
            vm.assertEq(ledger.anchorOf(handler.anchoredRootAt(i)).seq, i, "seq of i-th root");
        }
        vm.assertEq(handler.seqDecreases(), 0, "nextSeq decreased");
    }

    /// @notice Folding the head formula over the anchored roots in order, with the ledger's own
    ///         records, gives the ledger's head, and so does the handler's running model.
    function invariant_HashChainLinks() public view {
        bytes32 folded;
        uint256 n = handler.anchoredCount();
        for (uint256 i; i < n; ++i) {
            bytes32 root = handler.anchoredRootAt(i);
            ILedgerAnchor.AnchorRecord memory record = ledger.anchorOf(root);
            folded = _nextHead(folded, root, record.count, record.seq);
        }
        vm.assertEq(ledger.head(), folded, "head == fold of records");
        vm.assertEq(ledger.head(), handler.modelHead(), "head == model head");
    }

    /// @notice No anchor succeeded for a caller that was not an authorised submitter.
    function invariant_OnlySubmittersAnchor() public view {
        vm.assertEq(handler.anchorsByNonSubmitter(), 0, "anchors by non-submitters");
    }

    /// @notice No call made while paused changed nextSeq or the head.
    function invariant_NothingWrittenWhilePaused() public view {
        vm.assertEq(handler.writesWhilePaused(), 0, "writes while paused");
    }

    /// @notice Owner, pending owner, pause flag and submitter set are the model's.
    function invariant_RolesMatchModel() public view {
        vm.assertEq(ledger.owner(), handler.modelOwner(), "owner");
        vm.assertEq(ledger.pendingOwner(), handler.modelPendingOwner(), "pendingOwner");
        vm.assertEq(ledger.paused(), handler.modelPaused(), "paused");
        uint256 n = handler.actorCount();
        for (uint256 i; i < n; ++i) {
            address account = handler.actorAt(i);
            vm.assertEq(ledger.isSubmitter(account), handler.modelSubmitter(account), "submitter");
        }
    }

    /// @notice Zero and out-of-field roots never become anchored.
    function invariant_InvalidRootsNeverAnchored() public view {
        vm.assertFalse(ledger.isAnchored(bytes32(0)), "zero root");
        uint256 n = handler.rejectedCount();
        for (uint256 i; i < n; ++i) {
            vm.assertFalse(ledger.isAnchored(handler.rejectedRootAt(i)), "invalid root");
        }
    }
}
