// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LedgerAnchor} from "../../src/LedgerAnchor.sol";
import {DevnetOpGasPriceOracle} from "../../src/devnet/DevnetOpGasPriceOracle.sol";
import {IDevnetOpGasPriceOracle} from "../../src/devnet/IDevnetFeeStandIns.sol";
import {FastLz} from "../../src/libraries/FastLz.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @title DevnetOpGasPriceOracleTest
/// @notice The OP GasPriceOracle stand-in, installed as the devnet installs it: its runtime code
///         etched at the predeploy address, no constructor, zero storage. Fjord figures are
///         checked against Optimism's own GasPriceOracle tests (test/L2/GasPriceOracle.t.sol,
///         GasPriceOracleFjordActive_Test), which use l1BaseFee 2e6, blobBaseFee 3e6,
///         baseFeeScalar 20, blobBaseFeeScalar 15.
contract DevnetOpGasPriceOracleTest is TestBase {
    address internal constant PREDEPLOY = 0x420000000000000000000000000000000000000F;

    /// @dev The transaction of Optimism's test_getL1FeeRegression_succeeds (161 bytes).
    bytes internal constant REGRESSION_TX = hex"1d2c3ec4f5a9b3f3cd2c024e455c1143a74bbd637c324adcbd4f74e346786ac44e23e78f47d932abedd8d1"
        hex"06daadcea350be16478461046273101034601364012364701331dfad43729dc486abd134bcad61b34d6ca1"
        hex"f2eb31655b7d61ca33ba6d172cdf7d8b5b0ef389a314ca7a9a831c09fc2ca9090d059b4dd25194f3de297b"
        hex"dba6d6d796e4f80be94f8a9151d685607826e7ba25177b40cb127ea9f1438470";

    DevnetOpGasPriceOracle internal oracle = DevnetOpGasPriceOracle(PREDEPLOY);

    function setUp() public {
        vm.etch(PREDEPLOY, type(DevnetOpGasPriceOracle).runtimeCode);
    }

    function _useOptimismTestParameters() internal {
        oracle.setL1BaseFee(2e6);
        oracle.setBlobBaseFee(3e6);
        oracle.setScalars(20, 15);
    }

    function test_Defaults_WhenStorageIsZero() public view {
        vm.assertEq(oracle.l1BaseFee(), 20 gwei, "l1BaseFee");
        vm.assertEq(oracle.blobBaseFee(), 1, "blobBaseFee");
        vm.assertEq(oracle.baseFeeScalar(), 1368, "baseFeeScalar");
        vm.assertEq(oracle.blobBaseFeeScalar(), 810_949, "blobBaseFeeScalar");
        vm.assertEq(oracle.decimals(), 6, "decimals");
        vm.assertEq(oracle.DECIMALS(), 6, "DECIMALS");
        vm.assertTrue(oracle.isFjord(), "isFjord");
        vm.assertTrue(oracle.isEcotone(), "isEcotone");
    }

    function test_Constants_AreFjords() public view {
        vm.assertTrue(oracle.COST_INTERCEPT() == -42_585_600, "intercept");
        vm.assertEq(oracle.COST_FASTLZ_COEF(), 836_500, "coefficient");
        vm.assertEq(oracle.MIN_TRANSACTION_SIZE(), 100, "minimum size");
    }

    /// @notice Optimism's test_getL1FeeMinimumBound_succeeds: 5 bytes, below the minimum size.
    function test_GetL1Fee_OptimismMinimumBoundVector() public {
        _useOptimismTestParameters();
        bytes memory data = hex"0000010203";
        vm.assertEq(oracle.getL1GasUsed(data), 1600, "getL1GasUsed");
        vm.assertEq(oracle.getL1Fee(data), 68_500, "getL1Fee");
        vm.assertEq(oracle.getL1FeeUpperBound(data.length), 68_500, "getL1FeeUpperBound");
    }

    /// @notice Optimism's test_getL1FeeRegression_succeeds: fastlzSize 235 with the signature.
    function test_GetL1Fee_OptimismRegressionVector() public {
        _useOptimismTestParameters();
        vm.assertEq(REGRESSION_TX.length, 161, "length");
        vm.assertEq(FastLz.compressedLength(REGRESSION_TX) + 68, 235, "fastlzSize");
        vm.assertEq(oracle.getL1GasUsed(REGRESSION_TX), 2463, "getL1GasUsed");
        vm.assertEq(oracle.getL1Fee(REGRESSION_TX), 105_484, "getL1Fee");
        vm.assertEq(oracle.getL1FeeUpperBound(161), 111_214, "getL1FeeUpperBound");
    }

    /// @notice With the defaults: 235 * 836,500 - 42,585,600 = 153,991,900 scaled bytes, times
    ///         (1368 * 20 gwei * 16 + 810,949 * 1) / 1e12.
    function test_GetL1Fee_DefaultParameters() public view {
        uint256 feeScaled = 1368 * 20 gwei * 16 + 810_949;
        vm.assertEq(oracle.getL1Fee(REGRESSION_TX), 153_991_900 * feeScaled / 1e12, "fee");
    }

    function test_SetL1BaseFee() public {
        vm.expectEmit(PREDEPLOY);
        emit IDevnetOpGasPriceOracle.L1BaseFeeSet({l1BaseFee: 7 gwei});
        vm.prank(_addr("anyone"));
        oracle.setL1BaseFee(7 gwei);
        vm.assertEq(oracle.l1BaseFee(), 7 gwei, "l1BaseFee");
        vm.assertEq(oracle.blobBaseFee(), 1, "others keep defaults");
    }

    function test_SetBlobBaseFee() public {
        vm.expectEmit(PREDEPLOY);
        emit IDevnetOpGasPriceOracle.BlobBaseFeeSet({blobBaseFee: 42});
        oracle.setBlobBaseFee(42);
        vm.assertEq(oracle.blobBaseFee(), 42, "blobBaseFee");
        vm.assertEq(oracle.l1BaseFee(), 20 gwei, "others keep defaults");
    }

    function test_SetScalars() public {
        vm.expectEmit(PREDEPLOY);
        emit IDevnetOpGasPriceOracle.ScalarsSet({baseFeeScalar: 5, blobBaseFeeScalar: 6});
        oracle.setScalars(5, 6);
        vm.assertEq(oracle.baseFeeScalar(), 5, "baseFeeScalar");
        vm.assertEq(oracle.blobBaseFeeScalar(), 6, "blobBaseFeeScalar");
    }

    /// @notice Zero is a value, not "unset": once set to 0, a parameter stays 0.
    function test_Setters_AcceptZero() public {
        oracle.setL1BaseFee(0);
        oracle.setBlobBaseFee(0);
        oracle.setScalars(0, 0);
        vm.assertEq(oracle.l1BaseFee(), 0, "l1BaseFee");
        vm.assertEq(oracle.blobBaseFee(), 0, "blobBaseFee");
        vm.assertEq(oracle.baseFeeScalar(), 0, "baseFeeScalar");
        vm.assertEq(oracle.getL1Fee(REGRESSION_TX), 0, "no fee");
    }

    function test_GasPriceAndBaseFee_AreBlockBaseFee() public {
        vm.fee(123);
        vm.assertEq(oracle.gasPrice(), 123, "gasPrice");
        vm.assertEq(oracle.baseFee(), 123, "baseFee");
    }

    /// @notice The fee of an unsigned LedgerAnchor.anchor transaction's calldata, as the router
    ///         will ask for it, is the formula applied to its FastLZ size.
    function test_GetL1Fee_AnchorCalldata() public view {
        bytes memory data =
            abi.encodeCall(LedgerAnchor.anchor, (bytes32(uint256(0x1234)), 1024, keccak256("h")));
        uint256 size = FastLz.compressedLength(data) + 68;
        uint256 scaled = size * 836_500 > 42_585_600 + 100e6 ? size * 836_500 - 42_585_600 : 100e6;
        vm.assertEq(
            oracle.getL1Fee(data), scaled * (1368 * 20 gwei * 16 + 810_949) / 1e12, "anchor fee"
        );
    }

    /// @notice getL1Fee and getL1FeeUpperBound against the formula written with signed
    ///         arithmetic, as the specification states it, for any parameters and data.
    function testFuzz_GetL1Fee_MatchesSignedFormula(
        bytes memory data,
        uint64 l1BaseFee,
        uint64 blobBaseFee,
        uint32 baseFeeScalar,
        uint32 blobBaseFeeScalar
    ) public {
        oracle.setL1BaseFee(l1BaseFee);
        oracle.setBlobBaseFee(blobBaseFee);
        oracle.setScalars(baseFeeScalar, blobBaseFeeScalar);
        uint256 feeScaled =
            uint256(baseFeeScalar) * l1BaseFee * 16 + uint256(blobBaseFeeScalar) * blobBaseFee;
        uint256 fastLzSize = FastLz.compressedLength(data) + 68;
        vm.assertEq(oracle.getL1Fee(data), _signedEstimate(fastLzSize) * feeScaled / 1e12, "fee");
        uint256 txSize = data.length + 68;
        vm.assertEq(
            oracle.getL1FeeUpperBound(data.length),
            _signedEstimate(txSize + txSize / 255 + 16) * feeScaled / 1e12,
            "upper bound"
        );
        vm.assertEq(
            oracle.getL1GasUsed(data), _signedEstimate(fastLzSize) * 16 / 1e6, "getL1GasUsed"
        );
    }

    function _signedEstimate(uint256 fastLzSize) internal pure returns (uint256) {
        // fastLzSize is a byte count, far below 2^255 / 836,500.
        // forge-lint: disable-next-line(unsafe-typecast)
        int256 estimate = -42_585_600 + int256(836_500 * fastLzSize);
        if (estimate < 100e6) estimate = 100e6;
        // Positive by the line above.
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint256(estimate);
    }
}
