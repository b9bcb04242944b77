// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {InclusionVerifier} from "../../src/verifiers/InclusionVerifier.sol";
import {TestBase} from "../utils/TestBase.sol";
import {CommitL2Fixture} from "./fixtures/CommitL2Fixture.sol";
import {InclusionFixture} from "./fixtures/InclusionFixture.sol";
import {CommitL2Verifier} from "./generated/CommitL2Verifier.sol";

/// @title CommitVerifierGasTest
/// @notice Gas of the generated verifier of proofs with one commitment against the plain
///         verifier at the same number of public inputs (2: the inclusion verifier), on real
///         proofs, measured as the gas used by the call itself (vm.lastCallGas: no 21,000 base,
///         no calldata). Budgets: at most 70,000 gas more than the plain verifier, and at most
///         1.03 x its own precompile floor; verifyBatch at most 10,000 + 8,000 n gas above its
///         floor and below n verifyProof calls. Figures:
///         forge test --match-contract CommitVerifierGasTest -vv
contract CommitVerifierGasTest is TestBase {
    /// @dev EIP-1108 precompile prices, and SHA-256's (60 + 12 per word).
    uint256 internal constant EC_ADD = 150;
    uint256 internal constant EC_MUL = 6000;
    uint256 internal constant PAIRING_BASE = 45_000;
    uint256 internal constant PAIRING_PAIR = 34_000;
    uint256 internal constant SHA256_BASE = 60;
    uint256 internal constant SHA256_WORD = 12;

    /// @dev The issue's budget for one commitment over the plain verifier.
    uint256 internal constant COMMIT_OVERHEAD_BUDGET = 70_000;

    /// @dev verifyBatch's budget above its precompile floor: fixed, and per proof.
    uint256 internal constant BATCH_FIXED_BUDGET = 10_000;
    uint256 internal constant BATCH_PROOF_BUDGET = 8000;

    CommitL2Verifier internal commit;
    InclusionVerifier internal plain;

    /// @dev Deployed here so that the .gas-snapshot entries of the tests leave deployment out.
    function setUp() public {
        commit = new CommitL2Verifier();
        plain = new InclusionVerifier();
    }

    /// @dev One proof with one commitment and l inputs: 5 pairs; ecMul for the l inputs, the
    ///      challenge, rho D and rho P; ecAdd for the inputs, the challenge, D and rho P; SHA-256
    ///      over 148 bytes (5 words) and twice over 50 bytes (2 words).
    function _commitFloor(uint256 l) internal pure returns (uint256) {
        return PAIRING_BASE + 5 * PAIRING_PAIR + (l + 3) * EC_MUL + (l + 3) * EC_ADD + 3
            * SHA256_BASE + 9 * SHA256_WORD;
    }

    function _commitGas() internal view returns (uint256) {
        (uint256[12][] memory proofs, uint256[2][] memory inputs) = CommitL2Fixture.load();
        commit.verifyProof(proofs[0], inputs[0]);
        return vm.lastCallGas().gasTotalUsed;
    }

    function _plainGas() internal view returns (uint256) {
        (uint256[8][] memory proofs, uint256[2][] memory inputs) = InclusionFixture.load();
        plain.verifyProof(proofs[0], inputs[0]);
        return vm.lastCallGas().gasTotalUsed;
    }

    function test_Gas_CommitVerifyProof_L2() public {
        uint256 used = _commitGas();
        uint256 floor = _commitFloor(2);
        emit log_named_uint("precompile floor", floor);
        emit log_named_uint("commit verifyProof gas", used);
        emit log_named_uint("gas / floor (per mille)", used * 1000 / floor);
        vm.assertLe(used * 100, floor * 103, "commit verifyProof over 1.03 x the floor");
    }

    /// @dev A batch of n proofs with one commitment and l inputs: n + 4 pairs; ecMul 5 per
    ///      proof (w A, w C, w rho D, w D, w rho P), sum w alpha and l + 2 for vk_x; ecAdd 4 per
    ///      proof and l + 2 for vk_x; SHA-256 as verifyProof per proof.
    function _commitBatchFloor(uint256 n, uint256 l) internal pure returns (uint256) {
        return PAIRING_BASE + (n + 4) * PAIRING_PAIR + (5 * n + l + 3) * EC_MUL + (4 * n + l + 2)
            * EC_ADD + n * (3 * SHA256_BASE + 9 * SHA256_WORD);
    }

    /// @dev verifyBatch of the two fixture proofs repeated to n: gas logged; at most
    ///      BATCH_FIXED_BUDGET + n x BATCH_PROOF_BUDGET above the floor (the 12 precompile calls
    ///      of a proof cost 100 gas each beyond their price), and below n verifyProof calls.
    function _batchGas(uint256 n) internal {
        (uint256[12][] memory ps, uint256[2][] memory xs) = CommitL2Fixture.load();
        uint256[12][] memory proofs = new uint256[12][](n);
        uint256[2][] memory inputs = new uint256[2][](n);
        for (uint256 i; i < n; i++) {
            (proofs[i], inputs[i]) = (ps[i % 2], xs[i % 2]);
        }
        commit.verifyBatch(proofs, inputs);
        uint256 used = vm.lastCallGas().gasTotalUsed;
        uint256 floor = _commitBatchFloor(n, 2);
        emit log_named_uint("batch size", n);
        emit log_named_uint("precompile floor", floor);
        emit log_named_uint("commit verifyBatch gas", used);
        emit log_named_uint("gas per proof", used / n);
        emit log_named_uint("gas / floor (per mille)", used * 1000 / floor);
        vm.assertLe(
            used, floor + BATCH_FIXED_BUDGET + n * BATCH_PROOF_BUDGET, "commit verifyBatch budget"
        );
        vm.assertTrue(used < n * _commitGas(), "batch not below n x verifyProof");
    }

    function test_Gas_CommitVerifyBatch_2() public {
        _batchGas(2);
    }

    function test_Gas_CommitVerifyBatch_4() public {
        _batchGas(4);
    }

    function test_Gas_CommitOverPlain_L2() public {
        uint256 withCommit = _commitGas();
        uint256 without = _plainGas();
        emit log_named_uint("plain verifyProof gas (l = 2)", without);
        emit log_named_uint("commit verifyProof gas (l = 2)", withCommit);
        emit log_named_uint("commit - plain", withCommit - without);
        vm.assertLe(withCommit, without + COMMIT_OVERHEAD_BUDGET, "over 70,000 above plain");
    }
}
