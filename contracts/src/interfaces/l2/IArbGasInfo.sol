// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IArbGasInfo
/// @notice The part of Arbitrum's ArbGasInfo precompile
///         (0x000000000000000000000000000000000000006C) that zkp-ledger reads. On real chains
///         this is Arbitrum's precompile; on the local devnet it is {DevnetArbGasInfo}.
interface IArbGasInfo {
    /// @notice The current estimate of the L1 base fee, in wei (what the chain charges per unit
    ///         of L1 calldata gas, before compression).
    /// @return The estimate.
    function getL1BaseFeeEstimate() external view returns (uint256);

    /// @notice Prices in wei.
    /// @return perL2Tx The cost of the L1 data of a minimal transaction (140 bytes).
    /// @return perL1CalldataByte The cost of one byte of L1 calldata: 16 x the L1 estimate.
    /// @return perStorageAllocation The cost of allocating one storage slot (20,000 L2 gas).
    /// @return perArbGasBase The minimum L2 gas price.
    /// @return perArbGasCongestion The L2 gas price above that minimum.
    /// @return perArbGasTotal The L2 gas price: base + congestion.
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
        );

    /// @notice The minimum L2 gas price, in wei: the base fee never goes below it.
    /// @return The price.
    function getMinimumGasPrice() external view returns (uint256);
}
