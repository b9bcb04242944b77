// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FastLz} from "../../src/libraries/FastLz.sol";
import {TestBase} from "../utils/TestBase.sol";
import {FastLzVectors} from "./fixtures/FastLzVectors.sol";

/// @title FastLzTest
/// @notice FastLz.compressedLength against lengths computed elsewhere: the vectors of
///         tools/fastlz/fastlz.py (an independent Python compressor with a round-trip check)
///         and the figures published in op-geth's and Optimism's own tests
///         (tools/fastlz/README.md).
contract FastLzTest is TestBase {
    function test_CompressedLength_MatchesPythonVectors() public pure {
        for (uint256 i; i < FastLzVectors.COUNT; ++i) {
            (bytes memory data, uint256 expected) = FastLzVectors.get(i);
            vm.assertEq(FastLz.compressedLength(data), expected, vm.toString(i));
        }
    }

    /// @notice op-geth's TestFlzCompressLen figures (core/types/rollup_cost_test.go).
    function test_CompressedLength_MatchesOpGethTests() public pure {
        vm.assertEq(FastLz.compressedLength(""), 0, "empty");
        vm.assertEq(FastLz.compressedLength(_repeat(0x01, 1000)), 21, "1000 ones");
        vm.assertEq(FastLz.compressedLength(new bytes(1000)), 21, "1000 zeros");
        vm.assertEq(
            FastLz.compressedLength(
                hex"dd80808094095e7baea6a6c7c4c2dfeb977efac326af552d878080808080"
            ),
            31,
            "empty tx"
        );
        bytes memory contractCallTx = bytes.concat(
            hex"02f901550a758302df1483be21b88304743f94f80e51afb613d764fa61751affd3313c190a86bb870151bd62fd12adb8",
            hex"e41ef24f3f000000000000000000000000000000000000000000000000000000000000006e0000000000000000000000",
            hex"00af88d065e77c8cc2239327c5edb3a432268e5831000000000000000000000000000000000000000000000000000000",
            hex"000003c1e500000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
            hex"0000000000000000000000000000000000000000a0000000000000000000000000000000000000000000000000000000",
            hex"00000000148c89ed219d02f1a5be012c689b4f5b731827bebe000000000000000000000000c001a033fd89cb37c31b2c",
            hex"ba46b6466e040c61fc9b2a3675a7f5f493ebd5ad77c497f8a07cdf65680e238392693019b4092f610222e71b7cec0644",
            hex"9cb922b93b6a12744e"
        );
        vm.assertEq(FastLz.compressedLength(contractCallTx), 202, "contract call tx");
    }

    /// @notice Never more than all-literal output (len + ceil(len / 32)), never 0 for nonempty
    ///         input, and a repeated input compresses at least as well as a random one.
    function testFuzz_CompressedLength_Bounds(bytes memory data) public pure {
        uint256 n = FastLz.compressedLength(data);
        vm.assertLe(n, data.length + (data.length + 31) / 32, "at most all literals");
        vm.assertEq(n == 0, data.length == 0, "zero only for empty");
    }

    function _repeat(uint8 b, uint256 n) internal pure returns (bytes memory data) {
        data = new bytes(n);
        for (uint256 i; i < n; ++i) {
            data[i] = bytes1(b);
        }
    }
}
