// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LedgerAnchor} from "../../src/LedgerAnchor.sol";
import {ILedgerAnchorEvents} from "../../src/interfaces/ILedgerAnchorEvents.sol";
import {TestBase} from "./TestBase.sol";

/// @title LedgerAnchorTestBase
/// @notice Shared fixture for the LedgerAnchor test files: a deployed anchor with one owner and
///         one submitter, and the reference model of the head chain.
abstract contract LedgerAnchorTestBase is TestBase, ILedgerAnchorEvents {
    /// @dev The BN254 scalar field modulus r (checked by test_FieldModulus_IsBn254ScalarField).
    uint256 internal constant R =
        0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;

    /// @dev Block number and timestamp the fixture starts at.
    uint256 internal constant START_BLOCK = 1000;
    /// @dev See START_BLOCK.
    uint256 internal constant START_TIME = 1_700_000_000;

    LedgerAnchor internal ledger;
    address internal owner;
    address internal submitter;
    address internal stranger;

    function setUp() public virtual {
        owner = _addr("owner");
        submitter = _addr("submitter");
        stranger = _addr("stranger");
        vm.roll(START_BLOCK);
        vm.warp(START_TIME);
        ledger = new LedgerAnchor(owner);
        vm.prank(owner);
        ledger.addSubmitter(submitter);
    }

    /// @dev The reference head formula, written independently of the contract's assembly.
    function _nextHead(bytes32 prev, bytes32 root, uint64 count, uint64 seq)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(prev, root, count, seq));
    }

    /// @dev A canonical nonzero field element derived from `seed`.
    function _root(uint256 seed) internal pure returns (bytes32) {
        return bytes32(_bound(seed, 1, R - 1));
    }

    /// @dev Anchors `root` as the submitter on top of the current head; returns the model head.
    function _anchor(bytes32 root, uint64 count) internal returns (bytes32 newHead) {
        bytes32 prev = ledger.head();
        uint64 seq = ledger.nextSeq();
        vm.prank(submitter);
        ledger.anchor(root, count, prev);
        newHead = _nextHead(prev, root, count, seq);
    }
}
