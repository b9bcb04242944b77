// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {InclusionVerifier} from "../../src/verifiers/InclusionVerifier.sol";
import {Bn254} from "./utils/Bn254.sol";
import {InclusionVerifierTestBase} from "./utils/InclusionVerifierTestBase.sol";

/// @title InclusionVerifierFuzzTest
/// @notice Random proof words and inputs never verify, isValidProof never reverts on them, and
///         isValidProof is true exactly when verifyProof returns.
contract InclusionVerifierFuzzTest is InclusionVerifierTestBase {
    /// @dev Whether verifyProof returns, through a gas-capped call (see CALL_GAS).
    function _verifies(uint256[8] memory p, uint256[2] memory x) internal view returns (bool ok) {
        (ok,) = address(verifier).staticcall{gas: CALL_GAS}(
            abi.encodeCall(InclusionVerifier.verifyProof, (p, x))
        );
    }

    /// @dev isValidProof's answer; fails the test if it reverts.
    function _isValid(uint256[8] memory p, uint256[2] memory x) internal view returns (bool) {
        (bool ok, bytes memory out) = address(verifier).staticcall{gas: CALL_GAS}(
            abi.encodeCall(InclusionVerifier.isValidProof, (p, x))
        );
        vm.assertTrue(ok, "isValidProof never reverts with enough gas");
        return abi.decode(out, (bool));
    }

    function testFuzz_RevertWhen_ProofWordsAreRandom(uint256[8] memory p, uint256[2] memory x)
        public
        view
    {
        vm.assertFalse(_verifies(p, x), "random words verify");
        vm.assertFalse(_isValid(p, x), "random words are valid");
    }

    /// @notice Random words below q: past the field checks, into the curve checks and pairing.
    function testFuzz_RevertWhen_CanonicalProofWordsAreRandom(uint256[8] memory p, uint256 seed)
        public
        view
    {
        for (uint256 k; k < 8; k++) {
            p[k] %= Bn254.Q;
        }
        (, uint256[2] memory x) = _proof(seed % 32);
        vm.assertFalse(_verifies(p, x), "random words verify");
        vm.assertFalse(_isValid(p, x), "random words are valid");
    }

    /// @notice A real proof with inputs other than its own.
    function testFuzz_RevertWhen_InputsAreNotTheProofs(uint256 i, uint256[2] memory x) public view {
        (uint256[8] memory p, uint256[2] memory own) = _proof(_bound(i, 0, 31));
        vm.assume(x[0] != own[0] || x[1] != own[1]);
        vm.assertFalse(_verifies(p, x), "verifies with other inputs");
        vm.assertFalse(_isValid(p, x), "valid with other inputs");
    }

    /// @notice One word of a real proof or its inputs replaced by any value (or kept): the two
    ///         functions agree, and only the unchanged proof is valid.
    function testFuzz_IsValidProofAgreesWithVerifyProof(uint256 i, uint256 slot, uint256 value)
        public
        view
    {
        (uint256[8] memory p, uint256[2] memory x) = _proof(_bound(i, 0, 31));
        slot = _bound(slot, 0, 10);
        bool changed;
        if (slot < 8) {
            changed = p[slot] != value;
            p[slot] = value;
        } else if (slot < 10) {
            changed = x[slot - 8] != value;
            x[slot - 8] = value;
        }
        bool valid = _isValid(p, x);
        vm.assertEq(valid, _verifies(p, x), "isValidProof == verifyProof returns");
        vm.assertEq(valid, !changed, "valid exactly when unchanged");
    }

    /// @notice Any input at or above r is refused before any curve work, with its index.
    function testFuzz_RevertWhen_InputNotBelowR(uint256 i, uint256 j, uint256 value) public {
        (uint256[8] memory p, uint256[2] memory x) = _proof(_bound(i, 0, 31));
        j = _bound(j, 0, 1);
        x[j] = _bound(value, Bn254.R, type(uint256).max);
        _assertRejected(p, x, _err(InclusionVerifier.PublicInputNotInField.selector, j));
    }

    /// @notice Any word at or above q is refused with its index.
    function testFuzz_RevertWhen_ProofWordNotBelowQ(uint256 i, uint256 k, uint256 value) public {
        (uint256[8] memory p, uint256[2] memory x) = _proof(_bound(i, 0, 31));
        k = _bound(k, 0, 7);
        p[k] = _bound(value, Bn254.Q, type(uint256).max);
        _assertRejected(p, x, _err(InclusionVerifier.ProofCoordinateNotInField.selector, k));
    }
}
