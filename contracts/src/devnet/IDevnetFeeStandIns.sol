// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IDevnetOpGasPriceOracle
/// @notice Devnet-only controls of {DevnetOpGasPriceOracle}, beside the real GasPriceOracle
///         interface ({IGasPriceOracle}). Anyone may call them: the stand-in exists only on the
///         local devnet and in tests.
interface IDevnetOpGasPriceOracle {
    /// @notice The L1 base fee was set.
    /// @param l1BaseFee The new value, in wei.
    event L1BaseFeeSet(uint256 l1BaseFee);

    /// @notice The blob base fee was set.
    /// @param blobBaseFee The new value, in wei.
    event BlobBaseFeeSet(uint256 blobBaseFee);

    /// @notice The scalars were set.
    /// @param baseFeeScalar The new base fee scalar (6 decimals).
    /// @param blobBaseFeeScalar The new blob base fee scalar (6 decimals).
    event ScalarsSet(uint32 baseFeeScalar, uint32 blobBaseFeeScalar);

    /// @notice Sets the L1 base fee (0 allowed). Emits {L1BaseFeeSet}.
    /// @param l1BaseFee The value, in wei.
    function setL1BaseFee(uint256 l1BaseFee) external;

    /// @notice Sets the blob base fee (0 allowed). Emits {BlobBaseFeeSet}.
    /// @param blobBaseFee The value, in wei.
    function setBlobBaseFee(uint256 blobBaseFee) external;

    /// @notice Sets both scalars (0 allowed). Emits {ScalarsSet}.
    /// @param baseFeeScalar The base fee scalar (6 decimals).
    /// @param blobBaseFeeScalar The blob base fee scalar (6 decimals).
    function setScalars(uint32 baseFeeScalar, uint32 blobBaseFeeScalar) external;
}

/// @title IDevnetArbGasInfo
/// @notice Devnet-only controls of {DevnetArbGasInfo}, beside the real ArbGasInfo interface
///         ({IArbGasInfo}). Anyone may call them: the stand-in exists only on the local devnet
///         and in tests.
interface IDevnetArbGasInfo {
    /// @notice The L1 base fee estimate was set.
    /// @param l1BaseFeeEstimate The new value, in wei.
    event L1BaseFeeEstimateSet(uint256 l1BaseFeeEstimate);

    /// @notice The minimum L2 gas price was set.
    /// @param minimumGasPrice The new value, in wei.
    event MinimumGasPriceSet(uint256 minimumGasPrice);

    /// @notice Sets the L1 base fee estimate (0 allowed). Emits {L1BaseFeeEstimateSet}.
    /// @param l1BaseFeeEstimate The value, in wei.
    function setL1BaseFeeEstimate(uint256 l1BaseFeeEstimate) external;

    /// @notice Sets the minimum L2 gas price (0 allowed). Emits {MinimumGasPriceSet}.
    /// @param minimumGasPrice The value, in wei.
    function setMinimumGasPrice(uint256 minimumGasPrice) external;
}

/// @title IDevnetArbNodeInterface
/// @notice Errors of {DevnetArbNodeInterface}, beside the real NodeInterface interface
///         ({INodeInterface}).
interface IDevnetArbNodeInterface {
    /// @notice Fires when the simulated transaction reverts (or a simulated creation fails).
    /// @param revertData The simulated call's revert data, unchanged.
    error SimulationFailed(bytes revertData);

    /// @notice Not an error: how `simulate` hands the measured gas to its caller, always by
    ///         reverting, so that nothing the simulation did persists.
    /// @param gasUsed The execution gas the simulated call used.
    error SimulationResult(uint256 gasUsed);

    /// @notice Fires when the L2 price is zero (block.basefee and the ArbGasInfo stand-in's
    ///         minimum gas price both zero), so the L1 component cannot be expressed in L2 gas.
    error ZeroGasPrice();

    /// @notice Runs the transaction and reverts with {SimulationResult} (its execution gas) or
    ///         {SimulationFailed}; never returns. Called by the stand-in on itself; harmless for
    ///         anyone else to call, since it always reverts.
    /// @param to The destination (ignored for a creation).
    /// @param contractCreation Whether to create a contract with init code `data`.
    /// @param data The calldata or init code.
    function simulate(address to, bool contractCreation, bytes calldata data) external payable;
}
