// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TestBase} from "../utils/TestBase.sol";
import {CircomFixtures} from "./fixtures/CircomFixtures.sol";
import {Bn254} from "./utils/Bn254.sol";

/// @title CircomCrossVerificationTest
/// @notice Cross-verification on chain for real Circom circuits (circuits/circom/fixtures, every
///         circuit CircomFixtures lists): a proof made by zkp-ledger's prover from the circuit's
///         snarkjs zkey is accepted by the verifier snarkjs exports for that zkey (`snarkjs zkey
///         export solidityverifier`), snarkjs's proof is accepted by our generated verifier
///         (`zkp-ledger export-verifier --zkey`), each verifier accepts the other proof too, and
///         both verifiers refuse either proof with a changed public signal or a mutated proof
///         element. Both verifiers take the same 8 + L words (static arrays are encoded in
///         place; snarkjs's B is ours, imaginary parts first), so one encoding serves both.
contract CircomCrossVerificationTest is TestBase {
    /// @dev The word positions of the proof's points in the calldata form.
    uint256 internal constant A_Y = 1;
    uint256 internal constant B_X_C1 = 2;
    uint256 internal constant B_X_C0 = 3;
    uint256 internal constant C_X = 6;
    uint256 internal constant C_Y = 7;

    /// @dev Gas for one verifier call: a precompile that rejects its input consumes all the gas
    ///      it is given (63/64 of what is left), which snarkjs's verifier lets happen.
    uint256 internal constant CALL_GAS = 1_000_000;

    function _sig(string memory head, uint256 l) internal pure returns (bytes4) {
        return bytes4(keccak256(abi.encodePacked(head, vm.toString(l), "])")));
    }

    /// @dev ours.verifyProof(proof, inputs): whether it returned, and its revert data.
    function _ours(CircomFixtures.Case memory c, uint256[8] memory proof, uint256[] memory inputs)
        internal
        view
        returns (bool ok, bytes memory out)
    {
        bytes4 selector = _sig("verifyProof(uint256[8],uint256[", inputs.length);
        (ok, out) = c.ours.staticcall{gas: CALL_GAS}(abi.encodePacked(selector, proof, inputs));
    }

    /// @dev ours.isValidProof(proof, inputs); false when it reverted.
    function _oursValid(
        CircomFixtures.Case memory c,
        uint256[8] memory proof,
        uint256[] memory inputs
    ) internal view returns (bool) {
        bytes4 selector = _sig("isValidProof(uint256[8],uint256[", inputs.length);
        (bool ok, bytes memory out) =
            c.ours.staticcall{gas: CALL_GAS}(abi.encodePacked(selector, proof, inputs));
        return ok && abi.decode(out, (bool));
    }

    /// @dev snarkjs's verifyProof(pA, pB, pC, pubSignals): its answer, false when it reverted.
    function _snarkjs(
        CircomFixtures.Case memory c,
        uint256[8] memory proof,
        uint256[] memory inputs
    ) internal view returns (bool) {
        bytes4 selector = _sig(
            "verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[", inputs.length
        );
        (bool ok, bytes memory out) =
            c.snarkjs.staticcall{gas: CALL_GAS}(abi.encodePacked(selector, proof, inputs));
        return ok && abi.decode(out, (bool));
    }

    /// @dev Both verifiers accept `proof`.
    function _accepted(
        CircomFixtures.Case memory c,
        uint256[8] memory proof,
        uint256[] memory inputs,
        string memory which
    ) internal view {
        (bool ok, bytes memory out) = _ours(c, proof, inputs);
        vm.assertTrue(ok, string.concat(c.name, ": ours accepts ", which));
        vm.assertEq(out.length, 0, "verifyProof returns nothing");
        vm.assertTrue(_oursValid(c, proof, inputs), string.concat(c.name, ": isValidProof"));
        vm.assertTrue(
            _snarkjs(c, proof, inputs), string.concat(c.name, ": snarkjs accepts ", which)
        );
    }

    /// @dev Both verifiers refuse `proof`, ours with the revert data `expected`.
    function _refused(
        CircomFixtures.Case memory c,
        uint256[8] memory proof,
        uint256[] memory inputs,
        bytes memory expected,
        string memory what
    ) internal view {
        (bool ok, bytes memory out) = _ours(c, proof, inputs);
        vm.assertFalse(ok, string.concat(c.name, ": ours refuses ", what));
        vm.assertEq(out, expected, string.concat(c.name, ": ours's error for ", what));
        vm.assertFalse(_oursValid(c, proof, inputs), string.concat(c.name, ": isValidProof"));
        vm.assertFalse(
            _snarkjs(c, proof, inputs), string.concat(c.name, ": snarkjs refuses ", what)
        );
    }

    function _copy(uint256[] memory a) internal pure returns (uint256[] memory b) {
        b = new uint256[](a.length);
        for (uint256 i; i < a.length; i++) {
            b[i] = a[i];
        }
    }

    function test_Cases_AreTheCommittedCircuits() public {
        CircomFixtures.Case[] memory cases = CircomFixtures.cases();
        vm.assertTrue(cases.length >= 3, "poseidon, eddsa and smt at least");
        for (uint256 i; i < cases.length; i++) {
            CircomFixtures.Case memory c = cases[i];
            vm.assertEq(IGenerated(c.ours).CIRCUIT_ID(), c.circuitId, string.concat(c.name, ": id"));
            vm.assertEq(
                IGenerated(c.ours).NUM_PUBLIC_INPUTS(),
                c.inputs.length,
                string.concat(c.name, ": public signals")
            );
            vm.assertFalse(
                keccak256(abi.encode(c.oursProof)) == keccak256(abi.encode(c.snarkjsProof)),
                string.concat(c.name, ": our proof is not snarkjs's")
            );
        }
    }

    /// @notice (a) our prover's proof passes snarkjs's exported verifier (and ours).
    function test_SnarkjsVerifier_AcceptsOurProof() public {
        CircomFixtures.Case[] memory cases = CircomFixtures.cases();
        for (uint256 i; i < cases.length; i++) {
            _accepted(cases[i], cases[i].oursProof, cases[i].inputs, "our proof");
        }
    }

    /// @notice (b) snarkjs's proof passes our generated verifier (and snarkjs's).
    function test_OurVerifier_AcceptsSnarkjsProof() public {
        CircomFixtures.Case[] memory cases = CircomFixtures.cases();
        for (uint256 i; i < cases.length; i++) {
            _accepted(cases[i], cases[i].snarkjsProof, cases[i].inputs, "snarkjs's proof");
        }
    }

    /// @notice Every public signal, changed by one (mod r), fails both proofs in both verifiers.
    function test_RevertWhen_PublicSignalChanges() public {
        CircomFixtures.Case[] memory cases = CircomFixtures.cases();
        bytes memory invalid = abi.encodeWithSignature("ProofInvalid()");
        for (uint256 i; i < cases.length; i++) {
            CircomFixtures.Case memory c = cases[i];
            for (uint256 j; j < c.inputs.length; j++) {
                uint256[] memory wrong = _copy(c.inputs);
                wrong[j] = addmod(wrong[j], 1, Bn254.R);
                string memory what = string.concat("signal ", vm.toString(j), " + 1");
                _refused(c, c.oursProof, wrong, invalid, what);
                _refused(c, c.snarkjsProof, wrong, invalid, what);
            }
        }
    }

    /// @dev The proof with one element changed: `kind` 0 negates A (a valid point), 1 puts A
    ///      in C's place (a valid point), 2 moves C off the curve (C.x + 1), 3 swaps B.x's two
    ///      parts (off the twist).
    function _mutated(uint256[8] memory p, uint256 kind)
        internal
        pure
        returns (uint256[8] memory m, bytes memory expected)
    {
        for (uint256 k; k < 8; k++) {
            m[k] = p[k];
        }
        if (kind == 0) {
            m[A_Y] = Bn254.Q - p[A_Y];
            expected = abi.encodeWithSignature("ProofInvalid()");
        } else if (kind == 1) {
            (m[C_X], m[C_Y]) = (p[0], p[A_Y]);
            expected = abi.encodeWithSignature("ProofInvalid()");
        } else if (kind == 2) {
            m[C_X] = addmod(p[C_X], 1, Bn254.Q);
            expected = abi.encodeWithSignature("ProofPointNotOnCurve(uint256)", 2);
        } else {
            (m[B_X_C1], m[B_X_C0]) = (p[B_X_C0], p[B_X_C1]);
            expected = abi.encodeWithSignature("ProofBNotInG2()");
        }
    }

    /// @notice A mutated proof element fails both proofs in both verifiers.
    function test_RevertWhen_ProofElementIsMutated() public {
        CircomFixtures.Case[] memory cases = CircomFixtures.cases();
        string[4] memory names = ["-A", "C := A", "C.x + 1", "B.x parts swapped"];
        for (uint256 i; i < cases.length; i++) {
            CircomFixtures.Case memory c = cases[i];
            for (uint256 kind; kind < 4; kind++) {
                (uint256[8] memory m, bytes memory expected) = _mutated(c.oursProof, kind);
                _refused(c, m, c.inputs, expected, string.concat("our proof, ", names[kind]));
                (m, expected) = _mutated(c.snarkjsProof, kind);
                _refused(c, m, c.inputs, expected, string.concat("snarkjs's proof, ", names[kind]));
            }
        }
    }
}

/// @notice What the test reads from our generated verifiers.
interface IGenerated {
    function CIRCUIT_ID() external view returns (bytes32);
    function NUM_PUBLIC_INPUTS() external view returns (uint256);
}
