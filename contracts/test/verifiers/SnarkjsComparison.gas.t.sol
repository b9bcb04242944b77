// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TestBase} from "../utils/TestBase.sol";
import {GasL1Fixture} from "./fixtures/GasL1Fixture.sol";
import {GasL2Fixture} from "./fixtures/GasL2Fixture.sol";
import {GasL3Fixture} from "./fixtures/GasL3Fixture.sol";
import {GasL4Fixture} from "./fixtures/GasL4Fixture.sol";
import {GasL5Fixture} from "./fixtures/GasL5Fixture.sol";
import {GasL6Fixture} from "./fixtures/GasL6Fixture.sol";
import {GasL7Fixture} from "./fixtures/GasL7Fixture.sol";
import {GasL8Fixture} from "./fixtures/GasL8Fixture.sol";
import {GasL1Verifier} from "./generated/GasL1Verifier.sol";
import {GasL2Verifier} from "./generated/GasL2Verifier.sol";
import {GasL3Verifier} from "./generated/GasL3Verifier.sol";
import {GasL4Verifier} from "./generated/GasL4Verifier.sol";
import {GasL5Verifier} from "./generated/GasL5Verifier.sol";
import {GasL6Verifier} from "./generated/GasL6Verifier.sol";
import {GasL7Verifier} from "./generated/GasL7Verifier.sol";
import {GasL8Verifier} from "./generated/GasL8Verifier.sol";
import {Groth16VerifierGasL1} from "./generated/snarkjs/Groth16VerifierGasL1.sol";
import {Groth16VerifierGasL2} from "./generated/snarkjs/Groth16VerifierGasL2.sol";
import {Groth16VerifierGasL3} from "./generated/snarkjs/Groth16VerifierGasL3.sol";
import {Groth16VerifierGasL4} from "./generated/snarkjs/Groth16VerifierGasL4.sol";
import {Groth16VerifierGasL5} from "./generated/snarkjs/Groth16VerifierGasL5.sol";
import {Groth16VerifierGasL6} from "./generated/snarkjs/Groth16VerifierGasL6.sol";
import {Groth16VerifierGasL7} from "./generated/snarkjs/Groth16VerifierGasL7.sol";
import {Groth16VerifierGasL8} from "./generated/snarkjs/Groth16VerifierGasL8.sol";
import {Bn254} from "./utils/Bn254.sol";

