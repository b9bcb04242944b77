// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGasPriceOracle} from "../interfaces/l2/IGasPriceOracle.sol";
import {FastLz} from "../libraries/FastLz.sol";
import {IDevnetOpGasPriceOracle} from "./IDevnetFeeStandIns.sol";

/// @title DevnetOpGasPriceOracle
/// @notice FOR THE LOCAL DEVNET AND TESTS ONLY: a stand-in for the OP Stack's GasPriceOracle
///         predeploy, installed at 0x420000000000000000000000000000000000000F on the OP devnet
///         anvil (which has no predeploys) with anvil_setCode. It answers the real contract's
///         Fjord fee functions with the real Fjord formula (see {IGasPriceOracle}) and its own
///         FastLZ length ({FastLz}).
///
///         What it simplifies: the real oracle reads the L1 fee parameters from the L1Block
///         predeploy, which the sequencer updates every L2 block from L1; this one keeps them
///         in its own storage, with Sepolia-like defaults, and anyone may change them. It is
///         always Fjord (and so Ecotone); there is no Bedrock or Ecotone formula, no operator
///         fee (Isthmus), no proxy.
/// @dev Installed as runtime bytecode only (no constructor runs): every parameter reads as its
///      DEFAULT_* constant until its setter is called once; a bit in `_set` records which were
///      set, so 0 can be set too. No immutables: the runtime code is complete as compiled.
contract DevnetOpGasPriceOracle is IGasPriceOracle, IDevnetOpGasPriceOracle {
    /// @notice The number of decimals of the scalars.
    uint256 public constant DECIMALS = 6;

    /// @notice Fjord's linear regression from FastLZ size to Brotli size: intercept, scaled by
    ///         1e6.
    int256 public constant COST_INTERCEPT = -42_585_600;
    /// @dev -COST_INTERCEPT, for unsigned arithmetic (a test checks the two agree).
    uint256 private constant COST_INTERCEPT_MAGNITUDE = 42_585_600;
    /// @notice Fjord's linear regression: FastLZ coefficient, scaled by 1e6.
    uint256 public constant COST_FASTLZ_COEF = 836_500;
    /// @notice Fjord's lower bound on a transaction's estimated size, in bytes.
    uint256 public constant MIN_TRANSACTION_SIZE = 100;

    /// @notice Default L1 base fee: 20 gwei.
    uint256 public constant DEFAULT_L1_BASE_FEE = 20 gwei;
    /// @notice Default L1 blob base fee: 1 wei (the blob market's floor, where it sits when
    ///         blobs are not scarce).
    uint256 public constant DEFAULT_BLOB_BASE_FEE = 1;
    /// @notice Default base fee scalar, 0.001368 (OP Mainnet's and OP Sepolia's value since
    ///         Ecotone).
    uint32 public constant DEFAULT_BASE_FEE_SCALAR = 1368;
    /// @notice Default blob base fee scalar, 0.810949 (OP Mainnet's and OP Sepolia's value).
    uint32 public constant DEFAULT_BLOB_BASE_FEE_SCALAR = 810_949;

    /// @dev Bits of `_set`: which parameters were set.
    uint8 private constant SET_L1_BASE_FEE = 1;
    uint8 private constant SET_BLOB_BASE_FEE = 2;
    uint8 private constant SET_SCALARS = 4;

    /// @dev Slot 0.
    uint256 private _l1BaseFee;
    /// @dev Slot 1.
    uint256 private _blobBaseFee;
    /// @dev Slot 2: the scalars and the set bits.
    uint32 private _baseFeeScalar;
    uint32 private _blobBaseFeeScalar;
    uint8 private _set;

    /// @inheritdoc IDevnetOpGasPriceOracle
    function setL1BaseFee(uint256 l1BaseFee_) external {
        _l1BaseFee = l1BaseFee_;
        _set |= SET_L1_BASE_FEE;
        emit L1BaseFeeSet({l1BaseFee: l1BaseFee_});
    }

    /// @inheritdoc IDevnetOpGasPriceOracle
    function setBlobBaseFee(uint256 blobBaseFee_) external {
        _blobBaseFee = blobBaseFee_;
        _set |= SET_BLOB_BASE_FEE;
        emit BlobBaseFeeSet({blobBaseFee: blobBaseFee_});
    }

    /// @inheritdoc IDevnetOpGasPriceOracle
    function setScalars(uint32 baseFeeScalar_, uint32 blobBaseFeeScalar_) external {
        _baseFeeScalar = baseFeeScalar_;
        _blobBaseFeeScalar = blobBaseFeeScalar_;
        _set |= SET_SCALARS;
        emit ScalarsSet({baseFeeScalar: baseFeeScalar_, blobBaseFeeScalar: blobBaseFeeScalar_});
    }

    /// @inheritdoc IGasPriceOracle
    function getL1Fee(bytes memory data) external view returns (uint256) {
        return _l1Cost(FastLz.compressedLength(data) + 68);
    }

    /// @inheritdoc IGasPriceOracle
    function getL1FeeUpperBound(uint256 unsignedTxSize) external view returns (uint256) {
        uint256 txSize = unsignedTxSize + 68;
        return _l1Cost(txSize + txSize / 255 + 16);
    }

    /// @inheritdoc IGasPriceOracle
    function getL1GasUsed(bytes memory data) external pure returns (uint256) {
        return _estimatedSizeScaled(FastLz.compressedLength(data) + 68) * 16 / 1e6;
    }

    /// @inheritdoc IGasPriceOracle
    function l1BaseFee() public view returns (uint256) {
        return _set & SET_L1_BASE_FEE != 0 ? _l1BaseFee : DEFAULT_L1_BASE_FEE;
    }

    /// @inheritdoc IGasPriceOracle
    function blobBaseFee() public view returns (uint256) {
        return _set & SET_BLOB_BASE_FEE != 0 ? _blobBaseFee : DEFAULT_BLOB_BASE_FEE;
    }

    /// @inheritdoc IGasPriceOracle
    function baseFeeScalar() public view returns (uint32) {
        return _set & SET_SCALARS != 0 ? _baseFeeScalar : DEFAULT_BASE_FEE_SCALAR;
    }

    /// @inheritdoc IGasPriceOracle
    function blobBaseFeeScalar() public view returns (uint32) {
        return _set & SET_SCALARS != 0 ? _blobBaseFeeScalar : DEFAULT_BLOB_BASE_FEE_SCALAR;
    }

    /// @inheritdoc IGasPriceOracle
    function decimals() external pure returns (uint256) {
        return DECIMALS;
    }

    /// @inheritdoc IGasPriceOracle
    function gasPrice() external view returns (uint256) {
        return block.basefee;
    }

    /// @inheritdoc IGasPriceOracle
    function baseFee() external view returns (uint256) {
        return block.basefee;
    }

    /// @inheritdoc IGasPriceOracle
    function isEcotone() external pure returns (bool) {
        return true;
    }

    /// @inheritdoc IGasPriceOracle
    function isFjord() external pure returns (bool) {
        return true;
    }

    /// @dev Fjord: estimatedSizeScaled * (baseFeeScalar * l1BaseFee * 16
    ///      + blobBaseFeeScalar * blobBaseFee) / 1e12.
    function _l1Cost(uint256 fastLzSize) private view returns (uint256) {
        uint256 feeScaled = uint256(baseFeeScalar()) * 16 * l1BaseFee()
            + uint256(blobBaseFeeScalar()) * blobBaseFee();
        return _estimatedSizeScaled(fastLzSize) * feeScaled / (10 ** (DECIMALS * 2));
    }

    /// @dev max(MIN_TRANSACTION_SIZE * 1e6, COST_INTERCEPT + COST_FASTLZ_COEF * fastLzSize):
    ///      the estimated Brotli-compressed size in bytes, scaled by 1e6.
    function _estimatedSizeScaled(uint256 fastLzSize) private pure returns (uint256) {
        uint256 minimum = MIN_TRANSACTION_SIZE * 1e6;
        uint256 product = COST_FASTLZ_COEF * fastLzSize;
        // COST_INTERCEPT + product, floored at the minimum (which is above 0).
        if (product <= COST_INTERCEPT_MAGNITUDE + minimum) return minimum;
        return product - COST_INTERCEPT_MAGNITUDE;
    }
}
