// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IArbGasInfo} from "../interfaces/l2/IArbGasInfo.sol";
import {INodeInterface} from "../interfaces/l2/INodeInterface.sol";
import {IDevnetArbNodeInterface} from "./IDevnetFeeStandIns.sol";

/// @title DevnetArbNodeInterface
/// @notice FOR THE LOCAL DEVNET AND TESTS ONLY: a stand-in for Arbitrum's NodeInterface,
///         installed at 0x00000000000000000000000000000000000000C8 on the Arbitrum devnet anvil
///         with anvil_setCode, beside {DevnetArbGasInfo} at 0x6C (which it reads; both must be
///         installed).
///
///         `gasEstimateComponents` runs the transaction for real and measures it, in a
///         simulate-and-revert self-call: `this.simulate(...)` calls `to` (or creates the
///         contract), measures the gas, and always reverts, carrying the figure in its revert
///         data ({SimulationResult}); the outer call decodes it. So nothing the simulation did
///         persists, even when this is called in a real transaction rather than eth_call.
///
///             gasEstimateForL1 = ceil(l1BaseFeeEstimate * 16 * (len(data) + 140) / baseFee)
///             gasEstimate      = 21,000 + calldata gas of data (16 per nonzero byte, 4 per
///                                zero byte) + measured execution + gasEstimateForL1
///             baseFee          = max(block.basefee, ArbGasInfo minimum gas price)
///
///         What it simplifies: real Arbitrum prices the L1 component on a Brotli-compressed size
///         estimate of the whole signed transaction; this stand-in takes the raw length of
///         `data` plus 140 bytes for the transaction envelope (nonce, gas fields, signature,
///         ...). The simulated call comes from this contract, not from the eth_call's sender:
///         a contract that checks msg.sender must accept 0xC8 for the estimate to succeed (the
///         devnet makes 0xC8 an authorised submitter of the Arbitrum devnet's LedgerAnchor; it
///         cannot anchor anything, since every simulation reverts). The measurement leaves out
///         gas refunds and the EIP-7623 calldata floor, and a call with value pays CALL's 9,000
///         value surcharge that a transaction does not: estimates err high, never low, in
///         those cases.
/// @dev Installed as runtime bytecode only; it has no storage.
contract DevnetArbNodeInterface is INodeInterface, IDevnetArbNodeInterface {
    /// @notice Where the ArbGasInfo (stand-in) lives.
    IArbGasInfo public constant ARB_GAS_INFO = IArbGasInfo(address(0x6C));

    /// @notice Intrinsic gas of a transaction.
    uint256 public constant TX_BASE_GAS = 21_000;
    /// @notice Bytes added to the calldata for the transaction envelope in the L1 component.
    uint256 public constant ENVELOPE_BYTES = 140;
    /// @notice L1 gas per byte of L1 data.
    uint256 public constant L1_GAS_PER_BYTE = 16;
    /// @notice Cost of the warm account access of the measured CALL, which a transaction to `to`
    ///         does not pay; taken off the measurement.
    uint256 public constant WARM_CALL_GAS = 100;

    /// @inheritdoc INodeInterface
    function gasEstimateComponents(address to, bool contractCreation, bytes calldata data)
        external
        payable
        returns (
            uint64 gasEstimate,
            uint64 gasEstimateForL1,
            uint256 baseFee,
            uint256 l1BaseFeeEstimate
        )
    {
        uint256 executionGas;
        try this.simulate{value: msg.value}(to, contractCreation, data) {
            // simulate never returns normally.
            revert SimulationFailed({revertData: ""});
        } catch (bytes memory reason) {
            executionGas = _decodeSimulation(reason);
        }
        (gasEstimateForL1, baseFee, l1BaseFeeEstimate) = _l1Component(data);
        uint256 total = TX_BASE_GAS + _calldataGas(data) + executionGas + gasEstimateForL1;
        // Gas figures stay far below 2^64.
        // forge-lint: disable-next-line(unsafe-typecast)
        gasEstimate = uint64(total);
    }

    /// @inheritdoc INodeInterface
    function gasEstimateL1Component(address, bool, bytes calldata data)
        external
        payable
        returns (uint64 gasEstimateForL1, uint256 baseFee, uint256 l1BaseFeeEstimate)
    {
        return _l1Component(data);
    }

    /// @inheritdoc IDevnetArbNodeInterface
    function simulate(address to, bool contractCreation, bytes calldata data) external payable {
        bool ok;
        uint256 used;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, data.offset, data.length)
            switch contractCreation
            case 0 {
                // Reading `to`'s code size warms its account before the measurement, as a
                // transaction's destination is warm from the start. (It must steer the control
                // flow: the optimizer drops an unused EXTCODESIZE.) A destination without code
                // runs nothing in a transaction.
                switch extcodesize(to)
                case 0 {
                    ok := 1
                    used := WARM_CALL_GAS
                }
                default {
                    let before := gas()
                    ok := call(gas(), to, callvalue(), ptr, data.length, 0, 0)
                    used := sub(before, gas())
                }
            }
            default {
                let before := gas()
                ok := iszero(iszero(create(callvalue(), ptr, data.length)))
                used := sub(before, gas())
            }
        }
        if (!ok) {
            bytes memory revertData;
            assembly ("memory-safe") {
                revertData := mload(0x40)
                mstore(revertData, returndatasize())
                returndatacopy(add(revertData, 0x20), 0, returndatasize())
                mstore(0x40, add(add(revertData, 0x20), returndatasize()))
            }
            revert SimulationFailed({revertData: revertData});
        }
        revert SimulationResult({gasUsed: contractCreation ? used : used - WARM_CALL_GAS});
    }

    /// @dev The measured gas out of `simulate`'s revert data; a SimulationFailed (or anything
    ///      else, e.g. running out of gas) is passed on as SimulationFailed.
    function _decodeSimulation(bytes memory reason) private pure returns (uint256 gasUsed) {
        bytes4 selector;
        // The first 4 bytes: truncation is the intent.
        // forge-lint: disable-next-line(unsafe-typecast)
        if (reason.length >= 4) selector = bytes4(reason);
        if (selector == SimulationResult.selector && reason.length == 36) {
            assembly ("memory-safe") {
                gasUsed := mload(add(reason, 0x24))
            }
            return gasUsed;
        }
        if (selector == SimulationFailed.selector) {
            assembly ("memory-safe") {
                revert(add(reason, 0x20), mload(reason))
            }
        }
        revert SimulationFailed({revertData: reason});
    }

    /// @dev ceil(l1BaseFeeEstimate * 16 * (len(data) + 140) / baseFee), baseFee and the estimate.
    function _l1Component(bytes calldata data)
        private
        view
        returns (uint64 gasEstimateForL1, uint256 baseFee, uint256 l1BaseFeeEstimate)
    {
        l1BaseFeeEstimate = ARB_GAS_INFO.getL1BaseFeeEstimate();
        uint256 minimum = ARB_GAS_INFO.getMinimumGasPrice();
        baseFee = block.basefee > minimum ? block.basefee : minimum;
        if (baseFee == 0) revert ZeroGasPrice();
        uint256 l1Cost = l1BaseFeeEstimate * L1_GAS_PER_BYTE * (data.length + ENVELOPE_BYTES);
        // Gas figures stay far below 2^64 for any realistic fee.
        // forge-lint: disable-next-line(unsafe-typecast)
        gasEstimateForL1 = uint64((l1Cost + baseFee - 1) / baseFee);
    }

    /// @dev EIP-2028 calldata gas: 16 per nonzero byte, 4 per zero byte.
    function _calldataGas(bytes calldata data) private pure returns (uint256 gas) {
        for (uint256 i; i < data.length; ++i) {
            gas += data[i] == 0 ? 4 : 16;
        }
    }
}
