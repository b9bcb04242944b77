// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IStatementRegistryErrors as E} from "../src/interfaces/IStatementRegistryErrors.sol";
import {InclusionVerifier} from "../src/verifiers/InclusionVerifier.sol";
import {StatementRegistryTestBase} from "./utils/StatementRegistryTestBase.sol";
import {InclusionFixture} from "./verifiers/fixtures/InclusionFixture.sol";
import {Bn254} from "./verifiers/utils/Bn254.sol";

/// @title StatementRegistryFuzzTest
/// @notice Fuzzed submissions of the real inclusion proofs: any proof from anyone is recorded
///         under the reference hash in its block; a changed input, a proof of another
///         statement, a wrong count, an unknown circuit or an unanchored root never is.
contract StatementRegistryFuzzTest is StatementRegistryTestBase {
    function testFuzz_Submit_AnyFixtureProofFromAnyone(uint256 i, address caller, uint64 blocks)
        public
    {
        i = _bound(i, 0, InclusionFixture.COUNT - 1);
        uint256 blockNumber = START_BLOCK + _bound(blocks, 0, 1e9);
        vm.roll(blockNumber);
        (uint256[8] memory p, uint256[] memory x) = _proof(i);
        vm.expectEmit(address(registry));
        emit StatementVerified({
            statementHash: _statementHash(INCLUSION_ID, x),
            circuitId: INCLUSION_ID,
            submitter: caller,
            root: ROOT
        });
        vm.prank(caller);
        bytes32 h = registry.submit(INCLUSION_ID, p, x);
        vm.assertEq(h, _statementHash(INCLUSION_ID, x), "hash");
        vm.assertEq(registry.verifiedAt(h), blockNumber, "verifiedAt");
    }

    /// @notice Any canonical leaf other than the proof's: the verifier's ProofInvalid().
    function testFuzz_RevertWhen_LeafIsNotTheProofs(uint256 i, uint256 leaf) public {
        i = _bound(i, 0, InclusionFixture.COUNT - 1);
        (uint256[8] memory p, uint256[] memory x) = _proof(i);
        leaf = _bound(leaf, 0, R - 1);
        vm.assume(leaf != x[1]);
        x[1] = leaf;
        vm.expectRevert(_err(InclusionVerifier.ProofInvalid.selector));
        registry.submit(INCLUSION_ID, p, x);
        vm.assertEq(registry.verifiedAt(_statementHash(INCLUSION_ID, x)), 0, "not recorded");
    }

    /// @notice Proof j with the inputs of proof i, for another statement: ProofInvalid().
    function testFuzz_RevertWhen_ProofIsAnotherStatements(uint256 i, uint256 j) public {
        i = _bound(i, 0, InclusionFixture.COUNT - 1);
        j = _bound(j, 0, InclusionFixture.COUNT - 1);
        vm.assume(i % DISTINCT != j % DISTINCT);
        (, uint256[] memory x) = _proof(i);
        (uint256[8] memory p,) = _proof(j);
        vm.expectRevert(_err(InclusionVerifier.ProofInvalid.selector));
        registry.submit(INCLUSION_ID, p, x);
    }

    /// @notice Any root other than ROOT is unknown to the ledger: RootNotAnchored, before the
    ///         verifier runs.
    function testFuzz_RevertWhen_RootIsNotAnchored(uint256 i, bytes32 root) public {
        vm.assume(root != ROOT);
        i = _bound(i, 0, InclusionFixture.COUNT - 1);
        (uint256[8] memory p, uint256[] memory x) = _proof(i);
        x[0] = uint256(root);
        vm.expectRevert(abi.encodeWithSelector(E.RootNotAnchored.selector, root));
        registry.submit(INCLUSION_ID, p, x);
    }

    function testFuzz_RevertWhen_InputCountIsWrong(uint256 count, uint256 seed) public {
        count = _bound(count, 0, 40);
        vm.assume(count != 2);
        (uint256[8] memory p,) = _proof(0);
        uint256[] memory x = new uint256[](count);
        for (uint256 k; k < count; ++k) {
            x[k] = uint256(keccak256(abi.encode(seed, k))) % R;
        }
        vm.expectRevert(
            abi.encodeWithSelector(E.InputCountMismatch.selector, INCLUSION_ID, 2, count)
        );
        registry.submit(INCLUSION_ID, p, x);
    }

    function testFuzz_RevertWhen_CircuitIsUnknown(bytes32 circuitId, uint256 i) public {
        vm.assume(circuitId != INCLUSION_ID);
        (uint256[8] memory p, uint256[] memory x) = _proof(_bound(i, 0, 31));
        vm.expectRevert(abi.encodeWithSelector(E.UnknownCircuit.selector, circuitId));
        registry.submit(circuitId, p, x);
    }

    /// @notice Random proof words: the verifier refuses them (which error depends on the words),
    ///         and nothing is recorded.
    function testFuzz_RevertWhen_ProofWordsAreRandom(uint256[8] memory p, uint256 i) public {
        (, uint256[] memory x) = _proof(_bound(i, 0, 31));
        for (uint256 k; k < 8; ++k) {
            p[k] %= Bn254.Q;
        }
        (bool ok,) = address(registry).call{gas: 2_000_000}(
            abi.encodeCall(registry.submit, (INCLUSION_ID, p, x))
        );
        vm.assertFalse(ok, "random words refused");
        vm.assertEq(registry.verifiedAt(_statementHash(INCLUSION_ID, x)), 0, "not recorded");
    }

    /// @notice Any selection of the fixture's 16 distinct statements, in any order, through
    ///         submitBatch: every hash recorded in the block, none left out.
    function testFuzz_SubmitBatch_AnySelection(uint256 seed, uint256 n) public {
        n = _bound(n, 1, DISTINCT);
        uint256[] memory indices = new uint256[](n);
        bool[16] memory used;
        for (uint256 k; k < n; ++k) {
            uint256 pick = uint256(keccak256(abi.encode(seed, k))) % DISTINCT;
            while (used[pick]) pick = (pick + 1) % DISTINCT;
            used[pick] = true;
            // Either proof of the statement (i or i + 16).
            indices[k] = pick + (uint256(keccak256(abi.encode(seed, k, "alt"))) % 2) * DISTINCT;
        }
        (uint256[8][] memory proofs, uint256[] memory flat) = _batch(indices);
        bytes32[] memory hashes = registry.submitBatch(INCLUSION_ID, proofs, flat);
        for (uint256 k; k < n; ++k) {
            (, uint256[] memory x) = _proof(indices[k]);
            vm.assertEq(hashes[k], _statementHash(INCLUSION_ID, x), "hash");
            vm.assertEq(registry.verifiedAt(hashes[k]), START_BLOCK, "recorded");
        }
        for (uint256 s; s < DISTINCT; ++s) {
            (, uint256[] memory x) = _proof(s);
            vm.assertEq(
                registry.verifiedAt(_statementHash(INCLUSION_ID, x)) != 0, used[s], "only those"
            );
        }
    }

    /// @notice statementHashOf agrees with the reference for any inputs of any length.
    function testFuzz_StatementHashOf_MatchesReference(bytes32 circuitId, uint256[] memory x)
        public
        view
    {
        vm.assertEq(
            registry.statementHashOf(circuitId, x), _statementHash(circuitId, x), "statementHash"
        );
    }
}
