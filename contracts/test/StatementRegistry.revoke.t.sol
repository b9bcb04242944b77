// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StatementRegistry} from "../src/StatementRegistry.sol";
import {IStatementRegistryErrors as E} from "../src/interfaces/IStatementRegistryErrors.sol";
import {StatementRegistryTestBase} from "./utils/StatementRegistryTestBase.sol";
import {GasL4Fixture} from "./verifiers/fixtures/GasL4Fixture.sol";
import {GasL4Verifier} from "./verifiers/generated/GasL4Verifier.sol";

/// @title StatementRegistryRevokeTest
/// @notice Revocation, with real proofs: the owner (and only the owner) revokes a registered
///         circuit once and for good; no proof of it is accepted afterwards, through `submit` or
///         `submitBatch`; statements recorded before stay recorded, and `statementStatus` tells
///         a reader holding only a statement hash "verified in block N under circuit X, X
///         revoked in block M". Another circuit is unaffected. Also the circuit-number packing
///         at its limit (MAX_CIRCUITS).
contract StatementRegistryRevokeTest is StatementRegistryTestBase {
    bytes32 internal constant L4_ID = GasL4Fixture.CIRCUIT_ID;
    /// @dev Storage slot of the registry's `_circuitIds` array (its length); see
    ///      `forge inspect StatementRegistry storageLayout`.
    bytes32 internal constant CIRCUIT_IDS_SLOT = bytes32(uint256(6));

    GasL4Verifier internal l4Verifier;

    function setUp() public override {
        super.setUp();
        l4Verifier = new GasL4Verifier();
        vm.prank(owner);
        registry.register(L4_ID, address(l4Verifier));
    }

    function _l4Proof(uint256 i) internal pure returns (uint256[8] memory p, uint256[] memory x) {
        (uint256[8][] memory proofs, uint256[4][] memory inputs) = GasL4Fixture.load();
        p = proofs[i];
        x = new uint256[](4);
        for (uint256 j; j < 4; ++j) {
            x[j] = inputs[i][j];
        }
    }

    function _revokeInclusionAt(uint256 blockNumber) internal {
        vm.roll(blockNumber);
        vm.prank(owner);
        registry.revoke(INCLUSION_ID);
    }

    function _revoked(bytes32 id, uint256 blockNumber) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(E.RevokedCircuit.selector, id, uint64(blockNumber));
    }

    // ------------------------------------------------------------------ revoke

    function test_Revoke_EmitsAndRecordsBlock() public {
        vm.assertEq(registry.revokedAt(INCLUSION_ID), 0, "not revoked yet");
        vm.roll(START_BLOCK + 7);
        vm.expectEmit(address(registry));
        emit CircuitRevoked({circuitId: INCLUSION_ID, verifier: address(inclusionVerifier)});
        vm.prank(owner);
        registry.revoke(INCLUSION_ID);
        vm.assertEq(registry.revokedAt(INCLUSION_ID), START_BLOCK + 7, "revokedAt");
        vm.assertEq(registry.revokedAt(L4_ID), 0, "other circuit untouched");
        // The circuit stays registered as it was: revocation changes nothing else.
        (address verifier, uint256 numInputs, bool inclusion) = registry.circuit(INCLUSION_ID);
        vm.assertEq(verifier, address(inclusionVerifier), "verifier");
        vm.assertEq(numInputs, 2, "numInputs");
        vm.assertTrue(inclusion, "inclusion");
    }

    function test_RevertWhen_RevokeCallerIsNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(E.NotOwner.selector, stranger));
        vm.prank(stranger);
        registry.revoke(INCLUSION_ID);
        vm.expectRevert(abi.encodeWithSelector(E.NotOwner.selector, submitter));
        vm.prank(submitter);
        registry.revoke(INCLUSION_ID);
        vm.assertEq(registry.revokedAt(INCLUSION_ID), 0, "not revoked");
    }

    function test_RevertWhen_RevokeUnknownCircuit() public {
        vm.expectRevert(abi.encodeWithSelector(E.UnknownCircuit.selector, OTHER_ID));
        vm.prank(owner);
        registry.revoke(OTHER_ID);
    }

    function test_RevertWhen_RevokeTwice() public {
        _revokeInclusionAt(START_BLOCK + 3);
        vm.roll(START_BLOCK + 9);
        vm.expectRevert(
            abi.encodeWithSelector(
                E.CircuitAlreadyRevoked.selector, INCLUSION_ID, uint64(START_BLOCK + 3)
            )
        );
        vm.prank(owner);
        registry.revoke(INCLUSION_ID);
    }

    /// @notice Revocation is for good: the owner cannot register the id again, with the old
    ///         verifier or any other.
    function test_RevertWhen_ReRegisterRevokedCircuit() public {
        _revokeInclusionAt(START_BLOCK + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                E.CircuitAlreadyRegistered.selector, INCLUSION_ID, address(inclusionVerifier)
            )
        );
        vm.prank(owner);
        registry.registerInclusion(INCLUSION_ID, address(inclusionVerifier));
    }

    // ------------------------------------------------------------------ submissions

    function test_RevertWhen_SubmitUnderRevokedCircuit() public {
        _revokeInclusionAt(START_BLOCK + 2);
        (uint256[8] memory p, uint256[] memory x) = _proof(0);
        vm.expectRevert(_revoked(INCLUSION_ID, START_BLOCK + 2));
        vm.prank(stranger);
        registry.submit(INCLUSION_ID, p, x);
        vm.assertEq(registry.verifiedAt(_statementHash(INCLUSION_ID, x)), 0, "not recorded");
    }

    function test_RevertWhen_SubmitBatchUnderRevokedCircuit() public {
        _revokeInclusionAt(START_BLOCK + 2);
        (uint256[8][] memory proofs, uint256[] memory flat) = _batch(_firstIndices(4));
        vm.expectRevert(_revoked(INCLUSION_ID, START_BLOCK + 2));
        vm.prank(stranger);
        registry.submitBatch(INCLUSION_ID, proofs, flat);
    }

    /// @notice Revocation is checked before anything about the submission itself: even an
    ///         empty batch, or a statement recorded before, gets RevokedCircuit.
    function test_RevertWhen_SubmitUnderRevokedCircuit_CheckedFirst() public {
        (uint256[8] memory p, uint256[] memory x) = _proof(0);
        registry.submit(INCLUSION_ID, p, x);
        _revokeInclusionAt(START_BLOCK + 2);
        vm.expectRevert(_revoked(INCLUSION_ID, START_BLOCK + 2));
        registry.submit(INCLUSION_ID, p, x);
        vm.expectRevert(_revoked(INCLUSION_ID, START_BLOCK + 2));
        registry.submitBatch(INCLUSION_ID, new uint256[8][](0), new uint256[](0));
    }

    function test_Submit_OtherCircuitUnaffectedByRevocation() public {
        _revokeInclusionAt(START_BLOCK + 2);
        (uint256[8] memory p, uint256[] memory x) = _l4Proof(0);
        bytes32 h = registry.submit(L4_ID, p, x);
        (uint64 at, bytes32 id, uint64 revokedAt) = registry.statementStatus(h);
        vm.assertEq(at, START_BLOCK + 2, "verified");
        vm.assertEq(id, L4_ID, "circuit");
        vm.assertEq(revokedAt, 0, "not revoked");
    }

    // ------------------------------------------------------------------ status views

    function test_StatementStatus_UnknownStatementIsZero() public view {
        (uint64 at, bytes32 id, uint64 revokedAt) = registry.statementStatus(keccak256("none"));
        vm.assertEq(at, 0, "block");
        vm.assertEq(id, bytes32(0), "circuit");
        vm.assertEq(revokedAt, 0, "revoked");
    }

    /// @notice A reader holding only the statement hash learns where it was verified, under
    ///         which circuit, and that the circuit was revoked later; the record itself stays.
    function test_StatementStatus_RecordedThenRevoked() public {
        (uint256[8] memory p, uint256[] memory x) = _proof(0);
        bytes32 h = registry.submit(INCLUSION_ID, p, x);
        (uint64 at, bytes32 id, uint64 revokedAt) = registry.statementStatus(h);
        vm.assertEq(at, START_BLOCK, "verified");
        vm.assertEq(id, INCLUSION_ID, "circuit");
        vm.assertEq(revokedAt, 0, "not revoked yet");

        _revokeInclusionAt(START_BLOCK + 50);
        (at, id, revokedAt) = registry.statementStatus(h);
        vm.assertEq(at, START_BLOCK, "still verified at its block");
        vm.assertEq(id, INCLUSION_ID, "circuit");
        vm.assertEq(revokedAt, START_BLOCK + 50, "revoked");
        vm.assertEq(registry.verifiedAt(h), START_BLOCK, "verifiedAt unchanged");
    }

    /// @notice Statements of two circuits name their own circuit (numbers 1 and 2).
    function test_StatementStatus_NamesEachStatementsCircuit() public {
        (uint256[8] memory p, uint256[] memory x) = _proof(1);
        bytes32 h1 = registry.submit(INCLUSION_ID, p, x);
        vm.roll(START_BLOCK + 1);
        (p, x) = _l4Proof(1);
        bytes32 h2 = registry.submit(L4_ID, p, x);
        (uint64 at1, bytes32 id1,) = registry.statementStatus(h1);
        (uint64 at2, bytes32 id2,) = registry.statementStatus(h2);
        vm.assertEq(id1, INCLUSION_ID, "first circuit");
        vm.assertEq(id2, L4_ID, "second circuit");
        vm.assertEq(at1, START_BLOCK, "first block");
        vm.assertEq(at2, START_BLOCK + 1, "second block");
    }

    // ------------------------------------------------------------------ circuit numbers

    /// @notice The last circuit number (all 19 bits set) packs without touching the other
    ///         fields of the circuit word or of the statement record, and one circuit more is
    ///         refused. The registry's circuit list is made MAX_CIRCUITS - 1 long with vm.store
    ///         (registering half a million circuits would take minutes); statementStatus reads
    ///         only the list entry of its own circuit's number.
    function test_CircuitNumber_LastNumberPacksAndLimitHolds() public {
        uint256 max = registry.MAX_CIRCUITS();
        vm.assertEq(max, (1 << 19) - 1, "MAX_CIRCUITS");
        StatementRegistry fresh = new StatementRegistry(owner, ledger);
        vm.store(address(fresh), CIRCUIT_IDS_SLOT, bytes32(max - 1));
        vm.prank(owner);
        fresh.registerInclusion(INCLUSION_ID, address(inclusionVerifier));
        (address verifier, uint256 numInputs, bool inclusion) = fresh.circuit(INCLUSION_ID);
        vm.assertEq(verifier, address(inclusionVerifier), "verifier");
        vm.assertEq(numInputs, 2, "numInputs");
        vm.assertTrue(inclusion, "inclusion");
        vm.assertEq(fresh.revokedAt(INCLUSION_ID), 0, "not revoked");

        (uint256[8] memory p, uint256[] memory x) = _proof(2);
        bytes32 h = fresh.submit(INCLUSION_ID, p, x);
        (uint64 at, bytes32 id, uint64 revokedAt) = fresh.statementStatus(h);
        vm.assertEq(at, START_BLOCK, "block");
        vm.assertEq(id, INCLUSION_ID, "circuit");
        vm.assertEq(revokedAt, 0, "not revoked");
        vm.assertEq(fresh.verifiedAt(h), START_BLOCK, "verifiedAt");

        _revokeOn(fresh, START_BLOCK + 4);
        (at, id, revokedAt) = fresh.statementStatus(h);
        vm.assertEq(at, START_BLOCK, "block after revocation");
        vm.assertEq(id, INCLUSION_ID, "circuit after revocation");
        vm.assertEq(revokedAt, START_BLOCK + 4, "revoked");
        (verifier, numInputs, inclusion) = fresh.circuit(INCLUSION_ID);
        vm.assertEq(verifier, address(inclusionVerifier), "verifier after revocation");
        vm.assertEq(numInputs, 2, "numInputs after revocation");
        vm.assertTrue(inclusion, "inclusion after revocation");

        vm.expectRevert(abi.encodeWithSelector(E.CircuitLimitReached.selector, max));
        vm.prank(owner);
        fresh.register(L4_ID, address(l4Verifier));
    }

    function _revokeOn(StatementRegistry r, uint256 blockNumber) internal {
        vm.roll(blockNumber);
        vm.prank(owner);
        r.revoke(INCLUSION_ID);
    }
}
