// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TestBase} from "../utils/TestBase.sol";
import {CommitL2Fixture} from "./fixtures/CommitL2Fixture.sol";
import {CommitL2Verifier} from "./generated/CommitL2Verifier.sol";
import {Bn254} from "./utils/Bn254.sol";

/// @dev forge's expectCall, declared here (contracts/test/utils/Vm.sol does not list it).
interface VmExpectCall {
    function expectCall(address callee, bytes calldata data) external;
}

/// @title CommitVerifierTest
/// @notice The generated verifier of proofs with one commitment (circuits/fixtures/commit-l2) on
///         real proofs: both fixture proofs pass; every mangled word of the 12, every changed
///         input, every non-canonical encoding, a D or P replaced by another valid point and
///         every point at infinity fail with their own error, and isValidProof agrees.
contract CommitVerifierTest is TestBase {
    CommitL2Verifier internal verifier;

    /// @dev A rejected B makes the pairing precompile consume all the gas it is given (63/64 of
    ///      what is left), so the calls in the rejection helper are capped.
    uint256 internal constant CALL_GAS = 1_000_000;

    /// @dev Word indices: D at 8 and 9, P at 10 and 11.
    uint256 internal constant D_X = 8;
    uint256 internal constant P_X = 10;

    function setUp() public {
        verifier = new CommitL2Verifier();
    }

    function _proof(uint256 i) internal pure returns (uint256[12] memory p, uint256[2] memory x) {
        (uint256[12][] memory proofs, uint256[2][] memory inputs) = CommitL2Fixture.load();
        return (proofs[i], inputs[i]);
    }

    function _err(bytes4 selector) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(selector);
    }

    function _err(bytes4 selector, uint256 arg) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(selector, arg);
    }

    /// @dev verifyProof reverts with exactly `err`, and isValidProof says false.
    function _assertRejected(uint256[12] memory p, uint256[2] memory x, bytes memory err) internal {
        vm.expectRevert(err);
        verifier.verifyProof{gas: CALL_GAS}(p, x);
        vm.assertFalse(verifier.isValidProof{gas: CALL_GAS}(p, x), "isValidProof agrees");
    }

    /// @dev The point of G1 at words k, k + 1 replaced by (x, y).
    function _set(uint256[12] memory p, uint256 k, uint256 x, uint256 y) internal pure {
        p[k] = x;
        p[k + 1] = y;
    }

    /// @notice The contract's rho is fold_challenge's, keccak256(12 proof words, inputs) mod r
    ///         (carried by the ecMul calls of rho D and rho P), and its SHA-256 calls are the
    ///         three blocks of expand_message_xmd for D, computed here independently. The
    ///         challenge itself is then checked by the honest proofs verifying (IC[3] c enters
    ///         vk_x).
    function test_FoldAndChallengeCalls_AreTheSpecifiedOnes() public {
        VmExpectCall calls = VmExpectCall(address(vm));
        bytes memory dstPrime = abi.encodePacked("bsb22-commitment", uint8(16));
        for (uint256 i; i < 2; i++) {
            (uint256[12] memory p, uint256[2] memory x) = _proof(i);
            uint256 rho = uint256(keccak256(abi.encodePacked(p, x))) % Bn254.R;
            calls.expectCall(address(7), abi.encode(p[8], p[9], rho));
            calls.expectCall(address(7), abi.encode(p[10], p[11], rho));
            bytes memory m0 = abi.encodePacked(
                bytes32(0), bytes32(0), p[8], p[9], uint16(48), uint8(0), dstPrime
            );
            bytes32 b0 = sha256(m0);
            bytes memory m1 = abi.encodePacked(b0, uint8(1), dstPrime);
            bytes memory m2 = abi.encodePacked(b0 ^ sha256(m1), uint8(2), dstPrime);
            calls.expectCall(address(2), m0);
            calls.expectCall(address(2), m1);
            calls.expectCall(address(2), m2);
            verifier.verifyProof(p, x);
        }
    }

    function test_CircuitId_AndInputCount() public view {
        vm.assertEq(verifier.CIRCUIT_ID(), CommitL2Fixture.CIRCUIT_ID, "circuit id");
        vm.assertEq(verifier.NUM_PUBLIC_INPUTS(), 2, "inputs");
    }

    function test_VerifyProof_AcceptsBothFixtureProofs() public view {
        (uint256[12][] memory proofs, uint256[2][] memory inputs) = CommitL2Fixture.load();
        vm.assertEq(proofs.length, 2, "fixture size");
        for (uint256 i; i < proofs.length; i++) {
            verifier.verifyProof(proofs[i], inputs[i]);
            vm.assertTrue(verifier.isValidProof(proofs[i], inputs[i]), "isValidProof");
        }
    }

    /// @notice Each of the 12 words + 1: A, C, D and P leave the curve, B leaves the twist.
    function test_RevertWhen_AnyProofWordIsMangled() public {
        for (uint256 k; k < 12; k++) {
            (uint256[12] memory p, uint256[2] memory x) = _proof(k % 2);
            p[k] += 1;
            bytes memory err;
            if (k < 2) err = _err(CommitL2Verifier.ProofPointNotOnCurve.selector, 0);
            else if (k < 6) err = _err(CommitL2Verifier.ProofBNotInG2.selector);
            else err = _err(CommitL2Verifier.ProofPointNotOnCurve.selector, k / 2 - 1);
            _assertRejected(p, x, err);
        }
    }

    /// @notice Any change of any word (the fuzzer picks the word and the change) is refused.
    function testFuzz_RevertWhen_AnyProofWordChanges(uint256 k, uint256 delta) public view {
        k = k % 12;
        delta = _bound(delta, 1, Bn254.Q - 1);
        (uint256[12] memory p, uint256[2] memory x) = _proof(k % 2);
        p[k] = addmod(p[k], delta, Bn254.Q);
        vm.assertFalse(verifier.isValidProof{gas: CALL_GAS}(p, x), "changed word accepted");
    }

    function test_RevertWhen_AnyInputIsMangled() public {
        bytes memory invalid = _err(CommitL2Verifier.ProofInvalid.selector);
        for (uint256 i; i < 2; i++) {
            for (uint256 j; j < 2; j++) {
                (uint256[12] memory p, uint256[2] memory x) = _proof(i);
                x[j] = addmod(x[j], 1, Bn254.R);
                _assertRejected(p, x, invalid);
                x[j] = addmod(x[j], Bn254.R - 2, Bn254.R);
                _assertRejected(p, x, invalid);
            }
        }
        // The other proof's inputs.
        (uint256[12] memory p0,) = _proof(0);
        (, uint256[2] memory x1) = _proof(1);
        _assertRejected(p0, x1, invalid);
    }

    /// @notice One proof, one encoding: each word + q (the same field element), q itself and
    ///         the largest word fail as not below q.
    function test_RevertWhen_ProofWordIsNotCanonical() public {
        for (uint256 k; k < 12; k++) {
            bytes memory err = _err(CommitL2Verifier.ProofCoordinateNotInField.selector, k);
            (uint256[12] memory p, uint256[2] memory x) = _proof(k % 2);
            uint256 original = p[k];
            uint256[3] memory values = [original + Bn254.Q, Bn254.Q, type(uint256).max];
            for (uint256 v; v < values.length; v++) {
                p[k] = values[v];
                _assertRejected(p, x, err);
            }
        }
    }

    /// @notice Inputs must be below r: x + r (the same value mod r), r and the largest word fail.
    function test_RevertWhen_InputIsNotBelowR() public {
        for (uint256 j; j < 2; j++) {
            bytes memory err = _err(CommitL2Verifier.PublicInputNotInField.selector, j);
            (uint256[12] memory p, uint256[2] memory x) = _proof(j);
            uint256[3] memory values = [x[j] + Bn254.R, Bn254.R, type(uint256).max];
            for (uint256 v; v < values.length; v++) {
                x[j] = values[v];
                _assertRejected(p, x, err);
            }
        }
    }

    /// @notice D replaced by other valid points: -D, D + G, P, the other proof's D; P likewise;
    ///         and the other proof's (D, P), a valid proof of knowledge whose challenge is not
    ///         this proof's. Each is on the curve, so only the pairing can tell.
    function test_RevertWhen_CommitmentOrPokIsAnotherValidPoint() public {
        bytes memory invalid = _err(CommitL2Verifier.ProofInvalid.selector);
        (uint256[12] memory other,) = _proof(1);
        for (uint256 w = D_X; w <= P_X; w += 2) {
            (uint256[12] memory p, uint256[2] memory x) = _proof(0);
            p[w + 1] = Bn254.neg(p[w + 1]);
            _assertRejected(p, x, invalid);

            (p, x) = _proof(0);
            (uint256 sx, uint256 sy) = Bn254.add(p[w], p[w + 1], 1, 2);
            _set(p, w, sx, sy);
            _assertRejected(p, x, invalid);

            (p, x) = _proof(0);
            _set(p, w, other[w], other[w + 1]);
            _assertRejected(p, x, invalid);

            (p, x) = _proof(0);
            uint256 o = w == D_X ? P_X : D_X;
            _set(p, w, p[o], p[o + 1]);
            _assertRejected(p, x, invalid);
        }
        (uint256[12] memory q, uint256[2] memory y) = _proof(0);
        _set(q, D_X, other[D_X], other[D_X + 1]);
        _set(q, P_X, other[P_X], other[P_X + 1]);
        _assertRejected(q, y, invalid);
        // D and P swapped.
        (q, y) = _proof(0);
        (q[8], q[9], q[10], q[11]) = (q[10], q[11], q[8], q[9]);
        _assertRejected(q, y, invalid);
    }

    /// @notice A, B, C of another proof, or negated, with this proof's D and P.
    function test_RevertWhen_GrothPartIsAnotherValidProofs() public {
        bytes memory invalid = _err(CommitL2Verifier.ProofInvalid.selector);
        (uint256[12] memory other,) = _proof(1);
        (uint256[12] memory p, uint256[2] memory x) = _proof(0);
        for (uint256 k; k < 8; k++) {
            p[k] = other[k];
        }
        _assertRejected(p, x, invalid);
        (p, x) = _proof(0);
        p[1] = Bn254.neg(p[1]);
        _assertRejected(p, x, invalid);
        (p, x) = _proof(0);
        (p[4], p[5]) = (Bn254.neg(p[4]), Bn254.neg(p[5]));
        _assertRejected(p, x, invalid);
        (p, x) = _proof(0);
        p[7] = Bn254.neg(p[7]);
        _assertRejected(p, x, invalid);
    }

    /// @notice (0, 0) is how the precompiles encode infinity: refused for A, B, C, D and P.
    function test_RevertWhen_PointIsAtInfinity() public {
        bytes4 sel = CommitL2Verifier.ProofPointAtInfinity.selector;
        (uint256[12] memory p, uint256[2] memory x) = _proof(0);
        _set(p, 0, 0, 0);
        _assertRejected(p, x, _err(sel, 0));
        (p, x) = _proof(0);
        (p[2], p[3], p[4], p[5]) = (0, 0, 0, 0);
        _assertRejected(p, x, _err(sel, 1));
        for (uint256 pt = 2; pt < 5; pt++) {
            (p, x) = _proof(1);
            _set(p, 2 * pt + 2, 0, 0);
            _assertRejected(p, x, _err(sel, pt));
        }
    }

    function test_RevertWhen_BIsOnTheTwistButNotInG2() public {
        (uint256[12] memory p, uint256[2] memory x) = _proof(1);
        p[2] = Bn254.OFF_G2_X_IMAG;
        p[3] = Bn254.OFF_G2_X_REAL;
        p[4] = Bn254.OFF_G2_Y_IMAG;
        p[5] = Bn254.OFF_G2_Y_REAL;
        _assertRejected(p, x, _err(CommitL2Verifier.ProofBNotInG2.selector));
    }

    /// @notice Checks apply in the documented order: words, then inputs, then points.
    function test_RevertWhen_SeveralThingsAreWrong_FirstCheckWins() public {
        (uint256[12] memory p, uint256[2] memory x) = _proof(0);
        _set(p, P_X, 0, 0);
        x[1] = Bn254.R;
        p[9] = Bn254.Q;
        _assertRejected(p, x, _err(CommitL2Verifier.ProofCoordinateNotInField.selector, 9));
        p[9] = 1;
        _assertRejected(p, x, _err(CommitL2Verifier.PublicInputNotInField.selector, 1));
        x[1] = 0;
        _assertRejected(p, x, _err(CommitL2Verifier.ProofPointNotOnCurve.selector, 3));
    }

    /// @notice Too little gas: verifyProof and isValidProof revert (with PrecompileFailed when a
    ///         precompile ran short); isValidProof never answers false for a valid proof.
    function test_RevertWhen_OutOfGas_NeverFalse() public view {
        (uint256[12] memory p, uint256[2] memory x) = _proof(0);
        bytes memory isValid = abi.encodeCall(CommitL2Verifier.isValidProof, (p, x));
        bytes memory verify = abi.encodeCall(CommitL2Verifier.verifyProof, (p, x));
        uint256[6] memory limits = [uint256(5000), 20_000, 60_000, 120_000, 240_000, 250_000];
        for (uint256 g; g < limits.length; g++) {
            (bool ok, bytes memory out) = address(verifier).staticcall{gas: limits[g]}(isValid);
            if (ok) vm.assertTrue(abi.decode(out, (bool)), "true or a revert");
            (bool ok2,) = address(verifier).staticcall{gas: limits[g]}(verify);
            vm.assertEq(ok, ok2, "both functions agree");
        }
        // Enough for the hashes, ecMul and ecAdd calls, not for the pairing.
        (bool ok3, bytes memory out3) = address(verifier).staticcall{gas: 120_000}(verify);
        vm.assertFalse(ok3, "reverted");
        vm.assertEq(
            out3, _err(CommitL2Verifier.PrecompileFailed.selector, 8), "PrecompileFailed(8)"
        );
        (bool ok4, bytes memory out4) = address(verifier).staticcall{gas: 300_000}(isValid);
        vm.assertTrue(ok4 && abi.decode(out4, (bool)), "enough gas");
    }
}
