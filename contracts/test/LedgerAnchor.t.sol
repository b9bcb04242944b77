// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LedgerAnchor} from "../src/LedgerAnchor.sol";
import {ILedgerAnchor} from "../src/interfaces/ILedgerAnchor.sol";
import {ILedgerAnchorErrors as E} from "../src/interfaces/ILedgerAnchorErrors.sol";
import {LedgerAnchorTestBase} from "./utils/LedgerAnchorTestBase.sol";

/// @title LedgerAnchorTest
/// @notice Unit tests: every function, every revert path.
contract LedgerAnchorTest is LedgerAnchorTestBase {
    bytes32 internal constant ROOT_A = bytes32(uint256(0xa11ce));
    bytes32 internal constant ROOT_B = bytes32(uint256(0xb0b));

    // ---------------------------------------------------------------- constructor

    function test_Constructor_SetsInitialState() public view {
        vm.assertEq(ledger.owner(), owner, "owner");
        vm.assertEq(ledger.pendingOwner(), address(0), "pendingOwner");
        vm.assertFalse(ledger.paused(), "paused");
        vm.assertEq(ledger.head(), bytes32(0), "head");
        vm.assertEq(ledger.nextSeq(), 0, "nextSeq");
        vm.assertEq(ledger.SNARK_SCALAR_FIELD(), R, "r");
        vm.assertFalse(ledger.isSubmitter(owner), "owner is not a submitter");
    }

    /// @dev r = 36x^4 + 36x^3 + 18x^2 + 6x + 1 with the BN254 curve parameter x.
    function test_FieldModulus_IsBn254ScalarField() public view {
        uint256 x = 4_965_661_367_192_848_881;
        uint256 r = 36 * x ** 4 + 36 * x ** 3 + 18 * x ** 2 + 6 * x + 1;
        vm.assertEq(R, r, "test constant");
        vm.assertEq(ledger.SNARK_SCALAR_FIELD(), r, "contract constant");
    }

    function test_Constructor_EmitsOwnershipTransferred() public {
        vm.expectEmit();
        emit OwnershipTransferred({previousOwner: address(0), newOwner: stranger});
        new LedgerAnchor(stranger);
    }

    function test_Constructor_DoesNotUseDeployerAsOwner() public {
        vm.prank(stranger);
        LedgerAnchor deployed = new LedgerAnchor(owner);
        vm.assertEq(deployed.owner(), owner, "owner");
    }

    function test_RevertWhen_ConstructorOwnerIsZero() public {
        vm.expectRevert(E.ZeroOwner.selector);
        new LedgerAnchor(address(0));
    }

    // ---------------------------------------------------------------- anchor

    function test_Anchor_RecordsRoot() public {
        vm.roll(START_BLOCK + 7);
        vm.warp(START_TIME + 84);
        bytes32 expectedHead = _anchor(ROOT_A, 42);

        ILedgerAnchor.AnchorRecord memory record = ledger.anchorOf(ROOT_A);
        vm.assertEq(record.count, 42, "count");
        vm.assertEq(record.blockNumber, START_BLOCK + 7, "blockNumber");
        vm.assertEq(record.timestamp, START_TIME + 84, "timestamp");
        vm.assertEq(record.seq, 0, "seq");
        vm.assertTrue(ledger.isAnchored(ROOT_A), "isAnchored");
        vm.assertEq(ledger.nextSeq(), 1, "nextSeq");
        vm.assertEq(ledger.head(), expectedHead, "head");
    }

    function test_Anchor_EmitsAnchored() public {
        bytes32 newHead = _nextHead(bytes32(0), ROOT_A, 42, 0);
        vm.expectEmit(address(ledger));
        emit Anchored({root: ROOT_A, seq: 0, count: 42, prevHead: bytes32(0), head: newHead});
        vm.prank(submitter);
        ledger.anchor(ROOT_A, 42, bytes32(0));
    }

    function test_Anchor_ChainsHeadsAndNumbersSequentially() public {
        bytes32 h1 = _anchor(ROOT_A, 1);
        bytes32 h2 = _anchor(ROOT_B, 2);
        bytes32 rootC = bytes32(uint256(0xc));
        vm.expectEmit(address(ledger));
        emit Anchored({
            root: rootC, seq: 2, count: 3, prevHead: h2, head: _nextHead(h2, rootC, 3, 2)
        });
        vm.prank(submitter);
        ledger.anchor(rootC, 3, h2);

        vm.assertEq(h1, _nextHead(bytes32(0), ROOT_A, 1, 0), "h1");
        vm.assertEq(h2, _nextHead(h1, ROOT_B, 2, 1), "h2");
        vm.assertEq(ledger.head(), _nextHead(h2, rootC, 3, 2), "h3");
        vm.assertEq(ledger.anchorOf(ROOT_A).seq, 0, "seq A");
        vm.assertEq(ledger.anchorOf(ROOT_B).seq, 1, "seq B");
        vm.assertEq(ledger.anchorOf(rootC).seq, 2, "seq C");
        vm.assertEq(ledger.nextSeq(), 3, "nextSeq");
    }

    /// @dev Golden vector for the Rust indexer. Computed independently with cast:
    ///      cast keccak $(cast abi-encode 'f(bytes32,bytes32,uint64,uint64)' 0x00..00 0x00..01 1 0)
    ///      cast keccak $(cast abi-encode 'f(bytes32,bytes32,uint64,uint64)' <head1> <r-1> \
    ///        18446744073709551615 1)
    function test_Anchor_HeadMatchesGoldenVector() public {
        _anchor(bytes32(uint256(1)), 1);
        vm.assertEq(
            ledger.head(),
            0xceaeccd951e01db54fde4d0a86e7aa18ed233639139549fce4b04a8179085c4e,
            "head after (root 1, count 1, seq 0)"
        );
        _anchor(bytes32(R - 1), type(uint64).max);
        vm.assertEq(
            ledger.head(),
            0xd4354607e3839b7389fc6bc50b5ddd9791004ba952513dbfda9c7cb5a9b877fc,
            "head after (root r-1, count 2^64-1, seq 1)"
        );
    }

    function test_Anchor_AcceptsFieldBoundaries() public {
        _anchor(bytes32(uint256(1)), 1);
        _anchor(bytes32(R - 1), type(uint64).max);
        vm.assertTrue(ledger.isAnchored(bytes32(uint256(1))), "root 1");
        vm.assertTrue(ledger.isAnchored(bytes32(R - 1)), "root r-1");
        vm.assertEq(ledger.anchorOf(bytes32(R - 1)).count, type(uint64).max, "max count");
    }

    function test_Anchor_BySeveralSubmitters() public {
        address second = _addr("second submitter");
        vm.prank(owner);
        ledger.addSubmitter(second);
        bytes32 h1 = _anchor(ROOT_A, 1);
        vm.prank(second);
        ledger.anchor(ROOT_B, 1, h1);
        vm.assertEq(ledger.anchorOf(ROOT_B).seq, 1, "seq");
    }

    function test_Anchor_AfterUnpause() public {
        vm.startPrank(owner);
        ledger.pause();
        ledger.unpause();
        vm.stopPrank();
        _anchor(ROOT_A, 1);
        vm.assertTrue(ledger.isAnchored(ROOT_A), "anchored");
    }

    function test_RevertWhen_AnchorCallerIsNotSubmitter() public {
        vm.expectRevert(abi.encodeWithSelector(E.NotSubmitter.selector, stranger));
        vm.prank(stranger);
        ledger.anchor(ROOT_A, 1, bytes32(0));

        vm.expectRevert(abi.encodeWithSelector(E.NotSubmitter.selector, owner));
        vm.prank(owner);
        ledger.anchor(ROOT_A, 1, bytes32(0));
    }

    function test_RevertWhen_AnchorCallerWasRemoved() public {
        vm.prank(owner);
        ledger.removeSubmitter(submitter);
        vm.expectRevert(abi.encodeWithSelector(E.NotSubmitter.selector, submitter));
        vm.prank(submitter);
        ledger.anchor(ROOT_A, 1, bytes32(0));
    }

    function test_RevertWhen_AnchorWhilePaused() public {
        vm.prank(owner);
        ledger.pause();
        vm.expectRevert(E.AnchoringPaused.selector);
        vm.prank(submitter);
        ledger.anchor(ROOT_A, 1, bytes32(0));
    }

    function test_RevertWhen_AnchorRootIsZero() public {
        vm.expectRevert(E.ZeroRoot.selector);
        vm.prank(submitter);
        ledger.anchor(bytes32(0), 1, bytes32(0));
    }

    function test_RevertWhen_AnchorRootIsFieldModulus() public {
        vm.expectRevert(abi.encodeWithSelector(E.RootNotInField.selector, bytes32(R)));
        vm.prank(submitter);
        ledger.anchor(bytes32(R), 1, bytes32(0));
    }

    function test_RevertWhen_AnchorRootIsAllOnes() public {
        bytes32 root = bytes32(type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(E.RootNotInField.selector, root));
        vm.prank(submitter);
        ledger.anchor(root, 1, bytes32(0));
    }

    function test_RevertWhen_AnchorCountIsZero() public {
        vm.expectRevert(E.ZeroCount.selector);
        vm.prank(submitter);
        ledger.anchor(ROOT_A, 0, bytes32(0));
    }

    function test_RevertWhen_AnchorRootAlreadyAnchored() public {
        _anchor(ROOT_A, 1);
        bytes32 h2 = _anchor(ROOT_B, 1);
        bytes memory err = abi.encodeWithSelector(E.RootAlreadyAnchored.selector, ROOT_A, 0);
        // With the current head, as a deliberate duplicate would be sent...
        vm.expectRevert(err);
        vm.prank(submitter);
        ledger.anchor(ROOT_A, 1, h2);
        // ...and with the head it was first anchored on, as a retried transaction would be.
        vm.expectRevert(err);
        vm.prank(submitter);
        ledger.anchor(ROOT_A, 1, bytes32(0));
    }

    function test_RevertWhen_AnchorPrevIsStale() public {
        bytes32 h1 = _anchor(ROOT_A, 1);
        vm.expectRevert(abi.encodeWithSelector(E.StaleHead.selector, h1, bytes32(0)));
        vm.prank(submitter);
        ledger.anchor(ROOT_B, 1, bytes32(0));
    }

    function test_RevertWhen_AnchorPrevIsNotZeroBeforeFirstAnchor() public {
        bytes32 prev = bytes32(uint256(1));
        vm.expectRevert(abi.encodeWithSelector(E.StaleHead.selector, bytes32(0), prev));
        vm.prank(submitter);
        ledger.anchor(ROOT_A, 1, prev);
    }

    function test_RevertWhen_AnchorFailsSeveralChecks_ReportsFirstInOrder() public {
        vm.prank(owner);
        ledger.pause();
        // Everything is wrong: the caller is checked first.
        vm.expectRevert(abi.encodeWithSelector(E.NotSubmitter.selector, stranger));
        vm.prank(stranger);
        ledger.anchor(bytes32(0), 0, bytes32(uint256(1)));
        // Then the pause.
        vm.expectRevert(E.AnchoringPaused.selector);
        vm.prank(submitter);
        ledger.anchor(bytes32(0), 0, bytes32(uint256(1)));
        vm.prank(owner);
        ledger.unpause();
        // Then the root, then the count, then the head.
        vm.expectRevert(E.ZeroRoot.selector);
        vm.prank(submitter);
        ledger.anchor(bytes32(0), 0, bytes32(uint256(1)));
        vm.expectRevert(abi.encodeWithSelector(E.RootNotInField.selector, bytes32(R)));
        vm.prank(submitter);
        ledger.anchor(bytes32(R), 0, bytes32(uint256(1)));
        vm.expectRevert(E.ZeroCount.selector);
        vm.prank(submitter);
        ledger.anchor(ROOT_A, 0, bytes32(uint256(1)));
    }

    function test_AnchorOf_UnknownRootIsZero() public view {
        ILedgerAnchor.AnchorRecord memory record = ledger.anchorOf(ROOT_A);
        vm.assertEq(record.count, 0, "count");
        vm.assertEq(record.blockNumber, 0, "blockNumber");
        vm.assertEq(record.timestamp, 0, "timestamp");
        vm.assertEq(record.seq, 0, "seq");
        vm.assertFalse(ledger.isAnchored(ROOT_A), "isAnchored");
    }

    // ---------------------------------------------------------------- submitters

    function test_AddSubmitter() public {
        vm.expectEmit(address(ledger));
        emit SubmitterAdded({account: stranger});
        vm.prank(owner);
        ledger.addSubmitter(stranger);
        vm.assertTrue(ledger.isSubmitter(stranger), "isSubmitter");
    }

    function test_RevertWhen_AddSubmitterCallerIsNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(E.NotOwner.selector, submitter));
        vm.prank(submitter);
        ledger.addSubmitter(stranger);
    }

    function test_RevertWhen_AddSubmitterIsZero() public {
        vm.expectRevert(E.ZeroSubmitter.selector);
        vm.prank(owner);
        ledger.addSubmitter(address(0));
    }

    function test_RevertWhen_AddSubmitterAlreadyAdded() public {
        vm.expectRevert(abi.encodeWithSelector(E.SubmitterAlreadyAdded.selector, submitter));
        vm.prank(owner);
        ledger.addSubmitter(submitter);
    }

    function test_RemoveSubmitter() public {
        vm.expectEmit(address(ledger));
        emit SubmitterRemoved({account: submitter});
        vm.prank(owner);
        ledger.removeSubmitter(submitter);
        vm.assertFalse(ledger.isSubmitter(submitter), "isSubmitter");
    }

    function test_RevertWhen_RemoveSubmitterCallerIsNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(E.NotOwner.selector, stranger));
        vm.prank(stranger);
        ledger.removeSubmitter(submitter);
    }

    function test_RevertWhen_RemoveSubmitterNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(E.SubmitterNotFound.selector, stranger));
        vm.prank(owner);
        ledger.removeSubmitter(stranger);
    }

    // ---------------------------------------------------------------- pause

    function test_Pause() public {
        vm.expectEmit(address(ledger));
        emit Paused({account: owner});
        vm.prank(owner);
        ledger.pause();
        vm.assertTrue(ledger.paused(), "paused");
        vm.assertEq(ledger.owner(), owner, "owner kept");
    }

    function test_Unpause() public {
        vm.prank(owner);
        ledger.pause();
        vm.expectEmit(address(ledger));
        emit Unpaused({account: owner});
        vm.prank(owner);
        ledger.unpause();
        vm.assertFalse(ledger.paused(), "paused");
    }

    function test_Pause_KeepsSequenceAndHead() public {
        bytes32 h1 = _anchor(ROOT_A, 1);
        vm.prank(owner);
        ledger.pause();
        vm.assertEq(ledger.nextSeq(), 1, "nextSeq");
        vm.assertEq(ledger.head(), h1, "head");
        vm.prank(owner);
        ledger.unpause();
        _anchor(ROOT_B, 1);
        vm.assertEq(ledger.anchorOf(ROOT_B).seq, 1, "seq after unpause");
    }

    function test_RevertWhen_PauseCallerIsNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(E.NotOwner.selector, submitter));
        vm.prank(submitter);
        ledger.pause();
    }

    function test_RevertWhen_PauseAlreadyPaused() public {
        vm.startPrank(owner);
        ledger.pause();
        vm.expectRevert(E.AlreadyPaused.selector);
        ledger.pause();
        vm.stopPrank();
    }

    function test_RevertWhen_UnpauseCallerIsNotOwner() public {
        vm.prank(owner);
        ledger.pause();
        vm.expectRevert(abi.encodeWithSelector(E.NotOwner.selector, stranger));
        vm.prank(stranger);
        ledger.unpause();
    }

    function test_RevertWhen_UnpauseNotPaused() public {
        vm.expectRevert(E.NotPaused.selector);
        vm.prank(owner);
        ledger.unpause();
    }

    // ---------------------------------------------------------------- ownership

    function test_TransferOwnership_SetsPendingOwnerOnly() public {
        vm.expectEmit(address(ledger));
        emit OwnershipTransferStarted({previousOwner: owner, newOwner: stranger});
        vm.prank(owner);
        ledger.transferOwnership(stranger);
        vm.assertEq(ledger.pendingOwner(), stranger, "pendingOwner");
        vm.assertEq(ledger.owner(), owner, "owner unchanged");
        // The pending owner has no rights yet.
        vm.expectRevert(abi.encodeWithSelector(E.NotOwner.selector, stranger));
        vm.prank(stranger);
        ledger.pause();
    }

    function test_AcceptOwnership() public {
        vm.prank(owner);
        ledger.transferOwnership(stranger);
        vm.expectEmit(address(ledger));
        emit OwnershipTransferred({previousOwner: owner, newOwner: stranger});
        vm.prank(stranger);
        ledger.acceptOwnership();
        vm.assertEq(ledger.owner(), stranger, "owner");
        vm.assertEq(ledger.pendingOwner(), address(0), "pendingOwner cleared");

        vm.prank(stranger);
        ledger.pause();
        vm.expectRevert(abi.encodeWithSelector(E.NotOwner.selector, owner));
        vm.prank(owner);
        ledger.unpause();
    }

    function test_AcceptOwnership_KeepsPausedFlagAndSequence() public {
        _anchor(ROOT_A, 1);
        vm.startPrank(owner);
        ledger.pause();
        ledger.transferOwnership(stranger);
        vm.stopPrank();
        vm.prank(stranger);
        ledger.acceptOwnership();
        vm.assertTrue(ledger.paused(), "paused kept");
        vm.assertEq(ledger.nextSeq(), 1, "nextSeq kept");
        vm.assertEq(ledger.owner(), stranger, "owner");
    }

    function test_TransferOwnership_ReplacesPendingOwner() public {
        address other = _addr("other");
        vm.startPrank(owner);
        ledger.transferOwnership(stranger);
        ledger.transferOwnership(other);
        vm.stopPrank();
        vm.assertEq(ledger.pendingOwner(), other, "pendingOwner");
        vm.expectRevert(abi.encodeWithSelector(E.NotPendingOwner.selector, stranger, other));
        vm.prank(stranger);
        ledger.acceptOwnership();
    }

    function test_TransferOwnership_ToZeroCancels() public {
        vm.startPrank(owner);
        ledger.transferOwnership(stranger);
        vm.expectEmit(address(ledger));
        emit OwnershipTransferStarted({previousOwner: owner, newOwner: address(0)});
        ledger.transferOwnership(address(0));
        vm.stopPrank();
        vm.assertEq(ledger.pendingOwner(), address(0), "pendingOwner");
        vm.expectRevert(abi.encodeWithSelector(E.NotPendingOwner.selector, stranger, address(0)));
        vm.prank(stranger);
        ledger.acceptOwnership();
    }

    function test_RevertWhen_TransferOwnershipCallerIsNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(E.NotOwner.selector, stranger));
        vm.prank(stranger);
        ledger.transferOwnership(stranger);
    }

    function test_RevertWhen_AcceptOwnershipCallerIsNotPendingOwner() public {
        vm.prank(owner);
        ledger.transferOwnership(stranger);
        vm.expectRevert(abi.encodeWithSelector(E.NotPendingOwner.selector, owner, stranger));
        vm.prank(owner);
        ledger.acceptOwnership();
    }

    function test_RevertWhen_AcceptOwnershipNothingPending() public {
        vm.expectRevert(abi.encodeWithSelector(E.NotPendingOwner.selector, stranger, address(0)));
        vm.prank(stranger);
        ledger.acceptOwnership();
        // Not even address(0) can take ownership when nothing is pending.
        vm.expectRevert(abi.encodeWithSelector(E.NotPendingOwner.selector, address(0), address(0)));
        vm.prank(address(0));
        ledger.acceptOwnership();
    }
}
