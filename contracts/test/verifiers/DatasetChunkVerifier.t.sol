// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TestBase} from "../utils/TestBase.sol";
import {DatasetChunkFixture} from "./fixtures/DatasetChunkFixture.sol";
import {DatasetChunkVerifier} from "./generated/DatasetChunkVerifier.sol";
import {Bn254} from "./utils/Bn254.sol";

/// @dev forge's expectCall, declared here (contracts/test/utils/Vm.sol does not list it).
interface VmExpectCallChunk {
    function expectCall(address callee, bytes calldata data) external;
}

/// @title DatasetChunkVerifierTest
/// @notice The generated verifier of proofs with two commitments on the real chunk proofs of a
///         dataset statement (circuits/fixtures/dataset-chunk: 35 public inputs, D_1 the data,
///         D_2 the lookups): the three chunk proofs pass; every mangled word of the 16, every
///         changed input, every non-canonical word, D_1 and D_2 swapped, a D or P from another
///         chunk's proof, P_1 and P_2 swapped and every point at infinity fail with their own
///         error, and isValidProof agrees.
contract DatasetChunkVerifierTest is TestBase {
    DatasetChunkVerifier internal verifier;

    /// @dev A rejected B makes the pairing precompile consume all the gas it is given (63/64 of
    ///      what is left), so the calls in the rejection helper are capped.
    uint256 internal constant CALL_GAS = 2_000_000;

    /// @dev Word indices: D_1 at 8, D_2 at 10, P_1 at 12, P_2 at 14.
    uint256 internal constant D1 = 8;
    uint256 internal constant D2 = 10;
    uint256 internal constant P1 = 12;
    uint256 internal constant P2 = 14;

    function setUp() public {
        verifier = new DatasetChunkVerifier();
    }

    function _proof(uint256 i) internal pure returns (uint256[16] memory p, uint256[35] memory x) {
        (uint256[16][] memory proofs, uint256[35][] memory inputs) = DatasetChunkFixture.load();
        return (proofs[i], inputs[i]);
    }

    function _err(bytes4 selector) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(selector);
    }

    function _err(bytes4 selector, uint256 arg) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(selector, arg);
    }

    /// @dev verifyProof reverts with exactly `err`, and isValidProof says false.
    function _assertRejected(uint256[16] memory p, uint256[35] memory x, bytes memory err)
        internal
    {
        vm.expectRevert(err);
        verifier.verifyProof{gas: CALL_GAS}(p, x);
        vm.assertFalse(verifier.isValidProof{gas: CALL_GAS}(p, x), "isValidProof agrees");
    }

    /// @dev The G1 point at words k, k + 1 replaced by (x, y).
    function _set(uint256[16] memory p, uint256 k, uint256 x, uint256 y) internal pure {
        p[k] = x;
        p[k + 1] = y;
    }

    /// @dev The G1 points at words a and b exchanged.
    function _swap(uint256[16] memory p, uint256 a, uint256 b) internal pure {
        (p[a], p[a + 1], p[b], p[b + 1]) = (p[b], p[b + 1], p[a], p[a + 1]);
    }

    function test_CircuitId_AndCounts() public view {
        vm.assertEq(verifier.CIRCUIT_ID(), DatasetChunkFixture.CIRCUIT_ID, "circuit id");
        vm.assertEq(verifier.NUM_PUBLIC_INPUTS(), 35, "inputs");
        vm.assertEq(verifier.NUM_COMMITMENTS(), 2, "commitments");
    }

    function test_VerifyProof_AcceptsEveryChunkProof() public view {
        (uint256[16][] memory proofs, uint256[35][] memory inputs) = DatasetChunkFixture.load();
        vm.assertEq(proofs.length, 3, "fixture size");
        for (uint256 i; i < proofs.length; i++) {
            verifier.verifyProof(proofs[i], inputs[i]);
            vm.assertTrue(verifier.isValidProof(proofs[i], inputs[i]), "isValidProof");
        }
    }

    /// @notice The fold is verify_with_rho's with the Fiat–Shamir rho: rho = keccak256(16 proof
    ///         words, 35 inputs) mod r multiplies D_1 and P_1, rho^2 multiplies D_2 and P_2
    ///         (seen in the ecMul calls), and the SHA-256 calls are expand_message_xmd of D_1 and
    ///         of D_2, computed here independently. The challenges themselves are then checked
    ///         by the honest proofs verifying (IC[36] c_1 and IC[37] c_2 enter vk_x).
    function test_FoldAndChallengeCalls_AreTheSpecifiedOnes() public {
        VmExpectCallChunk calls = VmExpectCallChunk(address(vm));
        bytes memory dstPrime = abi.encodePacked("bsb22-commitment", uint8(16));
        for (uint256 i; i < 3; i++) {
            (uint256[16] memory p, uint256[35] memory x) = _proof(i);
            uint256 rho = uint256(keccak256(abi.encodePacked(p, x))) % Bn254.R;
            uint256 rho2 = mulmod(rho, rho, Bn254.R);
            calls.expectCall(address(7), abi.encode(p[D1], p[D1 + 1], rho));
            calls.expectCall(address(7), abi.encode(p[P1], p[P1 + 1], rho));
            calls.expectCall(address(7), abi.encode(p[D2], p[D2 + 1], rho2));
            calls.expectCall(address(7), abi.encode(p[P2], p[P2 + 1], rho2));
            for (uint256 d = D1; d <= D2; d += 2) {
                bytes memory m0 = abi.encodePacked(
                    bytes32(0), bytes32(0), p[d], p[d + 1], uint16(48), uint8(0), dstPrime
                );
                bytes32 b0 = sha256(m0);
                bytes memory m1 = abi.encodePacked(b0, uint8(1), dstPrime);
                bytes memory m2 = abi.encodePacked(b0 ^ sha256(m1), uint8(2), dstPrime);
                calls.expectCall(address(2), m0);
                calls.expectCall(address(2), m1);
                calls.expectCall(address(2), m2);
            }
            verifier.verifyProof(p, x);
        }
    }

    /// @notice Each of the 16 words + 1: A, C, every D and P leave the curve, B leaves the
    ///         twist. Points: 0 A, 1 B, 2 C, 3 D_1, 4 D_2, 5 P_1, 6 P_2.
    function test_RevertWhen_AnyProofWordIsMangled() public {
        for (uint256 k; k < 16; k++) {
            (uint256[16] memory p, uint256[35] memory x) = _proof(k % 3);
            p[k] += 1;
            bytes memory err;
            if (k < 2) err = _err(DatasetChunkVerifier.ProofPointNotOnCurve.selector, 0);
            else if (k < 6) err = _err(DatasetChunkVerifier.ProofBNotInG2.selector);
            else err = _err(DatasetChunkVerifier.ProofPointNotOnCurve.selector, k / 2 - 1);
            _assertRejected(p, x, err);
        }
    }

    /// @notice Any change of any word (the fuzzer picks the word and the change) is refused.
    function testFuzz_RevertWhen_AnyProofWordChanges(uint256 k, uint256 delta) public view {
        k = k % 16;
        delta = _bound(delta, 1, Bn254.Q - 1);
        (uint256[16] memory p, uint256[35] memory x) = _proof(k % 3);
        p[k] = addmod(p[k], delta, Bn254.Q);
        vm.assertFalse(verifier.isValidProof{gas: CALL_GAS}(p, x), "changed word accepted");
    }

    /// @notice Each of the 35 inputs + 1 (the chain values, the row count, the ranges, the
    ///         set, the switch and the counted value), and the next chunk's inputs.
    function test_RevertWhen_AnyInputIsMangled() public {
        bytes memory invalid = _err(DatasetChunkVerifier.ProofInvalid.selector);
        for (uint256 j; j < 35; j++) {
            (uint256[16] memory p, uint256[35] memory x) = _proof(j % 3);
            x[j] = addmod(x[j], 1, Bn254.R);
            _assertRejected(p, x, invalid);
        }
        (uint256[16] memory p0,) = _proof(0);
        (, uint256[35] memory x1) = _proof(1);
        _assertRejected(p0, x1, invalid);
    }

    /// @notice One proof, one encoding: every word + q (the same field element) and q itself
    ///         fail as not below q; every input + r as not below r.
    function test_RevertWhen_WordIsNotCanonical() public {
        for (uint256 k; k < 16; k++) {
            (uint256[16] memory p, uint256[35] memory x) = _proof(k % 3);
            bytes memory err = _err(DatasetChunkVerifier.ProofCoordinateNotInField.selector, k);
            uint256 original = p[k];
            p[k] = original + Bn254.Q;
            _assertRejected(p, x, err);
            p[k] = Bn254.Q;
            _assertRejected(p, x, err);
        }
        for (uint256 j; j < 35; j += 17) {
            (uint256[16] memory p, uint256[35] memory x) = _proof(1);
            x[j] += Bn254.R;
            _assertRejected(p, x, _err(DatasetChunkVerifier.PublicInputNotInField.selector, j));
        }
    }

    /// @notice The two commitments swapped (D_1 and D_2, with or without their P), the two
    ///         proofs of knowledge swapped, D and P of one commitment swapped: each point is
    ///         valid, so only the pairing can tell.
    function test_RevertWhen_CommitmentsAreSwapped() public {
        bytes memory invalid = _err(DatasetChunkVerifier.ProofInvalid.selector);
        for (uint256 i; i < 3; i++) {
            (uint256[16] memory p, uint256[35] memory x) = _proof(i);
            _swap(p, D1, D2);
            _assertRejected(p, x, invalid);
            _swap(p, P1, P2);
            _assertRejected(p, x, invalid);
            (p, x) = _proof(i);
            _swap(p, P1, P2);
            _assertRejected(p, x, invalid);
            (p, x) = _proof(i);
            _swap(p, D1, P1);
            _assertRejected(p, x, invalid);
            (p, x) = _proof(i);
            _swap(p, D2, P2);
            _assertRejected(p, x, invalid);
        }
    }

    /// @notice A D (or D with its P) from another chunk's proof: another chunk's data
    ///         commitment with this chunk's inputs, or its lookup commitment; both D_1 and D_2
    ///         of another proof; and a D negated or moved by the generator.
    function test_RevertWhen_CommitmentIsFromAnotherProof() public {
        bytes memory invalid = _err(DatasetChunkVerifier.ProofInvalid.selector);
        for (uint256 i; i < 3; i++) {
            (uint256[16] memory other,) = _proof((i + 1) % 3);
            uint256[2] memory ds = [D1, D2];
            uint256[2] memory ps = [P1, P2];
            for (uint256 c; c < 2; c++) {
                (uint256[16] memory p, uint256[35] memory x) = _proof(i);
                _set(p, ds[c], other[ds[c]], other[ds[c] + 1]);
                _assertRejected(p, x, invalid);
                _set(p, ps[c], other[ps[c]], other[ps[c] + 1]);
                _assertRejected(p, x, invalid);
                (p, x) = _proof(i);
                p[ds[c] + 1] = Bn254.neg(p[ds[c] + 1]);
                _assertRejected(p, x, invalid);
                (p, x) = _proof(i);
                (uint256 sx, uint256 sy) = Bn254.add(p[ds[c]], p[ds[c] + 1], 1, 2);
                _set(p, ds[c], sx, sy);
                _assertRejected(p, x, invalid);
            }
            (uint256[16] memory q, uint256[35] memory y) = _proof(i);
            for (uint256 k = D1; k < 16; k++) {
                q[k] = other[k];
            }
            _assertRejected(q, y, invalid);
        }
    }

    /// @notice (0, 0) is how the precompiles encode infinity: refused for every point.
    function test_RevertWhen_PointIsAtInfinity() public {
        bytes4 sel = DatasetChunkVerifier.ProofPointAtInfinity.selector;
        (uint256[16] memory p, uint256[35] memory x) = _proof(0);
        _set(p, 0, 0, 0);
        _assertRejected(p, x, _err(sel, 0));
        (p, x) = _proof(0);
        (p[2], p[3], p[4], p[5]) = (0, 0, 0, 0);
        _assertRejected(p, x, _err(sel, 1));
        for (uint256 pt = 2; pt < 7; pt++) {
            (p, x) = _proof(pt % 3);
            _set(p, 2 * pt + 2, 0, 0);
            _assertRejected(p, x, _err(sel, pt));
        }
    }
}
