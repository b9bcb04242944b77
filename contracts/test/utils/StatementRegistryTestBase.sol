// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LedgerAnchor} from "../../src/LedgerAnchor.sol";
import {StatementRegistry} from "../../src/StatementRegistry.sol";
import {IStatementRegistryEvents} from "../../src/interfaces/IStatementRegistryEvents.sol";
import {InclusionVerifier} from "../../src/verifiers/InclusionVerifier.sol";
import {InclusionFixture} from "../verifiers/fixtures/InclusionFixture.sol";
import {TestBase} from "./TestBase.sol";

/// @title StatementRegistryTestBase
/// @notice Shared fixture for the StatementRegistry test files: a LedgerAnchor with one
///         submitter, a StatementRegistry bound to it, and the committed InclusionVerifier
///         (depth 20, inputs [root, leaf]) registered as an inclusion circuit. The 32 real proofs
///         of circuits/fixtures/inclusion-20 prove 16 leaves of one tree (each twice, see
///         DISTINCT), whose root ROOT is
///         anchored here unless a test file says otherwise (`_anchorRootInSetUp`).
abstract contract StatementRegistryTestBase is TestBase, IStatementRegistryEvents {
    /// @dev The BN254 scalar field modulus r.
    uint256 internal constant R =
        0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;

    /// @dev The root every inclusion fixture proof names (public input 0 of each).
    bytes32 internal constant ROOT =
        0x28f7208609a761df24f6b030a7db035b0c274e8d60944ac536061b275240bf58;
    /// @dev The fixture's 32 proofs prove 16 distinct statements: proof i and proof i + 16 have
    ///         the same inputs (the same leaf), with different proof randomness.
    uint256 internal constant DISTINCT = 16;
    /// @dev The inclusion circuit's id.
    bytes32 internal constant INCLUSION_ID = InclusionFixture.CIRCUIT_ID;

    /// @dev A circuit id that nothing is registered under.
    bytes32 internal constant OTHER_ID = keccak256("zkp-ledger.test.other-circuit");

    /// @dev Block number the fixture starts at.
    uint64 internal constant START_BLOCK = 1000;

    LedgerAnchor internal ledger;
    StatementRegistry internal registry;
    InclusionVerifier internal inclusionVerifier;
    address internal owner;
    address internal submitter;
    address internal stranger;

    function setUp() public virtual {
        owner = _addr("owner");
        submitter = _addr("submitter");
        stranger = _addr("stranger");
        vm.roll(START_BLOCK);
        ledger = new LedgerAnchor(owner);
        registry = new StatementRegistry(owner, ledger);
        inclusionVerifier = new InclusionVerifier();
        vm.startPrank(owner);
        ledger.addSubmitter(submitter);
        registry.registerInclusion(INCLUSION_ID, address(inclusionVerifier));
        vm.stopPrank();
        if (_anchorRootInSetUp()) _anchorRoot(ROOT);
    }

    /// @dev Whether setUp anchors ROOT; overridden by files that test the unanchored case.
    function _anchorRootInSetUp() internal pure virtual returns (bool) {
        return true;
    }

    /// @dev Anchors `root` (a batch of 48 entries) on top of the ledger's head.
    function _anchorRoot(bytes32 root) internal {
        bytes32 head = ledger.head();
        vm.prank(submitter);
        ledger.anchor(root, 48, head);
    }

    /// @dev Inclusion fixture proof `i` (0 to 31) with its inputs [root, leaf] as a dynamic
    ///      array, the form `submit` takes.
    function _proof(uint256 i) internal pure returns (uint256[8] memory p, uint256[] memory x) {
        (uint256[8][] memory proofs, uint256[2][] memory inputs) = InclusionFixture.load();
        p = proofs[i];
        x = new uint256[](2);
        x[0] = inputs[i][0];
        x[1] = inputs[i][1];
    }

    /// @dev The inclusion fixture proofs at `indices`, with their inputs flattened as
    ///      `submitBatch` takes them.
    function _batch(uint256[] memory indices)
        internal
        pure
        returns (uint256[8][] memory proofs, uint256[] memory flat)
    {
        (uint256[8][] memory all, uint256[2][] memory inputs) = InclusionFixture.load();
        proofs = new uint256[8][](indices.length);
        flat = new uint256[](2 * indices.length);
        for (uint256 k; k < indices.length; ++k) {
            proofs[k] = all[indices[k]];
            flat[2 * k] = inputs[indices[k]][0];
            flat[2 * k + 1] = inputs[indices[k]][1];
        }
    }

    /// @dev The first `n` indices: 0, 1, ..., n - 1.
    function _firstIndices(uint256 n) internal pure returns (uint256[] memory indices) {
        indices = new uint256[](n);
        for (uint256 k; k < n; ++k) {
            indices[k] = k;
        }
    }

    /// @dev The reference statement hash, written independently of the contract's assembly:
    ///      keccak256(circuitId ‖ input_0 ‖ … ‖ input_{L-1}) with 32-byte words.
    function _statementHash(bytes32 circuitId, uint256[] memory inputs)
        internal
        pure
        returns (bytes32)
    {
        bytes memory packed = abi.encodePacked(circuitId);
        for (uint256 j; j < inputs.length; ++j) {
            packed = bytes.concat(packed, bytes32(inputs[j]));
        }
        return keccak256(packed);
    }

    function _err(bytes4 selector) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(selector);
    }
}
