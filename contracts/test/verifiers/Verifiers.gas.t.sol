// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DatasetVerifier} from "../../src/verifiers/DatasetVerifier.sol";
import {InclusionVerifier} from "../../src/verifiers/InclusionVerifier.sol";
import {TestBase} from "../utils/TestBase.sol";
import {DatasetFixture} from "./fixtures/DatasetFixture.sol";
import {GasL1Fixture} from "./fixtures/GasL1Fixture.sol";
import {GasL4Fixture} from "./fixtures/GasL4Fixture.sol";
import {GasL8Fixture} from "./fixtures/GasL8Fixture.sol";
import {InclusionFixture} from "./fixtures/InclusionFixture.sol";
import {GasL1Verifier} from "./generated/GasL1Verifier.sol";
import {GasL4Verifier} from "./generated/GasL4Verifier.sol";
import {GasL8Verifier} from "./generated/GasL8Verifier.sol";

/// @title VerifiersGasTest
/// @notice Gas of the generated verifiers on real proofs, measured as the gas used by the call
///         itself (vm.lastCallGas: no 21,000 base, no calldata), next to the precompile floor.
///         Budgets: verifyProof at most 1.03 x the floor; verifyBatch at most 55,000 gas per
///         proof at n = 32 with 2 inputs. Figures: forge test --match-contract VerifiersGasTest -vv
contract VerifiersGasTest is TestBase {
    /// @dev EIP-1108 precompile prices.
    uint256 internal constant EC_ADD = 150;
    uint256 internal constant EC_MUL = 6000;
    uint256 internal constant PAIRING_BASE = 45_000;
    uint256 internal constant PAIRING_PAIR = 34_000;

    /// @dev The budget for a batch of 32, per proof.
    uint256 internal constant BATCH_BUDGET_PER_PROOF = 55_000;

    GasL1Verifier internal l1;
    InclusionVerifier internal inclusion;
    GasL4Verifier internal l4;
    GasL8Verifier internal l8;
    DatasetVerifier internal dataset;

    /// @dev Deployed here so that the .gas-snapshot entries of the tests leave deployment out.
    function setUp() public {
        l1 = new GasL1Verifier();
        inclusion = new InclusionVerifier();
        l4 = new GasL4Verifier();
        l8 = new GasL8Verifier();
        dataset = new DatasetVerifier();
    }

    /// @dev One proof: 4 pairs, l ecMul, l ecAdd (IC0 is a constant): 181,000 + 6,150 l.
    function _floor(uint256 l) internal pure returns (uint256) {
        return PAIRING_BASE + 4 * PAIRING_PAIR + l * (EC_MUL + EC_ADD);
    }

    /// @dev n proofs at once: n + 3 pairs; ecMul for each w_i A_i and w_i C_i, (sum w_i) alpha
    ///      and the l + 1 terms of vk_x; ecAdd for each C_i and each input.
    function _batchFloor(uint256 n, uint256 l) internal pure returns (uint256) {
        return PAIRING_BASE + (n + 3) * PAIRING_PAIR + (2 * n + l + 2) * EC_MUL + (n + l) * EC_ADD;
    }

    function _report(uint256 l, uint256 used) internal returns (uint256 floor) {
        floor = _floor(l);
        emit log_named_uint("public inputs", l);
        emit log_named_uint("precompile floor", floor);
        emit log_named_uint("verifyProof gas", used);
        emit log_named_uint("gas / floor (per mille)", used * 1000 / floor);
    }

    function _single(uint256 l, uint256 used) internal {
        uint256 floor = _report(l, used);
        vm.assertLe(used * 100, floor * 103, "verifyProof over 1.03 x the floor");
    }

    function _batch(uint256 n) internal {
        (uint256[8][] memory proofs, uint256[2][] memory inputs) = InclusionFixture.load();
        assembly {
            mstore(proofs, n)
            mstore(inputs, n)
        }
        inclusion.verifyBatch(proofs, inputs);
        uint256 used = vm.lastCallGas().gasTotalUsed;
        emit log_named_uint("proofs", n);
        emit log_named_uint("precompile floor", _batchFloor(n, 2));
        emit log_named_uint("verifyBatch gas", used);
        emit log_named_uint("gas per proof", used / n);
        if (n == 32) {
            vm.assertLe(used, BATCH_BUDGET_PER_PROOF * n, "verifyBatch over 55,000 per proof");
        }
    }

    function test_Gas_VerifyProof_L1() public {
        (uint256[8][] memory proofs, uint256[1][] memory inputs) = GasL1Fixture.load();
        l1.verifyProof(proofs[0], inputs[0]);
        _single(1, vm.lastCallGas().gasTotalUsed);
    }

    function test_Gas_VerifyProof_L2() public {
        (uint256[8][] memory proofs, uint256[2][] memory inputs) = InclusionFixture.load();
        inclusion.verifyProof(proofs[0], inputs[0]);
        _single(2, vm.lastCallGas().gasTotalUsed);
    }

    function test_Gas_VerifyProof_L4() public {
        (uint256[8][] memory proofs, uint256[4][] memory inputs) = GasL4Fixture.load();
        l4.verifyProof(proofs[0], inputs[0]);
        _single(4, vm.lastCallGas().gasTotalUsed);
    }

    function test_Gas_VerifyProof_L8() public {
        (uint256[8][] memory proofs, uint256[8][] memory inputs) = GasL8Fixture.load();
        l8.verifyProof(proofs[0], inputs[0]);
        _single(8, vm.lastCallGas().gasTotalUsed);
    }

    /// @notice The reference dataset verifier (35 inputs), reported without a budget: each input
    ///         costs its ecMul and ecAdd (6,150) plus two calls (200) and about 220 gas of
    ///         code, so the ratio to the floor tends to about 1.07 as l grows.
    function test_Gas_VerifyProof_L35_Dataset() public {
        (uint256[8][] memory proofs, uint256[35][] memory inputs) = DatasetFixture.load();
        dataset.verifyProof(proofs[0], inputs[0]);
        _report(35, vm.lastCallGas().gasTotalUsed);
    }

    function test_Gas_VerifyBatch_N1() public {
        _batch(1);
    }

    function test_Gas_VerifyBatch_N4() public {
        _batch(4);
    }

    function test_Gas_VerifyBatch_N16() public {
        _batch(16);
    }

    function test_Gas_VerifyBatch_N32() public {
        _batch(32);
    }
}
