// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DevnetArbGasInfo} from "../../src/devnet/DevnetArbGasInfo.sol";
import {IDevnetArbGasInfo} from "../../src/devnet/IDevnetFeeStandIns.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @title DevnetArbGasInfoTest
/// @notice The ArbGasInfo stand-in, etched at 0x6C as the devnet installs it.
contract DevnetArbGasInfoTest is TestBase {
    address internal constant ARB_GAS_INFO = address(0x6C);

    DevnetArbGasInfo internal info = DevnetArbGasInfo(ARB_GAS_INFO);

    function setUp() public {
        vm.etch(ARB_GAS_INFO, type(DevnetArbGasInfo).runtimeCode);
    }

    function test_Defaults_WhenStorageIsZero() public view {
        vm.assertEq(info.getL1BaseFeeEstimate(), 20 gwei, "L1 estimate");
        vm.assertEq(info.getMinimumGasPrice(), 0.1 gwei, "minimum gas price");
    }

    /// @notice Prices at a base fee above the minimum: congestion is the difference.
    function test_GetPricesInWei_AboveMinimum() public {
        vm.fee(0.25 gwei);
        (
            uint256 perL2Tx,
            uint256 perByte,
            uint256 perStorage,
            uint256 base,
            uint256 congestion,
            uint256 total
        ) = info.getPricesInWei();
        vm.assertEq(perByte, 16 * 20 gwei, "per L1 calldata byte");
        vm.assertEq(perL2Tx, 140 * 16 * 20 gwei, "per L2 tx");
        vm.assertEq(perStorage, 20_000 * 0.25 gwei, "per storage allocation");
        vm.assertEq(base, 0.1 gwei, "per ArbGas base");
        vm.assertEq(congestion, 0.15 gwei, "per ArbGas congestion");
        vm.assertEq(total, 0.25 gwei, "per ArbGas total");
    }

    /// @notice Below the minimum (anvil's base fee decays; eth_call may see 0) the L2 price is
    ///         the minimum, as on Arbitrum.
    function test_GetPricesInWei_BelowMinimum() public {
        vm.fee(0);
        (,, uint256 perStorage, uint256 base, uint256 congestion, uint256 total) =
            info.getPricesInWei();
        vm.assertEq(total, 0.1 gwei, "total is the minimum");
        vm.assertEq(base, 0.1 gwei, "base");
        vm.assertEq(congestion, 0, "no congestion");
        vm.assertEq(perStorage, 20_000 * 0.1 gwei, "storage at the minimum");
    }

    function test_SetL1BaseFeeEstimate() public {
        vm.expectEmit(ARB_GAS_INFO);
        emit IDevnetArbGasInfo.L1BaseFeeEstimateSet({l1BaseFeeEstimate: 33 gwei});
        vm.prank(_addr("anyone"));
        info.setL1BaseFeeEstimate(33 gwei);
        vm.assertEq(info.getL1BaseFeeEstimate(), 33 gwei, "estimate");
        (, uint256 perByte,,,,) = info.getPricesInWei();
        vm.assertEq(perByte, 16 * 33 gwei, "per byte follows");
        vm.assertEq(info.getMinimumGasPrice(), 0.1 gwei, "minimum keeps its default");
    }

    function test_SetMinimumGasPrice() public {
        vm.expectEmit(ARB_GAS_INFO);
        emit IDevnetArbGasInfo.MinimumGasPriceSet({minimumGasPrice: 0.01 gwei});
        info.setMinimumGasPrice(0.01 gwei);
        vm.assertEq(info.getMinimumGasPrice(), 0.01 gwei, "minimum");
        vm.assertEq(info.getL1BaseFeeEstimate(), 20 gwei, "estimate keeps its default");
    }

    function test_Setters_AcceptZero() public {
        info.setL1BaseFeeEstimate(0);
        info.setMinimumGasPrice(0);
        vm.assertEq(info.getL1BaseFeeEstimate(), 0, "estimate");
        vm.assertEq(info.getMinimumGasPrice(), 0, "minimum");
    }

    function testFuzz_GetPricesInWei_Consistent(uint64 basefee, uint64 l1, uint64 minimum) public {
        vm.fee(basefee);
        info.setL1BaseFeeEstimate(l1);
        info.setMinimumGasPrice(minimum);
        (
            uint256 perL2Tx,
            uint256 perByte,
            uint256 perStorage,
            uint256 base,
            uint256 congestion,
            uint256 total
        ) = info.getPricesInWei();
        uint256 l2 = basefee > minimum ? basefee : minimum;
        vm.assertEq(total, l2, "total");
        vm.assertEq(base + congestion, total, "base + congestion");
        vm.assertEq(base, minimum, "base is the minimum");
        vm.assertEq(perByte, 16 * uint256(l1), "per byte");
        vm.assertEq(perL2Tx, 140 * perByte, "per tx");
        vm.assertEq(perStorage, 20_000 * l2, "per storage");
    }
}
