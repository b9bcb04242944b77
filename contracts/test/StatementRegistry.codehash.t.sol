// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IStatementRegistryErrors as E} from "../src/interfaces/IStatementRegistryErrors.sol";
import {InclusionVerifier} from "../src/verifiers/InclusionVerifier.sol";
import {AcceptsEverythingNotVerifier} from "./utils/NotVerifiers.sol";
import {StatementRegistryTestBase} from "./utils/StatementRegistryTestBase.sol";

/// @title StatementRegistryCodeHashTest
/// @notice The registry pins each verifier to its code, written as the attack: the owner
///         registers the real InclusionVerifier, then the code at its address is replaced (as a
///         metamorphic contract redeployed with CREATE2 would do; here with vm.etch, a real
///         change of the EVM state) by code that claims the same CIRCUIT_ID and accepts every
///         proof. The registry must refuse every submission to it, naming both code hashes.
contract StatementRegistryCodeHashTest is StatementRegistryTestBase {
    AcceptsEverythingNotVerifier internal evil;
    bytes32 internal registeredHash;

    function setUp() public override {
        super.setUp();
        evil = new AcceptsEverythingNotVerifier(INCLUSION_ID, 2);
        registeredHash = address(inclusionVerifier).codehash;
    }

    /// @dev Proof 0 with its leaf changed: a statement nobody proved.
    function _forged() internal pure returns (uint256[8] memory p, uint256[] memory x) {
        (p, x) = _proof(0);
        x[1] = addmod(x[1], 1, R);
    }

    /// @dev Replaces the registered verifier's code with the attacker's.
    function _swapCode() internal {
        vm.etch(address(inclusionVerifier), address(evil).code);
    }

    function _codeChanged(bytes32 current) internal view returns (bytes memory) {
        return abi.encodeWithSelector(
            E.VerifierCodeChanged.selector,
            INCLUSION_ID,
            address(inclusionVerifier),
            registeredHash,
            current
        );
    }

    function test_Register_RecordsVerifierCodeHash() public view {
        vm.assertEq(registry.verifierCodeHash(INCLUSION_ID), registeredHash, "code hash");
        vm.assertTrue(registeredHash != bytes32(0), "nonzero");
        vm.assertEq(registry.verifierCodeHash(OTHER_ID), bytes32(0), "unknown circuit");
    }

    /// @notice Before the swap the forged statement is refused by the real verifier; the
    ///         swapped-in code claims the same circuit id and accepts it.
    function test_Attack_SwappedCodeWouldAcceptForgedStatement() public {
        (uint256[8] memory p, uint256[] memory x) = _forged();
        vm.expectRevert(_err(InclusionVerifier.ProofInvalid.selector));
        vm.prank(stranger);
        registry.submit(INCLUSION_ID, p, x);

        _swapCode();
        InclusionVerifier swapped = InclusionVerifier(address(inclusionVerifier));
        vm.assertEq(swapped.CIRCUIT_ID(), INCLUSION_ID, "same claimed circuit id");
        vm.assertEq(swapped.NUM_PUBLIC_INPUTS(), 2, "same claimed input count");
        swapped.verifyProof(p, [x[0], x[1]]);
        vm.assertTrue(address(inclusionVerifier).codehash != registeredHash, "code changed");
    }

    function test_RevertWhen_VerifierCodeSwapped_SubmitForged() public {
        _swapCode();
        (uint256[8] memory p, uint256[] memory x) = _forged();
        vm.expectRevert(_codeChanged(address(evil).codehash));
        vm.prank(stranger);
        registry.submit(INCLUSION_ID, p, x);
        vm.assertEq(registry.verifiedAt(_statementHash(INCLUSION_ID, x)), 0, "not recorded");
    }

    function test_RevertWhen_VerifierCodeSwapped_SubmitBatchForged() public {
        _swapCode();
        (uint256[8][] memory proofs, uint256[] memory flat) = _batch(_firstIndices(3));
        flat[3] = addmod(flat[3], 1, R);
        vm.expectRevert(_codeChanged(address(evil).codehash));
        vm.prank(stranger);
        registry.submitBatch(INCLUSION_ID, proofs, flat);
    }

    /// @notice The verifier itself is refused, not only what it would wrongly accept.
    function test_RevertWhen_VerifierCodeSwapped_SubmitValid() public {
        _swapCode();
        (uint256[8] memory p, uint256[] memory x) = _proof(0);
        vm.expectRevert(_codeChanged(address(evil).codehash));
        registry.submit(INCLUSION_ID, p, x);
    }

    /// @notice Code removed (as SELFDESTRUCT in the creating transaction leaves it): the
    ///         account's code hash becomes keccak256("").
    function test_RevertWhen_VerifierCodeRemoved() public {
        vm.etch(address(inclusionVerifier), "");
        bytes32 emptyHash = address(inclusionVerifier).codehash;
        vm.assertEq(emptyHash, keccak256(""), "empty code hash");
        (uint256[8] memory p, uint256[] memory x) = _proof(0);
        vm.expectRevert(_codeChanged(emptyHash));
        registry.submit(INCLUSION_ID, p, x);
    }

    /// @notice The pin is the code itself: once the registered code is back, proofs are
    ///         accepted again (the same code verifies the same way).
    function test_Submit_AcceptedAgainWhenCodeRestored() public {
        bytes memory original = address(inclusionVerifier).code;
        _swapCode();
        vm.etch(address(inclusionVerifier), original);
        (uint256[8] memory p, uint256[] memory x) = _proof(0);
        bytes32 h = registry.submit(INCLUSION_ID, p, x);
        vm.assertEq(registry.verifiedAt(h), START_BLOCK, "recorded");
    }

    /// @notice The code check comes right after the revocation check, before the input count.
    function test_RevertWhen_VerifierCodeSwapped_BeforeInputCount() public {
        _swapCode();
        (uint256[8] memory p,) = _proof(0);
        vm.expectRevert(_codeChanged(address(evil).codehash));
        registry.submit(INCLUSION_ID, p, new uint256[](3));
    }
}
