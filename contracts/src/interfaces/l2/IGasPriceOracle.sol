// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IGasPriceOracle
/// @notice The part of the OP Stack's GasPriceOracle predeploy
///         (0x420000000000000000000000000000000000000F) that zkp-ledger reads to price the L1
///         data fee of a transaction on an OP Stack chain (Fjord and later). On real chains this
///         is Optimism's contract; on the local devnet it is {DevnetOpGasPriceOracle}.
///
///         Fjord's L1 fee of a transaction whose signed RLP encoding is `data`:
///
///             fastlzSize          = len(FastLZ(data)) + 68
///             estimatedSizeScaled = max(100 * 1e6, -42_585_600 + 836_500 * fastlzSize)
///             l1FeeScaled         = baseFeeScalar * l1BaseFee * 16
///                                   + blobBaseFeeScalar * blobBaseFee
///             l1Fee               = estimatedSizeScaled * l1FeeScaled / 1e12
interface IGasPriceOracle {
    /// @notice The L1 data fee, in wei, of a transaction whose unsigned RLP encoding is `data`
    ///         (68 bytes are added for the signature).
    /// @param data The unsigned transaction, RLP-encoded.
    /// @return The fee in wei.
    function getL1Fee(bytes memory data) external view returns (uint256);

    /// @notice An upper bound of `getL1Fee` for an unsigned transaction of `unsignedTxSize`
    ///         bytes, without compressing anything: the FastLZ size is taken as
    ///         txSize + txSize / 255 + 16 with txSize = unsignedTxSize + 68.
    /// @param unsignedTxSize The length of the unsigned RLP-encoded transaction.
    /// @return The fee bound in wei.
    function getL1FeeUpperBound(uint256 unsignedTxSize) external view returns (uint256);

    /// @notice Deprecated by Optimism since Fjord: the L1 gas of `data`, as
    ///         estimatedSizeScaled * 16 / 1e6.
    /// @param data The unsigned transaction, RLP-encoded.
    /// @return The L1 gas.
    function getL1GasUsed(bytes memory data) external view returns (uint256);

    /// @notice The L1 base fee, in wei.
    /// @return The fee.
    function l1BaseFee() external view returns (uint256);

    /// @notice The L1 blob base fee, in wei.
    /// @return The fee.
    function blobBaseFee() external view returns (uint256);

    /// @notice The scalar on the L1 base fee, with `decimals()` decimals.
    /// @return The scalar.
    function baseFeeScalar() external view returns (uint32);

    /// @notice The scalar on the blob base fee, with `decimals()` decimals.
    /// @return The scalar.
    function blobBaseFeeScalar() external view returns (uint32);

    /// @notice The number of decimals of the scalars: 6.
    /// @return 6.
    function decimals() external pure returns (uint256);

    /// @notice The L2 gas price: block.basefee.
    /// @return The price in wei.
    function gasPrice() external view returns (uint256);

    /// @notice The L2 base fee: block.basefee.
    /// @return The fee in wei.
    function baseFee() external view returns (uint256);

    /// @notice Whether the Ecotone fee formula applies.
    /// @return True from Ecotone on.
    function isEcotone() external view returns (bool);

    /// @notice Whether the Fjord fee formula applies.
    /// @return True from Fjord on.
    function isFjord() external view returns (bool);
}
