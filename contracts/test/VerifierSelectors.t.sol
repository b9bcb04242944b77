// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VerifierSelectors} from "../src/libraries/VerifierSelectors.sol";
import {DatasetVerifier} from "../src/verifiers/DatasetVerifier.sol";
import {InclusionVerifier} from "../src/verifiers/InclusionVerifier.sol";
import {TestBase} from "./utils/TestBase.sol";
import {GasL1Verifier} from "./verifiers/generated/GasL1Verifier.sol";
import {GasL4Verifier} from "./verifiers/generated/GasL4Verifier.sol";
import {GasL8Verifier} from "./verifiers/generated/GasL8Verifier.sol";

/// @title VerifierSelectorsTest
/// @notice The selectors StatementRegistry computes from L are the generated verifiers' own, and
///         the decimal helper agrees with forge's `vm.toString` for any number.
contract VerifierSelectorsTest is TestBase {
    function test_Selectors_MatchTheGeneratedVerifiers() public pure {
        require(VerifierSelectors.verifyProof(1) == GasL1Verifier.verifyProof.selector, "L1 single");
        require(VerifierSelectors.verifyBatch(1) == GasL1Verifier.verifyBatch.selector, "L1 batch");
        require(
            VerifierSelectors.verifyProof(2) == InclusionVerifier.verifyProof.selector,
            "inclusion single"
        );
        require(
            VerifierSelectors.verifyBatch(2) == InclusionVerifier.verifyBatch.selector,
            "inclusion batch"
        );
        require(VerifierSelectors.verifyProof(4) == GasL4Verifier.verifyProof.selector, "L4 single");
        require(VerifierSelectors.verifyBatch(4) == GasL4Verifier.verifyBatch.selector, "L4 batch");
        require(VerifierSelectors.verifyProof(8) == GasL8Verifier.verifyProof.selector, "L8 single");
        require(VerifierSelectors.verifyBatch(8) == GasL8Verifier.verifyBatch.selector, "L8 batch");
        require(
            VerifierSelectors.verifyProof(35) == DatasetVerifier.verifyProof.selector,
            "dataset single"
        );
        require(
            VerifierSelectors.verifyBatch(35) == DatasetVerifier.verifyBatch.selector,
            "dataset batch"
        );
    }

    function test_ToDecimal_Boundaries() public pure {
        require(keccak256(bytes(VerifierSelectors.toDecimal(0))) == keccak256("0"), "0");
        require(keccak256(bytes(VerifierSelectors.toDecimal(9))) == keccak256("9"), "9");
        require(keccak256(bytes(VerifierSelectors.toDecimal(10))) == keccak256("10"), "10");
        require(keccak256(bytes(VerifierSelectors.toDecimal(1024))) == keccak256("1024"), "1024");
        require(
            keccak256(bytes(VerifierSelectors.toDecimal(type(uint256).max)))
                == keccak256(
                    "115792089237316195423570985008687907853269984665640564039457584007913129639935"
                ),
            "max"
        );
    }

    function testFuzz_ToDecimal_MatchesVmToString(uint256 value) public pure {
        vm.assertEq(bytes(VerifierSelectors.toDecimal(value)), bytes(vm.toString(value)), "decimal");
    }

    function testFuzz_Selectors_MatchSignatures(uint256 numInputs) public pure {
        numInputs = _bound(numInputs, 1, 1024);
        string memory l = vm.toString(numInputs);
        require(
            VerifierSelectors.verifyProof(numInputs)
                == bytes4(
                    keccak256(bytes(string.concat("verifyProof(uint256[8],uint256[", l, "])")))
                ),
            "verifyProof"
        );
        require(
            VerifierSelectors.verifyBatch(numInputs)
                == bytes4(
                    keccak256(bytes(string.concat("verifyBatch(uint256[8][],uint256[", l, "][])")))
                ),
            "verifyBatch"
        );
    }
}
