// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LedgerAnchor} from "../src/LedgerAnchor.sol";
import {StatementRegistry} from "../src/StatementRegistry.sol";
import {ILedgerAnchor} from "../src/interfaces/ILedgerAnchor.sol";
import {InclusionVerifier} from "../src/verifiers/InclusionVerifier.sol";
import {StatementRegistryHandler} from "./handlers/StatementRegistryHandler.sol";
import {TestBase} from "./utils/TestBase.sol";
import {GasL4Verifier} from "./verifiers/generated/GasL4Verifier.sol";

/// @title StatementRegistryInvariantTest
/// @notice Invariants of the registry under random sequences of real-proof submissions,
///         registrations, revocations, anchors and block advances (see StatementRegistryHandler).
/// The run starts with no circuit registered and the fixture root not anchored, so both the
///         "unregistered" and "unanchored" phases are exercised.
/// forge-config: default.invariant.fail-on-revert = true
contract StatementRegistryInvariantTest is TestBase {
    /// @dev forge reads this shape from `targetSelectors()`.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    StatementRegistryHandler internal handler;
    StatementRegistry internal registry;
    LedgerAnchor internal ledger;

    function setUp() public {
        address owner = _addr("owner");
        address ledgerSubmitter = _addr("ledger submitter");
        vm.roll(1000);
        ledger = new LedgerAnchor(owner);
        registry = new StatementRegistry(owner, ledger);
        vm.prank(owner);
        ledger.addSubmitter(ledgerSubmitter);
        address[] memory actors = new address[](4);
        actors[0] = owner;
        actors[1] = ledgerSubmitter;
        actors[2] = _addr("stranger");
        actors[3] = _addr("other");
        handler = new StatementRegistryHandler(
            registry,
            ledger,
            new InclusionVerifier(),
            new GasL4Verifier(),
            owner,
            ledgerSubmitter,
            actors
        );
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory selectors = new bytes4[](7);
        selectors[0] = StatementRegistryHandler.submitInclusion.selector;
        selectors[1] = StatementRegistryHandler.submitInclusionBatch.selector;
        selectors[2] = StatementRegistryHandler.submitGeneric.selector;
        selectors[3] = StatementRegistryHandler.register.selector;
        selectors[4] = StatementRegistryHandler.anchor.selector;
        selectors[5] = StatementRegistryHandler.advance.selector;
        selectors[6] = StatementRegistryHandler.revoke.selector;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector({addr: address(handler), selectors: selectors});
    }

    /// @notice Every call succeeded or reverted exactly as the model predicted.
    function invariant_ModelPredictsEveryCall() public view {
        vm.assertEq(handler.mismatches(), 0, "calls that disagreed with the model");
    }

    /// @notice A verified statement keeps the block it was first verified in, forever.
    function invariant_VerifiedBlockNeverChanges() public view {
        uint256 n = handler.recordedCount();
        for (uint256 i; i < n; ++i) {
            bytes32 h = handler.recordedAt(i);
            uint256 expected = handler.modelVerifiedAt(h);
            vm.assertNotEq(expected, 0, "model block");
            vm.assertEq(registry.verifiedAt(h), expected, "verifiedAt");
        }
    }

    /// @notice Of every statement ever submitted, exactly those the model accepted are
    ///         recorded, and each belongs to a circuit that is registered.
    function invariant_OnlyRegisteredCircuitsStatementsRecorded() public view {
        uint256 n = handler.attemptedCount();
        for (uint256 i; i < n; ++i) {
            bytes32 h = handler.attemptedAt(i);
            bool isRecorded = registry.verifiedAt(h) != 0;
            vm.assertEq(isRecorded, handler.modelVerifiedAt(h) != 0, "recorded as modelled");
            if (isRecorded) {
                (address verifier,,) = registry.circuit(handler.circuitOf(h));
                vm.assertTrue(verifier != address(0), "circuit registered");
            }
        }
    }

    /// @notice Every recorded inclusion statement names a root that is anchored, and was
    ///         anchored no later than the statement's block.
    function invariant_InclusionStatementsOnlyWithAnchoredRoots() public view {
        uint256 n = handler.recordedCount();
        for (uint256 i; i < n; ++i) {
            bytes32 h = handler.recordedAt(i);
            if (handler.circuitOf(h) != handler.INCLUSION_ID()) continue;
            bytes32 root = handler.rootOf(h);
            vm.assertTrue(ledger.isAnchored(root), "root anchored");
            ILedgerAnchor.AnchorRecord memory record = ledger.anchorOf(root);
            vm.assertLe(record.blockNumber, registry.verifiedAt(h), "anchored before verified");
        }
    }

    /// @notice statementStatus of every statement ever submitted: recorded ones name their
    ///         block, their circuit and its revocation block; the others read as zeros. No
    ///         statement of a revoked circuit was recorded after the revocation's block.
    function invariant_StatementStatusNamesCircuitAndRevocation() public view {
        uint256 n = handler.attemptedCount();
        for (uint256 i; i < n; ++i) {
            bytes32 h = handler.attemptedAt(i);
            (uint64 at, bytes32 id, uint64 revokedAt) = registry.statementStatus(h);
            uint256 modelAt = handler.modelVerifiedAt(h);
            vm.assertEq(at, modelAt, "status block");
            if (modelAt == 0) {
                vm.assertEq(id, bytes32(0), "unrecorded: no circuit");
                vm.assertEq(revokedAt, 0, "unrecorded: no revocation");
                continue;
            }
            vm.assertEq(id, handler.circuitOf(h), "status circuit");
            vm.assertEq(revokedAt, handler.modelRevokedAt(id), "status revocation");
            if (revokedAt != 0) vm.assertLe(at, revokedAt, "recorded after revocation");
        }
    }

    /// @notice A revocation is permanent and keeps its block; a registered circuit keeps the
    ///         code hash of its verifier.
    function invariant_RevocationsAndCodeHashesPersist() public view {
        bytes32[2] memory ids = [handler.INCLUSION_ID(), handler.L4_ID()];
        for (uint256 k; k < 2; ++k) {
            vm.assertEq(registry.revokedAt(ids[k]), handler.modelRevokedAt(ids[k]), "revokedAt");
            address verifier = handler.modelVerifier(ids[k]);
            bytes32 expected = verifier == address(0) ? bytes32(0) : verifier.codehash;
            vm.assertEq(registry.verifierCodeHash(ids[k]), expected, "code hash");
        }
    }

    /// @notice A registered circuit keeps its first verifier, input count and kind.
    function invariant_CircuitsNeverRepointed() public view {
        _checkCircuit(handler.INCLUSION_ID(), 2, true);
        _checkCircuit(handler.L4_ID(), 4, false);
    }

    function _checkCircuit(bytes32 id, uint256 numInputs, bool inclusion) internal view {
        address modelVerifier = handler.modelVerifier(id);
        (address verifier, uint256 n, bool incl) = registry.circuit(id);
        vm.assertEq(verifier, modelVerifier, "verifier");
        if (modelVerifier != address(0)) {
            vm.assertEq(n, numInputs, "numInputs");
            vm.assertEq(incl, inclusion, "inclusion");
        }
    }

    /// @notice Accepted and rejected calls, for -vv runs.
    function afterInvariant() public {
        emit log_named_uint("accepted submissions", handler.accepted());
        emit log_named_uint("rejected submissions", handler.rejected());
        emit log_named_uint("statements recorded", handler.recordedCount());
        emit log_named_uint("circuits revoked", handler.revocations());
    }
}