/// @title SnarkjsComparisonGasTest
/// @notice Our generated verifier against snarkjs 0.7.6's exported one, for the same verifying
///         key and the same real proofs, at every number of public inputs l from 1 to 8
///         (circuits/fixtures/gas-l<l>), in one run with the same compiler settings:
///         - gas: verifyProof of ours is strictly cheaper than snarkjs's verifyProof, for both
///           fixture proofs at every l (the gas used by the call itself, vm.lastCallGas);
///         - strictness: every non-canonical encoding of the first proof that snarkjs accepts
///           is refused by ours (verifyProof reverts, isValidProof says false). The candidates are
/// each proof word w as w + m q and as w - m q (mod 2^256), and each input x as x + m r and x - m r
/// (mod 2^256), for
///           m = 1..5; the test records which snarkjs accepts (exactly the aliases of A.y, which
///           it negates as (q - A.y) mod q without checking A.y < q) and requires ours to refuse
///           every candidate.
///         Figures: forge test --match-contract SnarkjsComparisonGasTest -vv
contract SnarkjsComparisonGasTest is TestBase {
    /// @dev EIP-1108 precompile prices.
    uint256 internal constant EC_ADD = 150;
    uint256 internal constant EC_MUL = 6000;
    uint256 internal constant PAIRING_BASE = 45_000;
    uint256 internal constant PAIRING_PAIR = 34_000;

    /// @dev Gas for one call on a non-canonical encoding: a rejecting precompile consumes the
    ///      gas it is given (63/64 of what is left), so the calls are capped.
    uint256 internal constant CALL_GAS = 1_000_000;

    /// @dev How many multiples of the modulus each candidate adds or subtracts: 5 q < 2^256 <
    ///      6 q, so these are all the aliases of a coordinate that fit in a word, wrapped or not.
    uint256 internal constant MULTIPLES = 5;

    /// @dev One l: both verifiers and both fixture proofs as the 8 + l words they take.
    struct Case {
        uint256 l;
        address ours;
        address snarkjs;
        uint256[][2] words;
    }

    /// @dev The floor of one proof: 4 pairs, l ecMul and l ecAdd (IC0 is a constant).
    function _floor(uint256 l) internal pure returns (uint256) {
        return PAIRING_BASE + 4 * PAIRING_PAIR + l * (EC_MUL + EC_ADD);
    }

    function _words(bytes memory encoded) internal pure returns (uint256[] memory w) {
        w = new uint256[](encoded.length / 32);
        for (uint256 k; k < w.length; k++) {
            uint256 v;
            assembly {
                v := mload(add(encoded, mul(add(k, 1), 0x20)))
            }
            w[k] = v;
        }
    }

    /// @dev The fixture of gas circuit `l` with both verifiers deployed.
    function _case(uint256 l) internal returns (Case memory c) {
        c.l = l;
        bytes[2] memory enc;
        if (l == 1) {
            (uint256[8][] memory p, uint256[1][] memory x) = GasL1Fixture.load();
            (enc[0], enc[1]) = (abi.encode(p[0], x[0]), abi.encode(p[1], x[1]));
            (c.ours, c.snarkjs) =
            (address(new GasL1Verifier()), address(new Groth16VerifierGasL1()));
        } else if (l == 2) {
            (uint256[8][] memory p, uint256[2][] memory x) = GasL2Fixture.load();
            (enc[0], enc[1]) = (abi.encode(p[0], x[0]), abi.encode(p[1], x[1]));
            (c.ours, c.snarkjs) =
            (address(new GasL2Verifier()), address(new Groth16VerifierGasL2()));
        } else if (l == 3) {
            (uint256[8][] memory p, uint256[3][] memory x) = GasL3Fixture.load();
            (enc[0], enc[1]) = (abi.encode(p[0], x[0]), abi.encode(p[1], x[1]));
            (c.ours, c.snarkjs) =
            (address(new GasL3Verifier()), address(new Groth16VerifierGasL3()));
        } else if (l == 4) {
            (uint256[8][] memory p, uint256[4][] memory x) = GasL4Fixture.load();
            (enc[0], enc[1]) = (abi.encode(p[0], x[0]), abi.encode(p[1], x[1]));
            (c.ours, c.snarkjs) =
            (address(new GasL4Verifier()), address(new Groth16VerifierGasL4()));
        } else if (l == 5) {
            (uint256[8][] memory p, uint256[5][] memory x) = GasL5Fixture.load();
            (enc[0], enc[1]) = (abi.encode(p[0], x[0]), abi.encode(p[1], x[1]));
            (c.ours, c.snarkjs) =
            (address(new GasL5Verifier()), address(new Groth16VerifierGasL5()));
        } else if (l == 6) {
            (uint256[8][] memory p, uint256[6][] memory x) = GasL6Fixture.load();
            (enc[0], enc[1]) = (abi.encode(p[0], x[0]), abi.encode(p[1], x[1]));
            (c.ours, c.snarkjs) =
            (address(new GasL6Verifier()), address(new Groth16VerifierGasL6()));
        } else if (l == 7) {
            (uint256[8][] memory p, uint256[7][] memory x) = GasL7Fixture.load();
            (enc[0], enc[1]) = (abi.encode(p[0], x[0]), abi.encode(p[1], x[1]));
            (c.ours, c.snarkjs) =
            (address(new GasL7Verifier()), address(new Groth16VerifierGasL7()));
        } else {
            require(l == 8, "l from 1 to 8");
            (uint256[8][] memory p, uint256[8][] memory x) = GasL8Fixture.load();
            (enc[0], enc[1]) = (abi.encode(p[0], x[0]), abi.encode(p[1], x[1]));
            (c.ours, c.snarkjs) =
            (address(new GasL8Verifier()), address(new Groth16VerifierGasL8()));
        }
        c.words[0] = _words(enc[0]);
        c.words[1] = _words(enc[1]);
        vm.assertEq(c.words[0].length, 8 + l, "8 proof words and l inputs");
    }

    function _sig(string memory head, uint256 l) internal pure returns (bytes4) {
        return bytes4(keccak256(abi.encodePacked(head, vm.toString(l), "])")));
    }

    /// @dev Calldata for `selector` with the words (both verifiers take the same 8 + l words:
    ///      static arrays are encoded in place, and snarkjs's B is ours, imaginary parts first).
    function _calldata(bytes4 selector, uint256[] memory w) internal pure returns (bytes memory) {
        return abi.encodePacked(selector, w);
    }

    /// @dev ours.verifyProof: whether it returned, and the call's gas.
    function _ours(Case memory c, uint256[] memory w, uint256 gas)
        internal
        view
        returns (bool ok, uint256 used)
    {
        bytes memory data = _calldata(_sig("verifyProof(uint256[8],uint256[", c.l), w);
        (ok,) = c.ours.staticcall{gas: gas}(data);
        used = vm.lastCallGas().gasTotalUsed;
    }

    /// @dev ours.isValidProof: its answer; false when it reverted.
    function _oursValid(Case memory c, uint256[] memory w) internal view returns (bool) {
        bytes memory data = _calldata(_sig("isValidProof(uint256[8],uint256[", c.l), w);
        (bool ok, bytes memory out) = c.ours.staticcall{gas: CALL_GAS}(data);
        return ok && abi.decode(out, (bool));
    }

    /// @dev snarkjs's verifyProof: its answer (false when it reverted), and the call's gas.
    function _snarkjs(Case memory c, uint256[] memory w, uint256 gas)
        internal
        view
        returns (bool valid, uint256 used)
    {
        bytes4 selector = _sig("verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[", c.l);
        (bool ok, bytes memory out) = c.snarkjs.staticcall{gas: gas}(_calldata(selector, w));
        used = vm.lastCallGas().gasTotalUsed;
        valid = ok && abi.decode(out, (bool));
    }

    function _gas(uint256 l) internal {
        Case memory c = _case(l);
        uint256 floor = _floor(l);
        emit log_named_uint("public inputs", l);
        emit log_named_uint("precompile floor", floor);
        for (uint256 i; i < 2; i++) {
            (bool ok, uint256 ours) = _ours(c, c.words[i], 10_000_000);
            vm.assertTrue(ok, "ours accepts the fixture proof");
            (bool valid, uint256 theirs) = _snarkjs(c, c.words[i], 10_000_000);
            vm.assertTrue(valid, "snarkjs accepts the fixture proof");
            if (i == 0) {
                emit log_named_uint("ours verifyProof gas", ours);
                emit log_named_uint("snarkjs verifyProof gas", theirs);
                emit log_named_uint("ours - floor", ours - floor);
                emit log_named_uint("snarkjs - floor", theirs - floor);
                emit log_named_uint("snarkjs - ours", theirs - ours);
            }
            vm.assertTrue(ours < theirs, "ours strictly cheaper than snarkjs's");
        }
    }

    /// @dev Every alias of word `k` of the first fixture proof: snarkjs's verdict counted, ours
    ///      must refuse.
    function _aliases(Case memory c, uint256 k) internal view returns (uint256 accepted) {
        uint256[] memory w = c.words[0];
        uint256 original = w[k];
        uint256 modulus = k < 8 ? Bn254.Q : Bn254.R;
        for (uint256 m = 1; m <= MULTIPLES; m++) {
            for (uint256 up; up < 2; up++) {
                uint256 v;
                unchecked {
                    v = up == 1 ? original + m * modulus : original - m * modulus;
                }
                // An addition that wrapped is one of the subtractions' values again, or none.
                if (up == 1 && v < original) continue;
                w[k] = v;
                (bool snarkjsAccepts,) = _snarkjs(c, w, CALL_GAS);
                if (snarkjsAccepts) {
                    accepted++;
                    vm.assertEq(k, 1, "snarkjs accepts an alias of A.y only");
                }
                (bool ok,) = _ours(c, w, CALL_GAS);
                vm.assertFalse(ok, "ours refuses every non-canonical encoding");
                vm.assertFalse(_oursValid(c, w), "isValidProof agrees");
            }
        }
        w[k] = original;
    }

    function _strictness(uint256 l) internal {
        Case memory c = _case(l);
        uint256 accepted;
        for (uint256 k; k < 8 + l; k++) {
            accepted += _aliases(c, k);
        }
        // The original still passes: _aliases restored every word.
        (bool ok,) = _ours(c, c.words[0], 10_000_000);
        vm.assertTrue(ok, "ours accepts the fixture proof");
        emit log_named_uint("public inputs", l);
        emit log_named_uint("non-canonical encodings snarkjs accepts, ours refuses", accepted);
        // At least four aliases of A.y: A.y + 2^256 - m q for m = 1..4 all negate to q - A.y
        // under snarkjs's (q - y) mod q (m = 5 too when A.y + 2^256 - 5 q is above q).
        vm.assertTrue(accepted >= 4, "snarkjs accepts the aliases of A.y");
    }

    function test_Gas_OursCheaperThanSnarkjs_L1() public {
        _gas(1);
    }

    function test_Gas_OursCheaperThanSnarkjs_L2() public {
        _gas(2);
    }

    function test_Gas_OursCheaperThanSnarkjs_L3() public {
        _gas(3);
    }

    function test_Gas_OursCheaperThanSnarkjs_L4() public {
        _gas(4);
    }

    function test_Gas_OursCheaperThanSnarkjs_L5() public {
        _gas(5);
    }

    function test_Gas_OursCheaperThanSnarkjs_L6() public {
        _gas(6);
    }

    function test_Gas_OursCheaperThanSnarkjs_L7() public {
        _gas(7);
    }

    function test_Gas_OursCheaperThanSnarkjs_L8() public {
        _gas(8);
    }

    function test_RevertWhen_EncodingIsOneSnarkjsAccepts_L1() public {
        _strictness(1);
    }

    function test_RevertWhen_EncodingIsOneSnarkjsAccepts_L2() public {
        _strictness(2);
    }

    function test_RevertWhen_EncodingIsOneSnarkjsAccepts_L3() public {
        _strictness(3);
    }

    function test_RevertWhen_EncodingIsOneSnarkjsAccepts_L4() public {
        _strictness(4);
    }

    function test_RevertWhen_EncodingIsOneSnarkjsAccepts_L5() public {
        _strictness(5);
    }

    function test_RevertWhen_EncodingIsOneSnarkjsAccepts_L6() public {
        _strictness(6);
    }

    function test_RevertWhen_EncodingIsOneSnarkjsAccepts_L7() public {
        _strictness(7);
    }

    function test_RevertWhen_EncodingIsOneSnarkjsAccepts_L8() public {
        _strictness(8);
    }
}
