// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TestBase} from "../utils/TestBase.sol";
import {DatasetChunkFixture} from "./fixtures/DatasetChunkFixture.sol";
import {DatasetChunkVerifier} from "./generated/DatasetChunkVerifier.sol";
import {Bn254} from "./utils/Bn254.sol";

/// @title DatasetChunkVerifierBatchTest
/// @notice verifyBatch of the verifier of proofs with two commitments on the real chunk proofs
///         of a dataset statement (circuits/fixtures/dataset-chunk): the 3 chunk proofs pass
///         together, and batches of 1 and 8; every mangled word of any proof, each input of
///         each proof, D_1 and D_2 swapped in one proof, a D (or D and P) taken from another
///         proof of the batch, two errors that cancel under equal weights, points at infinity
///         and non-canonical words fail with verifyProof's errors at batch-wide indices (16 i +
///         word, 35 i + input, 7 i + point); empty and mismatched batches fail with their own
///         errors.
contract DatasetChunkVerifierBatchTest is TestBase {
    DatasetChunkVerifier internal verifier;

    /// @dev A rejected B makes the pairing precompile consume all the gas it is given.
    uint256 internal constant CALL_GAS = 3_000_000;

    /// @dev Word indices: D_1 at 8, D_2 at 10, P_1 at 12, P_2 at 14.
    uint256 internal constant D1 = 8;
    uint256 internal constant D2 = 10;
    uint256 internal constant P1 = 12;

    function setUp() public {
        verifier = new DatasetChunkVerifier();
    }

    /// @dev The three chunk proofs, repeated to n.
    function _batch(uint256 n)
        internal
        pure
        returns (uint256[16][] memory proofs, uint256[35][] memory inputs)
    {
        (uint256[16][] memory ps, uint256[35][] memory xs) = DatasetChunkFixture.load();
        proofs = new uint256[16][](n);
        inputs = new uint256[35][](n);
        for (uint256 i; i < n; i++) {
            (proofs[i], inputs[i]) = (ps[i % 3], xs[i % 3]);
        }
    }

    function _err(bytes4 selector) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(selector);
    }

    function _err(bytes4 selector, uint256 arg) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(selector, arg);
    }

    function _assertBatchRejected(
        uint256[16][] memory proofs,
        uint256[35][] memory inputs,
        bytes memory err
    ) internal {
        vm.expectRevert(err);
        verifier.verifyBatch{gas: CALL_GAS}(proofs, inputs);
    }

    function test_VerifyBatch_AcceptsOne() public view {
        (uint256[16][] memory proofs, uint256[35][] memory inputs) = _batch(1);
        verifier.verifyBatch(proofs, inputs);
    }

    function test_VerifyBatch_AcceptsEveryChunkProof() public view {
        (uint256[16][] memory proofs, uint256[35][] memory inputs) = DatasetChunkFixture.load();
        verifier.verifyBatch(proofs, inputs);
    }

    function test_VerifyBatch_AcceptsEight() public view {
        (uint256[16][] memory proofs, uint256[35][] memory inputs) = _batch(8);
        verifier.verifyBatch(proofs, inputs);
    }

    /// @notice Each of the 16 words + 1, in each of the 3 proofs: A, C, every D and P leave
    ///         the curve, B the twist; point indices are 7 * i + point.
    function test_RevertWhen_AnyProofWordIsMangled() public {
        for (uint256 i; i < 3; i++) {
            for (uint256 k; k < 16; k++) {
                (uint256[16][] memory proofs, uint256[35][] memory inputs) = _batch(3);
                proofs[i][k] += 1;
                bytes memory err;
                if (k < 2) {
                    err = _err(DatasetChunkVerifier.ProofPointNotOnCurve.selector, 7 * i);
                } else if (k < 6) {
                    err = _err(DatasetChunkVerifier.ProofBNotInG2.selector);
                } else {
                    err =
                        _err(DatasetChunkVerifier.ProofPointNotOnCurve.selector, 7 * i + k / 2 - 1);
                }
                _assertBatchRejected(proofs, inputs, err);
            }
        }
    }

    function test_RevertWhen_AnyInputIsMangled() public {
        bytes memory invalid = _err(DatasetChunkVerifier.ProofInvalid.selector);
        for (uint256 j; j < 35; j++) {
            (uint256[16][] memory proofs, uint256[35][] memory inputs) = _batch(3);
            inputs[j % 3][j] = addmod(inputs[j % 3][j], 1, Bn254.R);
            _assertBatchRejected(proofs, inputs, invalid);
        }
        // The inputs of two chunks swapped.
        (uint256[16][] memory ps, uint256[35][] memory xs) = _batch(3);
        (xs[0], xs[2]) = (xs[2], xs[0]);
        _assertBatchRejected(ps, xs, invalid);
    }

    /// @notice D_1 and D_2 swapped in one proof of the batch, with and without their P.
    function test_RevertWhen_CommitmentsAreSwappedInOneProof() public {
        bytes memory invalid = _err(DatasetChunkVerifier.ProofInvalid.selector);
        for (uint256 withP; withP < 2; withP++) {
            (uint256[16][] memory proofs, uint256[35][] memory inputs) = _batch(3);
            uint256[16] memory p = proofs[1];
            (p[D1], p[D1 + 1], p[D2], p[D2 + 1]) = (p[D2], p[D2 + 1], p[D1], p[D1 + 1]);
            if (withP == 1) {
                (p[P1], p[P1 + 1], p[P1 + 2], p[P1 + 3]) = (p[P1 + 2], p[P1 + 3], p[P1], p[P1 + 1]);
            }
            proofs[1] = p;
            _assertBatchRejected(proofs, inputs, invalid);
        }
    }

    /// @notice A valid batch but for one proof whose D_1 (the data commitment) or D_2 is
    ///         another proof's of the batch, with or without that proof's P.
    function test_RevertWhen_CommitmentIsFromAnotherProof() public {
        bytes memory invalid = _err(DatasetChunkVerifier.ProofInvalid.selector);
        uint256[2] memory ds = [D1, D2];
        for (uint256 c; c < 2; c++) {
            for (uint256 withP; withP < 2; withP++) {
                (uint256[16][] memory proofs, uint256[35][] memory inputs) = _batch(3);
                proofs[2][ds[c]] = proofs[0][ds[c]];
                proofs[2][ds[c] + 1] = proofs[0][ds[c] + 1];
                if (withP == 1) {
                    uint256 pk = ds[c] + 4;
                    (proofs[2][pk], proofs[2][pk + 1]) = (proofs[0][pk], proofs[0][pk + 1]);
                }
                _assertBatchRejected(proofs, inputs, invalid);
            }
        }
    }

    /// @notice C_0 + G and C_1 - G: two invalid proofs whose errors cancel under equal weights
    ///         (the sum of the Cs is unchanged) fail under the hashed weights.
    function test_RevertWhen_ErrorsCancelUnderEqualWeights() public {
        (uint256[16][] memory proofs, uint256[35][] memory inputs) = _batch(2);
        (proofs[0][6], proofs[0][7]) = Bn254.add(proofs[0][6], proofs[0][7], 1, 2);
        (proofs[1][6], proofs[1][7]) = Bn254.add(proofs[1][6], proofs[1][7], 1, Bn254.Q - 2);
        _assertBatchRejected(proofs, inputs, _err(DatasetChunkVerifier.ProofInvalid.selector));
    }

    function test_RevertWhen_PointIsAtInfinity() public {
        // Every D and P of the third proof, then its B.
        for (uint256 pt = 3; pt < 7; pt++) {
            (uint256[16][] memory proofs, uint256[35][] memory inputs) = _batch(3);
            (proofs[2][2 * pt + 2], proofs[2][2 * pt + 3]) = (0, 0);
            _assertBatchRejected(
                proofs, inputs, _err(DatasetChunkVerifier.ProofPointAtInfinity.selector, 14 + pt)
            );
        }
        (uint256[16][] memory ps, uint256[35][] memory xs) = _batch(3);
        for (uint256 k = 2; k < 6; k++) {
            ps[2][k] = 0;
        }
        _assertBatchRejected(ps, xs, _err(DatasetChunkVerifier.ProofPointAtInfinity.selector, 15));
    }

    /// @notice Non-canonical words: indices 16 * i + word and 35 * i + input.
    function test_RevertWhen_WordNotInField() public {
        (uint256[16][] memory proofs, uint256[35][] memory inputs) = _batch(3);
        proofs[2][P1 + 3] += Bn254.Q;
        _assertBatchRejected(
            proofs, inputs, _err(DatasetChunkVerifier.ProofCoordinateNotInField.selector, 47)
        );
        (proofs, inputs) = _batch(3);
        inputs[1][34] += Bn254.R;
        _assertBatchRejected(
            proofs, inputs, _err(DatasetChunkVerifier.PublicInputNotInField.selector, 69)
        );
    }

    function test_RevertWhen_BatchIsEmptyOrMismatched() public {
        _assertBatchRejected(
            new uint256[16][](0),
            new uint256[35][](0),
            _err(DatasetChunkVerifier.EmptyBatch.selector)
        );
        (uint256[16][] memory proofs,) = _batch(2);
        (, uint256[35][] memory three) = _batch(3);
        _assertBatchRejected(
            proofs,
            three,
            abi.encodeWithSelector(DatasetChunkVerifier.BatchLengthMismatch.selector, 2, 3)
        );
    }
}
