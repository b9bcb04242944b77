// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LedgerAnchor} from "../src/LedgerAnchor.sol";
import {StatementRegistry} from "../src/StatementRegistry.sol";
import {ILedgerAnchor} from "../src/interfaces/ILedgerAnchor.sol";
import {IStatementRegistryErrors as E} from "../src/interfaces/IStatementRegistryErrors.sol";
import {DatasetVerifier} from "../src/verifiers/DatasetVerifier.sol";
import {InclusionVerifier} from "../src/verifiers/InclusionVerifier.sol";
import {
    ClaimsIdNotVerifier,
    NoInputCountNotVerifier,
    ShortAnswerNotVerifier
} from "./utils/NotVerifiers.sol";
import {StatementRegistryTestBase} from "./utils/StatementRegistryTestBase.sol";
import {DatasetFixture} from "./verifiers/fixtures/DatasetFixture.sol";
import {InclusionFixture} from "./verifiers/fixtures/InclusionFixture.sol";
import {Bn254} from "./verifiers/utils/Bn254.sol";

/// @title StatementRegistryTest
/// @notice Unit tests of StatementRegistry with the committed InclusionVerifier and its real
///         proofs: construction, registration and its checks, `submit` and every way it
///         refuses, ownership.
contract StatementRegistryTest is StatementRegistryTestBase {
    // ------------------------------------------------------------------ construction

    function test_Constructor_SetsInitialState() public view {
        vm.assertEq(registry.owner(), owner, "owner");
        vm.assertEq(registry.pendingOwner(), address(0), "pendingOwner");
        vm.assertEq(registry.anchor(), address(ledger), "anchor");
        vm.assertEq(registry.MAX_PUBLIC_INPUTS(), 1024, "max inputs");
    }

    function test_Constructor_EmitsOwnershipTransferred() public {
        vm.expectEmit();
        emit OwnershipTransferred({previousOwner: address(0), newOwner: owner});
        new StatementRegistry(owner, ledger);
    }

    function test_RevertWhen_ConstructorOwnerIsZero() public {
        vm.expectRevert(_err(E.ZeroOwner.selector));
        new StatementRegistry(address(0), ledger);
    }

    function test_RevertWhen_ConstructorAnchorHasNoCode() public {
        vm.expectRevert(abi.encodeWithSelector(E.AnchorHasNoCode.selector, stranger));
        new StatementRegistry(owner, ILedgerAnchor(stranger));
    }

    function test_Fixture_EveryProofNamesRoot() public pure {
        (, uint256[2][] memory inputs) = InclusionFixture.load();
        for (uint256 i; i < inputs.length; ++i) {
            require(bytes32(inputs[i][0]) == ROOT, "fixture root");
        }
    }

    // ------------------------------------------------------------------ registration

    function test_RegisterInclusion_StoresCircuit() public view {
        (address verifier, uint256 numInputs, bool inclusion) = registry.circuit(INCLUSION_ID);
        vm.assertEq(verifier, address(inclusionVerifier), "verifier");
        vm.assertEq(numInputs, 2, "numInputs");
        vm.assertTrue(inclusion, "inclusion");
    }

    function test_Register_StoresGenericCircuit() public {
        DatasetVerifier dataset = new DatasetVerifier();
        vm.expectEmit(address(registry));
        emit CircuitRegistered({
            circuitId: DatasetFixture.CIRCUIT_ID,
            verifier: address(dataset),
            numInputs: 35,
            inclusion: false
        });
        vm.prank(owner);
        registry.register(DatasetFixture.CIRCUIT_ID, address(dataset));
        (address verifier, uint256 numInputs, bool inclusion) =
            registry.circuit(DatasetFixture.CIRCUIT_ID);
        vm.assertEq(verifier, address(dataset), "verifier");
        vm.assertEq(numInputs, 35, "numInputs");
        vm.assertFalse(inclusion, "inclusion");
    }

    function test_RegisterInclusion_EmitsCircuitRegistered() public {
        StatementRegistry fresh = new StatementRegistry(owner, ledger);
        vm.expectEmit(address(fresh));
        emit CircuitRegistered({
            circuitId: INCLUSION_ID,
            verifier: address(inclusionVerifier),
            numInputs: 2,
            inclusion: true
        });
        vm.prank(owner);
        fresh.registerInclusion(INCLUSION_ID, address(inclusionVerifier));
    }

    function test_Circuit_UnknownIsZero() public view {
        (address verifier, uint256 numInputs, bool inclusion) = registry.circuit(OTHER_ID);
        vm.assertEq(verifier, address(0), "verifier");
        vm.assertEq(numInputs, 0, "numInputs");
        vm.assertFalse(inclusion, "inclusion");
    }

    function test_RevertWhen_RegisterCallerIsNotOwner() public {
        DatasetVerifier dataset = new DatasetVerifier();
        vm.expectRevert(abi.encodeWithSelector(E.NotOwner.selector, stranger));
        vm.prank(stranger);
        registry.register(DatasetFixture.CIRCUIT_ID, address(dataset));
        vm.expectRevert(abi.encodeWithSelector(E.NotOwner.selector, stranger));
        vm.prank(stranger);
        registry.registerInclusion(DatasetFixture.CIRCUIT_ID, address(dataset));
    }

    /// @notice A verifier registered under another circuit's id: the dataset verifier offered
    ///         as the inclusion circuit.
    function test_RevertWhen_RegisterCircuitIdMismatch() public {
        StatementRegistry fresh = new StatementRegistry(owner, ledger);
        DatasetVerifier dataset = new DatasetVerifier();
        vm.expectRevert(
            abi.encodeWithSelector(
                E.CircuitIdMismatch.selector, INCLUSION_ID, DatasetFixture.CIRCUIT_ID
            )
        );
        vm.prank(owner);
        fresh.registerInclusion(INCLUSION_ID, address(dataset));
    }

    function test_RevertWhen_RegisterVerifierHasNoCode() public {
        vm.expectRevert(abi.encodeWithSelector(E.VerifierHasNoCode.selector, stranger));
        vm.prank(owner);
        registry.register(OTHER_ID, stranger);
    }

    function test_RevertWhen_RegisterNotAVerifier() public {
        address[3] memory impostors = [
            address(new NoInputCountNotVerifier(OTHER_ID)),
            address(new ShortAnswerNotVerifier()),
            address(ledger)
        ];
        for (uint256 k; k < impostors.length; ++k) {
            vm.expectRevert(abi.encodeWithSelector(E.NotAVerifier.selector, impostors[k]));
            vm.prank(owner);
            registry.register(OTHER_ID, impostors[k]);
        }
    }

    function test_RevertWhen_RegisterInputCountUnsupported() public {
        uint256[2] memory counts = [uint256(0), uint256(1025)];
        for (uint256 k; k < counts.length; ++k) {
            ClaimsIdNotVerifier v = new ClaimsIdNotVerifier(OTHER_ID, counts[k]);
            vm.expectRevert(
                abi.encodeWithSelector(E.UnsupportedInputCount.selector, address(v), counts[k])
            );
            vm.prank(owner);
            registry.register(OTHER_ID, address(v));
        }
        ClaimsIdNotVerifier max = new ClaimsIdNotVerifier(OTHER_ID, 1024);
        vm.prank(owner);
        registry.register(OTHER_ID, address(max));
        (, uint256 numInputs,) = registry.circuit(OTHER_ID);
        vm.assertEq(numInputs, 1024, "1024 inputs accepted");
    }

    /// @notice A registered circuit id can never be re-pointed, not even to another deployment
    ///         of the same verifier, and not by switching between register and
    ///         registerInclusion.
    function test_RevertWhen_RegisterCircuitAlreadyRegistered() public {
        InclusionVerifier again = new InclusionVerifier();
        bytes memory err = abi.encodeWithSelector(
            E.CircuitAlreadyRegistered.selector, INCLUSION_ID, address(inclusionVerifier)
        );
        vm.startPrank(owner);
        vm.expectRevert(err);
        registry.registerInclusion(INCLUSION_ID, address(again));
        vm.expectRevert(err);
        registry.register(INCLUSION_ID, address(again));
        vm.expectRevert(err);
        registry.registerInclusion(INCLUSION_ID, address(inclusionVerifier));
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ submit

    function test_Submit_RecordsStatement() public {
        (uint256[8] memory p, uint256[] memory x) = _proof(0);
        vm.roll(START_BLOCK + 7);
        vm.prank(stranger);
        bytes32 h = registry.submit(INCLUSION_ID, p, x);
        vm.assertEq(h, _statementHash(INCLUSION_ID, x), "statement hash");
        vm.assertEq(registry.verifiedAt(h), START_BLOCK + 7, "verifiedAt");
        vm.assertEq(registry.statementHashOf(INCLUSION_ID, x), h, "statementHashOf");
    }

    function test_Submit_EmitsStatementVerified() public {
        (uint256[8] memory p, uint256[] memory x) = _proof(3);
        vm.expectEmit(address(registry));
        emit StatementVerified({
            statementHash: _statementHash(INCLUSION_ID, x),
            circuitId: INCLUSION_ID,
            submitter: stranger,
            root: ROOT
        });
        vm.prank(stranger);
        registry.submit(INCLUSION_ID, p, x);
    }

    /// @notice The statement hash is the one zkp-ledger's Rust `evm::statement_hash` computes:
    ///         keccak256 over the circuit id and the inputs as 32-byte words.
    function test_Submit_StatementHashIsPackedWords() public {
        (uint256[8] memory p, uint256[] memory x) = _proof(1);
        bytes32 h = registry.submit(INCLUSION_ID, p, x);
        vm.assertEq(
            h,
            keccak256(abi.encodePacked(INCLUSION_ID, bytes32(x[0]), bytes32(x[1]))),
            "keccak256(circuitId || root || leaf)"
        );
        vm.assertEq(h, keccak256(abi.encodePacked(INCLUSION_ID, x)), "encodePacked of the array");
    }

    /// @notice The fixture's 32 proofs prove 16 distinct statements, each twice with different
    ///         randomness: the first proof of each is recorded, the second one, although a valid
    ///         proof, is a duplicate.
    function test_Submit_EveryFixtureProof() public {
        for (uint256 i; i < InclusionFixture.COUNT; ++i) {
            (uint256[8] memory p, uint256[] memory x) = _proof(i);
            bytes32 h = _statementHash(INCLUSION_ID, x);
            vm.assertTrue(inclusionVerifier.isValidProof(p, [x[0], x[1]]), "valid proof");
            if (i < DISTINCT) {
                vm.assertEq(registry.submit(INCLUSION_ID, p, x), h, "recorded");
                vm.assertEq(registry.verifiedAt(h), START_BLOCK, "verifiedAt");
            } else {
                vm.expectRevert(
                    abi.encodeWithSelector(E.StatementAlreadyVerified.selector, h, START_BLOCK)
                );
                registry.submit(INCLUSION_ID, p, x);
            }
        }
    }

    function test_Submit_VerifiedAtUnknownIsZero() public view {
        vm.assertEq(registry.verifiedAt(OTHER_ID), 0, "never verified");
    }

    function test_RevertWhen_SubmitCircuitUnknown() public {
        (uint256[8] memory p, uint256[] memory x) = _proof(0);
        vm.expectRevert(abi.encodeWithSelector(E.UnknownCircuit.selector, OTHER_ID));
        registry.submit(OTHER_ID, p, x);
    }

    function test_RevertWhen_SubmitRootNotAnchored() public {
        StatementRegistry fresh = new StatementRegistry(owner, new LedgerAnchor(owner));
        vm.prank(owner);
        fresh.registerInclusion(INCLUSION_ID, address(inclusionVerifier));
        (uint256[8] memory p, uint256[] memory x) = _proof(0);
        vm.expectRevert(abi.encodeWithSelector(E.RootNotAnchored.selector, ROOT));
        fresh.submit(INCLUSION_ID, p, x);
    }

    /// @notice A proof of the right shape that does not prove these inputs: the verifier's own
    ///         ProofInvalid() reaches the caller unchanged, and nothing is recorded.
    function test_RevertWhen_SubmitProofInvalid() public {
        (uint256[8] memory p, uint256[] memory x) = _proof(0);
        (uint256[8] memory other,) = _proof(1);
        vm.expectRevert(InclusionVerifier.ProofInvalid.selector);
        registry.submit(INCLUSION_ID, other, x);
        vm.expectRevert(_err(InclusionVerifier.ProofInvalid.selector));
        registry.submit(INCLUSION_ID, Bn254.negA(p), x);
        vm.assertEq(registry.verifiedAt(_statementHash(INCLUSION_ID, x)), 0, "not recorded");
    }

    /// @notice The verifier's errors with arguments come through with their arguments.
    function test_RevertWhen_SubmitProofMalformed_VerifierErrorBubblesUp() public {
        (uint256[8] memory p, uint256[] memory x) = _proof(0);
        p[6] += 1;
        vm.expectRevert(abi.encodeWithSelector(InclusionVerifier.ProofPointNotOnCurve.selector, 2));
        registry.submit(INCLUSION_ID, p, x);
        (p, x) = _proof(0);
        p[3] = Bn254.Q;
        vm.expectRevert(
            abi.encodeWithSelector(InclusionVerifier.ProofCoordinateNotInField.selector, 3)
        );
        registry.submit(INCLUSION_ID, p, x);
    }

    /// @notice A leaf input equal to r (non-canonical): the verifier refuses it, so no
    ///         statement has two encodings.
    function test_RevertWhen_SubmitInputNotInField() public {
        (uint256[8] memory p, uint256[] memory x) = _proof(0);
        x[1] = x[1] + R;
        vm.expectRevert(abi.encodeWithSelector(InclusionVerifier.PublicInputNotInField.selector, 1));
        registry.submit(INCLUSION_ID, p, x);
    }

    function test_RevertWhen_SubmitInputCountWrong() public {
        (uint256[8] memory p, uint256[] memory x) = _proof(0);
        uint256[] memory one = new uint256[](1);
        one[0] = x[0];
        vm.expectRevert(abi.encodeWithSelector(E.InputCountMismatch.selector, INCLUSION_ID, 2, 1));
        registry.submit(INCLUSION_ID, p, one);
        uint256[] memory three = new uint256[](3);
        (three[0], three[1], three[2]) = (x[0], x[1], 0);
        vm.expectRevert(abi.encodeWithSelector(E.InputCountMismatch.selector, INCLUSION_ID, 2, 3));
        registry.submit(INCLUSION_ID, p, three);
        vm.expectRevert(abi.encodeWithSelector(E.InputCountMismatch.selector, INCLUSION_ID, 2, 0));
        registry.submit(INCLUSION_ID, p, new uint256[](0));
    }

    /// @notice The same statement again, in a later block and from another caller, with the
    ///         same or another valid proof of it: the first block is kept.
    function test_RevertWhen_SubmitStatementAlreadyVerified() public {
        (uint256[8] memory p, uint256[] memory x) = _proof(2);
        vm.prank(submitter);
        bytes32 h = registry.submit(INCLUSION_ID, p, x);
        vm.roll(START_BLOCK + 100);
        vm.expectRevert(abi.encodeWithSelector(E.StatementAlreadyVerified.selector, h, START_BLOCK));
        vm.prank(stranger);
        registry.submit(INCLUSION_ID, p, x);
        vm.assertEq(registry.verifiedAt(h), START_BLOCK, "first block kept");
    }

    /// @notice The checks' order: unknown circuit, input count, duplicate, root, proof.
    function test_RevertWhen_SubmitFailsSeveralChecks_ReportsFirstInOrder() public {
        StatementRegistry fresh = new StatementRegistry(owner, new LedgerAnchor(owner));
        vm.prank(owner);
        fresh.registerInclusion(INCLUSION_ID, address(inclusionVerifier));
        (uint256[8] memory p, uint256[] memory x) = _proof(0);
        (uint256[8] memory bad,) = _proof(1);
        // Root not anchored and proof invalid: the root is reported.
        vm.expectRevert(abi.encodeWithSelector(E.RootNotAnchored.selector, ROOT));
        fresh.submit(INCLUSION_ID, bad, x);
        // Already verified (in `registry`) and proof invalid: the duplicate is reported.
        bytes32 h = registry.submit(INCLUSION_ID, p, x);
        vm.expectRevert(abi.encodeWithSelector(E.StatementAlreadyVerified.selector, h, START_BLOCK));
        registry.submit(INCLUSION_ID, bad, x);
    }

    // ------------------------------------------------------------------ ownership

    function test_TransferOwnership_SetsPendingOwnerOnly() public {
        vm.expectEmit(address(registry));
        emit OwnershipTransferStarted({previousOwner: owner, newOwner: stranger});
        vm.prank(owner);
        registry.transferOwnership(stranger);
        vm.assertEq(registry.owner(), owner, "owner unchanged");
        vm.assertEq(registry.pendingOwner(), stranger, "pending");
    }

    function test_AcceptOwnership() public {
        vm.prank(owner);
        registry.transferOwnership(stranger);
        vm.expectEmit(address(registry));
        emit OwnershipTransferred({previousOwner: owner, newOwner: stranger});
        vm.prank(stranger);
        registry.acceptOwnership();
        vm.assertEq(registry.owner(), stranger, "owner");
        vm.assertEq(registry.pendingOwner(), address(0), "pending cleared");
        DatasetVerifier dataset = new DatasetVerifier();
        vm.prank(stranger);
        registry.register(DatasetFixture.CIRCUIT_ID, address(dataset));
        vm.expectRevert(abi.encodeWithSelector(E.NotOwner.selector, owner));
        vm.prank(owner);
        registry.transferOwnership(owner);
    }

    function test_TransferOwnership_ToZeroCancels() public {
        vm.startPrank(owner);
        registry.transferOwnership(stranger);
        registry.transferOwnership(address(0));
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(E.NotPendingOwner.selector, stranger, address(0)));
        vm.prank(stranger);
        registry.acceptOwnership();
    }

    function test_RevertWhen_TransferOwnershipCallerIsNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(E.NotOwner.selector, stranger));
        vm.prank(stranger);
        registry.transferOwnership(stranger);
    }

    function test_RevertWhen_AcceptOwnershipCallerIsNotPendingOwner() public {
        vm.prank(owner);
        registry.transferOwnership(submitter);
        vm.expectRevert(abi.encodeWithSelector(E.NotPendingOwner.selector, stranger, submitter));
        vm.prank(stranger);
        registry.acceptOwnership();
    }

    function test_RevertWhen_AcceptOwnershipNothingPending() public {
        vm.expectRevert(abi.encodeWithSelector(E.NotPendingOwner.selector, address(0), address(0)));
        vm.prank(address(0));
        registry.acceptOwnership();
    }
}
