// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {InclusionVerifier} from "../../src/verifiers/InclusionVerifier.sol";
import {InclusionFixture} from "./fixtures/InclusionFixture.sol";
import {Bn254} from "./utils/Bn254.sol";
import {InclusionVerifierTestBase} from "./utils/InclusionVerifierTestBase.sol";

/// @title InclusionVerifierTest
/// @notice verifyProof and isValidProof of the generated InclusionVerifier on real proofs: every
///         known-good proof passes; every mangled word, input, non-canonical encoding and point
///         at infinity fails with its own error.
contract InclusionVerifierTest is InclusionVerifierTestBase {
    function test_CircuitId_IsTheKeysManifestId() public view {
        vm.assertEq(verifier.CIRCUIT_ID(), InclusionFixture.CIRCUIT_ID, "circuit id");
        vm.assertEq(verifier.NUM_PUBLIC_INPUTS(), 2, "inputs");
    }

    function test_VerifyProof_AcceptsEveryFixtureProof() public view {
        (uint256[8][] memory proofs, uint256[2][] memory inputs) = InclusionFixture.load();
        vm.assertEq(proofs.length, 32, "fixture size");
        for (uint256 i; i < proofs.length; i++) {
            verifier.verifyProof(proofs[i], inputs[i]);
            vm.assertTrue(verifier.isValidProof(proofs[i], inputs[i]), "isValidProof");
        }
    }

    /// @notice Each proof word + 1: A and C leave the curve, B leaves the twist.
    function test_RevertWhen_AnyProofWordIsMangled() public {
        for (uint256 k; k < 8; k++) {
            (uint256[8] memory p, uint256[2] memory x) = _proof(k);
            p[k] += 1;
            bytes memory err = k < 2
                ? _err(InclusionVerifier.ProofPointNotOnCurve.selector, 0)
                : k < 6
                    ? _err(InclusionVerifier.ProofBNotInG2.selector)
                    : _err(InclusionVerifier.ProofPointNotOnCurve.selector, 2);
            _assertRejected(p, x, err);
        }
    }

    /// @notice Valid points that are not this proof's: -A, -B, -C, A and C swapped, another
    ///         proof's A.
    function test_RevertWhen_ProofPointsAreValidButWrong() public {
        bytes memory invalid = _err(InclusionVerifier.ProofInvalid.selector);
        (uint256[8] memory p, uint256[2] memory x) = _proof(0);
        _assertRejected(Bn254.negA(p), x, invalid);
        (p, x) = _proof(0);
        _assertRejected(Bn254.negB(p), x, invalid);
        (p, x) = _proof(0);
        _assertRejected(Bn254.negC(p), x, invalid);
        (p, x) = _proof(0);
        (p[0], p[1], p[6], p[7]) = (p[6], p[7], p[0], p[1]);
        _assertRejected(p, x, invalid);
        (p, x) = _proof(0);
        (uint256[8] memory other,) = _proof(1);
        (p[0], p[1]) = (other[0], other[1]);
        _assertRejected(p, x, invalid);
    }

    function test_RevertWhen_BIsOnTheTwistButNotInG2() public {
        (uint256[8] memory p, uint256[2] memory x) = _proof(3);
        _assertRejected(Bn254.offG2B(p), x, _err(InclusionVerifier.ProofBNotInG2.selector));
    }

    function test_RevertWhen_AnyInputIsMangled() public {
        bytes memory invalid = _err(InclusionVerifier.ProofInvalid.selector);
        for (uint256 j; j < 2; j++) {
            (uint256[8] memory p, uint256[2] memory x) = _proof(j);
            x[j] = (x[j] + 1) % Bn254.R;
            _assertRejected(p, x, invalid);
        }
        (uint256[8] memory p2, uint256[2] memory x2) = _proof(2);
        (x2[0], x2[1]) = (x2[1], x2[0]);
        _assertRejected(p2, x2, invalid);
        (, uint256[2] memory other) = _proof(5);
        _assertRejected(p2, other, invalid);
    }

    /// @notice Inputs must be below r: r, r + 1, x + r (the same value mod r) and the largest
    ///         word all fail, for each input.
    function test_RevertWhen_InputIsNotBelowR() public {
        for (uint256 j; j < 2; j++) {
            bytes memory err = _err(InclusionVerifier.PublicInputNotInField.selector, j);
            (uint256[8] memory p, uint256[2] memory x) = _proof(7);
            uint256 original = x[j];
            uint256[4] memory values = [Bn254.R, Bn254.R + 1, original + Bn254.R, type(uint256).max];
            for (uint256 v; v < values.length; v++) {
                x[j] = values[v];
                _assertRejected(p, x, err);
            }
        }
    }

    /// @notice One proof, one encoding: each word + q (the same field element), q itself and the
    ///         largest word fail as not below q.
    function test_RevertWhen_ProofWordIsNotCanonical() public {
        for (uint256 k; k < 8; k++) {
            bytes memory err = _err(InclusionVerifier.ProofCoordinateNotInField.selector, k);
            (uint256[8] memory p, uint256[2] memory x) = _proof(k);
            uint256 original = p[k];
            uint256[3] memory values = [original + Bn254.Q, Bn254.Q, type(uint256).max];
            for (uint256 v; v < values.length; v++) {
                p[k] = values[v];
                _assertRejected(p, x, err);
            }
        }
    }

    /// @notice The alias the precompiles would otherwise accept for -A: A.y + q.
    function test_RevertWhen_AYPlusQ() public {
        (uint256[8] memory p, uint256[2] memory x) = _proof(9);
        p[1] += Bn254.Q;
        _assertRejected(p, x, _err(InclusionVerifier.ProofCoordinateNotInField.selector, 1));
    }

    /// @notice (0, 0) is how the precompiles encode infinity; the Rust verifier refuses it for A,
    ///         B and C, and so does the contract.
    function test_RevertWhen_PointIsAtInfinity() public {
        (uint256[8] memory p, uint256[2] memory x) = _proof(4);
        (p[0], p[1]) = (0, 0);
        _assertRejected(p, x, _err(InclusionVerifier.ProofPointAtInfinity.selector, 0));
        (p, x) = _proof(4);
        (p[2], p[3], p[4], p[5]) = (0, 0, 0, 0);
        _assertRejected(p, x, _err(InclusionVerifier.ProofPointAtInfinity.selector, 1));
        (p, x) = _proof(4);
        (p[6], p[7]) = (0, 0);
        _assertRejected(p, x, _err(InclusionVerifier.ProofPointAtInfinity.selector, 2));
    }

    /// @notice Half of infinity is just a point off the curve.
    function test_RevertWhen_PointIsHalfZero() public {
        (uint256[8] memory p, uint256[2] memory x) = _proof(4);
        p[0] = 0;
        _assertRejected(p, x, _err(InclusionVerifier.ProofPointNotOnCurve.selector, 0));
        (p, x) = _proof(4);
        p[7] = 0;
        _assertRejected(p, x, _err(InclusionVerifier.ProofPointNotOnCurve.selector, 2));
        (p, x) = _proof(4);
        (p[2], p[3]) = (0, 0);
        _assertRejected(p, x, _err(InclusionVerifier.ProofBNotInG2.selector));
    }

    /// @notice A y of 0 marks infinity only with an x of 0: otherwise the point is off its curve
    ///         (neither group has a point of order 2) and the precompile refuses it.
    function test_RevertWhen_OnlyYIsZero() public {
        (uint256[8] memory p, uint256[2] memory x) = _proof(4);
        p[1] = 0;
        _assertRejected(p, x, _err(InclusionVerifier.ProofPointNotOnCurve.selector, 0));
        (p, x) = _proof(4);
        (p[4], p[5]) = (0, 0);
        _assertRejected(p, x, _err(InclusionVerifier.ProofBNotInG2.selector));
    }

    /// @notice Checks apply in the documented order: words, then inputs, then points.
    function test_RevertWhen_SeveralThingsAreWrong_FirstCheckWins() public {
        (uint256[8] memory p, uint256[2] memory x) = _proof(6);
        p[6] = 0;
        p[7] = 0;
        x[1] = Bn254.R;
        p[5] = Bn254.Q;
        _assertRejected(p, x, _err(InclusionVerifier.ProofCoordinateNotInField.selector, 5));
        p[5] = 1;
        _assertRejected(p, x, _err(InclusionVerifier.PublicInputNotInField.selector, 1));
        x[1] = 0;
        _assertRejected(p, x, _err(InclusionVerifier.ProofPointAtInfinity.selector, 2));
    }

    /// @notice Too little gas: verifyProof and isValidProof revert (with PrecompileFailed when a
    ///         precompile ran short); isValidProof never answers false for a valid proof.
    function test_RevertWhen_OutOfGas_NeverFalse() public view {
        (uint256[8] memory p, uint256[2] memory x) = _proof(8);
        bytes memory isValid = abi.encodeCall(InclusionVerifier.isValidProof, (p, x));
        bytes memory verify = abi.encodeCall(InclusionVerifier.verifyProof, (p, x));
        bytes memory failed = _err(InclusionVerifier.PrecompileFailed.selector, 8);
        uint256[5] memory limits = [uint256(5000), 15_000, 150_000, 185_000, 190_000];
        for (uint256 g; g < limits.length; g++) {
            (bool ok, bytes memory out) = address(verifier).staticcall{gas: limits[g]}(isValid);
            if (ok) vm.assertTrue(abi.decode(out, (bool)), "true or a revert");
            (bool ok2,) = address(verifier).staticcall{gas: limits[g]}(verify);
            vm.assertEq(ok, ok2, "both functions agree");
        }
        // Enough for the ecMul and ecAdd calls, not for the pairing.
        (bool ok3, bytes memory out3) = address(verifier).staticcall{gas: 150_000}(verify);
        vm.assertFalse(ok3, "reverted");
        vm.assertEq(out3, failed, "PrecompileFailed(8)");
        (bool ok4,) = address(verifier).staticcall{gas: 250_000}(isValid);
        vm.assertTrue(ok4, "enough gas");
    }
}
