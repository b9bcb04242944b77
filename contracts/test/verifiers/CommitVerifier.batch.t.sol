// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TestBase} from "../utils/TestBase.sol";
import {CommitL2Fixture} from "./fixtures/CommitL2Fixture.sol";
import {CommitL2Verifier} from "./generated/CommitL2Verifier.sol";
import {Bn254} from "./utils/Bn254.sol";

/// @title CommitVerifierBatchTest
/// @notice verifyBatch of the verifier of proofs with one commitment (circuits/fixtures/commit-l2)
///         on real proofs: batches of 1, 2 and 4 pass; every mangled word and input of either
///         proof, a D (or D and P) taken from the other proof, a point at infinity and a
///         non-canonical word fail with verifyProof's errors at batch-wide indices; empty and
///         mismatched batches fail with their own errors.
contract CommitVerifierBatchTest is TestBase {
    CommitL2Verifier internal verifier;

    /// @dev A rejected B makes the pairing precompile consume all the gas it is given.
    uint256 internal constant CALL_GAS = 2_000_000;

    /// @dev Word indices: D at 8 and 9, P at 10 and 11.
    uint256 internal constant D_X = 8;
    uint256 internal constant P_X = 10;

    function setUp() public {
        verifier = new CommitL2Verifier();
    }

    /// @dev The two fixture proofs, repeated to n.
    function _batch(uint256 n)
        internal
        pure
        returns (uint256[12][] memory proofs, uint256[2][] memory inputs)
    {
        (uint256[12][] memory ps, uint256[2][] memory xs) = CommitL2Fixture.load();
        proofs = new uint256[12][](n);
        inputs = new uint256[2][](n);
        for (uint256 i; i < n; i++) {
            (proofs[i], inputs[i]) = (ps[i % 2], xs[i % 2]);
        }
    }

    function _err(bytes4 selector) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(selector);
    }

    function _err(bytes4 selector, uint256 arg) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(selector, arg);
    }

    function _assertBatchRejected(
        uint256[12][] memory proofs,
        uint256[2][] memory inputs,
        bytes memory err
    ) internal {
        vm.expectRevert(err);
        verifier.verifyBatch{gas: CALL_GAS}(proofs, inputs);
    }

    function test_VerifyBatch_AcceptsOne() public view {
        (uint256[12][] memory proofs, uint256[2][] memory inputs) = _batch(1);
        verifier.verifyBatch(proofs, inputs);
    }

    function test_VerifyBatch_AcceptsBothFixtureProofs() public view {
        (uint256[12][] memory proofs, uint256[2][] memory inputs) = CommitL2Fixture.load();
        verifier.verifyBatch(proofs, inputs);
    }

    function test_VerifyBatch_AcceptsFour() public view {
        (uint256[12][] memory proofs, uint256[2][] memory inputs) = _batch(4);
        verifier.verifyBatch(proofs, inputs);
    }

    /// @notice Each of the 12 words + 1, in either proof: A, C, D and P leave the curve, B the
    ///         twist; point indices are 5 * i + point.
    function test_RevertWhen_AnyProofWordIsMangled() public {
        for (uint256 i; i < 2; i++) {
            for (uint256 k; k < 12; k++) {
                (uint256[12][] memory proofs, uint256[2][] memory inputs) = _batch(2);
                proofs[i][k] += 1;
                bytes memory err;
                if (k < 2) {
                    err = _err(CommitL2Verifier.ProofPointNotOnCurve.selector, 5 * i);
                } else if (k < 6) {
                    err = _err(CommitL2Verifier.ProofBNotInG2.selector);
                } else {
                    err = _err(CommitL2Verifier.ProofPointNotOnCurve.selector, 5 * i + k / 2 - 1);
                }
                _assertBatchRejected(proofs, inputs, err);
            }
        }
    }

    function test_RevertWhen_AnyInputIsMangled() public {
        bytes memory invalid = _err(CommitL2Verifier.ProofInvalid.selector);
        for (uint256 i; i < 2; i++) {
            for (uint256 j; j < 2; j++) {
                (uint256[12][] memory proofs, uint256[2][] memory inputs) = _batch(2);
                inputs[i][j] = addmod(inputs[i][j], 1, Bn254.R);
                _assertBatchRejected(proofs, inputs, invalid);
            }
        }
        // The inputs swapped between the proofs.
        (uint256[12][] memory ps, uint256[2][] memory xs) = _batch(2);
        (xs[0], xs[1]) = (xs[1], xs[0]);
        _assertBatchRejected(ps, xs, invalid);
    }

    /// @notice A valid proof beside the other proof with D taken from the first (P kept), or
    ///         with D and its proof of knowledge P both taken from the first.
    function test_RevertWhen_CommitmentIsSwapped() public {
        bytes memory invalid = _err(CommitL2Verifier.ProofInvalid.selector);
        for (uint256 withP; withP < 2; withP++) {
            (uint256[12][] memory proofs, uint256[2][] memory inputs) = _batch(2);
            uint256 words = withP == 1 ? 4 : 2;
            for (uint256 k = D_X; k < D_X + words; k++) {
                proofs[1][k] = proofs[0][k];
            }
            _assertBatchRejected(proofs, inputs, invalid);
        }
    }

    /// @notice C_0 + G and C_1 - G: two invalid proofs whose errors cancel under equal weights
    ///         (the sum of the Cs is unchanged) fail under the hashed weights.
    function test_RevertWhen_ErrorsCancelUnderEqualWeights() public {
        (uint256[12][] memory proofs, uint256[2][] memory inputs) = _batch(2);
        (proofs[0][6], proofs[0][7]) = Bn254.add(proofs[0][6], proofs[0][7], 1, 2);
        (proofs[1][6], proofs[1][7]) = Bn254.add(proofs[1][6], proofs[1][7], 1, Bn254.Q - 2);
        _assertBatchRejected(proofs, inputs, _err(CommitL2Verifier.ProofInvalid.selector));
    }

    function test_RevertWhen_PointIsAtInfinity() public {
        // D, then P, then B of the second proof.
        for (uint256 pt = 3; pt < 5; pt++) {
            (uint256[12][] memory proofs, uint256[2][] memory inputs) = _batch(2);
            (proofs[1][2 * pt + 2], proofs[1][2 * pt + 3]) = (0, 0);
            _assertBatchRejected(
                proofs, inputs, _err(CommitL2Verifier.ProofPointAtInfinity.selector, 5 + pt)
            );
        }
        (uint256[12][] memory ps, uint256[2][] memory xs) = _batch(2);
        for (uint256 k = 2; k < 6; k++) {
            ps[1][k] = 0;
        }
        _assertBatchRejected(ps, xs, _err(CommitL2Verifier.ProofPointAtInfinity.selector, 6));
    }

    /// @notice Non-canonical words: indices 12 * i + word and L * i + input.
    function test_RevertWhen_WordNotInField() public {
        (uint256[12][] memory proofs, uint256[2][] memory inputs) = _batch(2);
        proofs[1][P_X] += Bn254.Q;
        _assertBatchRejected(
            proofs, inputs, _err(CommitL2Verifier.ProofCoordinateNotInField.selector, 22)
        );
        (proofs, inputs) = _batch(2);
        inputs[1][1] += Bn254.R;
        _assertBatchRejected(
            proofs, inputs, _err(CommitL2Verifier.PublicInputNotInField.selector, 3)
        );
    }

    function test_RevertWhen_BatchIsEmptyOrMismatched() public {
        _assertBatchRejected(
            new uint256[12][](0), new uint256[2][](0), _err(CommitL2Verifier.EmptyBatch.selector)
        );
        (uint256[12][] memory proofs,) = _batch(2);
        (, uint256[2][] memory three) = _batch(3);
        _assertBatchRejected(
            proofs,
            three,
            abi.encodeWithSelector(CommitL2Verifier.BatchLengthMismatch.selector, 2, 3)
        );
    }
}
