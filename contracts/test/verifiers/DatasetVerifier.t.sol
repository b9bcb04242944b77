// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DatasetVerifier} from "../../src/verifiers/DatasetVerifier.sol";
import {TestBase} from "../utils/TestBase.sol";
import {DatasetFixture} from "./fixtures/DatasetFixture.sol";
import {Bn254} from "./utils/Bn254.sol";

/// @title DatasetVerifierTest
/// @notice The generated DatasetVerifier (reference shape 64 x 8: 35 public inputs) on two real
///         dataset proofs: they pass alone and batched; a changed statement, a non-canonical
///         input and a non-canonical word fail.
contract DatasetVerifierTest is TestBase {
    DatasetVerifier internal verifier;

    function setUp() public {
        verifier = new DatasetVerifier();
    }

    function test_CircuitId_IsTheKeysManifestId() public view {
        vm.assertEq(verifier.CIRCUIT_ID(), DatasetFixture.CIRCUIT_ID, "circuit id");
        vm.assertEq(verifier.NUM_PUBLIC_INPUTS(), 35, "3 + 4 * 8 inputs");
    }

    function test_VerifyProof_AcceptsBothFixtureProofs() public view {
        (uint256[8][] memory proofs, uint256[35][] memory inputs) = DatasetFixture.load();
        for (uint256 i; i < proofs.length; i++) {
            verifier.verifyProof(proofs[i], inputs[i]);
            vm.assertTrue(verifier.isValidProof(proofs[i], inputs[i]), "isValidProof");
        }
        verifier.verifyBatch(proofs, inputs);
    }

    /// @notice Each public input changed (commitment, row count, schema hash, every bound).
    function test_RevertWhen_AnyInputChanges() public {
        (uint256[8][] memory proofs, uint256[35][] memory inputs) = DatasetFixture.load();
        for (uint256 j; j < 35; j++) {
            uint256[35] memory x = inputs[0];
            uint256 original = x[j];
            x[j] = addmod(original, 1, Bn254.R);
            vm.assertFalse(verifier.isValidProof(proofs[0], x), "changed input");
            x[j] = original;
        }
        inputs[0][1] += 1;
        vm.expectRevert(abi.encodeWithSelector(DatasetVerifier.ProofInvalid.selector));
        verifier.verifyProof(proofs[0], inputs[0]);
    }

    function test_RevertWhen_EncodingIsNotCanonical() public {
        (uint256[8][] memory proofs, uint256[35][] memory inputs) = DatasetFixture.load();
        inputs[1][34] += Bn254.R;
        vm.expectRevert(abi.encodeWithSelector(DatasetVerifier.PublicInputNotInField.selector, 34));
        verifier.verifyProof(proofs[1], inputs[1]);
        vm.expectRevert(
            abi.encodeWithSelector(DatasetVerifier.PublicInputNotInField.selector, 35 + 34)
        );
        verifier.verifyBatch(proofs, inputs);
        inputs[1][34] -= Bn254.R;
        proofs[1][1] += Bn254.Q;
        vm.expectRevert(
            abi.encodeWithSelector(DatasetVerifier.ProofCoordinateNotInField.selector, 1)
        );
        verifier.verifyProof(proofs[1], inputs[1]);
    }
}
