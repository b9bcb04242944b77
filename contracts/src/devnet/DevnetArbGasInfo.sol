// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IArbGasInfo} from "../interfaces/l2/IArbGasInfo.sol";
import {IDevnetArbGasInfo} from "./IDevnetFeeStandIns.sol";

/// @title DevnetArbGasInfo
/// @notice FOR THE LOCAL DEVNET AND TESTS ONLY: a stand-in for Arbitrum's ArbGasInfo precompile,
///         installed at 0x000000000000000000000000000000000000006C on the Arbitrum devnet
///         anvil with anvil_setCode. {DevnetArbNodeInterface} reads its L1 base fee estimate and
///         minimum gas price.
///
///         What it simplifies: Arbitrum adjusts its L1 base fee estimate from what the batch
///         poster actually pays on L1 (with inertia and a surplus/deficit correction); here it
///         is a number in storage with a default, which anyone may set. The L2 price is
///         max(block.basefee, minimum gas price), as on Arbitrum where the base fee never drops
///         below the minimum (anvil's base fee does, and eth_call may run with a base fee of 0).
///         Of ArbGasInfo's many functions only those in {IArbGasInfo} exist.
/// @dev Installed as runtime bytecode only (no constructor runs): each parameter reads as its
///      DEFAULT_* constant until its setter is called once (a bit in `_set` records it, so 0 can
///      be set too).
contract DevnetArbGasInfo is IArbGasInfo, IDevnetArbGasInfo {
    /// @notice Default L1 base fee estimate: 20 gwei (the same L1 as the OP devnet's default).
    uint256 public constant DEFAULT_L1_BASE_FEE_ESTIMATE = 20 gwei;
    /// @notice Default minimum L2 gas price: 0.1 gwei, Nitro's initial minimum base fee (the
    ///         one Arbitrum Sepolia runs with; Arbitrum One's owner lowered its own to 0.01 gwei).
    uint256 public constant DEFAULT_MINIMUM_GAS_PRICE = 0.1 gwei;

    /// @notice L1 calldata gas per byte (EIP-2028, nonzero byte), Arbitrum's unit of L1 cost.
    uint256 public constant L1_GAS_PER_BYTE = 16;
    /// @notice The size Arbitrum assumes for a minimal transaction's L1 data, in bytes.
    uint256 public constant ASSUMED_SIMPLE_TX_SIZE = 140;
    /// @notice L2 gas of one storage allocation (SSTORE from zero, EIP-2200).
    uint256 public constant STORAGE_ALLOCATION_GAS = 20_000;

    /// @dev Bits of `_set`.
    uint8 private constant SET_L1_BASE_FEE_ESTIMATE = 1;
    uint8 private constant SET_MINIMUM_GAS_PRICE = 2;

    /// @dev Slot 0.
    uint256 private _l1BaseFeeEstimate;
    /// @dev Slot 1.
    uint256 private _minimumGasPrice;
    /// @dev Slot 2.
    uint8 private _set;

    /// @inheritdoc IDevnetArbGasInfo
    function setL1BaseFeeEstimate(uint256 l1BaseFeeEstimate) external {
        _l1BaseFeeEstimate = l1BaseFeeEstimate;
        _set |= SET_L1_BASE_FEE_ESTIMATE;
        emit L1BaseFeeEstimateSet({l1BaseFeeEstimate: l1BaseFeeEstimate});
    }

    /// @inheritdoc IDevnetArbGasInfo
    function setMinimumGasPrice(uint256 minimumGasPrice) external {
        _minimumGasPrice = minimumGasPrice;
        _set |= SET_MINIMUM_GAS_PRICE;
        emit MinimumGasPriceSet({minimumGasPrice: minimumGasPrice});
    }

    /// @inheritdoc IArbGasInfo
    function getL1BaseFeeEstimate() public view returns (uint256) {
        return
            _set & SET_L1_BASE_FEE_ESTIMATE != 0 ? _l1BaseFeeEstimate : DEFAULT_L1_BASE_FEE_ESTIMATE;
    }

    /// @inheritdoc IArbGasInfo
    function getMinimumGasPrice() public view returns (uint256) {
        return _set & SET_MINIMUM_GAS_PRICE != 0 ? _minimumGasPrice : DEFAULT_MINIMUM_GAS_PRICE;
    }

    /// @inheritdoc IArbGasInfo
    function getPricesInWei()
        external
        view
        returns (
            uint256 perL2Tx,
            uint256 perL1CalldataByte,
            uint256 perStorageAllocation,
            uint256 perArbGasBase,
            uint256 perArbGasCongestion,
            uint256 perArbGasTotal
        )
    {
        uint256 minimum = getMinimumGasPrice();
        uint256 l2Price = block.basefee > minimum ? block.basefee : minimum;
        perL1CalldataByte = L1_GAS_PER_BYTE * getL1BaseFeeEstimate();
        perL2Tx = perL1CalldataByte * ASSUMED_SIMPLE_TX_SIZE;
        perStorageAllocation = l2Price * STORAGE_ALLOCATION_GAS;
        perArbGasBase = minimum;
        perArbGasCongestion = l2Price - minimum;
        perArbGasTotal = l2Price;
    }
}
