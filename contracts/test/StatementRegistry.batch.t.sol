// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StatementRegistry} from "../src/StatementRegistry.sol";
import {IStatementRegistryErrors as E} from "../src/interfaces/IStatementRegistryErrors.sol";
import {DatasetVerifier} from "../src/verifiers/DatasetVerifier.sol";
import {InclusionVerifier} from "../src/verifiers/InclusionVerifier.sol";
import {StatementRegistryTestBase} from "./utils/StatementRegistryTestBase.sol";
import {DatasetFixture} from "./verifiers/fixtures/DatasetFixture.sol";
import {GasL4Fixture} from "./verifiers/fixtures/GasL4Fixture.sol";
import {GasL4Verifier} from "./verifiers/generated/GasL4Verifier.sol";

/// @title StatementRegistryBatchTest
/// @notice `submitBatch` on real proofs: the inclusion circuit (several leaves of one anchored
///         root), and two generic circuits registered with `register` (4 and 35 public inputs),
///         each batch checked by the verifier's own `verifyBatch`.
contract StatementRegistryBatchTest is StatementRegistryTestBase {
    GasL4Verifier internal l4;
    DatasetVerifier internal dataset;

    function setUp() public override {
        super.setUp();
        l4 = new GasL4Verifier();
        dataset = new DatasetVerifier();
        vm.startPrank(owner);
        registry.register(GasL4Fixture.CIRCUIT_ID, address(l4));
        registry.register(DatasetFixture.CIRCUIT_ID, address(dataset));
        vm.stopPrank();
    }

    function test_SubmitBatch_RecordsSixteenInclusionStatements() public {
        (uint256[8][] memory proofs, uint256[] memory flat) = _batch(_firstIndices(DISTINCT));
        vm.roll(START_BLOCK + 3);
        vm.prank(stranger);
        bytes32[] memory hashes = registry.submitBatch(INCLUSION_ID, proofs, flat);
        vm.assertEq(hashes.length, DISTINCT, "one hash per proof");
        for (uint256 i; i < DISTINCT; ++i) {
            (, uint256[] memory x) = _proof(i);
            vm.assertEq(hashes[i], _statementHash(INCLUSION_ID, x), "hash in order");
            vm.assertEq(registry.verifiedAt(hashes[i]), START_BLOCK + 3, "verifiedAt");
        }
    }

    function test_SubmitBatch_EmitsOneEventPerProofInOrder() public {
        uint256[] memory indices = new uint256[](3);
        (indices[0], indices[1], indices[2]) = (5, 2, 9);
        (uint256[8][] memory proofs, uint256[] memory flat) = _batch(indices);
        for (uint256 k; k < 3; ++k) {
            (, uint256[] memory x) = _proof(indices[k]);
            vm.expectEmit(address(registry));
            emit StatementVerified({
                statementHash: _statementHash(INCLUSION_ID, x),
                circuitId: INCLUSION_ID,
                submitter: stranger,
                root: ROOT
            });
        }
        vm.prank(stranger);
        registry.submitBatch(INCLUSION_ID, proofs, flat);
    }

    function test_SubmitBatch_OfOneEqualsSubmit() public {
        uint256[] memory indices = new uint256[](1);
        indices[0] = 7;
        (uint256[8][] memory proofs, uint256[] memory flat) = _batch(indices);
        bytes32[] memory hashes = registry.submitBatch(INCLUSION_ID, proofs, flat);
        (uint256[8] memory p, uint256[] memory x) = _proof(7 + DISTINCT);
        vm.expectRevert(
            abi.encodeWithSelector(E.StatementAlreadyVerified.selector, hashes[0], START_BLOCK)
        );
        registry.submit(INCLUSION_ID, p, x);
    }

    /// @notice A generic circuit with 4 public inputs: both fixture proofs in one batch.
    function test_SubmitBatch_GenericCircuitFourInputs() public {
        (uint256[8][] memory proofs, uint256[4][] memory inputs) = GasL4Fixture.load();
        uint256[] memory flat = new uint256[](8);
        for (uint256 i; i < 2; ++i) {
            for (uint256 j; j < 4; ++j) {
                flat[4 * i + j] = inputs[i][j];
            }
        }
        for (uint256 i; i < 2; ++i) {
            uint256[] memory x = new uint256[](4);
            for (uint256 j; j < 4; ++j) {
                x[j] = inputs[i][j];
            }
            vm.expectEmit(address(registry));
            emit StatementVerified({
                statementHash: _statementHash(GasL4Fixture.CIRCUIT_ID, x),
                circuitId: GasL4Fixture.CIRCUIT_ID,
                submitter: address(this),
                root: bytes32(0)
            });
        }
        bytes32[] memory hashes = registry.submitBatch(GasL4Fixture.CIRCUIT_ID, proofs, flat);
        vm.assertEq(registry.verifiedAt(hashes[0]), START_BLOCK, "first");
        vm.assertEq(registry.verifiedAt(hashes[1]), START_BLOCK, "second");
    }

    /// @notice The dataset circuit (35 public inputs), through `submit` and `submitBatch`.
    function test_SubmitBatch_DatasetCircuit() public {
        (uint256[8][] memory proofs, uint256[35][] memory inputs) = DatasetFixture.load();
        uint256[] memory flat = new uint256[](70);
        uint256[] memory first = new uint256[](35);
        for (uint256 i; i < 2; ++i) {
            for (uint256 j; j < 35; ++j) {
                flat[35 * i + j] = inputs[i][j];
                if (i == 0) first[j] = inputs[i][j];
            }
        }
        // The first alone through submit, then both through submitBatch: the duplicate.
        bytes32 h = registry.submit(DatasetFixture.CIRCUIT_ID, proofs[0], first);
        vm.expectRevert(abi.encodeWithSelector(E.StatementAlreadyVerified.selector, h, START_BLOCK));
        registry.submitBatch(DatasetFixture.CIRCUIT_ID, proofs, flat);
        // The second alone through submitBatch.
        uint256[8][] memory one = new uint256[8][](1);
        one[0] = proofs[1];
        uint256[] memory second = new uint256[](35);
        for (uint256 j; j < 35; ++j) {
            second[j] = inputs[1][j];
        }
        bytes32[] memory hashes = registry.submitBatch(DatasetFixture.CIRCUIT_ID, one, second);
        vm.assertEq(hashes[0], _statementHash(DatasetFixture.CIRCUIT_ID, second), "hash");
        vm.assertEq(registry.verifiedAt(hashes[0]), START_BLOCK, "verifiedAt");
    }

    function test_RevertWhen_SubmitBatchCircuitUnknown() public {
        (uint256[8][] memory proofs, uint256[] memory flat) = _batch(_firstIndices(2));
        vm.expectRevert(abi.encodeWithSelector(E.UnknownCircuit.selector, OTHER_ID));
        registry.submitBatch(OTHER_ID, proofs, flat);
    }

    function test_RevertWhen_SubmitBatchIsEmpty() public {
        vm.expectRevert(_err(E.EmptyBatch.selector));
        registry.submitBatch(INCLUSION_ID, new uint256[8][](0), new uint256[](0));
    }

    function test_RevertWhen_SubmitBatchInputCountWrong() public {
        (uint256[8][] memory proofs, uint256[] memory flat) = _batch(_firstIndices(3));
        uint256[] memory short = new uint256[](5);
        for (uint256 k; k < 5; ++k) {
            short[k] = flat[k];
        }
        vm.expectRevert(
            abi.encodeWithSelector(E.BatchInputCountMismatch.selector, INCLUSION_ID, 6, 5)
        );
        registry.submitBatch(INCLUSION_ID, proofs, short);
        vm.expectRevert(
            abi.encodeWithSelector(E.BatchInputCountMismatch.selector, INCLUSION_ID, 6, 0)
        );
        registry.submitBatch(INCLUSION_ID, proofs, new uint256[](0));
    }

    /// @notice One bad proof fails the whole batch with the verifier's ProofInvalid(), and
    ///         none of its statements is recorded.
    function test_RevertWhen_SubmitBatchOneProofIsBad() public {
        (uint256[8][] memory proofs, uint256[] memory flat) = _batch(_firstIndices(8));
        (proofs[3], proofs[4]) = (proofs[4], proofs[3]);
        vm.expectRevert(_err(InclusionVerifier.ProofInvalid.selector));
        registry.submitBatch(INCLUSION_ID, proofs, flat);
        for (uint256 i; i < 8; ++i) {
            (, uint256[] memory x) = _proof(i);
            vm.assertEq(registry.verifiedAt(_statementHash(INCLUSION_ID, x)), 0, "not recorded");
        }
    }

    /// @notice The verifier's batch errors, with their batch-wide indices, come through.
    function test_RevertWhen_SubmitBatchInputNotInField_VerifierIndexBubblesUp() public {
        (uint256[8][] memory proofs, uint256[] memory flat) = _batch(_firstIndices(4));
        flat[5] += R; // proof 2, input 1: index 2 * 2 + 1 in verifyBatch
        vm.expectRevert(abi.encodeWithSelector(InclusionVerifier.PublicInputNotInField.selector, 5));
        registry.submitBatch(INCLUSION_ID, proofs, flat);
    }

    /// @notice Proof i and proof i + 16 prove the same statement: in one batch, the second is a
    ///         duplicate of the first, reported with the current block.
    function test_RevertWhen_SubmitBatchHoldsAStatementTwice() public {
        uint256[] memory indices = new uint256[](3);
        (indices[0], indices[1], indices[2]) = (1, 4, 1 + DISTINCT);
        (uint256[8][] memory proofs, uint256[] memory flat) = _batch(indices);
        (, uint256[] memory x) = _proof(1);
        vm.roll(START_BLOCK + 9);
        vm.expectRevert(
            abi.encodeWithSelector(
                E.StatementAlreadyVerified.selector,
                _statementHash(INCLUSION_ID, x),
                START_BLOCK + 9
            )
        );
        registry.submitBatch(INCLUSION_ID, proofs, flat);
    }

    function test_RevertWhen_SubmitBatchStatementAlreadyVerified() public {
        (uint256[8] memory p, uint256[] memory x) = _proof(6);
        bytes32 h = registry.submit(INCLUSION_ID, p, x);
        vm.roll(START_BLOCK + 1);
        (uint256[8][] memory proofs, uint256[] memory flat) = _batch(_firstIndices(8));
        vm.expectRevert(abi.encodeWithSelector(E.StatementAlreadyVerified.selector, h, START_BLOCK));
        registry.submitBatch(INCLUSION_ID, proofs, flat);
    }

    /// @notice Every statement's root is checked, not only the first: a batch whose third
    ///         statement names another (unanchored) root fails on it.
    function test_RevertWhen_SubmitBatchOneRootNotAnchored() public {
        (uint256[8][] memory proofs, uint256[] memory flat) = _batch(_firstIndices(4));
        bytes32 other = bytes32(uint256(ROOT) + 1);
        flat[4] = uint256(other);
        vm.expectRevert(abi.encodeWithSelector(E.RootNotAnchored.selector, other));
        registry.submitBatch(INCLUSION_ID, proofs, flat);
        // The zero root is never taken for the previously anchored one.
        (proofs, flat) = _batch(_firstIndices(2));
        flat[0] = 0;
        vm.expectRevert(abi.encodeWithSelector(E.RootNotAnchored.selector, bytes32(0)));
        registry.submitBatch(INCLUSION_ID, proofs, flat);
    }

    /// @notice Two registries on one ledger keep separate records: a statement verified in one
    ///         is not verified in the other.
    function test_SubmitBatch_SecondRegistryOnTheSameLedger() public {
        (uint256[8][] memory proofs, uint256[] memory flat) = _batch(_firstIndices(2));
        bytes32[] memory hashes = registry.submitBatch(INCLUSION_ID, proofs, flat);
        StatementRegistry second = new StatementRegistry(owner, ledger);
        vm.prank(owner);
        second.registerInclusion(INCLUSION_ID, address(inclusionVerifier));
        vm.assertEq(second.verifiedAt(hashes[0]), 0, "not in the second registry");
        vm.roll(START_BLOCK + 1);
        bytes32[] memory again = second.submitBatch(INCLUSION_ID, proofs, flat);
        vm.assertEq(again[1], hashes[1], "same statement hashes");
        vm.assertEq(second.verifiedAt(hashes[1]), START_BLOCK + 1, "second registry's block");
        vm.assertEq(registry.verifiedAt(hashes[1]), START_BLOCK, "first registry's block");
    }
}
