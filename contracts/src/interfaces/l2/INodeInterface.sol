// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title INodeInterface
/// @notice The part of Arbitrum's NodeInterface (0x00000000000000000000000000000000000000C8)
///         that zkp-ledger calls, with eth_call only, to estimate a transaction's gas including
///         its L1 component (expressed in L2 gas at the current base fee). On real chains the
///         node answers these calls itself; on the local devnet {DevnetArbNodeInterface} does.
interface INodeInterface {
    /// @notice Estimates a transaction to `to` with calldata `data` (or a contract creation
    ///         with init code `data`), from the caller, with msg.value.
    /// @param to The destination (ignored for a creation).
    /// @param contractCreation Whether the transaction creates a contract.
    /// @param data The calldata, or the init code of a creation.
    /// @return gasEstimate The total gas limit to use, L1 component included.
    /// @return gasEstimateForL1 The L1 component, in L2 gas at `baseFee`.
    /// @return baseFee The L2 base fee the components are priced at.
    /// @return l1BaseFeeEstimate The L1 base fee estimate used.
    function gasEstimateComponents(address to, bool contractCreation, bytes calldata data)
        external
        payable
        returns (
            uint64 gasEstimate,
            uint64 gasEstimateForL1,
            uint256 baseFee,
            uint256 l1BaseFeeEstimate
        );

    /// @notice The L1 component alone, without simulating the transaction.
    /// @param to The destination (ignored for a creation).
    /// @param contractCreation Whether the transaction creates a contract.
    /// @param data The calldata, or the init code of a creation.
    /// @return gasEstimateForL1 The L1 component, in L2 gas at `baseFee`.
    /// @return baseFee The L2 base fee the component is priced at.
    /// @return l1BaseFeeEstimate The L1 base fee estimate used.
    function gasEstimateL1Component(address to, bool contractCreation, bytes calldata data)
        external
        payable
        returns (uint64 gasEstimateForL1, uint256 baseFee, uint256 l1BaseFeeEstimate);
}
