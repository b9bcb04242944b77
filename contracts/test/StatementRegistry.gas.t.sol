// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StatementRegistry} from "../src/StatementRegistry.sol";
import {InclusionVerifier} from "../src/verifiers/InclusionVerifier.sol";
import {StatementRegistryTestBase} from "./utils/StatementRegistryTestBase.sol";

/// @title StatementRegistryGasTest
/// @notice Gas of `submit` and `submitBatch` on the inclusion verifier, as the verifier's own gas
///         plus the registry's overhead. Each test calls a second, untouched deployment of the
///         verifier directly first (vm.lastCallGas: the call's own gas, without the 21,000 base
///         or calldata), then the registry, from cold storage, so the difference is the overhead
///         a real transaction pays: the cold circuit and statement slots, the cold calls into
///         the verifier and the anchor, the event. Budget: overhead at most 40,000 gas for
///         `submit`. Figures: forge test --match-contract StatementRegistryGasTest -vv
contract StatementRegistryGasTest is StatementRegistryTestBase {
    /// @dev The budget for the registry's overhead on one inclusion proof.
    uint256 internal constant OVERHEAD_BUDGET = 40_000;

    /// @dev Intrinsic cost of a transaction, and calldata costs per byte (EIP-2028).
    uint256 internal constant TX_BASE = 21_000;
    uint256 internal constant ZERO_BYTE = 4;
    uint256 internal constant NONZERO_BYTE = 16;

    /// @dev Same code as the registered verifier, never called by the registry, so that
    ///      calling it does not warm the registered one.
    InclusionVerifier internal twin;

    function setUp() public override {
        super.setUp();
        twin = new InclusionVerifier();
    }

    function test_Gas_SubmitInclusion() public {
        (uint256[8] memory p, uint256[] memory x) = _proof(0);
        twin.verifyProof(p, [x[0], x[1]]);
        uint256 verifierGas = vm.lastCallGas().gasTotalUsed;

        bytes memory data = abi.encodeCall(StatementRegistry.submit, (INCLUSION_ID, p, x));
        vm.cool(address(registry));
        vm.cool(address(ledger));
        (bool ok,) = address(registry).call(data);
        vm.assertTrue(ok, "submit succeeded");
        uint256 submitGas = vm.lastCallGas().gasTotalUsed;
        uint256 calldataGas = _calldataGas(data);

        emit log_named_uint("verifier (verifyProof, L = 2)", verifierGas);
        emit log_named_uint("submit execution", submitGas);
        emit log_named_uint("registry overhead", submitGas - verifierGas);
        emit log_named_uint("calldata", calldataGas);
        emit log_named_uint("transaction total", TX_BASE + calldataGas + submitGas);
        vm.assertLe(submitGas - verifierGas, OVERHEAD_BUDGET, "overhead over 40,000 gas");
    }

    function test_Gas_SubmitBatchInclusion_N4() public {
        _batchGas(4);
    }

    function test_Gas_SubmitBatchInclusion_N16() public {
        _batchGas(16);
    }

    function _batchGas(uint256 n) internal {
        uint256[] memory indices = _firstIndices(n);
        (uint256[8][] memory proofs, uint256[] memory flat) = _batch(indices);
        uint256[2][] memory pairs = new uint256[2][](n);
        for (uint256 k; k < n; ++k) {
            pairs[k] = [flat[2 * k], flat[2 * k + 1]];
        }
        twin.verifyBatch(proofs, pairs);
        uint256 verifierGas = vm.lastCallGas().gasTotalUsed;

        vm.cool(address(registry));
        vm.cool(address(ledger));
        registry.submitBatch(INCLUSION_ID, proofs, flat);
        uint256 submitGas = vm.lastCallGas().gasTotalUsed;

        emit log_named_uint("proofs", n);
        emit log_named_uint("verifier (verifyBatch)", verifierGas);
        emit log_named_uint("submitBatch execution", submitGas);
        emit log_named_uint("registry overhead", submitGas - verifierGas);
        emit log_named_uint("registry overhead per proof", (submitGas - verifierGas) / n);
        emit log_named_uint("submitBatch per proof", submitGas / n);
    }

    /// @dev EIP-2028 calldata gas of `data`.
    function _calldataGas(bytes memory data) internal pure returns (uint256 gas) {
        for (uint256 i; i < data.length; ++i) {
            gas += data[i] == 0 ? ZERO_BYTE : NONZERO_BYTE;
        }
    }
}
