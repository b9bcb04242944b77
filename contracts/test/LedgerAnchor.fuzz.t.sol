// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILedgerAnchor} from "../src/interfaces/ILedgerAnchor.sol";
import {ILedgerAnchorErrors as E} from "../src/interfaces/ILedgerAnchorErrors.sol";
import {LedgerAnchorTestBase} from "./utils/LedgerAnchorTestBase.sol";

/// @title LedgerAnchorFuzzTest
/// @notice Fuzz tests: random roots, counts, blocks and chains against the reference model.
contract LedgerAnchorFuzzTest is LedgerAnchorTestBase {
    /// @dev Longest chain built by one fuzz run.
    uint256 internal constant MAX_CHAIN = 12;

    function testFuzz_Anchor_RecordsAnyCanonicalRoot(
        uint256 rootSeed,
        uint64 count,
        uint64 blockNumber,
        uint64 timestamp
    ) public {
        bytes32 root = _root(rootSeed);
        count = uint64(_bound(count, 1, type(uint64).max));
        vm.roll(blockNumber);
        vm.warp(timestamp);

        vm.expectEmit(address(ledger));
        emit Anchored({
            root: root,
            seq: 0,
            count: count,
            prevHead: bytes32(0),
            head: _nextHead(bytes32(0), root, count, 0)
        });
        vm.prank(submitter);
        ledger.anchor(root, count, bytes32(0));

        ILedgerAnchor.AnchorRecord memory record = ledger.anchorOf(root);
        vm.assertEq(record.count, count, "count");
        vm.assertEq(record.blockNumber, blockNumber, "blockNumber");
        vm.assertEq(record.timestamp, timestamp, "timestamp");
        vm.assertEq(record.seq, 0, "seq");
        vm.assertEq(ledger.head(), _nextHead(bytes32(0), root, count, 0), "head");
    }

    function testFuzz_Anchor_ChainLinksAndMatchesModel(uint256 seed, uint256 length) public {
        length = _bound(length, 1, MAX_CHAIN);
        bytes32 modelHead;
        bytes32[] memory roots = new bytes32[](length);
        uint64[] memory counts = new uint64[](length);
        for (uint64 i; i < length; ++i) {
            // Distinct roots: i is mixed into the seed, and a collision is simply skipped.
            bytes32 root = _root(uint256(keccak256(abi.encode(seed, i))));
            vm.assume(!ledger.isAnchored(root));
            uint64 count = uint64(_bound(uint256(keccak256(abi.encode(seed, i, "count"))), 1, 1e9));
            vm.roll(START_BLOCK + i);
            vm.warp(START_TIME + 12 * i);

            bytes32 prevHead = ledger.head();
            vm.assertEq(prevHead, modelHead, "head before anchor");
            vm.prank(submitter);
            ledger.anchor(root, count, prevHead);
            modelHead = _nextHead(modelHead, root, count, i);
            vm.assertEq(ledger.head(), modelHead, "head after anchor");
            roots[i] = root;
            counts[i] = count;
        }

        vm.assertEq(ledger.nextSeq(), length, "nextSeq");
        // Replaying the records in sequence order rebuilds the head, as the indexer does.
        bytes32 replayed;
        for (uint256 i; i < length; ++i) {
            ILedgerAnchor.AnchorRecord memory record = ledger.anchorOf(roots[i]);
            vm.assertEq(record.seq, i, "seq");
            vm.assertEq(record.count, counts[i], "count");
            vm.assertEq(record.blockNumber, START_BLOCK + i, "blockNumber");
            replayed = _nextHead(replayed, roots[i], record.count, record.seq);
        }
        vm.assertEq(replayed, ledger.head(), "replayed head");
    }

    function testFuzz_RevertWhen_RootNotInField(uint256 value, uint64 count) public {
        bytes32 root = bytes32(_bound(value, R, type(uint256).max));
        count = uint64(_bound(count, 1, type(uint64).max));
        vm.expectRevert(abi.encodeWithSelector(E.RootNotInField.selector, root));
        vm.prank(submitter);
        ledger.anchor(root, count, bytes32(0));
    }

    function testFuzz_RevertWhen_PrevIsNotHead(uint256 rootSeed, bytes32 prev) public {
        bytes32 head = _anchor(bytes32(uint256(1)), 1);
        vm.assume(prev != head);
        bytes32 root = _root(rootSeed);
        vm.assume(root != bytes32(uint256(1)));
        vm.expectRevert(abi.encodeWithSelector(E.StaleHead.selector, head, prev));
        vm.prank(submitter);
        ledger.anchor(root, 1, prev);
    }

    function testFuzz_RevertWhen_CallerIsNotSubmitter(address caller, uint256 rootSeed) public {
        vm.assume(caller != submitter);
        vm.expectRevert(abi.encodeWithSelector(E.NotSubmitter.selector, caller));
        vm.prank(caller);
        ledger.anchor(_root(rootSeed), 1, bytes32(0));
    }

    function testFuzz_RevertWhen_RootReanchored(
        uint256 rootSeed,
        uint64 firstCount,
        uint64 secondCount,
        bytes32 prev
    ) public {
        bytes32 root = _root(rootSeed);
        firstCount = uint64(_bound(firstCount, 1, type(uint64).max));
        secondCount = uint64(_bound(secondCount, 1, type(uint64).max));
        _anchor(bytes32(uint256(root) == 1 ? uint256(2) : uint256(1)), 1);
        _anchor(root, firstCount);
        ILedgerAnchor.AnchorRecord memory before = ledger.anchorOf(root);
        bytes32 headBefore = ledger.head();

        vm.roll(START_BLOCK + 1);
        vm.expectRevert(abi.encodeWithSelector(E.RootAlreadyAnchored.selector, root, 1));
        vm.prank(submitter);
        ledger.anchor(root, secondCount, prev);

        ILedgerAnchor.AnchorRecord memory afterwards = ledger.anchorOf(root);
        vm.assertEq(afterwards.count, before.count, "count kept");
        vm.assertEq(afterwards.blockNumber, before.blockNumber, "blockNumber kept");
        vm.assertEq(afterwards.seq, 1, "seq kept");
        vm.assertEq(ledger.head(), headBefore, "head kept");
    }

    function testFuzz_OnlyOwnerAdministers(address caller) public {
        vm.assume(caller != owner);
        bytes memory err = abi.encodeWithSelector(E.NotOwner.selector, caller);
        vm.startPrank(caller);
        vm.expectRevert(err);
        ledger.addSubmitter(caller);
        vm.expectRevert(err);
        ledger.removeSubmitter(submitter);
        vm.expectRevert(err);
        ledger.pause();
        vm.expectRevert(err);
        ledger.unpause();
        vm.expectRevert(err);
        ledger.transferOwnership(caller);
        vm.stopPrank();
    }
}
