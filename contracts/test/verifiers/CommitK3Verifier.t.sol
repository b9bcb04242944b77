// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TestBase} from "../utils/TestBase.sol";
import {CommitK3Fixture} from "./fixtures/CommitK3Fixture.sol";
import {CommitK3Verifier} from "./generated/CommitK3Verifier.sol";
import {Bn254} from "./utils/Bn254.sol";

/// @dev forge's expectCall, declared here (contracts/test/utils/Vm.sol does not list it).
interface VmExpectCallK3 {
    function expectCall(address callee, bytes calldata data) external;
}

/// @title CommitK3VerifierTest
/// @notice The generated verifier of proofs with three commitments (circuits/fixtures/commit-k3)
///         on real proofs, single and batched: both proofs pass; the fold uses rho, rho^2 and
///         rho^3; every mangled word of the 20, a changed input, two commitments or two proofs
///         of knowledge swapped and a commitment of the other proof fail with their errors.
contract CommitK3VerifierTest is TestBase {
    CommitK3Verifier internal verifier;

    uint256 internal constant CALL_GAS = 2_000_000;

    /// @dev Word indices: D_j at 6 + 2j, P_j at 12 + 2j (j = 1..3).
    uint256 internal constant D1 = 8;
    uint256 internal constant P1 = 14;

    function setUp() public {
        verifier = new CommitK3Verifier();
    }

    function _proof(uint256 i) internal pure returns (uint256[20] memory p, uint256[2] memory x) {
        (uint256[20][] memory proofs, uint256[2][] memory inputs) = CommitK3Fixture.load();
        return (proofs[i], inputs[i]);
    }

    function _err(bytes4 selector) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(selector);
    }

    function _err(bytes4 selector, uint256 arg) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(selector, arg);
    }

    function _assertRejected(uint256[20] memory p, uint256[2] memory x, bytes memory err) internal {
        vm.expectRevert(err);
        verifier.verifyProof{gas: CALL_GAS}(p, x);
        vm.assertFalse(verifier.isValidProof{gas: CALL_GAS}(p, x), "isValidProof agrees");
        uint256[20][] memory ps = new uint256[20][](2);
        uint256[2][] memory xs = new uint256[2][](2);
        (ps[0], xs[0]) = _proof(1);
        (ps[1], xs[1]) = (p, x);
        vm.expectRevert(_batchErr(err));
        verifier.verifyBatch{gas: CALL_GAS}(ps, xs);
    }

    /// @dev The batch's error for proof 1 of 2: indices shifted by one proof.
    function _batchErr(bytes memory err) internal pure returns (bytes memory) {
        if (err.length != 36) return err;
        bytes4 sel = bytes4(err);
        uint256 arg;
        assembly {
            arg := mload(add(err, 36))
        }
        if (sel == CommitK3Verifier.ProofCoordinateNotInField.selector) arg += 20;
        else if (sel == CommitK3Verifier.PublicInputNotInField.selector) arg += 2;
        else arg += 9;
        return abi.encodeWithSelector(sel, arg);
    }

    function _swap(uint256[20] memory p, uint256 a, uint256 b) internal pure {
        (p[a], p[a + 1], p[b], p[b + 1]) = (p[b], p[b + 1], p[a], p[a + 1]);
    }

    function test_Counts() public view {
        vm.assertEq(verifier.CIRCUIT_ID(), CommitK3Fixture.CIRCUIT_ID, "circuit id");
        vm.assertEq(verifier.NUM_PUBLIC_INPUTS(), 2, "inputs");
        vm.assertEq(verifier.NUM_COMMITMENTS(), 3, "commitments");
    }

    function test_AcceptsBothProofs_SingleAndBatched() public view {
        (uint256[20][] memory proofs, uint256[2][] memory inputs) = CommitK3Fixture.load();
        for (uint256 i; i < proofs.length; i++) {
            verifier.verifyProof(proofs[i], inputs[i]);
            vm.assertTrue(verifier.isValidProof(proofs[i], inputs[i]), "isValidProof");
        }
        verifier.verifyBatch(proofs, inputs);
        uint256[20][] memory four = new uint256[20][](4);
        uint256[2][] memory fourX = new uint256[2][](4);
        for (uint256 i; i < 4; i++) {
            (four[i], fourX[i]) = (proofs[i % 2], inputs[i % 2]);
        }
        verifier.verifyBatch(four, fourX);
    }

    /// @notice Commitment j is folded by rho^j (the ecMul calls of rho^j D_j and rho^j P_j).
    function test_FoldUsesPowersOfRho() public {
        VmExpectCallK3 calls = VmExpectCallK3(address(vm));
        (uint256[20] memory p, uint256[2] memory x) = _proof(1);
        uint256 rho = uint256(keccak256(abi.encodePacked(p, x))) % Bn254.R;
        uint256 power = 1;
        for (uint256 j; j < 3; j++) {
            power = mulmod(power, rho, Bn254.R);
            calls.expectCall(address(7), abi.encode(p[D1 + 2 * j], p[D1 + 2 * j + 1], power));
            calls.expectCall(address(7), abi.encode(p[P1 + 2 * j], p[P1 + 2 * j + 1], power));
        }
        verifier.verifyProof(p, x);
    }

    /// @notice Each of the 20 words + 1; points 0 A, 1 B, 2 C, 3..5 D_1..D_3, 6..8 P_1..P_3.
    function test_RevertWhen_AnyProofWordIsMangled() public {
        for (uint256 k; k < 20; k++) {
            (uint256[20] memory p, uint256[2] memory x) = _proof(k % 2);
            p[k] += 1;
            bytes memory err;
            if (k < 2) err = _err(CommitK3Verifier.ProofPointNotOnCurve.selector, 0);
            else if (k < 6) err = _err(CommitK3Verifier.ProofBNotInG2.selector);
            else err = _err(CommitK3Verifier.ProofPointNotOnCurve.selector, k / 2 - 1);
            _assertRejected(p, x, err);
        }
    }

    /// @notice Changed inputs, swapped commitments or proofs of knowledge, the other proof's
    ///         D_3: valid points, so only the pairing can tell.
    function test_RevertWhen_InputOrCommitmentsAreWrong() public {
        bytes memory invalid = _err(CommitK3Verifier.ProofInvalid.selector);
        for (uint256 j; j < 2; j++) {
            (uint256[20] memory p, uint256[2] memory x) = _proof(j);
            x[j] = addmod(x[j], 1, Bn254.R);
            _assertRejected(p, x, invalid);
        }
        (uint256[20] memory q, uint256[2] memory y) = _proof(0);
        _swap(q, D1, D1 + 4);
        _assertRejected(q, y, invalid);
        (q, y) = _proof(0);
        _swap(q, P1 + 2, P1 + 4);
        _assertRejected(q, y, invalid);
        (q, y) = _proof(0);
        _swap(q, D1 + 2, D1 + 4);
        _swap(q, P1 + 2, P1 + 4);
        _assertRejected(q, y, invalid);
        (uint256[20] memory other,) = _proof(1);
        (q, y) = _proof(0);
        (q[D1 + 4], q[D1 + 5]) = (other[D1 + 4], other[D1 + 5]);
        _assertRejected(q, y, invalid);
        (q[P1 + 4], q[P1 + 5]) = (other[P1 + 4], other[P1 + 5]);
        _assertRejected(q, y, invalid);
    }

    /// @notice Non-canonical words and points at infinity, with their indices.
    function test_RevertWhen_EncodingIsWrong() public {
        (uint256[20] memory p, uint256[2] memory x) = _proof(0);
        p[19] += Bn254.Q;
        _assertRejected(p, x, _err(CommitK3Verifier.ProofCoordinateNotInField.selector, 19));
        (p, x) = _proof(0);
        x[1] += Bn254.R;
        _assertRejected(p, x, _err(CommitK3Verifier.PublicInputNotInField.selector, 1));
        for (uint256 pt = 3; pt < 9; pt++) {
            (p, x) = _proof(1);
            (p[2 * pt + 2], p[2 * pt + 3]) = (0, 0);
            _assertRejected(p, x, _err(CommitK3Verifier.ProofPointAtInfinity.selector, pt));
        }
    }
}
