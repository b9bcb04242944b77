// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TestBase} from "../utils/TestBase.sol";
import {InfinityIcFixture} from "./fixtures/InfinityIcFixture.sol";
import {InfinityIcVerifier} from "./generated/InfinityIcVerifier.sol";
import {Bn254} from "./utils/Bn254.sol";

/// @title InfinityIcVerifierTest
/// @notice A verifying key whose IC0 and IC2 are the point at infinity (see
///         circuits/fixtures/infinity-ic): the generated contract starts vk_x from infinity and
///         skips IC2, so input 1 may be anything below r, and the other inputs still bind.
contract InfinityIcVerifierTest is TestBase {
    InfinityIcVerifier internal verifier;

    function setUp() public {
        verifier = new InfinityIcVerifier();
    }

    function test_VerifyProof_AcceptsTheFixtureProofs() public view {
        (uint256[8][] memory proofs, uint256[4][] memory inputs) = InfinityIcFixture.load();
        vm.assertEq(proofs.length, 3, "three input sets");
        vm.assertEq(inputs[2][1], 0, "one with input 1 = 0");
        for (uint256 i; i < proofs.length; i++) {
            verifier.verifyProof(proofs[i], inputs[i]);
        }
        verifier.verifyBatch(proofs, inputs);
    }

    function testFuzz_VerifyProof_AcceptsAnyInputAtTheInfinitePoint(uint256 y) public view {
        (uint256[8][] memory proofs, uint256[4][] memory inputs) = InfinityIcFixture.load();
        inputs[0][1] = y % Bn254.R;
        verifier.verifyProof(proofs[0], inputs[0]);
        vm.assertTrue(verifier.isValidProof(proofs[0], inputs[0]), "isValidProof");
    }

    function testFuzz_RevertWhen_TheSkippedInputIsNotBelowR(uint256 y) public {
        (uint256[8][] memory proofs, uint256[4][] memory inputs) = InfinityIcFixture.load();
        inputs[0][1] = _bound(y, Bn254.R, type(uint256).max);
        vm.expectRevert(
            abi.encodeWithSelector(InfinityIcVerifier.PublicInputNotInField.selector, 1)
        );
        verifier.verifyProof(proofs[0], inputs[0]);
    }

    function test_RevertWhen_ABoundInputChanges() public {
        (uint256[8][] memory proofs, uint256[4][] memory inputs) = InfinityIcFixture.load();
        uint256[3] memory bound = [uint256(0), 2, 3];
        for (uint256 b; b < 3; b++) {
            uint256[4] memory x = inputs[0];
            uint256 j = bound[b];
            uint256 original = x[j];
            x[j] = addmod(original, 1, Bn254.R);
            vm.assertFalse(verifier.isValidProof(proofs[0], x), "changed input");
            x[j] = original;
        }
    }
}
