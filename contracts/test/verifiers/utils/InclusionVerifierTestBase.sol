// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {InclusionVerifier} from "../../../src/verifiers/InclusionVerifier.sol";
import {TestBase} from "../../utils/TestBase.sol";
import {InclusionFixture} from "../fixtures/InclusionFixture.sol";

/// @title InclusionVerifierTestBase
/// @notice Shared by the InclusionVerifier test files: the generated verifier (depth 20, two
///         public inputs) and the 32 real proofs of circuits/fixtures/inclusion-20.
abstract contract InclusionVerifierTestBase is TestBase {
    InclusionVerifier internal verifier;

    function setUp() public virtual {
        verifier = new InclusionVerifier();
    }

    /// @dev Fixture proof `i` (0 to 31) with its public inputs [root, leaf].
    function _proof(uint256 i) internal pure returns (uint256[8] memory p, uint256[2] memory x) {
        (uint256[8][] memory proofs, uint256[2][] memory inputs) = InclusionFixture.load();
        return (proofs[i], inputs[i]);
    }

    /// @dev The first `n` fixture proofs as a batch.
    function _batch(uint256 n)
        internal
        pure
        returns (uint256[8][] memory proofs, uint256[2][] memory inputs)
    {
        (proofs, inputs) = InclusionFixture.load();
        assembly {
            mstore(proofs, n)
            mstore(inputs, n)
        }
    }

    /// @dev Gas for one call in the rejection helpers. A rejected B makes the pairing precompile
    ///      consume all the gas it is given (63/64 of what is left), so the calls are capped.
    uint256 internal constant CALL_GAS = 1_000_000;
    /// @dev See CALL_GAS; enough for a batch of 32.
    uint256 internal constant BATCH_GAS = 10_000_000;

    /// @dev verifyProof reverts with exactly `err`, and isValidProof says false.
    function _assertRejected(uint256[8] memory p, uint256[2] memory x, bytes memory err) internal {
        vm.expectRevert(err);
        verifier.verifyProof{gas: CALL_GAS}(p, x);
        vm.assertFalse(verifier.isValidProof{gas: CALL_GAS}(p, x), "isValidProof agrees");
    }

    /// @dev verifyBatch reverts with exactly `err`.
    function _assertBatchRejected(
        uint256[8][] memory proofs,
        uint256[2][] memory inputs,
        bytes memory err
    ) internal {
        vm.expectRevert(err);
        verifier.verifyBatch{gas: BATCH_GAS}(proofs, inputs);
    }

    function _err(bytes4 selector) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(selector);
    }

    function _err(bytes4 selector, uint256 arg) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(selector, arg);
    }
}
