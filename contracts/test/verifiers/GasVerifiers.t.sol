// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TestBase} from "../utils/TestBase.sol";
import {GasL1Fixture} from "./fixtures/GasL1Fixture.sol";
import {GasL4Fixture} from "./fixtures/GasL4Fixture.sol";
import {GasL8Fixture} from "./fixtures/GasL8Fixture.sol";
import {GasL1Verifier} from "./generated/GasL1Verifier.sol";
import {GasL4Verifier} from "./generated/GasL4Verifier.sol";
import {GasL8Verifier} from "./generated/GasL8Verifier.sol";
import {Bn254} from "./utils/Bn254.sol";

/// @title GasVerifiersTest
/// @notice The verifiers of the gas circuits (1, 4 and 8 public inputs) accept their real
///         proofs, alone and batched, and refuse every changed input.
contract GasVerifiersTest is TestBase {
    function test_L1_AcceptsItsProofsAndRefusesChangedInputs() public {
        GasL1Verifier v = new GasL1Verifier();
        vm.assertEq(v.CIRCUIT_ID(), GasL1Fixture.CIRCUIT_ID, "circuit id");
        (uint256[8][] memory proofs, uint256[1][] memory inputs) = GasL1Fixture.load();
        for (uint256 i; i < proofs.length; i++) {
            v.verifyProof(proofs[i], inputs[i]);
            inputs[i][0] = addmod(inputs[i][0], 1, Bn254.R);
            vm.assertFalse(v.isValidProof(proofs[i], inputs[i]), "changed input");
            inputs[i][0] = addmod(inputs[i][0], Bn254.R - 1, Bn254.R);
        }
        v.verifyBatch(proofs, inputs);
    }

    function test_L4_AcceptsItsProofsAndRefusesChangedInputs() public {
        GasL4Verifier v = new GasL4Verifier();
        vm.assertEq(v.CIRCUIT_ID(), GasL4Fixture.CIRCUIT_ID, "circuit id");
        (uint256[8][] memory proofs, uint256[4][] memory inputs) = GasL4Fixture.load();
        for (uint256 i; i < proofs.length; i++) {
            v.verifyProof(proofs[i], inputs[i]);
            for (uint256 j; j < 4; j++) {
                inputs[i][j] = addmod(inputs[i][j], 1, Bn254.R);
                vm.assertFalse(v.isValidProof(proofs[i], inputs[i]), "changed input");
                inputs[i][j] = addmod(inputs[i][j], Bn254.R - 1, Bn254.R);
            }
        }
        v.verifyBatch(proofs, inputs);
    }

    function test_L8_AcceptsItsProofsAndRefusesChangedInputs() public {
        GasL8Verifier v = new GasL8Verifier();
        vm.assertEq(v.CIRCUIT_ID(), GasL8Fixture.CIRCUIT_ID, "circuit id");
        (uint256[8][] memory proofs, uint256[8][] memory inputs) = GasL8Fixture.load();
        for (uint256 i; i < proofs.length; i++) {
            v.verifyProof(proofs[i], inputs[i]);
            for (uint256 j; j < 8; j++) {
                inputs[i][j] = addmod(inputs[i][j], 1, Bn254.R);
                vm.assertFalse(v.isValidProof(proofs[i], inputs[i]), "changed input");
                inputs[i][j] = addmod(inputs[i][j], Bn254.R - 1, Bn254.R);
            }
        }
        v.verifyBatch(proofs, inputs);
    }
}
