// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {InclusionVerifier} from "../../src/verifiers/InclusionVerifier.sol";
import {Bn254} from "./utils/Bn254.sol";
import {InclusionVerifierTestBase} from "./utils/InclusionVerifierTestBase.sol";

/// @title InclusionVerifierBatchTest
/// @notice verifyBatch: valid batches of every size pass; one bad proof anywhere fails; errors
///         carry batch-wide indices; weights cannot be cancelled out; empty and mismatched
///         batches fail with their own errors.
contract InclusionVerifierBatchTest is InclusionVerifierTestBase {
    function test_VerifyBatch_AcceptsOne() public view {
        (uint256[8][] memory proofs, uint256[2][] memory inputs) = _batch(1);
        verifier.verifyBatch(proofs, inputs);
    }

    function test_VerifyBatch_AcceptsFour() public view {
        (uint256[8][] memory proofs, uint256[2][] memory inputs) = _batch(4);
        verifier.verifyBatch(proofs, inputs);
    }

    function test_VerifyBatch_AcceptsSixteen() public view {
        (uint256[8][] memory proofs, uint256[2][] memory inputs) = _batch(16);
        verifier.verifyBatch(proofs, inputs);
    }

    function test_VerifyBatch_AcceptsThirtyTwo() public view {
        (uint256[8][] memory proofs, uint256[2][] memory inputs) = _batch(32);
        verifier.verifyBatch(proofs, inputs);
    }

    function test_VerifyBatch_AcceptsTheSameProofRepeated() public view {
        (uint256[8] memory p, uint256[2] memory x) = _proof(11);
        uint256[8][] memory proofs = new uint256[8][](4);
        uint256[2][] memory inputs = new uint256[2][](4);
        for (uint256 i; i < 4; i++) {
            (proofs[i], inputs[i]) = (p, x);
        }
        verifier.verifyBatch(proofs, inputs);
    }

    /// @notice A wrong input in the first, a middle or the last proof of 32.
    function test_RevertWhen_OneProofIsBad_FirstMiddleLast() public {
        uint256[3] memory bad = [uint256(0), 15, 31];
        for (uint256 b; b < bad.length; b++) {
            (uint256[8][] memory proofs, uint256[2][] memory inputs) = _batch(32);
            inputs[bad[b]][1] = (inputs[bad[b]][1] + 1) % Bn254.R;
            _assertBatchRejected(proofs, inputs, _err(InclusionVerifier.ProofInvalid.selector));
        }
    }

    /// @notice Proofs swapped between two statements: each pair is wrong, the multiset is not.
    function test_RevertWhen_ProofsAreSwapped() public {
        (uint256[8][] memory proofs, uint256[2][] memory inputs) = _batch(4);
        (proofs[1], proofs[2]) = (proofs[2], proofs[1]);
        _assertBatchRejected(proofs, inputs, _err(InclusionVerifier.ProofInvalid.selector));
    }

    /// @notice With equal weights, A + G in one copy of a proof and A - G in another would
    ///         cancel out; random weights do not.
    function test_RevertWhen_ErrorsWouldCancelUnderEqualWeights() public {
        uint256[8][] memory proofs = new uint256[8][](2);
        uint256[2][] memory inputs = new uint256[2][](2);
        // Two separate copies (memory assignment would alias them).
        (proofs[0], inputs[0]) = _proof(12);
        (proofs[1], inputs[1]) = _proof(12);
        (uint256 ax, uint256 ay) = (proofs[0][0], proofs[0][1]);
        (proofs[0][0], proofs[0][1]) = Bn254.add(ax, ay, 1, 2);
        (proofs[1][0], proofs[1][1]) = Bn254.add(ax, ay, 1, Bn254.Q - 2);
        // Equal weights would see e(A + G, B) e(A - G, B) = e(A, B)^2: a valid pair.
        (uint256 sx, uint256 sy) = Bn254.add(proofs[0][0], proofs[0][1], proofs[1][0], proofs[1][1]);
        (uint256 ax2, uint256 ay2) = Bn254.add(ax, ay, ax, ay);
        vm.assertEq(sx, ax2, "(A + G) + (A - G) == 2A");
        vm.assertEq(sy, ay2, "(A + G) + (A - G) == 2A");
        _assertBatchRejected(proofs, inputs, _err(InclusionVerifier.ProofInvalid.selector));
        // Each alone fails too.
        _assertRejected(proofs[0], inputs[0], _err(InclusionVerifier.ProofInvalid.selector));
    }

    function test_RevertWhen_OneBIsNotInG2() public {
        (uint256[8][] memory proofs, uint256[2][] memory inputs) = _batch(8);
        proofs[5] = Bn254.offG2B(proofs[5]);
        _assertBatchRejected(proofs, inputs, _err(InclusionVerifier.ProofBNotInG2.selector));
    }

    /// @notice Encoding errors name the word, input or point across the batch: 8 * i + k,
    ///         2 * i + j, 3 * i + point.
    function test_RevertWhen_EncodingErrorsInABatch_NameTheirIndex() public {
        (uint256[8][] memory proofs, uint256[2][] memory inputs) = _batch(16);
        proofs[7][3] += Bn254.Q;
        _assertBatchRejected(
            proofs, inputs, _err(InclusionVerifier.ProofCoordinateNotInField.selector, 8 * 7 + 3)
        );
        (proofs, inputs) = _batch(16);
        inputs[9][1] = Bn254.R;
        _assertBatchRejected(
            proofs, inputs, _err(InclusionVerifier.PublicInputNotInField.selector, 2 * 9 + 1)
        );
        (proofs, inputs) = _batch(16);
        (proofs[2][6], proofs[2][7]) = (0, 0);
        _assertBatchRejected(
            proofs, inputs, _err(InclusionVerifier.ProofPointAtInfinity.selector, 3 * 2 + 2)
        );
        (proofs, inputs) = _batch(16);
        (proofs[15][2], proofs[15][3], proofs[15][4], proofs[15][5]) = (0, 0, 0, 0);
        _assertBatchRejected(
            proofs, inputs, _err(InclusionVerifier.ProofPointAtInfinity.selector, 3 * 15 + 1)
        );
        (proofs, inputs) = _batch(16);
        proofs[4][0] += 1;
        _assertBatchRejected(
            proofs, inputs, _err(InclusionVerifier.ProofPointNotOnCurve.selector, 3 * 4)
        );
    }

    /// @notice The batch's first error wins in proof order, though only the pairing sees a B
    ///         word: proof 3's B word >= q is named before proof 10's A off the curve.
    function test_RevertWhen_BWordAndALaterError_TheEarlierProofIsNamed() public {
        (uint256[8][] memory proofs, uint256[2][] memory inputs) = _batch(16);
        proofs[3][4] += Bn254.Q;
        proofs[10][0] += 1;
        _assertBatchRejected(
            proofs, inputs, _err(InclusionVerifier.ProofCoordinateNotInField.selector, 8 * 3 + 4)
        );
        proofs[3][4] -= Bn254.Q;
        _assertBatchRejected(
            proofs, inputs, _err(InclusionVerifier.ProofPointNotOnCurve.selector, 3 * 10)
        );
    }

    function test_RevertWhen_LengthsDiffer() public {
        (uint256[8][] memory proofs,) = _batch(4);
        (, uint256[2][] memory inputs) = _batch(3);
        _assertBatchRejected(
            proofs,
            inputs,
            abi.encodeWithSelector(InclusionVerifier.BatchLengthMismatch.selector, 4, 3)
        );
        (proofs,) = _batch(0);
        _assertBatchRejected(
            proofs,
            inputs,
            abi.encodeWithSelector(InclusionVerifier.BatchLengthMismatch.selector, 0, 3)
        );
    }

    function test_RevertWhen_BatchIsEmpty() public {
        (uint256[8][] memory proofs, uint256[2][] memory inputs) = _batch(0);
        _assertBatchRejected(proofs, inputs, _err(InclusionVerifier.EmptyBatch.selector));
    }

    /// @notice One bad proof anywhere in a batch of any size fails it.
    function testFuzz_RevertWhen_OneProofIsBad(uint256 n, uint256 bad, uint256 delta) public {
        n = _bound(n, 1, 32);
        bad = _bound(bad, 0, n - 1);
        delta = _bound(delta, 1, Bn254.R - 1);
        (uint256[8][] memory proofs, uint256[2][] memory inputs) = _batch(n);
        inputs[bad][0] = addmod(inputs[bad][0], delta, Bn254.R);
        _assertBatchRejected(proofs, inputs, _err(InclusionVerifier.ProofInvalid.selector));
    }

    /// @notice Any choice of fixture proofs, with repeats, in any order, verifies.
    function testFuzz_VerifyBatch_AcceptsAnySelection(uint256 seed, uint256 n) public view {
        n = _bound(n, 1, 8);
        (uint256[8][] memory all, uint256[2][] memory allInputs) = _batch(32);
        uint256[8][] memory proofs = new uint256[8][](n);
        uint256[2][] memory inputs = new uint256[2][](n);
        for (uint256 i; i < n; i++) {
            uint256 k = uint256(keccak256(abi.encode(seed, i))) % 32;
            (proofs[i], inputs[i]) = (all[k], allInputs[k]);
        }
        verifier.verifyBatch(proofs, inputs);
    }
}
