// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TestBase} from "../utils/TestBase.sol";
import {SnarkjsPreimageFixture} from "./fixtures/SnarkjsPreimageFixture.sol";
import {SnarkjsPreimageVerifier} from "./generated/SnarkjsPreimageVerifier.sol";

/// @title SnarkjsPreimageVerifierTest
/// @notice Interoperability: a verifying key and two proofs made by snarkjs
///         (circuits/fixtures/snarkjs-preimage) go through our generator, and the generated
///         contract accepts both proofs, alone and in a batch, and nothing else.
contract SnarkjsPreimageVerifierTest is TestBase {
    SnarkjsPreimageVerifier internal verifier;

    function setUp() public {
        verifier = new SnarkjsPreimageVerifier();
    }

    function test_CircuitId_IsOurIdOfTheSnarkjsKey() public view {
        vm.assertEq(verifier.CIRCUIT_ID(), SnarkjsPreimageFixture.CIRCUIT_ID, "circuit id");
    }

    function test_VerifyProof_AcceptsBothSnarkjsProofs() public view {
        (uint256[8][] memory proofs, uint256[2][] memory inputs) = SnarkjsPreimageFixture.load();
        vm.assertEq(proofs.length, 2, "two proofs");
        for (uint256 i; i < 2; i++) {
            verifier.verifyProof(proofs[i], inputs[i]);
            vm.assertTrue(verifier.isValidProof(proofs[i], inputs[i]), "isValidProof");
        }
    }

    function test_VerifyBatch_AcceptsBothSnarkjsProofs() public view {
        (uint256[8][] memory proofs, uint256[2][] memory inputs) = SnarkjsPreimageFixture.load();
        verifier.verifyBatch(proofs, inputs);
    }

    function test_RevertWhen_InputsAreSwappedBetweenProofs() public {
        (uint256[8][] memory proofs, uint256[2][] memory inputs) = SnarkjsPreimageFixture.load();
        vm.expectRevert(abi.encodeWithSelector(SnarkjsPreimageVerifier.ProofInvalid.selector));
        verifier.verifyProof(proofs[0], inputs[1]);
        vm.assertFalse(verifier.isValidProof(proofs[1], inputs[0]), "swapped");
        (inputs[0], inputs[1]) = (inputs[1], inputs[0]);
        vm.expectRevert(abi.encodeWithSelector(SnarkjsPreimageVerifier.ProofInvalid.selector));
        verifier.verifyBatch(proofs, inputs);
    }

    /// @notice The nonce (input 1) is bound: 42 + 1 fails.
    function test_RevertWhen_NonceChanges() public {
        (uint256[8][] memory proofs, uint256[2][] memory inputs) = SnarkjsPreimageFixture.load();
        vm.assertEq(inputs[0][1], 42, "proof 1's nonce");
        inputs[0][1] = 43;
        vm.expectRevert(abi.encodeWithSelector(SnarkjsPreimageVerifier.ProofInvalid.selector));
        verifier.verifyProof(proofs[0], inputs[0]);
    }
}
